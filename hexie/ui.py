"""Streamlit glue shared by every page: the cached connection, the shared sidebar, cached queries."""

from __future__ import annotations

import importlib
import re
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from types import SimpleNamespace
from typing import Sequence

import streamlit as st

import pandas as pd

from hexie import charts, site, snapshots, views
from hexie.access import ROLE_LABELS, AccessDenied, User, may_open, require_admin
from hexie.audit import refusals_recorded
from hexie.accounts import (
    DEMO_ACCOUNTS, Accounts, LoginRefused, RememberedSessions, accounts_for, demo_active, idle_minutes, session_record,
    setup_hint,
)
from hexie.export import frame_to_xlsx
from hexie.geo import COUNTY_NAMES
from hexie.importer.readers import size_text, too_large_message
from hexie.plan import Plan, PlanError, default_plan_path, load_plan
from hexie.presentation import Deck, deck_from
from hexie.store import DatabaseUnusable, Store, connect, db_path

ALL_COUNTIES = "全市"
AS_OF_KEY, COUNTY_KEY, REPORTED_KEY = "as_of", "county", "reported"
# The marks that make Markdown (links, images, emphasis, code, HTML, entities) or Streamlit's own :red[…],
# :material/…: and $…$ anywhere in a line (and @ and www. that GFM turns into links); a list marker or heading
# only counts at its start.
_MARKDOWN_MARKS = re.compile(r"([\\`*_{}\[\]()#!|<>~$:&@])|(?<=www)(\.)", re.IGNORECASE)
_LINE_START_MARK = re.compile(r"^(\d*)([-+.)=])")
# Where GitHub-style autolinks start once marks are escaped: after "scheme:" (before //), after "www" and after "@".
_AUTOLINK = re.compile(r"(?<=\\:)(?=//)|(?<=www)(?=\\\.)|(?<=\\@)", re.IGNORECASE)
WORD_JOINER = "\u2060"
DECK_KEY, SHOWN_KEY = "_deck", "_deck_shown"
SNAPSHOT_KEY, SNAPSHOT_PARAM = "snapshot_pick", "snapshot"
NO_SNAPSHOT = "（当前数据）"
AUTH_KEY, NOTICE_KEY, COOKIE_KEY = "auth", "login_notice", "_session_cookie"
# The session cookie: a random secret naming this browser's logged-in session (RememberedSessions), so a reload or a
# bookmark goes on without a new login. No max-age: it ends with the browser; SameSite: no other site sends it.
SESSION_COOKIE = "hexie_session"


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    """One DuckDB connection per database path for the whole server; each run takes a cursor."""
    return connect(path)


PlanKey = tuple[str, int]


def _plan_key() -> PlanKey:
    """The plan file in use ($HEXIE_PLAN or the default) and when it was last written: every cache that depends on
    the plan is keyed on both, so an administrator's edit is read on the next page run, without a restart."""
    path = default_plan_path().resolve()
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), 0  # load_plan then says in Chinese what is wrong with the path


@st.cache_resource(show_spinner=False)
def _plan(path: str, written: int) -> Plan:
    return load_plan(path)


def current_plan() -> Plan:
    """The plan file in use, loaded once per version of the file; stops the page if it is malformed.

    A file that failed is read again on the next run (a cache keeps no exception), so a corrected file shows on reload.
    """
    try:
        return _plan(*_plan_key())
    except PlanError as malformed:
        st.error(literal(f"计划文件有误，看板暂时无法显示。\n\n{malformed}\n\n"
                         "请管理员按上面的提示改正计划文件后刷新本页，或把环境变量 HEXIE_PLAN 指向正确的计划文件后重新启动看板。"),
                 icon=":material/error:")
        st.stop()


def default_as_of(plan: Plan) -> date:
    """Today, kept inside the plan's period so the date picker opens on a date the plan covers."""
    return min(max(date.today(), plan.start), plan.end)


def current_store() -> Store:
    """A store on a fresh cursor of the server's connection to $HEXIE_DB; stops the page if it is held elsewhere."""
    path = str(db_path().resolve())
    try:
        return Store(_connection(path).cursor(), path)
    except DatabaseUnusable as unusable:
        st.error(literal(unusable), icon=":material/error:")
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
        return _cached_query(str(self.store.path), self.store.data_version(), method, args, self.reported, self.store.snapshot)

    def cards_html(self, workstream: str) -> str:
        """A workstream page's target cards: the overview's current results of that workstream. The targets are
        judged once per date, county and data version, with the overview every session opens first."""
        return charts.target_cards_html([r for r in self.shared(views.overview).current if r.workstream == workstream])

    def shared(self, view):
        """`view(query, plan, as_of, county)` from hexie.views, built once per data version, as-of date, county,
        reading and snapshot, and shared by every session on this server: each session only draws it."""
        return _shared(view, self.store, self.as_of, self.county, self.reported)


def _shared(view, store: Store, as_of: date, county: str | None, reported: bool):
    return _shared_view(view.__module__, view.__qualname__, str(store.path), store.data_version(), as_of, county,
                        reported, store.snapshot, _plan_key())


def warm_landing() -> None:
    """Build the landing page's figures for the view a visitor first sees (today within the plan, 全市, as known now),
    so the first visitor after start-up only draws them. hexie.serve calls it while the server starts; outside a page
    a malformed plan file raises PlanError."""
    path = str(db_path().resolve())
    store = Store(_connection(path).cursor(), path)
    _shared(views.overview, store, default_as_of(_plan(*_plan_key())), None, False)


@st.cache_resource(show_spinner=False, max_entries=256)
def _shared_view(module: str, name: str, path: str, version: int, as_of: date, county: str | None, reported: bool,
                 snapshot: str | None, plan: PlanKey):
    view = getattr(importlib.import_module(module), name)
    ctx = PageContext(Store(_connection(path).cursor(), path, snapshot), _plan(*plan), as_of, county, reported)
    return view(ctx.query, ctx.plan, as_of, county)


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(path: str, version: int, method: str, args: tuple, reported: bool, snapshot: str | None = None):
    return getattr(Store(_connection(path).cursor(), path, snapshot), method)(*args, reported=reported)


@st.cache_resource(show_spinner=False, max_entries=64)
def _snapshot_report(path: str, version: int, name: str, plan: PlanKey) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """A snapshot's line of what changed since, the uploads changed and the target statuses that would differ."""
    live = Store(_connection(path).cursor(), path)
    frozen = live.frozen(name)
    info = frozen.snapshot_info(name)
    changes = live.uploads_changed_since(name)
    differing = snapshots.status_differences(
        _plan(*plan), lambda m, *a: _cached_query(path, version, m, a, info.reported, name),
        lambda m, *a: _cached_query(path, version, m, a, info.reported), info.as_of, info.county,
    ) if not changes.empty else pd.DataFrame()
    return snapshots.change_summary(changes, differing), snapshots.changed_uploads(changes), differing


def table(data, *, key: str, **options) -> None:
    """Every table of the dashboard: without the index, and a blank shown empty, never as "None" or "<NA>"."""
    st.dataframe(data, hide_index=True, placeholder="", key=key, **options)


def literal(text: object) -> str:
    """Text for Streamlit's Markdown-rendering elements (headings, captions, message boxes, progress text), shown
    exactly as typed: a file named ![t](http://host/f.png).csv stays a name, not an image fetched from another host,
    and http://host, www.host or a@host stay text, not links (an invisible word joiner breaks what Markdown would
    link; escaping alone does not stop GitHub-style autolinks)."""
    return "\n\n".join(_literal_paragraph(paragraph) for paragraph in str(text).split("\n\n"))


def _literal_paragraph(text: str) -> str:
    escaped = _MARKDOWN_MARKS.sub(lambda mark: "\\" + mark.group(), " ".join(text.split()))
    return _AUTOLINK.sub(WORD_JOINER, _LINE_START_MARK.sub(r"\1\\\2", escaped))


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
    names = list(current_store().snapshots()["name"])
    if names:
        asked = st.query_params.get(SNAPSHOT_PARAM)
        st.sidebar.selectbox(
            "按快照查看", [None, *names], index=names.index(asked) + 1 if asked in names else 0, key=SNAPSHOT_KEY,
            format_func=lambda n: n or NO_SNAPSHOT, on_change=_follow_snapshot_choice,
            help="会议快照冻结了当时计入的上传：按快照查看，显示的就是会上的数字，并列出之后的变化",
        )


def _follow_snapshot_choice() -> None:
    """Keep the URL in step with the sidebar's snapshot, so the address can be bookmarked or sent."""
    name = st.session_state.get(SNAPSHOT_KEY)
    if name:
        st.query_params[SNAPSHOT_PARAM] = name
    else:
        st.query_params.pop(SNAPSHOT_PARAM, None)


def forget_snapshot(name: str) -> None:
    """Stop viewing a snapshot that no longer exists (from a widget callback, before the sidebar is drawn)."""
    if st.session_state.get(SNAPSHOT_KEY) == name:
        st.session_state[SNAPSHOT_KEY] = None
    if st.query_params.get(SNAPSHOT_PARAM) == name:
        st.query_params.pop(SNAPSHOT_PARAM, None)


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
    """The page's context; defaults (today, 全市) when a page runs without app.py's sidebar.

    Opened 按快照 (?snapshot=NAME, or the sidebar's choice) the store reads only the snapshot's uploads and the
    date, county and reading are the snapshot's, under a banner saying so and what changed since.
    """
    _leave_pages_directory_mode()
    store = current_store()
    plan = current_plan()
    deck = presenting()
    as_of = (deck and deck.as_of) or st.session_state.get(AS_OF_KEY) or default_as_of(plan)
    county = (deck and deck.county) or st.session_state.get(COUNTY_KEY) or ALL_COUNTIES
    if store.is_demo():
        st.warning("演示数据：本页所示均为自动生成的演示数据，不代表真实工作情况。", icon=":material/science:")
    reported = st.session_state.get(REPORTED_KEY, False)
    name = st.query_params.get(SNAPSHOT_PARAM) or st.session_state.get(SNAPSHOT_KEY)
    if name:
        try:
            store = store.frozen(name)
        except LookupError as missing:
            st.error(literal(f"{missing}：本页显示当前数据。"), icon=":material/error:")
        else:
            info = store.snapshot_info(name)
            as_of, county, reported = info.as_of, info.county or ALL_COUNTIES, info.reported
            _snapshot_banner(str(store.path), store.data_version(), info)
    return PageContext(store, plan, as_of, None if county == ALL_COUNTIES else county, reported)


def _snapshot_banner(path: str, version: int, info) -> None:
    summary, changed, differing = _snapshot_report(path, version, info.name, _plan_key())
    st.info(literal(snapshots.banner(info)), icon=":material/photo_camera:")
    if changed.empty:
        st.caption(summary)
        return
    with st.expander(summary, icon=":material/difference:"):
        if not differing.empty:
            table(differing, width="stretch", key="snapshot_differing")
        table(changed, width="stretch", key="snapshot_changed")


def show_chart(chart, key: str) -> None:
    """Draw a plotly Chart from hexie.charts with its one-line note of how the figure is computed."""
    figure = charts.for_projector(chart.figure) if presenting() else chart.figure
    st.plotly_chart(figure, width="stretch", key=key, config={"displaylogo": False})
    if chart.note:
        st.caption(chart.note)


def excel_download(frame, file_name: str, key: str, label: str = "下载 Excel") -> None:
    """A download button for a table as an .xlsx file, written only when clicked (not shown in 汇报模式)."""
    if presenting():
        return
    st.download_button(
        label, partial(frame_to_xlsx, frame), file_name=file_name, key=key,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )



def briefing_download(ctx: PageContext) -> None:
    """One click: the briefing pack (offline HTML, Excel, Word 通报 draft) of what the page shows, as one .zip."""
    if presenting():
        return
    from hexie import briefing

    def pack() -> bytes:
        store = Store(_connection(str(ctx.store.path)).cursor(), ctx.store.path, ctx.store.snapshot)
        return briefing.pack_zip(briefing.build(store, ctx.plan, ctx.as_of, ctx.county, ctx.reported))

    stem = f"会议材料-{ctx.as_of:%Y%m%d}" + (f"-{ctx.county}" if ctx.county else "")
    st.download_button("下载会议材料（离线网页、Excel、Word 情况通报草稿）", pack, file_name=f"{stem}.zip", mime="application/zip",
                       key="briefing_zip", icon=":material/folder_zip:",
                       help="按本页的截至日期、县（市、区）和快照生成；网页离线可看、可打印为 A4，Word 为可修改的通报草稿")


# ---- navigation and 汇报模式 -------------------------------------------------------------------------

def presenting() -> Deck | None:
    """The presentation this session is showing, or None outside 汇报模式."""
    return st.session_state.get(DECK_KEY)


def navigation():
    """app.py's navigation: the login form until someone logs in; then the pages their role may open and the
    shared sidebar, or in 汇报模式 (?present=1) the deck and the presenter's bar."""
    user = current_user(current_store())
    if user is None:
        # Every page is declared, hidden, so a deep link (/gantt) is still the page shown after logging in.
        st.navigation([_root(), *(st.Page(p.script, title=p.title, url_path=p.url_path) for p in site.ALL_PAGES)],
                      position="hidden")
        return SimpleNamespace(run=login_page)
    set_session_cookie(logged_in=True)
    deck = deck_from(st.query_params.to_dict(), [p.url_path for p in site.DASHBOARD], COUNTY_NAMES)
    st.session_state[DECK_KEY] = deck
    if deck is not None:
        return _present(deck)
    allowed = {section: [p for p in entries if may_open(user, p.url_path)] for section, entries in site.SECTIONS.items()}
    pages = {
        section: [st.Page(p.script, title=p.title, url_path=p.url_path) for p in entries]
        for section, entries in allowed.items() if entries
    }
    pages[next(iter(pages))].insert(0, _root())
    # expanded: every page the role may open is listed, never behind Streamlit's English "View n more".
    nav = st.navigation(pages, expanded=True)
    st.sidebar.markdown("### 和谐同行看板")
    st.sidebar.caption(literal(user.label))
    if st.sidebar.button("退出登录", key="logout"):
        log_out()
        st.rerun()
    shared_sidebar()
    _presentation_start()
    return nav


def _open_landing() -> None:
    st.switch_page(site.LANDING.script, query_params=st.query_params.to_dict())


def _root():
    """The page at /: it opens the landing page at its own address (/overview). Were the landing page itself the
    default, Streamlit would serve it at / and answer /overview, typed or bookmarked, with an English "Page not found"."""
    return st.Page(_open_landing, title=site.LANDING.title, url_path="start", default=True, visibility="hidden")


def _presentation_start() -> None:
    """The sidebar's 汇报模式 switch: which pages, auto-advance, and the toggle that opens the bookmarkable URL."""
    with st.sidebar.expander("汇报模式", icon=":material/co_present:"):
        titles = {p.url_path: p.title for p in site.DASHBOARD[1:]}
        chosen = st.multiselect("汇报页面（总览总在第一页）", list(titles), default=list(titles), format_func=titles.get,
                                key="present_pages")
        auto = st.number_input("自动翻页间隔（秒，0 为手动翻页）", min_value=0, max_value=600, value=0, step=10, key="present_auto")
        if st.toggle("进入汇报模式", key="present_on", help="隐藏侧栏和编辑功能，放大字体，用方向键或翻页笔翻页；打开后的网址可存为书签"):
            county = st.session_state.get(COUNTY_KEY)
            deck = Deck((site.LANDING.url_path, *chosen), st.session_state.get(AS_OF_KEY),
                        None if county in (None, ALL_COUNTIES) else county, snapshot=st.session_state.get(SNAPSHOT_KEY)).with_auto(auto)
            st.switch_page(site.LANDING.script, query_params=deck.query_params())


PRESENT_CSS = """<style>
html { font-size: 20px; }
[data-testid="stHeader"], .st-key-present_clicker { display: none; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 2rem 1rem; max-width: 100%; }
[data-testid="stMetricValue"] { font-size: 3rem; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem; }
.st-key-present_bar { border-bottom: 2px solid #c0392b; padding-bottom: 0.3rem; }
.st-key-present_bar p { font-size: 1.4rem; }
</style>"""


def _present(deck: Deck):
    """The deck's pages behind a hidden navigation; a bar with 第 n / m 页, previous/next by button and key, exit."""
    entries = {p.url_path: p for p in site.DASHBOARD}
    # Each page's title carries its place: the bar and the browser tab read "第 2 / 5 页 · 进度甘特图".
    pages = {
        path: st.Page(entries[path].script, title=f"{deck.label(path)} · {entries[path].title}", url_path=path, default=i == 0)
        for i, path in enumerate(deck.pages)
    }
    nav = st.navigation(list(pages.values()), position="hidden")
    current = next(path for path, page in pages.items() if page is nav)
    st.set_page_config(page_title=pages[current].title, initial_sidebar_state="collapsed")
    st.html(PRESENT_CSS)

    def go(path: str) -> None:
        st.switch_page(pages[path], query_params=deck.query_params())

    with st.container(horizontal=True, vertical_alignment="center", key="present_bar"):
        st.markdown(f"**{deck.label(current)}** · {entries[current].title}", width="stretch")
        if st.button("上一页", key="present_prev", shortcut="Left", icon=":material/chevron_left:",
                     disabled=deck.index(current) == 0):
            go(deck.step(current, -1))
        if st.button("下一页", key="present_next", shortcut="Right", icon=":material/chevron_right:",
                     disabled=deck.index(current) == len(deck.pages) - 1):
            go(deck.step(current, 1))
        if st.button("退出汇报模式", key="present_exit"):
            st.switch_page(pages[current], query_params={})
    # A presenter's clicker sends PageUp / PageDown: two more shortcuts, on buttons kept out of sight.
    with st.container(key="present_clicker"):
        if st.button("上一页", key="present_page_up", shortcut="PageUp"):
            go(deck.step(current, -1))
        if st.button("下一页", key="present_page_down", shortcut="PageDown"):
            go(deck.step(current, 1))
    if deck.auto_seconds:
        st.session_state[SHOWN_KEY] = (current, time.monotonic())
        _auto_advance(deck, current, go)
    return nav


def _auto_advance(deck: Deck, current: str, go) -> None:
    """Every `auto_seconds` the next page, round to the first after the last (a looping display)."""
    @st.fragment(run_every=deck.auto_seconds)
    def tick():
        shown, at = st.session_state.get(SHOWN_KEY, (None, 0.0))
        if shown == current and time.monotonic() - at >= deck.auto_seconds - 0.5:
            go(deck.step(current, 1, wrap=True))
        st.caption(f"每 {deck.auto_seconds} 秒自动翻页")

    tick()


# ---- who is logged in ---------------------------------------------------------------


def session_accounts(store: Store) -> Accounts:
    """The accounts of this database; in demo mode the documented demo accounts exist."""
    accounts = accounts_for(store)
    if demo_active(store):
        accounts.ensure_demo_accounts()
    return accounts


@st.cache_resource(show_spinner=False)
def _remembered() -> RememberedSessions:
    """The server's remembered sessions (in memory: a restart asks everyone to log in again)."""
    return RememberedSessions()


def log_in(user: User, stamp: str) -> None:
    """Start this browser session as user; stamp is the password hash it logged in with. The browser is given the
    session cookie on the next run (set_session_cookie), so a reload does not ask for a login again."""
    record = session_record(user, stamp)
    st.session_state[COOKIE_KEY] = _remembered().issue(record)
    st.session_state[AUTH_KEY] = record


def log_out(notice: str | None = None) -> None:
    """End the session: everything this browser session kept on the server is cleared, its cookie forgotten."""
    auth = st.session_state.get(AUTH_KEY)
    if auth:
        _remembered().forget(auth)
    st.session_state.clear()
    st.session_state[COOKIE_KEY] = ""  # the browser's cookie is removed on the next run
    if notice:
        st.session_state[NOTICE_KEY] = notice


def _cookie_script(value: str) -> str:
    # The value is ours (token_urlsafe: letters, digits, - and _) or empty, so it needs no quoting.
    expiry = "" if value else "; max-age=0"
    return f'<script>document.cookie = "{SESSION_COOKIE}={value}; path=/; SameSite=Strict{expiry}";</script>'


def set_session_cookie(logged_in: bool) -> None:
    """Give the browser its session cookie after a login, or remove it after a logout or when the session it names
    has ended (a script, run once: Streamlit has no cookie API)."""
    secret = st.session_state.pop(COOKIE_KEY, None)
    if secret is None and not logged_in and isinstance(st.context.cookies.get(SESSION_COOKIE), str):
        secret = ""
    if secret is not None:
        st.html(_cookie_script(secret), unsafe_allow_javascript=True)


def current_user(store: Store) -> User | None:
    """The logged-in user, or None; ends the session after the idle time or when the account changed.

    A new browser session (a reload, a bookmark) whose cookie names a remembered session goes on as that user."""
    auth = st.session_state.get(AUTH_KEY)
    if not auth:
        auth = _remembered().resume(st.context.cookies.get(SESSION_COOKIE), timedelta(minutes=idle_minutes()))
        if auth is None:
            return None
        st.session_state[AUTH_KEY] = auth
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


def admin_only(store: Store, user: User, page: str, action: str) -> None:
    """Stop an administrator's page for anyone else: the refusal is recorded in the audit trail and said in Chinese,
    not as a traceback. Navigation never offers such a page to another role, so this is the page's own defence,
    not its usual way in."""
    try:
        with refusals_recorded(store, user, f"打开{page}页"):
            require_admin(user, action)
    except AccessDenied as denied:
        st.error(literal(str(denied)), icon=":material/lock:")
        st.stop()


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
        st.error(literal(hint), icon=":material/person_add:")
        st.stop()
    set_session_cookie(logged_in=False)
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


# Streamlit's light theme's red for error text (theme.colors.redTextColor), so the refusal reads like its other errors.
REFUSAL_RED = "#9e303b"


def file_uploader(label: str, kinds: Sequence[str], key: str, max_bytes: int, **kwargs):
    """st.file_uploader in Chinese: the button, the drop-zone line (the one place the page states the size limit)
    and the only refusal Streamlit's browser code makes itself, a file over that limit.

    Streamlit has no option for these words, so a style block swaps them by the elements' data-testid and ARIA
    attributes (stable test hooks, unlike generated class names); if Streamlit renames them, its English text shows
    again and nothing breaks. The browser would also refuse, in English, a name not in `type=`, so no `type=` is
    passed (`kinds` only names them): the importer tells a kind from the bytes and refuses in Chinese. A file chip
    marked invalid is then always one over the limit: it shows the importer's sentence for that, which also replaces
    its English reason (a hidden alert, and a hover tooltip of bare text, where other widgets' error tooltips hold
    Markdown).
    tests/test_browser.py and tests/test_browser_upload.py check what Chromium shows.
    """
    # Streamlit's browser code reads max_upload_size's megabytes as the visitor's file manager does: 1,048,576 bytes
    # on Windows (as the importer and the server do), 1,000,000 elsewhere. Either way it lets through no file over
    # max_bytes, and its "20 MB" is the size the visitor's own computer shows for the file.
    if max_bytes % 2**20:
        raise ValueError(f"the upload limit must be whole megabytes (MiB) for Streamlit: {max_bytes}")
    refusal = _css_string(too_large_message(max_bytes))
    zone_line = _css_string(f"可拖放文件到此处，每个文件不超过 {size_text(max_bytes)}（{'、'.join(k.upper() for k in kinds)}）")
    chip = '[data-testid="stFileChip"][aria-invalid="true"]'
    tooltip = '[data-testid="stTooltipErrorContent"]:not(:has(*))'
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p'
        "{font-size:0}"
        '[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p::after'
        '{content:"选择文件";font-size:0.875rem}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span{font-size:0}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span::after'
        f"{{content:{zone_line};font-size:0.875rem}}"
        # The refused file's chip says why under its size, without hovering.
        f'{chip} [data-testid="stFileChipName"] + div::after'
        f"{{content:{refusal};display:block;white-space:normal;color:{REFUSAL_RED};font-size:0.875rem}}"
        # Its English alert, for screen readers, reads the sentence instead.
        f'{chip} [role="alert"]{{visibility:hidden;font-size:0}}'
        f'{chip} [role="alert"]::after{{content:{refusal};visibility:visible;font-size:0.875rem}}'
        # Its English tooltip on hover goes: the chip already says why. A browser without :has() drops just this rule.
        f"body:has({chip}) {tooltip}{{display:none}}"
        "</style>"
    )
    return st.file_uploader(label, key=key, max_upload_size=max_bytes // 2**20, **kwargs)


def _css_string(text: str) -> str:
    """Text as a quoted CSS string (for `content:`), whatever quotes or backslashes it holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'
