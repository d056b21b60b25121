"""A wave's detail: item distributions and facet scores per group, shown whole or hidden with the dimension."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from smm_maturity import disclosure
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.privacy import min_group_size
from smm_maturity.scoring.cells import WaveCells, in_snapshot, read_wave_cells, score_scale, with_organisation
from smm_maturity.scoring.exact import (
    DimensionScore,
    Sums,
    hidden_score,
    prepare_t_quantiles,
    published_score,
)

ITEM_COUNTS_SQL = """
select r.department_id, r.instrument_version, a.item_code, a.value, count(*) as answers
from answers a
join responses r on r.response_id = a.response_id
where r.wave_id = (select wave_id from waves where name = $wave) and r.publication_id is not null
group by all
"""
"""How often each answer (1 to 5, as worded) was given to each item per department: every item statistic
follows from these counts exactly, and grouping by ids alone keeps the scan of the answers quick."""


FACET_SUMS_SQL = """
with facet_scores as (
    select r.department_id, i.dimension, i.facet,
           (sum(case when i.reverse then 6 - a.value else a.value end)::bigint * $scale // count(*))::bigint as v
    from answers a
    join responses r on r.response_id = a.response_id
    join instrument_items i on i.instrument_version = r.instrument_version and i.item_code = a.item_code
    where r.wave_id = (select wave_id from waves where name = $wave) and r.publication_id is not null and i.facet <> ''
    group by a.response_id, r.department_id, i.dimension, i.facet
)
select d.name as department, f.dimension, f.facet, count(*) as n,
       sum(f.v)::bigint as total, sum(f.v * f.v)::bigint as squares
from facet_scores f join departments d on d.department_id = f.department_id
group by d.name, f.dimension, f.facet
"""
"""Per department and facet: n, Σv and Σv² of v = scale × the respondent's facet
score (the mean of their answered items of that facet, reverse-coded; exact, as scale is a multiple of every
item count)."""


@dataclass(frozen=True)
class ItemSums:
    n: int
    disagree: int
    neutral: int
    agree: int
    total: int
    squares: int

    def plus(self, other: ItemSums) -> ItemSums:
        """The counts and sums of two disjoint groups together."""
        return ItemSums(
            self.n + other.n,
            self.disagree + other.disagree,
            self.neutral + other.neutral,
            self.agree + other.agree,
            self.total + other.total,
            self.squares + other.squares,
        )


@dataclass(frozen=True)
class _Detail:
    """A wave's item and facet sums, and the (group, dimension) pairs whose detail is hidden.

    The detail of a group's dimension (its items and facets) is shown whole or not at all: the dimension
    mean and all but one item or facet would otherwise give the last one back.
    """

    items: dict[tuple[str | None, str, str], ItemSums]
    facets: dict[tuple[str | None, str, str], Sums]
    hidden: frozenset[tuple[str | None, str]]


def detail_hidden(
    cells: WaveCells,
    measures: Mapping[tuple[str, str], Mapping[str | None, int]],
    k: int,
) -> frozenset[tuple[str | None, str]]:
    """The (group, dimension) pairs whose detail is hidden: the residual rule on every item and facet.

    `measures` maps (dimension, measure) to each group's n (None: the organisation). A pair starts hidden
    when its dimension cell is; a hidden cell of any of its measures hides the whole pair; the rules are
    applied again until nothing changes, since hiding one pair can open a residual in another measure. The
    measures are visited in a fixed order, so the result never depends on the order rows come back in.
    """
    departments = list(cells.counts)
    dimensions = set(cells.hidden) | {dimension for dimension, _ in measures}
    hidden: set[tuple[str | None, str]] = {
        (name, code) for code in dimensions for name in [None, *departments] if cells.cell_hidden(name, code)
    }
    for (code, _), sizes in measures.items():
        if 0 < sizes.get(None, 0) < k:
            hidden.add((None, code))
    changed = True
    while changed:
        changed = False
        for (code, _), sizes in sorted(measures.items()):
            children = {name: n for name, n in sizes.items() if name is not None}
            already = {name for name in children if (name, code) in hidden}
            split = disclosure.breakdown(sizes.get(None, 0), children, k, already)
            for name in split.hidden - already:
                hidden.add((name, code))
                changed = True
    return frozenset(hidden)


def _item_sums(con: duckdb.DuckDBPyConnection, wave: str) -> dict[tuple[str, str, str], ItemSums]:
    """Per (department, dimension, item): the item's counts and sums, from how often each answer was given."""
    names = dict(con.execute("select department_id, name from departments").fetchall())
    dimensions = {
        (version, item): dimension
        for version, item, dimension in con.execute(
            "select instrument_version, item_code, dimension from instrument_items"
        ).fetchall()
    }
    counts: dict[tuple[str, str, str], list[int]] = {}
    for department, version, item, value, answers in con.execute(ITEM_COUNTS_SQL, {"wave": wave}).fetchall():
        key = (names[department], dimensions[version, item], item)
        by_value = counts.setdefault(key, [0] * 6)
        by_value[int(value)] += int(answers)
    return {
        key: ItemSums(
            n=sum(by_value),
            disagree=by_value[1] + by_value[2],
            neutral=by_value[3],
            agree=by_value[4] + by_value[5],
            total=sum(value * count for value, count in enumerate(by_value)),
            squares=sum(value * value * count for value, count in enumerate(by_value)),
        )
        for key, by_value in counts.items()
    }


def _read_detail(con: duckdb.DuckDBPyConnection, wave: str, cells: WaveCells, k: int) -> _Detail:
    item_sums = _item_sums(con, wave)
    scale = score_scale(con)
    facet_sums = {
        (name, code, facet): Sums(int(n), int(total), int(squares), scale)
        for name, code, facet, n, total, squares in con.execute(
            FACET_SUMS_SQL, {"wave": wave, "scale": scale}
        ).fetchall()
    }
    items = with_organisation(item_sums, ItemSums.plus)
    facets = with_organisation(facet_sums, Sums.plus)
    return _Detail(items, facets, detail_hidden(cells, detail_measures(items, facets), k))


def detail_measures(
    items: Mapping[tuple[str | None, str, str], ItemSums], facets: Mapping[tuple[str | None, str, str], Sums]
) -> dict[tuple[str, str], dict[str | None, int]]:
    """Each item's and facet's n per group, keyed (dimension, measure): the breakdowns of a wave's detail."""
    measures: dict[tuple[str, str], dict[str | None, int]] = {}
    for (name, code, item), counted in items.items():
        measures.setdefault((code, "item:" + item), {})[name] = counted.n
    for (name, code, facet), sums in facets.items():
        measures.setdefault((code, "facet:" + facet), {})[name] = sums.n
    return measures


ITEM_COLUMNS = ["item_code", "n", "disagree", "neutral", "agree", "mean", "sd"]


def _item_frame(detail: _Detail, department: str | None) -> pd.DataFrame:
    """The published item distribution of one group: shown dimensions' items only, rounded."""
    rows = []
    for (name, code, item), sums in sorted(detail.items.items(), key=lambda entry: entry[0][2]):
        if name != department or (department, code) in detail.hidden or sums.n == 0:
            continue
        answers = Sums(sums.n, sums.total, sums.squares, 1)
        sd = answers.sd
        rows.append(
            {
                "item_code": item,
                "n": sums.n,
                "disagree": disclosure.rounded_share(sums.disagree, sums.n),
                "neutral": disclosure.rounded_share(sums.neutral, sums.n),
                "agree": disclosure.rounded_share(sums.agree, sums.n),
                "mean": disclosure.rounded_mean(answers.mean),
                "sd": np.nan if sd is None else disclosure.rounded_mean(sd),
            }
        )
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def _facet_names(instrument: Instrument, dimension: str) -> list[str]:
    return sorted({item.facet for item in instrument.dimension(dimension).items if item.facet})


def _facet_cells(
    detail: _Detail, department: str | None, dimension: str, instrument: Instrument
) -> dict[str, DimensionScore]:
    """The published facet scores of one group and dimension, hidden together with the dimension's detail."""
    facets = _facet_names(instrument, dimension)
    if (department, dimension) in detail.hidden:
        return {facet: hidden_score(facet) for facet in facets}
    found = [detail.facets.get((department, dimension, facet)) for facet in facets]
    prepare_t_quantiles(sums.n for sums in found if sums is not None)
    return {
        facet: published_score(facet, sums, instrument.stages)
        for facet, sums in zip(facets, found, strict=True)
    }


@dataclass(frozen=True)
class WaveDetail:
    """The published detail of a wave: item distributions per group, facet scores per group and dimension.

    Groups are the department names and None for the organisation; a hidden department has none.
    """

    wave: str
    min_size: int
    items: dict[str | None, pd.DataFrame]
    facets: dict[tuple[str | None, str], dict[str, DimensionScore]]


@in_snapshot
def wave_detail(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    min_size: int | None = None,
    instrument: Instrument | None = None,
) -> WaveDetail:
    """Item distributions and facet scores of every group of a wave at once, as `item_distribution` and
    `facet_scores` give them one by one."""
    instrument = instrument or load_instrument()
    k = min_group_size(min_size)
    cells = read_wave_cells(con, wave, k, instrument)
    detail = _read_detail(con, wave, cells, k)
    groups: list[str | None] = [None, *sorted(cells.counts)]
    facet_dimensions = [d.code for d in instrument.dimensions if any(item.facet for item in d.items)]
    return WaveDetail(
        wave=wave,
        min_size=k,
        items={group: _item_frame(detail, group) for group in groups},
        facets={
            (group, code): _facet_cells(detail, group, code, instrument)
            for group in groups
            for code in facet_dimensions
        },
    )


@in_snapshot
def item_distribution(
    con: duckdb.DuckDBPyConnection, wave: str, department: str | None = None, min_size: int | None = None
) -> pd.DataFrame:
    """Per item of a shown group: n, the shares that disagree (1-2), are neutral (3) and agree (4-5), mean and sd.

    Shares are of the raw answers as worded, so a reverse-coded item reads as it was asked; they are whole
    percents, means and sds two decimals. Items of a dimension whose detail is hidden are left out, and a
    hidden group yields an empty frame.
    """
    k = min_group_size(min_size)
    cells = read_wave_cells(con, wave, k, load_instrument())
    if department is not None and department not in cells.counts:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    return _item_frame(_read_detail(con, wave, cells, k), department)


@in_snapshot
def facet_scores(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    dimension: str,
    department: str | None = None,
    min_size: int | None = None,
) -> dict[str, DimensionScore]:
    """Scores of a dimension's facets (e.g. internal and external transparency) for a shown group.

    A respondent's facet score is the mean of their answered items of that facet. The facets are hidden
    together when the group's dimension detail is hidden (see `_Detail`).
    """
    k = min_group_size(min_size)
    instrument = load_instrument()
    cells = read_wave_cells(con, wave, k, instrument)
    if department is not None and department not in cells.counts:
        return {facet: hidden_score(facet) for facet in _facet_names(instrument, dimension)}
    return _facet_cells(_read_detail(con, wave, cells, k), department, dimension, instrument)
