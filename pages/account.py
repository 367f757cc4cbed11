"""账号: change one's own password; administrators also list, add and disable accounts."""

import streamlit as st

from hexie import ui
from hexie.access import ROLE_LABELS, ROLES
from hexie.accounts import AccountError
from hexie.audit import backup_database
from hexie.geo import COUNTY_NAMES

ctx = ui.page_context()
user = ui.acting_user()
accounts = ui.session_accounts(ctx.store)
st.subheader("账号")
st.caption(ui.literal(f"当前账号：{user.label}"))

with st.form("account_password"):
    first = st.text_input("新密码（至少 8 位）", type="password", key="account_new_password")
    second = st.text_input("再输入一次", type="password", key="account_new_password_again")
    if st.form_submit_button("修改密码"):
        if first != second:
            st.error("两次输入的密码不一致。")
        else:
            try:
                accounts.set_password(user, user.name, first)
            except AccountError as refused:
                st.error(str(refused))
            else:
                ui.log_out("密码已修改，请用新密码重新登录。")
                st.rerun()

if not user.is_admin:
    st.stop()

st.markdown("#### 全部账号")
ui.table(
    [{"账号": a.user.name, "角色": ROLE_LABELS[a.user.role], "所属县（市、区）": a.user.county or "",
      "状态": "已停用" if a.disabled else "已锁定" if a.locked_until else "正常"} for a in accounts.all()],
    key="account_list",
)
with st.form("account_add"):
    st.markdown("##### 新建账号")
    left, middle, right = st.columns(3)
    name = left.text_input("账号名", key="account_add_name")
    role = middle.selectbox("角色", ROLES, format_func=ROLE_LABELS.get, key="account_add_role")
    county = right.selectbox("所属县（市、区）（仅县区填报员）", ("", *COUNTY_NAMES), key="account_add_county")
    password = st.text_input("初始密码（至少 8 位）", type="password", key="account_add_password")
    if st.form_submit_button("新建"):
        try:
            created = accounts.add(user, name, role, county or None, password)
        except AccountError as refused:
            st.error(str(refused))
        else:
            st.success(ui.literal(f"已创建账号 {created.label}"))
st.markdown("#### 数据库备份")
if st.button("立即备份", key="account_backup", help="在数据库文件旁的 backups 目录写一份完整副本"):
    st.success(ui.literal(f"已备份：{backup_database(ctx.store, user)}"))

others = [a.user.name for a in accounts.all() if not a.disabled and a.user.name != user.name]
if others:
    pick, button = st.columns((3, 1), vertical_alignment="bottom")
    target = pick.selectbox("停用账号", others, key="account_disable_pick")
    if button.button("停用", key="account_disable"):
        try:
            accounts.disable(user, target)
        except AccountError as refused:
            st.error(str(refused))
        else:
            st.rerun()
