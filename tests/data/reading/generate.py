"""Write the reading fixtures: the canonical answers as ZIP downloads, split across sheets, in UTF-16, with
old Mac line endings, and ending without a line break in a comment that holds one.

Run `python tests/data/reading/generate.py` from the repository root; the files are committed, so this only
documents how they were made. Every file holds the six respondents of `tests/data/formats/canonical.csv`.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
FORMATS = HERE.parent / "formats"
FIXED = (2026, 3, 1, 0, 0, 0)
SPLIT_AT = 30
"""Columns on the first sheet of the split workbook (Unipark/Tivian EFS splits at 256)."""


def canonical_rows() -> list[list[str]]:
    """The canonical file's cells, header first."""
    with (FORMATS / "canonical.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))


def zipped(members: dict[str, bytes]) -> bytes:
    """A ZIP archive of the members, with fixed dates so that the bytes do not change."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED), content)
    return buffer.getvalue()


def workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    """An XLSX file with the sheets, numbers written as numbers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": datetime(*FIXED)})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell.isdigit():
                    sheet.write_number(r, c, int(cell))
                elif cell:
                    sheet.write_string(r, c, cell)
    book.close()
    return buffer.getvalue()


def main() -> None:
    """Write every reading fixture."""
    rows = canonical_rows()
    surveymonkey = (FORMATS / "surveymonkey.csv").read_bytes()
    (HERE / "surveymonkey.zip").write_bytes(zipped({"CSV/Mitarbeiterbefragung.csv": surveymonkey}))
    (HERE / "xlsx_in.zip").write_bytes(zipped({"canonical.xlsx": (FORMATS / "canonical.xlsx").read_bytes()}))
    (HERE / "two_files.zip").write_bytes(
        zipped({"CSV/Antworten.csv": surveymonkey, "CSV/Antworten_komprimiert.csv": surveymonkey})
    )
    (HERE / "not_a_table.zip").write_bytes(zipped({"Bericht.pdf": b"%PDF-1.4\n%%EOF\n"}))
    first, rest = [row[:SPLIT_AT] for row in rows], [[row[0], *row[SPLIT_AT:]] for row in rows]
    (HERE / "split_sheets.xlsx").write_bytes(workbook({"Daten": first, "Daten (2)": rest}))
    (HERE / "two_answer_sheets.xlsx").write_bytes(workbook({"Marketing": rows, "Kopie": rows[:3]}))
    text = io.StringIO()
    csv.writer(text, delimiter="\t", lineterminator="\r\n").writerows(rows)
    (HERE / "utf16_tabs.csv").write_bytes(text.getvalue().encode("utf-16"))
    (HERE / "mac_line_endings.csv").write_bytes(written(rows).replace("\r\n", "\r").encode("utf-8"))
    broken = [*rows[:-1], [*rows[-1][:-1], rows[-1][-1].replace(" vor ", "\nvor ")]]
    for name, encoding in (
        ("comment_break_at_end.csv", "utf-8"),
        ("comment_break_at_end_cp1252.csv", "cp1252"),
    ):
        (HERE / name).write_bytes(written(broken).removesuffix("\r\n").encode(encoding))


def written(rows: list[list[str]]) -> str:
    """The rows as CSV text with commas, each record ended by CR LF; a line break inside a cell is LF alone."""
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    return text.getvalue()


if __name__ == "__main__":
    main()
