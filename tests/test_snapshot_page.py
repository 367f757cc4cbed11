"""The 会议快照 page (市级管理员): freeze a snapshot, and delete one only after confirming, through AppTest."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from hexie.store import Store
from tests.conftest import log_in
from tests.test_snapshots_admin import audit_rows, stats_upload

PAGE = str(Path(__file__).resolve().parent.parent / "pages" / "snapshots.py")


def test_an_administrator_freezes_then_deletes_after_confirming(db):
    with Store.open(db) as store:
        stats_upload(store)
    at = log_in(AppTest.from_file(PAGE, default_timeout=30)).run()
    assert not at.exception and [i.value for i in at.info] == ["还没有快照。"]
    at.text_input(key="snapshot_new_name").input("6月调度会")
    at.date_input(key="snapshot_new_as_of").set_value(date(2022, 6, 30))
    at.selectbox(key="snapshot_new_county").set_value("安远县")
    at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已冻结快照：截至 2022-06-30，安远县，见下方列表。"]
    assert at.dataframe[0].value[["快照名称", "数字截至", "范围", "计入上传（批）", "冻结人"]].values.tolist() == [
        ["6月调度会", "2022-06-30", "安远县", 1, "市级管理员"]]
    # Irreversible: the button stays disabled until the deletion is confirmed. The name, typed by a user, is shown
    # by the select box as text and kept out of the Markdown-rendered label.
    assert at.checkbox(key="snapshot_delete_confirm").label == (
        "确认删除所选快照：删除后不能恢复，会上的数字将不能再按此快照查看（上传的数据不受影响）")
    assert at.button(key="snapshot_delete").disabled
    at.checkbox(key="snapshot_delete_confirm").check().run()
    at.button(key="snapshot_delete").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["已删除快照（截至 2022-06-30，安远县），已记入审计日志。"]
    assert [i.value for i in at.info] == ["还没有快照。"]
    with Store.open(db) as store:
        assert store.snapshots().empty
        log = store.audit_log()
        assert log[["actor", "action"]].values.tolist() == [["市级管理员", "删除快照"], ["市级管理员", "冻结快照"]]
        assert log["happened_at"].iloc[0] <= datetime.now()


def test_a_county_clerk_is_refused_in_chinese(db):
    at = log_in(AppTest.from_file(PAGE, default_timeout=30), "于都填报员").run()
    assert not at.exception
    assert [e.value for e in at.error] == ["只有市级管理员可以管理会议快照；当前账号 于都填报员（县区填报员·于都县） 无此权限。"]
    assert not at.get("form")
    # Navigation never shows a clerk this page: reaching it anyway is a refused attempt the administrator should see.
    with Store.open(db) as store:
        assert audit_rows(store) == [["于都填报员", "拒绝", None, f"打开会议快照页：{at.error[0].value}", "拒绝"]]


def test_the_review_and_audit_pages_refuse_a_clerk_in_chinese_and_record_it(db):
    pages = Path(PAGE).parent
    for script, action, page in (("review.py", "审核上传", "审核"), ("audit.py", "查看审计日志", "审计日志")):
        at = log_in(AppTest.from_file(str(pages / script), default_timeout=30), "于都填报员").run()
        assert not at.exception, script
        assert [e.value for e in at.error] == [f"只有市级管理员可以{action}；当前账号 于都填报员（县区填报员·于都县） 无此权限。"]
        assert not at.dataframe and not at.toggle
        with Store.open(db) as store:
            assert audit_rows(store)[-1] == ["于都填报员", "拒绝", None, f"打开{page}页：{at.error[0].value}", "拒绝"]
