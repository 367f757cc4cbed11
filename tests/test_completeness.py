"""催报: the reporting calendar, each cell's status with days overdue, the clerk's to-do, notices and the command."""

from __future__ import annotations

import json
from pathlib import Path
from datetime import date, datetime

from hexie.access import ADMIN, CLERK, User
from hexie.cli import main
from hexie.completeness import completeness, notices, to_do
from hexie.plan import PLAN_ENV_VAR, Duty, load_plan
from hexie.review import decide, set_review
from hexie.store import UploadInfo

ADMIN_USER = User("管理员", ADMIN)
YUDU = User("于都填报员", CLERK, "于都县")
SECOND_PLAN = Path(__file__).parent / "fixtures" / "plan-2024.yaml"
MONTHLY = Duty("mediation_stats", "county", "monthly", first="2021-01", last="2021-03", after_period_days=10)
ONCE = Duty("key_enterprise", "county", "once", due=date(2021, 2, 28))


def stats_row(county, month):
    return {"org_name": f"{county}调解委员会", "county": county, "period": month, "accepted": 3, "settled": 2}


def add_stats(store, county, month, when, pending=False):
    info = UploadInfo("mediation_stats", county, "测试", f"{county}{month}.xlsx", f"{county}{month}{when}",
                      uploaded_at=when, pending=pending)
    return store.add_upload(info, [stats_row(county, date.fromisoformat(month + "-01"))])


def statuses(cells, unit):
    return [(c.ledger, c.period, c.label) for c in cells if c.unit == unit]


def test_calendar_in_the_plan_file_reads_the_documents_dates():
    duties = {d.ledger: d for d in load_plan().reporting}
    assert duties["social_org"].periods() == [("一次性", date(2021, 1, 31))]
    assert duties["key_enterprise"].periods() == [("一次性", date(2021, 2, 28))]
    assert duties["harmonious"].periods() == [("2021", date(2021, 2, 1)), ("2022", date(2022, 2, 1)), ("2023", date(2023, 2, 1))]
    assert duties["mediation_stats"].periods()[:2] == [("2021-01", date(2021, 2, 10)), ("2021-02", date(2021, 3, 10))]
    assert duties["mediation_stats"].periods()[-1] == ("2023-09", date(2023, 10, 10))
    assert Duty("wage_survey", "county", "quarterly", first="2021-01", last="2021-06", after_period_days=15).periods() == [
        ("2021-Q1", date(2021, 4, 15)), ("2021-Q2", date(2021, 7, 15))]


def test_periods_begun_by_a_date_include_the_period_that_starts_that_day():
    assert MONTHLY.periods(begun_by=date(2021, 2, 1)) == [("2021-01", date(2021, 2, 10)), ("2021-02", date(2021, 3, 10))]
    assert MONTHLY.periods(begun_by=date(2020, 12, 31)) == []
    assert ONCE.periods(begun_by=date(2020, 1, 1)) == [("一次性", date(2021, 2, 28))]
    quarterly = Duty("wage_survey", "county", "quarterly", first="2021-01", last="2021-06", after_period_days=15)
    assert quarterly.periods(begun_by=date(2021, 3, 31)) == [("2021-Q1", date(2021, 4, 15))]
    yearly = Duty("harmonious", "city", "yearly", first="2021", last="2023", yearly_due="02-01")
    assert yearly.periods(begun_by=date(2022, 1, 1)) == [("2021", date(2021, 2, 1)), ("2022", date(2022, 2, 1))]


def test_every_ledger_a_county_reports_has_a_calendar_row():
    owed = {d.ledger for d in load_plan().reporting}
    assert owed == {"social_org", "coordinator", "mediation_org", "mediator", "key_enterprise", "mediation_stats",
                    "enterprise_base", "new_enterprise", "wage_survey", "harmonious"}
    assert {d.ledger: d for d in load_plan().reporting}["mediator"].periods() == [("一次性", date(2021, 1, 31))]


def test_the_second_plan_brings_its_own_calendar():
    duties = {d.ledger: d for d in load_plan(SECOND_PLAN).reporting}
    assert list(duties) == ["social_org", "key_enterprise", "mediator", "mediation_stats", "wage_survey", "harmonious"]
    assert duties["mediator"].periods() == [("一次性", date(2024, 9, 30))]
    assert duties["mediation_stats"].periods()[:2] == [("2024-Q2", date(2024, 7, 20)), ("2024-Q3", date(2024, 10, 20))]
    assert duties["mediation_stats"].periods()[-1] == ("2026-Q2", date(2026, 7, 20))
    assert duties["wage_survey"].periods() == [("2024", date(2025, 2, 14)), ("2025", date(2026, 2, 14))]
    assert duties["harmonious"].periods() == [("2025", date(2025, 3, 15)), ("2026", date(2026, 3, 15))]


def test_each_cell_is_reported_pending_returned_not_due_or_overdue_with_days(store):
    add_stats(store, "于都县", "2021-01", datetime(2021, 2, 5))
    set_review(store, ADMIN_USER, "mediation_stats", True)
    pending = add_stats(store, "于都县", "2021-02", datetime(2021, 3, 8), pending=True)
    returned = add_stats(store, "瑞金市", "2021-01", datetime(2021, 2, 9), pending=True)
    decide(store, ADMIN_USER, returned, approved=False, comment="数字有误")
    cells = completeness(store, ADMIN_USER, [MONTHLY, ONCE], date(2021, 3, 20))
    assert statuses(cells, "于都县") == [
        ("mediation_stats", "2021-01", "已报"), ("mediation_stats", "2021-02", "待审"),
        ("mediation_stats", "2021-03", "未报"), ("key_enterprise", "一次性", "逾期 20 天"),
    ]
    assert statuses(cells, "瑞金市")[:2] == [("mediation_stats", "2021-01", "退回"), ("mediation_stats", "2021-02", "逾期 10 天")]
    assert len({c.unit for c in cells}) == 18
    assert store.upload(pending)["status"] == "pending"


def test_an_upload_arriving_after_the_as_of_date_does_not_count_yet(store):
    add_stats(store, "于都县", "2021-01", datetime(2021, 2, 20))
    assert statuses(completeness(store, ADMIN_USER, [MONTHLY], date(2021, 2, 15), "于都县"), "于都县") == [
        ("mediation_stats", "2021-01", "逾期 5 天"), ("mediation_stats", "2021-02", "未报")]


def test_a_clerk_sees_only_their_own_to_do_and_notices_name_what_is_owed(store):
    add_stats(store, "于都县", "2021-01", datetime(2021, 2, 5))
    cells = completeness(store, YUDU, [MONTHLY, ONCE], date(2021, 3, 20), "瑞金市")
    assert {c.unit for c in cells} == {"于都县"}
    assert [(c.period, c.label) for c in to_do(cells)] == [("一次性", "逾期 20 天"), ("2021-02", "逾期 10 天"), ("2021-03", "未报")]
    assert notices(cells, date(2021, 3, 20)) == {"于都县": (
        "【催报】于都县：截至2021年03月20日，以下台账尚未报送或被退回，请尽快通过看板“数据上传”报送：\n"
        "· 重点企业用工指导服务工作台账，截止 2021-02-28，已逾期 20 天\n"
        "· 调解工作统计（2021-02），截止 2021-03-10，已逾期 10 天"
    )}


def test_completeness_command_prints_the_same_figures(tmp_path, capsys):
    db = tmp_path / "h.duckdb"
    from hexie.store import Store

    with Store.open(db) as store:
        add_stats(store, "于都县", "2021-01", datetime(2021, 2, 5))
        expected = completeness(store, ADMIN_USER, load_plan().reporting, date(2021, 3, 20), "于都县")
    assert main(["completeness", "--db", str(db), "--as-of", "2021-03-20", "--county", "于都", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(p["ledger"], p["period"], p["status"], p["days_overdue"]) for p in printed] == [
        (c.ledger, c.period, c.status, c.days_overdue) for c in expected]
    assert ("mediation_stats", "2021-01", "已报", 0) in [(p["ledger"], p["period"], p["status"], p["days_overdue"]) for p in printed]
    assert main(["completeness", "--db", str(db), "--as-of", "2021-03-20", "--county", "于都"]) == 0
    assert "于都县\t调解工作统计\t2021-02\t2021-03-10\t逾期 10 天" in capsys.readouterr().out.splitlines()


def test_completeness_command_reads_the_calendar_of_the_plan_it_is_given(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(PLAN_ENV_VAR, raising=False)  # the default plan's calendar must not leak in
    db = tmp_path / "h.duckdb"
    from hexie.store import Store

    Store.open(db).close()
    assert main(["completeness", "--db", str(db), "--as-of", "2024-10-01", "--county", "于都", "--plan", str(SECOND_PLAN),
                 "--json"]) == 0
    assert [(p["ledger"], p["period"], p["due"], p["status"], p["days_overdue"]) for p in json.loads(capsys.readouterr().out)] == [
        ("social_org", "一次性", "2024-06-30", "逾期", 93),
        ("key_enterprise", "一次性", "2024-05-31", "逾期", 123),
        ("mediator", "一次性", "2024-09-30", "逾期", 1),
        ("mediation_stats", "2024-Q2", "2024-07-20", "逾期", 73),
        ("mediation_stats", "2024-Q3", "2024-10-20", "未报", 0),
        ("mediation_stats", "2024-Q4", "2025-01-20", "未报", 0),
        ("wage_survey", "2024", "2025-02-14", "未报", 0),
    ]


def test_matrix_marks_overdue_returned_and_waiting_cells(store):
    from hexie.completeness import cell_style, matrix

    add_stats(store, "于都县", "2021-01", datetime(2021, 2, 5))
    cells = completeness(store, ADMIN_USER, [MONTHLY], date(2021, 3, 20), "于都县")
    assert matrix(cells).values.tolist() == [["于都县", "已报", "逾期 10 天", "未报"]]
    assert [cell_style(v) for v in ("已报", "逾期 10 天", "退回", "待审", "未报")] == [
        "", "background-color: #f4c7c3", "background-color: #fce0b2", "background-color: #fff3b0", ""]


def test_a_snapshot_shows_completeness_as_it_stood_when_frozen(store):
    reported = add_stats(store, "于都县", "2021-01", datetime(2021, 2, 5))
    set_review(store, ADMIN_USER, "mediation_stats", True)
    waiting = add_stats(store, "于都县", "2021-02", datetime(2021, 3, 8), pending=True)
    returned = add_stats(store, "瑞金市", "2021-01", datetime(2021, 2, 9), pending=True)
    decide(store, ADMIN_USER, returned, approved=False, comment="数字有误")
    store.create_snapshot("3月调度会", date(2021, 3, 20), None, "管理员")
    frozen_before = completeness(store.frozen("3月调度会"), ADMIN_USER, [MONTHLY], date(2021, 3, 20))
    # After the meeting: 于都县's January is withdrawn, its February approved, 瑞金市 and 会昌县 send January.
    store.set_upload_status(reported, withdrawn=True)
    decide(store, ADMIN_USER, waiting, approved=True)
    set_review(store, ADMIN_USER, "mediation_stats", False)
    add_stats(store, "瑞金市", "2021-01", datetime(2021, 3, 1))
    add_stats(store, "会昌县", "2021-01", datetime(2021, 3, 2))
    live = completeness(store, ADMIN_USER, [MONTHLY], date(2021, 3, 20))
    frozen = completeness(store.frozen("3月调度会"), ADMIN_USER, [MONTHLY], date(2021, 3, 20))
    assert frozen == frozen_before
    assert [statuses(frozen, unit)[:2] for unit in ("于都县", "瑞金市", "会昌县")] == [
        [("mediation_stats", "2021-01", "已报"), ("mediation_stats", "2021-02", "待审")],
        [("mediation_stats", "2021-01", "退回"), ("mediation_stats", "2021-02", "逾期 10 天")],
        [("mediation_stats", "2021-01", "逾期 38 天"), ("mediation_stats", "2021-02", "逾期 10 天")],
    ]
    assert [statuses(live, unit)[:2] for unit in ("于都县", "瑞金市", "会昌县")] == [
        [("mediation_stats", "2021-01", "逾期 38 天"), ("mediation_stats", "2021-02", "已报")],
        [("mediation_stats", "2021-01", "已报"), ("mediation_stats", "2021-02", "逾期 10 天")],
        [("mediation_stats", "2021-01", "已报"), ("mediation_stats", "2021-02", "逾期 10 天")],
    ]


def test_the_calendar_lists_each_duty_with_who_how_often_and_its_reading():
    from hexie.completeness import calendar_frame

    frame = calendar_frame(load_plan().reporting)
    assert frame.iloc[4].tolist() == [
        "重点企业用工指导服务工作台账", "各县（市、区）", "一次", "2021年2月前，各地建立重点企业用工指导服务工作台账。"]
    assert frame.iloc[-1].tolist()[:3] == ["和谐企业培育台账", "市本级", "每年"]
    assert frame["频次"].value_counts().to_dict() == {"一次": 5, "每年": 4, "每月": 1}
