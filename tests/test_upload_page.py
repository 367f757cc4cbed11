"""The 数据上传 and 数据说明 pages driven through AppTest against a database in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from hexie.store import Store
from tests.conftest import log_in
from tests.test_importer import HOSTILE, xlsx

PAGES = Path(__file__).resolve().parent.parent / "pages"
ROWS = [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100], ["于都", 2021, 20, 200]]


@pytest.mark.parametrize("page", ["upload.py", "data_dictionary.py"])
def test_page_runs_on_its_own(db, page):
    at = AppTest.from_file(str(PAGES / page), default_timeout=30).run()
    assert not at.exception


def test_the_data_dictionary_and_every_template_say_the_same_about_how_a_table_is_read(db):
    import io

    import openpyxl

    from hexie.templates import build_template

    at = AppTest.from_file(str(PAGES / "data_dictionary.py"), default_timeout=30).run()
    shown = next(m.value for m in at.markdown if m.value.startswith("**表格怎么读**"))
    bullets = [line.removeprefix("- ").replace("\\", "") for line in shown.split("\n")[2:]]
    sheet = openpyxl.load_workbook(io.BytesIO(build_template("mediation_org", {})))["说明"]
    texts = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert bullets == texts[texts.index("表格怎么读") + 1:]
    assert any("数字不能向下合并" in b for b in bullets) and any("#DIV/0!" in b for b in bullets)


def test_upload_confirm_and_the_rows_count(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    at.file_uploader(key="upload_files").upload("基数.xlsx", xlsx(("基数", ROWS, []))).run()
    assert [i.value for i in at.info] == [
        "基数.xlsx：企业基数（自动识别）可导入（尚未写入） 2 行；填报期 2021（表内栏目）；于都县 1 行，章贡区 1 行"
    ]
    assert [c.value for c in at.caption if c.value.startswith("读取")] == ["读取工作表“基数”，共 2 行"]
    assert at.dataframe[0].value["县（市、区）"].tolist() == ["章贡区", "于都县"]
    at.button(key="upload_confirm").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "基数.xlsx：企业基数（自动识别）已导入（批次 1） 2 行；填报期 2021（表内栏目）；于都县 1 行，章贡区 1 行"
    ]
    with Store.open(db) as store:
        assert store.active_counts() == {"enterprise_base": {"于都县": 1, "章贡区": 1}}
    at.button(key="upload_withdraw").click().run()
    with Store.open(db) as store:
        assert store.active_counts() == {}


def _drawn_text(at: AppTest) -> list[str]:
    """Everything the page drew as text: headings, captions, plain text and message boxes."""
    return [e.value for e in (*at.markdown, *at.caption, *at.text, *at.info, *at.success, *at.warning, *at.error)]


def test_each_file_is_named_once_at_the_head_of_its_box(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    good, bad = ("基数.xlsx", xlsx(("基数", ROWS, []))), ("坏表.xlsx", xlsx(("基数", [*ROWS[:2], ["瑞金", 2021, -1, 5]], [])))
    at.file_uploader(key="upload_files").upload(*good).upload(*bad).run()
    assert [t for t in _drawn_text(at) if "基数.xlsx" in t or "坏表.xlsx" in t] == [
        "基数.xlsx：企业基数（自动识别） 2 行无误，但同批有文件未通过检查，本批均未导入",
        "坏表.xlsx（企业基数）：未导入，共 1 个问题",
    ]
    at.file_uploader(key="upload_files").clear().upload(*good).run()
    at.button(key="upload_confirm").click().run()
    assert [t for t in _drawn_text(at) if "基数.xlsx" in t] == [
        "基数.xlsx：企业基数（自动识别）已导入（批次 1） 2 行；填报期 2021（表内栏目）；于都县 1 行，章贡区 1 行",
    ]


def test_bad_file_shows_the_problem_table_and_cannot_be_confirmed(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    at.file_uploader(key="upload_files").upload("加密.xlsx", HOSTILE["encrypted"][0]).run()
    assert at.dataframe[0].value["问题"].tolist() == ["工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传"]
    assert at.button(key="upload_confirm").disabled


def test_preview_shows_numbers_as_numbers_and_blank_cells_empty(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    at.file_uploader(key="upload_files").upload("基数.xlsx", xlsx(("基数", [*ROWS, ["瑞金", 2021, 30, None]], []))).run()
    preview, problems = at.dataframe[:2]
    # As typed: numbers, not the "10.0" text Streamlit fell back to when a blank made the column mixed.
    assert preview.value["大中型企业数"].tolist() == [10, 20, 30]
    assert (preview.value["小微企业数"].tolist(), problems.value["行号"].tolist()) == ([100, 200, pd.NA], [4])
    assert (preview.proto.placeholder, problems.proto.placeholder) == ("", "")


def test_columns_not_imported_are_named_once_under_what_was_read(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    rows = [[*ROWS[0], "联系电话", "备注2"], *(row + ["0797-8888888", "无"] for row in ROWS[1:])]
    at.file_uploader(key="upload_files").upload("基数.xlsx", xlsx(("基数", rows, []))).run()
    assert [t for t in _drawn_text(at) if "联系电话" in t or t.startswith("读取")] == [
        "读取工作表“基数”，共 2 行",
        "未导入的栏目（不是本台账的栏目）：联系电话、备注2",
    ]
    assert list(at.dataframe[0].value.columns) == ["行号", "县（市、区）", "年度", "大中型企业数", "小微企业数"]


def test_withdraw_picks_the_upload_just_made(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
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
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
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


SERVICE_HEADER = ["企业名称", "统一社会信用代码", "县区", "服务日期", "服务方式"]


def test_unknown_value_is_matched_on_the_page_loaded_remembered_and_applied_next_time(db):
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    at.selectbox(key="upload_county").set_value("于都县").run()
    rows = [SERVICE_HEADER, ["甲公司", "91360702MA398ABC1J", "于都", "2021-04-02", "走访服务"],
            ["乙公司", "91360702MA398ABC2M", "于都", "2021-04-03", "走访服务"]]
    at.file_uploader(key="upload_files").upload("服务.xlsx", xlsx(("服务", rows, []))).run()
    assert at.button(key="upload_confirm").disabled
    match = next(s for s in at.selectbox if s.key.startswith("upload_match_new_enterprise_method_"))
    assert (match.options[:2], match.value) == (["上门服务", "线上指导"], None)
    assert at.text[0].value == "【服务方式】“走访服务”（2 行），可能是：上门服务、线上指导"
    match.set_value("上门服务").run()
    assert at.dataframe[0].value["服务方式"].tolist() == ["上门服务", "上门服务"]
    assert not at.button(key="upload_confirm").disabled
    at.button(key="upload_confirm").click().run()
    with Store.open(db) as store:
        assert store.active_rows("new_enterprise")["method"].tolist() == ["上门服务", "上门服务"]
        assert [(m.county, m.column, m.raw, m.canonical) for m in store.remembered_matches("于都县")] == [
            ("于都县", "method", "走访服务", "上门服务")]
    assert at.dataframe[-1].value["标准值"].tolist() == ["上门服务"]

    later = [SERVICE_HEADER, ["丙公司", "91360702MA398ABC3Q", "于都", "2021-05-02", "走访服务"]]
    at.file_uploader(key="upload_files").upload("服务5月.xlsx", xlsx(("服务", later, []))).run()
    assert not [s for s in at.selectbox if s.key.startswith("upload_match_new_enterprise")]
    at.button(key="upload_confirm").click().run()
    assert at.success[-1].value.split("\n\n") == [
        "服务5月.xlsx：新注册企业用工服务台账（自动识别）已导入（批次 2） 1 行；于都县 1 行",
        "值对照：【服务方式】“走访服务”→“上门服务”（1 行，按本单位已记住的值对照）",
    ]


def test_admin_changes_and_forgets_a_remembered_match(db):
    from hexie.store import RememberedMatch

    with Store.open(db) as store:
        store.remember_match(RememberedMatch("于都县", "new_enterprise", "method", "走访服务", "上门服务", "张三"))
    at = log_in(AppTest.from_file(str(PAGES / "upload.py"), default_timeout=30)).run()
    at.selectbox(key="upload_match_target").set_value("线上指导").run()
    at.button(key="upload_match_save").click().run()
    assert at.dataframe[-1].value[["上传单位", "原写法", "标准值", "修改人"]].values.tolist() == [
        ["于都县", "走访服务", "线上指导", "市级管理员"]]
    at.button(key="upload_match_forget").click().run()
    with Store.open(db) as store:
        assert store.remembered_matches(every_county=True) == []
