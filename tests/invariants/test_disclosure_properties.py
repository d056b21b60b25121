"""Random organisations through the import path: whatever `scoring` publishes obeys the disclosure rules.

Hypothesis draws the shape (departments of 1 to 15 people, how often answers are missing or "don't know",
whole dimensions skipped, ratings, comments) and a seed; numpy fills in the answers from the seed. Each
example is imported into a throwaway DuckDB in two waves, and every published figure is checked against
the rules and against the exact values recomputed from the drawn answers.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import duckdb
import numpy as np
import pytest
from disclosure_data import DONT_KNOW, INSTRUMENT, database
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from smm_maturity import disclosure, scoring
from smm_maturity.disclosure import HIDDEN_REASON
from smm_maturity.scoring import detail as detail_module
from smm_maturity.scoring.cells import read_wave_cells

pytestmark = pytest.mark.slow

WAVES = ("W1", "W2")
FACET_DIMENSIONS = tuple(d.code for d in INSTRUMENT.dimensions if any(item.facet for item in d.items))
COMMENT_TEXTS = tuple(f"Kommentar {letter}" for letter in "ABCDEFGH")


@dataclass(frozen=True)
class Shape:
    sizes: tuple[int, ...]
    seed: int
    missing: float
    dont_know: float
    skip_dimension: float
    rating: float
    comment: float
    unique_comments: bool
    k: int


shapes = st.builds(
    Shape,
    sizes=st.lists(st.integers(1, 15), min_size=1, max_size=12).map(tuple),
    seed=st.integers(0, 2**32 - 1),
    missing=st.sampled_from([0.0, 0.1, 0.3]),
    dont_know=st.sampled_from([0.0, 0.05, 0.2]),
    skip_dimension=st.sampled_from([0.0, 0.15, 0.4]),
    rating=st.sampled_from([0.0, 0.5, 1.0]),
    comment=st.sampled_from([0.0, 0.3, 0.9]),
    unique_comments=st.booleans(),
    k=st.sampled_from([3, 5]),
)


def names(shape: Shape) -> list[str]:
    return [f"Abteilung {chr(65 + index)}" for index in range(len(shape.sizes))]


def wave_rows(shape: Shape, wave: int) -> list[dict[str, object]]:
    """One wave of the organisation: the same departments, answers drawn from the seed and the wave."""
    rng = np.random.default_rng([shape.seed, wave])
    departments = names(shape)
    rows = []
    for department, size in zip(departments, shape.sizes, strict=True):
        level = rng.uniform(1.5, 4.5)
        for person in range(size):
            row: dict[str, object] = {
                "respondent_id": f"{wave}-{department}-{person}",
                "department": department,
            }
            skipped = {d.code for d in INSTRUMENT.dimensions if rng.random() < shape.skip_dimension}
            for item in INSTRUMENT.items:
                draw = rng.random()
                if item.dimension in skipped or draw < shape.missing:
                    row[item.code] = None
                elif draw < shape.missing + shape.dont_know:
                    row[item.code] = DONT_KNOW
                else:
                    row[item.code] = int(np.clip(np.rint(level + rng.normal(0, 1)), 1, 5))
            for target in departments:
                if target != department and rng.random() < shape.rating:
                    row[f"collab:{target}"] = int(rng.integers(1, 6))
            if rng.random() < shape.comment:
                text = (
                    f"{department} {person} {wave}"
                    if shape.unique_comments
                    else str(rng.choice(COMMENT_TEXTS))
                )
                row["comment"] = text
            rows.append(row)
    rng.shuffle(rows)
    return rows


# ------------------------------------------------------------------------------------ exact expectations


def answered(row: Mapping[str, object], codes: Iterable[str]) -> list[int]:
    """The reverse-coded answers of a row to some items."""
    values = []
    for code in codes:
        value = row.get(code)
        if isinstance(value, int):
            values.append(6 - value if INSTRUMENT.item(code).reverse else value)
    return values


def exact_dimension_means(rows: Sequence[Mapping[str, object]]) -> dict[tuple[str | None, str], Fraction]:
    """The brief's rules on the raw rows: per group (None: everyone) and dimension, the exact mean."""
    scores: dict[tuple[str | None, str], list[Fraction]] = {}
    for row in rows:
        for dimension in INSTRUMENT.dimensions:
            values = answered(row, (item.code for item in dimension.items))
            if values and 2 * len(values) >= len(dimension.items):
                score = Fraction(sum(values), len(values))
                for group in (None, row["department"]):
                    scores.setdefault((group, dimension.code), []).append(score)
    return {key: sum(values, Fraction(0)) / len(values) for key, values in scores.items()}


def raters(rows: Sequence[Mapping[str, object]]) -> dict[str, dict[str, int]]:
    """Per target, the raters from each other department."""
    columns: dict[str, dict[str, int]] = {}
    for row in rows:
        for key, value in row.items():
            if key.startswith("collab:") and value is not None:
                column = columns.setdefault(key.removeprefix("collab:"), {})
                column[str(row["department"])] = column.get(str(row["department"]), 0) + 1
    return columns


# ---------------------------------------------------------------------------------------------- checks


def assert_rounded(value: float | None, places: int) -> None:
    if value is not None and not (isinstance(value, float) and math.isnan(value)):
        assert disclosure.is_rounded(value, places), value


def assert_residual(parent: int, shown: Iterable[int], k: int, what: object) -> None:
    """The parent minus its shown children is nobody or at least k (a parent below k shows no child)."""
    shown = list(shown)
    rest = parent - sum(shown)
    assert rest == 0 or rest >= k or not shown, (what, parent, rest)


def assert_cell(cell: scoring.DimensionScore, k: int) -> None:
    """A hidden cell holds its name and the reason only; a shown one n >= k and rounded figures."""
    if cell.hidden:
        assert (0, None, None, None, None, None, HIDDEN_REASON) == (
            cell.n,
            cell.mean,
            cell.sd,
            cell.ci_low,
            cell.ci_high,
            cell.stage,
            cell.reason,
        )
        return
    assert cell.n == 0 or cell.n >= k
    for value in (cell.mean, cell.sd):
        assert_rounded(value, disclosure.MEAN_PLACES)
    for value in (cell.ci_low, cell.ci_high):
        assert_rounded(value, disclosure.INTERVAL_PLACES)


def check_wave_scores(
    scores: scoring.WaveScores, rows: Sequence[Mapping[str, object]], k: int
) -> dict[tuple[str | None, str], bool]:
    """Every group and cell of a wave; returns which (group, dimension) cells are hidden."""
    exact = exact_dimension_means(rows)
    groups = {None: scores.organisation, **{group.group: group for group in scores.departments}}
    hidden = {}
    for name, group in groups.items():
        if group.suppressed:
            assert (0, None, None, None, HIDDEN_REASON) == (
                group.respondents,
                group.mean,
                group.index,
                group.stage,
                group.reason,
            )
            assert all(cell.hidden for cell in group.dimensions.values())
        else:
            assert group.respondents >= k
            assert_rounded(group.mean, disclosure.MEAN_PLACES)
            assert_rounded(group.index, disclosure.INDEX_PLACES)
        for code, cell in group.dimensions.items():
            assert_cell(cell, k)
            hidden[name, code] = cell.hidden
            if not cell.hidden and cell.n:
                assert disclosure.rounded_mean(exact[name, code]) == cell.mean
                assert scoring.stage_for(exact[name, code], INSTRUMENT.stages) == cell.stage
    if not scores.organisation.suppressed:
        assert_residual(
            scores.organisation.respondents,
            (group.respondents for group in scores.visible_departments),
            k,
            "respondents",
        )
        for code in INSTRUMENT.dimension_codes:
            if not scores.organisation.dimensions[code].hidden:
                shown = (
                    group.dimensions[code].n
                    for group in scores.departments
                    if not group.dimensions[code].hidden
                )
                assert_residual(scores.organisation.dimensions[code].n, shown, k, code)
    return hidden


def check_detail(
    con: duckdb.DuckDBPyConnection,
    detail: scoring.WaveDetail,
    departments: Sequence[str],
    cells: Mapping,
    k: int,
) -> None:
    """Facets and item distributions: the residual rule per facet and item, and consistency with the cells."""
    groups: list[str | None] = [None, *departments]
    facets, items = detail.facets, detail.items
    detail_shown: dict[tuple[str | None, str], bool] = {}
    for (name, code), scores in facets.items():
        for cell in scores.values():
            assert_cell(cell, k)
        hidden = {cell.hidden for cell in scores.values()}
        assert len(hidden) == 1, (name, code, scores)
        detail_shown[name, code] = not hidden.pop()
        if cells[name, code]:
            assert not detail_shown[name, code]
    for name in groups:
        frame = items[name]
        assert list(frame["item_code"]) == sorted(frame["item_code"])
        shown_items = set(frame["item_code"])
        for dimension in INSTRUMENT.dimensions:
            present = shown_items & {item.code for item in dimension.items}
            if cells[name, dimension.code] or not detail_shown.get((name, dimension.code), True):
                assert set() == present
        for record in frame.to_dict("records"):
            assert record["n"] >= k
            for column in ("disagree", "neutral", "agree"):
                assert_rounded(record[column], disclosure.SHARE_PLACES)
            for column in ("mean", "sd"):
                assert_rounded(record[column], disclosure.MEAN_PLACES)
    answers = dict(
        con.execute(
            "select a.item_code, count(*) from answers a join responses r using (response_id)"
            " join waves w using (wave_id) where w.name = ? group by all",
            [detail.wave],
        ).fetchall()
    )
    shown_n = {
        name: dict(zip(items[name]["item_code"], items[name]["n"], strict=True))
        for name in groups
        if name in items
    }
    for code, n in shown_n[None].items():
        assert answers[code] == n
        assert_residual(
            n, (shown[code] for name, shown in shown_n.items() if name and code in shown), k, code
        )
    for code in FACET_DIMENSIONS:
        for facet, cell in facets[None, code].items():
            if not cell.hidden and cell.n:
                shown = [
                    facets[name, code][facet].n
                    for name in departments
                    if not facets[name, code][facet].hidden
                ]
                assert_residual(cell.n, shown, k, (code, facet))


def check_collaboration(
    cells: Sequence[scoring.CollaborationCell],
    scores: scoring.WaveScores,
    rows: Sequence[Mapping[str, object]],
    k: int,
) -> None:
    columns = raters(rows)
    suppressed = {group.group for group in scores.hidden_departments}
    for target, column in columns.items():
        others = {rater: n for rater, n in column.items() if rater != target}
        shown = [cell for cell in cells if cell.target == target and not cell.hidden]
        if sum(others.values()) < k:
            assert [] == shown
        assert_residual(sum(others.values()), (cell.raters for cell in shown), k, target)
        assert not suppressed & {cell.rater for cell in shown}
        for cell in shown:
            assert cell.raters == others[cell.rater] and cell.raters >= k
    for cell in cells:
        if cell.hidden:
            assert (0, None, HIDDEN_REASON) == (cell.raters, cell.mean, cell.reason)
        else:
            assert_rounded(cell.mean, disclosure.MEAN_PLACES)
    for silo in scoring.silo_scores(cells):
        for value in (silo.given, silo.received, silo.score):
            assert_rounded(value, disclosure.MEAN_PLACES)
        given = [cell for cell in cells if cell.rater == silo.department and not cell.hidden]
        assert (silo.given is None) == (not given)


def check_comments(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    scores: scoring.WaveScores,
    rows: Sequence[Mapping[str, object]],
    k: int,
) -> None:
    threshold = max(k, disclosure.DEFAULT_MIN_COMMENTS)
    written = {str(row["comment"]) for row in rows if row.get("comment")}
    size = {
        group.group: sum(row["department"] == group.group for row in rows) for group in scores.departments
    }
    lists = scoring.comment_lists(con, wave, k)
    for name, texts in lists.by_group.items():
        assert texts and size[name] >= threshold and not scores.department(name).suppressed
        assert {
            str(row["comment"]) for row in rows if row["department"] == name and row.get("comment")
        } == set(texts)
        assert disclosure.comment_order(texts, wave) == texts
    own = {text for texts in lists.by_group.values() for text in texts}
    pooled_people = sum(n for name, n in size.items() if name not in lists.by_group)
    pooled_commenters = sum(
        1 for row in rows if row.get("comment") and row["department"] not in lists.by_group
    )
    if lists.organisation:
        assert pooled_commenters >= threshold and pooled_people >= threshold
        assert disclosure.comment_order(lists.organisation, wave) == lists.organisation
    assert set(lists.organisation) | own <= written
    everything = scoring.comments(con, wave, None, k)
    assert list(disclosure.comment_order([*own, *lists.organisation], wave)) == everything
    first = min(size)
    assert list(lists.of(first)) == scoring.comments(con, wave, first, k)


def check_participation(participation: disclosure.Participation, scores: scoring.WaveScores, k: int) -> None:
    rows = {row.group: row for row in participation.departments}
    for group in scores.departments:
        row = rows[group.group]
        assert (row.hidden, row.responses) == (group.suppressed, group.respondents)
        if row.hidden:
            assert (None, HIDDEN_REASON) == (row.share, row.reason)
        assert_rounded(row.share, disclosure.SHARE_PLACES)
    assert_rounded(participation.share, disclosure.SHARE_PLACES)


def check_trend(points: Sequence[scoring.TrendPoint], cells: Mapping[str, Mapping], name: str | None) -> None:
    for point in points:
        if cells[point.wave][name, point.dimension]:
            assert (True, 0, None, None, None, HIDDEN_REASON) == (
                point.hidden,
                point.n,
                point.mean,
                point.ci_low,
                point.change,
                point.reason,
            )
        assert_rounded(point.mean, disclosure.MEAN_PLACES)
        assert_rounded(point.change, disclosure.MEAN_PLACES)
        assert_rounded(point.p_value, disclosure.P_VALUE_PLACES)


@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(shape=shapes)
def test_everything_scoring_publishes_obeys_the_disclosure_rules(tmp_path: Path, shape: Shape) -> None:
    waves = {wave: wave_rows(shape, number) for number, wave in enumerate(WAVES)}
    con = database(tmp_path / f"{uuid.uuid4().hex}.duckdb", waves)
    try:
        departments = names(shape)
        hidden_cells, computed = {}, {}
        for wave, rows in waves.items():
            scores = computed[wave] = scoring.wave_scores(con, wave, shape.k)
            hidden_cells[wave] = check_wave_scores(scores, rows, shape.k)
            detail = scoring.wave_detail(con, wave, shape.k)
            check_detail(con, detail, departments, hidden_cells[wave], shape.k)
            for name in (None, departments[0]):
                assert repr(detail.items[name]) == repr(scoring.item_distribution(con, wave, name, shape.k))
                assert detail.facets[name, "TRA"] == scoring.facet_scores(con, wave, "TRA", name, shape.k)
            check_collaboration(scoring.collaboration_cells(con, wave, shape.k), scores, rows, shape.k)
            check_comments(con, wave, scores, rows, shape.k)
            check_participation(scoring.participation(con, wave, shape.k), scores, shape.k)
            for reliability in scoring.reliability(con, wave, min_size=shape.k):
                assert_rounded(reliability.alpha, disclosure.MEAN_PLACES)
        for name in [None, *departments]:
            check_trend(scoring.trend(con, list(WAVES), name, shape.k, computed=computed), hidden_cells, name)
    finally:
        con.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_same_organisation_in_another_row_order_publishes_the_same(tmp_path: Path, seed: int) -> None:
    shape = Shape((6, 11, 3, 9, 14, 1), seed, 0.1, 0.05, 0.15, 0.5, 0.5, False, 5)
    rows = wave_rows(shape, 0)
    results = []
    for number, order in enumerate([rows, rows[::-1], [*rows[1::2], *rows[::2]]]):
        con = database(tmp_path / f"{number}.duckdb", {"W": order})
        results.append(
            (
                scoring.wave_scores(con, "W", 5),
                [
                    scoring.item_distribution(con, "W", name, 5).to_dict("records")
                    for name in [None, *names(shape)]
                ],
                [scoring.facet_scores(con, "W", "TRA", name, 5) for name in [None, *names(shape)]],
                scoring.collaboration_cells(con, "W", 5),
                scoring.comments(con, "W", None, 5),
                scoring.reliability(con, "W", min_size=5),
            )
        )
        con.close()
    assert all(repr(result) == repr(results[0]) for result in results[1:])
    assert results[0][0].visible_departments and results[0][0].hidden_departments


def test_what_a_waves_detail_hides_does_not_depend_on_the_order_rows_come_back_in(tmp_path: Path) -> None:
    """The database returns grouped rows in any order; the residual rule on items and facets must not care.

    This organisation once published a department's VER items in one call and hid them in the next.
    """
    shape = Shape((9, 13, 1, 5, 13), 4710, 0.1, 0.2, 0.15, 1.0, 0.9, True, 3)
    con = database(
        tmp_path / "order.duckdb", {wave: wave_rows(shape, number) for number, wave in enumerate(WAVES)}
    )
    try:
        for wave in WAVES:
            cells = read_wave_cells(con, wave, shape.k, INSTRUMENT)
            detail = detail_module._read_detail(con, wave, cells, shape.k)
            measures = list(detail_module.detail_measures(detail.items, detail.facets).items())
            shuffles = [random.Random(seed).sample(measures, len(measures)) for seed in range(12)]
            hidden = {detail_module.detail_hidden(cells, dict(order), shape.k) for order in shuffles}
            assert [detail.hidden] == list(hidden)
    finally:
        con.close()
