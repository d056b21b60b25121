"""The PDF report: the HTML report printed by Chromium to A4, with page numbers, the client's name in the
header, a table of contents with pages, and no request beyond the report's own file."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser_harness import IN_CI, require_chromium

from smm_maturity import images, plans, slides, store
from smm_maturity.exports import pdf
from smm_maturity.i18n import LocalisedError

WAVE = "Frühjahr 2026"
DAY = date(2026, 4, 20)
ORGANISATION = "Muster & Söhne GmbH"
A4_POINTS = (596, 842)
"""A4 (210 × 297 mm, 595.3 × 841.9 points) in whole points, as Chromium writes it to within a point."""
PAGES = 30
SECTION_PAGES = {
    f"slide-{n}": page for n, page in enumerate([2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 18, 20, 22, 23], 1)
}
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def deck(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> slides.Deck:
    """The demo organisation's deck in English, under the client's name."""
    path = tmp_path_factory.mktemp("pdf") / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    con = store.connect(path)
    plans.set_organisation_name(con, ORGANISATION)
    data = slides.load_deck_data(con, WAVE, 5)
    con.close()
    return slides.build_deck(data, "en", day=DAY)


@pytest.fixture(scope="module")
def chromium() -> Iterator[None]:
    require_chromium()
    yield
    images.close()


@pytest.fixture(scope="module")
def printed(deck: slides.Deck, chromium: None) -> pdf.Printed:
    return pdf.print_report(deck)


def outline_titles(content: bytes) -> list[str]:
    """The titles of the PDF's bookmarks, which Chromium makes from the report's headings."""
    titles = []
    for literal, hexadecimal in re.findall(rb"/Title (?:\((.*?)\)|<([0-9A-F]+)>)\s*/Dest", content, re.S):
        if hexadecimal:
            titles.append(bytes.fromhex(hexadecimal.decode()).decode("utf-16"))
        else:
            titles.append(re.sub(rb"\\(.)", rb"\1", literal).decode("latin-1"))
    return titles


def page_text(content: bytes, tmp_path: Path, page: int) -> list[str]:
    """The lines of one page's text, from poppler's pdftotext."""
    if PDFTOTEXT is None:
        message = "pdftotext is not installed (apt-get install poppler-utils)"
        if IN_CI:
            pytest.fail(f"CI needs it: {message}; .ci/run installs it.")
        pytest.skip(message)
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        [PDFTOTEXT, "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# ------------------------------------------------------------------------------------ reading a PDF


def test_the_pages_of_named_destinations_follow_the_page_tree() -> None:
    content = (
        b"%PDF-1.4\n1 0 obj\n<</Type /Catalog\n/Pages 2 0 R\n/Dests 7 0 R>>\nendobj\n"
        b"2 0 obj\n<</Type /Pages\n/Count 3\n/Kids [3 0 R 4 0 R]>>\nendobj\n"
        b"3 0 obj\n<</Type /Pages\n/Count 2\n/Kids [6 0 R 5 0 R]\n/Parent 2 0 R>>\nendobj\n"
        b"4 0 obj\n<</Type /Page\n/Parent 2 0 R>>\nendobj\n"
        b"5 0 obj\n<</Type /Page\n/Parent 3 0 R>>\nendobj\n"
        b"6 0 obj\n<</Type /Page\n/Parent 3 0 R>>\nendobj\n"
        b"7 0 obj\n<</slide-1 [6 0 R /XYZ 24 800 0]\n/method [4 0 R /XYZ 24 800 0]\n/slide-2 [5 0 R /XYZ 0 0 0]>>\nendobj\n"
    )
    assert {"slide-1": 1, "slide-2": 2, "method": 3} == pdf.destination_pages(content)
    assert 3 == pdf.page_count(content)
    assert {} == pdf.destination_pages(b"%PDF-1.4\n1 0 obj\n<</Type /Catalog\n/Pages 2 0 R>>\nendobj\n")


def test_the_footer_says_page_n_of_m_in_the_reports_language() -> None:
    assert '<span class="pageNumber"></span> von <span class="totalPages"></span>' in pdf.footer_template(
        "de"
    )
    assert pdf.header_template("A & B <GmbH>", "Bericht").count("A &amp; B &lt;GmbH&gt;") == 1


def test_without_a_browser_the_pdf_is_refused_in_one_sentence(
    deck: slides.Deck, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with pytest.raises(LocalisedError) as refused:
        pdf.render_pdf(deck)
    assert (
        "Writing a PDF needs Chromium, and none was found: install it (apt-get install chromium) or set"
        " BROWSER_PATH to a Chromium or Chrome."
    ) == str(refused.value)


# ---------------------------------------------------------------------------------------- printing


@pytest.mark.slow
def test_the_report_prints_to_a4_pages_each_section_on_a_new_one(printed: pdf.Printed) -> None:
    content = printed.content
    assert content.startswith(b"%PDF-")
    assert PAGES == pdf.page_count(content)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", content)
    assert {A4_POINTS} == {(round(float(width)), round(float(height))) for width, height in sizes}
    pages = pdf.destination_pages(content)
    assert SECTION_PAGES == {name: page for name, page in pages.items() if name.startswith("slide-")}
    assert pages["slide-15"] < pages["method"] < PAGES


@pytest.mark.slow
def test_the_pdf_has_every_section_as_a_bookmark(printed: pdf.Printed, deck: slides.Deck) -> None:
    titles = outline_titles(printed.content)
    assert ["Contents", *[slide.title for slide in deck.slides], "Method"] == [
        title for title in titles if title in {"Contents", "Method", *[slide.title for slide in deck.slides]}
    ][: len(deck.slides) + 2]


@pytest.mark.slow
def test_the_contents_name_each_sections_page(
    printed: pdf.Printed, deck: slides.Deck, tmp_path: Path
) -> None:
    lines = page_text(printed.content, tmp_path, 1)
    expected = [f"{slide.title} {SECTION_PAGES[f'slide-{n}']}" for n, slide in enumerate(deck.slides, 1)]
    assert expected == [line for line in lines if line in expected]
    assert f"Page 1 of {PAGES}" == lines[-1]


@pytest.mark.slow
def test_every_page_has_the_clients_name_in_its_header(printed: pdf.Printed, tmp_path: Path) -> None:
    headers = [page_text(printed.content, tmp_path, page)[0] for page in (1, 3, PAGES)]
    assert [f"{ORGANISATION} Maturity report · {WAVE}"] * 3 == headers


@pytest.mark.slow
def test_the_report_asks_the_network_for_nothing(printed: pdf.Printed) -> None:
    assert () == printed.refused


@pytest.mark.slow
def test_a_request_beyond_the_file_is_refused_and_recorded(
    deck: slides.Deck, chromium: None, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example.com/x.css"></head>'
        '<body><h1>Hallo</h1><img src="http://tracker.example.com/p.png"><img src="data:image/gif;base64,'
        'R0lGODlhAQABAAAAACw="></body></html>',
        encoding="utf-8",
    )

    async def work(browser: object) -> pdf.Printed:
        return await pdf.print_file(browser, page, pdf.print_options(deck))

    printed = images.in_browser(work)
    assert ["http://tracker.example.com/p.png", "https://cdn.example.com/x.css"] == sorted(printed.refused)
    assert 1 == pdf.page_count(printed.content)
