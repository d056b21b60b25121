"""The printable code sheet as Chromium prints it: every QR code is read back from the image and opens the
questionnaire with a valid code of the right wave and department."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from browser_harness import SCREENSHOTS
from PIL import Image
from playwright.sync_api import Page
from survey_data import ADMIN, open_survey

from smm_maturity import code_sheet, invites, store

pytestmark = pytest.mark.slow

BASE = "https://umfrage.example.de/augenhoehe"
WAVE = "Frühjahr 2027"
A4_WIDTH_PX = 794
"""210 mm at the 96 pixels per inch of CSS."""


def printed(page: Page, html: str, name: str) -> Image.Image:
    """The sheet rendered as print media at twice the screen's resolution, saved under screenshots/."""
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.emulate_media(media="print")
    page.set_content(html)
    SCREENSHOTS.mkdir(exist_ok=True)
    picture = page.screenshot(full_page=True, path=str(SCREENSHOTS / f"{name}.png"))
    return Image.open(io.BytesIO(picture))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_qr_code_on_the_printed_sheet_opens_the_questionnaire_with_its_code(
    page: Page, tmp_path: Path, lang: str
) -> None:
    con = store.connect(tmp_path / "sheet.duckdb")
    open_survey(con, WAVE, {"Vertrieb": 12, "IT": None})
    codes = invites.generate_codes(con, WAVE, "Vertrieb", 14, ADMIN)
    image = printed(page, code_sheet.sheet_html(codes, WAVE, "Vertrieb", BASE, lang), f"code_sheet_{lang}")

    addresses = sorted(barcode.text for barcode in zxingcpp.read_barcodes(image))

    expected = sorted(f"{BASE}/?code={invites.formatted(code)}&lang={lang}" for code in codes)
    assert expected == addresses
    opened = [parse_qs(urlsplit(address).query)["code"][0] for address in addresses]
    assert [(WAVE, "Vertrieb")] * len(codes) == [
        (invitation.wave, invitation.department)
        for invitation in (invites.check(con, code=c) for c in opened)
    ]
    con.close()


def test_the_sheet_prints_twelve_slips_per_a4_page(page: Page, tmp_path: Path) -> None:
    con = store.connect(tmp_path / "pages.duckdb")
    open_survey(con, WAVE, {"IT": None})
    codes = invites.generate_codes(con, WAVE, "IT", 25, ADMIN)
    page.set_content(code_sheet.sheet_html(codes, WAVE, "IT", BASE, "de"))
    pdf = page.pdf(format="A4", print_background=True)
    con.close()

    assert 3 == len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
