"""The live presentation's logic apart from the screen: its styles, the slide to show, and slide texts as Markdown.

The presentation page lays out the slides of `slides.build_deck`; what it needs beyond layout is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from smm_maturity.i18n import escape_markdown
from smm_maturity.insights import Metric
from smm_maturity.palette import css_variables
from smm_maturity.slides import Section, Slide

STYLESHEET = Path(__file__).resolve().parent / "presentation.css"
CHART_HEIGHT = 548
"""The height of a slide's chart on the screen, in pixels."""


@cache
def presentation_css() -> str:
    """The presentation page's styles as one `<style>` element: the palette's variables, then the rules."""
    rules = STYLESHEET.read_text(encoding="utf-8")
    return f"<style>\n{css_variables()}\n{rules}</style>"


def slide_number(requested: str | None, total: int) -> int:
    """The 1-based slide to show for the `?slide=` parameter: a number within the deck, else the first."""
    number = int(requested) if requested and requested.isdigit() else 1
    return min(max(number, 1), total)


def lines_markdown(lines: Sequence[str]) -> str:
    """Plain slide lines as a Markdown list; a line's second part (the next step) goes on its own row."""
    items = []
    for line in lines:
        first, _, rest = line.partition("\n")
        items.append(f"- {escape_markdown(first)}" + (f"  \n  {escape_markdown(rest)}" if rest else ""))
    return "\n".join(items)


def facts_markdown(metrics: Sequence[Metric]) -> str:
    """Metrics as one line of Markdown, label and bold value, where boxes would not fit."""
    return " · ".join(f"{escape_markdown(m.label)} **{escape_markdown(m.value)}**" for m in metrics)


def markdown_table(table: pd.DataFrame) -> pd.DataFrame:
    """A slide's table with every cell escaped, so that what users typed shows literally."""
    return table.map(lambda value: escape_markdown(str(value)))


# ------------------------------------------------------------------------------------------ layout


@dataclass(frozen=True)
class Block:
    """One thing a slide shows on the screen, in a pane from top to bottom.

    `kind` is "logo" (the client's logo as a data URL in `text`), "title" or "heading" (Markdown `text`), "metrics" (`rows` of metric boxes, in
    `per_row` columns), "chart" (the slide's figure number `figure`), "markdown" (`text`) or "table"
    (`table`, already escaped). `key` names the block's container, for the styles and the tests.
    """

    kind: str
    text: str = ""
    rows: tuple[tuple[Metric, ...], ...] = ()
    per_row: int = 0
    figure: int = 0
    table: pd.DataFrame | None = None
    key: str | None = None


@dataclass(frozen=True)
class Pane:
    """A column of a slide on the screen: its share of the width, its blocks and its container's key."""

    width: float
    blocks: tuple[Block, ...]
    key: str | None = None


@dataclass(frozen=True)
class Layout:
    """A slide on the screen: panes side by side, with a gap between them."""

    panes: tuple[Pane, ...]
    gap: str = "medium"

    @property
    def widths(self) -> list[float]:
        """The panes' shares of the slide's width."""
        return [pane.width for pane in self.panes]


def _metrics(metrics: Sequence[Metric], per_row: int) -> Block:
    """Metric boxes, `per_row` to a row."""
    rows = tuple(tuple(metrics[start : start + per_row]) for start in range(0, len(metrics), per_row))
    return Block("metrics", rows=rows, per_row=per_row)


def _charts(slide: Slide) -> tuple[Block, ...]:
    """Every figure of a slide, each in a block of its own."""
    return tuple(
        Block("chart", figure=index, key=f"slide_chart_{slide.kind}_{index}")
        for index in range(len(slide.builders))
    )


def _section(section: Section) -> tuple[Block, ...]:
    """A section as a heading over its lines."""
    heading = Block("heading", escape_markdown(section.heading))
    return (heading, Block("markdown", lines_markdown(section.lines))) if section.lines else (heading,)


def layout(slide: Slide) -> Layout:
    """Where a slide's parts go on the screen, by its kind.

    The title slide stands alone; the standing slide's metrics and a department's facts and next steps go
    beside the chart; other charts fill the width; the rest show their sections side by side, and the
    actions slide its table.
    """
    sections = tuple(block for section in slide.sections for block in _section(section))
    if slide.kind == "title":
        title, subtitle = escape_markdown(slide.title), escape_markdown(slide.subtitle)
        logo = (Block("logo", slide.logo, key="slide_logo"),) if slide.logo else ()
        blocks = (*logo, Block("title", title), Block("heading", subtitle), _metrics(slide.metrics, 4))
        return Layout((Pane(1, blocks, "slide_opening"),))
    if slide.kind == "standing" and slide.builders:
        return Layout((Pane(5, (_metrics(slide.metrics, 2),), "slide_standing"), Pane(6, _charts(slide))))
    if slide.kind == "department":
        facts = Block("markdown", facts_markdown(slide.metrics), key="slide_facts")
        return Layout((Pane(3, _charts(slide)), Pane(2, (facts, *sections), "slide_side")))
    if slide.builders:
        return Layout((Pane(1, _charts(slide)),))
    if slide.kind == "actions" and slide.table is not None and not slide.table.empty:
        return Layout((Pane(1, (*sections, Block("table", table=markdown_table(slide.table)))),))
    panes = tuple(Pane(1, _section(section)) for section in slide.sections)
    return Layout(panes or (Pane(1, ()),), "large")


@dataclass(frozen=True)
class Step:
    """A button that turns the slides: its text, icon, key and keyboard shortcut, and how far it moves."""

    label_key: str
    icon: str
    key: str
    shortcut: str
    offset: int
    kind: str = "secondary"


STEPS = (
    Step("presentation.previous", ":material/arrow_back:", "slide_previous", "Left", -1),
    Step("presentation.next", ":material/arrow_forward:", "slide_next", "Right", 1, "primary"),
)
"""The buttons below a slide, back and forward, in order."""
