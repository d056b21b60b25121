"""Scoring: answers to respondent scores, group means, stages, index, reliability and uncertainty.

Every figure that a page, export or CLI command shows comes from here, and passes through
`privacy` on the way, so a hidden group never leaves this module with a number attached.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import ModuleType
from typing import TypeVar

import duckdb
import numpy as np
import pandas as pd

from smm_maturity import store
from smm_maturity.instrument import Instrument, Stage, load_instrument
from smm_maturity.privacy import hidden_groups, min_group_size

Result = TypeVar("Result")

ORGANISATION = "__organisation__"
RELIABILITY_THRESHOLD = 0.7
NOISE_P_VALUE = 0.05


def round_mean(mean: float) -> float:
    """The mean rounded half-up to two decimals, as the stage thresholds expect."""
    return float(Decimal(repr(float(mean))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def stage_for(mean: float, stages: Sequence[Stage]) -> int:
    """The stage level (1 to 5) that a mean on the 1 to 5 scale reaches, after rounding to two decimals."""
    rounded = round_mean(mean)
    return max(stage.level for stage in stages if rounded >= stage.min_mean - 1e-9 or stage.level == 1)


def index_for(mean: float) -> float:
    """The 0 to 100 index of a mean on the 1 to 5 scale, rounded to one decimal."""
    return round((round_mean(mean) - 1) / 4 * 100, 1)


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
    """The two-sided 95% t-interval of a mean, or None when it cannot be estimated (n < 2)."""
    if n < 2 or sd is None or math.isnan(sd):
        return None
    if n - 1 not in _T_QUANTILES:
        _prepare_t_quantiles([n])
    half_width = _T_QUANTILES[n - 1] * sd / math.sqrt(n)
    return (mean - half_width, mean + half_width)


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


@dataclass(frozen=True)
class GroupScore:
    group: str
    respondents: int
    suppressed: bool
    dimensions: dict[str, DimensionScore] = field(default_factory=dict)
    mean: float | None = None
    index: float | None = None
    stage: int | None = None

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
    return dict(rows.fetchall())


respondent_counts = _in_snapshot(_respondent_counts)


def _dimension_statistics(con: duckdb.DuckDBPyConnection, wave: str) -> pd.DataFrame:
    """n, mean and standard deviation of the respondent scores per department and dimension, and overall."""
    return con.execute(
        "select d.name as department, s.dimension, count(*) as n, avg(s.score) as mean, stddev_samp(s.score) as sd"
        " from respondent_scores s join responses r using (response_id)"
        " join departments d on d.department_id = r.department_id"
        " where r.wave_id = (select wave_id from waves where name = ?)"
        " group by grouping sets ((d.name, s.dimension), (s.dimension))",
        [wave],
    ).df()


def _dimension_score(
    row: Mapping | None, dimension: str, hidden: bool, stages: Sequence[Stage]
) -> DimensionScore:
    n = int(row["n"]) if row is not None else 0
    if hidden or row is None or n == 0:
        return DimensionScore(dimension=dimension, n=n, hidden=hidden)
    mean = float(row["mean"])
    sd = None if pd.isna(row["sd"]) else float(row["sd"])
    interval = confidence_interval(mean, sd, n)
    return DimensionScore(
        dimension=dimension,
        n=n,
        hidden=False,
        mean=mean,
        sd=sd,
        ci_low=interval[0] if interval else None,
        ci_high=interval[1] if interval else None,
        stage=stage_for(mean, stages),
    )


def _group_score(
    group: str,
    respondents: int,
    suppressed: bool,
    rows: Mapping[str, Mapping],
    hidden_dimensions: frozenset[str],
    instrument: Instrument,
) -> GroupScore:
    if suppressed:
        return GroupScore(
            group=group,
            respondents=respondents,
            suppressed=True,
            dimensions={
                code: DimensionScore(dimension=code, n=0, hidden=True) for code in instrument.dimension_codes
            },
        )
    dimensions = {
        code: _dimension_score(rows.get(code), code, code in hidden_dimensions, instrument.stages)
        for code in instrument.dimension_codes
    }
    # A hidden dimension stays out of the overall mean, which would otherwise give its mean away.
    raw_means = [
        float(rows[code]["mean"])
        for code in instrument.dimension_codes
        if code in rows and code not in hidden_dimensions
    ]
    if not raw_means:
        return GroupScore(group=group, respondents=respondents, suppressed=False, dimensions=dimensions)
    mean = float(np.mean(raw_means))
    return GroupScore(
        group=group,
        respondents=respondents,
        suppressed=False,
        dimensions=dimensions,
        mean=round_mean(mean),
        index=index_for(mean),
        stage=stage_for(mean, instrument.stages),
    )


def build_wave_scores(
    wave: str,
    statistics: pd.DataFrame,
    counts: Mapping[str, int],
    instrument: Instrument,
    min_size: int,
) -> WaveScores:
    """Assemble a wave's scores from per-group statistics, withholding every group the privacy rule hides."""
    by_department: dict[str, dict[str, Mapping]] = {}
    organisation_rows: dict[str, Mapping] = {}
    _prepare_t_quantiles(statistics["n"].tolist())
    for row in statistics.to_dict("records"):
        if row["department"] is None or pd.isna(row["department"]):
            organisation_rows[row["dimension"]] = row
        else:
            by_department.setdefault(row["department"], {})[row["dimension"]] = row
    hidden = hidden_groups(counts, min_size)
    hidden_cells: dict[str, frozenset[str]] = {}
    for code in instrument.dimension_codes:
        sizes = {name: int(by_department.get(name, {}).get(code, {"n": 0})["n"]) for name in counts}
        hidden_cells[code] = hidden_groups(sizes, min_size, already_hidden=hidden)
    departments = tuple(
        _group_score(
            name,
            counts[name],
            name in hidden,
            by_department.get(name, {}),
            frozenset(code for code, cells in hidden_cells.items() if name in cells),
            instrument,
        )
        for name in sorted(counts)
    )
    total = sum(counts.values())
    organisation_hidden_dimensions = frozenset(
        code for code, row in organisation_rows.items() if int(row["n"]) < min_size
    )
    organisation = _group_score(
        ORGANISATION,
        total,
        total < min_size,
        organisation_rows,
        organisation_hidden_dimensions,
        instrument,
    )
    return WaveScores(wave=wave, min_size=min_size, organisation=organisation, departments=departments)


@_in_snapshot
def wave_scores(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    min_size: int | None = None,
    instrument: Instrument | None = None,
) -> WaveScores:
    """The privacy-checked scores of the organisation and every department in one wave."""
    return build_wave_scores(
        wave,
        _dimension_statistics(con, wave),
        _respondent_counts(con, wave),
        instrument or load_instrument(),
        min_group_size(min_size),
    )


def cronbach_alpha(item_matrix: pd.DataFrame) -> float | None:
    """Cronbach's alpha of complete rows of a respondent × item matrix (None with fewer than 2 items or rows)."""
    complete = item_matrix.dropna()
    item_count = complete.shape[1]
    if item_count < 2 or len(complete) < 2:
        return None
    total_variance = complete.sum(axis=1).var(ddof=1)
    if total_variance == 0:
        return None
    return float(item_count / (item_count - 1) * (1 - complete.var(ddof=1).sum() / total_variance))


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
    """Cronbach's alpha per dimension over the whole organisation in a wave (reverse-coded items).

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
        results.append(
            Reliability(dimension.code, cronbach_alpha(complete) if enough else None, int(len(complete)))
        )
    return results


def _visible_department_names(con: duckdb.DuckDBPyConnection, wave: str, min_size: int) -> frozenset[str]:
    counts = _respondent_counts(con, wave)
    return frozenset(counts) - hidden_groups(counts, min_size)


@_in_snapshot
def item_distribution(
    con: duckdb.DuckDBPyConnection, wave: str, department: str | None = None, min_size: int | None = None
) -> pd.DataFrame:
    """Per item of a visible group: n, the shares that disagree (1-2), are neutral (3) and agree (4-5), and sd.

    Shares are of the raw answers as worded, so a reverse-coded item reads as it was asked. A hidden
    group yields an empty frame.
    """
    columns = ["item_code", "n", "disagree", "neutral", "agree", "mean", "sd"]
    size = min_group_size(min_size)
    if department is not None and department not in _visible_department_names(con, wave, size):
        return pd.DataFrame(columns=columns)
    frame = con.execute(
        "select a.item_code, count(*) as n,"
        " avg(case when a.value <= 2 then 1 else 0 end) as disagree,"
        " avg(case when a.value = 3 then 1 else 0 end) as neutral,"
        " avg(case when a.value >= 4 then 1 else 0 end) as agree,"
        " avg(a.value) as mean, stddev_samp(a.value) as sd"
        " from answers a join responses r using (response_id) join waves w using (wave_id)"
        " join departments d on d.department_id = r.department_id"
        " where w.name = ? and (? is null or d.name = ?) group by a.item_code order by a.item_code",
        [wave, department, department],
    ).df()
    return frame.loc[frame["n"] >= size, columns].reset_index(drop=True)


FACET_STATISTICS_SQL = """
with wave_responses as (
    select response_id, instrument_version from responses
    where wave_id = (select wave_id from waves where name = $wave)
      and ($department is null or department_id = (select department_id from departments where name = $department))
),
items as (
    select instrument_version, item_code, facet, reverse from instrument_items
    where dimension = $dimension and facet <> ''
),
facet_scores as (
    select a.response_id, i.facet, avg(case when i.reverse then 6 - a.value else a.value end) as score
    from answers a
    join wave_responses r on r.response_id = a.response_id
    join items i on i.instrument_version = r.instrument_version and i.item_code = a.item_code
    where a.item_code in (select item_code from items)
    group by a.response_id, i.facet
)
select facet, count(*) as n, avg(score) as mean, stddev_samp(score) as sd from facet_scores group by facet
"""
"""n, mean and sd of the respondents' facet scores of one dimension, for a wave and optionally one department."""


@_in_snapshot
def facet_scores(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    dimension: str,
    department: str | None = None,
    min_size: int | None = None,
) -> dict[str, DimensionScore]:
    """Scores of a dimension's facets (e.g. internal and external transparency) for a visible group.

    A respondent's facet score is the mean of their answered items of that facet; a facet with fewer
    scored respondents than the minimum group size is returned as hidden.
    """
    size = min_group_size(min_size)
    instrument = load_instrument()
    facets = sorted({item.facet for item in instrument.dimension(dimension).items if item.facet})
    if department is not None and department not in _visible_department_names(con, wave, size):
        return {facet: DimensionScore(dimension=facet, n=0, hidden=True) for facet in facets}
    rows = con.execute(
        FACET_STATISTICS_SQL, {"wave": wave, "dimension": dimension, "department": department}
    ).df()
    by_facet = {row["facet"]: row for row in rows.to_dict("records")}
    return {
        facet: _dimension_score(
            by_facet.get(facet), facet, int(by_facet.get(facet, {"n": 0})["n"]) < size, instrument.stages
        )
        for facet in facets
    }


@dataclass(frozen=True)
class CollaborationCell:
    rater: str
    target: str
    raters: int
    hidden: bool
    mean: float | None = None


COLLABORATION_CELLS_SQL = """
with cells as (
    select r.department_id as rater_id, c.target_department_id as target_id,
           count(distinct c.response_id) as raters, avg(c.rating) as mean
    from collaboration c
    join responses r on r.response_id = c.response_id
    where r.wave_id = (select wave_id from waves where name = ?) and r.department_id <> c.target_department_id
    group by r.department_id, c.target_department_id
)
select rd.name as rater, td.name as target, cells.raters, cells.mean
from cells
join departments rd on rd.department_id = cells.rater_id
join departments td on td.department_id = cells.target_id
"""
"""Raters and mean rating per pair of different departments in a wave, grouped by id and named at the end."""


@_in_snapshot
def collaboration_cells(
    con: duckdb.DuckDBPyConnection, wave: str, min_size: int | None = None
) -> list[CollaborationCell]:
    """Mean rating that each rating department gives each other department, hiding cells with too few raters.

    Within each target's column the complementary rule applies too, so a hidden cell cannot be derived
    from the target's received total.
    """
    size = min_group_size(min_size)
    frame = con.execute(COLLABORATION_CELLS_SQL, [wave]).df()
    hidden_raters = hidden_groups(_respondent_counts(con, wave), size)
    cells = []
    for target, column in frame.groupby("target", sort=True):
        sizes = dict(zip(column["rater"], column["raters"].astype(int), strict=True))
        hidden = hidden_groups(sizes, size, already_hidden=hidden_raters)
        for row in column.sort_values("rater").to_dict("records"):
            is_hidden = row["rater"] in hidden
            cells.append(
                CollaborationCell(
                    rater=row["rater"],
                    target=str(target),
                    raters=int(row["raters"]),
                    hidden=is_hidden,
                    mean=None if is_hidden else float(row["mean"]),
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


def silo_scores(cells: Sequence[CollaborationCell]) -> list[SiloScore]:
    """Per department, the mean of the visible ratings it gives and receives, and whether it is isolated.

    The silo score is the mean of both directions on the 1 to 5 scale; a department below 2.6 (the
    threshold of the stage "Coordinated") is marked isolated.
    """
    departments = sorted({cell.rater for cell in cells} | {cell.target for cell in cells})
    scores = []
    for name in departments:
        given = [cell.mean for cell in cells if cell.rater == name and cell.mean is not None]
        received = [cell.mean for cell in cells if cell.target == name and cell.mean is not None]
        given_mean = float(np.mean(given)) if given else None
        received_mean = float(np.mean(received)) if received else None
        both = [value for value in (given_mean, received_mean) if value is not None]
        score = float(np.mean(both)) if both else None
        scores.append(
            SiloScore(
                department=name,
                given=given_mean,
                received=received_mean,
                score=score,
                isolated=score is not None and round_mean(score) < ISOLATION_THRESHOLD,
            )
        )
    return scores


@_in_snapshot
def comments(
    con: duckdb.DuckDBPyConnection, wave: str, department: str | None = None, min_size: int | None = None
) -> list[str]:
    """The comments of visible departments (of one, or of all), sorted so that no order reveals a respondent."""
    visible = sorted(_visible_department_names(con, wave, min_group_size(min_size)))
    if department is not None:
        visible = [name for name in visible if name == department]
    rows = con.execute(
        "select c.comment from comments c join responses r using (response_id) join waves w using (wave_id)"
        " join departments d on d.department_id = r.department_id"
        " where w.name = ? and list_contains(?, d.name) order by c.comment",
        [wave, visible],
    ).fetchall()
    return [row[0] for row in rows]


def _welch_p_value(current: DimensionScore, earlier: DimensionScore) -> float:
    """Welch's t-test of two groups' respondent scores, from their n, mean and standard deviation."""
    if current.n < 2 or earlier.n < 2 or current.sd is None or earlier.sd is None:
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


def trend(
    con: duckdb.DuckDBPyConnection,
    wave_names: Sequence[str],
    department: str | None = None,
    min_size: int | None = None,
    instrument: Instrument | None = None,
    computed: Mapping[str, WaveScores] | None = None,
) -> list[TrendPoint]:
    """Each dimension across waves for the organisation or one department, with a Welch t-test per change.

    A change counts as clear when the Welch test of the respondent scores (from each group's n, mean and
    sd) against the previous shown wave gives p < 0.05; smaller changes are reported as no clear change.
    Scores already `computed` for some waves (e.g. cached by the UI) are reused when their minimum group
    size matches.
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
                points.append(
                    TrendPoint(
                        wave, code, 0 if cell is None else cell.n, True, None, None, None, None, None, False
                    )
                )
                previous.pop(code, None)
                continue
            change = p_value = None
            if code in previous:
                change = cell.mean - previous[code].mean
                p_value = _welch_p_value(cell, previous[code])
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
                    p_value is not None and not math.isnan(p_value) and p_value < NOISE_P_VALUE,
                )
            )
            previous[code] = cell
    return points
