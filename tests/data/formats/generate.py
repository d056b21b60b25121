"""Write the format fixtures: the same six respondents as each survey tool exports them.

Run `python tests/data/formats/generate.py` from the repository root; the files are committed, so this
only documents how they were made and lets them be rebuilt after an instrument change.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import datetime
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from smm_maturity.instrument import load_instrument  # noqa: E402

HERE = Path(__file__).resolve().parent
FIXED = datetime(2026, 3, 1)  # the files' creation date, so that regenerating them gives the same bytes
INSTRUMENT = load_instrument()
CODES = INSTRUMENT.item_codes
TARGETS = ("Marketing", "Vertrieb", "IT", "Personal")
LIKERT_DE = ("Trifft gar nicht zu", "Trifft eher nicht zu", "Teils/teils", "Trifft eher zu", "Trifft voll zu")
LIKERT_EN = ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree")
COLLAB_DE = INSTRUMENT.collaboration_labels.de
COLLAB_EN = INSTRUMENT.collaboration_labels.en

RESPONDENTS = [
    {
        "department": "Marketing",
        "submitted": datetime(2026, 3, 2, 9, 15),
        "comment": "Mehr Austausch mit dem Vertrieb, bitte – z. B. eine „Montagsrunde“; gern auch online.",
    },
    {"department": "Marketing", "submitted": datetime(2026, 3, 2, 11, 40), "comment": ""},
    {
        "department": "Vertrieb",
        "submitted": datetime(2026, 3, 3, 8, 5),
        "comment": "Zuständigkeiten klären.\nUnd: Schulungen für alle!",
    },
    {"department": "Vertrieb", "submitted": datetime(2026, 3, 3, 16, 30), "comment": ""},
    {
        "department": "Geschäftsführung",
        "submitted": datetime(2026, 3, 4, 13, 0),
        "comment": "Wir müssen Social Media als Chefsache verstehen.",
    },
    {
        "department": "IT",
        "submitted": datetime(2026, 3, 5, 10, 20),
        "comment": "Weniger Angst vor neuen Tools.",
    },
]


def answer(r: int, i: int) -> int | None:
    """Respondent r's answer to item i (1..5), or None for no answer / don't know."""
    return None if (r * 5 + i) % 11 == 0 else (r * 7 + i * 3) % 5 + 1


def rating(r: int, t: int) -> int | None:
    """Respondent r's collaboration rating for target t, None for their own department or no answer."""
    if RESPONDENTS[r]["department"] == TARGETS[t] or (r + t) % 7 == 6:
        return None
    return (r + 2 * t) % 5 + 1


def csv_bytes(
    rows: list[list[str]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    crlf: bool = False,
    quote_all: bool = False,
) -> bytes:
    """The rows as CSV bytes, the way the tool writes them."""
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(
        buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n", quoting=quoting
    ).writerows(rows)
    return buffer.getvalue().encode(encoding)


def items_by_dimension(lang: str) -> list[tuple[str, str, int]]:
    """(dimension name, item text, item index) in questionnaire order."""
    names = {d.code: d.name(lang) for d in INSTRUMENT.dimensions}
    return [(names[item.dimension], item.text(lang), i) for i, item in enumerate(INSTRUMENT.items)]


def canonical() -> list[list[str]]:
    header = [
        "respondent_id",
        "department",
        "submitted_at",
        *CODES,
        *(f"collab:{t}" for t in TARGETS),
        "comment",
    ]
    rows = [header]
    for r, person in enumerate(RESPONDENTS):
        row = [f"r{r + 1}", person["department"], person["submitted"].isoformat(sep=" ")]
        row += [str(v) if (v := answer(r, i)) else "" for i in range(len(CODES))]
        row += [str(v) if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        rows.append([*row, person["comment"]])
    return rows


def german_excel() -> bytes:
    header = [
        "Nr.",
        "Abteilung",
        "Datum",
        *CODES,
        *(f"collab:{t}" for t in TARGETS),
        "Kommentar",
        "Dauer (Min.)",
    ]
    rows = [header]
    for r, person in enumerate(RESPONDENTS):
        row = [str(r + 1), person["department"], person["submitted"].strftime("%d.%m.%Y %H:%M")]
        for i in range(len(CODES)):
            v = answer(r, i)
            if v is None:
                row.append(("weiß nicht", "k. A.", "")[i % 3])
            elif i % 4 == 1:
                row.append(f"{v},0")
            elif i % 9 == 2:
                row.append(LIKERT_DE[v - 1])
            else:
                row.append(str(v))
        row += [str(v) if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        rows.append([*row, person["comment"], f"{7 + r},5"])
    return csv_bytes(rows, delimiter=";", encoding="cp1252", crlf=True)


def google_forms(lang: str) -> bytes:
    de = lang == "de"
    likert, collab = (LIKERT_DE, COLLAB_DE) if de else (LIKERT_EN, COLLAB_EN)
    prompt = INSTRUMENT.collaboration_prompt("de" if de else "en")
    header = ["Zeitstempel", "E-Mail-Adresse"] if de else ["Timestamp", "Email Address"]
    header.append("In welcher Abteilung arbeiten Sie?" if de else "Which department do you work in?")
    header += [f"{name} [{text}]" for name, text, _ in items_by_dimension(lang)]
    header += [f"{prompt} [{t}]" for t in TARGETS]
    header.append(INSTRUMENT.comment_prompt("de" if de else "en"))
    rows = [header]
    for r, person in enumerate(RESPONDENTS):
        when = person["submitted"]
        stamp = when.strftime("%d.%m.%Y %H:%M:%S") if de else when.strftime("%Y/%m/%d %-I:%M:%S %p GMT+1")
        row = [stamp, f"person{r + 1}@example.org", person["department"]]
        row += [likert[v - 1] if (v := answer(r, i)) else "" for i in range(len(CODES))]
        row += [collab[v - 1] if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        rows.append([*row, person["comment"]])
    return csv_bytes(rows)


def microsoft_forms() -> bytes:
    header = ["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name", "Zeitpunkt der letzten Änderung"]
    header += ["Abteilung", *(item.text.de for item in INSTRUMENT.items)]
    header += [f"Zusammenarbeit mit {t}" for t in TARGETS]
    header.append(INSTRUMENT.comment_prompt.de)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"created": FIXED})
    sheet = workbook.add_worksheet("Sheet1")
    when = workbook.add_format({"num_format": "m/d/yy h:mm:ss"})
    sheet.write_row(0, 0, header)
    for r, person in enumerate(RESPONDENTS, 1):
        sheet.write_number(r, 0, r)
        sheet.write_datetime(r, 1, person["submitted"].replace(minute=0), when)
        sheet.write_datetime(r, 2, person["submitted"], when)
        sheet.write_string(r, 3, "anonymous")
        sheet.write_string(r, 4, "")
        sheet.write_string(r, 5, "")
        sheet.write_string(r, 6, person["department"])
        for i in range(len(CODES)):
            if v := answer(r - 1, i):
                sheet.write_string(r, 7 + i, LIKERT_DE[v - 1])
        for t in range(len(TARGETS)):
            if v := rating(r - 1, t):
                sheet.write_number(r, 7 + len(CODES) + t, v)
        if person["comment"]:
            sheet.write_string(r, 7 + len(CODES) + len(TARGETS), person["comment"])
    workbook.close()
    return buffer.getvalue()


def limesurvey() -> bytes:
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp"]
    header += ["ipaddr", "refurl", "abteilung"]
    header += [f"{item.dimension}[{item.code}]" for item in INSTRUMENT.items]
    header += [f"COLLAB[{t}]" for t in TARGETS]
    header.append("KOMMENTAR")
    rows = [header]
    for r, person in enumerate(RESPONDENTS):
        stamp = person["submitted"].strftime("%Y-%m-%d %H:%M:%S")
        row = [str(r + 1), stamp, "4", "de", str(1000 + r), f"tok{r}", stamp, stamp, f"10.0.0.{r + 1}", ""]
        row.append(person["department"])
        row += [f"A{v}" if (v := answer(r, i)) else "" for i in range(len(CODES))]
        row += [f"A{v}" if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        rows.append([*row, person["comment"]])
    partial = [
        "7",
        "",
        "1",
        "de",
        "1006",
        "tok6",
        "2026-03-05 11:00:00",
        "2026-03-05 11:02:00",
        "10.0.0.7",
        "",
    ]
    partial += ["IT", "A9", *([""] * (len(CODES) - 1 + len(TARGETS))), ""]
    rows.append(partial)
    return csv_bytes(rows, encoding="utf-8-sig", quote_all=True)


def surveymonkey() -> bytes:
    meta = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address"]
    meta += ["First Name", "Last Name", "Custom Data 1"]
    top, sub = list(meta), [""] * len(meta)
    top.append("Which department do you work in?")
    sub.append("Response")
    current = ""
    for name, text, _ in items_by_dimension("en"):
        top.append(name if name != current else "")
        sub.append(text)
        current = name
    for t, target in enumerate(TARGETS):
        top.append(INSTRUMENT.collaboration_prompt.en if t == 0 else "")
        sub.append(target)
    top.append(INSTRUMENT.comment_prompt.en)
    sub.append("Open-Ended Response")
    rows = [top, sub]
    for r, person in enumerate(RESPONDENTS):
        when = person["submitted"]
        row = [str(11400000000 + r), "431234567", when.replace(minute=0).strftime("%m/%d/%Y %I:%M:%S %p")]
        row += [when.strftime("%m/%d/%Y %I:%M:%S %p"), f"192.0.2.{r + 1}", "", "", "", ""]
        row.append(person["department"])
        row += [LIKERT_EN[v - 1] if (v := answer(r, i)) else "" for i in range(len(CODES))]
        row += [COLLAB_EN[v - 1].capitalize() if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        rows.append([*row, person["comment"]])
    return csv_bytes(rows)


def canonical_xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"created": FIXED})
    sheet = workbook.add_worksheet("Antworten")
    when = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    for r, row in enumerate(canonical()):
        for c, cell in enumerate(row):
            if r and c == 2:
                sheet.write_datetime(r, c, RESPONDENTS[r - 1]["submitted"], when)
            elif r and cell.isdigit() and c > 2:
                sheet.write_number(r, c, int(cell))
            else:
                sheet.write_string(r, c, cell)
    workbook.close()
    return buffer.getvalue()


FIXTURES = {
    "canonical.csv": lambda: csv_bytes(canonical()),
    "canonical.xlsx": canonical_xlsx,
    "german_excel.csv": german_excel,
    "german_excel_sep_line.csv": lambda: b"sep=;\r\n" + german_excel(),
    "google_forms_de.csv": lambda: google_forms("de"),
    "google_forms_en.csv": lambda: google_forms("en"),
    "microsoft_forms.xlsx": microsoft_forms,
    "limesurvey.csv": limesurvey,
    "surveymonkey.csv": surveymonkey,
}


def workbook(sheets: dict[str, list[list[str]]]) -> bytes:
    """An XLSX file with these sheets of text cells."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": FIXED})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    book.close()
    return buffer.getvalue()


def cut(data: bytes, row: int, fields: int, delimiter: bytes = b",") -> bytes:
    """The file cut off after the given number of fields of the given (1-based, physical) line."""
    lines = data.split(b"\n")
    return b"\n".join(lines[: row - 1]) + b"\n" + delimiter.join(lines[row - 1].split(delimiter)[:fields])


def microsoft_forms_wrong_sheet() -> bytes:
    """Microsoft Forms answers on the second sheet, behind a summary sheet someone added."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(microsoft_forms())).get_sheet_by_index(0).to_python()
    text = [["" if cell == "" else str(cell) for cell in row] for row in rows]
    summary = [["Umfrage Augenhöhe 2026"], ["Antworten", "6"], ["Auswertung folgt"]]
    return workbook({"Übersicht": summary, "Form1": text})


def german_excel_mixed() -> bytes:
    """The German Excel file in which one row was pasted in from a UTF-8 file."""
    lines = german_excel().split(b"\r\n")
    lines[5] = lines[5].decode("cp1252").encode("utf-8")
    return b"\r\n".join(lines)


BAD = {
    "truncated.xlsx": lambda: canonical_xlsx()[:3000],
    "wrong_sheet.xlsx": lambda: workbook(
        {"Deckblatt": [["Umfrage 2026"], ["Stand: März"]], "Notizen": [["Text"]]}
    ),
    "google_forms_truncated.csv": lambda: cut(google_forms("de"), 5, 20),
    "limesurvey_truncated.csv": lambda: limesurvey()[:2000],
    "surveymonkey_truncated.csv": lambda: cut(surveymonkey(), 6, 30),
    "microsoft_forms_truncated.xlsx": lambda: microsoft_forms()[:5000],
    "microsoft_forms_wrong_sheet.xlsx": microsoft_forms_wrong_sheet,
    "german_excel_mixed_encoding.csv": german_excel_mixed,
    "google_forms_missing_questions.csv": lambda: csv_bytes(
        [["Zeitstempel", "E-Mail-Adresse", "Abteilung"], ["02.03.2026 09:15:00", "a@example.org", "IT"]]
    ),
    "limesurvey_missing_questions.csv": lambda: csv_bytes(
        [
            ["id", "submitdate", "lastpage", "startlanguage", "seed", "G01[SQ001]", "G01[SQ002]"],
            ["1", "2026-03-02 09:15:00", "2", "de", "123", "A4", "A2"],
        ],
        quote_all=True,
    ),
    "surveymonkey_missing_questions.csv": lambda: csv_bytes(
        [
            ["Respondent ID", "Collector ID", "Start Date", "End Date", "Which department do you work in?"],
            ["", "", "", "", "Response"],
            ["114", "431", "03/02/2026 09:00:00 AM", "03/02/2026 09:15:00 AM", "IT"],
        ]
    ),
    "microsoft_forms_missing_questions.xlsx": lambda: workbook(
        {
            "Sheet1": [
                ["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name", "Abteilung"],
                ["1", "", "", "", "", "IT"],
            ]
        }
    ),
}


def main() -> None:
    """Write every fixture next to this script, and the bad files derived from them into ../bad."""
    for name, build in FIXTURES.items():
        (HERE / name).write_bytes(build())
    for name, build in BAD.items():
        (HERE.parent / "bad" / name).write_bytes(build())


if __name__ == "__main__":
    main()
