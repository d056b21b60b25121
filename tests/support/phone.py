"""A respondent on a phone (390 × 844, touch): the questionnaire's steps, answered by taps or from the keyboard."""

from __future__ import annotations

from browser_harness import READY, SCREENSHOTS
from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from smm_maturity.instrument import load_instrument

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
    "device_scale_factor": 2,
}
STEPS = len(load_instrument().dimensions) + 2
"""One step per dimension, then the collaboration ratings and the comment."""
PROGRESS = {"de": "Schritt {n} von {total}", "en": "Step {n} of {total}"}
THANKS = {"de": "Vielen Dank!", "en": "Thank you!"}
MIN_TAP = 44
OPTIONS = 6
"""Five points of the scale and "don't know"."""


READING_MS = 500
"""How long a person looks at a still step before the first tap. Streamlit's page can drop a choice made in the
instant a run's result is applied, on a loaded machine; a person is never that fast, a script is."""
QUIET_SCRIPT = """([quietMs, limitMs]) => new Promise((done) => {
  const started = performance.now();
  let last = started;
  const watcher = new MutationObserver(() => { last = performance.now(); });
  watcher.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  const check = () => {
    const now = performance.now();
    if (now - last >= quietMs || now - started >= limitMs) { watcher.disconnect(); done(now - last >= quietMs); }
    else setTimeout(check, 50);
  };
  setTimeout(check, quietMs);
})"""
"""Resolves once the page has not changed for quietMs (true), or after limitMs however busy it is (false)."""
STEP_TIMEOUT_MS = 60_000


def at_step(page: Page, lang: str, number: int) -> None:
    """Wait until step `number` is on the screen, its run has finished, and it has stood still long enough for a
    person to read it; otherwise fail with what the phone shows instead, and keep a screenshot of it."""
    text = PROGRESS[lang].format(n=number, total=STEPS)
    try:
        page.get_by_text(text, exact=True).wait_for(timeout=STEP_TIMEOUT_MS)
        page.wait_for_selector(READY, timeout=STEP_TIMEOUT_MS)
    except PlaywrightTimeout:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"phone-missed-step-{number}.png"), full_page=True)
        shown = page.locator("[data-testid=stMain]").inner_text(timeout=5_000)
        raise AssertionError(
            f"{text!r} was not shown, finished, within {STEP_TIMEOUT_MS // 1000} s; the phone shows:\n{shown[:2_000]}"
        ) from None
    page.evaluate(QUIET_SCRIPT, [READING_MS, STEP_TIMEOUT_MS // 2])


def groups(page: Page) -> Locator:
    """The step's answer groups, one per statement or department."""
    return page.locator("[data-testid=stRadio]")


def expect_checked(group: Locator, option: int) -> None:
    """Wait until the group shows the option as chosen."""
    group.locator(f"input[type=radio][value='{option}']:checked").wait_for(state="attached")


def tap_answers(page: Page, offset: int) -> None:
    """Answer every group of the step by tapping one of its options, a different one for each group."""
    for index in range(groups(page).count()):
        option = (
            groups(page)
            .nth(index)
            .locator("label[data-testid=stRadioOption]")
            .nth((index + offset) % OPTIONS)
        )
        box = option.bounding_box()
        assert box is not None and box["height"] >= MIN_TAP and box["width"] >= MIN_TAP * 4
        option.tap()
        expect_checked(groups(page).nth(index), (index + offset) % OPTIONS)


def type_answers(page: Page, offset: int, leave_last_open: bool = False) -> None:
    """Answer every group of the step from the keyboard: focus the option and press the space bar."""
    count = groups(page).count() - (1 if leave_last_open else 0)
    for index in range(count):
        groups(page).nth(index).locator("input[type=radio]").nth((index + offset) % OPTIONS).focus()
        page.keyboard.press("Space")
        expect_checked(groups(page).nth(index), (index + offset) % OPTIONS)
