"""The settings page's client block: the name and logo the title slide, the report and the deck show."""

from __future__ import annotations

import base64
from pathlib import Path

from app_harness import screen
from streamlit.testing.v1 import AppTest

from smm_maturity import branding, store

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def open_settings(lang: str = "de") -> AppTest:
    at = screen("settings", timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    return at


def stored(path: Path) -> branding.Branding:
    con = store.connect(path)
    try:
        return branding.branding(con)
    finally:
        con.close()


def test_a_name_and_a_png_logo_are_stored(demo_db: Path) -> None:
    at = open_settings()
    at.text_input(key="branding_name").set_value("Muster  GmbH").run()
    at.file_uploader(key="branding_logo_0").set_value(("logo.png", PNG, "image/png")).run()
    at.button(key="branding_save").click().run()
    assert not at.exception
    assert ["Gespeichert."] == [element.value for element in at.success]
    assert branding.Branding(
        "Muster GmbH", "data:image/png;base64," + base64.b64encode(PNG).decode()
    ) == stored(demo_db)


def test_a_file_that_is_no_png_or_svg_is_refused_in_one_sentence_and_nothing_changes(demo_db: Path) -> None:
    at = open_settings("en")
    at.text_input(key="branding_name").set_value("Renamed").run()
    at.file_uploader(key="branding_logo_0").set_value(("logo.png", b"GIF89a not a png", "image/png")).run()
    at.button(key="branding_save").click().run()
    assert ["This is not a PNG or SVG file; please upload the logo as PNG or SVG."] == [
        e.value for e in at.error
    ]
    assert branding.Branding("", "") == stored(demo_db)
