"""The online questionnaire apart from the screen: its steps, the draft a respondent fills in, and the response
built from that draft and checked.

The questionnaire page shows one step at a time and keeps the draft in the browser session; only a checked
`Submission` is ever stored, and it keeps no name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from smm_maturity.i18n import LocalisedError, escape_markdown, t
from smm_maturity.instrument import Instrument
from smm_maturity.palette import css_variables

DONT_KNOW = 0
"""The answer value that stands for "weiß nicht / don't know" (and "can't judge"): stored as missing."""

ANSWER_OPTIONS: tuple[int, ...] = (1, 2, 3, 4, 5, DONT_KNOW)
ANSWER_PREFIX = "q."
"""The widget keys of the statements are the prefix and the item code ("q.SIL1")."""
RATING_PREFIX = "collab."
"""The widget keys of the collaboration ratings are the prefix and the department ("collab.IT")."""
COMMENT_KEY = "q.comment"
COMMENT_MAX_CHARS = 2000
STYLESHEET = Path(__file__).resolve().parent / "questionnaire.css"

Draft = dict[str, int | str]
"""What a respondent has filled in so far, by widget key: answers and ratings as numbers, the comment as text."""


@cache
def questionnaire_css() -> str:
    """The questionnaire's styles as one `<style>` element: the palette's variables, then the rules."""
    return f"<style>\n{css_variables()}\n{STYLESHEET.read_text(encoding='utf-8')}</style>"


@dataclass(frozen=True)
class Question:
    """One row of answers: the statement or department (Markdown, names literal) and its widget key."""

    label: str
    key: str


@dataclass(frozen=True)
class Step:
    """One screen of the questionnaire: a dimension's statements, the collaboration ratings, or the comment."""

    title: str
    caption: str
    labels: Mapping[int, str]
    questions: tuple[Question, ...]

    @property
    def is_comment(self) -> bool:
        """True for the last step, which asks for the comment and sends the answers."""
        return not self.questions


def answer_label(value: int, instrument: Instrument, lang: str) -> str:
    """The label of a Likert answer, "weiß nicht" / "don't know" for DONT_KNOW."""
    if value == DONT_KNOW:
        return instrument.dont_know(lang)
    return instrument.scale_labels(lang)[value - 1]


def rating_label(value: int, instrument: Instrument, lang: str) -> str:
    """The label of a collaboration rating, "kann ich nicht beurteilen" for DONT_KNOW."""
    if value == DONT_KNOW:
        return t("door.cannot_judge", lang)
    return instrument.collaboration_labels(lang)[value - 1]


def collaboration_targets(wave_departments: Sequence[str], own: str) -> list[str]:
    """The departments a respondent rates: every other department of their wave."""
    return [department for department in wave_departments if department != own]


def steps(instrument: Instrument, targets: Sequence[str], lang: str) -> list[Step]:
    """One step per dimension, then the collaboration ratings when there is another department to rate, then
    the comment."""
    answers = {value: answer_label(value, instrument, lang) for value in ANSWER_OPTIONS}
    chosen = [
        Step(
            dimension.name(lang),
            dimension.description(lang),
            answers,
            tuple(
                Question(escape_markdown(item.text(lang)), f"{ANSWER_PREFIX}{item.code}")
                for item in dimension.items
            ),
        )
        for dimension in instrument.dimensions
    ]
    if targets:
        ratings = {value: rating_label(value, instrument, lang) for value in ANSWER_OPTIONS}
        chosen.append(
            Step(
                t("door.collab", lang),
                instrument.collaboration_prompt(lang),
                ratings,
                tuple(Question(escape_markdown(target), f"{RATING_PREFIX}{target}") for target in targets),
            )
        )
    chosen.append(Step(t("door.comment", lang), instrument.comment_prompt(lang), {}, ()))
    return chosen


def heading(lang: str) -> str:
    """The line above every step: the product's name (Markdown)."""
    return f"**{escape_markdown(t('app.title', lang))}**"


def invited(wave: str, department: str, k: int, lang: str) -> str:
    """Which survey and department the answers count for, and the promise of anonymity (Markdown, two lines)."""
    survey = t("door.invited", lang, wave=escape_markdown(wave), department=escape_markdown(department))
    return f"{survey}  \n{t('door.anonymity', lang, k=k)}"


def progress(number: int, total: int, lang: str) -> str:
    """Where the respondent is: "Schritt 3 von 10"."""
    return t("door.step", lang, n=number, total=total)


def _kept(key: object, value: object) -> bool:
    if key == COMMENT_KEY:
        return isinstance(value, str)
    return isinstance(key, str) and key.startswith((ANSWER_PREFIX, RATING_PREFIX)) and isinstance(value, int)


def draft_values(values: Mapping[str, object]) -> Draft:
    """The answers, ratings and comment among a session's values (widget keys), leaving out what is blank."""
    return {key: value for key, value in values.items() if isinstance(value, int | str) and _kept(key, value)}


def first_open(chosen: Sequence[Step], draft: Mapping[str, object], through: int) -> tuple[int, str] | None:
    """The first statement without an answer in steps 0 to `through`, as its step and key; None when all are
    answered. Collaboration ratings may stay blank."""
    for number, step in enumerate(chosen[: through + 1]):
        for question in step.questions:
            if question.key.startswith(ANSWER_PREFIX) and draft.get(question.key) is None:
                return number, question.key
    return None


def thanks(lang: str, k: int) -> str:
    """The thanks after sending, which says when the answers start to count."""
    return t("door.thanks.text", lang, k=k)


def store_failed(error: LocalisedError, lang: str) -> str:
    """Why the answers could not be stored (Markdown, names literal)."""
    return t("door.failed", lang, message=escape_markdown(error.message(lang)))


@dataclass(frozen=True)
class Submission:
    """A filled-in questionnaire, checked and reduced to what is stored: no name, no code, no time."""

    answers: dict[str, int]
    collaboration: dict[str, int]
    comment: str
    error: str | None


def submission(
    instrument: Instrument, draft: Mapping[str, object], targets: Sequence[str], lang: str
) -> Submission:
    """The response in a draft, "don't know" left out; with an error when a statement is open or none is answered."""

    def given(key: str) -> int | None:
        value = draft.get(key)
        return value if isinstance(value, int) and 1 <= value <= 5 else None

    answers = {code: given(f"{ANSWER_PREFIX}{code}") for code in instrument.item_codes}
    ratings = {target: given(f"{RATING_PREFIX}{target}") for target in targets}
    error = None
    if any(draft.get(f"{ANSWER_PREFIX}{code}") is None for code in instrument.item_codes):
        error = t("door.open_statements", lang)
    elif not any(answers.values()):
        error = t("door.all_dont_know", lang)
    comment = draft.get(COMMENT_KEY)
    return Submission(
        answers={code: value for code, value in answers.items() if value is not None},
        collaboration={target: value for target, value in ratings.items() if value is not None},
        comment=comment.strip()[:COMMENT_MAX_CHARS] if isinstance(comment, str) else "",
        error=error,
    )
