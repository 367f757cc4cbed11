"""和谐同行看板: the navigation and the shared sidebar; each page lives in pages/."""

import streamlit as st

from hexie import ui

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
        st.Page("pages/data_dictionary.py", title="数据说明", url_path="data_dictionary"),
    ],
}

navigation = st.navigation(PAGES)
st.sidebar.markdown("### 和谐同行看板")
ui.shared_sidebar()
navigation.run()
