"""The departments screen's bar charts: rows, hover texts and titles, and the figures built from them."""

from __future__ import annotations

import pytest
from chart_data import CODES, INSTRUMENT, group, plain, score, spec

from smm_maturity import claims, scoring
from smm_maturity.charts import departments
from smm_maturity.charts.departments import ScoreRow, StageBand
from smm_maturity.scoring import DimensionScore

HIDDEN = DimensionScore("media", 3, True)

# ------------------------------------------------------------------------------------------ decisions


@pytest.mark.parametrize(("value", "expected"), [(score("SIL", 3.1), 3.1), (HIDDEN, None), (None, None)])
def test_shown_mean(value: DimensionScore | None, expected: float | None) -> None:
    assert expected == departments.shown_mean(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (score("SIL", 3.0, ci=0.25), (0.25, 0.25)),
        (score("SIL", 3.0, ci=None), (None, None)),
        (HIDDEN, (None, None)),
    ],
)
def test_interval_errors(value: DimensionScore, expected: tuple[float | None, float | None]) -> None:
    assert pytest.approx(expected) == departments.interval_errors(value)


def test_bar_hover_of_a_shown_score_with_the_organisation() -> None:
    row = ScoreRow("Silos &<br>Wissensaustausch", score("SIL", 3.5, 12), score("SIL", 3.0, 40))
    assert (
        "<b>Silos & Wissensaustausch</b><br>IT: 3,50 (Integriert)<br>95-%-Intervall: 3,30 – 3,70<br>n = 12"
        "<br>Gesamtorganisation: 3,00"
    ) == departments.bar_hover(row, "IT", "Gesamtorganisation", INSTRUMENT, "de")


def test_bar_hover_of_a_hidden_score_still_shows_the_organisation() -> None:
    row = ScoreRow("Media competence", HIDDEN, score("media", 3.0, 40))
    assert "<b>Media competence</b><br>hidden to protect anonymity<br>Whole organisation: 3.00" == (
        departments.bar_hover(row, "IT", "Whole organisation", INSTRUMENT, "en")
    )


def test_stage_bands_cover_the_scale_from_one_to_five() -> None:
    assert [
        StageBand(1, 1.0, 1.8),
        StageBand(2, 1.8, 2.6),
        StageBand(3, 2.6, 3.4),
        StageBand(4, 3.4, 4.2),
        StageBand(5, 4.2, 5.0),
    ] == departments.stage_bands(INSTRUMENT)


def test_stage_profile_rows_pair_each_dimension_with_the_organisation() -> None:
    rows = departments.stage_profile_rows(
        group("IT", 3.0), group(scoring.ORGANISATION, 2.0), INSTRUMENT, "de"
    )
    assert list(CODES) == [row.score.dimension for row in rows]
    assert [2.0] * len(CODES) == [row.comparison.mean for row in rows if row.comparison is not None]
    assert ["Silos &<br>Wissensaustausch", "Transparenz"] == [row.label for row in rows[:2]]
    assert all(
        row.comparison is None
        for row in departments.stage_profile_rows(group("IT", 3.0), None, INSTRUMENT, "en")
    )


@pytest.mark.parametrize(
    ("means", "name", "expected"),
    [
        ({**dict.fromkeys(CODES, 2.0), "KUL": 4.5}, "IT", "IT: von Experimentieren bis Social Enterprise"),
        (3.0, scoring.ORGANISATION, "Gesamtorganisation: in jeder Dimension Koordiniert"),
        (None, "IT", "IT: Stufe je Dimension"),
    ],
)
def test_stage_profile_title_names_the_lowest_and_highest_stage(
    means: dict[str, float] | float | None, name: str, expected: str
) -> None:
    assert expected == departments.stage_profile_title(group(name, means), INSTRUMENT, "de")


@pytest.mark.parametrize(
    ("facet", "lang", "expected"),
    [("media", "de", "Medienkompetenz"), ("internal", "en", "internal"), ("unknown", "de", "unknown")],
)
def test_facet_label_falls_back_to_the_facet_itself(facet: str, lang: str, expected: str) -> None:
    assert expected == departments.facet_label(facet, lang)


def test_facet_order_follows_the_questionnaire() -> None:
    assert ["media", "empathy", "creativity", "project", "resilience"] == departments.facet_order(
        "KOM", INSTRUMENT
    )
    assert ["internal", "external"] == departments.facet_order("TRA", INSTRUMENT)
    assert [] == departments.facet_order("SIL", INSTRUMENT)


def test_facet_rows_compare_each_facet_with_the_organisations() -> None:
    facets = {"media": score("media", 3.0), "empathy": score("empathy", 4.0)}
    rows = departments.facet_rows(["empathy", "media"], facets, {"media": score("media", 2.0)}, "en")
    assert [("Empathy", 4.0, None), ("Media competence", 3.0, 2.0)] == [
        (row.label, row.score.mean, row.comparison.mean if row.comparison else None) for row in rows
    ]


@pytest.mark.parametrize(
    ("means", "expected"),
    [
        (
            {"media": 3.0, "empathy": 4.0, "project": 2.0},
            "Kernkompetenzen: am stärksten Empathie, am schwächsten Projektmanagement",
        ),
        ({"media": 3.0, "empathy": None}, "Kernkompetenzen"),
    ],
)
def test_competency_title_names_the_strongest_and_weakest(
    means: dict[str, float | None], expected: str
) -> None:
    facets = {facet: score(facet, mean) if mean is not None else HIDDEN for facet, mean in means.items()}
    assert expected == departments.competency_title(list(facets), facets, "de")


@pytest.mark.parametrize(
    ("internal", "external", "expected"),
    [
        (2.6, 3.9, "outside"),
        (3.0, 3.2, "outside"),
        (3.0, 3.19, "even"),
        (3.0, 2.81, "even"),
        (3.2, 3.0, "inside"),
    ],
)
def test_a_side_is_more_open_from_a_published_gap_of_a_fifth_point(
    internal: float, external: float, expected: str
) -> None:
    facets = {"internal": score("internal", internal), "external": score("external", external)}
    claim = claims.openness_claim(facets)
    assert claim is not None
    assert expected == {"above": "outside", "below": "inside", "level": "even"}[claim.direction]


@pytest.mark.parametrize(
    ("facets", "expected"),
    [
        (
            {"internal": score("internal", 2.6), "external": score("external", 3.9)},
            "Nach außen offener (3,90) als nach innen (2,60)",
        ),
        (
            {"internal": score("internal", 3.9), "external": score("external", 2.6)},
            "Nach innen offener (3,90) als nach außen (2,60)",
        ),
        (
            {"internal": score("internal", 3.0), "external": score("external", 3.1)},
            "Innen (3,00) und außen (3,10) gleich transparent",
        ),
        ({"internal": score("internal", 3.0), "external": HIDDEN}, "Transparenz innen und außen"),
        ({}, "Transparenz innen und außen"),
    ],
)
def test_transparency_title(facets: dict[str, DimensionScore], expected: str) -> None:
    assert expected == departments.transparency_title(facets, "de")


# ------------------------------------------------------------------------------------------- figures


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
