"""Roles enforced in hexie: what a clerk, a viewer and an administrator may do, by calling the functions directly."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from hexie.access import ADMIN, CLERK, VIEWER, AccessDenied, User
from hexie.accounts import AccountError, Accounts, LoginRefused
from hexie.cli import main
from hexie.importer import ImportOptions
from hexie.review import decide, pending_uploads, review_diff, set_review
from hexie.uploads import history, ingest_files, original_file, set_withdrawn, summary_line
from tests.test_importer import xlsx

ADMIN_USER = User("市管理员", ADMIN)
YUDU = User("于都填报员", CLERK, "于都县")
RUIJIN = User("瑞金填报员", CLERK, "瑞金市")
LEADER = User("领导", VIEWER)
HEADER = ["县区", "年度", "大中型企业数", "小微企业数"]


def base_file(*rows):
    return xlsx(("基数", [HEADER, *rows], []))


def ingest(store, user, data, name="基数.xlsx", county=None):
    return ingest_files(store, [(name, data)], ImportOptions(county=county, today=date(2022, 8, 15)), user).files[0]


@pytest.fixture
def loaded(store):
    """One 于都县 upload by its clerk and one 瑞金市 upload by the administrator."""
    yudu = ingest(store, YUDU, base_file(["于都", 2021, 20, 200]))
    ruijin = ingest(store, ADMIN_USER, base_file(["瑞金", 2021, 5, 50]), "瑞金.xlsx", county="瑞金市")
    assert (yudu.upload_id, ruijin.upload_id) == (1, 2)
    return store


def test_clerk_upload_is_filed_under_their_county_and_original_kept(store):
    data = base_file(["于都", 2021, 20, 200])
    outcome = ingest(store, YUDU, data)
    assert store.upload(outcome.upload_id)["county"] == "于都县"
    assert original_file(store, YUDU, outcome.upload_id) == ("基数.xlsx", data)
    assert store.audit_log()[["actor", "action", "upload_id"]].values.tolist() == [["于都填报员", "上传", 1]]


def test_clerk_cannot_upload_for_another_county(store):
    with pytest.raises(AccessDenied, match="县区填报员 于都填报员 只能为于都县上传数据，不能为瑞金市上传。"):
        ingest(store, YUDU, base_file(["瑞金", 2021, 5, 50]), county="瑞金市")
    assert store.uploads().empty


def test_file_naming_another_county_is_refused_for_a_clerk(store):
    outcome = ingest(store, YUDU, base_file(["于都", 2021, 20, 200], ["瑞金", 2021, 5, 50]))
    assert (outcome.accepted, outcome.upload_id) == (False, None)
    assert outcome.problems[0].message == "文件中有瑞金市的数据：县区填报员只能上传本县（于都县）的数据，整个文件未导入"
    assert store.uploads().empty and store.active_counts() == {}


def test_viewer_cannot_write_at_all(loaded):
    with pytest.raises(AccessDenied, match="领导账号只能查看看板，不能上传、撤回或恢复数据。"):
        ingest(loaded, LEADER, base_file(["于都", 2022, 1, 1]))
    with pytest.raises(AccessDenied, match="领导账号只能查看看板"):
        set_withdrawn(loaded, LEADER, 1, withdrawn=True)
    with pytest.raises(AccessDenied, match="领导账号可以查看全部看板，但不能查看上传记录和原始文件。"):
        history(loaded, LEADER)
    with pytest.raises(AccessDenied):
        original_file(loaded, LEADER, 1)
    assert len(loaded.uploads()) == 2


def test_clerk_cannot_withdraw_restore_or_read_another_countys_uploads(loaded):
    with pytest.raises(AccessDenied, match=r"账号 瑞金填报员（县区填报员·瑞金市） 不能撤回于都县的上传。"):
        set_withdrawn(loaded, RUIJIN, 1, withdrawn=True)
    set_withdrawn(loaded, YUDU, 1, withdrawn=True)
    with pytest.raises(AccessDenied, match="不能恢复于都县的上传"):
        set_withdrawn(loaded, RUIJIN, 1, withdrawn=False)
    with pytest.raises(AccessDenied, match="只能查看本县（瑞金市）的上传记录，不能查看于都县的"):
        history(loaded, RUIJIN, "于都县")
    with pytest.raises(AccessDenied, match="不能下载于都县的上传"):
        original_file(loaded, RUIJIN, 1)
    assert history(loaded, RUIJIN)["id"].tolist() == [2]
    assert history(loaded, YUDU)["id"].tolist() == [1]
    assert history(loaded, ADMIN_USER)["id"].tolist() == [2, 1]
    assert loaded.upload(1)["status"] == "withdrawn"


def test_review_keeps_pending_rows_out_until_approved(loaded):
    with pytest.raises(AccessDenied, match="只有市级管理员可以设置审核"):
        set_review(loaded, YUDU, "enterprise_base", True)
    set_review(loaded, ADMIN_USER, "enterprise_base", True)
    outcome = ingest(loaded, YUDU, base_file(["于都", 2021, 25, 200], ["于都", 2022, 30, 300]), "更正.xlsx")
    assert summary_line(outcome) == (
        "更正.xlsx：企业基数（自动识别）已提交审核（批次 3），审核通过后计入 2 行；填报期 2021、2022（表内栏目）；于都县 2 行")
    assert loaded.active_counts() == {"enterprise_base": {"于都县": 1, "瑞金市": 1}}
    assert loaded.enterprise_base()[["county", "large_medium"]].values.tolist() == [["于都县", 20], ["瑞金市", 5]]
    with pytest.raises(AccessDenied):
        pending_uploads(loaded, YUDU)
    assert pending_uploads(loaded, ADMIN_USER)["id"].tolist() == [3]
    diff = review_diff(loaded, ADMIN_USER, 3)
    assert diff.changed.values.tolist() == [["于都县，2021", "大中型企业数", "20", "25"]]
    assert diff.added[["县（市、区）", "年度"]].values.tolist() == [["于都县", 2022]]
    assert diff.removed.empty
    decide(loaded, ADMIN_USER, 3, approved=True)
    assert loaded.enterprise_base()[["county", "large_medium"]].values.tolist() == [["于都县", 30], ["瑞金市", 5]]


def test_returned_upload_never_counts_and_the_clerk_sees_the_comment(loaded):
    set_review(loaded, ADMIN_USER, "enterprise_base", True)
    ingest(loaded, YUDU, base_file(["于都", 2021, 99, 200]), "错.xlsx")
    with pytest.raises(ValueError, match="退回时请填写退回意见"):
        decide(loaded, ADMIN_USER, 3, approved=False, comment=" ")
    decide(loaded, ADMIN_USER, 3, approved=False, comment="大中型企业数有误，请核实")
    row = history(loaded, YUDU).iloc[0]
    assert (row["status"], row["review_comment"]) == ("returned", "大中型企业数有误，请核实")
    assert loaded.active_counts()["enterprise_base"] == {"于都县": 1, "瑞金市": 1}
    assert loaded.enterprise_base()["large_medium"].tolist() == [20, 5]
    # Withdrawing and restoring does not get a clerk's upload past review.
    set_withdrawn(loaded, YUDU, 3, withdrawn=True)
    set_withdrawn(loaded, YUDU, 3, withdrawn=False)
    assert loaded.upload(3)["status"] == "pending"


def test_accounts_add_login_lockout_and_password_change(tmp_path):
    accounts = Accounts(tmp_path / "users.toml")
    with pytest.raises(AccessDenied, match="只有市级管理员可以创建账号"):
        accounts.add(YUDU, "新人", VIEWER, None, "password123")
    with pytest.raises(AccountError, match="县区填报员必须用 --county 指定所属县（市、区）。"):
        accounts.add(ADMIN_USER, "张三", CLERK, None, "password123")
    with pytest.raises(AccountError, match="密码至少 8 位。"):
        accounts.add(ADMIN_USER, "张三", CLERK, "于都", "short")
    assert accounts.add(ADMIN_USER, "张三", CLERK, "于都", "password123") == User("张三", CLERK, "于都县")
    assert "password123" not in (tmp_path / "users.toml").read_text(encoding="utf-8")
    assert "$argon2id$" in (tmp_path / "users.toml").read_text(encoding="utf-8")
    now = datetime(2021, 8, 15, 9, 0)
    assert accounts.authenticate("张三", "password123", now) == User("张三", CLERK, "于都县")
    for _ in range(4):
        with pytest.raises(LoginRefused, match="^账号或密码不正确。$"):
            accounts.authenticate("张三", "wrong-password", now)
    with pytest.raises(LoginRefused, match="密码连续输错 5 次，账号已锁定 15 分钟"):
        accounts.authenticate("张三", "wrong-password", now)
    with pytest.raises(LoginRefused, match="该账号因密码连续输错已被锁定，请约 15 分钟后再试"):
        accounts.authenticate("张三", "password123", now)
    assert accounts.authenticate("张三", "password123", now + timedelta(minutes=16)).name == "张三"
    stamp = accounts.get("张三").password_hash
    accounts.set_password(User("张三", CLERK, "于都县"), "张三", "another-pass")
    assert not accounts.session_valid(User("张三", CLERK, "于都县"), stamp)
    accounts.disable(ADMIN_USER, "张三")
    with pytest.raises(LoginRefused, match="该账号已停用"):
        accounts.authenticate("张三", "another-pass", now)
    with pytest.raises(LoginRefused, match="^账号或密码不正确。$"):
        accounts.authenticate("李四", "whatever", now)


def ruijin_clerk_beside_a_yudu_upload(tmp_path, capsys, monkeypatch):
    """Through the command line: a 瑞金 clerk account 瑞金员, and 于都's upload as batch 1; the database and the file."""
    db = str(tmp_path / "h.duckdb")
    monkeypatch.setenv("HEXIE_USERS", str(tmp_path / "users.toml"))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("password123\n"))
    assert main(["user", "add", "瑞金员", "--role", "county", "--county", "瑞金", "--db", db]) == 0
    assert capsys.readouterr().out == "已创建账号 瑞金员（县区填报员·瑞金市）\n"
    path = tmp_path / "于都.xlsx"
    path.write_bytes(base_file(["于都", 2021, 20, 200]))
    assert main(["ingest", str(path), "--db", db, "--county", "于都"]) == 0
    capsys.readouterr()
    return db, path


def test_cli_as_user_applies_the_same_rules(tmp_path, capsys, monkeypatch):
    db, path = ruijin_clerk_beside_a_yudu_upload(tmp_path, capsys, monkeypatch)
    assert main(["withdraw", "1", "--db", db, "--as", "瑞金员"]) == 1
    assert capsys.readouterr().err == "错误：账号 瑞金员（县区填报员·瑞金市） 不能撤回于都县的上传。\n"
    assert main(["ingest", str(path), "--db", db, "--as", "瑞金员"]) == 1
    assert "文件中有于都县的数据：县区填报员只能上传本县（瑞金市）的数据，整个文件未导入" in capsys.readouterr().err
    assert main(["history", "--db", db, "--as", "瑞金员", "--county", "于都"]) == 1
    assert capsys.readouterr().err == "错误：县区填报员 瑞金员 只能查看本县（瑞金市）的上传记录，不能查看于都县的。\n"
    assert main(["review", "enterprise_base", "on", "--db", db, "--as", "瑞金员"]) == 1
    assert capsys.readouterr().err == "错误：只有市级管理员可以设置审核；当前账号 瑞金员（县区填报员·瑞金市） 无此权限。\n"
    assert main(["withdraw", "1", "--db", db, "--as", "无此人"]) == 1
    assert "没有名为“无此人”的有效账号" in capsys.readouterr().err


def test_navigation_shows_each_role_only_its_pages():
    from hexie.access import may_open

    extra = ("upload", "completeness", "review", "audit", "account")
    assert [p for p in extra if may_open(LEADER, p)] == ["completeness", "account"]
    assert [p for p in extra if may_open(YUDU, p)] == ["upload", "completeness", "account"]
    assert [p for p in extra if may_open(ADMIN_USER, p)] == list(extra)
    assert may_open(LEADER, "overview") and may_open(YUDU, "gantt")


def test_upload_size_limit_agrees_with_the_server_and_xsrf_stays_on():
    import tomllib
    from pathlib import Path

    from hexie.importer import Limits

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 2**20 == Limits().max_bytes
    assert config["server"].get("enableXsrfProtection", True) is True


def test_an_idle_session_ends_and_says_why(demo_db, monkeypatch):
    from datetime import timedelta
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from tests.conftest import log_in

    monkeypatch.setenv("HEXIE_DB", str(demo_db))
    monkeypatch.setenv("HEXIE_IDLE_MINUTES", "30")
    at = log_in(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60))
    auth = dict(at.session_state["auth"])
    auth["seen"] -= timedelta(minutes=31)
    at.session_state["auth"] = auth
    at.run()
    assert "auth" not in at.session_state
    assert [i.value for i in at.info] == ["超过 30 分钟未操作，已自动退出，请重新登录。"]


def test_every_recorded_audit_action_can_be_filtered_on_the_audit_page():
    """The audit page filters by AUDIT_ACTIONS: an action recorded anywhere in hexie but missing there cannot be found."""
    import re
    from pathlib import Path

    from hexie.audit import AUDIT_ACTIONS

    source = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.parent.joinpath("hexie").rglob("*.py"))
    recorded = set(re.findall(r'record_audit\([^,]+, "([^"]+)"', source))
    assert recorded - set(AUDIT_ACTIONS) == set()
    assert {"修改值对照", "删除值对照", "冻结快照", "删除快照", "备份", "恢复备份"} <= recorded


def test_a_remembered_session_resumes_by_its_secret_until_idle_or_forgotten():
    from hexie.accounts import RememberedSessions, session_record

    sessions = RememberedSessions()
    record = session_record(User("于都填报员", CLERK, "于都县"), "stamp")
    secret = sessions.issue(record)
    assert secret not in repr(sessions.__dict__) and record["remembered"] != secret  # only a hash is kept
    idle = timedelta(minutes=30)
    assert sessions.resume(secret, idle) is record
    assert sessions.resume(secret + "x", idle) is None and sessions.resume("", idle) is None
    assert sessions.resume(secret, idle, now=record["seen"] + timedelta(minutes=31)) is None
    assert sessions.resume(secret, idle) is None  # an idle session is gone for good
    again = session_record(User("市级管理员", ADMIN), "stamp2")
    secret = sessions.issue(again)
    sessions.forget(again)
    assert sessions.resume(secret, idle) is None
