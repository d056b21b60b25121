"""What a survey tool's export is, as data: the `SurveyFormat` record, the roles a column can have, and the
header folding that matching uses. The records themselves are in `tools`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from smm_maturity import i18n
from smm_maturity.ingest.values import fold

RESPONDENT_ID = "respondent_id"
DEPARTMENT = "department"
SUBMITTED_AT = "submitted_at"
COMMENT = "comment"
IGNORED = "ignored"
PERSONAL = "personal_data_dropped"
FINISHED = "finished"
"""A tool's column that says whether a response was finished; it is read, never stored."""
COLLAB_PREFIX = "collab:"
ROLES = (RESPONDENT_ID, DEPARTMENT, SUBMITTED_AT, COMMENT, IGNORED, PERSONAL)
"""The roles a user may map a column to."""

EMPTY: Mapping = MappingProxyType({})
_NUMBERING = re.compile(r"^(?:(?:q|f|frage|question|nr)\s*)?\d{1,3}(?:[.):]\s*|\s+)")


def normalise(header: str) -> str:
    """Fold a header for matching, also dropping leading numbering such as "3." or "Q3"."""
    stripped = unicodedata.normalize("NFKC", header).casefold().strip()
    return fold(_NUMBERING.sub("", stripped, count=1))


def is_item_code(role: str | None) -> bool:
    """Whether a role is an item code rather than a named role or a collaboration column."""
    return role is not None and role not in (*ROLES, FINISHED) and not role.startswith(COLLAB_PREFIX)


PERSONAL_WORDS = frozenset(
    {
        "name",
        "namen",
        "vorname",
        "nachname",
        "firstname",
        "lastname",
        "surname",
        "username",
        "benutzername",
        "email",
        "mail",
        "telefon",
        "telefonnummer",
        "tel",
        "phone",
        "telephone",
        "mobile",
        "handy",
        "mobilnummer",
        "ip",
        "ipaddr",
        "ipaddress",
        "personalnummer",
        "personalnr",
        "mitarbeiternummer",
        "mitarbeiterin",
        "mitglied",
        "mitglieder",
        "member",
        "members",
    }
)
"""Words of a header that mark a column about a person: it never becomes a department or a respondent id."""


def names_a_person(header: str) -> bool:
    """Whether a header speaks of a person's name, e-mail, telephone, IP address or personnel number."""
    words = normalise(header).split()
    if PERSONAL_WORDS.intersection(words) or "e mail" in " ".join(words):
        return True
    return any(
        word.endswith(("mitglied", "nummer")) and word.startswith(("team", "personal")) for word in words
    )


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
    metadata: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: EMPTY)
    """The tool's own columns, by role: ids, submit times, columns to ignore, personal data to drop."""
    metadata_patterns: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    """Patterns (any case) of the tool's own numbered columns, by role, such as SoSci Survey's TIME001."""
    header_rows: int = 1
    """2 when the tool writes each question's title over a row of answer labels (matrix rows)."""
    response_labels: tuple[str, ...] = ()
    """Labels of that second row that stand for the answer to the question itself."""
    label_row: str = ""
    """"always" or "optional" when the header holds variable names and the row below them the question texts
    (Qualtrics, SoSci Survey); a row of `{"ImportId": …}` cells under them is passed over."""
    answer_codes: Mapping[str, int] = field(default_factory=lambda: EMPTY)
    """Codes the tool writes for answers, any case, with their value; 0 is no answer (missing codes)."""
    refused_codes: str = ""
    """A pattern of answer cells that are codes without their labels: such a file is refused as a whole."""
    skip_incomplete: bool = False
    """Whether a row without a submit time is an unfinished response, skipped with a warning."""
    finished_values: tuple[str, ...] = ()
    """The values of the `FINISHED` column that mark a finished response; other rows are skipped."""
    setting_key: str = ""
    """The export setting to choose when a file cannot be read as it is: a key of `ingest.toml`."""
    collab_by_values: bool = False
    """Whether a column headed by a bare name holds collaboration ratings when its cells are the rating labels
    (Microsoft Forms' Likert questions)."""
    collab_codes: bool = False
    """Whether collaboration sub-questions may be headed by codes (LimeSurvey's `COLLAB[MKT]`), which are
    trusted only when they name a department of the file."""

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
        return roles_of(self.metadata)

    def role_of(self, header: str) -> str | None:
        """The role of one of the tool's own columns, or None for a column of the questionnaire."""
        if (role := self.roles.get(normalise(header))) is not None:
            return role
        name = header.strip()
        return next((r for r, p in self.metadata_patterns.items() if re.fullmatch(p, name, re.I)), None)

    @cached_property
    def finished(self) -> frozenset[str]:
        """The folded values that mark a finished response."""
        return frozenset(fold(value) for value in self.finished_values)


def roles_of(metadata: Mapping[str, Sequence[str]]) -> Mapping[str, str]:
    """Each normalised header of a table of roles, with its role."""
    return MappingProxyType({normalise(name): role for role, names in metadata.items() for name in names})


def codes(patterns: Sequence[str], values: Sequence[int], value: int | None = None) -> dict[str, int]:
    """Every code the patterns give for the values, each standing for its value (or for `value`)."""
    return {p.format(v): v if value is None else value for v in values for p in patterns}
