"""Invitations to answer: personal access codes, and workshop links signed for one wave and department.

A code is stored only as a keyed hash and answers once. A used code is marked in place: the table keeps no time
and no order of use, and a response keeps nothing of the code, so the two cannot be paired.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import duckdb

from smm_maturity import audit
from smm_maturity.instrument import Instrument
from smm_maturity.store.catalogue import installation_key
from smm_maturity.store.connection import one_value, snapshot, transaction
from smm_maturity.store.errors import StoreError
from smm_maturity.store.responses import insert_online_response
from smm_maturity.waves import wave_ids, wave_status

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for one another: no 0/O, no 1/I/L."""

CODE_LENGTH = 8
"""31^8, about 8.5 × 10^11 codes: guessing one of a few hundred takes billions of tries."""

MAX_CODES = 5000
MAX_LINK_ANSWERS = 5000
CODE_PARAMETER = "code"
LINK_PARAMETER = "join"


class InvitationRefused(StoreError):
    """A code or link that does not open the questionnaire; one sentence for the respondent."""


@dataclass(frozen=True)
class Invitation:
    """What a valid code or link lets its holder do: answer once for one department of one open wave."""

    wave: str
    department: str
    wave_departments: tuple[str, ...]
    code: str | None = None
    link: str | None = None

    @property
    def query(self) -> dict[str, str]:
        """The URL parameter that opens the questionnaire again with this invitation."""
        if self.code is not None:
            return {CODE_PARAMETER: formatted(self.code)}
        return {LINK_PARAMETER: self.link or ""}


def new_code() -> str:
    """A random code, from a cryptographic source."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def formatted(code: str) -> str:
    """A code as it is printed: two groups of four."""
    return f"{code[:4]}-{code[4:]}"


def normalised(text: str) -> str | None:
    """A typed code without spaces or dashes, in capitals; None when it cannot be a code."""
    code = "".join(str(text).split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(character not in ALPHABET for character in code):
        return None
    return code


def code_hash(key: str, code: str) -> str:
    """The keyed hash under which a code is stored."""
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()


def generate_codes(
    con: duckdb.DuckDBPyConnection, wave: str, department: str, count: int, actor: audit.Actor
) -> list[str]:
    """New codes for one department of a wave, shown this once; only their hashes are stored."""
    if not 1 <= count <= MAX_CODES:
        raise InvitationRefused("invites.count_range", limit=MAX_CODES)
    with transaction(con) as cur:
        wave_id, department_id = wave_ids(cur, wave, department)
        if wave_status(cur, wave_id)[0] == "closed":
            raise InvitationRefused("invites.wave_closed", wave=wave)
        key = installation_key(cur)
        codes = sorted({new_code() for _ in range(count)})
        while len(codes) < count:
            codes = sorted({*codes, new_code()})
        cur.executemany(
            "insert into access_codes (code_hash, wave_id, department_id) values (?, ?, ?)",
            [[code_hash(key, code), wave_id, department_id] for code in codes],
        )
        audit.record(cur, actor, "codes", f"{count} codes for {department} in {wave}")
    return codes


def link_signature(key: str, link_id: int, wave_id: int, department_id: int) -> str:
    """The signature that ties a workshop link to its wave and department."""
    message = f"workshop:{link_id}:{wave_id}:{department_id}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:32]


def create_workshop_link(
    con: duckdb.DuckDBPyConnection, wave: str, department: str, answer_limit: int, actor: audit.Actor
) -> str:
    """A signed link token for one department of a wave that takes at most `answer_limit` answers."""
    if not 1 <= answer_limit <= MAX_LINK_ANSWERS:
        raise InvitationRefused("invites.limit_range", limit=MAX_LINK_ANSWERS)
    with transaction(con) as cur:
        wave_id, department_id = wave_ids(cur, wave, department)
        if wave_status(cur, wave_id)[0] == "closed":
            raise InvitationRefused("invites.wave_closed", wave=wave)
        link_id = int(
            one_value(
                cur,
                "insert into workshop_links (wave_id, department_id, answer_limit) values (?, ?, ?) returning link_id",
                [wave_id, department_id, answer_limit],
            )
        )
        token = f"{link_id}-{wave_id}-{department_id}-{link_signature(installation_key(cur), link_id, wave_id, department_id)}"
        audit.record(cur, actor, "workshop_link", f"{department} in {wave}, up to {answer_limit} answers")
    return token


def questionnaire_address(base_url: str, invitation_query: dict[str, str]) -> str:
    """The address that opens the questionnaire with a code or link."""
    return f"{base_url.rstrip('/')}/?{urlencode(invitation_query)}"


def _open_wave(cur: duckdb.DuckDBPyConnection, wave_id: int, today: date) -> tuple[str, tuple[str, ...]]:
    status, closes_on = wave_status(cur, wave_id)
    wave = str(one_value(cur, "select name from waves where wave_id = ?", [wave_id]))
    if status == "draft":
        raise InvitationRefused("invites.wave_not_open", wave=wave)
    if status == "closed" or (closes_on is not None and today > closes_on):
        raise InvitationRefused("invites.wave_closed", wave=wave)
    departments = cur.execute(
        "select d.name from wave_departments join departments d using (department_id) where wave_id = ? order by 1",
        [wave_id],
    ).fetchall()
    return wave, tuple(row[0] for row in departments)


def _department(cur: duckdb.DuckDBPyConnection, department_id: int) -> str:
    return str(one_value(cur, "select name from departments where department_id = ?", [department_id]))


def _by_code(cur: duckdb.DuckDBPyConnection, text: str, today: date) -> tuple[Invitation, int, int]:
    code = normalised(text)
    if code is None:
        raise InvitationRefused("invites.unknown_code")
    row = cur.execute(
        "select wave_id, department_id, used from access_codes where code_hash = ?",
        [code_hash(installation_key(cur), code)],
    ).fetchone()
    if row is None:
        raise InvitationRefused("invites.unknown_code")
    wave_id, department_id, used = row
    if used:
        raise InvitationRefused("invites.used_code")
    wave, departments = _open_wave(cur, wave_id, today)
    return Invitation(wave, _department(cur, department_id), departments, code=code), wave_id, department_id


def _by_link(cur: duckdb.DuckDBPyConnection, token: str, today: date) -> tuple[Invitation, int, int]:
    parts = str(token).strip().split("-")
    if len(parts) != 4 or not all(part.isdigit() and len(part) < 10 for part in parts[:3]):
        raise InvitationRefused("invites.bad_link")
    link_id, wave_id, department_id = (int(part) for part in parts[:3])
    expected = link_signature(installation_key(cur), link_id, wave_id, department_id)
    if not hmac.compare_digest(expected, parts[3]):
        raise InvitationRefused("invites.bad_link")
    row = cur.execute(
        "select answer_limit, answers from workshop_links where link_id = ? and wave_id = ? and department_id = ?",
        [link_id, wave_id, department_id],
    ).fetchone()
    if row is None:
        raise InvitationRefused("invites.bad_link")
    if row[1] >= row[0]:
        raise InvitationRefused("invites.link_full")
    wave, departments = _open_wave(cur, wave_id, today)
    return (
        Invitation(wave, _department(cur, department_id), departments, link=str(token).strip()),
        wave_id,
        department_id,
    )


def _lookup(
    cur: duckdb.DuckDBPyConnection, code: str | None, link: str | None, today: date
) -> tuple[Invitation, int, int]:
    if code:
        return _by_code(cur, code, today)
    if link:
        return _by_link(cur, link, today)
    raise InvitationRefused("invites.missing")


def check(
    con: duckdb.DuckDBPyConnection,
    code: str | None = None,
    link: str | None = None,
    today: date | None = None,
) -> Invitation:
    """The invitation behind a code or link, or InvitationRefused with one sentence saying why not."""
    with snapshot(con) as cur:
        return _lookup(cur, code, link, today or date.today())[0]


def submit(
    con: duckdb.DuckDBPyConnection,
    invitation: Invitation,
    answers: dict[str, int],
    collaboration: dict[str, int],
    comment: str,
    instrument: Instrument,
    today: date | None = None,
) -> None:
    """Store one response for an invitation and use the invitation up, in one transaction; checked again first."""
    with transaction(con) as cur:
        _checked, wave_id, department_id = _lookup(
            cur, invitation.code, invitation.link, today or date.today()
        )
        if set(collaboration) - set(_checked.wave_departments):
            raise InvitationRefused("invites.unknown_target")
        if invitation.code is not None:
            cur.execute(
                "update access_codes set used = true where code_hash = ?",
                [code_hash(installation_key(cur), invitation.code)],
            )
        else:
            cur.execute(
                "update workshop_links set answers = answers + 1 where link_id = ?",
                [int(str(invitation.link).split("-")[0])],
            )
        insert_online_response(cur, wave_id, department_id, answers, collaboration, comment, instrument)
