"""CSV and tab-separated text in UTF-8 or GBK."""

from __future__ import annotations

import csv
import io

from hexie.importer.model import Grid, Limits, Refusal

CSV_EXTENSIONS = (".csv", ".txt")


def csv_grid(data: bytes, file_name: str, limits: Limits) -> Grid:
    if b"\x00" in data[:4096]:
        raise Refusal("not_spreadsheet", f"“{file_name}”不是文本格式的 CSV 文件，无法读取")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Refusal("bad_encoding", "CSV 文件的编码无法识别，请另存为 UTF-8 或 GBK 编码后上传")
    sample = text[:8192]
    delimiter = max(",\t;，", key=sample.count)
    rows = []
    cells = 0
    for record in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append(record)
        cells += len(record)
        if len(rows) > limits.max_rows:
            raise Refusal("too_many_rows", f"CSV 文件超过上限 {limits.max_rows} 行，请拆分后上传")
        if len(record) > limits.max_columns:
            raise Refusal("too_many_columns",
                          f"CSV 文件第 {len(rows)} 行有 {len(record)} 列，超过上限 {limits.max_columns} 列；请删去无关内容后上传")
        if cells > limits.max_cells:
            raise Refusal("too_many_cells", f"CSV 文件的单元格超过上限 {limits.max_cells} 个，请删去无关内容或拆分后上传")
    name = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "CSV"
    return Grid(name, rows)

