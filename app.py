"""和谐同行看板: the navigation and the shared sidebar; each page lives in pages/."""

import streamlit as st

from hexie import ui

st.set_page_config(page_title="和谐同行看板", page_icon="🤝", layout="wide", initial_sidebar_state="expanded")

PAGES = {
    "看板": [
        st.Page("pages/overview.py", title="总览", icon="🏠", url_path="overview", default=True),
        st.Page("pages/gantt.py", title="进度甘特图", icon="📅", url_path="gantt"),
        st.Page("pages/coverage_map.py", title="协调员覆盖", icon="🗺️", url_path="coverage_map"),
        st.Page("pages/mediation.py", title="调解组织", icon="⚖️", url_path="mediation"),
        st.Page("pages/layoff_risk.py", title="裁员风险", icon="⚠️", url_path="layoff_risk"),
        st.Page("pages/new_enterprise.py", title="新企服务", icon="🏢", url_path="new_enterprise"),
        st.Page("pages/harmonious.py", title="和谐企业", icon="🤝", url_path="harmonious"),
        st.Page("pages/wage.py", title="薪酬指引", icon="💰", url_path="wage"),
        st.Page("pages/social_org.py", title="社会组织", icon="👥", url_path="social_org"),
    ],
}

navigation = st.navigation(PAGES)
st.sidebar.markdown("### 和谐同行看板")
ui.shared_sidebar()
navigation.run()
