"""The logic behind the upload page and the questionnaire, tested without any UI."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from smm_maturity import i18n, store
from smm_maturity import upload_flow as flow
from smm_maturity.ingest import ImportBatch, Problem, read_upload, reading
from smm_maturity.instrument import load_instrument

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
UPLOAD = DATA / "upload"
FORMATS = DATA / "formats"


def read(path: Path, **options: object) -> ImportBatch:
    """Import a committed test file the way the upload page does."""
    return read_upload(path.read_bytes(), path.name, **options)


@pytest.fixture
def con(tmp_path: Path):
    connection = store.connect(tmp_path / "flow.duckdb")
    yield connection
    connection.close()


def test_importing_the_module_does_not_load_streamlit() -> None:
    code = "import sys, smm_maturity.upload_flow; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "False" == result.stdout.strip()


@pytest.mark.parametrize(
    ("file_name", "lang", "expected"),
    [
        ("canonical.csv", "de", ["Augenhöhe-Vorlage", "UTF-8", "Komma ( , )", "6"]),
        (
            "german_excel.csv",
            "de",
            ["Augenhöhe-Vorlage (Excel, deutsche Einstellungen)", "Windows-1252", "Semikolon ( ; )", "6"],
        ),
        (
            "german_excel.csv",
            "en",
            ["Augenhöhe template (Excel, German settings)", "Windows-1252", "semicolon ( ; )", "6"],
        ),
        ("google_forms_de.csv", "de", ["Google Forms", "UTF-8", "Komma ( , )", "6"]),
        ("limesurvey.csv", "en", ["LimeSurvey", "UTF-8 with BOM", "comma ( , )", "6"]),
        ("surveymonkey.csv", "en", ["SurveyMonkey", "UTF-8", "comma ( , )", "6"]),
        ("microsoft_forms.xlsx", "de", ["Microsoft Forms", "Excel-Arbeitsmappe", "Sheet1", "6"]),
    ],
)
def test_preview_names_format_encoding_delimiter_and_rows(
    file_name: str, lang: str, expected: list[str]
) -> None:
    facts = flow.preview_facts(read(FORMATS / file_name), lang)
    assert expected == [fact.value for fact in facts]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_encoding_and_delimiter_the_reader_knows_has_a_name(lang: str) -> None:
    names = [flow.encoding_label(e, lang) for e in reading.ENCODINGS]
    names += [flow.delimiter_label(d, lang) for d in reading.DELIMITERS]
    assert len(set(names)) == len(names) and flow.UNKNOWN not in names
    assert [flow.UNKNOWN, flow.UNKNOWN] == [flow.encoding_label(None, lang), flow.delimiter_label("|", lang)]


def test_preview_labels_follow_the_language() -> None:
    batch = read(FORMATS / "canonical.csv")
    assert ["Format", "Zeichenkodierung", "Trennzeichen", "Antworten"] == [
        fact.label for fact in flow.preview_facts(batch, "de")
    ]
    assert ["Format", "Encoding", "Delimiter", "Responses"] == [
        fact.label for fact in flow.preview_facts(batch, "en")
    ]


def test_problem_table_lists_every_problem_with_row_column_and_advice() -> None:
    table = flow.problem_table(read(UPLOAD / "problems.csv"), "en")
    assert ["Kind", "Row", "Column", "What to do"] == list(table.columns)
    assert [
        ("Error", 2, "SIL2"),
        ("Error", 3, "SIL4"),
        ("Error", 4, "respondent_id"),
        ("Error", 5, "department"),
        ("Error", 5, "TRA1"),
        ("Warning", None, "Lieblingsfarbe"),
        ("Warning", None, ""),
    ] == [
        (kind, None if pd.isna(row) else int(row), column)
        for kind, row, column in table[["Kind", "Row", "Column"]].itertuples(index=False)
    ]
    assert 'The value "7" is outside the scale 1 to 5' in table["What to do"][0]
    assert '"vielleicht"' in table["What to do"][1]
    assert not any(message.startswith('"problems.csv"') for message in table["What to do"])


@pytest.mark.parametrize(
    ("problem", "lang", "expected"),
    [
        (
            Problem("error", "out_of_range", 4, "SIL1", "9"),
            "de",
            "Der Wert „9“ liegt außerhalb der Skala 1 bis 5; tragen Sie eine ganze Zahl von 1 bis 5 ein oder lassen "
            "Sie die Zelle leer.",
        ),
        (
            Problem("error", "empty_file", None, None, None),
            "en",
            "The file is empty; export the answers again and upload the new file.",
        ),
        (
            Problem("warning", "unknown_column", None, "Spalte: mit Doppelpunkt", None),
            "en",
            "This column belongs to no question and is ignored; map it to a question in the mapping step if it "
            "holds answers.",
        ),
    ],
)
def test_problem_message_leaves_out_file_row_and_column(problem: Problem, lang: str, expected: str) -> None:
    assert expected == problem.message(lang)
    assert f"{problem.place(lang, 'a: b.csv')}: {expected}" == problem.describe(lang, "a: b.csv")


def test_problem_table_as_markdown_escapes_names_and_values() -> None:
    batch = read_upload(b"department,SIL1,*fett*\nIT,4,x\n", "<b>x</b>.csv")
    table = flow.problem_table(batch, "en", markdown=True)
    assert "\\*fett\\*" in list(table["Column"])
    assert all("<b>" not in cell for cell in table["What to do"])


def test_problem_csv_holds_the_whole_report() -> None:
    batch = read(UPLOAD / "problems.csv")
    lines = flow.problem_csv(batch, "de").decode("utf-8-sig").splitlines()
    assert "Art;Zeile;Spalte;Was zu tun ist" == lines[0]
    assert len(batch.problems) + 1 == len(lines)


def test_mapping_table_and_sentence_describe_every_column() -> None:
    batch = read(FORMATS / "google_forms_de.csv")
    table = flow.mapping_table(batch, load_instrument(), "de")
    assert list(batch.column_mapping) == list(table["Spalte in der Datei"])
    targets = list(table["wird gelesen als"])
    assert "Datum der Antwort" == targets[0]
    assert "personenbezogen – wird verworfen, nie gespeichert" == targets[1]
    assert "Abteilung" == targets[2]
    assert targets[3].startswith("SIL1 · Wissen aus unserer Abteilung")
    counts = flow.mapping_counts(batch)
    assert 42 == counts["items"]
    assert 1 == counts["personal"]
    assert flow.mapping_sentence(batch, "de").startswith(f"{len(batch.column_mapping)} Spalten: 42 Fragen")


@pytest.mark.parametrize(
    ("target", "lang", "expected"),
    [
        ("department", "en", "Department"),
        ("ignored", "de", "ignoriert"),
        ("collab:Vertrieb", "de", "Zusammenarbeit mit Vertrieb"),
        ("KUL1", "en", "KUL1 · " + load_instrument().item("KUL1").text.en),
    ],
)
def test_target_label(target: str, lang: str, expected: str) -> None:
    assert expected == flow.target_label(target, load_instrument(), lang)


def test_long_item_texts_are_shortened_in_labels() -> None:
    label = flow.target_label("SIL4", load_instrument(), "de")
    assert len(label) <= len("SIL4 · ") + flow.ITEM_LABEL_LENGTH
    assert label.endswith("…")


def test_mapping_options_offer_ignore_items_roles_and_collaboration() -> None:
    instrument = load_instrument()
    options = flow.mapping_options(instrument, ["IT", "Vertrieb"])
    assert "ignored" == options[0]
    assert list(instrument.item_codes) == options[1:43]
    assert [
        "department",
        "respondent_id",
        "submitted_at",
        "comment",
        "collab:IT",
        "collab:Vertrieb",
    ] == options[43:]
    assert "– ignore –" == flow.option_label("ignored", instrument, "en")


def test_columns_to_map_are_the_unmatched_ones_and_those_mapped_before() -> None:
    batch = read(UPLOAD / "marketing.csv")
    assert ["Austausch mit anderen Teams"] == flow.columns_to_map(batch, {})
    assert ["SIL1", "Austausch mit anderen Teams"] == flow.columns_to_map(batch, {"SIL1": "SIL1"})


def test_a_saved_mapping_is_found_again_by_the_same_headers(con) -> None:
    first = read(UPLOAD / "marketing.csv")
    later = read(UPLOAD / "marketing_later.csv")
    assert flow.mapping_signature(first) == flow.mapping_signature(later)
    assert {} == flow.load_mapping(con, flow.mapping_signature(first))
    flow.save_mapping(con, flow.mapping_signature(first), {"Austausch mit anderen Teams": "SIL2"})
    assert {"Austausch mit anderen Teams": "SIL2"} == flow.load_mapping(con, flow.mapping_signature(later))
    flow.save_mapping(con, flow.mapping_signature(first), {"Austausch mit anderen Teams": "ignored"})
    assert {"Austausch mit anderen Teams": "ignored"} == flow.load_mapping(con, flow.mapping_signature(later))
    assert 1 == con.execute("select count(*) from column_mappings").fetchone()[0]


def test_other_headers_get_no_saved_mapping(con) -> None:
    flow.save_mapping(con, flow.mapping_signature(read(UPLOAD / "marketing.csv")), {"x": "SIL2"})
    assert {} == flow.load_mapping(con, flow.mapping_signature(read(FORMATS / "canonical.csv")))


def test_a_saved_mapping_makes_the_column_an_item() -> None:
    batch = read(UPLOAD / "marketing.csv", column_mapping={"Austausch mit anderen Teams": "SIL2"})
    assert () == batch.problems
    assert 6 == int((batch.answers["item_code"] == "SIL2").sum())


@pytest.mark.parametrize(
    ("file_name", "department", "expected"),
    [
        ("marketing.csv", None, False),
        ("vertrieb_ohne_abteilung.csv", None, True),
        ("vertrieb_ohne_abteilung.csv", "Vertrieb", True),
        ("problems.csv", None, True),
        ("problems.csv", "IT", False),
    ],
)
def test_needs_department(file_name: str, department: str | None, expected: bool) -> None:
    assert expected == flow.needs_department(read(UPLOAD / file_name, department=department))


def test_a_file_that_cannot_be_read_asks_for_no_department() -> None:
    assert not flow.needs_department(read(DATA / "bad" / "not_tabular.txt"))


def test_import_summary_counts_what_was_stored(con) -> None:
    batch = read(UPLOAD / "vertrieb_ohne_abteilung.csv", department="Vertrieb")
    upload = store.store_batch(con, batch, "Welle 1", "Vertrieb")
    summary = flow.import_summary(upload, batch, "Vertrieb")
    assert (
        flow.ImportSummary(
            upload_id=1,
            file_name="vertrieb_ohne_abteilung.csv",
            wave="Welle 1",
            departments=(("Vertrieb", 5),),
            responses=5,
            answers=len(batch.answers),
            ratings=0,
            comments=1,
        )
        == summary
    )


def test_uploads_table_and_labels(con) -> None:
    store.store_batch(con, read(UPLOAD / "marketing.csv"), "Frühjahr 2026")
    uploads = store.uploads(con)
    table = flow.uploads_table(uploads, "de")
    assert ["#", "Datei", "Welle", "Abteilung", "Antworten", "Format", "Hochgeladen"] == list(table.columns)
    assert [1, "marketing.csv", "Frühjahr 2026", "Marketing", 6, "Augenhöhe-Vorlage"] == list(table.iloc[0])[
        :6
    ]
    assert "#1 · marketing.csv · Frühjahr 2026 · 6 responses" == flow.upload_label(uploads[0], "en")


def test_duplicate_message_names_the_earlier_upload_literally() -> None:
    earlier = store.Upload(
        3, "Welle *1*", None, "a_b.csv", "0" * 64, "canonical", 4, datetime(2026, 3, 2, 9, 15)
    )
    assert (
        "Exactly this file was uploaded before: upload #3 (a\\_b\\.csv, wave Welle \\*1\\*, 2026-03-02 09:15). "
        "Nothing was imported. Undo that upload below if you want to replace it."
    ) == flow.duplicate_message(earlier, "en")
    assert "02.03.2026 09:15" in flow.duplicate_message(earlier, "de")


@pytest.mark.parametrize(
    ("n", "noun", "lang", "expected"),
    [
        (1, "response", "de", "1 Antwort"),
        (2, "response", "de", "2 Antworten"),
        (1200, "response", "de", "1.200 Antworten"),
        (1200, "answer", "en", "1,200 answers"),
        (1, "comment", "en", "1 comment"),
        (0, "warning", "de", "0 Hinweise"),
    ],
)
def test_counted(n: int, noun: str, lang: str, expected: str) -> None:
    assert expected == flow.counted(n, noun, lang)


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (datetime(2026, 11, 22, 14, 5), "de", "22.11.2026 14:05"),
        (datetime(2026, 11, 22, 14, 5), "en", "2026-11-22 14:05"),
        (None, "de", "–"),
    ],
)
def test_upload_times_follow_the_language(value: datetime | None, lang: str, expected: str) -> None:
    assert expected == i18n.format_datetime(value, lang)


# ---------------------------------------------------------------------------------------------- questionnaire


def test_answer_and_rating_labels() -> None:
    instrument = load_instrument()
    assert [
        "trifft gar nicht zu",
        "trifft eher nicht zu",
        "teils/teils",
        "trifft eher zu",
        "trifft voll zu",
        "weiß nicht",
    ] == [flow.answer_label(value, instrument, "de") for value in flow.ANSWER_OPTIONS]
    assert ["very poorly", "rather poorly", "fairly", "rather well", "very well", "can't judge"] == [
        flow.rating_label(value, instrument, "en") for value in flow.ANSWER_OPTIONS
    ]


def test_collaboration_targets_leave_out_the_own_department() -> None:
    assert ["IT", "Vertrieb"] == flow.collaboration_targets(["IT", "Marketing", "Vertrieb"], "Marketing")
    assert ["IT", "Marketing"] == flow.collaboration_targets(["IT", "Marketing"], None)


def all_answered(value: int) -> dict[str, int | None]:
    """Every item of the instrument answered with one value."""
    return dict.fromkeys(load_instrument().item_codes, value)


def test_a_complete_submission_keeps_answers_and_drops_dont_know() -> None:
    answers = all_answered(4) | {"SIL1": flow.DONT_KNOW, "KUL5": 1}
    submission = flow.check_submission(
        load_instrument(),
        "W1",
        "IT",
        answers,
        {"HR": 5, "Recht": flow.DONT_KNOW, "Vertrieb": None},
        "  gut  ",
        "de",
    )
    assert () == submission.errors
    assert () == submission.unanswered
    assert 41 == len(submission.answers)
    assert "SIL1" not in submission.answers
    assert 1 == submission.answers["KUL5"]
    assert {"HR": 5} == submission.collaboration
    assert "gut" == submission.comment


@pytest.mark.parametrize(
    ("wave", "department", "answers", "expected_errors"),
    [
        (None, "IT", all_answered(3), ["Choose the survey wave above."]),
        ("W1", "", all_answered(3), ["Choose your department above."]),
        (
            "W1",
            "IT",
            all_answered(3) | {"SIL2": None, "TRA1": None, "TRA4": None},
            [
                'Still open: Silos & knowledge sharing (1), Transparency (2). Choose an answer or "don\'t know" for every statement.'
            ],
        ),
        (
            "W1",
            "IT",
            all_answered(flow.DONT_KNOW),
            ['You chose "don\'t know" everywhere; please answer at least one statement.'],
        ),
    ],
)
def test_an_incomplete_submission_says_what_is_missing(
    wave: str | None, department: str, answers: dict[str, int | None], expected_errors: list[str]
) -> None:
    submission = flow.check_submission(load_instrument(), wave, department, answers, {}, None, "en")
    assert expected_errors == list(submission.errors)


def test_every_dimension_with_open_statements_is_named() -> None:
    submission = flow.check_submission(load_instrument(), "W1", "IT", {}, {}, "", "de")
    assert 42 == len(submission.unanswered)
    assert submission.errors[0].startswith("Noch offen: Silos & Wissensaustausch (5), Transparenz (6), ")
    assert "Lern- & Veränderungskultur (5)." in submission.errors[0]
