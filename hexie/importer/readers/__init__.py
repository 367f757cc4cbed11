"""Reading a file's bytes into grids: the kind is told here, each kind is read by its own module."""

from __future__ import annotations

from pathlib import Path

from hexie.importer.model import Grid, Limits, Refusal
from hexie.importer.readers.delimited import CSV_EXTENSIONS, csv_grid
from hexie.importer.readers.workbook import (
    ENCRYPTION_STREAM,
    OLE2_MAGIC,
    ZIP_MAGIC,
    calamine_grids,
    check_zip,
)


def size_text(n: int) -> str:
    """A byte count as people say it: 20 MB, 512 KB."""
    return f"{n / 1024 / 1024:.3g} MB" if n >= 1024 * 1024 else f"{n / 1024:.3g} KB"


def read_capped(path: Path, limits: Limits = Limits()) -> bytes:
    """A file's bytes for parse_upload, but never more than the size limit and one byte: a bigger file is refused
    for its size without being read whole (the command line; the page gets bytes Streamlit has capped)."""
    with path.open("rb") as f:
        return f.read(limits.max_bytes + 1)


def read_grids(data: bytes, file_name: str, limits: Limits = Limits()) -> list[Grid]:
    """Every sheet of a workbook or the one table of a CSV, refusing hostile or unreadable files."""
    if not data:
        raise Refusal("empty_file", "文件是空的（0 字节），请检查后重新上传")
    if len(data) > limits.max_bytes:
        raise Refusal("too_large", f"文件大于上限 {size_text(limits.max_bytes)}，请拆分后上传")
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTION_STREAM in data:
            raise Refusal("encrypted", "工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传")
        return calamine_grids(data, limits)
    if data.startswith(ZIP_MAGIC):
        check_zip(data, limits)
        return calamine_grids(data, limits)
    if file_name.lower().endswith(CSV_EXTENSIONS):
        return [csv_grid(data, file_name, limits)]
    raise Refusal("not_spreadsheet", f"“{file_name}”不是 Excel 工作簿或 CSV 文件，无法读取；请上传 .xlsx、.xls 或 .csv 文件")

