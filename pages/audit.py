"""审计日志: the append-only record of logins, uploads, review decisions and changes, filterable and exportable."""

import streamlit as st

from hexie import ui
from hexie.audit import AUDIT_ACTIONS, audit_frame

ctx = ui.page_context()
user = ui.acting_user()
ui.admin_only(ctx.store, user, "审计日志", "查看审计日志")
st.subheader("审计日志")
left, middle, right = st.columns(3)
actor = left.text_input("操作人（留空为全部）", key="audit_actor").strip() or None
action = middle.selectbox("操作", ("全部", *AUDIT_ACTIONS), key="audit_action")
dates = right.date_input("日期范围", value=(), key="audit_dates", format="YYYY-MM-DD")
since, until = (tuple(dates) + (None, None))[:2]
frame = audit_frame(ctx.store, user, actor, None if action == "全部" else action, since, until or since)
ui.table(frame, key="audit_table")
ui.excel_download(frame, "审计日志.xlsx", key="audit_xlsx", label="导出审计日志（Excel）")
