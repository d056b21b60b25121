"""Access codes and workshop links: who may answer, once, and what a bad code or link is told."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import duckdb
import pytest
from survey_data import ADMIN, open_survey
from trust_data import ITEM_CODES

from smm_maturity import invites, store, waves
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()
ANSWERS = dict.fromkeys(ITEM_CODES, 3)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = store.connect(tmp_path / "invites.duckdb")
    open_survey(connection, "W", {"IT": None, "Vertrieb": None})
    yield connection
    connection.close()


def submit(con: duckdb.DuckDBPyConnection, invitation: invites.Invitation, **given: object) -> None:
    invites.submit(con, invitation, ANSWERS, {"Vertrieb": 4}, "", INSTRUMENT, **given)


def test_codes_are_short_unambiguous_distinct_and_stored_only_as_hashes(
    con: duckdb.DuckDBPyConnection,
) -> None:
    codes = invites.generate_codes(con, "W", "IT", 200, ADMIN)
    stored = {row[0] for row in con.execute("select code_hash from access_codes").fetchall()}
    assert (200, 200, set()) == (len(set(codes)), len(stored), stored & set(codes))
    assert set() == set("".join(codes)) & set("0O1IL")
    assert all(len(code) == invites.CODE_LENGTH for code in codes)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {first}-{second} ", "{first} {second}"])
def test_a_code_is_accepted_however_it_is_typed(con: duckdb.DuckDBPyConnection, typed: str) -> None:
    code = invites.generate_codes(con, "W", "IT", 1, ADMIN)[0]
    text = typed.format(code=code, lower=code.lower(), first=code[:4], second=code[4:])
    assert invites.Invitation("W", "IT", ("IT", "Vertrieb"), code=code) == invites.check(con, code=text)


def test_a_code_answers_exactly_once(con: duckdb.DuckDBPyConnection) -> None:
    code = invites.generate_codes(con, "W", "IT", 1, ADMIN)[0]
    invitation = invites.check(con, code=code)
    submit(con, invitation)
    before = store.table_counts(con)
    with pytest.raises(invites.InvitationRefused, match="already been used"):
        submit(con, invitation)
    with pytest.raises(invites.InvitationRefused, match="already been used"):
        invites.check(con, code=code)
    assert (1, before) == (store.table_counts(con)["responses"], store.table_counts(con))


def test_twenty_concurrent_submissions_with_one_code_store_one(con: duckdb.DuckDBPyConnection) -> None:
    invitation = invites.check(con, code=invites.generate_codes(con, "W", "IT", 1, ADMIN)[0])
    start = threading.Barrier(20)
    outcomes: list[str] = []

    def attempt() -> None:
        start.wait()
        try:
            submit(con, invitation)
            outcomes.append("stored")
        except invites.InvitationRefused as refused:
            outcomes.append(refused.key)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert (["invites.used_code"] * 19 + ["stored"], 1) == (
        sorted(outcomes),
        store.table_counts(con)["responses"],
    )


HOSTILE_CODES = [
    "",
    "ABCD",
    "ABCD-EFG0",
    "A" * 10_000,
    "'; drop table responses; --",
    "ÄBCD-EFGH",
    "\x00" * 8,
]


@pytest.mark.parametrize("text", HOSTILE_CODES)
def test_a_made_up_or_hostile_code_stores_nothing(con: duckdb.DuckDBPyConnection, text: str) -> None:
    invites.generate_codes(con, "W", "IT", 5, ADMIN)
    before = store.table_counts(con)
    with pytest.raises(invites.InvitationRefused) as refused:
        invites.check(con, code=text)
    assert refused.value.key in {"invites.unknown_code", "invites.missing"}
    assert before == store.table_counts(con)


def test_a_forged_invitation_is_refused_at_submission(con: duckdb.DuckDBPyConnection) -> None:
    forged = invites.Invitation("W", "IT", ("IT", "Vertrieb"), code="ABCDEFGH")
    with pytest.raises(invites.InvitationRefused, match="not valid"):
        submit(con, forged)
    assert 0 == store.table_counts(con)["responses"]


def test_a_workshop_link_takes_answers_up_to_its_limit(con: duckdb.DuckDBPyConnection) -> None:
    link = invites.create_workshop_link(con, "W", "Vertrieb", 2, ADMIN)
    invitation = invites.check(con, link=link)
    submit(con, invitation)
    submit(con, invitation)
    with pytest.raises(invites.InvitationRefused, match="all the answers"):
        submit(con, invitation)
    assert (invites.Invitation("W", "Vertrieb", ("IT", "Vertrieb"), link=link), 2) == (
        invitation,
        store.table_counts(con)["responses"],
    )


def tampered(link: str, part: int, value: str) -> str:
    parts = link.split("-")
    parts[part] = value
    return "-".join(parts)


def test_a_link_edited_into_another_department_wave_or_signature_is_refused(
    con: duckdb.DuckDBPyConnection,
) -> None:
    link = invites.create_workshop_link(con, "W", "Vertrieb", 20, ADMIN)
    it_id, wave_id = con.execute(
        "select (select department_id from departments where name = 'IT'), (select wave_id from waves)"
    ).fetchone()
    other_wave = waves.create_wave(con, "X", {"IT": None}, ADMIN)
    hostile = [
        tampered(link, 2, str(it_id)),
        tampered(link, 1, str(wave_id + 1)),
        tampered(link, 3, "0" * 32),
        tampered(link, 0, "999"),
        link + "-1",
        link[:-1],
        "../../etc/passwd",
        "1-1-1-" + "a" * 5000,
    ]
    refusals = []
    for text in hostile:
        with pytest.raises(invites.InvitationRefused) as refused:
            invites.check(con, link=text)
        refusals.append(refused.value.key)
    assert (["invites.bad_link"] * len(hostile), "draft") == (refusals, other_wave.status)


def test_a_link_signed_by_another_installation_is_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    elsewhere = store.connect(tmp_path / "elsewhere.duckdb")
    open_survey(elsewhere, "W", {"IT": None, "Vertrieb": None})
    link = invites.create_workshop_link(elsewhere, "W", "Vertrieb", 20, ADMIN)
    invites.create_workshop_link(con, "W", "Vertrieb", 20, ADMIN)
    with pytest.raises(invites.InvitationRefused, match="not valid"):
        invites.check(con, link=link)


def test_closed_draft_and_expired_waves_refuse_with_their_reason(con: duckdb.DuckDBPyConnection) -> None:
    code = invites.generate_codes(con, "W", "IT", 1, ADMIN)[0]
    waves.create_wave(con, "Später", {"IT": None}, ADMIN)
    later = invites.generate_codes(con, "Später", "IT", 1, ADMIN)[0]
    open_survey(con, "Bald zu", {"IT": None})
    con.execute("update waves set closes_on = date '2027-01-31' where name = 'Bald zu'")
    expiring = invites.generate_codes(con, "Bald zu", "IT", 1, ADMIN)[0]
    waves.close_wave(con, "W", ADMIN)
    reasons = []
    for text, today in ((code, None), (later, None), (expiring, date(2027, 2, 1))):
        with pytest.raises(invites.InvitationRefused) as refused:
            invites.check(con, code=text, today=today)
        reasons.append(refused.value.key)
    assert ["invites.wave_closed", "invites.wave_not_open", "invites.wave_closed"] == reasons
    assert invites.check(con, code=expiring, today=date(2027, 1, 31)).wave == "Bald zu"


def test_codes_and_links_are_only_made_for_a_department_of_the_wave(con: duckdb.DuckDBPyConnection) -> None:
    store.set_headcount(con, "Einkauf", 5)
    before = store.table_counts(con)
    for make in (
        lambda: invites.generate_codes(con, "W", "Einkauf", 3, ADMIN),
        lambda: invites.create_workshop_link(con, "W", "Einkauf", 3, ADMIN),
        lambda: invites.generate_codes(con, "W", "IT", 0, ADMIN),
        lambda: invites.generate_codes(con, "W", "IT", invites.MAX_CODES + 1, ADMIN),
        lambda: invites.create_workshop_link(con, "W", "IT", 0, ADMIN),
    ):
        with pytest.raises(store.StoreError):
            make()
    assert before == store.table_counts(con)


def test_a_rating_of_a_department_outside_the_wave_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    store.set_headcount(con, "Einkauf", 5)
    invitation = invites.check(con, code=invites.generate_codes(con, "W", "IT", 1, ADMIN)[0])
    before = store.table_counts(con)
    with pytest.raises(invites.InvitationRefused):
        invites.submit(con, invitation, ANSWERS, {"Einkauf": 2}, "", INSTRUMENT)
    assert before == store.table_counts(con)


def test_used_codes_cannot_be_paired_with_the_responses_they_gave(con: duckdb.DuckDBPyConnection) -> None:
    codes = invites.generate_codes(con, "W", "IT", 12, ADMIN)
    order_before = con.execute("select code_hash from access_codes order by rowid").fetchall()
    for position in (7, 2, 11, 0, 5, 9):
        submit(con, invites.check(con, code=codes[position]))
    columns = [row[0] for row in con.execute("describe access_codes").fetchall()]
    response_values = {
        str(value)
        for row in con.execute("select * exclude (response_id) from responses").fetchall()
        for value in row
    }
    assert (["code_hash", "wave_id", "department_id", "used"], order_before) == (
        columns,
        con.execute("select code_hash from access_codes order by rowid").fetchall(),
    )
    hashes = {row[0] for row in order_before}
    assert set() == response_values & (hashes | set(codes))
    assert {None} == {row[0] for row in con.execute("select respondent_key from responses").fetchall()}
    assert (
        0
        == con.execute(
            "select count(*) from responses where submitted_at <> date_trunc('day', submitted_at)"
        ).fetchone()[0]
    )
