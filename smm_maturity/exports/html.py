"""The offline HTML report: every slide of the deck with interactive charts, then the method.

Plotly's JavaScript is embedded once, with the first chart, and the styles are inline, so the file opens
without internet.
"""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from smm_maturity import config, insights, slides
from smm_maturity.exports.records import ExportFile
from smm_maturity.i18n import format_date, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import css_variables

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
STYLESHEET = Path(__file__).resolve().parent / "report.css"


@cache
def report_css() -> str:
    """The report's styles: the palette as CSS variables, then the rules that use them."""
    return css_variables() + "\n" + STYLESHEET.read_text(encoding="utf-8")


def _e(text: object) -> str:
    """Text escaped for HTML."""
    return html.escape(str(text), quote=True)


def _markdown_lines(text: str) -> str:
    """The few Markdown forms of the method texts (bullets, bold) as HTML, escaping everything else."""
    bold = re.compile(r"\*\*(.+?)\*\*")
    items, paragraphs = [], []
    for line in text.splitlines():
        converted = bold.sub(r"<strong>\1</strong>", _e(line.strip()))
        if line.startswith("- "):
            items.append(f"<li>{converted[2:]}</li>")
        elif line.strip():
            paragraphs.append(f"<p>{converted}</p>")
    return "".join(paragraphs) + (f"<ul>{''.join(items)}</ul>" if items else "")


def _table_html(table: pd.DataFrame | None) -> str:
    """A data frame as an escaped HTML table."""
    if table is None or table.empty:
        return ""
    return table.to_html(index=False, escape=True, border=0, na_rep="–")


def _figure_html(fig: go.Figure, first: bool, div_id: str) -> str:
    """A figure as a div; Plotly's JavaScript is embedded with the first one only."""
    return fig.to_html(
        full_html=False,
        include_plotlyjs=first,
        include_mathjax=False,
        config=PLOTLY_CONFIG,
        div_id=div_id,
    )


def _metrics_html(metrics: tuple[insights.Metric, ...]) -> str:
    """A slide's metrics as boxes of label, value and detail."""
    boxes = "".join(
        f'<div class="metric"><div class="label">{_e(metric.label)}</div>'
        f'<div class="value">{_e(metric.value)}</div><div class="detail">{_e(metric.detail)}</div></div>'
        for metric in metrics
    )
    return f'<div class="metrics">{boxes}</div>'


def _sections_html(sections: tuple[slides.Section, ...]) -> str:
    """A slide's sections side by side, each a heading over a list."""
    columns = "".join(
        f'<div><h3>{_e(section.heading)}</h3><ul class="lines">'
        + "".join(f"<li>{_e(line)}</li>" for line in section.lines)
        + "</ul></div>"
        for section in sections
    )
    return f'<div class="columns">{columns}</div>'


def _summary_html(sections: tuple[slides.Section, ...]) -> str:
    """The management summary: each section a heading over its sentences as running text."""
    return "".join(
        f'<div class="summary"><h3>{_e(section.heading)}</h3>'
        + "".join(f"<p>{_e(line)}</p>" for line in section.lines)
        + "</div>"
        for section in sections
    )


def _logo_html(logo: str) -> str:
    """The client's logo as an image, or nothing; only the data URLs that `branding` checked are embedded."""
    if not logo.startswith(("data:image/png;base64,", "data:image/svg+xml;base64,")):
        return ""
    return f'<img class="logo" src="{_e(logo)}" alt="Logo">'


def _slide_html(slide: slides.Slide, number: int, plotly_loaded: bool, lang: str) -> tuple[str, bool]:
    """One slide as an HTML section; returns it and whether Plotly's JavaScript is now loaded."""
    parts = [f'<section class="slide" id="slide-{number}"><h2>{_e(slide.title)}</h2>']
    if slide.subtitle:
        parts.append(f'<p class="subtitle">{_e(slide.subtitle)}</p>')
    if slide.metrics:
        parts.append(_metrics_html(slide.metrics))
    for index, figure in enumerate(slide.figures):
        parts.append(_figure_html(figure, not plotly_loaded, f"figure-{number}-{index}"))
        plotly_loaded = True
    if slide.sections and slide.kind == "summary":
        parts.append(_summary_html(slide.sections))
    elif slide.sections:
        parts.append(_sections_html(slide.sections))
    if slide.table is not None and not slide.table.empty:
        if slide.figures:
            parts.append(f"<details><summary>{_e(t('report.numbers', lang))}</summary>")
            parts.append(_table_html(slide.table) + "</details>")
        else:
            parts.append(_table_html(slide.table))
    elif slide.notes and slide.kind == "title":
        parts.append(f'<pre class="notes">{_e(slide.notes)}</pre>')
    parts.append("</section>")
    return "".join(parts), plotly_loaded


def _method_html(instrument: Instrument, min_size: int, lang: str) -> str:
    """The method section: questionnaire, stages, rubric and the anonymity rule."""
    parts = [
        f'<section class="method" id="method"><h2>{_e(t("report.method", lang))}</h2>',
        f"<p>{_e(t('method.intro', lang, items=len(instrument.items), dimensions=len(instrument.dimensions)))}</p>",
        f"<h3>{_e(t('method.anonymity', lang))}</h3>",
        _markdown_lines(
            t("method.anonymity_text", lang, k=min_size, comments=max(min_size, config.min_comments()))
        ),
        f"<h3>{_e(t('method.stages', lang))}</h3>",
        _markdown_lines(t("method.stages_text", lang)),
        _table_html(insights.stage_table(instrument, lang)),
        f"<h3>{_e(t('method.rubric', lang))}</h3>",
    ]
    for dimension in instrument.dimensions:
        parts.append(f"<h4>{_e(dimension.name(lang))}</h4><p>{_e(dimension.description(lang))}</p>")
        parts.append(_table_html(insights.rubric_table(instrument, dimension.code, lang)))
    parts.append(f"<h3>{_e(t('method.instrument', lang))}</h3>")
    parts.append(f"<p>{_e(t('method.instrument_help', lang, version=instrument.version))}</p>")
    parts.append(_table_html(insights.instrument_table(instrument, lang)))
    parts.append("</section>")
    return "".join(parts)


def report_html(deck: slides.Deck) -> str:
    """One self-contained HTML file: every slide with interactive charts, the method and the actions."""
    lang = deck.lang
    contents = [
        f'<li><a href="#slide-{number}">{_e(slide.title)}</a></li>'
        for number, slide in enumerate(deck.slides, start=1)
    ]
    contents.append(f'<li><a href="#method">{_e(t("report.method", lang))}</a></li>')
    body, plotly_loaded = [], False
    for number, slide in enumerate(deck.slides, start=1):
        text, plotly_loaded = _slide_html(slide, number, plotly_loaded, lang)
        body.append(text)
    heading = f"{t('report.title', lang)} · {deck.wave} · {format_date(deck.day, lang)}"
    return "".join(
        [
            f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_e(deck.organisation)} · {_e(heading)}</title>",
            f"<style>{report_css()}</style></head><body><main>",
            f'<header class="report"><div><h1>{_e(deck.organisation)}</h1><p>{_e(heading)}</p></div>',
            f"{_logo_html(deck.logo)}</header>",
            f"<nav><h2>{_e(t('report.contents', lang))}</h2><ol>{''.join(contents)}</ol></nav>",
            *body,
            _method_html(deck.instrument, deck.min_size, lang),
            f"<footer>{_e(t('report.generated', lang, day=format_date(deck.day, lang)))}</footer>",
            "</main></body></html>",
        ]
    )


def render_html(deck: slides.Deck) -> ExportFile:
    """The report as a UTF-8 file."""
    return ExportFile(
        report_html(deck).encode("utf-8"), f"the report, {len(deck.slides)} slides, opens offline"
    )
