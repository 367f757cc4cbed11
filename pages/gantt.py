"""进度甘特图: every milestone of the plan and its status as of the chosen date."""

import streamlit as st

from hexie import ui, views
from hexie.progress import STATUS_LABELS

ctx = ui.page_context()
view = ctx.shared(views.gantt)

st.subheader(f"进度甘特图 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
for column, (status, n) in zip(st.columns(4), view.counts.items()):
    column.metric(STATUS_LABELS[status], f"{n} 项")

ui.show_chart(view.chart, key="gantt_chart")

st.markdown("#### 未按时完成的节点")
ui.table(view.lagging, width="stretch", key="gantt_lagging")
ui.excel_download(view.lagging, "未按时完成的节点.xlsx", key="gantt_lagging_xlsx")
