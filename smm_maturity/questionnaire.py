"""The online questionnaire apart from the screen: its sections of questions, and a response built from the
form's values and checked.

The questionnaire page lays out the sections and hands the form's values back; what is stored is a
`Submission`, which keeps no name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smm_maturity.i18n import LocalisedError, escape_markdown, t
from smm_maturity.instrument import Instrument

DONT_KNOW = 0
"""The answer value that stands for "weiß nicht / don't know" (and "can't judge"): stored as missing."""

ANSWER_OPTIONS: tuple[int, ...] = (1, 2, 3, 4, 5, DONT_KNOW)
ANSWER_PREFIX = "q."
"""The widget keys of the statements are the prefix and the item code ("q.SIL1")."""
RATING_PREFIX = "collab."
"""The widget keys of the collaboration ratings are the prefix and the department ("collab.IT")."""
COMMENT_KEY = "q.comment"
COMMENT_MAX_CHARS = 2000


# ---------------------------------------------------------------------------------------------- the form


@dataclass(frozen=True)
class Question:
    """One row of answers: the statement or department in bold (Markdown, names literal) and its widget key."""

    label: str
    key: str


@dataclass(frozen=True)
class Section:
    """A block of the form under one heading: a caption, the labels of the answers, and its questions."""

    title: str
    caption: str
    labels: Mapping[int, str]
    questions: tuple[Question, ...]


def answer_label(value: int, instrument: Instrument, lang: str) -> str:
    """The radio label of a Likert answer, "weiß nicht" / "don't know" for DONT_KNOW."""
    if value == DONT_KNOW:
        return instrument.dont_know(lang)
    return instrument.scale_labels(lang)[value - 1]


def rating_label(value: int, instrument: Instrument, lang: str) -> str:
    """The radio label of a collaboration rating, "kann ich nicht beurteilen" for DONT_KNOW."""
    if value == DONT_KNOW:
        return t("questionnaire.cannot_judge", lang)
    return instrument.collaboration_labels(lang)[value - 1]


def collaboration_targets(departments: Sequence[str], own: str | None) -> list[str]:
    """The departments a respondent rates: every known one except their own."""
    return [department for department in departments if department != own]


def sections(instrument: Instrument, targets: Sequence[str], lang: str) -> list[Section]:
    """One section per dimension with a row per statement, then the collaboration block with a row per department
    to rate ("don't know" and "can't judge" included)."""
    answers = {value: answer_label(value, instrument, lang) for value in ANSWER_OPTIONS}
    total = len(instrument.dimensions)
    blocks = [
        Section(
            title=dimension.name(lang),
            caption=f"{t('questionnaire.dimension_count', lang, n=number, total=total)} · "
            f"{dimension.description(lang)}",
            labels=answers,
            questions=tuple(
                Question(f"**{escape_markdown(item.text(lang))}**", f"{ANSWER_PREFIX}{item.code}")
                for item in dimension.items
            ),
        )
        for number, dimension in enumerate(instrument.dimensions, 1)
    ]
    collaboration = Section(
        title=t("questionnaire.collab", lang),
        caption=instrument.collaboration_prompt(lang) if targets else t("questionnaire.collab_none", lang),
        labels={value: rating_label(value, instrument, lang) for value in ANSWER_OPTIONS},
        questions=tuple(
            Question(f"**{escape_markdown(target)}**", f"{RATING_PREFIX}{target}") for target in targets
        ),
    )
    return [*blocks, collaboration]


def from_link(value: str | None) -> str | None:
    """A wave or department fixed by the questionnaire's link (`?wave=`, `?department=`); None when blank."""
    return (value or "").strip() or None


def setup_missing(
    wave: str | None, linked_department: str | None, departments: Sequence[str], lang: str
) -> str | None:
    """Why nobody can answer yet (no wave, or no department and none in the link), or None when they can."""
    if wave is None:
        return t("questionnaire.no_wave", lang)
    if linked_department is None and not departments:
        return t("questionnaire.no_department", lang)
    return None


def answer_keys(keys: Iterable[object]) -> list[str]:
    """The widget keys among these that hold a respondent's answers, ratings or comment."""
    return [key for key in keys if isinstance(key, str) and key.startswith((ANSWER_PREFIX, RATING_PREFIX))]


def thanks(lang: str, k: int) -> str:
    """The thanks after sending, which says when the answers start to count."""
    return f"**{t('questionnaire.thanks.title', lang)}** {t('questionnaire.thanks.text', lang, k=k)}"


def store_failed(error: LocalisedError, lang: str) -> str:
    """Why the answers could not be stored (Markdown, names literal)."""
    return t("questionnaire.failed", lang, message=escape_markdown(error.message(lang)))


# ---------------------------------------------------------------------------------------------- a response


@dataclass(frozen=True)
class Submission:
    """A filled-in questionnaire, checked and reduced to what is stored."""

    wave: str
    department: str
    answers: dict[str, int]
    collaboration: dict[str, int]
    comment: str
    unanswered: tuple[str, ...]
    errors: tuple[str, ...]


def _open_parts(instrument: Instrument, unanswered: Sequence[str], lang: str) -> str:
    """Where the open statements are, as the respondent sees it: "Transparenz (2), Kernkompetenzen (1)"."""
    per_dimension = Counter(instrument.item(code).dimension for code in unanswered)
    return ", ".join(
        f"{dimension.name(lang)} ({per_dimension[dimension.code]})"
        for dimension in instrument.dimensions
        if dimension.code in per_dimension
    )


def check_submission(
    instrument: Instrument,
    wave: str | None,
    department: str | None,
    answers: Mapping[str, int | None],
    ratings: Mapping[str, int | None],
    comment: str | None,
    lang: str,
) -> Submission:
    """Check a questionnaire: wave and department chosen, every item answered or "don't know"; no name is kept."""
    unanswered = tuple(code for code in instrument.item_codes if answers.get(code) is None)
    errors: list[str] = []
    if not (wave or "").strip():
        errors.append(t("questionnaire.error.wave", lang))
    if not (department or "").strip():
        errors.append(t("questionnaire.error.department", lang))
    if unanswered:
        errors.append(
            t(
                "questionnaire.error.unanswered",
                lang,
                n=len(unanswered),
                where=_open_parts(instrument, unanswered, lang),
            )
        )
    given = {code: int(value) for code, value in answers.items() if value not in (None, DONT_KNOW)}
    if not unanswered and not given:
        errors.append(t("questionnaire.error.all_dont_know", lang))
    return Submission(
        wave=wave or "",
        department=department or "",
        answers={code: given[code] for code in instrument.item_codes if code in given},
        collaboration={
            target: int(value) for target, value in ratings.items() if value not in (None, DONT_KNOW)
        },
        comment=(comment or "").strip(),
        unanswered=unanswered,
        errors=tuple(errors),
    )


def submission_from(
    values: Mapping[str, Any],
    instrument: Instrument,
    wave: str | None,
    department: str | None,
    targets: Sequence[str],
    lang: str,
) -> Submission:
    """The response built from the form's values, read by widget key, and checked."""
    return check_submission(
        instrument,
        wave,
        department,
        {code: values.get(f"{ANSWER_PREFIX}{code}") for code in instrument.item_codes},
        {target: values.get(f"{RATING_PREFIX}{target}") for target in targets},
        values.get(COMMENT_KEY),
        lang,
    )
