"""总览: every target as of the chosen date, progress by county and workstream, the five most urgent items."""

import streamlit as st

from hexie import charts, metrics, targets, ui
from hexie.geo import COUNTY_NAMES

ctx = ui.page_context()
counties = (ctx.county,) if ctx.county else COUNTY_NAMES
results = targets.evaluate(ctx.plan, ctx.query, ctx.as_of, ctx.county)
reports = ctx.query("progress_reports", ctx.as_of)
status = metrics.county_workstream_status(ctx.plan, reports, ctx.as_of, counties)
coverage = metrics.coverage_by_county(ctx.query("coordinator_summary", ctx.as_of, ctx.county),
                                      ctx.query("enterprise_base", ctx.as_of, ctx.county), counties)
risks = metrics.risk_table(ctx.query("key_enterprises", ctx.as_of, ctx.county))
urgent = metrics.urgent_items(
    metrics.overdue_milestones(ctx.plan, reports, ctx.as_of, counties), coverage,
    targets.coverage_goal(ctx.plan, ctx.as_of), risks,
)

st.markdown(f"#### 总览 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日} · 最紧急的五件事")
left, right = st.columns([5, 2], gap="small")
with left:
    st.html(charts.urgent_list_html(urgent))
    st.html(charts.target_cards_html(targets.current(ctx.plan, results, ctx.as_of)))
    st.caption(targets.LEGEND + (f" 选定县时，只约束各县、各组织的目标按{ctx.county}计，全市目标仍按全市数据。" if ctx.county else ""))
with right:
    heatmap = charts.county_progress_heatmap(status, [w.short for w in ctx.plan.workstreams if w.short in set(status["short"])])
    ui.show_chart(heatmap, key="overview_heatmap")

ui.excel_download(targets.results_table(results), f"全部目标完成情况-{ctx.as_of:%Y%m%d}.xlsx", key="overview_targets_xlsx",
                  label="下载全部目标明细（Excel）")
