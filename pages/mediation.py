"""调解组织: each organisation's yearly success rate against the plan's bar, gold organisations by batch, the nine types."""

import streamlit as st

from hexie import ui, views

ctx = ui.page_context()
view = ctx.shared(views.mediation)

st.markdown(f"#### 调解组织 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("mediation"))
cols = st.columns(3)
cols[0].metric("调解组织", f"{view.org_count} 个")
cols[1].metric("达到“六规范五上墙”", "—" if view.six_five_share is None else f"{view.six_five_share:.0%}",
               help=f"{view.six_five_meeting} / {view.org_count} 个组织")
cols[2].metric("金牌调解组织（累计选树）", f"{view.gold_orgs} 家")

if view.below_bar is not None:
    st.markdown(f"##### {view.year}年调解成功率低于{view.bar_label}的调解组织（目标按每个组织的年度成功率计）")
    ui.table(view.below_bar, width="stretch", key="mediation_below", height=260,
                 column_config={"成功率": st.column_config.NumberColumn(format="percent")})
    ui.excel_download(view.below_bar, f"调解成功率低于{view.bar_label}的组织-{view.year}.xlsx", key="mediation_below_xlsx")

left, right = st.columns(2, gap="medium")
with left:
    ui.show_chart(view.county_rates, key="mediation_county")
with right:
    ui.show_chart(view.trend, key="mediation_trend")
    ui.show_chart(view.gold_by_batch, key="mediation_gold")

st.markdown("##### 调解员台账：各调解组织的调解员")
cols = st.columns(4)
cols[0].metric("调解员", f"{view.mediators} 人")
cols[1].metric("专职 / 兼职", f"{view.full_time} / {view.part_time} 人")
cols[2].metric("已参加培训", f"{view.trained} 人")
cols[3].metric("没有专职调解员的组织", f"{view.without_full_time_count} 个")
if view.without_full_time:
    st.text("没有专职调解员：" + view.without_full_time)
ui.table(view.mediators_table, width="stretch", key="mediation_mediators", height=280)
ui.excel_download(view.mediators_table, f"各调解组织调解员-{ctx.as_of:%Y%m%d}.xlsx", key="mediation_mediators_xlsx")

ui.show_chart(view.types, key="mediation_types")
