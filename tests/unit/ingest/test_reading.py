"""Tests for reading uploaded bytes: encodings, delimiters, the size limit, and bytes that are no table."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from smm_maturity.ingest import ImportBatch, read_upload, reading

BAD = Path(__file__).parents[2] / "data" / "bad"


COMMON = "Abteilung;SIL1;Kommentar\r\nGeschäftsführung;4;Größere Reichweite\r\n"


ENCODING_SAMPLES = [
    (COMMON.encode("utf-8"), "utf-8", ";"),
    (COMMON.encode("utf-8-sig"), "utf-8-sig", ";"),
    (COMMON.encode("cp1252"), "cp1252", ";"),
    (COMMON.replace("Größere", "Größere\x81").encode("latin-1"), "latin-1", ";"),
    (COMMON.replace(";", ",").encode("utf-8"), "utf-8", ","),
    (COMMON.replace(";", "\t").encode("utf-16"), "utf-16", "\t"),
    (COMMON.replace("\r\n", "\n").encode("cp1252"), "cp1252", ";"),
]


def read_sample(sample: tuple[bytes, str, str]) -> ImportBatch:
    return read_upload(sample[0], "a.csv")


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    ENCODING_SAMPLES,
    ids=["utf-8", "utf-8-bom", "cp1252", "latin-1", "comma", "utf-16-tab", "lf"],
)
def test_encodings_and_delimiters_are_detected(data: bytes, encoding: str, delimiter: str) -> None:
    batch = read_upload(data, "a.csv")
    assert (encoding, delimiter) == (batch.encoding, batch.delimiter)
    assert ["Geschäftsführung"] == batch.responses["department"].tolist()
    assert batch.comments["comment"].str.startswith("Größere").tolist() == [True]


def test_a_file_that_is_too_large_is_refused_before_parsing() -> None:
    batch = read_upload(b"department,SIL1\nIT,4\n" * 10, "big.csv", max_bytes=100)
    assert [("error", "too_large", None, None, "0.0 MB")] == [
        (p.severity, p.kind, p.row, p.column, p.value) for p in batch.problems
    ]
    assert "at most 0.0 MB" in batch.errors[0].describe("en", "big.csv")


def test_sha256_is_of_the_raw_bytes() -> None:
    data = (BAD / "out_of_range.csv").read_bytes()
    assert hashlib.sha256(data).hexdigest() == read_upload(data, "x.csv").sha256


def test_no_input_bytes_make_it_raise() -> None:
    rng = random.Random(7)
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(30)]
    alphabet = b'SIL1,;\t"\r\n 12345\xc3\xa4\xe4abc'
    samples += [bytes(rng.choice(alphabet) for _ in range(rng.randrange(1, 300))) for _ in range(60)]
    samples += [b"\x00", b"\xef\xbb\xbf", b"\n\n\n", b'"', b"PK\x03\x04", b"\xff\xfe\x00\xd8", b"a" * 5000]
    for sample in samples:
        batch = read_upload(sample, "x.csv")
        assert "unexpected" not in [p.kind for p in batch.problems], sample
        assert batch.errors or len(batch.responses) > 0, sample


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ('"a;b",c\n"1;2",3\n', ","),
        ("sep=;\na;b;c\n1;2;3\n", ";"),
        ("nur ein Text\n", ","),
    ],
    ids=["comma", "semicolon-with-decimal-comma", "tab", "quoted-semicolons", "excel-sep-line", "no-table"],
)
def test_the_delimiter_is_the_one_that_splits_records_most_consistently(text: str, delimiter: str) -> None:
    assert delimiter == reading.sniff(text)[0]


def test_every_delimiter_and_encoding_read_is_one_the_preview_can_name() -> None:
    read = {(batch.encoding, batch.delimiter) for batch in map(read_sample, ENCODING_SAMPLES)}
    assert {encoding for encoding, _ in read} <= set(reading.ENCODINGS)
    assert {delimiter for _, delimiter in read} <= set(reading.DELIMITERS)


def test_a_table_that_cannot_be_read_gives_no_sheets_and_says_why() -> None:
    decoded = reading.read_table(b'a,b\n"open,1\n', "a.csv", 1000)
    assert ((), "utf-8", ",") == (decoded.grids, decoded.encoding, decoded.delimiter)
    assert [("error", "unclosed_quote", 2)] == [(p.severity, p.kind, p.row) for p in decoded.problems]


ARROW_SAMPLES = [
    'a,b,c\n"x\r\ny","say ""hi""",\n  1 ,"",3\n\n4,5,6',
    'a;b\n"x"y;z"w\n"";"  "\n',
    "a,b,c\n1,2\n3,4,5\n",
    'a,b\n1,"x\n',
    "a,b\n1,2,3\n",
]
"""Texts that Arrow reads into dictionary columns, and texts it leaves to pandas (short and long records, a
quote that may be left open)."""


def grid_contents(grids: tuple[reading.Grid, ...] | list[reading.Grid]) -> list[tuple[object, ...]]:
    return [(g.cells.to_numpy().tolist(), g.header_widths, g.truncated_last_row) for g in grids]


@pytest.mark.parametrize("text", ARROW_SAMPLES)
def test_dictionary_columns_hold_the_cells_the_pandas_reader_reads(text: str) -> None:
    delimiter, widths = reading.sniff(text)
    grid, problem = reading._split(text, delimiter, widths)
    decoded = reading.read_table(text.encode("utf-8"), "a.csv", 10_000)
    assert (grid_contents([grid] if grid else []), [problem] if problem else []) == (
        grid_contents(decoded.grids),
        list(decoded.problems),
    )


def large_export(rows: int, last_row: str) -> str:
    """A comma-separated export longer than the part the delimiter is sniffed from, with quoted line breaks."""
    header = "Abteilung,SIL1,SIL2,Kommentar\n"
    body = "".join(f'Geschäftsführung,{i % 5 + 1},,"Zeile {i}\nmit Umbruch, „Zitat“"\n' for i in range(rows))
    return header + body + last_row


@pytest.mark.parametrize("last_row", ["Vertrieb,3,4,Ende\n", "Vertrieb,3", ""])
def test_a_large_utf8_export_reads_as_the_general_reader_reads_it(last_row: str) -> None:
    text = large_export(20_000, last_row)
    delimiter, widths = reading.sniff(text)
    grid, problem = reading._split(text, delimiter, widths)
    decoded = reading.read_table(text.encode("utf-8"), "a.csv", 10**8)
    assert (grid_contents([grid] if grid else []), "utf-8", ",") == (
        grid_contents(decoded.grids),
        decoded.encoding,
        decoded.delimiter,
    )
    assert problem is None and not decoded.problems


def test_a_byte_that_is_no_utf8_far_down_a_large_file_is_still_found() -> None:
    data = large_export(20_000, "").encode("utf-8") + "Vertrieb,3,4,Außendienst\n".encode("cp1252")
    decoded = reading.read_table(data, "a.csv", 10**8)
    assert ("cp1252", [("mixed_encoding", 20_002, "Außendienst")]) == (
        decoded.encoding,
        [(p.kind, p.row, p.value) for p in decoded.problems],
    )


@pytest.mark.parametrize("data", [b" ", b" \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n  \n"])
def test_a_file_of_white_space_is_empty(data: bytes) -> None:
    assert [("error", "empty_file")] == [
        (p.severity, p.kind) for p in reading.read_table(data, "a.csv", 100).problems
    ]


def test_a_text_with_closed_quotes_and_even_records_is_read_by_arrow() -> None:
    text = ARROW_SAMPLES[0]
    assert [True, False] == [
        reading._read_dictionary(sample.encode("utf-8"), ",", 3) is not None
        for sample in (text, ARROW_SAMPLES[2])
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_last_comment_of_many_line_breaks_is_one_complete_record(encoding: str) -> None:
    comment = "Größer\n" * 100_000 + "Ende"
    data = f'department,SIL1,comment\r\nIT,4,gut\r\nIT,5,"{comment}"'.encode(encoding)
    batch = read_upload(data, "a.csv")
    assert ([], [2, 3], comment) == (
        [p.kind for p in batch.errors],
        batch.responses["row"].tolist(),
        batch.comments["comment"].iloc[-1],
    )
