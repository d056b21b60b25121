"""The code sheet and the mail-merge CSV, made from plain codes without a database."""

from __future__ import annotations

import csv
import io
import re

import pytest
import zxingcpp
from PIL import Image

from smm_maturity import code_sheet

BASE = "https://umfrage.example.de"
CODES = ["ABCD2345", "WXYZ6789"]


def rows(data: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=delimiter))


def test_the_csv_has_one_row_per_code_with_its_address_in_the_languages_format() -> None:
    expected = [
        ["Welle", "Abteilung", "Code", "Adresse"],
        ["Frühjahr 2027", "Vertrieb", "ABCD-2345", f"{BASE}/?code=ABCD-2345&lang=de"],
        ["Frühjahr 2027", "Vertrieb", "WXYZ-6789", f"{BASE}/?code=WXYZ-6789&lang=de"],
    ]
    assert expected == rows(code_sheet.codes_csv(CODES, "Frühjahr 2027", "Vertrieb", BASE, "de"), ";")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_no_csv_cell_is_read_as_a_formula(start: str) -> None:
    written = rows(code_sheet.codes_csv(CODES[:1], f"{start}HYPERLINK(1)", f"{start}1+1", BASE, "en"), ",")
    assert [f"'{start}HYPERLINK(1)", f"'{start}1+1"] == written[1][:2]


def test_the_sheet_escapes_names_and_holds_one_qr_code_and_code_per_slip() -> None:
    html = code_sheet.sheet_html(CODES, "<b>Welle</b>", "R&D", BASE, "en")
    assert "<b>Welle</b>" not in html and "&lt;b&gt;Welle&lt;/b&gt;" in html and "R&amp;D" in html
    assert (2, ["ABCD-2345", "WXYZ-6789"]) == (
        html.count('<svg viewBox="'),
        re.findall(r'<div class="code">([^<]*)</div>', html),
    )


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (12, 1), (13, 2), (25, 3)])
def test_the_sheet_holds_twelve_slips_per_page(count: int, pages: int) -> None:
    html = code_sheet.sheet_html(["ABCD2345"] * count, "W", "D", BASE, "de")
    assert pages == html.count('<section class="page">')


def test_a_file_stem_keeps_letters_and_digits_only() -> None:
    assert "codes-Frühjahr_2027-F_E" == code_sheet.file_stem("Frühjahr 2027", "F&E")
    assert "codes-a__b-c" == code_sheet.file_stem("a/.b", "c")


def test_the_workshop_qr_code_is_a_png_that_reads_back_as_its_address() -> None:
    address = f"{BASE}/?join=1-2-3-{'a' * 32}&lang=de"
    image = Image.open(io.BytesIO(code_sheet.qr_png(address)))
    assert [address] == [barcode.text for barcode in zxingcpp.read_barcodes(image)]
