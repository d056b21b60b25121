"""The decisions of the survey setup: departments as typed, end dates, what a publication says, participation."""

from __future__ import annotations

from datetime import date

import pytest

from smm_maturity import survey_setup, waves
from smm_maturity.store import OnlineBatch
from smm_maturity.store.publication import Release


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Vertrieb", ("Vertrieb", None)),
        ("  Vertrieb  Nord = 24 ", ("Vertrieb Nord", 24)),
        ("IT=1", ("IT", 1)),
    ],
)
def test_a_department_is_typed_with_an_optional_headcount(
    typed: str, expected: tuple[str, int | None]
) -> None:
    assert expected == survey_setup.department_entry(typed)


@pytest.mark.parametrize("typed", ["IT=0", "IT=", "IT=zwölf", "IT=-3", "IT=2.5", "IT=１２"])
def test_a_headcount_that_is_not_a_whole_number_from_1_is_refused_naming_the_entry(typed: str) -> None:
    with pytest.raises(survey_setup.SetupRefused) as refused:
        survey_setup.department_entry(typed)
    assert str(refused.value).startswith(f"“{typed}” cannot be read as a department")


def test_known_and_new_departments_make_one_choice_and_a_name_twice_is_refused() -> None:
    assert {"IT": None, "Vertrieb": 12} == survey_setup.chosen_departments(["IT"], ["Vertrieb=12", "  "])
    with pytest.raises(survey_setup.SetupRefused, match="IT is chosen twice"):
        survey_setup.chosen_departments(["IT"], ["IT=4"])


@pytest.mark.parametrize(("text", "expected"), [(None, None), (" ", None), ("2027-03-31", date(2027, 3, 31))])
def test_an_end_date_is_written_as_iso(text: str | None, expected: date | None) -> None:
    assert expected == survey_setup.end_date(text)


def test_an_end_date_that_is_not_a_date_is_refused() -> None:
    with pytest.raises(survey_setup.SetupRefused, match="“31.03.2027” is not a date"):
        survey_setup.end_date("31.03.2027")


@pytest.mark.parametrize(
    ("status", "kind", "expected"),
    [
        ("draft", "survey", ["open"]),
        ("open", "survey", ["close", "publish"]),
        ("closed", "survey", ["publish"]),
        ("closed", "import", []),
    ],
)
def test_the_steps_a_wave_allows(status: str, kind: str, expected: list[str]) -> None:
    wave = waves.SurveyWave("W", status, kind, None, ("IT",))
    assert expected == [step.key for step in survey_setup.steps(wave, "en")]


def test_a_publication_names_what_it_released_and_holds_back_the_rest_without_counts() -> None:
    notices = survey_setup.release_notices("W", Release(3, {"Vertrieb": 7, "IT": 5}, ("HR",)), 5, "en")
    assert [
        ("success", "Published in W: IT (5), Vertrieb (7) new answers."),
        ("warning", "Held back: HR, with fewer than 5 new answers. They appear once they have at least 5."),
    ] == [(notice.kind, notice.text) for notice in notices]
    assert ["Nothing new to publish in W."] == [
        notice.text for notice in survey_setup.release_notices("W", Release(None, {}, ()), 5, "en")
    ]


def test_participation_shows_fewer_than_k_and_no_share_below_k() -> None:
    shares = [
        waves.Participation("HR", None, 4),
        waves.Participation("IT", 6, 12),
        waves.Participation("X", 5, None),
    ]
    table = survey_setup.participation_table(shares, 5, "de")
    assert [
        ["HR", "weniger als 5", "4", ""],
        ["IT", "6", "12", "50\xa0%"],
        ["X", "5", "", ""],
    ] == table.values.tolist()


SHARES = [
    waves.Participation("HR", None, 4),
    waves.Participation("IT", 6, 12),
    waves.Participation("PR", 0, 3),
]


@pytest.mark.parametrize(
    ("shares", "department", "expected"),
    [
        (SHARES, "HR", ("fewer than 5", False)),
        (SHARES, "IT", ("6", True)),
        (SHARES, "PR", ("0", False)),
        (SHARES, None, ("hidden while a department has fewer than 5", True)),
        (SHARES[1:], None, ("6", True)),
        (SHARES[2:], None, ("0", False)),
        ([waves.Participation("IT", 5, None), waves.Participation("PR", 7, 3)], None, ("12", True)),
    ],
)
def test_a_live_count_shows_no_group_below_k_and_may_be_revealed_from_k(
    shares: list[waves.Participation], department: str | None, expected: tuple[str, bool]
) -> None:
    live = survey_setup.live_count(shares, department, 5, "en")
    assert expected == (live.text, live.revealable)


def test_a_batch_names_its_wave_department_and_publication() -> None:
    assert ["W · IT · not yet published: 6 answers", "W · IT · publication 2: 5 answers"] == [
        survey_setup.batch_label(OnlineBatch("W", "IT", publication, n), "en")
        for publication, n in ((None, 6), (2, 5))
    ]
