"""A wave's exact dimension sums per department, read in one snapshot, and what the residual rule hides of them."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar, TypeVarTuple

import duckdb

from smm_maturity import disclosure, store
from smm_maturity.instrument import Instrument
from smm_maturity.scoring.exact import SCORE_SCALE, Sums

Params = ParamSpec("Params")
Result = TypeVar("Result")
Summed = TypeVar("Summed")
Rest = TypeVarTuple("Rest")

Query = Callable[Concatenate[duckdb.DuckDBPyConnection, Params], Result]


def in_snapshot(function: Query[Params, Result]) -> Query[Params, Result]:
    """Run a query function on a read-only snapshot, so that all its queries see one committed state.

    Group sizes and statistics read in two states could show a group below the minimum as visible.
    """

    @functools.wraps(function)
    def wrapper(con: duckdb.DuckDBPyConnection, *args: Params.args, **kwargs: Params.kwargs) -> Result:
        with store.snapshot(con) as cur:
            return function(cur, *args, **kwargs)

    return wrapper


def count_respondents(con: duckdb.DuckDBPyConnection, wave: str) -> dict[str, int]:
    """Department name to the number of responses it gave in a wave, read in the caller's snapshot."""
    rows = con.execute(
        "select d.name, count(*) from responses r join departments d using (department_id)"
        " join waves w using (wave_id) where w.name = ? and r.publication_id is not null group by d.name",
        [wave],
    )
    return {name: int(count) for name, count in rows.fetchall()}


respondent_counts = in_snapshot(count_respondents)
"""Raw responses per department, for deciding what to show; never show these counts themselves."""


def score_scale(con: duckdb.DuckDBPyConnection) -> int:
    """The multiplier that makes every respondent score an integer: 60, or more for a dimension of 7+ items."""
    longest = store.one_value(
        con,
        "select coalesce(max(n), 1) from (select count(*) as n from instrument_items"
        " group by instrument_version, dimension)",
    )
    return math.lcm(SCORE_SCALE, *range(1, int(longest) + 1))


DIMENSION_SUMS_SQL = """
select d.name as department, s.dimension, count(*) as n, sum(s.v)::bigint as total, sum(s.v * s.v)::bigint as squares
from (select response_id, dimension, round(score * $scale)::bigint as v from respondent_scores) s
join responses r on r.response_id = s.response_id
join departments d on d.department_id = r.department_id
where r.wave_id = (select wave_id from waves where name = $wave) and r.publication_id is not null
group by d.name, s.dimension
"""
"""Per department and dimension: n, Σv and Σv² of v = scale × score (the organisation's are their sums).

A stored score is a double mean of at most six integers, so `round(score * 60)` is its exact integer."""


@dataclass(frozen=True)
class WaveCells:
    """A wave's exact dimension sums and what the residual rule hides of them."""

    counts: dict[str, int]
    sums: dict[tuple[str | None, str], Sums]
    suppressed: frozenset[str]
    organisation_hidden: bool
    hidden: dict[str, frozenset[str]]
    """Per dimension, the departments whose cell is hidden (every suppressed department included)."""
    organisation_hidden_dimensions: frozenset[str]

    def cell_hidden(self, department: str | None, dimension: str) -> bool:
        """True when this group's cell of the dimension is hidden."""
        if department is None:
            return dimension in self.organisation_hidden_dimensions
        return department in self.suppressed or department in self.hidden.get(dimension, frozenset())


def wave_cells(
    counts: Mapping[str, int], sums: Mapping[tuple[str | None, str], Sums], dimensions: Sequence[str], k: int
) -> WaveCells:
    """Apply the residual rule to the departments (by respondents) and to each dimension (by scored n)."""
    people = disclosure.breakdown(sum(counts.values()), counts, k)
    suppressed = people.hidden
    hidden: dict[str, frozenset[str]] = {}
    organisation_hidden = set()
    for code in dimensions:
        children = {name: sums[name, code].n for name in counts if (name, code) in sums}
        parent = sums[None, code].n if (None, code) in sums else 0
        split = disclosure.breakdown(parent, children, k, suppressed)
        hidden[code] = split.hidden | suppressed
        if (split.parent_hidden and parent > 0) or people.parent_hidden:
            organisation_hidden.add(code)
    return WaveCells(
        counts=dict(counts),
        sums=dict(sums),
        suppressed=suppressed,
        organisation_hidden=people.parent_hidden,
        hidden=hidden,
        organisation_hidden_dimensions=frozenset(organisation_hidden),
    )


def with_organisation(
    sums: Mapping[tuple[str, *Rest], Summed], add: Callable[[Summed, Summed], Summed]
) -> dict[tuple[str | None, *Rest], Summed]:
    """The departments' sums, keyed (department, ...), and the organisation's as their totals, keyed (None, ...).

    Integer sums add up exactly, which spares the database a second grouping.
    """
    merged: dict[tuple[str | None, *Rest], Summed] = {}
    totals: dict[tuple[str | None, *Rest], Summed] = {}
    for key, value in sums.items():
        merged[key] = value
        total_key: tuple[str | None, *Rest] = (None, *key[1:])
        totals[total_key] = add(totals[total_key], value) if total_key in totals else value
    merged.update(totals)
    return merged


def read_wave_cells(con: duckdb.DuckDBPyConnection, wave: str, k: int, instrument: Instrument) -> WaveCells:
    """A wave's dimension sums per department and for the organisation, with what the residual rule hides."""
    scale = score_scale(con)
    rows = con.execute(DIMENSION_SUMS_SQL, {"wave": wave, "scale": scale}).fetchall()
    sums = {
        (name, code): Sums(int(n), int(total), int(squares), scale) for name, code, n, total, squares in rows
    }
    return wave_cells(
        count_respondents(con, wave), with_organisation(sums, Sums.plus), instrument.dimension_codes, k
    )
