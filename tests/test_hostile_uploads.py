"""What a careless clerk or a hostile file can put in an upload, read as exact problems: huge counts, far-future
dates, workbooks with one far cell, wide CSVs, oversized files; on the page's parse and the command line alike."""

from __future__ import annotations

from datetime import date

import pytest

from hexie.cli import main
from hexie.importer import ImportOptions, Limits, Problem, parse_upload
from hexie.store import Store

TODAY = date(2021, 8, 15)
BASE_HEADER = "县区,年度,大中型企业数,小微企业数\n"


def parse_csv(text: str, **options) -> object:
    return parse_upload(text.encode(), "台账.csv", ImportOptions(today=TODAY, **options))


# ---- counts beyond any sane size (#9 item 2) --------------------------------------------------------------------

def test_count_beyond_64_bits_is_a_row_problem_with_row_and_column():
    result = parse_csv(BASE_HEADER + "章贡区,2021,99999999999999999999,100\n于都,2021,5,10\n")
    assert result.problems == (
        Problem("bad_value", "数量大得不合常理（超过 10000000），请核对是否多打了数字", "台账", 2, "大中型企业数",
                "99999999999999999999"),
    )
    assert [r["large_medium"] for r in result.rows] == [None, 5]


def test_count_at_the_bound_is_accepted():
    assert parse_csv(BASE_HEADER + "章贡区,2021,10000000,100\n").problems == ()


def test_dry_run_refuses_a_count_beyond_64_bits_instead_of_saying_it_can_be_loaded(tmp_path, capsys):
    path = tmp_path / "基数.csv"
    path.write_text(BASE_HEADER + "章贡区,2021,99999999999999999999,100\n", encoding="utf-8")
    db = tmp_path / "hexie.duckdb"
    assert main(["ingest", str(path), "--db", str(db), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "工作表“基数”第 2 行【大中型企业数】“99999999999999999999”：数量大得不合常理（超过 10000000），请核对是否多打了数字" in err
    assert main(["ingest", str(path), "--db", str(db)]) == 1
    with Store.open(db) as store:
        assert store.uploads().empty


# ---- dates and periods later than the upload day (#9 item 10) ---------------------------------------------------

NEW_ENTERPRISE = "企业名称,统一社会信用代码,县区,服务日期,服务方式\n"


@pytest.mark.parametrize("served, message", [
    ("2021-09-01", "晚于上传当天（2021-08-15），不能是将来的日期"),
    ("2099-05-01", "晚于上传当天（2021-08-15）：年份 2099 晚于今年，可能是笔误"),
])
def test_event_date_later_than_the_upload_day_is_a_row_problem(served, message):
    result = parse_csv(NEW_ENTERPRISE + f"赣州甲公司,91360702MA398ABC1J,章贡区,{served},上门服务\n", ledger="new_enterprise")
    assert [p for p in result.problems if p.code == "bad_value"] == [
        Problem("bad_value", message, "台账", 2, "服务日期", served),
    ]


def test_future_year_and_period_cells_are_row_problems():
    year = parse_csv(BASE_HEADER + "章贡区,2100,10,100\n")
    assert year.problems == (Problem("bad_value", "晚于上传当天（2021-08-15）：年份 2100 晚于今年，可能是笔误", "台账", 2, "年度", "2100"),)
    stats = parse_csv("调解组织名称,县区,统计期,受理案件数,调解成功数\n甲调解中心,章贡区,2099-01,3,2\n", ledger="mediation_stats")
    assert stats.problems == (
        Problem("bad_value", "晚于上传当天（2021-08-15）：年份 2099 晚于今年，可能是笔误", "台账", 2, "统计期", "2099-01"),
    )


def test_a_far_future_period_option_is_refused_naming_the_likely_typo(tmp_path, capsys):
    result = parse_csv("调解组织名称,县区,受理案件数,调解成功数\n甲调解中心,章贡区,3,2\n", ledger="mediation_stats",
                       period="2099-01")
    assert result.problems == (
        Problem("bad_period", "上传时选择的填报期“2099-01”晚于上传当天（2021-08-15）：年份 2099 晚于今年，可能是笔误", "台账"),
    )


# ---- workbooks whose one far cell would make the reader lay out billions of cells (#9 item 1) ----------------------

def far_cell_workbook(far: str, quote: str = '"', equals: str = "=") -> bytes:
    """A 5 KB .xlsx with a header row at A1 and one cell at `far`, written by hand as a hostile file would be (its
    attributes quoted with `quote`, names and values joined by `equals`)."""
    import io
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    titles = ["县区", "年度", "大中型企业数", "小微企业数"]
    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>' for c, t in zip("ABCD", titles))
    row = int("".join(ch for ch in far if ch.isdigit()))
    far_cell = f"<row r{equals}{quote}{row}{quote}><c r{equals}{quote}{far}{quote} t=\"inlineStr\"><is><t>x</t></is></c></row>"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
            '<sheet name="基数" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            f'<row r="1">{header}</row>{far_cell}</sheetData></worksheet>'),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_workbook_with_one_cell_at_xfd1048576_is_refused_before_it_is_read():
    result = parse_upload(far_cell_workbook("XFD1048576"), "基数.xlsx", ImportOptions(today=TODAY))
    assert result.problems == (Problem(
        "too_many_rows", "工作表“基数”有内容远在第 1048576 行（最远处 XFD1048576），超过上限 200000 行；请删去表格以外的内容或拆分后上传",
    ),)


def test_workbook_with_one_cell_at_all150000_is_refused_before_it_is_read():
    result = parse_upload(far_cell_workbook("ALL150000"), "基数.xlsx", ImportOptions(today=TODAY))
    assert result.problems == (Problem(
        "too_many_cells", "工作表“基数”有内容远在 ALL150000 单元格，整张表达 150000 行 × 1000 列，超过上限 4000000 个单元格；"
        "请删去表格以外的内容后上传",
    ),)


def test_a_far_cell_written_with_single_quotes_is_refused_before_it_is_read():
    result = parse_upload(far_cell_workbook("XFD1048576", quote="'"), "基数.xlsx", ImportOptions(today=TODAY))
    assert result.problems == (Problem(
        "too_many_rows", "工作表“基数”有内容远在第 1048576 行（最远处 XFD1048576），超过上限 200000 行；请删去表格以外的内容或拆分后上传",
    ),)


def test_cells_formatted_far_away_but_empty_do_not_count_as_content():
    # Offices format whole columns: the sheet then lists empty styled cells down to row 1048576 and across to GR.
    # calamine skips cells without a value, and so does the check before it: the file loads.
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["县区", "年度", "大中型企业数", "小微企业数"])
    sheet.append(["章贡区", 2021, 10, 100])
    sheet.cell(row=1_048_576, column=1).font = Font(bold=True)
    sheet.cell(row=5, column=200).font = Font(bold=True)
    buffer = BytesIO()
    workbook.save(buffer)
    result = parse_upload(buffer.getvalue(), "基数.xlsx", ImportOptions(today=TODAY))
    assert result.problems == ()
    assert result.rows == ({"county": "章贡区", "year": 2021, "large_medium": 10, "small_micro": 100},)


def test_a_reader_that_runs_out_of_memory_ends_its_worker_not_the_server():
    # With the extent limits lifted, nothing refuses the far cell before calamine reads it, and calamine asks for
    # hundreds of gigabytes. The worker holding the parse dies; this process, like the dashboard, carries on.
    lifted = Limits(max_rows=2_000_000, max_columns=20_000, max_cells=10**12)
    result = parse_upload(far_cell_workbook("XFD1048576"), "基数.xlsx", ImportOptions(today=TODAY, limits=lifted))
    assert result.problems == (Problem(
        "too_big_to_read", "文件内容过多或结构异常，读取时超出内存上限，已停止读取；请删去表格以外的内容或拆分后上传",
    ),)
    assert parse_csv(BASE_HEADER + "章贡区,2021,10,100\n").problems == ()


def test_a_parse_past_its_time_limit_is_stopped_with_a_chinese_message():
    # Thousands of rows: a one-row file could be parsed by a freshly forked worker within the millisecond.
    limits = Limits(max_seconds=0.001)
    data = (BASE_HEADER + "章贡区,2021,10,100\n" * 20_000).encode()
    result = parse_upload(data, "台账.csv", ImportOptions(today=TODAY, limits=limits))
    assert result.problems == (Problem(
        "too_slow_to_read", "文件读取超过 0 秒仍未完成，已停止；请删去表格以外的内容或拆分后上传",
    ),)


# ---- wide CSV (#9 item 8) ---------------------------------------------------------------------------------------

def test_csv_wider_than_the_column_limit_is_refused_at_its_first_wide_row():
    wide = ",".join("x" * 90_000)
    result = parse_csv("\n".join([wide] * 30) + "\n")
    assert result.problems == (Problem(
        "too_many_columns", "CSV 文件第 1 行有 90000 列，超过上限 1000 列；请删去无关内容后上传",
    ),)


def test_csv_with_more_cells_than_the_limit_is_refused():
    result = parse_csv(BASE_HEADER + "章贡区,2021,10,100\n" * 3, limits=Limits(max_cells=10))
    assert result.problems == (Problem("too_many_cells", "CSV 文件的单元格超过上限 10 个，请删去无关内容或拆分后上传"),)


# ---- one size limit, checked before reading (#9 item 9) ---------------------------------------------------------

def test_one_size_limit_for_the_page_streamlit_and_the_command_line():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == Limits().max_bytes == 20 * 1024 * 1024


def test_the_command_line_refuses_a_500_mb_file_without_reading_it(tmp_path, capsys):
    from hexie.importer import read_capped

    big = tmp_path / "大文件.csv"
    with big.open("wb") as f:
        f.truncate(500 * 1024 * 1024)  # sparse: 500 MB on paper, nothing on disk
    assert len(read_capped(big, Limits())) == Limits().max_bytes + 1
    assert main(["ingest", str(big), "--db", str(tmp_path / "hexie.duckdb")]) == 1
    assert "  文件超过 20 MB，不能上传。请删去多余的工作表或拆成几个文件再传。" in capsys.readouterr().err.splitlines()
