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


DEMO_ADMIN = ("市级管理员", "demo-admin")


def settle(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=30000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)


def log_in(page, account: tuple[str, str] = DEMO_ADMIN) -> None:
    """Log in when the page shows the login form (every fresh page load is a new session)."""
    login = page.get_by_role("button", name="登录", exact=True)
    logout = page.get_by_role("button", name="退出登录", exact=True)
    # A deep link's first run may still be on its way to the form: wait until one of the two shows.
    login.or_(logout).first.wait_for(timeout=30000)
    if logout.count():
        return
    page.get_by_label("账号").fill(account[0])
    page.get_by_label("密码").fill(account[1])
    login.click()
    logout.wait_for(timeout=30000)
    settle(page)


def shoot(base_url: str, pages: list[str], out: Path, width: int = 1920, height: int = 1080, full: bool = False,
          account: tuple[str, str] | None = DEMO_ADMIN) -> list[Path]:
    """Open each page (logged in as account, or showing the login page when None), wait for Streamlit to finish
    running, and save a PNG per page."""
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for name in pages:
            page.goto(f"{base_url.rstrip('/')}/{name}", wait_until="networkidle")
            settle(page)
            if account:
                log_in(page, account)
            page.wait_for_timeout(2500)  # let plotly and deck.gl finish drawing
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
    parser.add_argument("--user", default=DEMO_ADMIN[0], help="log in as this account (default: the demo admin)")
    parser.add_argument("--password", default=DEMO_ADMIN[1])
    parser.add_argument("--logged-out", action="store_true", help="shoot the login page instead")
    args = parser.parse_args()
    account = None if args.logged_out else (args.user, args.password)
    for path in shoot(args.base_url, args.pages, Path(args.out), full=args.full, account=account):
        print(path)


if __name__ == "__main__":
    main()
