"""协调员覆盖: coordinator coverage by county on a map, ranked, and gold coordinators per year."""

import streamlit as st

from hexie import charts, metrics, targets, ui

ctx = ui.page_context()
coverage = metrics.coverage_by_county(ctx.query("coordinator_summary", ctx.as_of, None), ctx.query("enterprise_base", ctx.as_of, None))
coverage_target = next(iter(metrics.targets_of_metric(ctx.plan, "large_medium_coverage")), None)
goal = None if coverage_target is None else coverage_target.value

st.markdown(f"#### 协调员覆盖 · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(charts.target_cards_html(targets.workstream_cards(ctx.plan, ctx.query, ctx.as_of, ctx.county, "coordinator")))
problems = coverage[coverage["problem"] != ""]
if not problems.empty:
    st.warning("数据有误，覆盖率不予计算（不计入全市比例）：" + "；".join(f"{r.county}{r.problem}" for r in problems.itertuples()),
               icon=":material/report:")
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
        target=goal if metric == "coverage" else None, target_label="" if goal is None else f"目标 超过{goal:.0%}",
        colors=charts.status_colors(values, goal) if metric == "coverage" else None,
    )
    ui.show_chart(bar, key="coverage_rank")
    if ctx.county:
        st.info(f"地图和排名显示全市各县；{ctx.county}的数字见表格和悬停提示。")

gold = metrics.gold_per_year(ctx.query("gold_coordinators_by_year", ctx.as_of, ctx.county), ctx.plan, ctx.as_of)
gold_goal = gold["target"].iloc[0] if gold["target"].nunique() == 1 else None
gold_chart = charts.bar_chart(
    [f"{y}年" for y in gold["year"]], list(gold["gold"]), f"每年选树金牌协调员（{ctx.county_label}）", "年度", "金牌协调员（人）",
    "按选树事件计：每人计入台账首次记载其为金牌的年度，之后的台账不再列出也不扣除。",
    target=gold_goal, target_label="" if gold_goal is None else f"目标 {gold_goal:g}名/年",
    colors=[charts.GOOD if g >= t else charts.BAD for g, t in zip(gold["gold"], gold["target"])], height=380,
)
ui.show_chart(gold_chart, key="coverage_gold")

table = coverage[coverage["county"] == ctx.county] if ctx.county else coverage
table = table.rename(columns=metrics.COVERAGE_TABLE_HEADINGS)
st.dataframe(table, hide_index=True, width="stretch", key="coverage_table",
             column_config={"大中型企业覆盖率": st.column_config.NumberColumn(format="percent"),
                            "每百户小微企业基层协调员（人）": st.column_config.NumberColumn(format="%.1f")})
ui.excel_download(table, f"协调员覆盖-{ctx.as_of:%Y%m%d}.xlsx", key="coverage_xlsx")
