"""The questionnaire on a phone (390 × 844, touch): a respondent with a printed access code answers every step,
some with the keyboard and some with taps, and the response lands pending, invisible until publication."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import survey_data
from browser_harness import READY, SCREENSHOTS, run_dashboard
from phone import PHONE, STEPS, THANKS, at_step, expect_checked, tap_answers, type_answers

from smm_maturity import invites, navigation, store

pytestmark = pytest.mark.slow

WAVE = "Frühjahr 2026"


def press(page, key: str) -> None:
    """Press a button of the page from the keyboard."""
    page.locator(f".st-key-{key} button").focus()
    page.keyboard.press("Enter")


def shoot(page, name: str) -> None:
    """A screenshot of the screen as the phone shows it."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"questionnaire-{name}.png"))


def answer_on_a_phone(page, base: str, code: str, lang: str) -> None:
    """Open the address printed on the slip, answer every step, alternating taps and keys, and send."""
    page.goto(f"{base}/?{invites.CODE_PARAMETER}={code}&lang={lang}")
    at_step(page, lang, 1)
    assert 0 == page.locator("[data-testid=stSidebar]").count()
    assert 0 == page.locator("[data-testid=stSidebarNav], [data-testid=stTopNavLinkContainer]").count()
    links = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
    assert [] == [link for link in links if any(f"/{s.url_path}" in link for s in navigation.SCREENS)]
    shoot(page, f"{lang}-01")
    type_answers(page, 0, leave_last_open=True)
    press(page, "door-next")
    page.locator(".st-key-door_open [data-testid=stAlert]").wait_for()
    page.wait_for_selector(READY)
    shoot(page, f"{lang}-01-open")
    assert page.evaluate("() => !!document.activeElement.closest('.st-key-door_open')")
    page.keyboard.press("Space")
    expect_checked(page.locator(".st-key-door_open [data-testid=stRadio]"), 0)
    press(page, "door-next")
    for number in range(2, STEPS):
        at_step(page, lang, number)
        shoot(page, f"{lang}-{number:02d}")
        if number % 2:
            type_answers(page, number)
            press(page, "door-next")
        else:
            tap_answers(page, number)
            page.locator(".st-key-door-next button").tap()
    at_step(page, lang, STEPS)
    page.locator("textarea").tap()
    page.keyboard.type("Mehr Austausch über Abteilungsgrenzen.")
    shoot(page, f"{lang}-{STEPS:02d}")
    page.locator(".st-key-door-submit button").tap()
    page.get_by_role("heading", name=THANKS[lang]).wait_for(timeout=60_000)
    page.wait_for_selector(READY)
    shoot(page, f"{lang}-thanks")
    assert (
        0
        == page.locator("button").filter(has_text=re.compile("Fragebogen|questionnaire|again|erneut")).count()
    )
    assert f"{invites.CODE_PARAMETER}={code}" in page.url


def test_a_respondent_answers_everything_on_a_phone_and_the_answers_wait_for_publication(
    tmp_path: Path, browser
) -> None:
    db = tmp_path / "survey.duckdb"
    con = store.connect(db)
    survey_data.open_survey(con, WAVE, {"IT": 8, "Marketing": 6, "Vertrieb": 5})
    codes = [
        invites.formatted(code)
        for code in invites.generate_codes(con, WAVE, "Marketing", 3, survey_data.ADMIN)
    ]
    con.close()
    server = run_dashboard(db, start_timeout=120, stop_timeout=30)
    base = next(server)
    try:
        for lang, code in zip(("de", "en"), codes, strict=False):
            context = browser.new_context(**PHONE, locale="de-DE")
            answer_on_a_phone(context.new_page(), base, code, lang)
            context.close()
        for lang, code in zip(("de", "en"), codes, strict=False):
            refused = browser.new_context(**PHONE).new_page()
            refused.goto(f"{base}/?{invites.CODE_PARAMETER}={code}&lang={lang}")
            refused.locator(".st-key-door-code input").wait_for(timeout=60_000)
            refused.wait_for_selector(READY)
            assert (1, 0) == (
                refused.locator("[data-testid=stAlert]").count(),
                refused.locator("[data-testid=stRadio]").count(),
            )
            shoot(refused, f"{lang}-used")
            refused.goto(f"{base}/questionnaire?lang={lang}")
            refused.locator(".st-key-door-code input").wait_for(timeout=60_000)
            refused.wait_for_selector(READY)
            shoot(refused, f"{lang}-code")
        dashboard = browser.new_context(**PHONE).new_page()
        dashboard.goto(f"{base}/?lang=en")
        dashboard.get_by_role("heading", name="No results published yet").wait_for(timeout=60_000)
    finally:
        server.close()
    con = store.connect(db)
    assert [(WAVE, "Marketing", None), (WAVE, "Marketing", None)] == con.execute(
        "select w.name, d.name, r.publication_id from responses r join waves w using (wave_id)"
        " join departments d using (department_id)"
    ).fetchall()
    assert [(True,), (True,), (False,)] == con.execute(
        "select used from access_codes order by used desc"
    ).fetchall()
    assert [(2,)] == con.execute("select count(*) from comments").fetchall()
