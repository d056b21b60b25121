"""The trend chart: which points are drawn how, their hover texts and titles, and the grid of small charts."""

from __future__ import annotations

from chart_data import INSTRUMENT, plain, spec, trend_points

from smm_maturity.charts import trends
from smm_maturity.palette import PALETTE
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


def test_trend_lines_mark_clear_changes_filled_and_others_hollow() -> None:
    figure = spec(trends.trend_lines(trend_points(), INSTRUMENT, "de", "Gesamtorganisation"))
    clear = [trace for trace in figure["data"] if trace.get("name") == "klare Veränderung"]
    flat = [trace for trace in figure["data"] if trace.get("name") == "keine klare Veränderung"]
    assert 1 == len(clear)
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
    assert ["clear change", "no clear change"] == in_legend


def test_each_dimension_has_its_small_chart_with_the_stage_thresholds() -> None:
    figure = spec(trends.trend_lines(trend_points(), INSTRUMENT, "en", "IT"))
    layout = figure["layout"]
    assert 8 == len([key for key in layout if key.startswith("xaxis")])
    assert 8 * 4 == len([shape for shape in layout["shapes"] if shape["line"]["dash"] == "dot"])
    assert {f"x{n}" if n > 1 else "x" for n in range(1, 9)} == {trace["xaxis"] for trace in figure["data"]}
    assert 330 * 2 + 220 == layout["height"]
