"""总览: every target as of the chosen date, progress by county and workstream, the five most urgent items."""

import streamlit as st

from hexie import targets, ui, views

ctx = ui.page_context()
view = ctx.shared(views.overview)

st.markdown(f"#### 总览 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日} · 最紧急的五件事")
left, right = st.columns([5, 2], gap="small")
with left:
    st.html(view.urgent_html)
    st.html(view.cards_html)
    st.caption(targets.LEGEND + (f" 选定县时，只约束各县、各组织的目标按{ctx.county}计，全市目标仍按全市数据。" if ctx.county else ""))
with right:
    ui.show_chart(view.heatmap, key="overview_heatmap")

ui.excel_download(view.targets, f"全部目标完成情况-{ctx.as_of:%Y%m%d}.xlsx", key="overview_targets_xlsx",
                  label="下载全部目标明细（Excel）")
ui.briefing_download(ctx)
