"""parse_upload never raises: generated workbooks with merges anywhere, ragged rows, empty sheets, huge declared
dimensions and formulas with cached values come back as a result or a refusal with a Chinese message."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hexie.importer import ImportOptions, parse_upload

HEADERS = ["县区", "年度", "大中型企业数", "小微企业数", "企业名称", "服务方式", "统一社会信用代码", "序号", "合计"]
CELL = st.one_of(
    st.none(), st.integers(-5, 3000), st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(HEADERS),
    st.sampled_from(["章贡区", "于都", "2021年", "2021-06", "是", "否", "走访服务", "=1+1", "示例", "填表人：张三"]),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=8), st.dates(), st.booleans(),
)
MERGE = st.tuples(st.integers(1, 60), st.integers(1, 12), st.integers(0, 80), st.integers(0, 12))
SHEET = st.tuples(
    st.lists(st.lists(CELL, max_size=9), max_size=12),  # ragged rows, possibly none at all
    st.lists(MERGE, max_size=4),                         # merges beyond the data, overlapping, one-cell, whole-row
    st.booleans(),                                       # declare a huge dimension that is not filled
    st.booleans(),                                       # formulas with cached values
)


def workbook(sheets) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, (rows, _, _, _) in enumerate(sheets):
        ws = wb.create_sheet(f"表{i}")
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return _patch(buffer.getvalue(), sheets)


def _patch(data: bytes, sheets) -> bytes:
    """Write merges (overlapping ones too), a huge <dimension> and cached formula values straight into the sheet XML."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if m:
                _, merges, huge, cached = sheets[int(m.group(1)) - 1]
                text = body.decode()
                if huge:
                    text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', text)
                if cached:
                    text = re.sub(r"<f>([^<]*)</f><v\s*/>|<f>([^<]*)</f>", r"<f>\1\2</f><v>2</v>", text)
                if merges:
                    refs = "".join(
                        f'<mergeCell ref="{_ref(r, c)}:{_ref(r + dr, c + dc)}"/>' for r, c, dr, dc in merges
                    )
                    text = text.replace("</sheetData>", f'</sheetData><mergeCells count="{len(merges)}">{refs}</mergeCells>', 1)
                body = text.encode()
            target.writestr(item, body)
    return out.getvalue()


def _ref(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(SHEET, min_size=1, max_size=3), st.sampled_from([None, "于都县"]))
def test_parse_upload_never_raises_on_generated_workbooks(sheets, county):
    result = parse_upload(workbook(sheets), "台账.xlsx", ImportOptions(today=date(2021, 8, 15), county=county))
    for problem in result.problems:
        assert re.search(r"[\u4e00-\u9fff]", problem.message), problem
    if result.refused:
        assert result.rows == ()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["台账.xls", "台账.xlsx", "台账.csv", "台账.html"]))
def test_parse_upload_never_raises_on_arbitrary_bytes(data, name):
    spreadsheetml = b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'
    for prefix in (b"", b"PK\x03\x04", b"<html><table><tr><td>", spreadsheetml):
        result = parse_upload(prefix + data, name, ImportOptions(today=date(2021, 8, 15)))
        assert all(re.search(r"[\u4e00-\u9fff]", p.message) for p in result.problems)
