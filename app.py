"""和谐同行看板: the navigation and the shared sidebar (in 汇报模式, the presenter's bar); each page lives in pages/."""

import streamlit as st

from hexie import ui

st.set_page_config(page_title="和谐同行看板", layout="wide", initial_sidebar_state="expanded")
ui.navigation().run()
