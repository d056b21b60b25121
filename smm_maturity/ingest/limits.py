"""The limits of what an upload may hold, checked before a reader allocates anything: ZIP archives and
workbooks (unpacked size, compression ratio, each sheet's declared dimension) and a text file's header width.

A hostile file can ask a reader for far more memory than its size suggests: a workbook whose cells are A1 and
XFD1048576 makes the spreadsheet reader allocate the whole range, and a short CSV line can hold a million
fields. These checks read only the ZIP directory and the first bytes of each sheet.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from smm_maturity.ingest.problems import Problem, error

MAX_ROWS = 200_000
"""Rows a sheet or text file may have, header rows included."""
MAX_COLUMNS = 1_000
"""Columns a sheet or text file may have."""
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
"""What the members of a workbook or ZIP archive may add up to when unpacked."""
MAX_COMPRESSION_RATIO = 100
"""How many times larger than the file its unpacked members may be; real workbooks stay below 20."""
RATIO_CHECKED_FROM = 1024 * 1024
"""The compression ratio is checked only when the unpacked members exceed this, as tiny files vary widely."""
ARCHIVE_MEMBER_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")
"""What a ZIP download may hold: one answers file of these kinds."""

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?\"")
_DIMENSION_SEARCH_BYTES = 4096
_IGNORED_MEMBERS = re.compile(r"(^|/)(__MACOSX/|\.[^/]*$|desktop\.ini$|thumbs\.db$)", re.IGNORECASE)

# The csv module refuses a field over 131,072 characters, which a long comment can be; no field can be longer
# than the largest text an upload may unpack to.
csv.field_size_limit(MAX_UNPACKED_BYTES)


def count_text(n: int) -> str:
    """A count as the messages show it, with thousands separated by a thin space (12 345)."""
    return f"{n:,}".replace(",", "\u202f")


@dataclass(frozen=True)
class Archive:
    """A ZIP file's members that matter: whether it is a workbook, and its answer files."""

    is_workbook: bool
    members: tuple[zipfile.ZipInfo, ...]


def open_zip(data: bytes) -> zipfile.ZipFile | None:
    """The bytes as a ZIP archive, or None when they are none (or a damaged one)."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def archive_of(archive: zipfile.ZipFile) -> Archive:
    """Whether a ZIP is an Office or OpenDocument workbook, and its members other than folders and system files."""
    names = set(archive.namelist())
    is_workbook = "[Content_Types].xml" in names or "mimetype" in names
    members = tuple(
        info
        for info in archive.infolist()
        if not info.is_dir() and not _IGNORED_MEMBERS.search(info.filename)
    )
    return Archive(is_workbook, members)


def check_packed(archive: zipfile.ZipFile, packed_size: int) -> Problem | None:
    """A problem when the archive's members unpack to more than the limits allow."""
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        return error("unpacked_too_large", value=_megabytes(unpacked), detail=_megabytes(MAX_UNPACKED_BYTES))
    if unpacked > RATIO_CHECKED_FROM and unpacked > MAX_COMPRESSION_RATIO * packed_size:
        return error(
            "compression_ratio",
            value=count_text(unpacked // max(packed_size, 1)),
            detail=count_text(MAX_COMPRESSION_RATIO),
        )
    return None


def check_sheets(archive: zipfile.ZipFile) -> Problem | None:
    """A problem when a worksheet declares more rows or columns than the limits allow."""
    for info in archive.infolist():
        if not re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename):
            continue
        with archive.open(info) as stream:
            head = stream.read(_DIMENSION_SEARCH_BYTES)
        if match := _DIMENSION.search(head):
            rows, columns = _extent(match)
            if problem := check_shape(rows, columns):
                return problem
    return None


def _extent(match: re.Match[bytes]) -> tuple[int, int]:
    """The rows and columns a `<dimension ref="A1:D20"/>` declares."""
    first_column, first_row, last_column, last_row = (group or b"" for group in match.groups())
    if not last_column:
        last_column, last_row = first_column, first_row
    rows = int(last_row or b"1") - int(first_row or b"1") + 1
    columns = column_number(last_column.decode() or "A") - column_number(first_column.decode() or "A") + 1
    return max(rows, 1), max(columns, 1)


def column_number(letters: str) -> int:
    """A spreadsheet column's number from its letters: A is 1, XFD is 16,384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def check_shape(rows: int, columns: int) -> Problem | None:
    """A problem when a table has more rows or columns than the limits allow."""
    if columns > MAX_COLUMNS:
        return error("too_many_columns", value=count_text(columns), detail=count_text(MAX_COLUMNS))
    if rows > MAX_ROWS:
        return error("too_many_rows", value=count_text(rows), detail=count_text(MAX_ROWS))
    return None


def first_record_width(text: str, delimiter: str) -> int:
    """The number of fields in a text file's first record, counted without splitting it when it is short."""
    end = text.find("\n")
    line = text if end < 0 else text[:end]
    if line.count(delimiter) < MAX_COLUMNS:
        return line.count(delimiter) + 1
    return len(next(csv.reader(io.StringIO(line, newline=""), delimiter=delimiter), []))


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"
