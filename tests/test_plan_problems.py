"""A malformed plan file is one Chinese error box on every page, and one Chinese sentence on the console when the
server starts; never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hexie import serve
from hexie.plan import PLAN_ENV_VAR
from hexie.ui import literal
from tests.conftest import log_in
from tests.test_plan import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
# A value shaped to be a link and HTML if the box rendered the file's text as Markdown.
HOSTILE_SCOPE = "<b>x</b> [点此](http://example.com/a_b)"


@pytest.fixture
def bad_plan(db, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL.replace("scope: county", f"scope: '{HOSTILE_SCOPE}'", 1), encoding="utf-8")
    monkeypatch.setenv(PLAN_ENV_VAR, str(path))
    return path


def page_box(path: Path) -> str:
    return (f"计划文件有误，看板暂时无法显示。\n\n{path}: wage.first: scope 须为 city、county 之一，现为“{HOSTILE_SCOPE}”\n\n"
            "请管理员按上面的提示改正计划文件后刷新本页，或把环境变量 HEXIE_PLAN 指向正确的计划文件后重新启动看板。")


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_page_shows_a_malformed_plan_as_one_chinese_box(script, bad_plan):
    at = log_in(AppTest.from_file(str(ROOT / script), default_timeout=30)).run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [literal(page_box(bad_plan))]
    # The page stops at the box: nothing of its own is drawn under it.
    assert [type(element).__name__ for element in at.main.children.values()] == ["Error"]


def test_the_box_shows_the_files_text_as_typed(bad_plan):
    at = log_in(AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)).run()
    shown = at.error[0].value
    assert "\\<b\\>x\\</b\\>" in shown and "\\[点此\\]\\(http\\:" in shown


def test_a_corrected_plan_file_shows_on_the_next_run(bad_plan):
    at = log_in(AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=30)).run()
    assert len(at.error) == 1
    bad_plan.write_text(MINIMAL, encoding="utf-8")
    at.run()
    assert [e.value for e in at.exception] == [] and [e.value for e in at.error] == []


def test_a_missing_plan_file_is_one_chinese_box(db, tmp_path, monkeypatch):
    missing = tmp_path / "missing.yaml"
    monkeypatch.setenv(PLAN_ENV_VAR, str(missing))
    at = log_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)).run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [literal(
        f"计划文件有误，看板暂时无法显示。\n\n{missing}: 找不到这个文件\n\n"
        "请管理员按上面的提示改正计划文件后刷新本页，或把环境变量 HEXIE_PLAN 指向正确的计划文件后重新启动看板。")]


def test_the_server_tells_a_malformed_plan_on_the_console_before_serving(bad_plan, capsys):
    serve._setup_notice()
    told = capsys.readouterr().err.splitlines()
    assert told[:2] == [
        f"计划文件有误，看板打开后只显示这个错误：{bad_plan}: wage.first: scope 须为 city、county 之一，现为“{HOSTILE_SCOPE}”",
        "请改正计划文件（改正后刷新页面即可），或把环境变量 HEXIE_PLAN 指向正确的计划文件后重新启动看板。",
    ]


def test_the_server_says_nothing_of_a_good_plan(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PLAN_ENV_VAR, str(tmp_path / "plan.yaml"))
    (tmp_path / "plan.yaml").write_text(MINIMAL, encoding="utf-8")
    serve._setup_notice()
    assert "计划文件" not in capsys.readouterr().err


def test_preloading_on_a_malformed_plan_is_quiet_and_does_not_fail(bad_plan, monkeypatch, capsys):
    # The notice before serving has told it once; the preload thread neither repeats it nor raises.
    monkeypatch.setattr("hexie.importer.start_server", lambda: None)
    serve._preload()
    assert capsys.readouterr().err == ""


def test_an_edited_plan_file_is_read_on_the_next_run_without_a_restart(db, tmp_path, monkeypatch):
    import os

    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    monkeypatch.setenv(PLAN_ENV_VAR, str(path))
    at = log_in(AppTest.from_file(str(ROOT / "pages" / "gantt.py"), default_timeout=30)).run()
    assert at.dataframe[0].value["工作节点"].tolist() == ["第一项"]
    written = path.stat().st_mtime_ns
    path.write_text(MINIMAL.replace("title: 第一项", "title: 第一项（已改期）", 1), encoding="utf-8")
    os.utime(path, ns=(written + 10**9, written + 10**9))  # a later write, whatever the clock's resolution
    at.run()
    assert at.dataframe[0].value["工作节点"].tolist() == ["第一项（已改期）"]
