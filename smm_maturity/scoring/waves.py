"""A wave's published scores: per dimension, overall mean, index and stage of the organisation and each department."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import duckdb

from smm_maturity import disclosure
from smm_maturity.disclosure import HIDDEN_REASON
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.privacy import min_group_size
from smm_maturity.scoring.cells import WaveCells, count_respondents, in_snapshot, read_wave_cells
from smm_maturity.scoring.exact import (
    DimensionScore,
    hidden_score,
    index_for,
    prepare_t_quantiles,
    published_score,
    round_mean,
    stage_for,
)

ORGANISATION = "__organisation__"


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


def _group_score(group: str, cells: WaveCells, instrument: Instrument) -> GroupScore:
    department = None if group == ORGANISATION else group
    hidden_group = cells.organisation_hidden if department is None else department in cells.suppressed
    if hidden_group:
        hidden = {code: hidden_score(code) for code in instrument.dimension_codes}
        return GroupScore(group, 0, True, hidden, reason=HIDDEN_REASON)
    dimensions: dict[str, DimensionScore] = {}
    shown_means: list[Fraction] = []
    for code in instrument.dimension_codes:
        if cells.cell_hidden(department, code):
            dimensions[code] = hidden_score(code)
            continue
        sums = cells.sums.get((department, code))
        dimensions[code] = published_score(code, sums, instrument.stages)
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


def _build_wave_scores(wave: str, cells: WaveCells, instrument: Instrument, k: int) -> WaveScores:
    prepare_t_quantiles(sums.n for sums in cells.sums.values())
    return WaveScores(
        wave=wave,
        min_size=k,
        organisation=_group_score(ORGANISATION, cells, instrument),
        departments=tuple(_group_score(name, cells, instrument) for name in sorted(cells.counts)),
    )


@in_snapshot
def wave_scores(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    min_size: int | None = None,
    instrument: Instrument | None = None,
) -> WaveScores:
    """The published scores of the organisation and every department in one wave."""
    instrument = instrument or load_instrument()
    k = min_group_size(min_size)
    return _build_wave_scores(wave, read_wave_cells(con, wave, k, instrument), instrument, k)


@in_snapshot
def shown_departments(con: duckdb.DuckDBPyConnection, wave: str, min_size: int | None = None) -> list[str]:
    """The departments of a wave that are shown at all (the residual rule on the respondents), by name."""
    counts = count_respondents(con, wave)
    hidden = disclosure.breakdown(sum(counts.values()), counts, min_group_size(min_size)).hidden
    return sorted(name for name in counts if name not in hidden)


@in_snapshot
def participation(
    con: duckdb.DuckDBPyConnection, wave: str, min_size: int | None = None
) -> disclosure.Participation:
    """Responses against headcount per shown department and for the organisation, under the residual rule."""
    counts = count_respondents(con, wave)
    headcounts = dict(
        con.execute("select name, headcount from departments where headcount is not null").fetchall()
    )
    return disclosure.participation(counts, headcounts, min_group_size(min_size))
