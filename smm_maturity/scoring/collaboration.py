"""The silo map's numbers: how each department rates working with each other one, and its silo score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import duckdb

from smm_maturity import disclosure
from smm_maturity.disclosure import HIDDEN_REASON
from smm_maturity.privacy import min_group_size
from smm_maturity.scoring.cells import count_respondents, in_snapshot
from smm_maturity.scoring.exact import round_mean


@dataclass(frozen=True)
class CollaborationCell:
    rater: str
    target: str
    raters: int
    hidden: bool
    mean: float | None = None
    reason: str | None = None


COLLABORATION_SUMS_SQL = """
with cells as (
    select r.department_id as rater_id, c.target_department_id as target_id,
           count(distinct c.response_id) as raters, count(*) as ratings, sum(c.rating::integer)::bigint as total
    from collaboration c
    join responses r on r.response_id = c.response_id
    where r.wave_id = (select wave_id from waves where name = ?) and r.publication_id is not null and r.department_id <> c.target_department_id
    group by r.department_id, c.target_department_id
)
select rd.name as rater, td.name as target, cells.raters, cells.ratings, cells.total
from cells
join departments rd on rd.department_id = cells.rater_id
join departments td on td.department_id = cells.target_id
"""
"""Raters, ratings and their integer sum per pair of different departments in a wave."""


@in_snapshot
def collaboration_cells(
    con: duckdb.DuckDBPyConnection, wave: str, min_size: int | None = None
) -> list[CollaborationCell]:
    """Mean rating that each rating department gives each other department, under the residual rule.

    Each target's column is one breakdown: the parent is everyone who rated the target, the children the
    rating departments; a department hidden in the wave hides all its ratings.
    """
    k = min_group_size(min_size)
    counts = count_respondents(con, wave)
    suppressed = disclosure.breakdown(sum(counts.values()), counts, k).hidden
    columns: dict[str, dict[str, tuple[int, int, int]]] = {}
    for rater, target, raters, ratings, total in con.execute(COLLABORATION_SUMS_SQL, [wave]).fetchall():
        columns.setdefault(target, {})[rater] = (int(raters), int(ratings), int(total))
    cells = []
    for target in sorted(columns):
        column = columns[target]
        sizes = {rater: raters for rater, (raters, _, _) in column.items()}
        split = disclosure.breakdown(sum(sizes.values()), sizes, k, suppressed)
        for rater in sorted(column):
            raters, ratings, total = column[rater]
            if split.is_hidden(rater):
                cells.append(CollaborationCell(rater, target, 0, True, None, HIDDEN_REASON))
            else:
                cells.append(
                    CollaborationCell(
                        rater, target, raters, False, disclosure.rounded_mean(Fraction(total, ratings))
                    )
                )
    return cells


@dataclass(frozen=True)
class SiloScore:
    department: str
    given: float | None
    received: float | None
    score: float | None
    isolated: bool


ISOLATION_THRESHOLD = 2.6


def _mean_of(values: Sequence[float]) -> Fraction | None:
    """The exact mean of published (decimal) figures."""
    if not values:
        return None
    return sum((Fraction(Decimal(repr(value))) for value in values), Fraction(0)) / len(values)


def silo_scores(cells: Sequence[CollaborationCell]) -> list[SiloScore]:
    """Per department, the mean of the shown ratings it gives and receives, and whether it is isolated.

    Built from the published cell means alone, exactly, and rounded once; the silo score is the mean of both
    directions on the 1 to 5 scale, and a department below 2.6 (the threshold of the stage "Coordinated")
    is marked isolated.
    """
    departments = sorted({cell.rater for cell in cells} | {cell.target for cell in cells})
    scores = []
    for name in departments:
        given = _mean_of([cell.mean for cell in cells if cell.rater == name and cell.mean is not None])
        received = _mean_of([cell.mean for cell in cells if cell.target == name and cell.mean is not None])
        both = [value for value in (given, received) if value is not None]
        score = sum(both, Fraction(0)) / len(both) if both else None
        scores.append(
            SiloScore(
                department=name,
                given=None if given is None else round_mean(given),
                received=None if received is None else round_mean(received),
                score=None if score is None else round_mean(score),
                isolated=score is not None and round_mean(score) < ISOLATION_THRESHOLD,
            )
        )
    return scores
