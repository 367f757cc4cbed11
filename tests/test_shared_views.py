"""Page figures are built once per data version, as-of date, county and reading, and shared by every session."""

from __future__ import annotations

import functools
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hexie import ui, views
from hexie.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def overview_builds(demo_db, tmp_path, monkeypatch):
    """A copy of the demo database served to AppTest, and the list of (as_of, county) the overview was built for."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    monkeypatch.setenv("HEXIE_DB", str(path))
    built = []
    original = views.overview

    @functools.wraps(original)
    def counting(query, plan, as_of, county):
        built.append((as_of, county))
        return original(query, plan, as_of, county)

    monkeypatch.setattr(views, "overview", counting)
    ui._shared_view.clear()
    return path, built


def test_overview_is_built_once_for_all_sessions_until_the_data_changes(overview_builds):
    path, built = overview_builds

    def session(county: str = "全市"):
        at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60)
        at.session_state["as_of"] = date(2022, 6, 30)
        at.session_state["county"] = county
        at.run()
        assert [e.value for e in at.exception] == []
        return at

    first, second = session(), session()
    assert built == [(date(2022, 6, 30), None)]
    assert [h.proto.body for h in first.get("html")] == [h.proto.body for h in second.get("html")]
    session("安远县")
    assert built == [(date(2022, 6, 30), None), (date(2022, 6, 30), "安远县")]
    ui._connection.clear()  # the server's connection holds the file: write through our own
    with Store.open(path) as store:
        store.set_meta("bump", "1")
    session()
    assert len(built) == 3


def test_the_server_builds_the_landing_page_before_the_first_visitor(overview_builds):
    _, built = overview_builds
    ui.warm_landing()  # what hexie.serve does while the server starts
    assert built == [(ui.default_as_of(ui.current_plan()), None)]
    at = AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=60).run()
    assert [e.value for e in at.exception] == [] and len(built) == 1  # the first visitor only draws
