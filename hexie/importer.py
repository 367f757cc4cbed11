"""The ledger importer: pure functions from a file's bytes to parsed rows and a list of problems."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable, Iterable, Mapping, Sequence

import python_calamine

from hexie.geo import UnknownCounty, normalize_county
from hexie.ledgers import (
    APPEND, BOOL, CHOICE, COUNTY, DATE, INT, LEDGERS, LEDGERS_BY_KEY, MILESTONE, MONTH, NUMBER, TEXT, YEAR,
    Column, Ledger,
)

# Where an upload's period came from, in order of precedence; PERIOD_SOURCE_LABELS says it in Chinese.
FROM_COLUMN, FROM_SHEET, FROM_USER, FROM_UPLOAD_DAY = "column", "sheet", "user", "upload_day"
PERIOD_SOURCE_LABELS = {
    FROM_COLUMN: "表内栏目", FROM_SHEET: "表头“填报日期”", FROM_USER: "上传时选择", FROM_UPLOAD_DAY: "上传当天",
}

# Values outside these bounds are typing mistakes, not history or plans.
EARLIEST_DATE, LATEST_DATE = date(1950, 1, 1), date(2100, 12, 31)

# How far down a sheet the header may sit under title and 填报 lines.
HEADER_SEARCH_ROWS = 30

SERIAL_NUMBER_HEADERS = frozenset({"序号", "序", "编号", "No.", "NO.", "No", "NO", "序列号"})
TOTAL_WORDS = ("合计", "小计", "总计")
FOOTER_WORDS = ("填表人", "填报人", "审核人", "制表人", "负责人", "单位负责人", "分管领导", "联系电话", "联系人",
                "注:", "说明:", "备注:", "填表说明")
EXAMPLE_MARKS = frozenset({"示例", "例", "样例", "示例行"})
EXAMPLE_MARK = "示例"
# Between a milestone's id and its title in the template's drop-down.
MILESTONE_SEPARATOR = "｜"

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an encrypted OOXML workbook (a password to open) carries inside its OLE2 container.
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
CSV_EXTENSIONS = (".csv", ".txt")


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile file from exhausting the machine; max_bytes matches maxUploadSize in .streamlit/config.toml."""

    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed: int = 200 * 1024 * 1024
    max_ratio: int = 100
    max_rows: int = 200_000
    max_cells: int = 4_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload; row is None when it concerns the whole file (a refusal)."""

    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""


@dataclass(frozen=True)
class ImportOptions:
    """What the uploader told us: the ledger (None: detect it), their county (None: city level), a period."""

    ledger: str | None = None
    county: str | None = None
    period: str | None = None
    today: date = field(default_factory=date.today)
    milestones: Mapping[str, str] = field(default_factory=dict)
    limits: Limits = Limits()


@dataclass(frozen=True)
class ImportResult:
    """Parsed rows of one file and everything the report says about them."""

    file_name: str
    sha256: str
    ledger: str | None = None
    ledger_detected: bool = False
    sheet: str = ""
    rows: tuple[dict, ...] = ()
    source_rows: tuple[int, ...] = ()
    period: str | None = None
    period_source: str | None = None
    county_source: str | None = None
    ignored_headers: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def refused(self) -> bool:
        """True when the file as a whole cannot be loaded."""
        return any(p.row is None for p in self.problems)

    @property
    def bad_rows(self) -> frozenset[int]:
        """Source rows with at least one problem."""
        return frozenset(p.row for p in self.problems if p.row is not None)

    def valid_rows(self) -> tuple[tuple[dict, ...], tuple[int, ...]]:
        """The rows without problems and their source row numbers."""
        bad = self.bad_rows
        kept = [(r, n) for r, n in zip(self.rows, self.source_rows) if n not in bad]
        return tuple(r for r, _ in kept), tuple(n for _, n in kept)


class _Refusal(Exception):
    """Raised inside the reader to stop at a whole-file problem; parse_upload turns it into a Problem."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.problem = Problem(code, message)


@dataclass(frozen=True)
class _Grid:
    """One sheet as a list of rows of cell values, with its merged ranges ((r0, c0), (r1, c1)) zero-based."""

    name: str
    cells: list[list]
    merges: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()


# ---- normalising text ---------------------------------------------------------

_TRAILING_NOTE = re.compile(r"\(([^()]{0,12})\)$")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Full-width to half-width, every kind of space removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def header_keys(text: str) -> tuple[str, ...]:
    """The keys a header cell matches by: folded without `*` markers, then also without a trailing unit like （人）."""
    key = fold(text).replace("*", "").replace("※", "")
    keys = [key]
    stripped = key
    while (m := _TRAILING_NOTE.search(stripped)) and m.start() > 0:
        stripped = stripped[: m.start()]
        keys.append(stripped)
    return tuple(keys)


def _header_index(ledger: Ledger) -> dict[str, str]:
    """Folded header wording → column name; labels win over aliases, earlier columns over later."""
    index: dict[str, str] = {}
    for pass_labels in (True, False):
        for col in ledger.columns:
            for wording in (col.label,) if pass_labels else col.aliases:
                for key in header_keys(wording):
                    index.setdefault(key, col.name)
    return index


HEADER_INDEX: dict[str, dict[str, str]] = {ledger.key: _header_index(ledger) for ledger in LEDGERS}


def _match_header(index: Mapping[str, str], texts: Iterable[str]) -> str | None:
    for text in texts:
        for key in header_keys(text):
            if key in index:
                return index[key]
    return None


def cell_text(value: object) -> str:
    """A cell as the user sees it: 120.0 shows as 120, dates as 2021-06-03, blanks as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# ---- reading bytes into grids -------------------------------------------------


def size_text(n: int) -> str:
    """A byte count as people say it: 20 MB, 512 KB."""
    return f"{n / 1024 / 1024:.3g} MB" if n >= 1024 * 1024 else f"{n / 1024:.3g} KB"


def read_grids(data: bytes, file_name: str, limits: Limits = Limits()) -> list[_Grid]:
    """Every sheet of a workbook or the one table of a CSV, refusing hostile or unreadable files."""
    if not data:
        raise _Refusal("empty_file", "文件是空的（0 字节），请检查后重新上传")
    if len(data) > limits.max_bytes:
        raise _Refusal(
            "too_large",
            f"文件大小 {size_text(len(data))}，超过上限 {size_text(limits.max_bytes)}，请拆分后上传",
        )
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTION_STREAM in data:
            raise _Refusal("encrypted", "工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传")
        return _calamine_grids(data, limits)
    if data.startswith(ZIP_MAGIC):
        _check_zip(data, limits)
        return _calamine_grids(data, limits)
    if file_name.lower().endswith(CSV_EXTENSIONS):
        return [_csv_grid(data, file_name, limits)]
    raise _Refusal("not_spreadsheet", f"“{file_name}”不是 Excel 工作簿或 CSV 文件，无法读取；请上传 .xlsx、.xls 或 .csv 文件")


def _check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a damaged archive, a decompression bomb or XML with a DTD before any XML parser sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise _Refusal("not_spreadsheet", "文件是压缩包而不是 Excel 工作簿，无法读取；请上传 .xlsx、.xls 或 .csv 文件")
    declared = sum(m.file_size for m in members)
    if declared > limits.max_uncompressed or any(
        m.file_size > 1024 * 1024 and m.file_size > limits.max_ratio * max(m.compress_size, 1) for m in members
    ):
        raise _Refusal("zip_bomb", "文件解压后体积异常（疑似“压缩炸弹”），已拒绝读取")
    # Excel and WPS write only stored or deflated parts; any other method is a damaged or foreign archive.
    if any(m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for m in members):
        raise _Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传")
    try:
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                _scan_xml(archive, member, limits)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise _Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传") from None


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> None:
    """Decompress one part with a byte cap (zipfile checks the CRC) and refuse DTDs and entity declarations."""
    tail = b""
    total = 0
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > limits.max_uncompressed:
                raise _Refusal("zip_bomb", "文件解压后体积异常（疑似“压缩炸弹”），已拒绝读取")
            window = (tail + chunk).upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise _Refusal("xml_dtd", "文件中含有 XML 实体声明（DTD），出于安全考虑已拒绝读取；请用 Excel 或 WPS 另存为 .xlsx 后上传")
            tail = chunk[-16:]


def _calamine_grids(data: bytes, limits: Limits) -> list[_Grid]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise _Refusal("encrypted", "工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传") from None
    except Exception:
        raise _Refusal("corrupt", "文件已损坏或不是有效的 Excel 工作簿，请用 Excel 或 WPS 重新保存后上传") from None
    grids = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                last_row, last_column = sheet.end or (-1, -1)
                if last_row + 1 > limits.max_rows:
                    raise _Refusal("too_many_rows", f"工作表“{meta.name}”有 {last_row + 1} 行，超过上限 {limits.max_rows} 行，请拆分后上传")
                if (last_row + 1) * (last_column + 1) > limits.max_cells:
                    raise _Refusal("too_many_cells", f"工作表“{meta.name}”的单元格超过上限 {limits.max_cells} 个，请删去无关内容后上传")
                cells = sheet.to_python(skip_empty_area=False)
                merges = tuple(sheet.merged_cell_ranges or ())
            except _Refusal:
                raise
            except Exception:
                raise _Refusal("corrupt", "文件已损坏或不是有效的 Excel 工作簿，请用 Excel 或 WPS 重新保存后上传") from None
            grids.append(_Grid(meta.name, cells, merges))
    return grids


def _csv_grid(data: bytes, file_name: str, limits: Limits) -> _Grid:
    if b"\x00" in data[:4096]:
        raise _Refusal("not_spreadsheet", f"“{file_name}”不是文本格式的 CSV 文件，无法读取")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _Refusal("bad_encoding", "CSV 文件的编码无法识别，请另存为 UTF-8 或 GBK 编码后上传")
    sample = text[:8192]
    delimiter = max(",\t;，", key=sample.count)
    rows = []
    for record in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append(record)
        if len(rows) > limits.max_rows:
            raise _Refusal("too_many_rows", f"CSV 文件超过上限 {limits.max_rows} 行，请拆分后上传")
    name = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "CSV"
    return _Grid(name, rows)


# ---- finding the table: header row, ledger, columns ---------------------------


@dataclass(frozen=True)
class _Table:
    """Where a ledger's table sits in a grid: header rows, column positions and title-area text."""

    grid: _Grid
    ledger: Ledger
    header_rows: int
    first_data_row: int
    columns: Mapping[int, str]
    serial_columns: tuple[int, ...]
    ignored_headers: tuple[str, ...]
    preamble: tuple[str, ...]

    @property
    def score(self) -> tuple[bool, int, int]:
        """Required columns present, then more columns matched, then a one-row header over a two-row one."""
        return _required_present(self.ledger, set(self.columns.values())), len(self.columns), -self.header_rows


def _required_present(ledger: Ledger, present: set[str]) -> bool:
    """Required columns the sheet must carry; county and period may come from outside the sheet."""
    optional = {"county", ledger.period_column}
    return all(c.name in present for c in ledger.columns if c.required and c.name not in optional)


def _filled_header_rows(grid: _Grid, upto: int) -> list[list[str]]:
    """The top rows as text with merged ranges filled with their top-left value."""
    rows = [[cell_text(v) for v in row] for row in grid.cells[:upto]]
    for (r0, c0), (r1, c1) in grid.merges:
        if r0 >= upto or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, upto - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                rows[r][c] = value
    return rows


def _table_at(grid: _Grid, rows: list[list[str]], r: int, two_level: bool, ledger: Ledger) -> _Table:
    index = HEADER_INDEX[ledger.key]
    top = rows[r]
    leaf = rows[r + 1] if two_level else top
    columns: dict[int, str] = {}
    serial: list[int] = []
    ignored: list[str] = []
    for c in range(max(len(top), len(leaf))):
        group = top[c] if c < len(top) else ""
        name = leaf[c] if c < len(leaf) else ""
        if not two_level or name == group or not name:
            texts = (group,) if group else ()
        else:
            texts = (name + group, group + name, name) if group else (name,)
        if not texts:
            continue
        if header_keys(texts[-1])[-1] in SERIAL_NUMBER_HEADERS:
            serial.append(c)
            continue
        column = _match_header(index, texts)
        if column is None or column in columns.values():
            ignored.append(texts[0])
        else:
            columns[c] = column
    preamble = tuple(" ".join(t for t in row if t) for row in rows[:r])
    header_rows = 2 if two_level else 1
    return _Table(grid, ledger, header_rows, r + header_rows, columns, tuple(serial), tuple(ignored), preamble)


def find_table(grids: Sequence[_Grid], ledgers: Sequence[Ledger]) -> _Table | None:
    """The sheet, header row(s) and ledger that match best: required columns present first, then most columns."""
    best: _Table | None = None
    for grid in grids:
        rows = _filled_header_rows(grid, HEADER_SEARCH_ROWS + 1)
        for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
            if not any(rows[r]):
                continue
            for ledger in ledgers:
                for two_level in (False, True) if r + 1 < len(rows) else (False,):
                    table = _table_at(grid, rows, r, two_level, ledger)
                    if best is None or table.score > best.score:
                        best = table
    return best


def _expected_columns(ledger: Ledger) -> str:
    return "、".join(f"{c.label}{'（必填）' if c.required else ''}" for c in ledger.columns)


# ---- parsing values -----------------------------------------------------------


class _BadValue(ValueError):
    """A cell that cannot be read as its column's type; the message is Chinese."""


_NUMBER_NOISE = re.compile(r"[,，、\s¥￥$元]")
_UNITS = ("万元", "元", "人次", "人", "户", "家", "件", "个", "名", "次", "位", "%")
_DATE_YMD = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_YM = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?(?:份)?$")
_QUARTER = re.compile(r"^(\d{4})年?(?:第)?([1-4一二三四])季度?$|^(\d{4})[-/]?Q([1-4])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})(?:年度?)?$")
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
EXCEL_EPOCH = date(1899, 12, 30)


def _number(raw: object, column: Column) -> float:
    if isinstance(raw, bool):
        raise _BadValue(f"应填{'整数' if column.type == INT else '数值'}")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = _NUMBER_NOISE.sub("", unicodedata.normalize("NFKC", str(raw)))
        for unit in (column.unit, *_UNITS):
            if unit and text.endswith(unit):
                text = text[: -len(unit)]
                break
        try:
            value = float(text)
        except ValueError:
            raise _BadValue(f"应填{'整数' if column.type == INT else '数值'}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _BadValue("应填数值")
    if value < 0:
        raise _BadValue("不能为负数")
    return value


def parse_int(raw: object, column: Column) -> int:
    """A whole, non-negative count: 120, 120.0, '120人', '１２０', '1,200'."""
    value = _number(raw, column)
    if not value.is_integer():
        raise _BadValue("应为整数（人数、户数、件数不能有小数）")
    return int(value)


def parse_number(raw: object, column: Column) -> float:
    """A non-negative amount: 35.5, '35.5万元', '1,200.5'."""
    return _number(raw, column)


def _checked(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise _BadValue(f"日期超出合理范围（{EARLIEST_DATE.year}—{LATEST_DATE.year}年）")
    return value


def _ymd(year: str | int, month: str | int, day: str | int = 1) -> date:
    try:
        return _checked(date(int(year), int(month), int(day)))
    except ValueError as exc:
        if isinstance(exc, _BadValue):
            raise
        raise _BadValue("不是有效的日期") from None


def _float_as_year_month(value: float) -> date | None:
    """2022.11 (what Excel makes of a typed '2022.11') → 2022-11; the digits after the point are the month as shown."""
    year, _, fraction = repr(value).partition(".")
    if len(year) == 4 and fraction and len(fraction) <= 2 and 1 <= int(fraction) <= 12:
        return _ymd(year, fraction)
    return None


def parse_date(raw: object, column: Column) -> date:
    """A day: Excel dates and serials, '2021-7-3', '2021/7/3', '2021年7月3日', '20210703'; a month alone means its 1st."""
    if isinstance(raw, datetime):
        return _checked(raw.date())
    if isinstance(raw, date):
        return _checked(raw)
    if isinstance(raw, bool):
        raise _BadValue("不是有效的日期")
    if isinstance(raw, (int, float)):
        month = _float_as_year_month(float(raw)) if not float(raw).is_integer() else None
        if month is not None:
            return month
        if 1 <= raw < 2958466:
            return _checked(EXCEL_EPOCH + timedelta(days=int(raw)))
        raise _BadValue("不是有效的日期")
    text = fold(str(raw))
    for pattern in (_DATE_YMD, _DATE_COMPACT):
        if m := pattern.match(text):
            return _ymd(*m.groups())
    if m := _MONTH_YM.match(text):
        return _ymd(*m.groups())
    raise _BadValue("不是有效的日期，请写成 2021-06-03 或 2021年6月3日")


def parse_month(raw: object, column: Column) -> date:
    """A month, stored as its 1st: '2021-06', '2021.05', '2021年6月', 2022.11, a date; a quarter means its last month."""
    if isinstance(raw, str):
        text = fold(raw)
        if m := _QUARTER.match(text):
            year = m.group(1) or m.group(3)
            q = m.group(2) or m.group(4)
            quarter = _CHINESE_DIGITS.get(q) or int(q)
            return _ymd(year, quarter * 3)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1000 <= raw <= 9999 and float(raw).is_integer():
        raise _BadValue("应写到月份，如 2021-06")
    try:
        day = parse_date(raw, column)
    except _BadValue:
        raise _BadValue("不是有效的年月，请写成 2021-06 或 2021年6月") from None
    return day.replace(day=1)


def parse_year(raw: object, column: Column) -> int:
    """A year: 2021, 2021.0, '2021', '2021年', '2021年度', or a date's year."""
    if isinstance(raw, (datetime, date)):
        year = raw.year
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        year = int(raw)
    elif isinstance(raw, str) and (m := _YEAR.match(fold(raw))):
        year = int(m.group(1))
    else:
        raise _BadValue("不是有效的年度，请写成 2021 或 2021年")
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise _BadValue(f"年度超出合理范围（{EARLIEST_DATE.year}—{LATEST_DATE.year}年）")
    return year


def parse_bool(raw: object, column: Column) -> bool:
    """是/否 and the column's own synonyms (已结清/未结清 …), √/×, 1/0, TRUE/FALSE."""
    if isinstance(raw, bool):
        return raw
    text = fold(cell_text(raw))
    if text in column.yes_words:
        return True
    if text in column.no_words:
        return False
    raise _BadValue(f"应填“{column.yes_words[0]}”或“{column.no_words[0]}”")


def _choice_index(column: Column) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, synonyms in column.choices.items():
        for wording in (canonical, *synonyms):
            index.setdefault(fold(wording), canonical)
    return index


def parse_choice(raw: object, column: Column) -> str:
    """One of the declared values, by its own name or a synonym."""
    key = fold(cell_text(raw))
    index = _choice_index(column)
    if key in index:
        return index[key]
    raise _BadValue(f"不是可选值，可选：{'、'.join(column.choices)}")


def parse_county(raw: object, column: Column) -> str:
    """A reporting unit's canonical name (old names and short names accepted)."""
    try:
        return normalize_county(cell_text(raw))
    except UnknownCounty as exc:
        raise _BadValue(str(exc)) from None


def parse_text(raw: object, column: Column) -> str:
    """Text as shown; text starting with = + - @ stays text (it is never evaluated)."""
    return cell_text(raw)


PARSERS: dict[str, Callable[[object, Column], object]] = {
    TEXT: parse_text, INT: parse_int, NUMBER: parse_number, DATE: parse_date, MONTH: parse_month,
    YEAR: parse_year, BOOL: parse_bool, CHOICE: parse_choice, COUNTY: parse_county,
}


def _milestone_parser(milestones: Mapping[str, str]) -> Callable[[object, Column], str]:
    by_title: dict[str, list[str]] = {}
    for mid, title in milestones.items():
        by_title.setdefault(fold(title), []).append(mid)

    def parse_milestone(raw: object, column: Column) -> str:
        text = cell_text(raw)
        # A template drop-down entry is "id｜title": the id decides.
        head = re.split(r"[｜|]", text, maxsplit=1)[0].strip()
        if head in milestones:
            return head
        ids = by_title.get(fold(text), [])
        if len(ids) == 1:
            return ids[0]
        if ids:
            # Yearly milestones share a title; guessing the year would file a report under the wrong one.
            raise _BadValue(f"多个工作节点同名，请改填节点编号：{'、'.join(ids)}")
        raise _BadValue("不是实施方案中的工作节点，请填写模板下拉列表中的节点编号或名称")

    return parse_milestone


def _is_blank(value: object) -> bool:
    return value is None or value == "" or (value.__class__ is str and value.isspace())


def parse_period_text(text: str, ledger: Ledger) -> object:
    """The uploader's period ('2021-06', '2021年6月', '2021') as the ledger's period column stores it."""
    column = ledger.column(ledger.period_column)
    if column.type == YEAR:
        return parse_year(text[:4] if re.match(r"^\d{4}\D", text) else text, column)
    return parse_month(text, column)


def period_label(value: object) -> str:
    """A stored period as people write it: 2021-06 for a month, 2021 for a year."""
    return value.strftime("%Y-%m") if isinstance(value, date) else str(value)


# ---- the title area: 填报单位 and 填报日期 -------------------------------------

_REPORT_DATE = re.compile(r"(?:填报日期|填报时间|报送日期|统计日期|统计时间|统计期间|填报期|统计期)[:：]\s*([0-9０-９年月日季度第一二三四.\-/ ]+)")
_REPORTING_UNIT = re.compile(r"填报单位[:：]\s*(\S+)")


def _preamble_period(preamble: Sequence[str], ledger: Ledger) -> object | None:
    for line in preamble:
        if m := _REPORT_DATE.search(line):
            text = fold(m.group(1))
            try:
                if ledger.column(ledger.period_column).type == YEAR:
                    return parse_year(text[:4], ledger.column(ledger.period_column))
                return parse_month(text, ledger.column(ledger.period_column))
            except _BadValue:
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


def _skip_reason(cells: Sequence[object], serial_columns: Sequence[int]) -> str | None:
    """Why a data row is not a ledger row: blank, a total, a footer line or the template's example."""
    filled: list[str] = []
    for value in cells:
        if value == "" or value is None:
            continue
        text = fold(value) if isinstance(value, str) else cell_text(value)
        if text:
            filled.append(text)
            if len(filled) == 3:
                break
    if not filled:
        return "blank"
    if any(t.startswith(TOTAL_WORDS) for t in filled):
        return "total"
    if filled[0].startswith(FOOTER_WORDS):
        return "footer"
    marks = [fold(cell_text(cells[c])) for c in serial_columns if c < len(cells)] + filled[:1]
    if any(m in EXAMPLE_MARKS or m.startswith(EXAMPLE_MARK) for m in marks):
        return "example"
    return None


def parse_upload(data: bytes, file_name: str, options: ImportOptions = ImportOptions()) -> ImportResult:
    """Read one uploaded file into the rows of one ledger and the report of its problems.

    Never raises on bad input: a file that cannot be loaded at all comes back with a
    whole-file problem (row None) and no rows.
    """
    sha = hashlib.sha256(data).hexdigest()
    base = ImportResult(file_name=file_name, sha256=sha, ledger=options.ledger)
    try:
        grids = read_grids(data, file_name, options.limits)
    except _Refusal as refusal:
        return _refuse(base, refusal.problem)
    ledgers = [LEDGERS_BY_KEY[options.ledger]] if options.ledger else list(LEDGERS)
    table = find_table(grids, ledgers)
    if table is None or len(table.columns) < 2 and not table.score[0]:
        return _refuse(base, _no_ledger(table, options))
    if not table.score[0]:
        return _refuse(base, _missing_columns(table))
    return _parse_table(base, table, options)


def _refuse(base: ImportResult, problem: Problem) -> ImportResult:
    return ImportResult(file_name=base.file_name, sha256=base.sha256, ledger=base.ledger, problems=(problem,))


def _no_ledger(table: _Table | None, options: ImportOptions) -> Problem:
    if table is None:
        return Problem("no_data", "文件中没有任何内容，请检查后重新上传")
    if options.ledger is None and not table.columns:
        return Problem("no_ledger", "找不到台账的表头，无法识别是哪一种台账；请在“台账”中选定后重新上传，或下载模板填写")
    return Problem(
        "no_ledger",
        f"表头与任何台账都对不上。最接近的是“{table.ledger.name}”，应有的栏目：{_expected_columns(table.ledger)}",
        sheet=table.grid.name,
    )


def _missing_columns(table: _Table) -> Problem:
    present = set(table.columns.values())
    optional = {"county", table.ledger.period_column}
    missing = [c.label for c in table.ledger.columns if c.required and c.name not in present and c.name not in optional]
    return Problem(
        "missing_columns",
        f"“{table.ledger.name}”缺少必填栏目：{'、'.join(missing)}。应有的栏目：{_expected_columns(table.ledger)}",
        sheet=table.grid.name,
    )


def _parse_table(base: ImportResult, table: _Table, options: ImportOptions) -> ImportResult:
    ledger = table.ledger
    sheet = table.grid.name
    detected = options.ledger is None
    data_rows: list[int] = []
    for r in range(table.first_data_row, len(table.grid.cells)):
        cells = table.grid.cells[r]
        if _skip_reason(cells, table.serial_columns) is None:
            data_rows.append(r)
    header = dict(base.__dict__, ledger=ledger.key, ledger_detected=detected, sheet=sheet,
                  ignored_headers=table.ignored_headers)
    if not data_rows:
        return ImportResult(**{**header, "problems": (
            Problem("no_rows", "只有表头，没有数据行（示例行不计）", sheet=sheet),)})

    problems: list[Problem] = []
    parsers = dict(PARSERS, **{MILESTONE: _milestone_parser(options.milestones)})
    source_rows = [r + 1 for r in data_rows]
    values: dict[str, list] = {}
    data_cells = [table.grid.cells[r] for r in data_rows]
    for c, name in table.columns.items():
        column = ledger.column(name)
        parse = parsers[column.type]
        # Ledgers repeat values (counties, 是/否, industries): parse each distinct cell once.
        cache: dict[object, tuple[object, str | None]] = {}
        parsed = []
        for row_cells, excel_row in zip(data_cells, source_rows):
            raw = row_cells[c] if c < len(row_cells) else None
            if _is_blank(raw):
                parsed.append(None)
                continue
            key = raw if raw.__class__ is str else (raw.__class__, raw)
            hit = cache.get(key)
            if hit is None:
                try:
                    hit = cache[key] = (parse(raw, column), None)
                except _BadValue as exc:
                    hit = cache[key] = (None, str(exc))
            if hit[1]:
                problems.append(Problem("bad_value", hit[1], sheet, excel_row, column.label, cell_text(raw)))
            parsed.append(hit[0])
        values[name] = parsed

    county_source = "column" if "county" in values else None
    if options.county:
        uploader_county = normalize_county(options.county)
        if "county" not in values:
            values["county"] = [uploader_county] * len(data_rows)
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
        values["county"] = [named] * len(data_rows)
        county_source = "sheet"

    period, period_source = None, None
    if ledger.mode != APPEND and ledger.period_column:
        period, period_source, period_problem = _fill_period(values, ledger, table, options, sheet, len(data_rows))
        if period_problem:
            return ImportResult(**{**header, "problems": (period_problem,)})

    blank = [None] * len(data_rows)
    by_column = [(name, values.get(name, blank)) for name in ledger.column_names]
    rows = [{name: column[i] for name, column in by_column} for i in range(len(data_rows))]
    already = {(p.row, p.column) for p in problems}
    for row, excel_row in zip(rows, source_rows):
        for column in ledger.columns:
            if column.required and row[column.name] is None and (excel_row, column.label) not in already:
                problems.append(Problem("required", "必填，不能为空", sheet, excel_row, column.label, ""))
        for rule in ledger.rules:
            if not rule.holds(row):
                first = ledger.column(rule.columns[0])
                problems.append(Problem(rule.code, rule.message, sheet, excel_row, first.label, cell_text(row[first.name])))
    problems.extend(_duplicates(ledger, rows, source_rows, sheet))

    order = {c.label: i for i, c in enumerate(ledger.columns)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column, len(order))))
    return ImportResult(**{
        **header, "rows": tuple(rows), "source_rows": tuple(source_rows), "period": period,
        "period_source": period_source, "county_source": county_source, "problems": tuple(problems),
    })


def _fill_period(values: dict[str, list], ledger: Ledger, table: _Table, options: ImportOptions, sheet: str,
                 n: int) -> tuple[str | None, str | None, Problem | None]:
    """Fill blank period cells from the 填报日期 line, the uploader's choice or the upload day; say which."""
    name = ledger.period_column
    column = values.get(name, [None] * n)
    if all(v is not None for v in column):
        values[name] = column
        return "、".join(sorted({period_label(v) for v in column})), FROM_COLUMN, None
    fallback = _preamble_period(table.preamble, ledger)
    source = FROM_SHEET
    if fallback is None and options.period:
        try:
            fallback = parse_period_text(options.period, ledger)
        except _BadValue as exc:
            return None, None, Problem("bad_period", f"上传时选择的填报期“{options.period}”{exc}", sheet=sheet)
        source = FROM_USER
    if fallback is None:
        fallback = parse_period_text(options.today.isoformat(), ledger)
        source = FROM_UPLOAD_DAY
    values[name] = [fallback if v is None else v for v in column]
    return period_label(fallback), source, None


def _duplicates(ledger: Ledger, rows: Sequence[dict], source_rows: Sequence[int], sheet: str) -> list[Problem]:
    """A row whose identity repeats an earlier row of the same file."""
    if not ledger.identity:
        return []
    seen: dict[tuple, int] = {}
    problems = []
    labels = "、".join(ledger.column(n).label for n in ledger.identity)
    first = ledger.column(ledger.identity[0])
    for row, excel_row in zip(rows, source_rows):
        key = tuple(row[n] for n in ledger.identity)
        if any(v is None for v in key):
            continue
        if key in seen:
            problems.append(Problem(
                "duplicate_row", f"与第 {seen[key]} 行重复（{labels}相同）", sheet, excel_row, first.label, cell_text(row[first.name]),
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
