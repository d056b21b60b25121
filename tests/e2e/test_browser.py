"""Every page in a real browser: Debian's Chromium against `streamlit run` on a free loopback port.

Outside CI the tests are skipped when Chromium is missing; with CI=true a missing browser fails them.
Screenshots of every page land in screenshots/ (ignored by git).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import READY, SCREENSHOTS, run_dashboard
from playwright.sync_api import Page, expect

from smm_maturity import auth, navigation

pytestmark = pytest.mark.slow

TIMEOUT_MS = 90_000
PAGES = {
    "overview": "overview",
    "departments": "departments",
    "silo_map": "silo_map",
    "trends": "trends",
    "method": "method",
}
CHARTS = {"overview": 2, "departments": 4, "silo_map": 3, "trends": 1, "method": 0}
TITLES = {
    ("overview", "de"): "Wo die Organisation steht",
    ("overview", "en"): "Where the organisation stands",
    ("departments", "de"): "Abteilungen im Vergleich",
    ("departments", "en"): "Departments compared",
    ("silo_map", "de"): "Silo-Karte: wer mit wem arbeitet",
    ("silo_map", "en"): "Silo map: who works with whom",
    ("trends", "de"): "Entwicklung über die Wellen",
    ("trends", "en"): "Change across the waves",
    ("method", "de"): "Methode",
    ("method", "en"): "Method",
}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """A wide window, as on a meeting-room projector."""
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}, "locale": "de-DE"}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, demo_db_template: Path) -> Iterator[str]:
    """The dashboard serving a copy of the demo organisation."""
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    shutil.copyfile(demo_db_template, db)
    yield from run_dashboard(db)


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a database without any answers."""
    yield from run_dashboard(tmp_path_factory.mktemp("browser-empty") / "empty.duckdb")


def open_page(page: Page, url: str, title: str) -> None:
    """Load a URL and wait until the script has finished and the page's title is on screen."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)


def screenshot(page: Page, name: str) -> None:
    """Save the whole page, scrolled content included, under screenshots/."""
    SCREENSHOTS.mkdir(exist_ok=True)
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1600, "height": max(1000, int(height))})
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1600, "height": 1000})


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_every_page_shows_its_charts_without_an_exception(
    page: Page, demo_server: str, name: str, lang: str
) -> None:
    open_page(page, f"{demo_server}/{PAGES[name]}?lang={lang}", TITLES[name, lang])
    if CHARTS[name]:
        page.locator(".js-plotly-plot").nth(CHARTS[name] - 1).wait_for(timeout=TIMEOUT_MS)
        assert CHARTS[name] <= page.locator("[data-testid=stPlotlyChart]").count()
    assert 0 == page.locator("[data-testid=stException]").count()
    assert f"lang={lang}" in page.url
    screenshot(page, f"{name}-{lang}")


def test_the_root_opens_the_overview_at_its_own_address(page: Page, demo_server: str) -> None:
    open_page(page, f"{demo_server}/?lang=en&wave=Herbst 2025", TITLES["overview", "en"])
    assert page.url.startswith(f"{demo_server}/overview?")
    assert "lang=en" in page.url
    expect(page.get_by_role("combobox", name="Survey wave")).to_have_value("Herbst 2025", timeout=TIMEOUT_MS)
    current = page.get_by_test_id("stSidebarNav").locator("a[aria-current=page]")
    expect(current).to_have_attribute("href", f"{demo_server}/overview", timeout=TIMEOUT_MS)


def test_switching_pages_keeps_the_language_and_the_wave(page: Page, demo_server: str) -> None:
    open_page(page, f"{demo_server}/?lang=en&wave=Herbst 2025", TITLES["overview", "en"])
    page.get_by_test_id("stSidebarNav").get_by_text("Silo map").click()
    page.get_by_role("heading", name=TITLES["silo_map", "en"], level=1).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    assert "lang=en" in page.url
    expect(page.get_by_role("combobox", name="Survey wave")).to_have_value("Herbst 2025", timeout=TIMEOUT_MS)


def test_the_language_switch_translates_the_page(page: Page, demo_server: str) -> None:
    open_page(page, f"{demo_server}/trends?lang=de", TITLES["trends", "de"])
    page.get_by_test_id("stSidebar").get_by_text("English").click()
    page.get_by_role("heading", name=TITLES["trends", "en"], level=1).wait_for(timeout=TIMEOUT_MS)
    assert "lang=en" in page.url


@pytest.mark.parametrize("lang", ["de", "en"])
def test_an_empty_database_shows_the_welcome(page: Page, empty_server: str, lang: str) -> None:
    title = "Willkommen bei Augenhöhe" if lang == "de" else "Welcome to Augenhöhe"
    open_page(page, f"{empty_server}/?lang={lang}", title)
    assert 0 == page.locator("[data-testid=stException]").count()
    assert 1 == page.get_by_test_id("stBaseButton-primary").count()
    screenshot(page, f"welcome-{lang}")


@pytest.fixture
def passcode_server(tmp_path: Path, demo_db_template: Path) -> Iterator[str]:
    """A freshly started dashboard in passcode mode, on a copy of the demo organisation."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f"[passcodes]\nviewer = '{auth.hash_passcode('viewer-passcode-2026')}'\n", encoding="utf-8"
    )
    db = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_template, db)
    yield from run_dashboard(db, secrets=secrets)


@pytest.mark.parametrize("key", [screen.key for screen in navigation.SCREENS])
def test_a_deep_link_to_a_fresh_server_in_passcode_mode_asks_for_sign_in(
    page: Page, passcode_server: str, key: str
) -> None:
    open_page(page, f"{passcode_server}/{key}?lang=en", "Sign in")
    assert 0 == page.locator("[data-testid=stException]").count()
    assert 0 == page.get_by_test_id("stSidebarNav").count(), "no menu of pages before sign-in"
    assert 1 == page.get_by_role("heading", level=1).count()
    assert 0 == page.get_by_text("Page not found").count()
    if key == "trends":
        screenshot(page, "sign-in-deep-link")
