"""The deck's charts as PowerPoint's own: bar and line charts and a stage-coloured table that a consultant
can restyle and correct in PowerPoint.

Every value is a published number of the deck (`Deck.scores`, `previous`, `trend`): rounded by the
disclosure layer, and None (an empty point, a dash) wherever a cell is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pptx.chart.chart import Chart
from pptx.chart.data import ChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.shapetree import SlideShapes
from pptx.table import _Cell
from pptx.util import Emu, Pt

from smm_maturity import charts, slides
from smm_maturity.exports.pptx_design import Box
from smm_maturity.i18n import format_number, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import PALETTE, STAGE_COLOURS, rgb
from smm_maturity.scoring import GroupScore, TrendPoint

SCALE = (1.0, 5.0)
"""The Likert scale the value axes span."""
NUMBER_FORMAT = "0.00"
"""Means show two decimals, as published; PowerPoint writes them with the viewer's decimal mark."""
SERIES_COLOURS = (MSO_THEME_COLOR.ACCENT_1, MSO_THEME_COLOR.ACCENT_2)
"""The main series in the theme's first accent, the comparison in its second."""
LIGHT_TEXT_STAGES = frozenset({1, 5})
"""The stages whose colour is dark enough for white text."""
TREND_COLUMNS = 4


@dataclass(frozen=True)
class Series:
    """One series of a chart: its name and one published value (or None) per category."""

    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ChartSpec:
    """What a native chart shows: categories, series, and the chart type."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    kind: XL_CHART_TYPE = XL_CHART_TYPE.BAR_CLUSTERED
    title: str = ""


# --------------------------------------------------------------------------------------------- data


def _means(group: GroupScore, codes: Sequence[str]) -> tuple[float | None, ...]:
    """A group's published mean per dimension, None where the cell is hidden."""
    cells = [group.dimensions.get(code) for code in codes]
    return tuple(None if cell is None or cell.hidden else cell.mean for cell in cells)


def _profile(
    main: Series, comparison: Series | None, codes: Sequence[str], instrument: Instrument, lang: str
) -> ChartSpec:
    """The dimensions as bars, strongest first by the main series; hidden dimensions last."""
    order = sorted(range(len(codes)), key=lambda i: (main.values[i] is None, -(main.values[i] or 0.0)))
    picked = [main, *([comparison] if comparison is not None else [])]
    return ChartSpec(
        categories=tuple(instrument.dimension(codes[i]).name(lang) for i in order),
        series=tuple(Series(s.name, tuple(s.values[i] for i in order)) for s in picked),
    )


def standing_chart(deck: slides.Deck) -> ChartSpec | None:
    """The organisation's dimension means in this wave, beside the previous wave's when it is shown."""
    organisation = deck.scores.organisation
    if organisation.suppressed:
        return None
    codes = list(deck.instrument.dimension_codes)
    previous = deck.previous
    comparison = (
        Series(previous.wave, _means(previous.organisation, codes))
        if previous is not None and not previous.organisation.suppressed
        else None
    )
    return _profile(
        Series(deck.wave, _means(organisation, codes)), comparison, codes, deck.instrument, deck.lang
    )


def department_chart(deck: slides.Deck, name: str) -> ChartSpec | None:
    """A shown department's dimension means beside the organisation's."""
    group = deck.scores.department(name)
    if group is None or group.suppressed:
        return None
    codes = list(deck.instrument.dimension_codes)
    organisation = deck.scores.organisation
    comparison = (
        None if organisation.suppressed else Series(t("organisation", deck.lang), _means(organisation, codes))
    )
    return _profile(Series(name, _means(group, codes)), comparison, codes, deck.instrument, deck.lang)


def trend_charts(deck: slides.Deck) -> list[ChartSpec]:
    """One line chart per dimension: the organisation's mean in each wave, empty where hidden."""
    waves = tuple(dict.fromkeys(point.wave for point in deck.trend))
    specs = []
    for code in deck.instrument.dimension_codes:
        points: dict[str, TrendPoint] = {p.wave: p for p in deck.trend if p.dimension == code}
        values = tuple(
            None if wave not in points or points[wave].hidden else points[wave].mean for wave in waves
        )
        specs.append(
            ChartSpec(
                categories=waves,
                series=(Series(t("organisation", deck.lang), values),),
                kind=XL_CHART_TYPE.LINE_MARKERS,
                title=deck.instrument.dimension(code).name(deck.lang),
            )
        )
    return specs if waves else []


# ------------------------------------------------------------------------------------------- charts


def _chart_data(spec: ChartSpec) -> ChartData:
    """The spec as python-pptx's chart data, numbers shown with two decimals."""
    data = ChartData(number_format=NUMBER_FORMAT)
    data.categories = spec.categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    return data


def _add_chart(shapes: SlideShapes, box: Box, spec: ChartSpec) -> Chart:
    """A chart shape of the spec filling the box."""
    frame: Any = shapes.add_chart(spec.kind, *box.frame(), _chart_data(spec))
    chart: Chart = frame.chart
    return chart


def _scale_axis(chart: Chart, size: int) -> None:
    """The value axis from 1 to 5 with a light grid; the axes' labels at a readable size."""
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = SCALE
    axis.major_unit = 1.0
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
    axis.tick_labels.font.size = Pt(size - 2)
    axis.format.line.fill.background()
    chart.category_axis.tick_labels.font.size = Pt(size)
    chart.category_axis.format.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_2


def _value_axis_at_the_bottom(chart: Chart) -> None:
    """With the categories top-down, the value axis crosses them at the last one, so that it stays below."""
    for crosses in chart.value_axis._element.xpath("./c:crosses"):
        crosses.set("val", "max")


def _labels(chart: Chart, size: int, position: XL_LABEL_POSITION) -> None:
    """The published value on every point."""
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = NUMBER_FORMAT, False
    labels.font.size = Pt(size)
    labels.position = position


def add_bar_chart(shapes: SlideShapes, box: Box, spec: ChartSpec) -> Chart:
    """A horizontal bar chart of the spec in the box: strongest on top, the value on each bar."""
    chart = _add_chart(shapes, box, spec)
    chart.font.size = Pt(14)
    chart.category_axis.reverse_order = True
    _value_axis_at_the_bottom(chart)
    _scale_axis(chart, 14)
    _labels(chart, 12, XL_LABEL_POSITION.OUTSIDE_END)
    plot = chart.plots[0]
    plot.gap_width, plot.overlap = 45, -5
    for series, colour in zip(plot.series, SERIES_COLOURS, strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.theme_color = colour
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.TOP, False
        chart.legend.font.size = Pt(14)
    return chart


def add_line_chart(shapes: SlideShapes, box: Box, spec: ChartSpec) -> Chart:
    """A small line chart of one dimension across the waves, titled with its name."""
    chart = _add_chart(shapes, box, spec)
    chart.font.size = Pt(11)
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = spec.title
    title_font = chart.chart_title.text_frame.paragraphs[0].runs[0].font
    title_font.size, title_font.bold = Pt(13), True
    _scale_axis(chart, 10)
    _labels(chart, 11, XL_LABEL_POSITION.ABOVE)
    for series in chart.plots[0].series:
        series.smooth = False
        series.format.line.color.theme_color = SERIES_COLOURS[0]
        series.format.line.width = Pt(2.5)
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.theme_color = SERIES_COLOURS[0]
    return chart


def add_trend_charts(shapes: SlideShapes, box: Box, specs: Sequence[ChartSpec]) -> list[Chart]:
    """The dimensions' line charts as a grid of small charts filling the box."""
    rows = -(-len(specs) // TREND_COLUMNS)
    gap = box.width // 60
    width = (box.width - gap * (TREND_COLUMNS - 1)) // TREND_COLUMNS
    height = (box.height - gap * (rows - 1)) // max(rows, 1)
    return [
        add_line_chart(
            shapes,
            Box(
                box.left + (index % TREND_COLUMNS) * (width + gap),
                box.top + (index // TREND_COLUMNS) * (height + gap),
                width,
                height,
            ),
            spec,
        )
        for index, spec in enumerate(specs)
    ]


# -------------------------------------------------------------------------------------------- table


def _paint(cell: _Cell, fill: str | None, text_colour: str | None, size: int, bold: bool = False) -> None:
    """A table cell's fill (None keeps the table style's), text colour, size and weight."""
    if fill is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = RGBColor(*rgb(fill))
    cell.margin_left = cell.margin_right = Pt(3)
    cell.margin_top = cell.margin_bottom = Pt(2)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    for paragraph in cell.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.CENTER
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(size), bold
            if text_colour is not None:
                run.font.color.rgb = RGBColor(*rgb(text_colour))


def _stage_text(stage: int | None) -> str:
    """The text colour readable on a stage's colour."""
    return PALETTE.white if stage in LIGHT_TEXT_STAGES else PALETTE.text


def heatmap_rows(deck: slides.Deck) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """The heatmap as rows of (label, [(text, stage)] per group): n, each dimension, then overall.

    A hidden group shows a dash in every row and no count; the legend names the one reason.
    """
    lang, instrument = deck.lang, deck.instrument
    groups = charts.heatmap_columns(deck.scores)

    def cell(group: GroupScore, code: str | None) -> tuple[str, int | None]:
        if group.suppressed:
            return "–", 0
        if code is None:
            return format_number(group.mean, lang, 2), group.stage
        score = group.dimensions[code]
        return (
            ("–", 0)
            if score.hidden or score.mean is None
            else (format_number(score.mean, lang, 2), score.stage)
        )

    counts: list[tuple[str, int | None]] = [
        ("–" if g.suppressed else format_number(g.respondents, lang, 0), None) for g in groups
    ]
    rows: list[tuple[str, list[tuple[str, int | None]]]] = [("n", counts)]
    rows += [
        (instrument.dimension(code).name(lang), [cell(g, code) for g in groups])
        for code in instrument.dimension_codes
    ]
    rows.append((t("chart.overall", lang), [cell(g, None) for g in groups]))
    return rows


def header_size(words: Sequence[int], widths: Sequence[int]) -> int:
    """The largest font size (10 to 7 pt) at which each column's longest word fits its width unbroken.

    A bold character is taken as 0.62 of the size wide, enough for wide template fonts too.
    """
    fits = [
        size
        for size in (10, 9, 8)
        if all(word * size * 0.62 + 8 <= Emu(width).pt for word, width in zip(words, widths, strict=True))
    ]
    return fits[0] if fits else 7


def add_heatmap(shapes: SlideShapes, box: Box, deck: slides.Deck) -> None:
    """Dimension × group as a table whose cells take their stage's colour, with the stages as a legend below."""
    groups = charts.heatmap_columns(deck.scores)
    names = [t("organisation", deck.lang) if g.is_organisation else g.group for g in groups]
    rows = heatmap_rows(deck)
    legend_height = Pt(26)
    height = min(box.height - legend_height - Pt(12), Pt(30) * (len(rows) + 1))
    shape = shapes.add_table(len(rows) + 1, len(names) + 1, *box.frame()[:3], Emu(height))
    table = shape.table
    table.horz_banding = False
    label_width = int(box.width * 0.19)
    table.columns[0].width = Emu(label_width)
    words = [max((len(word) for word in name.split()), default=1) for name in names]
    wishes = [max(word, 5) + 2 for word in words]
    widths = [(box.width - label_width) * wish // sum(wishes) for wish in wishes]
    for index, width in enumerate(widths, start=1):
        table.columns[index].width = Emu(width)
    size = header_size(words, widths)
    table.cell(0, 0).text = t("method.col.dimension", deck.lang)
    _paint(table.cell(0, 0), None, None, size, bold=True)
    table.cell(0, 0).text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    for column, name in enumerate(names, start=1):
        table.cell(0, column).text = name
        _paint(table.cell(0, column), None, None, size, bold=True)
    for row, (label, cells) in enumerate(rows, start=1):
        table.cell(row, 0).text = label
        _paint(table.cell(row, 0), PALETTE.white, PALETTE.text, 12, bold=row == len(rows))
        table.cell(row, 0).text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
        for column, (text, stage) in enumerate(cells, start=1):
            table.cell(row, column).text = text
            fill = PALETTE.white if stage is None else STAGE_COLOURS.get(stage, PALETTE.hidden)
            _paint(table.cell(row, column), fill, _stage_text(stage), 12, bold=row == len(rows))
    _stage_legend(shapes, Box(box.left, box.top + box.height - legend_height, box.width, legend_height), deck)


def _stage_legend(shapes: SlideShapes, box: Box, deck: slides.Deck) -> None:
    """One row naming each stage in its colour, and grey as hidden."""
    entries = [
        (f"{s.level} {s.name(deck.lang)}", STAGE_COLOURS[s.level], s.level) for s in deck.instrument.stages
    ]
    entries.append((f"– {charts.hidden_label(deck.lang)}", PALETTE.hidden, 0))
    shape = shapes.add_table(1, len(entries), *box.frame())
    table = shape.table
    table.first_row = False
    for index, (text, fill, stage) in enumerate(entries):
        table.cell(0, index).text = text
        _paint(table.cell(0, index), fill, _stage_text(stage), 11)
