"""Tests for the validation: the committed bad-input corpus, canonical files, mapping, departments and rows.

Reading bytes, cell values and problem texts have test modules of their own, as the package has modules.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from smm_maturity import ingest
from smm_maturity.ingest import ImportBatch, header_signature, read_upload, unmapped_columns

BAD = Path(__file__).parents[2] / "data" / "bad"
ROOT = Path(__file__).resolve().parents[3]


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
        "truncated_mac.csv",
        [("error", "truncated_row", 3, "SIL2", None)],
        ["truncated_mac.csv", "row 3", 'column "SIL2"', "cut off"],
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
        "answers": {"row": "int64", "item_code": "category", "value": "int8"},
        "collaboration": {"row": "int64", "target_department": "category", "rating": "int8"},
        "comments": {"row": "int64", "comment": "string"},
    }
    assert expected == dtypes
    failed = read_upload(b"", "empty.csv")
    assert expected["answers"] == failed.answers.dtypes.astype(str).to_dict()
    assert expected["responses"] == failed.responses.dtypes.astype(str).to_dict()


def test_department_given_at_import_fills_missing_department() -> None:
    without_column = read_upload(b"SIL1,SIL2\n4,3\n2,1\n", "a.csv", department="Marketing")
    assert ["Marketing", "Marketing"] == without_column.responses["department"].tolist()
    assert [] == problems(without_column)
    blank_cells = read_upload(b"department,SIL1\nIT,4\n,3\n", "a.csv", department="Marketing")
    assert ["IT", "Marketing"] == blank_cells.responses["department"].tolist()
    nowhere = read_upload(b"SIL1,SIL2,Dauer\n4,3,12\n2,1,9\n", "a.csv")
    assert [("error", "no_department_column", None, None, '"Dauer"')] == problems(nowhere)[:1]
    expected = (
        '"a.csv": No column holds the department (looked at: "Dauer"); choose the department for the whole'
        ' file at import, or name the column "department" or map it in the mapping step.'
    )
    assert expected == nowhere.errors[0].describe("en", "a.csv")


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


def test_importing_the_importer_does_not_load_streamlit() -> None:
    modules = [f"smm_maturity.ingest.{module.name}" for module in pkgutil.iter_modules(ingest.__path__)]
    assert {"smm_maturity.ingest.formats", "smm_maturity.ingest.validation"} <= set(modules)
    imports = ", ".join([*modules, "smm_maturity.template", "smm_maturity.upload_flow"])
    code = f"import sys; import {imports}; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "False" == result.stdout.strip()
