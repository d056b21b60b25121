"""Ten uploads at once through one root connection, as the app's sessions do, while readers watch."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest
from survey_data import ADMIN, open_survey
from trust_data import (
    COLLAB_TARGETS,
    DIMENSION_CODES,
    ITEM_CODES,
    answer_value,
    canonical_csv,
    collab_rating,
    comment,
    department,
)

from smm_maturity import ingest, invites, scoring, store
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()

WRITERS = 10
ROWS = 300
WAVE = "Frühjahr 2026"

# One statement is one snapshot: for every upload and every response, does each table hold all of it?
SNAPSHOT_SQL = """
with per_response as (
    select r.response_id, r.upload_id,
        (select count(*) from answers a where a.response_id = r.response_id) as answers,
        (select count(*) from collaboration c where c.response_id = r.response_id) as ratings,
        (select count(*) from comments m where m.response_id = r.response_id) as comments
    from responses r
)
select u.file_name, u.row_count, count(p.response_id), coalesce(sum(p.answers), 0),
       coalesce(sum(p.ratings), 0), coalesce(sum(p.comments), 0)
from uploads u full join per_response p on p.upload_id = u.upload_id
group by all
"""


def complete(row_count: int) -> tuple[int, int, int, int, int]:
    """What a snapshot shows of an upload of `row_count` respondents that is fully there."""
    return (row_count, row_count, row_count * len(ITEM_CODES), row_count * len(COLLAB_TARGETS), row_count)


def watch(con: duckdb.DuckDBPyConnection, stop: threading.Event, seen: list, torn: list) -> None:
    """Read snapshots in one statement until told to stop, keeping any that shows part of an upload."""
    while not stop.is_set():
        rows = con.cursor().execute(SNAPSHOT_SQL).fetchall()
        seen.append(len(rows))
        torn.extend(row for row in rows if row[1] is None or tuple(row[1:]) != complete(row[1]))


def watch_in_steps(con: duckdb.DuckDBPyConnection, stop: threading.Event, seen: list, torn: list) -> None:
    """Read uploads, responses and answers in three queries of one `store.snapshot`, as a page does."""
    while not stop.is_set():
        with store.snapshot(con) as cur:
            uploads = dict(cur.execute("select upload_id, row_count from uploads").fetchall())
            time.sleep(0.001)
            responses = dict(cur.execute("select upload_id, count(*) from responses group by all").fetchall())
            answers = cur.execute("select count(*) from answers").fetchone()[0]
        seen.append(len(uploads))
        if uploads != responses or answers != sum(uploads.values()) * len(ITEM_CODES):
            torn.append(("in steps", uploads, responses, answers))


@pytest.mark.slow
def test_ten_concurrent_uploads_all_land_unmixed_and_readers_never_see_half(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "shared.duckdb")
    batches = [
        ingest.read_upload(canonical_csv(marker, ROWS), f"upload-{marker:02d}.csv")
        for marker in range(WRITERS)
    ]
    assert [()] * WRITERS == [batch.errors for batch in batches]
    before = store.table_counts(con)
    revision = store.revision(con)
    start = threading.Barrier(WRITERS)
    stop = threading.Event()
    stored: dict[int, store.Upload] = {}
    failures: list[BaseException] = []
    seen: list[int] = []
    torn: list[tuple] = []

    def write(marker: int) -> None:
        start.wait()
        try:
            stored[marker] = store.store_batch(con, batches[marker], wave=WAVE)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    readers = [
        threading.Thread(target=reader, args=(con, stop, seen, torn)) for reader in (watch, watch_in_steps)
    ]
    writers = [threading.Thread(target=write, args=(marker,)) for marker in range(WRITERS)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    stop.set()
    for thread in readers:
        thread.join(timeout=30)

    assert [] == [repr(error) for error in failures]
    assert [] == torn
    assert len(seen) > 10, "the readers must have taken snapshots while the uploads ran"
    assert 0 < len([n for n in seen if 0 < n < WRITERS]), "some snapshots must fall between the uploads"
    after = store.table_counts(con)
    added = {table: after[table] - before[table] for table in after}
    assert {
        **{table: 0 for table in store.TABLES},
        "waves": 1,
        "departments": WRITERS + len(COLLAB_TARGETS),
        "uploads": WRITERS,
        "responses": WRITERS * ROWS,
        "answers": WRITERS * ROWS * len(ITEM_CODES),
        "respondent_scores": WRITERS * ROWS * len(DIMENSION_CODES),
        "collaboration": WRITERS * ROWS * len(COLLAB_TARGETS),
        "comments": WRITERS * ROWS,
        "publications": WRITERS,
        "audit_log": WRITERS,
    } == added
    assert sorted(f"upload-{marker:02d}.csv" for marker in range(WRITERS)) == sorted(
        upload.file_name for upload in stored.values()
    )
    assert expected_contents() == stored_contents(con)
    assert revision + WRITERS == store.revision(con), "every upload moves the revision on once"


def expected_contents() -> dict[str, dict]:
    """Per upload file: the markers that every one of its responses must carry, and nothing else."""
    return {
        f"upload-{marker:02d}.csv": {
            "responses": ROWS,
            "departments": [department(marker)],
            "comments": [comment(marker)],
            "answer_patterns": [
                [f"{code}={answer_value(marker, position)}" for position, code in enumerate(ITEM_CODES)]
            ],
            "rating_patterns": [
                [
                    f"{target}={collab_rating(marker, position)}"
                    for position, target in enumerate(COLLAB_TARGETS)
                ]
            ],
        }
        for marker in range(WRITERS)
    }


def stored_contents(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """Per upload file: the distinct markers found on its responses."""
    item_order = {code: position for position, code in enumerate(ITEM_CODES)}
    target_order = {target: position for position, target in enumerate(COLLAB_TARGETS)}
    rows = (
        con.cursor()
        .execute(
            """
            with per_response as (
                select r.response_id, r.upload_id, d.name as department,
                    (select list(a.item_code || '=' || a.value order by a.item_code)
                     from answers a where a.response_id = r.response_id) as answers,
                    (select list(t.name || '=' || c.rating order by t.name)
                     from collaboration c join departments t on t.department_id = c.target_department_id
                     where c.response_id = r.response_id) as ratings,
                    (select list(m.comment) from comments m where m.response_id = r.response_id) as comments
                from responses r join departments d using (department_id)
            )
            select u.file_name, count(*), list(distinct p.department),
                list(distinct p.comments), list(distinct p.answers), list(distinct p.ratings)
            from per_response p join uploads u using (upload_id)
            group by u.file_name
            """
        )
        .fetchall()
    )
    return {
        file_name: {
            "responses": count,
            "departments": sorted(departments),
            "comments": sorted(c for listed in comments for c in listed),
            "answer_patterns": [
                sorted(pattern, key=lambda pair: item_order[pair.split("=")[0]]) for pattern in answers
            ],
            "rating_patterns": [
                sorted(pattern, key=lambda pair: target_order[pair.split("=")[0]]) for pattern in ratings
            ],
        }
        for file_name, count, departments, comments, answers, ratings in rows
    }


@pytest.mark.parametrize("same_wave", [True, False])
def test_concurrent_online_responses_and_an_upload_all_land(tmp_path: Path, same_wave: bool) -> None:
    con = store.connect(tmp_path / "shared.duckdb")
    batch = ingest.read_upload(canonical_csv(0, 50), "upload-00.csv")
    survey_waves = ["Online"] if same_wave else [f"Online {index}" for index in range(8)]
    for wave in survey_waves:
        open_survey(con, wave, {"Marketing": None, "Vertrieb": None})
    invitations = [
        invites.check(
            con,
            code=invites.generate_codes(con, survey_waves[index % len(survey_waves)], "Marketing", 1, ADMIN)[
                0
            ],
        )
        for index in range(8)
    ]
    revision = store.revision(con)
    start = threading.Barrier(9)
    failures: list[BaseException] = []

    def answer(index: int) -> None:
        start.wait()
        try:
            invites.submit(
                con,
                invitations[index],
                {code: 1 + index % 5 for code in ITEM_CODES},
                {"Vertrieb": 4},
                f"Online {index}",
                INSTRUMENT,
            )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    def upload() -> None:
        start.wait()
        try:
            store.store_batch(con, batch, wave=WAVE)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=answer, args=(index,)) for index in range(8)]
    threads.append(threading.Thread(target=upload))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert [] == [repr(error) for error in failures]
    counts = store.table_counts(con)
    assert (1, 58, 58 * len(ITEM_CODES), 58, revision + 9) == (
        counts["uploads"],
        counts["responses"],
        counts["answers"],
        counts["comments"],
        store.revision(con),
    )


def test_scores_never_show_a_group_below_the_minimum_when_an_upload_lands_while_they_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = store.connect(tmp_path / "shared.duckdb")
    for marker in range(6):
        store.store_batch(con, ingest.read_upload(canonical_csv(marker, 8), f"base-{marker}.csv"), wave=WAVE)
    store.store_batch(con, ingest.read_upload(canonical_csv(9, 3), "small.csv"), wave=WAVE)
    late = ingest.read_upload(canonical_csv(9, 3).replace(b"m09-", b"x09-"), "late.csv")
    read_counts = scoring.cells.count_respondents

    def counts_after_another_upload(cur: duckdb.DuckDBPyConnection, wave: str) -> dict[str, int]:
        store.store_batch(con, late, wave=wave)  # another session's upload lands between two reads
        return read_counts(cur, wave)

    monkeypatch.setattr(scoring.cells, "count_respondents", counts_after_another_upload)
    scores = scoring.wave_scores(con, WAVE, 5)
    assert "late.csv" in [upload.file_name for upload in store.uploads(con)]  # it landed mid-read
    leaking = [
        (group.group, group.index, {code: cell.n for code, cell in group.dimensions.items()})
        for group in scores.departments
        if not group.suppressed
        and group.index is not None
        and min(c.n for c in group.dimensions.values()) < 5
    ]
    assert [] == leaking
