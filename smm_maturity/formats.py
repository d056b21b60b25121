"""Recognisers for the layouts that survey tools export, plugged into ingest.

Each recogniser looks only at the header row(s) and says which column holds which item or role. The
values themselves are read and checked by ``ingest``, the same way for every format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

from smm_maturity.instrument import Instrument

RESPONDENT_ID = "respondent_id"
DEPARTMENT = "department"
SUBMITTED_AT = "submitted_at"
COMMENT = "comment"
IGNORED = "ignored"
PERSONAL = "personal_data_dropped"
COLLAB_PREFIX = "collab:"
ROLES = (RESPONDENT_ID, DEPARTMENT, SUBMITTED_AT, COMMENT, IGNORED, PERSONAL)
FORMAT_NAMES = ("canonical", "google_forms", "microsoft_forms", "limesurvey", "surveymonkey")

_QUOTES = str.maketrans("", "", "\"'`´„“”‚‘’«»‹›")
_NUMBERING = re.compile(r"^(?:(?:q|f|frage|question|nr)\s*)?\d{1,3}(?:[.):]\s*|\s+)")
_NON_WORD = re.compile(r"[\W_]+")
_BRACKET = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$", re.DOTALL)
_COLLAB_KEYWORD = re.compile(r"^\s*(?:collab|collaboration|zusammenarbeit)\s*[:.\-–]\s*(.+?)\s*$", re.I)
_COLLAB_WITH = re.compile(
    r"^\s*(?:zusammenarbeit mit(?: der| dem)?|collaboration with(?: the)?)\s+(.+?)\s*(?:\(.*\))?\s*[?.:]?\s*$",
    re.I,
)
_COLLAB_KEYWORDS = ("collab", "collaboration", "zusammenarbeit")
_DEPARTMENT_WORDS = frozenset({"abteilung", "department", "bereich", "team"})
_EMPTY: Mapping[str, int] = MappingProxyType({})


def fold(text: str) -> str:
    """Fold text for comparison: Unicode form, case, quotes, punctuation and runs of whitespace."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(_NON_WORD.sub(" ", folded).split())


def normalise(header: str) -> str:
    """Fold a header for matching, also dropping leading numbering such as "3." or "Q3"."""
    stripped = unicodedata.normalize("NFKC", header).casefold().strip()
    return fold(_NUMBERING.sub("", stripped, count=1))


def _table(pairs: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {normalise(name): role for role, names in pairs.items() for name in names}


_GENERIC = _table(
    {
        RESPONDENT_ID: [
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
        ],
        DEPARTMENT: [
            "department",
            "abteilung",
            "bereich",
            "team",
            "ihre abteilung",
            "your department",
            "in welcher abteilung arbeiten sie",
            "which department do you work in",
        ],
        SUBMITTED_AT: [
            "submitted_at",
            "submitted",
            "zeitstempel",
            "timestamp",
            "datum",
            "date",
            "eingereicht",
            "eingereicht am",
            "abgeschickt",
        ],
        COMMENT: [
            "comment",
            "comments",
            "kommentar",
            "kommentare",
            "anmerkung",
            "anmerkungen",
            "bemerkungen",
        ],
        PERSONAL: [
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
        ],
    }
)

_GOOGLE = _table(
    {
        SUBMITTED_AT: ["zeitstempel", "timestamp"],
        PERSONAL: ["e-mail-adresse", "email address", "e-mail", "email", "benutzername", "username"],
        IGNORED: ["punktzahl", "score"],
    }
)
_MICROSOFT = _table(
    {
        RESPONDENT_ID: ["id"],
        IGNORED: ["start time", "startzeit", "last modified time", "zeitpunkt der letzten änderung"],
        SUBMITTED_AT: ["completion time", "fertigstellungszeit"],
        PERSONAL: ["email", "e-mail", "name"],
    }
)
_LIMESURVEY = _table(
    {
        RESPONDENT_ID: ["id", "response id", "antwort id"],
        SUBMITTED_AT: ["submitdate", "date submitted", "datum abgeschickt"],
        IGNORED: [
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
        ],
        PERSONAL: ["token", "zugangsschlüssel", "ipaddr", "ip address", "ip-adresse"],
    }
)
_SURVEYMONKEY = _table(
    {
        RESPONDENT_ID: ["respondent id", "befragten-id"],
        IGNORED: [
            "collector id",
            "collector-id",
            "start date",
            "startdatum",
            "custom data",
            "custom data 1",
            "benutzerdefinierte daten",
        ],
        SUBMITTED_AT: ["end date", "enddatum"],
        PERSONAL: [
            "ip address",
            "ip-adresse",
            "email address",
            "e-mail-adresse",
            "first name",
            "vorname",
            "last name",
            "nachname",
        ],
    }
)
_SURVEYMONKEY_RESPONSE = frozenset(
    normalise(label) for label in ("response", "open-ended response", "antwort", "offene antwort")
)
_LIMESURVEY_CODES: Mapping[str, int] = MappingProxyType(
    {
        code: value
        for value in range(1, 6)
        for code in (f"a{value}", f"a0{value}", f"ao{value}", f"ao0{value}")
    }
)


@dataclass(frozen=True)
class _Index:
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
        for text in (item.text_de, item.text_en, item.code):
            items[normalise(text)] = item.code
    prompts = (instrument.collaboration_prompt_de, instrument.collaboration_prompt_en)
    texts = {(normalise(t), i.code) for i in instrument.items for t in (i.text_de, i.text_en)}
    return _Index(
        items=items,
        codes={item.code.casefold(): item.code for item in instrument.items},
        item_texts=tuple(sorted(texts, key=lambda pair: (-len(pair[0]), pair))),
        collab_titles=frozenset({normalise(p) for p in prompts} | set(_COLLAB_KEYWORDS)),
        collab_prompts=tuple(sorted((p.strip().lower() for p in prompts), key=len, reverse=True)),
        comment_titles=frozenset(
            normalise(p) for p in (instrument.comment_prompt_de, instrument.comment_prompt_en)
        ),
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


def is_item_code(role: str | None) -> bool:
    """Whether a role is an item code rather than a named role or a collaboration column."""
    return role is not None and role not in ROLES and not role.startswith(COLLAB_PREFIX)


@dataclass(frozen=True)
class Layout:
    """How a file's columns map to the questionnaire, as recognised from its header row(s)."""

    format_name: str
    header_rows: int
    headers: tuple[str, ...]
    roles: tuple[str | None, ...]
    required_column: int | None = None
    answer_codes: Mapping[str, int] = field(default_factory=lambda: _EMPTY)

    @property
    def score(self) -> int:
        """How many columns hold answers (items or collaboration ratings): zero means not ours."""
        return sum(
            1 for role in self.roles if role is not None and (is_item_code(role) or role[:7] == "collab:")
        )


Rows = Sequence[Sequence[str]]


def _flat(name: str, metadata: Mapping[str, str]) -> Callable[[Rows, _Index], Layout]:
    def build(rows: Rows, index: _Index) -> Layout:
        headers = tuple(cell.strip() for cell in rows[0])
        roles = tuple(_match(header, index, metadata) for header in headers)
        required = None
        if name == "limesurvey":
            required = next((i for i, role in enumerate(roles) if role == SUBMITTED_AT), None)
        codes = _LIMESURVEY_CODES if name == "limesurvey" else _EMPTY
        return Layout(name, 1, headers, roles, required, codes)

    return build


def _surveymonkey(rows: Rows, index: _Index) -> Layout:
    top = [cell.strip() for cell in rows[0]]
    sub = [cell.strip() for cell in rows[1]] if len(rows) > 1 else [""] * len(top)
    headers: list[str] = []
    roles: list[str | None] = []
    question = ""
    for title, label in zip(top, sub, strict=False):
        if title:
            question = title
        elif not label:
            question = ""
        meta = _SURVEYMONKEY.get(normalise(title)) if title else None
        if meta is not None:
            headers.append(title)
            roles.append(meta)
            continue
        header = (
            question if not label or normalise(label) in _SURVEYMONKEY_RESPONSE else f"{question} [{label}]"
        )
        headers.append(header)
        roles.append(_match(header, index) or (_match(label, index) if label else None))
    return Layout("surveymonkey", 2, tuple(headers), tuple(roles))


def _has(norms: set[str], *groups: Sequence[str]) -> bool:
    return all(any(normalise(name) in norms for name in group) for group in groups)


def _detect(rows: Rows) -> str:
    norms = {normalise(cell) for cell in rows[0]}
    first = normalise(rows[0][0]) if rows[0] else ""
    if _has(norms, ["respondent id", "befragten-id"], ["collector id", "collector-id"]):
        return "surveymonkey"
    if _has(
        norms,
        ["submitdate", "date submitted", "datum abgeschickt"],
        ["lastpage", "last page", "letzte seite"],
    ):
        return "limesurvey"
    if _has(norms, ["id"], ["start time", "startzeit"], ["completion time", "fertigstellungszeit"]):
        return "microsoft_forms"
    if first in {"zeitstempel", "timestamp"}:
        return "google_forms"
    return "canonical"


_BUILDERS: dict[str, Callable[[Rows, _Index], Layout]] = {
    "canonical": _flat("canonical", _EMPTY),
    "google_forms": _flat("google_forms", _GOOGLE),
    "microsoft_forms": _flat("microsoft_forms", _MICROSOFT),
    "limesurvey": _flat("limesurvey", _LIMESURVEY),
    "surveymonkey": _surveymonkey,
}


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
    layout = _BUILDERS[_detect(rows)](rows, index)
    if layout.header_rows == 1 and len(rows) > 1 and _is_text_row(rows[1], layout, index):
        layout = replace(layout, header_rows=2)
    return layout
