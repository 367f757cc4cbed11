"""The command line's ingest, stats, template, export, history, withdraw and restore, with the text users read."""

from __future__ import annotations

import json

import pytest

from hexie.cli import main
from hexie.store import Store
from tests.test_importer import HOSTILE, xlsx

ROWS = [["县区", "年度", "大中型企业数", "小微企业数"], ["章贡区", 2021, 10, 100], ["于都", 2021, 20, 200]]


def write(path, rows=ROWS):
    path.write_bytes(xlsx(("基数", rows, [])))
    return str(path)


def test_ingest_creates_the_database_and_says_what_it_read_and_loaded(tmp_path, capsys):
    db = tmp_path / "new" / "hexie.duckdb"
    code = main(["ingest", write(tmp_path / "a.xlsx"), "--db", str(db)])
    assert (code, capsys.readouterr().out) == (
        0, "a.xlsx：企业基数（自动识别）已导入（批次 1） 2 行；填报期 2021（表内栏目）；于都县 1 行，章贡区 1 行\n"
           "  读取工作表“基数”，共 2 行\n")
    assert main(["stats", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"enterprise_base": {"于都县": 1, "章贡区": 1}}


def test_ingest_names_the_columns_it_did_not_import_under_what_it_read(tmp_path, capsys):
    rows = [[*ROWS[0], "联系电话", "所属县区"], *(row + ["0797-8888888", row[0]] for row in ROWS[1:])]
    assert main(["ingest", write(tmp_path / "a.xlsx", rows), "--db", str(tmp_path / "h.duckdb"), "--dry-run"]) == 0
    assert capsys.readouterr().out == (
        "a.xlsx：企业基数（自动识别）可导入（尚未写入） 2 行；填报期 2021（表内栏目）；于都县 1 行，章贡区 1 行\n"
        "  读取工作表“基数”，共 2 行\n"
        "  未导入的栏目（不是本台账的栏目）：联系电话；未导入的重复栏目（前面已有同一栏目）：所属县区（即【县（市、区）】）\n")


def test_ingest_with_a_bad_file_loads_none_of_the_files(tmp_path, capsys):
    db = tmp_path / "hexie.duckdb"
    good = write(tmp_path / "good.xlsx")
    bad = write(tmp_path / "bad.xlsx", [*ROWS[:2], ["瑞金", 2021, -1, 5]])
    assert main(["ingest", good, bad, "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        "good.xlsx：企业基数（自动识别） 2 行无误，但同批有文件未通过检查，本批均未导入\n"
        "  读取工作表“基数”，共 2 行\n"
        "bad.xlsx（企业基数）：未导入，共 1 个问题\n"
        "  读取工作表“基数”，共 2 行\n"
        "  工作表“基数”第 3 行【大中型企业数】“-1”：不能为负数\n"
        "所有文件均未导入，数据库未改动。\n"
    )
    with Store.open(db) as store:
        assert (store.active_counts(), len(store.uploads())) == ({}, 0)


def test_same_file_twice_in_one_batch_on_the_command_line_loads_nothing(tmp_path, capsys):
    db = tmp_path / "hexie.duckdb"
    first = write(tmp_path / "a.xlsx")
    renamed = tmp_path / "a的副本.xlsx"
    renamed.write_bytes((tmp_path / "a.xlsx").read_bytes())
    assert main(["ingest", first, str(renamed), "--db", str(db)]) == 1
    assert capsys.readouterr().err == (
        "a.xlsx：企业基数（自动识别） 2 行无误，但同批有文件未通过检查，本批均未导入\n"
        "  读取工作表“基数”，共 2 行\n"
        "a的副本.xlsx（企业基数）：未导入，共 1 个问题\n"
        "  读取工作表“基数”，共 2 行\n"
        "  工作表“基数”：与同批的“a.xlsx”是同一文件，未重复计入\n"
        "所有文件均未导入，数据库未改动。\n"
    )
    with Store.open(db) as store:
        assert len(store.uploads()) == 0


def test_ingest_refuses_an_encrypted_workbook(tmp_path, capsys):
    path = tmp_path / "加密.xlsx"
    path.write_bytes(HOSTILE["encrypted"][0])
    assert main(["ingest", str(path), "--db", str(tmp_path / "h.duckdb")]) == 1
    assert "请去除密码后重新上传" in capsys.readouterr().err


def test_county_option_period_option_dry_run_and_valid_rows_only(tmp_path, capsys):
    db = str(tmp_path / "h.duckdb")
    path = tmp_path / "社会组织.xlsx"
    path.write_bytes(xlsx(("Sheet1", [["社会组织名称", "工作人员数量"], ["协会甲", 3], ["协会乙", "三人"]], [])))
    args = ["ingest", str(path), "--db", db, "--county", "于都", "--period", "2021-05"]
    assert main([*args, "--valid-rows-only", "--dry-run"]) == 0
    assert capsys.readouterr().out == (
        "社会组织.xlsx：协调劳动关系社会组织台账（自动识别）可导入（尚未写入） 1 行；填报期 2021-05（上传时选择）；"
        "于都县 1 行；未导入有问题的第 3 行\n"
        "  读取工作表“Sheet1”，共 2 行\n"
        "  工作表“Sheet1”第 3 行【工作人员数量】“三人”：应填整数\n")
    assert main([*args, "--valid-rows-only"]) == 0
    capsys.readouterr()
    assert main(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"social_org": {"于都县": 1}}


def test_history_withdraw_restore(tmp_path, capsys):
    db = str(tmp_path / "h.duckdb")
    main(["ingest", write(tmp_path / "a.xlsx"), "--db", db])
    capsys.readouterr()
    assert main(["withdraw", "1", "--db", db]) == 0
    assert main(["stats", "--db", db, "--json"]) == 0
    assert capsys.readouterr().out.splitlines() == ["已撤回批次 1", "{}"]
    assert main(["withdraw", "1", "--db", db]) == 1
    assert capsys.readouterr().err == "错误：批次 1 已经撤回\n"
    assert main(["restore", "1", "--db", db]) == 0
    assert main(["history", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "已恢复批次 1"
    assert lines[2].split("\t")[:6] + lines[2].split("\t")[7:] == [
        "1", "企业基数", "全市", "命令行（本机）", "a.xlsx", "2", "有效", "2021", ""]


def test_template_and_export(tmp_path, capsys):
    db = str(tmp_path / "h.duckdb")
    main(["ingest", write(tmp_path / "a.xlsx"), "--db", db])
    assert main(["template", "enterprise_base", "-o", str(tmp_path / "t.xlsx")]) == 0
    assert main(["export", "--db", db, "--ledger", "enterprise_base", "--county", "于都", "-o", str(tmp_path / "e.xlsx")]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [f"已生成模板：{tmp_path / 't.xlsx'}", f"已导出 1 行：{tmp_path / 'e.xlsx'}"]


SERVICE = [["企业名称", "统一社会信用代码", "县区", "服务日期", "服务方式"],
           ["甲公司", "91360702MA398ABC1J", "于都", "2021-04-02", "走访服务"],
           ["乙公司", "91360702MA398ABC2M", "于都", "2021-04-03", "手册发放"]]


def test_unknown_values_exit_1_with_the_grouped_report_then_map_loads_and_is_remembered(tmp_path, capsys):
    db = str(tmp_path / "h.duckdb")
    first = tmp_path / "服务.xlsx"
    first.write_bytes(xlsx(("服务", SERVICE, [])))
    assert main(["ingest", str(first), "--db", db, "--county", "于都"]) == 1
    assert capsys.readouterr().err.splitlines()[-3:] == [
        "  待对照：【服务方式】“走访服务”（1 行），可能是：上门服务、线上指导；可选：线上指导、上门服务、培训班、用工指导手册",
        "  待对照：【服务方式】“手册发放”（1 行），可能是：用工指导手册；可选：线上指导、上门服务、培训班、用工指导手册",
        "所有文件均未导入，数据库未改动。",
    ]
    maps = ["--map", "服务方式:走访服务=上门服务", "--map", "服务方式：手册发放=用工指导手册"]
    assert main(["ingest", str(first), "--db", db, "--county", "于都", *maps]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "服务.xlsx：新注册企业用工服务台账（自动识别）已导入（批次 1） 2 行；于都县 2 行",
        "  值对照：【服务方式】“走访服务”→“上门服务”（1 行，按本次值对照）",
        "  值对照：【服务方式】“手册发放”→“用工指导手册”（1 行，按本次值对照）",
        "  读取工作表“服务”，共 2 行",
    ]
    later = tmp_path / "服务5月.xlsx"
    later.write_bytes(xlsx(("服务", [SERVICE[0], ["丙公司", "91360702MA398ABC3Q", "于都", "2021-05-02", "走访服务"]], [])))
    assert main(["ingest", str(later), "--db", db, "--county", "于都"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  值对照：【服务方式】“走访服务”→“上门服务”（1 行，按本单位已记住的值对照）"
    with Store.open(db) as store:
        assert store.active_rows("new_enterprise")["method"].tolist() == ["上门服务", "用工指导手册", "上门服务"]


def test_map_with_an_empty_right_side_leaves_an_optional_cell_blank(tmp_path, capsys):
    db = str(tmp_path / "h.duckdb")
    path = tmp_path / "社会组织.xlsx"
    path.write_bytes(xlsx(("Sheet1", [["社会组织名称", "是否示范点"], ["协会甲", "待定"]], [])))
    assert main(["ingest", str(path), "--db", db, "--county", "于都", "--period", "2021-05", "--map", "是否示范点:待定="]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  值对照：【是否示范点】“待定”→“留空”（1 行，按本次值对照）"


def test_map_in_a_wrong_shape_is_refused_with_the_expected_shape(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["ingest", "x.xlsx", "--db", str(tmp_path / "h.duckdb"), "--map", "走访服务=上门服务"])
    assert stop.value.code == 2
    assert "值对照“走访服务=上门服务”的格式应为 栏目:原值=标准值（标准值留空表示该格留空）" in capsys.readouterr().err
