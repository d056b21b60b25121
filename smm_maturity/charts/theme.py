"""The shared look of every chart: fonts, the title block, axis styles, stage colours and label text helpers.

Colours come from `palette`; number separators come from the language's `Locale`. Names that users typed
(departments, waves) are escaped, because Plotly reads a little HTML in its labels.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from smm_maturity import disclosure
from smm_maturity.charts.figure import FigureSpec, Spec
from smm_maturity.i18n import format_number, locale, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE, STAGE_COLOURS, rgb
from smm_maturity.scoring import GroupScore

FONT_FAMILY = '"Source Sans", "Source Sans 3", "Source Sans Pro", "Helvetica Neue", Arial, sans-serif'
BASE_FONT_SIZE = 16
AXIS_TITLE_SIZE = 15
SCALE_RANGE = (1.0, 5.0)
HOVER_FROM_CUSTOMDATA = "%{customdata}<extra></extra>"
"""The hover template of traces whose hover text is prepared per point in `customdata`."""


# ------------------------------------------------------------------------------------------- colours


def stage_colour(stage: int | None) -> str:
    """The colour of a stage (grey for none)."""
    return STAGE_COLOURS.get(stage or 0, PALETTE.hidden)


def translucent(colour: str, opacity: float) -> str:
    """A `#RRGGBB` colour as a CSS `rgba()` with the given opacity, for bands and filled areas."""
    red, green, blue = rgb(colour)
    return f"rgba({red},{green},{blue},{opacity})"


def discrete_stage_scale() -> list[list[float | str]]:
    """A colour scale for z values 0 (hidden) to 5 (stage 5) with a hard step per value."""
    colours = [PALETTE.hidden, *STAGE_COLOURS.values()]
    scale: list[list[float | str]] = []
    for index, colour in enumerate(colours):
        scale += [[index / len(colours), colour], [(index + 1) / len(colours), colour]]
    return scale


STAGE_HEATMAP_STYLE: Mapping[str, object] = {
    "texttemplate": "%{text}",
    "hovertemplate": HOVER_FROM_CUSTOMDATA,
    "colorscale": discrete_stage_scale(),
    "zmin": -0.5,
    "zmax": 5.5,
    "xgap": 3,
    "ygap": 3,
}
"""The look shared by the stage-coloured heatmaps: z is 0 for hidden cells and 1 to 5 for the stages."""


def stage_colour_bar(title: str, ticktext: Sequence[str]) -> Spec:
    """The colour bar of a stage heatmap: one tick per z value from 0 (hidden) to 5."""
    return {
        "title": {"text": title, "side": "top"},
        "tickvals": [0, 1, 2, 3, 4, 5],
        "ticktext": list(ticktext),
        "tickfont": {"size": 14},
        "thickness": 18,
        "len": 0.85,
    }


# ------------------------------------------------------------------------------------------- labels


def escape(name: str) -> str:
    """A user-supplied name made safe to show literally in a Plotly label."""
    return html.escape(str(name), quote=False)


def visible_text(text: str) -> str:
    """Text without Plotly's HTML tags, to measure its length."""
    return re.sub(r"<[^>]+>", "", text)


def wrap_label(label: str, width: int = 16) -> str:
    """A label broken onto two lines at the space nearest its middle when it is longer than `width`.

    A single long compound word ("Abteilungskoordination") is hyphenated after a linking "s".
    """
    if len(label) <= width:
        return label
    if " " not in label:
        return hyphenate(label)
    middle = len(label) / 2
    spaces = [index for index, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda index: abs(index - middle))
    return label[:cut] + "<br>" + label[cut + 1 :]


def hyphenate(word: str, longest: int = 17) -> str:
    """A German compound longer than `longest` split after a linking "s" near its middle, else unchanged."""
    if len(word) <= longest:
        return word
    cuts = [i for i in range(5, len(word) - 4) if word[i - 1] == "s" and word[i] not in "aeiouäöü"]
    if not cuts:
        return word
    cut = min(cuts, key=lambda i: abs(i - len(word) / 2))
    return word[:cut] + "-<br>" + word[cut:]


def wrap_text(text: str, width: int) -> str:
    """Text broken into lines of at most `width` characters at spaces, joined with Plotly's line break."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(visible_text(word)) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def display_name(group: GroupScore, lang: str) -> str:
    """A group's name as shown: the organisation's in the language, a department's escaped."""
    return t("organisation", lang) if group.is_organisation else escape(group.group)


def mean_text(value: float | None, lang: str) -> str:
    """A mean on the 1 to 5 scale as shown in charts: two decimals in the language's format."""
    return format_number(value, lang, 2)


def hidden_reason(min_size: int, lang: str) -> str:
    """Why a group or cell shows nothing: the one reason of every hidden member, which tells no count."""
    return t(disclosure.HIDDEN_REASON, lang, k=min_size)


def hidden_hover(min_size: int, lang: str) -> str:
    """The one reason as a hover line, broken into lines that fit a hover box."""
    return wrap_text(hidden_reason(min_size, lang), 48)


def hidden_label(lang: str) -> str:
    """The one reason in a few words, where the sentence does not fit (a grey column, a table cell)."""
    return t("hidden.short", lang)


def stage_name(instrument: Instrument, stage: int | None, lang: str) -> str:
    """The name of a stage, or a dash for none."""
    return instrument.stage(stage).name(lang) if stage else "–"


def stage_ranges(instrument: Instrument, lang: str) -> list[str]:
    """The mean range of each stage as text ("1,80–2,59"), for colour bars of ratings."""
    bounds = [stage.min_mean for stage in instrument.stages] + [SCALE_RANGE[1] + 0.01]
    return [
        f"{format_number(max(low, SCALE_RANGE[0]), lang, 2)}–{format_number(high - 0.01, lang, 2)}"
        for low, high in zip(bounds[:-1], bounds[1:], strict=True)
    ]


# --------------------------------------------------------------------------------------------- axes


def axis_title(text: str, **extra: object) -> Spec:
    """An axis title in the shared size."""
    return {"text": text, "font": {"size": AXIS_TITLE_SIZE}, **extra}


def scale_axis(title: str) -> Spec:
    """A horizontal axis over the 1 to 5 answer scale, in steps of a half."""
    return {
        "range": list(SCALE_RANGE),
        "dtick": 0.5,
        "title": axis_title(title),
        "gridcolor": PALETTE.line,
        "zeroline": False,
    }


def category_axis(font_size: int = BASE_FONT_SIZE) -> Spec:
    """A vertical axis of named rows, read from the top, with room for long names."""
    return {
        "autorange": "reversed",
        "tickfont": {"size": font_size},
        "ticklabelstandoff": 8,
        "automargin": True,
    }


# ------------------------------------------------------------------------------------------- layout


def title_margin(title_text: str, subtitle_text: str, top_extra: int) -> int:
    """The top margin that fits a wrapped title and subtitle, plus room for labels above the plot."""
    return 46 + 28 * (title_text.count("<br>") + 1) + 20 * (subtitle_text.count("<br>") + 1) + top_extra


def finish(
    fig: FigureSpec,
    title: str,
    subtitle: str,
    lang: str,
    height: int,
    width_chars: int = 44,
    margin: Mapping[str, int] | None = None,
    top_extra: int = 0,
    **extra: object,
) -> go.Figure:
    """Apply the shared look: large fonts, a left-aligned title that says what to read, and number format.

    Titles and subtitles are wrapped to `width_chars` (about 44 for a half-width chart, 66 for a full one, so
    that they fit at 1280 px beside the sidebar), and the top margin grows with their lines; `top_extra` adds
    room for labels above the plot.
    """
    title_text = wrap_text(title, width_chars)
    subtitle_text = wrap_text(subtitle, round(width_chars * 1.3))
    fig.update_layout(
        margin={
            "l": 10,
            "r": 10,
            "b": 40,
            **(margin or {}),
            "t": title_margin(title_text, subtitle_text, top_extra),
        },
        title={
            "text": f"<b>{title_text}</b>",
            "subtitle": {"text": subtitle_text, "font": {"size": 15, "color": PALETTE.muted}},
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 0.985,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 22, "color": PALETTE.text},
            "pad": {"t": 22, "b": 12},
        },
        font={"family": FONT_FAMILY, "size": BASE_FONT_SIZE, "color": PALETTE.text},
        separators=locale(lang).plotly_separators,
        paper_bgcolor=PALETTE.white,
        plot_bgcolor=PALETTE.white,
        height=height,
        hoverlabel={"font": {"size": 15, "family": FONT_FAMILY}, "bgcolor": PALETTE.white, "align": "left"},
        legend={
            "font": {"size": 15},
            "orientation": "h",
            "xref": "container",
            "yref": "container",
            "x": 0.01,
            "y": 0.01,
            "xanchor": "left",
            "yanchor": "bottom",
        },
    )
    fig.update_layout(**extra)
    return fig.figure()


def sized(fig: go.Figure, height: int, width: int | None = None) -> go.Figure:
    """A copy of a figure at a given size, with room at the edges for outer labels; its data stays as it is.

    A radar's legend moves to the bottom edge, below the lowest axis label, which it would cover on a
    short slide.
    """
    copy = go.Figure(fig)
    margin = copy.layout.margin
    copy.update_layout(
        height=height,
        width=width,
        autosize=width is None,
        margin={"l": max(margin.l or 0, 40), "r": max(margin.r or 0, 30)},
    )
    if any(trace.type == "scatterpolar" for trace in copy.data):
        copy.update_layout(
            margin={"b": max(margin.b or 0, 80)},
            legend={"yref": "container", "y": 0.01, "yanchor": "bottom"},
        )
    return copy
