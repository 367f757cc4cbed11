"""Each metric on a small hand-made table with numbers worked out by hand."""

from datetime import date

from types import SimpleNamespace

import pandas as pd
import pytest

from stdnum.cn import uscc

from hexie import metrics
from hexie.plan import Target, load_plan


def rows(frame: pd.DataFrame) -> list[list]:
    """The frame's rows with each column's own type kept and missing values as None."""
    return [[None if pd.isna(v) else v for v in row] for row in frame.astype(object).values.tolist()]


def target(metric="new_enterprises_served", value=5, start=date(2021, 1, 1), end=date(2021, 12, 31), unit="户"):
    return Target("t.x", "new_enterprise", metric, value, unit, start, end, "at_least", "测试目标", "测试", schedule="linear")


def inputs(**frames):
    empty = {
        "social": pd.DataFrame({"county": ["章贡区", "南康区"], "industry": ["制造业", "建筑业"], "orgs": [3, 2], "demo_points": [1, 1],
            "gold": [1, 0]}),
        "coordinators": pd.DataFrame({"county": ["章贡区", "南康区"], "coordinators": [10, 4], "grassroots": [6, 2], "gold": [2, 0],
            "covered_large_medium": [3, 1]}),
        "gold_coordinators": pd.DataFrame({"year": [2021, 2022], "gold": [20, 7]}),
        "enterprise_base": pd.DataFrame({"county": ["章贡区", "南康区"], "year": [2022, 2022], "large_medium": [6, 4], "small_micro": [300,
            100]}),
        "mediation_orgs": pd.DataFrame({"county": ["章贡区", "章贡区", "南康区"], "org_type": ["县级专业调解组织", "其他类型调解组织",
            "县级专业调解组织"],
                                        "gold_batch": ["第一批", None, "第二批"], "orgs": [2, 5, 1], "six_five": [2, 1, 1], "gold": [2, 0,
                                            1]}),
        "mediation_by_org_year": pd.DataFrame({"org_name": ["甲", "乙", "甲"], "county": ["章贡区", "南康区", "章贡区"], "year": [2021,
            2021, 2022],
                                               "accepted": [10, 10, 8], "settled": [8, 5, 6]}),
        "harmonious": pd.DataFrame({"year": [2021, 2021, 2022], "recommender": ["市人社局", "市总工会", "市人社局"],
                                    "enterprises": [1, 2, 1], "assessed": [1, 2, 0], "reached": [1, 1, 0], "pending": [0, 0, 1],
                                    "unfilled": [0, 0, 0]}),
        "new_enterprises": pd.DataFrame({"county": ["章贡区", "南康区", "章贡区"], "month": pd.to_datetime(["2020-12-01", "2021-05-01",
            "2022-01-01"]), "enterprises": [3, 4, 5]}),
        "new_enterprise_services": pd.DataFrame({"county": ["章贡区", "南康区", "章贡区"], "year": [2021, 2021, 2022], "method": ["培训班",
            "上门服务", "培训班"],
                                                 "services": [5, 3, 2], "enterprises": [5, 3, 2]}),
        "wage": pd.DataFrame({"year": [2020, 2021, 2021], "ownership": ["民营企业", "民营企业", "国有企业"], "surveyed": [10, 8, 2],
                              "feedback": [9, 8, 1], "individual": [0, 1, 1], "skill_guidance": [0, 1, 0], "demonstration": [0, 0, 1]}),
        "wage_firsts": pd.DataFrame({"kind": ["skill_guidance", "demonstration", "demonstration", "demonstration"],
                                     "ownership": ["民营企业", "国有企业", "民营企业", "民营企业"], "year": [2021, 2020, 2022,
                                         2023], "enterprises": [2, 1, 1, 1]}),
    }
    empty.update(frames)
    return SimpleNamespace(**empty)


# ---- county progress and urgent items ----

def test_county_workstream_status_counts_and_colours():
    plan = load_plan()
    reports = pd.DataFrame({"county": ["章贡区", "章贡区"], "milestone": ["social_org.survey_2021_01", "coordinator.survey_2021_01"],
                            "completed_on": [date(2021, 1, 20), date(2021, 2, 10)]})
    status = metrics.county_workstream_status(plan, reports, date(2021, 2, 28), ("章贡区",)).set_index("workstream")
    assert status.loc["social_org", ["due", "done", "late", "overdue", "status"]].tolist() == [1, 1, 0, 0, "green"]
    assert status.loc["coordinator", ["due", "done", "late", "overdue", "status"]].tolist() == [1, 1, 1, 0, "amber"]
    assert status.loc["mediation", ["overdue", "status"]].tolist() == [1, "red"]


def test_urgent_items_take_each_kind_in_turn():
    overdue = pd.DataFrame({"county": ["寻乌县", "安远县"], "title": ["甲", "乙"], "due": [date(2021, 1, 31)] * 2, "days": [100, 50]})
    coverage = pd.DataFrame({"county": ["章贡区", "安远县"], "coverage": [0.6, 0.1]})
    risks = pd.DataFrame({"name": ["某厂"], "county": ["南康区"], "level": ["高"], "reasons": ["未依法结清劳动报酬"]})
    items = metrics.urgent_items(overdue, coverage, 0.5, risks, limit=4)
    assert items.values.tolist() == [
        ["逾期节点", "寻乌县：甲（截止 2021-01-31，已逾期 100 天）"],
        ["裁员风险", "某厂（南康区）：未依法结清劳动报酬"],
        ["低于目标", "安远县：大中型企业协调员覆盖率 10%，低于 50%"],
        ["逾期节点", "安远县：乙（截止 2021-01-31，已逾期 50 天）"],
    ]


# ---- coverage ----

def test_coverage_by_county_fills_missing_counties_with_zeros():
    coordinators = pd.DataFrame({"county": ["章贡区"], "coordinators": [10], "grassroots": [6], "gold": [2], "covered_large_medium": [3]})
    base = pd.DataFrame({"county": ["章贡区", "南康区"], "year": [2022, 2022], "large_medium": [6, 4], "small_micro": [300, 0]})
    frame = metrics.coverage_by_county(coordinators, base, ("章贡区", "南康区", "安远县")).set_index("county")
    assert frame.loc["章贡区", ["covered", "large_medium", "coverage", "per_100_small"]].tolist() == [3, 6, 0.5, 2.0]
    assert frame.loc["南康区", ["coordinators", "coverage"]].tolist() == [0, 0.0]
    assert pd.isna(frame.loc["安远县", "coverage"]) and pd.isna(frame.loc["南康区", "per_100_small"])


def test_coverage_above_the_base_is_a_data_problem_not_a_share_over_100_percent():
    coordinators = pd.DataFrame({"county": ["章贡区"], "coordinators": [9], "grassroots": [0], "gold": [0], "covered_large_medium": [9]})
    base = pd.DataFrame({"county": ["章贡区"], "year": [2022], "large_medium": [6], "small_micro": [10]})
    frame = metrics.coverage_by_county(coordinators, base, ("章贡区",))
    assert frame["coverage"].tolist() == [None]
    assert frame["problem"].tolist() == ["数据有误：已配备9户，多于企业基数6户"]


def test_gold_per_year_against_twenty():
    frame = metrics.gold_per_year(pd.DataFrame({"year": [2021], "gold": [18]}), load_plan(), date(2022, 3, 1))
    assert frame.values.tolist() == [[2021, 18, 20], [2022, 0, 20]]


# ---- mediation ----

BY_ORG_YEAR = pd.DataFrame({"org_name": ["甲", "乙", "丙", "甲"], "county": ["章贡区", "章贡区", "南康区", "章贡区"],
                            "year": [2021, 2021, 2021, 2022], "accepted": [10, 20, 4, 0], "settled": [5, 16, 3, 0]})


def test_success_by_county_year_and_year():
    by_county = metrics.success_by_county_year(BY_ORG_YEAR)
    assert rows(by_county) == [["南康区", 2021, 4, 3, 0.75], ["章贡区", 2021, 30, 21, 0.7], ["章贡区", 2022, 0, 0, None]]


def test_orgs_below_bar_lowest_first_and_no_cases_not_listed():
    assert metrics.orgs_below_bar(BY_ORG_YEAR, 2021, 0.65)[["org_name", "rate"]].values.tolist() == [["甲", 0.5]]
    assert metrics.orgs_below_bar(BY_ORG_YEAR, 2021, 0.76)[["org_name", "rate"]].values.tolist() == [["甲", 0.5], ["丙", 0.75]]
    assert metrics.orgs_below_bar(BY_ORG_YEAR, 2022, 0.65).empty


def test_success_by_month():
    monthly = pd.DataFrame({"month": [date(2021, 1, 1)], "accepted": [8], "settled": [6]})
    assert metrics.success_by_month(monthly)["rate"].tolist() == [0.75]


ORG_SUMMARY = inputs().mediation_orgs


def test_gold_mediation_by_batch():
    selections = pd.DataFrame({"name": ["甲", "乙", "丙", "丁", "戊"], "county": ["章贡区"] * 5,
                               "gold_batch": ["第一批", "第一批", "第二批", None, "第一批"],
                               "gold_since": [date(2021, 7, 1), date(2021, 7, 1), date(2022, 1, 1), None, date(2019, 1, 1)],
                               "recommended_year": [None] * 5})
    frame = metrics.gold_mediation_by_batch(selections, load_plan())
    assert frame.values.tolist() == [
        ["第一批", date(2021, 9, 30), 2, 3], ["第二批", date(2022, 7, 31), 1, 3], ["第三批", date(2023, 5, 31), 0, 3]]


def test_orgs_by_type_lists_all_nine():
    frame = metrics.orgs_by_type(ORG_SUMMARY)
    assert len(frame) == 9
    assert dict(zip(frame["org_type"], frame["orgs"]))["县级专业调解组织"] == 3
    assert frame["orgs"].sum() == 8


def test_six_five_share():
    assert metrics.six_five_share(ORG_SUMMARY) == (4, 8, 0.5)


# ---- layoff risk: one test per rule ----

STEADY = {"headcount_last_year": 200, "headcount_now": 198, "planned_layoffs": 0, "laid_off": 0,
          "wages_settled": True, "ability_to_pay": "强", "stable_job_policy": "失业保险稳岗返还"}


def risk(**changes):
    return metrics.layoff_risk({**STEADY, **changes})


def test_steady_enterprise_is_low():
    assert risk() == ("低", [])


def test_headcount_drop_of_ten_percent_is_medium_twenty_is_high():
    assert risk(headcount_now=180) == ("中", ["职工比上年底减少20人（10%）"])
    assert risk(headcount_now=160) == ("高", ["职工比上年底减少40人（20%）"])


def test_layoffs_below_the_threshold_are_medium():
    assert risk(planned_layoffs=15, laid_off=5) == ("中", ["裁员15人（占职工8%）"])


def test_twenty_people_reach_article_41():
    assert risk(headcount_last_year=1000, headcount_now=990, laid_off=20)[0] == "高"
    assert risk(headcount_last_year=1000, headcount_now=990, laid_off=20)[1] == ["裁员20人（占职工2%），达到规模裁员标准，须提前30日报告"]


def test_ten_percent_of_workforce_reaches_article_41():
    assert risk(headcount_last_year=150, headcount_now=149, planned_layoffs=15) == (
        "高", ["裁员15人（占职工10%），达到规模裁员标准，须提前30日报告"])


def test_wages_not_settled_is_high():
    assert risk(wages_settled=False) == ("高", ["未依法结清劳动报酬"])


def test_weak_ability_to_pay_is_medium():
    assert risk(ability_to_pay="弱") == ("中", ["支付能力弱"])


def test_no_stable_job_policy_matters_only_when_shrinking_or_laying_off():
    assert risk(stable_job_policy=None) == ("低", [])
    assert risk(stable_job_policy="无", planned_layoffs=5) == ("中", ["裁员5人（占职工2%）", "未享受稳岗政策"])


def test_risk_table_sorts_riskiest_first():
    rows = pd.DataFrame([
        {"name": "乙", "county": "章贡区", **STEADY},
        {"name": "甲", "county": "南康区", **STEADY, "planned_layoffs": 30},
        {"name": "丙", "county": "章贡区", **STEADY, "ability_to_pay": "弱"},
    ])
    table = metrics.risk_table(rows)
    assert table[["name", "level"]].values.tolist() == [["甲", "高"], ["丙", "中"], ["乙", "低"]]
    assert metrics.risk_by_county(table, ("章贡区", "南康区")).values.tolist() == [["章贡区", 0, 1, 1], ["南康区", 1, 0, 0]]


# ---- new enterprises ----

def test_served_cumulative_follows_the_straight_path():
    plan_target = target("new_enterprises_served", 330, date(2020, 12, 1), date(2021, 2, 28))
    counted = pd.DataFrame({"county": ["章贡区"] * 10 + ["南康区"] * 5,
                            "first_served": [date(2020, 12, 3)] * 10 + [date(2021, 1, 20)] * 5})
    frame = metrics.served_cumulative(counted, plan_target, date(2021, 1, 15))
    # span 89 days: end of December is day 31, end of January day 62.
    assert frame[["month", "served", "cumulative"]].values.tolist() == [[date(2020, 12, 1), 10, 10], [date(2021, 1, 1), 5, 15]]
    assert frame["path"].tolist() == pytest.approx([330 * 31 / 89, 330 * 62 / 89])


def test_served_by_county_and_method():
    counted = pd.DataFrame({"county": ["章贡区"] * 8 + ["南康区"] * 4})
    assert metrics.served_by_county(counted, ("南康区", "章贡区", "安远县")).values.tolist() == [
        ["章贡区", 8], ["南康区", 4], ["安远县", 0]]
    services = inputs().new_enterprise_services
    assert metrics.services_by_method(services).values.tolist() == [["线上指导", 0], ["上门服务", 3], ["培训班", 7], ["用工指导手册", 0]]


VALID, VALID_2 = "91360702MA398ABC1J", "91360702000000001L"


def test_a_mistyped_credit_code_does_not_count_an_enterprise_twice():
    assert (uscc.is_valid(VALID), uscc.is_valid(VALID_2)) == (True, True)
    firsts = pd.DataFrame({
        "credit_code": [VALID, VALID[:-1] + "K", "91360702MA398ABC1X", VALID_2],
        "name": ["甲公司", "甲公司", "乙公司", "丙公司"], "county": ["章贡区", "章贡区", "章贡区", "南康区"],
        "registered_on": [date(2021, 3, 1), date(2021, 3, 1), date(2021, 4, 1), date(2018, 5, 10)],
        "first_served": [date(2021, 5, 1), date(2021, 4, 20), date(2021, 6, 1), date(2021, 7, 1)],
    })
    counted, not_counted = metrics.counted_new_enterprises(firsts, (date(2020, 1, 1), date(2023, 9, 30)))
    # 甲's mistyped code folds into its valid one, and its first service is the earlier of the two.
    assert counted.values.tolist() == [["甲公司", VALID, "章贡区", date(2021, 3, 1), date(2021, 4, 20)]]
    assert not_counted[["name", "reason"]].values.tolist() == [
        ["丙公司", "注册日期不在2020-01-01至2023-09-30之间，不属新注册企业"],
        ["乙公司", "统一社会信用代码校验位有误，且找不到同名企业的正确代码"],
    ]


def test_training_by_county_marks_missing_years():
    frame = metrics.training_by_county(inputs().new_enterprise_services, (2021, 2022), "培训班", ("章贡区", "南康区"))
    assert frame.values.tolist() == [["章贡区", True, True, 0, ""], ["南康区", False, False, 2, "2021、2022"]]


# ---- harmonious, wage, social ----

def test_harmonious_by_year_and_body():
    summary = inputs().harmonious
    by_year = metrics.harmonious_by_year(summary, (2021, 2022, 2023))
    assert rows(by_year) == [[2021, 3, 3, 2, 0, 0, 2 / 3], [2022, 1, 0, 0, 1, 0, None], [2023, 0, 0, 0, 0, 0, None]]
    assert metrics.harmonious_unanswered(by_year) == "2022年另有 1 户未评估，不计入比率（达标比例只计已评估的企业）。"
    assert metrics.harmonious_by_body(summary, (2021, 2022), load_plan().units.shorts).values.tolist() == [
        ["市人社局", 1, 1], ["市总工会", 2, 0], ["市企联/企协", 0, 0], ["市工商联", 0, 0]]


@pytest.mark.parametrize("pending, unfilled, note", [
    (0, 0, ""),
    (3, 0, "另有 3 户未评估，不计入比率"),
    (0, 1, "另有 1 户未填，不计入比率"),
    (3, 1, "另有 3 户未评估、1 户未填，不计入比率"),
])
def test_the_unanswered_note_names_pending_and_blank_apart(pending, unfilled, note):
    assert metrics.unanswered_note(pending, unfilled) == note


def test_wage_by_year_with_each_years_targets():
    frame = metrics.wage_by_year(inputs().wage, load_plan())
    assert rows(frame) == [[2020, 10, 0.9, 0.9, 0.0, None], [2021, 10, 0.9, 1.0, 0.2, 0.1]]


def test_social_by_county_and_industry():
    summary = pd.DataFrame({"county": ["章贡区", "章贡区", "南康区"], "industry": ["制造业", "建筑业", "制造业"],
                            "orgs": [3, 1, 2], "demo_points": [1, 0, 1], "gold": [1, 0, 0]})
    assert metrics.social_by_county(summary, ("章贡区", "南康区", "安远县")).values.tolist() == [
        ["章贡区", 4, 1, 1], ["南康区", 2, 1, 0], ["安远县", 0, 0, 0]]
    assert metrics.social_by_industry(summary).values.tolist() == [["制造业", 5], ["建筑业", 1]]


def test_pages_report_on_the_plan_years_only():
    plan = load_plan()
    assert metrics.report_year(plan, date(2022, 5, 1)) == 2022
    assert metrics.report_year(plan, date(2026, 11, 24)) == 2023
    assert metrics.plan_years(plan, date(2026, 11, 24), "harmonious_cultivated") == (2021, 2022, 2023)
    assert metrics.plan_years(plan, date(2021, 3, 1)) == (2020, 2021)
    assert metrics.target_in_year(plan, "mediation_success_rate", 2022).id == "mediation.success_rate_2022"
    assert metrics.target_in_year(plan, "mediation_success_rate", 2020) is None


def test_one_years_success_rate_for_the_city_and_per_county():
    by_org_year = pd.DataFrame({
        "org_name": ["甲", "乙", "丙", "丁"], "county": ["章贡区", "章贡区", "于都县", "于都县"],
        "year": [2022, 2022, 2022, 2021], "accepted": [10, 10, 20, 5], "settled": [6, 8, 11, 5],
    })
    ranked = metrics.county_success_in_year(by_org_year, 2022)
    assert ranked[["county", "accepted", "settled"]].values.tolist() == [["章贡区", 20, 14], ["于都县", 20, 11]]
    assert ranked["rate"].tolist() == [0.7, 0.55]


def test_layoff_risk_view_draws_no_empty_chart_when_nobody_is_at_risk():
    from hexie import views

    steady = pd.DataFrame([{"name": "乙", "county": "章贡区", "industry": "家具", "period": date(2023, 6, 1), **STEADY}])
    calm = views.layoff_risk(lambda *a: steady, load_plan(), date(2023, 6, 30), "章贡区")
    assert (calm.by_level, calm.enterprises, calm.by_county) == ({"高": 0, "中": 0, "低": 1}, 1, None)
    shaky = views.layoff_risk(lambda *a: steady.assign(ability_to_pay="弱"), load_plan(), date(2023, 6, 30), "章贡区")
    assert shaky.by_level == {"高": 0, "中": 1, "低": 0}
    assert shaky.by_county.figure.layout.title.text == "各县中高风险重点企业"
