"""Every page runs clean under AppTest against a freshly built demo database."""

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import log_in
from hexie import site
from hexie.ui import literal

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ["app.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]


@pytest.fixture
def on_demo_db(demo_db, monkeypatch):
    monkeypatch.setenv("HEXIE_DB", str(demo_db))
    return demo_db


@pytest.mark.parametrize("script", SCRIPTS)
def test_page_runs_clean(script, on_demo_db):
    at = log_in(AppTest.from_file(str(ROOT / script), default_timeout=60))
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
    at = log_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
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
    at = log_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.session_state["as_of"] = date(2022, 6, 30)
    at.session_state["county"] = "寻乌县"
    at.run()
    assert [e.value for e in at.exception] == []
    assert "#### 总览 · 寻乌县 · 截至 2022年06月30日 · 最紧急的五件事" in [m.value for m in at.markdown]


def test_every_page_runs_with_history_seen_through_todays_data(on_demo_db):
    for script in SCRIPTS:
        at = log_in(AppTest.from_file(str(ROOT / script), default_timeout=60))
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
    # Shown as typed: the path's underscores are escaped, not read as Markdown emphasis.
    message = f"{path} 不是本系统的数据库文件（不是 DuckDB 数据库）。请检查 HEXIE_DB 设置或 --db 参数。"
    assert [e.value for e in at.error] == [literal(message)]


def test_login_page_is_all_a_stranger_sees(on_demo_db):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert at.subheader[0].value == "和谐同行看板 · 登录"
    assert "于都填报员 / demo-yudu" in at.warning[0].value
    assert [t.label for t in at.text_input] == ["账号", "密码"]
    assert not at.sidebar.date_input  # no page, no sidebar pickers, before logging in


def _login_form():
    from hexie import ui

    ui.login_page()


def test_a_wrong_password_is_refused_in_chinese_and_the_right_one_logs_in(on_demo_db):
    at = AppTest.from_function(_login_form, default_timeout=60).run()
    at.text_input(key="login_name").input("于都填报员")
    at.text_input(key="login_password").input("wrong")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["账号或密码不正确。"]
    assert "auth" not in at.session_state
    at.text_input(key="login_password").input("demo-yudu")
    at.button[0].click().run()
    assert (at.session_state["auth"]["name"], at.session_state["auth"]["county"]) == ("于都填报员", "于都县")


def test_without_demo_mode_and_accounts_start_up_says_how_to_create_the_first_admin(on_demo_db, monkeypatch):
    monkeypatch.setenv("HEXIE_DEMO", "0")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert at.error[0].value.startswith("尚未创建任何账号")
    assert "python -m hexie user add 管理员姓名 --role admin --db" in at.error[0].value


def test_the_default_view_is_all_data_known_now_with_as_known_that_day_one_click_away(on_demo_db):
    at = log_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    at.run()
    assert (at.checkbox(key="reported").label, at.checkbox(key="reported").value) == ("按当日已上报的数据回看", False)
    at.checkbox(key="reported").check().run()
    assert [e.value for e in at.exception] == []


def test_the_harmonious_page_says_how_many_enterprises_are_not_yet_assessed(on_demo_db):
    at = log_in(AppTest.from_file(str(ROOT / "pages" / "harmonious.py"), default_timeout=60))
    at.session_state["as_of"] = date(2023, 9, 30)
    at.run()
    assert [e.value for e in at.exception] == []
    assert [c.value for c in at.caption if c.value.startswith("2023年")] == [
        "2023年另有 2 户未评估，不计入比率（达标比例只计已评估的企业）。"]
    (table,) = [d.value.set_index("年度") for d in at.dataframe if "未评估（户）" in d.value.columns]
    assert table.loc[2023, ["培育企业（户）", "已评估（户）", "达标（户）", "未评估（户）", "未填（户）"]].tolist() == [5, 3, 3, 2, 0]
    cards = "".join(h.proto.body for h in at.get("html"))
    assert ">另有 2 户未评估，不计入比率<" in cards
