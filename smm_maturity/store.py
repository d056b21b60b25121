"""The DuckDB store: the schema (one constant, versioned), connecting, every read and write of raw data, and
the revision counter that every write moves on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from smm_maturity import config
from smm_maturity.i18n import ERROR_LANGUAGE, LocalisedError, catalogue, format_datetime, t
from smm_maturity.instrument import Instrument, load_instrument

if TYPE_CHECKING:
    from smm_maturity.ingest import ImportBatch

DEFAULT_DB_PATH = Path(__file__).resolve().parent.parent / "data" / "maturity.duckdb"
SCHEMA_VERSION = 3

SCHEMA = """
create sequence if not exists wave_ids start 1;
create sequence if not exists department_ids start 1;
create sequence if not exists upload_ids start 1;
create sequence if not exists response_ids start 1;
create sequence if not exists action_ids start 1;
create table if not exists schema_info (version integer not null);
create table if not exists revision (number bigint not null);
create table if not exists settings (key varchar primary key, value varchar not null);
create table if not exists waves (
    wave_id integer primary key default nextval('wave_ids'),
    name varchar not null unique,
    created_at timestamp not null default current_timestamp
);
create table if not exists departments (
    department_id integer primary key default nextval('department_ids'),
    name varchar not null unique,
    headcount integer check (headcount is null or headcount > 0)
);
create table if not exists instrument_items (
    instrument_version varchar not null,
    item_code varchar not null,
    dimension varchar not null,
    reverse boolean not null,
    facet varchar not null,
    primary key (instrument_version, item_code)
);
create table if not exists uploads (
    upload_id integer primary key default nextval('upload_ids'),
    wave_id integer not null,
    department_id integer,
    file_name varchar not null,
    sha256 varchar not null unique,
    source_format varchar not null,
    row_count integer not null,
    instrument_version varchar not null,
    created_at timestamp not null default current_timestamp
);
create table if not exists responses (
    response_id bigint primary key,
    wave_id integer not null,
    department_id integer not null,
    upload_id integer,
    respondent_key varchar,
    submitted_at timestamp,
    instrument_version varchar not null
);
create table if not exists answers (
    response_id bigint not null,
    item_code varchar not null,
    value utinyint not null check (value between 1 and 5)
);
create table if not exists respondent_scores (
    response_id bigint not null,
    dimension varchar not null,
    score double not null
);
create table if not exists collaboration (
    response_id bigint not null,
    target_department_id integer not null,
    rating utinyint not null check (rating between 1 and 5)
);
create table if not exists comments (response_id bigint not null, comment varchar not null);
create table if not exists column_mappings (
    header_signature varchar primary key,
    mapping json not null,
    saved_at timestamp not null default current_timestamp
);
create table if not exists targets (
    dimension varchar not null,
    department_id integer not null default 0,
    target_stage integer not null check (target_stage between 1 and 5),
    primary key (dimension, department_id)
);
create table if not exists actions (
    action_id integer primary key default nextval('action_ids'),
    dimension varchar not null,
    department_id integer,
    title varchar not null,
    owner varchar not null default '',
    due_on date,
    status varchar not null default 'open'
        check (status in ('open', 'in_progress', 'done', 'dropped')),
    created_at timestamp not null default current_timestamp
);
"""

RESPONDENT_SCORES_FILL = """
insert into respondent_scores
select a.response_id, i.dimension, avg(case when i.reverse then 6 - a.value else a.value end)
from answers a
join responses r on r.response_id = a.response_id
join (
    select *, count(*) over (partition by instrument_version, dimension) as item_count from instrument_items
) i on i.instrument_version = r.instrument_version and i.item_code = a.item_code
where r.response_id between $first and $last
group by a.response_id, i.dimension
having count(*) * 2 >= any_value(i.item_count)
"""
"""Each stored response's dimension scores: the mean of its answered items in the dimension, reverse-coded,
when at least half of the dimension's items are answered. Imports compute the same from the validated
answers (`ingest`), which is quicker; this fills them for online responses, migrations and old backups."""

EVERY_RESPONSE = {"first": 0, "last": 2**63 - 1}

REVISION_START = "insert into revision select 0 where not exists (select * from revision)"
"""The revision counter's one row, starting at 0."""

MIGRATIONS: dict[int, tuple[str, dict[str, int]]] = {
    2: (RESPONDENT_SCORES_FILL, EVERY_RESPONSE),
    3: (REVISION_START, {}),
}
"""The statement (and its parameters) that lifts a database from version N-1 to version N; the schema above
is always the newest, so its new tables exist, empty, when a migration runs. A new database is an empty
version 1 database lifted through every step."""

TABLES = (
    "schema_info",
    "settings",
    "waves",
    "departments",
    "instrument_items",
    "uploads",
    "responses",
    "answers",
    "respondent_scores",
    "collaboration",
    "comments",
    "column_mappings",
    "targets",
    "actions",
)
"""The tables that hold data, in the order a backup writes them. The revision is not among them: it counts
this database's writes for the caches, so a restore moves it on instead of taking an old value back."""


class StoreError(LocalisedError):
    """A request the store refuses, with a message meant for the user (`str()` is English, for the CLI).

    A parameter that is a date and time is written in the language's format; one that is a function of the
    language is called with it. A sentence in place of a key is shown as it is, in every language.
    """

    def __init__(self, key: str, **params: object) -> None:
        if key not in catalogue(ERROR_LANGUAGE):
            key, params = "store.as_written", {"message": key}
        super().__init__(key, **params)

    def message(self, lang: str) -> str:
        """The error as one sentence in the given language."""
        return t(self.key, lang, **{name: _localised(value, lang) for name, value in self.params.items()})


def _localised(value: object, lang: str) -> object:
    if isinstance(value, datetime):
        return format_datetime(value, lang)
    return value(lang) if callable(value) else value


class DatabaseBusy(StoreError):
    """Another process holds the database file."""


class ImportRejected(StoreError):
    """An import that was refused as a whole; nothing was stored."""


@dataclass(frozen=True)
class Wave:
    wave_id: int
    name: str
    created_at: datetime


@dataclass(frozen=True)
class Upload:
    upload_id: int
    wave: str
    department: str | None
    file_name: str
    sha256: str
    source_format: str
    row_count: int
    created_at: datetime


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


def migrate(cur: duckdb.DuckDBPyConnection, version: int) -> None:
    """Lift data written under schema `version` to the newest schema, inside the caller's transaction."""
    for step in range(version + 1, SCHEMA_VERSION + 1):
        cur.execute(*MIGRATIONS[step])
    cur.execute("delete from schema_info")
    cur.execute("insert into schema_info values (?)", [SCHEMA_VERSION])


def initialise(con: duckdb.DuckDBPyConnection, instrument: Instrument) -> None:
    """Create the schema, apply pending migrations and register the instrument's items."""
    cur = con.cursor()
    cur.execute("begin")
    cur.execute(SCHEMA)
    row = cur.execute("select max(version) from schema_info").fetchone()
    version = row[0] if row and row[0] is not None else 1
    if version > SCHEMA_VERSION:
        cur.execute("rollback")
        raise StoreError("store.newer_schema", version=version)
    migrate(cur, version)
    items = pd.DataFrame(
        {
            "instrument_version": instrument.version,
            "item_code": [item.code for item in instrument.items],
            "dimension": [item.dimension for item in instrument.items],
            "reverse": [item.reverse for item in instrument.items],
            "facet": [item.facet for item in instrument.items],
        }
    )
    cur.register("new_items", items)
    cur.execute("insert or ignore into instrument_items select * from new_items")
    cur.unregister("new_items")
    cur.execute("commit")


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


def revision(con: duckdb.DuckDBPyConnection) -> int:
    """How many write transactions this database has committed; a cache keyed on it never serves stale data."""
    return int(con.cursor().execute("select number from revision").fetchone()[0])


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


def is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """True when no response has been stored yet."""
    return con.cursor().execute("select count(*) = 0 from responses").fetchone()[0]


def ensure_wave(cur: duckdb.DuckDBPyConnection, name: str) -> int:
    """The id of the wave with this name, created when new."""
    name = name.strip()
    if not name:
        raise ImportRejected("store.wave_needs_name")
    cur.execute("insert or ignore into waves (name) values (?)", [name])
    return cur.execute("select wave_id from waves where name = ?", [name]).fetchone()[0]


def ensure_departments(cur: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, int]:
    """The ids of these departments, created when new."""
    wanted = sorted(set(names))
    cur.execute(
        "insert into departments (name) select name from unnest(?::varchar[]) as new(name)"
        " where name not in (select name from departments) order by name",
        [wanted],
    )
    rows = cur.execute(
        "select name, department_id from departments where list_contains(?, name)", [wanted]
    ).fetchall()
    return dict(rows)


def waves(con: duckdb.DuckDBPyConnection) -> list[Wave]:
    """Every wave that holds responses, oldest first."""
    rows = (
        con.cursor()
        .execute(
            "select wave_id, name, created_at from waves"
            " where wave_id in (select wave_id from responses) order by wave_id"
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


def get_setting(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    """A stored setting, or the default."""
    row = con.cursor().execute("select value from settings where key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Store a setting."""
    with transaction(con) as cur:
        cur.execute("insert or replace into settings values (?, ?)", [key, value])


def find_upload(con: duckdb.DuckDBPyConnection, sha256: str) -> Upload | None:
    """The earlier upload with this content hash, if any."""
    matches = [upload for upload in uploads(con) if upload.sha256 == sha256]
    return matches[0] if matches else None


def uploads(con: duckdb.DuckDBPyConnection) -> list[Upload]:
    """Every upload, newest first."""
    rows = (
        con.cursor()
        .execute(
            "select u.upload_id, w.name, d.name, u.file_name, u.sha256, u.source_format, u.row_count,"
            " u.created_at from uploads u join waves w using (wave_id)"
            " left join departments d using (department_id) order by u.upload_id desc"
        )
        .fetchall()
    )
    return [Upload(*row) for row in rows]


def _reserve_response_ids(cur: duckdb.DuckDBPyConnection, count: int) -> list[int]:
    rows = cur.execute("select nextval('response_ids') from range(?)", [count]).fetchall()
    return [row[0] for row in rows]


def store_batch(
    con: duckdb.DuckDBPyConnection,
    batch: ImportBatch,
    wave: str,
    department: str | None = None,
    instrument: Instrument | None = None,
) -> Upload:
    """Store a validated batch as one upload, all or nothing; raise ImportRejected when it cannot be stored."""
    instrument = instrument or load_instrument()
    if batch.errors:
        raise ImportRejected(
            "store.batch_has_errors",
            file=batch.file_name,
            count=len(batch.errors),
            first=partial(batch.errors[0].describe, file_name=batch.file_name),
        )
    if batch.responses.empty:
        raise ImportRejected("store.batch_empty", file=batch.file_name)
    earlier = find_upload(con, batch.sha256)
    if earlier is not None:
        raise _duplicate(batch.file_name, earlier)
    responses = batch.responses.copy()
    responses["department"] = (
        responses["department"].fillna(department) if department else responses["department"]
    )
    if responses["department"].isna().any():
        first_row = int(responses.loc[responses["department"].isna(), "row"].iloc[0])
        raise ImportRejected("store.no_department", file=batch.file_name, row=first_row)
    try:
        with transaction(con) as cur:
            return _insert_batch(cur, batch, responses, wave, department, instrument)
    except duckdb.ConstraintException as error:
        if "sha256" in str(error):
            raise _duplicate(batch.file_name, find_upload(con, batch.sha256)) from None
        raise ImportRejected("store.not_stored", file=batch.file_name, reason=str(error)) from None
    except duckdb.TransactionException as error:
        raise ImportRejected("store.concurrent_change", file=batch.file_name, reason=str(error)) from None


def _duplicate(file_name: str, earlier: Upload | None) -> ImportRejected:
    if earlier is None:
        return ImportRejected("store.already_uploaded", file=file_name)
    return ImportRejected(
        "store.duplicate",
        file=file_name,
        id=earlier.upload_id,
        earlier=earlier.file_name,
        wave=earlier.wave,
        at=earlier.created_at,
    )


def _insert_batch(
    cur: duckdb.DuckDBPyConnection,
    batch: ImportBatch,
    responses: pd.DataFrame,
    wave: str,
    department: str | None,
    instrument: Instrument,
) -> Upload:
    wave_id = ensure_wave(cur, wave)
    department_ids = ensure_departments(
        cur,
        list(responses["department"].unique())
        + list(batch.collaboration["target_department"].unique())
        + ([department] if department else []),
    )
    _refuse_known_respondents(cur, batch, responses, wave_id)
    upload_department_id = department_ids[department] if department else None
    if upload_department_id is None and responses["department"].nunique() == 1:
        upload_department_id = department_ids[responses["department"].iloc[0]]
    upload_id = cur.execute(
        "insert into uploads (wave_id, department_id, file_name, sha256, source_format, row_count,"
        " instrument_version) values (?, ?, ?, ?, ?, ?, ?) returning upload_id",
        [
            wave_id,
            upload_department_id,
            batch.file_name,
            batch.sha256,
            batch.format_name,
            len(responses),
            instrument.version,
        ],
    ).fetchone()[0]
    rows = responses["row"].to_numpy(dtype=np.int64)
    response_ids = cur.execute(
        "select nextval('response_ids') as response_id from range(?)", [len(rows)]
    ).fetchnumpy()["response_id"]
    id_at_row = np.zeros(int(rows.max()) + 1, dtype=np.int64)
    id_at_row[rows] = response_ids

    def ids_of(frame: pd.DataFrame) -> np.ndarray:
        return id_at_row[frame["row"].to_numpy(dtype=np.int64)]

    new_responses = pa.table(
        {
            "response_id": response_ids,
            "wave_id": np.full(len(rows), wave_id, dtype=np.int32),
            "department_id": _ids(responses["department"], department_ids),
            "upload_id": np.full(len(rows), upload_id, dtype=np.int32),
            "respondent_key": _strings(responses["respondent_key"]),
            "submitted_at": pa.array(
                pd.to_datetime(responses["submitted_at"]).to_numpy(), pa.timestamp("us")
            ),
            "instrument_version": pa.array([instrument.version] * len(rows), pa.string()),
        }
    )
    new_answers = pa.table(
        {
            "response_id": ids_of(batch.answers),
            "item_code": _strings(batch.answers["item_code"]),
            "value": batch.answers["value"].to_numpy(dtype=np.uint8),
        }
    )
    new_scores = pa.table(
        {
            "response_id": ids_of(batch.scores),
            "dimension": pa.array(batch.scores["dimension"]),
            "score": batch.scores["score"].to_numpy(dtype=np.float64),
        }
    )
    new_collaboration = pa.table(
        {
            "response_id": ids_of(batch.collaboration),
            "target_department_id": _ids(batch.collaboration["target_department"], department_ids),
            "rating": batch.collaboration["rating"].to_numpy(dtype=np.uint8),
        }
    )
    new_comments = pa.table(
        {"response_id": ids_of(batch.comments), "comment": _strings(batch.comments["comment"])}
    )
    _insert_frame(cur, "responses", new_responses)
    _insert_frame(cur, "answers", new_answers)
    _insert_frame(cur, "respondent_scores", new_scores)
    _insert_frame(cur, "collaboration", new_collaboration)
    _insert_frame(cur, "comments", new_comments)
    row = cur.execute(
        "select u.upload_id, w.name, d.name, u.file_name, u.sha256, u.source_format, u.row_count, u.created_at"
        " from uploads u join waves w using (wave_id) left join departments d using (department_id)"
        " where u.upload_id = ?",
        [upload_id],
    ).fetchone()
    return Upload(*row)


def _refuse_known_respondents(
    cur: duckdb.DuckDBPyConnection, batch: ImportBatch, responses: pd.DataFrame, wave_id: int
) -> None:
    keyed = responses.dropna(subset=["respondent_key"])
    if keyed.empty:
        return
    incoming = keyed[["row", "respondent_key"]]
    cur.register("incoming", incoming)
    clashes = cur.execute(
        "select i.row, i.respondent_key from incoming i join responses r"
        " on r.respondent_key = i.respondent_key and r.wave_id = ? order by i.row",
        [wave_id],
    ).fetchall()
    cur.unregister("incoming")
    if clashes:
        raise ImportRejected(
            "store.known_respondents",
            file=batch.file_name,
            count=len(clashes),
            wave=cur.execute("select name from waves where wave_id = ?", [wave_id]).fetchone()[0],
            rows=", ".join(f"{row} ({key})" for row, key in clashes[:10])
            + (" …" if len(clashes) > 10 else ""),
        )


def _strings(values: pd.Series) -> pa.Array:
    """A text column as an Arrow string array (missing values as null), without a round trip through Python."""
    return pa.array(values.astype("string[pyarrow]").array, pa.large_string())


def _ids(names: pd.Series, ids: dict[str, int]) -> np.ndarray:
    """The id of each name, translated once per distinct name."""
    codes, uniques = pd.factorize(names.astype("string[pyarrow]"))
    return np.array([ids[name] for name in uniques], dtype=np.int32)[codes]


def _insert_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame | pa.Table) -> None:
    """Append a frame or Arrow table to a table in bulk through a registered view."""
    cur.register("incoming_rows", frame)
    cur.execute(f"insert into {table} select * from incoming_rows")
    cur.unregister("incoming_rows")


def undo_upload(con: duckdb.DuckDBPyConnection, upload_id: int) -> Upload:
    """Delete an upload and everything it stored, in one transaction."""
    with transaction(con) as cur:
        found = [upload for upload in uploads(cur) if upload.upload_id == upload_id]
        if not found:
            raise StoreError("store.no_such_upload", id=upload_id)
        for table in ("answers", "respondent_scores", "collaboration", "comments"):
            cur.execute(
                f"delete from {table} where response_id in (select response_id from responses where upload_id = ?)",
                [upload_id],
            )
        cur.execute("delete from responses where upload_id = ?", [upload_id])
        cur.execute("delete from uploads where upload_id = ?", [upload_id])
    return found[0]


def store_online_response(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    department: str,
    answers: dict[str, int],
    collaboration: dict[str, int],
    comment: str,
    instrument: Instrument | None = None,
) -> int:
    """Store one questionnaire filled in online, without any name; return its response id."""
    instrument = instrument or load_instrument()
    unknown = set(answers) - set(instrument.item_codes)
    if unknown:
        raise StoreError("store.unknown_items", codes=", ".join(sorted(unknown)))
    if any(not 1 <= value <= 5 for value in [*answers.values(), *collaboration.values()]):
        raise StoreError("store.answer_out_of_range")
    with transaction(con) as cur:
        wave_id = ensure_wave(cur, wave)
        department_ids = ensure_departments(cur, [department, *collaboration])
        response_id = _reserve_response_ids(cur, 1)[0]
        cur.execute(
            "insert into responses values (?, ?, ?, null, null, current_timestamp, ?)",
            [response_id, wave_id, department_ids[department], instrument.version],
        )
        for code, value in answers.items():
            cur.execute("insert into answers values (?, ?, ?)", [response_id, code, value])
        cur.execute(RESPONDENT_SCORES_FILL, {"first": response_id, "last": response_id})
        for target, rating in collaboration.items():
            cur.execute(
                "insert into collaboration values (?, ?, ?)", [response_id, department_ids[target], rating]
            )
        if comment.strip():
            cur.execute("insert into comments values (?, ?)", [response_id, comment.strip()])
    return response_id


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every table, used to prove that a rejected input changed nothing."""
    cur = con.cursor()
    return {table: cur.execute(f"select count(*) from {table}").fetchone()[0] for table in TABLES}
