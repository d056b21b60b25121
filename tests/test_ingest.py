"""Tests for the importer: canonical files, encodings, values, mapping, and the committed bad-input corpus."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from smm_maturity import ingest
from smm_maturity.ingest import ImportBatch, Problem, header_signature, read_upload, unmapped_columns

BAD = Path(__file__).parent / "data" / "bad"
ROOT = Path(__file__).resolve().parent.parent


def problems(batch: ImportBatch) -> list[tuple[str, str, int | None, str | None, str | None]]:
    """The batch's problems as plain tuples, leaving out the warning that lists items a small file lacks."""
    return [
        (p.severity, p.kind, p.row, p.column, p.value)
        for p in batch.problems
        if not (p.kind == "missing_items" and p.severity == "warning")
    ]


# (file, every problem, words the English description of the first problem must contain)
BAD_CASES = [
    (
        "out_of_range.csv",
        [("error", "out_of_range", 2, "SIL2", "6"), ("error", "out_of_range", 3, "SIL1", "0")],
        ["out_of_range.csv", "row 2", 'column "SIL2"', '"6"', "1 to 5"],
    ),
    (
        "not_integer.csv",
        [("error", "not_integer", 2, "SIL1", "3,5"), ("error", "not_integer", 3, "SIL1", "2.5")],
        ["not_integer.csv", "row 2", 'column "SIL1"', '"3,5"', "whole number"],
    ),
    (
        "unknown_label.csv",
        [
            ("error", "unknown_label", 2, "SIL1", "trifft meistens zu"),
            ("error", "unknown_label", 3, "SIL2", "sehr"),
        ],
        ["unknown_label.csv", "row 2", 'column "SIL1"', '"trifft meistens zu"', "don't know"],
    ),
    (
        "unknown_column.csv",
        [("warning", "unknown_column", None, "Lieblingsfarbe", None)],
        ["unknown_column.csv", 'column "Lieblingsfarbe"', "ignored", "mapping step"],
    ),
    (
        "missing_department.csv",
        [
            ("error", "missing_department", 3, "department", None),
            ("error", "missing_department", 4, "department", None),
        ],
        ["missing_department.csv", "row 3", 'column "department"', "choose a department"],
    ),
    (
        "duplicate_respondent.csv",
        [("error", "duplicate_respondent", 4, "respondent_id", "A7")],
        ["duplicate_respondent.csv", "row 4", 'column "respondent_id"', '"A7"', "row 2"],
    ),
    ("empty.csv", [("error", "empty_file", None, None, None)], ["empty.csv", "empty"]),
    ("header_only.csv", [("error", "header_only", None, None, None)], ["header_only.csv", "only the header"]),
    ("png_named_csv.csv", [("error", "not_tabular", None, None, None)], ["png_named_csv.csv", "not a table"]),
    (
        "not_tabular.txt",
        [("error", "not_tabular", None, None, None)],
        ["not_tabular.txt", "CSV or Excel export"],
    ),
    (
        "truncated.xlsx",
        [("error", "not_tabular", None, None, "workbook")],
        ["truncated.xlsx", "damaged or incomplete"],
    ),
    (
        "truncated.csv",
        [("error", "truncated_row", 3, "SIL2", None)],
        ["truncated.csv", "row 3", 'column "SIL2"', "cut off"],
    ),
    (
        "unclosed_quote.csv",
        [("error", "unclosed_quote", 2, None, None)],
        ["unclosed_quote.csv", "row 2", "quotation mark"],
    ),
    (
        "extra_fields.csv",
        [("error", "extra_fields", 2, "(D)", "aber langsam")],
        ["extra_fields.csv", "row 2", '"aber langsam"', "quotes"],
    ),
    (
        "mixed_encoding.csv",
        [("error", "mixed_encoding", 2, None, "Geschäftsführung")],
        ["mixed_encoding.csv", "row 2", '"Geschäftsführung"', "CSV UTF-8"],
    ),
    (
        "missing_items.csv",
        [("error", "missing_items", None, None, None), ("warning", "unknown_column", None, "Frage 1", None)],
        ["missing_items.csv", "No column belongs to a question", "mapping step"],
    ),
    (
        "wrong_sheet.xlsx",
        [("error", "wrong_sheet", None, None, None)],
        ["wrong_sheet.xlsx", "Deckblatt, Notizen", "first sheet"],
    ),
]


@pytest.mark.parametrize(("file_name", "expected", "words"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_is_reported_precisely(file_name: str, expected: list[tuple], words: list[str]) -> None:
    batch = read_upload((BAD / file_name).read_bytes(), file_name)
    assert expected == problems(batch)
    first = next(p for p in batch.problems if (p.kind, p.severity) != ("missing_items", "warning"))
    description = first.describe("en", file_name)
    assert [w for w in words if w not in description] == []


@pytest.mark.parametrize("file_name", sorted(p.name for p in BAD.iterdir()))
def test_every_bad_file_names_file_row_column_and_value_in_both_languages(file_name: str) -> None:
    batch = read_upload((BAD / file_name).read_bytes(), file_name)
    assert batch.problems
    for problem in batch.problems:
        for lang, row_word in (("de", "Zeile"), ("en", "row")):
            text = problem.describe(lang, file_name)
            assert file_name in text
            assert problem.row is None or f"{row_word} {problem.row}" in text
            assert problem.column is None or problem.column in text
            assert problem.value is None or problem.value in text or problem.value == "workbook"
            assert text.endswith(".") and "{" not in text


def test_canonical_file_gives_responses_answers_collaboration_and_comments() -> None:
    data = (
        "respondent_id,department,submitted_at,SIL1,SIL2,SIL3,collab:IT,collab:Vertrieb,comment\n"
        "r1,Marketing,2026-03-02 09:15:00,4,trifft eher nicht zu,,5,3,Mehr Austausch\n"
        "r2, Vertrieb ,02.03.2026,Strongly agree,weiß nicht,1,,k. A.,\n"
    ).encode()
    batch = read_upload(data, "answers.csv")
    assert [] == list(batch.errors)
    assert ("canonical", "utf-8", ",") == (batch.format_name, batch.encoding, batch.delimiter)
    expected_responses = {
        "row": [2, 3],
        "respondent_key": ["r1", "r2"],
        "department": ["Marketing", "Vertrieb"],
        "submitted_at": [pd.Timestamp("2026-03-02 09:15:00"), pd.Timestamp("2026-03-02")],
    }
    assert expected_responses == batch.responses.to_dict("list")
    expected_answers = {
        "row": [2, 2, 3, 3],
        "item_code": ["SIL1", "SIL2", "SIL1", "SIL3"],
        "value": [4, 2, 5, 1],
    }
    assert expected_answers == batch.answers.to_dict("list")
    expected_collab = {"row": [2, 2], "target_department": ["IT", "Vertrieb"], "rating": [5, 3]}
    assert expected_collab == batch.collaboration.to_dict("list")
    assert {"row": [2], "comment": ["Mehr Austausch"]} == batch.comments.to_dict("list")
    expected_mapping = {
        "respondent_id": "respondent_id",
        "department": "department",
        "submitted_at": "submitted_at",
        "SIL1": "SIL1",
        "SIL2": "SIL2",
        "SIL3": "SIL3",
        "collab:IT": "collab:IT",
        "collab:Vertrieb": "collab:Vertrieb",
        "comment": "comment",
    }
    assert expected_mapping == batch.column_mapping


def test_frames_have_the_agreed_dtypes() -> None:
    batch = read_upload(b"department,SIL1,collab:IT,comment\nIT,4,3,gut\n", "a.csv")
    dtypes = {
        "responses": batch.responses.dtypes.astype(str).to_dict(),
        "answers": batch.answers.dtypes.astype(str).to_dict(),
        "collaboration": batch.collaboration.dtypes.astype(str).to_dict(),
        "comments": batch.comments.dtypes.astype(str).to_dict(),
    }
    expected = {
        "responses": {
            "row": "int64",
            "respondent_key": "string",
            "department": "string",
            "submitted_at": "datetime64[us]",
        },
        "answers": {"row": "int64", "item_code": "string", "value": "int8"},
        "collaboration": {"row": "int64", "target_department": "string", "rating": "int8"},
        "comments": {"row": "int64", "comment": "string"},
    }
    assert expected == dtypes
    failed = read_upload(b"", "empty.csv")
    assert expected["answers"] == failed.answers.dtypes.astype(str).to_dict()
    assert expected["responses"] == failed.responses.dtypes.astype(str).to_dict()


TOKENS = [
    ("1", 1),
    ("5", 5),
    ("4.0", 4),
    ("4,0", 4),
    (" 3 ", 3),
    ("trifft gar nicht zu", 1),
    ("Trifft überhaupt nicht zu", 1),
    ("TRIFFT EHER NICHT ZU", 2),
    ("trifft wenig zu", 2),
    ("teils/teils", 3),
    ("Teils-teils", 3),
    ("teils, teils", 3),
    ("trifft teils/teils zu", 3),
    ("weder noch", 3),
    ("Neutral", 3),
    ("Neither agree nor disagree", 3),
    ("trifft eher zu", 4),
    ("trifft ziemlich zu", 4),
    ("Agree", 4),
    ("trifft voll zu", 5),
    ("trifft völlig zu", 5),
    ("Trifft voll und ganz zu", 5),
    ("strongly agree", 5),
    ("Strongly disagree", 1),
    ("disagree", 2),
    ("4 – trifft eher zu", 4),
    ("2 (trifft eher nicht zu)", 2),
    ("weiß nicht", None),
    ("weiss nicht", None),
    ("Weiß nicht.", None),
    ("k. A.", None),
    ("k.A.", None),
    ("keine Angabe", None),
    ("don't know", None),
    ("Don’t know", None),
    ("n/a", None),
    ("N/A", None),
    ("", None),
]


def test_numbers_labels_and_missing_tokens_are_read_case_insensitively() -> None:
    lines = ["department,SIL1,SIL2"] + [f'IT,"{token}",1' for token, _ in TOKENS]
    batch = read_upload("\n".join(lines).encode(), "tokens.csv")
    assert [] == problems(batch)
    answered = batch.answers[batch.answers["item_code"] == "SIL1"]
    actual = dict(zip(answered["row"], answered["value"], strict=True))
    expected = {row: value for row, (_, value) in enumerate(TOKENS, 2) if value is not None}
    assert expected == actual


@pytest.mark.parametrize(
    ("token", "kind"),
    [
        ("0", "out_of_range"),
        ("6", "out_of_range"),
        ("7", "out_of_range"),
        ("-1", "out_of_range"),
        ("3.5", "not_integer"),
        ("3,5", "not_integer"),
        ("ja", "unknown_label"),
        ("4 – trifft gar nicht zu", "unknown_label"),
        ("3 Punkte", "unknown_label"),
        ("9 – trifft voll zu", "out_of_range"),
    ],
)
def test_bad_values_are_errors_naming_row_column_and_value(token: str, kind: str) -> None:
    batch = read_upload(f'department,SIL1\nIT,"{token}"\n'.encode(), "a.csv")
    assert [("error", kind, 2, "SIL1", token)] == problems(batch)


COMMON = "Abteilung;SIL1;Kommentar\r\nGeschäftsführung;4;Größere Reichweite\r\n"


@pytest.mark.parametrize(
    ("data", "encoding", "delimiter"),
    [
        (COMMON.encode("utf-8"), "utf-8", ";"),
        (COMMON.encode("utf-8-sig"), "utf-8-sig", ";"),
        (COMMON.encode("cp1252"), "cp1252", ";"),
        (COMMON.replace("Größere", "Größere\x81").encode("latin-1"), "latin-1", ";"),
        (COMMON.replace(";", ",").encode("utf-8"), "utf-8", ","),
        (COMMON.replace(";", "\t").encode("utf-16"), "utf-16", "\t"),
        (COMMON.replace("\r\n", "\n").encode("cp1252"), "cp1252", ";"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1252", "latin-1", "comma", "utf-16-tab", "lf"],
)
def test_encodings_and_delimiters_are_detected(data: bytes, encoding: str, delimiter: str) -> None:
    batch = read_upload(data, "a.csv")
    assert (encoding, delimiter) == (batch.encoding, batch.delimiter)
    assert ["Geschäftsführung"] == batch.responses["department"].tolist()
    assert batch.comments["comment"].str.startswith("Größere").tolist() == [True]


def test_german_excel_dates_and_decimal_commas() -> None:
    data = (
        "Abteilung;Datum;SIL1;SIL2;Dauer\r\n"
        "IT;02.03.2026;4,0;3;12,5\r\n"
        "IT;02.03.2026 14:05;2;1;7,25\r\n"
        "IT;2026-03-04T08:00:00;1;1;3\r\n"
        "IT;gestern;1;1;3\r\n"
    ).encode("cp1252")
    batch = read_upload(data, "excel.csv")
    expected_dates = ["2026-03-02 00:00:00", "2026-03-02 14:05:00", "2026-03-04 08:00:00", "NaT"]
    assert expected_dates == [str(value) for value in batch.responses["submitted_at"]]
    assert [
        ("warning", "unknown_column", None, "Dauer", None),
        ("warning", "invalid_date", 5, "Datum", "gestern"),
    ] == (problems(batch))
    assert [4, 3, 2, 1, 1, 1, 1, 1] == batch.answers["value"].tolist()


def test_time_zones_are_dropped_keeping_the_wall_clock_time() -> None:
    data = (
        "department,submitted_at,SIL1\n"
        "IT,2026-03-02T09:15:00+01:00,4\n"
        "IT,2026-03-02T09:15:00+02:00,4\n"
        "IT,2026/03/02 9:15:00 AM GMT+1,4\n"
        "IT,03/02/2026 09:15:00 PM,4\n"
    )
    batch = read_upload(data.encode(), "a.csv")
    assert [] == problems(batch)
    expected = ["2026-03-02 09:15:00"] * 3 + ["2026-03-02 21:15:00"]
    assert expected == [str(value) for value in batch.responses["submitted_at"]]


def test_german_twelve_hour_times_with_vorm_and_nachm_are_read() -> None:
    data = (
        "Abteilung;Datum;SIL1\r\n"
        "IT;02.03.2026 9:15:00 vorm.;4\r\n"
        "IT;02.03.2026 2:05 nachm.;4\r\n"
        "IT;03/02/2026 12:30:00 nachm.;4\r\n"
    ).encode("cp1252")
    batch = read_upload(data, "excel.csv")
    assert [] == problems(batch)
    expected = ["2026-03-02 09:15:00", "2026-03-02 14:05:00", "2026-03-02 12:30:00"]
    assert expected == [str(value) for value in batch.responses["submitted_at"]]


def test_department_given_at_import_fills_missing_department() -> None:
    without_column = read_upload(b"SIL1,SIL2\n4,3\n2,1\n", "a.csv", department="Marketing")
    assert ["Marketing", "Marketing"] == without_column.responses["department"].tolist()
    assert [] == problems(without_column)
    blank_cells = read_upload(b"department,SIL1\nIT,4\n,3\n", "a.csv", department="Marketing")
    assert ["IT", "Marketing"] == blank_cells.responses["department"].tolist()
    nowhere = read_upload(b"SIL1,SIL2\n4,3\n", "a.csv")
    assert [("error", "missing_department", 2, None, None)] == problems(nowhere)
    assert "choose a department" in nowhere.errors[0].describe("en", "a.csv")


def test_column_mapping_overrides_the_automatic_mapping() -> None:
    data = b"department,Frage 1,Frage 2,Notiz\nIT,4,2,egal\n"
    automatic = read_upload(data, "a.csv")
    assert ["Frage 1", "Frage 2", "Notiz"] == unmapped_columns(automatic)
    assert "missing_items" in [p.kind for p in automatic.errors]
    mapping = {"Frage 1": "SIL1", "Frage 2": "collab:Vertrieb", "Notiz": "ignored"}
    mapped = read_upload(data, "a.csv", column_mapping=mapping)
    assert [] == problems(mapped)
    assert [] == unmapped_columns(mapped)
    assert {"department": "department", **mapping} == mapped.column_mapping
    assert [("SIL1", 4)] == list(zip(mapped.answers["item_code"], mapped.answers["value"], strict=True))
    assert [("Vertrieb", 2)] == list(
        zip(mapped.collaboration["target_department"], mapped.collaboration["rating"], strict=True)
    )
    wrong = read_upload(data, "a.csv", column_mapping={"Frage 1": "SIL99"})
    assert ("error", "invalid_mapping", None, "Frage 1", "SIL99") in problems(wrong)


def test_two_columns_for_the_same_item_are_an_error() -> None:
    data = "department,SIL1,Wissen aus unserer Abteilung steht anderen Abteilungen leicht zur Verfügung.\nIT,4,5\n"
    batch = read_upload(data.encode(), "a.csv")
    column = "Wissen aus unserer Abteilung steht anderen Abteilungen leicht zur Verfügung."
    assert [("error", "duplicate_column", None, column, None)] == problems(batch)
    assert 'as the column "SIL1"' in batch.errors[0].describe("en", "a.csv")


def test_repeated_headers_are_told_apart_by_column_letter() -> None:
    batch = read_upload(b"department,SIL1,Kommentar,Kommentar\nIT,4,gut,besser\n", "a.csv")
    assert [("error", "duplicate_column", None, "Kommentar (D)", None)] == problems(batch)
    expected = {
        "department": "department",
        "SIL1": "SIL1",
        "Kommentar": "comment",
        "Kommentar (D)": "ignored",
    }
    assert expected == batch.column_mapping


def test_header_signature_ignores_case_and_spacing_but_not_order() -> None:
    signature = header_signature(["Abteilung", "Frage 1", "Frage 2"])
    assert signature == header_signature([" abteilung", "FRAGE  1", "Frage 2 "])
    assert signature != header_signature(["Frage 1", "Abteilung", "Frage 2"])
    assert 64 == len(signature)


def test_rows_are_numbered_as_in_a_spreadsheet() -> None:
    data = b'Umfrage Maerz\n\ndepartment,SIL1,comment\nIT,4,"zwei\nZeilen"\n\nIT,9,\n,,\n'
    batch = read_upload(data, "a.csv")
    assert [4, 6] == batch.responses["row"].tolist()
    assert [("error", "out_of_range", 6, "SIL1", "9")] == problems(batch)
    assert {"row": [4], "comment": ["zwei\nZeilen"]} == batch.comments.to_dict("list")


def test_rows_without_any_answer_are_skipped_with_a_warning() -> None:
    batch = read_upload(b"respondent_id,department,SIL1\nr1,IT,4\nr2,IT,\nr3,IT,weiss nicht\n", "a.csv")
    assert [("warning", "rows_without_answers_skipped", 3, None, "2")] == problems(batch)
    assert ["r1"] == batch.responses["respondent_key"].tolist()


def test_a_file_that_is_too_large_is_refused_before_parsing() -> None:
    batch = read_upload(b"department,SIL1\nIT,4\n" * 10, "big.csv", max_bytes=100)
    assert [("error", "too_large", None, None, "0.0 MB")] == problems(batch)
    assert "at most 0.0 MB" in batch.errors[0].describe("en", "big.csv")


def test_problem_list_is_capped_with_a_count_of_the_rest() -> None:
    header = ",".join(["department", *(f"SIL{i}" for i in range(1, 6)), *(f"TRA{i}" for i in range(1, 6))])
    rows = "\n".join(["IT," + ",".join(["9"] * 10)] * 1100)
    batch = read_upload(f"{header}\n{rows}".encode(), "a.csv")
    assert ingest.MAX_PROBLEMS + 1 == len(batch.errors)
    assert ("error", "too_many_problems", None, None, "1001") == problems(batch)[
        -1
    ]  # 11,000 errors + 1 warning


def test_errors_and_warnings_split_the_problems() -> None:
    batch = read_upload((BAD / "out_of_range.csv").read_bytes(), "out_of_range.csv")
    assert batch.problems == batch.errors + batch.warnings
    assert all(p.severity == "error" for p in batch.errors)
    assert {"warning"} == {p.severity for p in batch.warnings}


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


def test_importing_the_importer_does_not_load_streamlit() -> None:
    code = (
        "import sys; import smm_maturity.ingest, smm_maturity.ingest.formats, smm_maturity.template; "
        "print('streamlit' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "False" == result.stdout.strip()


def test_problem_is_frozen_and_describes_in_german() -> None:
    problem = Problem("error", "out_of_range", 7, "KOO2", "6")
    expected = (
        "„team.csv“, Zeile 7, Spalte „KOO2“: Der Wert „6“ liegt außerhalb der Skala 1 bis 5; tragen Sie eine "
        "ganze Zahl von 1 bis 5 ein oder lassen Sie die Zelle leer."
    )
    assert expected == problem.describe("de", "team.csv")
    with pytest.raises(AttributeError):
        problem.row = 3  # type: ignore[misc]
