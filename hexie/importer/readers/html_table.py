"""Web-system exports: an .xls (or .htm/.html) that is really an HTML table, in GBK, GB18030 or UTF-8.

Read with the standard library's html.parser, which never fetches anything (no images, styles or scripts are
loaded); colspan/rowspan become merged ranges, each <table> one grid.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hexie.importer.model import Grid, Limits, Refusal

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Chinese web systems label GBK pages gb2312 or gbk; GB18030 reads both and more.
_CHINESE_CHARSETS = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"}
# How far a span may reach: a hostile rowspan="100000000" must not allocate rows.
MAX_SPAN = 1000


def looks_like_html(data: bytes) -> bool:
    """True for bytes that start (after a BOM and white space) like an HTML document or fragment with a table."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head", b"<body")) or (
        head.startswith(b"<") and b"<table" in data[:65536].lower()
    )


def decode_html(data: bytes) -> str:
    """The page's text: by its BOM, its meta charset, else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    candidates = []
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.append("gb18030" if name in _CHINESE_CHARSETS else name)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise Refusal("bad_encoding", "网页表格的编码无法识别，请另存为 UTF-8 或 GBK 编码后上传")


class _Tables(HTMLParser):
    """Collect every table's cells as text with their row and column spans."""

    def __init__(self, limits: Limits):
        super().__init__(convert_charrefs=True)
        self.limits = limits
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self._open: list[list[list[tuple[str, int, int]]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._cells = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._close_cell()
            self._open.append([])
        elif not self._open:
            return
        elif tag == "tr":
            self._close_cell()
            self._open[-1].append([])
            if len(self._open[-1]) > self.limits.max_rows:
                raise Refusal("too_many_rows", f"网页表格超过上限 {self.limits.max_rows} 行，请拆分后上传")
        elif tag in ("td", "th"):
            self._close_cell()
            if not self._open[-1]:
                self._open[-1].append([])
            values = dict(attrs)
            self._span = (_span(values.get("rowspan")), _span(values.get("colspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if not self._open:
            return
        if tag in ("td", "th", "tr"):
            self._close_cell()
        elif tag == "table":
            self._close_cell()
            self.tables.append(self._open.pop())

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def close(self):
        super().close()
        self._close_cell()
        while self._open:
            self.tables.append(self._open.pop())

    def _close_cell(self):
        if self._cell is None or not self._open:
            return
        text = " ".join("".join(self._cell).split())
        if not self._open[-1]:
            self._open[-1].append([])
        self._open[-1][-1].append((text, *self._span))
        self._cell = None
        self._cells += 1
        if self._cells > self.limits.max_cells:
            raise Refusal("too_many_cells", f"网页表格的单元格超过上限 {self.limits.max_cells} 个，请删去无关内容后上传")


def _span(text: str | None) -> int:
    try:
        return min(max(int(text or 1), 1), MAX_SPAN)
    except ValueError:
        return 1


def _grid(name: str, rows: list[list[tuple[str, int, int]]], limits: Limits) -> Grid:
    """Lay cells out as Excel shows them: a spanned cell fills its range (blank but the top-left) as a merge."""
    cells: list[list] = [[] for _ in rows]
    taken: set[tuple[int, int]] = set()
    merges = []
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in taken:
                c += 1
            rowspan = min(rowspan, len(rows) - r)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            if len(cells[r]) <= c:
                cells[r].extend([None] * (c + 1 - len(cells[r])))
            cells[r][c] = text or None
            if rowspan > 1 or colspan > 1:
                merges.append(((r, c), (r + rowspan - 1, c + colspan - 1)))
            c += colspan
        if len(taken) > limits.max_cells:
            raise Refusal("too_many_cells", f"网页表格的单元格超过上限 {limits.max_cells} 个，请删去无关内容后上传")
    width = max((len(row) for row in cells), default=0)
    for row in cells:
        row.extend([None] * (width - len(row)))
    return Grid(name, cells, tuple(merges))


def html_grids(data: bytes, limits: Limits) -> list[Grid]:
    """Every table of the page as a grid, named 表格1, 表格2 …"""
    parser = _Tables(limits)
    parser.feed(decode_html(data))
    parser.close()
    tables = [t for t in parser.tables if any(t)]
    if not tables:
        raise Refusal("no_data", "网页文件中没有表格，请从系统中重新导出 Excel 后上传")
    return [_grid(f"表格{i}", rows, limits) for i, rows in enumerate(tables, 1)]
