"""What the answers are filed under: waves, departments and their headcounts, and the stored settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from smm_maturity.safe_text import clean_name, looks_like_formula
from smm_maturity.store.connection import one_value, transaction
from smm_maturity.store.errors import ImportRejected
from smm_maturity.store.schema import INSTALLATION_KEY


@dataclass(frozen=True)
class Wave:
    wave_id: int
    name: str
    created_at: datetime


def _refuse_formulas(cur: duckdb.DuckDBPyConnection, table: str, names: list[str]) -> None:
    """Refuse a new name that a spreadsheet program would read as a formula; names stored earlier stay usable."""
    suspicious = [name for name in names if looks_like_formula(name)]
    if not suspicious:
        return
    rows = cur.execute(f"select name from {table} where list_contains(?, name)", [suspicious]).fetchall()
    known = {row[0] for row in rows}
    new = [name for name in suspicious if name not in known]
    if new and table == "waves":
        raise ImportRejected("safe_text.formula_wave", name=new[0][:60])
    if new:
        raise ImportRejected("safe_text.formula_department", name=new[0][:60])


def ensure_wave(cur: duckdb.DuckDBPyConnection, name: str) -> int:
    """The id of the wave with this name (spaces tidied), created when new."""
    name = clean_name(name)
    if not name:
        raise ImportRejected("store.wave_needs_name")
    _refuse_formulas(cur, "waves", [name])
    cur.execute("insert or ignore into waves (name) values (?)", [name])
    return int(one_value(cur, "select wave_id from waves where name = ?", [name]))


def ensure_departments(cur: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, int]:
    """The ids of these departments, created when new, keyed by the names as given.

    Each name is stored in its one spelling (`clean_name`), so "  Vertrieb " and "Vertrieb" are one department.
    """
    cleaned = {name: clean_name(name) for name in names}
    wanted = sorted(set(cleaned.values()))
    if "" in wanted:
        raise ImportRejected("security.department_needs_name")
    _refuse_formulas(cur, "departments", wanted)
    cur.execute(
        "insert into departments (name) select name from unnest(?::varchar[]) as new(name)"
        " where name not in (select name from departments) order by name",
        [wanted],
    )
    rows = cur.execute(
        "select name, department_id from departments where list_contains(?, name)", [wanted]
    ).fetchall()
    ids = dict(rows)
    return {name: ids[clean] for name, clean in cleaned.items()}


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """True when no response has been stored yet and no survey has been set up."""
    return bool(
        one_value(
            con.cursor(),
            "select not exists (select * from responses) and not exists (select * from waves where kind = 'survey')",
        )
    )


def waves(con: duckdb.DuckDBPyConnection) -> list[Wave]:
    """Every wave that holds published responses, oldest first."""
    rows = (
        con.cursor()
        .execute(
            "select wave_id, name, created_at from waves"
            " where wave_id in (select wave_id from responses where publication_id is not null) order by wave_id"
        )
        .fetchall()
    )
    return [Wave(*row) for row in rows]


def all_wave_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every wave's name, including waves without responses, oldest first."""
    return [row[0] for row in con.cursor().execute("select name from waves order by wave_id").fetchall()]


def department_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every known department, alphabetically."""
    return [row[0] for row in con.cursor().execute("select name from departments order by name").fetchall()]


def headcounts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Department name to headcount, for the departments whose headcount is known."""
    rows = con.cursor().execute("select name, headcount from departments where headcount is not null")
    return dict(rows.fetchall())


def set_headcount(con: duckdb.DuckDBPyConnection, department: str, headcount: int | None) -> None:
    """Record a department's headcount (None clears it)."""
    with transaction(con) as cur:
        department_id = ensure_departments(cur, [department])[department]
        cur.execute(
            "update departments set headcount = ? where department_id = ?", [headcount, department_id]
        )


def wave_interpretation(con: duckdb.DuckDBPyConnection, wave: str) -> str:
    """The consultant's interpretation of a wave, or an empty string."""
    row = con.cursor().execute("select interpretation from waves where name = ?", [wave]).fetchone()
    return (row[0] or "") if row else ""


def set_wave_interpretation(con: duckdb.DuckDBPyConnection, wave: str, text: str) -> None:
    """Keep the consultant's interpretation with an existing wave; an unknown wave is left alone."""
    with transaction(con) as cur:
        cur.execute("update waves set interpretation = ? where name = ?", [text.strip(), wave])


def get_setting(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    """A stored setting, or the default."""
    row = con.cursor().execute("select value from settings where key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Store a setting."""
    with transaction(con) as cur:
        cur.execute("insert or replace into settings values (?, ?)", [key, value])


def installation_key(cur: duckdb.DuckDBPyConnection) -> str:
    """This installation's secret key for signing links and hashing codes; made when the database was created."""
    return str(one_value(cur, "select value from settings where key = ?", [INSTALLATION_KEY]))
