"""调解组织: success rates against 65%, gold organisations by batch, the nine types, 六规范五上墙."""

import streamlit as st

from hexie import charts, metrics, ui

ctx = ui.page_context()
by_org_year = ctx.query("mediation_by_org_year", ctx.as_of, ctx.county)
org_summary = ctx.query("mediation_org_summary", ctx.as_of, ctx.county)
bar = metrics.MEDIATION_BAR
year = metrics.report_year(ctx.plan, ctx.as_of)

st.markdown(f"#### 调解组织 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
meeting, total, share = metrics.six_five_share(org_summary)
yearly = metrics.success_by_year(by_org_year)
rate = metrics.success_rate_in(yearly, year)
cols = st.columns(4)
cols[0].metric(f"{year}年调解成功率", "—" if rate is None else f"{rate:.1%}", help="调解成功数 ÷ 受理案件数")
cols[1].metric("调解组织", f"{total} 个")
cols[2].metric("达到“六规范五上墙”", "—" if share is None else f"{share:.0%}", help=f"{meeting} / {total} 个组织")
cols[3].metric("金牌调解组织", f"{int(org_summary['gold'].sum())} 家", help="目标：分三批共10家")

left, right = st.columns(2, gap="medium")
with left:
    current = metrics.county_success_in_year(by_org_year, year)
    rates = list(current["rate"])
    chart = charts.bar_chart(
        list(current["county"]), rates, f"{year}年各县调解成功率", "县（市、区）", "调解成功率",
        "调解成功率 = 本年调解成功案件数 ÷ 受理案件数（调解工作统计台账，按县汇总）。", horizontal=True, percent=True,
        target=bar, target_label="65%", colors=charts.status_colors(rates, bar), height=620,
    )
    ui.show_chart(chart, key="mediation_county")
with right:
    monthly = metrics.success_by_month(ctx.query("mediation_by_month", ctx.as_of, ctx.county))
    trend = charts.rate_trend(monthly, bar)
    ui.show_chart(trend, key="mediation_trend")
    rates = list(yearly["rate"])
    chart = charts.bar_chart(
        [f"{y}年" for y in yearly["year"]], rates, "各年度调解成功率", "年度", "调解成功率",
        "各年度调解成功案件数 ÷ 受理案件数。", percent=True, target=bar, target_label="65%",
        colors=charts.status_colors(rates, bar), height=300,
    )
    ui.show_chart(chart, key="mediation_yearly")

left, right = st.columns(2, gap="medium")
with left:
    batches = metrics.gold_mediation_by_batch(org_summary, ctx.plan)
    chart = charts.bar_chart(
        [f"{b}（{d:%Y-%m}前）" for b, d in zip(batches["batch"], batches["deadline"])], list(batches["gold"]),
        "金牌调解组织（按批次）", "批次", "金牌调解组织（家）",
        f"调解组织台账最近一期中标为金牌的组织按批次计数；每批3家以上，三批共10家（已选树{int(batches['gold'].sum())}家）。",
        target=3, target_label="每批 3家", colors=charts.status_colors(list(batches["gold"]), 3), height=380,
    )
    ui.show_chart(chart, key="mediation_gold")
with right:
    types = metrics.orgs_by_type(org_summary)
    chart = charts.bar_chart(
        list(types["org_type"]), list(types["orgs"]), "调解组织类型（实施方案所列九类）", "组织类型", "组织（个）",
        "调解组织台账最近一期按组织类型计数。", horizontal=True, height=380,
    )
    ui.show_chart(chart, key="mediation_types")

st.markdown(f"##### {year}年调解成功率低于65%的调解组织")
below = metrics.orgs_below_bar(by_org_year, year).rename(columns={
    "org_name": "调解组织", "county": "县（市、区）", "year": "年度", "accepted": "受理（件）", "settled": "调解成功（件）",
    "rate": "成功率"})
st.dataframe(below, hide_index=True, width="stretch", key="mediation_below",
             column_config={"成功率": st.column_config.NumberColumn(format="percent")})
ui.excel_download(below, f"调解成功率低于65%的组织-{year}.xlsx", key="mediation_below_xlsx")
