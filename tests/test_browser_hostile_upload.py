"""The far-cell workbook dropped on the real 数据上传 page of a served dashboard: a Chinese refusal, and the server
still answers /_stcore/health (#9 item 1)."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM
from tests.test_hostile_uploads import far_cell_workbook

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium fonts-noto-cjk)"),
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("equals, refusal", [
    ("=", "超过上限 200000 行"),        # measured from the sheet's XML before any reader lays it out
    (" = ", "读取时超出内存上限"),      # r = "…" slips past that quick look: the worker reading it runs out of memory
])
def test_far_cell_workbook_on_the_upload_page_is_refused_and_the_server_keeps_answering(served, equals, refusal):
    from playwright.sync_api import sync_playwright

    from tools.screenshots import CHROMIUM_ARGS, wait_drawn

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.set_default_timeout(120_000)  # two cores shared with the rest of the suite: a first page load can be slow
        page.goto(f"{served}/upload", wait_until="networkidle")
        wait_drawn(page)  # logs in as the demo administrator
        page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached", timeout=60000)
        page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', files=[
            {"name": "远端单元格.xlsx", "mimeType": XLSX, "buffer": far_cell_workbook("XFD1048576", equals=equals)},
        ])
        # The refusal is in the problem table (drawn on a canvas, its text kept in hidden cells) and the error box.
        page.get_by_text(refusal).first.wait_for(state="attached", timeout=90000)
        assert page.get_by_text("远端单元格.xlsx：未导入，共 1 个问题").count() == 1
        assert page.locator('[data-testid="stException"]').count() == 0
        browser.close()
    assert urllib.request.urlopen(f"{served}/_stcore/health", timeout=10).read() == b"ok"
