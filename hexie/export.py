"""Tables to Excel files, with text that looks like a formula kept as text."""

from __future__ import annotations

import io
from datetime import date, datetime

import pandas as pd
HEADER_FILL_COLOR = "DDEBF7"


def _cell_value(value):
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    if hasattr(value, "item"):
        return value.item()
    return value


def frame_to_xlsx(frame: pd.DataFrame, sheet_title: str = "数据") -> bytes:
    """An .xlsx file of the frame: bold header, dates formatted, no cell ever a live formula."""
    return frames_to_xlsx({sheet_title: frame})


def frames_to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An .xlsx file with one sheet per frame, each written as frame_to_xlsx writes one."""
    # Imported here: openpyxl is needed only when someone downloads, not on every page's first run.
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, frame in sheets.items():
        _write_sheet(wb.create_sheet(title[:31]), frame)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_sheet(ws, frame: pd.DataFrame) -> None:
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL_COLOR)
    for record in frame.itertuples(index=False):
        ws.append([_cell_value(v) for v in record])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                # openpyxl stores a string starting with '=' as a formula unless told otherwise.
                cell.data_type = TYPE_STRING
            elif isinstance(cell.value, (date, datetime)):
                cell.number_format = "yyyy-mm-dd"
    for idx, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)]) if len(frame) else len(str(column))
        ws.column_dimensions[get_column_letter(idx)].width = min(max(8, width * 2 + 2), 60)
    ws.freeze_panes = "A2"
