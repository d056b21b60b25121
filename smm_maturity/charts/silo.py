"""The silo map screen: who rates whom as a matrix and as a network, and what each department gives and receives."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from smm_maturity import claims, disclosure
from smm_maturity.charts.figure import FigureSpec, trace
from smm_maturity.charts.theme import (
    HOVER_FROM_CUSTOMDATA,
    STAGE_HEATMAP_STYLE,
    axis_title,
    category_axis,
    escape,
    finish,
    hidden_hover,
    mean_text,
    scale_axis,
    stage_colour,
    stage_colour_bar,
    stage_ranges,
)
from smm_maturity.i18n import format_number, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE
from smm_maturity.scoring import CollaborationCell, SiloScore, stage_for

CONNECTING_STAGE = 3
"""Ratings from this stage up connect departments (solid lines); below it they divide (dashed)."""
WIDE_GAP = 0.3
"""A difference between giving and receiving from which the line between them is drawn dark."""

# ------------------------------------------------------------------------------------------ decisions


@dataclass(frozen=True)
class MatrixCell:
    """What one matrix cell shows: its stage (None when empty), whether it is hidden, its text and hover."""

    stage: int | None
    hidden: bool
    text: str
    hover: str


@dataclass(frozen=True)
class Edge:
    """The visible ratings between two departments, in both directions, and their mean."""

    first: str
    second: str
    ratings: tuple[CollaborationCell, ...]
    mean: float


@dataclass(frozen=True)
class EdgeStyle:
    """How an edge is drawn."""

    colour: str
    width: float
    dash: str
    opacity: float


def silo_order(silos: Sequence[SiloScore]) -> list[str]:
    """Departments from the best connected to the most isolated, departments without a score last."""
    return [
        s.department for s in sorted(silos, key=lambda s: (s.score is None, -(s.score or 0.0), s.department))
    ]


def matrix_cell(
    rater: str, target: str, cell: CollaborationCell | None, instrument: Instrument, min_size: int, lang: str
) -> MatrixCell:
    """The cell where `rater` rates `target`: empty on the diagonal and without ratings, grey when hidden."""
    pair = f"{escape(rater)} → {escape(target)}"
    if rater == target or cell is None:
        return MatrixCell(None, False, "", pair if rater != target else "")
    if cell.hidden or cell.mean is None:
        return MatrixCell(None, True, "–", f"<b>{pair}</b><br>{hidden_hover(min_size, lang)}")
    return MatrixCell(
        stage_for(cell.mean, instrument.stages),
        False,
        mean_text(cell.mean, lang),
        f"<b>{pair}</b><br>{t('chart.rating', lang)}: {mean_text(cell.mean, lang)}<br>"
        f"{t('chart.raters', lang)}: {format_number(cell.raters, lang, 0)}",
    )


def matrix_title(silos: Sequence[SiloScore], lang: str) -> str:
    """The title: the department that receives the weakest ratings, from the claims."""
    return escape(claims.received_headline(claims.received_claim(silos), lang))


POSITION_PLACES = 2
"""Places on the network are kept to two decimals, like every number the figure carries (1% of the radius)."""


def circle_positions(order: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Each department's place on the unit circle, clockwise from the top in the given order."""
    count = max(len(order), 1)
    angles = {name: math.pi / 2 - 2 * math.pi * index / count for index, name in enumerate(order)}
    return {
        name: (
            disclosure.round_half_up(math.cos(angle), POSITION_PLACES),
            disclosure.round_half_up(math.sin(angle), POSITION_PLACES),
        )
        for name, angle in angles.items()
    }


def network_edges(cells: Sequence[CollaborationCell]) -> list[Edge]:
    """The visible ratings between each pair of departments, weakest pair first (drawn below the stronger).

    An edge's mean is the mean of its published ratings, exact and rounded half-up to two decimals.
    """
    pairs: dict[tuple[str, str], list[CollaborationCell]] = {}
    means: dict[tuple[str, str], list[float]] = {}
    for cell in cells:
        if cell.hidden or cell.mean is None or cell.rater == cell.target:
            continue
        first, second = sorted((cell.rater, cell.target))
        pairs.setdefault((first, second), []).append(cell)
        means.setdefault((first, second), []).append(cell.mean)
    edges = [
        Edge(first, second, tuple(ratings), disclosure.mean_of(means[first, second]) or 0.0)
        for (first, second), ratings in pairs.items()
    ]
    return sorted(edges, key=lambda edge: (edge.mean, edge.first, edge.second))


def midpoint(start: tuple[float, float], end: tuple[float, float]) -> tuple[float, float]:
    """The middle of an edge, where an invisible marker carries the edge's hover text."""
    return (
        disclosure.round_half_up((Decimal(repr(start[0])) + Decimal(repr(end[0]))) / 2, POSITION_PLACES),
        disclosure.round_half_up((Decimal(repr(start[1])) + Decimal(repr(end[1]))) / 2, POSITION_PLACES),
    )


def edge_style(mean: float, stage: int) -> EdgeStyle:
    """Connecting ratings as solid lines that thicken with the rating, dividing ones as dashed lines."""
    connecting = stage >= CONNECTING_STAGE
    above = max(Decimal(0), Decimal(repr(mean)) - 3)
    return EdgeStyle(
        colour=stage_colour(stage),
        width=disclosure.round_half_up(Decimal("1.5") + Decimal("3.5") * above, 1) if connecting else 2.5,
        dash="solid" if connecting else "dash",
        opacity=0.55 if stage == CONNECTING_STAGE else 1.0,
    )


def edge_hover(edge: Edge, lang: str) -> str:
    """An edge's hover text: the mean of both directions, then each direction."""
    details = "<br>".join(
        f"{escape(cell.rater)} → {escape(cell.target)}: {mean_text(cell.mean, lang)}" for cell in edge.ratings
    )
    return (
        f"<b>{escape(edge.first)} ↔ {escape(edge.second)}</b><br>"
        f"{t('chart.rating', lang)}: {mean_text(edge.mean, lang)}<br>{details}"
    )


def given_text(silo: SiloScore, lang: str) -> str:
    """The mean rating a department gives, or why it is not shown."""
    return mean_text(silo.given, lang) if silo.given is not None else t("chart.given_hidden", lang)


def node_label(silo: SiloScore, lang: str) -> str:
    """A department's label on the network: its name, in bold with a warning line when isolated."""
    label = escape(silo.department)
    if not silo.isolated:
        return label
    return f"<b>{label}</b><br><span style='color:{PALETTE.disagree}'>{t('chart.isolated', lang)}</span>"


def node_hover(silo: SiloScore, lang: str) -> str:
    """A department's hover text: its silo score and what it gives and receives."""
    return (
        f"<b>{escape(silo.department)}</b><br>{t('chart.silo_score', lang)}: {mean_text(silo.score, lang)}<br>"
        f"{t('chart.gives', lang)}: {given_text(silo, lang)}<br>"
        f"{t('chart.receives', lang)}: {mean_text(silo.received, lang)}"
        + (f"<br><b>{t('chart.isolated', lang)}</b>" if silo.isolated else "")
    )


def label_position(x: float, y: float) -> str:
    """Where a node's label goes so that it points away from the circle's centre (above when at the centre)."""
    vertical = "top" if y > 0.3 else "bottom" if y < -0.3 else "middle"
    horizontal = "right" if x > 0.3 else "left" if x < -0.3 else "center"
    return f"{vertical} {horizontal}" if vertical != "middle" or horizontal != "center" else "top center"


def network_title(silos: Sequence[SiloScore], lang: str) -> str:
    """The title: the isolated departments, or that there are none, from the claims."""
    return escape(claims.silo_headline(claims.silo_claims(silos), lang))


def gives_receives_order(silos: Sequence[SiloScore]) -> list[SiloScore]:
    """Departments from the best received to the worst, departments without received ratings last."""
    return sorted(silos, key=lambda s: (s.received is None, -(s.received or 0.0), s.department))


def gives_receives_hover(silo: SiloScore, lang: str) -> str:
    """A department's hover text: what it gives and what it receives."""
    return (
        f"<b>{escape(silo.department)}</b><br>{t('chart.gives', lang)}: {given_text(silo, lang)}<br>"
        f"{t('chart.receives', lang)}: {mean_text(silo.received, lang)}"
    )


def received_colour(silo: SiloScore, instrument: Instrument) -> str:
    """The colour of the stage that a department's received rating reaches, grey when there is none."""
    return stage_colour(stage_for(silo.received, instrument.stages)) if silo.received else PALETTE.hidden


def gap(silo: SiloScore) -> float:
    """How much higher a department rates the others than they rate it, from the published means (0 without)."""
    if silo.given is None or silo.received is None:
        return 0.0
    return disclosure.difference(silo.given, silo.received, disclosure.MEAN_PLACES)


def gives_receives_title(silos: Sequence[SiloScore], lang: str) -> str:
    """The title: whose own view differs most from how the others see it, and which way, from the claims."""
    return escape(claims.self_image_headline(claims.self_image_claim(gives_receives_order(silos)), lang))


# ------------------------------------------------------------------------------------------ builders


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
    grid = [
        [
            matrix_cell(rater, target, by_pair.get((rater, target)), instrument, min_size, lang)
            for target in order
        ]
        for rater in order
    ]
    fig = FigureSpec()
    fig.add_trace(
        trace(
            "heatmap",
            z=[[1 if cell.hidden else None for cell in row] for row in grid],
            x=labels,
            y=labels,
            colorscale=[[0, PALETTE.hidden], [1, PALETTE.hidden]],
            showscale=False,
            hoverinfo="skip",
            xgap=3,
            ygap=3,
        )
    )
    fig.add_trace(
        trace(
            "heatmap",
            z=[[cell.stage for cell in row] for row in grid],
            x=labels,
            y=labels,
            text=[[cell.text for cell in row] for row in grid],
            customdata=[[cell.hover for cell in row] for row in grid],
            textfont={"size": 15},
            **STAGE_HEATMAP_STYLE,
            colorbar=stage_colour_bar(
                t("chart.rating", lang), [t("chart.hidden", lang), *stage_ranges(instrument, lang)]
            ),
        )
    )
    fig.update_yaxes(**category_axis(15), title=axis_title(t("chart.matrix.rows", lang)))
    fig.update_xaxes(
        side="bottom",
        tickfont={"size": 15},
        tickangle=-35,
        automargin=True,
        title=axis_title(t("chart.matrix.columns", lang)),
    )
    return finish(
        fig,
        matrix_title(silos, lang),
        t("chart.matrix.subtitle", lang, k=min_size),
        lang,
        height=max(460, 230 + 52 * len(order)),
        margin={"l": 10, "r": 10, "b": 20},
        width_chars=66,
    )


def silo_network(
    cells: Sequence[CollaborationCell], silos: Sequence[SiloScore], instrument: Instrument, lang: str
) -> go.Figure:
    """Departments on a circle, linked by how well they work together: thick cool lines connect, thin warm ones divide."""
    order = silo_order(silos)
    position = circle_positions(order)
    edges = network_edges(cells)
    fig = FigureSpec()
    for edge in edges:
        style = edge_style(edge.mean, stage_for(edge.mean, instrument.stages))
        (x0, y0), (x1, y1) = position[edge.first], position[edge.second]
        fig.add_trace(
            trace(
                "scatter",
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                line={"color": style.colour, "width": style.width, "dash": style.dash},
                opacity=style.opacity,
                hoverinfo="skip",
                showlegend=False,
            )
        )
    middles = [midpoint(position[edge.first], position[edge.second]) for edge in edges]
    fig.add_trace(
        trace(
            "scatter",
            x=[x for x, _ in middles],
            y=[y for _, y in middles],
            mode="markers",
            marker={
                "size": 14,
                "color": [stage_colour(stage_for(edge.mean, instrument.stages)) for edge in edges],
                "opacity": 0.01,
            },
            customdata=[edge_hover(edge, lang) for edge in edges],
            hovertemplate=HOVER_FROM_CUSTOMDATA,
            showlegend=False,
        )
    )
    by_name = {s.department: s for s in silos}
    nodes = [by_name[name] for name in order]
    fig.add_trace(
        trace(
            "scatter",
            x=[position[name][0] for name in order],
            y=[position[name][1] for name in order],
            mode="markers+text",
            text=[node_label(silo, lang) for silo in nodes],
            textposition=[label_position(*position[name]) for name in order],
            textfont={"size": 17, "color": PALETTE.text},
            marker={
                "size": [44 if silo.isolated else 34 for silo in nodes],
                "color": [
                    stage_colour(stage_for(silo.score, instrument.stages) if silo.score is not None else None)
                    for silo in nodes
                ],
                "line": {
                    "color": [PALETTE.disagree if silo.isolated else PALETTE.text for silo in nodes],
                    "width": [5 if silo.isolated else 1.5 for silo in nodes],
                },
                "symbol": ["circle-x" if silo.isolated else "circle" for silo in nodes],
                "opacity": 1.0,
            },
            customdata=[node_hover(silo, lang) for silo in nodes],
            hovertemplate=HOVER_FROM_CUSTOMDATA,
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False, range=[-1.95, 1.95])
    fig.update_yaxes(visible=False, range=[-1.4, 1.4], scaleanchor="x", scaleratio=1)
    return finish(
        fig,
        network_title(silos, lang),
        t("chart.network.subtitle", lang),
        lang,
        height=640,
        margin={"l": 10, "r": 10, "b": 10},
        width_chars=56,
    )


def gives_receives(silos: Sequence[SiloScore], instrument: Instrument, lang: str) -> go.Figure:
    """For each department, how it rates the others against how the others rate it."""
    ordered = gives_receives_order(silos)
    labels = [escape(s.department) for s in ordered]
    fig = FigureSpec()
    for silo, label in zip(ordered, labels, strict=True):
        if silo.given is None or silo.received is None:
            continue
        wide = abs(gap(silo)) >= WIDE_GAP
        fig.add_trace(
            trace(
                "scatter",
                x=[silo.given, silo.received],
                y=[label, label],
                mode="lines",
                line={"color": PALETTE.muted if wide else PALETTE.line, "width": 5},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    hover = [gives_receives_hover(s, lang) for s in ordered]
    fig.add_trace(
        trace(
            "scatter",
            x=[s.given for s in ordered],
            y=labels,
            mode="markers",
            name=t("chart.gives_long", lang),
            marker={"symbol": "circle-open", "size": 18, "color": PALETTE.comparison, "line": {"width": 3}},
            customdata=hover,
            hovertemplate=HOVER_FROM_CUSTOMDATA,
        )
    )
    fig.add_trace(
        trace(
            "scatter",
            x=[s.received for s in ordered],
            y=labels,
            mode="markers",
            name=t("chart.receives_long", lang),
            marker={
                "symbol": "circle",
                "size": 18,
                "color": [received_colour(s, instrument) for s in ordered],
                "line": {"color": PALETTE.text, "width": 1.5},
            },
            customdata=hover,
            hovertemplate=HOVER_FROM_CUSTOMDATA,
        )
    )
    fig.update_xaxes(**scale_axis(t("chart.rating_axis", lang)))
    fig.update_yaxes(**category_axis(), gridcolor=PALETTE.line)
    return finish(
        fig,
        gives_receives_title(silos, lang),
        t("chart.gives.subtitle", lang),
        lang,
        height=max(360, 180 + 46 * len(ordered)),
        margin={"l": 10, "r": 24, "b": 100},
        width_chars=66,
    )
