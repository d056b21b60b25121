"""The survey tools whose exports are read as they come, one `SurveyFormat` record each, and header matching.

A format looks only at the header row(s) and says which column holds which item or role; the values are
read and checked by the validation, the same way for every format. Adding a tool is one record in
`FORMATS`, its name in `locales/<lang>/ingest.toml`, and one fixture in `tests/data/formats/`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from types import MappingProxyType

from smm_maturity import i18n
from smm_maturity.ingest.values import fold
from smm_maturity.instrument import Instrument

RESPONDENT_ID = "respondent_id"
DEPARTMENT = "department"
SUBMITTED_AT = "submitted_at"
COMMENT = "comment"
IGNORED = "ignored"
PERSONAL = "personal_data_dropped"
COLLAB_PREFIX = "collab:"
ROLES = (RESPONDENT_ID, DEPARTMENT, SUBMITTED_AT, COMMENT, IGNORED, PERSONAL)

Rows = Sequence[Sequence[str]]

_EMPTY: Mapping = MappingProxyType({})
_NUMBERING = re.compile(r"^(?:(?:q|f|frage|question|nr)\s*)?\d{1,3}(?:[.):]\s*|\s+)")
_BRACKET = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$", re.DOTALL)
_COLLAB_KEYWORD = re.compile(r"^\s*(?:collab|collaboration|zusammenarbeit)\s*[:.\-–]\s*(.+?)\s*$", re.I)
_COLLAB_WITH = re.compile(
    r"^\s*(?:zusammenarbeit mit(?: der| dem)?|collaboration with(?: the)?)\s+(.+?)\s*(?:\(.*\))?\s*[?.:]?\s*$",
    re.I,
)
_COLLAB_KEYWORDS = ("collab", "collaboration", "zusammenarbeit")
_DEPARTMENT_WORDS = frozenset({"abteilung", "department", "bereich", "team"})


def normalise(header: str) -> str:
    """Fold a header for matching, also dropping leading numbering such as "3." or "Q3"."""
    stripped = unicodedata.normalize("NFKC", header).casefold().strip()
    return fold(_NUMBERING.sub("", stripped, count=1))


def is_item_code(role: str | None) -> bool:
    """Whether a role is an item code rather than a named role or a collaboration column."""
    return role is not None and role not in ROLES and not role.startswith(COLLAB_PREFIX)


# ---------------------------------------------------------------------------------------------- the formats


@dataclass(frozen=True)
class SurveyFormat:
    """One survey tool's export: how to recognise it, and what its own columns and codes mean.

    A file is this format when every group of `signature` has a header among the file's headers, or when its
    first header is one of `first_header`; a record with neither matches any file.
    """

    name: str
    """Stored with each upload, e.g. "limesurvey"."""
    label_key: str
    """The tool's name for the screen: a key of `locales/<lang>/ingest.toml`."""
    signature: tuple[tuple[str, ...], ...] = ()
    """Header groups that must all be present; any spelling in a group will do."""
    first_header: tuple[str, ...] = ()
    """Spellings of the first column's header that give the format away on their own."""
    metadata: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _EMPTY)
    """The tool's own columns, by role: ids, submit times, columns to ignore, personal data to drop."""
    header_rows: int = 1
    """2 when the tool writes each question's title over a row of answer labels (matrix rows)."""
    response_labels: tuple[str, ...] = ()
    """Labels of that second row that stand for the answer to the question itself."""
    answer_codes: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    """Codes the tool writes for answers (LimeSurvey's A1 … A5), any case, with their value; 0 is no answer."""
    skip_incomplete: bool = False
    """Whether a row without a submit time is an unfinished response, skipped with a warning."""

    def __post_init__(self) -> None:
        codes = MappingProxyType({code.casefold(): value for code, value in self.answer_codes.items()})
        object.__setattr__(self, "answer_codes", codes)  # cells are matched case-insensitively

    def detects(self, headers: Sequence[str]) -> bool:
        """Whether a header row looks like this tool's export."""
        if not self.signature and not self.first_header:
            return True
        norms = {normalise(header) for header in headers}
        if self.signature and all(any(normalise(n) in norms for n in group) for group in self.signature):
            return True
        return bool(headers) and normalise(headers[0]) in {normalise(n) for n in self.first_header}

    def label(self, lang: str) -> str:
        """The tool's name in a language."""
        return i18n.t(self.label_key, lang)

    @cached_property
    def roles(self) -> Mapping[str, str]:
        """The normalised header of each of the tool's own columns, with its role."""
        return _roles(self.metadata)


def _roles(metadata: Mapping[str, Sequence[str]]) -> Mapping[str, str]:
    return MappingProxyType({normalise(name): role for role, names in metadata.items() for name in names})


def _codes(patterns: Sequence[str], values: range) -> dict[str, int]:
    return {p.format(v): v for v in values for p in patterns}


FORMATS: tuple[SurveyFormat, ...] = (
    SurveyFormat(
        name="surveymonkey",
        label_key="ingest.format.surveymonkey",
        signature=(("respondent id", "befragten-id"), ("collector id", "collector-id")),
        metadata={
            RESPONDENT_ID: ("respondent id", "befragten-id"),
            IGNORED: (
                "collector id",
                "collector-id",
                "start date",
                "startdatum",
                "custom data",
                "custom data 1",
                "benutzerdefinierte daten",
            ),
            SUBMITTED_AT: ("end date", "enddatum"),
            PERSONAL: (
                "ip address",
                "ip-adresse",
                "email address",
                "e-mail-adresse",
                "first name",
                "vorname",
                "last name",
                "nachname",
            ),
        },
        header_rows=2,
        response_labels=("response", "open-ended response", "antwort", "offene antwort"),
    ),
    SurveyFormat(
        name="limesurvey",
        label_key="ingest.format.limesurvey",
        signature=(
            ("submitdate", "date submitted", "datum abgeschickt"),
            ("lastpage", "last page", "letzte seite"),
        ),
        metadata={
            RESPONDENT_ID: ("id", "response id", "antwort id"),
            SUBMITTED_AT: ("submitdate", "date submitted", "datum abgeschickt"),
            IGNORED: (
                "lastpage",
                "last page",
                "letzte seite",
                "startlanguage",
                "start language",
                "start-sprache",
                "seed",
                "zufallsstartwert",
                "startdate",
                "date started",
                "datum gestartet",
                "datestamp",
                "date last action",
                "datum letzte aktivität",
                "refurl",
                "referrer url",
                "referrer-url",
                "interviewtime",
                "total time",
                "gesamtzeit",
            ),
            PERSONAL: ("token", "zugangsschlüssel", "ipaddr", "ip address", "ip-adresse"),
        },
        answer_codes=_codes(("A{}", "A0{}", "AO{}", "AO0{}"), range(1, 6)),
        skip_incomplete=True,
    ),
    SurveyFormat(
        name="microsoft_forms",
        label_key="ingest.format.microsoft_forms",
        signature=(("id",), ("start time", "startzeit"), ("completion time", "fertigstellungszeit")),
        metadata={
            RESPONDENT_ID: ("id",),
            IGNORED: ("start time", "startzeit", "last modified time", "zeitpunkt der letzten änderung"),
            SUBMITTED_AT: ("completion time", "fertigstellungszeit"),
            PERSONAL: ("email", "e-mail", "name"),
        },
    ),
    SurveyFormat(
        name="google_forms",
        label_key="ingest.format.google_forms",
        first_header=("zeitstempel", "timestamp"),
        metadata={
            SUBMITTED_AT: ("zeitstempel", "timestamp"),
            PERSONAL: ("e-mail-adresse", "email address", "e-mail", "email", "benutzername", "username"),
            IGNORED: ("punktzahl", "score"),
        },
    ),
    SurveyFormat(name="canonical", label_key="ingest.format.canonical"),
)
"""Every format, in the order they are tried; the canonical template matches any file, so it comes last."""
FORMATS_BY_NAME: Mapping[str, SurveyFormat] = MappingProxyType({f.name: f for f in FORMATS})
CANONICAL = FORMATS_BY_NAME["canonical"]


def detect(headers: Sequence[str]) -> SurveyFormat:
    """The first format that recognises this header row."""
    return next(survey_format for survey_format in FORMATS if survey_format.detects(headers))


def tool_name(name: str, lang: str) -> str:
    """The name of a format for the screen, or the stored name itself for a format no longer known."""
    survey_format = FORMATS_BY_NAME.get(name)
    return survey_format.label(lang) if survey_format else name


# ---------------------------------------------------------------------------------------------- header matching

_GENERIC = _roles(
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


def match_header(header: str, instrument: Instrument, metadata: Mapping[str, str] = _EMPTY) -> str | None:
    """The item code or role a column header stands for, or None when it is not recognised."""
    return _match(header, _index(instrument), metadata)


def _match(header: str, index: _Index, metadata: Mapping[str, str] = _EMPTY) -> str | None:
    raw = header.strip()
    if not raw:
        return None
    norm = normalise(raw)
    if norm in metadata:
        return metadata[norm]
    if code := _item_code(raw, index):
        return code
    if target := _collab_target(raw, index):
        return COLLAB_PREFIX + " ".join(target.split())
    if (match := _BRACKET.match(raw)) and (code := _item_code(match[2], index)):
        return code
    if norm in _GENERIC:
        return _GENERIC[norm]
    if norm in index.comment_titles:
        return COMMENT
    for text, code in index.item_texts:
        if norm.endswith(" " + text):
            return code
    words = norm.split()
    if len(words) <= 6 and _DEPARTMENT_WORDS.intersection(words):
        return DEPARTMENT
    return None


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
    roles = tuple(_match(header, index, survey_format.roles) for header in headers)
    required = None
    if survey_format.skip_incomplete:
        required = next((i for i, role in enumerate(roles) if role == SUBMITTED_AT), None)
    return Layout(survey_format, 1, headers, roles, required)


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
        meta = survey_format.roles.get(normalise(title)) if title else None
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
    layout = _one_row_layout(survey_format, rows, index)
    if len(rows) > 1 and _is_text_row(rows[1], layout, index):
        layout = replace(layout, header_rows=2)
    return layout
