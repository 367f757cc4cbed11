"""Excel workbooks (.xlsx, .xls, .xlsb) and OpenDocument spreadsheets (.ods) through calamine, after the archive is
checked for hostile content."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.parsers import expat

import defusedxml.ElementTree as SafeTree
import python_calamine

from hexie.importer.model import CellError, Grid, Limits, Refusal

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MESSAGE = "工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传"
# The stream an encrypted OOXML workbook (a password to open) carries inside its OLE2 container.
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
XLSX, ODS = "xlsx", "ods"
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# calamine lays a sheet out as one dense block from A1 to its farthest cell, so a single cell at XFD1048576 costs
# 17 billion cells of memory before a value is read. Where each cell and row says it is: r="XFD1048576", r="1048576".
# The same, only past row 99,999 or column Z: an ordinary ledger has none, so looking for them costs one quick pass.
# A spelling no program writes (r = "…", spaces around the equals sign) slips past this look; the worker's memory cap
# then ends the parse (hexie.importer.worker), a less precise refusal but no harm.
_FAR_POSITION = re.compile(rb"""r=["'](?:[A-Za-z]{2,3}[0-9]{1,9}|[A-Za-z]?[0-9]{6,9})["']""")
# An error cell: <c r="C2" t="e"><v>#DIV/0!</v></c>. calamine reads it as blank.
_ERROR_TYPE = re.compile(rb"""t=["']e["']""")
# A row (or column) Excel does not show: <row r="5" hidden="1">, filtered out or hidden by hand.
_HIDDEN = re.compile(rb"""hidden=["'](?:1|true)["']""")
_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,9})")
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"
_SHEET_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """xlsx for an Excel workbook, ods for an OpenDocument spreadsheet (its tiny mimetype member says so), else None."""
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return XLSX
    if "content.xml" in names and "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
        if archive.read("mimetype").strip() == ODS_MIMETYPE:
            return ODS
    return None


def _ods_encrypted(archive: zipfile.ZipFile, names: set[str]) -> bool:
    """An OpenDocument file saved with a password lists how each part is encrypted in its (small) manifest."""
    if "META-INF/manifest.xml" not in names or archive.getinfo("META-INF/manifest.xml").file_size > 1 << 20:
        return False
    return b"encryption-data" in archive.read("META-INF/manifest.xml")


@dataclass(frozen=True)
class Archive:
    """What the check of a workbook archive found: its kind (xlsx or ods), the error cells of each sheet by name
    ((row, column) zero-based → the error as Excel shows it), its hidden rows (zero-based), and whether it holds
    pictures."""

    kind: str
    errors: dict[str, dict[tuple[int, int], str]]
    hidden_rows: dict[str, frozenset[int]]
    pictures: bool


def check_zip(data: bytes, limits: Limits) -> Archive:
    """What the archive is and holds (Archive); refuses a damaged archive, a decompression bomb or XML with a DTD before any
    XML parser sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传") from None
    # Excel and WPS write only stored or deflated parts; any other method is a damaged or foreign archive.
    if any(m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for m in members):
        raise Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传")
    names = {m.filename for m in members}
    try:
        kind = _zip_kind(archive, names)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传") from None
    if kind is None:
        raise Refusal("not_spreadsheet", "文件是压缩包而不是 Excel 工作簿，无法读取；请上传 .xlsx、.xls 或 .csv 文件")
    if kind == ODS and _ods_encrypted(archive, names):
        raise Refusal("encrypted", ENCRYPTED_MESSAGE)
    declared = sum(m.file_size for m in members)
    if declared > limits.max_uncompressed or any(
        m.file_size > 1024 * 1024 and m.file_size > limits.max_ratio * max(m.compress_size, 1) for m in members
    ):
        raise Refusal("zip_bomb", "文件解压后体积异常（疑似“压缩炸弹”），已拒绝读取")
    walks: dict[str, _SheetWalk] = {}
    try:
        for member in members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            far, marked = _scan_xml(archive, member, limits)
            if far or marked:
                walk = walks[member.filename] = _walk_sheet(archive, member, marked)
                if far:
                    _check_sheet_extent(archive, member, walk, limits)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, SafeTree.ParseError, expat.ExpatError):
        raise Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传") from None
    names = _sheet_names(archive) if walks else {}
    pictures = any(m.filename.startswith(("xl/media/", "Pictures/")) for m in members)
    return Archive(
        kind, {names.get(part, part): walk.errors for part, walk in walks.items() if walk.errors},
        {names.get(part, part): frozenset(walk.hidden_rows) for part, walk in walks.items() if walk.hidden_rows}, pictures,
    )


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> tuple[bool, bool]:
    """Decompress one part with a byte cap (zipfile checks the CRC) and refuse DTDs and entity declarations.

    Returns whether the part is a worksheet with a cell or row past row 99,999 or column Z, and whether it is one
    with error cells (t="e") or hidden rows, which a walk then finds.
    """
    tail = b""
    total = 0
    far = marked = False
    worksheet = member.filename.startswith("xl/worksheets/")
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > limits.max_uncompressed:
                raise Refusal("zip_bomb", "文件解压后体积异常（疑似“压缩炸弹”），已拒绝读取")
            window = tail + chunk
            if _DTD.search(window):
                raise Refusal("xml_dtd", "文件中含有 XML 实体声明（DTD），出于安全考虑已拒绝读取；请用 Excel 或 WPS 另存为 .xlsx 后上传")
            if worksheet:
                far = far or _FAR_POSITION.search(window) is not None
                marked = marked or _ERROR_TYPE.search(window) is not None or _hides_a_row(window)
            tail = chunk[-24:]
    return far, marked


def _hides_a_row(window: bytes) -> bool:
    """Whether a hidden="1" in this stretch of a worksheet belongs to a <row>: hidden columns (<col>) are common and
    change nothing the importer reads. Where the element's start lies before the stretch, it may be a row."""
    for match in _HIDDEN.finditer(window):
        start = window.rfind(b"<", 0, match.start())
        name = (window[start + 1:match.start()].split(None, 1) or [b""])[0] if start >= 0 else b"row"
        if name.rpartition(b":")[2] == b"row":
            return True
    return False


def column_letters(number: int) -> str:
    """A column number as Excel names it: 1 → A, 16384 → XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _SheetWalk:
    """One pass over a worksheet's XML: the farthest row and column holding a value (a <v> or an inline string), the
    hidden rows, and, when asked, the error cells. Each cell is placed as calamine places it: by its r attribute, or after the cell
    before it in its row, rows by theirs or after the row before."""

    def __init__(self) -> None:
        self.row = self.column = 0  # where a cell or row without an r attribute goes, 0-based
        self.cell: tuple[int, int] | None = None
        self.valued = self.error = self.reading = False
        self.text: list[str] = []  # an error cell's <v> text
        self.last_row = self.last_column = 0  # 1-based; 0 while no cell holds a value
        self.errors: dict[tuple[int, int], str] = {}
        self.hidden_rows: set[int] = set()

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            position = attributes.get("r")
            if position:
                self.cell = _cell_position(position)
                self.column = self.cell[1]
            else:
                self.cell = (self.row, self.column)
            self.valued = False
            self.error = attributes.get("t") == "e"
        elif local in ("v", "is"):
            self.valued = self.cell is not None
            if self.error and local == "v":
                self.text, self.reading = [], True
        elif local == "row":
            if attributes.get("r"):
                self.row = int(attributes["r"]) - 1
            if attributes.get("hidden") in ("1", "true"):
                self.hidden_rows.add(self.row)

    def characters(self, data: str) -> None:
        if self.reading:
            self.text.append(data)

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "c":
            if self.valued and self.cell is not None:
                self.last_row = max(self.last_row, self.cell[0] + 1)
                self.last_column = max(self.last_column, self.cell[1] + 1)
                if self.error:
                    self.errors[self.cell] = "".join(self.text).strip() or "#VALUE!"
            self.cell = None
            self.column += 1
        elif local == "v":
            self.reading = False
        elif local == "row":
            self.row += 1
            self.column = 0


def _walk_sheet(archive: zipfile.ZipFile, member: zipfile.ZipInfo, errors: bool) -> _SheetWalk:
    """Read a worksheet part with expat (its DTDs already refused), collecting error cells when `errors`."""
    walk = _SheetWalk()
    parser = expat.ParserCreate()
    parser.StartElementHandler = walk.start
    parser.EndElementHandler = walk.end
    if errors:  # text is only wanted from error cells; without the handler expat hands none over
        parser.CharacterDataHandler = walk.characters
    with archive.open(member) as stream:
        parser.ParseFile(stream)
    return walk


def _cell_position(reference: str) -> tuple[int, int]:
    """A1 → (0, 0), XFD1048576 → (1048575, 16383); ValueError for anything else."""
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        raise ValueError(f"not a cell reference: {reference!r}")
    number = 0
    for letter in match.group(1).upper():
        number = number * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, number - 1


def _check_sheet_extent(archive: zipfile.ZipFile, member: zipfile.ZipInfo, walk: _SheetWalk, limits: Limits) -> None:
    """Refuse a sheet whose farthest cell with a value makes it bigger than the limits: before calamine lays it out.
    Only sheets with a far position, an error cell or a hidden row are walked, so ordinary ledgers are not read
    twice. Cells that only carry a format (a column formatted to row 1048576, as offices often leave it) hold
    nothing and are not counted."""
    last_row, last_column = walk.last_row, walk.last_column
    if last_row <= limits.max_rows and last_column <= limits.max_columns and last_row * max(last_column, 1) <= limits.max_cells:
        return
    name = _sheet_names(archive).get(member.filename, member.filename.rsplit("/", 1)[-1])
    far_cell = f"{column_letters(last_column) if last_column else ''}{last_row}"
    if last_row > limits.max_rows:
        raise Refusal(
            "too_many_rows",
            f"工作表“{name}”有内容远在第 {last_row} 行（最远处 {far_cell}），超过上限 {limits.max_rows} 行；"
            "请删去表格以外的内容或拆分后上传",
        )
    if last_column > limits.max_columns:
        raise Refusal(
            "too_many_columns",
            f"工作表“{name}”有内容远在第 {last_column} 列（最远处 {far_cell}），超过上限 {limits.max_columns} 列；"
            "请删去表格以外的内容后上传",
        )
    raise Refusal(
        "too_many_cells",
        f"工作表“{name}”有内容远在 {far_cell} 单元格，整张表达 {last_row} 行 × {last_column} 列，"
        f"超过上限 {limits.max_cells} 个单元格；请删去表格以外的内容后上传",
    )


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → the sheet's name as Excel shows it, for messages (empty when the workbook does not say)."""
    try:
        return _named_parts(archive)
    except (KeyError, SafeTree.ParseError, ValueError):
        return {}


def _named_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    targets = {
        rel.get("Id"): "xl/" + rel.get("Target", "").lstrip("/").removeprefix("xl/")
        for rel in SafeTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(_RELATIONSHIPS)
    }
    return {
        targets[sheet.get(_SHEET_ID)]: sheet.get("name", "")
        for sheet in SafeTree.fromstring(archive.read("xl/workbook.xml")).iter(_SHEET)
        if sheet.get(_SHEET_ID) in targets
    }


def calamine_grids(data: bytes, limits: Limits, archive: Archive | None = None) -> list[Grid]:
    """Every worksheet as a grid from A1; for a checked archive, with its error cells put back as CellError and its
    hidden rows marked."""
    errors = archive.errors if archive else {}
    hidden_rows = archive.hidden_rows if archive else {}
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise Refusal("encrypted", ENCRYPTED_MESSAGE) from None
    except Exception:
        raise Refusal("corrupt", "文件已损坏或不是有效的 Excel 工作簿，请用 Excel 或 WPS 重新保存后上传") from None
    grids = []
    with workbook:
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                last_row, last_column = sheet.end or (-1, -1)
                if last_row + 1 > limits.max_rows:
                    raise Refusal("too_many_rows", f"工作表“{meta.name}”有 {last_row + 1} 行，超过上限 {limits.max_rows} 行，请拆分后上传")
                if last_column + 1 > limits.max_columns:
                    raise Refusal("too_many_columns",
                                  f"工作表“{meta.name}”有 {last_column + 1} 列，超过上限 {limits.max_columns} 列，请删去无关内容后上传")
                if (last_row + 1) * (last_column + 1) > limits.max_cells:
                    raise Refusal("too_many_cells", f"工作表“{meta.name}”的单元格超过上限 {limits.max_cells} 个，请删去无关内容后上传")
                cells = sheet.to_python(skip_empty_area=False)
                merges = tuple(sheet.merged_cell_ranges or ())
            except Refusal:
                raise
            except Exception:
                raise Refusal("corrupt", "文件已损坏或不是有效的 Excel 工作簿，请用 Excel 或 WPS 重新保存后上传") from None
            for (row, column), text in errors.get(meta.name, {}).items():
                if row < len(cells) and column < len(cells[row]):
                    cells[row][column] = CellError(text)
            grids.append(Grid(meta.name, cells, merges, meta.visible != python_calamine.SheetVisibleEnum.Visible,
                              hidden_rows.get(meta.name, frozenset())))
    return grids

