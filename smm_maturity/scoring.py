"""Scoring: answers to respondent scores, group statistics, stages, index, reliability and uncertainty.

Statistics are exact: a respondent's dimension score has a denominator of 1 to 6, so 60 × score is an
integer, and every group statistic is built from integer sums (n, Σ60s, Σ(60s)²) that no row order changes.
Every figure that leaves this module passes `disclosure` on the way: the residual rule decides what is
hidden, consistently across views, and only rounded values are returned.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction
from types import ModuleType
from typing import TypeVar

import duckdb
import numpy as np
import pandas as pd

from smm_maturity import disclosure, store
from smm_maturity.disclosure import HIDDEN_REASON
from smm_maturity.instrument import Instrument, Stage, load_instrument
from smm_maturity.privacy import min_group_size

Result = TypeVar("Result")
Summed = TypeVar("Summed")

ORGANISATION = "__organisation__"
RELIABILITY_THRESHOLD = 0.7
NOISE_P_VALUE = 0.05
SCORE_SCALE = 60
"""60 × a respondent's score is an integer: the least common multiple of the possible item counts 1 to 6."""

Number = float | Fraction | Decimal


def round_mean(mean: Number) -> float:
    """The mean rounded half-up to two decimals, as the stage thresholds expect."""
    return disclosure.rounded_mean(mean)


def stage_for(mean: Number, stages: Sequence[Stage]) -> int:
    """The stage level (1 to 5) that a mean on the 1 to 5 scale reaches, after rounding to two decimals."""
    rounded = Decimal(repr(round_mean(mean)))
    return max(
        stage.level for stage in stages if stage.level == 1 or rounded >= Decimal(repr(float(stage.min_mean)))
    )


def index_for(mean: Number) -> float:
    """The 0 to 100 index of a mean on the 1 to 5 scale (from the mean rounded to two decimals), at one decimal."""
    return disclosure.rounded_index(mean)


def _stats() -> ModuleType:
    """scipy.stats, imported on first use: it takes about a second, which every CLI command would pay."""
    from scipy import stats

    return stats


_T_QUANTILES: dict[int, float] = {}
"""The 97.5% quantile of Student's t per degrees of freedom, computed once each (scipy's ppf is slow)."""


def _prepare_t_quantiles(sizes: Iterable[int]) -> None:
    """Compute the t quantiles of these sample sizes in one vectorised call."""
    missing = sorted({int(n) - 1 for n in sizes if n >= 2} - _T_QUANTILES.keys())
    if missing:
        _T_QUANTILES.update(zip(missing, _stats().t.ppf(0.975, missing).tolist(), strict=True))


def confidence_interval(mean: float, sd: float | None, n: int) -> tuple[float, float] | None:
    """The two-sided 95% t-interval of a mean, unrounded, or None when it cannot be estimated (n < 2)."""
    if n < 2 or sd is None or math.isnan(sd):
        return None
    if n - 1 not in _T_QUANTILES:
        _prepare_t_quantiles([n])
    half_width = _T_QUANTILES[n - 1] * sd / math.sqrt(n)
    return (mean - half_width, mean + half_width)


@dataclass(frozen=True)
class Sums:
    """The integer sums of one group's values, each value `scale` times a score: exact and order-free."""

    n: int
    total: int
    squares: int
    scale: int = SCORE_SCALE

    def plus(self, other: Sums) -> Sums:
        """The sums of two disjoint groups together."""
        return Sums(self.n + other.n, self.total + other.total, self.squares + other.squares, self.scale)

    @property
    def mean(self) -> Fraction:
        """The exact mean of the scores."""
        return Fraction(self.total, self.n * self.scale)

    @property
    def variance(self) -> Fraction | None:
        """The exact sample variance of the scores (None below two values)."""
        if self.n < 2:
            return None
        return Fraction(self.n * self.squares - self.total**2, self.n * (self.n - 1) * self.scale**2)

    @property
    def sd(self) -> Decimal | None:
        """The sample standard deviation, to 40 digits (exact where the root is a terminating decimal)."""
        variance = self.variance
        if variance is None:
            return None
        with localcontext() as context:
            context.prec = 40
            return (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()


@dataclass(frozen=True)
class DimensionScore:
    dimension: str
    n: int
    hidden: bool
    mean: float | None = None
    sd: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    stage: int | None = None
    reason: str | None = None


def _hidden_score(code: str) -> DimensionScore:
    return DimensionScore(dimension=code, n=0, hidden=True, reason=HIDDEN_REASON)


def _published_score(code: str, sums: Sums | None, stages: Sequence[Stage]) -> DimensionScore:
    """A shown cell: its exact statistics rounded to their display precision."""
    if sums is None or sums.n == 0:
        return DimensionScore(dimension=code, n=0, hidden=False)
    sd = sums.sd
    interval = confidence_interval(float(sums.mean), None if sd is None else float(sd), sums.n)
    return DimensionScore(
        dimension=code,
        n=sums.n,
        hidden=False,
        mean=disclosure.rounded_mean(sums.mean),
        sd=None if sd is None else disclosure.rounded_mean(sd),
        ci_low=None if interval is None else disclosure.rounded_interval(interval[0]),
        ci_high=None if interval is None else disclosure.rounded_interval(interval[1]),
        stage=stage_for(sums.mean, stages),
    )


@dataclass(frozen=True)
class GroupScore:
    group: str
    respondents: int
    suppressed: bool
    dimensions: dict[str, DimensionScore] = field(default_factory=dict)
    mean: float | None = None
    index: float | None = None
    stage: int | None = None
    reason: str | None = None

    @property
    def is_organisation(self) -> bool:
        """True for the whole organisation rather than one department."""
        return self.group == ORGANISATION


@dataclass(frozen=True)
class WaveScores:
    wave: str
    min_size: int
    organisation: GroupScore
    departments: tuple[GroupScore, ...]

    def department(self, name: str) -> GroupScore | None:
        """The scores of one department, if it answered in this wave."""
        return next((group for group in self.departments if group.group == name), None)

    @property
    def visible_departments(self) -> tuple[GroupScore, ...]:
        """The departments whose scores may be shown."""
        return tuple(group for group in self.departments if not group.suppressed)

    @property
    def hidden_departments(self) -> tuple[GroupScore, ...]:
        """The departments whose scores are withheld."""
        return tuple(group for group in self.departments if group.suppressed)


def _in_snapshot(function: Callable[..., Result]) -> Callable[..., Result]:
    """Run a query function on a read-only snapshot, so that all its queries see one committed state.

    Group sizes and statistics read in two states could show a group below the minimum as visible.
    """

    @functools.wraps(function)
    def wrapper(con: duckdb.DuckDBPyConnection, *args: object, **kwargs: object) -> Result:
        with store.snapshot(con) as cur:
            return function(cur, *args, **kwargs)

    return wrapper


def _respondent_counts(con: duckdb.DuckDBPyConnection, wave: str) -> dict[str, int]:
    """Department name to the number of responses it gave in a wave."""
    rows = con.execute(
        "select d.name, count(*) from responses r join departments d using (department_id)"
        " join waves w using (wave_id) where w.name = ? group by d.name",
        [wave],
    )
    return {name: int(count) for name, count in rows.fetchall()}


respondent_counts = _in_snapshot(_respondent_counts)
"""Raw responses per department, for deciding what to show; never show these counts themselves."""


def _scale(con: duckdb.DuckDBPyConnection) -> int:
    """The multiplier that makes every respondent score an integer: 60, or more for a dimension of 7+ items."""
    longest = con.execute(
        "select coalesce(max(n), 1) from (select count(*) as n from instrument_items"
        " group by instrument_version, dimension)"
    ).fetchone()[0]
    return math.lcm(SCORE_SCALE, *range(1, int(longest) + 1))


DIMENSION_SUMS_SQL = """
select d.name as department, s.dimension, count(*) as n, sum(s.v)::bigint as total, sum(s.v * s.v)::bigint as squares
from (select response_id, dimension, round(score * $scale)::bigint as v from respondent_scores) s
join responses r on r.response_id = s.response_id
join departments d on d.department_id = r.department_id
where r.wave_id = (select wave_id from waves where name = $wave)
group by d.name, s.dimension
"""
"""Per department and dimension: n, Σv and Σv² of v = scale × score (the organisation's are their sums).

A stored score is a double mean of at most six integers, so `round(score * 60)` is its exact integer."""


@dataclass(frozen=True)
class _WaveCells:
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


def _wave_cells(
    counts: Mapping[str, int], sums: Mapping[tuple[str | None, str], Sums], dimensions: Sequence[str], k: int
) -> _WaveCells:
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
    return _WaveCells(
        counts=dict(counts),
        sums=dict(sums),
        suppressed=suppressed,
        organisation_hidden=people.parent_hidden,
        hidden=hidden,
        organisation_hidden_dimensions=frozenset(organisation_hidden),
    )


def _with_organisation(
    sums: dict[tuple, Summed], add: Callable[[Summed, Summed], Summed]
) -> dict[tuple, Summed]:
    """The departments' sums, keyed (department, ...), and the organisation's as their totals, keyed (None, ...).

    Integer sums add up exactly, which spares the database a second grouping.
    """
    totals: dict[tuple, Summed] = {}
    for (_, *rest), value in sums.items():
        key = (None, *rest)
        totals[key] = add(totals[key], value) if key in totals else value
    return {**sums, **totals}


def _read_wave_cells(con: duckdb.DuckDBPyConnection, wave: str, k: int, instrument: Instrument) -> _WaveCells:
    scale = _scale(con)
    rows = con.execute(DIMENSION_SUMS_SQL, {"wave": wave, "scale": scale}).fetchall()
    sums = {
        (name, code): Sums(int(n), int(total), int(squares), scale) for name, code, n, total, squares in rows
    }
    return _wave_cells(
        _respondent_counts(con, wave), _with_organisation(sums, Sums.plus), instrument.dimension_codes, k
    )


def _group_score(group: str, cells: _WaveCells, instrument: Instrument) -> GroupScore:
    department = None if group == ORGANISATION else group
    hidden_group = cells.organisation_hidden if department is None else department in cells.suppressed
    if hidden_group:
        dimensions = {code: _hidden_score(code) for code in instrument.dimension_codes}
        return GroupScore(group, 0, True, dimensions, reason=HIDDEN_REASON)
    dimensions = {}
    shown_means = []
    for code in instrument.dimension_codes:
        if cells.cell_hidden(department, code):
            dimensions[code] = _hidden_score(code)
            continue
        sums = cells.sums.get((department, code))
        dimensions[code] = _published_score(code, sums, instrument.stages)
        if sums is not None and sums.n:
            shown_means.append(sums.mean)
    respondents = sum(cells.counts.values()) if department is None else cells.counts[department]
    if not shown_means:
        return GroupScore(group, respondents, False, dimensions)
    # Only shown dimensions count: a hidden one would be given away by the overall mean.
    mean = sum(shown_means, Fraction(0)) / len(shown_means)
    return GroupScore(
        group,
        respondents,
        False,
        dimensions,
        mean=round_mean(mean),
        index=index_for(mean),
        stage=stage_for(mean, instrument.stages),
    )


def _build_wave_scores(wave: str, cells: _WaveCells, instrument: Instrument, k: int) -> WaveScores:
    _prepare_t_quantiles(sums.n for sums in cells.sums.values())
    return WaveScores(
        wave=wave,
        min_size=k,
        organisation=_group_score(ORGANISATION, cells, instrument),
        departments=tuple(_group_score(name, cells, instrument) for name in sorted(cells.counts)),
    )


@_in_snapshot
def wave_scores(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    min_size: int | None = None,
    instrument: Instrument | None = None,
) -> WaveScores:
    """The published scores of the organisation and every department in one wave."""
    instrument = instrument or load_instrument()
    k = min_group_size(min_size)
    return _build_wave_scores(wave, _read_wave_cells(con, wave, k, instrument), instrument, k)


@_in_snapshot
def shown_departments(con: duckdb.DuckDBPyConnection, wave: str, min_size: int | None = None) -> list[str]:
    """The departments of a wave that are shown at all (the residual rule on the respondents), by name."""
    counts = _respondent_counts(con, wave)
    hidden = disclosure.breakdown(sum(counts.values()), counts, min_group_size(min_size)).hidden
    return sorted(name for name in counts if name not in hidden)


@_in_snapshot
def participation(
    con: duckdb.DuckDBPyConnection, wave: str, min_size: int | None = None
) -> disclosure.Participation:
    """Responses against headcount per shown department and for the organisation, under the residual rule."""
    counts = _respondent_counts(con, wave)
    headcounts = dict(
        con.execute("select name, headcount from departments where headcount is not null").fetchall()
    )
    return disclosure.participation(counts, headcounts, min_group_size(min_size))


def cronbach_alpha(item_matrix: pd.DataFrame) -> float | None:
    """Cronbach's alpha of complete rows of a respondent × item matrix (None with fewer than 2 items or rows).

    Integer answers are summed exactly, so the result does not depend on the order of the rows.
    """
    complete = item_matrix.dropna()
    item_count = complete.shape[1]
    if item_count < 2 or len(complete) < 2:
        return None
    values = complete.to_numpy(dtype=float)
    if not np.array_equal(values, np.round(values)):
        total_variance = complete.sum(axis=1).var(ddof=1)
        if total_variance == 0:
            return None
        return float(item_count / (item_count - 1) * (1 - complete.var(ddof=1).sum() / total_variance))
    integers = values.astype(np.int64)
    n = len(integers)

    def variance_numerator(columns: np.ndarray) -> int:
        """n(n-1) × the sample variance, exactly."""
        return n * int((columns * columns).sum()) - int(columns.sum()) ** 2

    total = variance_numerator(integers.sum(axis=1))
    if total == 0:
        return None
    parts = sum(variance_numerator(integers[:, column]) for column in range(item_count))
    return float(Fraction(item_count, item_count - 1) * (1 - Fraction(parts, total)))


@dataclass(frozen=True)
class Reliability:
    dimension: str
    alpha: float | None
    n: int

    @property
    def acceptable(self) -> bool:
        """True when alpha reaches the usual threshold of 0.7."""
        return self.alpha is not None and self.alpha >= RELIABILITY_THRESHOLD


RELIABILITY_SQL = """
select a.response_id, list_position($codes, a.item_code)::usmallint - 1 as item,
       (case when i.reverse then 6 - a.value else a.value end)::utinyint as value
from answers a
join responses r on r.response_id = a.response_id
join instrument_items i on i.instrument_version = r.instrument_version and i.item_code = a.item_code
where r.wave_id = (select wave_id from waves where name = $wave) and list_contains($codes, a.item_code)
"""
"""A wave's reverse-coded answers to the instrument's items, as (response, item position, value)."""


@_in_snapshot
def reliability(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    instrument: Instrument | None = None,
    min_size: int | None = None,
) -> list[Reliability]:
    """Cronbach's alpha per dimension over the whole organisation in a wave (reverse-coded items), at two decimals.

    The respondent × item matrix is filled with numpy from the answers, far faster than a pandas pivot.
    """
    instrument = instrument or load_instrument()
    codes = list(instrument.item_codes)
    answers = con.execute(RELIABILITY_SQL, {"codes": codes, "wave": wave}).fetchnumpy()
    _, rows = np.unique(answers["response_id"], return_inverse=True)
    matrix = np.full((int(rows.max()) + 1 if len(rows) else 0, len(codes)), np.nan)
    matrix[rows, answers["item"].astype(np.intp)] = answers["value"]
    answered = ~np.isnan(matrix).all(axis=0)
    results = []
    for dimension in instrument.dimensions:
        columns = [codes.index(item.code) for item in dimension.items if answered[codes.index(item.code)]]
        complete = pd.DataFrame(matrix[:, columns]).dropna()
        enough = len(complete) >= min_group_size(min_size)
        alpha = cronbach_alpha(complete) if enough else None
        results.append(
            Reliability(
                dimension.code, None if alpha is None else disclosure.rounded_mean(alpha), int(len(complete))
            )
        )
    return results


# ------------------------------------------------------------------------------------- items and facets

ITEM_COUNTS_SQL = """
select r.department_id, r.instrument_version, a.item_code, a.value, count(*) as answers
from answers a
join responses r on r.response_id = a.response_id
where r.wave_id = (select wave_id from waves where name = $wave)
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
    where r.wave_id = (select wave_id from waves where name = $wave) and i.facet <> ''
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


def _detail_hidden(
    cells: _WaveCells,
    measures: Mapping[tuple[str, str], Mapping[str | None, int]],
    k: int,
) -> frozenset[tuple[str | None, str]]:
    """The (group, dimension) pairs whose detail is hidden: the residual rule on every item and facet.

    `measures` maps (dimension, measure) to each group's n (None: the organisation). A pair starts hidden
    when its dimension cell is; a hidden cell of any of its measures hides the whole pair; the rules are
    applied again until nothing changes, since hiding one pair can open a residual in another measure.
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
        for (code, _), sizes in measures.items():
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


def _read_detail(con: duckdb.DuckDBPyConnection, wave: str, cells: _WaveCells, k: int) -> _Detail:
    items = _item_sums(con, wave)
    scale = _scale(con)
    facets = {
        (name, code, facet): Sums(int(n), int(total), int(squares), scale)
        for name, code, facet, n, total, squares in con.execute(
            FACET_SUMS_SQL, {"wave": wave, "scale": scale}
        ).fetchall()
    }
    items = _with_organisation(items, ItemSums.plus)
    facets = _with_organisation(facets, Sums.plus)
    measures: dict[tuple[str, str], dict[str | None, int]] = {}
    for (name, code, item), sums in items.items():
        measures.setdefault((code, "item:" + item), {})[name] = sums.n
    for (name, code, facet), sums in facets.items():
        measures.setdefault((code, "facet:" + facet), {})[name] = sums.n
    return _Detail(items, facets, _detail_hidden(cells, measures, k))


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


def _facet_cells(
    detail: _Detail, department: str | None, dimension: str, instrument: Instrument
) -> dict[str, DimensionScore]:
    """The published facet scores of one group and dimension, hidden together with the dimension's detail."""
    facets = sorted({item.facet for item in instrument.dimension(dimension).items if item.facet})
    if (department, dimension) in detail.hidden:
        return {facet: _hidden_score(facet) for facet in facets}
    found = [detail.facets.get((department, dimension, facet)) for facet in facets]
    _prepare_t_quantiles(sums.n for sums in found if sums is not None)
    return {
        facet: _published_score(facet, sums, instrument.stages)
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


@_in_snapshot
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
    cells = _read_wave_cells(con, wave, k, instrument)
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


@_in_snapshot
def item_distribution(
    con: duckdb.DuckDBPyConnection, wave: str, department: str | None = None, min_size: int | None = None
) -> pd.DataFrame:
    """Per item of a shown group: n, the shares that disagree (1-2), are neutral (3) and agree (4-5), mean and sd.

    Shares are of the raw answers as worded, so a reverse-coded item reads as it was asked; they are whole
    percents, means and sds two decimals. Items of a dimension whose detail is hidden are left out, and a
    hidden group yields an empty frame.
    """
    k = min_group_size(min_size)
    cells = _read_wave_cells(con, wave, k, load_instrument())
    if department is not None and department not in cells.counts:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    return _item_frame(_read_detail(con, wave, cells, k), department)


@_in_snapshot
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
    cells = _read_wave_cells(con, wave, k, instrument)
    if department is not None and department not in cells.counts:
        facets = sorted({item.facet for item in instrument.dimension(dimension).items if item.facet})
        return {facet: _hidden_score(facet) for facet in facets}
    return _facet_cells(_read_detail(con, wave, cells, k), department, dimension, instrument)


# ------------------------------------------------------------------------------------- collaboration


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
    where r.wave_id = (select wave_id from waves where name = ?) and r.department_id <> c.target_department_id
    group by r.department_id, c.target_department_id
)
select rd.name as rater, td.name as target, cells.raters, cells.ratings, cells.total
from cells
join departments rd on rd.department_id = cells.rater_id
join departments td on td.department_id = cells.target_id
"""
"""Raters, ratings and their integer sum per pair of different departments in a wave."""


@_in_snapshot
def collaboration_cells(
    con: duckdb.DuckDBPyConnection, wave: str, min_size: int | None = None
) -> list[CollaborationCell]:
    """Mean rating that each rating department gives each other department, under the residual rule.

    Each target's column is one breakdown: the parent is everyone who rated the target, the children the
    rating departments; a department hidden in the wave hides all its ratings.
    """
    k = min_group_size(min_size)
    counts = _respondent_counts(con, wave)
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


# ------------------------------------------------------------------------------------------ comments


@_in_snapshot
def comment_lists(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    min_size: int | None = None,
    min_comments: int = disclosure.DEFAULT_MIN_COMMENTS,
) -> disclosure.CommentLists:
    """The comments of a wave that may be shown: per department, and pooled without departments."""
    k = min_group_size(min_size)
    counts = _respondent_counts(con, wave)
    suppressed = disclosure.breakdown(sum(counts.values()), counts, k).hidden
    by_department: dict[str, list[str]] = {}
    rows = con.execute(
        "select d.name, c.comment from comments c join responses r using (response_id)"
        " join departments d on d.department_id = r.department_id"
        " where r.wave_id = (select wave_id from waves where name = ?)",
        [wave],
    ).fetchall()
    for name, comment in rows:
        by_department.setdefault(name, []).append(comment)
    return disclosure.comment_lists(by_department, counts, wave, k, min_comments, suppressed)


def comments(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    department: str | None = None,
    min_size: int | None = None,
    min_comments: int = disclosure.DEFAULT_MIN_COMMENTS,
) -> list[str]:
    """The comments that may be shown, each text once, in an order that reveals nothing.

    For a department: its own comments, when it has at least `min_comments` respondents and is shown. For
    the organisation: every comment that may be shown, the pooled ones of smaller departments included.
    """
    lists = comment_lists(con, wave, min_size, min_comments)
    if department is not None:
        return list(lists.of(department))
    return list(disclosure.comment_order(lists.everything, wave))


# --------------------------------------------------------------------------------------------- trend


def _welch_p_value(current: DimensionScore, earlier: DimensionScore) -> float:
    """Welch's t-test of two groups' respondent scores, from their published n, mean and standard deviation."""
    if current.n < 2 or earlier.n < 2 or current.sd is None or earlier.sd is None:
        return math.nan
    if current.sd == 0 and earlier.sd == 0:
        return math.nan
    result = _stats().ttest_ind_from_stats(
        current.mean, current.sd, current.n, earlier.mean, earlier.sd, earlier.n, equal_var=False
    )
    return float(result.pvalue)


@dataclass(frozen=True)
class TrendPoint:
    wave: str
    dimension: str
    n: int
    hidden: bool
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    change: float | None
    p_value: float | None
    clear_change: bool
    reason: str | None = None


def trend(
    con: duckdb.DuckDBPyConnection,
    wave_names: Sequence[str],
    department: str | None = None,
    min_size: int | None = None,
    instrument: Instrument | None = None,
    computed: Mapping[str, WaveScores] | None = None,
) -> list[TrendPoint]:
    """Each dimension across waves for the organisation or one department, with a Welch t-test per change.

    Built from each wave's published cells, so a cell hidden in a wave is hidden here too. A change counts as
    clear when the Welch test (from each shown cell's n, mean and sd) against the previous shown wave gives a
    p-value that, at three decimals, is below 0.05. Scores already `computed` for some waves (e.g. cached by
    the UI) are reused when their minimum group size matches.
    """
    instrument = instrument or load_instrument()
    size = min_group_size(min_size)
    points: list[TrendPoint] = []
    previous: dict[str, DimensionScore] = {}
    for wave in wave_names:
        known = (computed or {}).get(wave)
        scores = (
            known
            if known is not None and known.min_size == size
            else wave_scores(con, wave, size, instrument)
        )
        group = scores.organisation if department is None else scores.department(department)
        for code in instrument.dimension_codes:
            cell = group.dimensions[code] if group is not None else None
            if cell is None or cell.hidden or cell.mean is None:
                hidden = cell is not None and cell.hidden
                reason = HIDDEN_REASON if hidden else None
                points.append(TrendPoint(wave, code, 0, True, None, None, None, None, None, False, reason))
                previous.pop(code, None)
                continue
            change = p_value = None
            if code in previous:
                change = float(Decimal(repr(cell.mean)) - Decimal(repr(previous[code].mean)))
                raw = _welch_p_value(cell, previous[code])
                p_value = None if math.isnan(raw) else disclosure.rounded_p_value(raw)
            points.append(
                TrendPoint(
                    wave,
                    code,
                    cell.n,
                    False,
                    cell.mean,
                    cell.ci_low,
                    cell.ci_high,
                    change,
                    p_value,
                    p_value is not None and p_value < NOISE_P_VALUE,
                )
            )
            previous[code] = cell
    return points
