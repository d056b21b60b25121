"""The overview screen's heatmap: every dimension of every department, coloured by stage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from smm_maturity import claims
from smm_maturity.charts.figure import FigureSpec, Spec, trace
from smm_maturity.charts.theme import (
    STAGE_HEATMAP_STYLE,
    category_axis,
    display_name,
    escape,
    finish,
    hidden_hover,
    hidden_label,
    mean_text,
    stage_colour,
    stage_name,
)
from smm_maturity.i18n import format_number, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE
from smm_maturity.scoring import GroupScore, WaveScores

# ------------------------------------------------------------------------------------------ decisions


@dataclass(frozen=True)
class HeatmapCell:
    """What one heatmap cell shows: its stage (0 when hidden), its text and its hover text."""

    stage: int
    text: str
    hover: str


def heatmap_columns(scores: WaveScores) -> list[GroupScore]:
    """The heatmap's columns: the organisation, the shown departments from strongest to weakest, then the hidden."""
    visible = sorted(scores.visible_departments, key=lambda g: (-(g.index or 0.0), g.group))
    hidden = sorted(scores.hidden_departments, key=lambda g: g.group)
    return [scores.organisation, *visible, *hidden]


def heatmap_rows(instrument: Instrument) -> list[str | None]:
    """The heatmap's rows: each dimension in questionnaire order, then the overall stage (None)."""
    return [*instrument.dimension_codes, None]


def heatmap_row_label(code: str | None, instrument: Instrument, lang: str) -> str:
    """A row's label: the dimension's name, or the overall row in bold."""
    return instrument.dimension(code).name(lang) if code else f"<b>{t('chart.overall', lang)}</b>"


def group_label(group: GroupScore, lang: str) -> str:
    """A column's label: the organisation in bold, a department by its escaped name."""
    return f"<b>{t('organisation', lang)}</b>" if group.is_organisation else escape(group.group)


def heatmap_cell(
    group: GroupScore, code: str | None, instrument: Instrument, min_size: int, lang: str
) -> HeatmapCell:
    """The stage, text and hover text of a group's cell for one dimension (or overall, for None)."""
    name = display_name(group, lang)
    if group.suppressed:
        return HeatmapCell(0, "", f"<b>{name}</b><br>{hidden_hover(min_size, lang)}")
    if code is None:
        return HeatmapCell(
            group.stage or 0,
            f"<b>{mean_text(group.mean, lang)}</b>" if group.mean is not None else "–",
            f"<b>{name}</b><br>{t('chart.overall', lang)}<br>"
            f"{t('chart.mean', lang)}: {mean_text(group.mean, lang)}<br>"
            f"{t('chart.index', lang)}: {format_number(group.index, lang, 1)}<br>"
            f"{t('chart.stage', lang)}: {group.stage} – {stage_name(instrument, group.stage, lang)}",
        )
    cell = group.dimensions[code]
    dimension_name = instrument.dimension(code).name(lang)
    if cell.hidden or cell.mean is None:
        return HeatmapCell(0, "–", f"<b>{name}</b><br>{dimension_name}<br>{hidden_hover(min_size, lang)}")
    return HeatmapCell(
        cell.stage or 0,
        mean_text(cell.mean, lang),
        f"<b>{name}</b><br>{dimension_name}<br>"
        f"{t('chart.mean', lang)}: {mean_text(cell.mean, lang)}<br>"
        f"{t('chart.stage', lang)}: {cell.stage} – {stage_name(instrument, cell.stage, lang)}<br>"
        f"{t('chart.n', lang, n=format_number(cell.n, lang, 0))}",
    )


def hidden_column_notes(columns: Sequence[GroupScore], lang: str) -> list[tuple[int, str]]:
    """The index of each hidden column and the one reason in a few words, written down the middle of the column."""
    return [(index, hidden_label(lang)) for index, group in enumerate(columns) if group.suppressed]


def heatmap_title(scores: WaveScores, lang: str) -> str:
    """The title: the strongest and the weakest shown department, from the claims."""
    return escape(claims.department_headline(claims.department_claims(scores), lang))


def column_notes(columns: Sequence[GroupScore], lang: str) -> list[Spec]:
    """The department names on top, horizontal, every other one a line higher so that long names never collide."""
    return [
        {
            "x": index,
            "y": 1.0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "yshift": 4 if index % 2 == 0 else 26,
            "text": group_label(group, lang),
            "showarrow": False,
            "font": {"size": 15, "color": PALETTE.text},
        }
        for index, group in enumerate(columns)
    ]


def stage_key(instrument: Instrument, lang: str) -> Spec:
    """The colour key below the heatmap as one note on two lines: a coloured square and the name of each stage."""
    colours = [PALETTE.hidden, *(stage_colour(stage.level) for stage in instrument.stages)]
    entries = list(zip(colours, stage_legend(instrument, lang), strict=True))
    squares = [f'<span style="color:{colour}">■</span> {name}' for colour, name in entries]
    return {
        "x": 0,
        "y": 0,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "left",
        "yanchor": "top",
        "yshift": -8,
        "align": "left",
        "text": "   ".join(squares[:3]) + "<br>" + "   ".join(squares[3:]),
        "showarrow": False,
        "font": {"size": 14, "color": PALETTE.text},
    }


def stage_legend(instrument: Instrument, lang: str) -> list[str]:
    """The colour bar's labels: hidden, then each stage's level and name."""
    return [t("chart.hidden", lang)] + [f"{stage.level} {stage.name(lang)}" for stage in instrument.stages]


# ------------------------------------------------------------------------------------------- builder


def stage_heatmap(scores: WaveScores, instrument: Instrument, lang: str) -> go.Figure:
    """Dimension × department, each cell coloured by its stage; hidden departments are grey columns that say why."""
    columns = heatmap_columns(scores)
    codes = heatmap_rows(instrument)
    cells = [
        [heatmap_cell(group, code, instrument, scores.min_size, lang) for group in columns] for code in codes
    ]
    annotations = [
        {
            "x": index,
            "y": (len(codes) - 1) / 2,
            "text": reason,
            "textangle": -90,
            "showarrow": False,
            "font": {"size": 14, "color": PALETTE.text},
        }
        for index, reason in hidden_column_notes(columns, lang)
    ]
    fig = FigureSpec()
    fig.add_trace(
        trace(
            "heatmap",
            z=[[cell.stage for cell in row] for row in cells],
            x=[group_label(group, lang) for group in columns],
            y=[heatmap_row_label(code, instrument, lang) for code in codes],
            text=[[cell.text for cell in row] for row in cells],
            customdata=[[cell.hover for cell in row] for row in cells],
            textfont={"size": 16},
            **STAGE_HEATMAP_STYLE,
            showscale=False,
        )
    )
    fig.update_yaxes(**category_axis(14))
    fig.update_xaxes(side="top", showticklabels=False)
    fig.add_vline(x=0.5, line={"color": PALETTE.white, "width": 8})
    fig.add_hline(y=len(codes) - 1.5, line={"color": PALETTE.white, "width": 8})
    return finish(
        fig,
        heatmap_title(scores, lang),
        t("chart.heatmap.subtitle", lang, k=scores.min_size),
        lang,
        height=720,
        annotations=[*annotations, *column_notes(columns, lang), stage_key(instrument, lang)],
        margin={"l": 10, "r": 10, "b": 64},
        width_chars=66,
        top_extra=56,
    )
