"""Every scoring rule of the brief, against hand-computed expectations."""

from __future__ import annotations

import statistics
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from survey_data import answered_survey

from smm_maturity import disclosure, scoring, store
from smm_maturity.instrument import load_instrument
from smm_maturity.privacy import min_group_size

INSTRUMENT = load_instrument()


@pytest.mark.parametrize(
    ("mean", "expected_stage"),
    [
        (1.0, 1),
        (1.79, 1),
        (1.794, 1),
        (1.795, 2),
        (1.80, 2),
        (2.599, 3),
        (2.59, 2),
        (3.3949, 2 + 1),
        (3.39, 3),
        (3.40, 4),
        (4.19, 4),
        (4.195, 5),
        (5.0, 5),
    ],
)
def test_stage_follows_the_rounded_mean(mean: float, expected_stage: int) -> None:
    assert expected_stage == scoring.stage_for(mean, INSTRUMENT.stages)


@pytest.mark.parametrize(
    ("mean", "expected_index"), [(1.0, 0.0), (5.0, 100.0), (3.0, 50.0), (3.716667, 68.0)]
)
def test_index_maps_the_scale_to_0_100(mean: float, expected_index: float) -> None:
    assert expected_index == scoring.index_for(mean)


@pytest.mark.parametrize(
    ("sizes", "expected_hidden"),
    [
        ({"A": 6, "B": 5, "C": 4}, {"B", "C"}),
        ({"A": 6, "B": 5, "C": 7}, set()),
        ({"A": 2, "B": 3, "C": 9, "D": 8}, {"A", "B"}),
        ({"A": 4, "B": 9, "C": 12}, {"A", "B"}),
        ({"A": 4}, {"A"}),
        ({"A": 5, "B": 0}, set()),
    ],
)
def test_a_breakdown_hides_small_groups_and_what_would_reveal_them(sizes: dict, expected_hidden: set) -> None:
    assert expected_hidden == set(disclosure.breakdown(sum(sizes.values()), sizes, 5).hidden)


@pytest.mark.parametrize(("requested", "expected"), [(None, 5), (3, 3), (10, 10), (np.int64(6), 6)])
def test_minimum_group_size_is_the_configured_or_the_requested_one(
    requested: int | None, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMM_MIN_GROUP", raising=False)
    assert expected == min_group_size(requested)


@pytest.mark.parametrize("requested", [2, 0, -1, True, 7.0, "10", "x"])
def test_a_minimum_group_size_below_three_or_not_whole_is_refused_not_raised(requested: object) -> None:
    with pytest.raises(ValueError, match="at least 3"):
        min_group_size(requested)
    with pytest.raises(ValueError, match="at least 3"):
        disclosure.breakdown(10, {"A": 1, "B": 9}, requested)


def test_cronbach_alpha_equals_the_covariance_formula() -> None:
    matrix = pd.DataFrame([[1, 2, 2], [2, 3, 3], [3, 3, 5], [4, 5, 4], [5, 4, 5]], columns=["a", "b", "c"])
    covariance = np.cov(matrix.to_numpy(), rowvar=False)
    expected = 3 / 2 * (1 - np.trace(covariance) / covariance.sum())
    assert round(expected, 10) == round(scoring.cronbach_alpha(matrix), 10)


def test_cronbach_alpha_needs_two_items_and_two_rows() -> None:
    assert None is scoring.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]}))
    assert None is scoring.cronbach_alpha(pd.DataFrame({"a": [1], "b": [2]}))


SIL_ANSWERS = [
    {"SIL1": 5, "SIL2": 4, "SIL3": 2},
    {"SIL1": 1, "SIL2": 2},
    {"SIL1": 3, "SIL2": 3, "SIL3": 3, "SIL4": 3, "SIL5": 3},
    {"SIL1": 4, "SIL2": 4, "SIL3": 1, "SIL4": 4},
    {"SIL1": 2, "SIL2": 2, "SIL3": 4, "SIL4": 2, "SIL5": 2},
    {"SIL1": 5, "SIL2": 5, "SIL3": 1},
]
SIL_SCORES = [13 / 3, 3.0, 17 / 4, 2.0, 5.0]


@pytest.fixture
def small_db(tmp_path: Path):
    con = store.connect(tmp_path / "small.duckdb")
    answered_survey(con, "W1", [("A", answers, {}, "") for answers in SIL_ANSWERS])
    yield con
    con.close()


def test_department_mean_follows_reverse_coding_and_the_half_answered_rule(small_db) -> None:
    scores = scoring.wave_scores(small_db, "W1", min_size=5)
    cell = scores.department("A").dimensions["SIL"]
    assert (5, 3.72, 1.2, 4) == (cell.n, cell.mean, cell.sd, cell.stage)
    assert (3.72, 1.2) == (round(statistics.mean(SIL_SCORES), 2), round(statistics.stdev(SIL_SCORES), 2))


def test_group_index_and_stage_come_from_the_mean_of_dimension_means(small_db) -> None:
    group = scoring.wave_scores(small_db, "W1", min_size=5).department("A")
    assert (6, False, 3.72, 68.0, 4) == (
        group.respondents,
        group.suppressed,
        group.mean,
        group.index,
        group.stage,
    )


def test_dimensions_without_scores_stay_empty(small_db) -> None:
    cell = scoring.wave_scores(small_db, "W1", min_size=5).department("A").dimensions["TRA"]
    assert scoring.DimensionScore(dimension="TRA", n=0, hidden=False) == cell


def test_confidence_interval_uses_the_t_distribution(small_db) -> None:
    cell = scoring.wave_scores(small_db, "W1", min_size=5).department("A").dimensions["SIL"]
    half_width = 2.7764451051977987 * statistics.stdev(SIL_SCORES) / 5**0.5
    expected = (statistics.mean(SIL_SCORES) - half_width, statistics.mean(SIL_SCORES) + half_width)
    assert (2.23, 5.21) == (round(expected[0], 2), round(expected[1], 2))
    assert (2.23, 5.21) == (cell.ci_low, cell.ci_high)


def test_a_group_below_the_minimum_shows_no_score(small_db) -> None:
    group = scoring.wave_scores(small_db, "W1", min_size=7).department("A")
    assert (True, None, None, None) == (group.suppressed, group.mean, group.index, group.stage)
    assert all(cell.hidden and cell.mean is None for cell in group.dimensions.values())


def test_a_visible_group_hides_a_dimension_with_too_few_scores(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "dimensions.duckdb")
    sil, tra = {"SIL1": 4, "SIL2": 4, "SIL3": 2}, {"TRA1": 4, "TRA2": 4, "TRA3": 2}
    answered_survey(
        con,
        "W1",
        [("A", answers, {}, "") for answers in SIL_ANSWERS]
        + [("B", sil, {}, "")]
        + [("B", tra, {}, "")] * 5
        + [("C", sil, {}, "")] * 7,
    )
    scores = scoring.wave_scores(con, "W1", min_size=5)
    hidden = {
        (g.group, code): g.dimensions[code].hidden for g in scores.departments for code in ("SIL", "TRA")
    }
    expected = {
        ("A", "SIL"): True,
        ("A", "TRA"): False,
        ("B", "SIL"): True,
        ("B", "TRA"): False,
        ("C", "SIL"): False,
        ("C", "TRA"): False,
    }
    assert expected == hidden


def test_complementary_hiding_between_departments(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "groups.duckdb")
    sizes = {"Four": 4, "Five": 5, "Six": 6}
    answered_survey(
        con,
        "W1",
        [(name, {"SIL1": 4, "SIL2": 4, "SIL3": 2}, {}, "") for name, n in sizes.items() for _ in range(n)],
    )
    scores = scoring.wave_scores(con, "W1", min_size=5)
    assert {"Four": True, "Five": True, "Six": False} == {g.group: g.suppressed for g in scores.departments}


def test_silo_scores_average_given_and_received_ratings() -> None:
    cells = [
        scoring.CollaborationCell("A", "B", 5, False, 4.0),
        scoring.CollaborationCell("B", "A", 5, False, 2.0),
        scoring.CollaborationCell("A", "C", 5, False, 1.0),
        scoring.CollaborationCell("C", "A", 5, True, None),
    ]
    expected = [
        scoring.SiloScore("A", given=2.5, received=2.0, score=2.25, isolated=True),
        scoring.SiloScore("B", given=2.0, received=4.0, score=3.0, isolated=False),
        scoring.SiloScore("C", given=None, received=1.0, score=1.0, isolated=True),
    ]
    assert expected == scoring.silo_scores(cells)


def test_collaboration_cells_hide_raters_below_the_minimum(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "collab.duckdb")
    raters = [("A", 6, 4), ("B", 3, 1), ("C", 7, 2)]
    answered_survey(
        con, "W1", [(name, {}, {"Z": rating}, "") for name, n, rating in raters for _ in range(n)]
    )
    cells = {(c.rater, c.target): (c.hidden, c.mean) for c in scoring.collaboration_cells(con, "W1", 5)}
    assert {("A", "Z"): (True, None), ("B", "Z"): (True, None), ("C", "Z"): (False, 2.0)} == cells


def test_comments_of_small_groups_are_pooled_without_their_department(tmp_path: Path) -> None:
    """Departments of 10+ respondents list their own comments; the rest go into the organisation's list."""
    con = store.connect(tmp_path / "comments.duckdb")
    sizes = [("Big", 12), ("Bigger", 15), ("Small", 3), ("Smallish", 6)]
    answered_survey(
        con, "W1", [(name, {}, {}, f"{name} says {index}") for name, n in sizes for index in range(n)]
    )
    own = {
        name: scoring.comments(con, "W1", name, min_size=5) for name in ("Big", "Bigger", "Small", "Smallish")
    }
    # Small and Smallish (9 together) are too few to pool on their own, so Big, the next-smallest, joins them.
    assert {"Big": [], "Bigger": 15, "Small": [], "Smallish": []} == {
        name: len(texts) if texts else texts for name, texts in own.items()
    }
    assert {"Bigger"} == {comment.split()[0] for comment in own["Bigger"]}
    assert 36 == len(scoring.comments(con, "W1", min_size=5))
