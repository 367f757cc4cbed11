"""薪酬指引: feedback and individualised service shares per survey year, skills guidance and demonstration enterprises."""

import streamlit as st

from hexie import ui, views

ctx = ui.page_context()
view = ctx.shared(views.wage)

st.markdown(f"#### 企业薪酬指引 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("wage"))
ui.show_chart(view.shares, key="wage_shares")

percent = st.column_config.NumberColumn(format="percent")
ui.table(view.table, width="stretch", key="wage_table",
             column_config={c: percent for c in ("数据反馈比例", "反馈目标", "个性化服务比例", "个性化服务目标")})
ui.excel_download(view.table, f"薪酬调查反馈-{ctx.as_of:%Y%m%d}.xlsx", key="wage_xlsx")
