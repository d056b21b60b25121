"""The disclosure layer: the residual rule, rounding, comments and participation, and the attacks it stops."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest
from disclosure_data import (
    DONT_KNOW,
    INSTRUMENT,
    ORDERS,
    database,
    department_rows,
    respondent,
    skipping,
    transparency_rows,
)

from smm_maturity import disclosure, scoring
from smm_maturity.disclosure import HIDDEN_REASON, Breakdown, ParticipationRow

K = 5

# ------------------------------------------------------------------------------------- residual rule


@pytest.mark.parametrize(
    ("parent", "children", "k", "already_hidden", "expected"),
    [
        (18, {"A": 6, "B": 5, "C": 7}, 5, (), Breakdown(False, frozenset())),
        (15, {"A": 6, "B": 5, "C": 4}, 5, (), Breakdown(False, frozenset({"B", "C"}))),
        (22, {"A": 2, "B": 3, "C": 9, "D": 8}, 5, (), Breakdown(False, frozenset({"A", "B"}))),
        # two small groups of 1 and 2 leave a residual of 3: the next-smallest shown group joins them
        (20, {"A": 1, "B": 2, "C": 9, "D": 8}, 5, (), Breakdown(False, frozenset({"A", "B", "D"}))),
        (24, {"A": 2, "B": 2, "C": 10, "D": 10}, 5, (), Breakdown(False, frozenset({"A", "B", "C"}))),
        # ties are broken by name
        (13, {"B": 6, "A": 1, "C": 6}, 5, (), Breakdown(False, frozenset({"A", "B"}))),
        (21, {"A": 6, "B": 7, "C": 8}, 5, ("C",), Breakdown(False, frozenset({"C"}))),
        (10, {"A": 6, "C": 4}, 5, (), Breakdown(False, frozenset({"A", "C"}))),
        (23, {"A": 6, "B": 7, "C": 8, "D": 2}, 5, (), Breakdown(False, frozenset({"A", "D"}))),
        # respondents in the parent but in no child count towards the residual
        (12, {"A": 5, "B": 5}, 5, (), Breakdown(False, frozenset({"A"}))),
        (10, {"A": 10}, 5, (), Breakdown(False, frozenset())),
        (5, {"A": 5, "B": 0}, 5, (), Breakdown(False, frozenset())),
        (7, {"A": 1, "B": 3, "C": 3}, 3, (), Breakdown(False, frozenset({"A", "B"}))),
        # a parent below k is hidden with every child
        (4, {"A": 4}, 5, (), Breakdown(True, frozenset({"A"}))),
        (3, {"A": 1, "B": 2}, 5, (), Breakdown(True, frozenset({"A", "B"}))),
        (0, {"A": 0}, 5, (), Breakdown(True, frozenset())),
        # an already hidden child that is empty stays out
        (6, {"A": 6, "B": 0}, 5, ("B",), Breakdown(False, frozenset())),
    ],
)
def test_the_residual_rule(
    parent: int, children: dict[str, int], k: int, already_hidden: tuple[str, ...], expected: Breakdown
) -> None:
    assert expected == disclosure.breakdown(parent, children, k, already_hidden)


@pytest.mark.parametrize(
    ("parent", "children", "k", "words"),
    [
        (10, {"A": 10}, 2, "at least 3"),
        (10, {"A": 10}, 0, "at least 3"),
        (5, {"A": 4, "B": 2}, 5, "more than the parent"),
    ],
)
def test_the_residual_rule_refuses_bad_input(
    parent: int, children: dict[str, int], k: int, words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        disclosure.breakdown(parent, children, k)


# ------------------------------------------------------------------------------------------ rounding


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(192, 65), 2, 2.95),
        (Fraction(2595, 1000), 2, 2.6),
        (Fraction(2594999, 1000000), 2, 2.59),
        (2.675, 2, 2.68),
        (1.005, 2, 1.01),
        (Decimal("0.125"), 2, 0.13),
        (Fraction(-1, 8), 2, -0.13),
        (Fraction(1, 3), 1, 0.3),
        (7, 2, 7.0),
        (Fraction(1, 2000), 3, 0.001),
    ],
)
def test_rounding_is_half_up_from_the_exact_value(value: object, places: int, expected: float) -> None:
    assert expected == disclosure.round_half_up(value, places)


@pytest.mark.parametrize(
    ("function", "arguments", "expected"),
    [
        (disclosure.rounded_mean, (Fraction(40, 13),), 3.08),
        (disclosure.rounded_index, (Fraction(223, 60),), 68.0),
        (disclosure.rounded_index, (Fraction(373, 100),), 68.3),
        (disclosure.rounded_index, (Fraction(1),), 0.0),
        (disclosure.rounded_share, (1, 8), 0.13),
        (disclosure.rounded_share, (2, 3), 0.67),
        (disclosure.rounded_interval, (2.2349999,), 2.23),
        (disclosure.rounded_p_value, (0.0495,), 0.05),
    ],
)
def test_each_kind_of_number_has_its_display_precision(
    function: object, arguments: tuple, expected: float
) -> None:
    assert expected == function(*arguments)


def test_a_rounded_float_is_the_float_of_its_decimal() -> None:
    assert ("2.95", True, False) == (
        repr(disclosure.rounded_mean(Fraction(192, 65))),
        disclosure.is_rounded(2.95, 2),
        disclosure.is_rounded(2.953846153846153, 2),
    )


# ------------------------------------------------------------------------------------------ comments


def test_comment_order_depends_on_the_texts_and_the_wave_only() -> None:
    texts = [f"Kommentar {number}" for number in range(30)]
    shuffled = texts[7:] + texts[:7]
    ordered = disclosure.comment_order(texts, "Welle 1")
    assert ordered == disclosure.comment_order(reversed(texts), "Welle 1")
    assert ordered == disclosure.comment_order(shuffled, "Welle 1")
    assert sorted(texts) == sorted(ordered)
    assert ordered != tuple(sorted(texts))
    assert ordered != disclosure.comment_order(texts, "Welle 2")


def test_repeated_comments_are_listed_once_without_a_count() -> None:
    assert 2 == len(
        disclosure.comment_order(["Mehr Austausch", "Mehr Austausch ", "Weniger Meetings", " "], "W")
    )


@pytest.mark.parametrize(
    ("respondents", "commenters", "min_comments", "own", "pooled"),
    [
        # every department of 10+ lists its own; nothing is pooled
        ({"A": 12, "B": 10}, {"A": 3, "B": 1}, 10, {"A": 3, "B": 1}, 0),
        # one small department alone would be recognisable: the next-smallest is pooled with it
        ({"A": 12, "B": 11, "C": 4}, {"A": 5, "B": 8, "C": 3}, 10, {"A": 5}, 11),
        # a pool with fewer than min_comments commenters is not shown
        ({"A": 12, "B": 11, "C": 4}, {"A": 2, "B": 2, "C": 2}, 10, {"A": 2}, 0),
        # small departments together make a pool of their own
        ({"A": 12, "B": 6, "C": 6}, {"A": 1, "B": 6, "C": 5}, 10, {"A": 1}, 11),
        ({"A": 6, "B": 7}, {"A": 6, "B": 7}, 10, {}, 13),
        ({"A": 6}, {"A": 6}, 5, {"A": 6}, 0),
    ],
)
def test_comment_lists(
    respondents: dict[str, int],
    commenters: dict[str, int],
    min_comments: int,
    own: dict[str, int],
    pooled: int,
) -> None:
    comments = {name: [f"{name} {number}" for number in range(count)] for name, count in commenters.items()}
    lists = disclosure.comment_lists(comments, respondents, "W", 5, min_comments)
    assert (own, pooled) == (
        {name: len(texts) for name, texts in lists.by_group.items()},
        len(lists.organisation),
    )
    assert all(text.split()[0] not in lists.by_group for text in lists.organisation)


def test_a_hidden_department_is_pooled_even_with_ten_respondents() -> None:
    lists = disclosure.comment_lists(
        {"A": ["a"] * 12, "B": [f"b{n}" for n in range(12)]}, {"A": 12, "B": 12}, "W", 5, 10, {"B"}
    )
    assert ({"A": ("a",)}, 12) == (dict(lists.by_group), len(lists.organisation))


# ------------------------------------------------------------------------------------- participation


def test_participation_hides_under_the_residual_rule_and_gives_no_hidden_count() -> None:
    counts = {"A": 12, "B": 9, "C": 2, "D": 1}
    headcounts = {"A": 20, "B": 10, "C": 4, "D": 3}
    expected = disclosure.Participation(
        responses=24,
        headcount=37,
        share=0.65,
        departments=(
            ParticipationRow("A", 12, 20, 0.6, False),
            ParticipationRow("B", 0, 10, None, True, HIDDEN_REASON),
            ParticipationRow("C", 0, 4, None, True, HIDDEN_REASON),
            ParticipationRow("D", 0, 3, None, True, HIDDEN_REASON),
        ),
    )
    assert expected == disclosure.participation(counts, headcounts, 5)


def test_participation_gives_no_organisation_share_when_a_headcount_is_missing() -> None:
    result = disclosure.participation({"A": 12, "B": 9}, {"A": 20}, 5)
    assert (21, None, None, 2) == (result.responses, result.headcount, result.share, result.shown_departments)


# ------------------------------------------------------------------------------------------ attacks


@pytest.fixture
def tmp_db(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "attack.duckdb"


def residuals(scores: scoring.WaveScores) -> dict[str, int]:
    """Per dimension, the scored respondents of the organisation that no shown department accounts for."""
    return {
        code: scores.organisation.dimensions[code].n
        - sum(group.dimensions[code].n for group in scores.departments if not group.dimensions[code].hidden)
        for code in INSTRUMENT.dimension_codes
    }


def test_an_added_one_person_department_cannot_single_out_another(tmp_db: Path) -> None:
    """Recht has one person. An attacker imports a one-person department "Attrappe" with known answers.

    With the old rule both are hidden and nothing else (two groups are hidden), so the organisation minus
    the shown departments was Recht plus the attacker: Recht's answers. Now the residual of 2 hides
    Technik, the next-smallest department, as well.
    """
    rows = [
        *department_rows("Vertrieb", 10, 3),
        *department_rows("Technik", 10, 4),
        *department_rows("Recht", 1, 1),
        *department_rows("Attrappe", 1, 5),
    ]
    con = database(tmp_db, {"W": rows})
    scores = scoring.wave_scores(con, "W", K)
    assert {"Attrappe": True, "Recht": True, "Technik": True, "Vertrieb": False} == {
        group.group: group.suppressed for group in scores.departments
    }
    assert {code: 12 for code in INSTRUMENT.dimension_codes} == residuals(scores)
    assert 22 - 10 == scores.organisation.respondents - sum(g.respondents for g in scores.visible_departments)


def test_two_small_departments_never_leave_a_residual_below_k(tmp_db: Path) -> None:
    rows = [
        *department_rows("A", 10),
        *department_rows("B", 12),
        *department_rows("C", 2),
        *department_rows("D", 2),
    ]
    scores = scoring.wave_scores(database(tmp_db, {"W": rows}), "W", K)
    assert {"A", "C", "D"} == {group.group for group in scores.hidden_departments}
    assert all(rest == 0 or rest >= K for rest in residuals(scores).values())


@pytest.fixture
def facet_db(tmp_db: Path) -> duckdb.DuckDBPyConnection:
    """In C, five of six people answer only the external transparency items; one answers all of them."""
    external_only = {item: DONT_KNOW for item in ("TRA1", "TRA2", "TRA3")}
    rows = [
        *department_rows("A", 7, 4),
        *department_rows("B", 6, 3),
        respondent("C-0", "C", 1),
        *(respondent(f"C-{n}", "C", 2, **external_only) for n in range(1, 6)),
    ]
    return database(tmp_db, {"W": rows})


def test_the_facet_of_one_person_cannot_be_subtracted_from_the_organisation(
    facet_db: duckdb.DuckDBPyConnection,
) -> None:
    """C's internal facet has n = 1, and the organisation's minus A's and B's was that person's answer.

    Now C's transparency detail is hidden, and with it B's, the next-smallest, so the residual is 7.
    """
    facets = {name: scoring.facet_scores(facet_db, "W", "TRA", name, K) for name in (None, "A", "B", "C")}
    shown = {
        name: {facet: not cell.hidden for facet, cell in cells.items()} for name, cells in facets.items()
    }
    assert {
        None: {"external": True, "internal": True},
        "A": {"external": True, "internal": True},
        "B": {"external": False, "internal": False},
        "C": {"external": False, "internal": False},
    } == shown
    assert (14, 7) == (facets[None]["internal"].n, facets["A"]["internal"].n)
    assert scoring.wave_scores(facet_db, "W", K).department("C").dimensions["TRA"].mean is not None
    tra_items = {item.code for item in INSTRUMENT.dimension("TRA").items}
    assert set() == tra_items & set(scoring.item_distribution(facet_db, "W", "B", K)["item_code"])


@pytest.fixture
def hidden_dimension_db(tmp_db: Path) -> duckdb.DuckDBPyConnection:
    """In C, three of six people skip every SIL item, so C's SIL mean has n = 3 and B's is hidden with it."""
    rows = [
        *department_rows("A", 10, 4),
        *department_rows("B", 6, 2),
        *department_rows("C", 3, 3),
        *(respondent(f"C-s{n}", "C", 3, **skipping("SIL")) for n in range(3)),
    ]
    return database(tmp_db, {"W": rows})


def test_item_bars_of_a_hidden_dimension_are_hidden_too(
    hidden_dimension_db: duckdb.DuckDBPyConnection,
) -> None:
    """B's SIL is hidden only to protect C's; its SIL items (whose mean is B's SIL mean) are hidden as well."""
    con = hidden_dimension_db
    b = scoring.wave_scores(con, "W", K).department("B")
    items = scoring.item_distribution(con, "W", "B", K)
    sil = {item.code for item in INSTRUMENT.dimension("SIL").items}
    assert (True, False) == (b.dimensions["SIL"].hidden, b.suppressed)
    assert set() == sil & set(items["item_code"])
    assert len(INSTRUMENT.items) - len(sil) == len(items)
    trend = {point.dimension: point for point in scoring.trend(con, ["W"], "B", K)}
    assert (True, None, 0) == (trend["SIL"].hidden, trend["SIL"].mean, trend["SIL"].n)
    assert not trend["TRA"].hidden


def test_published_numbers_are_rounded_and_give_no_denominator_away(tmp_db: Path) -> None:
    """Twelve at 3 and one at 4: the mean 40/13 = 3.0769… would show the 13 in its decimals."""
    rows = [*department_rows("A", 12, 3), *department_rows("B", 1, 4)]
    con = database(tmp_db, {"W": rows})
    scores = scoring.wave_scores(con, "W", K)
    cell = scores.organisation.dimensions["SIL"]
    assert (13, "3.08", "0.28", 3.08, 52.0) == (
        cell.n,
        repr(cell.mean),
        repr(cell.sd),
        scores.organisation.mean,
        scores.organisation.index,
    )
    assert ("2.91", "3.24") == (repr(cell.ci_low), repr(cell.ci_high))


def test_hidden_groups_carry_no_count(hidden_dimension_db: duckdb.DuckDBPyConnection) -> None:
    con = hidden_dimension_db
    scores = scoring.wave_scores(con, "W", 7)
    c = scores.department("C")
    assert (True, 0, HIDDEN_REASON) == (c.suppressed, c.respondents, c.reason)
    assert {(0, True, None, HIDDEN_REASON)} == {
        (cell.n, cell.hidden, cell.mean, cell.reason) for cell in c.dimensions.values()
    }
    assert {0} == {point.n for point in scoring.trend(con, ["W"], "C", 7)}
    rows = {row.group: row for row in scoring.participation(con, "W", 7).departments}
    assert (0, True, None) == (rows["C"].responses, rows["C"].hidden, rows["C"].share)


def test_a_lone_comment_is_not_shown(tmp_db: Path) -> None:
    """Six people of Klein, one of whom comments: neither their department's list nor the organisation's shows it."""
    rows = [
        *department_rows("Gross", 20),
        *department_rows("Klein", 5),
        respondent("k", "Klein", 3, comment="Nur ich"),
    ]
    con = database(tmp_db, {"W": rows})
    assert ([], []) == (scoring.comments(con, "W", "Klein", K), scoring.comments(con, "W", None, K))


def test_comments_of_a_small_department_join_the_organisation_list_without_it(tmp_db: Path) -> None:
    """Klein is pooled with Gross, the next-smallest, and their ten comments are shown without departments."""
    rows = [
        *(respondent(f"g{n}", "Gross", 3, comment=f"Gross sagt {n}") for n in range(9)),
        *department_rows("Gross", 11),
        *department_rows("Klein", 5),
        respondent("k", "Klein", 3, comment="Klein sagt etwas"),
    ]
    con = database(tmp_db, {"W": rows})
    organisation = scoring.comments(con, "W", None, K)
    assert ([], [], 10) == (
        scoring.comments(con, "W", "Klein", K),
        scoring.comments(con, "W", "Gross", K),
        len(organisation),
    )
    assert list(disclosure.comment_order(organisation, "W")) == organisation


def test_the_same_answers_in_another_order_give_the_same_scores(tmp_path: Path) -> None:
    """Summed as floats in file order, the mean read 2.595 (stage 3) or 2.5949999999999998 (stage 2)."""
    results = []
    for number, order in enumerate(ORDERS):
        con = database(tmp_path / f"order{number}.duckdb", {"W": transparency_rows(order)})
        results.append(scoring.wave_scores(con, "W", K))
        con.close()
    cell = results[0].organisation.dimensions["TRA"]
    assert (2.6, 3) == (cell.mean, cell.stage)
    assert results[0] == results[1]
    assert repr(results[0]) == repr(results[1])


def test_a_hidden_cell_keeps_only_its_name_and_reason() -> None:
    hidden = scoring.exact.hidden_score("SIL")
    assert {"dimension": "SIL", "n": 0, "hidden": True, "reason": HIDDEN_REASON} == {
        key: value for key, value in dataclasses.asdict(hidden).items() if value is not None
    }


@pytest.mark.parametrize(
    ("current", "previous", "places", "expected"),
    [
        (3.1, 2.8, 2, 0.3),
        (62.5, 64.0, 1, -1.5),
        (2.33, 2.33, 2, 0.0),
        (0.1 + 0.2, 0.3, 2, 0.0),
        (Fraction(1, 3), 0.0, 2, 0.33),
        (4.0, 3.995, 2, 0.01),
    ],
)
def test_a_difference_of_published_figures_is_taken_exactly_and_rounded_half_up(
    current: float | Fraction, previous: float, places: int, expected: float
) -> None:
    assert 3.1 - 2.8 != 0.3 and expected == disclosure.difference(current, previous, places)


def test_a_mean_of_published_figures_is_exact_and_rounded_once() -> None:
    """(2.675 + 2.675) / 2 is 2.675 exactly, so 2.68 half-up, though the float 2.675 lies below it."""
    assert (2.68, 4.4, 3.33, None) == (
        disclosure.mean_of([2.675, 2.675]),
        disclosure.mean_of([4.5, 4.3]),
        disclosure.mean_of([3, 3, 4], 2),
        disclosure.mean_of([]),
    )
