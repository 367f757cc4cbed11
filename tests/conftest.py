"""Shared fixtures: databases are built in tmp_path, never data/hexie.duckdb."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from hexie import demo
from hexie.accounts import Accounts, session_record
from hexie.store import Store
from hexie.ui import AUTH_KEY

pytest_plugins = ("pytester",)
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def users_file(tmp_path, monkeypatch):
    """Every test keeps its accounts in tmp_path: never data/users.toml or data/demo-users.toml."""
    path = tmp_path / "users.toml"
    monkeypatch.setenv("HEXIE_USERS", str(path))
    return path


def log_in(at, name: str = "市级管理员"):
    """Start an AppTest session as one of the demo accounts (created in the test's accounts file)."""
    accounts = Accounts(os.environ["HEXIE_USERS"])
    accounts.ensure_demo_accounts()
    account = accounts.get(name)
    at.session_state[AUTH_KEY] = session_record(account.user, account.password_hash)
    return at


@pytest.fixture
def db(tmp_path, monkeypatch):
    """An empty database file that pages (AppTest) open through HEXIE_DB."""
    path = tmp_path / "page.duckdb"
    Store.open(path).close()
    monkeypatch.setenv("HEXIE_DB", str(path))
    return path


@pytest.fixture
def store(tmp_path):
    """An empty store in a fresh file."""
    with Store.open(tmp_path / "test.duckdb") as s:
        yield s


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """A demo database built once per test session (seed 2020, scale 1)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store.open(path) as s:
        demo.build_demo(s, seed=2020)
    return path


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped browser test is a failure: the only guard of what needs a real browser must run."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _ci() and item.get_closest_marker("browser"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"browser test skipped under CI=true, which must not happen: {reason}"


SCREENSHOTS = pytest.StashKey[list]()


@pytest.fixture(scope="session")
def screenshot_folders(pytestconfig) -> list:
    """Folders of screenshots the browser tests wrote; listed at the end of the run."""
    return pytestconfig.stash.setdefault(SCREENSHOTS, [])


def pytest_terminal_summary(terminalreporter, config):
    for folder in config.stash.get(SCREENSHOTS, []):
        terminalreporter.write_line(f"1920×1080 screenshots of every page and mode: {folder}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path, users: Path):
    """`python -m hexie.serve` with the project's .streamlit/config.toml on a free port, on `db` with the accounts in
    `users`; yields its base URL once it answers /_stcore/health, and stops it afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hexie.serve", "--server.port", str(port), "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, "HEXIE_DB": str(db), "HEXIE_USERS": str(users)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail("the dashboard did not become healthy within 60 s")
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def served_db(demo_db, tmp_path_factory):
    """A copy of the demo database for one module's served dashboard (a module may override this to add to it)."""
    path = tmp_path_factory.mktemp("served") / "demo.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="module")
def served(served_db):
    """The dashboard served on served_db, with its accounts file beside it; yields the base URL."""
    with serving(served_db, served_db.with_name("users.toml")) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright; nothing is downloaded."""
    from playwright.sync_api import sync_playwright

    from tools.screenshots import CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "file://", "about:")


@pytest.fixture
def page(browser):
    """A 1920×1080 page whose requests off this machine are blocked and listed in page.outside."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.outside = []

    def only_local(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    yield page
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory, screenshot_folders):
    """The folder of 1920×1080 screenshots a module's browser tests write, printed at the end of the run."""
    folder = tmp_path_factory.mktemp("screenshots")
    screenshot_folders.append(folder)
    return folder
