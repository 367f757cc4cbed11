"""Excel workbooks (.xlsx, .xls, .xlsb) and OpenDocument spreadsheets (.ods) through calamine, after the archive is
checked for hostile content."""

from __future__ import annotations

import io
import zipfile

import python_calamine

from hexie.importer.model import Grid, Limits, Refusal

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The stream an encrypted OOXML workbook (a password to open) carries inside its OLE2 container.
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
XLSX, ODS = "xlsx", "ods"


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """xlsx for an Excel workbook, ods for an OpenDocument spreadsheet (its tiny mimetype member says so), else None."""
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return XLSX
    if "content.xml" in names and "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
        if archive.read("mimetype").strip() == ODS_MIMETYPE:
            return ODS
    return None


def check_zip(data: bytes, limits: Limits) -> str:
    """The archive's kind (xlsx or ods); refuses a damaged archive, a decompression bomb or XML with a DTD before any
    XML parser sees it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传") from None
    names = {m.filename for m in members}
    try:
        kind = _zip_kind(archive, names)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        raise Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传") from None
    if kind is None:
        raise Refusal("not_spreadsheet", "文件是压缩包而不是 Excel 工作簿，无法读取；请上传 .xlsx、.xls 或 .csv 文件")
    declared = sum(m.file_size for m in members)
    if declared > limits.max_uncompressed or any(
        m.file_size > 1024 * 1024 and m.file_size > limits.max_ratio * max(m.compress_size, 1) for m in members
    ):
        raise Refusal("zip_bomb", "文件解压后体积异常（疑似“压缩炸弹”），已拒绝读取")
    # Excel and WPS write only stored or deflated parts; any other method is a damaged or foreign archive.
    if any(m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for m in members):
        raise Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传")
    try:
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")):
                _scan_xml(archive, member, limits)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise Refusal("corrupt", "文件已损坏或不完整（可能下载或复制时中断），请重新保存后上传") from None
    return kind


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> None:
    """Decompress one part with a byte cap (zipfile checks the CRC) and refuse DTDs and entity declarations."""
    tail = b""
    total = 0
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > limits.max_uncompressed:
                raise Refusal("zip_bomb", "文件解压后体积异常（疑似“压缩炸弹”），已拒绝读取")
            window = (tail + chunk).upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise Refusal("xml_dtd", "文件中含有 XML 实体声明（DTD），出于安全考虑已拒绝读取；请用 Excel 或 WPS 另存为 .xlsx 后上传")
            tail = chunk[-16:]


def calamine_grids(data: bytes, limits: Limits) -> list[Grid]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise Refusal("encrypted", "工作簿设有打开密码（已加密），无法读取，请去除密码后重新上传") from None
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
                if (last_row + 1) * (last_column + 1) > limits.max_cells:
                    raise Refusal("too_many_cells", f"工作表“{meta.name}”的单元格超过上限 {limits.max_cells} 个，请删去无关内容后上传")
                cells = sheet.to_python(skip_empty_area=False)
                merges = tuple(sheet.merged_cell_ranges or ())
            except Refusal:
                raise
            except Exception:
                raise Refusal("corrupt", "文件已损坏或不是有效的 Excel 工作簿，请用 Excel 或 WPS 重新保存后上传") from None
            grids.append(Grid(meta.name, cells, merges))
    return grids

