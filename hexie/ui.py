"""Streamlit glue shared by every page: the cached connection, the shared sidebar, cached queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import partial

import streamlit as st

from hexie.export import frame_to_xlsx
from hexie.geo import COUNTY_NAMES
from hexie.plan import Plan, default_plan_path, load_plan
from hexie.store import DatabaseUnusable, Store, connect, db_path

ALL_COUNTIES = "全市"
AS_OF_KEY, COUNTY_KEY, REPORTED_KEY = "as_of", "county", "reported"
# The marks that make Markdown (links, images, emphasis, code, HTML, entities) or Streamlit's own :red[…],
# :material/…: and $…$ anywhere in a line (and @ and www. that GFM turns into links); a list marker or heading
# only counts at its start.
_MARKDOWN_MARKS = re.compile(r"([\\`*_{}\[\]()#!|<>~$:&@])|(?<=www)(\.)", re.IGNORECASE)
_LINE_START_MARK = re.compile(r"^(\d*)([-+.)=])")


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    """One DuckDB connection per database path for the whole server; each run takes a cursor."""
    return connect(path)


@st.cache_resource(show_spinner=False)
def _plan(path: str) -> Plan:
    return load_plan(path)


def current_plan() -> Plan:
    """The plan file in use ($HEXIE_PLAN or the default), loaded once per path."""
    return _plan(str(default_plan_path().resolve()))


def default_as_of(plan: Plan) -> date:
    """Today, kept inside the plan's period so the date picker opens on a date the plan covers."""
    return min(max(date.today(), plan.start), plan.end)


def current_store() -> Store:
    """A store on a fresh cursor of the server's connection to $HEXIE_DB; stops the page if it is held elsewhere."""
    path = str(db_path().resolve())
    try:
        return Store(_connection(path).cursor(), path)
    except DatabaseUnusable as unusable:
        st.error(str(unusable), icon=":material/error:")
        st.stop()


@dataclass(frozen=True)
class PageContext:
    """What every page reads: the store, the plan, and the shared sidebar's choices."""

    store: Store
    plan: Plan
    as_of: date
    county: str | None
    reported: bool = False

    @property
    def county_label(self) -> str:
        return self.county or ALL_COUNTIES

    def query(self, method: str, *args):
        """Call a Store analytics read, cached until the database's data version changes."""
        return _cached_query(str(self.store.path), self.store.data_version(), method, args, self.reported)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(path: str, version: int, method: str, args: tuple, reported: bool):
    return getattr(Store(_connection(path).cursor(), path), method)(*args, reported=reported)


def literal(text: object) -> str:
    """Text for Streamlit's Markdown-rendering elements (headings, captions, message boxes, progress text), shown
    exactly as typed: a file named ![t](http://host/f.png).csv stays a name, not an image fetched from another host."""
    escaped = _MARKDOWN_MARKS.sub(lambda mark: "\\" + mark.group(), " ".join(str(text).split()))
    return _LINE_START_MARK.sub(r"\1\\\2", escaped)


def shared_sidebar() -> None:
    """The as-of date and county pickers every page shares (drawn once, by app.py); the dates follow the plan."""
    plan = current_plan()
    st.sidebar.date_input(
        "截至日期", value=default_as_of(plan), min_value=plan.start, max_value=plan.end, key=AS_OF_KEY,
        help=f"各页面按此日期显示当时的进度（计划期 {plan.start:%Y-%m-%d} 至 {plan.end:%Y-%m-%d}）",
    )
    st.sidebar.selectbox("县（市、区）", (ALL_COUNTIES, *COUNTY_NAMES), key=COUNTY_KEY)
    st.sidebar.checkbox(
        "按当日已上报的数据回看", value=False, key=REPORTED_KEY,
        help="不勾选（默认）：用现在掌握的全部数据，看截至所选日期各期的情况，补录的往年台账也计入。"
             "勾选：只计所选日期当天已经上报的数据，看当时实际掌握的情况。",
    )


def _leave_pages_directory_mode() -> None:
    """Run app.py's navigation even when the first visit after start-up is a deep link.

    Streamlit treats a pages/ folder as an old-style multipage app, running the page
    without app.py, until some session has called st.navigation. Clearing that flag
    and rerunning sends this session through app.py, with its sidebar and layout.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_context() -> PageContext:
    """The page's context; defaults (today, 全市) when a page runs without app.py's sidebar."""
    _leave_pages_directory_mode()
    store = current_store()
    plan = current_plan()
    as_of = st.session_state.get(AS_OF_KEY) or default_as_of(plan)
    county = st.session_state.get(COUNTY_KEY) or ALL_COUNTIES
    if store.is_demo():
        st.warning("演示数据：本页所示均为自动生成的演示数据，不代表真实工作情况。", icon=":material/science:")
    reported = st.session_state.get(REPORTED_KEY, False)
    return PageContext(store, plan, as_of, None if county == ALL_COUNTIES else county, reported)


def show_chart(chart, key: str) -> None:
    """Draw a plotly Chart from hexie.charts with its one-line note of how the figure is computed."""
    st.plotly_chart(chart.figure, width="stretch", key=key, config={"displaylogo": False})
    if chart.note:
        st.caption(chart.note)


def excel_download(frame, file_name: str, key: str, label: str = "下载 Excel") -> None:
    """A download button for a table as an .xlsx file, written only when clicked."""
    st.download_button(
        label, partial(frame_to_xlsx, frame), file_name=file_name, key=key,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

