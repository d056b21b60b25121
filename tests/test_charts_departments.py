"""The departments screen's bar charts: rows, hover texts and titles, and the figures built from them."""

from __future__ import annotations

import pytest
from chart_data import INSTRUMENT, group, plain, score, spec

from smm_maturity import scoring
from smm_maturity.charts import departments
from smm_maturity.scoring import DimensionScore

HIDDEN = DimensionScore("media", 3, True)


def test_transparency_title_says_which_side_is_more_open() -> None:
    facets = {
        "internal": DimensionScore("internal", 9, False, 2.6, 0.5, 2.2, 3.0, 2),
        "external": DimensionScore("external", 9, False, 3.9, 0.5, 3.5, 4.3, 4),
    }
    title = spec(departments.transparency_chart(facets, None, "IT", INSTRUMENT, "de"))["layout"]["title"][
        "text"
    ]
    assert "Nach außen offener (3,90) als nach innen (2,60)" == plain(title)


def test_the_stage_profile_draws_bars_intervals_labels_and_the_organisation_as_diamonds() -> None:
    figure = spec(
        departments.stage_profile(group("IT", 3.0), group(scoring.ORGANISATION, 2.0), INSTRUMENT, "en")
    )
    bars, labels, organisation = figure["data"]
    assert [3.0] * 8 == bars["x"]
    assert pytest.approx([0.2] * 8) == bars["error_x"]["array"]
    assert ["3.00"] * 8 == labels["text"]
    assert [2.0] * 8 == organisation["x"]
    assert "diamond" == organisation["marker"]["symbol"]
    assert figure["layout"]["showlegend"]
    assert 5 == len([shape for shape in figure["layout"]["shapes"] if shape["type"] == "rect"])


def test_a_stage_profile_without_a_comparison_has_no_markers_and_no_legend() -> None:
    figure = spec(departments.stage_profile(group("IT", 3.0), None, INSTRUMENT, "en"))
    assert ["bar", "scatter"] == [trace["type"] for trace in figure["data"]]
    assert not figure["layout"]["showlegend"]


def test_a_hidden_competency_has_no_bar_and_no_label() -> None:
    facets = {"media": score("media", 3.0), "empathy": HIDDEN}
    figure = spec(departments.competency_profile(facets, None, "<i>IT</i>", INSTRUMENT, "de"))
    bars, labels = figure["data"]
    assert [3.0, None] == bars["x"]
    assert ["3,00", ""] == labels["text"]
    assert "&lt;i&gt;IT&lt;/i&gt;" == bars["name"]
