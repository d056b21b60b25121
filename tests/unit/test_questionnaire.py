"""The questionnaire's steps, the draft kept in the session and the response built from it, without any UI."""

from __future__ import annotations

import pytest

from smm_maturity import questionnaire as form
from smm_maturity.i18n import LocalisedError, escape_markdown
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()
EVERY_STATEMENT = [f"q.{code}" for code in INSTRUMENT.item_codes]


def test_answer_and_rating_labels() -> None:
    assert [
        "trifft gar nicht zu",
        "trifft eher nicht zu",
        "teils/teils",
        "trifft eher zu",
        "trifft voll zu",
        "weiß nicht",
    ] == [form.answer_label(value, INSTRUMENT, "de") for value in form.ANSWER_OPTIONS]
    assert ["very poorly", "rather poorly", "fairly", "rather well", "very well", "can't judge"] == [
        form.rating_label(value, INSTRUMENT, "en") for value in form.ANSWER_OPTIONS
    ]


def test_collaboration_targets_are_the_other_departments_of_the_wave() -> None:
    assert ["IT", "Vertrieb"] == form.collaboration_targets(("IT", "Marketing", "Vertrieb"), "Marketing")
    assert [] == form.collaboration_targets(("Marketing",), "Marketing")


def test_one_step_per_dimension_then_the_collaboration_then_the_comment() -> None:
    steps = form.steps(INSTRUMENT, ["IT", "R&D *1*"], "en")
    first = INSTRUMENT.dimensions[0]
    answers = {
        1: "strongly disagree",
        2: "disagree",
        3: "neutral",
        4: "agree",
        5: "strongly agree",
        0: "don't know",
    }
    assert (
        form.Step(
            first.name("en"),
            first.description("en"),
            answers,
            tuple(form.Question(escape_markdown(item.text("en")), f"q.{item.code}") for item in first.items),
        )
        == steps[0]
    )
    assert [dimension.name("en") for dimension in INSTRUMENT.dimensions] + [
        "Collaboration",
        "Your comment",
    ] == [step.title for step in steps]
    assert EVERY_STATEMENT == [question.key for step in steps[:-2] for question in step.questions]
    ratings = {
        1: "very poorly",
        2: "rather poorly",
        3: "fairly",
        4: "rather well",
        5: "very well",
        0: "can't judge",
    }
    assert (
        form.Step(
            "Collaboration",
            INSTRUMENT.collaboration_prompt("en"),
            ratings,
            (form.Question("IT", "collab.IT"), form.Question("R&D \\*1\\*", "collab.R&D *1*")),
        )
        == steps[-2]
    )
    assert (form.Step("Your comment", INSTRUMENT.comment_prompt("en"), {}, ()), True) == (
        steps[-1],
        steps[-1].is_comment,
    )


def test_without_another_department_the_collaboration_step_is_left_out() -> None:
    steps = form.steps(INSTRUMENT, [], "de")
    assert (len(INSTRUMENT.dimensions) + 1, "Ihr Kommentar") == (len(steps), steps[-1].title)


@pytest.mark.parametrize(
    ("number", "lang", "expected"), [(3, "de", "Schritt 3 von 10"), (10, "en", "Step 10 of 10")]
)
def test_the_progress_says_where_the_respondent_is(number: int, lang: str, expected: str) -> None:
    assert expected == form.progress(number, 10, lang)


def test_the_draft_holds_answers_ratings_and_the_comment_only() -> None:
    values = {
        "q.SIL1": 4,
        "q.SIL2": None,
        "collab.IT": 0,
        "q.comment": " gut ",
        "door.step": 3,
        "door.language": "de",
        "q.TRA1": "4",
    }
    assert {"q.SIL1": 4, "collab.IT": 0, "q.comment": " gut "} == form.draft_values(values)


@pytest.mark.parametrize(
    ("missing", "through", "expected"),
    [
        (set(), 9, None),
        ({"q.TRA2", "q.TRA5", "q.KUL1"}, 9, (1, "q.TRA2")),
        ({"q.TRA5", "q.KUL1"}, 0, None),
        ({"q.KUL1"}, 9, (7, "q.KUL1")),
        ({"collab.IT"}, 9, None),
    ],
)
def test_the_first_open_statement_is_found_up_to_a_step(
    missing: set[str], through: int, expected: tuple[int, str] | None
) -> None:
    steps = form.steps(INSTRUMENT, ["IT"], "en")
    draft = {key: 3 for key in [*EVERY_STATEMENT, "collab.IT"] if key not in missing}
    assert expected == form.first_open(steps, draft, through)


def test_a_submission_keeps_answers_and_ratings_and_drops_dont_know() -> None:
    draft = dict.fromkeys(EVERY_STATEMENT, 4) | {
        "q.SIL1": form.DONT_KNOW,
        "q.KUL5": 1,
        "collab.IT": 2,
        "collab.HR": form.DONT_KNOW,
        "collab.Gone": 5,
        "q.comment": "  gut  ",
    }
    submission = form.submission(INSTRUMENT, draft, ["IT", "HR", "Recht"], "en")
    expected = {code: 4 for code in INSTRUMENT.item_codes if code != "SIL1"} | {"KUL5": 1}
    assert form.Submission(expected, {"IT": 2}, "gut", None) == submission


@pytest.mark.parametrize(
    ("draft", "expected"),
    [
        (
            dict.fromkeys(EVERY_STATEMENT[1:], 3),
            "A statement is still open. Choose an answer or “don't know” for every statement.",
        ),
        (
            dict.fromkeys(EVERY_STATEMENT, form.DONT_KNOW),
            "You chose “don't know” everywhere; please answer at least one statement.",
        ),
    ],
)
def test_an_incomplete_submission_says_what_is_wrong(draft: dict[str, int], expected: str) -> None:
    assert expected == form.submission(INSTRUMENT, draft, [], "en").error


def test_a_long_comment_is_cut_to_the_limit() -> None:
    draft = dict.fromkeys(EVERY_STATEMENT, 2) | {"q.comment": "x" * 3000}
    assert form.COMMENT_MAX_CHARS == len(form.submission(INSTRUMENT, draft, [], "de").comment)


def test_thanks_and_a_refusal_are_worded_for_the_respondent() -> None:
    assert (
        "Your answers are stored, without your name. They appear in the results once the survey is "
        "published, and only for groups of at least 5 people. You can close this page now."
    ) == form.thanks("en", 5)
    assert (
        "Your answers could not be stored. Too many failed attempts\\. Please wait 3 seconds\\."
        == form.store_failed(LocalisedError("signin.wait", seconds=3), "en")
    )
    assert (
        "Befragung Frühjahr 2026 · Abteilung R&D \\*1\\*  \n:material/lock: Ihr Name wird nicht erfasst. "
        "Ergebnisse erscheinen nur für Gruppen ab 5 Personen, nie einzeln."
    ) == form.invited("Frühjahr 2026", "R&D *1*", 5, "de")


def test_the_styles_give_every_answer_a_tap_target_of_at_least_44_pixels() -> None:
    css = form.questionnaire_css()
    assert css.startswith("<style>\n:root {") and css.endswith("</style>")
    assert "min-height: 46px;" in css
