"""Tests for the survey tools' own layouts and codes: Qualtrics, SoSci Survey, EFS, Typeform, LimeSurvey codes,
Microsoft Forms' Likert columns, and the header rules that keep personal data out of departments and ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from smm_maturity import store
from smm_maturity.ingest import ImportBatch, formats, read_upload, unmapped_columns, values
from smm_maturity.instrument import load_instrument

FORMATS = Path(__file__).parents[2] / "data" / "formats"
INSTRUMENT = load_instrument()


def read(name: str, department: str | None = None) -> ImportBatch:
    return read_upload((FORMATS / name).read_bytes(), name, department=department)


# (file, the one error's kind and column, words its sentence must contain)
REFUSED = [
    (
        "refused_qualtrics_department_codes.csv",
        ("numeric_department", "In welchem Bereich bzw. welcher Abteilung sind Sie beschäftigt?"),
        ['"3"', 'in Qualtrics, download the data as CSV with "Use choice text"', "whole file"],
    ),
    (
        "refused_limesurvey_answer_codes.csv",
        (
            "answer_codes",
            "G02Q01[SQ001]. Silos & Wissensaustausch [Wissen aus unserer Abteilung steht anderen Abteilungen"
            " leicht zur Verfügung.]",
        ),
        ['"AO06"', 'export the responses as "Full answers"'],
    ),
    (
        "refused_sosci_without_labels.csv",
        ("missing_items", None),
        ["in SoSci Survey, download the data with the variable labels in the second row"],
    ),
]


@pytest.mark.parametrize(("name", "kind", "words"), REFUSED, ids=[case[0] for case in REFUSED])
def test_an_export_that_cannot_be_decoded_is_refused_in_one_sentence_naming_the_setting(
    name: str, kind: tuple[str, str | None], words: list[str]
) -> None:
    batch = read(name)
    assert [kind] == [(p.kind, p.column) for p in batch.errors]
    sentence = batch.errors[0].describe("en", name)
    assert [] == [word for word in words if word not in sentence]
    german = batch.errors[0].describe("de", name)
    assert german != sentence and german.endswith(".")


@pytest.mark.parametrize("name", [case[0] for case in REFUSED])
def test_a_refused_export_leaves_the_database_unchanged(name: str, tmp_path: Path) -> None:
    con = store.connect(str(tmp_path / "db.duckdb"))
    before = con.execute("select count(*) from responses").fetchone()
    with pytest.raises(store.ImportRejected):
        store.store_batch(con, read(name), wave="Frühjahr 2026", department="IT")
    assert before == con.execute("select count(*) from responses").fetchone()
    assert [] == store.uploads(con)
    con.close()


@pytest.mark.parametrize(
    ("name", "first_row"),
    [
        ("qualtrics_de.csv", 4),
        ("qualtrics_en_numeric.csv", 4),
        ("qualtrics_legacy.csv", 3),
        ("sosci_labels.csv", 3),
        ("refused_sosci_without_labels.csv", 2),
        ("efs.csv", 3),
        ("typeform.csv", 2),
    ],
)
def test_answers_start_under_the_tools_header_rows(name: str, first_row: int) -> None:
    rows = read(name, department="IT").responses["row"].tolist()
    assert first_row == (rows[0] if rows else 2)


def test_soscis_utf16_tab_download_reads_like_its_utf8_copy() -> None:
    data = (FORMATS / "sosci_labels.csv").read_bytes()
    utf8 = read_upload(data, "sosci.csv")
    utf16 = read_upload(data.decode("utf-8").encode("utf-16"), "sosci.csv")
    assert ("utf-16", "\t") == (utf16.encoding, utf16.delimiter)
    assert utf8.answers.equals(utf16.answers) and utf8.collaboration.equals(utf16.collaboration)
    assert utf8.responses.equals(utf16.responses) and utf8.comments.equals(utf16.comments)


@pytest.mark.parametrize(
    ("format_name", "cells"),
    [
        ("sosci", ["-9", "-1", "-2", "4", "trifft eher zu"]),
        ("efs", ["-77", "-66", "-99", "0", "4", "Agree"]),
        ("qualtrics", ["6", "Weiß nicht", "", "4", "Trifft eher zu"]),
    ],
)
def test_a_tools_missing_codes_count_as_missing(format_name: str, cells: list[str]) -> None:
    codes = formats.FORMATS_BY_NAME[format_name].answer_codes
    labels = values.likert_labels(INSTRUMENT)
    expected = [0] * (len(cells) - 2) + [4, 4]
    assert expected == [values.token_value(cell, labels, codes) for cell in cells]
    assert values.OUT_OF_RANGE == values.token_value("6", labels, formats.CANONICAL.answer_codes)


def test_efs_missing_code_in_a_text_answer_is_no_comment() -> None:
    batch = read("efs.csv")
    assert "-99" not in batch.comments["comment"].tolist()
    assert 4 == len(batch.comments)


def test_limesurvey_subquestion_codes_make_up_no_department() -> None:
    data = (
        b'"id","submitdate","lastpage","abteilung","SIL[SIL1]","COLLAB[MKT]","COLLAB[IT]","COLLAB[HR]"\n'
        b'"1","2026-03-02 09:15:00","4","IT","Trifft eher zu","eher gut","sehr gut","mittel"\n'
    )
    batch = read_upload(data, "lime.csv", known_departments=["HR ", "Marketing"])
    assert ["IT", "HR"] == batch.collaboration["target_department"].tolist()
    assert ["COLLAB[MKT]"] == unmapped_columns(batch)
    codes = [p for p in batch.warnings if p.kind == "collab_codes"]
    assert ["COLLAB[MKT]"] == [p.value for p in codes]
    assert "Question code & question text" in codes[0].describe("en", "lime.csv")


def test_microsoft_forms_likert_columns_are_ratings_only_when_their_cells_are_rating_labels() -> None:
    header = "ID,Startzeit,Fertigstellungszeit,E-Mail,Name,Abteilung,SIL1,Vertrieb,Notizen,Standort\n"
    row = "1,3/2/26 9:00,3/2/26 9:15,anonymous,,IT,4,Eher gut,eher gut gelaufen,Trifft eher zu\n"
    batch = read_upload((header + row).encode(), "forms.csv")
    mapping = batch.column_mapping
    assert ("collab:Vertrieb", "ignored", "ignored") == (
        mapping["Vertrieb"],
        mapping["Notizen"],
        mapping["Standort"],
    )
    assert [("Vertrieb", 4)] == list(
        zip(batch.collaboration["target_department"], batch.collaboration["rating"], strict=True)
    )


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("In welchem Bereich bzw. welcher Abteilung sind Sie beschäftigt?", "department"),
        ("Which area or department do you work in?", "department"),
        (
            "In welcher Organisationseinheit bzw. welchem Team arbeiten Sie derzeit hauptsächlich?",
            "department",
        ),
        ("Unsere Abteilung hat in den letzten Monaten viel erreicht und ist gut aufgestellt", None),
        ("Ihr Name und Ihre Abteilung", "personal_data_dropped"),
        ("Name (Team)", "personal_data_dropped"),
        ("Team-Mitglied", "personal_data_dropped"),
        ("Teammitglied", "personal_data_dropped"),
        ("E-Mail", "personal_data_dropped"),
        ("E-Mail (Abteilung)", "personal_data_dropped"),
        ("Personalnummer", "personal_data_dropped"),
        ("Telefon der Abteilung", "personal_data_dropped"),
        ("IP-Adresse", "personal_data_dropped"),
        ("Mitarbeiternummer / ID", "personal_data_dropped"),
        ("Team member", "personal_data_dropped"),
        ("Wie gut arbeitet Ihre Abteilung mit den folgenden Abteilungen zusammen?", None),
    ],
)
def test_department_questions_long_and_short_and_never_personal_headers(
    header: str, role: str | None
) -> None:
    assert role == formats.match_header(header, INSTRUMENT)


def test_a_name_column_is_never_the_department_even_when_the_user_maps_it() -> None:
    data = b"Name (Team),SIL1\nErika Mustermann,4\n"
    automatic = read_upload(data, "a.csv", department="IT")
    assert ["IT"] == automatic.responses["department"].tolist()
    mapped = read_upload(data, "a.csv", column_mapping={"Name (Team)": "department"})
    assert [("error", "personal_mapping", "Name (Team)")] == [
        (p.severity, p.kind, p.column) for p in mapped.errors if p.kind == "personal_mapping"
    ]
    assert "Erika" not in mapped.responses.astype(str).to_csv()


def test_respondent_ids_that_are_email_addresses_are_refused_once() -> None:
    rows = "".join(f"person{n}@example.org,IT,{n % 5 + 1}\n" for n in range(40))
    batch = read_upload(("respondent_id,department,SIL1\n" + rows).encode(), "a.csv")
    assert [("email_respondent_id", 2, "respondent_id", "40")] == [
        (p.kind, p.row, p.column, p.value) for p in batch.errors
    ]
    assert "e-mail addresses" in batch.errors[0].describe("en", "a.csv")
    assert "@" not in batch.responses.astype(str).to_csv()


def test_a_file_without_a_department_column_gets_one_sentence_not_one_per_row() -> None:
    rows = "".join(f"{n},{n % 5 + 1},x\n" for n in range(200))
    batch = read_upload(("Nr,SIL1,Bemerkung intern\n" + rows).encode(), "a.csv")
    assert [("no_department_column", '"Bemerkung intern"')] == [(p.kind, p.value) for p in batch.errors]
    given = read_upload(("Nr,SIL1,Bemerkung intern\n" + rows).encode(), "a.csv", department="IT")
    assert [] == list(given.errors)
