"""Connecting to the database file, transactions (one writer at a time), snapshots and the revision counter."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from smm_maturity import config
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.store.errors import DatabaseBusy, StoreError
from smm_maturity.store.schema import TABLES, initialise

DEFAULT_DB_PATH = config.DEFAULT_DB_PATH


def default_db_path() -> Path:
    """The database file: `SMM_DB` if set, else data/maturity.duckdb next to the package."""
    return config.db_path()


def connect(
    path: Path | str | None = None, instrument: Instrument | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (and create or migrate) the database file; raise DatabaseBusy when another process holds it."""
    db_path = Path(path) if path is not None else default_db_path()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise DatabaseBusy("store.busy", path=str(db_path)) from None
        raise StoreError("store.unreadable", path=str(db_path), reason=str(error)) from None
    initialise(con, instrument or load_instrument())
    return con


_WRITE_LOCK = threading.RLock()
"""One writer at a time in this process: DuckDB refuses to commit two transactions that add the same wave or
department, so concurrent sessions take turns instead of failing."""


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor inside one transaction, one writer at a time: committed on success, rolled back on any exception.

    Every write goes through here, and each committed transaction moves the revision on by one.
    """
    with _WRITE_LOCK:
        cur = con.cursor()
        cur.execute("begin")
        try:
            yield cur
            cur.execute("update revision set number = number + 1")
        except BaseException:
            cur.execute("rollback")
            raise
        cur.execute("commit")


@contextmanager
def snapshot(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor in a read-only transaction, so that several queries see one committed state.

    Query it directly: a `cursor()` taken from it would be a new connection outside the snapshot.
    """
    cur = con.cursor()
    cur.execute("begin transaction read only")
    try:
        yield cur
    finally:
        cur.execute("rollback")
        cur.close()


def one_row(cur: duckdb.DuckDBPyConnection, query: str, params: object = None) -> tuple[Any, ...]:
    """The first row of a query that always yields one (an aggregate, `returning`, a row just written)."""
    row = cur.execute(query, params).fetchone()
    if row is None:
        raise LookupError(f"The query yielded no row: {query}")
    return row


def one_value(cur: duckdb.DuckDBPyConnection, query: str, params: object = None) -> Any:
    """The first value of a query that always yields a row."""
    return one_row(cur, query, params)[0]


def revision(con: duckdb.DuckDBPyConnection) -> int:
    """How many write transactions this database has committed; a cache keyed on it never serves stale data."""
    return int(one_value(con.cursor(), "select number from revision"))


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every table, used to prove that a rejected input changed nothing."""
    cur = con.cursor()
    return {table: int(one_value(cur, f"select count(*) from {table}")) for table in TABLES}
