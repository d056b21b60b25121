"""The hand-over files in a real browser: one row of five buttons on the presentation page, each one click."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import READY, SCREENSHOTS, run_dashboard
from pptx import Presentation

from smm_maturity import plans, store
from smm_maturity.exports import pdf

pytestmark = pytest.mark.slow
LABELS = {"html": "HTML", "pdf": "PDF", "pptx": "PPTX", "csv": "CSV", "xlsx": "XLSX"}


@pytest.fixture(scope="session")
def browser_context_args() -> dict:
    return {"viewport": {"width": 1280, "height": 720}, "locale": "de-DE", "accept_downloads": True}


@pytest.fixture(scope="module")
def app_url(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run dashboard.py` over a copy of the demo organisation under a client's name."""
    db = tmp_path_factory.mktemp("exports") / "demo.duckdb"
    shutil.copy(demo_db_template, db)
    con = store.connect(db)
    plans.set_organisation_name(con, "Muster GmbH")
    con.close()
    yield from run_dashboard(db, start_timeout=120, stop_timeout=30)


def button(page, name: str):
    """The visible button of an export."""
    return page.locator(f".st-key-download_{name} button:visible")


def download(page, name: str) -> bytes:
    """The file one click on the export button gives."""
    with page.expect_download(timeout=120_000) as started:
        button(page, name).click()
    path = started.value.path()
    return Path(path).read_bytes()


def test_the_exports_are_one_row_of_buttons_each_one_click(app_url: str, page) -> None:
    page.goto(f"{app_url}/presentation?slide=2&lang=de")
    page.wait_for_selector(".st-key-exports", timeout=120_000)
    page.wait_for_selector(READY, timeout=120_000)
    labels = {
        name: button(page, name).locator("[data-testid=stMarkdownContainer]").inner_text() for name in LABELS
    }
    assert LABELS == labels
    tops = {round(button(page, name).bounding_box()["y"]) for name in LABELS}
    assert 1 == len(tops)
    SCREENSHOTS.mkdir(exist_ok=True)
    button(page, "pdf").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "presentation-exports-de.png"))
    report = download(page, "pdf")
    assert report.startswith(b"%PDF-") and pdf.page_count(report) > 20
    deck = Presentation(io.BytesIO(download(page, "pptx")))
    assert any(shape.has_chart for slide in deck.slides for shape in slide.shapes)
    assert download(page, "html").startswith(b"<!DOCTYPE html>")
