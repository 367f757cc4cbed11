"""裁员风险: every key enterprise with its risk level and the reasons behind it."""

import streamlit as st

from hexie import metrics, ui, views

ctx = ui.page_context()
view = ctx.shared(views.layoff_risk)

st.markdown(f"#### 重点企业裁员风险 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
cols = st.columns(4)
for col, (level, n) in zip(cols, view.by_level.items()):
    col.metric(f"{level}风险企业", f"{n} 户")
cols[3].metric("重点企业", f"{view.enterprises} 户")

left, right = st.columns([2, 3], gap="medium")
with left:
    if view.by_county is None:
        st.success(f"{ctx.county_label}截至所选日期没有中、高风险的重点企业。", icon=":material/task_alt:")
    else:
        ui.show_chart(view.by_county, key="risk_county")
with right:
    st.markdown("##### 风险判定规则")
    st.markdown("\n".join(f"- {rule}" for rule in metrics.RISK_RULES_TEXT))

st.markdown("##### 重点企业清单（按风险排序）")
ui.table(view.table, width="stretch", key="risk_table")
ui.excel_download(view.table, f"重点企业裁员风险-{ctx.as_of:%Y%m%d}.xlsx", key="risk_xlsx")
