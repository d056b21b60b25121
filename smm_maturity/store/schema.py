"""The schema, in one versioned constant, the migrations that lift older databases to it, and the tables."""

from __future__ import annotations

import secrets

import duckdb
import pandas as pd

from smm_maturity.instrument import Instrument
from smm_maturity.store.errors import StoreError

SCHEMA_VERSION = 4

SCHEMA = """
create sequence if not exists wave_ids start 1;
create sequence if not exists department_ids start 1;
create sequence if not exists upload_ids start 1;
create sequence if not exists response_ids start 1;
create sequence if not exists action_ids start 1;
create sequence if not exists publication_ids start 1;
create sequence if not exists link_ids start 1;
create sequence if not exists audit_ids start 1;
create table if not exists schema_info (version integer not null);
create table if not exists revision (number bigint not null);
create table if not exists settings (key varchar primary key, value varchar not null);
create table if not exists waves (
    wave_id integer primary key default nextval('wave_ids'),
    name varchar not null unique,
    created_at timestamp not null default current_timestamp,
    status varchar default 'closed',
    kind varchar default 'import',
    closes_on date,
    interpretation varchar default ''
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
    instrument_version varchar not null,
    publication_id integer
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
create table if not exists wave_departments (
    wave_id integer not null,
    department_id integer not null,
    primary key (wave_id, department_id)
);
create table if not exists publications (
    publication_id integer primary key default nextval('publication_ids'),
    wave_id integer not null,
    kind varchar not null,
    published_at timestamp not null default current_timestamp
);
create table if not exists access_codes (
    code_hash varchar primary key,
    wave_id integer not null,
    department_id integer not null,
    used boolean not null default false
);
create table if not exists workshop_links (
    link_id integer primary key default nextval('link_ids'),
    wave_id integer not null,
    department_id integer not null,
    answer_limit integer not null check (answer_limit > 0),
    answers integer not null default 0
);
create table if not exists audit_log (
    entry_id bigint primary key default nextval('audit_ids'),
    recorded_at timestamp not null default current_timestamp,
    role varchar not null,
    actor varchar not null default '',
    action varchar not null,
    detail varchar not null default ''
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

INSTALLATION_KEY = "installation_key"
"""The setting that holds this installation's random key for signing links and hashing codes and ids."""

RESPONDENT_KEY = "sha256(?::varchar || ':' || {id})"
"""A respondent id as it is stored: keyed and hashed, so duplicates are still found but the id is not kept.

The installation key is its bound parameter: a subquery for the key costs a third of a 50,000-row insert."""

REVISION_START = "insert into revision select 0 where not exists (select * from revision)"
"""The revision counter's one row, starting at 0."""

PUBLICATION_START = """
alter table waves add column if not exists status varchar default 'closed';
alter table waves add column if not exists kind varchar default 'import';
alter table waves add column if not exists closes_on date;
alter table waves add column if not exists interpretation varchar default '';
alter table responses add column if not exists publication_id integer;
insert into publications (wave_id, kind)
    select distinct wave_id, 'import' from responses where publication_id is null order by wave_id;
update responses set publication_id = p.publication_id
    from publications p where p.wave_id = responses.wave_id and responses.publication_id is null;
update responses set respondent_key = sha256(
    (select value from settings where key = 'installation_key') || ':' || respondent_key
) where respondent_key is not null;
"""
"""Waves get a lifecycle (older ones are closed imports), every stored response is published (one
publication per wave that holds responses), and respondent ids are kept only as keyed hashes."""

MIGRATIONS: dict[int, tuple[str, dict[str, int]]] = {
    2: (RESPONDENT_SCORES_FILL, EVERY_RESPONSE),
    3: (REVISION_START, {}),
    4: (PUBLICATION_START, {}),
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
    "wave_departments",
    "publications",
    "access_codes",
    "workshop_links",
    "audit_log",
)
"""The tables that hold data, in the order a backup writes them. The revision is not among them: it counts
this database's writes for the caches, so a restore moves it on instead of taking an old value back."""


def migrate(cur: duckdb.DuckDBPyConnection, version: int) -> None:
    """Lift data written under schema `version` to the newest schema, inside the caller's transaction.

    The installation key comes first: a step may need it.
    """
    cur.execute(
        "insert into settings select ?, ? where not exists (select * from settings where key = ?)",
        [INSTALLATION_KEY, secrets.token_hex(32), INSTALLATION_KEY],
    )
    for step in range(version + 1, SCHEMA_VERSION + 1):
        statement, params = MIGRATIONS[step]
        cur.execute(statement, params or None)
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
