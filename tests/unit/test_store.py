"""The store's revision counter, its schema version, and its errors in both languages."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from survey_data import ADMIN, prepared_invitation
from trust_data import ITEM_CODES, canonical_csv

from smm_maturity import backup, ingest, invites, plans, store, upload_scope, waves
from smm_maturity.instrument import load_instrument

Write = Callable[[duckdb.DuckDBPyConnection], object]

PREPARED: dict[str, invites.Invitation] = {}
OWN_UPLOAD: dict[str, int] = {}
"""The unused access code of the current test's database, for the writes that answer with it."""


def answer(con: duckdb.DuckDBPyConnection, value: int) -> None:
    """Answer every item with one value through the prepared access code."""
    invites.submit(
        con, PREPARED["invitation"], dict.fromkeys(ITEM_CODES, value), {}, "gut", load_instrument()
    )


@pytest.fixture
def con(demo_db_template: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A private copy of the demo organisation, with one action and one upload of its own."""
    path = tmp_path / "store.duckdb"
    shutil.copyfile(demo_db_template, path)
    connection = store.connect(path)
    plans.add_action(connection, "SIL", "Wissensrunde", "Marketing")
    OWN_UPLOAD["id"] = store.store_batch(
        connection, ingest.read_upload(canonical_csv(8, 6), "eigen.csv"), "Welle 5"
    ).upload_id
    PREPARED["invitation"] = prepared_invitation(connection, "Online 2027", "Marketing")
    yield connection
    connection.close()


def first_action(con: duckdb.DuckDBPyConnection) -> int:
    return plans.actions(con)[0].action_id


WRITES: dict[str, Write] = {
    "import": lambda con: store.store_batch(
        con, ingest.read_upload(canonical_csv(7, 6), "neu.csv"), "Welle 3"
    ),
    "undo": lambda con: store.undo_upload(con, OWN_UPLOAD["id"]),
    "online response": lambda con: answer(con, 4),
    "new wave": lambda con: waves.create_wave(con, "Welle 4", {"Marketing": None}, ADMIN),
    "wave closed": lambda con: waves.close_wave(con, "Online 2027", ADMIN),
    "publication": lambda con: waves.publish(con, "Online 2027", 5, ADMIN),
    "access codes": lambda con: invites.generate_codes(con, "Online 2027", "Marketing", 3, ADMIN),
    "workshop link": lambda con: invites.create_workshop_link(con, "Online 2027", "Marketing", 9, ADMIN),
    "headcount": lambda con: store.set_headcount(con, "Marketing", 99),
    "setting": lambda con: store.set_setting(con, "min_group", "7"),
    "column mapping": lambda con: upload_scope.save_mapping(con, "IT", "abc", {"Frage 1": "SIL1"}),
    "target": lambda con: plans.set_target(con, "SIL", 4),
    "department target": lambda con: plans.set_target(con, "SIL", 3, "Marketing"),
    "new action": lambda con: plans.add_action(con, "KOO", "Schnittstellen klären"),
    "action edit": lambda con: plans.update_action(con, first_action(con), status="done"),
    "action deleted": lambda con: plans.delete_action(con, first_action(con)),
    "organisation name": lambda con: plans.set_organisation_name(con, "Muster GmbH"),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_moves_the_revision_on_by_one(con: duckdb.DuckDBPyConnection, write: Write) -> None:
    before = store.revision(con)
    write(con)
    assert before + 1 == store.revision(con)


REFUSED: dict[str, Write] = {
    "undo of no upload": lambda con: store.undo_upload(con, 10_000),
    "same file again": lambda con: store.store_batch(
        con, ingest.read_upload(canonical_csv(7, 6), "neu.csv"), "Welle 3"
    ),
    "unknown department": lambda con: plans.set_target(con, "SIL", 3, "Nirgendwo"),
    "answer out of range": lambda con: answer(con, 6),
    "wave of the same name": lambda con: waves.create_wave(con, "Online 2027", {"IT": None}, ADMIN),
    "open wave opened again": lambda con: waves.open_wave(con, "Online 2027", ADMIN),
    "codes for a department outside the wave": lambda con: invites.generate_codes(
        con, "Online 2027", "IT", 3, ADMIN
    ),
}


@pytest.mark.parametrize("write", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_write_leaves_the_revision(con: duckdb.DuckDBPyConnection, write: Write) -> None:
    WRITES["import"](con)
    before = (store.revision(con), store.table_counts(con))
    with pytest.raises(store.StoreError):
        write(con)
    assert before == (store.revision(con), store.table_counts(con))


def test_reads_leave_the_revision(con: duckdb.DuckDBPyConnection) -> None:
    before = store.revision(con)
    store.waves(con), store.uploads(con), store.headcounts(con), plans.actions(con), plans.target_stages(con)
    with store.snapshot(con) as cur:
        cur.execute("select count(*) from answers").fetchone()
    assert before == store.revision(con)


def test_a_new_database_starts_at_revision_0_with_the_newest_schema(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "new.duckdb")
    assert (0, [(store.SCHEMA_VERSION,)]) == (
        store.revision(con),
        con.execute("select version from schema_info").fetchall(),
    )


def test_a_version_2_database_gets_the_revision_when_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = store.connect(path)
    store.set_headcount(con, "Marketing", 12)
    con.execute("drop table revision")
    con.execute("update schema_info set version = 2")
    con.close()
    reopened = store.connect(path)
    assert (store.SCHEMA_VERSION, 0, {"Marketing": 12}) == (
        reopened.execute("select version from schema_info").fetchone()[0],
        store.revision(reopened),
        store.headcounts(reopened),
    )


def test_a_restore_moves_the_revision_on_and_never_back(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    backup.backup(con, tmp_path / "backup")
    target = store.connect(tmp_path / "target.duckdb")
    for _ in range(5):
        store.set_setting(target, "min_group", "5")
    backup.restore(target, tmp_path / "backup", force=True)
    assert (set(store.TABLES), 6) == (
        set(backup.read_manifest(tmp_path / "backup")["tables"]),
        store.revision(target),
    )
    assert "revision" not in store.TABLES


# ------------------------------------------------------------------------------------------ errors


def test_a_store_error_is_english_for_the_cli_and_german_for_the_ui(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(store.StoreError) as refused:
        store.undo_upload(con, 10_000)
    assert (
        "There is no upload #10000; `uploads` lists the existing ones.",
        "Es gibt keinen Upload #10000; `uploads` listet die vorhandenen.",
    ) == (str(refused.value), refused.value.message("de"))


def test_a_duplicate_names_the_earlier_upload_with_the_languages_date(con: duckdb.DuckDBPyConnection) -> None:
    WRITES["import"](con)
    earlier = store.uploads(con)[0]
    with pytest.raises(store.ImportRejected) as refused:
        WRITES["import"](con)
    at = {"en": f"{earlier.created_at:%Y-%m-%d %H:%M}", "de": f"{earlier.created_at:%d.%m.%Y %H:%M}"}
    assert (
        f"neu.csv has exactly the same content as upload #{earlier.upload_id} (neu.csv, wave Welle 3,"
        f" {at['en']}); nothing was imported. Undo that upload first if you want to replace it.",
        f"neu.csv hat genau denselben Inhalt wie Upload #{earlier.upload_id} (neu.csv, Welle Welle 3,"
        f" {at['de']}); nichts wurde importiert. Machen Sie diesen Upload zuerst rückgängig, wenn Sie ihn"
        " ersetzen wollen.",
    ) == (str(refused.value), refused.value.message("de"))


def test_a_batch_with_errors_describes_its_first_problem_in_each_language(
    con: duckdb.DuckDBPyConnection,
) -> None:
    batch = ingest.read_upload(canonical_csv(7, 6).replace(b";4;", b";9;", 1), "kaputt.csv")
    assert batch.errors
    with pytest.raises(store.ImportRejected) as refused:
        store.store_batch(con, batch, "Welle 3")
    first = batch.errors[0]
    assert (
        f"kaputt.csv has {len(batch.errors)} problem(s) and was not imported: {first.describe('en', 'kaputt.csv')}",
        f"kaputt.csv hat {len(batch.errors)} Problem(e) und wurde nicht importiert: {first.describe('de', 'kaputt.csv')}",
    ) == (str(refused.value), refused.value.message("de"))


def test_store_errors_are_localised_errors_with_their_parameters() -> None:
    error = store.DatabaseBusy("store.busy", path="/srv/augenhoehe.duckdb")
    assert (error.key, error.params) == ("store.busy", {"path": "/srv/augenhoehe.duckdb"})
    assert isinstance(error, store.StoreError)
    assert "/srv/augenhoehe.duckdb" in error.message("de")


def test_respondent_ids_are_stored_as_keyed_hashes_and_still_refuse_duplicates(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "ids.duckdb")
    store.store_batch(con, ingest.read_upload(canonical_csv(0, 6), "first.csv"), "Welle 1")
    file_ids = ingest.read_upload(canonical_csv(0, 6), "first.csv").responses["respondent_key"].tolist()
    stored = [
        row[0] for row in con.execute("select respondent_key from responses order by response_id").fetchall()
    ]
    key = store.installation_key(con)
    assert [hashlib.sha256(f"{key}:{file_id}".encode()).hexdigest() for file_id in file_ids] == stored
    again = ingest.read_upload(canonical_csv(0, 6) + b"\n", "again.csv")
    with pytest.raises(store.ImportRejected) as refused:
        store.store_batch(con, again, "Welle 1")
    assert "respondent id(s) already exist" in str(refused.value)


def test_ids_known_in_the_wave_are_refused_naming_their_rows_and_nothing_is_stored(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "known.duckdb")
    store.store_batch(con, ingest.read_upload(canonical_csv(0, 6), "first.csv"), "Welle 1")
    store.store_batch(con, ingest.read_upload(canonical_csv(2, 3), "other wave.csv"), "Welle 2")
    second = canonical_csv(1, 4).replace(b"m01-000001", b"m00-000002").replace(b"m01-000003", b"m00-000004")
    before = (store.revision(con), store.table_counts(con))
    with pytest.raises(store.ImportRejected) as refused:
        store.store_batch(con, ingest.read_upload(second, "second.csv"), "Welle 1")
    assert (
        "second.csv, column respondent_id: 2 respondent id(s) already exist in wave Welle 1"
        " (rows 3 (m00-000002), 5 (m00-000004)). Remove these rows or import the file into another wave."
    ) == str(refused.value)
    assert before == (store.revision(con), store.table_counts(con))
    elsewhere = canonical_csv(3, 2).replace(b"m03-000000", b"m02-000001")
    assert 2 == store.store_batch(con, ingest.read_upload(elsewhere, "third.csv"), "Welle 1").row_count


def test_the_same_id_hashes_differently_in_another_installation(tmp_path: Path) -> None:
    keys = []
    for name in ("one", "two"):
        con = store.connect(tmp_path / f"{name}.duckdb")
        store.store_batch(con, ingest.read_upload(canonical_csv(0, 6), "first.csv"), "Welle 1")
        keys.append(con.execute("select min(respondent_key) from responses").fetchone()[0])
    assert keys[0] != keys[1]
