"""协调员覆盖: coordinator coverage by county on a map, ranked, and gold coordinators per year."""

import streamlit as st

from hexie import charts, metrics, ui

ctx = ui.page_context()
coverage = metrics.coverage_by_county(ctx.query("coordinator_summary", ctx.as_of, None), ctx.query("enterprise_base", ctx.as_of, None))
target = ctx.plan.target("coordinator.large_medium_coverage")

st.markdown(f"#### 协调员覆盖 · 截至 {ctx.as_of:%Y年%m月%d日}")
metric = "coverage" if ui.presenting() else st.radio(
    "地图指标", list(charts.MAP_METRICS), format_func=lambda m: charts.MAP_METRICS[m][0], horizontal=True, key="coverage_metric",
)
map_chart, legend = charts.coverage_map(coverage, metric)
left, right = st.columns([3, 2], gap="medium")
with left:
    st.pydeck_chart(map_chart.figure, height=620, key="coverage_map")
    st.html(charts.legend_html(legend))
    st.caption(map_chart.note)
with right:
    label, unit = charts.MAP_METRICS[metric]
    ranked = coverage.sort_values(metric, ascending=False, na_position="last")
    values = [None if v != v else v for v in ranked[metric]]
    is_share = unit == "share"
    bar = charts.bar_chart(
        list(ranked["county"]), values, f"各县{label}排名", "县（市、区）", label + ("" if is_share else f"（{unit}）"),
        map_chart.note, horizontal=True, percent=is_share, height=680,
        target=target.value if metric == "coverage" else None, target_label=f"目标 {target.value:.0%}",
        colors=charts.status_colors(values, target.value) if metric == "coverage" else None,
    )
    ui.show_chart(bar, key="coverage_rank")
    if ctx.county:
        st.info(f"地图和排名显示全市各县；{ctx.county}的数字见表格和悬停提示。")

gold = metrics.gold_per_year(ctx.query("gold_coordinators_by_year", ctx.as_of, ctx.county), ctx.plan, ctx.as_of)
gold_chart = charts.bar_chart(
    [f"{y}年" for y in gold["year"]], list(gold["gold"]), f"每年选树金牌协调员（{ctx.county_label}）", "年度", "金牌协调员（人）",
    "按协调员台账最近一期中标为金牌的人员的选树年度计数；目标为每年20名。", target=20, target_label="目标 20名/年",
    colors=charts.status_colors(list(gold["gold"]), 20), height=380,
)
ui.show_chart(gold_chart, key="coverage_gold")

table = coverage[coverage["county"] == ctx.county] if ctx.county else coverage
table = table.rename(columns=metrics.COVERAGE_TABLE_HEADINGS)
st.dataframe(table, hide_index=True, width="stretch", key="coverage_table",
             column_config={"大中型企业覆盖率": st.column_config.NumberColumn(format="percent"),
                            "每百户小微企业基层协调员（人）": st.column_config.NumberColumn(format="%.1f")})
ui.excel_download(table, f"协调员覆盖-{ctx.as_of:%Y%m%d}.xlsx", key="coverage_xlsx")
