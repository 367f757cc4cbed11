"""The 数据上传 and 数据说明 pages driven through AppTest against a database in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hexie.store import Store
from tests.test_importer import HOSTILE, xlsx

PAGES = Path(__file__).resolve().parent.parent / "pages"
ROWS = [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100], ["于都", 2021, 20, 200]]


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "page.duckdb"
    Store.open(path).close()
    monkeypatch.setenv("HEXIE_DB", str(path))
    return path


@pytest.mark.parametrize("page", ["upload.py", "data_dictionary.py"])
def test_page_runs_on_its_own(db, page):
    at = AppTest.from_file(str(PAGES / page), default_timeout=30).run()
    assert not at.exception


def test_upload_confirm_and_the_rows_count(db):
    at = AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30).run()
    at.file_uploader(key="upload_files").upload("基数.xlsx", xlsx(("基数", ROWS, []))).run()
    assert [i.value for i in at.info] == [
        "基数.xlsx：企业基数（自动识别）可导入（尚未写入） 2 行；填报期 2021（表内栏目）；于都县 1，章贡区 1"
    ]
    assert at.dataframe[0].value["县（市、区）"].tolist() == ["章贡区", "于都县"]
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "基数.xlsx：企业基数（自动识别）已导入（批次 1） 2 行；填报期 2021（表内栏目）；于都县 1，章贡区 1"
    ]
    with Store.open(db) as store:
        assert store.active_counts() == {"enterprise_base": {"于都县": 1, "章贡区": 1}}
    at.button(key="upload_withdraw").click().run()
    with Store.open(db) as store:
        assert store.active_counts() == {}


def test_bad_file_shows_the_problem_table_and_cannot_be_confirmed(db):
    at = AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30).run()
    at.file_uploader(key="upload_files").upload("加密.xlsx", HOSTILE["encrypted"][0]).run()
    assert at.dataframe[0].value["问题"].tolist() == ["工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传"]
    assert at.button(key="upload_confirm").disabled


def test_withdraw_picks_the_upload_just_made(db):
    at = AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30).run()
    at.file_uploader(key="upload_files").upload("基数.xlsx", xlsx(("基数", ROWS, []))).run()
    at.button(key="upload_confirm").click().run()
    later = [ROWS[0], ["瑞金", 2022, 30, 300]]
    at.file_uploader(key="upload_files").upload("基数2022.xlsx", xlsx(("基数", later, []))).run()
    at.button(key="upload_confirm").click().run()
    assert at.selectbox(key="upload_history_pick").value == 2
    at.button(key="upload_withdraw").click().run()
    with Store.open(db) as store:
        assert store.active_counts() == {"enterprise_base": {"于都县": 1, "章贡区": 1}}


def test_same_file_twice_in_one_batch_on_the_page_cannot_be_confirmed(db):
    at = AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30).run()
    data = xlsx(("基数", ROWS, []))
    uploader = at.file_uploader(key="upload_files")
    uploader.upload("基数.xlsx", data)
    uploader.upload("基数的副本.xlsx", data).run()
    assert [w.value for w in at.warning] == [
        "基数.xlsx：企业基数（自动识别） 2 行无误，但同批有文件未通过检查，本批均未导入",
        "同一批文件要么全部导入，要么都不导入：请修改有问题的文件，或在上方移除它们后再确认。",
    ]
    assert [e.value for e in at.error] == ["基数的副本.xlsx（企业基数）：未导入，共 1 个问题"]
    assert at.dataframe[2].value["问题"].tolist() == ["与同批的“基数.xlsx”是同一文件，未重复计入"]
    assert at.button(key="upload_confirm").disabled
    assert not [s for s in at.success if "已导入" in s.value]
