"""Streamlit glue shared by every page: the cached connection, the shared sidebar, cached queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

import streamlit as st

from hexie.access import ROLE_LABELS, User
from hexie.accounts import (
    DEMO_ACCOUNTS, Accounts, LoginRefused, accounts_for, demo_active, idle_minutes, setup_hint,
)
from hexie.export import frame_to_xlsx
from hexie.geo import COUNTY_NAMES
from hexie.plan import Plan, default_plan_path, load_plan
from hexie.store import DatabaseUnusable, Store, connect, db_path

ALL_COUNTIES = "全市"
AS_OF_KEY, COUNTY_KEY, REPORTED_KEY = "as_of", "county", "reported"
AUTH_KEY, NOTICE_KEY = "auth", "login_notice"


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


def leave_pages_directory_mode() -> None:
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
    leave_pages_directory_mode()
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



# ---- who is logged in ---------------------------------------------------------------


def session_accounts(store: Store) -> Accounts:
    """The accounts of this database; in demo mode the documented demo accounts exist."""
    accounts = accounts_for(store)
    if demo_active(store):
        accounts.ensure_demo_accounts()
    return accounts


def log_in(user: User, stamp: str) -> None:
    """Start this browser session as user; stamp is the password hash it logged in with."""
    st.session_state[AUTH_KEY] = {"name": user.name, "role": user.role, "county": user.county, "stamp": stamp,
                                  "seen": datetime.now()}


def log_out(notice: str | None = None) -> None:
    """End the session: everything this browser session kept on the server is cleared."""
    st.session_state.clear()
    if notice:
        st.session_state[NOTICE_KEY] = notice


def current_user(store: Store) -> User | None:
    """The logged-in user, or None; ends the session after the idle time or when the account changed."""
    auth = st.session_state.get(AUTH_KEY)
    if not auth:
        return None
    user = User(auth["name"], auth["role"], auth["county"])
    if datetime.now() - auth["seen"] > timedelta(minutes=idle_minutes()):
        log_out(f"超过 {idle_minutes()} 分钟未操作，已自动退出，请重新登录。")
        return None
    if not session_accounts(store).session_valid(user, auth["stamp"]):
        log_out("账号密码已修改或账号已停用，请重新登录。")
        return None
    auth["seen"] = datetime.now()
    return user


def acting_user() -> User:
    """The logged-in user for a page that acts on someone's behalf; stops the page when nobody is."""
    store = current_store()
    user = current_user(store)
    if user is None:
        st.info("请先登录。", icon=":material/login:")
        st.stop()
    return user


def demo_banner(store: Store) -> None:
    """In demo mode, say so and list the demo accounts (documented in README.md)."""
    if demo_active(store):
        accounts = "；".join(f"{ROLE_LABELS[role]}{'（' + county + '）' if county else ''}：{name} / {password}"
                            for name, role, county, password in DEMO_ACCOUNTS)
        st.warning(f"演示模式：本系统使用演示数据和公开的演示账号（{accounts}）。正式使用前请关闭演示模式（HEXIE_DEMO=0）。",
                   icon=":material/science:")


def login_page() -> None:
    """登录: the Chinese login form, all a visitor sees before logging in (app.py draws it instead of any page)."""
    store = current_store()
    st.subheader("和谐同行看板 · 登录")
    demo_banner(store)
    hint = setup_hint(store)
    if hint:
        st.error(hint, icon=":material/person_add:")
        st.stop()
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice, icon=":material/logout:")
    with st.form("login_form"):
        name = st.text_input("账号", key="login_name")
        password = st.text_input("密码", type="password", key="login_password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        accounts = session_accounts(store)
        try:
            user = accounts.authenticate(name.strip(), password)
        except LoginRefused as refused:
            st.error(str(refused), icon=":material/lock:")
        else:
            log_in(user, accounts.get(user.name).password_hash)
            st.rerun()
