"""数据上传: pick a ledger and county, drop files, read the problem report, confirm; upload history with 撤回/恢复."""

from datetime import date
from functools import partial

import streamlit as st

from hexie import ui
from hexie.geo import REPORTING_UNITS
from hexie.importer import PERIOD_SOURCE_LABELS, ImportOptions, ImportResult, Limits, parse_upload, size_text
from hexie.ledgers import LEDGERS, LEDGERS_BY_KEY
from hexie.store import WITHDRAWN
from hexie.templates import build_template
from hexie.uploads import (
    HELD, LOADED, READY, REFUSED, check_batch, history_frame, load_batch, milestone_titles, preview_frame, problem_frame,
)

AUTO = "auto"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# How each file's headline is drawn, by what became of it.
SHOW = {READY: st.info, LOADED: st.success, HELD: st.warning, REFUSED: st.error}


@st.cache_data(show_spinner=False, max_entries=16)
def _parse(data: bytes, file_name: str, options: ImportOptions) -> ImportResult:
    return parse_upload(data, file_name, options)


ctx = ui.page_context()
st.subheader("数据上传")
st.caption("按模板或本单位原有的台账表格上传（.xlsx、.xls、.csv）；系统会指出哪一行哪一栏有问题，确认后才写入。")

left, middle, right = st.columns(3)
ledger_key = left.selectbox(
    "台账", (AUTO, *(ledger.key for ledger in LEDGERS)), key="upload_ledger",
    format_func=lambda k: "自动识别" if k == AUTO else LEDGERS_BY_KEY[k].name,
)
units = (ui.ALL_COUNTIES, *REPORTING_UNITS)
county_label = middle.selectbox(
    "上传单位", units, index=units.index(ctx.county_label), key="upload_county",
    help="县级用户选择本县（市、区）：表中无县区栏时自动填入，表中其他县的行不予导入",
)
period = right.date_input(
    "填报期（表内和表头都没有时使用）", value=None, min_value=ctx.plan.start, max_value=date.today(),
    key="upload_period", format="YYYY-MM-DD",
)
milestones = milestone_titles(ctx.plan)

if ledger_key == AUTO:
    st.caption("选定台账后可下载该台账的 Excel 模板。")
else:
    st.download_button(
        f"下载《{LEDGERS_BY_KEY[ledger_key].name}》模板", partial(build_template, ledger_key, milestones),
        file_name=f"{LEDGERS_BY_KEY[ledger_key].name}模板.xlsx", mime=XLSX_MIME, key="upload_template",
    )

files = st.file_uploader(
    "选择文件（可多选）", type=["xlsx", "xlsm", "xls", "csv"], accept_multiple_files=True, key="upload_files",
    help=f"单个文件不超过 {size_text(Limits().max_bytes)}；更大的文件请拆分后分批上传",
)
valid_only = st.checkbox("仅导入无误的行", key="upload_valid_only", help="不勾选时，文件有任何问题都不导入")

options = ImportOptions(
    ledger=None if ledger_key == AUTO else ledger_key,
    county=None if county_label == ui.ALL_COUNTIES else county_label,
    period=f"{period:%Y-%m}" if period else None,
    milestones=milestones,
)
# Files already loaded from this uploader, by (name, content): their line says 已导入 until they are removed.
done: dict[tuple[str, str], str] = st.session_state.setdefault("upload_done", {})
pending, ready = [], False
if files:
    progress = st.progress(0.0, text="正在读取…")
    results = []
    for i, uploaded in enumerate(files):
        progress.progress(i / len(files), text=f"正在读取 {ui.literal(uploaded.name)}…")
        results.append(_parse(uploaded.getvalue(), uploaded.name, options))
    progress.progress(1.0, text="读取完成")
    pending = [r for r in results if (r.file_name, r.sha256) not in done]
    check = check_batch(ctx.store, pending, valid_only)
    ready = check.passed
    outcomes = iter(check.files)
    for i, result in enumerate(results):
        st.markdown(f"##### {ui.literal(result.file_name)}")
        if (result.file_name, result.sha256) in done:
            st.success(ui.literal(done[result.file_name, result.sha256]))
            continue
        outcome = next(outcomes)
        if result.ledger and result.rows:
            how = "自动识别为" if result.ledger_detected else ""
            period_note = f"；填报期 {result.period}（{PERIOD_SOURCE_LABELS[result.period_source]}）" if result.period else ""
            where = f"{how}《{LEDGERS_BY_KEY[result.ledger].name}》，工作表“{result.sheet}”，{len(result.rows)} 行{period_note}"
            st.caption(ui.literal(where))
            st.dataframe(preview_frame(result), hide_index=True, key=f"upload_preview_{i}")
        if outcome.problems:
            problems = problem_frame(outcome.problems)
            st.dataframe(problems, hide_index=True, key=f"upload_problems_{i}")
            ui.excel_download(problems, f"{result.file_name}-问题清单.xlsx", key=f"upload_problems_xlsx_{i}", label="下载问题清单（Excel）")
        SHOW[outcome.status](ui.literal(outcome.headline()))

if len(pending) > 1 and not ready:
    st.warning("同一批文件要么全部导入，要么都不导入：请修改有问题的文件，或在上方移除它们后再确认。")
if st.button("确认导入", key="upload_confirm", type="primary", disabled=not ready):
    report = load_batch(ctx.store, pending, "网页上传", options.county, valid_only)
    for outcome in report.files:
        if outcome.status == LOADED:
            done[outcome.result.file_name, outcome.result.sha256] = outcome.headline()
    if report.loaded:
        st.session_state["upload_history_pick"] = report.files[-1].upload_id  # so 撤回 is one click away
    st.rerun()

st.markdown("#### 上传记录")
history = ctx.store.uploads(options.county)
if history.empty:
    st.caption("还没有上传记录。")
else:
    history_table = history_frame(history)
    st.dataframe(history_table, hide_index=True, key="upload_history")
    ui.excel_download(history_table, "上传记录.xlsx", key="upload_history_xlsx")
    pick, withdraw, restore = st.columns((2, 1, 1), vertical_alignment="bottom")
    upload_id = pick.selectbox("批次", history["id"].tolist(), key="upload_history_pick")
    status = dict(zip(history["id"], history["status"]))[upload_id]
    if withdraw.button("撤回", key="upload_withdraw", disabled=status == WITHDRAWN):
        ctx.store.set_upload_status(int(upload_id), withdrawn=True)
        st.rerun()
    if restore.button("恢复", key="upload_restore", disabled=status != WITHDRAWN):
        ctx.store.set_upload_status(int(upload_id), withdrawn=False)
        st.rerun()
