"""Shared fixtures: databases are built in tmp_path, never data/hexie.duckdb."""

from __future__ import annotations

import os

import pytest

from hexie import demo
from hexie.accounts import Accounts, session_record
from hexie.store import Store
from hexie.ui import AUTH_KEY

pytest_plugins = ("pytester",)


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
