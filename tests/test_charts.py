"""The chart builders, tested on hand-made scores and on the demo organisation, without Streamlit."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import duckdb
import pandas as pd
import plotly.graph_objects as go
import pytest
from figure_data import numbers

from smm_maturity import charts, scoring, store
from smm_maturity.instrument import load_instrument
from smm_maturity.scoring import CollaborationCell, DimensionScore, GroupScore, TrendPoint, WaveScores

INSTRUMENT = load_instrument()
CODES = INSTRUMENT.dimension_codes
LANGUAGES = ("de", "en")


def group(name: str, means: dict[str, float] | float | None, respondents: int = 10) -> GroupScore:
    """A shown group with the given dimension means (one value for all), or a suppressed one for None."""
    if means is None:
        return GroupScore(
            group=name,
            respondents=respondents,
            suppressed=True,
            dimensions={code: DimensionScore(code, 0, True) for code in CODES},
        )
    values = means if isinstance(means, dict) else dict.fromkeys(CODES, means)
    dimensions = {
        code: DimensionScore(
            code, respondents, False, values[code], 0.5, values[code] - 0.2, values[code] + 0.2, None
        )
        for code in CODES
    }
    dimensions = {
        code: DimensionScore(
            score.dimension,
            score.n,
            False,
            score.mean,
            score.sd,
            score.ci_low,
            score.ci_high,
            scoring.stage_for(score.mean, INSTRUMENT.stages),
        )
        for code, score in dimensions.items()
    }
    mean = sum(values.values()) / len(values)
    return GroupScore(
        group=name,
        respondents=respondents,
        suppressed=False,
        dimensions=dimensions,
        mean=scoring.round_mean(mean),
        index=scoring.index_for(mean),
        stage=scoring.stage_for(mean, INSTRUMENT.stages),
    )


def wave(min_size: int = 5) -> WaveScores:
    """A wave with a strong, a weak, a tiny (hidden) and a complementary-hidden department."""
    return WaveScores(
        wave="Welle 1",
        min_size=min_size,
        organisation=group(scoring.ORGANISATION, 3.0, 40),
        departments=(
            group("Stark", 4.3, 12),
            group("Schwach", 1.7, 15),
            group("Klein", None, 3),
            group("Mittel", None, 10),
        ),
    )


def plain(text: str) -> str:
    """A Plotly label as the viewer reads it: line breaks as spaces, tags removed."""
    return charts._visible(text.replace("<br>", " "))


def spec(figure: go.Figure) -> dict:
    """A figure as the browser receives it."""
    return json.loads(figure.to_json())


@pytest.fixture(scope="module")
def demo(demo_db_template: object) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the demo organisation."""
    con = duckdb.connect(str(demo_db_template), read_only=True)
    yield con
    con.close()


def demo_builders(con: duckdb.DuckDBPyConnection) -> dict[str, Callable[[str], go.Figure]]:
    """Every chart of the dashboard, built from the demo organisation's newest wave."""
    names = [w.name for w in store.waves(con)]
    latest, previous = scoring.wave_scores(con, names[-1]), scoring.wave_scores(con, names[-2])
    cells = scoring.collaboration_cells(con, names[-1])
    silos = scoring.silo_scores(cells)
    points = scoring.trend(con, names)
    marketing = latest.department("Marketing")
    kom = scoring.facet_scores(con, names[-1], "KOM", "Marketing")
    tra = scoring.facet_scores(con, names[-1], "TRA", "Marketing")
    distribution = scoring.item_distribution(con, names[-1], "Marketing")
    return {
        "heatmap": lambda lang: charts.stage_heatmap(latest, INSTRUMENT, lang),
        "org_radar": lambda lang: charts.organisation_radar(latest, previous, INSTRUMENT, lang),
        "department_radar": lambda lang: charts.department_radar(
            marketing, latest.organisation, INSTRUMENT, lang
        ),
        "stage_profile": lambda lang: charts.stage_profile(marketing, latest.organisation, INSTRUMENT, lang),
        "competencies": lambda lang: charts.competency_profile(kom, kom, "Marketing", INSTRUMENT, lang),
        "transparency": lambda lang: charts.transparency_chart(tra, tra, "Marketing", INSTRUMENT, lang),
        "likert": lambda lang: charts.likert_bars(distribution, "TRA", INSTRUMENT, lang),
        "matrix": lambda lang: charts.silo_matrix(cells, silos, INSTRUMENT, 5, lang),
        "network": lambda lang: charts.silo_network(cells, silos, INSTRUMENT, lang),
        "gives_receives": lambda lang: charts.gives_receives(silos, INSTRUMENT, lang),
        "trend": lambda lang: charts.trend_lines(points, INSTRUMENT, lang, "Gesamtorganisation"),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_demo_chart_is_a_valid_plotly_figure_with_title_hover_and_number_format(
    demo: duckdb.DuckDBPyConnection, lang: str
) -> None:
    for name, build in demo_builders(demo).items():
        figure = build(lang)
        validated = go.Figure(figure.to_dict())
        layout = spec(validated)["layout"]
        assert layout["title"]["text"].strip("<b>/ "), name
        assert layout["title"]["subtitle"]["text"], name
        assert (",." if lang == "de" else ".,") == layout["separators"], name
        assert layout["font"]["size"] >= 16, name
        for trace in spec(validated)["data"]:
            assert "hovertemplate" in trace or trace.get("hoverinfo") == "skip", (name, trace["type"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_cartesian_demo_chart_labels_its_axes(demo: duckdb.DuckDBPyConnection, lang: str) -> None:
    for name in ("stage_profile", "competencies", "transparency", "likert", "matrix", "gives_receives"):
        layout = spec(demo_builders(demo)[name](lang))["layout"]
        assert layout["xaxis"]["title"]["text"], name


def test_the_stage_palette_has_five_distinct_colours_and_a_grey_for_hidden() -> None:
    assert 5 == len(set(charts.STAGE_COLOURS.values()))
    assert charts.HIDDEN_COLOUR not in charts.STAGE_COLOURS.values()
    assert charts.HIDDEN_COLOUR == charts.stage_colour(None)


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
    figure = spec(charts.stage_heatmap(wave(min_size), INSTRUMENT, lang))
    heatmap = figure["data"][0]
    columns = [charts._visible(label) for label in heatmap["x"]]
    small, partner = columns.index("Klein"), columns.index("Mittel")
    for column in (small, partner):
        assert [0] * len(heatmap["z"]) == [row[column] for row in heatmap["z"]]
        assert [""] * len(heatmap["text"]) == [row[column] for row in heatmap["text"]]
    notes = {note["x"]: note["text"] for note in figure["layout"]["annotations"]}
    assert reason == notes[small]
    assert charts.t("hidden.complementary", lang) == notes[partner]
    assert reason in heatmap["customdata"][0][small]


def test_the_heatmap_orders_departments_from_strongest_to_weakest_after_the_organisation() -> None:
    heatmap = spec(charts.stage_heatmap(wave(), INSTRUMENT, "en"))["data"][0]
    assert ["Whole organisation", "Stark", "Schwach", "Klein", "Mittel"] == [
        charts._visible(label) for label in heatmap["x"]
    ]
    assert "Stark is furthest ahead, Schwach needs the most support" == plain(
        spec(charts.stage_heatmap(wave(), INSTRUMENT, "en"))["layout"]["title"]["text"]
    )


def test_the_heatmap_colours_cells_by_stage() -> None:
    heatmap = spec(charts.stage_heatmap(wave(), INSTRUMENT, "de"))["data"][0]
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
    text = charts.stage_heatmap(evil, INSTRUMENT, "de").to_json()
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
        assert secret not in set(numbers(spec(charts.stage_heatmap(scores, INSTRUMENT, lang))))


def test_the_department_radar_compares_with_the_organisation() -> None:
    department = group("Stark", {code: 3.0 + index * 0.1 for index, code in enumerate(CODES)})
    figure = spec(charts.department_radar(department, group(scoring.ORGANISATION, 3.0), INSTRUMENT, "de"))
    organisation, own = figure["data"]
    assert [3.0] * 9 == organisation["r"]
    assert pytest.approx([3.0 + index * 0.1 for index in range(8)] + [3.0]) == own["r"]
    assert "Stark" == own["name"]
    assert "Gesamtorganisation" == organisation["name"]


def test_the_organisation_radar_names_the_biggest_gain_since_the_previous_wave() -> None:
    before = WaveScores("Frühjahr", 5, group(scoring.ORGANISATION, 2.5), ())
    after = WaveScores(
        "Herbst", 5, group(scoring.ORGANISATION, {**dict.fromkeys(CODES, 2.6), "MON": 3.4}), ()
    )
    title = spec(charts.organisation_radar(after, before, INSTRUMENT, "de"))["layout"]["title"]["text"]
    assert "Seit Frühjahr gewachsen, am stärksten bei Monitoring & Erfolgskontrolle (+0,90)" == plain(title)


def test_likert_bars_diverge_around_zero_with_neutral_centred_and_name_the_least_favourable_item() -> None:
    """TRA3 is reverse-coded, so its 30 % agreement weighs more than TRA1's 20 % disagreement."""
    distribution = pd.DataFrame(
        {
            "item_code": ["TRA1", "TRA3"],
            "n": [20, 20],
            "disagree": [0.2, 0.6],
            "neutral": [0.3, 0.1],
            "agree": [0.5, 0.3],
            "mean": [3.4, 2.5],
            "sd": [1.1, 0.9],
        }
    )
    figure = spec(charts.likert_bars(distribution, "TRA", INSTRUMENT, "en"))
    disagree, neutral, agree = figure["data"][:3]
    assert pytest.approx([-0.35, -0.65]) == disagree["base"]
    assert pytest.approx([-0.15, -0.05]) == neutral["base"]
    assert pytest.approx([0.15, 0.05]) == agree["base"]
    assert ["SD 1.1", "SD 0.9"] == figure["data"][3]["text"]
    assert "Transparency: TRA3 is seen most critically" == plain(figure["layout"]["title"]["text"])


def test_likert_shares_are_written_level_even_in_a_narrow_bar() -> None:
    """A rotated "9 %" reads as "% 6"; a label that does not fit shrinks instead."""
    distribution = pd.DataFrame(
        {"item_code": ["TRA1"], "n": [11], "disagree": [0.09], "neutral": [0.36], "agree": [0.55]}
        | {"mean": [3.6], "sd": [0.7]}
    )
    figure = spec(charts.likert_bars(distribution, "TRA", INSTRUMENT, "de"))
    bars = figure["data"][:3]
    assert [["9\u00a0%"], ["36\u00a0%"], ["55\u00a0%"]] == [bar["text"] for bar in bars]
    assert [0, 0, 0] == [bar["textangle"] for bar in bars]


def test_transparency_title_says_which_side_is_more_open() -> None:
    facets = {
        "internal": DimensionScore("internal", 9, False, 2.6, 0.5, 2.2, 3.0, 2),
        "external": DimensionScore("external", 9, False, 3.9, 0.5, 3.5, 4.3, 4),
    }
    title = spec(charts.transparency_chart(facets, None, "IT", INSTRUMENT, "de"))["layout"]["title"]["text"]
    assert "Nach außen offener (3,90) als nach innen (2,60)" == plain(title)


def cells() -> list[CollaborationCell]:
    """Four departments: A and B work well together, C is cut off, D's own ratings are hidden."""
    ratings = {
        ("A", "B"): 4.5,
        ("B", "A"): 4.3,
        ("A", "C"): 1.5,
        ("C", "A"): 1.8,
        ("B", "C"): 2.0,
        ("C", "B"): 1.6,
        ("A", "D"): 3.0,
        ("B", "D"): 3.2,
        ("C", "D"): 2.0,
    }
    result = [CollaborationCell(rater, target, 8, False, mean) for (rater, target), mean in ratings.items()]
    return result + [CollaborationCell("D", target, 3, True) for target in "ABC"]


def test_the_silo_network_marks_isolated_departments_and_draws_only_visible_ratings() -> None:
    silos = scoring.silo_scores(cells())
    figure = spec(charts.silo_network(cells(), silos, INSTRUMENT, "en"))
    nodes = figure["data"][-1]
    isolated = {
        charts._visible(text.split("<br>")[0]): symbol
        for text, symbol in zip(nodes["text"], nodes["marker"]["symbol"], strict=True)
    }
    assert "circle-x" == isolated["C"]
    assert "circle" == isolated["A"]
    assert "C: cut off from the rest" == plain(figure["layout"]["title"]["text"])
    edges = [trace for trace in figure["data"] if trace.get("mode") == "lines"]
    assert 6 == len(edges)


def test_the_silo_matrix_greys_hidden_cells_and_leaves_the_diagonal_empty() -> None:
    silos = scoring.silo_scores(cells())
    figure = spec(charts.silo_matrix(cells(), silos, INSTRUMENT, 5, "de"))
    hidden_layer, ratings = figure["data"]
    order = ratings["y"]
    d = order.index("D")
    assert [1 if target != "D" else None for target in order] == hidden_layer["z"][d]
    assert all(ratings["z"][i][i] is None for i in range(len(order)))
    assert "1,50" == ratings["text"][order.index("A")][order.index("C")]


def test_gives_and_receives_shows_the_received_rating_of_a_department_whose_own_ratings_are_hidden() -> None:
    silos = scoring.silo_scores(cells())
    figure = spec(charts.gives_receives(silos, INSTRUMENT, "en"))
    gives, receives = figure["data"][-2:]
    d = gives["y"].index("D")
    assert gives["x"][d] is None
    assert 2.73 == round((3.0 + 3.2 + 2.0) / 3, 2) == receives["x"][d]


def trend_points() -> list[TrendPoint]:
    """Two waves of one dimension: SIL changes clearly, the rest stays flat."""
    points = []
    for wave_name, mean, change, p in (("W1", 2.0, None, None), ("W2", 2.8, 0.8, 0.001)):
        for code in CODES:
            shift = mean if code == "SIL" else 3.0
            clear = code == "SIL" and change is not None
            points.append(
                TrendPoint(
                    wave_name,
                    code,
                    20,
                    False,
                    shift,
                    shift - 0.2,
                    shift + 0.2,
                    (change if code == "SIL" else 0.0) if change is not None else None,
                    (p if code == "SIL" else 0.8) if p is not None else None,
                    clear,
                )
            )
    return points


def test_trend_lines_mark_clear_changes_filled_and_others_hollow() -> None:
    figure = spec(charts.trend_lines(trend_points(), INSTRUMENT, "de", "Gesamtorganisation"))
    clear = [trace for trace in figure["data"] if trace.get("name") == "klare Veränderung"]
    flat = [trace for trace in figure["data"] if trace.get("name") == "keine klare Veränderung"]
    assert 1 == len(clear)
    assert ["+0,80"] == clear[0]["text"]
    assert 7 == len(flat)
    assert all("white" == trace["marker"]["color"] for trace in flat)
    assert "Gesamtorganisation: seit W1 klar verändert in 1 von 8 Dimensionen" == plain(
        figure["layout"]["title"]["text"]
    )


def test_trend_lines_with_one_wave_say_there_is_no_trend_yet() -> None:
    first = [point for point in trend_points() if point.wave == "W1"]
    title = spec(charts.trend_lines(first, INSTRUMENT, "en", "IT"))["layout"]["title"]["text"]
    assert "IT: one wave so far, no trend yet" == plain(title)


@pytest.mark.parametrize(
    ("label", "width", "expected"),
    [
        ("Transparenz", 14, "Transparenz"),
        ("Silos & Wissensaustausch", 14, "Silos &<br>Wissensaustausch"),
        ("Abteilungskoordination", 14, "Abteilungs-<br>koordination"),
        ("Department coordination", 14, "Department<br>coordination"),
    ],
)
def test_wrap_label(label: str, width: int, expected: str) -> None:
    assert expected == charts.wrap_label(label, width)
