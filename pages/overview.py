"""总览: every target as of the chosen date, progress by county and workstream, the five most urgent items."""

import streamlit as st

from hexie import ui, views

ctx = ui.page_context()
view = ctx.shared(views.overview)

st.markdown(f"#### 总览 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日} · 最紧急的五件事")
left, right = st.columns([5, 2], gap="small")
with left:
    st.html(view.urgent_html)
    st.html(view.cards_html)
    st.caption("绿：已达标或不慢于从计划起点到截止日期的直线进度；橙：达到直线进度的80%以上；红：落后或到期未达标。"
               "逐年目标显示所选日期所在年度的一项；比率类目标（成功率、达标率、反馈率）直接与目标比较。")
with right:
    ui.show_chart(view.heatmap, key="overview_heatmap")

ui.excel_download(view.targets, f"全部目标完成情况-{ctx.as_of:%Y%m%d}.xlsx", key="overview_targets_xlsx",
                  label="下载全部目标明细（Excel）")
