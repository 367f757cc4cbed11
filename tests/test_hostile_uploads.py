"""What a careless clerk or a hostile file can put in an upload, read as exact problems: huge counts, far-future
dates, workbooks with one far cell, wide CSVs, oversized files; on the page's parse and the command line alike."""

from __future__ import annotations

from datetime import date

import pytest

from hexie.cli import main
from hexie.importer import ImportOptions, Problem, parse_upload
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
    result = parse_csv(NEW_ENTERPRISE + f"赣州甲公司,91360702MA398ABC1D,章贡区,{served},上门服务\n", ledger="new_enterprise")
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
