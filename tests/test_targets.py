"""The one target judgement: small hand-built ledgers, one per rule, exact statuses around every deadline and step."""

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from stdnum.cn import uscc

from hexie import charts, targets
from hexie.geo import COUNTY_NAMES
from hexie.plan import load_plan
from hexie.store import UploadInfo
from hexie.targets import BEHIND, MET, MISSED, NO_DATA, ON_TRACK

PLAN = load_plan()
EMPTY = {
    "social": ["name", "county", "demo_since", "gold_year"],
    "gold_coordinators": ["year", "gold"],
    "coordinators": ["county", "coordinators", "grassroots", "gold", "covered_large_medium"],
    "enterprise_base": ["county", "year", "large_medium", "small_micro"],
    "mediation": ["name", "county", "gold_batch", "gold_since", "recommended_year"],
    "mediation_by_org_year": ["org_name", "county", "year", "accepted", "settled"],
    "harmonious": ["year", "recommender", "enterprises", "assessed", "reached", "pending", "unfilled"],
    "new_enterprises": ["credit_code", "name", "county", "registered_on", "first_served"],
    "new_enterprise_services": ["county", "year", "method", "services", "enterprises"],
    "wage": ["year", "ownership", "surveyed", "feedback", "individual", "skill_guidance", "demonstration"],
    "wage_firsts": ["kind", "ownership", "year", "enterprises"],
}


def inputs(**frames) -> targets.Inputs:
    """Inputs with every frame empty except those given as lists of row dicts."""
    return targets.Inputs(**{name: pd.DataFrame(frames.get(name, []), columns=cols) for name, cols in EMPTY.items()})


def judged(target_id: str, data: targets.Inputs, as_of: date, county: str | None = None) -> targets.TargetResult:
    return next(r for r in targets.judge(PLAN, data, as_of, county, data) if r.id == target_id)


def status(target_id: str, data: targets.Inputs, as_of: date) -> str:
    return judged(target_id, data, as_of).status


DAY = timedelta(days=1)


def code(first17: str) -> str:
    return first17 + uscc.calc_check_digit(first17)


# ---- deadline ----

def test_a_one_off_selection_is_not_due_before_its_deadline():
    nothing = inputs(social=[{"name": "甲会", "county": "章贡区", "demo_since": None, "gold_year": None}])
    due = PLAN.target("social_org.gold_orgs").due
    assert due == date(2023, 9, 30)
    assert [status("social_org.gold_orgs", nothing, d) for d in (date(2021, 6, 1), due - DAY, due, due + DAY)] == [
        ON_TRACK, ON_TRACK, ON_TRACK, MISSED]
    chosen = inputs(social=[{"name": "甲会", "county": "章贡区", "demo_since": date(2022, 1, 1), "gold_year": 2022}])
    assert status("social_org.gold_orgs", chosen, date(2022, 12, 1)) == MET
    result = judged("social_org.gold_orgs", nothing, due + DAY)
    assert (result.value, result.goal, result.expected, result.reason) == (0, 1, 1, "截止2023-09-30已过，0家 / 目标 1家")


def test_four_cultivated_enterprises_are_due_by_the_first_of_february():
    three = inputs(harmonious=[{"year": 2022, "recommender": b, "enterprises": 1, "assessed": 0, "reached": 0, "pending": 1,
                                "unfilled": 0}
                               for b in ("市人社局", "市总工会", "市企联/企协")])
    due = date(2022, 2, 1)
    assert [status("harmonious.cultivated_2022", three, d) for d in (due - DAY, due, due + DAY, date(2022, 6, 30))] == [
        ON_TRACK, ON_TRACK, MISSED, MISSED]
    body = judged("harmonious.recommended_2022", three, due + DAY)
    assert (body.status, body.value, body.goal, body.shortfall) == (MISSED, 3, 4, ("市工商联",))
    assert body.headline == "达标单位 3/4"


# ---- steps ----

def gold_orgs(*batches: str) -> targets.Inputs:
    since = {"第一批": date(2021, 7, 1), "第二批": date(2022, 7, 1), "第三批": date(2023, 4, 1), None: None}
    return inputs(mediation=[{"name": f"组织{i}", "county": "章贡区", "gold_batch": b, "gold_since": since[b], "recommended_year": None}
                             for i, b in enumerate(batches)])


@pytest.mark.parametrize("batches, as_of, expected, status_", [
    (("第一批",) * 2, date(2021, 9, 30), 0, ON_TRACK),          # the first step's day: nothing yet overdue
    (("第一批",) * 2, date(2021, 10, 1), 3, BEHIND),            # the day after: 3 were due, 2 chosen
    (("第一批",) * 3, date(2021, 10, 1), 3, ON_TRACK),
    (("第一批",) * 3 + ("第二批",) * 2, date(2022, 7, 31), 3, ON_TRACK),
    (("第一批",) * 3 + ("第二批",) * 2, date(2022, 8, 1), 6, BEHIND),
    (("第一批",) * 3 + ("第二批",) * 3 + ("第三批",) * 3, date(2023, 5, 31), 6, ON_TRACK),
    (("第一批",) * 3 + ("第二批",) * 3 + ("第三批",) * 3, date(2023, 6, 1), 10, MISSED),
    (("第一批",) * 4 + ("第二批",) * 3 + ("第三批",) * 3, date(2023, 6, 1), 10, MET),
])
def test_gold_mediation_organisations_follow_the_three_batches(batches, as_of, expected, status_):
    result = judged("mediation.gold_total", gold_orgs(*batches), as_of)
    assert (result.expected, result.status) == (expected, status_)


def test_each_batch_counts_only_its_own_organisations():
    data = gold_orgs("第一批", "第一批", "第二批", None)
    assert [judged(f"mediation.gold_batch{n}", data, date(2023, 6, 1)).value for n in (1, 2, 3)] == [2, 1, 0]


# ---- linear and 左右 ----

def served(n: int, day: date = date(2021, 3, 1)) -> targets.Inputs:
    return inputs(new_enterprises=[{"credit_code": code(f"91360702{i:09d}"), "name": f"企{i}", "county": "章贡区",
                                    "registered_on": date(2021, 1, 1), "first_served": day} for i in range(n)])


def test_steady_work_follows_a_straight_path_read_as_about():
    target = PLAN.target("new_enterprise.served")
    half = target.period_from + (target.period_to - target.period_from) / 2
    result = judged("new_enterprise.served", served(450), half)
    assert (round(result.expected), result.status) == (500, ON_TRACK)      # 450 ≥ 90% of 500
    assert judged("new_enterprise.served", served(449), half).status == BEHIND
    assert [status("new_enterprise.served", served(n), target.period_to + DAY) for n in (899, 900, 1200)] == [MISSED, MET, MET]
    assert "900" in result.reading and "左右" in result.reading


def test_most_means_more_than_half():
    def coverage(covered: int) -> targets.Inputs:
        return inputs(coordinators=[{"county": "章贡区", "coordinators": 9, "grassroots": 0, "gold": 0, "covered_large_medium": covered}],
                      enterprise_base=[{"county": "章贡区", "year": 2023, "large_medium": 10, "small_micro": 1}])
    end = PLAN.target("coordinator.large_medium_coverage").due
    assert [status("coordinator.large_medium_coverage", coverage(c), end) for c in (5, 6)] == [BEHIND, MET]
    assert status("coordinator.large_medium_coverage", coverage(5), end + DAY) == MISSED
    assert "过半" in judged("coordinator.large_medium_coverage", coverage(5), end).reading


def test_coverage_above_the_base_is_listed_as_a_data_problem_and_left_out():
    data = inputs(
        coordinators=[{"county": "章贡区", "coordinators": 9, "grassroots": 0, "gold": 0, "covered_large_medium": 12},
                      {"county": "南康区", "coordinators": 9, "grassroots": 0, "gold": 0, "covered_large_medium": 6}],
        enterprise_base=[{"county": "章贡区", "year": 2023, "large_medium": 10, "small_micro": 1},
                         {"county": "南康区", "year": 2023, "large_medium": 10, "small_micro": 1}])
    result = judged("coordinator.large_medium_coverage", data, date(2023, 9, 30))
    assert (result.value, result.status) == (0.6, MET)
    assert result.problems == ("章贡区：已配备协调员的大中型企业12户，多于企业基数10户",)
    assert result.reason.endswith("数据有误（不计入）：章贡区：已配备协调员的大中型企业12户，多于企业基数10户")


# ---- rates ----

MIXED = [
    {"org_name": "甲", "county": "章贡区", "year": 2022, "accepted": 20, "settled": 18},   # 90%
    {"org_name": "乙", "county": "章贡区", "year": 2022, "accepted": 20, "settled": 13},   # 65%: at least
    {"org_name": "丙", "county": "南康区", "year": 2022, "accepted": 20, "settled": 12},   # 60%
    {"org_name": "丁", "county": "南康区", "year": 2022, "accepted": 0, "settled": 0},     # no cases: not judged
    {"org_name": "丙", "county": "南康区", "year": 2021, "accepted": 10, "settled": 9},
]


def test_the_mediation_bar_is_judged_per_organisation_and_year():
    data = inputs(mediation_by_org_year=MIXED)
    during = judged("mediation.success_rate_2022", data, date(2022, 12, 31))
    assert (during.status, during.value, during.goal, during.shortfall) == (BEHIND, 2, 3, ("丙（南康区）",))
    assert during.headline == "达标组织 2/3"
    assert during.context == "合计成功率 71.7%（仅供参考，目标按每个组织计）"
    assert status("mediation.success_rate_2022", data, date(2023, 1, 1)) == MISSED
    assert status("mediation.success_rate_2021", data, date(2021, 6, 30)) == MET
    assert status("mediation.success_rate_2023", data, date(2023, 6, 30)) == NO_DATA


def cultivated(year: int, recommender: str, assessed: int, reached: int, pending: int, unfilled: int = 0) -> dict:
    return {"year": year, "recommender": recommender, "enterprises": assessed + pending + unfilled, "assessed": assessed,
            "reached": reached, "pending": pending, "unfilled": unfilled}


def test_the_standard_share_counts_only_assessed_enterprises_and_says_how_many_are_not():
    # One of one assessed enterprise reached the standard; four are still in cultivation (未评估), one left blank.
    data = inputs(harmonious=[cultivated(2023, "市人社局", 1, 1, 0), cultivated(2023, "市总工会", 0, 0, 2),
                              cultivated(2023, "市企联/企协", 0, 0, 2, 1)])
    result = judged("harmonious.standard_share_2023", data, date(2023, 9, 30))
    assert (result.value, result.status) == (1.0, MET)
    assert result.reason == "已达标：100% / 目标 80%；另有 4 户未评估、1 户未填，不计入比率"
    assert result.unanswered == "另有 4 户未评估、1 户未填，不计入比率"
    # A met card shows what it leaves out; without that it shows no reason (only in the hover note).
    assert ">另有 4 户未评估、1 户未填，不计入比率<" in charts.target_cards_html([result])
    assert ">已达标：" not in charts.target_cards_html([judged("harmonious.standard_share_2023", inputs(
        harmonious=[cultivated(2023, "市人社局", 1, 1, 0)]), date(2023, 9, 30))])
    none_assessed = judged("harmonious.standard_share_2023", inputs(harmonious=[cultivated(2023, "市总工会", 0, 0, 3)]),
                           date(2023, 6, 30))
    assert (none_assessed.value, none_assessed.status, none_assessed.reason) == (
        None, NO_DATA, "暂无数据：2023年培育企业尚未评估（3 户未评估）")


def test_the_individualised_wage_share_is_judged_per_survey_year():
    survey = {"ownership": "民营企业", "surveyed": 10, "feedback": 10, "skill_guidance": 0, "demonstration": 0}
    data = inputs(wage=[{**survey, "year": 2021, "individual": 2}, {**survey, "year": 2022, "individual": 0}])
    assert judged("wage.individual_service_2021", data, date(2022, 6, 1)).status == MET
    late = judged("wage.individual_service_2022", data, date(2023, 1, 1))
    assert (late.value, late.status) == (0.0, MISSED)   # pooled over both years it would be 10% and met


# ---- counties ----

def test_training_is_owed_by_each_of_the_18_counties_and_a_zone_does_not_stand_in():
    data = inputs(new_enterprise_services=[{"county": "赣州经开区", "year": 2021, "method": "培训班", "services": 30, "enterprises": 30}])
    result = judged("new_enterprise.training_2021", data, date(2022, 1, 1))
    assert (result.status, result.value, result.goal) == (MISSED, 0, 18)
    assert result.shortfall == COUNTY_NAMES
    assert judged("new_enterprise.training_2021", data, date(2021, 12, 31)).status == ON_TRACK
    some = inputs(new_enterprise_services=[{"county": c, "year": 2021, "method": "培训班", "services": 1, "enterprises": 1}
                                           for c in COUNTY_NAMES if c != "安远县"])
    assert judged("new_enterprise.training_2021", some, date(2022, 1, 1)).shortfall == ("安远县",)


def test_a_chosen_county_judges_county_targets_for_itself_and_city_targets_on_city_data():
    city = inputs(new_enterprise_services=[{"county": "章贡区", "year": 2021, "method": "培训班", "services": 1, "enterprises": 1}],
                  social=[{"name": "甲会", "county": "南康区", "demo_since": date(2021, 1, 1), "gold_year": 2021}])
    local = inputs(new_enterprise_services=[{"county": "章贡区", "year": 2021, "method": "培训班", "services": 1, "enterprises": 1}])
    results = {r.id: r for r in targets.judge(PLAN, city, date(2022, 1, 1), "章贡区", local)}
    assert (results["new_enterprise.training_2021"].value, results["new_enterprise.training_2021"].goal) == (1, 1)
    assert results["social_org.gold_orgs"].status == MET


def test_each_county_recommends_one_mediation_organisation_a_year():
    data = inputs(mediation=[{"name": f"{c}调解中心", "county": c, "gold_batch": None, "gold_since": None, "recommended_year": 2021}
                             for c in COUNTY_NAMES[:17]])
    result = judged("mediation.recommended_2021", data, date(2021, 10, 1))
    assert (result.status, result.headline, result.shortfall) == (MISSED, "达标县 17/18", (COUNTY_NAMES[17],))


# ---- every target always appears ----

def test_without_data_every_target_appears_and_says_so():
    results = targets.judge(PLAN, inputs(), date(2022, 6, 30))
    assert [r.id for r in results] == [t.id for t in PLAN.targets]
    assert {r.status for r in results} == {NO_DATA, ON_TRACK}
    assert all(r.status == ON_TRACK and r.reason.startswith("尚未开始") for r in results if r.status != NO_DATA)
    table = targets.results_table(results)
    assert len(table) == len(PLAN.targets)
    assert table.loc[table["编号"] == "social_org.gold_orgs", ["目前数值", "状态", "说明"]].values.tolist() == [
        [None, "暂无数据", "暂无数据：协调劳动关系社会组织台账还没有记录"]]


def test_the_overview_shows_the_target_of_the_year_holding_the_date():
    chosen = {r.id for r in targets.current(PLAN, targets.judge(PLAN, inputs(), date(2022, 3, 1)), date(2022, 3, 1))}
    assert {"harmonious.cultivated_2022", "mediation.gold_batch2", "mediation.gold_total", "wage.individual_service_2022"} <= chosen
    assert not chosen & {"harmonious.cultivated_2021", "wage.individual_service_2021", "wage.individual_service_2023"}


# ---- selections are events (through the store) ----

def coordinator(name: str, period: date, gold: bool, year: int | None = None) -> dict:
    return {"name": name, "county": "章贡区", "employer": "A厂", "employer_type": "大中型企业", "gold": gold,
            "gold_year": year, "period": period}


def upload(store, ledger: str, county: str, when: datetime, rows: list[dict]) -> int:
    info = UploadInfo(ledger, county, "测试", f"{ledger}-{when:%Y%m%d}.xlsx", f"{ledger}{when}", uploaded_at=when)
    return store.add_upload(info, rows, None)


def test_a_gold_coordinator_a_later_roster_drops_stays_counted_for_their_year(store):
    first = upload(store, "coordinator", "章贡区", datetime(2021, 7, 5), [
        coordinator("张", date(2021, 7, 1), True, 2021), coordinator("李", date(2021, 7, 1), False)])
    upload(store, "coordinator", "章贡区", datetime(2023, 1, 5), [coordinator("李", date(2023, 1, 1), True, 2022)])
    assert store.gold_coordinators_by_year(date(2023, 6, 30)).values.tolist() == [[2021, 1], [2022, 1]]
    # Only the latest roster would have lost 张 and turned 2021 red.
    assert store.coordinator_summary(date(2023, 6, 30))["gold"].tolist() == [1]
    store.set_upload_status(first, withdrawn=True)
    assert store.gold_coordinators_by_year(date(2023, 6, 30)).values.tolist() == [[2022, 1]]
    store.set_upload_status(first, withdrawn=False)
    assert store.gold_coordinators_by_year(date(2023, 6, 30)).values.tolist() == [[2021, 1], [2022, 1]]
    # A corrected roster for the same period replaces the record it corrects.
    upload(store, "coordinator", "章贡区", datetime(2021, 7, 20), [coordinator("张", date(2021, 7, 1), False)])
    assert store.gold_coordinators_by_year(date(2023, 6, 30)).values.tolist() == [[2022, 1]]


def test_a_gold_mediation_organisation_stays_in_its_batch(store):
    def org(batch, period, recommended=None):
        return {"name": "水西调解中心", "county": "章贡区", "org_type": "乡镇（街道）调解组织", "gold": batch is not None,
                "gold_batch": batch, "recommended_year": recommended, "period": period}
    upload(store, "mediation_org", "章贡区", datetime(2021, 7, 5), [org("第一批", date(2021, 7, 1), 2021)])
    upload(store, "mediation_org", "章贡区", datetime(2022, 7, 5), [org("第二批", date(2022, 7, 1))])
    upload(store, "mediation_org", "章贡区", datetime(2023, 1, 5), [org(None, date(2023, 1, 1))])
    assert store.mediation_org_selections(date(2023, 6, 30)).astype(object).values.tolist() == [
        ["水西调解中心", "章贡区", "第一批", pd.Timestamp(2021, 7, 1), 2021]]
    assert store.mediation_org_selections(date(2021, 6, 30)).empty


def test_targets_command_prints_the_same_results_as_json(demo_db, capsys):
    import json

    from hexie import cli
    from hexie.store import Store

    assert cli.main(["targets", "--db", str(demo_db), "--as-of", "2022-08-01", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    with Store.open(demo_db) as store:
        expected = targets.evaluate(PLAN, lambda m, d, c: getattr(store, m)(d, c, reported=False), date(2022, 8, 1))
    assert printed == [r.as_json() for r in expected]
    assert [p["id"] for p in printed] == [t.id for t in PLAN.targets]
    assert set(printed[0]) >= {"id", "title", "value", "goal", "expected", "status", "reason"}
    assert {p["status"] for p in printed} <= set(targets.STATUSES)


@pytest.mark.parametrize("argv, message", [
    (["--as-of", "2022-13-01"], "错误：--as-of “2022-13-01”不是日期，应写作 YYYY-MM-DD"),
    (["--as-of", "2022-08-01", "--county", "赣州经开区"],
     "错误：--county 须是18个县（市、区）之一，赣州经开区不能代替县（市、区）计入目标"),
])
def test_targets_command_refuses_wrong_options_in_chinese(demo_db, argv, message):
    from hexie import cli

    with pytest.raises(SystemExit) as stop:
        cli.main(["targets", "--db", str(demo_db), *argv])
    assert str(stop.value) == message


def test_targets_json_says_what_a_rate_leaves_unanswered(demo_db, capsys):
    import json

    from hexie import cli

    assert cli.main(["targets", "--db", str(demo_db), "--as-of", "2023-09-30", "--json"]) == 0
    printed = {p["id"]: p for p in json.loads(capsys.readouterr().out)}
    share = printed["harmonious.standard_share_2023"]
    assert (share["value"], share["status"], share["unanswered"]) == (1.0, "met", "另有 2 户未评估，不计入比率")
    assert printed["harmonious.standard_share_2021"]["unanswered"] == ""
