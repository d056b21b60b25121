"""The overview's stage heatmap: what each column and cell shows, and the figure built from it."""

from __future__ import annotations

import json

import pytest
from chart_data import CODES, INSTRUMENT, LANGUAGES, group, plain, spec, wave
from figure_data import numbers

from smm_maturity import scoring
from smm_maturity.charts import overview
from smm_maturity.charts.theme import visible_text
from smm_maturity.i18n import t
from smm_maturity.scoring import DimensionScore, GroupScore, WaveScores


@pytest.mark.parametrize(
    ("min_size", "lang", "reason"),
    [
        (5, "de", "weniger als 5 Antworten"),
        (5, "en", "fewer than 5 answers"),
        (7, "de", "weniger als 7 Antworten"),
        (7, "en", "fewer than 7 answers"),
    ],
)
def test_the_heatmap_shows_hidden_groups_as_grey_columns_that_say_why(
    min_size: int, lang: str, reason: str
) -> None:
    figure = spec(overview.stage_heatmap(wave(min_size), INSTRUMENT, lang))
    heatmap = figure["data"][0]
    columns = [visible_text(label) for label in heatmap["x"]]
    small, partner = columns.index("Klein"), columns.index("Mittel")
    for column in (small, partner):
        assert [0] * len(heatmap["z"]) == [row[column] for row in heatmap["z"]]
        assert [""] * len(heatmap["text"]) == [row[column] for row in heatmap["text"]]
    notes = {note["x"]: note["text"] for note in figure["layout"]["annotations"]}
    assert reason == notes[small]
    assert t("hidden.complementary", lang) == notes[partner]
    assert reason in heatmap["customdata"][0][small]


def test_the_heatmap_orders_departments_from_strongest_to_weakest_after_the_organisation() -> None:
    heatmap = spec(overview.stage_heatmap(wave(), INSTRUMENT, "en"))["data"][0]
    assert ["Whole organisation", "Stark", "Schwach", "Klein", "Mittel"] == [
        visible_text(label) for label in heatmap["x"]
    ]
    assert "Stark is furthest ahead, Schwach needs the most support" == plain(
        spec(overview.stage_heatmap(wave(), INSTRUMENT, "en"))["layout"]["title"]["text"]
    )


def test_the_heatmap_colours_cells_by_stage() -> None:
    heatmap = spec(overview.stage_heatmap(wave(), INSTRUMENT, "de"))["data"][0]
    assert [3] * 9 == [row[0] for row in heatmap["z"]]
    assert [5] * 9 == [row[1] for row in heatmap["z"]]
    assert [1] * 9 == [row[2] for row in heatmap["z"]]
    assert "4,30" == heatmap["text"][0][1]


def test_user_supplied_names_are_escaped_in_chart_labels() -> None:
    evil = WaveScores(
        "<i>Welle</i>",
        5,
        group(scoring.ORGANISATION, 3.0, 30),
        (group("<b>R&D</b>", 3.5), group("Ops", 2.5)),
    )
    text = overview.stage_heatmap(evil, INSTRUMENT, "de").to_json()
    assert "<b>R&D</b>" not in text
    assert "&lt;b&gt;R&amp;D&lt;/b&gt;" in json.loads(text)["data"][0]["x"]


def test_a_hidden_groups_scores_never_reach_the_chart_data() -> None:
    secret = 2.123456789
    shown = group("Stark", 4.3, 12)
    hidden = GroupScore("Klein", 3, True, {code: DimensionScore(code, 0, True) for code in CODES})
    scores = WaveScores(
        "W", 5, group(scoring.ORGANISATION, 3.0, 40), (shown, hidden, group("Mittel", None, 9))
    )
    for lang in LANGUAGES:
        assert secret not in set(numbers(spec(overview.stage_heatmap(scores, INSTRUMENT, lang))))
