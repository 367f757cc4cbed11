"""审核: which ledgers wait for review, and each pending upload's problems, original file and difference to approve or return."""

import streamlit as st

from hexie import ui
from hexie.ledgers import LEDGERS, LEDGERS_BY_KEY
from hexie.review import (
    decide,
    pending_uploads,
    problem_report,
    review_diff,
    set_review,
)
from hexie.uploads import history_frame, milestone_titles, original_file, problem_frame

ctx = ui.page_context()
user = ui.acting_user()
ui.admin_only(ctx.store, user, "审核", "审核上传")
st.subheader("审核")

with st.expander("审核设置：哪些台账的县区上传须经审核后才计入看板", expanded=False):
    for ledger in LEDGERS:
        on = ctx.store.review_required(ledger.key)
        wanted = st.toggle(ledger.name, value=on, key=f"review_setting_{ledger.key}")
        if wanted != on:
            set_review(ctx.store, user, ledger.key, wanted)
            st.rerun()

pending = pending_uploads(ctx.store, user)
if pending.empty:
    st.success("没有待审核的上传。", icon=":material/task_alt:")
    st.stop()

ui.table(history_frame(pending), key="review_pending")
upload_id = int(st.selectbox("审核批次", pending["id"].tolist(), key="review_pick",
                             format_func=lambda i: f"批次 {i}"))
upload = ctx.store.upload(upload_id)
st.markdown("##### " + ui.literal(
    f"批次 {upload_id}：{upload['county'] or '市本级'} · {LEDGERS_BY_KEY[upload['ledger']].name} · {upload['file_name']}"))

name, data = original_file(ctx.store, user, upload_id)
st.download_button("下载原始文件", data, file_name=name, key="review_original")

problems = problem_report(ctx.store, user, upload_id, milestone_titles(ctx.plan))
if problems:
    st.caption(f"问题清单（{len(problems)} 个问题；有问题的行未导入）")
    ui.table(problem_frame(problems), key="review_problems")
else:
    st.caption("问题清单：无问题。")

diff = review_diff(ctx.store, user, upload_id)
st.markdown(f"**与该县现有数据相比：{diff.summary}**")
for title, frame, key in (("修改（原值 → 新值）", diff.changed, "review_changed"), ("新增的行", diff.added, "review_added"),
                          ("将被替换掉的行", diff.removed, "review_removed")):
    if not frame.empty:
        st.caption(title)
        ui.table(frame, key=key)

comment = st.text_area("审核意见（退回时必填）", key="review_comment")
approve, send_back = st.columns(2)
for column, label, approved, kind in ((approve, "审核通过", True, "primary"), (send_back, "退回", False, "secondary")):
    if column.button(label, type=kind, key=f"review_{'approve' if approved else 'return'}"):
        try:
            decide(ctx.store, user, upload_id, approved=approved, comment=comment)
        except ValueError as refused:
            st.error(str(refused))
        else:
            st.rerun()
