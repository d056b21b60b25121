"""The survey setup page in a real browser: a page run that has settled, and a new wave created and opened."""

from __future__ import annotations

from collections.abc import Mapping

from browser_harness import READY
from playwright.sync_api import Page, expect

LABELS = {
    "de": ("Name der Welle", "Neue Abteilungen", "Für Antworten öffnen"),
    "en": ("Name of the wave", "New departments", "Open for answers"),
}
CREATED = {
    "de": "Welle {wave} als Entwurf angelegt mit {departments}.",
    "en": "Wave {wave} created as a draft with {departments}.",
}
OPENED = {"de": "Welle {wave} ist offen", "en": "Wave {wave} is open"}


def settled(page: Page) -> None:
    """Wait until the page's run has finished without an exception."""
    expect(page.locator(READY)).to_be_attached()
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


def create_and_open_wave(page: Page, wave: str, headcounts: Mapping[str, int], lang: str) -> None:
    """On the survey setup page: a new wave with new departments and their headcounts, created, then opened."""
    name, departments, open_button = LABELS[lang]
    page.get_by_role("textbox", name=name).fill(wave)
    page.get_by_role("textbox", name=departments).fill(
        "\n".join(f"{department}={headcount}" for department, headcount in headcounts.items())
    )
    page.get_by_test_id("stFormSubmitButton").locator("button").click()
    expect(
        page.get_by_text(CREATED[lang].format(wave=wave, departments=", ".join(sorted(headcounts))))
    ).to_be_visible()
    page.get_by_role("button", name=open_button).click()
    expect(page.get_by_text(OPENED[lang].format(wave=wave))).to_be_visible()
    settled(page)
