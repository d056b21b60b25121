"""ZIP downloads, workbooks split across sheets, UTF-16 text, and the limits checked before a reader runs."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from test_formats import by_respondent

from smm_maturity.ingest import ImportBatch, limits, read_upload, reading

DATA = Path(__file__).parents[2] / "data"
READING = DATA / "reading"
FORMATS = DATA / "formats"


def read(folder: Path, name: str) -> ImportBatch:
    return read_upload((folder / name).read_bytes(), name)


def kinds(batch: ImportBatch) -> list[tuple[str, str]]:
    return [(p.severity, p.kind) for p in batch.problems]


@pytest.mark.parametrize(
    ("name", "same_as", "format_name"),
    [
        ("surveymonkey.zip", "surveymonkey.csv", "surveymonkey"),
        ("xlsx_in.zip", "canonical.xlsx", "canonical"),
        ("utf16_tabs.csv", "canonical.csv", "canonical"),
    ],
)
def test_a_zip_download_and_utf16_text_give_the_answers_of_the_plain_file(
    name: str, same_as: str, format_name: str
) -> None:
    batch = read(READING, name)
    assert ([], format_name) == (kinds(batch), batch.format_name)
    assert by_respondent(read(FORMATS, same_as)) == by_respondent(batch)


@pytest.mark.parametrize(
    "name", ["mac_line_endings.csv", "comment_break_at_end.csv", "comment_break_at_end_cp1252.csv"]
)
def test_old_mac_line_endings_and_a_last_comment_holding_a_line_break_read_as_complete(name: str) -> None:
    expected = by_respondent(read(FORMATS, "canonical.csv"))
    if name.startswith("comment_break"):
        last = expected["comments"]["comment"]
        last[-1] = last[-1].replace(" vor ", "\nvor ")
    batch = read(READING, name)
    assert ([], expected) == (kinds(batch), by_respondent(batch))


def test_utf16_text_is_read_as_utf16_with_tabs() -> None:
    batch = read(READING, "utf16_tabs.csv")
    assert ("utf-16", "\t") == (batch.encoding, batch.delimiter)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (
            "two_files.zip",
            "holds 2 files (CSV/Antworten.csv, CSV/Antworten_komprimiert.csv), but it must hold",
        ),
        ("not_a_table.zip", "holds 1 files (Bericht.pdf), but it must hold exactly one CSV or Excel file"),
    ],
)
def test_a_zip_without_exactly_one_answers_file_is_refused_with_one_sentence(name: str, words: str) -> None:
    batch = read(READING, name)
    assert [("error", "zip_contents")] == kinds(batch)
    assert words in batch.problems[0].describe("en", name)


def test_a_zip_inside_a_zip_is_refused() -> None:
    inner = (READING / "surveymonkey.zip").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner.csv", inner)
    assert [("error", "zip_contents")] == kinds(read_upload(buffer.getvalue(), "outer.zip"))


def test_sheets_that_continue_one_another_are_joined_by_their_first_column() -> None:
    batch = read(READING, "split_sheets.xlsx")
    assert [("warning", "sheets_joined")] == kinds(batch)
    assert '"split_sheets.xlsx": The sheets Daten, Daten (2) continue one another and were joined' in (
        batch.problems[0].describe("en", "split_sheets.xlsx")
    )
    assert by_respondent(read(FORMATS, "canonical.csv")) == by_respondent(batch)


def test_when_several_sheets_hold_answers_the_warning_names_the_sheet_that_was_read() -> None:
    batch = read(READING, "two_answer_sheets.xlsx")
    assert ([("warning", "several_answer_sheets")], "Marketing") == (kinds(batch), batch.sheet)
    assert (
        '"two_answer_sheets.xlsx": Several sheets hold answers (Marketing, Kopie), but only the sheet'
        ' "Marketing" was read; upload each of the other sheets as a file of its own.'
    ) == batch.problems[0].describe("en", "two_answer_sheets.xlsx")
    assert by_respondent(read(FORMATS, "canonical.csv")) == by_respondent(batch)


@pytest.mark.parametrize(
    ("data", "kind", "value"),
    [
        (
            ("department," + ",".join(f"x{n}" for n in range(1000)) + "\nIT\n").encode(),
            "too_many_columns",
            "1\u202f001",
        ),
        (b"department;SIL1\n" + b"IT;4\n" * 200_000, "too_many_rows", "200\u202f001"),
        (b"department,SIL1\nIT,4\nIT,4" + b",5" * 1000 + b"\n", "too_many_columns", "1\u202f002"),
    ],
    ids=["header", "rows", "one-wide-row"],
)
def test_a_text_file_beyond_the_limits_is_refused_naming_the_limit(
    data: bytes, kind: str, value: str
) -> None:
    batch = read_upload(data, "big.csv")
    assert [("error", kind, value)] == [(p.severity, p.kind, p.value) for p in batch.problems]


def test_a_text_file_at_the_limits_is_read() -> None:
    header = "department,SIL1," + ",".join(f"x{n}" for n in range(limits.MAX_COLUMNS - 2))
    batch = read_upload(f"{header}\nIT,4\n".encode(), "wide.csv")
    assert ([], 1) == ([p for p in batch.errors], len(batch.responses))


@pytest.mark.parametrize(
    ("reference", "shape"),
    [
        (b'<dimension ref="A1:XFD1048576"/>', (1_048_576, 16_384)),
        (b'<dimension ref="B2:D20"/>', (19, 3)),
        (b'<dimension ref="A1"/>', (1, 1)),
    ],
)
def test_a_declared_dimension_is_read_as_rows_and_columns(reference: bytes, shape: tuple[int, int]) -> None:
    match = limits._DIMENSION.search(reference)
    assert match is not None
    assert shape == limits._extent(match)


def test_workbook_cells_become_the_texts_a_spreadsheet_shows() -> None:
    rows = [
        ["department", 1.0, 2.5, True],
        ["IT", 4.0, dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 9, 15)],
        ["", 1, "", ""],
    ]
    expected = [
        ["department", "1", "2.5", "True"],
        ["IT", "4", "2026-03-01 00:00:00", "2026-03-01 09:15:00"],
        ["", "1", "", ""],
    ]
    assert expected == reading._text_cells(rows).to_numpy().tolist()


def test_a_copy_of_a_sheet_is_not_joined_to_it() -> None:
    rows = [["lfdn", "department", "SIL1"], ["1", "IT", "4"], ["2", "IT", "5"]]
    grids = [reading.Grid(reading._text_cells(rows), sheet=name) for name in ("Daten", "Kopie")]
    decoded = reading.sheets_to_read(grids)
    assert (2, ["several_answer_sheets"]) == (len(decoded.grids), [p.kind for p in decoded.problems])


LONG_COMMENT = "x" * 200_000 + "ä"
"""Longer than the 131,072 characters the csv module allows a field by default."""


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_field_longer_than_the_csv_modules_default_limit_is_read(encoding: str) -> None:
    text = f'department,SIL1,comment\nIT,4,"{LONG_COMMENT}"\nIT,3,schön\n'
    batch = read_upload(text.encode(encoding), "long.csv")
    assert ([], [LONG_COMMENT, "schön"]) == (list(batch.errors), batch.comments["comment"].tolist())


def test_a_row_wider_than_its_header_is_named_after_a_long_field() -> None:
    batch = read_upload(
        f'department,SIL1,comment\nIT,4,"{LONG_COMMENT}",aber langsam\nIT,5,ok\n'.encode(), "long.csv"
    )
    assert [("error", "extra_fields", 2, "(D)", "aber langsam")] == [
        (p.severity, p.kind, p.row, p.column, p.value) for p in batch.errors
    ]


def test_a_mixed_encoding_after_a_long_field_names_its_row() -> None:
    data = (
        f'department,SIL1,comment\nIT,4,"{LONG_COMMENT}"\nIT,3,schön\n'.encode()
        + "Geschäftsführung,5,ok\n".encode("cp1252")
    )
    batch = read_upload(data, "long.csv")
    assert [("error", "mixed_encoding", 4, "Geschäftsführung")] == [
        (p.severity, p.kind, p.row, p.value) for p in batch.errors
    ]


def test_quotes_inside_unquoted_fields_of_the_last_record_are_text_not_a_cut() -> None:
    data = 'department,SIL1,comment,Bildschirm\nIT,4,ok,24"\nIT,5,27" wäre besser,32" noch mehr'.encode()
    batch = read_upload(data, "inch.csv")
    assert ([], ["ok", '27" wäre besser']) == (list(batch.errors), batch.comments["comment"].tolist())
