"""The served dashboard in headless Chromium: every page renders and nothing is fetched from outside this machine."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from hexie import briefing, site
from hexie.plan import load_plan
from hexie.store import Store

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

# Locally a missing chromium is a skip listed with its reason; under CI=true tests/conftest.py makes it a failure.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium fonts-noto-cjk)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SNAPSHOT = "2022年6月调度会"


@pytest.fixture(scope="module")
def served_db(demo_db, tmp_path_factory):
    """The demo database with a meeting snapshot, then a withdrawal after it; beside it the snapshot's briefing HTML
    (written now: once the server runs, it holds the file)."""
    path = tmp_path_factory.mktemp("served") / "demo.duckdb"
    shutil.copy(demo_db, path)
    with Store.open(path) as store:
        store.create_snapshot(SNAPSHOT, date(2022, 6, 30), None, "李主任")
        store.set_upload_status(int(store.uploads(county="安远县")["id"].min()), withdrawn=True)
        pack = briefing.build(store.frozen(SNAPSHOT), load_plan(), date(2022, 6, 30))
    path.with_name("briefing.html").write_text(briefing.write_html(pack), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def served(served_db):
    port = free_port()
    env = {**os.environ, "HEXIE_DB": str(served_db)}
    server = subprocess.Popen(
        [sys.executable, "-m", "hexie.serve", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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
        pytest.fail("streamlit did not become healthy within 60 s")
    yield base
    server.terminate()
    server.wait(timeout=20)


def page_urls(base: str) -> list[str]:
    """Every page's address, a deep link first: the first visit after start-up must still go through app.py."""
    return [f"{base}/{p.url_path}" for p in site.ALL_PAGES if p != site.LANDING] + [base]


LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "file://", "about:")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from tools.screenshots import CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
    """The folder of 1920×1080 screenshots of every page and mode, printed at the end of the run."""
    folder = tmp_path_factory.mktemp("screenshots")
    screenshot_folders.append(folder)
    return folder


def test_pages_render_offline(served, page, shots):
    from tools.screenshots import wait_drawn

    for n, url in enumerate(page_urls(served)):
        page.goto(url)
        wait_drawn(page)
        assert page.locator('[data-testid="stException"]').count() == 0, url
        assert "演示数据" in page.inner_text("body"), url
        assert page.get_by_text("截至日期").count() == 1, f"{url} ran without app.py's sidebar"
        page.screenshot(path=shots / f"{n + 1:02d}-{url.rsplit('/', 1)[-1] or 'home'}.png")
    assert page.outside == []


def test_presentation_by_bookmark_steps_with_the_keyboard(served, page, shots):
    from tools.screenshots import wait_drawn

    page.goto(f"{served}/gantt?present=1&pages=gantt,mediation&as_of=2023-06-30&county=安远县")
    wait_drawn(page)
    assert page.title() == "第 2 / 3 页 · 进度甘特图"
    assert page.locator('[data-testid="stSidebar"]').count() == 0 and page.get_by_text("截至日期").count() == 0
    assert page.get_by_text("进度甘特图 · 安远县 · 截至 2023年06月30日").count() == 1
    page.screenshot(path=shots / "present-2-gantt.png")
    steps = [("ArrowRight", "第 3 / 3 页 · 调解组织"), ("PageDown", "第 3 / 3 页 · 调解组织"), ("PageUp", "第 2 / 3 页 · 进度甘特图"),
             ("ArrowLeft", "第 1 / 3 页 · 总览")]
    for key, title in steps:
        page.keyboard.press(key)
        page.wait_for_function(f"() => document.title === {title!r}", timeout=60_000)
        wait_drawn(page)
        assert page.locator('[data-testid="stException"]').count() == 0, key
        page.screenshot(path=shots / f"present-{title[2]}-{key}.png")
    assert "present=1" in page.url and "county=" in page.url
    assert page.get_by_text("总览 · 安远县 · 截至 2023年06月30日", exact=False).count() == 1
    # Timed auto-advance: the shortest interval, and round from the last page to the first.
    page.goto(f"{served}/wage?present=1&pages=wage&auto=10")
    wait_drawn(page)
    assert page.title() == "第 2 / 2 页 · 薪酬指引" and page.get_by_text("每 10 秒自动翻页").count() == 1
    page.wait_for_function("() => document.title === '第 1 / 2 页 · 总览'", timeout=60_000)
    assert page.outside == []


def test_a_snapshot_opens_with_its_banner_in_a_deck_too(served, page, shots):
    from tools.screenshots import wait_drawn

    page.goto(f"{served}/mediation?snapshot={SNAPSHOT}")
    wait_drawn(page)
    assert page.get_by_text(f"按快照“{SNAPSHOT}”显示：截至 2022年06月30日，全市", exact=False).count() == 1
    assert page.get_by_text("快照之后数据有变化：已撤回 1 批", exact=False).count() == 1
    assert page.get_by_text("调解组织 · 全市 · 截至 2022年06月30日").count() == 1
    page.screenshot(path=shots / "snapshot-mediation.png")
    page.goto(f"{served}/?present=1&pages=gantt&snapshot={SNAPSHOT}")
    wait_drawn(page)
    assert page.title() == "第 1 / 2 页 · 总览"
    assert page.get_by_text(f"按快照“{SNAPSHOT}”显示", exact=False).count() == 1
    page.keyboard.press("PageDown")
    page.wait_for_function("() => document.title === '第 2 / 2 页 · 进度甘特图'", timeout=60_000)
    wait_drawn(page)
    assert page.get_by_text("进度甘特图 · 全市 · 截至 2022年06月30日").count() == 1
    page.screenshot(path=shots / "snapshot-present-gantt.png")
    assert page.outside == []


def test_briefing_html_opens_from_disk_offline_with_its_charts_drawn(served_db, page, shots):
    page.goto(served_db.with_name("briefing.html").as_uri())
    page.wait_for_function("() => document.querySelectorAll('.chart .main-svg').length >= 2", timeout=60_000)
    assert page.locator(".chart").count() == 2 and page.locator("section h2").count() == 7
    assert page.get_by_text(f"按会议快照“{SNAPSHOT}”", exact=False).count() == 1
    page.screenshot(path=shots / "briefing.png", full_page=True)
    page.pdf(path=str(shots / "briefing-A4.pdf"), format="A4")
    assert page.outside == []
