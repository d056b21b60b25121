"""Backup of every table to Parquet with a manifest, and restore of such a backup in one transaction."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from smm_maturity import __version__, audit, config, store

MANIFEST = "manifest.json"
BACKUP_FORMAT = "augenhoehe-backup"

SEQUENCES: dict[str, tuple[str, str]] = {
    "wave_ids": ("waves", "wave_id"),
    "department_ids": ("departments", "department_id"),
    "upload_ids": ("uploads", "upload_id"),
    "response_ids": ("responses", "response_id"),
    "action_ids": ("actions", "action_id"),
    "publication_ids": ("publications", "publication_id"),
    "link_ids": ("workshop_links", "link_id"),
    "audit_ids": ("audit_log", "entry_id"),
}
"""Each sequence of the schema, with the table and column whose ids it hands out."""

DERIVED_TABLES = frozenset({"respondent_scores"})
"""Tables computed from others; a restore computes them afresh instead of trusting the backup."""

TABLES_SINCE: dict[str, int] = {
    "respondent_scores": 2,
    **dict.fromkeys(("wave_departments", "publications", "access_codes", "workshop_links", "audit_log"), 4),
}
"""The schema version that brought each table added after version 1; older backups lack it rightly."""

SETUP_TABLES = frozenset({"schema_info", "instrument_items"})
"""Tables that `store.connect` fills by itself; a database holding nothing else counts as empty."""


class BackupError(store.StoreError):
    """A backup or restore that was refused or failed; nothing was changed."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def holds_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True when any table other than the schema bookkeeping holds a row (the installation key aside)."""
    counts = store.table_counts(con)
    counts["settings"] -= int(
        store.one_value(con.cursor(), "select count(*) from settings where key = ?", [store.INSTALLATION_KEY])
    )
    return any(count for table, count in counts.items() if table not in SETUP_TABLES)


def backup(
    con: duckdb.DuckDBPyConnection, out_dir: Path | str, actor: audit.Actor = audit.COMMAND_LINE
) -> dict[str, Any]:
    """Write every table to `out_dir` as Parquet, from one consistent snapshot, then the manifest, and record
    the backup in the audit trail; return the manifest."""
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError("backup.not_empty", folder=str(out))
    out.mkdir(parents=True, exist_ok=True)
    with store.snapshot(con) as cur:
        tables: dict[str, dict[str, Any]] = {}
        for table in store.TABLES:
            path = out / f"{table}.parquet"
            cur.execute(f"copy (select * from {table}) to ? (format parquet)", [str(path)])
            [(rows,)] = cur.execute(f"select count(*) from {table}").fetchall()
            tables[table] = {"file": path.name, "rows": rows, "sha256": _sha256(path)}
        sequences = dict(
            cur.execute(
                "select sequence_name, last_value from duckdb_sequences() where list_contains(?, sequence_name)",
                [sorted(SEQUENCES)],
            ).fetchall()
        )
    manifest = {
        "format": BACKUP_FORMAT,
        "schema_version": store.SCHEMA_VERSION,
        "app_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": tables,
        "sequences": sequences,
    }
    partial = out / (MANIFEST + ".partial")
    with partial.open("w", encoding="utf-8") as stream:
        json.dump(manifest, stream, ensure_ascii=False, indent=2)
        stream.flush()
        os.fsync(stream.fileno())
    partial.replace(out / MANIFEST)
    with store.transaction(con) as cur:
        audit.record(cur, actor, "backup", f"to {out}: {tables['responses']['rows']} responses")
    return manifest


def _whole(value: object, lowest: int = 0) -> bool:
    """True for a JSON whole number (never a boolean, a float or a text) of at least `lowest`."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= lowest


def required_tables(version: int) -> set[str]:
    """The tables a backup of this schema version must hold: every one that existed then, derived ones aside."""
    return {table for table in store.TABLES if TABLES_SINCE.get(table, 1) <= version} - DERIVED_TABLES


def _refuse_symlinks(folder: Path) -> None:
    for entry in [folder, *folder.iterdir()]:
        if entry.is_symlink():
            raise BackupError("backup.symlink", path=str(entry))


def _check_tables(folder: Path, path: Path, tables: object, version: int) -> dict[str, dict[str, Any]]:
    """The manifest's table entries once each names a plain file, a whole row count and a digest."""
    if not isinstance(tables, dict):
        raise BackupError(
            "backup.bad_field", path=str(path), field="tables", value=config.shown(repr(tables))
        )
    unknown = sorted(set(tables) - set(store.TABLES))
    if unknown:
        raise BackupError("backup.unknown_tables", folder=str(folder), tables=", ".join(unknown))
    missing = sorted(required_tables(version) - set(tables))
    if missing:
        raise BackupError("backup.missing_tables", folder=str(folder), tables=", ".join(missing))
    for table, entry in tables.items():
        name = entry.get("file") if isinstance(entry, dict) else None
        plain = isinstance(name, str) and name == Path(name).name and not name.startswith(".")
        if not (
            isinstance(name, str)
            and plain
            and _whole(entry.get("rows"))
            and isinstance(entry.get("sha256"), str)
        ):
            raise BackupError(
                "backup.bad_field", path=str(path), field=f"tables.{table}", value=config.shown(repr(entry))
            )
        file = folder / name
        if not file.is_file():
            raise BackupError("backup.missing_file", folder=str(folder), table=table)
        if _sha256(file) != entry["sha256"]:
            raise BackupError("backup.changed_file", file=str(file))
    return tables


def _schema_version(value: object, folder: Path, path: Path) -> int:
    """The manifest's schema version once it is a whole number from 1 to the version this code knows."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise BackupError(
            "backup.bad_version", path=str(path), value=config.shown(repr(value)), known=store.SCHEMA_VERSION
        )
    if value > store.SCHEMA_VERSION:
        raise BackupError("backup.newer", folder=str(folder), version=value, known=store.SCHEMA_VERSION)
    return value


def read_manifest(in_dir: Path | str) -> dict[str, Any]:
    """The manifest of a backup directory, checked against the files beside it; BackupError when unusable.

    Every table of the backup's schema version must be there as a plain file (no symbolic link) with its
    digest, the schema version must be a whole number this version knows, and every sequence a whole number.
    """
    folder = Path(in_dir)
    path = folder / MANIFEST
    if folder.is_dir():
        _refuse_symlinks(folder)
    if not path.is_file():
        raise BackupError("backup.no_manifest", folder=str(folder), manifest=MANIFEST)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        raise BackupError("backup.damaged_manifest", path=str(path), reason=str(error)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != BACKUP_FORMAT:
        raise BackupError("backup.foreign_manifest", path=str(path))
    version = _schema_version(manifest.get("schema_version"), folder, path)
    _check_tables(folder, path, manifest.get("tables"), version)
    sequences = manifest.get("sequences", {})
    if not isinstance(sequences, dict) or any(
        name not in SEQUENCES or not (value is None or _whole(value)) for name, value in sequences.items()
    ):
        raise BackupError(
            "backup.bad_field", path=str(path), field="sequences", value=config.shown(repr(sequences))
        )
    return manifest


def _check_stored_version(cur: duckdb.DuckDBPyConnection, folder: Path, version: int) -> None:
    """Refuse a manifest whose schema version differs from the one the backup's data records."""
    stored = [row[0] for row in cur.execute("select distinct version from schema_info").fetchall()]
    if stored != [version]:
        raise BackupError(
            "backup.version_mismatch", folder=str(folder), version=version, stored=", ".join(map(str, stored))
        )


def _reset_sequences(cur: duckdb.DuckDBPyConnection, recorded: dict[str, Any]) -> None:
    """Recreate each sequence to continue past both the restored ids and the ids the backup had handed out."""
    for sequence, (table, column) in SEQUENCES.items():
        [(highest,)] = cur.execute(f"select coalesce(max({column}), 0) from {table}").fetchall()
        start = max(int(highest), int(recorded.get(sequence) or 0)) + 1
        dependents = cur.execute(
            "select table_name, column_name from duckdb_columns() where column_default = ?",
            [f"nextval('{sequence}')"],
        ).fetchall()
        for dependent_table, dependent_column in dependents:
            cur.execute(f"alter table {dependent_table} alter column {dependent_column} drop default")
        cur.execute(f"drop sequence {sequence}")
        cur.execute(f"create sequence {sequence} start {start:d}")
        for dependent_table, dependent_column in dependents:
            cur.execute(
                f"alter table {dependent_table} alter column {dependent_column} set default nextval('{sequence}')"
            )


def restore(
    con: duckdb.DuckDBPyConnection,
    in_dir: Path | str,
    force: bool = False,
    actor: audit.Actor = audit.COMMAND_LINE,
) -> dict[str, int]:
    """Replace the database's contents with a backup, all or nothing; return the restored row counts.

    Derived tables (the respondents' dimension scores) are computed afresh from the restored answers, never
    taken from the backup. A database that already holds data is refused unless `force` is given.
    """
    folder = Path(in_dir)
    manifest = read_manifest(folder)
    version = int(manifest["schema_version"])
    if not force and holds_data(con):
        raise BackupError("backup.holds_data")
    counts: dict[str, int] = {}
    try:
        with store.transaction(con) as cur:
            for table in reversed(store.TABLES):
                cur.execute(f"delete from {table}")
            for table, entry in manifest["tables"].items():
                if table in DERIVED_TABLES:
                    continue
                cur.execute(
                    f"insert into {table} by name select * from read_parquet(?)",
                    [str(folder / entry["file"])],
                )
                [(restored,)] = cur.execute(f"select count(*) from {table}").fetchall()
                if restored != entry["rows"]:
                    raise BackupError(
                        "backup.row_count", table=table, restored=restored, expected=entry["rows"]
                    )
                counts[table] = restored
            _check_stored_version(cur, folder, version)
            store.migrate(cur, version)
            cur.execute("delete from respondent_scores")
            cur.execute(store.RESPONDENT_SCORES_FILL, store.EVERY_RESPONSE)
            [(counts["respondent_scores"],)] = cur.execute(
                "select count(*) from respondent_scores"
            ).fetchall()
            _reset_sequences(cur, dict(manifest.get("sequences") or {}))
            audit.record(cur, actor, "restore", f"from {folder}: {counts['responses']} responses")
    except duckdb.Error as error:
        raise BackupError("backup.failed", folder=str(folder), reason=str(error)) from None
    return counts
