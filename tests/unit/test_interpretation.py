"""The consultant's interpretation, kept with its wave and carried into the deck's summary."""

from __future__ import annotations

import shutil
from pathlib import Path

from smm_maturity import slides, store

WAVE = "Frühjahr 2026"


def test_an_interpretation_is_kept_with_its_wave_and_reaches_the_deck(
    demo_db_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    con = store.connect(path)
    before = store.revision(con)
    store.set_wave_interpretation(con, WAVE, "  Die Silos zuerst.  ")
    store.set_wave_interpretation(con, "Keine solche Welle", "nichts")
    assert ("Die Silos zuerst.", "", "") == (
        store.wave_interpretation(con, WAVE),
        store.wave_interpretation(con, "Herbst 2025"),
        store.wave_interpretation(con, "Keine solche Welle"),
    )
    assert store.revision(con) > before
    summary = slides.build_deck(slides.load_deck_data(con, WAVE, 5), "en").slides[1]
    assert ("The consultant's interpretation", ("Die Silos zuerst.",)) == (
        summary.sections[1].heading,
        summary.sections[1].lines,
    )
