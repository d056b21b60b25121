"""The canonical upload template as CSV or XLSX bytes, in German or English.

Its texts are in `locales/<lang>/template.toml`; the column codes (`respondent_id`, `SIL1`, `collab:…`) are
the same in both languages, so the importer reads either.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

import xlsxwriter

from smm_maturity.i18n import DEFAULT_LANGUAGE, LANGUAGES, locale, t
from smm_maturity.ingest.formats import COLLAB_PREFIX, RESPONDENT_ID, SUBMITTED_AT
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.palette import PALETTE
from smm_maturity.safe_text import neutralise

TEMPLATE_ROWS = 1000
CREATED = datetime(2026, 1, 1)
"""The creation date written into the XLSX, fixed so that the same template is the same file, byte for byte."""
HELP_LINES = ("rows", "answers", "department", "collab", "no_names")
"""The lines of the instructions sheet, under its title: `template.help.<line>`."""
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
"""Every text is written as text: never as a formula or a link, whatever it begins with."""
_MESSAGE_LIMIT = 255  # Excel shows at most this many characters of an input message


def _check(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"Unknown template language {lang!r}; use 'de' or 'en'.")


def template_columns(
    lang: str = DEFAULT_LANGUAGE, *, departments: Sequence[str] = (), instrument: Instrument | None = None
) -> tuple[list[str], list[str]]:
    """The template's header row (codes, read by the importer) and the row of question texts under it."""
    _check(lang)
    instrument = instrument or load_instrument()
    labels = instrument.collaboration_labels(lang)
    headers = [RESPONDENT_ID, t("template.header.department", lang), SUBMITTED_AT, *instrument.item_codes]
    questions = [t(f"template.question.{role}", lang) for role in (RESPONDENT_ID, "department", SUBMITTED_AT)]
    questions += [item.text(lang) for item in instrument.items]
    for department in departments:
        headers.append(f"{COLLAB_PREFIX}{department}")
        questions.append(
            t("template.question.collab", lang, department=department, low=labels[0], high=labels[-1])
        )
    headers.append(t("template.header.comment", lang))
    questions.append(instrument.comment_prompt(lang))
    return headers, questions


def template_csv(
    lang: str = DEFAULT_LANGUAGE, *, departments: Sequence[str] = (), instrument: Instrument | None = None
) -> bytes:
    """The template as CSV: UTF-8 with BOM so Excel opens it right, `;` for German Excel, `,` for English."""
    headers, questions = template_columns(lang, departments=departments, instrument=instrument)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=locale(lang).csv_delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in headers])
    writer.writerow([neutralise(cell) for cell in questions])
    return buffer.getvalue().encode("utf-8-sig")


def _choices(labels: Sequence[str], dont_know: str) -> list[str]:
    return [f"{value} – {label}" for value, label in enumerate(labels, 1)] + [dont_know]


def _answer_validation(lang: str, labels: Sequence[str], dont_know: str) -> dict:
    """A drop-down of the scale's levels and "don't know", that warns about anything else."""
    message = t(
        "template.input_message",
        lang,
        low=labels[0],
        high=labels[-1],
        dont_know=locale(lang).quote(dont_know),
    )
    return {
        "validate": "list",
        "source": _choices(labels, dont_know),
        "input_title": t("template.input_title", lang),
        "input_message": message[:_MESSAGE_LIMIT],
        "error_title": t("template.error_title", lang),
        "error_message": t("template.error_message", lang),
        "error_type": "warning",
    }


def template_xlsx(
    lang: str = DEFAULT_LANGUAGE, *, departments: Sequence[str] = (), instrument: Instrument | None = None
) -> bytes:
    """The template as XLSX: codes in row 1, question texts in row 2, and drop-down lists for the answers."""
    instrument = instrument or load_instrument()
    headers, questions = template_columns(lang, departments=departments, instrument=instrument)
    dont_know = instrument.dont_know(lang)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    workbook.set_properties({"created": CREATED})
    sheet = workbook.add_worksheet(t("template.sheet.answers", lang))
    bold = workbook.add_format({"bold": True, "bg_color": PALETTE.template_header, "border": 1})
    wrap = workbook.add_format(
        {"text_wrap": True, "valign": "top", "italic": True, "font_color": PALETTE.template_hint}
    )
    sheet.write_row(0, 0, [neutralise(cell) for cell in headers], bold)
    sheet.write_row(1, 0, [neutralise(cell) for cell in questions], wrap)
    sheet.set_row(1, 90)
    sheet.set_column(0, 2, 18)
    sheet.set_column(3, len(headers) - 2, 22)
    sheet.set_column(len(headers) - 1, len(headers) - 1, 50)
    sheet.freeze_panes(2, 2)
    dimensions = {d.code: d.name(lang) for d in instrument.dimensions}
    for column, item in enumerate(instrument.items, 3):
        sheet.write_comment(0, column, f"{dimensions[item.dimension]}: {item.text(lang)}", {"x_scale": 2})
    first, last = 2, TEMPLATE_ROWS + 1
    item_end = 2 + len(instrument.items)
    scale = instrument.scale_labels(lang)
    sheet.data_validation(first, 3, last, item_end, _answer_validation(lang, scale, dont_know))
    if departments:
        collab = instrument.collaboration_labels(lang)
        collab_validation = _answer_validation(lang, collab, dont_know)
        sheet.data_validation(first, item_end + 1, last, item_end + len(departments), collab_validation)
        lists_name = t("template.sheet.lists", lang)
        lists = workbook.add_worksheet(lists_name)
        lists.write_column(0, 0, [neutralise(name) for name in departments])
        lists.hide()
        department_validation = {
            "validate": "list",
            "source": f"='{lists_name}'!$A$1:$A${len(departments)}",
            "error_type": "warning",
            "error_title": t("template.error_title", lang),
            "error_message": t("template.error_message", lang),
        }
        sheet.data_validation(first, 1, last, 1, department_validation)
    help_sheet = workbook.add_worksheet(t("template.sheet.help", lang))
    help_sheet.set_column(0, 0, 110)
    help_sheet.write(
        0, 0, t("template.help.title", lang), workbook.add_format({"bold": True, "font_size": 14})
    )
    help_sheet.write_column(2, 0, [t(f"template.help.{line}", lang) for line in HELP_LINES])
    workbook.close()
    return buffer.getvalue()


def template_file_name(lang: str, fmt: str) -> str:
    """The download file name for the template in this language and format ("csv" or "xlsx")."""
    _check(lang)
    return f"{t('template.file', lang)}.{fmt}"
