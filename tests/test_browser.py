"""The served dashboard in headless Chromium: every page renders and nothing is fetched from outside this machine."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from hexie import briefing, site
from hexie.plan import load_plan
from hexie.store import Store
from tests.conftest import CHROMIUM

# Locally a missing chromium is a skip listed with its reason; under CI=true tests/conftest.py makes it a failure.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium fonts-noto-cjk)"),
]


SNAPSHOT = "2022年6月调度会"


@pytest.fixture(scope="module")
def served_db(served_db):
    """The served demo copy with a meeting snapshot, then a withdrawal after it; beside it the snapshot's briefing
    HTML (written now: once the server runs, it holds the file)."""
    with Store.open(served_db) as store:
        store.create_snapshot(SNAPSHOT, date(2022, 6, 30), None, "李主任")
        store.set_upload_status(int(store.uploads(county="安远县")["id"].min()), withdrawn=True)
        pack = briefing.build(store.frozen(SNAPSHOT), load_plan(), date(2022, 6, 30))
    served_db.with_name("briefing.html").write_text(briefing.write_html(pack), encoding="utf-8")
    return served_db


def page_urls(base: str) -> list[str]:
    """Every page's address, a deep link first: the first visit after start-up must still go through app.py."""
    return [f"{base}/{p.url_path}" for p in site.ALL_PAGES if p != site.LANDING] + [base]


def test_pages_render_offline(served, page, shots):
    from tools.screenshots import wait_drawn

    for n, url in enumerate(page_urls(served)):
        page.goto(url)
        wait_drawn(page)
        assert page.locator('[data-testid="stException"]').count() == 0, url
        assert "演示数据" in page.inner_text("body"), url
        assert page.get_by_text("截至日期").count() == 1, f"{url} ran without app.py's sidebar"
        assert page.get_by_text(re.compile(r"^View \d+ more$")).count() == 0, "an English fold in the navigation"
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


def test_file_uploader_reads_in_chinese(served, page):
    from tools.screenshots import wait_drawn

    page.goto(f"{served}/upload")
    wait_drawn(page)
    after = "el => getComputedStyle(el, '::after').content"
    size = "el => getComputedStyle(el).fontSize"
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    button = zone.locator('[data-testid="stBaseButton-secondary"] [data-testid="stMarkdownContainer"] p')
    hint = page.locator('[data-testid="stFileUploaderDropzoneInstructions"] span').first
    assert button.evaluate(after) == '"选择文件"'
    assert hint.evaluate(after) == '"可拖放文件到此处，每个文件不超过 20 MB（XLSX、XLSM、XLS、ODS、CSV、HTM、HTML、XML）"'
    # The English words stay in the page but take no room on screen.
    assert (button.evaluate(size), hint.evaluate(size)) == ("0px", "0px")


def test_a_reload_or_a_bookmark_keeps_the_login_until_logging_out(served, page):
    from tools.screenshots import wait_drawn

    login = page.get_by_role("button", name="登录", exact=True)
    page.goto(f"{served}/gantt")
    wait_drawn(page)  # meets the login form and logs in as the demo administrator
    def session_cookies():
        return [(c["name"], c["sameSite"], c["expires"]) for c in page.context.cookies() if c["name"] == "hexie_session"]

    assert session_cookies() == [("hexie_session", "Strict", -1)]  # no other site sends it; it ends with the browser
    page.reload()
    wait_drawn(page, account=None)
    assert login.count() == 0 and page.get_by_text("进度甘特图 · 全市", exact=False).count() == 1
    page.goto(f"{served}/mediation?present=1&pages=mediation")  # a meeting's bookmark, opened in the same browser
    wait_drawn(page, account=None)
    assert login.count() == 0 and page.title() == "第 2 / 2 页 · 调解组织"
    page.goto(f"{served}/gantt")
    wait_drawn(page, account=None)
    page.get_by_role("button", name="退出登录").click()
    login.wait_for(timeout=60_000)
    page.reload()
    wait_drawn(page, account=None)
    assert login.count() == 1 and session_cookies() == []
