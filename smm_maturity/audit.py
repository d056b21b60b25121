"""The audit trail: who did what to the data, and when; never an answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

ACTIONS = (
    "import",
    "undo",
    "publish",
    "wave_create",
    "wave_open",
    "wave_close",
    "codes",
    "workshop_link",
    "department",
    "remove_online",
    "export",
    "backup",
    "restore",
    "settings",
)
"""Every kind of entry the trail records."""


@dataclass(frozen=True)
class Actor:
    """Who acted: a role, and the address or department where known."""

    role: str
    name: str = ""


COMMAND_LINE = Actor("admin", "command line")
"""Whoever runs the command line on the server holds the database file, so acts as an admin."""


@dataclass(frozen=True)
class Entry:
    recorded_at: datetime
    role: str
    actor: str
    action: str
    detail: str


def record(cur: duckdb.DuckDBPyConnection, actor: Actor, action: str, detail: str = "") -> None:
    """Add one entry, inside the caller's transaction so that it stands or falls with the change."""
    if action not in ACTIONS:
        raise ValueError(f"{action!r} is not an audited action.")
    cur.execute(
        "insert into audit_log (role, actor, action, detail) values (?, ?, ?, ?)",
        [actor.role, actor.name, action, detail],
    )


def entries(con: duckdb.DuckDBPyConnection, limit: int = 500) -> list[Entry]:
    """The newest entries first."""
    rows = (
        con.cursor()
        .execute(
            "select recorded_at, role, actor, action, detail from audit_log order by entry_id desc limit ?",
            [limit],
        )
        .fetchall()
    )
    return [Entry(*row) for row in rows]
