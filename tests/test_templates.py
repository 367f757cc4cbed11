"""Templates and exports generated from the ledger declaration."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from hexie.importer import ImportOptions, parse_upload
from hexie.ledgers import LEDGERS, MONTH
from hexie.plan import load_plan
from hexie.store import UploadInfo
from hexie.templates import READING_RULES, build_template, export_workbook
from hexie.uploads import milestone_titles

MILESTONES = milestone_titles(load_plan())

def filled(ledger_key: str) -> bytes:
    """The ledger's template with its example values copied into the first blank row."""
    wb = openpyxl.load_workbook(io.BytesIO(build_template(ledger_key, MILESTONES)))
    ws = wb["填报"]
    for column in range(2, ws.max_column + 1):
        ws.cell(5, column).value = ws.cell(4, column).value
    ws.cell(5, 1).value = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda ledger: ledger.key)
def test_filled_template_loads_exactly_its_one_row(ledger):
    result = parse_upload(filled(ledger.key), "模板.xlsx", ImportOptions(today=date(2021, 8, 15), milestones=MILESTONES))
    assert (result.ledger, result.ledger_detected, result.source_rows, result.problems) == (ledger.key, True, (5,), ())
    row = result.rows[0]
    for column in ledger.columns:
        if column.example is None:
            assert row[column.name] is None
        elif column.type == MONTH:
            assert row[column.name] == date.fromisoformat(f"{column.example}-01")
    assert row["county"] == "章贡区"

@pytest.mark.parametrize("ledger", LEDGERS, ids=lambda ledger: ledger.key)
def test_untouched_template_is_header_only(ledger):
    result = parse_upload(build_template(ledger.key, MILESTONES), "模板.xlsx", ImportOptions(ledger=ledger.key))
    assert [p.code for p in result.problems] == ["no_rows"]

def test_template_has_title_required_marks_dropdowns_formats_and_instructions():
    wb = openpyxl.load_workbook(io.BytesIO(build_template("coordinator", MILESTONES)))
    assert wb.sheetnames == ["填报", "说明", "选项"]
    ws = wb["填报"]
    assert ws["A1"].value == "劳动关系协调员（师）台账"
    assert [c.value for c in ws[3]] == ["序号", "*姓名", "*县（市、区）", "*工作单位", "*单位类型", "证书等级", "取证日期",
                                        "是否金牌协调员", "金牌选树年度", "填报期"]
    assert ws["A4"].value == "示例"
    assert sorted(str(v.sqref) for v in ws.data_validations.dataValidation) == [
        "C5:C1004", "E5:E1004", "F5:F1004", "H5:H1004"]
    assert (ws["G5"].number_format, ws["J5"].number_format, ws["B5"].number_format) == ("yyyy-mm-dd", "yyyy-mm", "@")
    assert [c.value for c in wb["选项"]["A"]][:3] == ["章贡区", "南康区", "赣县区"]
    assert wb["说明"]["A7"].value == "姓名"
    last = wb["说明"].max_row
    assert [wb["说明"].cell(r, 1).value for r in range(last - len(READING_RULES), last + 1)] == ["表格怎么读", *READING_RULES]

def test_export_writes_formula_like_text_as_text_and_reimports(store):

    row = {"name": "=cmd|' /C calc'!A0", "county": "章贡区", "headcount_last_year": 10, "headcount_now": 9,
           "wages_settled": True, "period": date(2021, 6, 1), "guidance": "@SUM(1)"}
    store.add_upload(UploadInfo("key_enterprise", None, "测试员", "a.xlsx", "sha"), [row])
    data = export_workbook(store.active_rows("key_enterprise"), "key_enterprise")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert (ws["A2"].data_type, ws["A2"].value, ws["G2"].data_type) == ("s", "=cmd|' /C calc'!A0", "s")
    assert (ws["K2"].value, ws["N2"].value) == ("已结清", "2021-06")
    again = parse_upload(data, "导出.xlsx", ImportOptions())
    assert (again.problems, again.rows[0]["name"], again.rows[0]["wages_settled"]) == ((), row["name"], True)
