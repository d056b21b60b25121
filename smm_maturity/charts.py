"""Pure chart builders: scoring results in, Plotly figures out, in the chosen language.

One stage palette (Okabe-Ito, safe for colour-blind viewers) colours every chart, fonts are large enough
for a projector, and every title says what to read from the chart. Names that users typed (departments,
waves) are escaped, because Plotly reads a little HTML in its labels.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from smm_maturity.i18n import format_number, format_p_value, format_percent, format_signed, t
from smm_maturity.instrument import Instrument
from smm_maturity.scoring import (
    CollaborationCell,
    DimensionScore,
    GroupScore,
    SiloScore,
    TrendPoint,
    WaveScores,
    stage_for,
)

STAGE_COLOURS: dict[int, str] = {
    1: "#D55E00",
    2: "#E69F00",
    3: "#F0E442",
    4: "#56B4E9",
    5: "#0072B2",
}
"""Stage 1 to 5: vermillion, orange, yellow, sky blue, blue (Okabe-Ito), from warm and weak to cool and strong."""

HIDDEN_COLOUR = "#CDCDCD"
TEXT_COLOUR = "#1E293B"
MUTED_COLOUR = "#5B6472"
GRID_COLOUR = "#E4E7EB"
CURRENT_COLOUR = "#0072B2"
COMPARISON_COLOUR = "#3F3F46"
DISAGREE_COLOUR = "#D55E00"
NEUTRAL_COLOUR = "#BDBDBD"
AGREE_COLOUR = "#0072B2"
FONT_FAMILY = '"Source Sans", "Source Sans 3", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif'
BASE_FONT_SIZE = 16
SCALE_RANGE = (1.0, 5.0)


Spec = dict[str, Any]


def _trace(kind: str, **properties: object) -> Spec:
    """A trace as a plain dict (validated once by the tests, not on every page run)."""
    return {"type": kind, **properties}


def _merge(target: dict, update: Mapping) -> dict:
    """Merge `update` into `target` recursively, the way Plotly's `update_layout` does."""
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = dict(value) if isinstance(value, Mapping) else value
    return target


class _Figure:
    """A figure under construction as plain dicts: Plotly validates every call, which costs seconds per page."""

    def __init__(self) -> None:
        self.data: list[Spec] = []
        self.layout: Spec = {"shapes": [], "annotations": [], "xaxis": {}, "yaxis": {}}
        self.axes: list[tuple[str, str, int, int]] = [("xaxis", "yaxis", 1, 1)]

    @classmethod
    def grid(
        cls,
        rows: int,
        columns: int,
        titles: Sequence[str],
        vertical_spacing: float,
        horizontal_spacing: float,
    ) -> _Figure:
        """A grid of subplots that share their y range, each with a title above it."""
        figure = cls()
        figure.layout = {"shapes": [], "annotations": []}
        figure.axes = []
        width = (1 - horizontal_spacing * (columns - 1)) / columns
        height = (1 - vertical_spacing * (rows - 1)) / rows
        for index in range(rows * columns):
            row, column = index // columns + 1, index % columns + 1
            suffix = "" if index == 0 else str(index + 1)
            x0 = (column - 1) * (width + horizontal_spacing)
            y1 = 1 - (row - 1) * (height + vertical_spacing)
            figure.layout[f"xaxis{suffix}"] = {"domain": [x0, x0 + width], "anchor": f"y{suffix}"}
            figure.layout[f"yaxis{suffix}"] = {
                "domain": [y1 - height, y1],
                "anchor": f"x{suffix}",
                "showticklabels": column == 1,
            }
            figure.axes.append((f"xaxis{suffix}", f"yaxis{suffix}", row, column))
            if index < len(titles):
                figure.layout["annotations"].append(
                    {
                        "text": titles[index],
                        "x": x0 + width / 2,
                        "y": y1,
                        "xref": "paper",
                        "yref": "paper",
                        "xanchor": "center",
                        "yanchor": "bottom",
                        "showarrow": False,
                        "font": {"size": 17},
                    }
                )
        return figure

    def _axis(self, row: int | None, col: int | None) -> tuple[str, str]:
        """The x and y axis keys of a subplot, or of the only plot."""
        for x_key, y_key, axis_row, axis_col in self.axes:
            if (row is None or row == axis_row) and (col is None or col == axis_col):
                return x_key, y_key
        raise KeyError((row, col))

    def add_trace(self, trace: Spec, row: int | None = None, col: int | None = None) -> None:
        """Add a trace, to a subplot when `row` and `col` are given."""
        if row is not None and col is not None:
            x_key, y_key = self._axis(row, col)
            trace = {**trace, "xaxis": x_key.replace("axis", ""), "yaxis": y_key.replace("axis", "")}
        self.data.append(trace)

    def add_annotation(self, **annotation: object) -> None:
        """Add a text annotation."""
        self.layout["annotations"].append(annotation)

    def add_vline(self, x: float, line: Spec) -> None:
        """A vertical line across the whole plot at `x`."""
        self.layout["shapes"].append(
            {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1, "line": line}
        )

    def add_hline(self, y: float, line: Spec, row: int | None = None, col: int | None = None) -> None:
        """A horizontal line across the whole plot (or one subplot) at `y`."""
        x_key, y_key = self._axis(row, col)
        self.layout["shapes"].append(
            {
                "type": "line",
                "xref": f"{x_key.replace('axis', '')} domain",
                "yref": y_key.replace("axis", ""),
                "x0": 0,
                "x1": 1,
                "y0": y,
                "y1": y,
                "line": line,
                "layer": "below",
            }
        )

    def add_vrect(self, x0: float, x1: float, fillcolor: str, opacity: float) -> None:
        """A shaded band behind the plot from `x0` to `x1`."""
        self.layout["shapes"].append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": x0,
                "x1": x1,
                "y0": 0,
                "y1": 1,
                "fillcolor": fillcolor,
                "opacity": opacity,
                "line": {"width": 0},
                "layer": "below",
            }
        )

    def update_layout(self, **update: object) -> None:
        """Merge layout properties."""
        _merge(self.layout, update)

    def _update_axes(self, letter: str, update: Mapping, col: int | None) -> None:
        for x_key, y_key, _row, axis_col in self.axes:
            if col is None or col == axis_col:
                _merge(self.layout.setdefault(x_key if letter == "x" else y_key, {}), update)

    def update_xaxes(self, col: int | None = None, **update: object) -> None:
        """Merge properties into every x axis (or those of one column)."""
        self._update_axes("x", update, col)

    def update_yaxes(self, col: int | None = None, **update: object) -> None:
        """Merge properties into every y axis (or those of one column)."""
        self._update_axes("y", update, col)

    def figure(self) -> go.Figure:
        """The finished Plotly figure, built without re-validating what the tests already validate."""
        return go.Figure({"data": self.data, "layout": self.layout}, _validate=False)


def stage_colour(stage: int | None) -> str:
    """The colour of a stage (grey for none)."""
    return STAGE_COLOURS.get(stage or 0, HIDDEN_COLOUR)


def escape(name: str) -> str:
    """A user-supplied name made safe to show literally in a Plotly label."""
    return html.escape(str(name), quote=False)


def wrap_label(label: str, width: int = 16) -> str:
    """A label broken onto two lines at the space nearest its middle when it is longer than `width`.

    A single long compound word ("Abteilungskoordination") is hyphenated after a linking "s".
    """
    if len(label) <= width:
        return label
    if " " not in label:
        return _hyphenate(label)
    middle = len(label) / 2
    spaces = [index for index, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda index: abs(index - middle))
    return label[:cut] + "<br>" + label[cut + 1 :]


def _hyphenate(word: str, longest: int = 17) -> str:
    """A German compound longer than `longest` split after a linking "s" near its middle, else unchanged."""
    if len(word) <= longest:
        return word
    cuts = [i for i in range(5, len(word) - 4) if word[i - 1] == "s" and word[i] not in "aeiouäöü"]
    if not cuts:
        return word
    cut = min(cuts, key=lambda i: abs(i - len(word) / 2))
    return word[:cut] + "-<br>" + word[cut:]


def wrap_text(text: str, width: int) -> str:
    """Text broken into lines of at most `width` characters at spaces, joined with Plotly's line break."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(_visible(word)) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _visible(text: str) -> str:
    """Text without Plotly's HTML tags, to measure its length."""
    return re.sub(r"<[^>]+>", "", text)


def _mean_text(value: float | None, lang: str) -> str:
    return format_number(value, lang, 2)


def _layout(
    fig: _Figure,
    title: str,
    subtitle: str,
    lang: str,
    height: int,
    width_chars: int = 44,
    margin: Mapping[str, int] | None = None,
    top_extra: int = 0,
    **extra: object,
) -> go.Figure:
    """Apply the shared look: large fonts, a left-aligned title that says what to read, and number format.

    Titles and subtitles are wrapped to `width_chars` (about 44 for a half-width chart, 95 for a full one),
    and the top margin grows with their lines; `top_extra` adds room for labels above the plot.
    """
    title_text = wrap_text(title, width_chars)
    subtitle_text = wrap_text(subtitle, round(width_chars * 1.3))
    top = 46 + 28 * (title_text.count("<br>") + 1) + 20 * (subtitle_text.count("<br>") + 1) + top_extra
    fig.update_layout(
        margin={"l": 10, "r": 10, "b": 40, **(margin or {}), "t": top},
        title={
            "text": f"<b>{title_text}</b>",
            "subtitle": {
                "text": subtitle_text,
                "font": {"size": 15, "color": MUTED_COLOUR},
            },
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 0.985,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 22, "color": TEXT_COLOUR},
            "pad": {"t": 22, "b": 12},
        },
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": TEXT_COLOUR},
        separators=",." if lang == "de" else ".,",
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        hoverlabel={"font": {"size": 15, "family": FONT_FAMILY}, "bgcolor": "white", "align": "left"},
        legend={
            "font": {"size": 15},
            "orientation": "h",
            "xref": "container",
            "yref": "container",
            "x": 0.01,
            "y": 0.01,
            "xanchor": "left",
            "yanchor": "bottom",
        },
    )
    fig.update_layout(**extra)
    return fig.figure()


def _discrete_stage_scale() -> list[list[float | str]]:
    """A colour scale for z values 0 (hidden) to 5 (stage 5) with a hard step per value."""
    colours = [HIDDEN_COLOUR, *STAGE_COLOURS.values()]
    scale: list[list[float | str]] = []
    for index, colour in enumerate(colours):
        scale += [[index / len(colours), colour], [(index + 1) / len(colours), colour]]
    return scale


STAGE_HEATMAP_STYLE: dict = {
    "texttemplate": "%{text}",
    "hovertemplate": "%{customdata}<extra></extra>",
    "colorscale": _discrete_stage_scale(),
    "zmin": -0.5,
    "zmax": 5.5,
    "xgap": 3,
    "ygap": 3,
}
"""The look shared by the stage-coloured heatmaps: z is 0 for hidden cells and 1 to 5 for the stages."""


def _stage_ranges(instrument: Instrument, lang: str) -> list[str]:
    """The mean range of each stage as text ("1,80–2,59"), for colour bars of ratings."""
    bounds = [stage.min_mean for stage in instrument.stages] + [SCALE_RANGE[1] + 0.01]
    return [
        f"{format_number(max(low, SCALE_RANGE[0]), lang, 2)}–{format_number(high - 0.01, lang, 2)}"
        for low, high in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def _stage_name(instrument: Instrument, stage: int | None, lang: str) -> str:
    return instrument.stage(stage).name(lang) if stage else "–"


def _hidden_reason(group: GroupScore, min_size: int, lang: str) -> str:
    """Why a group shows no score: too few answers, or hidden with a smaller group."""
    if group.respondents < min_size:
        return t("hidden.reason", lang, k=min_size)
    return t("hidden.complementary", lang)


def _group_label(group: GroupScore, lang: str) -> str:
    return f"<b>{t('organisation', lang)}</b>" if group.is_organisation else escape(group.group)


# --------------------------------------------------------------------------------------- overview


def heatmap_columns(scores: WaveScores) -> list[GroupScore]:
    """The heatmap's columns: the organisation, the shown departments from strongest to weakest, then the hidden."""
    visible = sorted(scores.visible_departments, key=lambda g: (-(g.index or 0.0), g.group))
    hidden = sorted(scores.hidden_departments, key=lambda g: g.group)
    return [scores.organisation, *visible, *hidden]


def _cell(
    group: GroupScore, code: str | None, instrument: Instrument, min_size: int, lang: str
) -> tuple[int, str, str]:
    """The stage (0 when hidden), the text and the hover text of one heatmap cell."""
    name = t("organisation", lang) if group.is_organisation else escape(group.group)
    if group.suppressed:
        return 0, "", f"<b>{name}</b><br>{_hidden_reason(group, min_size, lang)}"
    if code is None:
        return (
            group.stage or 0,
            f"<b>{_mean_text(group.mean, lang)}</b>" if group.mean is not None else "–",
            f"<b>{name}</b><br>{t('chart.overall', lang)}<br>"
            f"{t('chart.mean', lang)}: {_mean_text(group.mean, lang)}<br>"
            f"{t('chart.index', lang)}: {format_number(group.index, lang, 1)}<br>"
            f"{t('chart.stage', lang)}: {group.stage} – {_stage_name(instrument, group.stage, lang)}",
        )
    cell = group.dimensions[code]
    dimension_name = instrument.dimension(code).name(lang)
    if cell.hidden or cell.mean is None:
        return 0, "–", f"<b>{name}</b><br>{dimension_name}<br>{t('hidden.reason', lang, k=min_size)}"
    return (
        cell.stage or 0,
        _mean_text(cell.mean, lang),
        f"<b>{name}</b><br>{dimension_name}<br>"
        f"{t('chart.mean', lang)}: {_mean_text(cell.mean, lang)}<br>"
        f"{t('chart.stage', lang)}: {cell.stage} – {_stage_name(instrument, cell.stage, lang)}<br>"
        f"n = {format_number(cell.n, lang, 0)}",
    )


def stage_heatmap(scores: WaveScores, instrument: Instrument, lang: str) -> go.Figure:
    """Dimension × department, each cell coloured by its stage; hidden departments are grey columns that say why."""
    columns = heatmap_columns(scores)
    codes: list[str | None] = [*instrument.dimension_codes, None]
    y_labels = [
        instrument.dimension(code).name(lang) if code else f"<b>{t('chart.overall', lang)}</b>"
        for code in codes
    ]
    x_labels = [_group_label(group, lang) for group in columns]
    cells = [[_cell(group, code, instrument, scores.min_size, lang) for group in columns] for code in codes]
    annotations = [
        {
            "x": index,
            "y": (len(codes) - 1) / 2,
            "text": _hidden_reason(group, scores.min_size, lang),
            "textangle": -90,
            "showarrow": False,
            "font": {"size": 16, "color": TEXT_COLOUR},
        }
        for index, group in enumerate(columns)
        if group.suppressed
    ]
    fig = _Figure()
    fig.add_trace(
        _trace(
            "heatmap",
            z=[[stage for stage, _, _ in row] for row in cells],
            x=x_labels,
            y=y_labels,
            text=[[text for _, text, _ in row] for row in cells],
            customdata=[[hover for _, _, hover in row] for row in cells],
            textfont={"size": 16},
            **STAGE_HEATMAP_STYLE,
            colorbar={
                "title": {"text": t("chart.stage", lang), "side": "top"},
                "tickvals": [0, 1, 2, 3, 4, 5],
                "ticktext": [t("chart.hidden", lang)]
                + [f"{s.level} {s.name(lang)}" for s in instrument.stages],
                "tickfont": {"size": 14},
                "thickness": 18,
                "len": 0.85,
            },
        )
    )
    visible = [group for group in columns[1:] if not group.suppressed and group.index is not None]
    if len(visible) >= 2:
        title = t("chart.heatmap.title", lang, best=escape(visible[0].group), worst=escape(visible[-1].group))
    else:
        title = t("chart.heatmap.title_plain", lang)
    fig.update_yaxes(autorange="reversed", tickfont={"size": 16}, ticklabelstandoff=8, automargin=True)
    fig.update_xaxes(side="bottom", tickfont={"size": 16}, tickangle=-35, automargin=True)
    fig.add_vline(x=0.5, line={"color": "white", "width": 8})
    fig.add_hline(y=len(codes) - 1.5, line={"color": "white", "width": 8})
    return _layout(
        fig,
        title,
        t("chart.heatmap.subtitle", lang, k=scores.min_size),
        lang,
        height=720,
        annotations=annotations,
        margin={"l": 10, "r": 10, "b": 10},
        width_chars=95,
    )


def _radar_trace(
    group: GroupScore, instrument: Instrument, lang: str, label: str, colour: str, filled: bool, dash: str
) -> Spec:
    codes = list(instrument.dimension_codes)
    names = [wrap_label(instrument.dimension(code).name(lang), 14) for code in codes]
    means = [group.dimensions[code].mean if not group.dimensions[code].hidden else None for code in codes]
    hover = [
        f"<b>{label}</b><br>{name.replace('<br>', ' ')}: {_mean_text(mean, lang)}"
        + (
            f" ({_stage_name(instrument, stage_for(mean, instrument.stages), lang)})"
            if mean is not None
            else ""
        )
        for name, mean in zip(names, means, strict=True)
    ]
    return _trace(
        "scatterpolar",
        r=[*means, means[0]],
        theta=[*names, names[0]],
        name=label,
        mode="lines+markers",
        line={"color": colour, "width": 3.5 if filled else 2.5, "dash": dash},
        marker={"size": 9 if filled else 7, "color": colour},
        fill="toself" if filled else "none",
        fillcolor="rgba(0,114,178,0.18)" if filled else None,
        customdata=[*hover, hover[0]],
        hovertemplate="%{customdata}<extra></extra>",
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
    subtitle: str,
    targets: Mapping[str, float] | None = None,
) -> go.Figure:
    fig = _Figure()
    if comparison is not None:
        fig.add_trace(
            _radar_trace(comparison, instrument, lang, comparison_label, COMPARISON_COLOUR, False, "dash")
        )
    fig.add_trace(_radar_trace(main, instrument, lang, main_label, CURRENT_COLOUR, True, "solid"))
    if targets:
        names = [wrap_label(instrument.dimension(code).name(lang), 14) for code in instrument.dimension_codes]
        values = [targets.get(code) for code in instrument.dimension_codes]
        fig.add_trace(
            _trace(
                "scatterpolar",
                r=[*values, values[0]],
                theta=[*names, names[0]],
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
                "tickfont": {"size": 13, "color": MUTED_COLOUR},
                "gridcolor": GRID_COLOUR,
                "angle": 90,
                "tickangle": 90,
            },
            "angularaxis": {
                "tickfont": {"size": 15},
                "gridcolor": GRID_COLOUR,
                "direction": "clockwise",
                "rotation": 90,
            },
            "bgcolor": "white",
        },
    )
    return _layout(
        fig,
        title,
        subtitle,
        lang,
        height=620,
        margin={"l": 125, "r": 125, "b": 50},
        top_extra=40,
    )


def _largest_difference(
    main: GroupScore, comparison: GroupScore, instrument: Instrument
) -> tuple[str | None, float | None, str | None, float | None]:
    """The dimensions with the largest gain and the largest loss of `main` against `comparison`."""
    differences = {
        code: main.dimensions[code].mean - comparison.dimensions[code].mean
        for code in instrument.dimension_codes
        if main.dimensions[code].mean is not None and comparison.dimensions[code].mean is not None
    }
    if not differences:
        return None, None, None, None
    best = max(differences, key=lambda code: differences[code])
    worst = min(differences, key=lambda code: differences[code])
    return best, differences[best], worst, differences[worst]


def organisation_radar(
    current: WaveScores,
    previous: WaveScores | None,
    instrument: Instrument,
    lang: str,
    targets: Mapping[str, float] | None = None,
) -> go.Figure:
    """The organisation's profile over the eight dimensions, against the previous wave when there is one."""
    subtitle = t("chart.radar.subtitle", lang)
    comparison = (
        previous.organisation if previous is not None and not previous.organisation.suppressed else None
    )
    if comparison is not None:
        best, gain, _, _ = _largest_difference(current.organisation, comparison, instrument)
        title = (
            t(
                "chart.radar.org_title",
                lang,
                previous=escape(previous.wave),
                dimension=instrument.dimension(best).name(lang),
                change=format_signed(gain, lang, 2),
            )
            if best is not None and gain is not None and gain > 0
            else t("chart.radar.org_title_flat", lang, previous=escape(previous.wave))
        )
    else:
        title = t("chart.radar.org_title_single", lang)
    return _radar(
        current.organisation,
        escape(current.wave),
        comparison,
        escape(previous.wave) if comparison is not None and previous is not None else "",
        instrument,
        lang,
        title,
        subtitle,
        targets,
    )


def department_radar(
    department: GroupScore, organisation: GroupScore, instrument: Instrument, lang: str
) -> go.Figure:
    """A department's profile against the whole organisation's."""
    best, ahead, worst, behind = _largest_difference(department, organisation, instrument)
    name = escape(department.group)
    if best is not None and worst is not None and ahead is not None and behind is not None:
        title = t(
            "chart.radar.dept_title",
            lang,
            department=name,
            best=instrument.dimension(best).name(lang),
            worst=instrument.dimension(worst).name(lang),
        )
    else:
        title = t("chart.radar.dept_title_plain", lang, department=name)
    return _radar(
        department,
        name,
        organisation,
        t("organisation", lang),
        instrument,
        lang,
        title,
        t("chart.radar.subtitle", lang),
    )


# ------------------------------------------------------------------------------------- department


def _stage_bands(fig: _Figure, instrument: Instrument, lang: str) -> None:
    """Shade the stage ranges behind a horizontal 1 to 5 axis and name them along the top."""
    bounds = [stage.min_mean for stage in instrument.stages] + [SCALE_RANGE[1]]
    for stage, low, high in zip(instrument.stages, bounds[:-1], bounds[1:], strict=True):
        low = max(low, SCALE_RANGE[0])
        fig.add_vrect(
            x0=low,
            x1=high,
            fillcolor=stage_colour(stage.level),
            opacity=0.12,
        )
        fig.add_annotation(
            x=(low + high) / 2,
            y=1.0,
            yref="paper",
            yanchor="bottom",
            yshift=2 if stage.level % 2 else 20,
            text=stage.name(lang),
            showarrow=False,
            font={"size": 13, "color": MUTED_COLOUR},
        )


def _score_bars(
    rows: Sequence[tuple[str, DimensionScore, DimensionScore | None]],
    comparison_label: str,
    main_label: str,
    instrument: Instrument,
    lang: str,
    title: str,
    subtitle: str,
) -> go.Figure:
    """Horizontal bars of means on the 1 to 5 scale, coloured by stage, with 95% intervals and a comparison marker."""
    labels = [label for label, _, _ in rows]
    means = [score.mean if not score.hidden else None for _, score, _ in rows]
    errors_plus = [
        (score.ci_high - score.mean) if score.ci_high is not None and score.mean is not None else None
        for _, score, _ in rows
    ]
    errors_minus = [
        (score.mean - score.ci_low) if score.ci_low is not None and score.mean is not None else None
        for _, score, _ in rows
    ]
    hover = []
    for label, score, comparison in rows:
        lines = [f"<b>{label.replace('<br>', ' ')}</b>"]
        if score.hidden or score.mean is None:
            lines.append(t("chart.hidden_cell", lang))
        else:
            lines.append(
                f"{main_label}: {_mean_text(score.mean, lang)} ({_stage_name(instrument, score.stage, lang)})"
            )
            if score.ci_low is not None and score.ci_high is not None:
                lines.append(
                    f"{t('chart.ci', lang)}: {_mean_text(score.ci_low, lang)} – {_mean_text(score.ci_high, lang)}"
                )
            lines.append(f"n = {format_number(score.n, lang, 0)}")
        if comparison is not None and comparison.mean is not None:
            lines.append(f"{comparison_label}: {_mean_text(comparison.mean, lang)}")
        hover.append("<br>".join(lines))
    fig = _Figure()
    fig.add_trace(
        _trace(
            "bar",
            x=means,
            y=labels,
            orientation="h",
            name=main_label,
            marker={
                "color": [stage_colour(score.stage) for _, score, _ in rows],
                "line": {"color": TEXT_COLOUR, "width": 1},
            },
            error_x={
                "type": "data",
                "symmetric": False,
                "array": errors_plus,
                "arrayminus": errors_minus,
                "color": TEXT_COLOUR,
                "thickness": 1.5,
                "width": 6,
            },
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            width=0.62,
        )
    )
    fig.add_trace(
        _trace(
            "scatter",
            x=[SCALE_RANGE[0] + 0.04] * len(rows),
            y=labels,
            mode="text",
            text=[_mean_text(m, lang) if m is not None else "" for m in means],
            textposition="middle right",
            textfont={"size": 16, "color": TEXT_COLOUR},
            showlegend=False,
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    comparison_means = [c.mean if c is not None and not c.hidden else None for _, _, c in rows]
    if any(value is not None for value in comparison_means):
        fig.add_trace(
            _trace(
                "scatter",
                x=comparison_means,
                y=labels,
                mode="markers",
                name=comparison_label,
                marker={
                    "symbol": "diamond",
                    "size": 16,
                    "color": "white",
                    "line": {"color": COMPARISON_COLOUR, "width": 2.5},
                },
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    _stage_bands(fig, instrument, lang)
    fig.update_xaxes(
        range=list(SCALE_RANGE),
        dtick=0.5,
        title={"text": t("chart.scale_axis", lang), "font": {"size": 15}},
        gridcolor=GRID_COLOUR,
        zeroline=False,
    )
    fig.update_yaxes(autorange="reversed", tickfont={"size": 16}, ticklabelstandoff=8, automargin=True)
    return _layout(
        fig,
        title,
        subtitle,
        lang,
        height=max(400, 200 + 62 * len(rows)),
        margin={"l": 10, "r": 24, "b": 100},
        top_extra=40,
        showlegend=any(value is not None for value in comparison_means),
        bargap=0.3,
    )


def stage_profile(
    group: GroupScore, organisation: GroupScore | None, instrument: Instrument, lang: str
) -> go.Figure:
    """The stage of each dimension for one group, as bars on the stage ranges, with the organisation as markers."""
    rows = [
        (
            wrap_label(instrument.dimension(code).name(lang), 22),
            group.dimensions[code],
            organisation.dimensions[code] if organisation is not None else None,
        )
        for code in instrument.dimension_codes
    ]
    shown = [
        (code, group.dimensions[code]) for code in instrument.dimension_codes if group.dimensions[code].stage
    ]
    name = t("organisation", lang) if group.is_organisation else escape(group.group)
    if shown:
        stages = sorted({score.stage for _, score in shown if score.stage})
        title = t(
            "chart.stage_profile.title",
            lang,
            group=name,
            low=instrument.stage(stages[0]).name(lang),
            high=instrument.stage(stages[-1]).name(lang),
        )
    else:
        title = t("chart.stage_profile.title_plain", lang, group=name)
    return _score_bars(
        rows,
        t("organisation", lang),
        name,
        instrument,
        lang,
        title,
        t("chart.stage_profile.subtitle", lang),
    )


FACET_KEYS = {
    "media": "facet.media",
    "empathy": "facet.empathy",
    "creativity": "facet.creativity",
    "project": "facet.project",
    "resilience": "facet.resilience",
    "internal": "facet.internal",
    "external": "facet.external",
}


def facet_label(facet: str, lang: str) -> str:
    """The display name of a facet (media competence, internal transparency, …)."""
    return t(FACET_KEYS[facet], lang) if facet in FACET_KEYS else facet


def _facet_order(dimension: str, instrument: Instrument) -> list[str]:
    """The facets of a dimension in questionnaire order."""
    order: list[str] = []
    for item in instrument.dimension(dimension).items:
        if item.facet and item.facet not in order:
            order.append(item.facet)
    return order


def competency_profile(
    facets: Mapping[str, DimensionScore],
    organisation_facets: Mapping[str, DimensionScore] | None,
    group_name: str,
    instrument: Instrument,
    lang: str,
) -> go.Figure:
    """The five core competencies of a group, with the organisation's as markers."""
    order = [facet for facet in _facet_order("KOM", instrument) if facet in facets]
    rows = [
        (
            facet_label(facet, lang),
            facets[facet],
            organisation_facets.get(facet) if organisation_facets is not None else None,
        )
        for facet in order
    ]
    shown = [(facet, facets[facet].mean) for facet in order if facets[facet].mean is not None]
    name = escape(group_name)
    if len(shown) >= 2:
        strongest = max(shown, key=lambda pair: pair[1])[0]
        weakest = min(shown, key=lambda pair: pair[1])[0]
        title = t(
            "chart.competency.title",
            lang,
            best=facet_label(strongest, lang),
            worst=facet_label(weakest, lang),
        )
    else:
        title = t("chart.competency.title_plain", lang)
    return _score_bars(
        rows,
        t("organisation", lang),
        name,
        instrument,
        lang,
        title,
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
    order = [facet for facet in ("internal", "external") if facet in facets]
    rows = [
        (
            facet_label(facet, lang),
            facets[facet],
            organisation_facets.get(facet) if organisation_facets is not None else None,
        )
        for facet in order
    ]
    internal = facets.get("internal")
    external = facets.get("external")
    if (
        internal is not None
        and external is not None
        and internal.mean is not None
        and external.mean is not None
    ):
        gap = external.mean - internal.mean
        key = (
            "chart.transparency.title_outside"
            if gap >= 0.2
            else "chart.transparency.title_inside"
            if gap <= -0.2
            else "chart.transparency.title_even"
        )
        title = t(
            key,
            lang,
            internal=_mean_text(internal.mean, lang),
            external=_mean_text(external.mean, lang),
        )
    else:
        title = t("chart.transparency.title_plain", lang)
    name = escape(group_name)
    return _score_bars(
        rows,
        t("organisation", lang),
        name,
        instrument,
        lang,
        title,
        t("chart.transparency.subtitle", lang, group=name),
    )


def likert_bars(distribution: pd.DataFrame, dimension: str, instrument: Instrument, lang: str) -> go.Figure:
    """Diverging stacked bars per item of one dimension: disagree left, neutral centred, agree right."""
    items = [item for item in instrument.dimension(dimension).items]
    frame = distribution.set_index("item_code") if not distribution.empty else distribution
    rows = [item for item in items if item.code in frame.index]
    labels, hover, disagree, neutral, agree, spreads = [], [], [], [], [], []
    for item in rows:
        record = frame.loc[item.code]
        marker = f" ({t('chart.reverse_short', lang)})" if item.reverse else ""
        text = item.text(lang)
        short = text if len(text) <= 58 else text[:55].rsplit(" ", 1)[0] + " …"
        labels.append(f"{item.code}{marker}  {wrap_label(short, 34)}")
        d, n_, a = float(record["disagree"]), float(record["neutral"]), float(record["agree"])
        disagree.append(d)
        neutral.append(n_)
        agree.append(a)
        sd = None if pd.isna(record["sd"]) else float(record["sd"])
        spreads.append(sd)
        hover.append(
            f"<b>{item.code}</b>{marker}: {wrap_label(text, 60).replace('<br>', '<br>')}<br>"
            f"{t('chart.likert.agree', lang)}: {format_percent(a, lang)} · "
            f"{t('chart.likert.neutral', lang)}: {format_percent(n_, lang)} · "
            f"{t('chart.likert.disagree', lang)}: {format_percent(d, lang)}<br>"
            f"{t('chart.mean', lang)}: {_mean_text(float(record['mean']), lang)} · "
            f"{t('chart.sd', lang)}: {format_number(sd, lang, 2)} · n = {format_number(int(record['n']), lang, 0)}"
        )
    fig = _Figure()
    for name, values, base, colour in (
        (
            t("chart.likert.disagree", lang),
            disagree,
            [-(d + n_ / 2) for d, n_ in zip(disagree, neutral, strict=True)],
            DISAGREE_COLOUR,
        ),
        (t("chart.likert.neutral", lang), neutral, [-n_ / 2 for n_ in neutral], NEUTRAL_COLOUR),
        (t("chart.likert.agree", lang), agree, [n_ / 2 for n_ in neutral], AGREE_COLOUR),
    ):
        fig.add_trace(
            _trace(
                "bar",
                x=values,
                base=base,
                y=labels,
                orientation="h",
                name=name,
                marker={"color": colour, "line": {"color": "white", "width": 1}},
                text=[format_percent(v, lang) if v >= 0.08 else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"size": 14, "color": "white" if colour != NEUTRAL_COLOUR else TEXT_COLOUR},
                customdata=hover,
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    fig.add_trace(
        _trace(
            "scatter",
            x=[1.06] * len(labels),
            y=labels,
            mode="text",
            text=[f"{t('chart.sd', lang)} {format_number(sd, lang, 1)}" for sd in spreads],
            textfont={"size": 14, "color": MUTED_COLOUR},
            textposition="middle right",
            showlegend=False,
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    fig.add_vline(x=0, line={"color": TEXT_COLOUR, "width": 1.5})
    dimension_name = instrument.dimension(dimension).name(lang)
    if rows:
        unfavourable = [a if item.reverse else d for item, d, a in zip(rows, disagree, agree, strict=True)]
        worst = int(np.argmax(unfavourable))
        title = t("chart.likert.title", lang, dimension=dimension_name, item=rows[worst].code)
    else:
        title = t("chart.likert.title_plain", lang, dimension=dimension_name)
    fig.update_xaxes(
        range=[-1.0, 1.28],
        tickvals=[-1, -0.5, 0, 0.5, 1],
        ticktext=[format_percent(abs(v), lang) for v in (-1, -0.5, 0, 0.5, 1)],
        title={"text": t("chart.likert.axis", lang), "font": {"size": 15}},
        gridcolor=GRID_COLOUR,
        zeroline=False,
    )
    fig.update_yaxes(autorange="reversed", tickfont={"size": 14}, ticklabelstandoff=8, automargin=True)
    return _layout(
        fig,
        title,
        t("chart.likert.subtitle", lang),
        lang,
        height=max(320, 180 + 70 * len(rows)),
        barmode="overlay",
        bargap=0.28,
        margin={"l": 10, "r": 10, "b": 100},
        width_chars=95,
    )


# --------------------------------------------------------------------------------------- silo map


def silo_order(silos: Sequence[SiloScore]) -> list[str]:
    """Departments from the best connected to the most isolated, departments without a score last."""
    return [
        s.department for s in sorted(silos, key=lambda s: (s.score is None, -(s.score or 0.0), s.department))
    ]


def silo_matrix(
    cells: Sequence[CollaborationCell],
    silos: Sequence[SiloScore],
    instrument: Instrument,
    min_size: int,
    lang: str,
) -> go.Figure:
    """Who rates whom: rows give, columns receive; low cells and low columns are the silos."""
    order = silo_order(silos)
    by_pair = {(cell.rater, cell.target): cell for cell in cells}
    labels = [escape(name) for name in order]
    z, hidden, text, hover = [], [], [], []
    for rater in order:
        z_row, hidden_row, text_row, hover_row = [], [], [], []
        for target in order:
            cell = by_pair.get((rater, target))
            pair = f"{escape(rater)} → {escape(target)}"
            if rater == target or cell is None:
                z_row.append(None)
                hidden_row.append(None)
                text_row.append("")
                hover_row.append(pair if rater != target else "")
            elif cell.hidden or cell.mean is None:
                z_row.append(None)
                hidden_row.append(1)
                text_row.append("–")
                hover_row.append(f"<b>{pair}</b><br>{t('hidden.reason', lang, k=min_size)}")
            else:
                z_row.append(stage_for(cell.mean, instrument.stages))
                hidden_row.append(None)
                text_row.append(_mean_text(cell.mean, lang))
                hover_row.append(
                    f"<b>{pair}</b><br>{t('chart.rating', lang)}: {_mean_text(cell.mean, lang)}<br>"
                    f"{t('chart.raters', lang)}: {format_number(cell.raters, lang, 0)}"
                )
        z.append(z_row)
        hidden.append(hidden_row)
        text.append(text_row)
        hover.append(hover_row)
    fig = _Figure()
    fig.add_trace(
        _trace(
            "heatmap",
            z=hidden,
            x=labels,
            y=labels,
            colorscale=[[0, HIDDEN_COLOUR], [1, HIDDEN_COLOUR]],
            showscale=False,
            hoverinfo="skip",
            xgap=3,
            ygap=3,
        )
    )
    fig.add_trace(
        _trace(
            "heatmap",
            z=z,
            x=labels,
            y=labels,
            text=text,
            customdata=hover,
            textfont={"size": 15},
            **STAGE_HEATMAP_STYLE,
            colorbar={
                "title": {"text": t("chart.rating", lang), "side": "top"},
                "tickvals": [0, 1, 2, 3, 4, 5],
                "ticktext": [t("chart.hidden", lang)] + _stage_ranges(instrument, lang),
                "tickfont": {"size": 14},
                "thickness": 18,
                "len": 0.85,
            },
        )
    )
    received = [s for s in silos if s.received is not None]
    if received:
        weakest = min(received, key=lambda s: s.received or 0.0)
        title = t("chart.matrix.title", lang, department=escape(weakest.department))
    else:
        title = t("chart.matrix.title_plain", lang)
    fig.update_yaxes(
        autorange="reversed",
        automargin=True,
        tickfont={"size": 15},
        title={"text": t("chart.matrix.rows", lang), "font": {"size": 15}},
        ticklabelstandoff=8,
    )
    fig.update_xaxes(
        side="bottom",
        tickfont={"size": 15},
        tickangle=-35,
        automargin=True,
        title={"text": t("chart.matrix.columns", lang), "font": {"size": 15}},
    )
    return _layout(
        fig,
        title,
        t("chart.matrix.subtitle", lang, k=min_size),
        lang,
        height=max(460, 230 + 52 * len(order)),
        margin={"l": 10, "r": 10, "b": 20},
        width_chars=95,
    )


def _edges(cells: Sequence[CollaborationCell]) -> dict[tuple[str, str], list[CollaborationCell]]:
    """The visible ratings between each unordered pair of departments."""
    pairs: dict[tuple[str, str], list[CollaborationCell]] = {}
    for cell in cells:
        if cell.hidden or cell.mean is None or cell.rater == cell.target:
            continue
        key = tuple(sorted((cell.rater, cell.target)))
        pairs.setdefault((key[0], key[1]), []).append(cell)
    return pairs


def silo_network(
    cells: Sequence[CollaborationCell], silos: Sequence[SiloScore], instrument: Instrument, lang: str
) -> go.Figure:
    """Departments on a circle, linked by how well they work together: thick cool lines connect, thin warm ones divide."""
    order = silo_order(silos)
    count = len(order)
    angles = {name: math.pi / 2 - 2 * math.pi * index / max(count, 1) for index, name in enumerate(order)}
    position = {name: (math.cos(angle), math.sin(angle)) for name, angle in angles.items()}
    fig = _Figure()
    edges = sorted(_edges(cells).items(), key=lambda pair: float(np.mean([cell.mean for cell in pair[1]])))
    mid_x, mid_y, mid_hover, mid_colour = [], [], [], []
    for (first, second), ratings in edges:
        mean = float(np.mean([cell.mean for cell in ratings if cell.mean is not None]))
        stage = stage_for(mean, instrument.stages)
        (x0, y0), (x1, y1) = position[first], position[second]
        fig.add_trace(
            _trace(
                "scatter",
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                line={
                    "color": stage_colour(stage),
                    "width": 1.5 + 3.5 * max(0.0, mean - 3.0) if stage >= 3 else 2.5,
                    "dash": "solid" if stage >= 3 else "dash",
                },
                opacity=0.55 if stage == 3 else 1.0,
                hoverinfo="skip",
                showlegend=False,
            )
        )
        mid_x.append((x0 + x1) / 2)
        mid_y.append((y0 + y1) / 2)
        mid_colour.append(stage_colour(stage))
        details = "<br>".join(
            f"{escape(cell.rater)} → {escape(cell.target)}: {_mean_text(cell.mean, lang)}" for cell in ratings
        )
        mid_hover.append(
            f"<b>{escape(first)} ↔ {escape(second)}</b><br>{t('chart.rating', lang)}: {_mean_text(mean, lang)}<br>{details}"
        )
    fig.add_trace(
        _trace(
            "scatter",
            x=mid_x,
            y=mid_y,
            mode="markers",
            marker={"size": 14, "color": mid_colour, "opacity": 0.01},
            customdata=mid_hover,
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    by_name = {s.department: s for s in silos}
    node_x = [position[name][0] for name in order]
    node_y = [position[name][1] for name in order]
    node_hover, node_text, node_colour, node_line, node_positions = [], [], [], [], []
    for name in order:
        silo = by_name[name]
        stage = stage_for(silo.score, instrument.stages) if silo.score is not None else None
        label = escape(name)
        if silo.isolated:
            label = (
                f"<b>{label}</b><br><span style='color:{DISAGREE_COLOUR}'>{t('chart.isolated', lang)}</span>"
            )
        node_text.append(label)
        node_colour.append(stage_colour(stage))
        node_line.append(DISAGREE_COLOUR if silo.isolated else TEXT_COLOUR)
        x, y = position[name]
        vertical = "top" if y > 0.3 else "bottom" if y < -0.3 else "middle"
        horizontal = "right" if x > 0.3 else "left" if x < -0.3 else "center"
        node_positions.append(
            f"{vertical} {horizontal}" if vertical != "middle" or horizontal != "center" else "top center"
        )
        node_hover.append(
            f"<b>{escape(name)}</b><br>{t('chart.silo_score', lang)}: {_mean_text(silo.score, lang)}<br>"
            f"{t('chart.gives', lang)}: {_given_text(silo, lang)}<br>"
            f"{t('chart.receives', lang)}: {_mean_text(silo.received, lang)}"
            + (f"<br><b>{t('chart.isolated', lang)}</b>" if silo.isolated else "")
        )
    fig.add_trace(
        _trace(
            "scatter",
            x=node_x,
            y=node_y,
            mode="markers+text",
            text=node_text,
            textposition=node_positions,
            textfont={"size": 17, "color": TEXT_COLOUR},
            marker={
                "size": [44 if by_name[name].isolated else 34 for name in order],
                "color": node_colour,
                "line": {
                    "color": node_line,
                    "width": [5 if by_name[name].isolated else 1.5 for name in order],
                },
                "symbol": ["circle-x" if by_name[name].isolated else "circle" for name in order],
                "opacity": 1.0,
            },
            customdata=node_hover,
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    isolated = [escape(s.department) for s in silos if s.isolated]
    if isolated:
        title = t("chart.network.title", lang, departments=", ".join(isolated))
    else:
        title = t("chart.network.title_none", lang)
    fig.update_xaxes(visible=False, range=[-1.95, 1.95])
    fig.update_yaxes(visible=False, range=[-1.4, 1.4], scaleanchor="x", scaleratio=1)
    return _layout(
        fig,
        title,
        t("chart.network.subtitle", lang),
        lang,
        height=640,
        margin={"l": 10, "r": 10, "b": 10},
        width_chars=56,
    )


def _given_text(silo: SiloScore, lang: str) -> str:
    return _mean_text(silo.given, lang) if silo.given is not None else t("chart.given_hidden", lang)


def gives_receives(silos: Sequence[SiloScore], instrument: Instrument, lang: str) -> go.Figure:
    """For each department, how it rates the others against how the others rate it."""
    ordered = sorted(silos, key=lambda s: (s.received is None, -(s.received or 0.0), s.department))
    labels = [escape(s.department) for s in ordered]
    fig = _Figure()
    for silo, label in zip(ordered, labels, strict=True):
        values = [v for v in (silo.given, silo.received) if v is not None]
        if len(values) == 2:
            fig.add_trace(
                _trace(
                    "scatter",
                    x=values,
                    y=[label, label],
                    mode="lines",
                    line={
                        "color": GRID_COLOUR if abs(values[0] - values[1]) < 0.3 else MUTED_COLOUR,
                        "width": 5,
                    },
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    hover = [
        f"<b>{label}</b><br>{t('chart.gives', lang)}: {_given_text(s, lang)}<br>"
        f"{t('chart.receives', lang)}: {_mean_text(s.received, lang)}"
        for s, label in zip(ordered, labels, strict=True)
    ]
    fig.add_trace(
        _trace(
            "scatter",
            x=[s.given for s in ordered],
            y=labels,
            mode="markers",
            name=t("chart.gives_long", lang),
            marker={"symbol": "circle-open", "size": 18, "color": COMPARISON_COLOUR, "line": {"width": 3}},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        _trace(
            "scatter",
            x=[s.received for s in ordered],
            y=labels,
            mode="markers",
            name=t("chart.receives_long", lang),
            marker={
                "symbol": "circle",
                "size": 18,
                "color": [
                    stage_colour(stage_for(s.received, instrument.stages)) if s.received else HIDDEN_COLOUR
                    for s in ordered
                ],
                "line": {"color": TEXT_COLOUR, "width": 1.5},
            },
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    both = [s for s in ordered if s.given is not None and s.received is not None]
    if both:
        widest = max(both, key=lambda s: abs((s.given or 0.0) - (s.received or 0.0)))
        key = (
            "chart.gives.title_higher"
            if (widest.given or 0.0) > (widest.received or 0.0)
            else "chart.gives.title_lower"
        )
        title = t(key, lang, department=escape(widest.department))
    else:
        title = t("chart.gives.title_plain", lang)
    fig.update_xaxes(
        range=list(SCALE_RANGE),
        dtick=0.5,
        gridcolor=GRID_COLOUR,
        title={"text": t("chart.rating_axis", lang), "font": {"size": 15}},
        zeroline=False,
    )
    fig.update_yaxes(
        autorange="reversed",
        tickfont={"size": 16},
        ticklabelstandoff=8,
        gridcolor=GRID_COLOUR,
        automargin=True,
    )
    return _layout(
        fig,
        title,
        t("chart.gives.subtitle", lang),
        lang,
        height=max(360, 180 + 46 * len(ordered)),
        margin={"l": 10, "r": 24, "b": 100},
        width_chars=95,
    )


# ----------------------------------------------------------------------------------------- trends


TREND_MARKERS: dict[str, dict[str, object]] = {
    "start": {"size": 9, "color": CURRENT_COLOUR, "line": {"color": CURRENT_COLOUR, "width": 2}},
    "clear": {"size": 16, "line": {"color": TEXT_COLOUR, "width": 2}},
    "flat": {"size": 11, "color": "white", "line": {"color": CURRENT_COLOUR, "width": 2.5}},
}


def _trend_kind(point: TrendPoint) -> str:
    """How a trend point is drawn: the first shown wave, a clear change, or no clear change."""
    if point.change is None:
        return "start"
    return "clear" if point.clear_change else "flat"


def trend_lines(
    points: Sequence[TrendPoint], instrument: Instrument, lang: str, group_name: str
) -> go.Figure:
    """Each dimension across the waves with its 95% band; filled markers are clear changes, hollow ones are not."""
    codes = list(instrument.dimension_codes)
    columns = 4
    rows = math.ceil(len(codes) / columns)
    fig = _Figure.grid(
        rows,
        columns,
        [wrap_label(instrument.dimension(code).name(lang), 24) for code in codes],
        vertical_spacing=0.24,
        horizontal_spacing=0.035,
    )
    legend_done: set[str] = set()
    for index, code in enumerate(codes):
        row, col = index // columns + 1, index % columns + 1
        series = [p for p in points if p.dimension == code]
        shown = [p for p in series if not p.hidden and p.mean is not None]
        band = [p for p in shown if p.ci_low is not None and p.ci_high is not None]
        if band:
            fig.add_trace(
                _trace(
                    "scatter",
                    x=[_wave_label(p.wave) for p in band] + [_wave_label(p.wave) for p in reversed(band)],
                    y=[p.ci_high for p in band] + [p.ci_low for p in reversed(band)],
                    mode="lines",
                    fill="toself",
                    fillcolor="rgba(0,114,178,0.14)",
                    line={"width": 0},
                    hoverinfo="skip",
                    showlegend=False,
                ),
                row=row,
                col=col,
            )
        fig.add_trace(
            _trace(
                "scatter",
                x=[_wave_label(p.wave) for p in series],
                y=[p.mean if not p.hidden else None for p in series],
                mode="lines",
                line={"color": CURRENT_COLOUR, "width": 3},
                hoverinfo="skip",
                showlegend=False,
                connectgaps=False,
            ),
            row=row,
            col=col,
        )
        for kind, marker in TREND_MARKERS.items():
            selected = [p for p in shown if _trend_kind(p) == kind]
            if not selected:
                continue
            colours = (
                {"color": [stage_colour(stage_for(p.mean, instrument.stages)) for p in selected if p.mean]}
                if kind == "clear"
                else {}
            )
            fig.add_trace(
                _trace(
                    "scatter",
                    x=[_wave_label(p.wave) for p in selected],
                    y=[p.mean for p in selected],
                    mode="markers+text" if kind == "clear" else "markers",
                    text=[format_signed(p.change, lang, 2) for p in selected] if kind == "clear" else None,
                    textposition="top center",
                    textfont={"size": 14, "color": TEXT_COLOUR},
                    marker={**marker, **colours, "opacity": 1.0},
                    name=t(f"chart.trend.{kind}", lang),
                    legendgroup=kind,
                    legendrank=1 if kind == "clear" else 2,
                    showlegend=kind != "start" and kind not in legend_done,
                    customdata=[_trend_hover(p, instrument, lang) for p in selected],
                    hovertemplate="%{customdata}<extra></extra>",
                ),
                row=row,
                col=col,
            )
            legend_done.add(kind)
        for stage in instrument.stages[1:]:
            fig.add_hline(
                y=stage.min_mean,
                line={"color": stage_colour(stage.level), "width": 1.2, "dash": "dot"},
                row=row,
                col=col,
            )
    fig.update_yaxes(
        range=[0.85, 5.15], tickvals=[1, 2, 3, 4, 5], gridcolor=GRID_COLOUR, tickfont={"size": 14}
    )
    fig.update_yaxes(
        title={"text": t("chart.mean", lang), "font": {"size": 15}, "standoff": 4}, col=1, automargin=True
    )
    fig.update_xaxes(tickfont={"size": 14}, showgrid=False)
    return _layout(
        fig,
        _trend_title(points, codes, group_name, lang),
        t("chart.trend.subtitle", lang),
        lang,
        height=330 * rows + 220,
        margin={"l": 10, "r": 10, "b": 80},
        width_chars=95,
        top_extra=64,
    )


def _wave_label(wave: str) -> str:
    """A wave's name as an axis label, on two lines when long."""
    return wrap_label(escape(wave), 10)


def _trend_title(points: Sequence[TrendPoint], codes: Sequence[str], group_name: str, lang: str) -> str:
    """The trend chart's title: how many dimensions changed clearly in the latest wave."""
    name = escape(group_name)
    latest_wave = points[-1].wave if points else None
    latest = [p for p in points if p.wave == latest_wave and p.change is not None]
    if not latest:
        return t("chart.trend.title_single", lang, group=name)
    previous = [p.wave for p in points if p.wave != latest_wave]
    clear = [p for p in latest if p.clear_change]
    if not clear:
        return t("chart.trend.title_none", lang, group=name, previous=escape(previous[-1]))
    return t(
        "chart.trend.title",
        lang,
        group=name,
        previous=escape(previous[-1]),
        count=len(clear),
        total=len(codes),
    )


def _trend_hover(point: TrendPoint, instrument: Instrument, lang: str) -> str:
    lines = [
        f"<b>{instrument.dimension(point.dimension).name(lang)}</b> · {escape(point.wave)}",
        f"{t('chart.mean', lang)}: {_mean_text(point.mean, lang)}"
        f" ({_stage_name(instrument, stage_for(point.mean, instrument.stages), lang)})"
        if point.mean is not None
        else "",
    ]
    if point.ci_low is not None and point.ci_high is not None:
        lines.append(
            f"{t('chart.ci', lang)}: {_mean_text(point.ci_low, lang)} – {_mean_text(point.ci_high, lang)}"
        )
    lines.append(f"n = {format_number(point.n, lang, 0)}")
    if point.change is not None:
        verdict = t("chart.trend.clear", lang) if point.clear_change else t("chart.trend.flat", lang)
        lines.append(
            f"{t('chart.change', lang)}: {format_signed(point.change, lang, 2)}"
            f" ({format_p_value(point.p_value, lang)}) – {verdict}"
        )
    return "<br>".join(line for line in lines if line)
