"""和谐同行看板: the navigation and the shared sidebar; each page lives in pages/."""

import streamlit as st

from hexie import ui

st.set_page_config(page_title="和谐同行看板", layout="wide", initial_sidebar_state="expanded")

# No page icons: Streamlit makes the current page's icon the favicon and fetches it from
# fonts.gstatic.com, which an offline projector laptop cannot reach (tests/test_browser.py checks).
PAGES = {
    "看板": [
        st.Page("pages/gantt.py", title="进度甘特图", url_path="gantt", default=True),
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
