"""Uploads into an import wave, and undoing them, never change a published group by 1 to k-1 respondents.

Generated organisations upload department files of random sizes in random order, and undo random uploads;
after every step, what the readers count (`scoring.respondent_counts`) is compared with the step before.
"""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest
from trust_data import canonical_csv

from smm_maturity import cli, ingest, scoring, store
from smm_maturity.i18n import LocalisedError

WAVE = "Import 2026"


def upload(con: duckdb.DuckDBPyConnection, marker: int, rows: int, number: int) -> store.Upload:
    """A file of `rows` respondents of department `marker`, with ids of their own."""
    content = canonical_csv(marker, rows).replace(f"m{marker:02d}-".encode(), f"u{number:03d}-".encode())
    return store.store_batch(con, ingest.read_upload(content, f"upload-{number}.csv"), WAVE)


def published(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return scoring.respondent_counts(con, WAVE)


def pending(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute(
        "select d.name, count(*) from responses r join departments d using (department_id)"
        " where r.publication_id is null group by d.name"
    ).fetchall()
    return {name: int(count) for name, count in rows}


def changes_by_fewer_than_k(before: dict[str, int], after: dict[str, int], k: int) -> list[str]:
    """The groups (departments and the whole organisation) whose published count changed by 1 to k-1."""
    groups = {name: (before.get(name, 0), after.get(name, 0)) for name in before.keys() | after.keys()}
    groups["(organisation)"] = (sum(before.values()), sum(after.values()))
    return sorted(name for name, (old, new) in groups.items() if 0 < abs(new - old) < k)


@pytest.mark.parametrize("seed", range(8))
def test_no_upload_or_undo_changes_a_published_group_by_fewer_than_k(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    k = rng.choice([3, 5])
    monkeypatch.setenv("SMM_MIN_GROUP", str(k))
    con = store.connect(tmp_path / "org.duckdb")
    markers = rng.sample(range(1, 9), rng.randint(2, 5))
    uploaded: list[int] = []
    refused = 0
    before = published(con)
    for number in range(25):
        if uploaded and rng.random() < 0.3:
            upload_id = rng.choice(uploaded)
            tables = store.table_counts(con)
            try:
                store.undo_upload(con, upload_id)
                uploaded.remove(upload_id)
            except LocalisedError as error:
                assert error.key == "store.undo_would_reveal"
                assert tables == store.table_counts(con)
                refused += 1
        else:
            uploaded.append(upload(con, rng.choice(markers), rng.randint(1, 2 * k), number).upload_id)
        after = published(con)
        assert [] == changes_by_fewer_than_k(before, after, k), f"step {number}"
        assert [] == [name for name, count in after.items() if count < k]
        assert [] == [name for name, count in pending(con).items() if count >= k]
        before = after
    assert sum(before.values()) > 0
    con.close()


def test_a_small_upload_waits_until_its_department_has_k_new_answers(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "org.duckdb")
    upload(con, 1, 6, 0)
    steps = []
    for number, rows in enumerate((2, 2, 1), start=1):
        upload(con, 1, rows, number)
        steps.append((published(con), pending(con)))
    con.close()
    department = "Abteilung 01"
    assert [
        ({department: 6}, {department: 2}),
        ({department: 6}, {department: 4}),
        ({department: 11}, {}),
    ] == steps


def test_an_undo_that_would_show_a_few_answers_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "org.duckdb")
    upload(con, 1, 6, 0)
    few = upload(con, 1, 3, 1)
    upload(con, 1, 2, 2)
    tables = store.table_counts(con)
    with pytest.raises(LocalisedError) as refusal:
        store.undo_upload(con, few.upload_id)
    assert (
        "Upload #2 (upload-1.csv) cannot be undone: Abteilung 01 would lose fewer than 5 published answers, or"
        " keep fewer than 5, and comparing the figures before and after would show the answers taken out."
        " An upload can be undone while its answers wait for a publication, or when each department loses at"
        " least 5 and keeps none or at least 5."
    ) == refusal.value.message("en")
    assert ({"Abteilung 01": 11}, tables) == (published(con), store.table_counts(con))
    con.close()


def test_an_upload_that_waits_or_takes_a_whole_group_out_can_be_undone(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "org.duckdb")
    first = upload(con, 1, 6, 0)
    waiting = upload(con, 1, 2, 1)
    other = upload(con, 2, 5, 2)
    store.undo_upload(con, waiting.upload_id)
    store.undo_upload(con, first.upload_id)
    assert ({"Abteilung 02": 5}, {}) == (published(con), pending(con))
    store.undo_upload(con, other.upload_id)
    assert {} == published(con)
    con.close()


def test_the_command_line_refuses_a_revealing_undo_in_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.duckdb"
    con = store.connect(db)
    upload(con, 1, 6, 0)
    few = upload(con, 1, 3, 1)
    upload(con, 1, 2, 2)
    con.close()
    assert 0 != cli.main(["--db", str(db), "undo", str(few.upload_id)])
    captured = capsys.readouterr()
    assert "Upload #2 (upload-1.csv) cannot be undone: Abteilung 01 would lose fewer than 5" in captured.err
    assert "Traceback" not in captured.err + captured.out
