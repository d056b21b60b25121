"""The trend chart: which points are drawn how, their hover texts and titles, and the grid of small charts."""

from __future__ import annotations

import pytest
from chart_data import CODES, INSTRUMENT, plain, spec, trend_points

from smm_maturity.charts import trends
from smm_maturity.palette import PALETTE, STAGE_COLOURS
from smm_maturity.scoring import TrendPoint


def point(
    wave: str = "W2",
    mean: float | None = 2.8,
    change: float | None = 0.8,
    clear: bool = True,
    hidden: bool = False,
    ci: bool = True,
) -> TrendPoint:
    return TrendPoint(
        wave,
        "SIL",
        20,
        hidden,
        mean,
        mean - 0.2 if ci and mean is not None else None,
        mean + 0.2 if ci and mean is not None else None,
        change,
        0.001 if change is not None else None,
        clear,
    )


# ------------------------------------------------------------------------------------------ decisions


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (point(change=None, clear=False), "start"),
        (point(clear=True), "clear"),
        (point(change=0.1, clear=False), "flat"),
    ],
)
def test_trend_kind(value: TrendPoint, expected: str) -> None:
    assert expected == trends.trend_kind(value)


@pytest.mark.parametrize(("index", "expected"), [(0, (1, 1)), (3, (1, 4)), (4, (2, 1)), (7, (2, 4))])
def test_grid_cell_fills_four_columns_row_by_row(index: int, expected: tuple[int, int]) -> None:
    assert expected == trends.grid_cell(index)


@pytest.mark.parametrize(
    ("wave", "expected"),
    [("W1", "W1"), ("Frühjahr 2026", "Frühjahr<br>2026"), ("<b>Q1</b>", "&lt;b&gt;Q1&lt;/b&gt;")],
)
def test_wave_label(wave: str, expected: str) -> None:
    assert expected == trends.wave_label(wave)


def test_hidden_points_and_points_without_an_interval_are_left_out_of_markers_and_band() -> None:
    series = [point("W1", hidden=True, mean=None), point("W2", ci=False), point("W3")]
    assert ["W2", "W3"] == [p.wave for p in trends.shown_points(series)]
    assert ["W3"] == [p.wave for p in trends.band_points(series)]


@pytest.mark.parametrize(("lang", "expected"), [("de", "+0,80"), ("en", "+0.80")])
def test_change_label(lang: str, expected: str) -> None:
    assert expected == trends.change_label(point(), lang)


def test_trend_hover_of_a_clear_change() -> None:
    assert (
        "<b>Silos & Wissensaustausch</b> · W2<br>Mittelwert: 2,80 (Koordiniert)<br>95-%-Intervall: 2,60 – 3,00"
        "<br>n = 20<br>Veränderung: +0,80 (p = 0,001) – klare Veränderung"
    ) == trends.trend_hover(point(), INSTRUMENT, "de")


def test_trend_hover_of_a_first_wave_without_an_interval() -> None:
    assert (
        "<b>Silos & knowledge sharing</b> · W1<br>Mean: 2.00 (Experimenting)<br>n = 20"
        == trends.trend_hover(point("W1", mean=2.0, change=None, clear=False, ci=False), INSTRUMENT, "en")
    )


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (trend_points(), "Gesamtorganisation: seit W1 klar verändert in 1 von 8 Dimensionen"),
        (
            [p for p in trend_points() if p.wave == "W1"],
            "Gesamtorganisation: erst eine Welle, noch kein Verlauf",
        ),
        ([], "Gesamtorganisation: erst eine Welle, noch kein Verlauf"),
        (
            [p for p in trend_points() if p.dimension != "SIL"],
            "Gesamtorganisation: seit W1 keine Veränderung, die über Zufall hinausgeht",
        ),
    ],
)
def test_trend_title_counts_the_clear_changes_of_the_latest_wave(
    points: list[TrendPoint], expected: str
) -> None:
    assert expected == trends.trend_title(points, CODES, "Gesamtorganisation", "de")


# ------------------------------------------------------------------------------------------- figures


def test_trend_lines_mark_clear_changes_filled_and_others_hollow_in_no_stage_colour() -> None:
    figure = spec(trends.trend_lines(trend_points(), INSTRUMENT, "de", "Gesamtorganisation"))
    clear = [trace for trace in figure["data"] if trace.get("name") == "klare Veränderung"]
    flat = [trace for trace in figure["data"] if trace.get("name") == "im Rahmen der Zufallsschwankung"]
    assert 1 == len(clear)
    assert PALETTE.comparison == clear[0]["marker"]["color"]
    assert PALETTE.comparison not in STAGE_COLOURS.values()
    assert ["+0,80"] == clear[0]["text"]
    assert 7 == len(flat)
    assert all(PALETTE.white == trace["marker"]["color"] for trace in flat)
    assert "Gesamtorganisation: seit W1 klar verändert in 1 von 8 Dimensionen" == plain(
        figure["layout"]["title"]["text"]
    )


def test_trend_lines_with_one_wave_say_there_is_no_trend_yet() -> None:
    first = [point for point in trend_points() if point.wave == "W1"]
    title = spec(trends.trend_lines(first, INSTRUMENT, "en", "IT"))["layout"]["title"]["text"]
    assert "IT: one wave so far, no trend yet" == plain(title)


def test_each_kind_of_marker_appears_once_in_the_legend_and_the_first_wave_not_at_all() -> None:
    figure = spec(trends.trend_lines(trend_points(), INSTRUMENT, "en", "IT"))
    in_legend = [trace["name"] for trace in figure["data"] if trace.get("showlegend")]
    assert ["clear change", "within noise"] == in_legend


def test_each_dimension_has_its_small_chart_with_the_stage_thresholds() -> None:
    figure = spec(trends.trend_lines(trend_points(), INSTRUMENT, "en", "IT"))
    layout = figure["layout"]
    assert 8 == len([key for key in layout if key.startswith("xaxis")])
    assert 8 * 4 == len([shape for shape in layout["shapes"] if shape["line"]["dash"] == "dot"])
    assert {f"x{n}" if n > 1 else "x" for n in range(1, 9)} == {trace["xaxis"] for trace in figure["data"]}
    assert 330 * 2 + 220 == layout["height"]


def test_the_waves_are_labelled_once_under_each_column_in_the_same_order() -> None:
    layout = spec(trends.trend_lines(trend_points(), INSTRUMENT, "en", "IT"))["layout"]
    axes = [layout["xaxis"], *(layout[f"xaxis{n}"] for n in range(2, 9))]
    assert [False] * 4 + [True] * 4 == [axis["showticklabels"] for axis in axes]
    assert [["W1", "W2"]] * 8 == [axis["categoryarray"] for axis in axes]
