"""薪酬指引: feedback and individualised service shares per survey year, skills guidance and demonstration enterprises."""

import streamlit as st

from hexie import charts, metrics, ui

ctx = ui.page_context()
by_year = metrics.wage_by_year(ctx.query("wage_summary", ctx.as_of, ctx.county), ctx.plan)

st.markdown(f"#### 企业薪酬指引 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("wage"))

chart = charts.wage_shares_bar(by_year)
ui.show_chart(chart, key="wage_shares")

table = by_year.rename(columns={"year": "调查年度", "surveyed": "被调查企业（户）", "feedback_share": "数据反馈比例",
                                "feedback_target": "反馈目标", "individual_share": "个性化服务比例", "individual_target": "个性化服务目标"})
percent = st.column_config.NumberColumn(format="percent")
st.dataframe(table, hide_index=True, width="stretch", key="wage_table",
             column_config={c: percent for c in ("数据反馈比例", "反馈目标", "个性化服务比例", "个性化服务目标")})
ui.excel_download(table, f"薪酬调查反馈-{ctx.as_of:%Y%m%d}.xlsx", key="wage_xlsx")
