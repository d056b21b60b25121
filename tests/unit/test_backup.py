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
    """Every table's column types and all its rows, in a fixed order; the audit trail aside (see `trail`)."""
    cur = con.cursor()
    return {
        table: (
            cur.execute(
                "select column_name, data_type from duckdb_columns() where table_name = ?", [table]
            ).fetchall(),
            cur.execute(f"select * from {table} order by all").fetchall(),
        )
        for table in store.TABLES
        if table != "audit_log"
    }


def trail(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str, str, str]]:
    """The audit trail: id, role, actor, action and detail of every entry, oldest first."""
    return con.execute(
        "select entry_id, role, actor, action, detail from audit_log order by entry_id"
    ).fetchall()


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
    backed_up = trail(source)[:-1]
    assert {table: len(rows) for table, (_, rows) in expected.items()} | {
        "audit_log": len(backed_up)
    } == counts
    assert expected == contents(restored)
    assert all(rows for table, (_, rows) in expected.items()), (
        "every table must hold rows to prove the round trip"
    )
    assert next_ids(source) == next_ids(restored)
    source.close()


def test_backup_and_restore_are_recorded_in_the_audit_trail(
    original: tuple[Path, Path], tmp_path: Path
) -> None:
    source_path, folder = original
    source = store.connect(source_path)
    before = trail(source)
    source.close()
    restored = store.connect(tmp_path / "restored.duckdb")
    backup.restore(restored, folder)
    responses = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["tables"]["responses"][
        "rows"
    ]
    last = before[-1][0]
    assert (
        ("admin", "command line", "backup", f"to {folder}: {responses} responses"),
        [*before[:-1], (last, "admin", "command line", "restore", f"from {folder}: {responses} responses")],
    ) == (before[-1][1:], trail(restored))
    restored.close()


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


def tampered_copy(folder: Path, tmp_path: Path, **manifest_fields: object) -> Path:
    """A copy of a backup whose manifest has these top-level fields replaced as they are."""
    copy = tmp_path / "tampered"
    copy.mkdir()
    for file in folder.iterdir():
        (copy / file.name).write_bytes(file.read_bytes())
    path = copy / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(manifest_fields)
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return copy


def with_table_entry(folder: Path, table: str, **changes: object) -> dict:
    """The manifest's tables with one table's entry changed."""
    tables = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["tables"]
    return {**tables, table: {**tables[table], **changes}}


def refused_and_unchanged(copy: Path, tmp_path: Path) -> str:
    """Restore a tampered backup over a database with data; the refusal's sentence, once the data is unchanged."""
    con = store.connect(tmp_path / "target.duckdb")
    store.store_batch(con, ingest.read_upload(canonical_csv(5, 8), "own.csv"), wave="Eigene")
    before = contents(con)
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(con, copy, force=True)
    assert before == contents(con)
    con.close()
    return str(refused.value)


def test_a_backup_without_tables_is_refused_rather_than_emptying_the_database(
    original: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = tampered_copy(original[1], tmp_path, tables={})
    missing = ", ".join(sorted(set(store.TABLES) - backup.DERIVED_TABLES))
    assert (
        f"The backup in {copy} lacks the tables {missing}; a backup must hold every table, so nothing was restored."
        == refused_and_unchanged(copy, tmp_path)
    )


def test_an_older_schema_version_on_a_newer_backup_is_refused(
    original: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = tampered_copy(original[1], tmp_path, schema_version=1)
    assert (
        f"The manifest of the backup in {copy} gives schema version 1, but its data records {store.SCHEMA_VERSION};"
        " nothing was restored." == refused_and_unchanged(copy, tmp_path)
    )


@pytest.mark.parametrize(
    ("value", "shown"), [("3", "'3'"), (3.0, "3.0"), (True, "True"), (0, "0"), (None, "None")]
)
def test_a_schema_version_that_is_not_a_whole_number_in_range_is_refused(
    original: tuple[Path, Path], tmp_path: Path, value: object, shown: str
) -> None:
    copy = tampered_copy(original[1], tmp_path, schema_version=value)
    assert (
        f"{copy / 'manifest.json'} gives the schema version as {shown}, which is not a whole number from 1 to"
        f" {store.SCHEMA_VERSION}; nothing was restored." == refused_and_unchanged(copy, tmp_path)
    )


@pytest.mark.parametrize(
    ("field", "tamper"),
    [
        ("sequences", lambda folder: {"sequences": {"wave_ids": "7"}}),
        ("sequences", lambda folder: {"sequences": {"wave_ids": 2.5}}),
        ("sequences", lambda folder: {"sequences": {"secret_ids": 1}}),
        ("sequences", lambda folder: {"sequences": [1, 2]}),
        ("tables", lambda folder: {"tables": ["answers"]}),
        ("tables.answers", lambda folder: {"tables": with_table_entry(folder, "answers", rows="12")}),
        ("tables.answers", lambda folder: {"tables": with_table_entry(folder, "answers", rows=-1)}),
        (
            "tables.answers",
            lambda folder: {"tables": with_table_entry(folder, "answers", file="../answers.parquet")},
        ),
        ("tables.answers", lambda folder: {"tables": with_table_entry(folder, "answers", file=None)}),
        (
            "tables.answers",
            lambda folder: {"tables": {**with_table_entry(folder, "answers"), "answers": "x"}},
        ),
    ],
)
def test_bad_values_in_the_manifest_give_one_sentence_and_change_nothing(
    original: tuple[Path, Path], tmp_path: Path, field: str, tamper
) -> None:
    copy = tampered_copy(original[1], tmp_path, **tamper(original[1]))
    message = refused_and_unchanged(copy, tmp_path)
    assert message.startswith(f"{copy / 'manifest.json'} has an invalid {field} (")
    assert message.endswith("); nothing was restored.")
    assert "\n" not in message


def test_a_symbolic_link_in_the_backup_is_refused(original: tuple[Path, Path], tmp_path: Path) -> None:
    copy = tampered_copy(original[1], tmp_path)
    outside = tmp_path / "elsewhere.parquet"
    (copy / "comments.parquet").rename(outside)
    (copy / "comments.parquet").symlink_to(outside)
    assert (
        f"{copy / 'comments.parquet'} is a symbolic link; a backup holds only plain files, so nothing was restored."
        == refused_and_unchanged(copy, tmp_path)
    )


def test_falsified_scores_in_a_backup_are_computed_afresh(
    original: tuple[Path, Path], tmp_path: Path
) -> None:
    source_path, folder = original
    copy = tampered_copy(folder, tmp_path)
    scores = copy / "respondent_scores.parquet"
    forged = duckdb.connect()
    forged.execute(
        f"copy (select response_id, dimension, 5.0 as score from read_parquet('{scores}')) to '{tmp_path / 'f.parquet'}'"
        " (format parquet)"
    )
    forged.close()
    scores.write_bytes((tmp_path / "f.parquet").read_bytes())
    tables = with_table_entry(copy, "respondent_scores", sha256=backup._sha256(scores))
    (copy / "manifest.json").write_text(
        json.dumps({**json.loads((copy / "manifest.json").read_text(encoding="utf-8")), "tables": tables}),
        encoding="utf-8",
    )
    con = store.connect(tmp_path / "restored.duckdb")
    backup.restore(con, copy)
    source = store.connect(source_path)
    assert contents(source)["respondent_scores"] == contents(con)["respondent_scores"]
    source.close()


@pytest.mark.slow
def test_cli_restore_of_a_tampered_backup_exits_1_with_one_sentence(
    original: tuple[Path, Path], tmp_path: Path
) -> None:
    copy = tampered_copy(original[1], tmp_path, tables={})
    result = run_cli("--db", str(tmp_path / "cli.duckdb"), "restore", str(copy))
    assert (1, "", 1) == (result.returncode, result.stdout, result.stderr.count("\n"))
    assert result.stderr.startswith(f"error: The backup in {copy} lacks the tables ")
