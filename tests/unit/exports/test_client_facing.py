"""What a client sees in the deck and the report: their name and logo, a management summary, and no instruction
meant for the operator or for a mouse."""

from __future__ import annotations

import base64
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from smm_maturity import branding, claims, plans, slides, store
from smm_maturity.exports import html, pptx
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()
WAVE = "Frühjahr 2026"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 2"><rect width="4" height="2"/></svg>'
INSTRUCTIONS = re.compile(
    r"Maus|mouse|hover|Hover|auf der Seite|on the .{1,30} page|Legen Sie|add them", re.IGNORECASE
)


@pytest.fixture(scope="module")
def data(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> slides.DeckData:
    path = tmp_path_factory.mktemp("client") / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    con = store.connect(path)
    plans.set_organisation_name(con, "Muster <GmbH>")
    branding.set_logo(con, SVG)
    try:
        return slides.load_deck_data(con, WAVE, 5)
    finally:
        con.close()


def client_texts(deck: slides.Deck) -> list[str]:
    """Every text of every slide a client sees: titles, subtitles, metrics, sections, table cells, chart texts."""
    texts = []
    for slide in deck.slides:
        texts += [slide.title, slide.subtitle, *(m.label + m.detail for m in slide.metrics)]
        texts += [line for section in slide.sections for line in (section.heading, *section.lines)]
        if slide.table is not None:
            texts += [str(value) for value in slide.table.to_numpy().ravel()]
        for figure in slide.figures:
            texts += [figure.layout.title.text or "", figure.layout.title.subtitle.text or ""]
            texts += [note.text or "" for note in figure.layout.annotations]
    return texts


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_slide_tells_the_client_to_use_a_page_or_a_mouse(data: slides.DeckData, lang: str) -> None:
    deck = slides.build_deck(data, lang, day=date(2026, 4, 20))
    assert [] == [text for text in client_texts(deck) if INSTRUCTIONS.search(text)]


@pytest.mark.parametrize(("lang", "expected"), [("de", "Ergebnisse der Befragung"), ("en", "Survey results")])
def test_without_a_name_the_title_slide_names_the_results_not_the_reader(
    data: slides.DeckData, lang: str, expected: str
) -> None:
    deck = slides.build_deck(slides.dataclasses.replace(data, organisation=""), lang, day=date(2026, 4, 20))
    assert (expected, expected) == (deck.slides[0].title, deck.organisation)


def test_the_title_slide_and_the_report_carry_the_clients_name_and_logo(data: slides.DeckData) -> None:
    deck = slides.build_deck(data, "de", day=date(2026, 4, 20))
    title = deck.slides[0]
    assert ("Muster <GmbH>", data.logo) == (title.title, title.logo)
    assert data.logo.startswith("data:image/svg+xml;base64,")
    report = html.report_html(deck)
    assert f'<img class="logo" src="{data.logo}" alt="Logo">' in report
    assert "<h1>Muster &lt;GmbH&gt;</h1>" in report


def test_a_logo_that_is_no_checked_data_url_is_not_embedded() -> None:
    assert "" == html._logo_html('javascript:alert(1)" onerror="x')


def test_the_summary_leads_the_deck_and_the_report_and_adds_the_interpretation_when_filled_in(
    data: slides.DeckData,
) -> None:
    interpretation = "Die Führung zieht mit.\n\nJetzt die Silos <öffnen>."
    deck = slides.build_deck(
        slides.dataclasses.replace(data, interpretation=interpretation), "de", day=date(2026, 4, 20)
    )
    summary = deck.slides[1]
    found = claims.summary_claims(data.scores, data.trend, data.silos, INSTRUMENT)
    assert ("summary", claims.summary_sentences(found, INSTRUMENT, "de")) == (
        summary.kind,
        summary.sections[0].lines,
    )
    assert 3 <= len(summary.sections[0].lines) <= 5
    assert ("Einordnung der Beratung", ("Die Führung zieht mit.", "Jetzt die Silos <öffnen>.")) == (
        summary.sections[1].heading,
        summary.sections[1].lines,
    )
    report = html.report_html(deck)
    assert "<p>Jetzt die Silos &lt;öffnen&gt;.</p>" in report
    assert report.index("Das Wichtigste in Kürze") < report.index("Wo wir stehen")
    plain = slides.build_deck(data, "de", day=date(2026, 4, 20)).slides[1]
    assert 1 == len(plain.sections)


def test_a_png_logo_sits_on_the_decks_opening_slide(data: slides.DeckData) -> None:
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    logo = "data:image/png;base64," + base64.b64encode(png).decode()
    deck = slides.build_deck(slides.dataclasses.replace(data, logo=logo), "de", day=date(2026, 4, 20))
    opening = Presentation(io.BytesIO(pptx.deck_pptx(deck, with_images=False).content)).slides[0]
    pictures = [shape for shape in opening.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert [png] == [picture.image.blob for picture in pictures]
