"""协调员覆盖: coordinator coverage by county on a map, ranked, and gold coordinators per year."""

import streamlit as st

from hexie import charts, ui, views

ctx = ui.page_context()
view = ctx.shared(views.coverage)

st.markdown(f"#### 协调员覆盖 · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("coordinator"))
if view.problems:
    st.warning("数据有误，覆盖率不予计算（不计入全市比例）：" + view.problems, icon=":material/report:")
metric = "coverage" if ui.presenting() else st.radio(
    "地图指标", list(charts.MAP_METRICS), format_func=lambda m: charts.MAP_METRICS[m][0], horizontal=True, key="coverage_metric",
)
map_chart, legend = view.maps[metric]
left, right = st.columns([3, 2], gap="medium")
with left:
    st.pydeck_chart(map_chart.figure, height=620, key="coverage_map")
    st.html(charts.legend_html(legend))
    st.caption(map_chart.note)
with right:
    ui.show_chart(view.rankings[metric], key="coverage_rank")
    if ctx.county:
        st.info(f"地图和排名显示全市各县；{ctx.county}的数字见表格和悬停提示。")

ui.show_chart(view.gold_by_year, key="coverage_gold")

ui.table(view.table, width="stretch", key="coverage_table",
             column_config={"大中型企业覆盖率": st.column_config.NumberColumn(format="percent"),
                            "每百户小微企业基层协调员（人）": st.column_config.NumberColumn(format="%.1f")})
ui.excel_download(view.table, f"协调员覆盖-{ctx.as_of:%Y%m%d}.xlsx", key="coverage_xlsx")
