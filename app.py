"""和谐同行看板: the login gate, the navigation each role may see, and the shared sidebar; each page lives in pages/."""

import streamlit as st

from hexie import ui
from hexie.access import ROLE_LABELS, may_open

st.set_page_config(page_title="和谐同行看板", layout="wide", initial_sidebar_state="expanded")

# No page icons: Streamlit makes the current page's icon the favicon and fetches it from
# fonts.gstatic.com, which an offline projector laptop cannot reach (tests/test_browser.py checks).
PAGES = {
    "看板": [
        st.Page("pages/overview.py", title="总览", url_path="overview", default=True),
        st.Page("pages/gantt.py", title="进度甘特图", url_path="gantt"),
        st.Page("pages/coverage_map.py", title="协调员覆盖", url_path="coverage_map"),
        st.Page("pages/mediation.py", title="调解组织", url_path="mediation"),
        st.Page("pages/layoff_risk.py", title="裁员风险", url_path="layoff_risk"),
        st.Page("pages/new_enterprise.py", title="新企服务", url_path="new_enterprise"),
        st.Page("pages/harmonious.py", title="和谐企业", url_path="harmonious"),
        st.Page("pages/wage.py", title="薪酬指引", url_path="wage"),
        st.Page("pages/social_org.py", title="社会组织", url_path="social_org"),
    ],
    "数据": [
        st.Page("pages/upload.py", title="数据上传", url_path="upload"),
        st.Page("pages/completeness.py", title="催报", url_path="completeness"),
        st.Page("pages/review.py", title="审核", url_path="review"),
        st.Page("pages/data_dictionary.py", title="数据说明", url_path="data_dictionary"),
    ],
    "管理": [
        st.Page("pages/account.py", title="账号", url_path="account"),
        st.Page("pages/audit.py", title="审计日志", url_path="audit"),
    ],
}

store = ui.current_store()
user = ui.current_user(store)
st.sidebar.markdown("### 和谐同行看板")
if user is None:
    # Every page is declared, hidden, so a deep link (/gantt) is still the page shown after logging in.
    st.navigation(PAGES, position="hidden")
    ui.login_page()
else:
    allowed = {group: [p for p in pages if may_open(user, p.url_path)] for group, pages in PAGES.items()}
    navigation = st.navigation({group: pages for group, pages in allowed.items() if pages})
    st.sidebar.caption(f"{user.name}（{ROLE_LABELS[user.role]}{'·' + user.county if user.county else ''}）")
    if st.sidebar.button("退出登录", key="logout"):
        ui.log_out()
        st.rerun()
    ui.shared_sidebar()
    navigation.run()
