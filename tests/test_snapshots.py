"""会议快照: a snapshot shows the same figures after later corrections, and says what changed since."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hexie.store import SnapshotExists, Store, UploadInfo


def upload(store, ledger, county, when, rows, name="t.xlsx"):
    return store.add_upload(UploadInfo(ledger, county, "张三", name, f"{ledger}{county}{when}", uploaded_at=when), rows)


def mediation(county, period, accepted, settled, org="甲调委会"):
    return {"org_name": org, "county": county, "period": period, "accepted": accepted, "settled": settled}


def service(code, day, county="南康区"):
    return {"name": "新企", "credit_code": code, "county": county, "method": "上门服务", "service_date": day}


@pytest.fixture
def meeting(store):
    """Two counties' mediation returns and one new-enterprise service, then the June meeting's snapshot."""
    ids = {
        "zg": upload(store, "mediation_stats", "章贡区", datetime(2022, 6, 5), [mediation("章贡区", date(2022, 5, 1), 10, 7)]),
        "nk": upload(store, "mediation_stats", "南康区", datetime(2022, 6, 6), [mediation("南康区", date(2022, 5, 1), 10, 4)]),
        "svc": upload(store, "new_enterprise", "南康区", datetime(2022, 6, 7), [service("91360702MA0000001X", date(2022, 5, 3))]),
    }
    store.create_snapshot("6月调度会", date(2022, 6, 30), None, "李主任")
    return ids


def figures(store):
    return (store.mediation_by_org_year(date(2022, 6, 30)).values.tolist(),
            store.new_enterprise_services(date(2022, 6, 30))[["county", "services"]].values.tolist())


def test_snapshot_keeps_its_figures_after_a_correction_a_withdrawal_and_a_late_upload(store, meeting):
    before = figures(store)
    assert before == ([["甲调委会", "南康区", 2022, 10, 4], ["甲调委会", "章贡区", 2022, 10, 7]], [["南康区", 1]])
    # After the meeting: 章贡区 corrects May, 南康区's service upload is withdrawn, 南康区 sends one more service.
    correction = upload(store, "mediation_stats", "章贡区", datetime(2022, 6, 20), [mediation("章贡区", date(2022, 5, 1), 10, 9)])
    store.set_upload_status(meeting["svc"], withdrawn=True)
    late = upload(store, "new_enterprise", "南康区", datetime(2022, 6, 21), [service("91360702MA0000002X", date(2022, 6, 1))])
    assert figures(store) == ([["甲调委会", "南康区", 2022, 10, 4], ["甲调委会", "章贡区", 2022, 10, 9]], [["南康区", 1]])
    assert figures(store.frozen("6月调度会")) == before
    assert set(store.uploads_changed_since("6月调度会")["id"]) == {meeting["zg"], meeting["svc"], correction, late}


def test_changes_since_are_listed_by_kind(store, meeting):
    correction = upload(store, "mediation_stats", "章贡区", datetime(2022, 6, 20), [mediation("章贡区", date(2022, 5, 1), 10, 9)])
    store.set_upload_status(meeting["svc"], withdrawn=True)
    changes = store.uploads_changed_since("6月调度会")
    assert changes[["change", "id", "ledger", "county"]].values.tolist() == [
        ["replaced", meeting["zg"], "mediation_stats", "章贡区"],
        ["withdrawn", meeting["svc"], "new_enterprise", "南康区"],
        ["added", correction, "mediation_stats", "章贡区"],
    ]


def test_an_unchanged_snapshot_lists_nothing_and_names_are_unique(store, meeting):
    assert store.uploads_changed_since("6月调度会").empty
    with pytest.raises(SnapshotExists, match="已有名为“6月调度会”的快照"):
        store.create_snapshot("6月调度会", date(2022, 7, 1), None, "王五")
    listed = store.snapshots()
    row = listed.iloc[0]
    assert (len(listed), row["name"], row["as_of"].date(), row["created_by"], row["uploads"]) == (
        1, "6月调度会", date(2022, 6, 30), "李主任", 3)
    assert row["county"] is None or row["county"] != row["county"]  # the whole city
    with pytest.raises(LookupError, match="没有名为“7月”的快照"):
        store.frozen("7月")


def test_appending_ledger_in_a_snapshot_keeps_its_first_upload_of_a_duplicate(store, meeting):
    # The same service sent again later is a duplicate today and in the snapshot alike.
    upload(store, "new_enterprise", "南康区", datetime(2022, 6, 25), [service("91360702MA0000001X", date(2022, 5, 3))], "again.xlsx")
    assert figures(store)[1] == [["南康区", 1]]
    assert figures(store.frozen("6月调度会"))[1] == [["南康区", 1]]


def test_snapshot_commands_create_refuse_a_second_of_the_same_name_and_list(tmp_path, users_file, capsys):
    from hexie.access import ADMIN, CONSOLE
    from hexie.accounts import Accounts
    from hexie.cli import main

    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        upload(store, "mediation_stats", "章贡区", datetime(2022, 6, 5), [mediation("章贡区", date(2022, 5, 1), 10, 7)])
    Accounts(users_file).add(CONSOLE, "李主任", ADMIN, None, "password123")
    args = ["snapshot", "create", "6月调度会", "--as-of", "2022-06-30", "--db", str(db), "--as", "李主任"]
    assert main(args) == 0
    assert capsys.readouterr().out == "已冻结快照“6月调度会”：截至 2022-06-30，全市，计入 1 批上传；冻结人 李主任\n"
    assert main(args) == 1
    assert capsys.readouterr().err == "错误：已有名为“6月调度会”的快照；快照冻结后不能覆盖，请换一个名称\n"
    assert main(["withdraw", "1", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["snapshot", "list", "--db", str(db)]) == 0
    line = capsys.readouterr().out.strip().split("\t")
    assert (line[0], line[1], line[2], line[3], line[5]) == ("6月调度会", "截至 2022-06-30", "全市", "1 批上传", "之后：已撤回 1 批")


def test_a_page_opened_by_snapshot_shows_its_banner_and_frozen_figures(demo_db, tmp_path, monkeypatch):
    import shutil
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    with Store.open(path) as store:
        store.create_snapshot("6月调度会", date(2022, 6, 30), "安远县", "李主任")
        first = int(store.uploads(county="安远县")["id"].min())
        store.set_upload_status(first, withdrawn=True)
    monkeypatch.setenv("HEXIE_DB", str(path))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "pages" / "gantt.py"), default_timeout=60)
    at.query_params["snapshot"] = "6月调度会"
    at.run()
    assert [e.value for e in at.exception] == []
    assert at.info[0].value.startswith("按快照“6月调度会”显示：截至 2022年06月30日，安远县；李主任 于 ")
    assert at.subheader[0].value == "进度甘特图 · 安远县 · 截至 2022年06月30日"
    assert at.expander[0].label.startswith("快照之后数据有变化：已撤回 1 批。")
