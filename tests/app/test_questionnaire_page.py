"""The respondents' door and the questionnaire, run with AppTest: a code or link opens the questionnaire alone,
one step at a time, and one anonymous response lands, pending publication."""

from __future__ import annotations

from pathlib import Path

import pytest
import survey_data
from app_harness import dashboard, open_file, screen
from streamlit.testing.v1 import AppTest

from smm_maturity import auth, invites, navigation, store, waves
from smm_maturity.instrument import load_instrument

WAVE = "Frühjahr 2026"
DEPARTMENTS = {"IT": 8, "Marketing": 6, "Vertrieb": 5}
DONT_KNOW = 0
INSTRUMENT = load_instrument()
STEPS = len(INSTRUMENT.dimensions) + 2
PASSCODES = {role: auth.hash_passcode(f"{role}-passcode-2026") for role in auth.ROLES}
SIGN_IN_MODES = {
    "local": {},
    "passcode": {"passcodes": PASSCODES},
    "oidc": {
        "auth": {"redirect_uri": "http://localhost:8501/oauth2callback"},
        "roles": {"admin": ["a@b.de"]},
    },
}
RESPONDENT_KEYS = ("door.", "door_", "q.", "collab.")
"""Every widget of a respondent's session has one of these keys: nothing of the dashboard's pages."""


@pytest.fixture
def survey(empty_db: Path) -> Path:
    """An open survey wave over three departments, with nothing answered yet."""
    con = store.connect(empty_db)
    survey_data.open_survey(con, WAVE, DEPARTMENTS)
    con.close()
    return empty_db


def new_codes(db: Path, count: int = 1, department: str = "Marketing") -> list[str]:
    """Fresh access codes for a department of the survey, as printed on the slips."""
    con = store.connect(db)
    codes = invites.generate_codes(con, WAVE, department, count, survey_data.ADMIN)
    con.close()
    return [invites.formatted(code) for code in codes]


def new_link(db: Path, limit: int = 20, department: str = "Vertrieb") -> str:
    """A workshop link token for a department of the survey."""
    con = store.connect(db)
    token = invites.create_workshop_link(con, WAVE, department, limit, survey_data.ADMIN)
    con.close()
    return token


def last_changed(text: str, replacement: str, otherwise: str) -> str:
    """The text with its last character changed: to `replacement`, or to `otherwise` where it already is that."""
    return text[:-1] + (otherwise if text[-1] == replacement else replacement)


def open_door(
    lang: str = "de", at: AppTest | None = None, secrets: dict | None = None, **params: str
) -> AppTest:
    """The app opened with these query parameters (a code or link), after its first run."""
    at = dashboard(timeout=60) if at is None else at
    at.user = {"is_logged_in": False}
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.query_params["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert [] == [exception.value for exception in at.exception]
    return at


def planned_answers() -> dict[str, int]:
    """One answer per item: 1 to 5 in turn, with "don't know" on every seventh."""
    return {code: DONT_KNOW if i % 7 == 6 else i % 5 + 1 for i, code in enumerate(INSTRUMENT.item_codes)}


def progress(at: AppTest) -> str:
    """The progress line: "Schritt 3 von 10"."""
    return at.get("progress")[0].proto.text


def answer_step(at: AppTest, answers: dict[str, int], ratings: dict[str, int]) -> None:
    """Pick the planned answer on every statement and rating of the step shown, then go on."""
    for radio in at.radio:
        code = radio.key.split(".", 1)[1]
        radio.set_value(answers[code] if radio.key.startswith("q.") else ratings.get(code, DONT_KNOW))
    at.button(key="door.next").click().run()


def answer_everything(at: AppTest, ratings: dict[str, int], comment: str = "") -> None:
    """Walk through every step with the planned answers, type the comment and send."""
    for _ in range(STEPS - 1):
        answer_step(at, planned_answers(), ratings)
    at.text_area(key="q.comment").set_value(comment)
    at.button(key="door.submit").click().run()


def rows(path: Path, sql: str) -> list[tuple]:
    """Rows of a query against the page's database."""
    return store.connect(path).execute(sql).fetchall()


def test_a_code_opens_the_questionnaire_and_one_pending_response_lands(survey: Path) -> None:
    code = new_codes(survey)[0]
    at = open_door("de", code=code)
    assert ("Schritt 1 von 10", [INSTRUMENT.dimensions[0].name("de")]) == (
        progress(at),
        [t.value for t in at.title],
    )
    assert (0, []) == (len(at.sidebar), [button.key for button in at.button if button.key == "door.back"])
    assert ["q.SIL1", "q.SIL2", "q.SIL3", "q.SIL4", "q.SIL5"] == [radio.key for radio in at.radio]
    for _ in range(STEPS - 2):
        answer_step(at, planned_answers(), {})
    assert (f"Schritt {STEPS - 1} von {STEPS}", ["collab.IT", "collab.Vertrieb"]) == (
        progress(at),
        [radio.key for radio in at.radio],
    )
    answer_step(at, planned_answers(), {"IT": 2, "Vertrieb": DONT_KNOW})
    at.text_area(key="q.comment").set_value("  Mehr Austausch mit dem Vertrieb.  ")
    at.button(key="door.submit").click().run()

    assert [] == [error.value for error in at.error]
    assert (["Vielen Dank!"], True) == (
        [t.value for t in at.title],
        at.success[0].value.startswith("Ihre Antworten sind gespeichert"),
    )
    assert ([], [], []) == (
        [r.key for r in at.radio],
        [b.key for b in at.button],
        [w.value for w in at.warning],
    )
    assert code == at.query_params["code"]
    [(wave, department, upload_id, respondent_key, publication_id)] = rows(
        survey,
        "select w.name, d.name, r.upload_id, r.respondent_key, r.publication_id from responses r"
        " join waves w using (wave_id) join departments d using (department_id)",
    )
    assert (WAVE, "Marketing", None, None, None) == (
        wave,
        department,
        upload_id,
        respondent_key,
        publication_id,
    )
    expected = {code: value for code, value in planned_answers().items() if value != DONT_KNOW}
    assert expected == dict(rows(survey, "select item_code, value from answers"))
    assert [("IT", 2)] == rows(
        survey,
        "select d.name, c.rating from collaboration c join departments d on d.department_id = c.target_department_id",
    )
    assert [("Mehr Austausch mit dem Vertrieb.",)] == rows(survey, "select comment from comments")
    assert [(True,)] == rows(survey, "select used from access_codes")


def test_a_workshop_link_opens_the_questionnaire_of_its_department(survey: Path) -> None:
    token = new_link(survey)
    at = open_door("en", join=token)
    assert "Survey Frühjahr 2026 · Department Vertrieb" in at.caption[0].value
    answer_everything(at, {"IT": 4, "Marketing": 5})
    assert ["Thank you!"] == [title.value for title in at.title]
    assert [("Vertrieb", None)] == rows(
        survey, "select d.name, r.publication_id from responses r join departments d using (department_id)"
    )
    assert [(1,)] == rows(survey, "select answers from workshop_links")


def closed(db: Path) -> None:
    con = store.connect(db)
    waves.close_wave(con, WAVE, survey_data.ADMIN)
    con.close()


@pytest.mark.parametrize(
    ("make", "lang", "expected"),
    [
        (lambda db: {"code": "ABCD-EFGH"}, "en", "This access code is not valid."),
        (lambda db: {"code": "0000-1111"}, "de", "Dieser Zugangscode ist nicht gültig."),
        (
            lambda db: {"code": last_changed(new_codes(db)[0].lower(), "2", "3")},
            "en",
            "This access code is not valid.",
        ),
        (lambda db: {"join": last_changed(new_link(db), "0", "1")}, "en", "This link is not valid."),
        (lambda db: {"join": new_link(db).replace("-3-", "-1-", 1)}, "de", "Dieser Link ist nicht gültig."),
        (lambda db: {"join": "1-1-1"}, "en", "This link is not valid."),
        (
            lambda db: ({"code": new_codes(db)[0]}, closed(db))[0],
            "en",
            "This survey (Frühjahr 2026) is closed",
        ),
        (
            lambda db: ({"join": new_link(db)}, closed(db))[0],
            "de",
            "Diese Befragung (Frühjahr 2026) ist beendet",
        ),
    ],
    ids=[
        "unknown",
        "unreadable",
        "mistyped",
        "tampered",
        "other-department",
        "cut",
        "closed-code",
        "closed-link",
    ],
)
def test_a_bad_code_or_link_gets_one_sentence_and_stores_nothing(
    survey: Path, make, lang: str, expected: str
) -> None:
    at = open_door(lang, **make(survey))
    [error] = [error.value for error in at.error]
    assert error.startswith(expected)
    assert ([], 0) == ([radio.key for radio in at.radio], len(at.sidebar))
    assert ["door.code"] == [field.key for field in at.text_input]
    assert [(0,)] == rows(survey, "select count(*) from responses")


def test_a_used_code_is_refused_in_the_respondents_language(survey: Path) -> None:
    code = new_codes(survey)[0]
    answer_everything(open_door("en", code=code), {})
    again = open_door("de", code=code)
    assert [
        "Dieser Zugangscode wurde bereits verwendet. Mit jedem Code kann der Fragebogen einmal beantwortet werden."
    ] == [error.value for error in again.error]
    assert [(1,)] == rows(survey, "select count(*) from responses")


def test_a_draft_wave_and_a_full_link_take_no_answers(survey: Path) -> None:
    con = store.connect(survey)
    waves.create_wave(con, "Herbst 2026", {"IT": None}, survey_data.ADMIN)
    draft_code = invites.formatted(invites.generate_codes(con, "Herbst 2026", "IT", 1, survey_data.ADMIN)[0])
    con.close()
    assert ["This survey (Herbst 2026) has not started yet."] == [
        error.value.split(" Please")[0] for error in open_door("en", code=draft_code).error
    ]
    token = new_link(survey, limit=1)
    answer_everything(open_door("en", join=token), {})
    assert ["This workshop link has received all the answers it allows."] == [
        error.value for error in open_door("en", join=token).error
    ]
    assert [(1,)] == rows(survey, "select count(*) from responses")


def test_going_on_with_a_statement_open_jumps_back_to_it_and_marks_it(survey: Path) -> None:
    at = open_door("en", code=new_codes(survey)[0])
    answer_step(at, planned_answers(), {})
    for radio in at.radio:
        if radio.key not in ("q.TRA2", "q.TRA5"):
            radio.set_value(3)
    at.button(key="door.next").click().run()
    assert ("Step 2 of 10", "q.TRA2") == (progress(at), at.session_state["door.open"])
    assert ["Please choose an answer here, or “don't know”."] == [error.value for error in at.error]
    assert 3 == at.radio(key="q.TRA1").value
    at.radio(key="q.TRA2").set_value(DONT_KNOW)
    at.button(key="door.next").click().run()
    assert ("Step 2 of 10", "q.TRA5") == (progress(at), at.session_state["door.open"])
    at.radio(key="q.TRA5").set_value(1)
    at.button(key="door.next").click().run()
    assert ("Step 3 of 10", [], None) == (progress(at), at.error.values, at.session_state["door.open"])


def test_answers_are_kept_in_the_session_going_back_and_forth_and_between_languages(survey: Path) -> None:
    at = open_door("de", code=new_codes(survey)[0])
    answer_step(at, planned_answers(), {})
    at.button(key="door.back").click().run()
    expected = [planned_answers()[code] for code in ("SIL1", "SIL2", "SIL3", "SIL4", "SIL5")]
    assert expected == [radio.value for radio in at.radio]
    at.get("button_group")[0].set_value("en").run()
    assert ("Step 1 of 10", "don't know", expected) == (
        progress(at),
        at.radio[0].options[-1],
        [radio.value for radio in at.radio],
    )
    assert [(0,)] == rows(survey, "select count(*) from responses")


def test_dont_know_everywhere_is_refused(survey: Path) -> None:
    at = open_door("en", code=new_codes(survey)[0])
    for _ in range(STEPS - 1):
        answer_step(at, dict.fromkeys(INSTRUMENT.item_codes, DONT_KNOW), {})
    at.button(key="door.submit").click().run()
    assert ["You chose “don't know” everywhere; please answer at least one statement."] == at.error.values
    assert [(0,)] == rows(survey, "select count(*) from responses")


def test_a_second_submission_in_the_same_session_is_refused(survey: Path) -> None:
    token = new_link(survey)
    fresh = new_codes(survey)[0]
    at = open_door("en", join=token)
    answer_everything(at, {})
    del at.query_params["join"]
    at.query_params["code"] = fresh
    at.run()
    assert ["Thank you!"] == [title.value for title in at.title]
    assert ["You have already sent your answers from this page; a second questionnaire is not accepted."] == [
        warning.value for warning in at.warning
    ]
    assert ([], [(1,)], [(False,)]) == (
        [radio.key for radio in at.radio],
        rows(survey, "select count(*) from responses"),
        rows(survey, "select used from access_codes"),
    )


def test_the_questionnaires_address_asks_for_the_code_and_keeps_it_in_the_url(survey: Path) -> None:
    code = new_codes(survey)[0]
    at = open_door("en", open_file("pages/questionnaire.py", timeout=60))
    assert (["Your access code"], [], 0) == (
        [t.value for t in at.title],
        [r.key for r in at.radio],
        len(at.sidebar),
    )
    at.text_input(key="door.code").input("abcd efgh")
    at.button(key="door.code_submit").click().run()
    assert [
        "This access code is not valid. Please check it (letters and digits, no 0, O, 1 or I) and type it again."
    ] == [error.value for error in at.error]
    at.text_input(key="door.code").input(code.lower().replace("-", " "))
    at.button(key="door.code_submit").click().run()
    assert (code, "Step 1 of 10", []) == (at.query_params["code"], progress(at), at.error.values)


@pytest.mark.parametrize("mode", list(SIGN_IN_MODES))
def test_a_respondent_reaches_no_page_but_the_questionnaire_in_any_sign_in_mode(
    survey: Path, mode: str
) -> None:
    """Whatever screen the address names, a code opens the questionnaire: no sidebar, no sign-in, no other page."""
    secrets = SIGN_IN_MODES[mode]
    code = new_codes(survey)[0]
    for entry in [*navigation.SCREENS, navigation.QUESTIONNAIRE]:
        at = open_door("en", screen(entry.key, timeout=60) if entry.roles else None, secrets, code=code)
        assert [] == [key for key in widget_keys(at) if not key.startswith(RESPONDENT_KEYS)], entry.key
        assert (0, "Step 1 of 10", {}) == (
            len(at.sidebar),
            progress(at),
            at.session_state["augenhoehe.pages"],
        )
    bare = open_door("en", open_file("pages/questionnaire.py", timeout=60), secrets)
    assert (["door.code"], 0) == ([field.key for field in bare.text_input], len(bare.sidebar))
    assert [] == [key for key in widget_keys(bare) if not key.startswith(RESPONDENT_KEYS)]


def widget_keys(at: AppTest) -> list[str]:
    """The keys of every widget on the page, the sidebar's included."""

    def walk(node: object) -> list[object]:
        children = getattr(node, "children", {})
        return [node, *(found for child in children.values() for found in walk(child))]

    return [
        str(node.key) for root in (at.main, at.sidebar) for node in walk(root) if getattr(node, "key", None)
    ]


def test_ballot_stuffing_two_sessions_with_one_code_store_one_response(survey: Path) -> None:
    """Two browsers opened with the same code both fill in the questionnaire; only the first answer counts."""
    code = new_codes(survey)[0]
    first, second = open_door("de", code=code), open_door("de", code=code)
    for at in (first, second):
        for _ in range(STEPS - 1):
            answer_step(at, planned_answers(), {})
    first.button(key="door.submit").click().run()
    second.button(key="door.submit").click().run()
    assert ["Vielen Dank!"] == [title.value for title in first.title]
    assert [
        "Dieser Zugangscode wurde bereits verwendet. Mit jedem Code kann der Fragebogen einmal beantwortet werden."
    ] == second.error.values
    assert ([], ["door.code"]) == ([radio.key for radio in second.radio], [f.key for f in second.text_input])
    assert [(1,)] == rows(survey, "select count(*) from responses")


@pytest.mark.parametrize("guesses", [["ABCD-EFGH", "2222-2222", "ZZZZ-ZZZZ"], [""], ["x" * 500]])
def test_ballot_stuffing_guessed_codes_open_nothing_and_store_nothing(
    survey: Path, guesses: list[str]
) -> None:
    new_codes(survey, 5)
    at = open_door("en", open_file("pages/questionnaire.py", timeout=60))
    for guess in guesses:
        at.text_input(key="door.code").input(guess)
        at.button(key="door.code_submit").click().run()
        assert ([], 1) == ([radio.key for radio in at.radio], len(at.error))
    assert ([(0,)], [(0,)]) == (
        rows(survey, "select count(*) from responses"),
        rows(survey, "select count(*) from access_codes where used"),
    )


def test_an_invalid_setting_closes_the_door_too(survey: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = new_codes(survey)[0]
    monkeypatch.setenv("SMM_MIN_GROUP", "2")
    at = open_door("en", code=code)
    assert 1 == len(at.error)
    assert ([], [], 0) == (
        [radio.key for radio in at.radio],
        [field.key for field in at.text_input],
        len(at.sidebar),
    )
