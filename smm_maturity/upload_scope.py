"""What a signed-in user's upload may hold, and where it goes.

A team user uploads the answers of their own department only; an admin any. Column mappings saved on the upload
page are scoped to the department that saved them (an admin's to the department chosen for the file, or to the
organisation), are never offered for another department's file, and apply only once the user confirms them.
Uploads go into import waves or open survey waves; answers to a survey wave wait for its publication.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from smm_maturity import store
from smm_maturity.auth import Identity
from smm_maturity.i18n import LocalisedError, escape_markdown, format_datetime, t
from smm_maturity.ingest import ImportBatch
from smm_maturity.ingest.formats import DEPARTMENT, RESPONDENT_ID
from smm_maturity.ingest.survey_format import names_a_person
from smm_maturity.instrument import Instrument
from smm_maturity.safe_text import clean_name
from smm_maturity.screen import Notice
from smm_maturity.store.errors import ImportRejected
from smm_maturity.upload_flow import ImportSummary, counted, scope_label, target_label
from smm_maturity.waves import SurveyWave

ORGANISATION = ""
"""The scope of a mapping an admin saved for a file of the whole organisation."""
SCOPE_SEPARATOR = "|"
"""Between the scope and the header signature in a saved mapping's key; a signature is hexadecimal."""
CONFIRMED_KEY = "upload.mapping.confirmed"
"""The session's mappings that the user confirmed for a file, by scoped key; forgotten after an import."""
CONFIRM_KEY = "upload.mapping.confirm"
PERSON_ROLES = (DEPARTMENT, RESPONDENT_ID)
"""The roles a column about a person never gets."""


class UploadRefused(LocalisedError):
    """An upload the signed-in user may not make; nothing is stored."""


# ---------------------------------------------------------------------------------------------- departments


def own_department(identity: Identity | None) -> str | None:
    """The department a team user uploads for; None for everyone else."""
    return identity.department if identity is not None and identity.role == "team" else None


def upload_department(identity: Identity | None, chosen: str | None) -> str | None:
    """The department for rows of a file that name none: a team user's own, else the one chosen."""
    return own_department(identity) if identity is not None and identity.role == "team" else chosen


def department_column(batch: ImportBatch) -> str:
    """The file's column that holds the department, or "–" when it has none."""
    return next((column for column, role in batch.column_mapping.items() if role == DEPARTMENT), "–")


def upload_refusal(batch: ImportBatch, identity: Identity | None) -> UploadRefused | None:
    """Why this user may not upload the file: not a role that uploads, a team without a department, or a row
    of another department in a team user's file; None when they may."""
    if identity is not None and identity.role == "admin":
        return None
    if identity is None or identity.role != "team":
        return UploadRefused("privilege.may_not_upload")
    own = identity.department
    if own is None:
        return UploadRefused("privilege.no_department")
    named = batch.responses[["row", "department"]].dropna()
    foreign = named[named["department"].map(clean_name) != own]
    if foreign.empty:
        return None
    first = foreign.iloc[0]
    return UploadRefused(
        "privilege.foreign_department",
        file=batch.file_name,
        row=int(first["row"]),
        column=department_column(batch),
        found=clean_name(first["department"]),
        department=own,
    )


def check_upload(batch: ImportBatch, identity: Identity | None) -> None:
    """Raise `UploadRefused` when this user may not upload the file."""
    refusal = upload_refusal(batch, identity)
    if refusal is not None:
        raise refusal


def chooses_department(identity: Identity | None) -> bool:
    """Whether the user chooses the department of a file that names none; a team user's is always their own."""
    return identity is None or identity.role != "team"


def department_notice(identity: Identity | None, lang: str) -> Notice | None:
    """A team user's note that every answer of the file is filed under their department (or that they may
    upload nothing without one); None for an admin."""
    if chooses_department(identity):
        return None
    department = own_department(identity)
    if department is None:
        return Notice("error", t("privilege.no_department", lang), ":material/block:")
    return Notice("caption", t("privilege.own_department", lang, department=escape_markdown(department)))


# ---------------------------------------------------------------------------------------------- waves


def upload_waves(waves: Sequence[SurveyWave]) -> list[str]:
    """The waves an upload may go into, in the order given: import waves, and survey waves while open."""
    return [wave.name for wave in waves if wave.kind != "survey" or wave.status == "open"]


def open_survey_waves(waves: Sequence[SurveyWave]) -> list[str]:
    """The survey waves open for answers, in the order given."""
    return [wave.name for wave in waves if wave.kind == "survey" and wave.status == "open"]


def waves_notice(waves: Sequence[SurveyWave], k: int, lang: str) -> Notice:
    """Which survey waves are open, and that answers uploaded into them wait for the wave's publication."""
    open_names = open_survey_waves(waves)
    if not open_names:
        return Notice("caption", t("privilege.no_open_waves", lang))
    listed = ", ".join(escape_markdown(name) for name in open_names)
    return Notice("caption", t("privilege.open_waves", lang, waves=listed, k=k))


def wave_refusal(file_name: str, wave: str | None, waves: Sequence[SurveyWave]) -> ImportRejected | None:
    """The store's refusal of a survey wave that is not open (typed as a new wave's name, or closed since)."""
    known = next((entry for entry in waves if entry.name == clean_name(wave or "")), None)
    if known is None or known.kind != "survey" or known.status == "open":
        return None
    return ImportRejected("store.wave_not_open", file=file_name, wave=known.name)


def import_refusal(
    batch: ImportBatch, identity: Identity | None, wave: str | None, waves: Sequence[SurveyWave]
) -> LocalisedError | None:
    """Why the file may not be imported into the wave: this user may not upload it, or the wave is not open."""
    return upload_refusal(batch, identity) or wave_refusal(batch.file_name, wave, waves)


@dataclass(frozen=True)
class Waiting:
    """The departments of an upload whose answers wait for a publication, and whether its wave is a survey."""

    departments: tuple[str, ...]
    survey: bool


def waiting(con: duckdb.DuckDBPyConnection, upload_id: int) -> Waiting | None:
    """What of an upload waits for a publication: in a survey wave until it is published, in an import wave
    while a department has fewer than k new answers; None when everything it stored is published."""
    survey, departments = con.cursor().execute(
        "select bool_or(w.kind = 'survey'), list(distinct d.name order by d.name) from responses r"
        " join waves w using (wave_id) join departments d on d.department_id = r.department_id"
        " where r.upload_id = ? and r.publication_id is null",
        [upload_id],
    ).fetchone() or (None, None)
    return Waiting(tuple(departments), bool(survey)) if departments else None


def waiting_sentence(wave: str, waiting: Waiting, k: int, lang: str) -> str:
    """What waits after an upload: a survey wave's answers until it is published, or the departments of an
    import wave that have fewer than k new answers."""
    if waiting.survey:
        return t("privilege.pending", lang, wave=wave, k=k)
    return t("privilege.held", lang, departments=", ".join(waiting.departments), k=k)


def pending_notice(
    summary: ImportSummary | None, waiting: Waiting | None, k: int, lang: str
) -> Notice | None:
    """The one sentence after an upload whose answers wait for a publication; None when nothing waits."""
    if summary is None or waiting is None:
        return None
    escaped = Waiting(tuple(escape_markdown(name) for name in waiting.departments), waiting.survey)
    text = waiting_sentence(escape_markdown(summary.wave), escaped, k, lang)
    return Notice("info", text, ":material/schedule:")


# ---------------------------------------------------------------------------------------------- saved mappings


@dataclass(frozen=True)
class SavedMapping:
    """A column mapping saved on the upload page: its scope (a department, or the organisation), the header
    signature it fits, its choices and when it was saved."""

    scope: str
    signature: str
    columns: dict[str, str]
    saved_at: datetime

    @property
    def key(self) -> str:
        """The key it is saved under."""
        return mapping_key(self.scope, self.signature)


def mapping_scope(identity: Identity | None, department: str | None) -> str:
    """The scope a file's mapping is saved and looked up under: a team user's department, else the department
    chosen for the file, else the organisation."""
    return own_department(identity) or clean_name(department or "") or ORGANISATION


def mapping_key(scope: str, signature: str) -> str:
    """The key of a mapping in its scope: the signature alone for the organisation (as mappings were first
    saved), else the department, a bar and the signature."""
    return f"{scope}{SCOPE_SEPARATOR}{signature}" if scope else signature


def split_key(key: str) -> tuple[str, str]:
    """A saved key's scope and signature."""
    scope, _, signature = key.rpartition(SCOPE_SEPARATOR)
    return scope, signature


def without_person_roles(columns: Mapping[str, str]) -> dict[str, str]:
    """A mapping without any choice that would make a column about a person a department or respondent id."""
    return {
        column: target
        for column, target in columns.items()
        if not (target in PERSON_ROLES and names_a_person(column))
    }


def _saved(row: tuple) -> SavedMapping:
    scope, signature = split_key(row[0])
    return SavedMapping(scope, signature, without_person_roles(json.loads(row[1])), row[2])


def load_mapping(con: duckdb.DuckDBPyConnection, scope: str, signature: str) -> SavedMapping | None:
    """The mapping saved in this scope for this header layout, or None; never one of another scope."""
    row = (
        con.cursor()
        .execute(
            "select header_signature, mapping, saved_at from column_mappings where header_signature = ?",
            [mapping_key(scope, signature)],
        )
        .fetchone()
    )
    return _saved(row) if row else None


def save_mapping(
    con: duckdb.DuckDBPyConnection, scope: str, signature: str, columns: Mapping[str, str]
) -> dict[str, str]:
    """Save (or replace) the mapping of this scope and header layout, without person roles; returns what was
    saved."""
    kept = without_person_roles(columns)
    with store.transaction(con) as cur:
        cur.execute(
            "insert or replace into column_mappings (header_signature, mapping, saved_at)"
            " values (?, ?, current_timestamp)",
            [mapping_key(scope, signature), json.dumps(kept, ensure_ascii=False)],
        )
    return kept


def saved_mappings(con: duckdb.DuckDBPyConnection) -> list[SavedMapping]:
    """Every saved mapping, newest first."""
    rows = (
        con.cursor()
        .execute("select header_signature, mapping, saved_at from column_mappings order by saved_at desc")
        .fetchall()
    )
    return [_saved(row) for row in rows]


# ---------------------------------------------------------------------------------------------- confirmation


def confirmed_mapping(state: Mapping[str, object], key: str) -> dict[str, str]:
    """The mapping the user confirmed in this session for the file of this scoped key, or an empty one."""
    confirmed = state.get(CONFIRMED_KEY)
    return dict(confirmed.get(key, {})) if isinstance(confirmed, dict) else {}


def confirm_mapping(state: MutableMapping[str, object], key: str, columns: Mapping[str, str]) -> None:
    """Remember that the user confirmed this mapping for the file of this scoped key."""
    confirmed = state.get(CONFIRMED_KEY)
    state[CONFIRMED_KEY] = {**(confirmed if isinstance(confirmed, dict) else {}), key: dict(columns)}


@dataclass(frozen=True)
class MappingOffer:
    """A saved mapping offered for a file: what it says, its choices as a table, and the button that applies it."""

    notice: Notice
    table: pd.DataFrame
    confirm: str
    key: str
    saved: SavedMapping


def mapping_offer(
    saved: SavedMapping | None, confirmed: Mapping[str, str], instrument: Instrument, lang: str
) -> MappingOffer | None:
    """The offer of the saved mapping, listing its choices, until the user confirms it; None without one."""
    if saved is None or not saved.columns or dict(confirmed) == saved.columns:
        return None
    text = t(
        "privilege.mapping.offer",
        lang,
        scope=escape_markdown(scope_label(saved.scope, lang)),
        time=format_datetime(saved.saved_at, lang),
        n=counted(len(saved.columns), "column", lang),
    )
    table = pd.DataFrame(
        {
            t("flow.col.column", lang): list(saved.columns),
            t("flow.col.target", lang): [
                target_label(target, instrument, lang) for target in saved.columns.values()
            ],
        }
    )
    return MappingOffer(
        notice=Notice("info", text, ":material/bookmark:"),
        table=table,
        confirm=t("privilege.mapping.confirm", lang),
        key=CONFIRM_KEY,
        saved=saved,
    )
