"""The survey setup page under AppTest: a wave from an empty database to publication, and bad input that
leaves the database as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from app_harness import screen
from streamlit.testing.v1 import AppTest
from survey_data import ADMIN, answer_online, open_survey

from smm_maturity import store, waves
from smm_maturity.store.schema import TABLES

WAVE = "Frühjahr 2027"
ANSWERS = {"SIL1": 4, "TRA1": 3, "KOO1": 5}


def page(lang: str = "en") -> AppTest:
    at = screen("survey")
    at.query_params["lang"] = lang
    return at.run()


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, in a fixed order, read through a second connection of this process."""
    con = duckdb.connect(str(path))
    try:
        return {table: con.execute(f"select * from {table} order by all").fetchall() for table in TABLES}
    finally:
        con.close()


def messages(at: AppTest) -> list[tuple[str, str]]:
    return [("success", m.value) for m in at.success] + [("error", m.value) for m in at.error]


def create(at: AppTest, name: str, typed: str, known: list[str] | None = None) -> AppTest:
    at.text_input(key="survey.new.name").input(name)
    at.text_area(key="survey.new.typed").input(typed)
    if known:
        at.multiselect(key="survey.new.existing").set_value(known)
    return at.button(key="FormSubmitter:survey.new-Create wave").click().run()


def prepared(path: Path) -> None:
    con = store.connect(path)
    open_survey(con, WAVE, {"Vertrieb": 12, "IT": 6})
    con.close()


def test_a_wave_is_created_with_three_departments_opened_answered_closed_and_published(
    empty_db: Path,
) -> None:
    at = create(page(), WAVE, "Vertrieb=12\nProduktion=20\nIT")
    assert [
        (
            "success",
            f"Wave {WAVE} created as a draft with IT, Produktion, Vertrieb. Print codes now, or open it.",
        )
    ] == messages(at)
    at.button(key="survey.step.open").click().run()
    assert [("success", f"Wave {WAVE} is open: codes and workshop links work from now on.")] == messages(at)
    con = duckdb.connect(str(empty_db))
    for _ in range(5):
        answer_online(con, WAVE, "Vertrieb", ANSWERS)
    answer_online(con, WAVE, "IT", ANSWERS)
    con.close()
    at.run()
    participation = at.dataframe[1].value
    assert [
        ["IT", "fewer than 5", "", ""],
        ["Produktion", "0", "20", "0%"],
        ["Vertrieb", "5", "12", "42%"],
    ] == participation.values.tolist()
    at.button(key="survey.step.close").click().run()
    at.button(key="survey.step.publish").click().run()
    assert [
        ("success", f"Published in {WAVE}: Vertrieb (5) new answers."),
    ] == messages(at)
    assert ["Held back: IT, with fewer than 5 new answers. They appear once they have at least 5."] == [
        m.value for m in at.main.warning
    ]
    assert not at.exception


@pytest.mark.parametrize(
    ("name", "typed", "known", "error"),
    [
        (WAVE, "HR", [], f"A wave “{WAVE}” already exists; choose another name."),
        (
            "Herbst 2027",
            "HR=zwölf",
            [],
            "“HR=zwölf” cannot be read as a department: write the name, optionally followed by = and a headcount of at least 1, such as Sales=24.",
        ),
        ("Herbst 2027", "", [], "Wave Herbst 2027 needs at least one department."),
        (
            "=Herbst",
            "HR",
            [],
            "The wave name “=Herbst” begins with a character that spreadsheets read as a formula (= + - @); choose another name.",
        ),
        ("Herbst 2027", "IT=4", ["IT"], "IT is chosen twice; name each department once."),
    ],
)
def test_a_wave_that_cannot_be_created_leaves_the_database_unchanged(
    empty_db: Path, name: str, typed: str, known: list[str], error: str
) -> None:
    prepared(empty_db)
    before = contents(empty_db)
    at = create(page(), name, typed, known)
    assert [("error", error)] == messages(at)
    assert before == contents(empty_db)


def test_a_wave_closed_meanwhile_refuses_closing_and_codes_and_changes_nothing(empty_db: Path) -> None:
    prepared(empty_db)
    closing, coding = page(), page()
    con = duckdb.connect(str(empty_db))
    waves.close_wave(con, WAVE, ADMIN)
    con.close()
    before = contents(empty_db)
    closing.button(key="survey.step.close").click().run()
    coding.button(key="survey.codes.generate").click().run()
    assert (
        [("error", f"Wave {WAVE} is already closed.")],
        [
            (
                "error",
                f"This survey ({WAVE}) is closed and takes no more answers. Thank you for your interest.",
            )
        ],
    ) == (messages(closing), messages(coding))
    assert before == contents(empty_db)
    assert [] == [button.key for button in coding.button if button.key.startswith("survey.codes.")]
    assert ["survey.step.publish"] == [
        button.key for button in coding.button if button.key.startswith("survey.step.")
    ]


def test_codes_are_offered_as_sheet_and_csv_once_and_stored_only_as_hashes(empty_db: Path) -> None:
    prepared(empty_db)
    at = page("de")
    at.selectbox(key="survey.codes.department").set_value("IT")
    at.number_input(key="survey.codes.count").set_value(6)
    at.button(key="survey.codes.generate").click().run()
    assert [("success", f"6 Codes für IT in {WAVE} erzeugt.")] == messages(at)
    assert ["survey.codes.download_sheet", "survey.codes.download_csv"] == [
        button.key for button in at.get("download_button")
    ]
    assert 6 == len(contents(empty_db)["access_codes"])
    at.button(key="survey.codes.forget").click().run()
    assert [] == list(at.get("download_button"))


def test_departments_are_renamed_merged_and_only_an_empty_one_deleted(empty_db: Path) -> None:
    prepared(empty_db)
    con = duckdb.connect(str(empty_db))
    store.set_headcount(con, "Leer", 3)
    answer_online(con, WAVE, "IT", ANSWERS)
    con.close()
    at = page()
    at.selectbox(key="survey.delete.name").set_value("IT")
    before = contents(empty_db)
    at.button(key="survey.delete").click().run()
    assert [
        (
            "error",
            "IT still holds answers, ratings, uploads, codes or links; only an empty department can be deleted. Merge it instead.",
        )
    ] == messages(at)
    assert before == contents(empty_db)
    at.selectbox(key="survey.delete.name").set_value("Leer")
    at.button(key="survey.delete").click().run()
    assert [("success", "Leer was deleted.")] == messages(at)
    at.selectbox(key="survey.rename.old").set_value("Vertrieb")
    at.text_input(key="survey.rename.new").input("Vertrieb  Nord")
    at.button(key="survey.rename").click().run()
    assert [("success", "Vertrieb is now called Vertrieb Nord.")] == messages(at)
    assert ["IT", "Vertrieb Nord"] == [row[1] for row in contents(empty_db)["departments"]]


def test_an_online_batch_is_removed_only_after_the_question(empty_db: Path) -> None:
    prepared(empty_db)
    con = duckdb.connect(str(empty_db))
    for _ in range(2):
        answer_online(con, WAVE, "IT", ANSWERS)
    con.close()
    at = page()
    at.button(key="survey.batch").click().run()
    at.button(key="survey.batch_question.cancel").click().run()
    assert 2 == len(contents(empty_db)["responses"])
    at.button(key="survey.batch").click().run()
    at.button(key="survey.batch_question.confirm").click().run()
    assert [("success", f"2 answers removed ({WAVE} · IT · not yet published: 2 answers).")] == messages(at)
    assert ([], "remove_online") == (contents(empty_db)["responses"], contents(empty_db)["audit_log"][-1][4])


def presentation() -> AppTest:
    at = screen("presentation")
    at.query_params["lang"] = "en"
    return at.run()


def test_the_workshop_shows_a_qr_code_a_live_count_and_reveals_from_k_answers(empty_db: Path) -> None:
    prepared(empty_db)
    at = presentation()
    at.selectbox(key="survey.link.department").set_value("IT")
    at.number_input(key="survey.link.limit").set_value(12)
    at.button(key="survey.link.make").click().run()
    assert [("success", f"Workshop link for IT in {WAVE}, for up to 12 answers.")] == messages(at)
    address = at.get("code")[0].value
    assert address.startswith("http://localhost:8501/?join=") and address.endswith("&lang=en")
    at.selectbox(key="survey.workshop.department").set_value("IT").run()
    assert (["0"], True) == ([m.value for m in at.metric], at.button(key="survey.live.reveal").disabled)

    con = duckdb.connect(str(empty_db))
    answer_online(con, WAVE, "IT", ANSWERS)
    con.close()
    at.run()
    assert (["fewer than 5"], True) == (
        [m.value for m in at.metric],
        at.button(key="survey.live.reveal").disabled,
    )
    con = duckdb.connect(str(empty_db))
    for _ in range(4):
        answer_online(con, WAVE, "IT", ANSWERS)
    answer_online(con, WAVE, "Vertrieb", ANSWERS)
    con.close()
    at.run()
    assert (["5"], False) == ([m.value for m in at.metric], at.button(key="survey.live.reveal").disabled)
    at.selectbox(key="survey.workshop.department").set_value("").run()
    assert ["hidden while a department has fewer than 5"] == [m.value for m in at.metric]
    at.button(key="survey.live.reveal").click().run()
    assert [("success", f"Published in {WAVE}: IT (5) new answers.")] == messages(at)
    con = duckdb.connect(str(empty_db))
    released = con.execute(
        "select d.name, count(*) from responses join departments d using (department_id)"
        " where publication_id is not null group by all"
    ).fetchall()
    con.close()
    assert ([("IT", 5)], WAVE) == (released, at.query_params["wave"])
    assert not at.exception
