"""The departments screen's bar charts: stage per dimension, core competencies, and transparency inside and out.

Each bar is a mean on the 1 to 5 scale, coloured by its stage, over shaded stage ranges, with its 95% interval
and the organisation's mean as a marker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from smm_maturity import claims, disclosure
from smm_maturity.charts.figure import FigureSpec, trace
from smm_maturity.charts.theme import (
    HOVER_FROM_CUSTOMDATA,
    SCALE_RANGE,
    category_axis,
    display_name,
    escape,
    finish,
    hidden_label,
    mean_text,
    scale_axis,
    stage_colour,
    stage_name,
    wrap_label,
)
from smm_maturity.i18n import format_number, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE
from smm_maturity.scoring import DimensionScore, GroupScore

TRANSPARENCY_FACETS = ("internal", "external")

# ------------------------------------------------------------------------------------------ decisions


@dataclass(frozen=True)
class ScoreRow:
    """One bar: its label, the group's score and the organisation's score to compare with."""

    label: str
    score: DimensionScore
    comparison: DimensionScore | None


@dataclass(frozen=True)
class StageBand:
    """The stretch of the 1 to 5 scale that one stage covers."""

    level: int
    low: float
    high: float


def shown_mean(score: DimensionScore | None) -> float | None:
    """The mean a bar or marker shows: None for a missing or hidden score."""
    return score.mean if score is not None and not score.hidden else None


def interval_errors(score: DimensionScore) -> tuple[float | None, float | None]:
    """How far the 95% interval reaches above and below the mean, or None where there is none.

    Both come from the published interval ends and mean, exactly, at the interval's two decimals.
    """
    if score.mean is None:
        return None, None
    places = disclosure.INTERVAL_PLACES
    above = disclosure.difference(score.ci_high, score.mean, places) if score.ci_high is not None else None
    below = disclosure.difference(score.mean, score.ci_low, places) if score.ci_low is not None else None
    return above, below


def bar_hover(
    row: ScoreRow, main_label: str, comparison_label: str, instrument: Instrument, lang: str
) -> str:
    """A bar's hover text: the mean and stage, its interval and n, and the organisation's mean."""
    score, comparison = row.score, row.comparison
    lines = [f"<b>{row.label.replace('<br>', ' ')}</b>"]
    if score.hidden or score.mean is None:
        lines.append(hidden_label(lang))
    else:
        lines.append(
            f"{main_label}: {mean_text(score.mean, lang)} ({stage_name(instrument, score.stage, lang)})"
        )
        if score.ci_low is not None and score.ci_high is not None:
            lines.append(
                f"{t('chart.ci', lang)}: {mean_text(score.ci_low, lang)} – {mean_text(score.ci_high, lang)}"
            )
        lines.append(t("chart.n", lang, n=format_number(score.n, lang, 0)))
    if comparison is not None and comparison.mean is not None:
        lines.append(f"{comparison_label}: {mean_text(comparison.mean, lang)}")
    return "<br>".join(lines)


def stage_bands(instrument: Instrument) -> list[StageBand]:
    """The range of the scale that each stage covers, clipped to the scale."""
    bounds = [stage.min_mean for stage in instrument.stages] + [SCALE_RANGE[1]]
    return [
        StageBand(stage.level, max(low, SCALE_RANGE[0]), high)
        for stage, low, high in zip(instrument.stages, bounds[:-1], bounds[1:], strict=True)
    ]


def stage_profile_rows(
    group: GroupScore, organisation: GroupScore | None, instrument: Instrument, lang: str
) -> list[ScoreRow]:
    """One row per dimension, compared with the organisation when given."""
    return [
        ScoreRow(
            wrap_label(instrument.dimension(code).name(lang), 22),
            group.dimensions[code],
            organisation.dimensions[code] if organisation is not None else None,
        )
        for code in instrument.dimension_codes
    ]


def stage_profile_title(group: GroupScore, instrument: Instrument, lang: str) -> str:
    """The title: the range of stages the group's shown dimensions reach."""
    name = display_name(group, lang)
    stages = sorted(
        {stage for code in instrument.dimension_codes if (stage := group.dimensions[code].stage) is not None}
    )
    if not stages:
        return t("chart.stage_profile.title_plain", lang, group=name)
    if len(stages) == 1:
        return t(
            "chart.stage_profile.title_one", lang, group=name, stage=instrument.stage(stages[0]).name(lang)
        )
    return t(
        "chart.stage_profile.title",
        lang,
        group=name,
        low=instrument.stage(stages[0]).name(lang),
        high=instrument.stage(stages[-1]).name(lang),
    )


def facet_label(facet: str, lang: str) -> str:
    """The display name of a facet (media competence, internal transparency, …), or the facet itself."""
    return claims.facet_name(facet, lang)


def facet_order(dimension: str, instrument: Instrument) -> list[str]:
    """The facets of a dimension in questionnaire order."""
    order: list[str] = []
    for item in instrument.dimension(dimension).items:
        if item.facet and item.facet not in order:
            order.append(item.facet)
    return order


def facet_rows(
    order: Sequence[str],
    facets: Mapping[str, DimensionScore],
    organisation_facets: Mapping[str, DimensionScore] | None,
    lang: str,
) -> list[ScoreRow]:
    """One row per facet in the given order, compared with the organisation's facet when given."""
    return [
        ScoreRow(
            facet_label(facet, lang),
            facets[facet],
            organisation_facets.get(facet) if organisation_facets is not None else None,
        )
        for facet in order
    ]


def competency_title(order: Sequence[str], facets: Mapping[str, DimensionScore], lang: str) -> str:
    """The title: the strongest and the weakest competency, from the claims."""
    return escape(claims.facet_headline(claims.facet_claims(order, facets), lang))


def transparency_title(facets: Mapping[str, DimensionScore], lang: str) -> str:
    """The title: which side is more open, with both means, from the claims."""
    return escape(claims.openness_headline(claims.openness_claim(facets), facets, lang))


# ------------------------------------------------------------------------------------------ builders


def _stage_bands(fig: FigureSpec, instrument: Instrument, lang: str) -> None:
    """Shade the stage ranges behind a horizontal 1 to 5 axis and name them along the top, staggered."""
    for band in stage_bands(instrument):
        fig.add_vrect(x0=band.low, x1=band.high, fillcolor=stage_colour(band.level), opacity=0.12)
        fig.add_annotation(
            x=(band.low + band.high) / 2,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            yshift=2 if band.level % 2 else 20,
            text=instrument.stage(band.level).name(lang),
            showarrow=False,
            font={"size": 13, "color": PALETTE.muted},
        )


def _score_bars(
    rows: Sequence[ScoreRow],
    comparison_label: str,
    main_label: str,
    instrument: Instrument,
    lang: str,
    title: str,
    subtitle: str,
) -> go.Figure:
    """Horizontal bars of means on the 1 to 5 scale, coloured by stage, with 95% intervals and a comparison marker."""
    labels = [row.label for row in rows]
    means = [shown_mean(row.score) for row in rows]
    errors = [interval_errors(row.score) for row in rows]
    hover = [bar_hover(row, main_label, comparison_label, instrument, lang) for row in rows]
    comparison_means = [shown_mean(row.comparison) for row in rows]
    has_comparison = any(value is not None for value in comparison_means)
    fig = FigureSpec()
    fig.add_trace(
        trace(
            "bar",
            x=means,
            y=labels,
            orientation="h",
            name=main_label,
            marker={
                "color": [stage_colour(row.score.stage) for row in rows],
                "line": {"color": PALETTE.text, "width": 1},
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [above for above, _ in errors],
                "arrayminus": [below for _, below in errors],
                "color": PALETTE.text,
                "thickness": 1.5,
                "width": 6,
            },
            customdata=hover,
            hovertemplate=HOVER_FROM_CUSTOMDATA,
            width=0.62,
        )
    )
    fig.add_trace(
        trace(
            "scatter",
            x=[SCALE_RANGE[0] + 0.04] * len(rows),
            y=labels,
            mode="text",
            text=[mean_text(mean, lang) if mean is not None else "" for mean in means],
            textposition="middle right",
            textfont={"size": 16, "color": PALETTE.text},
            showlegend=False,
            customdata=hover,
            hovertemplate=HOVER_FROM_CUSTOMDATA,
        )
    )
    if has_comparison:
        fig.add_trace(
            trace(
                "scatter",
                x=comparison_means,
                y=labels,
                mode="markers",
                name=comparison_label,
                marker={
                    "symbol": "diamond",
                    "size": 16,
                    "color": PALETTE.white,
                    "line": {"color": PALETTE.comparison, "width": 2.5},
                },
                customdata=hover,
                hovertemplate=HOVER_FROM_CUSTOMDATA,
            )
        )
    _stage_bands(fig, instrument, lang)
    fig.update_xaxes(**scale_axis(t("chart.scale_axis", lang)))
    fig.update_yaxes(**category_axis())
    return finish(
        fig,
        title,
        subtitle,
        lang,
        height=max(400, 200 + 62 * len(rows)),
        margin={"l": 10, "r": 24, "b": 100},
        top_extra=40,
        showlegend=has_comparison,
        bargap=0.3,
    )


def stage_profile(
    group: GroupScore, organisation: GroupScore | None, instrument: Instrument, lang: str
) -> go.Figure:
    """The stage of each dimension for one group, as bars on the stage ranges, with the organisation as markers."""
    return _score_bars(
        stage_profile_rows(group, organisation, instrument, lang),
        t("organisation", lang),
        display_name(group, lang),
        instrument,
        lang,
        stage_profile_title(group, instrument, lang),
        t("chart.stage_profile.subtitle", lang),
    )


def competency_profile(
    facets: Mapping[str, DimensionScore],
    organisation_facets: Mapping[str, DimensionScore] | None,
    group_name: str,
    instrument: Instrument,
    lang: str,
) -> go.Figure:
    """The five core competencies of a group, with the organisation's as markers."""
    order = [facet for facet in facet_order("KOM", instrument) if facet in facets]
    name = escape(group_name)
    return _score_bars(
        facet_rows(order, facets, organisation_facets, lang),
        t("organisation", lang),
        name,
        instrument,
        lang,
        competency_title(order, facets, lang),
        t("chart.competency.subtitle", lang, group=name),
    )


def transparency_chart(
    facets: Mapping[str, DimensionScore],
    organisation_facets: Mapping[str, DimensionScore] | None,
    group_name: str,
    instrument: Instrument,
    lang: str,
) -> go.Figure:
    """Internal against external transparency of a group, with the organisation's as markers."""
    order = [facet for facet in TRANSPARENCY_FACETS if facet in facets]
    name = escape(group_name)
    return _score_bars(
        facet_rows(order, facets, organisation_facets, lang),
        t("organisation", lang),
        name,
        instrument,
        lang,
        transparency_title(facets, lang),
        t("chart.transparency.subtitle", lang, group=name),
    )
