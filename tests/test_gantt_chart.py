"""The Gantt figure: lanes, diamonds by status, the as-of line, and the hover text."""

from datetime import date

import pandas as pd

from hexie.charts import gantt
from hexie.geo import COUNTY_NAMES
from hexie.plan import load_plan
from hexie.progress import milestone_status

PLAN = load_plan()
SURVEY = "social_org.survey_2021_01"


def figure(as_of, rows=()):
    reports = pd.DataFrame(list(rows), columns=["county", "milestone", "completed_on"])
    return gantt(PLAN, milestone_status(PLAN, reports, as_of), as_of, "全市").figure


def test_one_lane_per_workstream_labelled_with_its_lead():
    fig = figure(date(2021, 6, 1))
    labels = list(fig.layout.yaxis.ticktext)
    assert len(labels) == 7
    assert labels[0] == "<b>社会组织</b><br><span style='font-size:13px'>牵头：市总工会</span>"
    assert labels[-1].endswith("牵头：市人社局、市企联/企协</span>")


def test_every_milestone_is_one_diamond_in_a_status_trace():
    fig = figure(date(2021, 6, 1))
    names = [t.name for t in fig.data]
    points = sum(len(t.x) for t in fig.data)
    assert points == len(PLAN.milestones) == 52
    overdue = [m for m in PLAN.milestones if m.due < date(2021, 6, 1)]
    assert names == ["按时完成（0）", "逾期完成（0）", f"已逾期（{len(overdue)}）", f"未到期（{52 - len(overdue)}）"]


def test_hover_says_how_many_counties_are_done_and_which_lag():
    rows = [(c, SURVEY, pd.Timestamp("2021-01-20")) for c in COUNTY_NAMES if c != "寻乌县"]
    fig = figure(date(2021, 6, 1), rows)
    overdue = next(t for t in fig.data if t.name.startswith("已逾期"))
    text = overdue.hovertext[list(overdue.customdata).index(SURVEY)]
    assert "已完成 17/18 个县（市、区）" in text
    assert "未完成：寻乌县" in text
    assert "目标：" in text and "示范点" in text


def test_as_of_line_inside_the_period_and_a_note_after_it():
    inside = figure(date(2022, 3, 1))
    assert [(s.type, s.x0) for s in inside.layout.shapes if s.type == "line"] == [("line", date(2022, 3, 1))]
    assert inside.layout.annotations[0].text == "截至 2022-03-01"
    after = figure(date(2026, 11, 24))
    assert [s for s in after.layout.shapes if s.type == "line"] == []
    assert after.layout.annotations[0].text == "截至 2026-11-24（计划期已结束）→"
