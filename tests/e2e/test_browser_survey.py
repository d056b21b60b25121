"""Survey setup in a real browser: from an empty database, a wave with three departments is created and opened,
and the printable sheet of its codes is downloaded, printed and its QR codes read back."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import zxingcpp
from browser_harness import SCREENSHOTS, run_dashboard
from PIL import Image
from playwright.sync_api import Page, expect
from survey_page import create_and_open_wave, settled

pytestmark = pytest.mark.slow

TIMEOUT_MS = 60_000
PUBLIC = "https://umfrage.example.de"
WAVE = "Frühjahr 2027"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The dashboard over an empty database, with the address employees use."""
    monkeypatch.setenv("SMM_PUBLIC_URL", PUBLIC)
    yield from run_dashboard(tmp_path / "survey.duckdb", stop_timeout=10)


def test_an_admin_sets_up_a_survey_and_prints_its_codes(app: str, page: Page, tmp_path: Path) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{app}/survey?lang=de")
    settled(page)
    create_and_open_wave(page, WAVE, {"Vertrieb": 12, "Produktion": 20, "IT": 8}, "de")
    count = page.get_by_label("Anzahl der Codes")
    count.fill("12")
    count.press("Tab")
    settled(page)
    page.get_by_role("button", name="Codes erzeugen").click()
    expect(page.get_by_text(f"12 Codes für IT in {WAVE} erzeugt.")).to_be_visible()
    settled(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 1900})
    page.mouse.wheel(0, -5000)
    settled(page)
    page.screenshot(path=str(SCREENSHOTS / "survey-setup-de.png"))

    with page.expect_download() as download:
        page.get_by_role("button", name="Druckbogen (HTML, A4)").click()
    sheet = tmp_path / "sheet.html"
    download.value.save_as(sheet)
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    page.goto(sheet.as_uri())
    picture = page.screenshot(full_page=True, path=str(SCREENSHOTS / "survey-sheet-de.png"))
    addresses = [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))]

    pattern = re.compile(rf"{re.escape(PUBLIC)}/\?code=[A-HJ-NP-Z2-9]{{4}}-[A-HJ-NP-Z2-9]{{4}}&lang=de")
    assert (12, 12) == (len(set(addresses)), sum(bool(pattern.fullmatch(address)) for address in addresses))


def test_the_workshop_mode_shows_a_large_qr_code_that_opens_the_questionnaire(app: str, page: Page) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{app}/survey?lang=en")
    settled(page)
    create_and_open_wave(page, WAVE, {"Vertrieb": 12, "IT": 8}, "en")

    page.goto(f"{app}/presentation?lang=en")
    settled(page)
    page.get_by_text("Workshop: answer by QR code").click()
    page.get_by_role("button", name="Make a workshop link").click()
    expect(page.get_by_text(f"Workshop link for IT in {WAVE}, for up to 20 answers.")).to_be_visible()
    settled(page)
    page.screenshot(path=str(SCREENSHOTS / "presentation-workshop-en.png"))
    qr_code = page.get_by_test_id("stImage").locator("img")
    expect(qr_code).to_have_js_property("complete", True)
    qr_code.scroll_into_view_if_needed()
    settled(page)
    picture = qr_code.screenshot()
    addresses = [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))]

    assert 1 == len(addresses) and re.fullmatch(
        rf"{re.escape(PUBLIC)}/\?join=\d+-\d+-\d+-[0-9a-f]{{32}}&lang=en", addresses[0]
    )
    assert ["0"] == page.get_by_test_id("stMetricValue").all_inner_texts()
