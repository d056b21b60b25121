"""The online questionnaire's form and the response built from it, tested without any UI."""

from __future__ import annotations

import pytest

from smm_maturity import questionnaire as form
from smm_maturity.i18n import LocalisedError, escape_markdown
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()


def test_answer_and_rating_labels() -> None:
    instrument = load_instrument()
    assert [
        "trifft gar nicht zu",
        "trifft eher nicht zu",
        "teils/teils",
        "trifft eher zu",
        "trifft voll zu",
        "weiß nicht",
    ] == [form.answer_label(value, instrument, "de") for value in form.ANSWER_OPTIONS]
    assert ["very poorly", "rather poorly", "fairly", "rather well", "very well", "can't judge"] == [
        form.rating_label(value, instrument, "en") for value in form.ANSWER_OPTIONS
    ]


def test_collaboration_targets_leave_out_the_own_department() -> None:
    assert ["IT", "Vertrieb"] == form.collaboration_targets(["IT", "Marketing", "Vertrieb"], "Marketing")
    assert ["IT", "Marketing"] == form.collaboration_targets(["IT", "Marketing"], None)


def all_answered(value: int) -> dict[str, int | None]:
    """Every item of the instrument answered with one value."""
    return dict.fromkeys(load_instrument().item_codes, value)


def test_a_complete_submission_keeps_answers_and_drops_dont_know() -> None:
    answers = all_answered(4) | {"SIL1": form.DONT_KNOW, "KUL5": 1}
    submission = form.check_submission(
        load_instrument(),
        "W1",
        "IT",
        answers,
        {"HR": 5, "Recht": form.DONT_KNOW, "Vertrieb": None},
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
            all_answered(form.DONT_KNOW),
            ['You chose "don\'t know" everywhere; please answer at least one statement.'],
        ),
    ],
)
def test_an_incomplete_submission_says_what_is_missing(
    wave: str | None, department: str, answers: dict[str, int | None], expected_errors: list[str]
) -> None:
    submission = form.check_submission(load_instrument(), wave, department, answers, {}, None, "en")
    assert expected_errors == list(submission.errors)


def test_every_dimension_with_open_statements_is_named() -> None:
    submission = form.check_submission(load_instrument(), "W1", "IT", {}, {}, "", "de")
    assert 42 == len(submission.unanswered)
    assert submission.errors[0].startswith("Noch offen: Silos & Wissensaustausch (5), Transparenz (6), ")
    assert "Lern- & Veränderungskultur (5)." in submission.errors[0]


def test_a_submission_keeps_wave_and_department_as_chosen() -> None:
    submission = form.check_submission(INSTRUMENT, "Frühjahr 2026", "IT", all_answered(2), {}, None, "en")
    assert ("Frühjahr 2026", "IT", "") == (submission.wave, submission.department, submission.comment)


def test_the_form_has_a_section_per_dimension_then_the_collaboration_block() -> None:
    sections = form.sections(INSTRUMENT, ["IT", "R&D *1*"], "en")
    answers = {
        1: "strongly disagree",
        2: "disagree",
        3: "neutral",
        4: "agree",
        5: "strongly agree",
        0: "don't know",
    }
    first = INSTRUMENT.dimensions[0]
    assert (
        form.Section(
            title=first.name("en"),
            caption=f"Part 1 of {len(INSTRUMENT.dimensions)} · {first.description('en')}",
            labels=answers,
            questions=tuple(
                form.Question(f"**{escape_markdown(item.text('en'))}**", f"q.{item.code}")
                for item in first.items
            ),
        )
        == sections[0]
    )
    assert [dimension.name("en") for dimension in INSTRUMENT.dimensions] + ["Collaboration"] == [
        section.title for section in sections
    ]
    assert [f"q.{code}" for code in INSTRUMENT.item_codes] == [
        question.key for section in sections[:-1] for question in section.questions
    ]
    assert (
        form.Section(
            title="Collaboration",
            caption=INSTRUMENT.collaboration_prompt("en"),
            labels={
                1: "very poorly",
                2: "rather poorly",
                3: "fairly",
                4: "rather well",
                5: "very well",
                0: "can't judge",
            },
            questions=(
                form.Question("**IT**", "collab.IT"),
                form.Question("**R&D \\*1\\***", "collab.R&D *1*"),
            ),
        )
        == sections[-1]
    )


def test_without_other_departments_the_collaboration_block_says_so() -> None:
    collaboration = form.sections(INSTRUMENT, [], "de")[-1]
    assert (
        "Zusammenarbeit",
        "Es sind keine anderen Abteilungen angelegt, die Sie bewerten könnten.",
        (),
    ) == (
        collaboration.title,
        collaboration.caption,
        collaboration.questions,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("   ", None), (" Frühjahr 2026 ", "Frühjahr 2026"), ("IT", "IT")],
)
def test_a_link_fixes_a_wave_or_department_unless_blank(value: str | None, expected: str | None) -> None:
    assert expected == form.from_link(value)


@pytest.mark.parametrize(
    ("wave", "linked_department", "departments", "expected"),
    [
        (
            None,
            "IT",
            ["IT"],
            "No survey has been set up yet. Please ask the person in charge for the questionnaire link.",
        ),
        (
            "W1",
            None,
            [],
            "No departments have been set up yet. Please ask the person in charge for your department's "
            "questionnaire link.",
        ),
        ("W1", "Recht", [], None),
        ("W1", None, ["IT"], None),
    ],
)
def test_nobody_can_answer_without_a_wave_or_any_department(
    wave: str | None, linked_department: str | None, departments: list[str], expected: str | None
) -> None:
    assert expected == form.setup_missing(wave, linked_department, departments, "en")


def test_the_answer_keys_are_those_of_statements_ratings_and_the_comment() -> None:
    keys = [
        "q.SIL1",
        "collab.IT",
        "q.comment",
        "questionnaire.submitted",
        "questionnaire.wave",
        7,
        "language_switch",
    ]
    assert ["q.SIL1", "collab.IT", "q.comment"] == form.answer_keys(keys)


def test_a_submission_is_built_from_the_form_values_by_key() -> None:
    values = {f"q.{code}": 4 for code in INSTRUMENT.item_codes} | {
        "q.SIL1": form.DONT_KNOW,
        "collab.IT": 2,
        "collab.HR": form.DONT_KNOW,
        "collab.Gone": 5,
        "q.comment": " gut ",
        "questionnaire.wave": "ignored",
    }
    assert form.check_submission(
        INSTRUMENT,
        "W1",
        "Vertrieb",
        {code: values[f"q.{code}"] for code in INSTRUMENT.item_codes},
        {"IT": 2, "HR": form.DONT_KNOW},
        " gut ",
        "en",
    ) == form.submission_from(values, INSTRUMENT, "W1", "Vertrieb", ["IT", "HR"], "en")


def test_thanks_and_a_refusal_are_worded_for_the_respondent() -> None:
    assert (
        "**Thank you!** Your answers are stored, without your name. They count towards your department's results "
        "once at least 5 people have answered."
    ) == form.thanks("en", 5)
    assert (
        "Your answers could not be stored. Too many failed attempts\\. Please wait 3 seconds\\."
        == form.store_failed(LocalisedError("signin.wait", seconds=3), "en")
    )
