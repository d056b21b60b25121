"""Small files built to hurt a reader: a sparse-corner workbook, a million-column CSV, a compressed-row workbook.

`python tests/support/hostile_files.py` writes the committed ones under `tests/data/bad/`; the tests build the
larger ones in `tmp_path` from the same functions.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
SPARSE_CORNER = BAD / "sparse_corner.xlsx"
COMPRESSED_ROWS = BAD / "compressed_rows.xlsx"
MILLION_COLUMNS = 1_000_000

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Antworten" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)
_SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def workbook(sheet_xml: bytes) -> bytes:
    """A minimal XLSX file around one worksheet's XML, with inline strings only."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ):
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), text)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2026, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, sheet_xml, compresslevel=9)
    return buffer.getvalue()


def _text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def sparse_corner_xlsx(declare_dimension: bool = True) -> bytes:
    """A workbook of about 1.5 KB whose only cells are A1 and XFD1048576: a reader that allocates the whole
    range asks for hundreds of gigabytes."""
    dimension = '<dimension ref="A1:XFD1048576"/>' if declare_dimension else ""
    sheet = (
        f"{_SHEET_OPEN}{dimension}<sheetData>"
        f'<row r="1">{_text_cell("A1", "department")}</row>'
        f'<row r="1048576">{_text_cell("XFD1048576", "SIL1")}</row>'
        "</sheetData></worksheet>"
    )
    return workbook(sheet.encode())


def compressed_rows_xlsx(rows: int = 1_000_000) -> bytes:
    """A workbook whose identical rows (without row numbers, which the format allows) compress about 1,000
    times: a small file that unpacks to `rows` responses of five answers each."""
    header = "".join(f'<c t="inlineStr"><is><t>{name}</t></is></c>' for name in ("department", *_ITEMS))
    row = '<row><c t="inlineStr"><is><t>IT</t></is></c>' + "<c><v>4</v></c>" * len(_ITEMS) + "</row>"
    sheet = f"{_SHEET_OPEN}<sheetData><row>{header}</row>{row * rows}</sheetData></worksheet>"
    return workbook(sheet.encode())


_ITEMS = ("SIL1", "SIL2", "SIL3", "TRA1", "TRA2")


def million_columns_csv(columns: int = MILLION_COLUMNS) -> bytes:
    """A CSV of about 2 MB whose header has a million fields, and one row of answers."""
    header = "department,SIL1" + ",x" * (columns - 2)
    return f"{header}\nIT,4\n".encode()


def main() -> None:
    """Write the committed hostile files."""
    SPARSE_CORNER.write_bytes(sparse_corner_xlsx())
    COMPRESSED_ROWS.write_bytes(compressed_rows_xlsx())


if __name__ == "__main__":
    main()
