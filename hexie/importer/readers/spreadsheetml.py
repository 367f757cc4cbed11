"""Excel 2003 XML (SpreadsheetML): what WPS and Excel write as “XML 表格”, often named .xls.

Parsed with defusedxml, which refuses DTDs and entity declarations outright.
"""

from __future__ import annotations

from datetime import datetime

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

from hexie.importer.model import Grid, Limits, Refusal

NAMESPACE = "urn:schemas-microsoft-com:office:spreadsheet"
_SS = f"{{{NAMESPACE}}}"
# How far an ss:Index or a merge may reach: a hostile ss:Index="100000000" must not allocate cells.
MAX_COLUMNS = 16384


def looks_like_spreadsheetml(data: bytes) -> bool:
    """True for XML naming the SpreadsheetML namespace near its start."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml") and NAMESPACE.encode() in data[:16384]


def _value(data) -> object:
    if data is None:
        return None
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type", "String")
    try:
        if kind == "Number":
            return float(text)
        if kind == "Boolean":
            return text.strip() == "1"
        if kind == "DateTime":
            return datetime.fromisoformat(text.strip()[:19])
    except ValueError:
        return text
    return text


def _index(element, attribute: str, default: int, limit: int) -> int:
    try:
        value = int(element.get(f"{_SS}{attribute}", default))
    except ValueError:
        return default
    if not 0 <= value <= limit:
        raise Refusal("too_many_cells", "工作表声明的行列超出上限，请用 Excel 或 WPS 另存为 .xlsx 后上传")
    return value


def spreadsheetml_grids(data: bytes, limits: Limits) -> list[Grid]:
    """Every worksheet as a grid; ss:Index gaps become blank cells, MergeAcross/MergeDown merged ranges."""
    try:
        root = SafeTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise Refusal("xml_dtd", "文件中含有 XML 实体声明（DTD），出于安全考虑已拒绝读取；请用 Excel 或 WPS 另存为 .xlsx 后上传") from None
    except SafeTree.ParseError:
        raise Refusal("corrupt", "文件已损坏或不是有效的 XML 表格，请用 Excel 或 WPS 另存为 .xlsx 后上传") from None
    grids = []
    total = 0
    for number, sheet in enumerate(root.iter(f"{_SS}Worksheet"), 1):
        name = sheet.get(f"{_SS}Name") or f"Sheet{number}"
        cells: list[list] = []
        merges = []
        for table in sheet.iter(f"{_SS}Table"):
            r = -1
            for row in table.iter(f"{_SS}Row"):
                r = _index(row, "Index", r + 2, limits.max_rows) - 1
                if r >= limits.max_rows:
                    raise Refusal("too_many_rows", f"工作表“{name}”超过上限 {limits.max_rows} 行，请拆分后上传")
                while len(cells) <= r:
                    cells.append([])
                c = -1
                for cell in row.iter(f"{_SS}Cell"):
                    c = _index(cell, "Index", c + 2, MAX_COLUMNS) - 1
                    across = _index(cell, "MergeAcross", 0, MAX_COLUMNS)
                    down = _index(cell, "MergeDown", 0, limits.max_rows)
                    line = cells[r]
                    if len(line) <= c:
                        line.extend([None] * (c + 1 - len(line)))
                    line[c] = _value(cell.find(f"{_SS}Data"))
                    total += 1
                    if total > limits.max_cells:
                        raise Refusal("too_many_cells", f"工作表“{name}”的单元格超过上限 {limits.max_cells} 个，请删去无关内容后上传")
                    if across or down:
                        merges.append(((r, c), (r + down, c + across)))
                    c += across
        width = max((len(row) for row in cells), default=0)
        for row in cells:
            row.extend([None] * (width - len(row)))
        grids.append(Grid(name, cells, tuple(merges)))
    if not grids:
        raise Refusal("corrupt", "文件是 XML 但不是 Excel 表格，请用 Excel 或 WPS 另存为 .xlsx 后上传")
    return grids
