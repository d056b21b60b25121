"""The projector view in a real browser at three 16:9 sizes: the slide fills the window, embedding hides every
control, B pauses to black, the clicker's PageDown turns the slide and H hides or shows the controls."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import READY, SCREENSHOTS, run_dashboard
from PIL import Image
from playwright.sync_api import Page

pytestmark = pytest.mark.slow

TIMEOUT_MS = 120_000
SIZES = [(1280, 720), (1920, 1080), (3840, 2160)]
CONTROLS = (
    "slide_previous",
    "slide_next",
    "slide_blank",
    "slide_hide_controls",
    "slide_page_up",
    "slide_page_down",
)


def on_slide(number: int) -> str:
    """A script that is true once the URL names the slide and its counter shows it."""
    counter = "document.querySelector('.st-key-slide_counter')"
    return (
        f"() => new URLSearchParams(location.search).get('slide') === '{number}'"
        f" && ({counter}?.innerText || '').trim().startsWith('{number} /')"
    )


CHARTS_DRAWN = """() => [...document.querySelectorAll('.stPlotlyChart')].every(chart => chart.querySelector('svg.main-svg'))
    && !document.querySelector('[data-testid=stSkeleton]') && document.fonts.status === 'loaded'"""


@pytest.fixture(scope="module")
def app_url(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run dashboard.py` on a copy of the demo organisation."""
    db = tmp_path_factory.mktemp("projector") / "demo.duckdb"
    shutil.copy(demo_db_template, db)
    yield from run_dashboard(db, start_timeout=120, stop_timeout=30)


def settle(page: Page) -> None:
    """Wait until the script has finished and every chart is drawn."""
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=TIMEOUT_MS)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def open_slide(page: Page, url: str, number: int) -> None:
    page.goto(url)
    page.wait_for_function(on_slide(number), timeout=TIMEOUT_MS)
    settle(page)
    assert 0 == page.locator("[data-testid=stException]").count()


def press(page: Page, key: str, *, wait_for: str) -> None:
    """Press a key once its button listens (it registers after the frame that paints it), then wait for `wait_for`."""
    page.locator(".st-key-slide_page_down button").wait_for(state="attached")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.keyboard.press(key)
    page.wait_for_function(wait_for, timeout=TIMEOUT_MS)
    settle(page)


def visible_controls(page: Page) -> list[str]:
    """The keys of the controls a viewer can see, the settings included."""
    shown = [key for key in CONTROLS if page.locator(f".st-key-{key} button").is_visible()]
    return shown + (["settings"] if page.locator("[data-testid=stPopover]").is_visible() else [])


def black_screen(page: Page) -> bool:
    """Whether every pixel of the window is black."""
    image = Image.open(io.BytesIO(page.screenshot())).convert("L")
    return image.getextrema() == (0, 0)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_an_embedded_slide_fills_the_projector(app_url: str, page: Page, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    open_slide(page, f"{app_url}/presentation?slide=4&lang=de&embed=true", 4)
    page.wait_for_selector(".st-key-slide_body .js-plotly-plot .main-svg", timeout=TIMEOUT_MS)
    assert [] == visible_controls(page)
    view = page.evaluate(
        """() => { const main = document.querySelector('[data-testid=stMain]');
        const body = document.querySelector('.st-key-slide_body').getBoundingClientRect();
        const chart = document.querySelector('.js-plotly-plot .main-svg').getBoundingClientRect();
        return {scrolls: main.scrollHeight > main.clientHeight || main.scrollWidth > main.clientWidth,
                page_scrolls: document.documentElement.scrollHeight > innerHeight,
                body_bottom: body.bottom, chart_top: chart.top, chart_bottom: chart.bottom,
                chart_width: chart.width}; }"""
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"projector-4-embed-{width}x{height}.png"))
    assert (False, False) == (view["scrolls"], view["page_scrolls"])
    assert view["chart_bottom"] <= height, "the chart ends inside the window"
    assert view["body_bottom"] >= 0.95 * height, "the slide reaches the bottom of the window"
    assert view["chart_bottom"] - view["chart_top"] >= 0.7 * height, "the chart takes most of the height"
    assert view["chart_width"] >= 0.9 * width
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"projector-4-embed-{width}x{height}.png"))

    press(
        page,
        "b",
        wait_for="() => getComputedStyle(document.body, '::after').backgroundColor === 'rgb(0, 0, 0)'",
    )
    assert black_screen(page)
    press(page, "b", wait_for="() => getComputedStyle(document.body, '::after').content === 'none'")
    assert not black_screen(page)

    total = page.locator(".st-key-slide_counter").inner_text().split("/")[1].strip()
    press(page, "PageDown", wait_for=on_slide(5))
    assert f"5 / {total}" == page.locator(".st-key-slide_counter").inner_text().strip()
    assert "embed=true" in page.url
    press(page, "PageUp", wait_for=on_slide(4))
    assert f"4 / {total}" == page.locator(".st-key-slide_counter").inner_text().strip()


def test_h_shows_and_hides_the_controls_and_each_arrow_shows_once(app_url: str, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    open_slide(page, f"{app_url}/presentation?slide=5&lang=de", 5)
    assert [
        "slide_previous",
        "slide_next",
        "slide_blank",
        "slide_hide_controls",
        "settings",
    ] == visible_controls(page)
    shown = [
        page.locator(f".st-key-{key} button").inner_text().split() for key in ("slide_previous", "slide_next")
    ]
    assert [["arrow_back", "Zurück"], ["Weiter", "arrow_forward"]] == shown
    for key in ("slide_previous", "slide_next"):
        button = page.locator(f".st-key-{key} button")
        assert 1 == button.locator("[data-testid=stIconMaterial]").count(), key
        assert not button.locator("[aria-label^=Shortcut]").is_visible(), key
    hidden = "() => !document.querySelector('.st-key-slide_nav').checkVisibility()"
    press(page, "h", wait_for=hidden)
    assert [] == visible_controls(page)
    press(page, "ArrowRight", wait_for=on_slide(6))
    assert [] == visible_controls(page)
    press(page, "h", wait_for="() => document.querySelector('.st-key-slide_nav').checkVisibility()")
    assert [
        "slide_previous",
        "slide_next",
        "slide_blank",
        "slide_hide_controls",
        "settings",
    ] == visible_controls(page)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_slide_at_1920x1080(app_url: str, page: Page, lang: str) -> None:
    """Screenshots of every slide for a look, each slide filling the window without scrolling."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    open_slide(page, f"{app_url}/presentation?slide=1&lang={lang}&embed=true", 1)
    total = int(page.locator(".st-key-slide_counter").inner_text().split("/")[1])
    SCREENSHOTS.mkdir(exist_ok=True)
    for number in range(1, total + 1):
        if number > 1:
            press(page, "PageDown", wait_for=on_slide(number))
        assert f"{number} / {total}" == page.locator(".st-key-slide_counter").inner_text().strip()
        scrolls = page.evaluate(
            "() => document.querySelector('[data-testid=stMain]').scrollHeight > innerHeight"
        )
        assert not scrolls, number
        page.screenshot(path=str(SCREENSHOTS / f"slide-{number:02d}-{lang}-1920x1080.png"))
