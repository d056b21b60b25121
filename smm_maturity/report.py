"""The hand-over: an offline HTML report, a PPTX deck and the aggregates as CSV and XLSX.

The report and the deck render the slides of `slides.build_deck`, so they tell the same story with the
same figures as the presentation page; the aggregates come straight from `scoring.WaveScores`, so a
hidden group never carries a number.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from smm_maturity import images, insights, scoring, slides
from smm_maturity.i18n import format_date, t
from smm_maturity.instrument import Instrument, load_instrument

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""A cell that begins with one of these is read as a formula by spreadsheet programs."""

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
IMAGE_SCALE = 1.5
MAX_LAYOUT_FACTOR = 1.5

# --------------------------------------------------------------------------------------------- html

REPORT_CSS = """
:root { --text: #1E293B; --muted: #5B6472; --line: #E4E7EB; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans Pro", "Source Sans 3", "Helvetica Neue", Arial, sans-serif;
       color: var(--text); background: #F8FAFC; font-size: 17px; line-height: 1.45; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; }
header.report { padding: 40px 0 16px; border-bottom: 4px solid var(--accent); margin-bottom: 24px; }
header.report h1 { font-size: 42px; margin: 0 0 6px; }
header.report p { margin: 0; color: var(--muted); font-size: 19px; }
nav ol { columns: 2; padding-left: 20px; color: var(--muted); }
nav a { color: var(--accent); text-decoration: none; }
section.slide, section.method { background: white; border: 1px solid var(--line); border-radius: 10px;
       padding: 24px 28px; margin: 28px 0; page-break-inside: avoid; }
section h2 { font-size: 30px; margin: 0 0 4px; }
section h3 { font-size: 21px; margin: 22px 0 8px; }
p.subtitle { color: var(--muted); margin: 0 0 12px; font-size: 18px; }
.metrics { display: flex; flex-wrap: wrap; gap: 14px; margin: 14px 0; }
.metric { flex: 1 1 200px; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.metric .label { color: var(--muted); font-size: 15px; }
.metric .value { font-size: 32px; font-weight: 700; }
.metric .detail { color: var(--muted); font-size: 15px; }
.columns { display: flex; flex-wrap: wrap; gap: 28px; }
.columns > div { flex: 1 1 380px; }
ul.lines li { margin-bottom: 8px; white-space: pre-line; }
table { border-collapse: collapse; width: 100%; font-size: 15px; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #F1F5F9; }
details { margin-top: 12px; }
summary { cursor: pointer; color: var(--accent); }
pre.notes { white-space: pre-wrap; font-family: inherit; color: var(--muted); }
footer { color: var(--muted); font-size: 14px; margin-top: 40px; }
@media print { body { background: white; } section.slide, section.method { border: none; } }
"""


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


def _slide_html(slide: slides.Slide, number: int, plotly_loaded: bool, lang: str) -> tuple[str, bool]:
    """One slide as an HTML section; returns it and whether Plotly's JavaScript is now loaded."""
    parts = [f'<section class="slide" id="slide-{number}"><h2>{_e(slide.title)}</h2>']
    if slide.subtitle:
        parts.append(f'<p class="subtitle">{_e(slide.subtitle)}</p>')
    if slide.metrics:
        parts.append('<div class="metrics">')
        for metric in slide.metrics:
            parts.append(
                f'<div class="metric"><div class="label">{_e(metric.label)}</div>'
                f'<div class="value">{_e(metric.value)}</div><div class="detail">{_e(metric.detail)}</div></div>'
            )
        parts.append("</div>")
    for index, figure in enumerate(slide.figures):
        parts.append(_figure_html(figure, not plotly_loaded, f"figure-{number}-{index}"))
        plotly_loaded = True
    if slide.sections:
        parts.append('<div class="columns">')
        for section in slide.sections:
            lines = "".join(f"<li>{_e(line)}</li>" for line in section.lines)
            parts.append(f'<div><h3>{_e(section.heading)}</h3><ul class="lines">{lines}</ul></div>')
        parts.append("</div>")
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
        _markdown_lines(t("method.anonymity_text", lang, k=min_size)),
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


def report_html(deck: slides.Deck, instrument: Instrument | None = None) -> str:
    """One self-contained HTML file: every slide with interactive charts, the method and the actions.

    Plotly's JavaScript is embedded once, with the first chart; nothing is loaded from the network.
    """
    instrument = instrument or load_instrument()
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
            f"<style>{REPORT_CSS}</style></head><body><main>",
            f'<header class="report"><h1>{_e(deck.organisation)}</h1><p>{_e(heading)}</p></header>',
            f"<nav><h2>{_e(t('report.contents', lang))}</h2><ol>{''.join(contents)}</ol></nav>",
            *body,
            _method_html(instrument, deck.min_size, lang),
            f"<footer>{_e(t('report.generated', lang, day=format_date(deck.day, lang)))}</footer>",
            "</main></body></html>",
        ]
    )


# ------------------------------------------------------------------------------------------- images


def layout_size(figure: go.Figure, width: int, height: int) -> tuple[int, int, float]:
    """The size to lay a figure out at, and the scale, so that its image fills width × height pixels.

    A figure drawn for more height than the frame offers is laid out larger (up to 1.5 times) and scaled
    down, so that its titles and labels keep the room they were designed with instead of overlapping.
    """
    natural = figure.layout.height or height
    factor = min(max(natural / height, 1.0), MAX_LAYOUT_FACTOR)
    return round(width * factor), round(height * factor), IMAGE_SCALE / factor


def image_job(figure: go.Figure, width: int, height: int) -> images.ImageJob:
    """The figure and kaleido options for a PNG that fills width × height pixels on a slide."""
    wide, high, scale = layout_size(figure, width, height)
    return slides.sized(figure, high, wide), {"format": "png", "width": wide, "height": high, "scale": scale}


# --------------------------------------------------------------------------------------------- pptx

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.45)
BODY_TOP = Inches(1.35)
BODY_HEIGHT = SLIDE_HEIGHT - BODY_TOP - Inches(0.45)
PIXELS_PER_INCH = 96
TEXT = RGBColor(0x1E, 0x29, 0x3B)
MUTED = RGBColor(0x5B, 0x64, 0x72)
ACCENT = RGBColor(0x00, 0x72, 0xB2)
HEADER_FILL = RGBColor(0xF1, 0xF5, 0xF9)


@dataclass(frozen=True)
class DeckFile:
    content: bytes
    images: bool
    reason: str = ""


def _frame(slide: slides.Slide) -> tuple[Emu, Emu, Emu, Emu]:
    """The box (left, top, width, height) a slide's figure or table fills."""
    width = SLIDE_WIDTH - 2 * MARGIN
    if slide.kind in ("standing", "department"):
        side = Inches(4.3)
        return MARGIN + side, BODY_TOP, width - side, BODY_HEIGHT
    return MARGIN, BODY_TOP, width, BODY_HEIGHT


def _pixels(length: Emu) -> int:
    """A length on the slide in CSS pixels (96 per inch)."""
    return int(round(Emu(length).inches * PIXELS_PER_INCH))


def _text_box(
    shapes: object,
    left: Emu,
    top: Emu,
    width: Emu,
    height: Emu,
    paragraphs: Sequence[tuple[str, int, bool, RGBColor]],
) -> None:
    """A text box with one paragraph per (text, size in points, bold, colour)."""
    box = shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for index, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = colour
        paragraph.space_after = Pt(size * 0.35)


def _minimum_widths(table: pd.DataFrame, size: int) -> list[int]:
    """Per column, the width its longest word needs at a font size."""
    char = Pt(size * 0.62)
    return [
        (max(len(word) for text in [str(c), *map(str, table[c])] for word in text.split() or [""]) + 2) * char
        for c in table.columns
    ]


def _column_widths(table: pd.DataFrame, total: int, size: int) -> list[int]:
    """Column widths that fit each column's longest word, with the rest shared by the columns' text lengths."""
    minimums = _minimum_widths(table, size)
    wishes = [max(min(max(len(str(v)) for v in [c, *table[c]]), 42), 1) for c in table.columns]
    spare = total - sum(minimums)
    if spare <= 0:
        return [int(total * minimum / sum(minimums)) for minimum in minimums]
    return [int(minimum + spare * wish / sum(wishes)) for minimum, wish in zip(minimums, wishes, strict=True)]


def _table(shapes: object, table: pd.DataFrame, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    """A table shape with the data frame's header and rows, in the largest font (14 to 10 pt) that fits."""
    rows, columns = len(table) + 1, len(table.columns)
    size = next(
        (
            size
            for size in (14, 13, 12, 11)
            if sum(_minimum_widths(table, size)) <= width and rows * size * 2.2 <= Emu(height).pt
        ),
        10,
    )
    shape = shapes.add_table(rows, columns, left, top, width, min(height, Pt(size * 2.2) * rows))
    grid = shape.table
    for index, column_width in enumerate(_column_widths(table, int(width), size)):
        grid.columns[index].width = Emu(column_width)
    for column, name in enumerate(table.columns):
        grid.cell(0, column).text = str(name)
    for row, values in enumerate(table.itertuples(index=False), start=1):
        for column, value in enumerate(values):
            grid.cell(row, column).text = "" if value is None else str(value)
    for row in range(rows):
        for column in range(columns):
            cell = grid.cell(row, column)
            cell.margin_left = cell.margin_right = Pt(4)
            cell.margin_top = cell.margin_bottom = Pt(2)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.bold = row == 0
                    run.font.color.rgb = TEXT
            if row == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = HEADER_FILL


def _side_panel(shapes: object, slide: slides.Slide) -> None:
    """The left column of a standing or department slide: its metrics, then its next steps."""
    paragraphs: list[tuple[str, int, bool, RGBColor]] = []
    if slide.kind == "department":
        paragraphs.append((" · ".join(f"{m.label} {m.value}" for m in slide.metrics), 16, True, TEXT))
    else:
        for metric in slide.metrics:
            paragraphs.append((metric.label, 14, False, MUTED))
            paragraphs.append((metric.value, 28, True, TEXT))
            if metric.detail:
                paragraphs.append((metric.detail, 13, False, MUTED))
    for section in slide.sections:
        paragraphs.append((section.heading, 16, True, ACCENT))
        paragraphs.extend((line, 12, False, TEXT) for line in section.lines)
    _text_box(shapes, MARGIN, BODY_TOP, Inches(4.1), BODY_HEIGHT, paragraphs)


def _add_slide(presentation: Presentation, slide: slides.Slide, image: bytes | None, footer: str) -> None:
    """Add one deck slide to the presentation: title, picture or table, footer and speaker notes."""
    page = presentation.slides.add_slide(presentation.slide_layouts[6])
    shapes = page.shapes
    if slide.kind == "title":
        paragraphs = [(slide.title, 44, True, TEXT), (slide.subtitle, 22, False, MUTED)]
        paragraphs += [(f"{m.label}: {m.value}", 20, False, TEXT) for m in slide.metrics]
        _text_box(shapes, Inches(0.9), Inches(2.4), Inches(11.5), Inches(3.5), paragraphs)
    else:
        heading = [(slide.title, 32, True, TEXT)]
        if slide.subtitle:
            heading.append((slide.subtitle, 16, False, MUTED))
        _text_box(shapes, MARGIN, Inches(0.3), SLIDE_WIDTH - 2 * MARGIN, Inches(1.0), heading)
        left, top, width, height = _frame(slide)
        if slide.kind in ("standing", "department"):
            _side_panel(shapes, slide)
        if image is not None:
            shapes.add_picture(io.BytesIO(image), left, top, width, height)
        elif slide.kind == "strengths":
            half = (SLIDE_WIDTH - 2 * MARGIN) / 2
            for index, section in enumerate(slide.sections):
                paragraphs = [(section.heading, 20, True, ACCENT)]
                paragraphs += [(line, 15, False, TEXT) for line in section.lines]
                _text_box(
                    shapes,
                    MARGIN + int(half * index),
                    BODY_TOP,
                    int(half) - Inches(0.2),
                    BODY_HEIGHT,
                    paragraphs,
                )
        elif slide.table is not None and not slide.table.empty:
            _table(shapes, slide.table, left, top, width, height)
        elif slide.sections and slide.kind not in ("standing", "department"):
            _text_box(
                shapes, left, top, width, height, [(s.heading, 20, False, MUTED) for s in slide.sections]
            )
    _text_box(
        shapes, MARGIN, SLIDE_HEIGHT - Inches(0.4), Inches(8), Inches(0.3), [(footer, 10, False, MUTED)]
    )
    page.notes_slide.notes_text_frame.text = slide.notes


def deck_pptx(deck: slides.Deck, with_images: bool = True) -> DeckFile:
    """A PPTX with one slide per deck slide, chart images from kaleido and the numbers in the speaker notes.

    Without a browser for kaleido the deck is still written, with tables in place of the chart images;
    `DeckFile.images` then is False and `reason` says why.
    """
    reason = "" if with_images else "images switched off"
    if with_images and images.image_browser() is None:
        with_images, reason = False, images.no_browser_reason()
    jobs, owners = [], []
    for index, slide in enumerate(deck.slides):
        if slide.builders and with_images:
            _, _, width, height = _frame(slide)
            jobs.append(image_job(slide.figures[0], _pixels(width), _pixels(height)))
            owners.append(index)
    pictures: dict[int, bytes] = {}
    if with_images:
        try:
            pictures = dict(zip(owners, images.render_pngs(jobs), strict=True))
        except images.ImagesUnavailable as error:
            reason = str(error)
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    total = len(deck.slides)
    for index, slide in enumerate(deck.slides):
        footer = f"{deck.organisation} · {deck.wave} · {index + 1}/{total}"
        _add_slide(presentation, slide, pictures.get(index), footer)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return DeckFile(buffer.getvalue(), images=bool(pictures) or (with_images and not jobs), reason=reason)


# --------------------------------------------------------------------------------------- aggregates


def neutralise(value: object) -> object:
    """A text cell made inert for spreadsheets: one that begins like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _reason(group: scoring.GroupScore, min_size: int, lang: str) -> str:
    """Why a group is hidden, for the export's reason column."""
    if group.respondents < min_size:
        return t("export.too_few", lang, k=min_size)
    return t("export.complementary", lang)


def aggregates(scores: scoring.WaveScores, instrument: Instrument, lang: str) -> pd.DataFrame:
    """Scores per group and dimension with n, stage and index; hidden groups and cells are marked and empty."""
    columns = {
        "wave": t("export.wave", lang),
        "group": t("export.group", lang),
        "code": t("export.dimension_code", lang),
        "dimension": t("export.dimension", lang),
        "n": t("export.n", lang),
        "mean": t("export.mean", lang),
        "stage": t("export.stage", lang),
        "stage_name": t("export.stage_name", lang),
        "index": t("export.index", lang),
        "hidden": t("export.hidden", lang),
        "reason": t("export.reason", lang),
    }
    yes, no = t("common.yes", lang), t("common.no", lang)
    rows = []
    for group in [scores.organisation, *scores.departments]:
        name = t("organisation", lang) if group.is_organisation else group.group
        base = {"wave": scores.wave, "group": name}
        if group.suppressed:
            reason = _reason(group, scores.min_size, lang)
            for code in [*instrument.dimension_codes, ""]:
                rows.append(
                    {
                        **base,
                        "code": code,
                        "dimension": instrument.dimension(code).name(lang)
                        if code
                        else t("export.overall", lang),
                        "hidden": yes,
                        "reason": reason,
                    }
                )
            continue
        for code in instrument.dimension_codes:
            cell = group.dimensions[code]
            shown = not cell.hidden and cell.mean is not None
            rows.append(
                {
                    **base,
                    "code": code,
                    "dimension": instrument.dimension(code).name(lang),
                    "n": cell.n if shown else None,
                    "mean": scoring.round_mean(cell.mean) if shown else None,
                    "stage": cell.stage if shown else None,
                    "stage_name": instrument.stage(cell.stage).name(lang) if shown and cell.stage else None,
                    "hidden": no if shown else yes,
                    "reason": "" if shown else t("export.too_few", lang, k=scores.min_size),
                }
            )
        rows.append(
            {
                **base,
                "code": "",
                "dimension": t("export.overall", lang),
                "n": group.respondents,
                "mean": group.mean,
                "stage": group.stage,
                "stage_name": instrument.stage(group.stage).name(lang) if group.stage else None,
                "index": group.index,
                "hidden": no,
                "reason": "",
            }
        )
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in ("n", "stage"):
        frame[column] = frame[column].astype("Int64")
    text_columns = ["wave", "group", "code", "dimension", "stage_name", "hidden", "reason"]
    frame[text_columns] = frame[text_columns].astype(object).map(neutralise)
    return frame.rename(columns=columns)


def aggregates_csv(
    scores: scoring.WaveScores, instrument: Instrument | None = None, lang: str = "de"
) -> bytes:
    """The aggregates as CSV for Excel in the language's convention (German: semicolons and decimal commas)."""
    frame = aggregates(scores, instrument or load_instrument(), lang)
    german = lang == "de"
    return frame.to_csv(index=False, sep=";" if german else ",", decimal="," if german else ".").encode(
        "utf-8-sig"
    )


def aggregates_xlsx(
    scores: scoring.WaveScores, instrument: Instrument | None = None, lang: str = "de"
) -> bytes:
    """The aggregates as an XLSX workbook with real numbers; no cell is ever written as a formula or link."""
    frame = aggregates(scores, instrument or load_instrument(), lang)
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        frame.to_excel(writer, index=False, sheet_name="Augenhöhe"[:31])
        sheet = writer.sheets["Augenhöhe"]
        for index, column in enumerate(frame.columns):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.set_column(index, index, min(max(width + 2, 6), 48))
        sheet.freeze_panes(1, 0)
    return buffer.getvalue()
