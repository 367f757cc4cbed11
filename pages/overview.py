"""总览: every target as of the chosen date, progress by county and workstream, the five most urgent items."""

import streamlit as st

from hexie import charts, metrics, ui
from hexie.geo import COUNTY_NAMES

ctx = ui.page_context()
counties = (ctx.county,) if ctx.county else COUNTY_NAMES
inputs = metrics.TargetInputs.read(ctx.query, ctx.as_of, ctx.county)
cards = metrics.target_cards(ctx.plan, inputs, ctx.as_of)
reports = ctx.query("progress_reports", ctx.as_of)
status = metrics.county_workstream_status(ctx.plan, reports, ctx.as_of, counties)
coverage = metrics.coverage_by_county(inputs.coordinators, inputs.enterprise_base, counties)
coverage_target = ctx.plan.target("coordinator.large_medium_coverage")
risks = metrics.risk_table(ctx.query("key_enterprises", ctx.as_of, ctx.county))
urgent = metrics.urgent_items(
    metrics.overdue_milestones(ctx.plan, reports, ctx.as_of, counties), coverage,
    metrics.expected_by(coverage_target, coverage_target.value, ctx.as_of), risks,
)

st.markdown(f"#### 总览 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日} · 最紧急的五件事")
left, right = st.columns([5, 2], gap="small")
with left:
    st.html(charts.urgent_list_html(urgent))
    st.html(charts.target_cards_html(cards))
    st.caption("绿：已达标或不慢于从计划起点到截止日期的直线进度；橙：达到直线进度的80%以上；红：落后或到期未达标。"
               "逐年目标显示所选日期所在年度的一项；比率类目标（成功率、达标率、反馈率）直接与目标比较。")
with right:
    heatmap = charts.county_progress_heatmap(status, [w.short for w in ctx.plan.workstreams if w.short in set(status["short"])])
    ui.show_chart(heatmap, key="overview_heatmap")

targets = metrics.all_targets_table(ctx.plan, inputs, ctx.as_of)
ui.excel_download(targets, f"全部目标完成情况-{ctx.as_of:%Y%m%d}.xlsx", key="overview_targets_xlsx", label="下载全部目标明细（Excel）")
