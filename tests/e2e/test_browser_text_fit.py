"""No clipped text: every page of the dashboard (admin, demo organisation) and every slide, at 1280 × 720 and
1440 × 900, in German and English, each text measured against the box that holds it (tests/support/text_fit.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import READY, run_dashboard
from playwright.sync_api import Page
from text_fit import Clipped, clipped_text

from smm_maturity import auth, navigation

pytestmark = pytest.mark.slow

TIMEOUT_MS = 120_000
SIZES = [(1280, 720), (1440, 900)]
LANGUAGES = ["de", "en"]
PAGES = [
    screen.url_path for screen in navigation.screens_for(auth.LOCAL_ROLE) if screen.key != "presentation"
]
DRAWN = """() => [...document.querySelectorAll('.stPlotlyChart')].every(chart => chart.querySelector('svg.main-svg'))
    && !document.querySelector('[data-testid=stSkeleton]') && document.fonts.status === 'loaded' && !document.querySelector('[data-stale=true]')"""
ON_SLIDE = """(number) => new URLSearchParams(location.search).get('slide') === String(number)
    && (document.querySelector('.st-key-slide_counter')?.innerText || '').trim().startsWith(number + ' /')"""


@pytest.fixture(scope="module")
def app_url(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard in local mode (admin) on a copy of the demo organisation."""
    db = tmp_path_factory.mktemp("text-fit") / "demo.duckdb"
    shutil.copy(demo_db_template, db)
    yield from run_dashboard(db, start_timeout=120, stop_timeout=30)


def settle(page: Page) -> None:
    """Wait until the script has finished, every chart is drawn and the fonts are in."""
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.wait_for_function(DRAWN, timeout=TIMEOUT_MS)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_page_clips_its_text(app_url: str, page: Page, width: int, height: int, lang: str) -> None:
    page.set_viewport_size({"width": width, "height": height})
    found: list[Clipped] = []
    for path in PAGES:
        page.goto(f"{app_url}/{path}?lang={lang}")
        page.wait_for_selector("h1", timeout=TIMEOUT_MS)
        settle(page)
        found += clipped_text(page, f"{path} {width}x{height} {lang}")
    clipped = [str(finding) for finding in found]
    assert [] == clipped, "\n".join(clipped)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_slide_clips_its_text(app_url: str, page: Page, width: int, height: int, lang: str) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{app_url}/presentation?slide=1&lang={lang}")
    page.wait_for_function(ON_SLIDE, arg=1, timeout=TIMEOUT_MS)
    settle(page)
    total = int(page.locator(".st-key-slide_counter").inner_text().split("/")[1])
    found = clipped_text(page, f"slide 1 {width}x{height} {lang}")
    for number in range(2, total + 1):
        page.locator(".st-key-slide_next button").click()
        page.wait_for_function(ON_SLIDE, arg=number, timeout=TIMEOUT_MS)
        settle(page)
        found += clipped_text(page, f"slide {number} {width}x{height} {lang}")
    clipped = [str(finding) for finding in found]
    assert [] == clipped, "\n".join(clipped)
