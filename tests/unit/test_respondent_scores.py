"""Each response's dimension scores are stored with it: by the importer, online, by migration and by restore."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest
from survey_data import answered_survey

from smm_maturity import backup, demo, ingest, store

FORMATS = Path(__file__).parents[1] / "data" / "formats"


def stored_scores(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("select * from respondent_scores order by all").fetchall()


def recomputed_scores(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """The scores as the SQL rule computes them from the stored answers (the database is left as it was)."""
    con.execute("begin")
    con.execute("delete from respondent_scores")
    con.execute(store.RESPONDENT_SCORES_FILL, store.EVERY_RESPONSE)
    scores = stored_scores(con)
    con.execute("rollback")
    return scores


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """The demo organisation, the six respondents of the canonical file, an undone upload and two online
    responses, one of which answers too few SIL items for a SIL score."""
    con = store.connect(tmp_path / "scores.duckdb")
    demo.load_demo(con)
    canonical = FORMATS / "canonical.csv"
    store.store_batch(con, ingest.read_upload(canonical.read_bytes(), canonical.name), wave="Einzeln")
    undone = store.store_batch(
        con, ingest.read_upload((FORMATS / "google_forms_de.csv").read_bytes(), "g.csv"), wave="Weg"
    )
    store.undo_upload(con, undone.upload_id)
    answered_survey(
        con,
        "Online",
        [
            ("IT", {"SIL1": 5, "SIL3": 1, "TRA1": 4, "TRA2": 2, "TRA3": 3}, {}, ""),
            ("IT", {"SIL1": 5, "SIL2": 4, "SIL3": 1}, {}, ""),
        ],
        k=2,
    )
    return con


def test_the_importer_and_online_responses_store_what_the_rule_computes(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert recomputed_scores(con) == stored_scores(con)


def test_the_half_answered_rule_leaves_out_scores(con: duckdb.DuckDBPyConnection) -> None:
    online = con.execute(
        "select dimension, score from respondent_scores where response_id = (select max(response_id) - 1"
        " from responses) order by dimension"
    ).fetchall()
    assert [("TRA", 3.0)] == online
    responses, dimensions = con.execute(
        "select count(*), (select count(distinct dimension) from instrument_items) from responses"
    ).fetchone()
    assert len(stored_scores(con)) < responses * dimensions


def test_an_undone_upload_leaves_no_scores(con: duckdb.DuckDBPyConnection) -> None:
    orphans = con.execute(
        "select count(*) from respondent_scores where response_id not in (select response_id from responses)"
    ).fetchone()[0]
    assert 0 == orphans


def test_a_version_1_database_gets_the_scores_when_it_is_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = store.connect(path)
    demo.load_demo(con)
    expected = stored_scores(con)
    con.execute("drop table respondent_scores")
    con.execute("update schema_info set version = 1")
    con.close()
    reopened = store.connect(path)
    assert (store.SCHEMA_VERSION, expected) == (
        reopened.execute("select version from schema_info").fetchone()[0],
        stored_scores(reopened),
    )


def test_restoring_a_backup_without_scores_computes_them(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    expected = stored_scores(con)
    folder = tmp_path / "backup"
    backup.backup(con, folder)
    manifest_path = folder / backup.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    (folder / manifest["tables"].pop("respondent_scores")["file"]).unlink()
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    restored = store.connect(tmp_path / "restored.duckdb")
    backup.restore(restored, folder)
    assert expected == stored_scores(restored)


def test_sixty_times_a_stored_score_is_the_exact_integer_of_its_answers(
    con: duckdb.DuckDBPyConnection,
) -> None:
    """A score is the mean of 1 to 6 answers, so `round(score * 60)` is exactly 60 × that mean.

    Scoring sums these integers instead of the doubles, which makes group means exact in any row order.
    """
    stored = con.execute("select response_id, dimension, score from respondent_scores").fetchall()
    answers = con.execute(
        "select a.response_id, i.dimension, list(case when i.reverse then 6 - a.value else a.value end)"
        " from answers a join responses r using (response_id)"
        " join instrument_items i on i.instrument_version = r.instrument_version and i.item_code = a.item_code"
        " group by all"
    ).fetchall()
    exact = {
        (response, dimension): Fraction(sum(values), len(values)) for response, dimension, values in answers
    }
    assert stored
    assert [] == [
        (response, dimension, score)
        for response, dimension, score in stored
        if abs(score * 60 - round(score * 60)) > 1e-9
        or Fraction(round(score * 60), 60) != exact[response, dimension]
    ]
