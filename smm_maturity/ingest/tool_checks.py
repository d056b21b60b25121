"""What only some survey tools need: their unfinished responses, their sub-question codes, Microsoft Forms'
rating columns, and the exports whose codes cannot be read safely (refused once, naming the export setting)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from smm_maturity.ingest import values
from smm_maturity.ingest.formats import Layout
from smm_maturity.ingest.problems import Problem, error
from smm_maturity.ingest.survey_format import COLLAB_PREFIX, DEPARTMENT, SurveyFormat, names_a_person
from smm_maturity.instrument import Instrument

_SUBQUESTION_CODE = re.compile(r"^[^\s\[\]]+\[([^\[\]\s]+)\]$")
_CODE_LIKE = re.compile(r"^(?:SQ\d+|[A-Z][A-Z0-9]{1,4})$")
"""LimeSurvey's default sub-question codes (SQ001) and short capitals (MKT), which may stand for a name."""
_WHOLE_NUMBER = re.compile(r"-?\d+(?:[.,]0+)?")


def finished(cells: np.ndarray, survey_format: SurveyFormat) -> np.ndarray:
    """Which responses the tool's own column marks as finished."""
    positions, uniques = pd.factorize(cells)
    done = np.array([values.fold(str(text)) in survey_format.finished for text in uniques] + [False])
    return done[positions]


def departments_named(
    layout: Layout, body: pd.DataFrame, user_target: Callable[[str], str | None], known: frozenset[str]
) -> frozenset[str]:
    """The departments known before the import and those the file's department column names, folded."""
    for position, header in enumerate(layout.headers[: body.shape[1]]):
        target = user_target(" ".join(header.split()))
        if target == DEPARTMENT or (target is None and layout.roles[position] == DEPARTMENT):
            return known | {" ".join(str(cell).split()).casefold() for cell in body[position].unique()}
    return known


def coded(layout: Layout, header: str, departments: frozenset[str]) -> bool:
    """Whether a collaboration column is headed by a sub-question code (`COLLAB[MKT]`) that names no department
    known or named in the file: such a code would make up a department, so it goes to the mapping step."""
    match = _SUBQUESTION_CODE.match(header)
    if not layout.survey_format.collab_codes or not match or not _CODE_LIKE.match(match[1]):
        return False
    return match[1].casefold() not in departments


def ratings_column(cells: np.ndarray, header: str, instrument: Instrument) -> str | None:
    """A column headed by a bare name whose cells are collaboration ratings ("eher gut"): a rating of the
    department it names, as Microsoft Forms exports a Likert question."""
    words = header.split()
    if not words or len(words) > 4 or "?" in header or names_a_person(header):
        return None
    labels = values.rating_words(instrument)
    texts = {values.fold(str(cell)) for cell in pd.unique(cells)} - {""}
    if texts and texts <= labels | values.missing_words(instrument) and texts & labels:
        return COLLAB_PREFIX + " ".join(words)
    return None


def undecodable(
    survey_format: SurveyFormat,
    answers: Sequence[tuple[str, np.ndarray]],
    department: tuple[str, np.ndarray] | None,
) -> Problem | None:
    """One refusal for the whole file when its answers (or departments) are codes without their labels, or
    its departments are numbers; None when it can be read."""
    setting = survey_format.setting_key or None
    if survey_format.refused_codes:
        pattern = re.compile(survey_format.refused_codes, re.I)
        for label, cells in [*answers, *([department] if department else [])]:
            cell_texts = (str(text).strip() for text in pd.unique(cells))
            if code := next((text for text in cell_texts if pattern.fullmatch(text)), None):
                return error("answer_codes", column=label, value=code, setting=setting)
    if department is None or survey_format.name == "canonical":
        return None
    label, cells = department
    texts = [text for text in (str(cell).strip() for cell in pd.unique(cells)) if text]
    if texts and all(_WHOLE_NUMBER.fullmatch(text) for text in texts):
        return error("numeric_department", column=label, value=texts[0], setting=setting)
    return None
