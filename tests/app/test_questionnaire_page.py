"""The online questionnaire, run with AppTest: a respondent fills it in and one anonymous response lands."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_harness import open_file
from streamlit.testing.v1 import AppTest

from smm_maturity import store
from smm_maturity.i18n import escape_markdown
from smm_maturity.instrument import load_instrument

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "questionnaire.py")
DONT_KNOW = 0


@pytest.fixture
def organisation(empty_db: Path) -> Path:
    """A database with two waves and three departments, but no responses yet."""
    con = store.connect(empty_db)
    with store.transaction(con) as cur:
        store.ensure_wave(cur, "Herbst 2025")
        store.ensure_wave(cur, "Frühjahr 2026")
        store.ensure_departments(cur, ["IT", "Marketing", "Vertrieb"])
    return empty_db


def open_page(lang: str = "de", **params: str) -> AppTest:
    """The questionnaire, run once with these query parameters."""
    at = open_file(PAGE, timeout=60)
    at.query_params["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def answer_everything(at: AppTest, answers: dict[str, int]) -> None:
    """Pick an answer on every statement of the instrument."""
    for code in load_instrument().item_codes:
        at.radio(key=f"q.{code}").set_value(answers[code])


def planned_answers() -> dict[str, int]:
    """One answer per item: 1 to 5 in turn, with "don't know" on every seventh."""
    codes = load_instrument().item_codes
    return {code: DONT_KNOW if i % 7 == 6 else i % 5 + 1 for i, code in enumerate(codes)}


def rows(path: Path, sql: str) -> list[tuple]:
    """Rows of a query against the page's database."""
    return store.connect(path).execute(sql).fetchall()


def test_a_filled_in_questionnaire_lands_as_one_anonymous_response(organisation: Path) -> None:
    at = open_page("de", wave="Frühjahr 2026", department="Marketing")
    assert "Frühjahr 2026" == at.text_input(key="questionnaire.wave.fixed").value
    assert "Marketing" == at.text_input(key="questionnaire.department.fixed").value
    assert ["IT", "Vertrieb"] == [
        radio.key.removeprefix("collab.") for radio in at.radio if radio.key.startswith("collab.")
    ]
    answers = planned_answers()
    answer_everything(at, answers)
    at.radio(key="collab.IT").set_value(2)
    at.radio(key="collab.Vertrieb").set_value(DONT_KNOW)
    at.text_area(key="q.comment").set_value("  Mehr Austausch mit dem Vertrieb.  ")
    at.button(key="questionnaire.submit").click().run()

    assert not at.exception
    assert [] == [error.value for error in at.error]
    assert at.success[0].value.startswith("**Vielen Dank!** Ihre Antworten sind gespeichert")
    assert 0 == len(at.radio)
    [(response_id, wave, department, upload_id, respondent_key)] = rows(
        organisation,
        "select r.response_id, w.name, d.name, r.upload_id, r.respondent_key from responses r"
        " join waves w using (wave_id) join departments d using (department_id)",
    )
    assert ("Frühjahr 2026", "Marketing", None, None) == (wave, department, upload_id, respondent_key)
    expected = {code: value for code, value in answers.items() if value != DONT_KNOW}
    assert expected == dict(rows(organisation, "select item_code, value from answers"))
    assert [("IT", 2)] == rows(
        organisation,
        "select d.name, c.rating from collaboration c join departments d on d.department_id = c.target_department_id",
    )
    assert [("Mehr Austausch mit dem Vertrieb.",)] == rows(organisation, "select comment from comments")


def test_open_statements_are_listed_and_nothing_is_stored(organisation: Path) -> None:
    at = open_page("en", wave="Frühjahr 2026", department="IT")
    answers = planned_answers()
    answer_everything(at, answers)
    at.radio(key="q.SIL2").set_value(None)
    at.radio(key="q.KUL5").set_value(None)
    at.button(key="questionnaire.submit").click().run()

    assert [
        "Still open: Silos & knowledge sharing (1), Learning & change culture (1). Choose an answer or \"don't "
        'know" for every statement.'
    ] == [error.value for error in at.error]
    assert answers["SIL1"] == at.radio(key="q.SIL1").value
    assert [(0,)] == rows(organisation, "select count(*) from responses")

    at.radio(key="q.SIL2").set_value(3)
    at.radio(key="q.KUL5").set_value(DONT_KNOW)
    at.button(key="questionnaire.submit").click().run()
    assert [(1,)] == rows(organisation, "select count(*) from responses")


def test_without_a_link_the_respondent_picks_wave_and_department(organisation: Path) -> None:
    at = open_page("en")
    assert "Frühjahr 2026" == at.selectbox(key="questionnaire.wave").value
    assert ["Frühjahr 2026", "Herbst 2025"] == at.selectbox(key="questionnaire.wave").options
    assert at.selectbox(key="questionnaire.department").value is None
    answer_everything(at, planned_answers())
    at.button(key="questionnaire.submit").click().run()
    assert ["Choose your department above."] == [error.value for error in at.error]

    at.selectbox(key="questionnaire.wave").set_value("Herbst 2025").run()
    at.selectbox(key="questionnaire.department").set_value("Vertrieb").run()
    assert ["IT", "Marketing"] == [
        radio.key.removeprefix("collab.") for radio in at.radio if radio.key.startswith("collab.")
    ]
    at.button(key="questionnaire.submit").click().run()
    assert [("Herbst 2025", "Vertrieb")] == rows(
        organisation,
        "select w.name, d.name from responses join waves w using (wave_id) join departments d using (department_id)",
    )


def test_a_link_can_open_a_new_wave_for_a_new_department(empty_db: Path) -> None:
    at = open_page("en", wave="Pilot", department="Recht & Compliance")
    assert "There are no other departments to rate yet." in [caption.value for caption in at.caption]
    answer_everything(at, planned_answers())
    at.button(key="questionnaire.submit").click().run()
    assert [("Pilot", "Recht & Compliance")] == rows(
        empty_db,
        "select w.name, d.name from responses join waves w using (wave_id) join departments d using (department_id)",
    )


def test_without_any_wave_the_page_asks_for_the_link(empty_db: Path) -> None:
    at = open_page("de")
    assert [
        "Zurzeit ist keine Befragung angelegt. Bitten Sie die verantwortliche Person um den Link zum Fragebogen."
    ] == [info.value for info in at.info]
    assert 0 == len(at.radio)


def test_every_statement_offers_the_scale_and_dont_know_in_the_page_language(organisation: Path) -> None:
    instrument = load_instrument()
    at = open_page("en", wave="Frühjahr 2026", department="IT")
    items = [radio for radio in at.radio if radio.key.startswith("q.")]
    assert [f"q.{code}" for code in instrument.item_codes] == [radio.key for radio in items]
    assert all(
        ["strongly disagree", "disagree", "neutral", "agree", "strongly agree", "don't know"] == radio.options
        for radio in items
    )
    assert f"**{escape_markdown(instrument.item('SIL1').text('en'))}**" == at.radio(key="q.SIL1").label
    assert [dimension.name("en") for dimension in instrument.dimensions] + [
        "Collaboration",
        "Your comment",
    ] == [header.value for header in at.subheader]
    german = open_page("de", wave="Frühjahr 2026", department="IT")
    assert "weiß nicht" == german.radio(key="q.SIL1").options[-1]
    assert "kann ich nicht beurteilen" == german.radio(key="collab.Marketing").options[-1]


def test_the_next_respondent_gets_an_empty_questionnaire(organisation: Path) -> None:
    at = open_page("de", wave="Frühjahr 2026", department="IT")
    answer_everything(at, planned_answers())
    at.text_area(key="q.comment").set_value("geheim")
    at.button(key="questionnaire.submit").click().run()
    at.button(key="questionnaire.again").click().run()
    assert not at.exception
    assert all(radio.value is None for radio in at.radio)
    assert "" == at.text_area(key="q.comment").value


def test_the_language_can_be_picked_on_the_page(organisation: Path) -> None:
    at = open_page("de", wave="Frühjahr 2026", department="IT")
    at.get("button_group")[0].set_value("en").run()
    assert not at.exception
    assert "en" == at.query_params["lang"]
    assert "don't know" == at.radio(key="q.SIL1").options[-1]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_intro_and_prompts_come_from_the_instrument_in_the_page_language(
    organisation: Path, lang: str
) -> None:
    instrument = load_instrument()
    at = open_page(lang, wave="Frühjahr 2026", department="IT")
    assert instrument.intro(lang) in [markdown.value for markdown in at.markdown]
    assert instrument.collaboration_prompt(lang) in [caption.value for caption in at.caption]
    assert instrument.comment_prompt(lang) == at.text_area(key="q.comment").label
