"""进度甘特图: every milestone of the plan and its status as of the chosen date."""

import streamlit as st

from hexie import charts, ui
from hexie.progress import LAGGING, STATUS_LABELS, milestone_status, status_counts, status_table

ctx = ui.page_context()
reports = ctx.query("progress_reports", ctx.as_of)
statuses = milestone_status(ctx.plan, reports, ctx.as_of, ctx.county)

st.subheader(f"进度甘特图 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
for column, (status, n) in zip(st.columns(4), status_counts(statuses).items()):
    column.metric(STATUS_LABELS[status], f"{n} 项")

ui.show_chart(charts.gantt(ctx.plan, statuses, ctx.as_of, ctx.county_label), key="gantt_chart")

st.markdown("#### 未按时完成的节点")
lagging = status_table(statuses, only=LAGGING)
st.dataframe(lagging, hide_index=True, width="stretch", key="gantt_lagging")
ui.excel_download(lagging, "未按时完成的节点.xlsx", key="gantt_lagging_xlsx")
