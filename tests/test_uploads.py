"""Loading parsed uploads: all or nothing, valid rows only, the same file twice, supersede and withdraw."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pyarrow as pa
import pytest

from hexie.access import ADMIN, User
from hexie.importer import ImportOptions, Problem, parse_upload
from hexie.store import Store
from hexie.uploads import (
    HELD, LOADED, REFUSED, ignored_columns_line, ingest_files, preview_frame, problem_frame, reading_line, summary_line,
)
from tests.test_importer import HOSTILE, KEY_ENTERPRISE_MESSY, xlsx

TESTER = User("测试员", ADMIN)
BASE_ROWS = [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100], ["于都", 2021, 20, 200]]


def snapshot(store):
    return store.active_counts(), store.uploads().to_dict("records"), store.data_version()


def ingest(store, data, name="基数.xlsx", valid_rows_only=False, dry_run=False, **options):
    report = ingest_files(store, [(name, data)], ImportOptions(today=date(2022, 8, 15), **options), TESTER,
                          valid_rows_only=valid_rows_only, dry_run=dry_run)
    (outcome,) = report.files
    return outcome


def test_clean_file_loads_in_one_upload_with_rows_per_county(store):
    outcome = ingest(store, xlsx(("基数", BASE_ROWS, [])))
    assert (outcome.upload_id, outcome.counts, outcome.problems) == (1, (("于都县", 1), ("章贡区", 1)), ())
    assert store.active_counts() == {"enterprise_base": {"于都县": 1, "章贡区": 1}}
    assert summary_line(outcome) == (
        "基数.xlsx：企业基数（自动识别）已导入（批次 1） 2 行；填报期 2021（表内栏目）；于都县 1 行，章贡区 1 行")


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_file_leaves_the_database_unchanged(store, kind):
    ingest(store, xlsx(("基数", BASE_ROWS, [])))
    before = snapshot(store)
    data, name, problem = HOSTILE[kind]
    outcome = ingest(store, data, name)
    assert (outcome.accepted, outcome.upload_id) == (False, None)
    assert snapshot(store) == before


def test_any_error_loads_nothing_by_default(store):
    rows = [*BASE_ROWS, ["瑞金", 2021, "很多", 10]]
    before = snapshot(store)
    outcome = ingest(store, xlsx(("基数", rows, [])))
    assert outcome.problems == (Problem("bad_value", "应填整数", "基数", 4, "大中型企业数", "很多"),)
    assert (outcome.accepted, snapshot(store)) == (False, before)


def test_valid_rows_only_loads_the_rest_and_names_rows_left_out(store):
    rows = [*BASE_ROWS, ["瑞金", 2021, "很多", 10]]
    outcome = ingest(store, xlsx(("基数", rows, [])), valid_rows_only=True)
    assert (outcome.left_out, outcome.counts) == ((4,), (("于都县", 1), ("章贡区", 1)))
    assert store.active_counts() == {"enterprise_base": {"于都县": 1, "章贡区": 1}}
    assert summary_line(outcome).endswith("；未导入有问题的第 4 行")


def test_same_file_twice_is_not_counted_twice(store):
    data = xlsx(("基数", BASE_ROWS, []))
    first = ingest(store, data)
    before = snapshot(store)
    second = ingest(store, data, name="改了名字.xlsx")
    when = store.uploads()["uploaded_at"][0].strftime("%Y-%m-%d %H:%M")
    assert second.problems == (Problem("duplicate_file", f"同一文件已于 {when} 上传（批次 {first.upload_id}），未重复计入", "基数"),)
    assert snapshot(store) == before


def test_dry_run_writes_nothing(store):
    before = snapshot(store)
    outcome = ingest(store, xlsx(("基数", BASE_ROWS, [])), dry_run=True)
    assert (outcome.accepted, outcome.upload_id, snapshot(store)) == (True, None, before)


def test_new_upload_for_same_county_and_period_supersedes_and_withdrawal_restores(store):
    ingest(store, xlsx(("基数", BASE_ROWS, [])))
    second = ingest(store, xlsx(("基数", [BASE_ROWS[0], ["章贡区", 2021, 11, 110], ["章贡区 ", 2022, 12, 120]], [])))
    assert store.active_rows("enterprise_base", "章贡区")["large_medium"].tolist() == [11, 12]
    store.set_upload_status(second.upload_id, withdrawn=True)
    assert store.active_rows("enterprise_base", "章贡区")["large_medium"].tolist() == [10]
    assert store.active_counts() == {"enterprise_base": {"于都县": 1, "章贡区": 1}}


def test_county_upload_refuses_rows_of_another_county(store):
    before = snapshot(store)
    outcome = ingest(store, xlsx(("基数", BASE_ROWS, [])), county="章贡区")
    assert outcome.problems == (
        Problem("other_county", "不是本单位（章贡区）的数据，县级用户只能上传本县的数据", "基数", 3, "县（市、区）", "于都县"),
    )
    assert snapshot(store) == before


def test_preview_shows_rows_as_stored_with_empty_cells_missing():
    rows = [["企业名称", "县区", "上年底职工数量", "目前职工数量", "已裁员人数"], ["甲公司", "于都", "120人", "１００", None]]
    result = parse_upload(xlsx(("重点企业", rows, [])), "重点.xlsx", ImportOptions(today=date(2021, 8, 15)))
    preview = preview_frame(result)
    assert list(preview.columns[:6]) == ["行号", "企业名称", "县（市、区）", "所属行业", "上年底职工数量", "目前职工数量"]
    assert preview.iloc[0][["行号", "企业名称", "县（市、区）", "上年底职工数量", "目前职工数量"]].tolist() == [
        2, "甲公司", "于都县", 120, 100]
    assert (preview["所属行业"].isna().all(), preview["已裁员人数"].isna().all()) == (True, True)


MEDIATION_STATS_HEADER = ["调解组织名称", "县区", "统计期", "受理案件数", "调解成功数", "涉及金额"]
NEW_ENTERPRISE_HEADER = ["企业名称", "统一社会信用代码", "县区", "注册日期", "服务日期", "服务方式"]


# A blank numeric cell once made the column objects of numbers and "": st.dataframe's Arrow conversion failed, logged a
# traceback and fell back to text, where 10 showed as "10.0". Each column now has one type, blanks missing.
@pytest.mark.parametrize("rows, label, dtype, arrow_type, values", [
    ([MEDIATION_STATS_HEADER, ["甲调委会", "章贡区", "2021-06", 10, 8, 35.5], ["乙调委会", "于都", "2021-06", 3, 3, 12],
      ["丙调委会", "瑞金", "2021-06", 2, 1, None]], "涉及金额", "Float64", pa.float64(), [35.5, 12.0, pd.NA]),
    ([MEDIATION_STATS_HEADER, ["甲调委会", "章贡区", "2021-06", 10, 8, 10], ["乙调委会", "于都", "2021-06", 3, 3, None]],
     "涉及金额", "Int64", pa.int64(), [10, pd.NA]),
    ([MEDIATION_STATS_HEADER, ["甲调委会", "章贡区", "2021-06", 10, 8, None]], "受理案件数", "Int64", pa.int64(), [10]),
    ([MEDIATION_STATS_HEADER, ["甲调委会", "章贡区", "2021年6月", 10, 8, None]], "统计期", "string", pa.large_string(),
     ["2021-06"]),
    ([NEW_ENTERPRISE_HEADER, ["甲公司", "91360702MA398ABC1J", "于都", "2021-06-30", "2021-07-02", "上门服务"],
      ["乙公司", "91360702MA398ABC2M", "于都", None, "2021-07-03", "上门服务"]],
     "注册日期", "object", pa.date32(), [date(2021, 6, 30), None]),
    ([NEW_ENTERPRISE_HEADER, ["甲公司", "91360702MA398ABC1J", "于都", None, "2021-07-02", "上门服务"]],
     "服务内容", "object", pa.null(), [None]),
])
def test_preview_numbers_stay_numbers_beside_a_blank_cell(rows, label, dtype, arrow_type, values):
    result = parse_upload(xlsx(("表", rows, [])), "台账.xlsx", ImportOptions(today=date(2022, 8, 15)))
    preview = preview_frame(result)
    assert (str(preview[label].dtype), preview[label].tolist()) == (dtype, values)
    assert pa.Table.from_pandas(preview).schema.field(label).type == arrow_type


def test_problem_table_leaves_the_row_blank_for_a_whole_file_problem():
    problems = (Problem("duplicate_file", "同一文件已上传", "基数"), Problem("bad_value", "应填整数", "基数", 4, "大中型企业数", "很多"))
    table = problem_frame(problems)
    assert table.to_dict("list") == {
        "工作表": ["基数", "基数"], "行号": [None, 4], "栏目": ["", "大中型企业数"], "内容": ["", "很多"],
        "问题": ["同一文件已上传", "应填整数"],
    }
    assert [str(t) for t in table.dtypes] == ["string", "Int64", "string", "string", "string"]
    assert pa.Table.from_pandas(table).schema.field("行号").type == pa.int64()


def batch(store, *files, valid_rows_only=False, dry_run=False):
    return ingest_files(store, files, ImportOptions(today=date(2022, 8, 15)), TESTER,
                        valid_rows_only=valid_rows_only, dry_run=dry_run)


BASE = xlsx(("基数", BASE_ROWS, []))
LATER = xlsx(("基数", [BASE_ROWS[0], ["瑞金", 2022, 30, 300]], []))
BAD = xlsx(("基数", [BASE_ROWS[0], ["瑞金", 2022, -1, 300]], []))


@pytest.mark.parametrize("data, options, line", [
    (KEY_ENTERPRISE_MESSY, {}, "读取工作表“重点企业”，共 3 行"),  # its 填表说明 sheet passed over
    (xlsx(("Sheet1", BASE_ROWS, [])), {"ledger": "enterprise_base"}, "读取工作表“Sheet1”，共 2 行"),
    (xlsx(("基数", [*BASE_ROWS, ["瑞金", 2021, -1, 5]], [])), {}, "读取工作表“基数”，共 3 行"),  # rows with problems count
    (xlsx(("基数", BASE_ROWS[:1], [])), {}, None),  # a header only
    (HOSTILE["encrypted"][0], {}, None),
])
def test_reading_line_names_the_sheet_read_and_its_rows(data, options, line):
    result = parse_upload(data, "台账.xlsx", ImportOptions(today=date(2022, 8, 15), **options))
    assert reading_line(result) == line


BASE_HEADER = BASE_ROWS[0]


@pytest.mark.parametrize("header, line", [
    (BASE_HEADER, None),
    ([*BASE_HEADER, "联系电话", "备注2"], "未导入的栏目（不是本台账的栏目）：联系电话、备注2"),
    # Only the first column naming a ledger column is read: the clerk's figures under a second one were not.
    (["县区", "年度", "大中型企业数", "小微企业数", "所属县区", "小微企业数量"],
     "未导入的重复栏目（前面已有同一栏目）：所属县区（即【县（市、区）】）、小微企业数量（即【小微企业数】）"),
    ([*BASE_HEADER, "备注", "所属县区", "联系\n电话", "备注"],
     "未导入的栏目（不是本台账的栏目）：备注、联系 电话；未导入的重复栏目（前面已有同一栏目）：所属县区（即【县（市、区）】）"),
])
def test_ignored_columns_line_names_the_headers_not_imported_once(header, line):
    rows = [header, ["章贡区", 2021, 10, 100, *["x"] * (len(header) - 4)]]
    result = parse_upload(xlsx(("基数", rows, [])), "基数.xlsx", ImportOptions(today=date(2022, 8, 15)))
    assert result.row_count == 1
    assert ignored_columns_line(result) == line


def test_ignored_columns_line_is_none_for_a_file_refused_before_its_header_was_read():
    result = parse_upload(HOSTILE["encrypted"][0], "加密.xlsx", ImportOptions(today=date(2022, 8, 15)))
    assert ignored_columns_line(result) is None


def test_multi_file_ingest_where_a_later_file_fails_leaves_the_db_unchanged(store):
    before = snapshot(store)
    report = batch(store, ("a.xlsx", BASE), ("b.xlsx", LATER), ("c.xlsx", BAD))
    assert [(o.status, o.upload_id) for o in report.files] == [(HELD, None), (HELD, None), (REFUSED, None)]
    assert report.lines() == [
        "a.xlsx：企业基数（自动识别） 2 行无误，但同批有文件未通过检查，本批均未导入",
        "  读取工作表“基数”，共 2 行",
        "b.xlsx：企业基数（自动识别） 1 行无误，但同批有文件未通过检查，本批均未导入",
        "  读取工作表“基数”，共 1 行",
        "c.xlsx（企业基数）：未导入，共 1 个问题",
        "  读取工作表“基数”，共 1 行",
        "  工作表“基数”第 2 行【大中型企业数】“-1”：不能为负数",
        "所有文件均未导入，数据库未改动。",
    ]
    assert snapshot(store) == before


def test_a_write_failure_on_a_later_file_rolls_back_the_whole_batch(store, monkeypatch):
    before = snapshot(store)
    insert = Store._insert_upload
    calls = []

    def failing_second_insert(self, *args):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return insert(self, *args)

    monkeypatch.setattr(Store, "_insert_upload", failing_second_insert)
    with pytest.raises(OSError):
        batch(store, ("a.xlsx", BASE), ("b.xlsx", LATER))
    assert (len(calls), snapshot(store)) == (2, before)


def test_batch_loads_in_one_transaction_with_one_summary_per_file(store):
    report = batch(store, ("a.xlsx", BASE), ("b.xlsx", LATER))
    assert [(o.status, o.upload_id) for o in report.files] == [(LOADED, 1), (LOADED, 2)]
    assert report.lines() == [
        "a.xlsx：企业基数（自动识别）已导入（批次 1） 2 行；填报期 2021（表内栏目）；于都县 1 行，章贡区 1 行",
        "  读取工作表“基数”，共 2 行",
        "b.xlsx：企业基数（自动识别）已导入（批次 2） 1 行；填报期 2022（表内栏目）；瑞金市 1 行",
        "  读取工作表“基数”，共 1 行",
    ]
    assert store.data_version() == 1
    assert store.active_counts() == {"enterprise_base": {"于都县": 1, "瑞金市": 1, "章贡区": 1}}


@pytest.mark.parametrize("names, valid_rows_only, dry_run", [
    (("a.xlsx", "a.xlsx"), False, False),
    (("a.xlsx", "a的副本.xlsx"), False, False),
    (("a.xlsx", "a的副本.xlsx"), True, False),
    (("a.xlsx", "a的副本.xlsx"), False, True),
])
def test_same_file_twice_in_one_batch_loads_nothing(store, names, valid_rows_only, dry_run):
    before = snapshot(store)
    report = batch(store, (names[0], BASE), (names[1], BASE), valid_rows_only=valid_rows_only, dry_run=dry_run)
    assert [o.status for o in report.files] == [HELD, REFUSED]
    assert report.files[1].problems == (Problem("duplicate_in_batch", f"与同批的“{names[0]}”是同一文件，未重复计入", "基数"),)
    assert not any("已导入" in line for line in report.lines())
    assert snapshot(store) == before


def test_same_file_sent_twice_at_the_same_moment_from_two_threads_loads_once(store, monkeypatch):
    """Both threads pass the check before either writes; the check inside the write lock must stop the second."""
    import threading

    from hexie import uploads

    both_checked = threading.Barrier(2, timeout=10)
    check = uploads.check_batch

    def check_then_wait(*args, **kwargs):
        report = check(*args, **kwargs)
        if report.passed:
            both_checked.wait()
        return report

    monkeypatch.setattr(uploads, "check_batch", check_then_wait)
    result = parse_upload(BASE, "a.xlsx", ImportOptions(today=date(2021, 8, 15)))
    reports = {}

    def send(name):
        cursor = Store(store.conn.cursor(), store.path)
        reports[name] = uploads.load_batch(cursor, [result], User(name, ADMIN), None)

    threads = [threading.Thread(target=send, args=(name,)) for name in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.files[0].status for r in reports.values())
    assert statuses == [LOADED, REFUSED]
    refused = next(r.files[0] for r in reports.values() if r.files[0].status == REFUSED)
    assert [p.code for p in refused.problems] == ["duplicate_file"]
    assert refused.headline() == "a.xlsx（企业基数）：未导入，共 1 个问题"
    assert len(store.uploads()) == 1
    assert store.active_counts() == {"enterprise_base": {"于都县": 1, "章贡区": 1}}
