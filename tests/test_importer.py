"""The importer on spreadsheets as county clerks make them, and on every hostile kind of file."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import TYPE_STRING

from hexie.bench import write_big_ledger
from hexie.importer import (
    FROM_COLUMN, FROM_SHEET, FROM_UPLOAD_DAY, FROM_USER, ImportOptions, Limits, Problem, header_keys, parse_upload,
    report_lines,
)

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2021, 8, 15)
# An upload day after the plan: for files whose dates run past TODAY (later dates are a problem, #9 item 10).
AFTER_PLAN = date(2023, 12, 31)


def xlsx(*sheets: tuple[str, list[list], list[str]]) -> bytes:
    """A workbook of (sheet name, rows, merged ranges)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merges in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in merges:
            ws.merge_cells(rng)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def parse(data: bytes, name: str = "台账.xlsx", **options) -> object:
    return parse_upload(data, name, ImportOptions(**{"today": TODAY, **options}))


KEY_ENTERPRISE_MESSY = xlsx(
    ("填表说明", [["填表说明"], ["1. 企业名称填全称"], ["2. 人数填整数"]], []),
    ("重点企业", [
        ["重点企业用工指导服务工作台账"],
        ["填报单位：赣州市人社局", None, None, None, None, "填报日期：2021年7月5日"],
        ["序号", "企业名称", "所属县（市、区）", "所属行业", "职工数量", None, "裁员情况", None, "依法结清劳动报酬情况"],
        [None, None, None, None, "上年底", "目前", "*计划裁员人数（人）", "已裁员人数(人)", None],
        [1, "赣州甲电子有限公司", "信丰", "电子信息", "1,200人", "１１０0", 0, 5, "已结清"],
        [2, "赣州乙家具有限公司", "南康市", "家具", 80, 90.5, 3, 100, "未结清"],
        [3, "赣州丙纺织有限公司", "龙南县", "纺织", 300, 280, None, None, "√"],
        [None, None, None, None, None, None, None, None, None],
        [None, "合计", None, None, 1580, 1470, 3, 105, None],
        ["填表人：张三        审核人：李四        联系电话：0797-1234567"],
    ], ["A1:I1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:H3", "I3:I4"]),
)


def test_messy_key_enterprise_workbook_reads_rows_and_reports_exact_problems():
    result = parse(KEY_ENTERPRISE_MESSY)
    assert (result.ledger, result.ledger_detected, result.sheet) == ("key_enterprise", True, "重点企业")
    assert (result.period, result.period_source) == ("2021-07", FROM_SHEET)
    assert result.source_rows == (5, 6, 7)
    blank = {"stable_job_policy": None, "guidance": None, "layoff_positions": None, "compensation": None,
             "ability_to_pay": None, "period": date(2021, 7, 1)}
    assert result.rows == (
        {"name": "赣州甲电子有限公司", "county": "信丰县", "industry": "电子信息", "headcount_last_year": 1200,
         "headcount_now": 1100, "planned_layoffs": 0, "laid_off": 5, "wages_settled": True, **blank},
        {"name": "赣州乙家具有限公司", "county": "南康区", "industry": "家具", "headcount_last_year": 80,
         "headcount_now": None, "planned_layoffs": 3, "laid_off": 100, "wages_settled": False, **blank},
        {"name": "赣州丙纺织有限公司", "county": "龙南市", "industry": "纺织", "headcount_last_year": 300,
         "headcount_now": 280, "planned_layoffs": None, "laid_off": None, "wages_settled": True, **blank},
    )
    assert result.problems == (
        Problem("bad_value", "应为整数（人数、户数、件数不能有小数）", "重点企业", 6, "目前职工数量", "90.5"),
        Problem("laid_off_le_headcount", "已裁员人数不能大于上年底职工数量", "重点企业", 6, "已裁员人数", "100"),
    )
    assert report_lines(result) == [
        "工作表“重点企业”第 6 行【目前职工数量】“90.5”：应为整数（人数、户数、件数不能有小数）",
        "工作表“重点企业”第 6 行【已裁员人数】“100”：已裁员人数不能大于上年底职工数量",
    ]


def test_total_row_and_footer_are_not_loaded():
    rows = [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100],
            ["合  计", None, 10, 100], ["注：数据截至年底"], ["审核人：王五"]]
    result = parse(xlsx(("Sheet1", rows, [])))
    assert result.rows == ({"county": "章贡区", "year": 2021, "large_medium": 10, "small_micro": 100},)
    assert result.problems == ()


@pytest.mark.parametrize("cell, expected", [
    ("2021年6月", date(2021, 6, 1)),
    ("2021.05", date(2021, 5, 1)),
    (2021.05, date(2021, 5, 1)),
    (2022.11, date(2022, 11, 1)),
    ("2021-7-3", date(2021, 7, 1)),
    ("2021/07", date(2021, 7, 1)),
    ("2022年1季度", date(2022, 3, 1)),
    ("2022年第四季度", date(2022, 12, 1)),
    (date(2021, 9, 30), date(2021, 9, 1)),
])
def test_statistics_period_as_people_write_it(cell, expected):
    rows = [["调解组织名称", "县区", "统计期", "受理案件数", "调解成功数"], ["水西调解中心", "章贡区", cell, 10, 7]]
    result = parse(xlsx(("统计", rows, [])), today=AFTER_PLAN)
    assert [r["period"] for r in result.rows] == [expected]
    assert (result.problems, result.period_source) == ((), FROM_COLUMN)


@pytest.mark.parametrize("cell, expected", [
    ("2021-7-3", date(2021, 7, 3)), ("2021/7/3", date(2021, 7, 3)), ("2021年7月3日", date(2021, 7, 3)),
    ("20210703", date(2021, 7, 3)), (44380, date(2021, 7, 3)), (date(2021, 7, 3), date(2021, 7, 3)),
])
def test_dates_as_people_write_them(cell, expected):
    rows = [["县区", "工作节点", "完成日期"], ["章贡区", "social_org.survey_2021_01", cell]]
    result = parse(xlsx(("进度", rows, [])), milestones={"social_org.survey_2021_01": "开展调查摸底"})
    assert [r["completed_on"] for r in result.rows] == [expected]
    assert result.problems == ()


def test_bad_values_are_reported_per_cell_with_the_row_excel_shows():
    rows = [["培育企业台账"], ["企业名称", "县区", "培育年度", "推荐单位", "是否受疫情影响较大", "是否达标"],
            ["甲公司", "赣州市", "2021年", "工会", "有", "是"],
            ["乙公司", "广州", "21年", "妇联", "也许", "否"],
            ["", "章贡区", 2022, "工商联", "否", "×"]]
    result = parse(xlsx(("和谐", rows, ["A1:F1"])), today=AFTER_PLAN)
    assert result.ledger == "harmonious"
    assert [r["recommender"] for r in result.rows] == ["市总工会", None, "市工商联"]
    assert result.problems == (
        Problem("bad_value", "“广州”不是赣州市的县（市、区）或功能区名称", "和谐", 4, "县（市、区）", "广州"),
        Problem("bad_value", "不是有效的年度，请写成 2021 或 2021年", "和谐", 4, "培育年度", "21年"),
        Problem("unknown_value", "不是可选值，可选：市人社局、市总工会、市企联/企协、市工商联", "和谐", 4, "推荐单位", "妇联"),
        Problem("unknown_value", "应填“是”或“否”", "和谐", 4, "是否受疫情影响较大", "也许"),
        Problem("required", "必填，不能为空", "和谐", 5, "企业名称", ""),
    )
    assert result.rows[0]["county"] == "市本级"


def test_duplicate_rows_inside_one_file_name_the_first_row():
    rows = [["企业名称", "县区", "调查年度", "企业性质", "是否提供薪酬数据反馈"],
            ["甲公司", "章贡区", 2021, "民营", "是"], ["甲公司", "章贡区", 2021, "私营企业", "是"]]
    result = parse(xlsx(("薪酬", rows, [])))
    assert result.problems == (Problem("duplicate_row", "与第 2 行重复（企业名称、调查年度相同）", "薪酬", 3, "企业名称", "甲公司"),)


def test_settled_cases_cannot_exceed_accepted():
    rows = [["调解组织名称", "县区", "统计期", "受理案件数", "调解成功数"], ["水西调解中心", "章贡区", "2021-06", 10, 12]]
    assert parse(xlsx(("统计", rows, []))).problems == (
        Problem("settled_le_accepted", "调解成功数不能大于受理案件数", "统计", 2, "调解成功数", "12"),
    )


def test_negative_counts_are_refused():
    rows = [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, -3, 100]]
    assert parse(xlsx(("基数", rows, []))).problems == (
        Problem("bad_value", "不能为负数", "基数", 2, "大中型企业数", "-3"),
    )


def test_formula_like_text_stays_text():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业名称", "县区", "统计期", "目前职工数量", "上年底职工数量", "跟踪指导情况"])
    ws.append(["=HYPERLINK(\"http://x\")", "章贡区", "2021-06", 10, 10, "+1 走访"])
    for cell in ws[2]:
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+")):
            cell.data_type = TYPE_STRING
    buffer = io.BytesIO()
    wb.save(buffer)
    result = parse(buffer.getvalue(), ledger="key_enterprise")
    assert (result.rows[0]["name"], result.rows[0]["guidance"]) == ("=HYPERLINK(\"http://x\")", "+1 走访")


# ---- period and county rules ---------------------------------------------------

SOCIAL_ORG_NO_PERIOD = [["社会组织名称", "县区", "工作人员数量"], ["章贡区劳动关系服务协会", "章贡区", 12]]


@pytest.mark.parametrize("preamble, period_option, expected", [
    ([["填报单位：章贡区总工会  填报日期：2021-05-20"]], "2021-03", ("2021-05", FROM_SHEET)),
    ([["填报日期：", "2021年4月"]], None, ("2021-04", FROM_SHEET)),
    ([], "2021-03", ("2021-03", FROM_USER)),
    ([], None, ("2021-08", FROM_UPLOAD_DAY)),
])
def test_period_comes_from_column_else_sheet_line_else_user_else_upload_day(preamble, period_option, expected):
    result = parse(xlsx(("社会组织", [*preamble, *SOCIAL_ORG_NO_PERIOD], [])), period=period_option)
    assert (result.period, result.period_source) == expected
    assert result.problems == ()


def test_county_user_without_county_column_fills_their_county():
    rows = [["社会组织名称", "统计期"], ["协会甲", "2021-06"], ["协会乙", "2021-06"]]
    result = parse(xlsx(("社会组织", rows, [])), county="于都")
    assert [r["county"] for r in result.rows] == ["于都县", "于都县"]
    assert (result.county_source, result.problems) == ("user", ())


def test_county_user_rows_naming_another_county_are_refused():
    rows = [["社会组织名称", "县区", "统计期"], ["协会甲", "于都", "2021-06"], ["协会乙", "瑞金", "2021-06"],
            ["协会丙", None, "2021-06"]]
    result = parse(xlsx(("社会组织", rows, [])), county="于都县")
    assert [r["county"] for r in result.rows] == ["于都县", "瑞金市", "于都县"]
    assert result.problems == (
        Problem("other_county", "不是本单位（于都县）的数据，县级用户只能上传本县的数据", "社会组织", 3, "县（市、区）", "瑞金市"),
    )


def test_city_level_upload_without_county_column_is_refused():
    rows = [["社会组织名称", "统计期"], ["协会甲", "2021-06"]]
    result = parse(xlsx(("社会组织", rows, [])))
    assert result.rows == ()
    assert result.problems == (Problem(
        "no_county_column", "全市上传的表格须有“县（市、区）”栏；若只报一个县的数据，请在上传时选择该县（市、区）", "社会组织"),)


def test_city_level_upload_takes_county_from_the_reporting_unit_line():
    rows = [["填报单位：信丰县总工会"], ["社会组织名称", "统计期"], ["协会甲", "2021-06"]]
    result = parse(xlsx(("社会组织", rows, [])))
    assert ([r["county"] for r in result.rows], result.county_source, result.problems) == (["信丰县"], "sheet", ())


# ---- other formats ------------------------------------------------------------------


CSV_TEXT = "序号,县（市、区）,年度,大中型企业数（户）,小微企业数\n1,章贡区,2021,85,\"3,200\"\n2,南康,2021年,９０,1500户\n,合计,,175,4700\n"
CSV_ROWS = (
    {"county": "章贡区", "year": 2021, "large_medium": 85, "small_micro": 3200},
    {"county": "南康区", "year": 2021, "large_medium": 90, "small_micro": 1500},
)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_every_encoding_wps_writes(encoding):
    result = parse(CSV_TEXT.encode(encoding), "企业基数.csv")
    assert (result.ledger, result.sheet, result.rows, result.source_rows, result.problems) == (
        "enterprise_base", "企业基数", CSV_ROWS, (2, 3), ())


def test_old_xls_file_with_merged_title_and_old_county_names():
    result = parse((FIXTURES / "enterprise_base.xls").read_bytes(), "enterprise_base.xls")
    assert result.rows == (
        {"county": "赣县区", "year": 2021, "large_medium": 85, "small_micro": 3200},
        {"county": "龙南市", "year": 2021, "large_medium": 120, "small_micro": 2500},
        {"county": "瑞金市", "year": 2021, "large_medium": None, "small_micro": 1800},
    )
    assert result.source_rows == (4, 5, 6)
    assert result.problems == (
        Problem("bad_value", "应为整数（人数、户数、件数不能有小数）", "企业基数", 6, "大中型企业数", "60.5"),
    )


def test_big_file_loads_every_row(tmp_path):
    big = tmp_path / "big.xlsx"
    write_big_ledger(big, 5000)
    result = parse(big.read_bytes(), "big.xlsx")
    assert (len(result.rows), result.problems, result.period) == (5000, (), "2021-06")
    assert result.source_rows == tuple(range(4, 5004))
    assert sum(r["headcount_last_year"] >= r["laid_off"] for r in result.rows) == 5000


def test_header_keys_ignore_spaces_full_width_units_and_required_marks():
    assert header_keys("＊ 大中型企业数 （户）") == ("大中型企业数(户)", "大中型企业数")
    assert header_keys("县（市、区）")[0] == "县(市、区)"


# ---- hostile files --------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def _with_member(data: bytes, name: str, body: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {m: source.read(m) for m in source.namelist()}
    members[name] = body
    return _zip(members)


SMALL = xlsx(("Sheet1", [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100]], []))
ENCRYPTED = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(1024))
DTD_SHEET = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>')

HOSTILE = {
    "empty": (b"", "台账.xlsx", Problem("empty_file", "文件是空的（0 字节），请检查后重新上传")),
    "text_renamed": ("县区,年度\n章贡区,2021\n".encode(), "台账.xlsx", Problem(
        "not_spreadsheet", "“台账.xlsx”不是 Excel 工作簿或 CSV 文件，无法读取；请上传 .xlsx、.xls、.ods 或 .csv 文件")),
    "pdf_renamed_csv": (b"%PDF-1.4\x00\x01\x02binary", "台账.csv", Problem(
        "not_spreadsheet", "“台账.csv”不是文本格式的 CSV 文件，无法读取")),
    "truncated": (SMALL[: len(SMALL) // 2], "台账.xlsx", Problem(
        "corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传")),
    "other_zip": (_zip({"readme.txt": b"hello"}), "台账.xlsx", Problem(
        "not_spreadsheet", "文件是压缩包而不是 Excel 工作簿，无法读取；请上传 .xlsx、.xls 或 .csv 文件")),
    "encrypted": (ENCRYPTED, "台账.xlsx", Problem(
        "encrypted", "工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传")),
    "zip_bomb": (_with_member(SMALL, "xl/worksheets/sheet1.xml", b"<a>" + b" " * 30_000_000 + b"</a>"), "台账.xlsx",
                 Problem("zip_bomb", "文件解压后体积异常（疑似“压缩炸弹”），已拒绝读取")),
    "xml_entities": (_with_member(SMALL, "xl/worksheets/sheet1.xml", DTD_SHEET), "台账.xlsx", Problem(
        "xml_dtd", "文件中含有 XML 实体声明（DTD），出于安全考虑已拒绝读取；请用 Excel 或 WPS 另存为 .xlsx 后上传")),
    "header_only": (xlsx(("基数", [["县区", "年度", "大中型企业数", "小微企业数"], ["示例", None]], [])), "台账.xlsx",
                    Problem("no_rows", "只有表头，没有数据行（示例行不计）", "基数")),
    "unknown_columns": (xlsx(("Sheet1", [["姓名", "性别", "年龄"], ["张三", "男", 30]], [])), "台账.xlsx", Problem(
        "no_ledger", "表头与任何台账都对不上。最接近的是“劳动关系协调员（师）台账”，应有的栏目：姓名（必填）、县（市、区）（必填）、"
                     "工作单位（必填）、单位类型（必填）、证书等级、取证日期、是否金牌协调员、金牌选树年度、填报期", "Sheet1")),
    "nothing_matches": (xlsx(("Sheet1", [["甲", "乙"], [1, 2]], [])), "台账.xlsx", Problem(
        "no_ledger", "找不到台账的表头，无法识别是哪一种台账；请在“台账”中选定后重新上传，或下载模板填写")),
    "missing_required": (xlsx(("Sheet1", [["企业名称", "县区", "所属行业"], ["甲", "章贡区", "电子"]], [])), "台账.xlsx",
                         Problem("missing_columns", "“重点企业用工指导服务工作台账”缺少必填栏目：上年底职工数量、目前职工数量。应有的栏目："
                                 "企业名称（必填）、县（市、区）（必填）、所属行业、上年底职工数量（必填）、目前职工数量（必填）、"
                                 "已享受的稳岗政策、跟踪指导情况、本年度计划裁员人数、已裁员人数、裁员岗位、依法结清劳动报酬情况、"
                                 "经济补偿标准、支付能力评估、填报期", "Sheet1")),
    "misspelt_required": (xlsx(("Sheet1", [["企业名称", "县区", "上年末职工数", "目前职工数量", "联系电话"],
                                           ["甲", "章贡区", 100, 90, "123"]], [])), "台账.xlsx",
                          Problem("missing_columns", "“重点企业用工指导服务工作台账”缺少必填栏目：上年底职工数量。"
                                  "表中没有认出的表头：“上年末职工数”、“联系电话”，如其中有上述栏目，请改用下列写法。应有的栏目："
                                  "企业名称（必填）、县（市、区）（必填）、所属行业、上年底职工数量（必填）、目前职工数量（必填）、"
                                  "已享受的稳岗政策、跟踪指导情况、本年度计划裁员人数、已裁员人数、裁员岗位、依法结清劳动报酬情况、"
                                  "经济补偿标准、支付能力评估、填报期", "Sheet1")),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_file_is_refused_with_a_chinese_message(kind):
    data, name, problem = HOSTILE[kind]
    options = {"ledger": "key_enterprise"} if kind == "missing_required" else {}
    result = parse(data, name, **options)
    assert (result.rows, result.problems, result.refused) == ((), (problem,), True)


def test_file_over_the_size_limit_is_refused():
    assert Limits().max_bytes == 20 * 1024 * 1024
    result = parse_upload(bytes(3 * 1024), "台账.xlsx", ImportOptions(limits=Limits(max_bytes=2 * 1024)))
    assert result.problems == (Problem("too_large", "文件超过 2 KB，不能上传。请删去多余的工作表或拆成几个文件再传。"),)


def test_sheet_with_too_many_rows_or_cells_is_refused_before_reading_cells():
    rows = parse_upload(SMALL, "台账.xlsx", ImportOptions(limits=Limits(max_rows=1)))
    cells = parse_upload(SMALL, "台账.xlsx", ImportOptions(limits=Limits(max_cells=7)))
    assert rows.problems == (Problem("too_many_rows", "工作表“Sheet1”有 2 行，超过上限 1 行，请拆分后上传"),)
    assert cells.problems == (Problem("too_many_cells", "工作表“Sheet1”的单元格超过上限 7 个，请删去无关内容后上传"),)


def test_a_milestone_title_shared_by_several_years_asks_for_the_id():
    milestones = {
        "social_org.cultivate_2021": "培育选树金牌社会组织", "social_org.cultivate_2022": "培育选树金牌社会组织",
        "social_org.survey_2021_01": "开展调查摸底",
    }
    rows = [["县区", "工作节点", "完成日期"], ["章贡区", "培育选树金牌社会组织", "2021-12-20"],
            ["章贡区", "开展调查摸底", "2021-01-20"], ["章贡区", "social_org.cultivate_2022", "2022-12-20"]]
    result = parse(xlsx(("进度", rows, [])), milestones=milestones, today=AFTER_PLAN)
    assert [r["milestone"] for r in result.rows] == [None, "social_org.survey_2021_01", "social_org.cultivate_2022"]
    assert result.problems == (
        Problem("bad_value", "多个工作节点同名，请改填节点编号：social_org.cultivate_2021、social_org.cultivate_2022",
                "进度", 2, "工作节点", "培育选树金牌社会组织"),
    )


def test_a_template_drop_down_entry_resolves_to_its_milestone():
    rows = [["县区", "工作节点", "完成日期"], ["章贡区", "social_org.survey_2021_01｜开展调查摸底", "2021-01-20"]]
    result = parse(xlsx(("进度", rows, [])), milestones={"social_org.survey_2021_01": "开展调查摸底"})
    assert ([r["milestone"] for r in result.rows], result.problems) == (["social_org.survey_2021_01"], ())


def test_a_zip_part_in_a_compression_excel_never_writes_is_refused_as_damaged():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    result = parse(buffer.getvalue(), "台账.xlsx")
    assert result.refused
    assert result.problems == (Problem("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传"),)
