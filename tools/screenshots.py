"""Screenshot pages of a running dashboard in headless Chromium, as a projector would show them.

Usage: python tools/screenshots.py http://127.0.0.1:8501 gantt overview ... [--out screenshots]
Needs Debian's chromium (apt-get install chromium fonts-noto-cjk); nothing is downloaded.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# Drawn: the script has finished (not merely "no spinner yet"), the page's heading is there, nothing is stale or a
# loading skeleton, and every plotly chart has its SVG. A slow, loaded machine only makes this take longer.
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.dataset.testScriptState === 'notRunning'
        && !!document.querySelector('[data-testid="stMain"] :is(h1, h2, h3, h4)')
        && !document.querySelector(
            '[data-stale="true"], [data-testid="stSkeleton"], [data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]')
        && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => c.querySelector('.main-svg'));
}"""


def wait_drawn(page, timeout_ms: int = 120_000, settle_ms: int = 500) -> None:
    """Wait until Streamlit has finished the run and drawn the page (see DRAWN), then `settle_ms` for the last frame."""
    page.wait_for_function(DRAWN, timeout=timeout_ms)
    page.wait_for_timeout(settle_ms)


def shoot(base_url: str, pages: list[str], out: Path, width: int = 1920, height: int = 1080, full: bool = False) -> list[Path]:
    """Open each page, wait for Streamlit to finish running, and save a PNG per page."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for name in pages:
            page.goto(f"{base_url.rstrip('/')}/{name}")
            wait_drawn(page)
            page.wait_for_timeout(1500)  # deck.gl's map tiles of polygons
            target = out / f"{name or 'home'}.png"
            page.screenshot(path=str(target), full_page=full)
            saved.append(target)
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--full", action="store_true", help="capture the whole scrolled page")
    args = parser.parse_args()
    for path in shoot(args.base_url, args.pages, Path(args.out), full=args.full):
        print(path)


if __name__ == "__main__":
    main()
