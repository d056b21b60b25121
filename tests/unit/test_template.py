"""Tests for the canonical template: its layout in both languages, and that a filled-in template imports."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest

from smm_maturity import template
from smm_maturity.ingest import read_upload
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()
CODES = list(INSTRUMENT.item_codes)


def csv_rows(data: bytes) -> tuple[str, list[list[str]]]:
    text = data.decode("utf-8-sig")
    delimiter = ";" if text.split("\r\n")[0].count(";") else ","
    return delimiter, list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.mark.parametrize(
    ("lang", "delimiter", "department", "comment"),
    [("de", ";", "Abteilung", "Kommentar"), ("en", ",", "department", "comment")],
)
def test_csv_template_has_codes_and_question_texts(
    lang: str, delimiter: str, department: str, comment: str
) -> None:
    data = template.template_csv(lang, departments=["Marketing", "IT"])
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    actual_delimiter, rows = csv_rows(data)
    expected_header = [
        "respondent_id",
        department,
        "submitted_at",
        *CODES,
        "collab:Marketing",
        "collab:IT",
        comment,
    ]
    assert (delimiter, expected_header) == (actual_delimiter, rows[0])
    assert [item.text(lang) for item in INSTRUMENT.items] == rows[1][3 : 3 + len(CODES)]
    assert 2 == len(rows)


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'fr'"):
        template.template_csv("fr")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_empty_template_imports_as_header_only(lang: str) -> None:
    for data, name in ((template.template_csv(lang), "t.csv"), (template.template_xlsx(lang), "t.xlsx")):
        batch = read_upload(data, name)
        assert [("error", "header_only")] == [(p.severity, p.kind) for p in batch.problems]


def test_filled_csv_template_round_trips() -> None:
    data = template.template_csv("de", departments=["Vertrieb"])
    answers = ";".join(str(i % 5 + 1) for i in range(len(CODES)))
    filled = data + f"r1;Marketing;02.03.2026;{answers};4;Weiter so\r\n".encode()
    batch = read_upload(filled, "vorlage.csv")
    assert [] == list(batch.problems)
    assert [3] == batch.responses["row"].tolist()
    assert [i % 5 + 1 for i in range(len(CODES))] == batch.answers["value"].tolist()
    assert CODES == batch.answers["item_code"].tolist()
    assert {"row": [3], "target_department": ["Vertrieb"], "rating": [4]} == batch.collaboration.to_dict(
        "list"
    )
    assert {"row": [3], "comment": ["Weiter so"]} == batch.comments.to_dict("list")


def test_xlsx_template_layout_dropdowns_and_comments() -> None:
    workbook = openpyxl.load_workbook(
        io.BytesIO(template.template_xlsx("de", departments=["Marketing", "IT"]))
    )
    assert ["Antworten", "Listen", "Anleitung"] == workbook.sheetnames
    assert "hidden" == workbook["Listen"].sheet_state
    sheet = workbook["Antworten"]
    header = [cell.value for cell in sheet[1]]
    assert [
        "respondent_id",
        "Abteilung",
        "submitted_at",
        *CODES,
        "collab:Marketing",
        "collab:IT",
        "Kommentar",
    ] == header
    assert INSTRUMENT.items[0].text.de == sheet.cell(2, 4).value
    assert "Silos & Wissensaustausch: " + INSTRUMENT.items[0].text.de == sheet.cell(1, 4).comment.text
    assert "C3" == sheet.freeze_panes
    validations = [(dv.formula1, str(dv.sqref)) for dv in sheet.data_validations.dataValidation]
    likert = '"1 – trifft gar nicht zu,2 – trifft eher nicht zu,3 – teils/teils,4 – trifft eher zu,5 – trifft voll zu,weiß nicht"'
    collab = '"1 – sehr schlecht,2 – eher schlecht,3 – mittel,4 – eher gut,5 – sehr gut,weiß nicht"'
    expected = [(likert, "D3:AS1002"), (collab, "AT3:AU1002"), ("'Listen'!$A$1:$A$2", "B3:B1002")]
    assert expected == validations


@pytest.mark.parametrize(
    ("lang", "choice", "collab_choice", "dont_know"),
    [
        ("de", "4 – trifft eher zu", "2 – eher schlecht", "weiß nicht"),
        ("en", "4 – agree", "2 – rather poorly", "don't know"),
    ],
)
def test_filled_xlsx_template_round_trips(lang: str, choice: str, collab_choice: str, dont_know: str) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(template.template_xlsx(lang, departments=["Vertrieb"])))
    sheet = workbook.worksheets[0]
    for row, department in ((3, "Marketing"), (4, "IT")):
        sheet.cell(row, 2, department)
        for column in range(4, 4 + len(CODES)):
            sheet.cell(row, column, choice if column % 2 else 5)
        sheet.cell(row, 5, dont_know)
        sheet.cell(row, 4 + len(CODES), collab_choice)
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = read_upload(buffer.getvalue(), template.template_file_name(lang, "xlsx"))
    assert [] == list(batch.problems)
    assert ["Marketing", "IT"] == batch.responses["department"].tolist()
    expected_values = [4 if column % 2 else 5 for column in range(4, 4 + len(CODES)) if column != 5]
    assert expected_values * 2 == batch.answers["value"].tolist()
    assert [2, 2] == batch.collaboration["rating"].tolist()


def test_file_names() -> None:
    names = [template.template_file_name(lang, fmt) for lang in ("de", "en") for fmt in ("csv", "xlsx")]
    assert [
        "augenhoehe-vorlage.csv",
        "augenhoehe-vorlage.xlsx",
        "augenhoehe-template.csv",
        "augenhoehe-template.xlsx",
    ] == names


def test_the_template_carries_a_fixed_creation_date_so_the_same_template_is_the_same_file() -> None:
    """A template made a second later must not differ, so that its hash identifies it."""
    with zipfile.ZipFile(io.BytesIO(template.template_xlsx("de", departments=["IT"]))) as workbook:
        core = workbook.read("docProps/core.xml").decode("utf-8")
    stamps = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]+)<", core)
    assert [("created", "2026-01-01T00:00:00Z"), ("modified", "2026-01-01T00:00:00Z")] == stamps
