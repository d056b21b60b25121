"""The first survey, told end to end in a real browser, as the README's walkthrough tells it.

From an empty database in passcode mode, an admin creates a wave with three departments, opens it and prints a
sheet of access codes for each; nine employees answer on phones through the QR codes read back from the printed
sheets; leadership sees nothing while the wave is open; the admin closes and publishes it; leadership then sees
the results of all three departments.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from browser_harness import READY, SCREENSHOTS, free_port, run_dashboard
from phone import PHONE, STEPS, THANKS, at_step, tap_answers, type_answers
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from survey_page import create_and_open_wave, settled

from smm_maturity import auth, store

pytestmark = pytest.mark.slow

TIMEOUT_MS = 60_000
WAVE = "Frühjahr 2027"
DEPARTMENTS = {"Vertrieb": 4, "Produktion": 5, "IT": 3}
K = 3
ADMIN_PASSCODE = "admin-passcode-2027"
LEADERSHIP_PASSCODE = "leitung-passcode-2027"
CODE_ADDRESS = re.compile(r"http://127\.0\.0\.1:\d+/\?code=[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}&lang=de")


def shoot(page: Page, name: str) -> None:
    """A screenshot of the page under screenshots/, named after this story."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"first-survey-{name}.png"))


def desktop(browser: Browser) -> Page:
    """A new desktop browser window."""
    page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def signed_in(page: Page, base: str, path: str, passcode: str) -> Page:
    """The page at `path` after signing in with the passcode (a new visit needs a new sign-in); the deep link
    survives sign-in."""
    page.goto(f"{base}/{path}?lang=de")
    page.get_by_label("Zugangscode").fill(passcode)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_text("Zugangscode", exact=True)).to_have_count(0)
    settled(page)
    return page


def printed_addresses(admin: Page, department: str, tmp_path: Path) -> list[str]:
    """Generate three codes for the department, print their sheet and read the QR codes back from the print."""
    chooser = admin.locator(".st-key-survey-codes-department [role=combobox]")
    chooser.click()
    chooser.fill(department)
    admin.get_by_role("option", name=department, exact=True).click()
    expect(chooser).to_have_value(department)
    settled(admin)
    count = admin.get_by_label("Anzahl der Codes")
    count.fill(str(K))
    count.press("Tab")
    settled(admin)
    admin.get_by_role("button", name="Codes erzeugen").click()
    expect(admin.get_by_text(f"{K} Codes für {department} in {WAVE} erzeugt.")).to_be_visible()
    settled(admin)
    with admin.expect_download() as download:
        admin.get_by_role("button", name="Druckbogen (HTML, A4)").click()
    sheet = tmp_path / f"codes-{department}.html"
    download.value.save_as(sheet)
    printer = admin.context.browser.new_page(viewport={"width": 794, "height": 1123})
    printer.emulate_media(media="print")
    printer.goto(sheet.as_uri())
    picture = printer.screenshot(
        full_page=True, path=str(SCREENSHOTS / f"first-survey-sheet-{department}.png")
    )
    printer.close()
    return [barcode.text for barcode in zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))]


def answer_on_a_phone(browser: Browser, address: str, offset: int, screenshots: bool) -> None:
    """An employee scans the QR code, answers every step, some by taps and some by keys, and sends."""
    context = browser.new_context(**PHONE, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(address)
    for number in range(1, STEPS):
        at_step(page, "de", number)
        if screenshots and number == 1:
            shoot(page, "phone-step-1")
        if number % 2:
            type_answers(page, offset + number)
        else:
            tap_answers(page, offset + number)
        page.locator(".st-key-door-next button").tap()
    at_step(page, "de", STEPS)
    page.locator(".st-key-door-submit button").tap()
    page.get_by_role("heading", name=THANKS["de"]).wait_for()
    page.wait_for_selector(READY)
    if screenshots:
        shoot(page, "phone-thanks")
    context.close()


def test_from_an_empty_database_to_published_results_of_a_first_survey(
    browser: Browser, tmp_path: Path
) -> None:
    expect.set_options(timeout=TIMEOUT_MS)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f"[passcodes]\nadmin = '{auth.hash_passcode(ADMIN_PASSCODE)}'\n"
        f"viewer = '{auth.hash_passcode(LEADERSHIP_PASSCODE)}'\n",
        encoding="utf-8",
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    db = tmp_path / "first-survey.duckdb"
    server = run_dashboard(
        db,
        secrets=secrets,
        port=port,
        settings={"SMM_MIN_GROUP": str(K), "SMM_PUBLIC_URL": base},
        start_timeout=120,
        stop_timeout=30,
    )
    next(server)
    try:
        admin = signed_in(desktop(browser), base, "survey", ADMIN_PASSCODE)
        create_and_open_wave(admin, WAVE, DEPARTMENTS, "de")
        addresses = {department: printed_addresses(admin, department, tmp_path) for department in DEPARTMENTS}
        shoot(admin, "setup")
        assert {department: K for department in DEPARTMENTS} == {
            department: sum(bool(CODE_ADDRESS.fullmatch(address)) for address in set(found))
            for department, found in addresses.items()
        }

        for offset, address in enumerate(address for found in addresses.values() for address in found):
            answer_on_a_phone(browser, address, offset, screenshots=offset == 0)

        leadership = signed_in(desktop(browser), base, "", LEADERSHIP_PASSCODE)
        expect(leadership.get_by_role("heading", name="Noch keine Ergebnisse veröffentlicht")).to_be_visible()
        shoot(leadership, "leadership-while-open")

        signed_in(admin, base, "survey", ADMIN_PASSCODE)
        participation = admin.get_by_test_id("stDataFrame").nth(1)
        expect(participation).to_be_visible()
        shoot(admin, "participation")
        admin.get_by_role("button", name="Schließen").click()
        expect(admin.get_by_text(f"Welle {WAVE} ist geschlossen")).to_be_visible()
        admin.get_by_role("button", name="Endergebnis veröffentlichen").click()
        expect(admin.get_by_text(f"Veröffentlicht in {WAVE}")).to_be_visible()
        shoot(admin, "published")

        signed_in(leadership, base, "", LEADERSHIP_PASSCODE)
        expect(leadership.get_by_role("heading", name="Wo die Organisation steht")).to_be_visible()
        settled(leadership)
        expect(leadership.locator("[data-testid=stMain] .js-plotly-plot").first).to_be_visible()
        metrics = dict(
            zip(
                leadership.get_by_test_id("stMetricLabel").all_inner_texts(),
                leadership.get_by_test_id("stMetricValue").all_inner_texts(),
                strict=True,
            )
        )
        shoot(leadership, "results")
    finally:
        server.close()

    assert {"Antworten": "9", "Beteiligung": "75\xa0%"} == {
        label: value for label, value in metrics.items() if label in ("Antworten", "Beteiligung")
    }
    con = store.connect(db)
    assert [(department, K) for department in sorted(DEPARTMENTS)] == con.execute(
        "select d.name, count(*) from responses r join departments d using (department_id)"
        " where r.publication_id is not null group by d.name order by d.name"
    ).fetchall()
    assert [(K * len(DEPARTMENTS),)] == con.execute("select count(*) from access_codes where used").fetchall()
