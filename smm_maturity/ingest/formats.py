"""The survey tools whose exports are read as they come, one `SurveyFormat` record each, and header matching.

A format looks only at the header row(s) and says which column holds which item or role; the values are
read and checked by the validation, the same way for every format. Adding a tool is one record in
`FORMATS`, its name in `locales/<lang>/ingest.toml`, and one fixture in `tests/data/formats/`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from smm_maturity import i18n
from smm_maturity.ingest.survey_format import (
    COLLAB_PREFIX,
    COMMENT,
    DEPARTMENT,
    FINISHED,
    IGNORED,
    PERSONAL,
    RESPONDENT_ID,
    ROLES,
    SUBMITTED_AT,
    SurveyFormat,
    is_item_code,
    names_a_person,
    normalise,
    roles_of,
)
from smm_maturity.ingest.tools import CANONICAL, FORMATS, FORMATS_BY_NAME
from smm_maturity.instrument import Instrument

__all__ = [
    "CANONICAL",
    "COLLAB_PREFIX",
    "COMMENT",
    "DEPARTMENT",
    "FINISHED",
    "FORMATS",
    "FORMATS_BY_NAME",
    "IGNORED",
    "PERSONAL",
    "RESPONDENT_ID",
    "ROLES",
    "SUBMITTED_AT",
    "Layout",
    "SurveyFormat",
    "detect",
    "is_item_code",
    "match_header",
    "names_a_person",
    "normalise",
    "recognise",
    "tool_name",
]

Rows = Sequence[Sequence[str]]

_BRACKET = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$", re.DOTALL)
_CODE_PREFIX = re.compile(r"^[A-Za-z][\w]*(?:\[\w+\])?\.\s+(\S.*)$", re.DOTALL)
_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:')
_ITEM_SUFFIX = re.compile(r"\s*:\s*\[\d{1,3}\]\s*$")
"""SoSci Survey's label of a question's only item: "Question: [01]"."""
_COLLAB_KEYWORD = re.compile(r"^\s*(?:collab|collaboration|zusammenarbeit)\s*[:.\-–]\s*(.+?)\s*$", re.I)
_COLLAB_WITH = re.compile(
    r"^\s*(?:zusammenarbeit mit(?: der| dem)?|collaboration with(?: the)?)\s+(.+?)\s*(?:\(.*\))?\s*[?.:]?\s*$",
    re.I,
)
_COLLAB_KEYWORDS = ("collab", "collaboration", "zusammenarbeit")
_DEPARTMENT_WORDS = frozenset(
    {"abteilung", "department", "bereich", "team", "organisationseinheit", "fachbereich", "unit", "division"}
)
_ADDRESSED = frozenset({"sie", "ihr", "ihre", "ihrer", "ihrem", "du", "dein", "deine", "you", "your"})
_LONG_QUESTION_WORDS = 16
"""A department question addressed to the respondent is recognised up to this many words."""


def detect(headers: Sequence[str]) -> SurveyFormat:
    """The first format that recognises this header row."""
    return next(survey_format for survey_format in FORMATS if survey_format.detects(headers))


def tool_name(name: str, lang: str) -> str:
    """The name of a format for the screen, or the stored name itself for a format no longer known."""
    survey_format = FORMATS_BY_NAME.get(name)
    return survey_format.label(lang) if survey_format else name


# ---------------------------------------------------------------------------------------------- header matching

_GENERIC = roles_of(
    {
        RESPONDENT_ID: (
            "respondent_id",
            "respondent id",
            "id",
            "response id",
            "antwort id",
            "befragten id",
            "nr",
            "lfd nr",
            "laufende nummer",
            "kennung",
        ),
        DEPARTMENT: (
            "department",
            "abteilung",
            "bereich",
            "team",
            "ihre abteilung",
            "your department",
            "in welcher abteilung arbeiten sie",
            "which department do you work in",
        ),
        SUBMITTED_AT: (
            "submitted_at",
            "submitted",
            "zeitstempel",
            "timestamp",
            "datum",
            "date",
            "eingereicht",
            "eingereicht am",
            "abgeschickt",
        ),
        COMMENT: (
            "comment",
            "comments",
            "kommentar",
            "kommentare",
            "anmerkung",
            "anmerkungen",
            "bemerkungen",
        ),
        PERSONAL: (
            "email",
            "e-mail",
            "email address",
            "e-mail address",
            "e-mail-adresse",
            "emailadresse",
            "name",
            "vorname",
            "nachname",
            "first name",
            "last name",
            "full name",
            "ihr name",
            "your name",
            "ip address",
            "ip-adresse",
            "ipaddr",
            "telefon",
            "phone",
        ),
    }
)
"""Headers that mean the same in every format."""


@dataclass(frozen=True)
class _Index:
    """The instrument's items and prompts, normalised once for header matching."""

    items: Mapping[str, str]
    codes: Mapping[str, str]
    item_texts: tuple[tuple[str, str], ...]
    collab_titles: frozenset[str]
    collab_prompts: tuple[str, ...]
    comment_titles: frozenset[str]


@lru_cache(maxsize=8)
def _index(instrument: Instrument) -> _Index:
    items: dict[str, str] = {}
    for item in instrument.items:
        for text in (*(item.text(lang) for lang in i18n.LANGUAGES), item.code):
            items[normalise(text)] = item.code
    prompts = [instrument.collaboration_prompt(lang) for lang in i18n.LANGUAGES]
    comments = [instrument.comment_prompt(lang) for lang in i18n.LANGUAGES]
    texts = {(normalise(i.text(lang)), i.code) for i in instrument.items for lang in i18n.LANGUAGES}
    return _Index(
        items=items,
        codes={item.code.casefold(): item.code for item in instrument.items},
        item_texts=tuple(sorted(texts, key=lambda pair: (-len(pair[0]), pair))),
        collab_titles=frozenset({normalise(p) for p in prompts} | set(_COLLAB_KEYWORDS)),
        collab_prompts=tuple(sorted((p.strip().lower() for p in prompts), key=len, reverse=True)),
        comment_titles=frozenset(normalise(p) for p in comments),
    )


def _item_code(text: str, index: _Index) -> str | None:
    norm = normalise(text)
    return index.items.get(norm) or index.codes.get(norm.replace(" ", ""))


def _is_collab_title(title: str, index: _Index) -> bool:
    norm = normalise(title)
    if norm in index.collab_titles or (norm.split() or [""])[0] in _COLLAB_KEYWORDS:
        return True
    return any(norm.endswith(" " + prompt) for prompt in index.collab_titles)


def _collab_target(header: str, index: _Index) -> str | None:
    if match := _COLLAB_KEYWORD.match(header) or _COLLAB_WITH.match(header):
        return match[1]
    if (match := _BRACKET.match(header)) and _is_collab_title(match[1], index):
        return match[2].strip()
    lowered = header.lower()
    for prompt in index.collab_prompts:
        if lowered.startswith(prompt) and (rest := header[len(prompt) :].strip(" \t.:-–—?[]()")):
            return rest
    return None


def match_header(
    header: str, instrument: Instrument, survey_format: SurveyFormat | None = None
) -> str | None:
    """The item code or role a column header stands for, or None when it is not recognised."""
    return _match(header, _index(instrument), survey_format)


def _match(header: str, index: _Index, survey_format: SurveyFormat | None = None) -> str | None:
    raw = header.strip()
    if not raw:
        return None
    if survey_format is not None and (role := survey_format.role_of(raw)) is not None:
        return role
    return _match_text(raw, index)


def _match_text(raw: str, index: _Index, code_prefix: bool = True) -> str | None:
    norm = normalise(raw)
    if code := _item_code(raw, index):
        return code
    if target := _collab_target(raw, index):
        return COLLAB_PREFIX + " ".join(target.split())
    if (match := _BRACKET.match(raw)) and (code := _item_code(match[2], index)):
        return code
    if names_a_person(raw):
        return PERSONAL
    if norm in _GENERIC:
        return _GENERIC[norm]
    if norm in index.comment_titles:
        return COMMENT
    for text, code in index.item_texts:
        if norm.endswith(" " + text):
            return code
    if code_prefix and (match := _CODE_PREFIX.match(raw)):
        return _match_text(match[1], index, code_prefix=False)
    if _is_department_question(norm.split()) and not _is_collab_title(raw, index):
        return DEPARTMENT
    return None


def _is_department_question(words: list[str]) -> bool:
    """A short header with a department word, or a longer question that asks the respondent for theirs."""
    if not _DEPARTMENT_WORDS.intersection(words):
        return False
    return len(words) <= 6 or (len(words) <= _LONG_QUESTION_WORDS and bool(_ADDRESSED.intersection(words)))


# ---------------------------------------------------------------------------------------------- layouts


@dataclass(frozen=True)
class Layout:
    """How a file's columns map to the questionnaire, as recognised from its header row(s)."""

    survey_format: SurveyFormat
    header_rows: int
    headers: tuple[str, ...]
    roles: tuple[str | None, ...]
    required_column: int | None = None
    """The column whose blank cells mark unfinished responses, when the format skips them."""

    @property
    def format_name(self) -> str:
        """The recognised format's name."""
        return self.survey_format.name

    @property
    def score(self) -> int:
        """How many columns hold answers (items or collaboration ratings): zero means not ours."""
        return sum(
            1
            for role in self.roles
            if role is not None and (is_item_code(role) or role.startswith(COLLAB_PREFIX))
        )


def _one_row_layout(survey_format: SurveyFormat, rows: Rows, index: _Index) -> Layout:
    headers = tuple(cell.strip() for cell in rows[0])
    roles = tuple(_match(header, index, survey_format) for header in headers)
    return Layout(survey_format, 1, headers, roles, _required(survey_format, roles))


def _required(survey_format: SurveyFormat, roles: Sequence[str | None]) -> int | None:
    if not survey_format.skip_incomplete:
        return None
    return next((i for i, role in enumerate(roles) if role == SUBMITTED_AT), None)


def _named_layout(survey_format: SurveyFormat, rows: Rows, index: _Index) -> Layout:
    """Variable names over an optional row of question texts (and an ImportId row): the tool's own columns by
    their names, the questions by their texts, or by their names when the texts say nothing."""
    names = [cell.strip() for cell in rows[0]]
    texts = [""] * len(names)
    header_rows = 1
    if len(rows) > 1 and _has_label_row(survey_format, names, rows[1]):
        texts = [_ITEM_SUFFIX.sub("", cell.strip()) for cell in rows[1]] + [""] * max(
            0, len(names) - len(rows[1])
        )
        header_rows = 2
        if len(rows) > 2 and _is_import_id_row(rows[2]):
            header_rows = 3
    headers: list[str] = []
    roles: list[str | None] = []
    for name, text in zip(names, texts, strict=False):
        role = survey_format.role_of(name) if name else None
        if role is None:
            role = (_match_text(text, index) if text else None) or (
                _match_text(name, index) if name else None
            )
            headers.append(text or name)
        else:
            headers.append(name)
        roles.append(role)
    return Layout(survey_format, header_rows, tuple(headers), tuple(roles), _required(survey_format, roles))


def _has_label_row(survey_format: SurveyFormat, names: Sequence[str], row: Sequence[str]) -> bool:
    """Whether the row under the names holds labels: always for some tools, else when the id is no number."""
    if survey_format.label_row == "always":
        return True
    position = next((i for i, n in enumerate(names) if survey_format.role_of(n) == RESPONDENT_ID), None)
    cell = row[position].strip() if position is not None and position < len(row) else ""
    return bool(cell) and not cell.lstrip("-").isdigit()


def _is_import_id_row(row: Sequence[str]) -> bool:
    filled = [cell for cell in row if cell.strip()]
    return bool(filled) and sum(bool(_IMPORT_ID.match(cell.strip())) for cell in filled) * 2 >= len(filled)


def _two_row_layout(survey_format: SurveyFormat, rows: Rows, index: _Index) -> Layout:
    """Question titles over answer labels: a title spans the columns to its right until the next title."""
    top = [cell.strip() for cell in rows[0]]
    sub = [cell.strip() for cell in rows[1]] if len(rows) > 1 else [""] * len(top)
    response_labels = {normalise(label) for label in survey_format.response_labels}
    headers: list[str] = []
    roles: list[str | None] = []
    question = ""
    for title, label in zip(top, sub, strict=False):
        if title:
            question = title
        elif not label:
            question = ""
        meta = survey_format.role_of(title) if title else None
        if meta is not None:
            headers.append(title)
            roles.append(meta)
            continue
        header = question if not label or normalise(label) in response_labels else f"{question} [{label}]"
        headers.append(header)
        roles.append(_match(header, index) or (_match(label, index) if label else None))
    return Layout(survey_format, 2, tuple(headers), tuple(roles))


def _is_text_row(row: Sequence[str], layout: Layout, index: _Index) -> bool:
    """Whether the row under the header repeats the item texts, as the template's second header row does."""
    cells = [(cell, role) for cell, role in zip(row, layout.roles, strict=False) if is_item_code(role)]
    hits = sum(
        1 for cell, role in cells if index.items.get(normalise(cell)) == role and normalise(cell) != ""
    )
    return bool(cells) and hits * 2 >= len(cells)


def recognise(rows: Rows, instrument: Instrument) -> Layout:
    """Recognise the layout from the candidate header row (rows[0]) and the rows right below it."""
    index = _index(instrument)
    survey_format = detect(rows[0])
    if survey_format.header_rows == 2:
        return _two_row_layout(survey_format, rows, index)
    if survey_format.label_row:
        return _named_layout(survey_format, rows, index)
    layout = _one_row_layout(survey_format, rows, index)
    if len(rows) > 1 and _is_text_row(rows[1], layout, index):
        layout = replace(layout, header_rows=2)
    return layout
