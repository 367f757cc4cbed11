"""Charts: titles, axis labels with units, traces and the map's layers, read off the objects."""

import json
from datetime import date

import pandas as pd

from hexie import charts, metrics
from hexie.geo import COUNTY_NAMES
from hexie.plan import load_plan


def test_bar_chart_has_title_axes_values_and_target_line():
    chart = charts.bar_chart(["章贡区", "南康区"], [0.5, 0.7], "各县调解成功率", "县（市、区）", "调解成功率", "说明",
                             percent=True, target=0.65, target_label="65%", colors=charts.status_colors([0.5, 0.7], 0.65))
    fig = chart.figure
    assert fig.layout.title.text == "各县调解成功率"
    assert (fig.layout.xaxis.title.text, charts.y_axis_title(fig)) == ("县（市、区）", "调解成功率")
    assert list(fig.data[0].text) == ["50%", "70%"]
    assert list(fig.data[0].marker.color) == [charts.BAD, charts.GOOD]
    assert [s.y0 for s in fig.layout.shapes] == [0.65]
    assert fig.layout.font.size >= 16 and chart.note == "说明"


def test_horizontal_bar_puts_values_on_x():
    fig = charts.bar_chart(["甲", "乙"], [3, 1], "标题", "县（市、区）", "组织（个）", "说明", horizontal=True).figure
    assert fig.data[0].orientation == "h"
    # The county names speak for themselves: no category title beside them.
    assert (fig.layout.xaxis.title.text, charts.y_axis_title(fig)) == ("组织（个）", "")


def test_no_chart_sets_cjk_sideways():
    """The y title is a level annotation above the axis, never plotly's rotated axis title."""
    fig = charts.bar_chart(["甲", "乙"], [3, 1], "标题", "县（市、区）", "组织（个）", "说明").figure
    assert fig.layout.yaxis.title.text in (None, "")
    (title,) = [a for a in fig.layout.annotations if a.name == "y_title"]
    assert (title.text, title.textangle, title.xref, title.yref, title.x, title.y, title.yanchor) == (
        "组织（个）", 0, "paper", "paper", 0, 1, "bottom")


def test_coverage_map_layers_are_offline_and_chinese():
    coverage = pd.DataFrame({"county": list(COUNTY_NAMES), "coordinators": 10, "gold": 1, "large_medium": 10, "covered": 5,
                             "coverage": 0.5, "small_micro": 100, "grassroots": 4, "per_100_small": 4.0})
    chart, legend = charts.coverage_map(coverage, "coverage")
    deck = chart.figure
    # map_style stays pydeck's default: None or "" would make Streamlit fetch a Carto style.
    assert deck.map_provider is None and "http" not in deck.to_json()
    polygons, names = deck.layers
    assert (polygons.type, names.type) == ("GeoJsonLayer", "TextLayer")
    assert len(polygons.data["features"]) == 18
    text_layer = json.loads(deck.to_json())["layers"][1]
    assert text_layer["characterSet"] == "auto"
    assert text_layer["fontFamily"] == "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif"
    assert {d["text"] for d in names.data} == set(COUNTY_NAMES)
    assert names.data[0]["coverage"] == "50%（5/10户）"
    assert len(legend) == 5 and legend[0][1] == "0 – 20%"


def test_county_progress_heatmap_cells():
    status = pd.DataFrame({"county": ["章贡区", "章贡区"], "workstream": ["social_org", "mediation"], "short": ["社会组织", "调解组织"],
                           "due": [2, 3], "done": [2, 1], "late": [0, 0], "overdue": [0, 2], "status": ["green", "red"]})
    chart = charts.county_progress_heatmap(status, ["社会组织", "调解组织"])
    assert [list(r) for r in chart.figure.data[0].z] == [[0, 2]] and [list(r) for r in chart.figure.data[0].text] == [["2/2", "1/3"]]
    assert chart.figure.layout.title.text == "各县工作节点完成情况"


def test_served_cumulative_line_has_actual_path_and_target():
    frame = pd.DataFrame({"month": [date(2021, 1, 1), date(2021, 2, 1)], "served": [3, 4], "cumulative": [3, 7], "path": [30.0, 60.0]})
    chart = charts.served_cumulative_line(frame, load_plan().target("new_enterprise.served"))
    fig = chart.figure
    assert chart.note.endswith("虚线为从2020年12月到2023年09月匀速达到目标的进度。")
    assert [t.name for t in fig.data] == ["累计服务企业", "按直线进度应达"]
    assert list(fig.data[0].y) == [3, 7] and [s.y0 for s in fig.layout.shapes] == [1000]
    assert charts.y_axis_title(fig) == "累计服务企业（户）" and not fig.layout.yaxis.title.text


def test_risk_wage_body_and_trend_charts():
    risks = pd.DataFrame({"county": ["章贡区", "南康区"], "高": [0, 2], "中": [1, 0], "低": [3, 1]})
    fig = charts.risk_by_county_bar(risks).figure
    assert [t.name for t in fig.data] == ["高风险", "中风险"] and list(fig.data[0].y) == ["南康区", "章贡区"]
    wage = pd.DataFrame({"year": [2020, 2021], "surveyed": [10, 10], "feedback_share": [0.9, 1.0], "feedback_target": [0.9, 1.0],
                         "individual_share": [0.0, 0.2], "individual_target": [None, 0.1]})
    assert len(charts.wage_shares_bar(wage).figure.data) == 4
    bodies = metrics.harmonious_by_body(pd.DataFrame({"year": [2021], "recommender": ["市人社局"], "enterprises": [1]}), (2021, 2022),
                                        load_plan().units.shorts)
    body_chart = charts.body_by_year_bar(bodies, (2021, 2022), 1).figure
    assert [t.name for t in body_chart.data] == ["2021年", "2022年"] and [s.y0 for s in body_chart.layout.shapes] == [1]
    monthly = pd.DataFrame({"month": [date(2021, 1, 1)], "rate": [0.7]})
    trend = charts.rate_trend(monthly, 0.65).figure
    assert trend.layout.yaxis.tickformat == ".0%" and trend.layout.xaxis.title.text == "月份"


def test_target_cards_show_headline_status_reading_and_escape_names():
    from hexie.targets import MISSED, TargetResult

    card = TargetResult("mediation.success_rate_2022", "mediation", "2022年调解成功率65%以上", "share", "org", "rate",
                        "“以上”“不少于”读作“至少”：达到65%即算完成。", date(2022, 12, 31), 2, 3, 3, MISSED,
                        "期末达标组织 2/3，未达到每个都达标；未达标：<b>丙</b>（南康区）", ("<b>丙</b>（南康区）",), "合计成功率 71.7%")
    html = charts.target_cards_html([card])
    assert "达标组织 2/3" in html and "到期未达标" in html and "截止2022-12-31" in html and charts.BAD in html
    assert "<b>丙</b>" not in html and "&lt;b&gt;丙&lt;/b&gt;（南康区）" in html
    assert "合计成功率 71.7%" in html and 'title="“以上”“不少于”读作“至少”' in html
    assert "读法：" not in html    # plain 以上 is only the hover note; 大多数 and 左右 get a caption


def test_urgent_items_from_uploads_are_escaped():
    from hexie.charts import urgent_list_html

    urgent = pd.DataFrame({"kind": ["裁员风险"], "item": ['<img src=x onerror="alert(1)">某公司']})
    html = urgent_list_html(urgent)
    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;某公司" in html
    assert urgent_list_html(urgent.iloc[0:0]) == '<div style="font-size:18px">目前没有逾期节点、高风险企业或低于目标的县。</div>'


NOTICE = '<span style="font-size:60px;color:red">系统通知</span><a href="http://evil.example/">点此</a>'


def test_markup_in_uploaded_text_is_not_drawn_on_a_chart():
    fig = charts.bar_chart([NOTICE, "制造业"], [3, 1], f"{NOTICE}分布", NOTICE, "社会组织（个）", "说明", horizontal=True,
                           target=2, target_label=NOTICE).figure
    shown = json.dumps(json.loads(fig.to_json()), ensure_ascii=False)
    assert "<span" not in shown and "<a " not in shown
    assert list(fig.data[0].y) == [
        '&lt;span style="font-size:60px;color:red"&gt;系统通知&lt;/span&gt;&lt;a href="http://evil.example/"&gt;点此&lt;/a&gt;', "制造业",
    ]
    assert fig.layout.title.text.startswith("&lt;span")


def test_markup_in_county_and_recommender_names_is_not_drawn_on_a_chart():
    by_county = pd.DataFrame({"county": [NOTICE], "高": [1], "中": [0]})
    bodies = pd.DataFrame({"recommender": [NOTICE], 2021: [1]})
    status = pd.DataFrame({"county": [NOTICE], "short": ["<b>x</b>"], "status": ["green"], "done": [1], "due": [1]})
    for fig in (charts.risk_by_county_bar(by_county).figure, charts.body_by_year_bar(bodies, (2021,), 1).figure,
                charts.county_progress_heatmap(status, ["<b>x</b>"]).figure):
        shown = json.dumps(json.loads(fig.to_json()), ensure_ascii=False)
        assert "<span" not in shown and "<a " not in shown and "<b>x" not in shown


def test_coverage_map_tooltip_draws_its_tags_instead_of_showing_them():
    # Streamlit fills a tooltip's {fields} in as escaped text: markup inside a field shows as raw <b>…</b><br/>.
    coverage = pd.DataFrame({"county": list(COUNTY_NAMES), "coordinators": 10, "gold": 1, "large_medium": 10, "covered": 5,
                             "coverage": 0.5, "small_micro": 100, "grassroots": 4, "per_100_small": 4.0})
    deck = charts.coverage_map(coverage, "coverage")[0].figure
    spec = json.loads(deck.to_json())
    fields = {k: v for k, v in spec["layers"][0]["data"]["features"][0]["properties"].items() if isinstance(v, str)}
    assert not any("<" in v for v in fields.values())
    assert deck._tooltip["html"] == (
        "<b>{name}</b><br/>大中型企业覆盖率：{coverage}<br/>每百户小微企业基层协调员：{per_100_small}<br/>"
        "协调员：{coordinators}<br/>金牌协调员：{gold}"
    )
    assert (deck._tooltip["style"]["maxWidth"], deck._tooltip["style"]["translate"]) == ("19em", "-50% 18px")
