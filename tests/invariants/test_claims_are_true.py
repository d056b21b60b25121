"""Every generated headline and sentence is true of the published numbers: the demo and random organisations.

Each claim is checked again from the published means: "ahead" only when above, "the most" only for the extreme,
no claim about a hidden cell or group. The deck's headlines and summary are then compared with the claims'
wording, so that no sentence reaches a slide, the report or the deck's notes without a checked claim behind it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from claim_checks import (
    Published,
    check_every_claim,
    check_facets,
    check_openness,
    deck_sentences,
    expected_sentences,
    words_of,
)
from disclosure_data import database
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_disclosure_properties import Shape, wave_rows

from smm_maturity import claims, scoring, slides, store

LANGUAGES = ("de", "en")


def published(con: duckdb.DuckDBPyConnection, wave: str, k: int) -> tuple[Published, slides.DeckData]:
    data = slides.load_deck_data(con, wave, k)
    return Published(data.scores, data.previous, data.trend, data.silos), data


def check_facet_claims(con: duckdb.DuckDBPyConnection, facts: Published, k: int) -> int:
    """The competency and transparency headlines of every shown department and of the organisation."""
    checked = 0
    for name in [None, *(g.group for g in facts.scores.visible_departments)]:
        competencies = scoring.facet_scores(con, facts.scores.wave, "KOM", name, k)
        check_facets(claims.facet_claims(list(competencies), competencies), competencies)
        transparency = scoring.facet_scores(con, facts.scores.wave, "TRA", name, k)
        if (openness := claims.openness_claim(transparency)) is not None:
            check_openness(openness, transparency)
        checked += 1
    return checked


def check_wave(con: duckdb.DuckDBPyConnection, wave: str, k: int) -> int:
    """Check every claim of a wave, and that both decks say exactly what the claims say."""
    facts, data = published(con, wave, k)
    checked = check_every_claim(facts)
    if not facts.scores.organisation.suppressed:
        checked += check_facet_claims(con, facts, k)
    for lang in LANGUAGES:
        deck = slides.build_deck(data, lang)
        assert words_of(expected_sentences(facts, deck)) == words_of(deck_sentences(deck))
    return checked


@pytest.mark.slow
def test_every_claim_about_the_demo_is_true(demo_db_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    con = store.connect(path)
    checked = sum(check_wave(con, wave.name, 5) for wave in store.waves(con))
    assert checked >= 40


organisations = st.builds(
    Shape,
    sizes=st.lists(st.integers(1, 12), min_size=1, max_size=7).map(tuple),
    seed=st.integers(0, 2**32 - 1),
    missing=st.sampled_from([0.0, 0.1, 0.3]),
    dont_know=st.sampled_from([0.0, 0.05]),
    skip_dimension=st.sampled_from([0.0, 0.15, 0.4]),
    rating=st.sampled_from([0.0, 0.5, 1.0]),
    comment=st.just(0.0),
    unique_comments=st.just(False),
    k=st.sampled_from([3, 5]),
)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shape=organisations)
def test_every_claim_about_a_random_organisation_is_true(
    tmp_path_factory: pytest.TempPathFactory, shape: Shape
) -> None:
    path = tmp_path_factory.mktemp("claims") / "org.duckdb"
    con = database(path, {"W1": wave_rows(shape, 1), "W2": wave_rows(shape, 2)})
    try:
        for wave in ("W1", "W2"):
            check_wave(con, wave, shape.k)
    finally:
        con.close()
