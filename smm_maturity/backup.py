"""Backup of every table to Parquet with a manifest, and restore of such a backup in one transaction."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from smm_maturity import __version__, store

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


def backup(con: duckdb.DuckDBPyConnection, out_dir: Path | str) -> dict[str, Any]:
    """Write every table to `out_dir` as Parquet, from one consistent snapshot, then the manifest; return it."""
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
    return manifest


def read_manifest(in_dir: Path | str) -> dict[str, Any]:
    """The manifest of a backup directory, checked against the files beside it; BackupError when unusable."""
    folder = Path(in_dir)
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError("backup.no_manifest", folder=str(folder), manifest=MANIFEST)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        version = int(manifest["schema_version"])
        tables = dict(manifest["tables"])
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError("backup.damaged_manifest", path=str(path), reason=str(error)) from None
    if manifest.get("format") != BACKUP_FORMAT:
        raise BackupError("backup.foreign_manifest", path=str(path))
    if version > store.SCHEMA_VERSION:
        raise BackupError("backup.newer", folder=str(folder), version=version, known=store.SCHEMA_VERSION)
    unknown = sorted(set(tables) - set(store.TABLES))
    if unknown:
        raise BackupError("backup.unknown_tables", folder=str(folder), tables=", ".join(unknown))
    for table, entry in tables.items():
        file = folder / str(entry.get("file", ""))
        if not file.is_file() or file.parent != folder:
            raise BackupError("backup.missing_file", folder=str(folder), table=table)
        if _sha256(file) != entry.get("sha256"):
            raise BackupError("backup.changed_file", file=str(file))
    return manifest


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


def restore(con: duckdb.DuckDBPyConnection, in_dir: Path | str, force: bool = False) -> dict[str, int]:
    """Replace the database's contents with a backup, all or nothing; return the restored row counts.

    A database that already holds data is refused unless `force` is given.
    """
    folder = Path(in_dir)
    manifest = read_manifest(folder)
    if not force and holds_data(con):
        raise BackupError("backup.holds_data")
    try:
        with store.transaction(con) as cur:
            for table in reversed(store.TABLES):
                cur.execute(f"delete from {table}")
            for table, entry in manifest["tables"].items():
                cur.execute(
                    f"insert into {table} by name select * from read_parquet(?)",
                    [str(folder / entry["file"])],
                )
                [(restored,)] = cur.execute(f"select count(*) from {table}").fetchall()
                if restored != entry["rows"]:
                    raise BackupError(
                        "backup.row_count", table=table, restored=restored, expected=entry["rows"]
                    )
            store.migrate(cur, int(manifest["schema_version"]))
            _reset_sequences(cur, dict(manifest.get("sequences") or {}))
    except duckdb.Error as error:
        raise BackupError("backup.failed", folder=str(folder), reason=str(error)) from None
    return {table: int(entry["rows"]) for table, entry in manifest["tables"].items()}
