"""The parse that puts it together: grids → table → cells → rows and the problem report."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import replace
from collections import Counter
from itertools import zip_longest
import re
from typing import Callable, Sequence

from hexie.geo import UnknownCounty, normalize_county
from hexie.importer.cells import (
    PARSERS,
    BadValue,
    cell_text,
    fold,
    future_check,
    is_blank,
    milestone_parser,
    not_after,
    parse_month,
    parse_period_text,
    parse_year,
    period_label,
)
from hexie.importer.matching import MATCHABLE_TYPES, UNKNOWN_VALUE, column_matcher, parse_matched
from hexie.importer.model import (
    AppliedMatch, CellError, Grid, ImportOptions, ImportResult, MergedNumber, Problem, Refusal, ValueMatch,
)
from hexie.importer.readers import read_grids
from hexie.importer.table import Table, expected_columns, find_table, unread_headers
from hexie.ledgers import APPEND, DATE, INT, LEDGERS, LEDGERS_BY_KEY, MILESTONE, MONTH, NUMBER, YEAR, Column, Ledger

# Where an upload's period came from, in order of precedence; PERIOD_SOURCE_LABELS says it in Chinese.
FROM_COLUMN, FROM_SHEET, FROM_USER, FROM_UPLOAD_DAY = "column", "sheet", "user", "upload_day"
PERIOD_SOURCE_LABELS = {
    FROM_COLUMN: "表内栏目", FROM_SHEET: "表头“填报日期”", FROM_USER: "上传时选择", FROM_UPLOAD_DAY: "上传当天",
}

# The problem code of a cell Excel shows as an error value (#DIV/0!, #N/A): never a blank, never a wording to match.
ERROR_VALUE = "error_value"
MERGED_NUMBER = "merged_number"
TOTAL_WORDS = ("合计", "小计", "总计")
FOOTER_WORDS = ("填表人", "填报人", "审核人", "制表人", "负责人", "单位负责人", "分管领导", "联系电话", "联系人",
                "注:", "说明:", "备注:", "填表说明")
EXAMPLE_MARKS = frozenset({"示例", "例", "样例", "示例行"})
EXAMPLE_MARK = "示例"

# ---- the title area: 填报单位 and 填报日期 -------------------------------------

_REPORT_DATE = re.compile(
    r"(?:填报日期|填报时间|报送日期|统计日期|统计时间|统计期间|填报期|统计期)[:：]\s*([0-9０-９年月日季度第一二三四.\-/ ]+)"
)
_REPORTING_UNIT = re.compile(r"填报单位[:：]\s*(\S+)")


def _preamble_period(preamble: Sequence[str], ledger: Ledger) -> object | None:
    for line in preamble:
        if m := _REPORT_DATE.search(line):
            text = fold(m.group(1))
            try:
                if ledger.column(ledger.period_column).type == YEAR:
                    return parse_year(text[:4], ledger.column(ledger.period_column))
                return parse_month(text, ledger.column(ledger.period_column))
            except BadValue:
                continue
    return None


def _preamble_county(preamble: Sequence[str]) -> str | None:
    """The county a 填报单位 line names (信丰县人社局 → 信丰县), if it names one."""
    for line in preamble:
        if m := _REPORTING_UNIT.search(line):
            unit = m.group(1)
            for length in range(min(len(unit), 8), 1, -1):
                try:
                    return normalize_county(unit[:length])
                except UnknownCounty:
                    continue
    return None


# ---- the whole parse ----------------------------------------------------------


# The first characters a skipped row's words can start with: a row none of whose first filled cells starts with one
# is a ledger row, without folding its text (most rows of a big file).
_SKIP_STARTS = frozenset(w[0] for w in (*TOTAL_WORDS, *FOOTER_WORDS, *EXAMPLE_MARKS, EXAMPLE_MARK))


def _head(value: object) -> str:
    """The first character of a cell as fold() would show it; '' for a blank one."""
    if value.__class__ is not str:
        return "" if value is None else "0"
    head = value[:1]
    if head.isascii() and not head.isspace() or "\u4e00" <= head <= "\u9fff":  # NFKC leaves these as they are
        return head
    head = value.lstrip()[:1]
    return unicodedata.normalize("NFKC", head)[:1] if head else ""


def _skip_reason(cells: Sequence[object], serial_columns: Sequence[int]) -> str | None:
    """Why a data row is not a ledger row: blank (nothing but a 序号 counts as blank: templates come numbered in
    advance), a total, a footer line or the template's example."""
    seen, trigger, own = 0, False, False
    for i, value in enumerate(cells):
        if value is None or value == "":
            continue
        head = _head(value)
        if head in _SKIP_STARTS:
            trigger = True
            break
        if head:
            seen += 1
            own = own or i not in serial_columns
            if seen == 3:
                break
    if own and not trigger and not any(_head(cells[c]) in _SKIP_STARTS for c in serial_columns if c < len(cells)):
        return None
    filled: list[str] = []
    own = False
    for i, value in enumerate(cells):
        if value == "" or value is None:
            continue
        text = fold(value) if isinstance(value, str) else cell_text(value)
        if text:
            own = own or i not in serial_columns
            if len(filled) < 3:
                filled.append(text)
            elif own:
                break
    if not own:
        return "blank"
    if any(t.startswith(TOTAL_WORDS) for t in filled):
        return "total"
    if filled[0].startswith(FOOTER_WORDS):
        return "footer"
    marks = [fold(cell_text(cells[c])) for c in serial_columns if c < len(cells)] + filled[:1]
    if any(m in EXAMPLE_MARKS or m.startswith(EXAMPLE_MARK) for m in marks):
        return "example"
    return None


def _ledger_rows(rows: Sequence[Sequence[object]], columns: Sequence[Sequence[object]],
                 serial_columns: Sequence[int]) -> list[int]:
    """The positions of the ledger rows among the rows below the header (`columns` are the same cells column by
    column): those _skip_reason finds no reason to skip, asked only of the rows that may be skipped."""
    if len(columns) < 3:  # too narrow for three filled cells: every row is judged
        may_be_skipped = set(range(len(rows)))
    else:
        may_be_skipped = _rows_that_may_be_skipped(columns, serial_columns)
    return [i for i in range(len(rows)) if i not in may_be_skipped or _skip_reason(rows[i], serial_columns) is None]


def _rows_that_may_be_skipped(columns: Sequence[Sequence[object]], serial_columns: Sequence[int]) -> set[int]:
    """The rows _skip_reason has to judge, found column by column: those whose first three cells are not all filled,
    or where one of them or a serial number starts like a total, footer or example. Any other row is a ledger row: its
    first three filled cells are those three, and none of them starts a skipped row's words."""
    rows: set[int] = set()
    for c, or_blank in [(0, True), (1, True), (2, True), *((c, False) for c in serial_columns if c < len(columns))]:
        # Each distinct value once: a column of 50,000 cells holds few distinct counties, industries or numbers.
        flagged = {v for v in set(columns[c]) if (head := _head(v)) in _SKIP_STARTS or (or_blank and not head)}
        if flagged:
            rows.update(i for i, v in enumerate(columns[c]) if v in flagged)
    return rows


def parse_upload(data: bytes, file_name: str, options: ImportOptions = ImportOptions()) -> ImportResult:
    """Read one uploaded file into the rows of one ledger and the report of its problems.

    Never raises on bad input: a file that cannot be loaded at all comes back with a
    whole-file problem (row None) and no rows.
    """
    sha = hashlib.sha256(data).hexdigest()
    base = ImportResult(file_name=file_name, sha256=sha, ledger=options.ledger)
    try:
        kind, grids = read_grids(data, file_name, options.limits)
    except Refusal as refusal:
        return _refuse(base, refusal.problem)
    base = replace(base, kind=kind)
    ledgers = [LEDGERS_BY_KEY[options.ledger]] if options.ledger else list(LEDGERS)
    table, pool, best = _choose_table(grids, ledgers)
    if not _a_table(table):
        return _refuse(base, _no_ledger(table, options))
    if not table.complete:
        return _refuse(base, _missing_columns(table))
    if len(pool) == 1:
        return _with_hidden_rows_hint(_parse_table(base, table, options), table, grids, best)
    same = {id(g): table if g is table.grid else find_table([g], [table.ledger]) for g in pool}
    with_period = table.ledger.period_column in table.columns.values()
    holding = [g.name for g in pool if _filled(t := same[id(g)]) and t.complete
               and (table.ledger.period_column in t.columns.values()) == with_period]
    if len(holding) > 1:
        # Reading one of them would load part of what the clerk sent (one month of twelve) without a word.
        return _refuse(base, Problem("several_sheets", (
            f"工作簿中有 {len(holding)} 个工作表都是“{table.ledger.name}”：{'、'.join(f'“{n}”' for n in holding)}，"
            "一次只能读取一个工作表；请把各工作表分别另存为文件，再一起上传（可一次选择多个文件）"
        )))
    everywhere = best if not options.ledger else {id(g): find_table([g], list(LEDGERS)) for g in pool}
    others = tuple(_unread_sheets(pool, table, same, everywhere))
    result = _parse_table(base, table, options)
    return replace(result, other_sheets=others) if others else result


def _choose_table(grids: Sequence[Grid], ledgers: Sequence[Ledger]) -> tuple[Table | None, list[Grid], dict]:
    """The table to read, the sheets it was chosen among, and each sheet's best header (by id; empty for one sheet).

    What the clerk sees is what is read: a hidden sheet (a helper list, an old copy) only when no shown sheet has a
    ledger's header; a shown sheet that has one with a column missing is told so, not passed over. Beside an empty
    header, a sheet with rows is read instead, when it holds the whole table or names its rows (a list of drop-down
    options does neither).
    """
    shown = [g for g in grids if not g.hidden] or grids
    # Each sheet's best header, found once: a workbook may hold dozens of sheets.
    best = {id(g): find_table([g], ledgers) for g in grids} if len(grids) > 1 else {}
    table = _best_of([best[id(g)] for g in shown]) if best else find_table(grids, ledgers)
    if len(shown) < len(grids) and not _a_table(table):
        table = _best_of(list(best.values()))
    pool = grids if table is not None and table.grid.hidden else shown
    if len(pool) > 1 and _a_table(table) and not _has_rows(table):
        table = _best_of([t for g in pool if _filled(t := best[id(g)]) and (t.complete or _names_rows(t))]) or table
    return table, pool, best


def _with_hidden_rows_hint(result: ImportResult, table: Table, grids: Sequence[Grid], best: dict) -> ImportResult:
    """A header-only sheet's refusal, told where the rows are when a hidden sheet holds them: what is shown is what is
    read, but a clerk should not be left wondering where the rows went."""
    hidden = [g.name for g in grids if g.hidden and g is not table.grid and _filled(best.get(id(g)))]
    if not hidden or [p.code for p in result.problems] != ["no_rows"]:
        return result
    hint = f"；隐藏的工作表{'、'.join(f'“{n}”' for n in hidden)}里有数据行，如要上传，请在 Excel 中取消隐藏后重新上传"
    return replace(result, problems=(replace(result.problems[0], message=result.problems[0].message + hint),))


def _unread_sheets(pool: Sequence[Grid], table: Table, same: dict, everywhere: dict):
    """(sheet, ledger key) of the sheets left unread that hold a ledger's rows, for the report: another ledger's, or
    this one's under a header not wholly recognised, or a summary without the period."""
    for g in pool:
        if g is table.grid:
            continue
        other = everywhere[id(g)]
        if _filled(other) and other.ledger != table.ledger and other.complete:
            yield g.name, other.ledger.key
        elif _filled(same[id(g)]):
            yield g.name, table.ledger.key


def _filled(table: Table | None) -> bool:
    """Whether a sheet's header is a table (more than one column) with ledger rows under it."""
    return table is not None and len(table.columns) > 1 and _has_rows(table)


def _best_of(tables: Sequence[Table | None]) -> Table | None:
    """The best of several sheets' headers by Table.score, the first of equals (as find_table)."""
    found = [t for t in tables if t is not None]
    return max(found, key=lambda t: t.score) if found else None


def _names_rows(table: Table) -> bool:
    """Whether the table has a column that names each row (名称, 姓名, 工作单位: the identity besides county and period)."""
    return any(n in table.columns.values() for n in table.ledger.identity if n not in ("county", table.ledger.period_column))


def _a_table(table: Table | None) -> bool:
    """Whether the header found is a ledger's table at all: more than one of its columns, or every required one."""
    return table is not None and (len(table.columns) > 1 or table.complete)


def _has_rows(table: Table) -> bool:
    """Whether the table has a ledger row with something in one of its columns besides a 序号. A sheet prepared in
    advance (numbered rows, a 合计 of zeros, the template's 示例 row) has none; one with names listed has."""
    columns = [c for c in table.columns if c not in table.serial_columns]
    return any(
        any(c < len(row) and not is_blank(row[c]) for c in columns) and _skip_reason(row, table.serial_columns) is None
        for row in table.grid.cells[table.first_data_row:]
    )


def _refuse(base: ImportResult, problem: Problem) -> ImportResult:
    return ImportResult(file_name=base.file_name, sha256=base.sha256, ledger=base.ledger, kind=base.kind, problems=(problem,))


def _no_ledger(table: Table | None, options: ImportOptions) -> Problem:
    if table is None:
        return Problem("no_data", "文件中没有任何内容，请检查后重新上传")
    if options.ledger is None and not table.columns:
        return Problem("no_ledger", "找不到台账的表头，无法识别是哪一种台账；请在“台账”中选定后重新上传，或下载模板填写")
    return Problem(
        "no_ledger",
        f"表头与任何台账都对不上。最接近的是“{table.ledger.name}”，应有的栏目：{expected_columns(table.ledger)}",
        sheet=table.grid.name,
    )


def _missing_columns(table: Table) -> Problem:
    present = set(table.columns.values())
    optional = {"county", table.ledger.period_column}
    missing = [c.label for c in table.ledger.columns if c.required and c.name not in present and c.name not in optional]
    # A required column is most often there under a wording the ledger does not know: name what was not understood
    # (a header repeating a column already read was understood).
    unread = "、".join(f"“{h}”" for h in unread_headers(table.ledger, table.ignored_headers)[0])
    return Problem(
        "missing_columns",
        f"“{table.ledger.name}”缺少必填栏目：{'、'.join(missing)}。"
        + (f"表中没有认出的表头：{unread}，如其中有上述栏目，请改用下列写法。" if unread else "")
        + f"应有的栏目：{expected_columns(table.ledger)}",
        sheet=table.grid.name,
    )


def _parse_table(base: ImportResult, table: Table, options: ImportOptions) -> ImportResult:
    ledger = table.ledger
    sheet = table.grid.name
    detected = options.ledger is None
    below = table.grid.cells[table.first_data_row:]
    # From here on the table is read column by column: the grid's columns below the header, None where a row is short.
    grid_columns = list(zip_longest(*below))
    # Which rows are ledger rows is told from the cells as written, before merged ranges are filled in: a 填表人 line
    # under a county merged down its rows stays a footer.
    kept = _ledger_rows(below, grid_columns, table.serial_columns)
    if filled := _merged_filled(table, below, set(kept)):
        below = filled
        grid_columns = list(zip_longest(*below))
    header = dict(base.__dict__, ledger=ledger.key, ledger_detected=detected, sheet=sheet,
                  ignored_headers=table.ignored_headers)
    if not kept:
        return ImportResult(**{**header, "problems": (
            Problem("no_rows", "只有表头，没有数据行（示例行不计）", sheet=sheet),)})

    problems: list[Problem] = []
    used: Counter[ValueMatch] = Counter()
    parsers = dict(PARSERS, **{MILESTONE: milestone_parser(options.milestones)})
    parsers.update({kind: not_after(options.today, parsers[kind]) for kind in (DATE, MONTH, YEAR)})
    if len(kept) < len(below):
        grid_columns = [[column[i] for i in kept] for column in grid_columns]
    source_rows = [table.first_data_row + i + 1 for i in kept]
    n = len(kept)
    values: dict[str, list] = {}
    for c, name in table.columns.items():
        column = ledger.column(name)
        raws = grid_columns[c] if c < len(grid_columns) else [None] * n
        values[name] = _parse_column(raws, column, parsers[column.type], options, ledger.key, sheet, source_rows, problems, used)

    county_source = "column" if "county" in values else None
    if options.county:
        uploader_county = normalize_county(options.county)
        if "county" not in values:
            values["county"] = [uploader_county] * n
            county_source = "user"
        else:
            label = ledger.column("county").label
            for i, excel_row in enumerate(source_rows):
                county = values["county"][i]
                if county is None:
                    values["county"][i] = uploader_county
                elif county != uploader_county:
                    problems.append(Problem(
                        "other_county", f"不是本单位（{uploader_county}）的数据，县级用户只能上传本县的数据",
                        sheet, excel_row, label, county,
                    ))
    elif "county" not in values:
        named = _preamble_county(table.preamble)
        if named is None:
            return ImportResult(**{**header, "problems": (Problem(
                "no_county_column",
                "全市上传的表格须有“县（市、区）”栏；若只报一个县的数据，请在上传时选择该县（市、区）",
                sheet=sheet,
            ),)})
        values["county"] = [named] * n
        county_source = "sheet"

    period, period_source = None, None
    if ledger.mode != APPEND and ledger.period_column:
        period, period_source, period_problem = _fill_period(values, ledger, table, options, sheet, n)
        if period_problem:
            return ImportResult(**{**header, "problems": (period_problem,)})

    blank = [None] * n
    names = ledger.column_names
    columns = {name: values.get(name, blank) for name in names}
    already = {(p.row, p.column) for p in problems}
    for column in ledger.columns:
        if column.required:
            for i in [i for i, v in enumerate(columns[column.name]) if v is None]:
                if (source_rows[i], column.label) not in already:
                    problems.append(Problem("required", "必填，不能为空", sheet, source_rows[i], column.label, ""))
    for rule in ledger.rules:
        first = ledger.column(rule.columns[0])
        for excel_row, judged in zip(source_rows, zip(*(columns[name] for name in rule.columns))):
            if None not in judged and not rule.check(*judged):
                problems.append(Problem(rule.code, rule.message, sheet, excel_row, first.label, cell_text(judged[0])))
    problems.extend(_duplicates(ledger, columns, source_rows, sheet))

    order = {c.label: i for i, c in enumerate(ledger.columns)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column, len(order))))
    hidden = table.grid.hidden_rows
    return ImportResult(**{
        **header, "columns": columns, "source_rows": tuple(source_rows), "period": period,
        "hidden_rows": tuple(r for r in source_rows if r - 1 in hidden) if hidden else (),
        "period_source": period_source, "county_source": county_source, "problems": tuple(problems),
        "applied_matches": tuple(AppliedMatch(m, n) for m, n in used.items()),
    })


_NUMBER_TYPES = frozenset({bool, int, float})
# Cells the reader marks, and the problem each is: never a blank, never a wording to match.
_CELL_CODES = {CellError: ERROR_VALUE, MergedNumber: MERGED_NUMBER}


def _merged_filled(table: Table, below: list, kept: set[int]) -> list[list] | None:
    """The rows below the header with each range merged down a column read as a person reads it: every ledger row in
    it holds the top-left cell's county, name, type or date. A number column's cells below the top-left are
    MergedNumber, since one count cannot be shared out among rows. Ranges starting in the header or title are left
    alone, and so are rows that are not ledger rows (kept holds those that are). None when no range reaches the rows."""
    first = table.first_data_row
    merges = [((r0 - first, c0), r1 - first) for (r0, c0), (r1, _) in table.grid.merges if r0 >= first and r1 > r0]
    if not merges:
        return None
    below = [list(row) for row in below]
    numbers = {c for c, name in table.columns.items() if table.ledger.column(name).type in (INT, NUMBER)}
    for (top, column), bottom in merges:
        value = below[top][column] if top < len(below) and column < len(below[top]) else None
        if is_blank(value):
            continue
        for r in range(top + 1, min(bottom, len(below) - 1) + 1):
            row = below[r]
            if r not in kept:
                continue
            if len(row) <= column:
                row.extend([None] * (column + 1 - len(row)))
            if is_blank(row[column]):
                row[column] = MergedNumber(first + top + 1) if column in numbers else value
    return below


def _parse_column(raws: list, column: Column, parse: Callable[[object, Column], object], options: ImportOptions,
                  ledger_key: str, sheet: str, source_rows: Sequence[int], problems: list[Problem], used: Counter) -> list:
    """One column's values, parsed column-wise: each distinct cell once (ledgers repeat counties, 是/否, industries),
    then spread over the rows; a bad cell is a problem at its Excel row, a value match used is counted."""
    # 1, 1.0 and True are equal keys in a dict: where a column mixes such types, the type is part of the key.
    typed = len(set(map(type, raws)) & _NUMBER_TYPES) > 1
    keys = [(v.__class__, v) for v in raws] if typed else raws
    matcher = column_matcher(column, ledger_key, options.value_matches)
    parsed: dict[object, object] = {}
    errors: dict[object, str] = {}
    matched: dict[object, ValueMatch] = {}
    for key in dict.fromkeys(keys):
        raw = key[1] if typed else key
        if raw.__class__ is CellError:
            parsed[key], errors[key] = None, f"单元格显示错误值 {raw}（公式出错或引用失效），请改正后重新上传"
            continue
        if raw.__class__ is MergedNumber:
            parsed[key], errors[key] = None, f"与第 {raw.row} 行合并为一个单元格，一个数不能分到几行；请取消合并，逐行填写后重新上传"
            continue
        if is_blank(raw):
            parsed[key] = None
            continue
        match = matcher(raw) if matcher else None
        if match:
            matched[key] = match
        try:
            parsed[key] = parse_matched(match, column, parse) if match else parse(raw, column)
        except BadValue as exc:
            parsed[key], errors[key] = None, str(exc)
    if errors:
        code = UNKNOWN_VALUE if column.type in MATCHABLE_TYPES else "bad_value"
        problems.extend(
            Problem(_CELL_CODES.get(raw.__class__, code), errors[key], sheet, excel_row, column.label,
                    "" if raw.__class__ is MergedNumber else cell_text(raw))
            for key, raw, excel_row in zip(keys, raws, source_rows) if key in errors
        )
    if matched:
        for key, n in Counter(key for key in keys if key in matched).items():
            used[matched[key]] += n
    return list(map(parsed.__getitem__, keys))


def _fill_period(values: dict[str, list], ledger: Ledger, table: Table, options: ImportOptions, sheet: str,
                 n: int) -> tuple[str | None, str | None, Problem | None]:
    """Fill blank period cells from the 填报日期 line, the uploader's choice or the upload day; say which."""
    name = ledger.period_column
    column = values.get(name, [None] * n)
    if all(v is not None for v in column):
        values[name] = column
        return "、".join(sorted({period_label(v) for v in column})), FROM_COLUMN, None
    fallback = _preamble_period(table.preamble, ledger)
    source = FROM_SHEET
    if fallback is not None:
        try:
            future_check(fallback, options.today)
        except BadValue as exc:
            return None, None, Problem("bad_period", f"表头的填报日期（{period_label(fallback)}）{exc}", sheet=sheet)
    if fallback is None and options.period:
        try:
            fallback = parse_period_text(options.period, ledger)
            future_check(fallback, options.today)
        except BadValue as exc:
            return None, None, Problem("bad_period", f"上传时选择的填报期“{options.period}”{exc}", sheet=sheet)
        source = FROM_USER
    if fallback is None:
        fallback = parse_period_text(options.today.isoformat(), ledger)
        source = FROM_UPLOAD_DAY
    values[name] = [fallback if v is None else v for v in column]
    return period_label(fallback), source, None


def _duplicates(ledger: Ledger, columns: dict[str, list], source_rows: Sequence[int], sheet: str) -> list[Problem]:
    """A row whose identity repeats an earlier row of the same file."""
    if not ledger.identity:
        return []
    keys = list(zip(*(columns[n] for n in ledger.identity)))
    if len(dict.fromkeys(keys)) == len(keys):  # no two rows alike: the usual file, told in one pass
        return []
    seen: dict[tuple, int] = {}
    problems = []
    labels = "、".join(ledger.column(n).label for n in ledger.identity)
    first = ledger.column(ledger.identity[0])
    for excel_row, key in zip(source_rows, keys):
        if None in key:
            continue
        if key in seen:
            problems.append(Problem(
                "duplicate_row", f"与第 {seen[key]} 行重复（{labels}相同）", sheet, excel_row, first.label, cell_text(key[0]),
            ))
        else:
            seen[key] = excel_row
    return problems


def report_lines(result: ImportResult) -> list[str]:
    """The problem report as lines a person reads: 工作表“X”第 N 行【栏目】“内容”：问题."""
    lines = []
    for p in result.problems:
        where = f"工作表“{p.sheet}”" if p.sheet else ""
        if p.row is not None:
            where += f"第 {p.row} 行"
        if p.column:
            where += f"【{p.column}】"
        if p.value:
            where += f"“{p.value}”"
        lines.append(f"{where}：{p.message}" if where else p.message)
    return lines
