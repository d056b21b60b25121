"""Crash safety with real processes: SIGKILL in the middle of an import, and right after a confirmed one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from trust_data import DIMENSION_CODES, ITEM_CODES, canonical_csv

from smm_maturity import ingest, store

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = Path(__file__).resolve().parents[1] / "support"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

CHILD_PREAMBLE = f"""
import sys, time
sys.path[:0] = [{str(ROOT)!r}, {str(SUPPORT)!r}]
from trust_data import canonical_csv
from smm_maturity import ingest, store
"""


def start_child(body: str, db: Path) -> subprocess.Popen[str]:
    """Run a child that opens `db` and does `body`, reporting progress on its standard output."""
    code = CHILD_PREAMBLE + f"con = store.connect({str(db)!r})\n" + textwrap.dedent(body)
    return subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )


def kill_when(child: subprocess.Popen[str], word: str, timeout: float = 120) -> str:
    """Read the child's output until a line starts with `word`, then SIGKILL it at once; return that line."""
    deadline = time.monotonic() + timeout
    assert child.stdout is not None
    while time.monotonic() < deadline:
        line = child.stdout.readline()
        if line.startswith(word):
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=30)
            assert -signal.SIGKILL == child.returncode
            return line
        if not line and child.poll() is not None:
            break
    child.kill()
    raise AssertionError(f"the child never said {word!r}: {child.stderr.read() if child.stderr else ''}")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database file that already holds one upload, closed so a child process can own it."""
    path = tmp_path / "crash.duckdb"
    con = store.connect(path)
    store.store_batch(con, ingest.read_upload(canonical_csv(1, 40), "earlier.csv"), wave="Welle 1")
    con.close()
    return path


@pytest.mark.slow
def test_sigkill_in_the_middle_of_an_import_leaves_no_trace(db: Path) -> None:
    con = store.connect(db)
    before = store.table_counts(con)
    uploads_before = store.uploads(con)
    con.close()
    child = start_child(
        """
        batch = ingest.read_upload(canonical_csv(7, 50_000), "big.csv")
        assert not batch.errors, batch.errors[:3]
        insert_frame = store.responses._insert_frame

        def insert_then_stall(cur, table, frame, *columns):
            insert_frame(cur, table, frame, *columns)
            if table == "answers":
                print("midway", len(frame), flush=True)
                time.sleep(600)

        store.responses._insert_frame = insert_then_stall
        store.store_batch(con, batch, wave="Welle 2")
        print("stored", flush=True)
        """,
        db,
    )
    line = kill_when(child, "midway")
    assert f"midway {50_000 * len(ITEM_CODES)}\n" == line

    con = store.connect(db)
    assert before == store.table_counts(con)
    assert uploads_before == store.uploads(con)
    assert ["Welle 1"] == store.all_wave_names(con)
    again = store.store_batch(con, ingest.read_upload(canonical_csv(7, 50), "big.csv"), wave="Welle 2")
    assert 50 == again.row_count


@pytest.mark.slow
def test_a_confirmed_upload_survives_a_sigkill_right_after(db: Path) -> None:
    con = store.connect(db)
    before = store.table_counts(con)
    con.close()
    child = start_child(
        """
        batch = ingest.read_upload(canonical_csv(8, 20_000), "confirmed.csv")
        upload = store.store_batch(con, batch, wave="Welle 2")
        print("stored", upload.upload_id, flush=True)
        time.sleep(600)
        """,
        db,
    )
    upload_id = int(kill_when(child, "stored").split()[1])

    con = store.connect(db)
    after = store.table_counts(con)
    assert {
        **before,
        "waves": before["waves"] + 1,
        "departments": before["departments"] + 1,
        "uploads": before["uploads"] + 1,
        "responses": before["responses"] + 20_000,
        "answers": before["answers"] + 20_000 * len(ITEM_CODES),
        "respondent_scores": before["respondent_scores"] + 20_000 * len(DIMENSION_CODES),
        "collaboration": before["collaboration"] + 20_000 * 3,
        "comments": before["comments"] + 20_000,
        "publications": before["publications"] + 1,
        "audit_log": before["audit_log"] + 1,
    } == after
    survived = [upload for upload in store.uploads(con) if upload.upload_id == upload_id]
    assert [("confirmed.csv", "Welle 2", 20_000)] == [(u.file_name, u.wave, u.row_count) for u in survived]


@pytest.mark.parametrize("failing_table", ["responses", "answers", "collaboration", "comments"])
def test_an_error_halfway_through_an_import_leaves_no_trace(
    db: Path, monkeypatch: pytest.MonkeyPatch, failing_table: str
) -> None:
    con = store.connect(db)
    before = store.table_counts(con)
    insert_frame = store.responses._insert_frame

    def insert_then_fail(cur, table: str, frame, *columns: str) -> None:
        insert_frame(cur, table, frame, *columns)
        if table == failing_table:
            raise duckdb.ConstraintException(f"simulated failure after inserting into {table}")

    monkeypatch.setattr(store.responses, "_insert_frame", insert_then_fail)
    with pytest.raises(store.ImportRejected, match=f"simulated failure after inserting into {failing_table}"):
        store.store_batch(con, ingest.read_upload(canonical_csv(5, 200), "halfway.csv"), wave="Welle 2")
    assert before == store.table_counts(con)
    assert ["Welle 1"] == store.all_wave_names(con)
