"""Invitations on paper and for a mail merge: a print-ready A4 sheet of cut-out slips with QR codes, a CSV, and
the large QR code of a workshop link.

The plain codes exist only while the admin holds them after generating; these files are made from them then.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from html import escape

import segno

from smm_maturity import invites
from smm_maturity.exports.tables import neutralise
from smm_maturity.i18n import locale, t

SLIPS_PER_PAGE = 12
"""Three columns of four slips fill an A4 page with room to cut."""

SHEET_CSS = """
@page { size: A4 portrait; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; color: #111; background: #fff; }
.page { width: 190mm; display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: 69mm;
  break-after: page; page-break-after: always; }
.page:last-child { break-after: auto; page-break-after: auto; }
.slip { border: 0.3mm dashed #888; padding: 3mm 4mm; display: flex; flex-direction: column; align-items: center;
  justify-content: space-between; text-align: center; break-inside: avoid; overflow: hidden; }
.survey { font-size: 8.5pt; font-weight: bold; line-height: 1.2; }
.department { font-size: 8pt; color: #444; }
.qr { width: 30mm; height: 30mm; }
.code { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 15pt; font-weight: bold;
  letter-spacing: 0.5mm; }
.how { font-size: 6.5pt; line-height: 1.25; color: #333; overflow-wrap: anywhere; }
.intro { width: 190mm; font-size: 9pt; margin: 0 0 3mm; }
@media print { .intro { display: none; } }
"""


@dataclass(frozen=True)
class Slip:
    """One invitation: the code as printed and the address its QR code opens."""

    code: str
    address: str


def slips(codes: list[str], base_url: str, lang: str) -> list[Slip]:
    """The slips of plain codes: each code formatted and the questionnaire address that carries it."""
    return [
        Slip(
            invites.formatted(code),
            invites.questionnaire_address(
                base_url, {invites.CODE_PARAMETER: invites.formatted(code), "lang": lang}
            ),
        )
        for code in codes
    ]


def qr_svg(address: str) -> str:
    """A QR code of an address as inline SVG that takes its size from CSS."""
    return str(segno.make(address, error="m", micro=False).svg_inline(omitsize=True, svgclass="qr", border=2))


def qr_png(address: str, scale: int = 12) -> bytes:
    """A QR code of an address as a PNG image, large enough for a projector."""
    buffer = io.BytesIO()
    segno.make(address, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def _slip_html(slip: Slip, wave: str, department: str, base_url: str, lang: str) -> str:
    how = t("survey.sheet.how", lang, address=base_url)
    return (
        f'<div class="slip"><div class="survey">{escape(t("survey.sheet.title", lang, wave=wave))}</div>'
        f'<div class="department">{escape(department)}</div>{qr_svg(slip.address)}'
        f'<div class="code">{escape(slip.code)}</div><div class="how">{escape(how)}</div></div>'
    )


def sheet_html(codes: list[str], wave: str, department: str, base_url: str, lang: str) -> str:
    """The print-ready sheet: A4 pages of twelve cut-out slips, each with its QR code and short code."""
    made = [_slip_html(slip, wave, department, base_url, lang) for slip in slips(codes, base_url, lang)]
    pages = [
        '<section class="page">' + "".join(made[start : start + SLIPS_PER_PAGE]) + "</section>"
        for start in range(0, len(made), SLIPS_PER_PAGE)
    ]
    title = escape(t("survey.sheet.document", lang, wave=wave, department=department))
    intro = escape(t("survey.sheet.intro", lang, count=len(codes)))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<style>{SHEET_CSS}</style></head><body><p class="intro">{intro}</p>{"".join(pages)}</body></html>'
    )


def codes_csv(codes: list[str], wave: str, department: str, base_url: str, lang: str) -> bytes:
    """The codes for a mail merge: wave, department, code and address per row, no cell read as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=locale(lang).csv_delimiter, lineterminator="\r\n")
    writer.writerow([t(f"survey.csv.{column}", lang) for column in ("wave", "department", "code", "address")])
    for slip in slips(codes, base_url, lang):
        writer.writerow([neutralise(cell) for cell in (wave, department, slip.code, slip.address)])
    return buffer.getvalue().encode("utf-8-sig")


def file_stem(wave: str, department: str) -> str:
    """A file name for the codes of a department in a wave, without characters that file systems refuse."""
    text = f"codes-{wave}-{department}"
    return "".join(character if character.isalnum() or character in "-_" else "_" for character in text)
