"""A real upload in Chromium: the file goes through the upload page and its wave appears on the overview."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import READY, run_dashboard
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow

UPLOAD = Path(__file__).resolve().parents[1] / "data" / "upload"
TIMEOUT_MS = 30_000
WAVE = "Browser wave 2026"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free loopback port with an empty database; yields the base URL."""
    yield from run_dashboard(tmp_path / "browser.duckdb", stop_timeout=10)


def settled(page: Page) -> None:
    """Wait until the app's navigation is built and no script run is in progress."""
    expect(page.locator("[data-testid=stNavSectionHeader]").first).to_be_visible()
    expect(page.locator(READY)).to_be_attached()
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


def test_a_file_uploaded_in_the_browser_shows_up_on_the_overview(app: str, page: Page) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page.goto(f"{app}/?lang=en")
    settled(page)

    page.goto(f"{app}/upload?lang=en")
    settled(page)
    wave_name = page.get_by_label("Name of the new wave")
    wave_name.fill(WAVE)
    wave_name.press("Enter")
    settled(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(UPLOAD / "marketing.csv")
    expect(page.get_by_text("Validation report")).to_be_visible()
    settled(page)
    import_button = page.get_by_role("button", name="Import 6 responses")
    expect(import_button).to_be_enabled()
    import_button.click()
    expect(page.get_by_text("Stored", exact=False).first).to_be_visible()
    settled(page)
    expect(page.get_by_text(f"6 responses from marketing.csv in wave {WAVE}")).to_be_visible()

    page.goto(f"{app}/?lang=en")
    settled(page)
    expect(page.get_by_role("heading", name="Where the organisation stands")).to_be_visible()
    expect(page.get_by_role("combobox", name="Survey wave")).to_have_value(WAVE)
