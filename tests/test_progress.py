"""Milestone status as of a date, on a small hand-made progress table."""

from datetime import date

import pandas as pd
import pytest

from hexie.geo import COUNTY_NAMES
from hexie.plan import load_plan
from hexie.progress import milestone_status, status_counts, status_table

PLAN = load_plan()
SURVEY = "social_org.survey_2021_01"  # county-level, due 2021-01-31
CITY = "social_org.plan_2020_12"  # city-level, due 2020-12-31


def reports(*rows):
    return pd.DataFrame(rows, columns=["county", "milestone", "completed_on"])


def everyone(milestone, day):
    return [(c, milestone, pd.Timestamp(day)) for c in COUNTY_NAMES]


def row_of(statuses, milestone):
    return statuses.set_index("milestone").loc[milestone]


def test_plan_milestones_are_what_the_table_is_built_from():
    assert row_of(milestone_status(PLAN, reports(), date(2021, 1, 1)), SURVEY)["due"] == date(2021, 1, 31)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(date(2021, 1, 15), "not_due"), (date(2021, 2, 1), "overdue")],
)
def test_nothing_reported_is_not_due_then_overdue(as_of, status):
    assert row_of(milestone_status(PLAN, reports(), as_of), SURVEY)["status"] == status


def test_county_milestone_is_done_for_the_city_when_all_18_report():
    rows = everyone(SURVEY, "2021-01-20")
    statuses = milestone_status(PLAN, reports(*rows), date(2021, 3, 1))
    row = row_of(statuses, SURVEY)
    assert (row["status"], row["done_on"], row["n_done"], row["n_total"]) == ("done_on_time", date(2021, 1, 20), 18, 18)
    assert row["lagging"] == () and row["late"] == ()


def test_one_late_county_makes_the_city_late_on_its_date():
    rows = everyone(SURVEY, "2021-01-20")[1:] + [("章贡区", SURVEY, pd.Timestamp("2021-02-10"))]
    row = row_of(milestone_status(PLAN, reports(*rows), date(2021, 3, 1)), SURVEY)
    assert (row["status"], row["status_label"], row["done_on"], row["late"]) == ("done_late", "逾期完成", date(2021, 2, 10), ("章贡区",))


def test_missing_counties_are_listed_as_lagging_and_counted():
    rows = [r for r in everyone(SURVEY, "2021-01-20") if r[0] not in ("安远县", "寻乌县")]
    row = row_of(milestone_status(PLAN, reports(*rows), date(2021, 3, 1)), SURVEY)
    assert (row["status"], row["n_done"], row["n_total"], row["lagging"]) == ("overdue", 16, 18, ("安远县", "寻乌县"))


def test_reports_after_the_as_of_date_do_not_count_yet():
    rows = everyone(SURVEY, "2021-01-20")
    row = row_of(milestone_status(PLAN, reports(*rows), date(2021, 1, 19)), SURVEY)
    assert (row["status"], row["n_done"]) == ("not_due", 0)


def test_county_view_judges_that_county_alone():
    rows = [("于都县", SURVEY, pd.Timestamp("2021-01-30"))]
    statuses = milestone_status(PLAN, reports(*rows), date(2021, 3, 1), county="于都县")
    assert (row_of(statuses, SURVEY)["status"], row_of(statuses, SURVEY)["n_total"]) == ("done_on_time", 1)
    other = milestone_status(PLAN, reports(*rows), date(2021, 3, 1), county="兴国县")
    assert row_of(other, SURVEY)["status"] == "overdue"


def test_city_milestone_is_reported_by_the_city_office_whatever_the_county():
    rows = [("市本级", CITY, pd.Timestamp("2020-12-30"))]
    for county in (None, "兴国县"):
        row = row_of(milestone_status(PLAN, reports(*rows), date(2021, 1, 5), county=county), CITY)
        assert (row["status"], row["reporter"], row["n_total"]) == ("done_on_time", "市协调劳动关系三方办公室", 1)


def test_earliest_report_of_a_county_counts():
    rows = everyone(SURVEY, "2021-01-20") + [("章贡区", SURVEY, pd.Timestamp("2021-03-01"))]
    assert row_of(milestone_status(PLAN, reports(*rows), date(2021, 4, 1)), SURVEY)["status"] == "done_on_time"


def test_counts_and_table():
    rows = [r for r in everyone(SURVEY, "2021-01-20") if r[0] != "安远县"]
    statuses = milestone_status(PLAN, reports(*rows), date(2021, 2, 1))
    counts = status_counts(statuses)
    due_by_then = [m.id for m in PLAN.milestones if m.due < date(2021, 2, 1)]
    assert len(due_by_then) == 10
    assert counts == {"done_on_time": 0, "done_late": 0, "overdue": 10, "not_due": len(PLAN.milestones) - 10}
    table = status_table(statuses, only=("overdue",))
    assert len(table) == 10 and set(table["状态"]) == {"已逾期"}
    assert table.loc[table["工作节点"] == PLAN.milestone(SURVEY).title, "未完成的县（市、区）"].item() == "安远县"
    assert table.loc[table["工作节点"] == PLAN.milestone(SURVEY).title, "已完成"].item() == "17/18"
