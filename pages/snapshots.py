"""会议快照 (市级管理员): freeze the figures of a meeting, list every snapshot, delete one after confirming."""

import streamlit as st

from hexie import snapshots, ui
from hexie.access import AccessDenied
from hexie.geo import COUNTY_NAMES

NOTICE_KEY, CONFIRM_KEY = "snapshot_notice", "snapshot_delete_confirm"

ctx = ui.page_context()
user = ui.acting_user()
ui.admin_only(ctx.store, user, "会议快照", "管理会议快照")
st.subheader("会议快照")
st.caption("冻结会上所示的数字：只记录此刻计入的上传批次，不复制数据。之后任何页面在侧栏“按快照查看”选中它，显示的就是会上的数字。")

notice = st.session_state.pop(NOTICE_KEY, None)
if notice:
    kind, text = notice
    (st.success if kind == "ok" else st.error)(ui.literal(text))

with st.form("snapshot_freeze"):
    st.markdown("##### 冻结快照")
    name = st.text_input("快照名称（如“2023年6月调度会”）", key="snapshot_new_name")
    left, right = st.columns(2)
    as_of = left.date_input("会上所示数字截至", value=ctx.as_of, min_value=ctx.plan.start, max_value=ctx.plan.end,
                            key="snapshot_new_as_of", format="YYYY-MM-DD")
    county = right.selectbox("范围", (ui.ALL_COUNTIES, *COUNTY_NAMES), key="snapshot_new_county")
    reported = st.checkbox("只计当日已上报的数据（不勾选：用现在掌握的全部数据回看当天）", value=True, key="snapshot_new_reported")
    if st.form_submit_button("冻结", type="primary"):
        try:
            snap = snapshots.freeze(ctx.store, user, name, as_of, None if county == ui.ALL_COUNTIES else county, reported)
        except ValueError as refused:
            st.error(ui.literal(str(refused)))
        else:
            st.session_state[NOTICE_KEY] = ("ok", f"已冻结快照：截至 {snap.as_of:%Y-%m-%d}，{snap.county or '全市'}，见下方列表。")
            st.rerun()

table = snapshots.listing(ctx.store)
if table.empty:
    st.info("还没有快照。")
    st.stop()
st.markdown("##### 全部快照")
ui.table(table, key="snapshot_list")

st.markdown("##### 删除快照")
pick = st.selectbox("要删除的快照", table["快照名称"].tolist(), key="snapshot_delete_pick",
                    on_change=lambda: st.session_state.update({CONFIRM_KEY: False}))
# The name stays out of Markdown-rendered labels: the select box above shows it as typed.
sure = st.checkbox("确认删除所选快照：删除后不能恢复，会上的数字将不能再按此快照查看（上传的数据不受影响）", key=CONFIRM_KEY)


def delete(name: str) -> None:
    """Runs before the next script run, so the sidebar can stop showing the deleted snapshot."""
    st.session_state[CONFIRM_KEY] = False
    try:
        gone = snapshots.delete(ctx.store, user, name)
    except (AccessDenied, LookupError) as refused:
        st.session_state[NOTICE_KEY] = ("error", str(refused))
        return
    ui.forget_snapshot(gone.name)
    st.session_state[NOTICE_KEY] = ("ok", f"已删除快照（截至 {gone.as_of:%Y-%m-%d}，{gone.county or '全市'}），已记入审计日志。")


st.button("删除快照", type="primary", disabled=not sure, key="snapshot_delete", on_click=delete, args=(pick,))
