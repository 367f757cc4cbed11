"""和谐企业: enterprises cultivated per year against at least 4, by recommending body, share reaching the standard."""

import streamlit as st

from hexie import charts, metrics, ui

ctx = ui.page_context()
summary = ctx.query("harmonious_summary", ctx.as_of, ctx.county)
years = metrics.plan_years(ctx.plan, ctx.as_of, first=2021)
by_year = metrics.harmonious_by_year(summary, years)

st.markdown(f"#### 劳动关系和谐企业培育 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
left, middle, right = st.columns(3, gap="medium")
with left:
    chart = charts.bar_chart(
        [f"{y}年" for y in by_year["year"]], list(by_year["enterprises"]), "每年培育企业", "年度", "培育企业（户）",
        "和谐企业培育台账按培育年度计数（企业名称去重）；目标为每年4户以上。", target=4, target_label="目标 4户",
        colors=charts.status_colors(list(by_year["enterprises"]), 4), height=420,
    )
    ui.show_chart(chart, key="harmonious_years")
with middle:
    shares = list(by_year["share"])
    chart = charts.bar_chart(
        [f"{y}年" for y in by_year["year"]], shares, "达到和谐企业标准的比例", "年度", "达标比例",
        "达标比例 = 达到标准的企业 ÷ 已评估的企业（未评估的年度显示为“—”）；目标为80%以上。", percent=True,
        target=0.8, target_label="目标 80%", colors=charts.status_colors(shares, 0.8), height=420,
    )
    ui.show_chart(chart, key="harmonious_share")
with right:
    bodies = metrics.harmonious_by_body(summary, years)
    chart = charts.body_by_year_bar(bodies, years)
    ui.show_chart(chart, key="harmonious_bodies")

table = by_year.rename(columns={"year": "年度", "enterprises": "培育企业（户）", "assessed": "已评估（户）",
                                "reached": "达标（户）", "share": "达标比例"})
st.dataframe(table, hide_index=True, width="stretch", key="harmonious_table",
             column_config={"达标比例": st.column_config.NumberColumn(format="percent")})
ui.excel_download(table, f"和谐企业培育-{ctx.as_of:%Y%m%d}.xlsx", key="harmonious_xlsx")
