"""Loading a batch of parsed uploads into the store: duplicates, all files or none, valid rows only, dry runs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Sequence

import pandas as pd

from hexie.access import CLERK, User, check_county_access, history_county, require_admin, upload_county
from hexie.audit import refusals_recorded
from hexie.importer import (
    KIND_EXTENSIONS, KIND_LABELS, LEAVE_BLANK, PERIOD_SOURCE_LABELS, ImportOptions, ImportResult, Problem, UnknownValue,
    ValueMatch, allowed_values, fold, match_note, parse_upload, report_lines, unknown_values,
)
from hexie.importer.table import unread_headers
from hexie.ledgers import LEDGERS_BY_KEY
from hexie.plan import Plan
from hexie.store import STATUS_LABELS, AlreadyLoaded, RememberedMatch, Store, UploadInfo
from hexie.templates import export_frame


# What became of one file of a batch.
LOADED = "loaded"      # written to the database
READY = "ready"        # would be written (a check or a dry run)
REFUSED = "refused"    # has problems of its own; nothing of the batch is written
HELD = "held"          # fine itself, but another file of the batch was refused


@dataclass(frozen=True)
class LoadOutcome:
    """What became of one file: its parse, its status, the batch id when loaded, rows per county and rows left out."""

    result: ImportResult
    problems: tuple[Problem, ...]
    status: str = REFUSED
    upload_id: int | None = None
    counts: tuple[tuple[str, int], ...] = ()
    left_out: tuple[int, ...] = ()
    pending: bool = False  # loaded, but waits for review before it counts

    @property
    def accepted(self) -> bool:
        """True when the rows were (or, in a check or dry run, would be) loaded."""
        return self.status in (LOADED, READY)

    @property
    def row_count(self) -> int:
        return sum(n for _, n in self.counts)

    def headline(self) -> str:
        """The one line a person reads first about this file; only a loaded file is worded 已导入."""
        if self.status in (LOADED, READY):
            return summary_line(self)
        result = self.result
        if self.status == HELD:
            return f"{result.file_name}：{_ledger_words(result)} {self.row_count} 行无误，但同批有文件未通过检查，本批均未导入"
        where = f"（{LEDGERS_BY_KEY[result.ledger].name}）" if result.ledger else ""
        return f"{result.file_name}{where}：未导入，共 {len(self.problems)} 个问题"

    def notes(self) -> list[str]:
        """What the reader should know besides problems: what the file really was when its name says otherwise,
        the rows read although Excel hides them, other ledgers' sheets left unread, and the value matches used."""
        kind = self.result.kind
        real = [f"文件实为{KIND_LABELS[kind]}"] if kind and not self.result.file_name.lower().endswith(KIND_EXTENSIONS[kind]) else []
        hidden = [hidden_rows_note(self.result.hidden_rows)] if self.result.hidden_rows else []
        others = [f"工作表“{sheet}”像是{LEDGERS_BY_KEY[key].name}（有数据行），本次未读取；如要导入，请另存为文件上传"
                  for sheet, key in self.result.other_sheets]
        return real + hidden + others + ["值对照：" + match_note(a) for a in self.result.applied_matches]

    def message(self) -> str:
        """The headline and its notes, as the page shows them in one box."""
        return "\n\n".join([self.headline(), *self.notes()])

    def lines(self) -> list[str]:
        """The headline and its notes, what was read and which columns were not, one indented line per problem, then
        the unknown values grouped: in the order the page shows them."""
        report = ImportResult(self.result.file_name, self.result.sha256, problems=self.problems)
        reading = [line for line in (reading_line(self.result), ignored_columns_line(self.result)) if line]
        notes = ["  " + note for note in [*self.notes(), *reading]]
        unknown = [
            f"  待对照：【{u.label}】“{u.value}”（{u.rows} 行）"
            + (f"，可能是：{'、'.join(u.suggestions)}" if u.suggestions else "，没有相近的可选值")
            + f"；可选：{'、'.join(u.allowed)}{'，或留空' if u.optional else ''}"
            for u in unknown_values(replace(self.result, problems=self.problems))
        ]
        return [self.headline(), *notes, *("  " + line for line in report_lines(report)), *unknown]


@dataclass(frozen=True)
class BatchReport:
    """One outcome per file of a batch, in the order given; the page and the command line both print from it."""

    files: tuple[LoadOutcome, ...]
    dry_run: bool = False

    @property
    def passed(self) -> bool:
        """True when every file passed, so the batch was (or may be) loaded."""
        return bool(self.files) and all(o.accepted for o in self.files)

    @property
    def loaded(self) -> bool:
        return any(o.status == LOADED for o in self.files)

    def lines(self) -> list[str]:
        """Every file's lines, then what became of the batch when it did not load."""
        lines = [line for outcome in self.files for line in outcome.lines()]
        if not self.passed:
            lines.append("所有文件均未导入，数据库未改动。")
        return lines


def milestone_titles(plan: Plan) -> dict[str, str]:
    """Milestone id → title: what the progress ledger's 工作节点 column accepts."""
    return {m.id: m.title for m in plan.milestones}


def _ledger_words(result: ImportResult) -> str:
    return LEDGERS_BY_KEY[result.ledger].name + ("（自动识别）" if result.ledger_detected else "")


def _already_loaded(result: ImportResult, earlier: dict) -> Problem:
    when = earlier["uploaded_at"].strftime("%Y-%m-%d %H:%M")
    return Problem("duplicate_file", f"同一文件已于 {when} 上传（批次 {earlier['id']}），未重复计入", sheet=result.sheet)


def _other_counties(result: ImportResult, user: User) -> list[str]:
    """The counties other than a clerk's own that the file's rows name (none for other roles)."""
    if user.role != CLERK:
        return []
    named = set(result.columns.get("county", ()))
    named |= {p.value for p in result.problems if p.code == "other_county"}
    return sorted(str(c) for c in named if c and c != user.county)


def _check_file(store: Store, result: ImportResult, user: User, valid_rows_only: bool) -> LoadOutcome:
    """What loading this one parse would do for this user, judged against the store but not the rest of its batch."""
    if result.refused:
        return LoadOutcome(result, result.problems)
    foreign = _other_counties(result, user)
    if foreign:
        message = f"文件中有{'、'.join(foreign)}的数据：县区填报员只能上传本县（{user.county}）的数据，整个文件未导入"
        return LoadOutcome(result, (Problem("other_county_file", message, sheet=result.sheet), *result.problems))
    earlier = store.upload_with_sha(result.ledger, result.sha256)
    if earlier is not None:
        return LoadOutcome(result, (_already_loaded(result, earlier),))
    if result.problems and not valid_rows_only:
        return LoadOutcome(result, result.problems)
    columns, source_rows = result.valid_columns()
    if not source_rows:
        return LoadOutcome(result, result.problems + (Problem("no_valid_rows", "没有无误的行可以导入", sheet=result.sheet),))
    counts = Counter(columns["county"])
    left_out = tuple(sorted(result.bad_rows))
    return LoadOutcome(result, result.problems, READY, counts=tuple(sorted(counts.items())), left_out=left_out)


def _hold_if_any_refused(outcomes: list[LoadOutcome], dry_run: bool = False) -> BatchReport:
    if all(o.accepted for o in outcomes):
        return BatchReport(tuple(outcomes), dry_run)
    return BatchReport(tuple(replace(o, status=HELD) if o.accepted else o for o in outcomes), dry_run)


def check_batch(store: Store, results: Sequence[ImportResult], user: User, valid_rows_only: bool = False) -> BatchReport:
    """Decide, without writing, what loading this batch would do: the same file twice in the batch or already
    loaded is refused, and when any file is refused the others are held."""
    outcomes: list[LoadOutcome] = []
    first_with: dict[str, str] = {}
    for result in results:
        outcome = _check_file(store, result, user, valid_rows_only)
        if outcome.accepted and result.sha256 in first_with:
            twin = Problem("duplicate_in_batch", f"与同批的“{first_with[result.sha256]}”是同一文件，未重复计入",
                           sheet=result.sheet)
            outcome = LoadOutcome(result, (twin,))
        first_with.setdefault(result.sha256, result.file_name)
        outcomes.append(outcome)
    return _hold_if_any_refused(outcomes)


def load_batch(store: Store, results: Sequence[ImportResult], user: User, county: str | None,
               valid_rows_only: bool = False, dry_run: bool = False, now: datetime | None = None,
               originals: Sequence[bytes] | None = None) -> BatchReport:
    """Load a batch of parsed files in one transaction, all or none, or report why not: what the upload page's
    确认导入 and the command line's `ingest` both do.

    By default a file with any problem is refused; with valid_rows_only its rows without problems
    load and `left_out` names the others. `user` is who uploads: a viewer is refused, a clerk's files
    are filed under their county and refused when their rows name another, and wait for review when
    their ledger asks for it. `originals` are the files' bytes, kept as evidence.
    """
    with refusals_recorded(store, user, "上传"):
        county = upload_county(user, county)
    report = check_batch(store, results, user, valid_rows_only)
    if not report.passed or dry_run:
        return replace(report, dry_run=dry_run)
    by_label = {(r.ledger, c.label): c.name for r in results if r.ledger for c in LEDGERS_BY_KEY[r.ledger].columns}
    remember = [
        RememberedMatch(county, r.ledger, by_label[r.ledger, a.match.column], a.match.raw, a.match.canonical, user.name)
        for r in results for a in r.applied_matches if not a.match.remembered
    ]
    batch = []
    for i, result in enumerate(results):
        columns, source_rows = result.valid_columns()
        info = UploadInfo(result.ledger, county, user.name, result.file_name, result.sha256,
                          period=result.period, period_source=result.period_source, uploaded_at=now,
                          original=originals[i] if originals is not None else None,
                          pending=user.role == CLERK and store.review_required(result.ledger))
        batch.append((info, columns, source_rows))
    try:
        ids = store.add_batch(batch, remember)
    except AlreadyLoaded as race:
        # Another batch loaded one of these files between our check and our turn at the write lock.
        outcomes = [LoadOutcome(o.result, (_already_loaded(o.result, race.earlier[i]),)) if i in race.earlier else o
                    for i, o in enumerate(report.files)]
        return _hold_if_any_refused(outcomes)
    loaded = BatchReport(tuple(replace(o, status=LOADED, upload_id=i, pending=info.pending)
                               for o, i, (info, _, _) in zip(report.files, ids, batch)))
    for outcome in loaded.files:
        store.record_audit(user.name, "上传", outcome.upload_id, outcome.headline())
    return loaded


def with_remembered_matches(store: Store, options: ImportOptions) -> ImportOptions:
    """The options plus the value matches remembered for the uploader's county (a match given now wins)."""
    remembered = tuple(
        ValueMatch(LEDGERS_BY_KEY[m.ledger].column(m.column).label, m.raw, m.canonical, m.ledger, remembered=True)
        for m in store.remembered_matches(options.county)
        if m.ledger in LEDGERS_BY_KEY and m.column in LEDGERS_BY_KEY[m.ledger].column_names
    )
    return replace(options, value_matches=(*remembered, *options.value_matches))


def batch_unknown_values(results: Sequence[ImportResult]) -> list[tuple[str, UnknownValue]]:
    """The unknown values of a batch, each (ledger, column, wording) once with its rows summed: the matching step."""
    merged: dict[tuple[str, str, str], UnknownValue] = {}
    for result in results:
        for value in unknown_values(result):
            key = (result.ledger, value.column, fold(value.value))
            earlier = merged.get(key)
            merged[key] = value if earlier is None else replace(earlier, rows=earlier.rows + value.rows)
    return [(ledger, value) for (ledger, _, _), value in merged.items()]


def match_choices(value: UnknownValue) -> list[str]:
    """What the matching step's drop-down offers: suggestions first, then the other allowed values, then 留空."""
    rest = [v for v in value.allowed if v not in value.suggestions]
    return [*value.suggestions, *rest, *([LEAVE_BLANK] if value.optional else [])]


def _column_of(match: RememberedMatch):
    return LEDGERS_BY_KEY[match.ledger].column(match.column)


def match_label(match: RememberedMatch) -> str:
    """One remembered match as the admin's drop-down shows it: 于都县｜新注册企业用工服务台账【服务方式】“走访服务”."""
    return f"{match.county or '全市'}｜{LEDGERS_BY_KEY[match.ledger].name}【{_column_of(match).label}】“{match.raw}”"


def match_targets(match: RememberedMatch) -> list[str]:
    """The values a remembered match may be changed to."""
    column = _column_of(match)
    return [*allowed_values(column), *([LEAVE_BLANK] if not column.required else [])]


def remembered_frame(matches: Sequence[RememberedMatch]) -> pd.DataFrame:
    """Remembered value matches with Chinese headings, for the administrator."""
    return pd.DataFrame(
        [(m.county or "全市", LEDGERS_BY_KEY[m.ledger].name, _column_of(m).label, m.raw, m.canonical or LEAVE_BLANK,
          m.actor or "", f"{m.updated_at:%Y-%m-%d %H:%M}" if m.updated_at else "") for m in matches],
        columns=["上传单位", "台账", "栏目", "原写法", "标准值", "修改人", "修改时间"],
    )


def remember_match(store: Store, user: User, entry: RememberedMatch, canonical: str | None) -> None:
    """An administrator changes what a remembered value match maps to; audited."""
    with refusals_recorded(store, user, "修改值对照"):
        require_admin(user, "修改值对照")
    store.remember_match(replace(entry, canonical=canonical, actor=user.name))
    store.record_audit(user.name, "修改值对照", None, f"{match_label(entry)} → {canonical or LEAVE_BLANK}")


def forget_match(store: Store, user: User, entry: RememberedMatch) -> None:
    """An administrator deletes a remembered value match; audited."""
    with refusals_recorded(store, user, "删除值对照"):
        require_admin(user, "删除值对照")
    store.forget_match(entry.county, entry.ledger, entry.column, entry.raw)
    store.record_audit(user.name, "删除值对照", None, match_label(entry))


def ingest_files(store: Store, files: Sequence[tuple[str, bytes]], options: ImportOptions, user: User,
                 valid_rows_only: bool = False, dry_run: bool = False) -> BatchReport:
    """Parse and load a batch of (file name, bytes) with the county's remembered value matches: the command line's
    `ingest`."""
    with refusals_recorded(store, user, "上传"):
        county = upload_county(user, options.county)
    options = with_remembered_matches(store, replace(options, county=county))
    results = [parse_upload(data, name, options) for name, data in files]
    return load_batch(store, results, user, options.county, valid_rows_only, dry_run,
                      originals=[data for _, data in files])


def set_withdrawn(store: Store, user: User, upload_id: int, withdrawn: bool) -> None:
    """撤回 (withdrawn) or 恢复 an upload, if the user may touch that county's uploads.

    A clerk's restored upload of a ledger under review waits for review again.
    """
    action = "撤回" if withdrawn else "恢复"
    upload = store.upload(upload_id)
    with refusals_recorded(store, user, action, upload_id):
        upload_county(user, None)
        check_county_access(user, upload["county"], action)
    to_review = not withdrawn and user.role == CLERK and store.review_required(upload["ledger"])
    store.set_upload_status(upload_id, withdrawn, to_review)
    store.record_audit(user.name, action, upload_id, f"{upload['file_name']}" + ("，重新待审核" if to_review else ""))


def history(store: Store, user: User, county: str | None = None) -> pd.DataFrame:
    """The upload history the user may read: an admin's chosen county (None: all), a clerk's own."""
    with refusals_recorded(store, user, "查看上传记录"):
        county = history_county(user, county)
    return store.uploads(county)


def original_file(store: Store, user: User, upload_id: int) -> tuple[str, bytes]:
    """The file an upload was made from, byte for byte, for those who may see that county's history."""
    upload = store.upload(upload_id)
    with refusals_recorded(store, user, "下载原始文件", upload_id):
        history_county(user, None)
        check_county_access(user, upload["county"], "下载")
    kept = store.original(upload_id)
    if kept is None:
        raise LookupError(f"批次 {upload_id} 没有保存原始文件（早于保存原件功能的上传）。")
    return kept


def summary_line(outcome: LoadOutcome) -> str:
    """One line for a file that loaded (or would load): ledger, rows, batch, period, rows per county."""
    result = outcome.result
    verb = ("可导入（尚未写入）" if outcome.status != LOADED
            else f"已提交审核（批次 {outcome.upload_id}），审核通过后计入" if outcome.pending
            else f"已导入（批次 {outcome.upload_id}）")
    parts = [f"{result.file_name}：{_ledger_words(result)}{verb} {outcome.row_count} 行"]
    if result.period:
        parts.append(f"填报期 {result.period}（{PERIOD_SOURCE_LABELS[result.period_source]}）")
    parts.append("，".join(f"{county} {n} 行" for county, n in outcome.counts))
    if outcome.left_out:
        parts.append(f"未导入有问题的第 {'、'.join(map(str, outcome.left_out))} 行")
    return "；".join(parts)


def hidden_rows_note(rows: Sequence[int]) -> str:
    """What the report says of rows Excel does not show but the upload reads: 第 5–9、12 行是隐藏行…"""
    spans: list[list[int]] = []
    for row in rows:
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    where = "、".join(f"{a}–{b}" if b > a else f"{a}" for a, b in spans)
    return f"第 {where} 行是隐藏行（被筛选掉或隐藏），共 {len(rows)} 行，也一并读取；不应上传的行请删除后重新上传"


def reading_line(result: ImportResult) -> str | None:
    """Which sheet the rows were read from and how many (a workbook's other sheets were passed over): the line under
    a file's headline on the page and on the command line; None when no rows were read. It leaves the ledger and
    the period to the headline, which names them."""
    if not (result.ledger and result.row_count):
        return None
    return f"读取工作表“{result.sheet}”，共 {result.row_count} 行"


def ignored_columns_line(result: ImportResult) -> str | None:
    """The file's header texts that were not imported, said once, under reading_line on the page and on the command
    line: those that name no column of the ledger, then those naming a column already read from an earlier column of
    the file (only the first is read); None when every header was read."""
    if not result.ignored_headers:
        return None
    foreign, repeated = unread_headers(LEDGERS_BY_KEY[result.ledger], result.ignored_headers)
    parts = [f"未导入的栏目（不是本台账的栏目）：{'、'.join(foreign)}"] if foreign else []
    parts += [f"未导入的重复栏目（前面已有同一栏目）：{'、'.join(f'{text}（即【{label}】）' for text, label in repeated)}"
              ] if repeated else []
    return "；".join(parts)


def typed_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A table for the page (hexie.ui.table): each column of one type, blanks missing (<NA>, or None in a column of
    dates), so Arrow carries it as it is: 10 shows as 10 and 35.5 as 35.5, where a column of numbers and "" would
    make Streamlit log a conversion error and fall back to text ("10.0"). ui.table shows the blanks empty."""
    return frame.convert_dtypes()


def problem_frame(problems: tuple[Problem, ...]) -> pd.DataFrame:
    """The problem report as the page's table: 工作表, 行号 (blank for the whole file), 栏目, 内容, 问题."""
    return typed_table(pd.DataFrame(
        [(p.sheet, p.row, p.column, p.value, p.message) for p in problems],
        columns=["工作表", "行号", "栏目", "内容", "问题"],
    ))


def preview_frame(result: ImportResult, limit: int = 20) -> pd.DataFrame:
    """The first rows as they will be stored, with Chinese column labels and the row number Excel shows (a typed_table:
    the page shows empty cells empty, as a clerk reads "None" as something the system put there)."""
    ledger = LEDGERS_BY_KEY[result.ledger]
    frame = pd.DataFrame({name: list(result.columns.get(name, ())[:limit]) for name in ledger.column_names})
    shown = export_frame(frame, ledger.key)
    shown.insert(0, "行号", list(result.source_rows[:limit]))
    return typed_table(shown)


def history_frame(uploads: pd.DataFrame) -> pd.DataFrame:
    """Upload history with Chinese headings, ledger names and status labels."""
    return pd.DataFrame({
        "批次": uploads["id"],
        "台账": uploads["ledger"].map(lambda k: LEDGERS_BY_KEY[k].name),
        "上传单位": uploads["county"].map(lambda c: c if isinstance(c, str) else "全市"),
        "上传人": uploads["uploader"],
        "文件": uploads["file_name"],
        "行数": uploads["row_count"],
        "上传时间": uploads["uploaded_at"].map(lambda t: f"{t:%Y-%m-%d %H:%M}"),
        "填报期": uploads["period"].map(lambda p: p if isinstance(p, str) else ""),
        "状态": uploads["status"].map(STATUS_LABELS),
        "审核意见": uploads["review_comment"].map(lambda c: c if isinstance(c, str) else ""),
    })
