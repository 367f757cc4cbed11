"""Refused attempts leave a trace: every AccessDenied is recorded in the audit trail as 拒绝, and changes nothing else."""

from __future__ import annotations

import logging
from datetime import date

import duckdb
import pytest

from hexie.access import AccessDenied
from hexie.accounts import accounts_for
from hexie.audit import audit_frame, refusals_recorded
from hexie.cli import main
from hexie.importer import ImportOptions, parse_upload
from hexie.review import decide, set_review
from hexie.store import Store
from hexie.uploads import ingest_files, load_batch, set_withdrawn
from tests.test_access import ADMIN_USER, LEADER, RUIJIN, YUDU, base_file, ingest, ruijin_clerk_beside_a_yudu_upload
from tests.test_snapshots_admin import audit_rows

NOT_ADMIN = "当前账号 于都填报员（县区填报员·于都县） 无此权限。"


def state(store) -> tuple:
    """Everything a refused operation could have changed, but the audit trail."""
    return (store.uploads().to_dict("records"), store.active_counts(), store.data_version(),
            store.snapshots().to_dict("records"), store.remembered_matches(every_county=True))


@pytest.fixture
def yudu_upload(store):
    """One 于都县 upload (batch 1) by its clerk, and the trail it leaves."""
    ingest(store, YUDU, base_file(["于都", 2021, 20, 200]))
    assert audit_rows(store) == [
        ["于都填报员", "上传", 1, "基数.xlsx：企业基数（自动识别）已导入（批次 1） 1 行；填报期 2021（表内栏目）；于都县 1 行", "成功"]]
    return store


@pytest.mark.parametrize("withdrawn, action", [(True, "撤回"), (False, "恢复")])
def test_a_clerk_withdrawing_or_restoring_another_countys_upload_is_recorded(yudu_upload, withdrawn, action):
    store = yudu_upload
    if not withdrawn:
        set_withdrawn(store, YUDU, 1, withdrawn=True)
    before, trail = state(store), audit_rows(store)
    with pytest.raises(AccessDenied) as refused:
        set_withdrawn(store, RUIJIN, 1, withdrawn=withdrawn)
    assert str(refused.value) == f"账号 瑞金填报员（县区填报员·瑞金市） 不能{action}于都县的上传。"
    assert audit_rows(store) == [*trail, ["瑞金填报员", "拒绝", 1, f"{action}：{refused.value}", "拒绝"]]
    assert state(store) == before


def parsed(data: bytes, county: str) -> list:
    return [parse_upload(data, "瑞金.xlsx", ImportOptions(county=county, today=date(2022, 8, 15)))]


@pytest.mark.parametrize("upload", [
    lambda store, user, data: ingest_files(store, [("瑞金.xlsx", data)], ImportOptions(county="瑞金市", today=date(2022, 8, 15)), user),
    lambda store, user, data: load_batch(store, parsed(data, "瑞金市"), user, "瑞金市", originals=[data]),
], ids=["ingest_files", "load_batch"])
@pytest.mark.parametrize("user, message", [
    (YUDU, "县区填报员 于都填报员 只能为于都县上传数据，不能为瑞金市上传。"),
    (LEADER, "领导账号只能查看看板，不能上传、撤回或恢复数据。"),
], ids=["clerk_for_another_county", "viewer"])
def test_an_upload_the_role_does_not_allow_is_recorded_once_and_nothing_is_loaded(store, upload, user, message):
    data = base_file(["瑞金", 2021, 5, 50])
    before = state(store)
    with pytest.raises(AccessDenied) as refused:
        upload(store, user, data)
    assert str(refused.value) == message
    assert audit_rows(store) == [[user.name, "拒绝", None, f"上传：{message}", "拒绝"]]
    assert state(store) == before and store.original(1) is None


@pytest.mark.parametrize("approved, action, comment", [(True, "审核通过", None), (False, "审核退回", "数字有误")])
def test_a_clerk_deciding_a_review_is_recorded_and_the_upload_still_waits(store, approved, action, comment):
    set_review(store, ADMIN_USER, "enterprise_base", True)
    ingest(store, YUDU, base_file(["于都", 2021, 20, 200]))
    before, trail = state(store), audit_rows(store)
    with pytest.raises(AccessDenied) as refused:
        decide(store, YUDU, 1, approved=approved, comment=comment)
    assert str(refused.value) == f"只有市级管理员可以审核上传；{NOT_ADMIN}"
    assert audit_rows(store) == [*trail, ["于都填报员", "拒绝", 1, f"{action}：只有市级管理员可以审核上传；{NOT_ADMIN}", "拒绝"]]
    assert state(store) == before and store.upload(1)["status"] == "pending"


def test_only_access_refusals_are_recorded_not_other_errors(store):
    set_review(store, ADMIN_USER, "enterprise_base", True)
    ingest(store, YUDU, base_file(["于都", 2021, 20, 200]))
    trail = audit_rows(store)
    with pytest.raises(ValueError, match="退回时请填写退回意见"):
        decide(store, ADMIN_USER, 1, approved=False, comment=" ")
    assert audit_rows(store) == trail


def test_the_command_lines_as_records_the_refusal_and_prints_what_it_did_before(tmp_path, capsys, monkeypatch):
    db, path = ruijin_clerk_beside_a_yudu_upload(tmp_path, capsys, monkeypatch)
    assert main(["withdraw", "1", "--db", db, "--as", "瑞金员"]) == 1
    assert capsys.readouterr().err == "错误：账号 瑞金员（县区填报员·瑞金市） 不能撤回于都县的上传。\n"
    assert main(["ingest", str(path), "--db", db, "--county", "于都", "--as", "瑞金员"]) == 1
    assert capsys.readouterr().err == "错误：县区填报员 瑞金员 只能为瑞金市上传数据，不能为于都县上传。\n"
    assert main(["user", "list", "--db", db, "--as", "瑞金员"]) == 1
    listing = "只有市级管理员可以查看账号列表；当前账号 瑞金员（县区填报员·瑞金市） 无此权限。"
    assert capsys.readouterr().err == f"错误：{listing}\n"
    with Store.open(db) as store:
        assert audit_rows(store)[-3:] == [
            ["瑞金员", "拒绝", 1, "撤回：账号 瑞金员（县区填报员·瑞金市） 不能撤回于都县的上传。", "拒绝"],
            ["瑞金员", "拒绝", None, "上传：县区填报员 瑞金员 只能为瑞金市上传数据，不能为于都县上传。", "拒绝"],
            ["瑞金员", "拒绝", None, f"查看账号列表：{listing}", "拒绝"],
        ]
        assert store.upload(1)["status"] == "active" and len(store.uploads()) == 1


def test_the_administrator_finds_refusals_on_the_audit_page(yudu_upload):
    with pytest.raises(AccessDenied):
        set_withdrawn(yudu_upload, RUIJIN, 1, withdrawn=True)
    frame = audit_frame(yudu_upload, ADMIN_USER, action="拒绝")
    assert frame[["操作人", "操作", "批次", "内容", "结果"]].values.tolist() == [
        ["瑞金填报员", "拒绝", "1", "撤回：账号 瑞金填报员（县区填报员·瑞金市） 不能撤回于都县的上传。", "拒绝"]]
    with pytest.raises(AccessDenied):
        audit_frame(yudu_upload, YUDU)
    assert audit_rows(yudu_upload)[-1] == ["于都填报员", "拒绝", None, f"查看审计日志：只有市级管理员可以查看审计日志；{NOT_ADMIN}", "拒绝"]


def test_a_refusal_the_trail_cannot_take_still_reaches_the_user_unchanged(tmp_path, caplog):
    path = tmp_path / "read-only.duckdb"
    Store.open(path).close()
    read_only = Store(duckdb.connect(str(path), read_only=True), path)
    with caplog.at_level(logging.ERROR, logger="hexie.audit"), pytest.raises(AccessDenied) as refused:
        load_batch(read_only, [], LEADER, None)
    assert str(refused.value) == "领导账号只能查看看板，不能上传、撤回或恢复数据。"
    assert [r.getMessage() for r in caplog.records] == ["could not record the refusal of 领导 to 上传"]
    assert read_only.audit_log().empty
    read_only.close()


def test_nothing_is_recorded_when_nothing_is_refused(store):
    with refusals_recorded(store, YUDU, "上传"):
        pass
    with pytest.raises(LookupError), refusals_recorded(store, YUDU, "撤回", 9):
        raise LookupError("没有批次号为 9 的上传记录")
    assert audit_rows(store) == []


def test_a_refused_account_change_is_recorded_and_the_accounts_file_untouched(store, users_file):
    accounts = accounts_for(store)
    accounts.add(ADMIN_USER, "张三", "county", "于都", "password123")
    kept = users_file.read_bytes()
    for change in (lambda: accounts.add(YUDU, "新人", "viewer", None, "password123"),
                   lambda: accounts.set_password(YUDU, "张三", "password456"),
                   lambda: accounts.disable(LEADER, "张三")):
        with pytest.raises(AccessDenied):
            change()
    assert users_file.read_bytes() == kept
    assert audit_rows(store)[1:] == [
        ["于都填报员", "拒绝", None, f"创建账号“新人”：只有市级管理员可以创建账号；{NOT_ADMIN}", "拒绝"],
        ["于都填报员", "拒绝", None, f"修改账号“张三”的密码：只有市级管理员可以修改他人密码；{NOT_ADMIN}", "拒绝"],
        ["领导", "拒绝", None, "停用账号“张三”：只有市级管理员可以停用账号；当前账号 领导（领导） 无此权限。", "拒绝"],
    ]
