"""Exact statistics of a group: integer sums of scale × respondent scores, stage, index, confidence interval.

A respondent's dimension score has a denominator of 1 to 6, so 60 × score is an integer, and every group
statistic is built from integer sums (n, Σ60s, Σ(60s)²) that no row order changes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from types import ModuleType

from smm_maturity import disclosure
from smm_maturity.disclosure import HIDDEN_REASON
from smm_maturity.instrument import Stage

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


def scipy_stats() -> ModuleType:
    """scipy.stats, imported on first use: it takes about a second, which every CLI command would pay."""
    from scipy import stats

    return stats


_T_QUANTILES: dict[int, float] = {}
"""The 97.5% quantile of Student's t per degrees of freedom, computed once each (scipy's ppf is slow)."""


def prepare_t_quantiles(sizes: Iterable[int]) -> None:
    """Compute the t quantiles of these sample sizes in one vectorised call."""
    missing = sorted({int(n) - 1 for n in sizes if n >= 2} - _T_QUANTILES.keys())
    if missing:
        _T_QUANTILES.update(zip(missing, scipy_stats().t.ppf(0.975, missing).tolist(), strict=True))


def confidence_interval(mean: float, sd: float | None, n: int) -> tuple[float, float] | None:
    """The two-sided 95% t-interval of a mean, unrounded, or None when it cannot be estimated (n < 2)."""
    if n < 2 or sd is None or math.isnan(sd):
        return None
    if n - 1 not in _T_QUANTILES:
        prepare_t_quantiles([n])
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


def hidden_score(code: str) -> DimensionScore:
    """A hidden cell: no number, only the one reason."""
    return DimensionScore(dimension=code, n=0, hidden=True, reason=HIDDEN_REASON)


def published_score(code: str, sums: Sums | None, stages: Sequence[Stage]) -> DimensionScore:
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
