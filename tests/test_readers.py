"""File kinds counties really send, built in tmp_path: web-system HTML .xls in GBK, SpreadsheetML 2003 and .ods."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from hexie.importer import ImportOptions, Problem, parse_upload
from tests.test_importer import xlsx

TODAY = date(2021, 8, 15)
EXPECTED = [
    {"county": "章贡区", "year": 2021, "large_medium": 10, "small_micro": 100},
    {"county": "于都县", "year": 2021, "large_medium": 20, "small_micro": 200},
]

HTML_XLS = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<style>td {mso-number-format:"\\@";}</style><link rel="stylesheet" href="http://example.invalid/a.css"></head>
<body><table border="1">
<tr><td colspan="4">赣州市企业基数统计表</td></tr>
<tr><th>县区</th><th>年度</th><th>大中型企业数</th><th>小微企业数</th></tr>
<tr><td>章贡区</td><td>2021</td><td>10</td><td>1,00<!-- comment -->0</td></tr>
<tr><td>于都</td><td>2021</td><td>20</td><td>200</td></tr>
</table><img src="http://example.invalid/track.gif"></body></html>"""

SPREADSHEETML = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="基数"><Table>
  <Row><Cell ss:MergeAcross="3"><Data ss:Type="String">赣州市企业基数统计表</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">县区</Data></Cell><Cell><Data ss:Type="String">年度</Data></Cell>
   <Cell><Data ss:Type="String">大中型企业数</Data></Cell><Cell><Data ss:Type="String">小微企业数</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">章贡区</Data></Cell><Cell><Data ss:Type="Number">2021</Data></Cell>
   <Cell><Data ss:Type="Number">10</Data></Cell><Cell><Data ss:Type="Number">100</Data></Cell></Row>
  <Row><Cell><Data ss:Type="String">于都</Data></Cell><Cell><Data ss:Type="String">2021年</Data></Cell>
   <Cell ss:Index="4"><Data ss:Type="Number">200</Data></Cell></Row>
 </Table></Worksheet>
</Workbook>"""


def ods(rows: list[list], encrypted: bool = False) -> bytes:
    """A minimal OpenDocument spreadsheet as LibreOffice writes one: mimetype first and stored, then content.xml."""
    def cell(value):
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="基数">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        + ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>' if encrypted else "")
        + "</manifest:file-entry></manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def load(path):
    return parse_upload(path.read_bytes(), path.name, ImportOptions(today=TODAY))


def test_web_system_html_xls_in_gbk_loads_with_exact_rows(tmp_path):
    path = tmp_path / "企业基数导出.xls"
    path.write_bytes(HTML_XLS.encode("gbk"))
    result = load(path)
    assert (result.kind, result.sheet, result.problems) == ("html", "表格1", ())
    assert [dict(r, small_micro=r["small_micro"]) for r in result.rows] == [dict(EXPECTED[0], small_micro=1000), EXPECTED[1]]
    assert result.source_rows == (3, 4)


@pytest.mark.parametrize("encoding, meta", [("utf-8", '<meta charset="utf-8">'), ("gb18030", ""), ("utf-8", "")])
def test_html_charset_from_the_meta_tag_or_detected(tmp_path, encoding, meta):
    page = f"<html><head>{meta}</head><body><table><tr><td>县区</td><td>年度</td><td>大中型企业数</td><td>小微企业数</td></tr>" \
           "<tr><td>于都</td><td>2021年</td><td>20</td><td>200</td></tr></table></body></html>"
    path = tmp_path / "导出.xls"
    path.write_bytes(page.encode(encoding))
    assert load(path).rows == (EXPECTED[1],)


def test_spreadsheetml_2003_xls_loads_with_exact_rows(tmp_path):
    path = tmp_path / "XML表格.xls"
    path.write_text(SPREADSHEETML, encoding="utf-8")
    result = load(path)
    assert (result.kind, result.sheet, result.source_rows) == ("spreadsheetml", "基数", (3, 4))
    assert result.rows == (EXPECTED[0], dict(EXPECTED[1], large_medium=None))


def test_spreadsheetml_with_a_dtd_is_refused(tmp_path):
    hostile = SPREADSHEETML.replace('<?xml version="1.0"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>')
    result = parse_upload(hostile.encode(), "XML表格.xls", ImportOptions(today=TODAY))
    assert result.problems == (Problem(
        "xml_dtd", "文件中含有 XML 实体声明（DTD），出于安全考虑已拒绝读取；请用 Excel 或 WPS 另存为 .xlsx 后上传"),)


def test_ods_loads_with_exact_rows(tmp_path):
    path = tmp_path / "基数.ods"
    path.write_bytes(ods([["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100], ["于都", 2021, 20, 200]]))
    result = load(path)
    assert (result.kind, result.sheet, result.problems, result.rows) == ("ods", "基数", (), tuple(EXPECTED))


def test_an_ods_saved_with_a_password_is_called_encrypted_not_damaged(tmp_path):
    path = tmp_path / "基数.ods"
    path.write_bytes(ods([["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100]], encrypted=True))
    assert load(path).problems == (Problem("encrypted", "工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传"),)


def test_kind_is_told_from_the_bytes_not_the_name(tmp_path):
    path = tmp_path / "基数.xls"
    path.write_bytes(xlsx(("基数", [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100]], [])))
    assert load(path).kind == "xlsx"


def test_merged_ranges_past_the_last_row_of_data_do_not_crash():
    data = xlsx(("基数", [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100]], ["A1:B40", "D2:F90"]))
    result = parse_upload(data, "基数.xlsx", ImportOptions(today=TODAY))
    assert result.ledger == "enterprise_base"


def test_the_report_says_what_a_misnamed_file_really_was(tmp_path, capsys):
    from hexie.cli import main

    path = tmp_path / "企业基数导出.xls"
    path.write_bytes(HTML_XLS.encode("gbk"))
    assert main(["ingest", str(path), "--db", str(tmp_path / "h.duckdb")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "企业基数导出.xls：企业基数（自动识别）已导入（批次 1） 2 行；填报期 2021（表内栏目）；于都县 1 行，章贡区 1 行",
        "  文件实为网页导出的表格（HTML）",
        "  读取工作表“表格1”，共 2 行",
    ]


# ---- cells Excel shows as errors, and workbooks holding only pictures ------------------------------------------

def test_error_values_are_reported_as_such_not_as_blank_cells():
    # openpyxl writes "#DIV/0!" and "#N/A" as error cells (t="e"), as Excel saves a formula that failed.
    data = xlsx(("基数", [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, "#DIV/0!", 100],
                         ["#N/A", 2021, 5, 10]], []))
    assert b't="e"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    result = parse_upload(data, "基数.xlsx", ImportOptions(today=TODAY))
    assert result.problems == (
        Problem("error_value", "单元格显示错误值 #DIV/0!（公式出错或引用失效），请改正后重新上传", "基数", 2, "大中型企业数", "#DIV/0!"),
        Problem("error_value", "单元格显示错误值 #N/A（公式出错或引用失效），请改正后重新上传", "基数", 3, "县（市、区）", "#N/A"),
    )


def test_an_error_value_in_an_optional_column_is_a_problem_not_a_silent_blank():
    header = ["调解组织名称", "县（市、区）", "统计期", "受理案件数", "调解成功数", "涉及金额"]
    data = xlsx(("统计", [header, ["水西调解中心", "章贡区", "2021-06", 20, 14, "#REF!"]], []))
    result = parse_upload(data, "统计.xlsx", ImportOptions(today=TODAY))
    assert result.problems == (
        Problem("error_value", "单元格显示错误值 #REF!（公式出错或引用失效），请改正后重新上传", "统计", 2, "涉及金额", "#REF!"),
    )


def test_a_workbook_holding_only_a_picture_of_a_table_says_so():
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture

    picture = io.BytesIO()
    Picture.new("RGB", (40, 20), "white").save(picture, "PNG")
    workbook = Workbook()
    workbook.active.add_image(Image(io.BytesIO(picture.getvalue())), "A1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse_upload(buffer.getvalue(), "截图.xlsx", ImportOptions(today=TODAY))
    assert result.problems == (Problem(
        "only_pictures", "文件中只有图片，没有填在单元格里的内容，无法读取图片中的表格；请把数据填入单元格（可下载模板）后重新上传",
    ),)


# ---- ranges merged down a column in the data rows, as ledgers are often laid out --------------------------------

MEDIATION_HEADER = ["调解组织名称", "县（市、区）", "组织类型", "专职调解员数"]


def test_a_county_merged_down_its_rows_counts_for_every_row():
    data = xlsx(("调解组织", [MEDIATION_HEADER, ["水西调解中心", "章贡区", "乡镇（街道）调解组织", 2],
                             ["沙石调解中心", None, "乡镇（街道）调解组织", 1],
                             ["赣县调解中心", "赣县区", "乡镇（街道）调解组织", 3]], ["B2:B3"]))
    result = parse_upload(data, "调解组织.xlsx", ImportOptions(today=TODAY, ledger="mediation_org"))
    assert result.problems == ()
    assert [(r["name"], r["county"], r["full_time"]) for r in result.rows] == [
        ("水西调解中心", "章贡区", 2), ("沙石调解中心", "章贡区", 1), ("赣县调解中心", "赣县区", 3),
    ]


def test_a_number_merged_down_several_rows_is_a_problem_not_a_copy():
    # One 2 spread over two organisations cannot be shared out: copying it would count 4, leaving it blank 2.
    data = xlsx(("调解组织", [MEDIATION_HEADER, ["水西调解中心", "章贡区", "乡镇（街道）调解组织", 2],
                             ["沙石调解中心", "章贡区", "乡镇（街道）调解组织", None]], ["D2:D3"]))
    result = parse_upload(data, "调解组织.xlsx", ImportOptions(today=TODAY, ledger="mediation_org"))
    assert result.problems == (Problem(
        "merged_number", "与第 2 行合并为一个单元格，一个数不能分到几行；请取消合并，逐行填写后重新上传",
        "调解组织", 3, "专职调解员数", "",
    ),)


def test_a_web_export_with_the_county_in_a_rowspan_loads_every_row(tmp_path):
    page = ("<html><body><table><tr><th>县区</th><th>年度</th><th>大中型企业数</th><th>小微企业数</th></tr>"
            "<tr><td rowspan=\"2\">章贡区</td><td>2020</td><td>10</td><td>100</td></tr>"
            "<tr><td>2021</td><td>12</td><td>110</td></tr></table></body></html>")
    path = tmp_path / "导出.xls"
    path.write_bytes(page.encode("utf-8"))
    result = load(path)
    assert result.problems == ()
    assert result.rows == (
        {"county": "章贡区", "year": 2020, "large_medium": 10, "small_micro": 100},
        {"county": "章贡区", "year": 2021, "large_medium": 12, "small_micro": 110},
    )


def test_a_county_merged_down_a_templates_empty_rows_does_not_make_them_rows():
    data = xlsx(("调解组织", [MEDIATION_HEADER, ["水西调解中心", "章贡区", "乡镇（街道）调解组织", 2],
                             [None, None, None, None], [None, None, None, None]], ["B2:B4"]))
    result = parse_upload(data, "调解组织.xlsx", ImportOptions(today=TODAY, ledger="mediation_org"))
    assert (result.problems, result.source_rows) == ((), (2,))


# ---- one ledger on several sheets (a sheet per month) --------------------------------------------------------------

STATS_HEADER = ["调解组织名称", "县（市、区）", "统计期", "受理案件数", "调解成功数"]


def test_a_workbook_with_the_ledger_on_several_sheets_is_refused_naming_them_not_read_in_part():
    data = xlsx(("1月", [STATS_HEADER, ["水西调解中心", "章贡区", "2021-01", 5, 3]], []),
                ("2月", [STATS_HEADER, ["水西调解中心", "章贡区", "2021-02", 6, 4]], []),
                ("3月", [STATS_HEADER], []), ("说明", [["填表说明：每月一张表"]], []))
    result = parse_upload(data, "调解统计.xlsx", ImportOptions(today=TODAY))
    assert (result.row_count, result.problems) == (0, (Problem(
        "several_sheets", "工作簿中有 2 个工作表都是“调解工作统计”：“1月”、“2月”，一次只能读取一个工作表；"
        "请把各工作表分别另存为文件，再一起上传（可一次选择多个文件）",
    ),))


def test_a_second_sheet_with_other_columns_of_the_ledger_does_not_stop_the_upload():
    data = xlsx(("1月", [STATS_HEADER, ["水西调解中心", "章贡区", "2021-01", 5, 3]], []),
                ("汇总", [["调解组织名称", "受理案件数"], ["水西调解中心", 5]], []))
    result = parse_upload(data, "调解统计.xlsx", ImportOptions(today=TODAY))
    assert (result.sheet, result.problems, result.row_count) == ("1月", (), 1)


def hidden_copy_workbook(hide: str) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, month in (("填报", "2021-02"), ("备份", "2021-01")):
        sheet = workbook.create_sheet(name)
        sheet.append(STATS_HEADER)
        sheet.append(["水西调解中心", "章贡区", month, 5, 3])
    workbook[hide].sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_hidden_copy_of_the_sheet_is_not_read_and_does_not_stop_the_upload():
    result = parse_upload(hidden_copy_workbook("备份"), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert (result.sheet, result.problems, result.period) == ("填报", (), "2021-02")


def test_a_ledger_only_on_a_hidden_sheet_is_still_read():
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(hidden_copy_workbook("填报")))
    del workbook["备份"]
    workbook.create_sheet("说明").append(["填表说明：数据在隐藏的工作表里"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse_upload(buffer.getvalue(), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert (result.sheet, result.problems, result.period) == ("填报", (), "2021-02")


def test_rows_hidden_by_a_filter_are_read_and_the_report_says_which():
    import openpyxl

    from hexie.uploads import READY, LoadOutcome

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "基数"
    sheet.append(["县区", "年度", "大中型企业数", "小微企业数"])
    for county in ("章贡区", "南康区", "赣县区", "于都县", "信丰县"):
        sheet.append([county, 2021, 10, 100])
    for row in (3, 4, 6):
        sheet.row_dimensions[row].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse_upload(buffer.getvalue(), "基数.xlsx", ImportOptions(today=TODAY))
    assert (result.problems, result.row_count, result.hidden_rows) == ((), 5, (3, 4, 6))
    assert LoadOutcome(result, (), READY).notes() == [
        "第 3–4、6 行是隐藏行（被筛选掉或隐藏），共 3 行，也一并读取；不应上传的行请删除后重新上传",
    ]


JANUARY = ("1月", [STATS_HEADER, ["水西调解中心", "章贡区", "2021-01", 5, 3]], [])


@pytest.mark.parametrize("prepared", [
    [["序号", *STATS_HEADER], [1], [2], [3]],                      # numbered in advance
    [STATS_HEADER, ["合计", None, None, 0, 0]],                     # a total of zeros
    [["序号", *STATS_HEADER], ["示例", "章贡区水西调解中心", "章贡区", "2021-06", 20, 14]],  # the template's example
], ids=["numbered", "total", "example"])
def test_a_sheet_prepared_for_next_month_does_not_stop_the_upload(prepared):
    result = parse_upload(xlsx(JANUARY, ("2月", prepared, [])), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert (result.sheet, result.problems, result.row_count) == ("1月", (), 1)


def test_monthly_sheets_with_an_extra_column_on_one_are_still_several_sheets():
    february = ("2月", [[*STATS_HEADER, "涉及金额"], ["水西调解中心", "章贡区", "2021-02", 6, 4, 1.5]], [])
    result = parse_upload(xlsx(JANUARY, february), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert [p.code for p in result.problems] == ["several_sheets"]
    assert "“1月”、“2月”" in result.problems[0].message


def test_the_filled_sheet_is_read_though_an_empty_copy_of_the_table_comes_first():
    result = parse_upload(xlsx(("空表", [STATS_HEADER], []), JANUARY), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert (result.sheet, result.problems, result.row_count) == ("1月", (), 1)


def test_a_shown_sheet_missing_a_column_is_told_so_not_passed_over_for_a_hidden_copy():
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(hidden_copy_workbook("备份")))
    workbook["填报"]["D1"] = "受理数量"  # a wording the ledger does not know: 受理案件数 is missing
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse_upload(buffer.getvalue(), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert ([p.code for p in result.problems], result.problems[0].sheet) == (["missing_columns"], "填报")


def test_a_footer_under_a_county_merged_down_its_rows_stays_a_footer():
    data = xlsx(("基数", [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2020, 10, 100],
                         [None, 2021, 12, 110], [None, "填表人：张三", None, None]], ["A2:A4"]))
    result = parse_upload(data, "基数.xlsx", ImportOptions(today=TODAY))
    assert (result.problems, result.source_rows) == ((), (2, 3))
    assert [r["county"] for r in result.rows] == ["章贡区", "章贡区"]


def test_a_hidden_column_is_not_a_hidden_row():
    import openpyxl

    from hexie.importer.readers.workbook import _hides_a_row

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["县区", "年度", "大中型企业数", "小微企业数", "备注"])
    sheet.append(["章贡区", 2021, 10, 100, "内部"])
    sheet.column_dimensions["E"].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    xml = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).read("xl/worksheets/sheet1.xml")
    assert b'hidden="1"' in xml and not _hides_a_row(xml)
    assert parse_upload(buffer.getvalue(), "基数.xlsx", ImportOptions(today=TODAY)).hidden_rows == ()


def test_rows_numbered_in_advance_but_not_filled_are_not_rows():
    rows = [["序号", "县区", "年度", "大中型企业数", "小微企业数"], [1, "章贡区", 2021, 10, 100], [2, "于都", 2021, 20, 200]]
    rows += [[n] for n in range(3, 21)]
    result = parse_upload(xlsx(("基数", rows, [])), "基数.xlsx", ImportOptions(today=TODAY))
    assert (result.problems, result.source_rows) == ((), (2, 3))


def test_a_total_written_in_the_serial_column_is_still_a_total():
    rows = [["序号", "县区", "年度", "大中型企业数", "小微企业数"], [1, "章贡区", 2021, 10, 100], ["合计", None, None, 10, 100]]
    result = parse_upload(xlsx(("基数", rows, [])), "基数.xlsx", ImportOptions(today=TODAY))
    assert (result.problems, result.source_rows) == ((), (2,))


def template_with(ledger: str, edit) -> bytes:
    """A downloaded template (填报, 说明, 选项) after `edit(workbook)`."""
    import openpyxl

    from hexie.templates import build_template

    workbook = openpyxl.load_workbook(io.BytesIO(build_template(ledger, {})))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_help_sheet_listing_column_names_is_never_read_as_the_ledger():
    # 说明 lists the columns down one column; with 填报's name header reworded it matched the name column alone.
    def reword(workbook):
        workbook["填报"]["B3"] = "协会名称"
        workbook["填报"].append([1, "章贡区劳动关系服务协会", "章贡区"])

    result = parse_upload(template_with("social_org", reword), "社会组织.xlsx", ImportOptions(today=TODAY, county="章贡区"))
    assert [(p.code, p.sheet) for p in result.problems] == [("missing_columns", "填报")]
    assert "“协会名称”" in result.problems[0].message


def test_rows_on_a_sheet_of_their_own_are_read_beside_an_empty_template_of_another_ledger():
    def add_stats(workbook):
        sheet = workbook.create_sheet("统计")
        sheet.append(STATS_HEADER)
        sheet.append(["水西调解中心", "章贡区", "2021-01", 5, 3])

    result = parse_upload(template_with("mediation_org", add_stats), "调解.xlsx", ImportOptions(today=TODAY))
    assert (result.ledger, result.sheet, result.problems, result.row_count) == ("mediation_stats", "统计", (), 1)


def test_a_clerks_own_sheet_beside_the_empty_template_is_the_one_told_about():
    def add_own(workbook):
        sheet = workbook.create_sheet("我的")
        sheet.append(["调解组织名称", "县（市、区）", "统计期", "受理数量", "调解成功数"])
        sheet.append(["水西调解中心", "章贡区", "2021-01", 5, 3])

    result = parse_upload(template_with("mediation_stats", add_own), "调解.xlsx", ImportOptions(today=TODAY))
    assert [(p.code, p.sheet) for p in result.problems] == [("missing_columns", "我的")]
    assert "“受理数量”" in result.problems[0].message


def test_a_stray_angle_bracket_before_hidden_is_not_a_crash():
    from hexie.importer.readers.workbook import _hides_a_row

    assert (_hides_a_row(b'< hidden="1"/>'), _hides_a_row(b'<x:row r="2" hidden="true">')) == (False, True)


def test_another_ledgers_filled_sheet_is_named_in_the_report_not_dropped_without_a_word():
    from hexie.uploads import READY, LoadOutcome

    mediators = ("调解员", [["姓名", "所在调解组织", "县（市、区）", "专职或兼职"], ["李四", "水西调解中心", "章贡区", "专职"]], [])
    result = parse_upload(xlsx(JANUARY, mediators), "调解.xlsx", ImportOptions(today=TODAY))
    assert (result.sheet, result.problems, result.other_sheets) == ("1月", (), (("调解员", "mediator"),))
    assert LoadOutcome(result, (), READY).notes() == [
        "工作表“调解员”像是劳动人事争议调解员台账（有数据行），本次未读取；如要导入，请另存为文件上传",
    ]


def test_a_months_sheet_under_a_header_not_wholly_recognised_is_named_not_dropped():
    header = ["调解组织名称", "县（市、区）", "统计期", "收案件数", "调解成功数"]
    february = ("2月", [header, ["水西调解中心", "章贡区", "2021-02", 6, 4]], [])
    result = parse_upload(xlsx(JANUARY, february), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert (result.sheet, result.problems, result.other_sheets) == ("1月", (), (("2月", "mediation_stats"),))


def test_a_summary_without_the_period_is_named_not_counted_as_a_second_month():
    summary = ("汇总", [["调解组织名称", "县（市、区）", "受理案件数", "调解成功数"], ["水西调解中心", "章贡区", 11, 7]], [])
    result = parse_upload(xlsx(JANUARY, summary), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert (result.sheet, result.problems, result.other_sheets) == ("1月", (), (("汇总", "mediation_stats"),))


def test_an_options_list_beside_an_empty_template_does_not_take_its_place():
    def add_options(workbook):
        sheet = workbook.create_sheet("下拉选项")
        sheet.append(["县（市、区）", "单位类型", "证书等级"])
        sheet.append(["章贡区", "企业", "一级"])

    result = parse_upload(template_with("coordinator", add_options), "协调员.xlsx", ImportOptions(today=TODAY))
    assert [(p.code, p.sheet) for p in result.problems] == [("no_rows", "填报")]


def test_a_header_only_sheet_beside_a_hidden_sheet_with_rows_says_where_the_rows_are():
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(hidden_copy_workbook("备份")))
    workbook["填报"].delete_rows(2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse_upload(buffer.getvalue(), "调解统计.xlsx", ImportOptions(today=TODAY))
    assert result.problems == (Problem(
        "no_rows", "只有表头，没有数据行（示例行不计）；隐藏的工作表“备份”里有数据行，如要上传，请在 Excel 中取消隐藏后重新上传", "填报",
    ),)
