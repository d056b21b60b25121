"""Tests for reading cell values: Likert numbers and labels, missing markers, bad values, submit times."""

from __future__ import annotations

import numpy as np
import pytest

from smm_maturity.ingest import ImportBatch, read_upload, values
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()


def problems(batch: ImportBatch) -> list[tuple[str, str, int | None, str | None, str | None]]:
    """The batch's problems as plain tuples, leaving out the warning that lists items a small file lacks."""
    return [
        (p.severity, p.kind, p.row, p.column, p.value)
        for p in batch.problems
        if not (p.kind == "missing_items" and p.severity == "warning")
    ]


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


@pytest.mark.parametrize(("token", "expected"), TOKENS, ids=[token or "blank" for token, _ in TOKENS])
def test_each_distinct_text_has_one_value(token: str, expected: int | None) -> None:
    assert (expected or values.MISSING) == values.token_value(token, values.likert_labels(INSTRUMENT))


def test_the_collaboration_scale_has_labels_of_its_own_that_items_do_not_take() -> None:
    likert, collaboration = values.likert_labels(INSTRUMENT), values.collaboration_labels(INSTRUMENT)
    assert (values.UNKNOWN_LABEL, 4, 4) == (
        values.token_value("eher gut", likert),
        values.token_value("eher gut", collaboration),
        values.token_value("Rather well", collaboration),
    )
    assert 4 == values.token_value("trifft eher zu", collaboration)


def test_a_column_is_translated_once_per_distinct_text() -> None:
    cache: dict[str, int] = {}
    column = np.array(["4", "weiß nicht", "4", "7", "ja", "4"], dtype=object)
    translated = values.translate(column, values.likert_labels(INSTRUMENT), cache)
    assert [4, 0, 4, values.OUT_OF_RANGE, values.UNKNOWN_LABEL, 4] == translated.tolist()
    assert {"4", "weiß nicht", "7", "ja"} == set(cache)


def test_fold_ignores_case_quotes_punctuation_and_spacing() -> None:
    assert "teils teils" == values.fold("  „Teils/teils“ ")
    assert values.fold("Don’t know") == values.fold("don't KNOW")


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


def test_plain_iso_times_read_in_one_pass_equal_the_general_reading() -> None:
    plain = [
        "2026-03-02T09:15:00",
        " 2026-03-02 09:15:07 ",
        "2026-03-02T09:15",
        "2026-03-02T09:15:00.250",
        "2026-03-02",
        "",
        "2024-02-29T23:59:59",
    ]
    one_pass = values.parse_dates(np.array(plain, dtype=object))
    general = values.parse_dates(np.array([*plain, "02.03.2026 9:15:00 vorm."], dtype=object))
    expected = [
        "2026-03-02T09:15:00.000000",
        "2026-03-02T09:15:07.000000",
        "2026-03-02T09:15:00.000000",
        "2026-03-02T09:15:00.250000",
        "2026-03-02T00:00:00.000000",
        "NaT",
        "2024-02-29T23:59:59.000000",
    ]
    assert expected == [str(value) for value in one_pass]
    assert [*expected, "2026-03-02T09:15:00.000000"] == [str(value) for value in general]


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
