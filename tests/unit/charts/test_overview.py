"""The overview's stage heatmap: what each column and cell shows, and the figure built from it."""

from __future__ import annotations

import json

import pytest
from chart_data import CODES, INSTRUMENT, LANGUAGES, group, plain, spec, wave
from figure_data import numbers

from smm_maturity import scoring
from smm_maturity.charts import overview
from smm_maturity.charts.theme import visible_text, wrap_text
from smm_maturity.i18n import t
from smm_maturity.scoring import DimensionScore, GroupScore, WaveScores

# ------------------------------------------------------------------------------------------ decisions


def test_heatmap_columns_put_the_organisation_first_then_shown_departments_by_index_then_hidden_by_name() -> (
    None
):
    scores = WaveScores(
        "W",
        5,
        group(scoring.ORGANISATION, 3.0),
        (
            group("Zeta", None, 9),
            group("Beta", 3.0),
            group("Alpha", 3.0),
            group("Top", 4.5),
            group("Ada", None, 3),
        ),
    )
    assert [scoring.ORGANISATION, "Top", "Alpha", "Beta", "Ada", "Zeta"] == [
        column.group for column in overview.heatmap_columns(scores)
    ]


def test_heatmap_rows_are_the_dimensions_then_the_overall_row() -> None:
    assert [*CODES, None] == overview.heatmap_rows(INSTRUMENT)
    assert "<b>Overall</b>" == overview.heatmap_row_label(None, INSTRUMENT, "en")
    assert "Transparenz" == overview.heatmap_row_label("TRA", INSTRUMENT, "de")


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [(scoring.ORGANISATION, "de", "<b>Gesamtorganisation</b>"), ("R&D", "en", "R&amp;D")],
)
def test_group_label(name: str, lang: str, expected: str) -> None:
    assert expected == overview.group_label(group(name, 3.0), lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_hidden_group_gives_the_one_reason_whatever_its_size(lang: str) -> None:
    """A group hidden for its size and one hidden with it read alike: the text tells no count."""
    hovers = {
        overview.heatmap_cell(group("X", None, respondents), "TRA", INSTRUMENT, 5, lang).hover
        for respondents in (1, 3, 4, 5, 12)
    }
    assert {f"<b>X</b><br>{wrap_text(t('hidden.protected', lang, k=5), 48)}"} == hovers


def test_a_shown_cell_says_its_mean_and_hovers_with_stage_and_n() -> None:
    cell = overview.heatmap_cell(group("Stark", 4.3, 12), "TRA", INSTRUMENT, 5, "de")
    assert (
        overview.HeatmapCell(
            5,
            "4,30",
            "<b>Stark</b><br>Transparenz<br>Mittelwert: 4,30<br>Stufe: 5 – Social Enterprise<br>n = 12",
        )
        == cell
    )


def test_the_overall_cell_says_the_groups_mean_in_bold_with_its_index() -> None:
    cell = overview.heatmap_cell(group(scoring.ORGANISATION, 3.0, 40), None, INSTRUMENT, 5, "en")
    assert (
        overview.HeatmapCell(
            3,
            "<b>3.00</b>",
            "<b>Whole organisation</b><br>Overall<br>Mean: 3.00<br>Index: 50.0<br>Stage: 3 – Coordinated",
        )
        == cell
    )


def test_a_suppressed_groups_cell_is_empty_and_says_why() -> None:
    cell = overview.heatmap_cell(group("Klein", None, 3), "TRA", INSTRUMENT, 7, "en")
    reason = wrap_text(t("hidden.protected", "en", k=7), 48)
    assert overview.HeatmapCell(0, "", f"<b>Klein</b><br>{reason}") == cell


def test_a_hidden_dimension_of_a_shown_group_is_a_dash_that_says_why() -> None:
    shown = group("Stark", 4.3, 12)
    hidden = GroupScore(
        shown.group, 12, False, {**shown.dimensions, "TRA": DimensionScore("TRA", 2, True)}, 4.3, 82.5, 5
    )
    cell = overview.heatmap_cell(hidden, "TRA", INSTRUMENT, 5, "de")
    reason = wrap_text(t("hidden.protected", "de", k=5), 48)
    assert overview.HeatmapCell(0, "–", f"<b>Stark</b><br>Transparenz<br>{reason}") == cell


def test_hidden_column_notes_name_the_index_and_the_one_reason_of_each_hidden_column() -> None:
    columns = overview.heatmap_columns(wave())
    assert [
        (3, "hidden to protect anonymity"),
        (4, "hidden to protect anonymity"),
    ] == overview.hidden_column_notes(columns, "en")


@pytest.mark.parametrize(
    ("departments", "expected"),
    [
        (
            (group("Stark", 4.3), group("Schwach", 1.7), group("Klein", None, 3)),
            "Stark is furthest ahead, Schwach needs the most support",
        ),
        ((group("Stark", 4.3), group("Klein", None, 3)), "Maturity by department and dimension"),
        ((), "Maturity by department and dimension"),
    ],
)
def test_heatmap_title_names_the_strongest_and_weakest_of_at_least_two_shown(
    departments: tuple[GroupScore, ...], expected: str
) -> None:
    scores = WaveScores("W", 5, group(scoring.ORGANISATION, 3.0), departments)
    assert expected == plain(overview.heatmap_title(scores, "en"))


def test_the_stage_legend_starts_with_hidden_then_names_each_stage() -> None:
    assert [
        "hidden",
        "1 Outpost",
        "2 Experimenting",
        "3 Coordinated",
        "4 Integrated",
        "5 Social Enterprise",
    ] == (overview.stage_legend(INSTRUMENT, "en"))


# ------------------------------------------------------------------------------------------- figures


@pytest.mark.parametrize(("min_size", "lang"), [(5, "de"), (5, "en"), (7, "de"), (7, "en")])
def test_the_heatmap_shows_hidden_groups_as_grey_columns_that_say_why(min_size: int, lang: str) -> None:
    """The small group and the one hidden with it give the same reason: neither says which is the small one."""
    figure = spec(overview.stage_heatmap(wave(min_size), INSTRUMENT, lang))
    heatmap = figure["data"][0]
    columns = [visible_text(label) for label in heatmap["x"]]
    small, partner = columns.index("Klein"), columns.index("Mittel")
    for column in (small, partner):
        assert [0] * len(heatmap["z"]) == [row[column] for row in heatmap["z"]]
        assert [""] * len(heatmap["text"]) == [row[column] for row in heatmap["text"]]
    notes = {
        note["x"]: note["text"] for note in figure["layout"]["annotations"] if note.get("textangle") == -90
    }
    assert t("hidden.short", lang) == notes[small] == notes[partner]
    reason = wrap_text(t("hidden.protected", lang, k=min_size), 48)
    assert all(reason in row[small] and reason in row[partner] for row in heatmap["customdata"])
    assert f"{min_size}" in plain(figure["layout"]["title"]["subtitle"]["text"])


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


def test_the_department_names_stand_on_top_horizontally_every_other_one_a_line_higher() -> None:
    notes = [
        n
        for n in spec(overview.stage_heatmap(wave(), INSTRUMENT, "en"))["layout"]["annotations"]
        if n.get("yref") == "paper" and n.get("xref") == "x"
    ]
    assert [
        ("<b>Whole organisation</b>", 4),
        ("Stark", 26),
        ("Schwach", 4),
        ("Klein", 26),
        ("Mittel", 4),
    ] == [(note["text"], note["yshift"]) for note in notes]
    assert all(note.get("textangle") is None and note["yanchor"] == "bottom" for note in notes)


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
