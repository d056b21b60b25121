"""The presentation page's client parts: the logo on the title slide and the consultant's interpretation."""

from __future__ import annotations

from pathlib import Path

from app_harness import open_file
from streamlit.testing.v1 import AppTest

from smm_maturity import branding, store

WAVE = "Frühjahr 2026"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"><rect width="4" height="2"/></svg>'


def page(**params: str) -> AppTest:
    at = open_file("pages/presentation.py", timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at


def test_the_title_slide_shows_the_clients_logo(demo_db: Path) -> None:
    con = store.connect(demo_db)
    branding.set_logo(con, SVG)
    con.close()
    assert 1 == len(page(slide="1", lang="de").get("image"))
    assert 0 == len(page(slide="2", lang="de").get("image"))


def test_the_interpretation_is_saved_with_the_wave_and_shown_on_the_summary(demo_db: Path) -> None:
    at = page(slide="2", lang="de", wave=WAVE)
    at.text_area(key=f"interpretation_{WAVE}").set_value("Erst die Silos öffnen.").run()
    assert not at.exception
    con = store.connect(demo_db)
    assert "Erst die Silos öffnen." == store.wave_interpretation(con, WAVE)
    con.close()
    at.run()
    assert "Einordnung der Beratung" in [heading.value for heading in at.subheader]
    assert any("Erst die Silos öffnen" in markdown.value for markdown in at.markdown)
