"""会议快照 are frozen and deleted by administrators only, both audited; the command line's --as goes through accounts."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from hexie import snapshots
from hexie.access import ADMIN, CLERK, CONSOLE, VIEWER, AccessDenied, User
from hexie.accounts import Accounts
from hexie.cli import main
from hexie.store import Store, UploadInfo

ADMIN_USER = User("市管理员", ADMIN)
YUDU = User("于都填报员", CLERK, "于都县")
LEADER = User("领导", VIEWER)


def stats_upload(store, county="章贡区", when=datetime(2022, 6, 5)):
    row = {"org_name": "甲调委会", "county": county, "period": date(2022, 5, 1), "accepted": 10, "settled": 7}
    return store.add_upload(UploadInfo("mediation_stats", county, "张三", "t.xlsx", f"{county}{when}", uploaded_at=when), [row])


def audit_rows(store) -> list[list]:
    """The audit trail oldest first as [actor, action, upload_id, detail, outcome] (no upload: None)."""
    log = store.audit_log().iloc[::-1]
    return [[a, act, None if pd.isna(u) else int(u), d, o]
            for a, act, u, d, o in log[["actor", "action", "upload_id", "detail", "outcome"]].itertuples(index=False)]


@pytest.fixture
def frozen(store):
    stats_upload(store)
    snap = snapshots.freeze(store, ADMIN_USER, "6月调度会", date(2022, 6, 30), "安远县")
    return store, snap


def test_an_administrator_freezes_and_the_freeze_is_audited(frozen):
    store, snap = frozen
    assert (snap.name, snap.as_of, snap.county, snap.reported, snap.created_by) == (
        "6月调度会", date(2022, 6, 30), "安远县", True, "市管理员")
    assert audit_rows(store) == [["市管理员", "冻结快照", None, "“6月调度会”（截至 2022-06-30，安远县）", "成功"]]


@pytest.mark.parametrize("user, message", [
    (YUDU, "只有市级管理员可以冻结会议快照；当前账号 于都填报员（县区填报员·于都县） 无此权限。"),
    (LEADER, "只有市级管理员可以冻结会议快照；当前账号 领导（领导） 无此权限。"),
])
def test_a_clerk_or_a_viewer_cannot_freeze(store, user, message):
    stats_upload(store)
    with pytest.raises(AccessDenied) as refused:
        snapshots.freeze(store, user, "6月调度会", date(2022, 6, 30), None)
    assert str(refused.value) == message
    assert store.snapshots().empty
    assert audit_rows(store) == [[user.name, "拒绝", None, f"冻结快照“6月调度会”：{message}", "拒绝"]]


def test_an_administrator_deletes_a_snapshot_its_uploads_stay_and_the_deletion_is_audited(frozen):
    store, snap = frozen
    before = datetime.now()
    gone = snapshots.delete(store, ADMIN_USER, "6月调度会")
    assert gone == snap
    assert store.snapshots().empty and store.snapshot_info("6月调度会") is None
    with pytest.raises(LookupError, match="没有名为“6月调度会”的快照"):
        store.frozen("6月调度会")
    assert len(store.uploads()) == 1 and store.active_counts() == {"mediation_stats": {"章贡区": 1}}
    assert audit_rows(store)[-1] == [
        "市管理员", "删除快照", None,
        f"“6月调度会”（截至 2022-06-30，安远县）；市管理员 于 {snap.created_at:%Y-%m-%d %H:%M} 冻结", "成功"]
    assert before <= store.audit_log()["happened_at"].iloc[0] <= datetime.now()
    # Its list of uploads went with it: a new snapshot of the same name starts afresh.
    stats_upload(store, "南康区")
    snapshots.freeze(store, ADMIN_USER, "6月调度会", date(2022, 6, 30), None)
    assert store.snapshots()["uploads"].tolist() == [2]


@pytest.mark.parametrize("user, message", [
    (YUDU, "只有市级管理员可以删除会议快照；当前账号 于都填报员（县区填报员·于都县） 无此权限。"),
    (LEADER, "只有市级管理员可以删除会议快照；当前账号 领导（领导） 无此权限。"),
])
def test_a_clerk_or_a_viewer_cannot_delete_and_nothing_changes(frozen, user, message):
    store, snap = frozen
    audited = audit_rows(store)
    with pytest.raises(AccessDenied) as refused:
        snapshots.delete(store, user, "6月调度会")
    assert str(refused.value) == message
    assert store.snapshot_info("6月调度会") == snap and store.snapshots()["uploads"].tolist() == [1]
    assert audit_rows(store) == [*audited, [user.name, "拒绝", None, f"删除快照“6月调度会”：{message}", "拒绝"]]


def test_deleting_a_snapshot_that_does_not_exist_says_so(store):
    with pytest.raises(LookupError, match="没有名为“7月”的快照"):
        snapshots.delete(store, ADMIN_USER, "7月")
    assert audit_rows(store) == []


def test_a_snapshot_name_that_looks_like_markup_is_listed_as_typed(store):
    name = "![x](http://evil.example/a.png) <b>6月</b>"
    snapshots.freeze(store, ADMIN_USER, name, date(2022, 6, 30), None)
    assert snapshots.listing(store)[["快照名称", "数字截至", "范围", "读法", "计入上传（批）", "冻结人"]].values.tolist() == [
        [name, "2022-06-30", "全市", "按当日已上报的数据", 0, "市管理员"]]


@pytest.fixture
def cli_db(tmp_path, users_file, monkeypatch):
    """A database with one upload, and three accounts: an administrator, a 于都县 clerk and a leader."""
    db = tmp_path / "s.duckdb"
    with Store.open(db) as store:
        stats_upload(store)
    accounts = Accounts(users_file)
    for name, role, county in (("张主任", ADMIN, None), ("于都员", CLERK, "于都县"), ("李领导", VIEWER, None)):
        accounts.add(CONSOLE, name, role, county, "password123")
    return str(db)


def refused_unless_admin(command: list[str], doing: str, capsys) -> None:
    """The command refuses an unknown account, a county clerk and a leader, each with its Chinese sentence."""
    assert main([*command, "--as", "无此人"]) == 1
    assert capsys.readouterr().err.startswith("错误：没有名为“无此人”的有效账号（账号文件 ")
    for name, label in (("于都员", "于都员（县区填报员·于都县）"), ("李领导", "李领导（领导）")):
        assert main([*command, "--as", name]) == 1
        assert capsys.readouterr().err == f"错误：只有市级管理员可以{doing}；当前账号 {label} 无此权限。\n"


def test_cli_create_checks_the_account_behind_as(cli_db, capsys):
    create = ["snapshot", "create", "6月调度会", "--as-of", "2022-06-30", "--db", cli_db]
    refused_unless_admin(create, "冻结会议快照", capsys)
    with Store.open(cli_db) as store:
        assert store.snapshots().empty
    assert main([*create, "--as", "张主任"]) == 0
    assert capsys.readouterr().out == "已冻结快照“6月调度会”：截至 2022-06-30，全市，计入 1 批上传；冻结人 张主任\n"
    # Without --as the command acts as the server's console administrator, like every other command.
    assert main(["snapshot", "create", "7月调度会", "--as-of", "2022-07-31", "--db", cli_db]) == 0
    assert capsys.readouterr().out == "已冻结快照“7月调度会”：截至 2022-07-31，全市，计入 1 批上传；冻结人 命令行（本机）\n"
    with Store.open(cli_db) as store:
        assert [r[:3] for r in audit_rows(store)] == [
            ["于都员", "拒绝", None], ["李领导", "拒绝", None], ["张主任", "冻结快照", None], ["命令行（本机）", "冻结快照", None]]


def test_cli_delete_checks_the_account_behind_as(cli_db, capsys):
    assert main(["snapshot", "create", "6月调度会", "--as-of", "2022-06-30", "--db", cli_db]) == 0
    capsys.readouterr()
    delete = ["snapshot", "delete", "6月调度会", "--db", cli_db]
    refused_unless_admin(delete, "删除会议快照", capsys)
    with Store.open(cli_db) as store:
        assert store.snapshots()["name"].tolist() == ["6月调度会"]
    assert main([*delete, "--as", "张主任"]) == 0
    assert capsys.readouterr().out == "已删除快照“6月调度会”（截至 2022-06-30，全市）；已记入审计日志\n"
    assert main([*delete, "--as", "张主任"]) == 1
    assert capsys.readouterr().err == "错误：没有名为“6月调度会”的快照\n"
    with Store.open(cli_db) as store:
        assert store.snapshots().empty
        assert audit_rows(store)[-1][:3] == ["张主任", "删除快照", None]
