"""The PPTX deck: one slide per deck slide, chart images from kaleido and the numbers in the speaker notes.

Without a browser for kaleido the deck is still written, with tables in place of the chart images.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationFile
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu, Inches, Length, Pt

from smm_maturity import charts, images, slides
from smm_maturity.exports.records import ExportFile
from smm_maturity.palette import PALETTE, rgb

IMAGE_SCALE = 1.5
MAX_LAYOUT_FACTOR = 1.5
SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.45)
BODY_TOP = Inches(1.35)
BODY_HEIGHT = Emu(SLIDE_HEIGHT - BODY_TOP - Inches(0.45))
PIXELS_PER_INCH = 96
TEXT = RGBColor(*rgb(PALETTE.text))
MUTED = RGBColor(*rgb(PALETTE.muted))
ACCENT = RGBColor(*rgb(PALETTE.accent))
HEADER_FILL = RGBColor(*rgb(PALETTE.header_fill))
SIDE_PANEL_KINDS = ("standing", "department")
"""The slides whose metrics and next steps stand in a column left of the chart."""

Paragraph = tuple[str, int, bool, RGBColor]
"""A paragraph of a text box: text, size in points, bold, colour."""


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
    return charts.sized(figure, high, wide), {"format": "png", "width": wide, "height": high, "scale": scale}


# -------------------------------------------------------------------------------------------- shapes


def _frame(slide: slides.Slide) -> tuple[Length, Length, Length, Length]:
    """The box (left, top, width, height) a slide's figure or table fills."""
    width = SLIDE_WIDTH - 2 * MARGIN
    if slide.kind in SIDE_PANEL_KINDS:
        side = Inches(4.3)
        return Emu(MARGIN + side), BODY_TOP, Emu(width - side), BODY_HEIGHT
    return MARGIN, BODY_TOP, Emu(width), BODY_HEIGHT


def _pixels(length: Length) -> int:
    """A length on the slide in CSS pixels (96 per inch)."""
    return int(round(Emu(length).inches * PIXELS_PER_INCH))


def _text_box(
    shapes: SlideShapes,
    left: Length,
    top: Length,
    width: Length,
    height: Length,
    paragraphs: Sequence[Paragraph],
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


def _table(
    shapes: SlideShapes, table: pd.DataFrame, left: Length, top: Length, width: Length, height: Length
) -> None:
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
    shape = shapes.add_table(rows, columns, left, top, width, Emu(min(height, Pt(size * 2.2) * rows)))
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


def _side_panel(shapes: SlideShapes, slide: slides.Slide) -> None:
    """The left column of a standing or department slide: its metrics, then its next steps."""
    paragraphs: list[Paragraph] = []
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


def _title_page(shapes: SlideShapes, slide: slides.Slide) -> None:
    """The opening slide: organisation, subtitle and the headline numbers."""
    paragraphs = [(slide.title, 44, True, TEXT), (slide.subtitle, 22, False, MUTED)]
    paragraphs += [(f"{m.label}: {m.value}", 20, False, TEXT) for m in slide.metrics]
    _text_box(shapes, Inches(0.9), Inches(2.4), Inches(11.5), Inches(3.5), paragraphs)


def _two_columns(shapes: SlideShapes, slide: slides.Slide) -> None:
    """The strengths slide: its two sections side by side."""
    half = (SLIDE_WIDTH - 2 * MARGIN) / 2
    for index, section in enumerate(slide.sections):
        paragraphs = [(section.heading, 20, True, ACCENT)]
        paragraphs += [(line, 15, False, TEXT) for line in section.lines]
        left = Emu(MARGIN + int(half * index))
        _text_box(shapes, left, BODY_TOP, Emu(int(half) - Inches(0.2)), BODY_HEIGHT, paragraphs)


def _body(shapes: SlideShapes, slide: slides.Slide, image: bytes | None) -> None:
    """A content slide's title, then its picture, sections or table."""
    heading = [(slide.title, 32, True, TEXT)]
    if slide.subtitle:
        heading.append((slide.subtitle, 16, False, MUTED))
    _text_box(shapes, MARGIN, Inches(0.3), Emu(SLIDE_WIDTH - 2 * MARGIN), Inches(1.0), heading)
    left, top, width, height = _frame(slide)
    if slide.kind in SIDE_PANEL_KINDS:
        _side_panel(shapes, slide)
    if image is not None:
        shapes.add_picture(io.BytesIO(image), left, top, width, height)
    elif slide.kind == "strengths":
        _two_columns(shapes, slide)
    elif slide.table is not None and not slide.table.empty:
        _table(shapes, slide.table, left, top, width, height)
    elif slide.sections and slide.kind not in SIDE_PANEL_KINDS:
        _text_box(shapes, left, top, width, height, [(s.heading, 20, False, MUTED) for s in slide.sections])


def _add_slide(presentation: PresentationFile, slide: slides.Slide, image: bytes | None, footer: str) -> None:
    """Add one deck slide to the presentation: title, picture or table, footer and speaker notes."""
    page = presentation.slides.add_slide(presentation.slide_layouts[6])
    if slide.kind == "title":
        _title_page(page.shapes, slide)
    else:
        _body(page.shapes, slide, image)
    bottom = Emu(SLIDE_HEIGHT - Inches(0.4))
    _text_box(page.shapes, MARGIN, bottom, Inches(8), Inches(0.3), [(footer, 10, False, MUTED)])
    page.notes_slide.notes_text_frame.text = slide.notes


# ---------------------------------------------------------------------------------------------- deck


def _pictures(deck: slides.Deck) -> tuple[dict[int, bytes], str]:
    """The chart image of every slide that has a chart, by slide index, and why there are none if so."""
    if images.image_browser() is None:
        return {}, images.no_browser_reason()
    jobs, owners = [], []
    for index, slide in enumerate(deck.slides):
        if slide.builders:
            _, _, width, height = _frame(slide)
            jobs.append(image_job(slide.figures[0], _pixels(width), _pixels(height)))
            owners.append(index)
    try:
        return dict(zip(owners, images.render_pngs(jobs), strict=True)), ""
    except images.ImagesUnavailable as error:
        return {}, str(error)


def deck_pptx(deck: slides.Deck, with_images: bool = True) -> ExportFile:
    """A PPTX with one slide per deck slide; without chart images, `fallback` says why."""
    pictures, reason = _pictures(deck) if with_images else ({}, "images switched off")
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    total = len(deck.slides)
    for index, slide in enumerate(deck.slides):
        footer = f"{deck.organisation} · {deck.wave} · {index + 1}/{total}"
        _add_slide(presentation, slide, pictures.get(index), footer)
    buffer = io.BytesIO()
    presentation.save(buffer)
    drawn = "with tables instead of chart images" if reason else "with chart images"
    return ExportFile(buffer.getvalue(), f"the deck, {total} slides {drawn}", reason)
