"""The canonical upload template as CSV or XLSX bytes, in German or English."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter

from smm_maturity.instrument import Instrument, load_instrument

TEMPLATE_ROWS = 1000

_TEXTS = {
    "de": {
        "department": "Abteilung",
        "comment": "Kommentar",
        "respondent_id_text": "Kennung (optional, eindeutig)",
        "department_text": "Ihre Abteilung",
        "submitted_at_text": "Datum (optional, TT.MM.JJJJ)",
        "collab_text": "Zusammenarbeit mit {department} (1 = {low} … 5 = {high})",
        "sheet": "Antworten",
        "lists_sheet": "Listen",
        "help_sheet": "Anleitung",
        "file": "augenhoehe-vorlage",
        "input_title": "Antwort",
        "input_message": "1 = {low} … 5 = {high}; leer oder „{dont_know}“, wenn unbekannt.",
        "error_title": "Unbekannte Antwort",
        "error_message": "Bitte eine Stufe aus der Liste wählen oder eine Zahl von 1 bis 5 eintragen.",
        "help": (
            "So füllen Sie die Vorlage aus",
            "Eine Zeile pro Person, ab Zeile 3. Zeile 1 (Codes) und Zeile 2 (Fragen) bitte nicht ändern.",
            "Antworten: eine Zahl von 1 bis 5 oder eine Stufe aus der Auswahlliste; leer lassen, wenn unbekannt.",
            "Abteilung: die Abteilung der Person; leer lassen, wenn Sie beim Hochladen eine Abteilung wählen.",
            "Die Spalten „collab:…“ bewerten die Zusammenarbeit mit der jeweiligen Abteilung.",
            "Die Datei enthält keine Namen und keine E-Mail-Adressen – bitte auch keine eintragen.",
        ),
    },
    "en": {
        "department": "department",
        "comment": "comment",
        "respondent_id_text": "Respondent id (optional, unique)",
        "department_text": "Your department",
        "submitted_at_text": "Date (optional, YYYY-MM-DD)",
        "collab_text": "Collaboration with {department} (1 = {low} … 5 = {high})",
        "sheet": "Responses",
        "lists_sheet": "Lists",
        "help_sheet": "Instructions",
        "file": "augenhoehe-template",
        "input_title": "Answer",
        "input_message": '1 = {low} … 5 = {high}; blank or "{dont_know}" if unknown.',
        "error_title": "Unknown answer",
        "error_message": "Please pick a level from the list or enter a number from 1 to 5.",
        "help": (
            "How to fill in the template",
            "One row per person, from row 3. Please do not change row 1 (codes) or row 2 (questions).",
            "Answers: a number from 1 to 5 or a level from the drop-down list; leave blank if unknown.",
            "Department: the person's department; leave blank if you choose a department when uploading.",
            'The "collab:…" columns rate the collaboration with that department.',
            "The file holds no names and no e-mail addresses; please do not add any.",
        ),
    },
}


def _texts(lang: str) -> dict:
    if lang not in _TEXTS:
        raise ValueError(f"Unknown template language {lang!r}; use 'de' or 'en'.")
    return _TEXTS[lang]


def template_columns(
    lang: str = "de", *, departments: Sequence[str] = (), instrument: Instrument | None = None
) -> tuple[list[str], list[str]]:
    """The template's header row (codes, read by the importer) and the row of question texts under it."""
    instrument = instrument or load_instrument()
    texts = _texts(lang)
    labels = instrument.collaboration_labels_de if lang == "de" else instrument.collaboration_labels_en
    headers = ["respondent_id", texts["department"], "submitted_at", *instrument.item_codes]
    questions = [texts["respondent_id_text"], texts["department_text"], texts["submitted_at_text"]]
    questions += [item.text(lang) for item in instrument.items]
    for department in departments:
        headers.append(f"collab:{department}")
        questions.append(texts["collab_text"].format(department=department, low=labels[0], high=labels[-1]))
    headers.append(texts["comment"])
    questions.append(instrument.comment_prompt_de if lang == "de" else instrument.comment_prompt_en)
    return headers, questions


def template_csv(
    lang: str = "de", *, departments: Sequence[str] = (), instrument: Instrument | None = None
) -> bytes:
    """The template as CSV: UTF-8 with BOM so Excel opens it right, `;` for German Excel, `,` for English."""
    headers, questions = template_columns(lang, departments=departments, instrument=instrument)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if lang == "de" else ",", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerow(questions)
    return buffer.getvalue().encode("utf-8-sig")


def _choices(lang: str, labels: Sequence[str], dont_know: str) -> list[str]:
    return [f"{value} – {label}" for value, label in enumerate(labels, 1)] + [dont_know]


def template_xlsx(
    lang: str = "de", *, departments: Sequence[str] = (), instrument: Instrument | None = None
) -> bytes:
    """The template as XLSX: codes in row 1, question texts in row 2, and drop-down lists for the answers."""
    instrument = instrument or load_instrument()
    texts = _texts(lang)
    headers, questions = template_columns(lang, departments=departments, instrument=instrument)
    de = lang == "de"
    scale = instrument.scale_labels_de if de else instrument.scale_labels_en
    collab = instrument.collaboration_labels_de if de else instrument.collaboration_labels_en
    dont_know = instrument.dont_know_de if de else instrument.dont_know_en
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(texts["sheet"])
    bold = workbook.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "italic": True, "font_color": "#444444"})
    sheet.write_row(0, 0, headers, bold)
    sheet.write_row(1, 0, questions, wrap)
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
    message = texts["input_message"].format(low=scale[0], high=scale[-1], dont_know=dont_know)
    validation = {
        "validate": "list",
        "source": _choices(lang, scale, dont_know),
        "input_title": texts["input_title"],
        "input_message": message[:255],
        "error_title": texts["error_title"],
        "error_message": texts["error_message"],
        "error_type": "warning",
    }
    sheet.data_validation(first, 3, last, item_end, validation)
    if departments:
        collab_message = texts["input_message"].format(low=collab[0], high=collab[-1], dont_know=dont_know)
        collab_validation = {
            **validation,
            "source": _choices(lang, collab, dont_know),
            "input_message": collab_message,
        }
        sheet.data_validation(first, item_end + 1, last, item_end + len(departments), collab_validation)
        lists = workbook.add_worksheet(texts["lists_sheet"])
        lists.write_column(0, 0, list(departments))
        lists.hide()
        department_validation = {
            "validate": "list",
            "source": f"='{texts['lists_sheet']}'!$A$1:$A${len(departments)}",
            "error_type": "warning",
            "error_title": texts["error_title"],
            "error_message": texts["error_message"],
        }
        sheet.data_validation(first, 1, last, 1, department_validation)
    help_sheet = workbook.add_worksheet(texts["help_sheet"])
    help_sheet.set_column(0, 0, 110)
    help_sheet.write(0, 0, texts["help"][0], workbook.add_format({"bold": True, "font_size": 14}))
    help_sheet.write_column(2, 0, texts["help"][1:])
    workbook.close()
    return buffer.getvalue()


def template_file_name(lang: str, fmt: str) -> str:
    """The download file name for the template in this language and format ("csv" or "xlsx")."""
    return f"{_texts(lang)['file']}.{fmt}"
