"""The trends screen: each dimension across the waves, with its 95% band and its clear changes marked."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from smm_maturity import claims
from smm_maturity.charts.figure import FigureSpec, trace
from smm_maturity.charts.theme import (
    HOVER_FROM_CUSTOMDATA,
    axis_title,
    escape,
    finish,
    mean_text,
    stage_name,
    translucent,
    wrap_label,
)
from smm_maturity.i18n import format_number, format_p_value, format_signed, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE
from smm_maturity.scoring import TrendPoint, stage_for

GRID_COLUMNS = 4

TREND_MARKERS: Mapping[str, Mapping[str, object]] = {
    "start": {"size": 9, "color": PALETTE.accent, "line": {"color": PALETTE.accent, "width": 2}},
    "clear": {"size": 15, "color": PALETTE.comparison, "line": {"color": PALETTE.comparison, "width": 2}},
    "flat": {"size": 11, "color": PALETTE.white, "line": {"color": PALETTE.accent, "width": 2.5}},
}
"""The marker of each kind of trend point: a clear change filled dark, no clear change hollow; no stage colours,
which mean stages everywhere else."""

# ------------------------------------------------------------------------------------------ decisions


def trend_kind(point: TrendPoint) -> str:
    """How a trend point is drawn: the first shown wave, a clear change, or no clear change."""
    if point.change is None:
        return "start"
    return "clear" if point.clear_change else "flat"


def grid_cell(index: int) -> tuple[int, int]:
    """The row and column (from 1) of the index-th dimension's small chart."""
    return index // GRID_COLUMNS + 1, index % GRID_COLUMNS + 1


def wave_label(wave: str) -> str:
    """A wave's name as an axis label, on two lines when long."""
    return wrap_label(escape(wave), 10)


def shown_points(series: Sequence[TrendPoint]) -> list[TrendPoint]:
    """The points of a series that have a mean to show."""
    return [p for p in series if not p.hidden and p.mean is not None]


def band_points(series: Sequence[TrendPoint]) -> list[TrendPoint]:
    """The shown points that have a 95% interval, for the band."""
    return [p for p in shown_points(series) if p.ci_low is not None and p.ci_high is not None]


def change_label(point: TrendPoint, lang: str) -> str:
    """The label next to a clear change: the change with its sign, to two decimals."""
    return format_signed(point.change, lang, 2)


def trend_title(points: Sequence[TrendPoint], codes: Sequence[str], group_name: str, lang: str) -> str:
    """The trend chart's title: how many dimensions changed clearly in the latest wave, from the claims."""
    claim = claims.clear_claim(points, group_name)
    return escape(claims.clear_headline(claim, len(codes), group_name, lang))


def trend_hover(point: TrendPoint, instrument: Instrument, lang: str) -> str:
    """A point's hover text: dimension and wave, mean and stage, interval, n, and the change with its p-value."""
    lines = [
        f"<b>{instrument.dimension(point.dimension).name(lang)}</b> · {escape(point.wave)}",
        f"{t('chart.mean', lang)}: {mean_text(point.mean, lang)}"
        f" ({stage_name(instrument, stage_for(point.mean, instrument.stages), lang)})"
        if point.mean is not None
        else "",
    ]
    if point.ci_low is not None and point.ci_high is not None:
        lines.append(
            f"{t('chart.ci', lang)}: {mean_text(point.ci_low, lang)} – {mean_text(point.ci_high, lang)}"
        )
    lines.append(t("chart.n", lang, n=format_number(point.n, lang, 0)))
    if point.change is not None:
        verdict = t("chart.trend.clear", lang) if point.clear_change else t("chart.trend.flat", lang)
        lines.append(
            f"{t('chart.change', lang)}: {format_signed(point.change, lang, 2)}"
            f" ({format_p_value(point.p_value, lang)}) – {verdict}"
        )
    return "<br>".join(line for line in lines if line)


# ------------------------------------------------------------------------------------------- builder


def _add_series(
    fig: FigureSpec,
    series: Sequence[TrendPoint],
    instrument: Instrument,
    lang: str,
    cell: tuple[int, int],
    legend_done: set[str],
) -> None:
    """One dimension's small chart: band, line, the markers of each kind, and the stage thresholds."""
    row, col = cell
    band = band_points(series)
    if band:
        fig.add_trace(
            trace(
                "scatter",
                x=[wave_label(p.wave) for p in band] + [wave_label(p.wave) for p in reversed(band)],
                y=[p.ci_high for p in band] + [p.ci_low for p in reversed(band)],
                mode="lines",
                fill="toself",
                fillcolor=translucent(PALETTE.accent, 0.14),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
    fig.add_trace(
        trace(
            "scatter",
            x=[wave_label(p.wave) for p in series],
            y=[p.mean if not p.hidden else None for p in series],
            mode="lines",
            line={"color": PALETTE.accent, "width": 3},
            hoverinfo="skip",
            showlegend=False,
            connectgaps=False,
        ),
        row=row,
        col=col,
    )
    shown = shown_points(series)
    for kind, marker in TREND_MARKERS.items():
        selected = [p for p in shown if trend_kind(p) == kind]
        if not selected:
            continue
        clear = kind == "clear"
        fig.add_trace(
            trace(
                "scatter",
                x=[wave_label(p.wave) for p in selected],
                y=[p.mean for p in selected],
                mode="markers+text" if clear else "markers",
                text=[change_label(p, lang) for p in selected] if clear else None,
                textposition="top center",
                textfont={"size": 14, "color": PALETTE.text},
                marker={**marker, "opacity": 1.0},
                name=t(f"chart.trend.{kind}", lang),
                legendgroup=kind,
                legendrank=1 if clear else 2,
                showlegend=kind != "start" and kind not in legend_done,
                customdata=[trend_hover(p, instrument, lang) for p in selected],
                hovertemplate=HOVER_FROM_CUSTOMDATA,
            ),
            row=row,
            col=col,
        )
        legend_done.add(kind)
    for stage in instrument.stages[1:]:
        fig.add_hline(
            y=stage.min_mean,
            line={"color": PALETTE.muted, "width": 1, "dash": "dot"},
            row=row,
            col=col,
        )


def trend_lines(
    points: Sequence[TrendPoint], instrument: Instrument, lang: str, group_name: str
) -> go.Figure:
    """Each dimension across the waves with its 95% band; filled markers are clear changes, hollow ones are not."""
    codes = list(instrument.dimension_codes)
    rows = math.ceil(len(codes) / GRID_COLUMNS)
    fig = FigureSpec.grid(
        rows,
        GRID_COLUMNS,
        [wrap_label(instrument.dimension(code).name(lang), 24) for code in codes],
        vertical_spacing=0.22,
        horizontal_spacing=0.035,
    )
    legend_done: set[str] = set()
    for index, code in enumerate(codes):
        _add_series(
            fig, [p for p in points if p.dimension == code], instrument, lang, grid_cell(index), legend_done
        )
    fig.update_yaxes(
        range=[0.85, 5.15], tickvals=[1, 2, 3, 4, 5], gridcolor=PALETTE.line, tickfont={"size": 14}
    )
    fig.update_yaxes(title=axis_title(t("chart.mean", lang), standoff=4), col=1, automargin=True)
    waves = list(dict.fromkeys(wave_label(point.wave) for point in points))
    fig.update_xaxes(tickfont={"size": 14}, showgrid=False, categoryorder="array", categoryarray=waves)
    return finish(
        fig,
        trend_title(points, codes, group_name, lang),
        t("chart.trend.subtitle", lang),
        lang,
        height=330 * rows + 220,
        margin={"l": 10, "r": 10, "b": 80},
        width_chars=66,
        top_extra=64,
    )
