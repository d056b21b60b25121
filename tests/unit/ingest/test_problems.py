"""Tests for how problems are told: file, row, column and value named, in German and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smm_maturity import i18n
from smm_maturity.ingest import Problem, read_upload, values

ROOT = Path(__file__).resolve().parents[3]
BAD = Path(__file__).parents[2] / "data" / "bad"
RAISED = re.compile(r"""\b(?:error|warning)\(\s*["']([a-z_]+)["']""")


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


def test_problem_is_frozen_and_describes_in_german() -> None:
    problem = Problem("error", "out_of_range", 7, "KOO2", "6")
    expected = (
        "„team.csv“, Zeile 7, Spalte „KOO2“: Der Wert „6“ liegt außerhalb der Skala 1 bis 5; tragen Sie eine "
        "ganze Zahl von 1 bis 5 ein oder lassen Sie die Zelle leer."
    )
    assert expected == problem.describe("de", "team.csv")
    with pytest.raises(AttributeError):
        problem.row = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("problem", "lang", "expected"),
    [
        (Problem("error", "empty_file", None, None, None), "en", '"a.csv"'),
        (Problem("error", "truncated_row", 4, None, None), "de", "„a.csv“, Zeile 4"),
        (Problem("warning", "unknown_column", None, "Notiz", None), "de", "„a.csv“, Spalte „Notiz“"),
        (Problem("error", "out_of_range", 4, "SIL1", "9"), "en", '"a.csv", row 4, column "SIL1"'),
    ],
)
def test_the_place_names_file_row_and_column_in_the_languages_quotes(
    problem: Problem, lang: str, expected: str
) -> None:
    assert expected == problem.place(lang, "a.csv")


@pytest.mark.parametrize(
    ("problem", "text_kind"),
    [
        (Problem("error", "not_tabular", None, None, None), "not_tabular"),
        (Problem("error", "not_tabular", None, None, "workbook"), "damaged_workbook"),
        (Problem("error", "missing_items", None, None, None), "missing_items"),
        (Problem("warning", "missing_items", None, None, "SIL1", "1"), "missing_items_warning"),
        (Problem("warning", "wrong_sheet", None, None, "Form1", "Übersicht"), "wrong_sheet_warning"),
    ],
)
def test_some_problems_are_told_by_a_text_of_their_own(problem: Problem, text_kind: str) -> None:
    assert text_kind == problem.text_kind


def test_a_kind_without_a_text_of_its_own_is_still_told() -> None:
    problem = Problem("error", "something_new", 3, None, "x")
    assert '"a.csv", row 3: Problem "something_new" at "x"; check the file and upload it again.' == (
        problem.describe("en", "a.csv")
    )


def test_every_kind_the_importer_reports_has_a_text_in_both_languages() -> None:
    raised = set()
    for path in (ROOT / "smm_maturity" / "ingest").glob("*.py"):
        raised |= set(RAISED.findall(path.read_text(encoding="utf-8")))
    assert {"header_only", "not_tabular", "truncated_row", "too_many_problems"} <= raised
    kinds = raised | {"damaged_workbook", "missing_items_warning", "wrong_sheet_warning", "generic"}
    kinds |= set(values.VALUE_ERRORS.values())
    for lang in i18n.LANGUAGES:
        assert set() == {kind for kind in kinds if f"ingest.{kind}" not in i18n.catalogue(lang)}
