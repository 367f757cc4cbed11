"""The dashboard's pages, declared once: app.py's navigation, presentation mode, the bench and the browser tests read it."""

from __future__ import annotations

from typing import NamedTuple


class PageEntry(NamedTuple):
    script: str
    title: str
    url_path: str


# No page icons: Streamlit makes the current page's icon the favicon and fetches it from
# fonts.gstatic.com, which an offline projector laptop cannot reach (tests/test_browser.py checks).
# The first dashboard page is the landing page and opens every presentation.
DASHBOARD = (
    PageEntry("pages/overview.py", "总览", "overview"),
    PageEntry("pages/gantt.py", "进度甘特图", "gantt"),
    PageEntry("pages/coverage_map.py", "协调员覆盖", "coverage_map"),
    PageEntry("pages/mediation.py", "调解组织", "mediation"),
    PageEntry("pages/layoff_risk.py", "裁员风险", "layoff_risk"),
    PageEntry("pages/new_enterprise.py", "新企服务", "new_enterprise"),
    PageEntry("pages/harmonious.py", "和谐企业", "harmonious"),
    PageEntry("pages/wage.py", "薪酬指引", "wage"),
    PageEntry("pages/social_org.py", "社会组织", "social_org"),
)
# Pages for entering data: never part of a presentation.
DATA = (
    PageEntry("pages/upload.py", "数据上传", "upload"),
    PageEntry("pages/completeness.py", "催报", "completeness"),
    PageEntry("pages/review.py", "审核", "review"),
    PageEntry("pages/data_dictionary.py", "数据说明", "data_dictionary"),
)
# Accounts, meeting snapshots and the audit trail; which role sees which page is hexie.access.PAGE_ROLES.
ADMIN = (
    PageEntry("pages/account.py", "账号", "account"),
    PageEntry("pages/snapshots.py", "会议快照", "snapshots"),
    PageEntry("pages/audit.py", "审计日志", "audit"),
)
SECTIONS = {"看板": DASHBOARD, "数据": DATA, "管理": ADMIN}
ALL_PAGES = DASHBOARD + DATA + ADMIN
LANDING = DASHBOARD[0]
