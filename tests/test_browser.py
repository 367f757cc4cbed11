"""The served dashboard in headless Chromium: every page renders and nothing is fetched from outside this machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


@pytest.fixture(scope="module")
def served(demo_db):
    port = free_port()
    env = {**os.environ, "HEXIE_DB": str(demo_db)}
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
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    paths = [p.split('url_path="')[1].split('"')[0] for p in app.split("st.Page(")[1:] if 'url_path="' in p and "default=True" not in p]
    return [f"{base}/{p}" for p in paths] + [base]


def test_pages_render_offline(served):
    from playwright.sync_api import sync_playwright

    from tools.screenshots import CHROMIUM_ARGS

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:",
            "blob:")) else outside.append(r.url))
        for url in page_urls(served):
            page.goto(url, wait_until="networkidle")
            page.wait_for_selector('[data-testid="stApp"]')
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)
            page.wait_for_timeout(1500)
            assert page.locator('[data-testid="stException"]').count() == 0, url
            assert "演示数据" in page.inner_text("body"), url
            assert page.get_by_text("截至日期").count() == 1, f"{url} ran without app.py's sidebar"
        browser.close()
    assert outside == []
