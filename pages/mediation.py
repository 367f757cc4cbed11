"""调解组织: each organisation's yearly success rate against the plan's bar, gold organisations by batch, the nine types."""

import streamlit as st

from hexie import charts, metrics, targets, ui

ctx = ui.page_context()
by_org_year = ctx.query("mediation_by_org_year", ctx.as_of, ctx.county)
org_summary = ctx.query("mediation_org_summary", ctx.as_of, ctx.county)
selections = ctx.query("mediation_org_selections", ctx.as_of, ctx.county)
year = metrics.report_year(ctx.plan, ctx.as_of)
rate_target = metrics.target_in_year(ctx.plan, "mediation_success_rate", year)
bar = None if rate_target is None else rate_target.value
bar_label = "" if bar is None else f"{bar:.0%}"

st.markdown(f"#### 调解组织 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(charts.target_cards_html(targets.workstream_cards(ctx.plan, ctx.query, ctx.as_of, ctx.county, "mediation")))
meeting, total, share = metrics.six_five_share(org_summary)
cols = st.columns(3)
cols[0].metric("调解组织", f"{total} 个")
cols[1].metric("达到“六规范五上墙”", "—" if share is None else f"{share:.0%}", help=f"{meeting} / {total} 个组织")
cols[2].metric("金牌调解组织（累计选树）", f"{int(selections['gold_batch'].notna().sum())} 家")

if bar is not None:
    st.markdown(f"##### {year}年调解成功率低于{bar_label}的调解组织（目标按每个组织的年度成功率计）")
    below = metrics.orgs_below_bar(by_org_year, year, bar).rename(columns={
        "org_name": "调解组织", "county": "县（市、区）", "year": "年度", "accepted": "受理（件）", "settled": "调解成功（件）",
        "rate": "成功率"})
    st.dataframe(below, hide_index=True, width="stretch", key="mediation_below", height=260,
                 column_config={"成功率": st.column_config.NumberColumn(format="percent")})
    ui.excel_download(below, f"调解成功率低于{bar_label}的组织-{year}.xlsx", key="mediation_below_xlsx")

left, right = st.columns(2, gap="medium")
with left:
    current = metrics.county_success_in_year(by_org_year, year)
    rates = list(current["rate"])
    chart = charts.bar_chart(
        list(current["county"]), rates, f"{year}年各县调解成功率（合计，仅供参考）", "县（市、区）", "调解成功率",
        "各县本年调解成功案件数 ÷ 受理案件数的合计；目标按每个组织计，见上表。", horizontal=True, percent=True,
        target=bar, target_label=bar_label, colors=charts.status_colors(rates, bar), height=620,
    )
    ui.show_chart(chart, key="mediation_county")
with right:
    monthly = metrics.success_by_month(ctx.query("mediation_by_month", ctx.as_of, ctx.county))
    trend = charts.rate_trend(monthly, bar)
    ui.show_chart(trend, key="mediation_trend")
    batches = metrics.gold_mediation_by_batch(selections, ctx.plan)
    batch_goal = batches["target"].iloc[0] if batches["target"].nunique() == 1 else None
    chart = charts.bar_chart(
        [f"{b}（{d:%Y-%m-%d}前）" for b, d in zip(batches["batch"], batches["deadline"])], list(batches["gold"]),
        "金牌调解组织（按批次）", "批次", "金牌调解组织（家）",
        "按选树事件计：组织计入台账首次记载其为金牌的那一批，之后的台账不再列出也不扣除。",
        target=batch_goal, target_label="" if batch_goal is None else f"每批 {batch_goal:g}家",
        colors=[charts.GOOD if g >= t else charts.BAD for g, t in zip(batches["gold"], batches["target"])], height=300,
    )
    ui.show_chart(chart, key="mediation_gold")

st.markdown("##### 调解员台账：各调解组织的调解员")
per_org = metrics.mediators_per_org(ctx.query("mediation_org_names", ctx.as_of, ctx.county),
                                    ctx.query("mediators_by_org", ctx.as_of, ctx.county))
no_full_time = metrics.orgs_without_full_time(per_org)
cols = st.columns(4)
cols[0].metric("调解员", f"{int(per_org['mediators'].sum())} 人")
cols[1].metric("专职 / 兼职", f"{int(per_org['full_time'].sum())} / {int(per_org['part_time'].sum())} 人")
cols[2].metric("已参加培训", f"{int(per_org['trained'].sum())} 人")
cols[3].metric("没有专职调解员的组织", f"{len(no_full_time)} 个")
if len(no_full_time):
    st.text("没有专职调解员：" + "、".join(f"{r.org_name}（{r.county}）" for r in no_full_time.itertuples()))
table = per_org.rename(columns=metrics.MEDIATOR_HEADINGS)
st.dataframe(table, hide_index=True, width="stretch", key="mediation_mediators", height=280)
ui.excel_download(table, f"各调解组织调解员-{ctx.as_of:%Y%m%d}.xlsx", key="mediation_mediators_xlsx")

types = metrics.orgs_by_type(org_summary)
chart = charts.bar_chart(
    list(types["org_type"]), list(types["orgs"]), "调解组织类型（实施方案所列九类）", "组织类型", "组织（个）",
    "调解组织台账最近一期按组织类型计数。", horizontal=True, height=380,
)
ui.show_chart(chart, key="mediation_types")
