"""The silo map: the order of departments, what each cell, edge and node shows, and the figures."""

from __future__ import annotations

import pytest
from chart_data import INSTRUMENT, cells, plain, spec

from smm_maturity import scoring
from smm_maturity.charts import silo
from smm_maturity.charts.theme import visible_text
from smm_maturity.palette import PALETTE
from smm_maturity.scoring import SiloScore


def silo_score(name: str, given: float | None, received: float | None, isolated: bool = False) -> SiloScore:
    both = [value for value in (given, received) if value is not None]
    return SiloScore(name, given, received, sum(both) / len(both) if both else None, isolated)


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
    assert "C: cut off from the rest" == plain(figure["layout"]["title"]["text"])
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
    assert pytest.approx((3.0 + 3.2 + 2.0) / 3) == receives["x"][d]


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
