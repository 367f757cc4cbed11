"""Reading a file's bytes into grids: the kind is told here, each kind is read by its own module."""

from __future__ import annotations

from pathlib import Path

from hexie.importer.model import Grid, Limits, Refusal
from hexie.importer.readers.delimited import CSV_EXTENSIONS, csv_grid
from hexie.importer.readers.html_table import html_grids, looks_like_html
from hexie.importer.readers.spreadsheetml import looks_like_spreadsheetml, spreadsheetml_grids
from hexie.importer.readers.workbook import (
    ENCRYPTED_MESSAGE, ENCRYPTION_STREAM, ODS, OLE2_MAGIC, XLSX, ZIP_MAGIC, calamine_grids, check_zip,
)

XLS, HTML, SPREADSHEETML, CSV = "xls", "html", "spreadsheetml", "csv"
# What a file really was, as its report says it.
KIND_LABELS = {
    XLSX: "Excel 工作簿（.xlsx）", XLS: "Excel 97-2003 工作簿（.xls）", ODS: "OpenDocument 表格（.ods）",
    HTML: "网页导出的表格（HTML）", SPREADSHEETML: "Excel 2003 XML 表格（SpreadsheetML）", CSV: "CSV 文本",
}
# The file name endings each kind is normally saved under; a file under another name is named in its report.
KIND_EXTENSIONS = {
    XLSX: (".xlsx", ".xlsm", ".xlsb"), XLS: (".xls",), ODS: (".ods",), HTML: (".htm", ".html"),
    SPREADSHEETML: (".xml",), CSV: CSV_EXTENSIONS,
}


def size_text(n: int) -> str:
    """A byte count as people say it: 20 MB, 512 KB."""
    return f"{n / 1024 / 1024:.3g} MB" if n >= 1024 * 1024 else f"{n / 1024:.3g} KB"


def too_large_message(max_bytes: int) -> str:
    """The one sentence for a file over the size limit: the importer's refusal, and the upload page's words for the
    refusal the browser makes itself before sending such a file (hexie.ui.file_uploader)."""
    return f"文件超过 {size_text(max_bytes)}，不能上传。请删去多余的工作表或拆成几个文件再传。"


def read_capped(path: Path, limits: Limits = Limits()) -> bytes:
    """A file's bytes for parse_upload, but never more than the size limit and one byte: a bigger file is refused
    for its size without being read whole (the command line; the page gets bytes Streamlit has capped)."""
    with path.open("rb") as f:
        return f.read(limits.max_bytes + 1)


def read_grids(data: bytes, file_name: str, limits: Limits = Limits()) -> tuple[str, list[Grid]]:
    """The file's kind, told from its bytes, and every sheet or table in it; refuses hostile or unreadable files.

    Plain text has no signature, so only there the name decides: .csv and .txt are read as CSV.
    """
    if not data:
        raise Refusal("empty_file", "文件是空的（0 字节），请检查后重新上传")
    if len(data) > limits.max_bytes:
        raise Refusal("too_large", too_large_message(limits.max_bytes))
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTION_STREAM in data:
            raise Refusal("encrypted", ENCRYPTED_MESSAGE)
        return XLS, calamine_grids(data, limits)
    if data.startswith(ZIP_MAGIC):
        archive = check_zip(data, limits)
        grids = calamine_grids(data, limits, archive)
        if archive.pictures and not any(cell not in ("", None) for grid in grids for row in grid.cells for cell in row):
            raise Refusal("only_pictures", "文件中只有图片，没有填在单元格里的内容，无法读取图片中的表格；"
                                           "请把数据填入单元格（可下载模板）后重新上传")
        return archive.kind, grids
    if looks_like_spreadsheetml(data):
        return SPREADSHEETML, spreadsheetml_grids(data, limits)
    if looks_like_html(data):
        return HTML, html_grids(data, limits)
    if file_name.lower().endswith(CSV_EXTENSIONS):
        return CSV, [csv_grid(data, file_name, limits)]
    raise Refusal("not_spreadsheet", f"“{file_name}”不是 Excel 工作簿或 CSV 文件，无法读取；请上传 .xlsx、.xls、.ods 或 .csv 文件")
