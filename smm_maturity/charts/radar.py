"""The organisation's profile radar, against its target stages on the standing slide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from smm_maturity import claims
from smm_maturity.charts.figure import FigureSpec, Spec, trace
from smm_maturity.charts.theme import (
    HOVER_FROM_CUSTOMDATA,
    SCALE_RANGE,
    escape,
    finish,
    mean_text,
    stage_name,
    translucent,
    wrap_label,
)
from smm_maturity.i18n import t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE, STAGE_COLOURS
from smm_maturity.scoring import GroupScore, WaveScores, stage_for

# ------------------------------------------------------------------------------------------ decisions


def radar_axis_labels(instrument: Instrument, lang: str) -> list[str]:
    """The dimension names around the radar, wrapped to fit."""
    return [wrap_label(instrument.dimension(code).name(lang), 14) for code in instrument.dimension_codes]


def radar_means(group: GroupScore, instrument: Instrument) -> list[float | None]:
    """A group's mean per dimension, None where the dimension is hidden."""
    return [
        group.dimensions[code].mean if not group.dimensions[code].hidden else None
        for code in instrument.dimension_codes
    ]


def radar_hover(
    label: str, names: Sequence[str], means: Sequence[float | None], instrument: Instrument, lang: str
) -> list[str]:
    """The hover text of each radar point: group, dimension, mean and the stage it reaches."""
    return [
        f"<b>{label}</b><br>{name.replace('<br>', ' ')}: {mean_text(mean, lang)}"
        + (
            f" ({stage_name(instrument, stage_for(mean, instrument.stages), lang)})"
            if mean is not None
            else ""
        )
        for name, mean in zip(names, means, strict=True)
    ]


def closed(values: Sequence[object]) -> list[object]:
    """A radar line's values with the first repeated at the end, so that the line closes."""
    return [*values, values[0]]


def organisation_radar_title(group: GroupScore, instrument: Instrument, lang: str) -> str:
    """The title: the group's strongest and weakest dimension, from the claims."""
    return claims.profile_headline(claims.rank_claims(group, instrument), instrument, lang)


# ------------------------------------------------------------------------------------------ builders


def _radar_trace(
    group: GroupScore, instrument: Instrument, lang: str, label: str, colour: str, filled: bool, dash: str
) -> Spec:
    names = radar_axis_labels(instrument, lang)
    means = radar_means(group, instrument)
    return trace(
        "scatterpolar",
        r=closed(means),
        theta=closed(names),
        name=label,
        mode="lines+markers",
        line={"color": colour, "width": 3.5 if filled else 2.5, "dash": dash},
        marker={"size": 9 if filled else 7, "color": colour},
        fill="toself" if filled else "none",
        fillcolor=translucent(PALETTE.accent, 0.18) if filled else None,
        customdata=closed(radar_hover(label, names, means, instrument, lang)),
        hovertemplate=HOVER_FROM_CUSTOMDATA,
        connectgaps=False,
    )


def _radar(
    main: GroupScore,
    main_label: str,
    comparison: GroupScore | None,
    comparison_label: str,
    instrument: Instrument,
    lang: str,
    title: str,
    targets: Mapping[str, float] | None = None,
) -> go.Figure:
    fig = FigureSpec()
    if comparison is not None:
        fig.add_trace(
            _radar_trace(comparison, instrument, lang, comparison_label, PALETTE.comparison, False, "dash")
        )
    fig.add_trace(_radar_trace(main, instrument, lang, main_label, PALETTE.accent, True, "solid"))
    if targets:
        fig.add_trace(
            trace(
                "scatterpolar",
                r=closed([targets.get(code) for code in instrument.dimension_codes]),
                theta=closed(radar_axis_labels(instrument, lang)),
                name=t("chart.target", lang),
                mode="lines",
                line={"color": STAGE_COLOURS[1], "width": 2, "dash": "dot"},
                hovertemplate="%{theta}: %{r:.2f}<extra></extra>",
            )
        )
    fig.update_layout(
        polar={
            "radialaxis": {
                "range": list(SCALE_RANGE),
                "tickvals": [1, 2, 3, 4, 5],
                "tickfont": {"size": 13, "color": PALETTE.muted},
                "gridcolor": PALETTE.line,
                "angle": 90,
                "tickangle": 90,
            },
            "angularaxis": {
                "tickfont": {"size": 15},
                "gridcolor": PALETTE.line,
                "direction": "clockwise",
                "rotation": 90,
            },
            "bgcolor": PALETTE.white,
        },
    )
    return finish(
        fig,
        title,
        t("chart.radar.subtitle", lang),
        lang,
        height=620,
        margin={"l": 125, "r": 125, "b": 50},
        top_extra=40,
    )


def organisation_radar(
    current: WaveScores,
    instrument: Instrument,
    lang: str,
    targets: Mapping[str, float] | None = None,
) -> go.Figure:
    """The organisation's profile over the eight dimensions, with its targets when given.

    The one radar left: a shape against a target ring says where the organisation is lopsided; differences
    between two groups or two waves are sorted bars (`differences`).
    """
    return _radar(
        current.organisation,
        escape(current.wave),
        None,
        "",
        instrument,
        lang,
        escape(organisation_radar_title(current.organisation, instrument, lang)),
        targets,
    )
