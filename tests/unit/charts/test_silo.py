"""The silo map: the order of departments, what each cell, edge and node shows, and the figures."""

from __future__ import annotations

import dataclasses
import math

import pytest
from chart_data import INSTRUMENT, cells, plain, spec

from smm_maturity import scoring
from smm_maturity.charts import silo
from smm_maturity.charts.silo import EdgeStyle, MatrixCell
from smm_maturity.charts.theme import visible_text
from smm_maturity.palette import PALETTE, STAGE_COLOURS
from smm_maturity.scoring import CollaborationCell, SiloScore


def silo_score(name: str, given: float | None, received: float | None, isolated: bool = False) -> SiloScore:
    both = [value for value in (given, received) if value is not None]
    return SiloScore(name, given, received, sum(both) / len(both) if both else None, isolated)


# ------------------------------------------------------------------------------------------ decisions


def test_silo_order_runs_from_best_connected_to_isolated_with_unscored_last() -> None:
    silos = [
        silo_score("B", 3.0, 3.0),
        silo_score("Z", None, None),
        silo_score("A", 3.0, 3.0),
        silo_score("C", 4.0, 4.0),
    ]
    assert ["C", "A", "B", "Z"] == silo.silo_order(silos)


@pytest.mark.parametrize(
    ("rater", "target", "cell", "expected"),
    [
        ("A", "A", None, MatrixCell(None, False, "", "")),
        ("A", "B", None, MatrixCell(None, False, "", "A → B")),
        (
            "D",
            "A",
            CollaborationCell("D", "A", 3, True),
            MatrixCell(
                None,
                True,
                "–",
                "<b>D → A</b><br>Zum Schutz der Anonymität ausgeblendet: weniger<br>Antworten als die Mindestgröße"
                " von 5, oder<br>nötig, um eine kleinere Gruppe zu schützen.",
            ),
        ),
        (
            "A",
            "C",
            CollaborationCell("A", "C", 8, False, 1.5),
            MatrixCell(1, False, "1,50", "<b>A → C</b><br>Bewertung: 1,50<br>Bewertende: 8"),
        ),
    ],
)
def test_matrix_cell(rater: str, target: str, cell: CollaborationCell | None, expected: MatrixCell) -> None:
    assert expected == silo.matrix_cell(rater, target, cell, INSTRUMENT, 5, "de")


def test_matrix_title_names_the_department_that_receives_the_weakest_ratings() -> None:
    silos = [silo_score("A", 3.0, 3.5), silo_score("R&D", 4.0, 2.0), silo_score("X", 2.0, None)]
    assert "Who works with whom: R&amp;D receives the weakest ratings" == silo.matrix_title(silos, "en")
    assert "Who works with whom" == silo.matrix_title([silo_score("X", 2.0, None)], "en")


def test_circle_positions_start_at_the_top_and_run_clockwise() -> None:
    positions = silo.circle_positions(["N", "E", "S", "W"])
    assert pytest.approx((0.0, 1.0)) == positions["N"]
    assert pytest.approx((1.0, 0.0)) == positions["E"]
    assert pytest.approx((0.0, -1.0)) == positions["S"]
    assert pytest.approx((-1.0, 0.0)) == positions["W"]
    assert {} == silo.circle_positions([])


def test_network_edges_join_both_directions_and_leave_out_hidden_ratings_weakest_first() -> None:
    edges = silo.network_edges(cells())
    assert [("A", "C"), ("B", "C"), ("C", "D"), ("A", "D"), ("B", "D"), ("A", "B")] == [
        (edge.first, edge.second) for edge in edges
    ]
    assert pytest.approx([1.65, 1.8, 2.0, 3.0, 3.2, 4.4]) == [edge.mean for edge in edges]
    assert [("A", "B"), ("B", "A")] == [(cell.rater, cell.target) for cell in edges[-1].ratings]


def test_midpoint() -> None:
    assert (0.5, -0.25) == silo.midpoint((0.0, 0.5), (1.0, -1.0))


@pytest.mark.parametrize(
    ("mean", "stage", "expected"),
    [
        (4.4, 5, EdgeStyle(STAGE_COLOURS[5], 6.4, "solid", 1.0)),
        (3.0, 3, EdgeStyle(STAGE_COLOURS[3], 1.5, "solid", 0.55)),
        (2.0, 2, EdgeStyle(STAGE_COLOURS[2], 2.5, "dash", 1.0)),
    ],
)
def test_edge_style_draws_connecting_ratings_solid_and_dividing_ones_dashed(
    mean: float, stage: int, expected: EdgeStyle
) -> None:
    style = silo.edge_style(mean, stage)
    assert expected == dataclasses.replace(style, width=round(style.width, 6))


def test_edge_hover_shows_the_mean_then_each_direction() -> None:
    edge = silo.network_edges(cells())[-1]
    assert "<b>A ↔ B</b><br>Rating: 4.40<br>A → B: 4.50<br>B → A: 4.30" == silo.edge_hover(edge, "en")


def test_node_label_and_hover_mark_an_isolated_department() -> None:
    isolated = silo_score("<C>", 1.5, 1.7, isolated=True)
    assert f"<b>&lt;C&gt;</b><br><span style='color:{PALETTE.disagree}'>isolated</span>" == silo.node_label(
        isolated, "en"
    )
    assert "A" == silo.node_label(silo_score("A", 3.0, 3.0), "en")
    assert (
        "<b>&lt;C&gt;</b><br>Silo score: 1.60<br>gives others: 1.50<br>receives from others: 1.70<br><b>isolated</b>"
        == silo.node_hover(isolated, "en")
    )


def test_given_text_says_hidden_when_a_departments_own_ratings_are_hidden() -> None:
    assert "ausgeblendet" == silo.given_text(silo_score("D", None, 2.7), "de")
    assert "2,70" == silo.given_text(silo_score("D", 2.7, None), "de")


@pytest.mark.parametrize(
    ("angle", "expected"),
    [
        (90, "top center"),
        (0, "middle right"),
        (180, "middle left"),
        (270, "bottom center"),
        (45, "top right"),
    ],
)
def test_label_position_points_away_from_the_centre(angle: float, expected: str) -> None:
    radians = math.radians(angle)
    assert expected == silo.label_position(math.cos(radians), math.sin(radians))


def test_label_position_at_the_centre_is_above() -> None:
    assert "top center" == silo.label_position(0.0, 0.0)


def test_network_title_lists_the_isolated_departments_weakest_first() -> None:
    silos = [silo_score("A", 3.0, 3.0), silo_score("C", 1.5, 1.7, True), silo_score("E&F", 1.0, 1.2, True)]
    assert "E&amp;F and C are isolated from the rest" == silo.network_title(silos, "en")
    assert "C ist vom Rest isoliert" == silo.network_title(silos[:2], "de")
    assert "No department is isolated" == silo.network_title(silos[:1], "en")


def test_gives_receives_order_runs_from_best_received_with_unrated_last() -> None:
    silos = [silo_score("A", 3.0, None), silo_score("B", 3.0, 2.0), silo_score("C", 1.0, 4.0)]
    assert ["C", "B", "A"] == [s.department for s in silo.gives_receives_order(silos)]


def test_received_colour_is_the_stage_of_the_received_rating_or_grey() -> None:
    assert STAGE_COLOURS[4] == silo.received_colour(silo_score("A", None, 3.5), INSTRUMENT)
    assert PALETTE.hidden == silo.received_colour(silo_score("A", 3.5, None), INSTRUMENT)


@pytest.mark.parametrize(
    ("silos", "expected"),
    [
        (
            [silo_score("A", 4.0, 3.0), silo_score("B", 3.0, 3.2)],
            "A rates the collaboration higher than the others rate it",
        ),
        (
            [silo_score("A", 3.0, 3.1), silo_score("B", 2.0, 3.5)],
            "B is rated higher by others than it rates them",
        ),
        (
            [silo_score("A", 5.0, 3.0), silo_score("B", 2.0, 4.0)],
            "B is rated higher by others than it rates them",
        ),
        ([silo_score("A", None, 3.0)], "Giving and receiving"),
    ],
)
def test_gives_receives_title_names_the_widest_gap_first_in_chart_order(
    silos: list[SiloScore], expected: str
) -> None:
    assert expected == silo.gives_receives_title(silos, "en")


# ------------------------------------------------------------------------------------------- figures


def test_the_silo_network_marks_isolated_departments_and_draws_only_visible_ratings() -> None:
    silos = scoring.silo_scores(cells())
    figure = spec(silo.silo_network(cells(), silos, INSTRUMENT, "en"))
    nodes = figure["data"][-1]
    isolated = {
        visible_text(text.split("<br>")[0]): symbol
        for text, symbol in zip(nodes["text"], nodes["marker"]["symbol"], strict=True)
    }
    assert "circle-x" == isolated["C"]
    assert "circle" == isolated["A"]
    assert "C is isolated from the rest" == plain(figure["layout"]["title"]["text"])
    edges = [trace for trace in figure["data"] if trace.get("mode") == "lines"]
    assert 6 == len(edges)


def test_the_silo_matrix_greys_hidden_cells_and_leaves_the_diagonal_empty() -> None:
    silos = scoring.silo_scores(cells())
    figure = spec(silo.silo_matrix(cells(), silos, INSTRUMENT, 5, "de"))
    hidden_layer, ratings = figure["data"]
    order = ratings["y"]
    d = order.index("D")
    assert [1 if target != "D" else None for target in order] == hidden_layer["z"][d]
    assert all(ratings["z"][i][i] is None for i in range(len(order)))
    assert "1,50" == ratings["text"][order.index("A")][order.index("C")]


def test_gives_and_receives_shows_the_received_rating_of_a_department_whose_own_ratings_are_hidden() -> None:
    silos = scoring.silo_scores(cells())
    figure = spec(silo.gives_receives(silos, INSTRUMENT, "en"))
    gives, receives = figure["data"][-2:]
    d = gives["y"].index("D")
    assert gives["x"][d] is None
    assert 2.73 == round((3.0 + 3.2 + 2.0) / 3, 2) == receives["x"][d]


def test_gives_and_receives_draws_a_dark_line_only_for_a_wide_gap() -> None:
    silos = [silo_score("A", 4.0, 3.0), silo_score("B", 3.0, 3.2), silo_score("C", None, 3.0)]
    lines = [
        trace
        for trace in spec(silo.gives_receives(silos, INSTRUMENT, "en"))["data"]
        if trace["mode"] == "lines"
    ]
    assert [(["B", "B"], PALETTE.line), (["A", "A"], PALETTE.muted)] == [
        (trace["y"], trace["line"]["color"]) for trace in lines
    ]
