"""Uploaded bytes → sheets of text cells: size limit, workbook or text, encoding, delimiter, damaged files.

Workbooks are read with calamine. Text is decoded in Python (DuckDB cannot read cp1252), as UTF-8 with or
without BOM, else cp1252, else latin-1, and split on the delimiter that splits its first records most
consistently.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from smm_maturity.ingest.problems import Problem, error, short

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""The delimiters a text file may use, each with the name its text key uses (`upload.delimiter.<name>`)."""
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
"""The encodings a text file may be read in, as `Decoded.encoding` names them."""

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
_EXPECTED_FIELDS = re.compile(r"Expected \d+ fields in line \d+, saw \d+")
_UNCLOSED_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_SNIFF_CHARS = 65536
_SNIFF_RECORDS = 30


@dataclass(frozen=True)
class Grid:
    """A sheet as text cells (positional columns, blank cells are ""), plus the CSV details that matter."""

    cells: pd.DataFrame
    sheet: str | None = None
    header_widths: tuple[int, ...] = ()
    truncated_last_row: bool = False


@dataclass(frozen=True)
class Decoded:
    """An upload read into sheets (one for a text file), or the problems that stopped it when there are none."""

    grids: tuple[Grid, ...]
    encoding: str | None = None
    delimiter: str | None = None
    problems: tuple[Problem, ...] = ()


def read_table(data: bytes, file_name: str, max_bytes: int) -> Decoded:
    """Read an upload into sheets of text cells; problems found on the way are in the result, never raised."""
    if len(data) > max_bytes:
        return Decoded(
            (), problems=(error("too_large", value=size_text(len(data)), detail=size_text(max_bytes)),)
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return Decoded((), problems=(error("empty_file"),))
    decoded = _read_workbook(data) if is_workbook(data, file_name) else _read_text_file(data)
    stopped = not decoded.grids and decoded.problems
    if not stopped and all(grid.cells.empty for grid in decoded.grids):
        return Decoded((), decoded.encoding, decoded.delimiter, (error("empty_file"),))
    return decoded


def size_text(n: int) -> str:
    """A size in bytes as megabytes with one decimal ("20.0 MB")."""
    return f"{n / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------------------------- workbooks


def is_workbook(data: bytes, file_name: str) -> bool:
    """Whether the bytes are an Excel or OpenDocument workbook rather than text."""
    if data.startswith(_WORKBOOK_MAGIC):
        return True
    return file_name.lower().endswith(WORKBOOK_SUFFIXES) and _looks_binary(data)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(1, len(head) // 100)


def _read_workbook(data: bytes) -> Decoded:
    try:
        sheets = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, engine="calamine", dtype=object
        )
    except Exception:  # noqa: BLE001 - calamine raises many kinds of errors for damaged files
        return Decoded((), problems=(error("not_tabular", value="workbook"),))
    return Decoded(tuple(Grid(_text_cells(frame), sheet=str(name)) for name, frame in sheets.items()))


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn a sheet read by calamine (numbers, dates, blanks) into text cells, column by column."""
    columns = {}
    for position, name in enumerate(frame.columns):
        series = frame[name]
        columns[position] = series.where(series.notna(), "").astype(str).to_numpy(dtype=object)
    return pd.DataFrame(columns, dtype=object)


# ---------------------------------------------------------------------------------------------- text files


def _read_text_file(data: bytes) -> Decoded:
    if _looks_binary(data) and not data.startswith(_UTF16_BOMS):
        return Decoded((), problems=(error("not_tabular"),))
    text, encoding, mixed = decode(data)
    delimiter, widths = sniff(text)
    grid, problem = _split(text, delimiter, widths)
    problems: list[Problem] = []
    if mixed:
        line, word = mixed
        problems.append(error("mixed_encoding", row=_record_row(text, line, delimiter), value=word))
    if problem:
        problems.append(problem)
    return Decoded((grid,) if grid else (), encoding, delimiter, tuple(problems))


def decode(data: bytes) -> tuple[str, str, tuple[int, str] | None]:
    """Decode as UTF-8 (with or without BOM), else cp1252, else latin-1; flag files that mix encodings."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace"), "utf-16", None
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data[:3] == b"\xef\xbb\xbf" else "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    return text, encoding, _mixed_encoding(data, encoding)


def _plausible(char: str) -> bool:
    code = ord(char)
    return code < 0x250 or 0x2000 <= code < 0x2070 or code in (0x20AC, 0x2122)


def _mixed_encoding(data: bytes, encoding: str) -> tuple[int, str] | None:
    """The first line (and a word in it) of the minority encoding, when some lines are UTF-8 and others not."""
    utf8_rows: list[tuple[int, str]] = []
    other_rows: list[tuple[int, str]] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other_rows.append((number, line.decode(encoding, errors="replace")))
            continue
        if all(_plausible(char) for char in text if not char.isascii()):
            utf8_rows.append((number, text))
        else:
            other_rows.append((number, line.decode(encoding, errors="replace")))
    if not utf8_rows or not other_rows:
        return None
    row, text = (utf8_rows if len(utf8_rows) <= len(other_rows) else other_rows)[0]
    word = next((w for w in re.split(r"[,;\t\"\s]+", text) if not w.isascii()), text)
    return row, short(word)


def _record_row(text: str, line: int, delimiter: str) -> int:
    """The spreadsheet row of a physical line, counting quoted line breaks as part of their row."""
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return sum(1 for _ in csv.reader(io.StringIO(text[:offset], newline=""), delimiter=delimiter)) + 1


def sniff(text: str) -> tuple[str, tuple[int, ...]]:
    """The delimiter that splits the first records most consistently, and those records' widths."""
    sample = text[:_SNIFF_CHARS]
    best: tuple[tuple[int, int], str, tuple[int, ...]] = ((0, 0), ",", ())
    for delimiter in DELIMITERS:
        widths: list[int] = []
        try:
            for index, record in enumerate(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)):
                widths.append(len(record) if any(cell.strip() for cell in record) else 0)
                if index >= _SNIFF_RECORDS:
                    break
        except csv.Error:
            continue
        if len(sample) < len(text) and len(widths) > 1:
            widths.pop()
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        mode = Counter(wide).most_common(1)[0][0]
        key = (sum(1 for w in wide if w == mode), mode)
        if key > best[0]:
            best = (key, delimiter, tuple(widths))
    return best[1], best[2]


def _read_cells(text: str, delimiter: str, names: range | None = None) -> pd.DataFrame:
    """Every cell of the text as it is written, without a header row; `names` fixes the number of columns."""
    return pd.read_csv(
        io.StringIO(text),
        sep=delimiter,
        header=None,
        names=names,
        dtype=object,
        na_filter=False,
        keep_default_na=False,
        skip_blank_lines=False,
        index_col=False,
        engine="c",
        quotechar='"',
        doublequote=True,
    )


def _split(text: str, delimiter: str, widths: tuple[int, ...]) -> tuple[Grid | None, Problem | None]:
    """The text as a grid of cells; a row wider than the header widens the grid instead of failing."""
    try:
        try:
            cells = _read_cells(text, delimiter)
        except pd.errors.ParserError as exc:
            if not _EXPECTED_FIELDS.search(str(exc)):
                raise
            width = max(
                len(record) for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            )
            cells = _read_cells(text, delimiter, names=range(width))
    except pd.errors.ParserError as exc:
        if match := _UNCLOSED_QUOTE.search(str(exc)):
            return None, error("unclosed_quote", row=int(match[1]) + 1)
        return None, error("not_tabular")
    except (csv.Error, ValueError, UnicodeError):
        return None, error("not_tabular")
    cells.columns = pd.RangeIndex(cells.shape[1])
    return Grid(
        cells, header_widths=widths, truncated_last_row=_truncated(text, delimiter, widths, cells)
    ), None


def _truncated(text: str, delimiter: str, widths: tuple[int, ...], cells: pd.DataFrame) -> bool:
    """Whether the file ends inside a record that is narrower than the header, as a cut-off export does."""
    if not text or text[-1] in "\r\n" or len(cells) <= 1:
        return False
    last_line = text[text.rfind("\n") + 1 :]
    last = next(csv.reader(io.StringIO(last_line, newline=""), delimiter=delimiter), [])
    return 0 < len(last) < (widths[0] if widths else 0)
