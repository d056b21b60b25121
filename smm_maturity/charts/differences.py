"""Sorted difference bars: a department against the organisation, and the organisation's change since the
previous wave, each dimension one bar from the largest gain to the largest loss.

Where a radar draws two nearly equal octagons, these bars show the few tenths that differ, sorted, with the
number on each bar. Changes say "clear change" or "within noise"; the test behind it is in the hover text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from smm_maturity import claims, disclosure
from smm_maturity.charts.figure import FigureSpec, trace
from smm_maturity.charts.theme import (
    HOVER_FROM_CUSTOMDATA,
    axis_title,
    category_axis,
    escape,
    finish,
    mean_text,
    wrap_label,
)
from smm_maturity.i18n import format_number, format_p_value, format_signed, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE
from smm_maturity.scoring import GroupScore, TrendPoint

ABOVE_COLOUR = PALETTE.agree
BELOW_COLOUR = PALETTE.disagree
NOISE_COLOUR = PALETTE.neutral

# ------------------------------------------------------------------------------------------ decisions


@dataclass(frozen=True)
class DifferenceBar:
    """One bar: the dimension's label, the published difference, whether it is clear, and its hover text."""

    label: str
    size: float
    clear: bool
    hover: str


def sorted_bars(bars: Sequence[DifferenceBar]) -> list[DifferenceBar]:
    """The bars from the largest gain to the largest loss; equal ones keep questionnaire order."""
    return sorted(bars, key=lambda bar: -bar.size)


def bar_colour(bar: DifferenceBar) -> str:
    """Blue above, vermillion below, grey for a change within noise or no difference."""
    if not bar.clear or bar.size == 0:
        return NOISE_COLOUR
    return ABOVE_COLOUR if bar.size > 0 else BELOW_COLOUR


def gap_bars(
    group: GroupScore, organisation: GroupScore, instrument: Instrument, lang: str
) -> list[DifferenceBar]:
    """A department's published mean minus the organisation's, per dimension shown for both."""
    bars = []
    for code in instrument.dimension_codes:
        ours, theirs = group.dimensions[code], organisation.dimensions[code]
        if ours.hidden or theirs.hidden or ours.mean is None or theirs.mean is None:
            continue
        name = instrument.dimension(code).name(lang)
        size = disclosure.difference(ours.mean, theirs.mean, disclosure.MEAN_PLACES)
        hover = (
            f"<b>{name}</b><br>{escape(group.group)}: {mean_text(ours.mean, lang)} "
            f"({t('chart.n', lang, n=format_number(ours.n, lang, 0))})<br>"
            f"{t('organisation', lang)}: {mean_text(theirs.mean, lang)}<br>"
            f"{t('chart.difference', lang)}: {format_signed(size, lang, 2)}"
        )
        bars.append(DifferenceBar(wrap_label(name, 30), size, True, hover))
    return bars


def change_bars(
    points: Sequence[TrendPoint], wave: str, instrument: Instrument, lang: str
) -> list[DifferenceBar]:
    """The change of each shown dimension in a wave against the wave before, clear or within noise."""
    bars = []
    for point in claims.latest_changes(points, wave):
        name = instrument.dimension(point.dimension).name(lang)
        size = disclosure.round_half_up(point.change or 0.0, disclosure.MEAN_PLACES)
        verdict = t("claim.verdict.clear" if point.clear_change else "claim.verdict.noise", lang)
        hover = (
            f"<b>{name}</b><br>{t('chart.mean', lang)}: {mean_text(point.mean, lang)} "
            f"({t('chart.n', lang, n=format_number(point.n, lang, 0))})<br>"
            f"{t('chart.change', lang)}: {format_signed(size, lang, 2)} – {verdict}<br>"
            f"{t('chart.welch', lang)}: {format_p_value(point.p_value, lang)}"
        )
        bars.append(DifferenceBar(wrap_label(name, 30), size, point.clear_change, hover))
    return bars


def bar_label(bar: DifferenceBar, lang: str, with_verdict: bool) -> str:
    """The text at a bar's end: the signed difference, and for a change whether it is within noise."""
    text = format_signed(bar.size, lang, 2)
    return f"{text} · {t('chart.noise_short', lang)}" if with_verdict and not bar.clear else text


def axis_range(bars: Sequence[DifferenceBar]) -> tuple[float, float]:
    """The x range: zero and every bar, with room beyond each end for the bar's label."""
    low = min([0.0, *(bar.size for bar in bars)])
    high = max([0.0, *(bar.size for bar in bars)])
    room = max(high - low, 0.5) * 0.3
    return low - (room if low < 0 else room / 4), high + (room if high > 0 else room / 4)


# ------------------------------------------------------------------------------------------- builder


def _difference_figure(
    bars: Sequence[DifferenceBar],
    title: str,
    subtitle: str,
    axis: str,
    lang: str,
    with_verdict: bool,
    width_chars: int,
) -> go.Figure:
    """Horizontal bars around zero, sorted, each labelled with its signed difference."""
    ordered = sorted_bars(bars)
    low, high = axis_range(ordered)
    fig = FigureSpec()
    fig.add_trace(
        trace(
            "bar",
            x=[bar.size for bar in ordered],
            y=[bar.label for bar in ordered],
            orientation="h",
            marker={"color": [bar_colour(bar) for bar in ordered], "line": {"width": 0}},
            text=[bar_label(bar, lang, with_verdict) for bar in ordered],
            textposition="outside",
            textfont={"size": 16, "color": PALETTE.text},
            cliponaxis=False,
            customdata=[bar.hover for bar in ordered],
            hovertemplate=HOVER_FROM_CUSTOMDATA,
            showlegend=False,
            width=0.62,
        )
    )
    fig.add_vline(x=0, line={"color": PALETTE.comparison, "width": 2})
    fig.update_xaxes(
        range=[low, high],
        zeroline=False,
        gridcolor=PALETTE.line,
        tickformat="+.1f",
        title=axis_title(axis),
    )
    fig.update_yaxes(**category_axis())
    return finish(
        fig,
        escape(title),
        subtitle,
        lang,
        height=max(380, 170 + 52 * len(ordered)),
        margin={"l": 10, "r": 24, "b": 60},
        width_chars=width_chars,
        bargap=0.3,
    )


def department_gaps(
    group: GroupScore, organisation: GroupScore, instrument: Instrument, lang: str
) -> go.Figure:
    """A department against the organisation: per dimension, how far above or below it lies, sorted."""
    found = claims.gap_claims(group, organisation, instrument)
    return _difference_figure(
        gap_bars(group, organisation, instrument, lang),
        claims.gap_headline(found, group.group, instrument, lang),
        t("chart.gaps.subtitle", lang),
        t("chart.gaps.axis", lang),
        lang,
        with_verdict=False,
        width_chars=44,
    )


def change_since(points: Sequence[TrendPoint], wave: str, instrument: Instrument, lang: str) -> go.Figure:
    """The organisation's change per dimension since the wave before, sorted, clear changes in colour."""
    found = claims.change_claims(points, wave=wave)
    return _difference_figure(
        change_bars(points, wave, instrument, lang),
        claims.change_headline(found, instrument, lang),
        t("chart.changes.subtitle", lang),
        t("chart.changes.axis", lang),
        lang,
        with_verdict=True,
        width_chars=66,
    )
