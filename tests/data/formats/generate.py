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
        row += [LIKERT_DE[v - 1] if (v := answer(r, i)) else "" for i in range(len(CODES))]
        row += [COLLAB_DE[v - 1] if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
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
    partial += ["IT", "Trifft eher zu", *([""] * (len(CODES) - 1 + len(TARGETS))), ""]
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


# ---------------------------------------------------------------------------------------------- more tools
# Each builder below says where its layout comes from. The answers are always those of `canonical()`.

PROMPT_DE = INSTRUMENT.collaboration_prompt.de
PROMPT_EN = INSTRUMENT.collaboration_prompt.en
COMMENT_DE = INSTRUMENT.comment_prompt.de
COMMENT_EN = INSTRUMENT.comment_prompt.en
DEPARTMENT_DE = "In welchem Bereich bzw. welcher Abteilung sind Sie beschäftigt?"
DEPARTMENT_EN = "Which area or department do you work in?"
STAMP = "%Y-%m-%d %H:%M:%S"
SUBQUESTION_CODES = {"Marketing": "MKT", "Vertrieb": "VTR", "IT": "IT", "Personal": "PER"}


def qualtrics(lang: str, numeric: bool, department_codes: bool = False) -> bytes:
    """Qualtrics' current CSV: export tags, then the question texts in the interface language (matrix columns
    as "Question - Statement"), then {"ImportId": …} cells; layout as in Qualtrics' "Understanding your
    dataset" and the export sample in davemosk/FinSL-signbank (docs/validation_result_model.md). Choice text
    or numeric values; a numeric export codes "weiß nicht" as 6, the number after the scale."""
    de = lang == "de"
    meta = [
        (
            "StartDate",
            "Anfangsdatum" if de else "Start Date",
            '{"ImportId":"startDate","timeZone":"Europe/Berlin"}',
        ),
        ("EndDate", "Enddatum" if de else "End Date", '{"ImportId":"endDate","timeZone":"Europe/Berlin"}'),
        ("Status", "Antworttyp" if de else "Response Type", '{"ImportId":"status"}'),
        ("IPAddress", "IP-Adresse" if de else "IP Address", '{"ImportId":"ipAddress"}'),
        ("Progress", "Fortschritt" if de else "Progress", '{"ImportId":"progress"}'),
        (
            "Duration (in seconds)",
            "Dauer (in Sekunden)" if de else "Duration (in seconds)",
            '{"ImportId":"duration"}',
        ),
        ("Finished", "Beendet" if de else "Finished", '{"ImportId":"finished"}'),
        (
            "RecordedDate",
            "Aufgezeichnetes Datum" if de else "Recorded Date",
            '{"ImportId":"recordedDate","timeZone":"Europe/Berlin"}',
        ),
        ("ResponseId", "Antwort-ID" if de else "Response ID", '{"ImportId":"_recordId"}'),
        (
            "RecipientLastName",
            "Nachname des Empfängers" if de else "Recipient Last Name",
            '{"ImportId":"recipientLastName"}',
        ),
        (
            "RecipientFirstName",
            "Vorname des Empfängers" if de else "Recipient First Name",
            '{"ImportId":"recipientFirstName"}',
        ),
        (
            "RecipientEmail",
            "E-Mail-Adresse des Empfängers" if de else "Recipient Email",
            '{"ImportId":"recipientEmail"}',
        ),
        (
            "ExternalReference",
            "Externe Datenreferenz" if de else "External Data Reference",
            '{"ImportId":"externalDataReference"}',
        ),
        (
            "LocationLatitude",
            "Standort-Breitengrad" if de else "Location Latitude",
            '{"ImportId":"locationLatitude"}',
        ),
        (
            "LocationLongitude",
            "Standort-Längengrad" if de else "Location Longitude",
            '{"ImportId":"locationLongitude"}',
        ),
        (
            "DistributionChannel",
            "Verteilungskanal" if de else "Distribution Channel",
            '{"ImportId":"distributionChannel"}',
        ),
        ("UserLanguage", "Benutzersprache" if de else "User Language", '{"ImportId":"userLanguage"}'),
    ]
    tags, texts, ids = (list(column) for column in zip(*meta, strict=True))
    tags.append("Q1")
    texts.append(DEPARTMENT_DE if de else DEPARTMENT_EN)
    ids.append('{"ImportId":"QID1"}' if department_codes else '{"ImportId":"QID1_TEXT"}')
    for q, (name, text, i) in enumerate(items_by_dimension(lang)):
        tags.append(
            f"Q{2 + [d.code for d in INSTRUMENT.dimensions].index(INSTRUMENT.items[i].dimension)}_{q + 1}"
        )
        texts.append(f"{name} - {text}")
        ids.append(f'{{"ImportId":"QID{tags[-1][1:]}"}}')
    for t, target in enumerate(TARGETS):
        tags.append(f"Q10_{t + 1}")
        texts.append(f"{PROMPT_DE if de else PROMPT_EN} - {target}")
        ids.append(f'{{"ImportId":"QID10_{t + 1}"}}')
    tags.append("Q11")
    texts.append(COMMENT_DE if de else COMMENT_EN)
    ids.append('{"ImportId":"QID11_TEXT"}')
    likert, collab = (LIKERT_DE, COLLAB_DE) if de else (LIKERT_EN, COLLAB_EN)
    dont_know = "6" if numeric else ("Weiß nicht" if de else "Don't know")
    departments = sorted({p["department"] for p in RESPONDENTS} | set(TARGETS))
    rows = [tags, texts, ids]
    for r, person in enumerate(RESPONDENTS):
        when = person["submitted"]
        finished = "1" if numeric else ("True")
        row = [when.replace(minute=0).strftime(STAMP), when.strftime(STAMP), "0" if numeric else "IP Address"]
        row += [f"192.0.2.{r + 1}", "100", "900", finished, when.strftime(STAMP), f"R_{r + 1}xYz{r}AbC"]
        row += [f"Person{r}", f"Vorname{r}", f"person{r + 1}@example.org", f"ext-{r}", "52.52", "13.40"]
        row += ["email", "DE" if de else "EN"]
        department = person["department"]
        row.append(str(departments.index(department) + 1) if department_codes else department)
        for i in range(len(CODES)):
            v = answer(r, i)
            row.append((str(v) if numeric else likert[v - 1]) if v else ("" if i % 2 else dont_know))
        row += [
            (str(v) if numeric else collab[v - 1]) if (v := rating(r, t)) else "" for t in range(len(TARGETS))
        ]
        rows.append([*row, person["comment"]])
    unfinished = [
        "2026-03-05 11:00:00",
        "2026-03-05 11:03:00",
        "0",
        "192.0.2.99",
        "40",
        "180",
        "0" if numeric else "False",
    ]
    unfinished += ["2026-03-12 11:03:00", "R_unfinished", "", "", "", "", "", "", "anonymous", "DE"]
    unfinished += ["IT" if not department_codes else "3", "5", *([""] * (len(CODES) - 1 + len(TARGETS))), ""]
    rows.append(unfinished)
    return csv_bytes(rows)


def qualtrics_legacy() -> bytes:
    """The legacy Qualtrics exporter's two header rows: V1 … V10 and the question numbers, over ResponseID,
    ResponseSet, Name, ExternalDataReference, EmailAddress, IPAddress, Status, StartDate, EndDate, Finished
    and the question texts (matrix columns as "Question-Statement"); choice text."""
    tags = [f"V{n}" for n in range(1, 11)]
    texts = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress"]
    texts += ["Status", "StartDate", "EndDate", "Finished"]
    tags.append("Q1")
    texts.append(DEPARTMENT_EN)
    for q, (name, text, _) in enumerate(items_by_dimension("en")):
        tags.append(f"Q2_{q + 1}")
        texts.append(f"{name}-{text}")
    for t, target in enumerate(TARGETS):
        tags.append(f"Q3_{t + 1}")
        texts.append(f"{PROMPT_EN}-{target}")
    tags += ["Q4", "LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    texts += [COMMENT_EN, "LocationLatitude", "LocationLongitude", "LocationAccuracy"]
    rows = [tags, texts]
    for r, person in enumerate(RESPONDENTS):
        when = person["submitted"]
        row = [f"R_{r + 1}aBc", "Default Response Set", "Anonymous", "", f"person{r + 1}@example.org"]
        row += [f"192.0.2.{r + 1}", "0", when.replace(minute=0).strftime(STAMP), when.strftime(STAMP), "1"]
        row.append(person["department"])
        row += [LIKERT_EN[v - 1] if (v := answer(r, i)) else "" for i in range(len(CODES))]
        row += [COLLAB_EN[v - 1] if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        rows.append([*row, person["comment"], "52.52", "13.40", "-1"])
    return csv_bytes(rows)


def sosci(labels: bool) -> bytes:
    """SoSci Survey's data download (soscisurvey.de/help, "Additional variables in the data set"): CASE,
    SERIAL, REF, QUESTNNR, MODE, STARTED, the question variables (AB01_01 …), TIME001 …, TIME_SUM, MAILSENT,
    LASTDATA, FINISHED, Q_VIEWER, LASTPAGE, MAXPAGE, MISSING, MISSREL, TIME_RSI, DEG_TIME; answers as scale
    codes, -9 not answered and -1 "weiß nicht"; tab-separated, optionally with the variable labels below."""
    names = ["CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "STARTED", "AB01_01"]
    texts = [
        "Interview-Nummer (fortlaufend)",
        "Seriennummer (sofern verwendet)",
        "Referenz (sofern im Link angegeben)",
    ]
    texts += [
        "Fragebogen, der im Interview verwendet wurde",
        "Interview-Modus",
        "Zeitpunkt zu dem das Interview begonnen hat (Europe/Berlin)",
    ]
    texts.append(f"{DEPARTMENT_DE}: [01]")
    sections = {d.code: f"{d.code[:2]}{n + 2:02d}" for n, d in enumerate(INSTRUMENT.dimensions)}
    numbers: dict[str, int] = {}
    for name, text, i in items_by_dimension("de"):
        section = sections[INSTRUMENT.items[i].dimension]
        numbers[section] = numbers.get(section, 0) + 1
        names.append(f"{section}_{numbers[section]:02d}")
        texts.append(f"{name}: {text}")
    for t, target in enumerate(TARGETS):
        names.append(f"ZA01_{t + 1:02d}")
        texts.append(f"{PROMPT_DE}: {target}")
    names.append("KO01_01")
    texts.append(f"{COMMENT_DE}: [01]")
    tail = ["TIME001", "TIME002", "TIME_SUM", "MAILSENT", "LASTDATA", "FINISHED", "Q_VIEWER", "LASTPAGE"]
    tail += ["MAXPAGE", "MISSING", "MISSREL", "TIME_RSI", "DEG_TIME"]
    names += tail
    texts += ["Verweildauer Seite 1", "Verweildauer Seite 2", "Verweildauer gesamt (ohne Ausreißer)"]
    texts += ["Versandzeitpunkt der Einladungsmail (nur für nicht-anonyme Adressaten)"]
    texts += ["Zeitpunkt als der Datensatz das letzte mal geändert wurde"]
    texts += ["Wurde die Befragung abgeschlossen (letzte Seite erreicht)?"]
    texts += ["Hat der Teilnehmer den Fragebogen nur angesehen, ohne die Pflichtfragen zu beantworten?"]
    texts += [
        "Letzte Seite, die im Fragebogen bearbeitet wurde",
        "Letzte Seite, die im Fragebogen bearbeitet wurde",
    ]
    texts += ["Anteil fehlender Antworten in Prozent", "Anteil fehlender Antworten (gewichtet nach Relevanz)"]
    texts += ["Maluspunkte für schnelles Ausfüllen", "Maluspunkte für schnelles Ausfüllen"]
    rows = [names, texts] if labels else [names]
    for r, person in enumerate(RESPONDENTS):
        when = person["submitted"]
        row = [str(41 + r), f"SER{r}", "", "base", "interview", when.replace(minute=0).strftime(STAMP)]
        row.append(person["department"])
        row += [str(v) if (v := answer(r, i)) else ("-9", "-1")[i % 2] for i in range(len(CODES))]
        row += [str(v) if (v := rating(r, t)) else "-9" for t in range(len(TARGETS))]
        row.append(person["comment"])
        row += ["120", "300", "420", "", when.strftime(STAMP), "1", "0", "3", "3", "4", "3", "1.02", "0"]
        rows.append(row)
    broken = ["47", "", "", "base", "interview", "2026-03-05 11:00:00", "IT", "4"]
    broken += ["-9"] * (len(CODES) - 1 + len(TARGETS)) + [""]
    broken += ["30", "", "", "", "2026-03-05 11:01:00", "0", "0", "1", "1", "97", "97", "", ""]
    rows.append(broken)
    return csv_bytes(rows, delimiter="\t")


def efs() -> bytes:
    """Tivian EFS (Unipark) export: lfdn, external_lfdn, tester, dispcode, lastpage, quality, duration, the
    questions v_1 …, browser and participant data, datetime, date_of_last_access, u_ panel variables; codes
    -77 not seen, -66 hidden, -99 seen but empty, 0 seen but not answered; dispcode 31 finished, 32 finished
    after a break, 22 broken off (EFS manual on missing values; column names as in public analysis scripts,
    e.g. those dropping "external_lfdn", "tester", "quality"); semicolons, with the variable labels below."""
    names = [
        "lfdn",
        "external_lfdn",
        "tester",
        "dispcode",
        "lastpage",
        "quality",
        "duration",
        "u_email",
        "v_1",
    ]
    texts = [
        "lfdn",
        "external_lfdn",
        "tester",
        "Dispositionscode",
        "lastpage",
        "quality",
        "duration",
        "E-Mail",
    ]
    texts.append(DEPARTMENT_DE)
    for n, (_name, text, _) in enumerate(items_by_dimension("de"), 2):
        names.append(f"v_{n}")
        texts.append(text)
    for t, target in enumerate(TARGETS):
        names.append(f"v_{60 + t}")
        texts.append(f"{PROMPT_DE} {target}")
    names.append("v_70")
    texts.append(COMMENT_DE)
    names += ["browser", "referer", "participant_city", "datetime", "date_of_last_access", "rts6028435"]
    texts += ["browser", "referer", "participant_city", "datetime", "date_of_last_access", "rts6028435"]
    rows = [names, texts]
    for r, person in enumerate(RESPONDENTS):
        when = person["submitted"]
        row = [
            str(11 + r),
            "0",
            "0",
            "31" if r != 2 else "32",
            "6028435",
            "-77",
            "420",
            f"person{r + 1}@example.org",
        ]
        row.append(person["department"])
        row += [
            str(v) if (v := answer(r, i)) else ("-77", "-66", "-99", "0")[i % 4] for i in range(len(CODES))
        ]
        row += [str(v) if (v := rating(r, t)) else "0" for t in range(len(TARGETS))]
        row.append(person["comment"] or "-99")
        row += ["Firefox", "https://intranet.example.org/", "Berlin", when.replace(minute=0).strftime(STAMP)]
        rows.append([*row, when.strftime(STAMP), "12"])
    broken = ["17", "0", "0", "22", "6028431", "-77", "60", "", "IT", "4"]
    broken += ["-77"] * (len(CODES) - 1 + len(TARGETS)) + ["-99"]
    rows.append([*broken, "Firefox", "", "Berlin", "2026-03-05 11:00:00", "2026-03-05 11:01:00", ""])
    return csv_bytes(rows, delimiter=";")


def typeform() -> bytes:
    """Typeform's CSV download: "#" (the response token), one column per question headed by its text, then
    Response Type, Start Date (UTC), Stage Date (UTC), Submit Date (UTC), Network ID, Tags (as in the
    public analysis scripts that drop "#", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"); a partial
    response has no submit date."""
    header = ["#", DEPARTMENT_EN, *(item.text.en for item in INSTRUMENT.items)]
    header += [f"Collaboration with {t}" for t in TARGETS]
    header += [COMMENT_EN, "Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)"]
    header += ["Network ID", "Tags"]
    rows = [header]
    for r, person in enumerate(RESPONDENTS):
        when = person["submitted"]
        row = [f"x{r}k2n8token{r}", person["department"]]
        row += [LIKERT_EN[v - 1] if (v := answer(r, i)) else "" for i in range(len(CODES))]
        row += [str(v) if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        row += [person["comment"], "completed", when.replace(minute=0).strftime(STAMP), ""]
        rows.append([*row, when.strftime(STAMP), f"9f{r}e2c41a", ""])
    partial = ["p9token", "IT", "Agree", *([""] * (len(CODES) - 1 + len(TARGETS))), "", "partial"]
    rows.append([*partial, "2026-03-05 11:00:00", "2026-03-05 11:01:00", "", "77e1c0ffee", ""])
    return csv_bytes(rows)


def microsoft_forms_likert() -> bytes:
    """Microsoft Forms with the collaboration question as a Likert question: its export heads each
    statement's column by the statement alone (the department's name) and fills in the chosen label."""
    header = ["ID", "Startzeit", "Fertigstellungszeit", "E-Mail", "Name", DEPARTMENT_DE]
    header += [item.text.de for item in INSTRUMENT.items]
    header += list(TARGETS)
    header.append(COMMENT_DE)
    rows = [header]
    for r, person in enumerate(RESPONDENTS):
        when = person["submitted"]
        row = [
            str(r + 1),
            when.replace(minute=0).strftime("%m/%d/%y %H:%M:%S"),
            when.strftime("%m/%d/%y %H:%M:%S"),
        ]
        row += ["anonymous", "", person["department"]]
        row += [LIKERT_DE[v - 1] if (v := answer(r, i)) else "" for i in range(len(CODES))]
        row += [COLLAB_DE[v - 1].capitalize() if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        rows.append([*row, person["comment"]])
    return workbook({"Sheet1": rows})


def limesurvey_defaults(answers: str, headings: str) -> bytes:
    """LimeSurvey 6 with its default codes (questions G01Q01, sub-questions SQ001, answer options AO01 …, the
    last one "weiß nicht"): answers as "Full answers" or "Answer codes", headings as "Question code & question
    text" (code, ". ", text) or "Question code", as the exporter writes them (LimeSurvey/LimeSurvey,
    application/helpers/admin/export and the export view's options)."""
    codetext = headings == "codetext"
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    header.append(f"G01Q01. {DEPARTMENT_DE}" if codetext else "G01Q01")
    names = {d.code: d.name("de") for d in INSTRUMENT.dimensions}
    for d, dimension in enumerate(INSTRUMENT.dimensions):
        for s, item in enumerate(dimension.items):
            code = f"G02Q{d + 1:02d}[SQ{s + 1:03d}]"
            header.append(f"{code}. {names[dimension.code]} [{item.text.de}]" if codetext else code)
    for t, target in enumerate(TARGETS):
        code = f"COLLAB[{SUBQUESTION_CODES[target]}]" if not codetext else f"G03Q01[SQ{t + 1:03d}]"
        header.append(f"{code}. {PROMPT_DE} [{target}]" if codetext else code)
    header.append(f"G04Q01. {COMMENT_DE}" if codetext else "G04Q01")
    order = [item.code for d in INSTRUMENT.dimensions for item in d.items]
    rows = [header]
    for r, person in enumerate(RESPONDENTS):
        stamp = person["submitted"].strftime(STAMP)
        row = [str(r + 1), stamp, "4", "de", str(1000 + r), stamp, stamp, person["department"]]
        for code in order:
            v = answer(r, CODES.index(code))
            if answers == "codes":
                row.append(f"AO{v:02d}" if v else "AO06")
            else:
                row.append(LIKERT_DE[v - 1] if v else "weiß nicht")
        row += [COLLAB_DE[v - 1] if (v := rating(r, t)) else "" for t in range(len(TARGETS))]
        rows.append([*row, person["comment"]])
    return csv_bytes(rows, encoding="utf-8-sig", quote_all=True)


def canonical_long_department() -> bytes:
    """The canonical answers, with the department asked as a long question."""
    rows = canonical()
    rows[0][1] = DEPARTMENT_DE
    return csv_bytes(rows)


FIXTURES.update(
    {
        "qualtrics_de.csv": lambda: qualtrics("de", numeric=False),
        "qualtrics_en_numeric.csv": lambda: qualtrics("en", numeric=True),
        "qualtrics_legacy.csv": qualtrics_legacy,
        "sosci_labels.csv": lambda: sosci(labels=True),
        "efs.csv": efs,
        "typeform.csv": typeform,
        "microsoft_forms_likert.xlsx": microsoft_forms_likert,
        "limesurvey_codetext.csv": lambda: limesurvey_defaults("full", "codetext"),
        "canonical_long_department.csv": canonical_long_department,
        "limesurvey_collab_codes.csv": lambda: limesurvey_defaults("full", "code"),
        "refused_qualtrics_department_codes.csv": lambda: qualtrics(
            "de", numeric=True, department_codes=True
        ),
        "refused_limesurvey_answer_codes.csv": lambda: limesurvey_defaults("codes", "codetext"),
        "refused_sosci_without_labels.csv": lambda: sosci(labels=False),
    }
)


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


def cut(data: bytes, record: int, fields: int, delimiter: bytes = b",") -> bytes:
    """The file cut off after the given number of fields of the given (1-based) record; a record goes on over
    the line breaks inside its quoted fields."""
    records: list[bytes] = []
    for line in data.split(b"\n"):
        if records and records[-1].count(b'"') % 2:
            records[-1] += b"\n" + line
        else:
            records.append(line)
    return (
        b"\n".join(records[: record - 1])
        + b"\n"
        + delimiter.join(records[record - 1].split(delimiter)[:fields])
    )


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
    "limesurvey_truncated.csv": lambda: cut(limesurvey(), 6, 13),
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
    """Write every fixture next to this script, and with `--bad` the bad files derived from them into ../bad."""
    for name, build in FIXTURES.items():
        (HERE / name).write_bytes(build())
    if "--bad" in sys.argv:
        for name, build in BAD.items():
            (HERE.parent / "bad" / name).write_bytes(build())


if __name__ == "__main__":
    main()
