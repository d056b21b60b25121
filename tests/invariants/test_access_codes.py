"""Access codes cannot be paired with the answers they gave, and a code answers once, even twenty times at once."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import duckdb
import pytest
from survey_data import ADMIN, open_survey

from smm_maturity import invites, store
from smm_maturity.instrument import load_instrument
from smm_maturity.store.catalogue import installation_key
from smm_maturity.store.schema import TABLES

pytestmark = pytest.mark.slow

WAVE = "Frühjahr 2027"
INSTRUMENT = load_instrument()


def code_rows(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(
        "select rowid, code_hash, wave_id, department_id from access_codes order by rowid"
    ).fetchall()


def every_text(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> set[str]:
    """Every value of every table but the codes' own, as text."""
    found: set[str] = set()
    for table in tables:
        for row in con.execute(f"select * from {table}").fetchall():
            found.update(str(value) for value in row)
    return found


@pytest.mark.parametrize("reopen", [False, True])
def test_codes_used_in_random_order_leave_no_order_time_or_trace_that_pairs_them_with_answers(
    tmp_path: Path, reopen: bool
) -> None:
    path = tmp_path / "codes.duckdb"
    con = store.connect(path)
    open_survey(con, WAVE, {"Vertrieb": 30})
    codes = invites.generate_codes(con, WAVE, "Vertrieb", 30, ADMIN)
    generated = code_rows(con)
    hashes = {invites.code_hash(installation_key(con.cursor()), code) for code in codes}
    assert hashes == {row[1] for row in generated}
    order = random.Random(7).sample(codes, len(codes))
    for number, code in enumerate(order):
        invitation = invites.check(con, code=code)
        invites.submit(con, invitation, {"SIL1": 1 + number % 5}, {}, f"Kommentar {number}", INSTRUMENT)
    if reopen:
        con.execute("checkpoint")
        con.close()
        con = store.connect(path)

    columns = con.execute(
        "select column_name, data_type from information_schema.columns where table_name = 'access_codes'"
        " order by ordinal_position"
    ).fetchall()
    assert [
        ("code_hash", "VARCHAR"),
        ("wave_id", "INTEGER"),
        ("department_id", "INTEGER"),
        ("used", "BOOLEAN"),
    ] == columns
    assert generated == code_rows(con)
    assert [(True,)] * len(codes) == con.execute("select used from access_codes order by rowid").fetchall()
    others = tuple(table for table in TABLES if table != "access_codes")
    texts = every_text(con, others)
    printed = {invites.formatted(code) for code in codes}
    assert set() == texts & (set(codes) | printed | hashes)
    assert not any(code in text for text in texts for code in codes)
    con.close()


def test_twenty_concurrent_submissions_with_one_code_store_exactly_one(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "race.duckdb")
    open_survey(con, WAVE, {"IT": None})
    code = invites.generate_codes(con, WAVE, "IT", 1, ADMIN)[0]
    invitation = invites.check(con, code=code)
    start = threading.Barrier(20)
    outcomes: list[str] = []

    def submit() -> None:
        start.wait()
        try:
            invites.submit(con, invitation, {"SIL1": 4}, {}, "", INSTRUMENT)
            outcomes.append("stored")
        except invites.InvitationRefused as refusal:
            outcomes.append(refusal.key)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert ["invites.used_code"] * 19 + ["stored"] == sorted(outcomes)
    assert (1, 1) == con.execute(
        "select (select count(*) from responses), (select count(*) from answers)"
    ).fetchone()
    con.close()
