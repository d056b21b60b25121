"""Tests for the survey-tool formats: the same six respondents exported by each tool must import identically."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from smm_maturity.ingest import ImportBatch, formats, read_upload, unmapped_columns
from smm_maturity.instrument import load_instrument

FORMATS = Path(__file__).parents[2] / "data" / "formats"
INSTRUMENT = load_instrument()
BAD = Path(__file__).parents[2] / "data" / "bad"

# (file, format, encoding, delimiter, sheet, warnings)
FIXTURES = [
    ("canonical.csv", "canonical", "utf-8", ",", None, []),
    ("canonical.xlsx", "canonical", None, None, "Antworten", []),
    ("german_excel.csv", "canonical", "cp1252", ";", None, [("unknown_column", "Dauer (Min.)", None)]),
    (
        "german_excel_sep_line.csv",
        "canonical",
        "cp1252",
        ";",
        None,
        [("unknown_column", "Dauer (Min.)", None)],
    ),
    ("google_forms_de.csv", "google_forms", "utf-8", ",", None, []),
    ("google_forms_en.csv", "google_forms", "utf-8", ",", None, []),
    ("microsoft_forms.xlsx", "microsoft_forms", None, None, "Sheet1", []),
    (
        "limesurvey.csv",
        "limesurvey",
        "utf-8-sig",
        ",",
        None,
        [("incomplete_rows_skipped", "submitdate", "1")],
    ),
    ("surveymonkey.csv", "surveymonkey", "utf-8", ",", None, []),
    ("qualtrics_de.csv", "qualtrics", "utf-8", ",", None, [("unfinished_rows_skipped", "Finished", "1")]),
    (
        "qualtrics_en_numeric.csv",
        "qualtrics",
        "utf-8",
        ",",
        None,
        [("unfinished_rows_skipped", "Finished", "1")],
    ),
    ("qualtrics_legacy.csv", "qualtrics_legacy", "utf-8", ",", None, []),
    ("sosci_labels.csv", "sosci", "utf-8", "\t", None, [("unfinished_rows_skipped", "FINISHED", "1")]),
    ("efs.csv", "efs", "utf-8", ";", None, [("unfinished_rows_skipped", "dispcode", "1")]),
    ("typeform.csv", "typeform", "utf-8", ",", None, [("incomplete_rows_skipped", "Submit Date (UTC)", "1")]),
    ("microsoft_forms_likert.xlsx", "microsoft_forms", None, None, "Sheet1", []),
    ("limesurvey_codetext.csv", "limesurvey", "utf-8-sig", ",", None, []),
    ("canonical_long_department.csv", "canonical", "utf-8", ",", None, []),
]
NAMES = [fixture[0] for fixture in FIXTURES]


def read(name: str) -> ImportBatch:
    return read_upload((FORMATS / name).read_bytes(), name)


def by_respondent(batch: ImportBatch) -> dict[str, dict[str, list]]:
    """The batch's frames with spreadsheet rows replaced by the respondent's position in the file."""
    position = {row: index for index, row in enumerate(batch.responses["row"])}
    frames = {"answers": batch.answers, "collaboration": batch.collaboration, "comments": batch.comments}
    result = {}
    for name, frame in frames.items():
        frame = frame.assign(row=frame["row"].map(position))
        result[name] = frame.to_dict("list")
    result["responses"] = batch.responses[["department", "submitted_at"]].to_dict("list")
    scores = batch.scores.assign(
        row=batch.scores["row"].map(position), dimension=batch.scores["dimension"].astype(str)
    )
    result["scores"] = scores.sort_values(["row", "dimension"]).to_dict("list")
    return result


@pytest.mark.parametrize(
    ("name", "format_name", "encoding", "delimiter", "sheet", "warnings"), FIXTURES, ids=NAMES
)
def test_each_format_is_recognised_without_any_setting(
    name: str,
    format_name: str,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
    warnings: list,
) -> None:
    batch = read(name)
    assert (format_name, encoding, delimiter, sheet) == (
        batch.format_name,
        batch.encoding,
        batch.delimiter,
        batch.sheet,
    )
    assert [] == list(batch.errors)
    assert warnings == [(p.kind, p.column, p.value) for p in batch.warnings]


@pytest.mark.parametrize("name", NAMES[1:])
def test_every_format_gives_exactly_the_answers_and_scores_of_the_canonical_file(name: str) -> None:
    assert by_respondent(read("canonical.csv")) == by_respondent(read(name))


def test_every_format_record_has_a_fixture() -> None:
    assert {f.name for f in formats.FORMATS} == {fixture[1] for fixture in FIXTURES}


def test_the_canonical_fixture_has_scores_for_every_dimension() -> None:
    scores = read("canonical.csv").scores
    assert 6 * len(INSTRUMENT.dimensions) == len(scores)
    assert set(INSTRUMENT.dimension_codes) == set(scores["dimension"].astype(str))


@pytest.mark.parametrize("survey_format", formats.FORMATS, ids=[f.name for f in formats.FORMATS])
def test_every_format_has_a_name_in_both_languages(survey_format: formats.SurveyFormat) -> None:
    assert all(survey_format.label(lang).strip() for lang in ("de", "en"))
    assert survey_format.label("en") == formats.tool_name(survey_format.name, "en")


def test_a_stored_format_that_is_no_longer_known_keeps_its_name() -> None:
    assert "umfragewerk" == formats.tool_name("umfragewerk", "de")


def test_the_canonical_template_is_tried_last_and_takes_any_file() -> None:
    assert formats.CANONICAL is formats.FORMATS[-1]
    assert formats.CANONICAL is formats.detect(["Abteilung", "Frage 1"])
    assert [] == [f.name for f in formats.FORMATS[:-1] if f.detects(["department", "SIL1"])]


def test_a_new_tool_is_one_record(monkeypatch: pytest.MonkeyPatch) -> None:
    tool = formats.SurveyFormat(
        name="umfragewerk",
        label_key="ingest.format.canonical",
        signature=(("teilnehmer-nr",), ("dauer in sekunden", "duration in seconds")),
        metadata={
            formats.RESPONDENT_ID: ("teilnehmer-nr",),
            formats.IGNORED: ("dauer in sekunden",),
            formats.PERSONAL: ("pseudonym",),
        },
        answer_codes={"-77": 0, "Stufe 4": 4},
    )
    monkeypatch.setattr(formats, "FORMATS", (tool, *formats.FORMATS))
    data = (
        "Teilnehmer-Nr;Dauer in Sekunden;Pseudonym;Abteilung;SIL1;SIL2;SIL3\n7;312;Fuchs;IT;Stufe 4;-77;2\n"
    )
    batch = read_upload(data.encode(), "werk.csv")
    expected_mapping = {
        "Teilnehmer-Nr": "respondent_id",
        "Dauer in Sekunden": "ignored",
        "Pseudonym": "personal_data_dropped",
        "Abteilung": "department",
        "SIL1": "SIL1",
        "SIL2": "SIL2",
        "SIL3": "SIL3",
    }
    assert ("umfragewerk", expected_mapping) == (batch.format_name, batch.column_mapping)
    assert {"row": [2, 2], "item_code": ["SIL1", "SIL3"], "value": [4, 2]} == batch.answers.to_dict("list")
    assert ["missing_items"] == [p.kind for p in batch.problems]
    assert ["7"] == batch.responses["respondent_key"].tolist()


def test_the_canonical_fixture_holds_the_six_respondents() -> None:
    batch = read("canonical.csv")
    expected_departments = ["Marketing", "Marketing", "Vertrieb", "Vertrieb", "Geschäftsführung", "IT"]
    assert expected_departments == batch.responses["department"].tolist()
    assert [2, 3, 4, 5, 6, 7] == batch.responses["row"].tolist()
    assert (228, 16) == (len(batch.answers), len(batch.collaboration))
    expected_comments = {
        "row": [2, 4, 6, 7],
        "comment": [
            "Mehr Austausch mit dem Vertrieb, bitte – z. B. eine „Montagsrunde“; gern auch online.",
            "Zuständigkeiten klären.\nUnd: Schulungen für alle!",
            "Wir müssen Social Media als Chefsache verstehen.",
            "Weniger Angst vor neuen Tools.",
        ],
    }
    assert expected_comments == batch.comments.to_dict("list")
    assert ["IT", "Personal", "Vertrieb"] == sorted(
        set(batch.collaboration.query("row == 2")["target_department"])
    )


def test_german_excel_fixture_really_is_cp1252_semicolon_crlf() -> None:
    data = (FORMATS / "german_excel.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert data.count(b"\r\n") >= 7 and b";" in data.split(b"\r\n")[0]
    assert b"4,0;" in data and "weiß nicht".encode("cp1252") in data


def test_an_excel_sep_line_above_the_header_is_passed_over() -> None:
    assert b"sep=;\r\n" == (FORMATS / "german_excel_sep_line.csv").read_bytes()[:7]
    assert [3, 4, 5, 6, 7, 8] == list(read("german_excel_sep_line.csv").responses["row"])


def test_surveymonkey_data_starts_in_row_three() -> None:
    assert [3, 4, 5, 6, 7, 8] == read("surveymonkey.csv").responses["row"].tolist()


def test_limesurvey_skips_incomplete_responses_before_checking_them() -> None:
    batch = read("limesurvey.csv")
    assert ["1", "2", "3", "4", "5", "6"] == batch.responses["respondent_key"].tolist()
    assert "1 incomplete responses" in batch.warnings[0].describe("en", "limesurvey.csv")


@pytest.mark.parametrize("name", NAMES)
def test_personal_data_never_reaches_the_batch(name: str) -> None:
    batch = read(name)
    stored = "".join(
        frame.astype(str).to_csv()
        for frame in (batch.responses, batch.answers, batch.collaboration, batch.comments)
    )
    secrets = ("@example.org", "192.0.2.", "10.0.0.", "tok1", "anonymous", "431234567", "Vorname1", "Person1")
    secrets += ("ext-1", "52.52", "13.40", "SER1", "9f1e2c41a", "intranet.example.org", "Berlin")
    assert [] == [secret for secret in secrets if secret in stored]
    personal = {"E-Mail-Adresse", "Email Address", "E-Mail", "Name", "IP Address", "ipaddr", "token"}
    personal |= {"First Name", "Last Name", "IPAddress", "RecipientLastName", "RecipientFirstName"}
    personal |= {"RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude", "V3", "V4"}
    personal |= {"V5", "V6", "SERIAL", "REF", "u_email", "browser", "referer", "participant_city"}
    personal |= {"Network ID", "LocationAccuracy"}
    assert {k for k, v in batch.column_mapping.items() if v == "personal_data_dropped"} <= personal


def test_limesurvey_codes_without_item_names_go_to_the_mapping_step() -> None:
    data = (
        b'"id","submitdate","lastpage","startlanguage","seed","G01[SQ001]","G01[SQ002]"\n'
        b'"1","2026-03-02 09:15:00","2","de","123","Trifft eher zu","trifft eher nicht zu"\n'
    )
    automatic = read_upload(data, "lime.csv")
    assert ["G01[SQ001]", "G01[SQ002]"] == unmapped_columns(automatic)
    mapped = read_upload(
        data, "lime.csv", column_mapping={"G01[SQ001]": "SIL1", "G01[SQ002]": "SIL2"}, department="IT"
    )
    assert [] == list(mapped.errors)
    assert {"row": [2, 2], "item_code": ["SIL1", "SIL2"], "value": [4, 2]} == mapped.answers.to_dict("list")


# (file, every problem as (severity, kind, row, column, value), words the first error's description must contain)
BAD_FORMAT_CASES = [
    (
        "google_forms_truncated.csv",
        [
            (
                "error",
                "truncated_row",
                5,
                "Verankerung & Führung [Die Geschäftsführung will Social Media ausdrücklich und unterstützt es"
                " sichtbar.]",
                None,
            )
        ],
        ["google_forms_truncated.csv", "row 5", "cut off", "export it again"],
    ),
    (
        "limesurvey_truncated.csv",
        [
            ("error", "truncated_row", 6, "SIL[SIL2]", None),
            ("warning", "unknown_column", None, "COLLAB[IT]", None),
            ("warning", "collab_codes", None, None, "COLLAB[IT]"),
        ],
        ["limesurvey_truncated.csv", "row 6", 'column "SIL[SIL2]"', "cut off"],
    ),
    (
        "surveymonkey_truncated.csv",
        [
            (
                "error",
                "truncated_row",
                6,
                "Anchoring & leadership [Enough time, budget and staff are available for social media.]",
                None,
            )
        ],
        ["surveymonkey_truncated.csv", "row 6", "cut off"],
    ),
    (
        "microsoft_forms_truncated.xlsx",
        [("error", "not_tabular", None, None, "workbook")],
        ["microsoft_forms_truncated.xlsx", "damaged or incomplete"],
    ),
    (
        "german_excel_mixed_encoding.csv",
        [
            ("error", "mixed_encoding", 6, None, "Geschäftsführung"),
            ("error", "unknown_label", 6, "KOM4", "weiÃŸ nicht"),
            ("warning", "unknown_column", None, "Dauer (Min.)", None),
        ],
        ["german_excel_mixed_encoding.csv", "row 6", '"Geschäftsführung"', "two character encodings"],
    ),
    (
        "google_forms_missing_questions.csv",
        [("error", "missing_items", None, None, None)],
        ["google_forms_missing_questions.csv", "No column belongs to a question"],
    ),
    (
        "limesurvey_missing_questions.csv",
        [
            ("error", "missing_items", None, None, None),
            ("warning", "unknown_column", None, "G01[SQ001]", None),
            ("warning", "unknown_column", None, "G01[SQ002]", None),
        ],
        ["limesurvey_missing_questions.csv", "No column belongs to a question"],
    ),
    (
        "surveymonkey_missing_questions.csv",
        [("error", "missing_items", None, None, None)],
        ["surveymonkey_missing_questions.csv", "No column belongs to a question"],
    ),
    (
        "microsoft_forms_missing_questions.xlsx",
        [("error", "missing_items", None, None, None)],
        ["microsoft_forms_missing_questions.xlsx", "No column belongs to a question"],
    ),
    (
        "microsoft_forms_wrong_sheet.xlsx",
        [("warning", "wrong_sheet", None, None, "Form1")],
        ["microsoft_forms_wrong_sheet.xlsx", '"Übersicht"', '"Form1"', "check in the preview"],
    ),
]


@pytest.mark.parametrize(
    ("name", "expected", "words"), BAD_FORMAT_CASES, ids=[c[0] for c in BAD_FORMAT_CASES]
)
def test_bad_format_files_are_reported_precisely(name: str, expected: list[tuple], words: list[str]) -> None:
    batch = read_upload((BAD / name).read_bytes(), name)
    assert expected == [(p.severity, p.kind, p.row, p.column, p.value) for p in batch.problems]
    description = batch.problems[0].describe("en", name)
    assert [w for w in words if w not in description] == []


def test_a_summary_sheet_in_front_does_not_hide_the_answers() -> None:
    batch = read_upload((BAD / "microsoft_forms_wrong_sheet.xlsx").read_bytes(), "ms.xlsx")
    assert "Form1" == batch.sheet
    assert by_respondent(read("canonical.csv"))["answers"] == by_respondent(batch)["answers"]


SIL1_DE = "Wissen aus unserer Abteilung steht anderen Abteilungen leicht zur Verfügung."
SIL1_EN = "Knowledge from our department is easily available to other departments."


@pytest.mark.parametrize(
    ("header", "row", "format_name", "mapping"),
    [
        (
            [
                "Antwort ID",
                "Datum Abgeschickt",
                "Letzte Seite",
                "Start-Sprache",
                "Zufallsstartwert",
                "Abteilung",
                f"Silos [{SIL1_DE}]",
            ],
            ["7", "2026-03-02 09:15:00", "3", "de", "99", "IT", "Trifft eher zu"],
            "limesurvey",
            ["respondent_id", "submitted_at", "ignored", "ignored", "ignored", "department", "SIL1"],
        ),
        (
            [
                "ID",
                "Start time",
                "Completion time",
                "Email",
                "Name",
                "Last modified time",
                "Department",
                SIL1_EN,
            ],
            ["7", "3/2/26 9:00:00", "3/2/26 9:15:00", "anonymous", "", "", "IT", "Agree"],
            "microsoft_forms",
            [
                "respondent_id",
                "ignored",
                "submitted_at",
                "personal_data_dropped",
                "personal_data_dropped",
                "ignored",
                "department",
                "SIL1",
            ],
        ),
        (
            ["Timestamp", "Email Address", "Your department", f"1. {SIL1_EN}"],
            ["2026/03/02 9:15:00 AM GMT+1", "a@example.org", "IT", "4"],
            "google_forms",
            ["submitted_at", "personal_data_dropped", "department", "SIL1"],
        ),
    ],
    ids=["limesurvey-full-text", "microsoft-forms-english", "google-forms-linear-scale"],
)
def test_header_variants_of_each_tool(
    header: list[str], row: list[str], format_name: str, mapping: list[str]
) -> None:
    data = ("\n".join(",".join(f'"{cell}"' for cell in line) for line in (header, row)) + "\n").encode()
    batch = read_upload(data, "export.csv")
    assert (format_name, dict(zip(header, mapping, strict=True))) == (batch.format_name, batch.column_mapping)
    assert [("SIL1", 4)] == list(zip(batch.answers["item_code"], batch.answers["value"], strict=True))
    assert ["IT"] == batch.responses["department"].tolist()
    assert ["missing_items"] == [p.kind for p in batch.problems]
    assert ["2026-03-02 09:15:00"] == [str(t) for t in batch.responses["submitted_at"]]


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("SIL1", "SIL1"),
        ("sil1", "SIL1"),
        ("SIL-1", "SIL1"),
        ("Wissen aus unserer Abteilung steht anderen Abteilungen leicht zur Verfügung.", "SIL1"),
        ("3. Wissen aus unserer Abteilung steht anderen Abteilungen leicht zur Verfügung", "SIL1"),
        ("Q12  knowledge from our department is EASILY available to other departments", "SIL1"),
        ("„Wir erfahren rechtzeitig, woran andere Abteilungen gerade arbeiten“", "SIL2"),
        ("Silos [Wir erfahren rechtzeitig, woran andere Abteilungen gerade arbeiten.]", "SIL2"),
        ("SIL[SIL3]", "SIL3"),
        ("SIL3. Informationen bleiben bei uns meist in der eigenen Abteilung.", "SIL3"),
        ("collab:Marketing", "collab:Marketing"),
        ("Collab: Kunden Service", "collab:Kunden Service"),
        ("Zusammenarbeit [Vertrieb]", "collab:Vertrieb"),
        ("Collaboration [IT]", "collab:IT"),
        ("Zusammenarbeit mit Geschäftsführung", "collab:Geschäftsführung"),
        ("Wie gut arbeitet Ihre Abteilung mit den folgenden Abteilungen zusammen? [Recht]", "collab:Recht"),
        ("Wie gut arbeitet Ihre Abteilung mit den folgenden Abteilungen zusammen?.Recht", "collab:Recht"),
        ("COLLAB[Personal]", "collab:Personal"),
        ("department", "department"),
        ("Abteilung", "department"),
        ("Bereich", "department"),
        ("Team", "department"),
        ("In welcher Abteilung arbeiten Sie?", "department"),
        ("Ihr Bereich / Ihre Abteilung", "department"),
        ("comment", "comment"),
        ("Kommentar", "comment"),
        ("What should change next so that social media works better here?", "comment"),
        ("respondent_id", "respondent_id"),
        ("submitted_at", "submitted_at"),
        ("Zeitstempel", "submitted_at"),
        ("E-Mail-Adresse", "personal_data_dropped"),
        ("Name", "personal_data_dropped"),
        ("IP Address", "personal_data_dropped"),
        ("Lieblingsfarbe", None),
        ("", None),
    ],
)
def test_headers_are_matched_by_code_text_and_role(header: str, role: str | None) -> None:
    assert role == formats.match_header(header, INSTRUMENT)


def test_normalise_folds_case_quotes_punctuation_and_numbering() -> None:
    assert "wir führen dialog" == formats.normalise("  Q3.  „Wir führen – Dialog!“ ")
    assert "2026 umfrage" == formats.normalise("2026 Umfrage")


def test_fixtures_hold_every_item_of_the_instrument() -> None:
    batch = read("surveymonkey.csv")
    assert set(INSTRUMENT.item_codes) == {v for v in batch.column_mapping.values() if formats.is_item_code(v)}
    assert pd.api.types.is_integer_dtype(batch.answers["value"])
