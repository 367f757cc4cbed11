"""Excel files generated from the ledger declaration: blank templates to fill and exports of active rows."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from hexie.export import frame_to_xlsx
from hexie.geo import REPORTING_UNITS
from hexie.importer import EXAMPLE_MARK, MILESTONE_SEPARATOR, period_label
from hexie.ledgers import (
    BOOL, CHOICE, COUNTY, CREDIT_CODE, DATE, INT, MILESTONE, MONTH, NUMBER, TEXT, YEAR, Column, Ledger,
    ledger as ledger_by_key,
)

DATA_SHEET, HELP_SHEET, LISTS_SHEET = "填报", "说明", "选项"
TEMPLATE_ROWS = 1000
HEADER_ROW = 3
NUMBER_FORMATS = {INT: "0", NUMBER: "0.00", DATE: "yyyy-mm-dd", MONTH: "yyyy-mm", YEAR: "0", TEXT: "@", CREDIT_CODE: "@"}

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXAMPLE_FONT = Font(italic=True, color="808080")


def allowed_values(column: Column, milestones: dict[str, str]) -> tuple[str, ...]:
    """The values a drop-down offers for a column; empty for free-form columns."""
    if column.type == CHOICE:
        return tuple(column.choices)
    if column.type == BOOL:
        return column.answers
    if column.type == COUNTY:
        return REPORTING_UNITS
    if column.type == MILESTONE:
        return tuple(milestone_choice(mid, title) for mid, title in milestones.items())
    return ()


def milestone_choice(milestone_id: str, title: str) -> str:
    """A drop-down entry a clerk can read and the importer can resolve: the id, then the title."""
    return f"{milestone_id}{MILESTONE_SEPARATOR}{title}"


def format_hint(column: Column) -> str:
    """How to fill a column, in Chinese, for the 说明 sheet and the 数据说明 page."""
    hints = {
        INT: f"整数，不能为负{f'（单位：{column.unit}）' if column.unit else ''}；可写“120人”",
        NUMBER: f"数值，不能为负{f'（单位：{column.unit}）' if column.unit else ''}",
        DATE: "日期，如 2021-06-03、2021年6月3日",
        MONTH: "年月，如 2021-06、2021年6月、2021.06；“2022年1季度”记为该季度末月",
        YEAR: "年度，如 2021 或 2021年",
        BOOL: " / ".join(column.answers) + (
            f"（{'、'.join(column.pending[1:])}都读作{column.answers[2]}）" if column.three_valued else ""),
        COUNTY: "县（市、区）现名，旧称自动转换",
        MILESTONE: "从下拉列表选择（节点编号｜节点名称）；也可只填节点编号或不重名的节点名称",
        TEXT: "文本",
        CREDIT_CODE: "18位统一社会信用代码（数字和大写字母，末位为校验位）",
    }
    if column.type == CHOICE:
        return "可选：" + "、".join(column.choices)
    return hints[column.type]


def _example_value(column: Column, milestones: dict[str, str]) -> object:
    if column.type == MILESTONE and milestones:
        mid = column.example if column.example in milestones else next(iter(milestones))
        return milestone_choice(mid, milestones[mid])
    return column.example


def build_template(key: str, milestones: dict[str, str] | None = None) -> bytes:
    """The ledger's Excel template: title, 填报 line, styled header (* marks required), drop-downs,
    formats, one example row marked 示例 (the importer skips it) and a 说明 sheet."""
    ledger = ledger_by_key(key)
    milestones = milestones or {}
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    width = len(ledger.columns) + 1
    ws.cell(1, 1, ledger.name).font = Font(bold=True, size=16)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(2, 1, "填报单位：")
    ws.cell(2, max(2, width - 2), "填报日期：")
    ws.row_dimensions[HEADER_ROW].height = 32

    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    headers = ["序号", *(("*" if c.required else "") + c.label for c in ledger.columns)]
    for idx, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, idx, text)
        cell.font = Font(bold=True, color="C00000" if text.startswith("*") else "000000")
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(idx)].width = max(8, min(40, len(text) * 2 + 4))

    example_row = HEADER_ROW + 1
    ws.cell(example_row, 1, EXAMPLE_MARK).font = _EXAMPLE_FONT
    first, last = example_row + 1, example_row + TEMPLATE_ROWS
    list_column = 0
    for idx, column in enumerate(ledger.columns, start=2):
        letter = get_column_letter(idx)
        cell = ws.cell(example_row, idx, _example_value(column, milestones))
        cell.font = _EXAMPLE_FONT
        if column.type in NUMBER_FORMATS:
            for row in range(example_row, last + 1):
                ws.cell(row, idx).number_format = NUMBER_FORMATS[column.type]
        values = allowed_values(column, milestones)
        if values:
            list_column += 1
            list_letter = get_column_letter(list_column)
            for r, value in enumerate(values, start=1):
                lists.cell(r, list_column, value)
            validation = DataValidation(
                type="list", formula1=f"{quote_sheetname(LISTS_SHEET)}!${list_letter}$1:${list_letter}${len(values)}",
                allow_blank=not column.required, showErrorMessage=True, errorStyle="warning",
                errorTitle="不在可选范围", error=f"“{column.label}”请从下拉列表中选择",
            )
            validation.add(f"{letter}{first}:{letter}{last}")
            ws.add_data_validation(validation)
    ws.freeze_panes = ws.cell(example_row, 2)
    _help_sheet(wb.create_sheet(HELP_SHEET, 1), ledger)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# How the importer reads a filled-in table, as the 说明 sheet of every template and the 数据说明 page tell it.
READING_RULES = (
    "表头不必与模板一字不差：“也可写作”中的写法、全角字符、空格、单位后缀（如“（人）”）和必填标记“*”都能识别。",
    "合计、小计行，填表人、审核人等落款行，以及模板的示例行，不会导入。",
    "县（市、区）、名称、类型、日期等向下合并的单元格，按合并区域内每一行都填了该值读取；"
    "数字不能向下合并（一个数分不到几行），须逐行填写。",
    "显示为错误值（#DIV/0!、#N/A、#REF! 等）的单元格列为问题，不当作空白（.xlsx 文件；.xls、.ods 里的错误值读出来是空白，请先改正）。",
    "隐藏的工作表只在其他工作表都没有台账表头时才读取；被筛选掉或隐藏的行照常读取，.xlsx 文件的结果中会列出是哪几行。",
    "一个文件读取一个工作表：同一台账分在几个工作表（如每月一张）时，请分别另存为文件，一起上传。",
)


def _help_sheet(ws, ledger: Ledger) -> None:
    ws.append([f"{ledger.name}填报说明"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"每行是：{ledger.row}。{ledger.help}"])
    ws.append([mode_text(ledger)])
    ws.append(["带 * 的栏目必填；第4行（序号为“示例”）是示例，导入时忽略，可保留或删除。"])
    ws.append([])
    ws.append(["栏目", "必填", "类型", "填写要求", "也可写作"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for column in ledger.columns:
        ws.append([column.label, "是" if column.required else "", column.type_label,
                   "；".join(t for t in (format_hint(column), column.help) if t), "、".join(column.aliases)])
    ws.append([])
    ws.append(["表格怎么读"])
    ws.cell(ws.max_row, 1).font = Font(bold=True)
    for rule in READING_RULES:
        ws.append([rule])
    for letter, width in zip("ABCDE", (22, 6, 10, 60, 50)):
        ws.column_dimensions[letter].width = width


def dictionary_frame(key: str) -> pd.DataFrame:
    """A ledger's columns for the 数据说明 page: 栏目, 必填, 类型, 填写要求, 也可写作, 字段名."""
    ledger = ledger_by_key(key)
    return pd.DataFrame(
        [(c.label, "是" if c.required else "", c.type_label, "；".join(t for t in (format_hint(c), c.help) if t),
          "、".join(c.aliases), c.name) for c in ledger.columns],
        columns=["栏目", "必填", "类型", "填写要求", "也可写作", "字段名"],
    )


def mode_text(ledger: Ledger) -> str:
    """How uploads of this ledger combine, in Chinese."""
    if ledger.period_column:
        period = ledger.column(ledger.period_column).label
        return (f"同一县（市、区）同一{period}再次上传时，新表整体替换旧表（旧数据保留在历史中）；"
                f"{period}不填时取表头“填报日期”、上传时选择的年月或上传当天。")
    keys = "、".join(ledger.column(n).label for n in ledger.identity)
    return f"每次上传追加新行；{keys}都相同的行视为重复，只计一次。"


def export_frame(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Active rows as people read them: Chinese headers, 是/否 (a three-valued column's words as stored: 未评估 is
    not blank), months as 2021-06 (re-importable)."""
    ledger = ledger_by_key(key)
    out = pd.DataFrame(index=frame.index)
    for column in ledger.columns:
        values = frame[column.name]
        if column.type == BOOL and not column.three_valued:
            values = values.map(lambda v: None if pd.isna(v) else (column.yes_words[0] if v else column.no_words[0]))
        elif column.type == MONTH:
            values = values.map(lambda v: None if pd.isna(v) else period_label(pd.Timestamp(v).date()))
        elif column.type == DATE:
            values = values.map(lambda v: None if pd.isna(v) else pd.Timestamp(v).date())
        out[column.label] = values.astype(object)
    return out


def export_workbook(frame: pd.DataFrame, key: str) -> bytes:
    """An .xlsx of active rows with Chinese headers; text is never written as a formula."""
    return frame_to_xlsx(export_frame(frame, key), sheet_title=ledger_by_key(key).name)
