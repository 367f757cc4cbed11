"""催报: who owes which ledger for which period; a clerk's own to-do list, the city's matrix, 催报 list and notices."""

import streamlit as st

from hexie import ui
from hexie.access import CLERK
from hexie.completeness import calendar_frame, cell_style, cells_frame, completeness, matrix, notices, to_do

ctx = ui.page_context()
user = ui.acting_user()
cells = completeness(ctx.store, user, ctx.plan.reporting, ctx.as_of, ctx.county)
as_of = f"{ctx.as_of:%Y年%m月%d日}"

if user.role == CLERK:
    st.subheader(f"催报 · {user.county}的待报事项 · 截至 {as_of}")
    owed = to_do(cells)
    if not owed:
        st.success("截至所选日期，本县应报的台账都已报送。", icon=":material/task_alt:")
    else:
        ui.table(cells_frame(owed), key="completeness_todo")
    st.stop()

st.subheader(f"催报 · {ctx.county_label} · 截至 {as_of}")
frame = cells_frame(cells)
counts = frame["状态"].value_counts()
columns = st.columns(5)
for column, status in zip(columns, ("已报", "待审", "退回", "未报", "逾期")):
    column.metric(status, f"{int(counts.get(status, 0))} 项")
st.caption("未报：期次已开始、尚未到截止日期；逾期：已过截止日期仍未报送，括注逾期天数。待审和退回的数据不计入看板。")
ui.table(matrix(cells).style.map(cell_style), key="completeness_matrix")

owed = cells_frame(to_do(cells))
ui.excel_download(owed, f"催报清单-{ctx.as_of:%Y%m%d}.xlsx", key="completeness_xlsx", label="下载催报清单（Excel）")

texts = notices(cells, ctx.as_of)
if texts:
    st.markdown("#### 催报通知（复制后发到工作群）")
    unit = st.selectbox("县（市、区）", list(texts), key="completeness_notice_unit")
    st.code(texts[unit], language=None, wrap_lines=True)

with st.expander("报送日历（来自计划文件，市级管理员可修改）"):
    ui.table(calendar_frame(ctx.plan.reporting), key="completeness_calendar")
