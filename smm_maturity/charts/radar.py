"""The profile radars: the organisation against its previous wave (overview), a department against all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from smm_maturity import disclosure
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
from smm_maturity.i18n import format_signed, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE, STAGE_COLOURS
from smm_maturity.scoring import GroupScore, WaveScores, stage_for

# ------------------------------------------------------------------------------------------ decisions


@dataclass(frozen=True)
class Difference:
    """The dimensions where one group is furthest ahead of and furthest behind another, and by how much."""

    best: str
    ahead: float
    worst: str
    behind: float


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


def largest_difference(main: GroupScore, comparison: GroupScore, instrument: Instrument) -> Difference | None:
    """The dimensions with the largest gain and the largest loss of `main` against `comparison`, if any.

    Differences are taken between the published means and rounded to their two decimals, so that the
    comparison (and a tie, which goes to the first dimension) depends on shown figures alone.
    """
    pairs = {
        code: (main.dimensions[code].mean, comparison.dimensions[code].mean)
        for code in instrument.dimension_codes
    }
    differences = {
        code: disclosure.difference(ours, theirs, disclosure.MEAN_PLACES)
        for code, (ours, theirs) in pairs.items()
        if ours is not None and theirs is not None
    }
    if not differences:
        return None
    best = max(differences, key=lambda code: differences[code])
    worst = min(differences, key=lambda code: differences[code])
    return Difference(best, differences[best], worst, differences[worst])


def radar_comparison(previous: WaveScores | None) -> GroupScore | None:
    """The previous wave's organisation to compare with, unless there is none or it is hidden."""
    return previous.organisation if previous is not None and not previous.organisation.suppressed else None


def organisation_radar_title(
    current: WaveScores, previous: WaveScores | None, instrument: Instrument, lang: str
) -> str:
    """The title: the dimension that grew most since the previous wave, or that little changed."""
    comparison = radar_comparison(previous)
    if comparison is None or previous is None:
        return t("chart.radar.org_title_single", lang)
    difference = largest_difference(current.organisation, comparison, instrument)
    if difference is not None and difference.ahead > 0:
        return t(
            "chart.radar.org_title",
            lang,
            previous=escape(previous.wave),
            dimension=instrument.dimension(difference.best).name(lang),
            change=format_signed(difference.ahead, lang, 2),
        )
    return t("chart.radar.org_title_flat", lang, previous=escape(previous.wave))


def department_radar_title(
    department: GroupScore, organisation: GroupScore, instrument: Instrument, lang: str
) -> str:
    """The title: where the department is furthest ahead of and behind the organisation."""
    name = escape(department.group)
    difference = largest_difference(department, organisation, instrument)
    if difference is None:
        return t("chart.radar.dept_title_plain", lang, department=name)
    return t(
        "chart.radar.dept_title",
        lang,
        department=name,
        best=instrument.dimension(difference.best).name(lang),
        worst=instrument.dimension(difference.worst).name(lang),
    )


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
    previous: WaveScores | None,
    instrument: Instrument,
    lang: str,
    targets: Mapping[str, float] | None = None,
) -> go.Figure:
    """The organisation's profile over the eight dimensions, against the previous wave when there is one."""
    comparison = radar_comparison(previous)
    return _radar(
        current.organisation,
        escape(current.wave),
        comparison,
        escape(previous.wave) if comparison is not None and previous is not None else "",
        instrument,
        lang,
        organisation_radar_title(current, previous, instrument, lang),
        targets,
    )


def department_radar(
    department: GroupScore, organisation: GroupScore, instrument: Instrument, lang: str
) -> go.Figure:
    """A department's profile against the whole organisation's."""
    return _radar(
        department,
        escape(department.group),
        organisation,
        t("organisation", lang),
        instrument,
        lang,
        department_radar_title(department, organisation, instrument, lang),
    )
