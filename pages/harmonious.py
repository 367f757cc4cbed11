"""和谐企业: enterprises cultivated per year against at least 4, by recommending body, share reaching the standard."""

import streamlit as st

from hexie import ui, views

ctx = ui.page_context()
view = ctx.shared(views.harmonious)

st.markdown(f"#### 劳动关系和谐企业培育 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("harmonious"))
left, middle, right = st.columns(3, gap="medium")
with left:
    ui.show_chart(view.by_year, key="harmonious_years")
with middle:
    ui.show_chart(view.shares, key="harmonious_share")
with right:
    ui.show_chart(view.by_body, key="harmonious_bodies")

if view.unanswered:
    st.caption(view.unanswered)
ui.table(view.table, width="stretch", key="harmonious_table",
             column_config={"达标比例": st.column_config.NumberColumn(format="percent")})
ui.excel_download(view.table, f"和谐企业培育-{ctx.as_of:%Y%m%d}.xlsx", key="harmonious_xlsx")
