"""Loading a parsed upload into the store: duplicate-file check, all-or-nothing or valid rows only, dry runs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

import pandas as pd

from hexie.access import CLERK, User, check_county_access, history_county, upload_county
from hexie.importer import PERIOD_SOURCE_LABELS, ImportOptions, ImportResult, Problem, parse_upload, report_lines
from hexie.ledgers import LEDGERS_BY_KEY
from hexie.plan import Plan
from hexie.store import STATUS_LABELS, Store, UploadInfo
from hexie.templates import export_frame


@dataclass(frozen=True)
class LoadOutcome:
    """What became of one file: its parse, the batch id when loaded, rows per county and rows left out."""

    result: ImportResult
    problems: tuple[Problem, ...]
    upload_id: int | None = None
    counts: tuple[tuple[str, int], ...] = ()
    left_out: tuple[int, ...] = ()
    dry_run: bool = False
    pending: bool = False  # loaded, but waits for review before it counts

    @property
    def accepted(self) -> bool:
        """True when the rows were (or, in a dry run, would be) loaded."""
        return bool(self.counts)

    @property
    def row_count(self) -> int:
        return sum(n for _, n in self.counts)


def milestone_titles(plan: Plan) -> dict[str, str]:
    """Milestone id → title: what the progress ledger's 工作节点 column accepts."""
    return {m.id: m.title for m in plan.milestones}


def check_result(store: Store, result: ImportResult, user: User, valid_rows_only: bool = False) -> LoadOutcome:
    """Decide, without writing, what loading this parse would do for this user."""
    if result.refused:
        return LoadOutcome(result, result.problems)
    foreign = _other_counties(result, user)
    if foreign:
        message = f"文件中有{'、'.join(foreign)}的数据：县区填报员只能上传本县（{user.county}）的数据，整个文件未导入"
        return LoadOutcome(result, (Problem("other_county_file", message, sheet=result.sheet), *result.problems))
    earlier = store.upload_with_sha(result.ledger, result.sha256)
    if earlier is not None:
        when = earlier["uploaded_at"].strftime("%Y-%m-%d %H:%M")
        duplicate = Problem(
            "duplicate_file", f"同一文件已于 {when} 上传（批次 {earlier['id']}），未重复计入", sheet=result.sheet,
        )
        return LoadOutcome(result, (duplicate,))
    if result.problems and not valid_rows_only:
        return LoadOutcome(result, result.problems)
    rows, _ = result.valid_rows()
    if not rows:
        return LoadOutcome(result, result.problems + (Problem("no_valid_rows", "没有无误的行可以导入", sheet=result.sheet),))
    counts = Counter(row["county"] for row in rows)
    left_out = tuple(sorted(result.bad_rows))
    return LoadOutcome(result, result.problems, counts=tuple(sorted(counts.items())), left_out=left_out, dry_run=True)


def _other_counties(result: ImportResult, user: User) -> list[str]:
    """The counties other than a clerk's own that the file's rows name (none for other roles)."""
    if user.role != CLERK:
        return []
    named = {row.get("county") for row in result.rows}
    named |= {p.value for p in result.problems if p.code == "other_county"}
    return sorted(str(c) for c in named if c and c != user.county)


def load_result(store: Store, result: ImportResult, user: User, county: str | None,
                valid_rows_only: bool = False, dry_run: bool = False, now: datetime | None = None,
                original: bytes | None = None) -> LoadOutcome:
    """Load a parsed file as one upload (one transaction) for the acting user, or report why not.

    By default a file with any problem loads nothing; with valid_rows_only the rows
    without problems load and `left_out` names the others. A viewer is refused, a clerk's
    upload is filed under their county, and waits for review when its ledger asks for it.
    `original` is the file's bytes, kept as evidence.
    """
    county = upload_county(user, county)
    outcome = check_result(store, result, user, valid_rows_only)
    if not outcome.accepted or dry_run:
        return outcome
    rows, source_rows = result.valid_rows()
    pending = user.role == CLERK and store.review_required(result.ledger)
    info = UploadInfo(
        result.ledger, county, user.name, result.file_name, result.sha256,
        period=result.period, period_source=result.period_source, uploaded_at=now, original=original, pending=pending,
    )
    upload_id = store.add_upload(info, rows, source_rows)
    loaded = LoadOutcome(result, outcome.problems, upload_id, outcome.counts, outcome.left_out, pending=pending)
    store.record_audit(user.name, "上传", upload_id, summary_line(loaded))
    return loaded


def ingest_bytes(store: Store, data: bytes, file_name: str, options: ImportOptions, user: User,
                 valid_rows_only: bool = False, dry_run: bool = False) -> LoadOutcome:
    """Parse and load one file: what the command line's `ingest` and the upload page do."""
    options = replace(options, county=upload_county(user, options.county))
    result = parse_upload(data, file_name, options)
    return load_result(store, result, user, options.county, valid_rows_only, dry_run, original=data)


def set_withdrawn(store: Store, user: User, upload_id: int, withdrawn: bool) -> None:
    """撤回 (withdrawn) or 恢复 an upload, if the user may touch that county's uploads.

    A clerk's restored upload of a ledger under review waits for review again.
    """
    action = "撤回" if withdrawn else "恢复"
    upload = store.upload(upload_id)
    upload_county(user, None)
    check_county_access(user, upload["county"], action)
    to_review = not withdrawn and user.role == CLERK and store.review_required(upload["ledger"])
    store.set_upload_status(upload_id, withdrawn, to_review)
    store.record_audit(user.name, action, upload_id, f"{upload['file_name']}" + ("，重新待审核" if to_review else ""))


def history(store: Store, user: User, county: str | None = None) -> pd.DataFrame:
    """The upload history the user may read: an admin's chosen county (None: all), a clerk's own."""
    return store.uploads(history_county(user, county))


def original_file(store: Store, user: User, upload_id: int) -> tuple[str, bytes]:
    """The file an upload was made from, byte for byte, for those who may see that county's history."""
    upload = store.upload(upload_id)
    history_county(user, None)
    check_county_access(user, upload["county"], "下载")
    kept = store.original(upload_id)
    if kept is None:
        raise LookupError(f"批次 {upload_id} 没有保存原始文件（早于保存原件功能的上传）。")
    return kept


def summary_line(outcome: LoadOutcome) -> str:
    """One line for a file that loaded (or would load): ledger, rows, batch, period, rows per county."""
    result = outcome.result
    ledger = LEDGERS_BY_KEY[result.ledger]
    how = "（自动识别）" if result.ledger_detected else ""
    verb = ("可导入（尚未写入）" if outcome.dry_run
            else f"已提交审核（批次 {outcome.upload_id}），审核通过后计入" if outcome.pending
            else f"已导入（批次 {outcome.upload_id}）")
    parts = [f"{result.file_name}：{ledger.name}{how}{verb} {outcome.row_count} 行"]
    if result.period:
        parts.append(f"填报期 {result.period}（{PERIOD_SOURCE_LABELS[result.period_source]}）")
    parts.append("，".join(f"{county} {n}" for county, n in outcome.counts))
    if outcome.left_out:
        parts.append(f"未导入有问题的第 {'、'.join(map(str, outcome.left_out))} 行")
    return "；".join(parts)


def failure_lines(outcome: LoadOutcome) -> list[str]:
    """The Chinese report for a file that did not load: a heading, then one line per problem."""
    result = outcome.result
    where = f"（{LEDGERS_BY_KEY[result.ledger].name}）" if result.ledger else ""
    heading = f"{result.file_name}{where}：未导入，共 {len(outcome.problems)} 个问题"
    return [heading, *("  " + line for line in report_lines(ImportResult(result.file_name, result.sha256, problems=outcome.problems)))]



def problem_frame(problems: tuple[Problem, ...]) -> pd.DataFrame:
    """The problem report as the page's table: 工作表, 行号, 栏目, 内容, 问题."""
    return pd.DataFrame(
        [(p.sheet, p.row if p.row is not None else "", p.column, p.value, p.message) for p in problems],
        columns=["工作表", "行号", "栏目", "内容", "问题"],
    )


def preview_frame(result: ImportResult, limit: int = 20) -> pd.DataFrame:
    """The first rows as they will be stored, with Chinese column labels and the row number Excel shows."""
    ledger = LEDGERS_BY_KEY[result.ledger]
    frame = pd.DataFrame(list(result.rows[:limit]), columns=list(ledger.column_names))
    shown = export_frame(frame, ledger.key)
    shown.insert(0, "行号", list(result.source_rows[:limit]))
    # Empty cells show empty: a clerk reads "None" as something the system put there.
    return shown.astype(object).where(shown.notna(), "")


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
