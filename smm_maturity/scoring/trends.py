"""Each dimension across waves, from each wave's published cells, with a Welch t-test per change."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from smm_maturity import disclosure
from smm_maturity.disclosure import HIDDEN_REASON
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.privacy import min_group_size
from smm_maturity.scoring.exact import DimensionScore, scipy_stats
from smm_maturity.scoring.waves import WaveScores, wave_scores

NOISE_P_VALUE = 0.05


def _welch_p_value(current: DimensionScore, earlier: DimensionScore) -> float:
    """Welch's t-test of two groups' respondent scores, from their published n, mean and standard deviation."""
    if current.n < 2 or earlier.n < 2 or current.sd is None or earlier.sd is None:
        return math.nan
    if current.sd == 0 and earlier.sd == 0:
        return math.nan
    result = scipy_stats().ttest_ind_from_stats(
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
