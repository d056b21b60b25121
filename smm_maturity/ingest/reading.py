"""Uploaded bytes → sheets of text cells: size limits, ZIP downloads, workbook or text, encoding, delimiter.

A ZIP download holding one answers file is opened. Workbooks are checked against the limits in `limits` and
read with calamine; sheets that one survey tool split at a column limit are joined again. Text is decoded in
Python (DuckDB cannot read cp1252), as UTF-8 with or without BOM, UTF-16 with BOM, else cp1252, else
latin-1, and split on the delimiter that splits its first records most consistently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import csv as arrow_csv
from python_calamine import CalamineWorkbook

from smm_maturity.ingest import limits
from smm_maturity.ingest.formats import recognise
from smm_maturity.ingest.problems import Problem, error, short, warning
from smm_maturity.instrument import load_instrument

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
"""The delimiters a text file may use, each with the name its text key uses (`upload.delimiter.<name>`)."""
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
"""The encodings a text file may be read in, as `Decoded.encoding` names them."""

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ZIP_MAGIC = b"PK\x03\x04"
_WORKBOOK_MAGIC = (_ZIP_MAGIC, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
_EXPECTED_FIELDS = re.compile(r"Expected \d+ fields in line \d+, saw \d+")
_UNCLOSED_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_BLANK = re.compile(rb"[ \t\r\n\xef\xbb\xbf]*")
"""A file of nothing but white space and byte order marks."""
_SNIFF_CHARS = 65536
_SNIFF_RECORDS = 30
_HEADER_SEARCH_ROWS = 10
"""As many rows as `validation.HEADER_SEARCH_ROWS`: where a sheet's header row is looked for."""


@dataclass(frozen=True)
class Grid:
    """A sheet as text cells (positional columns, blank cells are ""), plus the CSV details that matter.

    The columns of a UTF-8 text file are dictionary (categorical) columns: each distinct text is one object.
    """

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
        return _refused(error("too_large", value=size_text(len(data)), detail=size_text(max_bytes)))
    if _BLANK.fullmatch(data):
        return _refused(error("empty_file"))
    archive = limits.open_zip(data) if data.startswith(_ZIP_MAGIC) else None
    if archive is not None and not limits.archive_of(archive).is_workbook:
        return _read_archive(archive, len(data), max_bytes)
    decoded = _read_workbook(data, archive) if is_workbook(data, file_name) else _read_text_file(data)
    stopped = not decoded.grids and decoded.problems
    if not stopped and all(grid.cells.empty for grid in decoded.grids):
        return Decoded((), decoded.encoding, decoded.delimiter, (error("empty_file"),))
    return decoded


def _refused(problem: Problem) -> Decoded:
    return Decoded((), problems=(problem,))


def size_text(n: int) -> str:
    """A size in bytes as megabytes with one decimal ("20.0 MB")."""
    return f"{n / 1024 / 1024:.1f} MB"


def _read_archive(archive: zipfile.ZipFile, packed_size: int, max_bytes: int) -> Decoded:
    """A ZIP download: the one answers file it holds, read as if it had been uploaded on its own."""
    members = limits.archive_of(archive).members
    answers = [info for info in members if info.filename.lower().endswith(limits.ARCHIVE_MEMBER_SUFFIXES)]
    if len(members) != 1 or len(answers) != 1:
        names = ", ".join(info.filename for info in members[:5]) + (", …" if len(members) > 5 else "")
        return _refused(error("zip_contents", value=short(names or "—", 120), detail=str(len(members))))
    if problem := limits.check_packed(archive, packed_size):
        return _refused(problem)
    member = answers[0]
    if member.file_size > max_bytes:
        return _refused(error("too_large", value=size_text(member.file_size), detail=size_text(max_bytes)))
    try:
        inner = archive.read(member)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return _refused(error("not_tabular", value="workbook"))
    nested = limits.open_zip(inner) if inner.startswith(_ZIP_MAGIC) else None
    if nested is not None and not limits.archive_of(nested).is_workbook:
        return _refused(error("zip_contents", value=short(member.filename, 120), detail="1"))
    return read_table(inner, member.filename, max_bytes)


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


def _read_workbook(data: bytes, archive: zipfile.ZipFile | None) -> Decoded:
    """Every sheet of a workbook as text cells, after checking what its ZIP declares against the limits."""
    if archive is not None and (
        problem := limits.check_packed(archive, len(data)) or limits.check_sheets(archive)
    ):
        return _refused(problem)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(name, workbook.get_sheet_by_name(name)) for name in workbook.sheet_names]
        for _, sheet in sheets:
            if problem := limits.check_shape(sheet.height, sheet.width):
                return _refused(problem)
        grids = [
            Grid(_text_cells(sheet.to_python(skip_empty_area=False)), sheet=name) for name, sheet in sheets
        ]
    except Exception:  # noqa: BLE001 - calamine raises many kinds of errors for damaged files
        return _refused(error("not_tabular", value="workbook"))
    return sheets_to_read(grids)


def _text_cells(rows: Sequence[Sequence[object]]) -> pd.DataFrame:
    """Turn a sheet read by calamine (numbers, dates, blanks) into text cells, each distinct value once."""
    width = max((len(row) for row in rows), default=0)
    if not rows or not width:
        return pd.DataFrame(dtype=object)
    block = np.empty((len(rows), width), dtype=object)
    even = all(len(row) == width for row in rows)
    block[:] = rows if even else [[*row, *[""] * (width - len(row))] for row in rows]
    flat = block.ravel()
    positions, uniques = pd.factorize(flat)
    if _mixes_booleans(flat, positions, uniques):
        texts: dict[object, str] = {}
        cells = np.array([_cell_text(value, texts) for value in flat], dtype=object)
        return pd.DataFrame(cells.reshape(block.shape), dtype=object)
    text_of, distinct = pd.factorize(
        np.array([*(_cell_text(value, {}) for value in uniques), ""], dtype=object)
    )
    codes = text_of[positions].reshape(block.shape)
    return pd.DataFrame({j: _dictionary_column(codes[:, j], distinct) for j in range(width)})


def _dictionary_column(codes: np.ndarray, texts: np.ndarray) -> pd.Categorical[Any] | np.ndarray:
    """A column given as positions in a sheet's distinct texts, as a categorical of the texts it uses; a
    column of mostly distinct texts as plain texts."""
    positions, used = pd.factorize(codes)
    if len(used) * 2 > len(codes):
        return texts[codes]
    return pd.Categorical.from_codes(
        positions, dtype=pd.CategoricalDtype(pd.Index(texts[used], dtype=object)), validate=False
    )


def _mixes_booleans(flat: np.ndarray, positions: np.ndarray, uniques: np.ndarray) -> bool:
    """Whether TRUE or FALSE cells share a distinct value with the numbers 1 or 0, which they equal in Python."""
    return any(
        isinstance(value, (bool, int, float))
        and value in (0, 1)
        and len(set(map(type, flat[positions == code]))) > 1
        for code, value in enumerate(uniques)
    )


def _cell_text(value: object, texts: dict[object, str]) -> str:
    """A calamine cell value as the text the rest of the import reads: whole numbers without ".0"."""
    key = (type(value), value)
    text = texts.get(key)
    if text is None:
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            text = f"{value.isoformat()} 00:00:00"
        else:
            text = str(value)
        texts[key] = text
    return text


def sheets_to_read(grids: list[Grid]) -> Decoded:
    """The sheets of a workbook, with sheets split at a column limit joined, and a warning when several sheets
    hold answers (only the first of them is read)."""
    filled = [grid for grid in grids if not grid.cells.empty]
    if joined := _joined(filled):
        names = ", ".join(str(grid.sheet) for grid in filled)
        note = warning("sheets_joined", value=names, detail=str(joined.cells.iat[0, 0]))
        return Decoded((joined,), problems=(note,))
    answer_sheets = [grid.sheet or "" for grid in filled if _holds_answers(grid)]
    if len(answer_sheets) > 1:
        note = warning("several_answer_sheets", value=answer_sheets[0], detail=", ".join(answer_sheets))
        return Decoded(tuple(grids), problems=(note,))
    return Decoded(tuple(grids))


def _joined(grids: list[Grid]) -> Grid | None:
    """One grid of sheets that continue each other: the same number of rows, the same first column named by a
    header, and no other header twice (as Unipark/Tivian EFS repeats `lfdn` on every sheet of a survey wider
    than 256 columns)."""
    if len(grids) < 2:
        return None
    first = grids[0].cells
    if first.shape[0] < 2 or not str(first.iat[0, 0]).strip():
        return None
    key = first[0].to_numpy(dtype=object)
    headers = {str(cell) for cell in first.iloc[0, 1:] if str(cell).strip()}
    for grid in grids[1:]:
        cells = grid.cells
        if cells.shape[0] != first.shape[0] or not np.array_equal(cells[0].to_numpy(dtype=object), key):
            return None
        more = {str(cell) for cell in cells.iloc[0, 1:] if str(cell).strip()}
        if more & headers:  # a copy of a sheet, not its continuation
            return None
        headers |= more
    parts = [first, *(grid.cells.iloc[:, 1:] for grid in grids[1:])]
    cells = pd.concat(parts, axis=1, ignore_index=True)
    if limits.check_shape(*cells.shape):
        return None
    return Grid(cells, sheet=grids[0].sheet)


def _holds_answers(grid: Grid) -> bool:
    """Whether a header row the importer recognises is among the first rows of the sheet."""
    instrument = load_instrument()
    top = top_rows(grid.cells, 0, _HEADER_SEARCH_ROWS + 2)
    for row in range(min(_HEADER_SEARCH_ROWS, len(top))):
        rows = top[row : row + 3]
        if recognise(rows, instrument).score > 0:
            return True
    return False


def top_rows(cells: pd.DataFrame, start: int, stop: int) -> list[list[str]]:
    """The cells of some rows at the top of a sheet, read column by column (a dictionary column's texts)."""
    columns: list[list[str]] = [cells[column].iloc[start:stop].tolist() for column in cells.columns]
    if not columns:
        return [[] for _ in range(len(cells.iloc[start:stop]))]
    return [list(row) for row in zip(*columns, strict=True)]


# ---------------------------------------------------------------------------------------------- text files


def _read_text_file(data: bytes) -> Decoded:
    if _looks_binary(data) and not data.startswith(_UTF16_BOMS):
        return Decoded((), problems=(error("not_tabular"),))
    if (fast := _read_utf8(data)) is not None:
        return fast
    text, encoding, mixed = decode(data)
    delimiter, widths = sniff(text)
    if too_wide := limits.check_shape(1, limits.first_record_width(text, delimiter)):
        return Decoded((), encoding, delimiter, (too_wide,))
    utf8 = data.removeprefix(b"\xef\xbb\xbf") if encoding in ("utf-8", "utf-8-sig") else None
    grid, problem = _split(text, delimiter, widths, utf8)
    if grid is not None and (problem := limits.check_shape(*grid.cells.shape)):
        grid = None
    problems: list[Problem] = []
    if mixed:
        line, word = mixed
        problems.append(error("mixed_encoding", row=_record_row(text, line, delimiter), value=word))
    if problem:
        problems.append(problem)
    return Decoded((grid,) if grid else (), encoding, delimiter, tuple(problems))


def _read_utf8(data: bytes) -> Decoded | None:
    """A valid UTF-8 file that Arrow reads as it is, decoding only its first records and its last line; None
    for any other file, which the general reading below then reads whole."""
    utf8 = data.removeprefix(b"\xef\xbb\xbf")
    if data.startswith(_UTF16_BOMS) or not _is_utf8(utf8):
        return None
    first_line_end = utf8.find(b"\n") + 1 or len(utf8)
    head = utf8[: max(4 * _SNIFF_CHARS + 4, first_line_end)].decode("utf-8", errors="ignore")
    delimiter, widths = sniff(head)
    encoding = "utf-8-sig" if len(utf8) < len(data) else "utf-8"
    if too_wide := limits.check_shape(1, limits.first_record_width(head, delimiter)):
        return Decoded((), encoding, delimiter, (too_wide,))
    cells = _read_dictionary(utf8, delimiter, widths[0]) if widths else None
    if cells is None:
        return None
    if too_large := limits.check_shape(*cells.shape):
        return Decoded((), encoding, delimiter, (too_large,))
    last_record = _last_record(utf8)
    grid = Grid(
        cells, header_widths=widths, truncated_last_row=_truncated(last_record, delimiter, widths, cells)
    )
    return Decoded((grid,), encoding, delimiter)


def _is_utf8(data: bytes) -> bool:
    """Whether the bytes are valid UTF-8, checked by Arrow without building a Python text."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    try:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)]).cast(
            pa.large_string()
        )
    except pa.ArrowInvalid:
        return False
    return True


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


def _read_cells(
    text: str, delimiter: str, names: range | None = None, utf8: bytes | None = None
) -> pd.DataFrame:
    """Every cell of the text as it is written, without a header row; `names` fixes the number of columns.

    The parser reads UTF-8 bytes as they are, which spares encoding the decoded text once more.
    """
    return pd.read_csv(
        io.BytesIO(utf8) if utf8 is not None else io.StringIO(text),
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


def _read_dictionary(utf8: bytes, delimiter: str, width: int) -> pd.DataFrame | None:
    """Every cell of a UTF-8 text as a dictionary column, read by Arrow on all cores; None when a record is not
    `width` fields wide or a quote may be left open (the slower reader then widens the grid or says what is
    wrong)."""
    if utf8.count(b'"') % 2:
        return None
    names = [str(i) for i in range(width)]
    text_type = pa.dictionary(pa.int32(), pa.string())
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(utf8),
            read_options=arrow_csv.ReadOptions(column_names=names),
            parse_options=arrow_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, text_type),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.DataFrame(
        {
            position: _categorical(column)
            for position, column in enumerate(table.unify_dictionaries().columns)
        },
        index=pd.RangeIndex(table.num_rows),
        columns=pd.RangeIndex(width),
    )


def _categorical(column: pa.ChunkedArray) -> pd.Categorical[Any] | np.ndarray:
    """A dictionary column with one dictionary in all its chunks as a categorical of Python texts; a column of
    mostly distinct texts (ids, times) as plain texts."""
    chunks = [chunk.indices.to_numpy() for chunk in column.chunks]
    texts = column.chunk(0).dictionary.to_numpy(zero_copy_only=False) if chunks else np.array([], object)
    codes = np.concatenate([np.zeros(0, np.int32), *chunks])
    if len(texts) * 2 > len(codes):
        return texts.astype(object)[codes]
    return pd.Categorical.from_codes(
        codes,
        dtype=pd.CategoricalDtype(pd.Index(texts, dtype=object)),
        validate=False,
    )


def _split(
    text: str, delimiter: str, widths: tuple[int, ...], utf8: bytes | None = None
) -> tuple[Grid | None, Problem | None]:
    """The text as a grid of cells; a row wider than the header widens the grid instead of failing."""
    try:
        try:
            cells = _read_cells(text, delimiter, utf8=utf8)
        except pd.errors.ParserError as exc:
            if not _EXPECTED_FIELDS.search(str(exc)):
                raise
            width = max(
                len(record) for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            )
            if too_wide := limits.check_shape(1, width):
                return None, too_wide
            cells = _read_cells(text, delimiter, names=range(width), utf8=utf8)
    except pd.errors.ParserError as exc:
        if match := _UNCLOSED_QUOTE.search(str(exc)):
            return None, error("unclosed_quote", row=int(match[1]) + 1)
        return None, error("not_tabular")
    except (csv.Error, ValueError, UnicodeError):
        return None, error("not_tabular")
    cells.columns = pd.RangeIndex(cells.shape[1])
    return Grid(
        cells,
        header_widths=widths,
        truncated_last_row=_truncated(
            _last_record(utf8 if utf8 is not None else text.encode("utf-8")), delimiter, widths, cells
        ),
    ), None


def _last_record(data: bytes) -> str:
    """The text after the file's last line break outside quotes: its last record, or "" when the file ends
    with a line break. A carriage return alone counts as a line break too, as old Mac exports write it.

    A break is outside quotes when an even number of quotes precedes it; in a file whose quotes are closed,
    that is when an even number follows it, which settles the usual last record without a scan of the file.
    """
    last_break = max(data.rfind(b"\n"), data.rfind(b"\r"))
    if data.count(b'"', last_break + 1) % 2 == 0:
        return data[last_break + 1 :].decode("utf-8")
    codes = np.frombuffer(data, dtype=np.uint8)
    quotes_so_far = np.cumsum(codes == ord('"'), dtype=np.uint8)
    breaks = np.flatnonzero((codes == ord("\n")) | (codes == ord("\r")))
    outside = breaks[quotes_so_far[breaks] % 2 == 0]
    return data[int(outside[-1]) + 1 if len(outside) else 0 :].decode("utf-8")


def _truncated(last_record: str, delimiter: str, widths: tuple[int, ...], cells: pd.DataFrame) -> bool:
    """Whether the file ends inside a record that is narrower than the header, as a cut-off export does."""
    if not last_record or len(cells) <= 1:
        return False
    fields = next(csv.reader(io.StringIO(last_record, newline=""), delimiter=delimiter), [])
    return len(fields) < (widths[0] if widths else 0)
