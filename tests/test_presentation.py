"""汇报模式: the deck a bookmark opens, stepping through it, and the pages as a presenter sees them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hexie import site
from hexie.presentation import Deck, deck_from

ROOT = Path(__file__).resolve().parent.parent
AVAILABLE = [p.url_path for p in site.DASHBOARD]
COUNTIES = ("寻乌县", "安远县")


@pytest.mark.parametrize("params", [{}, {"present": "0"}, {"pages": "gantt"}, {"present": ""}])
def test_no_present_parameter_no_presentation(params):
    assert deck_from(params, AVAILABLE, COUNTIES) is None


def test_present_alone_steps_through_every_dashboard_page():
    assert deck_from({"present": "1"}, AVAILABLE, COUNTIES) == Deck(tuple(AVAILABLE))


def test_chosen_pages_follow_the_overview_in_their_order_and_unknown_ones_are_dropped():
    deck = deck_from({"present": "1", "pages": "mediation, upload,gantt,overview,gantt,nope"}, AVAILABLE, COUNTIES)
    assert deck.pages == ("overview", "mediation", "gantt")


@pytest.mark.parametrize(("params", "as_of", "county", "auto"), [
    ({"as_of": "2022-06-30", "county": "寻乌县", "auto": "30"}, date(2022, 6, 30), "寻乌县", 30),
    ({"as_of": "2022-13-01", "county": "外省县", "auto": "abc"}, None, None, None),
    ({"auto": "3"}, None, None, 10),
    ({"auto": "99999"}, None, None, 600),
    ({"auto": "0"}, None, None, None),
    ({"auto": ["5", "20"]}, None, None, 20),
])
def test_date_county_and_auto_advance_from_the_url(params, as_of, county, auto):
    deck = deck_from({"present": "1", **params}, AVAILABLE, COUNTIES)
    assert (deck.as_of, deck.county, deck.auto_seconds) == (as_of, county, auto)


def test_stepping_stops_at_the_ends_and_the_timed_loop_goes_round():
    deck = Deck(("overview", "gantt", "wage"))
    assert [deck.step("overview", -1), deck.step("overview", 1), deck.step("wage", 1)] == ["overview", "gantt", "wage"]
    assert [deck.step("wage", 1, wrap=True), deck.step("overview", -1, wrap=True)] == ["overview", "wage"]
    assert [deck.label(p) for p in deck.pages] == ["第 1 / 3 页", "第 2 / 3 页", "第 3 / 3 页"]


def test_the_bookmark_reopens_the_same_deck():
    deck = Deck(("overview", "gantt"), date(2023, 9, 30), "安远县", 45, "6月调度会")
    assert deck.query_params() == {"present": "1", "pages": "overview,gantt", "as_of": "2023-09-30", "county": "安远县", "auto": "45",
                                   "snapshot": "6月调度会"}
    assert deck_from(deck.query_params(), AVAILABLE, COUNTIES) == deck


@pytest.fixture
def presenting(demo_db, monkeypatch):
    monkeypatch.setenv("HEXIE_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"present": "1", "pages": "gantt,mediation", "as_of": "2022-06-30", "county": "寻乌县"})
    return at.run()


def test_presentation_hides_the_sidebar_and_editing_and_shows_its_place(presenting):
    at = presenting
    assert [e.value for e in at.exception] == []
    assert len(at.sidebar) == 0 and at.get("download_button") == []
    assert at.markdown[0].value == "**第 1 / 3 页** · 总览"
    assert "#### 总览 · 寻乌县 · 截至 2022年06月30日 · 最紧急的五件事" in [m.value for m in at.markdown]
    assert at.button(key="present_prev").disabled and not at.button(key="present_next").disabled


def test_each_page_knows_its_place_and_keeps_the_date_and_county(presenting):
    # The buttons and keys that step are driven in a real browser (tests/test_browser.py): AppTest runs a page
    # of a pages/ folder without app.py on every later run, which swallows a click.
    at = presenting.switch_page("pages/mediation.py").run()
    assert [e.value for e in at.exception] == []
    assert at.markdown[0].value == "**第 3 / 3 页** · 调解组织"
    assert "#### 调解组织 · 寻乌县 · 截至 2022年06月30日" in [m.value for m in at.markdown]
    assert at.button(key="present_next").disabled and not at.button(key="present_prev").disabled


def test_the_sidebar_toggle_opens_the_bookmarkable_deck(demo_db, monkeypatch):
    monkeypatch.setenv("HEXIE_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["as_of"] = date(2022, 6, 30)
    at.run()
    at.sidebar.multiselect(key="present_pages").set_value(["wage", "gantt"])
    at.sidebar.number_input(key="present_auto").set_value(30)
    at = at.sidebar.toggle(key="present_on").set_value(True).run()
    assert [e.value for e in at.exception] == []
    assert dict(at.query_params) == {"present": "1", "pages": "overview,wage,gantt", "as_of": "2022-06-30", "auto": "30"}
    assert len(at.sidebar) == 0 and at.markdown[0].value == "**第 1 / 3 页** · 总览"
