"""Three-valued answers (是/否/未评估): read, matched, offered in templates, stored apart from blank, exported, migrated."""

from __future__ import annotations

import io
from datetime import date

import duckdb
import openpyxl
import pandas as pd
import pytest

from hexie.importer import ImportOptions, allowed_values, parse_upload, suggest, unknown_values
from hexie.importer.cells import BadValue, parse_bool
from hexie.ledgers import BOOL, LEDGERS, LEDGERS_BY_KEY
from hexie.store import MIGRATIONS, Store, UploadInfo
from hexie.templates import build_template, dictionary_frame, export_frame, export_workbook
from hexie.uploads import match_targets, preview_frame
from tests.test_importer import xlsx

REACHED = LEDGERS_BY_KEY["harmonious"].column("reached")
HEADER = ["企业名称", "县区", "培育年度", "推荐单位", "培育状态", "是否达到和谐企业标准"]


def harmonious_file(*answers: object, status: str = "培育中") -> bytes:
    rows = [[f"企业{i}", "章贡区", 2021, "市人社局", status, answer] for i, answer in enumerate(answers)]
    return xlsx(("培育", [HEADER, *rows], []))


def parse(data: bytes):
    return parse_upload(data, "培育.xlsx", ImportOptions(today=date(2021, 8, 15)))


def test_only_the_harmonious_standard_has_a_third_answer():
    three = [(ledger.key, c.name) for ledger in LEDGERS for c in ledger.columns if c.three_valued]
    assert three == [("harmonious", "reached")]
    assert (REACHED.answers, REACHED.sql_type, REACHED.type_label) == (("是", "否", "未评估"), "VARCHAR", "是/否/未评估")
    two = LEDGERS_BY_KEY["key_enterprise"].column("wages_settled")
    assert (two.answers, two.sql_type, two.type_label) == (("已结清", "未结清"), "BOOLEAN", "是/否")


@pytest.mark.parametrize("raw, answer", [
    ("是", "是"), ("√", "是"), (True, "是"), (1, "是"),
    ("否", "否"), ("×", "否"), (False, "否"), (0, "否"),
    ("未评估", "未评估"), ("培育中", "未评估"), ("待评估", "未评估"), ("评估中", "未评估"), (" 尚未评估 ", "未评估"),
    ("待验收", "未评估"),
])
def test_the_third_answer_words_read_as_the_third_answer(raw, answer):
    assert parse_bool(raw, REACHED) == answer


def test_an_unknown_word_names_all_three_answers_and_two_valued_columns_have_no_third():
    with pytest.raises(BadValue, match="^应填“是”、“否”或“未评估”$"):
        parse_bool("待定", REACHED)
    trained = LEDGERS_BY_KEY["mediator"].column("trained")
    assert parse_bool("是", trained) is True
    with pytest.raises(BadValue, match="^应填“是”或“否”$"):
        parse_bool("培育中", trained)


def test_an_upload_keeps_blank_apart_from_not_yet_assessed():
    result = parse(harmonious_file("是", "否", "培育中", "评估中", None))
    assert result.problems == ()
    assert [r["reached"] for r in result.rows] == ["是", "否", "未评估", "未评估", None]
    assert preview_frame(result)["是否达到和谐企业标准"].tolist() == ["是", "否", "未评估", "未评估", pd.NA]


def test_an_unknown_word_goes_to_value_matching_whose_drop_down_offers_the_third_answer():
    result = parse(harmonious_file("还在评估", "还在评估", "是"))
    (value,) = unknown_values(result)
    assert (value.label, value.value, value.rows, value.suggestions, value.allowed, value.optional) == (
        "是否达到和谐企业标准", "还在评估", 2, ("未评估",), ("是", "否", "未评估"), True)
    assert allowed_values(REACHED) == ("是", "否", "未评估")
    assert suggest("评估未完成", REACHED) == ("未评估",)


def test_a_match_to_the_third_answer_loads_it():
    from hexie.importer import ValueMatch

    result = parse_upload(harmonious_file("还在评估"), "培育.xlsx", ImportOptions(
        today=date(2021, 8, 15), value_matches=(ValueMatch("是否达到和谐企业标准", "还在评估", "未评估"),)))
    assert (result.problems, result.rows[0]["reached"]) == ((), "未评估")


def test_the_remembered_match_editor_offers_the_third_answer():
    from hexie.store import RememberedMatch

    match = RememberedMatch("章贡区", "harmonious", "reached", "还在评估", "未评估")
    assert match_targets(match) == ["是", "否", "未评估", "留空"]


def test_an_assessed_enterprise_cannot_be_not_yet_assessed():
    result = parse(harmonious_file("未评估", "是", status="已评估"))
    assert [(p.code, p.row, p.column, p.value, p.message) for p in result.problems] == [
        ("assessed_has_answer", 2, "是否达到和谐企业标准", "未评估",
         "培育状态为“已评估”时，是否达标应填“是”或“否”，不能为“未评估”")]


def test_the_template_drop_down_offers_the_third_answer():
    wb = openpyxl.load_workbook(io.BytesIO(build_template("harmonious")))
    ws, lists = wb["填报"], wb["选项"]
    labels = [c.value for c in ws[3]]
    letter = openpyxl.utils.get_column_letter(labels.index("是否达到和谐企业标准") + 1)
    (validation,) = [v for v in ws.data_validations.dataValidation if str(v.sqref) == f"{letter}5:{letter}1004"]
    sheet_range = validation.formula1.split("!")[1].replace("$", "")
    assert [c.value for row in lists[sheet_range] for c in row] == ["是", "否", "未评估"]
    # A plain yes/no column still offers two.
    epidemic = openpyxl.utils.get_column_letter(labels.index("是否受疫情影响较大") + 1)
    (validation,) = [v for v in ws.data_validations.dataValidation if str(v.sqref) == f"{epidemic}5:{epidemic}1004"]
    assert [c.value for row in lists[validation.formula1.split("!")[1].replace("$", "")] for c in row] == ["是", "否"]


def test_the_data_dictionary_names_the_third_answer():
    frame = dictionary_frame("harmonious").set_index("字段名")
    assert frame.at["reached", "类型"] == "是/否/未评估"
    assert frame.at["reached", "填写要求"] == (
        "是 / 否 / 未评估（待评估、评估中、尚未评估、暂未评估、未验收、待验收、培育中、在培育、尚在培育都读作未评估）；"
        "尚在培育、还没有评估的企业填“未评估”，不计入达标比例")
    assert frame.at["epidemic_hit", "类型"] == "是/否"


def row(name: str, reached: object, status: str = "培育中") -> dict:
    return {"name": name, "county": "章贡区", "year": 2021, "recommender": "市人社局", "status": status, "reached": reached}


def test_stored_answers_round_trip_and_export_shows_not_yet_assessed_not_blank(store):
    upload_id = store.add_upload(UploadInfo("harmonious", None, "测试员", "a.xlsx", "sha"), [
        row("甲", "是", "已评估"), row("乙", "否", "已评估"), row("丙", "未评估"), row("丁", None)])
    stored = store.conn.execute("SELECT name, reached FROM ledger_harmonious ORDER BY source_row").fetchall()
    assert stored == [("甲", "是"), ("乙", "否"), ("丙", "未评估"), ("丁", None)]
    shown = export_frame(store.upload_rows(upload_id), "harmonious")["是否达到和谐企业标准"]
    assert [None if pd.isna(v) else v for v in shown] == ["是", "否", "未评估", None]
    ws = openpyxl.load_workbook(io.BytesIO(export_workbook(store.active_rows("harmonious"), "harmonious"))).active
    column = [c.value for c in ws[1]].index("是否达到和谐企业标准")
    assert [r[column].value for r in ws.iter_rows(min_row=2)] == ["是", "否", "未评估", None]
    again = parse_upload(export_workbook(store.active_rows("harmonious"), "harmonious"), "导出.xlsx",
                         ImportOptions(today=date(2021, 8, 15)))
    assert (again.problems, [r["reached"] for r in again.rows]) == ((), ["是", "否", "未评估", None])
    assert store.harmonious_summary(date(2021, 12, 31), reported=False).values.tolist() == [[2021, "市人社局", 4, 2, 1, 1, 1]]


def test_the_store_refuses_a_bool_for_a_three_valued_column(store):
    with pytest.raises(ValueError, match=r"harmonious.reached holds one of \('是', '否', '未评估'\) or nothing, not True"):
        store.add_upload(UploadInfo("harmonious", None, "测试员", "a.xlsx", "sha"), [row("甲", True)])
    assert store.active_counts() == {}


def test_an_older_file_keeps_its_answers_when_the_column_becomes_three_valued(tmp_path):
    path = tmp_path / "v4.duckdb"
    with Store.open(path) as store:
        store.add_upload(UploadInfo("harmonious", None, "测试员", "a.xlsx", "sha"), [
            row("甲", "是", "已评估"), row("乙", "否", "已评估"), row("丙", None)])
    # Make the file what version 4 left: reached as BOOLEAN, migration 5 not yet applied.
    conn = duckdb.connect(str(path))
    conn.execute("ALTER TABLE ledger_harmonious ALTER COLUMN reached SET DATA TYPE BOOLEAN "
                 "USING CASE reached WHEN '是' THEN TRUE WHEN '否' THEN FALSE END")
    conn.execute("DELETE FROM schema_migrations WHERE version = 5")
    conn.close()
    with Store.open(path) as store:
        column = store.conn.execute("SELECT data_type FROM information_schema.columns "
                                    "WHERE table_name = 'ledger_harmonious' AND column_name = 'reached'").fetchone()
        stored = store.conn.execute("SELECT name, reached FROM ledger_harmonious ORDER BY source_row").fetchall()
        versions = store.conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert column == ("VARCHAR",)
    assert stored == [("甲", "是"), ("乙", "否"), ("丙", None)]
    assert versions == [(v,) for v, _, _ in MIGRATIONS]
    assert len(list((tmp_path / "backups").glob("hexie-before-v5-*.duckdb"))) == 1


def test_a_fresh_file_creates_the_column_as_words(tmp_path):
    with Store.open(tmp_path / "fresh.duckdb") as store:
        types = dict(store.conn.execute("SELECT column_name, data_type FROM information_schema.columns "
                                        "WHERE table_name = 'ledger_harmonious'").fetchall())
    assert (types["reached"], types["epidemic_hit"]) == ("VARCHAR", "BOOLEAN")
    assert all(c.type != BOOL or c.sql_type == ("VARCHAR" if c.pending else "BOOLEAN") for lg in LEDGERS for c in lg.columns)


def test_the_command_line_lists_the_third_answer_and_loads_a_match_to_it(tmp_path, capsys):
    from hexie.cli import main

    db = str(tmp_path / "h.duckdb")
    path = tmp_path / "培育.xlsx"
    path.write_bytes(harmonious_file("还在评估", "是"))
    assert main(["ingest", str(path), "--db", db, "--county", "章贡区"]) == 1
    assert capsys.readouterr().err.splitlines()[1:] == [
        "  读取工作表“培育”，共 2 行",
        "  工作表“培育”第 2 行【是否达到和谐企业标准】“还在评估”：应填“是”、“否”或“未评估”",
        "  待对照：【是否达到和谐企业标准】“还在评估”（1 行），可能是：未评估；可选：是、否、未评估，或留空",
        "所有文件均未导入，数据库未改动。",
    ]
    assert main(["ingest", str(path), "--db", db, "--county", "章贡区", "--map", "是否达到和谐企业标准:还在评估=未评估"]) == 0
    with Store.open(db) as store:
        assert store.active_rows("harmonious")["reached"].tolist() == ["未评估", "是"]
