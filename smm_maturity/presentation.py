"""The live presentation's logic apart from the screen: its styles, the slide to show, slide texts as Markdown,
and the projector view's keys (turning, a black pause slide, hiding the controls).

The presentation page lays out the slides of `slides.build_deck`; what it needs beyond layout is here. A slide
fills the browser window at any 16:9 size: the styles size text in units of the window and let the charts take
the height that the title leaves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from smm_maturity import charts
from smm_maturity.i18n import escape_markdown
from smm_maturity.insights import Metric
from smm_maturity.palette import css_variables
from smm_maturity.slides import Section, Slide

STYLESHEET = Path(__file__).resolve().parent / "presentation.css"
DESIGN_HEIGHT = 548
"""The height a slide's chart is drawn for before the browser fits it to its box."""
RADAR_BOTTOM = 104
"""The room below a radar for its lowest axis label, on two lines, above the legend."""
HIDE_CONTROLS = ".st-key-slide_nav, .st-key-exports, .st-key-workshop { display: none !important; }"
"""The slide alone: no controls, no hand-over buttons and no workshop panel."""
PAUSE_STATE = "presentation_blank"
SLIDE_ONLY_STATE = "presentation_slide_only"
BLANK = "body::after { content: ''; position: fixed; inset: 0; background: #000; z-index: 1000000; cursor: none; }"


@cache
def presentation_css() -> str:
    """The presentation page's styles as one `<style>` element: the palette's variables, then the rules."""
    rules = STYLESHEET.read_text(encoding="utf-8")
    return f"<style>\n{css_variables()}\n{rules}</style>"


def view_css(state: Mapping[str, object], embedded: bool) -> str:
    """The styles of the projector view's state (the page's session state): the controls hidden, while their
    keys still work, and the screen black during a pause."""
    hidden = controls_hidden(embedded, bool(state.get(SLIDE_ONLY_STATE, False)))
    rules = ([HIDE_CONTROLS] if hidden else []) + ([BLANK] if state.get(PAUSE_STATE, False) else [])
    return "<style>" + " ".join(rules) + "</style>"


def controls_hidden(embedded: bool, toggled: bool) -> bool:
    """Whether the controls are hidden: `?embed=true` hides them, and the toggle key flips that either way."""
    return embedded != toggled


def projected(fig: go.Figure) -> go.Figure:
    """A copy of a slide's figure without a fixed height, which the screen fits to the height its box leaves; a
    radar keeps room for a two-line label at the bottom above its legend."""
    copy = charts.sized(fig, DESIGN_HEIGHT)
    copy.update_layout(height=None, autosize=True)
    if any(trace.type == "scatterpolar" for trace in copy.data):
        copy.update_layout(margin={"b": max(copy.layout.margin.b or 0, RADAR_BOTTOM)})
    return copy


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
class Control:
    """A button of the projector view, with its keyboard shortcut: it turns the slides by `offset`, or it
    switches the part of the view named by `state_key` on and off.

    A turning button shows its arrow once, as its icon on the side it points to; the shortcut's own arrow is
    hidden by the styles.
    """

    label_key: str
    icon: str
    key: str
    shortcut: str
    offset: int = 0
    kind: str = "secondary"
    icon_position: str = "left"
    state_key: str = ""

    def options(self, number: int, total: int) -> dict[str, object]:
        """The button's options on slide `number` of `total`: turning past either end is disabled."""
        disabled = bool(self.offset) and not 1 <= number + self.offset <= total
        return {
            "type": self.kind,
            "disabled": disabled,
            "icon": self.icon,
            "icon_position": self.icon_position,
            "shortcut": self.shortcut,
            "width": "stretch",
        }


BACK = Control("presentation.previous", ":material/arrow_back:", "slide_previous", "Left", -1)
FORWARD = Control(
    "presentation.next", ":material/arrow_forward:", "slide_next", "Right", 1, "primary", "right"
)
STEPS = (BACK, FORWARD)
"""The buttons below a slide, back and forward, in order."""
CLICKER_STEPS = (
    dataclasses.replace(BACK, key="slide_page_up", shortcut="PageUp"),
    dataclasses.replace(FORWARD, key="slide_page_down", shortcut="PageDown", kind="secondary"),
)
"""Back and forward again on the keys a presentation clicker sends; these buttons are never shown."""
PAUSE = Control("projector.blank", ":material/pause_presentation:", "slide_blank", "B", state_key=PAUSE_STATE)
"""A black screen while the room talks; B again, or turning the slide, brings the slide back."""
SLIDE_ONLY = Control(
    "projector.hide_controls",
    ":material/fit_screen:",
    "slide_hide_controls",
    "H",
    state_key=SLIDE_ONLY_STATE,
)
"""Hides the controls below the slide, or shows them again in an embedded view."""
CONTROLS = (*STEPS, *CLICKER_STEPS, PAUSE, SLIDE_ONLY)
"""Every button of the projector view, in the order the page places them."""
NAV_WIDTHS = (1.1, 1.3, 1.1, 1.0, 1.0, 1.1, 1.3)
"""The shares of the control row: back, the slide counter, forward, a gap, pause, slide only, settings."""
