"""The logic behind the upload page, tested without any UI."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from smm_maturity import i18n, store
from smm_maturity import upload_flow as flow
from smm_maturity.i18n import LocalisedError
from smm_maturity.ingest import ImportBatch, Problem, read_upload, reading
from smm_maturity.instrument import load_instrument
from smm_maturity.screen import Download, Notice, Picker

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
UPLOAD = DATA / "upload"
FORMATS = DATA / "formats"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EARLIER = store.Upload(3, "Welle *1*", None, "a_b.csv", "0" * 64, "canonical", 4, datetime(2026, 3, 2, 9, 15))


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


def test_duplicate_message_names_the_earlier_upload_literally() -> None:
    assert (
        "Exactly this file was uploaded before: upload #3 (a\\_b\\.csv, wave Welle \\*1\\*, 2026-03-02 09:15). "
        "Nothing was imported. Undo that upload below if you want to replace it."
    ) == flow.duplicate_message(EARLIER, "en")
    assert "02.03.2026 09:15" in flow.duplicate_message(EARLIER, "de")


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


# ---------------------------------------------------------------------------------------------- the page's steps


def test_the_wave_picker_preselects_a_wave_and_offers_a_new_one() -> None:
    assert Picker(
        label="Which wave do the answers belong to?",
        key="upload.wave",
        new_option="+ Create a new wave …",
        new_label="Name of the new wave",
        new_placeholder="e.g. Spring 2026",
    ) == flow.wave_picker("en")


def test_the_department_picker_makes_the_user_choose() -> None:
    assert Picker(
        label="Abteilung für diese Datei",
        key="upload.department",
        new_option="+ Neue Abteilung …",
        new_label="Name der neuen Abteilung",
        placeholder="Abteilung wählen …",
    ) == flow.department_picker("de")


def test_the_file_field_takes_csv_and_excel_up_to_the_limit() -> None:
    assert flow.FileField(
        label="CSV or Excel file",
        help="CSV (comma, semicolon or tab; UTF-8 or Windows-1252) or XLSX, at most 20 MB.",
        types=("csv", "tsv", "txt", "xlsx", "xlsm", "xls", "zip"),
        max_mb=20,
        key="upload.file.3",
    ) == flow.file_field("en", 20, "upload.file.3")


def test_template_downloads_offer_both_formats_in_both_languages() -> None:
    downloads = flow.template_downloads("en", ["IT", "Vertrieb"])
    assert [
        (
            "Template XLSX · Deutsch",
            "augenhoehe-vorlage.xlsx",
            XLSX,
            "upload.template.xlsx.de",
            ":material/table_view:",
        ),
        (
            "Template CSV · Deutsch",
            "augenhoehe-vorlage.csv",
            "text/csv",
            "upload.template.csv.de",
            ":material/description:",
        ),
        (
            "Template XLSX · English",
            "augenhoehe-template.xlsx",
            XLSX,
            "upload.template.xlsx.en",
            ":material/table_view:",
        ),
        (
            "Template CSV · English",
            "augenhoehe-template.csv",
            "text/csv",
            "upload.template.csv.en",
            ":material/description:",
        ),
    ] == [(d.label, d.file_name, d.mime, d.key, d.icon) for d in downloads]
    assert [flow.template_file(fmt, lang, ["IT", "Vertrieb"]) for fmt, lang in flow.TEMPLATES] == [
        d.data for d in downloads
    ]
    assert "Vertrieb" in downloads[3].data.decode("utf-8-sig").splitlines()[0]


@pytest.mark.parametrize(
    ("file_name", "lang", "expected"),
    [
        ("marketing.csv", "de", Notice("caption", "Abteilungen\\: Marketing \\(6\\)")),
        ("vertrieb_ohne_abteilung.csv", "en", None),
    ],
)
def test_departments_caption_names_each_department_of_the_file(
    file_name: str, lang: str, expected: Notice | None
) -> None:
    assert expected == flow.departments_caption(read(UPLOAD / file_name), lang)


@pytest.mark.parametrize(
    ("file_name", "department", "expected"),
    [
        ("vertrieb_ohne_abteilung.csv", None, True),
        ("vertrieb_ohne_abteilung.csv", "Vertrieb", False),
        ("problems.csv", None, False),
        ("marketing.csv", None, False),
    ],
)
def test_the_check_waits_for_a_department_only_without_a_department_column(
    file_name: str, department: str | None, expected: bool
) -> None:
    batch = read(UPLOAD / file_name, department=department)
    assert expected == flow.awaits_department(batch, department)


def test_a_report_with_warnings_lets_the_file_through() -> None:
    batch = read(UPLOAD / "marketing.csv")
    assert flow.ReportLayout(
        title="**Validation report**",
        verdict=Notice("warning", "2 warnings. The file can be imported all the same.", ":material/warning:"),
        height="content",
        more=None,
        download=Download(
            "Download the report (CSV)",
            flow.problem_csv(batch, "en"),
            "marketing-report.csv",
            "text/csv",
            "upload.report.download",
            ":material/download:",
        ),
    ) == flow.report_layout(batch, "en")


def test_a_report_with_errors_blocks_the_file_and_names_its_download_in_the_language() -> None:
    batch = read(UPLOAD / "problems.csv")
    layout = flow.report_layout(batch, "de")
    assert (
        Notice(
            "error",
            "5 Fehler, 2 Hinweise. Fehler verhindern den Import: Beheben Sie sie in der Datei und laden Sie sie "
            "erneut hoch.",
            ":material/error:",
        )
        == layout.verdict
    )
    assert ("problems-pruefbericht.csv", "Prüfbericht herunterladen (CSV)") == (
        layout.download.file_name,
        layout.download.label,
    )


def test_a_report_without_problems_has_nothing_to_download() -> None:
    batch = read(UPLOAD / "marketing.csv", column_mapping={"Austausch mit anderen Teams": "SIL2"})
    assert flow.ReportLayout(
        title="**Prüfbericht**",
        verdict=Notice("success", "Keine Probleme gefunden.", ":material/task_alt:"),
        height="content",
        more=None,
        download=None,
    ) == flow.report_layout(batch, "de")


def test_a_long_report_scrolls_and_says_that_the_screen_shows_only_the_first_problems() -> None:
    batch = read_upload(b"department,SIL1\n" + b"IT,9\n" * 201, "long.csv")
    layout = flow.report_layout(batch, "en")
    assert (
        flow.REPORT_HEIGHT,
        Notice(
            "caption",
            f"The first 200 of {len(batch.problems)} problems are shown; the download holds the whole report.",
        ),
    ) == (
        layout.height,
        layout.more,
    )
    assert 200 == len(flow.problem_table(batch, "en", limit=flow.PROBLEMS_SHOWN, markdown=True))


def test_the_mapping_form_asks_about_each_unplaced_column() -> None:
    batch, instrument = read(UPLOAD / "marketing.csv"), load_instrument()
    signature = flow.mapping_signature(batch)
    options = tuple(flow.mapping_options(instrument, ["IT"]))
    assert flow.MappingForm(
        key=f"upload.mapping.{signature[:16]}",
        scope="IT",
        signature=signature,
        title="**Map the columns**",
        saved=None,
        text='Not matched to a question: 1 column. Choose the matching question for each, or "ignore". The '
        "mapping is saved for IT and offered again for the next file with the same columns.",
        apply="Apply and save the mapping",
        options=options,
        labels={option: flow.option_label(option, instrument, "en") for option in options},
        fields=(
            flow.MappingField(
                "Austausch mit anderen Teams",
                "Austausch mit anderen Teams",
                options,
                0,
                f"upload.map.{signature[:16]}.{flow.choices_version({})}.0",
            ),
        ),
    ) == flow.mapping_form(batch, {}, instrument, ["IT"], "en", "IT")


def test_a_column_about_a_person_is_never_offered_as_department_or_respondent_id() -> None:
    batch = read_upload(b"Abteilung,SIL1,Ihr Name,E-Mail\nIT,4,Jana,j@x.de\n", "people.csv")
    earlier = {"Ihr Name": "department", "E-Mail": "respondent_id"}
    form = flow.mapping_form(batch, earlier, load_instrument(), [], "en")
    assert form is not None
    offered = {field.column: (set(field.options), field.options[field.index]) for field in form.fields}
    assert ["Ihr Name", "E-Mail"] == list(offered)
    assert all({"department", "respondent_id"}.isdisjoint(options) for options, _ in offered.values())
    assert all({"comment", "SIL2"} <= options for options, _ in offered.values())
    assert ["ignored", "ignored"] == [chosen for _, chosen in offered.values()]


def test_the_mapping_form_preselects_a_saved_mapping_and_says_so() -> None:
    batch = read(UPLOAD / "marketing.csv")
    saved = {"Austausch mit anderen Teams": "SIL2", "SIL1": "SIL1"}
    form = flow.mapping_form(batch, saved, load_instrument(), [], "de")
    assert (
        Notice(
            "info",
            "Für Dateien mit diesen Spalten ist eine Zuordnung gespeichert; sie wurde angewendet.",
            ":material/bookmark:",
        )
        == form.saved
    )
    assert [("SIL1", 1), ("Austausch mit anderen Teams", 2)] == [
        (field.column, field.index) for field in form.fields
    ]


def test_the_mapping_form_escapes_column_names_in_labels() -> None:
    batch = read_upload(b"department,SIL1,*fett* [x]\nIT,4,x\n", "x.csv")
    form = flow.mapping_form(batch, {}, load_instrument(), [], "en")
    assert ["\\*fett\\* \\[x\\]"] == [field.label for field in form.fields]


def test_a_file_with_every_column_placed_has_no_mapping_form() -> None:
    assert flow.mapping_form(read(FORMATS / "canonical.csv"), {}, load_instrument(), [], "en") is None


def test_the_chosen_mapping_is_read_from_the_form_values_by_key() -> None:
    form = flow.mapping_form(read(UPLOAD / "marketing.csv"), {"SIL1": "SIL1"}, load_instrument(), [], "en")
    values = {form.fields[0].key: "SIL1", form.fields[1].key: "SIL2", "q.SIL1": 3}
    assert {"SIL1": "SIL1", "Austausch mit anderen Teams": "SIL2"} == flow.chosen_mapping(form, values)


def test_the_summary_names_what_was_stored_literally() -> None:
    summary = flow.ImportSummary(7, "a_b.csv", "W *1*", (("IT", 3), ("R&D", 1)), 4, 1200, 1, 0)
    assert Notice(
        "success",
        "**Stored** (upload #7): 4 responses from a\\_b\\.csv in wave W \\*1\\*; 1,200 answers, 1 collaboration "
        "rating, 0 comments.  \nDepartments: IT (3), R&D (1)",
        ":material/check_circle:",
    ) == flow.summary_notice(summary, "en")
    assert flow.summary_notice(None, "en") is None


@pytest.mark.parametrize(
    ("file_name", "earlier", "wave", "lang", "expected"),
    [
        (
            "marketing.csv",
            None,
            "W *1*",
            "en",
            (Notice("caption", "Target: wave W \\*1\\*"), "Import 6 responses", True),
        ),
        (
            "marketing.csv",
            None,
            None,
            "en",
            (Notice("caption", "Choose or name the wave above."), "Import 6 responses", False),
        ),
        (
            "problems.csv",
            None,
            "W1",
            "de",
            (
                Notice(
                    "caption",
                    "Diese Datei kann so nicht importiert werden; der Prüfbericht oben sagt, was zu tun ist.",
                ),
                "4 Antworten importieren",
                False,
            ),
        ),
        (
            "marketing.csv",
            EARLIER,
            "W1",
            "en",
            (
                Notice("error", flow.duplicate_message(EARLIER, "en"), ":material/content_copy:"),
                "Import 6 responses",
                False,
            ),
        ),
    ],
    ids=["ready", "no wave", "errors", "duplicate"],
)
def test_the_import_step_is_ready_only_for_a_new_file_without_errors_and_a_wave(
    file_name: str, earlier: store.Upload | None, wave: str | None, lang: str, expected: tuple
) -> None:
    notice, button, ready = expected
    assert flow.ImportStep(notice, button, ready) == flow.import_step(
        read(UPLOAD / file_name), earlier, wave, lang
    )


def test_a_refused_import_says_that_nothing_was_stored() -> None:
    assert Notice(
        "error",
        "Nothing was stored. Too many failed attempts\\. Please wait 3 seconds\\.",
        ":material/error:",
    ) == flow.import_failed(LocalisedError("signin.wait", seconds=3), "en")
