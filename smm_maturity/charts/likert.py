"""The departments screen's answers per item: diverging stacked bars of disagreement, neutral and agreement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from smm_maturity import disclosure
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
from smm_maturity.i18n import format_number, format_percent, t
from smm_maturity.instrument import Instrument, Item
from smm_maturity.palette import PALETTE

SHORT_ITEM_TEXT = 58
"""Item texts longer than this are cut at a word and end in an ellipsis on the axis (the hover has them whole)."""
SHARE_LABEL_MIN = 0.08
"""Bars narrower than this share carry no label, which would not fit."""
PERCENT_TICKS = (-1, -0.5, 0, 0.5, 1)

# ------------------------------------------------------------------------------------------ decisions


@dataclass(frozen=True)
class LikertRow:
    """One item's bar: its label and hover text, its three shares and its spread."""

    code: str
    reverse: bool
    statement: str
    label: str
    hover: str
    disagree: float
    neutral: float
    agree: float
    sd: float | None

    @property
    def unfavourable(self) -> float:
        """The share of unfavourable answers: agreement for a reverse-coded item, else disagreement."""
        return self.agree if self.reverse else self.disagree


def short_item_text(text: str) -> str:
    """An item's text as an axis label: whole when short, else cut at a word with an ellipsis."""
    return text if len(text) <= SHORT_ITEM_TEXT else text[: SHORT_ITEM_TEXT - 3].rsplit(" ", 1)[0] + " …"


def likert_row(item: Item, record: pd.Series, lang: str) -> LikertRow:
    """The bar of one item from its row of the answer distribution."""
    marker = f" ({t('chart.reverse_short', lang)})" if item.reverse else ""
    text = item.text(lang)
    disagree, neutral, agree = float(record["disagree"]), float(record["neutral"]), float(record["agree"])
    sd = None if pd.isna(record["sd"]) else float(record["sd"])
    hover = (
        f"<b>{item.code}</b>{marker}: {wrap_label(text, 60)}<br>"
        f"{t('chart.likert.agree', lang)}: {format_percent(agree, lang)} · "
        f"{t('chart.likert.neutral', lang)}: {format_percent(neutral, lang)} · "
        f"{t('chart.likert.disagree', lang)}: {format_percent(disagree, lang)}<br>"
        f"{t('chart.mean', lang)}: {mean_text(float(record['mean']), lang)} · "
        f"{t('chart.sd', lang)}: {format_number(sd, lang, 2)} · "
        f"{t('chart.n', lang, n=format_number(int(record['n']), lang, 0))}"
    )
    return LikertRow(
        code=item.code,
        reverse=item.reverse,
        statement=short_item_text(text),
        label=f"{item.code}{marker}  {wrap_label(short_item_text(text), 34)}",
        hover=hover,
        disagree=disagree,
        neutral=neutral,
        agree=agree,
        sd=sd,
    )


def likert_rows(
    distribution: pd.DataFrame, dimension: str, instrument: Instrument, lang: str
) -> list[LikertRow]:
    """One bar per item of the dimension that has answers, in questionnaire order."""
    rows = {code: row for code, row in distribution.set_index("item_code").iterrows()}
    return [
        likert_row(item, rows[item.code], lang)
        for item in instrument.dimension(dimension).items
        if item.code in rows
    ]


BASE_PLACES = disclosure.SHARE_PLACES + 1
"""Half a published share needs one decimal more: a segment starts at exactly half a whole percent."""


def segment_bases(row: LikertRow) -> tuple[float, float, float]:
    """Where the disagree, neutral and agree segments start, so that neutral is centred on zero.

    Exact from the published shares: half of the neutral share is a multiple of half a percent.
    """
    disagree, half_neutral = Fraction(Decimal(repr(row.disagree))), Fraction(Decimal(repr(row.neutral))) / 2
    return (
        disclosure.round_half_up(-(disagree + half_neutral), BASE_PLACES),
        disclosure.round_half_up(-half_neutral, BASE_PLACES),
        disclosure.round_half_up(half_neutral, BASE_PLACES),
    )


def share_label(share: float, lang: str) -> str:
    """A segment's label: its share as a percentage, or nothing when the segment is too narrow for it."""
    return format_percent(share, lang) if share >= SHARE_LABEL_MIN else ""


def least_favourable(rows: Sequence[LikertRow]) -> LikertRow | None:
    """The item with the largest unfavourable share (the first of equals), if any."""
    if not rows:
        return None
    return rows[int(np.argmax([row.unfavourable for row in rows]))]


def likert_title(rows: Sequence[LikertRow], dimension_name: str, lang: str) -> str:
    """The title: the statement seen most critically, in its own words rather than its code."""
    row = least_favourable(rows)
    if row is None:
        return t("chart.likert.title_plain", lang, dimension=dimension_name)
    return t("chart.likert.title", lang, dimension=dimension_name, item=escape(row.statement))


# ------------------------------------------------------------------------------------------- builder


def likert_bars(distribution: pd.DataFrame, dimension: str, instrument: Instrument, lang: str) -> go.Figure:
    """Diverging stacked bars per item of one dimension: disagree left, neutral centred, agree right."""
    rows = likert_rows(distribution, dimension, instrument, lang)
    labels = [row.label for row in rows]
    hover = [row.hover for row in rows]
    bases = [segment_bases(row) for row in rows]
    fig = FigureSpec()
    for position, (key, colour, label_colour) in enumerate(
        (
            ("disagree", PALETTE.disagree, PALETTE.white),
            ("neutral", PALETTE.neutral, PALETTE.text),
            ("agree", PALETTE.agree, PALETTE.white),
        )
    ):
        values = [getattr(row, key) for row in rows]
        fig.add_trace(
            trace(
                "bar",
                x=values,
                base=[base[position] for base in bases],
                y=labels,
                orientation="h",
                name=t(f"chart.likert.{key}", lang),
                marker={"color": colour, "line": {"color": PALETTE.white, "width": 1}},
                text=[share_label(value, lang) for value in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                textfont={"size": 14, "color": label_colour},
                customdata=hover,
                hovertemplate=HOVER_FROM_CUSTOMDATA,
            )
        )
    fig.add_vline(x=0, line={"color": PALETTE.text, "width": 1.5})
    fig.update_xaxes(
        range=[-1.0, 1.0],
        tickvals=list(PERCENT_TICKS),
        ticktext=[format_percent(abs(value), lang) for value in PERCENT_TICKS],
        title=axis_title(t("chart.likert.axis", lang)),
        gridcolor=PALETTE.line,
        zeroline=False,
    )
    fig.update_yaxes(**category_axis(14))
    return finish(
        fig,
        likert_title(rows, instrument.dimension(dimension).name(lang), lang),
        t("chart.likert.subtitle", lang),
        lang,
        height=max(320, 180 + 70 * len(rows)),
        barmode="overlay",
        bargap=0.28,
        margin={"l": 10, "r": 10, "b": 100},
        width_chars=66,
    )
