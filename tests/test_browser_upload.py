"""The real 数据上传 page in Chromium: a file over the size limit is refused in Chinese before it is sent, and a county
clerk's template-made file goes through the page's file input to a dashboard's count."""

from __future__ import annotations

import io
import re
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from hexie import site
from hexie.importer import Limits, too_large_message
from hexie.templates import DATA_SHEET, HEADER_ROW, build_template
from tests.conftest import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium fonts-noto-cjk)"),
]
FILE_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
REFUSED_CHIP = '[data-testid="stFileChip"][aria-invalid="true"]'
CLERK = ("于都填报员", "demo-yudu")  # README 演示模式: the demo county clerk of 于都县


def after_text(locator) -> str:
    """The text a style sheet puts after an element (CSS `content`), unquoted."""
    return locator.evaluate("el => getComputedStyle(el, '::after').content").strip('"')


def test_a_file_over_the_size_limit_is_refused_in_chinese_before_it_is_sent(served, page, shots, tmp_path):
    from tools.screenshots import wait_drawn

    big = tmp_path / "全年台账.xlsx"
    with big.open("wb") as f:
        f.truncate(Limits().max_bytes + 1)
    page.goto(f"{served}/upload")
    wait_drawn(page)
    page.set_input_files(FILE_INPUT, big)
    chip = page.locator(REFUSED_CHIP)
    chip.wait_for(timeout=60_000)
    # Under the file's name and size, the importer's own sentence with the one limit.
    reason = chip.locator('[data-testid="stFileChipName"] + div')
    assert reason.is_visible() and after_text(reason) == too_large_message(Limits().max_bytes)
    assert too_large_message(Limits().max_bytes) == "文件超过 20 MB，不能上传。请删去多余的工作表或拆成几个文件再传。"
    english = page.get_by_text("File must be")
    assert english.count() >= 1 and not any(english.nth(i).is_visible() for i in range(english.count()))
    chip.hover()
    page.wait_for_timeout(1000)  # Streamlit's error tooltip opens after 200 ms of hovering
    assert not any(english.nth(i).is_visible() for i in range(english.count()))
    page.screenshot(path=shots / "upload-oversize.png")
    # Refused in the browser: nothing reached the importer (no box begins with the file's name), and the server
    # keeps answering.
    assert page.get_by_text(f"{big.name}：").count() == 0
    assert urllib.request.urlopen(f"{served}/_stcore/health", timeout=10).read() == b"ok"
    assert page.outside == []


def key_enterprise_workbook(rows: list[dict[str, object]]) -> bytes:
    """The project's own 重点企业 template, filled in below its example row by header label."""
    wb = openpyxl.load_workbook(io.BytesIO(build_template("key_enterprise")))
    sheet = wb[DATA_SHEET]
    columns = {str(cell.value).lstrip("*"): cell.column for cell in sheet[HEADER_ROW]}
    for n, row in enumerate(rows, start=1):
        sheet.cell(HEADER_ROW + 1 + n, columns["序号"], n)
        for label, value in row.items():
            sheet.cell(HEADER_ROW + 1 + n, columns[label], value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def key_enterprise_count(page) -> str:
    """The 裁员风险 page's 重点企业 figure, as shown."""
    from tools.screenshots import wait_drawn

    wait_drawn(page, account=None)
    metric = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text("重点企业", exact=True))
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def open_in_sidebar(page, title: str) -> None:
    """Go to another page in the same session (a new address would be a new session, logged out)."""
    from tools.screenshots import wait_drawn

    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    page.wait_for_url(f"**/{next(p.url_path for p in site.ALL_PAGES if p.title == title)}", timeout=60_000)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    wait_drawn(page, account=None)


def test_a_county_clerk_uploads_a_template_file_and_sees_the_new_count(served, page, shots):
    from tools.screenshots import wait_drawn

    page.goto(f"{served}/layoff_risk")
    wait_drawn(page, account=CLERK)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="县（市、区）").click()
    page.get_by_role("option", name="于都县", exact=True).click()
    page.get_by_text("重点企业裁员风险 · 于都县").wait_for(timeout=60_000)
    before = key_enterprise_count(page)

    # Review is off for 重点企业 (the demo sets none), so the clerk's upload counts at once.
    data = key_enterprise_workbook([
        {"企业名称": "于都测试甲纺织有限公司", "县（市、区）": "于都县", "所属行业": "纺织服装", "上年底职工数量": 420,
         "目前职工数量": 400, "支付能力评估": "强", "填报期": "2023-09"},
        {"企业名称": "于都测试乙电子有限公司", "县（市、区）": "于都县", "所属行业": "电子信息", "上年底职工数量": 260,
         "目前职工数量": 250, "支付能力评估": "一般", "填报期": "2023-09"},
    ])
    open_in_sidebar(page, "数据上传")
    page.set_input_files(FILE_INPUT, files=[{
        "name": "于都县重点企业2023年9月.xlsx", "buffer": data,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }])
    confirm = page.get_by_role("button", name="确认导入")
    page.wait_for_function(
        "() => { const b = [...document.querySelectorAll('button')].find(b => b.innerText.trim() === '确认导入');"
        " return b && !b.disabled; }", timeout=90_000)
    confirm.click()
    page.get_by_text(re.compile(r"于都县重点企业2023年9月\.xlsx：.*已导入（批次 \d+） 2 行")).wait_for(timeout=90_000)
    wait_drawn(page, account=None)
    page.screenshot(path=shots / "upload-clerk-loaded.png")

    open_in_sidebar(page, "裁员风险")
    page.get_by_text("重点企业裁员风险 · 于都县").wait_for(timeout=60_000)
    # 于都县's latest snapshot of the ledger is now this upload's two rows (as of the sidebar's 2023-09-30).
    assert (before != "2 户", key_enterprise_count(page)) == (True, "2 户")
    page.screenshot(path=shots / "layoff-risk-after-clerk-upload.png")
    assert page.locator('[data-testid="stException"]').count() == 0 and page.outside == []
