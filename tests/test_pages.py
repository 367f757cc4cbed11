"""Every page runs clean under AppTest against a freshly built demo database."""

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hexie import site

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


@pytest.fixture
def on_demo_db(demo_db, monkeypatch):
    monkeypatch.setenv("HEXIE_DB", str(demo_db))
    return demo_db


@pytest.mark.parametrize("script", SCRIPTS)
def test_page_runs_clean(script, on_demo_db):
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.run()
    assert [e.value for e in at.exception] == []
    assert any("演示数据" in w.value for w in at.warning)
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        sideways = {k: v["title"]["text"] for k, v in layout.items() if k.startswith("yaxis") and v.get("title", {}).get("text")}
        assert sideways == {}, f"{script}: rotated CJK axis title"


def test_every_page_is_in_the_navigation():
    assert sorted(p.script for p in site.ALL_PAGES) == SCRIPTS[1:]


def test_gantt_follows_the_shared_sidebar(on_demo_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["as_of"] = date(2021, 1, 15)
    at.session_state["county"] = "安远县"
    at.run()
    assert (at.date_input(key="as_of").value, at.selectbox(key="county").value) == (date(2021, 1, 15), "安远县")
    # The overview is the landing page; the Gantt reads the same session state when opened.
    at = AppTest.from_file(str(ROOT / "pages" / "gantt.py"), default_timeout=60)
    at.session_state["as_of"] = date(2021, 1, 15)
    at.session_state["county"] = "安远县"
    at.run()
    assert [e.value for e in at.exception] == []
    assert at.subheader[0].value == "进度甘特图 · 安远县 · 截至 2021年01月15日"
    shown = {m.label: m.value for m in at.metric}
    assert shown["未到期"] != "0 项"


def test_overview_is_the_landing_page_and_follows_the_sidebar(on_demo_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["as_of"] = date(2022, 6, 30)
    at.session_state["county"] = "寻乌县"
    at.run()
    assert [e.value for e in at.exception] == []
    assert "#### 总览 · 寻乌县 · 截至 2022年06月30日 · 最紧急的五件事" in [m.value for m in at.markdown]


def test_every_page_runs_with_history_seen_through_todays_data(on_demo_db):
    for script in SCRIPTS:
        at = AppTest.from_file(str(ROOT / script), default_timeout=60)
        at.session_state["reported"] = False
        at.session_state["as_of"] = date(2022, 6, 30)
        at.run()
        assert [e.value for e in at.exception] == [], script


def test_a_page_on_a_file_that_is_not_a_database_says_so(tmp_path, monkeypatch):
    path = tmp_path / "wrong.duckdb"
    path.write_bytes(b"PK\x03\x04 not a database")
    monkeypatch.setenv("HEXIE_DB", str(path))
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60)
    at.run()
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == [f"{path} 不是本系统的数据库文件（不是 DuckDB 数据库）。请检查 HEXIE_DB 设置或 --db 参数。"]


def test_the_default_view_is_all_data_known_now_with_as_known_that_day_one_click_away(on_demo_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert (at.checkbox(key="reported").label, at.checkbox(key="reported").value) == ("按当日已上报的数据回看", False)
    at.checkbox(key="reported").check().run()
    assert [e.value for e in at.exception] == []
