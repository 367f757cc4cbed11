"""社会组织: organisations by county and industry, demonstration points against 5, gold against 1."""

import streamlit as st

from hexie import ui, views

ctx = ui.page_context()
view = ctx.shared(views.social_org)

st.markdown(f"#### 协调劳动关系社会组织 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("social_org"))
st.caption("示范点和金牌社会组织按选树事件计：一经某期台账记载即计入，之后的台账不再列出也不扣除；撤回记载它的那次上传才会去掉。")

left, right = st.columns(2, gap="medium")
with left:
    ui.show_chart(view.by_county, key="social_county")
with right:
    ui.show_chart(view.by_industry, key="social_industry")

ui.table(view.table, width="stretch", key="social_table")
ui.excel_download(view.table, f"社会组织-{ctx.as_of:%Y%m%d}.xlsx", key="social_xlsx")
