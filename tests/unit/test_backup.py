"""Backup to Parquet and restore: identical tables, ids that go on, and refusals that change nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from survey_data import ADMIN, answered_survey, open_survey
from trust_data import ITEM_CODES, canonical_csv

from smm_maturity import backup, demo, ingest, invites, store
from smm_maturity.i18n import LocalisedError

ROOT = Path(__file__).resolve().parents[2]


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """The demo organisation plus a row in every other table, and gaps in the ids from an undone upload."""
    demo.load_demo(con)
    undone = store.store_batch(
        con, ingest.read_upload(canonical_csv(3, 12), "undone.csv"), wave="Herbst 2025"
    )
    store.undo_upload(con, undone.upload_id)
    answered_survey(
        con,
        "Online 2026",
        [("Marketing", {code: 4 for code in ITEM_CODES}, {"IT": 2}, "Online, mit „Anführungszeichen“")] * 3,
    )
    open_survey(con, "Workshop 2027", {"IT": None})
    invites.create_workshop_link(con, "Workshop 2027", "IT", 12, ADMIN)
    store.set_setting(con, "min_group", "6")
    with store.transaction(con) as cur:
        cur.execute("insert into targets values ('SIL', 0, 4), ('TRA', 3, 5)")
        cur.execute(
            "insert into actions (dimension, department_id, title, owner, due_on, status)"
            " values ('KOO', 2, 'Schnittstellen klären', 'GF', date '2026-06-30', 'in_progress'),"
            " ('SIL', null, 'Wissensrunde', '', null, 'open')"
        )
        cur.execute("delete from actions where title = 'Wissensrunde'")
        cur.execute(
            "insert into column_mappings (header_signature, mapping) values (?, ?)",
            ["abc123", json.dumps({"Frage 1": "SIL1", "Bereich": "department"})],
        )


def contents(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[list, list]]:
    """Every table's column types and all its rows, in a fixed order."""
    cur = con.cursor()
    return {
        table: (
            cur.execute(
                "select column_name, data_type from duckdb_columns() where table_name = ?", [table]
            ).fetchall(),
            cur.execute(f"select * from {table} order by all").fetchall(),
        )
        for table in store.TABLES
    }


def next_ids(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The id each sequence hands out next (this uses it up)."""
    cur = con.cursor()
    return {
        sequence: cur.execute(f"select nextval('{sequence}')").fetchone()[0] for sequence in backup.SEQUENCES
    }


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A filled database and its backup directory."""
    folder = tmp_path_factory.mktemp("original")
    con = store.connect(folder / "original.duckdb")
    fill(con)
    backup.backup(con, folder / "backup")
    con.close()
    return folder / "original.duckdb", folder / "backup"


def test_every_sequence_of_the_schema_is_known(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "fresh.duckdb")
    names = {row[0] for row in con.execute("select sequence_name from duckdb_sequences()").fetchall()}
    assert set(backup.SEQUENCES) == names


def test_round_trip_restores_every_table_identically(original: tuple[Path, Path], tmp_path: Path) -> None:
    source_path, folder = original
    source = store.connect(source_path)
    expected = contents(source)
    restored = store.connect(tmp_path / "restored.duckdb")
    counts = backup.restore(restored, folder)
    assert {table: len(rows) for table, (_, rows) in expected.items()} == counts
    assert expected == contents(restored)
    assert all(rows for table, (_, rows) in expected.items()), (
        "every table must hold rows to prove the round trip"
    )
    assert next_ids(source) == next_ids(restored)
    source.close()


def test_new_rows_after_a_restore_do_not_collide(original: tuple[Path, Path], tmp_path: Path) -> None:
    _, folder = original
    con = store.connect(tmp_path / "restored.duckdb")
    backup.restore(con, folder)
    highest = con.execute(
        "select (select max(upload_id) from uploads), (select max(response_id) from responses),"
        " (select max(action_id) from actions), (select max(wave_id) from waves),"
        " (select max(department_id) from departments)"
    ).fetchone()
    upload = store.store_batch(con, ingest.read_upload(canonical_csv(4, 6), "after.csv"), wave="Herbst 2026")
    answered_survey(con, "Online 2027", [("Neu", {"SIL1": 3}, {}, "")] * 3)
    response_id = con.execute("select max(response_id) from responses").fetchone()[0]
    with store.transaction(con) as cur:
        action_id = cur.execute(
            "insert into actions (dimension, title) values ('MON', 'KPIs') returning action_id"
        )
        action_id = action_id.fetchone()[0]
    wave_id, department_id = con.execute(
        "select (select wave_id from waves where name = 'Herbst 2026'), (select department_id from departments where name = 'Neu')"
    ).fetchone()
    new = (upload.upload_id, response_id, action_id, wave_id, department_id)
    assert all(n > h for n, h in zip(new, highest, strict=True)), (new, highest)
    # ids of the undone upload are not handed out again either
    assert upload.upload_id == highest[0] + 2


def test_restore_refuses_a_database_with_data_unless_forced(
    original: tuple[Path, Path], tmp_path: Path
) -> None:
    source_path, folder = original
    con = store.connect(tmp_path / "busy.duckdb")
    store.store_batch(con, ingest.read_upload(canonical_csv(5, 8), "own.csv"), wave="Eigene")
    before = contents(con)
    with pytest.raises(store.StoreError, match="already holds data"):
        backup.restore(con, folder)
    assert before == contents(con)
    backup.restore(con, folder, force=True)
    source = store.connect(source_path)
    assert contents(source) == contents(con)
    source.close()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda folder: (folder / "manifest.json").unlink(), "holds no manifest.json"),
        (lambda folder: (folder / "manifest.json").write_text("{not json"), "is damaged"),
        (lambda folder: edit_manifest(folder, schema_version=99), "newer version of Augenhöhe (schema 99"),
        (
            lambda folder: edit_manifest(folder, format="something-else"),
            "not the manifest of an Augenhöhe backup",
        ),
        (lambda folder: (folder / "answers.parquet").unlink(), "lacks the file of table answers"),
        (lambda folder: (folder / "comments.parquet").write_bytes(b"PAR1 changed"), "changed or damaged"),
        (
            lambda folder: edit_manifest(folder, tables={"secrets": {}}),
            "tables this version does not know: secrets",
        ),
    ],
)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    original: tuple[Path, Path], tmp_path: Path, damage, words: str
) -> None:
    _, folder = original
    copy = tmp_path / "copy"
    copy.mkdir()
    for file in folder.iterdir():
        (copy / file.name).write_bytes(file.read_bytes())
    damage(copy)
    con = store.connect(tmp_path / "target.duckdb")
    store.store_batch(con, ingest.read_upload(canonical_csv(5, 8), "own.csv"), wave="Eigene")
    before = contents(con)
    with pytest.raises(store.StoreError, match=words.replace("(", r"\(")):
        backup.restore(con, copy, force=True)
    assert before == contents(con)


def edit_manifest(folder: Path, **changes: object) -> None:
    """Change top-level fields of a backup's manifest."""
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        manifest[key] = {**manifest[key], **value} if isinstance(value, dict) else value
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_a_failure_halfway_through_a_restore_rolls_all_of_it_back(
    original: tuple[Path, Path], tmp_path: Path
) -> None:
    _, folder = original
    copy = tmp_path / "copy"
    copy.mkdir()
    for file in folder.iterdir():
        (copy / file.name).write_bytes(file.read_bytes())
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["actions"]["rows"] += 1  # the last table disagrees, after all others were restored
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    con = store.connect(tmp_path / "target.duckdb")
    store.store_batch(con, ingest.read_upload(canonical_csv(5, 8), "own.csv"), wave="Eigene")
    before = contents(con)
    ids_before = con.execute(
        "select sequence_name, last_value from duckdb_sequences() order by all"
    ).fetchall()
    with pytest.raises(store.StoreError, match="Table actions came back with 1 rows instead of 2"):
        backup.restore(con, copy, force=True)
    assert before == contents(con)
    assert (
        ids_before
        == con.execute("select sequence_name, last_value from duckdb_sequences() order by all").fetchall()
    )


def test_backup_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "db.duckdb")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(store.StoreError, match="is not an empty directory"):
        backup.backup(con, tmp_path / "out")
    assert ["keep.txt"] == [file.name for file in (tmp_path / "out").iterdir()]


def test_a_refusal_names_the_directory_in_either_language(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "db.duckdb")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(backup.BackupError) as refused:
        backup.backup(con, tmp_path / "out")
    assert isinstance(refused.value, store.StoreError) and isinstance(refused.value, LocalisedError)
    assert (
        f"{tmp_path / 'out'} is not an empty directory; choose a new or empty one for the backup.",
        f"{tmp_path / 'out'} ist kein leeres Verzeichnis; wählen Sie für die Sicherung ein neues oder leeres.",
    ) == (str(refused.value), refused.value.message("de"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smm_maturity", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


@pytest.mark.slow
def test_cli_backup_and_restore(original: tuple[Path, Path], tmp_path: Path) -> None:
    source_path, _ = original
    written = run_cli("--db", str(source_path), "backup", "--out", str(tmp_path / "cli-backup"))
    assert (
        0,
        "",
        f"Backup written to {tmp_path / 'cli-backup'}: 411 responses in 3 uploads, 19 tables (schema version {store.SCHEMA_VERSION}).\n",
    ) == (written.returncode, written.stderr, written.stdout)
    target = tmp_path / "cli.duckdb"
    restored = run_cli("--db", str(target), "restore", str(tmp_path / "cli-backup"))
    assert (0, "", f"Restored {tmp_path / 'cli-backup'}: 411 responses in 3 uploads.\n") == (
        restored.returncode,
        restored.stderr,
        restored.stdout,
    )
    again = run_cli("--db", str(target), "restore", str(tmp_path / "cli-backup"))
    assert 1 == again.returncode
    assert again.stderr.startswith("error: The database already holds data")
    source, copy = store.connect(source_path), store.connect(target)
    assert contents(source) == contents(copy)
    source.close()
    copy.close()
