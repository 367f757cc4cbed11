"""和谐企业: enterprises cultivated per year against at least 4, by recommending body, share reaching the standard."""

import streamlit as st

from hexie import charts, metrics, ui

ctx = ui.page_context()
summary = ctx.query("harmonious_summary", ctx.as_of, ctx.county)
years = metrics.plan_years(ctx.plan, ctx.as_of, "harmonious_cultivated")
by_year = metrics.harmonious_by_year(summary, years)
cultivated = [metrics.target_in_year(ctx.plan, "harmonious_cultivated", y) for y in years]
standard = [metrics.target_in_year(ctx.plan, "harmonious_standard_share", y) for y in years]
cultivated_goal = cultivated[-1].value if years and cultivated[-1] else None
standard_goal = standard[-1].value if years and standard[-1] else None

st.markdown(f"#### 劳动关系和谐企业培育 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("harmonious"))
left, middle, right = st.columns(3, gap="medium")
with left:
    chart = charts.bar_chart(
        [f"{y}年" for y in by_year["year"]], list(by_year["enterprises"]), "每年培育企业", "年度", "培育企业（户）",
        "和谐企业培育台账按培育年度计数（企业名称去重）；每年的目标和遴选截止日期见上方目标卡。",
        target=cultivated_goal, target_label="" if cultivated_goal is None else f"目标 {cultivated_goal:g}户",
        colors=charts.status_colors(list(by_year["enterprises"]), cultivated_goal), height=420,
    )
    ui.show_chart(chart, key="harmonious_years")
with middle:
    shares = list(by_year["share"])
    chart = charts.bar_chart(
        [f"{y}年" for y in by_year["year"]], shares, "达到和谐企业标准的比例", "年度", "达标比例",
        "达标比例 = 达到标准的企业 ÷ 已评估（填“是”或“否”）的企业；未评估、未填的企业不计入（全未评估的年度显示为“—”）。",
        percent=True,
        target=standard_goal, target_label="" if standard_goal is None else f"目标 {standard_goal:.0%}",
        colors=charts.status_colors(shares, standard_goal), height=420,
    )
    ui.show_chart(chart, key="harmonious_share")
with right:
    bodies = metrics.harmonious_by_body(summary, years, ctx.plan.units.shorts)
    recommended = metrics.target_in_year(ctx.plan, "harmonious_recommended", years[-1]) if years else None
    chart = charts.body_by_year_bar(bodies, years, None if recommended is None else recommended.value)
    ui.show_chart(chart, key="harmonious_bodies")

unanswered = metrics.harmonious_unanswered(by_year)
if unanswered:
    st.caption(unanswered)
table = by_year.rename(columns={"year": "年度", "enterprises": "培育企业（户）", "assessed": "已评估（户）",
                                "reached": "达标（户）", "pending": "未评估（户）", "unfilled": "未填（户）",
                                "share": "达标比例"})
st.dataframe(table, hide_index=True, width="stretch", key="harmonious_table",
             column_config={"达标比例": st.column_config.NumberColumn(format="percent")})
ui.excel_download(table, f"和谐企业培育-{ctx.as_of:%Y%m%d}.xlsx", key="harmonious_xlsx")
