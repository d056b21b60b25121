"""Every chart builder on the demo organisation, without Streamlit: valid figures with the shared look."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import plotly.graph_objects as go
import pytest
from chart_data import INSTRUMENT, LANGUAGES, spec

from smm_maturity import charts, palette, scoring, store

CHARTS_DIR = Path(charts.__file__).resolve().parent


@pytest.fixture(scope="module")
def demo(demo_db_template: object) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the demo organisation."""
    con = duckdb.connect(str(demo_db_template), read_only=True)
    yield con
    con.close()


def demo_builders(con: duckdb.DuckDBPyConnection) -> dict[str, Callable[[str], go.Figure]]:
    """Every chart of the dashboard, built from the demo organisation's newest wave."""
    names = [w.name for w in store.waves(con)]
    latest = scoring.wave_scores(con, names[-1])
    cells = scoring.collaboration_cells(con, names[-1])
    silos = scoring.silo_scores(cells)
    points = scoring.trend(con, names)
    marketing = latest.department("Marketing")
    kom = scoring.facet_scores(con, names[-1], "KOM", "Marketing")
    tra = scoring.facet_scores(con, names[-1], "TRA", "Marketing")
    distribution = scoring.item_distribution(con, names[-1], "Marketing")
    return {
        "heatmap": lambda lang: charts.stage_heatmap(latest, INSTRUMENT, lang),
        "org_radar": lambda lang: charts.organisation_radar(latest, INSTRUMENT, lang),
        "department_gaps": lambda lang: charts.department_gaps(
            marketing, latest.organisation, INSTRUMENT, lang
        ),
        "change_since": lambda lang: charts.change_since(points, latest.wave, INSTRUMENT, lang),
        "stage_profile": lambda lang: charts.stage_profile(marketing, latest.organisation, INSTRUMENT, lang),
        "competencies": lambda lang: charts.competency_profile(kom, kom, "Marketing", INSTRUMENT, lang),
        "transparency": lambda lang: charts.transparency_chart(tra, tra, "Marketing", INSTRUMENT, lang),
        "likert": lambda lang: charts.likert_bars(distribution, "TRA", INSTRUMENT, lang),
        "matrix": lambda lang: charts.silo_matrix(cells, silos, INSTRUMENT, 5, lang),
        "network": lambda lang: charts.silo_network(cells, silos, INSTRUMENT, lang),
        "gives_receives": lambda lang: charts.gives_receives(silos, INSTRUMENT, lang),
        "trend": lambda lang: charts.trend_lines(points, INSTRUMENT, lang, "Gesamtorganisation"),
    }


@pytest.mark.parametrize(("lang", "separators"), [("de", ",."), ("en", ".,")])
def test_every_demo_chart_is_a_valid_plotly_figure_with_title_hover_and_number_format(
    demo: duckdb.DuckDBPyConnection, lang: str, separators: str
) -> None:
    for name, build in demo_builders(demo).items():
        figure = build(lang)
        validated = go.Figure(figure.to_dict())
        layout = spec(validated)["layout"]
        assert layout["title"]["text"].strip("<b>/ "), name
        assert layout["title"]["subtitle"]["text"], name
        assert separators == layout["separators"], name
        assert layout["font"]["size"] >= 16, name
        for trace in spec(validated)["data"]:
            assert "hovertemplate" in trace or trace.get("hoverinfo") == "skip", (name, trace["type"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_cartesian_demo_chart_labels_its_axes(demo: duckdb.DuckDBPyConnection, lang: str) -> None:
    names = (
        "stage_profile",
        "competencies",
        "transparency",
        "likert",
        "matrix",
        "gives_receives",
        "department_gaps",
    )
    for name in (*names, "change_since"):
        layout = spec(demo_builders(demo)[name](lang))["layout"]
        assert layout["xaxis"]["title"]["text"], name


def test_the_package_offers_the_builders_that_pages_slides_and_report_call() -> None:
    builders = {
        "stage_heatmap",
        "organisation_radar",
        "department_gaps",
        "change_since",
        "stage_profile",
        "competency_profile",
        "transparency_chart",
        "likert_bars",
        "silo_matrix",
        "silo_network",
        "gives_receives",
        "trend_lines",
    }
    assert builders <= set(charts.__all__)
    assert all(callable(getattr(charts, name)) for name in charts.__all__ if name != "STAGE_COLOURS")
    assert palette.STAGE_COLOURS is charts.STAGE_COLOURS


def test_no_chart_module_branches_on_the_language() -> None:
    """What differs between the languages comes from the catalogue and the `Locale`, never from a branch."""
    sources = {path.name: path.read_text(encoding="utf-8") for path in CHARTS_DIR.glob("*.py")}
    assert set() == {name for name, source in sources.items() if re.search(r"\blang\s*[!=]=", source)}
