"""数据上传: pick a ledger and county, drop files, match unknown values, read the problem report, confirm;
upload history with 撤回/恢复; remembered value matches."""

import hashlib
from dataclasses import replace
from datetime import date
from functools import partial

import streamlit as st

from hexie import ui
from hexie.access import CLERK, AccessDenied
from hexie.geo import REPORTING_UNITS
from hexie.importer import LEAVE_BLANK, ImportOptions, ImportResult, Limits, ValueMatch, parse_upload
from hexie.ledgers import LEDGERS, LEDGERS_BY_KEY
from hexie.store import WITHDRAWN
from hexie.templates import build_template
from hexie.uploads import (
    HELD, LOADED, READY, REFUSED, batch_unknown_values, check_batch, forget_match, history, history_frame,
    ignored_columns_line, load_batch, match_choices, match_label, match_targets, milestone_titles, original_file,
    preview_frame, problem_frame, reading_line, remember_match, remembered_frame, set_withdrawn, with_remembered_matches,
)

AUTO = "auto"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# How each file's headline is drawn, by what became of it.
SHOW = {READY: st.info, LOADED: st.success, HELD: st.warning, REFUSED: st.error}


@st.cache_data(show_spinner=False, max_entries=16)
def _parse(data: bytes, file_name: str, options: ImportOptions) -> ImportResult:
    return parse_upload(data, file_name, options)


ctx = ui.page_context()
user = ui.acting_user()
st.subheader("数据上传")
st.caption("按模板或本单位原有的台账表格上传（.xlsx、.xls、.ods、.csv，以及业务系统导出的网页表格和 XML 表格）；"
           "系统会指出哪一行哪一栏有问题，确认后才写入。")

left, middle, right = st.columns(3)
ledger_key = left.selectbox(
    "台账", (AUTO, *(ledger.key for ledger in LEDGERS)), key="upload_ledger",
    format_func=lambda k: "自动识别" if k == AUTO else LEDGERS_BY_KEY[k].name,
)
# A clerk uploads for their own county only; the choice is shown, fixed.
units = (user.county,) if user.role == CLERK else (ui.ALL_COUNTIES, *REPORTING_UNITS)
county_label = middle.selectbox(
    "上传单位", units, index=units.index(ctx.county_label) if ctx.county_label in units else 0, key="upload_county",
    disabled=user.role == CLERK,
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

files = ui.file_uploader(
    "选择文件（可多选）", ("xlsx", "xlsm", "xls", "ods", "csv", "htm", "html", "xml"), key="upload_files",
    max_bytes=Limits().max_bytes, accept_multiple_files=True,
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
originals: dict[tuple[str, str], bytes] = {}
if files:
    progress = st.progress(0.0, text="正在读取…")
    options = with_remembered_matches(ctx.store, options)
    results = []
    for i, uploaded in enumerate(files):
        progress.progress(i / len(files), text=f"正在读取 {ui.literal(uploaded.name)}…")
        results.append(_parse(uploaded.getvalue(), uploaded.name, options))
        originals[results[-1].file_name, results[-1].sha256] = uploaded.getvalue()
    progress.empty()  # a full bar in the theme's red would read as an alarm above each file's own result
    pending = [r for r in results if (r.file_name, r.sha256) not in done]
    unknown = batch_unknown_values(pending)
    if unknown:
        st.markdown("#### 值对照")
        st.caption("表中有台账不认识的写法。请为每个写法选定对应的标准值（建议值排在前面，不会自动套用）；"
                   "确认导入后，本单位以后上传时自动套用，管理员可在下方“已记住的值对照”中修改。")
        given = []
        for ledger, value in unknown:
            text, choice = st.columns((3, 2), vertical_alignment="center")
            hint = f"，可能是：{'、'.join(value.suggestions)}" if value.suggestions else "，没有相近的可选值"
            text.text(f"【{value.label}】“{value.value}”（{value.rows} 行）{hint}")
            picked = choice.selectbox(
                "对应的标准值", match_choices(value), index=None, placeholder="请选择…", label_visibility="collapsed",
                key=f"upload_match_{ledger}_{value.column}_{hashlib.sha1(value.value.encode()).hexdigest()[:12]}",
            )
            if picked is not None:
                given.append(ValueMatch(value.label, value.value, None if picked == LEAVE_BLANK else picked, ledger))
        if given:
            options = replace(options, value_matches=(*options.value_matches, *given))
            results = [_parse(f.getvalue(), f.name, options) for f in files]
            pending = [r for r in results if (r.file_name, r.sha256) not in done]
    check = check_batch(ctx.store, pending, user, valid_only)
    ready = check.passed
    outcomes = iter(check.files)
    # Each file's block opens with its headline, which starts with the file's name (the only place the name is
    # shown), then what was read and which columns were not above the preview, then the problems: the order
    # `ingest` prints them in.
    for i, result in enumerate(results):
        if (result.file_name, result.sha256) in done:
            st.success(ui.literal(done[result.file_name, result.sha256]))
            continue
        outcome = next(outcomes)
        SHOW[outcome.status](ui.literal(outcome.message()))
        read = reading_line(result)
        for line in (read, ignored_columns_line(result)):
            if line:
                st.caption(ui.literal(line))
        if read:
            ui.table(preview_frame(result), key=f"upload_preview_{i}")
        if outcome.problems:
            problems = problem_frame(outcome.problems)
            ui.table(problems, key=f"upload_problems_{i}")
            ui.excel_download(problems, f"{result.file_name}-问题清单.xlsx", key=f"upload_problems_xlsx_{i}", label="下载问题清单（Excel）")

if len(pending) > 1 and not ready:
    st.warning("同一批文件要么全部导入，要么都不导入：请修改有问题的文件，或在上方移除它们后再确认。")
if st.button("确认导入", key="upload_confirm", type="primary", disabled=not ready):
    report = load_batch(ctx.store, pending, user, options.county, valid_only,
                        originals=[originals[r.file_name, r.sha256] for r in pending])
    for outcome in report.files:
        if outcome.status == LOADED:
            done[outcome.result.file_name, outcome.result.sha256] = outcome.message()
    if report.loaded:
        st.session_state["upload_history_pick"] = report.files[-1].upload_id  # so 撤回 is one click away
    st.rerun()

st.markdown("#### 上传记录")
try:
    uploads = history(ctx.store, user, options.county)
except AccessDenied as denied:
    st.error(ui.literal(str(denied)))
    st.stop()
if uploads.empty:
    st.caption("还没有上传记录。")
else:
    history_table = history_frame(uploads)
    ui.table(history_table, key="upload_history")
    ui.excel_download(history_table, "上传记录.xlsx", key="upload_history_xlsx")
    pick, withdraw, restore, original = st.columns((2, 1, 1, 1), vertical_alignment="bottom")
    upload_id = int(pick.selectbox("批次", uploads["id"].tolist(), key="upload_history_pick"))
    status = dict(zip(uploads["id"], uploads["status"]))[upload_id]
    for column, label, withdrawn in ((withdraw, "撤回", True), (restore, "恢复", False)):
        if column.button(label, key=f"upload_{'withdraw' if withdrawn else 'restore'}", disabled=(status == WITHDRAWN) == withdrawn):
            try:
                set_withdrawn(ctx.store, user, upload_id, withdrawn=withdrawn)
            except (AccessDenied, ValueError) as refused:
                st.error(ui.literal(str(refused)))
            else:
                st.rerun()
    try:
        name, data = original_file(ctx.store, user, upload_id)
    except LookupError as missing:
        original.caption(str(missing))
    else:
        original.download_button("下载原始文件", data, file_name=name, key="upload_original")

if user.is_admin:
    st.markdown("#### 已记住的值对照")
    remembered = ctx.store.remembered_matches(every_county=True)
    if not remembered:
        st.caption("还没有记住的值对照：上传时在“值对照”中选定标准值并确认导入后，会按上传单位记在这里。")
    else:
        ui.table(remembered_frame(remembered), key="upload_matches")
        pick, target, save, forget = st.columns((3, 2, 1, 1), vertical_alignment="bottom")
        index = pick.selectbox("值对照", range(len(remembered)), format_func=lambda i: match_label(remembered[i]),
                               key="upload_match_pick")
        entry = remembered[index]
        choices = match_targets(entry)
        new = target.selectbox("改为", choices, index=choices.index(entry.canonical or LEAVE_BLANK), key="upload_match_target")
        if save.button("保存", key="upload_match_save"):
            remember_match(ctx.store, user, entry, None if new == LEAVE_BLANK else new)
            st.rerun()
        if forget.button("删除", key="upload_match_forget"):
            forget_match(ctx.store, user, entry)
            st.rerun()
