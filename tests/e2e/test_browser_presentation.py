"""The presentation in a real browser at projector size: three slides, keyboard navigation, embed mode."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser_harness import READY, SCREENSHOTS, run_dashboard

from smm_maturity import plans, store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def browser_context_args() -> dict:
    return {"viewport": {"width": 1280, "height": 720}, "locale": "de-DE"}


@pytest.fixture(scope="module")
def app_url(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free loopback port, over a copy of the demo with one action."""
    db = tmp_path_factory.mktemp("browser") / "demo.duckdb"
    shutil.copy(demo_db_template, db)
    con = store.connect(db)
    plans.set_organisation_name(con, "Muster GmbH")
    plans.set_target(con, "SIL", 4)
    plans.add_action(
        con, "SIL", "Wissens-Sprechstunde einführen", "Produktion", "Jana Krüger", date(2026, 6, 30)
    )
    con.close()
    yield from run_dashboard(db, start_timeout=120, stop_timeout=30)


def open_slide(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".st-key-slide_counter", timeout=120_000)
    page.wait_for_selector(READY, timeout=120_000)
    assert 0 == page.locator("[data-testid=stException]").count()


@pytest.mark.parametrize(
    ("query", "name", "title", "charts"),
    [
        ("slide=3&lang=de", "presentation-3-standing-de", "Wo wir stehen", 1),
        ("slide=4&lang=en", "presentation-4-heatmap-en", "Maturity by department and dimension", 1),
        ("slide=12&lang=de", "presentation-12-produktion-de", "Produktion", 1),
    ],
)
def test_a_slide_fills_the_projector(
    app_url: str, page, query: str, name: str, title: str, charts: int
) -> None:
    open_slide(page, f"{app_url}/presentation?{query}")
    page.wait_for_selector(".js-plotly-plot .main-svg")
    assert title == page.locator("h1").first.inner_text()
    assert charts == page.locator(".js-plotly-plot").count()
    assert not page.locator("[data-testid=stSidebar]").is_visible()
    for button in ("slide_previous", "slide_next"):
        box = page.locator(f".st-key-{button}").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 720, button
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart["height"] >= 480
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def wait_for_shortcuts(page) -> None:
    """Wait until both slide buttons are on screen and two frames have passed.

    The buttons register their keyboard shortcuts in an effect that runs after the frame that paints them,
    so a key pressed the moment the script has finished can come before anyone listens for it.
    """
    for key in ("slide_previous", "slide_next"):
        page.locator(f".st-key-{key} button").wait_for(state="visible")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def test_the_arrow_keys_turn_the_slides(app_url: str, page) -> None:
    open_slide(page, f"{app_url}/presentation?slide=5&lang=de")
    wait_for_shortcuts(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**slide=6**")
    page.wait_for_selector(READY)
    assert "6 / 15" == page.locator(".st-key-slide_counter").inner_text().strip()
    wait_for_shortcuts(page)
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**slide=5**")
