"""新企服务: newly registered enterprises served against the plan's target, by county and method, the yearly training,
and the enterprises not counted with the reason."""

import streamlit as st

from hexie import ui, views

ctx = ui.page_context()
view = ctx.shared(views.new_enterprise)

st.markdown(f"#### 服务千户新企用工 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("new_enterprise"))
if view.cumulative is not None:
    ui.show_chart(view.cumulative, key="new_cumulative")

left, right = st.columns(2, gap="medium")
with left:
    ui.show_chart(view.by_county, key="new_county")
with right:
    ui.show_chart(view.by_method, key="new_method")
    if view.training_table is not None:
        st.markdown("##### 未举办年度“依法用工”培训班的县（只看18个县（市、区），功能区不能代替）")
        st.text(view.training_missing or "各县每年都已举办。")
        ui.table(view.training_table, width="stretch", key="new_training", height=300)
        ui.excel_download(view.training_table, f"依法用工培训班-{ctx.as_of:%Y%m%d}.xlsx", key="new_training_xlsx")

st.markdown(f"##### 不计入的企业（{len(view.not_counted)} 户）")
ui.table(view.not_counted, width="stretch", key="new_not_counted", height=240)
ui.excel_download(view.not_counted, f"不计入的新企服务-{ctx.as_of:%Y%m%d}.xlsx", key="new_not_counted_xlsx")
