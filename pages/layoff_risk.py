"""裁员风险: every key enterprise with its risk level and the reasons behind it."""

import streamlit as st

from hexie import charts, metrics, ui
from hexie.geo import COUNTY_NAMES

ctx = ui.page_context()
risks = metrics.risk_table(ctx.query("key_enterprises", ctx.as_of, ctx.county))

st.markdown(f"#### 重点企业裁员风险 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
cols = st.columns(4)
for col, level in zip(cols, (metrics.HIGH, metrics.MEDIUM, metrics.LOW)):
    col.metric(f"{level}风险企业", f"{int((risks['level'] == level).sum())} 户")
cols[3].metric("重点企业", f"{len(risks)} 户")

left, right = st.columns([2, 3], gap="medium")
with left:
    by_county = metrics.risk_by_county(risks, (ctx.county,) if ctx.county else COUNTY_NAMES)
    chart = charts.risk_by_county_bar(by_county)
    ui.show_chart(chart, key="risk_county")
with right:
    st.markdown("##### 风险判定规则")
    st.markdown("\n".join(f"- {rule}" for rule in metrics.RISK_RULES_TEXT))

st.markdown("##### 重点企业清单（按风险排序）")
table = risks[list(metrics.RISK_TABLE_HEADINGS)].rename(columns=metrics.RISK_TABLE_HEADINGS)
st.dataframe(table, hide_index=True, width="stretch", key="risk_table")
ui.excel_download(table, f"重点企业裁员风险-{ctx.as_of:%Y%m%d}.xlsx", key="risk_xlsx")
