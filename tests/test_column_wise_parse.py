"""The parse reads a table column by column (for speed, #12): the rows it keeps and the problems it reports, with
their Excel row numbers, are exactly those a row-by-row reading gives."""

from __future__ import annotations

from datetime import date
from itertools import zip_longest

from hypothesis import given, settings
from hypothesis import strategies as st

from hexie.access import ADMIN, User
from hexie.importer import ImportOptions, Problem, parse_upload
from hexie.importer.parse import _ledger_rows, _skip_reason
from hexie.uploads import ingest_files
from tests.test_importer import xlsx

TODAY = date(2021, 8, 15)
BASE_HEADER = ["县区", "年度", "大中型企业数", "小微企业数"]
KEY_HEADER = ["企业名称", "县区", "统计期", "上年底职工数量", "目前职工数量", "本年度计划裁员人数", "已裁员人数"]

# Cells that start, or almost start, the words of skipped rows, among ordinary ones.
CELLS = [None, "", "  ", "\u3000", "合计", "合  计", "小计：", "总计", "填表人：张三", "注：截至年底", "示例", "例",
         "样例", "示例行", "例外企业", "备注", "章贡区", "赣州甲公司", "２０２１", 0, 1, 1.0, 2.5, True, date(2021, 6, 1)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(CELLS), max_size=6), max_size=12),
       st.lists(st.integers(0, 5), max_size=2, unique=True))
def test_ledger_rows_found_column_wise_are_those_skip_reason_keeps(rows, serial_columns):
    columns = list(zip_longest(*rows))
    row_by_row = [i for i, cells in enumerate(rows) if _skip_reason(cells, serial_columns) is None]
    assert _ledger_rows(rows, columns, tuple(serial_columns)) == row_by_row


def test_totals_footers_and_examples_anywhere_in_the_first_filled_cells_are_not_loaded():
    rows = [
        ["序号", *BASE_HEADER, "备注"],
        ["示例", "章贡区", 2020, 1, 1, None],
        [1, "章贡区", 2021, 10, 100, "合计以后再报"],
        [None, None, None, None, None, None],
        [None, None, None, "合计", 10, 100],
        [2, "  ", 2021, 5, 50, None],
        [None, "  填表人：张三"],
    ]
    result = parse_upload(xlsx(("基数", rows, [])), "基数.xlsx", ImportOptions(today=TODAY))
    assert result.source_rows == (3, 6)
    assert result.rows == ({"county": "章贡区", "year": 2021, "large_medium": 10, "small_micro": 100},
                           {"county": None, "year": 2021, "large_medium": 5, "small_micro": 50})
    # Row 6 is a ledger row whose county is blank-looking, not a blank row.
    assert result.problems == (Problem("required", "必填，不能为空", "基数", 6, "县（市、区）", ""),)


def test_a_column_mixing_true_and_one_parses_each_cell_by_its_own_type():
    # 1 == 1.0 == True in Python: told apart, TRUE in a count column is a problem and 1 is a count.
    rows = [BASE_HEADER, ["章贡区", 2021, True, 1], ["于都县", 2021, 1, True], ["瑞金市", 2021, 1.0, 1.0]]
    result = parse_upload(xlsx(("基数", rows, [])), "基数.xlsx", ImportOptions(today=TODAY))
    assert [(r["large_medium"], r["small_micro"]) for r in result.rows] == [(None, 1), (1, None), (1, 1)]
    assert result.problems == (
        Problem("bad_value", "应填整数", "基数", 2, "大中型企业数", "TRUE"),
        Problem("bad_value", "应填整数", "基数", 3, "小微企业数", "TRUE"),
    )


def test_rule_breaches_and_duplicates_in_a_long_table_name_their_excel_rows():
    rows = [["重点企业用工指导服务工作台账"], KEY_HEADER]
    for i in range(3000):
        rows.append([f"企业{i}", "章贡区", "2021-06", 100, 90, 0, 0])
    rows[5][6] = 101           # Excel row 6: laid off more than last year's headcount
    rows[9][5] = None          # Excel row 10: no plan, so the planned rule does not judge it
    rows[9][6] = 100           # ...and exactly the headcount is allowed
    rows[2000][5:7] = [150, 120]  # Excel row 2001: both rules break
    rows[2999][0] = "企业7"     # Excel row 3000 repeats Excel row 10's enterprise (企业7)
    result = parse_upload(xlsx(("重点企业", rows, [])), "重点.xlsx", ImportOptions(today=TODAY))
    assert len(result.rows) == 3000
    assert result.problems == (
        Problem("laid_off_le_headcount", "已裁员人数不能大于上年底职工数量", "重点企业", 6, "已裁员人数", "101"),
        Problem("planned_le_headcount", "本年度计划裁员人数不能大于上年底职工数量", "重点企业", 2001, "本年度计划裁员人数", "150"),
        Problem("laid_off_le_headcount", "已裁员人数不能大于上年底职工数量", "重点企业", 2001, "已裁员人数", "120"),
        Problem("duplicate_row", "与第 10 行重复（企业名称、县（市、区）、填报期相同）", "重点企业", 3000, "企业名称", "企业7"),
    )


def test_rows_left_out_for_their_problems_leave_the_others_with_their_own_values_and_row_numbers(store):
    rows = [BASE_HEADER, ["章贡区", 2021, 10, 100], ["瑞金", 2021, "很多", 10], ["于都", 2021, 5, 50]]
    data = xlsx(("基数", rows, []))
    result = parse_upload(data, "基数.xlsx", ImportOptions(today=TODAY))
    assert result.valid_columns() == (
        {"county": ["章贡区", "于都县"], "year": [2021, 2021], "large_medium": [10, 5], "small_micro": [100, 50]}, (2, 4),
    )
    report = ingest_files(store, [("基数.xlsx", data)], ImportOptions(today=TODAY), User("测试员", ADMIN), valid_rows_only=True)
    assert store.upload_rows(report.files[0].upload_id).to_dict("records") == [
        {"county": "章贡区", "year": 2021, "large_medium": 10, "small_micro": 100},
        {"county": "于都县", "year": 2021, "large_medium": 5, "small_micro": 50},
    ]
