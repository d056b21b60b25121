"""The PPTX deck: one slide per deck slide, built on the layouts of the design (the consultancy's template or
the built-in one), with PowerPoint's own charts and tables and the numbers in the speaker notes.

Titles, texts and bodies go into the layouts' placeholders, so the template's fonts, colours and positions
apply. The silo network has no PowerPoint equivalent and stays a picture from kaleido; without a browser it
is the silo table instead.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from lxml import etree  # type: ignore[import-untyped]
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationFile
from pptx.shapes.placeholder import SlidePlaceholder
from pptx.slide import Slide as PageSlide
from pptx.slide import SlideLayout
from pptx.text.text import TextFrame
from pptx.util import Emu, Pt

from smm_maturity import branding, charts, images, slides
from smm_maturity.exports import pptx_charts
from smm_maturity.exports.pptx_design import (
    BODY_TYPES,
    TITLE_TYPES,
    Box,
    Layouts,
    content_box,
    find_layouts,
    layout_placeholders,
    open_design,
)
from smm_maturity.exports.records import ExportFile

IMAGE_SCALE = 1.5
MAX_LAYOUT_FACTOR = 1.5
PIXELS_PER_INCH = 96
SIDE_PANEL_KINDS = ("standing", "department")
"""The slides whose metrics and next steps stand in a column left of the chart."""
SIDE_SHARE = 0.34
"""The share of the content's width that the side column takes."""
TABLE_SHARE = 0.42
"""The share of a picture slide's width that its table takes, left of the picture."""
PICTURE_KINDS = ("silo",)
THEME_BODY_FONT = "+mn-lt"
"""The theme's body font, by reference, so that a template's font applies."""
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
"""The id of the slide number field in every footer; PowerPoint replaces its text with the live number."""
"""The slides whose chart PowerPoint cannot draw, which stay pictures."""

Line = tuple[str, int, bool, bool]
"""A paragraph of a placeholder: text, size in points (0 keeps the design's), bold, muted."""


LOGO_HEIGHT = 822960
"""The client's logo on the opening slide: 0.9 inch high, in the top right corner."""

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


def _pixels(length: int) -> int:
    """A length on the slide in CSS pixels (96 per inch)."""
    return int(round(Emu(length).inches * PIXELS_PER_INCH))


def picture_boxes(slide: slides.Slide, box: Box) -> tuple[Box | None, Box]:
    """Where a picture slide's table (if it has one) and its picture go: the table left, the picture right."""
    if slide.table is None or slide.table.empty:
        return None, box
    return box.split(TABLE_SHARE, box.width // 40)


def _pictures(deck: slides.Deck, box: Box) -> tuple[dict[int, bytes], str]:
    """The picture of every slide PowerPoint cannot chart, by slide index, and why there are none if so."""
    owners = [i for i, slide in enumerate(deck.slides) if slide.kind in PICTURE_KINDS and slide.builders]
    if not owners:
        return {}, ""
    if images.image_browser() is None:
        return {}, images.no_browser_reason()
    frames = [picture_boxes(deck.slides[i], box)[1] for i in owners]
    jobs = [
        image_job(deck.slides[i].figures[0], _pixels(frame.width), _pixels(frame.height))
        for i, frame in zip(owners, frames, strict=True)
    ]
    try:
        return dict(zip(owners, images.render_pngs(jobs), strict=True)), ""
    except images.ImagesUnavailable as error:
        return {}, str(error)


# ------------------------------------------------------------------------------------------- text


def _fill(frame: TextFrame, lines: Sequence[Line]) -> None:
    """A placeholder's text: one paragraph per line, without bullets, shrinking to fit."""
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for index, (text, size, bold, muted) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        properties = paragraph._p.get_or_add_pPr()
        properties.set("marL", "0")
        properties.set("indent", "0")
        etree.SubElement(properties, qn("a:buNone"))
        run = paragraph.add_run()
        run.text = text
        if size:
            run.font.size = Pt(size)
            paragraph.space_after = Pt(size * 0.3)
        run.font.bold = bold
        if muted:
            run.font.color.theme_color = MSO_THEME_COLOR.TEXT_2


def _section_lines(sections: Sequence[slides.Section], heading: int, body: int) -> list[Line]:
    """Sections as a bold heading over its lines."""
    lines: list[Line] = []
    for section in sections:
        lines.append((section.heading, heading, True, False))
        lines.extend((line, body, False, False) for line in section.lines)
    return lines


def _side_lines(slide: slides.Slide) -> list[Line]:
    """The left column of a standing or department slide: its metrics, then its next steps.

    With next steps below them, the metrics take one line, so that the steps keep a readable size.
    """
    if slide.sections and slide.metrics:
        summary = " · ".join(f"{metric.label} {metric.value}" for metric in slide.metrics)
        return [(summary, 16, True, False), *_section_lines(slide.sections, 15, 13)]
    lines: list[Line] = []
    for metric in slide.metrics:
        lines.append((metric.label, 13, False, True))
        lines.append((metric.value, 24, True, False))
        if metric.detail:
            lines.append((metric.detail, 12, False, True))
    return lines + _section_lines(slide.sections, 15, 12)


# ------------------------------------------------------------------------------------------- shapes


def _placeholders(page: PageSlide, types: Sequence[object]) -> list[SlidePlaceholder]:
    """A slide's placeholders of the given kinds, in layout order."""
    return [shape for shape in page.placeholders if shape.placeholder_format.type in types]


def _remove(shape: object) -> None:
    """Take an unused placeholder off the slide, so that no "click to add text" is left behind."""
    element = shape._element  # type: ignore[attr-defined]
    element.getparent().remove(element)


def _place(shape: SlidePlaceholder, box: Box) -> None:
    shape.left, shape.top, shape.width, shape.height = (
        Emu(box.left),
        Emu(box.top),
        Emu(box.width),
        Emu(box.height),
    )


def _title(page: PageSlide, slide: slides.Slide) -> None:
    """The slide's title in the title placeholder, its subtitle as a smaller second line."""
    titles = _placeholders(page, TITLE_TYPES)
    if not titles:
        return
    frame = titles[0].text_frame
    frame.text = slide.title
    if slide.subtitle:
        run = frame.add_paragraph().add_run()
        run.text = slide.subtitle
        run.font.size = Pt(16)
        run.font.bold = False
        run.font.color.theme_color = MSO_THEME_COLOR.TEXT_2


def _footer(page: PageSlide, layout: SlideLayout, footer: str, number: int) -> None:
    """The layout's footer and slide number, filled in: the organisation and wave, and the slide's number."""
    for shape in layout_placeholders(layout):
        kind = shape.placeholder_format.type
        if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        page.shapes.clone_placeholder(shape)
        paragraph = page.placeholders[shape.placeholder_format.idx].text_frame.paragraphs[0]
        if kind == PP_PLACEHOLDER.FOOTER:
            run = paragraph.add_run()
            run.text = footer
            run.font.name = THEME_BODY_FONT
            continue
        field = etree.SubElement(paragraph._p, qn("a:fld"), id=SLIDE_NUMBER_FIELD, type="slidenum")
        etree.SubElement(field, qn("a:t")).text = str(number)


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


def add_table(page: PageSlide, table: pd.DataFrame, box: Box) -> None:
    """A table in the design's table style, in the largest font (14 to 10 pt) that fits the box."""
    rows, columns = len(table) + 1, len(table.columns)
    size = next(
        (
            size
            for size in (14, 13, 12, 11)
            if sum(_minimum_widths(table, size)) <= box.width and rows * size * 2.2 <= Emu(box.height).pt
        ),
        10,
    )
    height = Emu(min(box.height, Pt(size * 2.2) * rows))
    grid = page.shapes.add_table(rows, columns, *box.frame()[:3], height).table
    for index, column_width in enumerate(_column_widths(table, box.width, size)):
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


# ------------------------------------------------------------------------------------------- slides


class DeckBuilder:
    """Adds the deck's slides to a presentation, each on the layout its kind calls for."""

    def __init__(self, presentation: PresentationFile, deck: slides.Deck, pictures: dict[int, bytes]) -> None:
        self.presentation = presentation
        self.deck = deck
        self.pictures = pictures
        self.layouts: Layouts = find_layouts(presentation)
        self.box = content_box(presentation, self.layouts)

    def add(self, index: int, slide: slides.Slide) -> None:
        """Add one deck slide: its layout, title, body, footer and speaker notes."""
        build: Callable[[PageSlide, slides.Slide, int], None]
        layout, build = {
            "title": (self.layouts.title, self._opening),
            "strengths": (self.layouts.two, self._two_columns),
        }.get(slide.kind, (self.layouts.content, self._content))
        page = self.presentation.slides.add_slide(layout)
        build(page, slide, index)
        _footer(page, layout, f"{self.deck.organisation} · {self.deck.wave}", index + 1)
        page.notes_slide.notes_text_frame.text = slide.notes

    def _opening(self, page: PageSlide, slide: slides.Slide, index: int) -> None:
        """The opening slide: organisation as title, subtitle and the headline numbers below."""
        titles = _placeholders(page, TITLE_TYPES)
        if titles:
            titles[0].text_frame.text = slide.title
        lines: list[Line] = [(slide.subtitle, 0, False, False)]
        lines += [(f"{m.label}: {m.value}", 0, False, True) for m in slide.metrics]
        others = [shape for shape in page.placeholders if shape not in titles]
        if others:
            _fill(others[0].text_frame, lines)
            for shape in others[1:]:
                _remove(shape)
        if (logo := branding.png_bytes(slide.logo)) is not None:
            height = Emu(LOGO_HEIGHT)
            picture = page.shapes.add_picture(io.BytesIO(logo), Emu(0), Emu(LOGO_HEIGHT // 2), height=height)
            picture.left = Emu(self.presentation.slide_width - picture.width - LOGO_HEIGHT // 2)

    def _two_columns(self, page: PageSlide, slide: slides.Slide, index: int) -> None:
        """Two sections side by side, in the layout's two bodies (or one body split in two)."""
        _title(page, slide)
        frames = [body.text_frame for body in _placeholders(page, BODY_TYPES)]
        if len(frames) < len(slide.sections):
            for shape in _placeholders(page, BODY_TYPES):
                _remove(shape)
            width = self.box.width // max(len(slide.sections), 1)
            frames = [
                page.shapes.add_textbox(
                    *Box(self.box.left + i * width, self.box.top, width, self.box.height).frame()
                ).text_frame
                for i in range(len(slide.sections))
            ]
        for frame, section in zip(frames, slide.sections, strict=False):
            _fill(frame, _section_lines([section], 20, 15))
        for shape in _placeholders(page, BODY_TYPES)[len(slide.sections) :]:
            _remove(shape)

    def _content(self, page: PageSlide, slide: slides.Slide, index: int) -> None:
        """A content slide: title, then a native chart, a picture, a table or the slide's text."""
        _title(page, slide)
        bodies = _placeholders(page, BODY_TYPES)
        body = bodies[0] if bodies else None
        box = self.box
        if slide.kind in SIDE_PANEL_KINDS and body is not None:
            side, box = self.box.split(SIDE_SHARE, self.box.width // 40)
            _place(body, side)
            _fill(body.text_frame, _side_lines(slide))
            body = None
        if self._chart(page, slide, index, box):
            pass
        elif slide.table is not None and not slide.table.empty:
            add_table(page, slide.table, box)
        elif body is not None and (slide.sections or slide.metrics):
            _fill(body.text_frame, _side_lines(slide))
            body = None
        if body is not None:
            _remove(body)

    def _chart(self, page: PageSlide, slide: slides.Slide, index: int, box: Box) -> bool:
        """Draw the slide's chart in the box, natively or as a picture; False when it has none to draw."""
        deck = self.deck
        if index in self.pictures:
            table_box, picture_box = picture_boxes(slide, box)
            if table_box is not None and slide.table is not None:
                add_table(page, slide.table, table_box)
            page.shapes.add_picture(io.BytesIO(self.pictures[index]), *picture_box.frame())
            return True
        if slide.kind == "heatmap":
            pptx_charts.add_heatmap(page.shapes, box, deck)
            return True
        spec = (
            pptx_charts.standing_chart(deck)
            if slide.kind == "standing"
            else pptx_charts.department_chart(deck, slide.department)
            if slide.kind == "department" and slide.department
            else None
        )
        if spec is not None:
            pptx_charts.add_bar_chart(page.shapes, box, spec)
            return True
        trends = pptx_charts.trend_charts(deck) if slide.kind == "trend" else []
        if trends:
            pptx_charts.add_trend_charts(page.shapes, box, trends)
        return bool(trends)


# ---------------------------------------------------------------------------------------------- deck


def deck_pptx(deck: slides.Deck, with_images: bool = True, template: Path | None = None) -> ExportFile:
    """A PPTX with one slide per deck slide on the design's layouts; `fallback` says why the silo map is a table."""
    presentation = open_design(template)
    layouts = find_layouts(presentation)
    box = content_box(presentation, layouts)
    pictures, reason = _pictures(deck, box) if with_images else ({}, "images switched off")
    builder = DeckBuilder(presentation, deck, pictures)
    for index, slide in enumerate(deck.slides):
        builder.add(index, slide)
    buffer = io.BytesIO()
    presentation.save(buffer)
    total = len(deck.slides)
    fallback = f"the silo map is a table instead of a network: {reason}" if reason else ""
    return ExportFile(buffer.getvalue(), f"the deck, {total} slides with editable charts", fallback)
