"""The design a PPTX deck is built on: a consultancy's template (`SMM_PPTX_TEMPLATE`) or the built-in one,
and the layouts of it that the deck's slides use, found by their placeholders rather than their names.

The built-in design is python-pptx's default presentation widened to 16:9, with the palette as its theme
colours, so that every slide, chart and table takes its colours from the theme either way.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from pptx.presentation import Presentation as PresentationFile
from pptx.slide import SlideLayout
from pptx.util import Emu, Inches, Length

from smm_maturity import config
from smm_maturity.i18n import LocalisedError
from smm_maturity.palette import PALETTE, STAGE_COLOURS

WIDE = (Inches(13.333), Inches(7.5))
"""The built-in design's slide size: 16:9."""
TEMPLATE_MAIN = CONTENT_TYPE.PML_TEMPLATE_MAIN
PRESENTATION_MAIN = CONTENT_TYPE.PML_PRESENTATION_MAIN
CONTENT_TYPES = "[Content_Types].xml"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"

THEME_COLOURS = {
    "dk1": PALETTE.text,
    "lt1": PALETTE.white,
    "dk2": PALETTE.muted,
    "lt2": PALETTE.header_fill,
    "accent1": PALETTE.accent,
    "accent2": PALETTE.neutral,
    "accent3": STAGE_COLOURS[2],
    "accent4": STAGE_COLOURS[4],
    "accent5": STAGE_COLOURS[1],
    "accent6": PALETTE.comparison,
}
"""The built-in design's theme colours: text, background, then the chart and table colours."""

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
FURNITURE_TYPES = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    def frame(self) -> tuple[Length, Length, Length, Length]:
        """Left, top, width and height as python-pptx lengths."""
        return Emu(self.left), Emu(self.top), Emu(self.width), Emu(self.height)

    def split(self, share: float, gap: int) -> tuple[Box, Box]:
        """The box cut into a left part of `share` of its width and a right part, `gap` apart."""
        first = int((self.width - gap) * share)
        return (
            Box(self.left, self.top, first, self.height),
            Box(self.left + first + gap, self.top, self.width - first - gap, self.height),
        )


@dataclass(frozen=True)
class Layouts:
    """The layouts of a design that the deck uses: opening slide, title with one body, two bodies, title only."""

    title: SlideLayout
    content: SlideLayout
    two: SlideLayout
    title_only: SlideLayout


# ------------------------------------------------------------------------------------------ opening


def _as_presentation(content: bytes) -> bytes:
    """A .potx's bytes with its main part declared a presentation, which is all python-pptx needs to open it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    types = source.read(CONTENT_TYPES)
    if TEMPLATE_MAIN.encode() not in types:
        return content
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == CONTENT_TYPES:
                data = data.replace(TEMPLATE_MAIN.encode(), PRESENTATION_MAIN.encode())
            rewritten.writestr(item, data)
    return target.getvalue()


def _drop_slides(presentation: PresentationFile) -> None:
    """Remove the slides a template already holds, keeping its masters and layouts."""
    slide_ids = presentation.slides._sldIdLst
    for slide_id in list(slide_ids):
        presentation.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


def open_template(path: Path) -> PresentationFile:
    """A .pptx or .potx as an empty presentation with its masters, layouts, fonts and colours.

    Raises LocalisedError when the file is not a PowerPoint file that can be opened.
    """
    try:
        presentation = Presentation(io.BytesIO(_as_presentation(path.read_bytes())))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise LocalisedError(
            "handover.template.unreadable", name="SMM_PPTX_TEMPLATE", value=str(path)
        ) from error
    _drop_slides(presentation)
    return presentation


def _has_position(shape: object) -> bool:
    """True when a placeholder sets its own position instead of inheriting its master's."""
    return bool(shape._element.xpath("./p:spPr/a:xfrm"))  # type: ignore[attr-defined]


def _widen(presentation: PresentationFile) -> None:
    """The default 4:3 presentation at 16:9, its master's and layouts' placeholders stretched to match."""
    width, height = WIDE
    ratio = width / presentation.slide_width
    masters = list(presentation.slide_masters)
    layouts = [layout for master in masters for layout in master.slide_layouts]
    for owner in [*layouts, *masters]:
        for shape in owner.placeholders:
            if _has_position(shape):
                shape.left, shape.width = Emu(int(shape.left * ratio)), Emu(int(shape.width * ratio))
    presentation.slide_width, presentation.slide_height = width, height


def _paint_theme(presentation: PresentationFile) -> None:
    """Write the palette into the theme's colour scheme."""
    theme = presentation.slide_master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    root = etree.fromstring(theme.blob)
    scheme = root.find(f".//{{{DRAWING_NS}}}clrScheme")
    if scheme is None:
        return
    scheme.set("name", "Augenhöhe")
    for name, colour in THEME_COLOURS.items():
        slot = scheme.find(f"{{{DRAWING_NS}}}{name}")
        if slot is None:
            continue
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{DRAWING_NS}}}srgbClr", val=colour.lstrip("#").upper())
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def built_in() -> PresentationFile:
    """The built-in design: a 16:9 presentation with the palette as its theme colours."""
    presentation = Presentation()
    _widen(presentation)
    _paint_theme(presentation)
    return presentation


def open_design(template: Path | None = None) -> PresentationFile:
    """The presentation a deck starts from: the configured template, or the built-in design."""
    path = template or config.pptx_template()
    return open_template(path) if path is not None else built_in()


# ------------------------------------------------------------------------------------------ layouts


def layout_placeholders(layout: SlideLayout) -> list[Any]:
    """A layout's placeholders, in order."""
    return [shape for shape in layout.shapes if shape.is_placeholder]


def _types(layout: SlideLayout) -> list[PP_PLACEHOLDER]:
    """The kinds of a layout's placeholders, leaving out date, footer and slide number."""
    kinds = [shape.placeholder_format.type for shape in layout_placeholders(layout)]
    return [kind for kind in kinds if kind not in FURNITURE_TYPES]


def _find(layouts: list[SlideLayout], wanted: str) -> SlideLayout | None:
    """The first layout of a kind: "title", "content", "two" or "title_only", or None."""
    for layout in layouts:
        kinds = _types(layout)
        titles = sum(kind in TITLE_TYPES for kind in kinds)
        bodies = sum(kind in BODY_TYPES for kind in kinds)
        if wanted == "title" and PP_PLACEHOLDER.CENTER_TITLE in kinds and PP_PLACEHOLDER.SUBTITLE in kinds:
            return layout
        if (
            titles == 1
            and len(kinds) == 1 + bodies
            and bodies == {"content": 1, "two": 2, "title_only": 0}.get(wanted)
        ):
            return layout
    return None


def find_layouts(presentation: PresentationFile) -> Layouts:
    """The layouts the deck uses, found by their placeholders; a missing kind falls back to a simpler one."""
    layouts = list(presentation.slide_layouts)
    title_only = _find(layouts, "title_only") or layouts[0]
    content = _find(layouts, "content") or title_only
    return Layouts(
        title=_find(layouts, "title") or content,
        content=content,
        two=_find(layouts, "two") or content,
        title_only=title_only,
    )


def placeholder_box(layout: SlideLayout, types: tuple[PP_PLACEHOLDER, ...]) -> Box | None:
    """The box of a layout's first placeholder of the given kinds, or None."""
    for shape in layout_placeholders(layout):
        if shape.placeholder_format.type in types:
            return Box(int(shape.left), int(shape.top), int(shape.width), int(shape.height))
    return None


def content_box(presentation: PresentationFile, layouts: Layouts) -> Box:
    """Where a slide's chart, table or text goes: the content layout's body, or the room below its title."""
    body = placeholder_box(layouts.content, BODY_TYPES)
    if body is not None:
        return body
    width, height = int(presentation.slide_width or WIDE[0]), int(presentation.slide_height or WIDE[1])
    margin = width // 30
    title = placeholder_box(layouts.content, TITLE_TYPES)
    top = title.top + title.height + margin // 2 if title else height // 5
    return Box(margin, top, width - 2 * margin, height - top - 2 * margin)
