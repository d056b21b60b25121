"""The survey lifecycle: a wave is drafted with its departments, opened (until an optional end date), closed and
published, at close or as an interim snapshot; and the departments it is filed under.

Answers to a wave stay pending until a publication releases them (`store.publication`), so no page changes
between two publications.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

import duckdb

from smm_maturity import audit, store
from smm_maturity.i18n import t
from smm_maturity.store.connection import one_row, one_value, transaction
from smm_maturity.store.errors import StoreError
from smm_maturity.store.publication import Release, release

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A name that begins with one of these would be a live formula in a spreadsheet."""

MAX_NAME_LENGTH = 80


def _kind_word(kind: str, lang: str) -> str:
    return t(f"waves.what_{kind}", lang)


class WaveError(StoreError):
    """A lifecycle step that is not possible; nothing changed."""


@dataclass(frozen=True)
class SurveyWave:
    """A wave with its lifecycle state and the departments it asks."""

    name: str
    status: str
    kind: str
    closes_on: date | None
    departments: tuple[str, ...]

    def accepting(self, today: date) -> bool:
        """True while the wave takes answers: open, and its end date not passed."""
        return self.status == "open" and (self.closes_on is None or today <= self.closes_on)


def clean_name(text: str, kind: str) -> str:
    """A wave or department name without outer or doubled spaces; refused when empty, too long or formula-like."""
    name = " ".join(str(text).split())
    what = partial(_kind_word, kind)
    if not name:
        raise WaveError("waves.name_empty", what=what)
    if len(name) > MAX_NAME_LENGTH:
        raise WaveError("waves.name_too_long", what=what, name=name[:40], limit=MAX_NAME_LENGTH)
    if name.startswith(FORMULA_STARTS):
        raise WaveError("waves.name_formula", what=what, name=name)
    return name


def _wave_row(cur: duckdb.DuckDBPyConnection, name: str) -> tuple[int, str, str, date | None]:
    row = cur.execute("select wave_id, status, kind, closes_on from waves where name = ?", [name]).fetchone()
    if row is None:
        raise WaveError("waves.unknown", wave=name)
    return row


def _members(cur: duckdb.DuckDBPyConnection, wave_id: int) -> tuple[str, ...]:
    rows = cur.execute(
        "select d.name from wave_departments join departments d using (department_id)"
        " where wave_id = ? order by d.name",
        [wave_id],
    ).fetchall()
    return tuple(row[0] for row in rows)


def survey_wave(con: duckdb.DuckDBPyConnection, name: str) -> SurveyWave:
    """One wave's state; WaveError when there is none of that name."""
    cur = con.cursor()
    wave_id, status, kind, closes_on = _wave_row(cur, name)
    return SurveyWave(name, status, kind, closes_on, _members(cur, wave_id))


def survey_waves(con: duckdb.DuckDBPyConnection) -> list[SurveyWave]:
    """Every wave, newest first."""
    names = [
        row[0] for row in con.cursor().execute("select name from waves order by wave_id desc").fetchall()
    ]
    return [survey_wave(con, name) for name in names]


def create_wave(
    con: duckdb.DuckDBPyConnection, name: str, departments: Mapping[str, int | None], actor: audit.Actor
) -> SurveyWave:
    """A new draft wave asking these departments (known ones, or new ones with their headcount)."""
    name = clean_name(name, "wave")
    chosen = {
        clean_name(department, "department"): headcount for department, headcount in departments.items()
    }
    if not chosen:
        raise WaveError("waves.no_departments", wave=name)
    if any(headcount is not None and headcount < 1 for headcount in chosen.values()):
        raise WaveError("waves.bad_headcount", wave=name)
    with transaction(con) as cur:
        if cur.execute("select 1 from waves where name = ?", [name]).fetchone():
            raise WaveError("waves.exists", wave=name)
        wave_id = one_value(
            cur,
            "insert into waves (name, status, kind) values (?, 'draft', 'survey') returning wave_id",
            [name],
        )
        ids = store.ensure_departments(cur, list(chosen))
        for department, headcount in chosen.items():
            if headcount is not None:
                cur.execute(
                    "update departments set headcount = ? where department_id = ?",
                    [headcount, ids[department]],
                )
            cur.execute("insert into wave_departments values (?, ?)", [wave_id, ids[department]])
        audit.record(cur, actor, "wave_create", f"{name}: {', '.join(sorted(chosen))}")
    return survey_wave(con, name)


def open_wave(
    con: duckdb.DuckDBPyConnection,
    name: str,
    actor: audit.Actor,
    closes_on: date | None = None,
    today: date | None = None,
) -> SurveyWave:
    """Open a draft wave for answers, until the end date when one is given."""
    today = today or date.today()
    if closes_on is not None and closes_on < today:
        raise WaveError("waves.end_in_past", wave=name, day=closes_on.isoformat())
    with transaction(con) as cur:
        wave_id, status, _kind, _closes_on = _wave_row(cur, name)
        if status != "draft":
            raise WaveError(f"waves.cannot_open_{status}", wave=name)
        cur.execute("update waves set status = 'open', closes_on = ? where wave_id = ?", [closes_on, wave_id])
        audit.record(cur, actor, "wave_open", name + (f" until {closes_on.isoformat()}" if closes_on else ""))
    return survey_wave(con, name)


def close_wave(con: duckdb.DuckDBPyConnection, name: str, actor: audit.Actor) -> SurveyWave:
    """Close an open wave: it takes no more answers; publish it to show what came in."""
    with transaction(con) as cur:
        wave_id, status, _kind, _closes_on = _wave_row(cur, name)
        if status != "open":
            raise WaveError(f"waves.cannot_close_{status}", wave=name)
        cur.execute("update waves set status = 'closed' where wave_id = ?", [wave_id])
        audit.record(cur, actor, "wave_close", name)
    return survey_wave(con, name)


def publish(con: duckdb.DuckDBPyConnection, name: str, k: int, actor: audit.Actor) -> Release:
    """Release a wave's pending answers: interim while it is open, final once closed; small gains are held."""
    with transaction(con) as cur:
        wave_id, status, _kind, _closes_on = _wave_row(cur, name)
        if status == "draft":
            raise WaveError("waves.cannot_publish_draft", wave=name)
        kind = "interim" if status == "open" else "final"
        released = release(cur, wave_id, k, kind)
        held = f"; held back: {', '.join(released.held)}" if released.held else ""
        audit.record(cur, actor, "publish", f"{name} ({kind}): {released.respondents} responses{held}")
    return released


@dataclass(frozen=True)
class Participation:
    """How many of a department have answered an open wave so far, published or not; no scores."""

    department: str
    answered: int | None
    headcount: int | None

    @property
    def share(self) -> float | None:
        """Answers as a share of the headcount, when both may be shown."""
        if self.answered is None or not self.headcount:
            return None
        return min(self.answered / self.headcount, 1.0)


def participation(con: duckdb.DuckDBPyConnection, name: str, k: int) -> list[Participation]:
    """Answers so far per department of the wave against its headcount; below k only "fewer than k" (None)."""
    cur = con.cursor()
    wave_id = _wave_row(cur, name)[0]
    rows = cur.execute(
        "select d.name, d.headcount, count(r.response_id) from departments d"
        " left join responses r on r.department_id = d.department_id and r.wave_id = $wave"
        " where d.department_id in (select department_id from wave_departments where wave_id = $wave)"
        " or d.department_id in (select department_id from responses where wave_id = $wave)"
        " group by d.name, d.headcount order by d.name",
        {"wave": wave_id},
    ).fetchall()
    return [
        Participation(department, count if count >= k else None, headcount)
        for department, headcount, count in rows
    ]


def total_answers(con: duckdb.DuckDBPyConnection, name: str, department: str | None, k: int) -> int | None:
    """Answers so far to a wave (or one of its departments), published or not; None while fewer than k."""
    cur = con.cursor()
    wave_id = _wave_row(cur, name)[0]
    count = one_value(
        cur,
        "select count(*) from responses r join departments d using (department_id)"
        " where r.wave_id = ? and (? is null or d.name = ?)",
        [wave_id, department, department],
    )
    return int(count) if count >= k else None


def rename_department(con: duckdb.DuckDBPyConnection, old: str, new: str, actor: audit.Actor) -> None:
    """Give a department a new name everywhere."""
    new = clean_name(new, "department")
    with transaction(con) as cur:
        _department_id(cur, old)
        if cur.execute("select 1 from departments where name = ?", [new]).fetchone():
            raise WaveError("waves.department_exists", department=new)
        cur.execute("update departments set name = ? where name = ?", [new, old])
        audit.record(cur, actor, "department", f"renamed {old} to {new}")


DEPARTMENT_REFERENCES = (
    ("responses", "department_id"),
    ("uploads", "department_id"),
    ("collaboration", "target_department_id"),
    ("access_codes", "department_id"),
    ("workshop_links", "department_id"),
    ("actions", "department_id"),
)
"""Every column that names a department and may simply follow a merge."""


def merge_departments(
    con: duckdb.DuckDBPyConnection, source: str, target: str, k: int, actor: audit.Actor
) -> None:
    """Fold one department into another; refused when a wave would gain 1 to k-1 published respondents by it."""
    with transaction(con) as cur:
        source_id, target_id = _department_id(cur, source), _department_id(cur, target)
        if source_id == target_id:
            raise WaveError("waves.merge_same", department=source)
        small = one_value(
            cur,
            "select count(*) from (select wave_id, count(*) as n from responses"
            " where department_id = ? and publication_id is not null group by wave_id) where n < ?",
            [source_id, k],
        )
        if small:
            raise WaveError("waves.merge_would_reveal", source=source, target=target, k=k)
        for table, column in DEPARTMENT_REFERENCES:
            cur.execute(f"update {table} set {column} = ? where {column} = ?", [target_id, source_id])
        cur.execute(
            "insert or ignore into wave_departments select wave_id, ? from wave_departments where department_id = ?",
            [target_id, source_id],
        )
        cur.execute(
            "insert or ignore into targets select dimension, ?, target_stage from targets where department_id = ?",
            [target_id, source_id],
        )
        cur.execute(
            "update departments set headcount = headcount + (select headcount from departments where department_id = ?)"
            " where department_id = ?",
            [source_id, target_id],
        )
        for table in ("wave_departments", "targets"):
            cur.execute(f"delete from {table} where department_id = ?", [source_id])
        cur.execute("delete from departments where department_id = ?", [source_id])
        audit.record(cur, actor, "department", f"merged {source} into {target}")


def delete_department(con: duckdb.DuckDBPyConnection, name: str, actor: audit.Actor) -> None:
    """Remove a department that holds nothing: no answers, ratings, uploads, codes or links."""
    with transaction(con) as cur:
        department_id = _department_id(cur, name)
        in_use = sum(
            one_value(cur, f"select count(*) from {table} where {column} = ?", [department_id])
            for table, column in DEPARTMENT_REFERENCES
        )
        if in_use:
            raise WaveError("waves.department_in_use", department=name)
        for table in ("wave_departments", "targets"):
            cur.execute(f"delete from {table} where department_id = ?", [department_id])
        cur.execute("delete from departments where department_id = ?", [department_id])
        audit.record(cur, actor, "department", f"deleted {name}")


def _department_id(cur: duckdb.DuckDBPyConnection, name: str) -> int:
    row = cur.execute("select department_id from departments where name = ?", [name]).fetchone()
    if row is None:
        raise WaveError("waves.unknown_department", department=name)
    return int(row[0])


def wave_ids(cur: duckdb.DuckDBPyConnection, wave: str, department: str) -> tuple[int, int]:
    """The ids of a wave and one of its departments; WaveError when the department is not part of the wave."""
    wave_id = _wave_row(cur, wave)[0]
    department_id = _department_id(cur, department)
    if not cur.execute(
        "select 1 from wave_departments where wave_id = ? and department_id = ?", [wave_id, department_id]
    ).fetchone():
        raise WaveError("waves.department_not_in_wave", wave=wave, department=department)
    return wave_id, department_id


def wave_status(cur: duckdb.DuckDBPyConnection, wave_id: int) -> tuple[str, date | None]:
    """A wave's status and end date."""
    status, closes_on = one_row(cur, "select status, closes_on from waves where wave_id = ?", [wave_id])
    return str(status), closes_on
