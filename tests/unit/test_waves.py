"""The survey lifecycle: draft, open, closed; publication department by department; departments kept tidy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from legacy import publish_everything
from survey_data import ADMIN, answer_online, open_survey
from trust_data import ITEM_CODES, canonical_csv

from smm_maturity import audit, ingest, invites, scoring, store, waves

ANSWERS = dict.fromkeys(ITEM_CODES, 4)


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = store.connect(tmp_path / "waves.duckdb")
    yield connection
    connection.close()


def test_a_wave_goes_from_draft_to_open_to_closed(con: duckdb.DuckDBPyConnection) -> None:
    created = waves.create_wave(con, "  Herbst   2027 ", {"Vertrieb": 12, "IT": None}, ADMIN)
    opened = waves.open_wave(con, "Herbst 2027", ADMIN, closes_on=date(2027, 10, 31), today=date(2027, 10, 1))
    closed = waves.close_wave(con, "Herbst 2027", ADMIN)
    assert [
        waves.SurveyWave("Herbst 2027", "draft", "survey", None, ("IT", "Vertrieb")),
        waves.SurveyWave("Herbst 2027", "open", "survey", date(2027, 10, 31), ("IT", "Vertrieb")),
        waves.SurveyWave("Herbst 2027", "closed", "survey", date(2027, 10, 31), ("IT", "Vertrieb")),
    ] == [created, opened, closed]
    assert {"Vertrieb": 12} == store.headcounts(con)
    assert ["wave_close", "wave_open", "wave_create"] == [entry.action for entry in audit.entries(con)]


def test_an_open_wave_takes_answers_only_until_its_end_date() -> None:
    wave = waves.SurveyWave("W", "open", "survey", date(2027, 10, 31), ("IT",))
    assert (True, True, False) == tuple(
        wave.accepting(day) for day in (date(2027, 10, 1), date(2027, 10, 31), date(2027, 11, 1))
    )


STEPS_REFUSED = {
    "same name twice": lambda con: waves.create_wave(con, "W", {"IT": None}, ADMIN),
    "no departments": lambda con: waves.create_wave(con, "Leer", {}, ADMIN),
    "formula as wave name": lambda con: waves.create_wave(con, "=HYPERLINK(1)", {"IT": None}, ADMIN),
    "formula as department": lambda con: waves.create_wave(con, "Neu", {"@SUM(A1)": None}, ADMIN),
    "blank name": lambda con: waves.create_wave(con, "   ", {"IT": None}, ADMIN),
    "zero headcount": lambda con: waves.create_wave(con, "Neu", {"IT": 0}, ADMIN),
    "open twice": lambda con: waves.open_wave(con, "W", ADMIN),
    "end date in the past": lambda con: waves.open_wave(con, "Entwurf", ADMIN, date(2020, 1, 1)),
    "close a draft": lambda con: waves.close_wave(con, "Entwurf", ADMIN),
    "publish a draft": lambda con: waves.publish(con, "Entwurf", 5, ADMIN),
    "unknown wave": lambda con: waves.publish(con, "Gibt es nicht", 5, ADMIN),
    "rename to an existing name": lambda con: waves.rename_department(con, "IT", "Vertrieb", ADMIN),
    "merge into itself": lambda con: waves.merge_departments(con, "IT", "IT", 5, ADMIN),
    "delete a department in use": lambda con: waves.delete_department(con, "IT", ADMIN),
    "delete an unknown department": lambda con: waves.delete_department(con, "Nirgendwo", ADMIN),
}


@pytest.mark.parametrize("step", STEPS_REFUSED.values(), ids=STEPS_REFUSED.keys())
def test_a_refused_step_changes_nothing(con: duckdb.DuckDBPyConnection, step) -> None:
    open_survey(con, "W", {"IT": None, "Vertrieb": None})
    invites.generate_codes(con, "W", "IT", 2, ADMIN)
    waves.create_wave(con, "Entwurf", {"IT": None}, ADMIN)
    before = (store.revision(con), store.table_counts(con))
    with pytest.raises(waves.WaveError) as refused:
        step(con)
    assert before == (store.revision(con), store.table_counts(con))
    assert refused.value.message("de") != refused.value.message("en")


def test_a_publication_releases_only_departments_with_at_least_k_new_answers(
    con: duckdb.DuckDBPyConnection,
) -> None:
    open_survey(con, "W", {"IT": None, "Vertrieb": None, "Einkauf": None})
    for department, count in (("IT", 5), ("Vertrieb", 4)):
        for _ in range(count):
            answer_online(con, "W", department, ANSWERS)
    assert ([], None) == (store.waves(con), scoring.respondent_counts(con, "W").get("IT"))
    first = waves.publish(con, "W", 5, ADMIN)
    answer_online(con, "W", "Vertrieb", ANSWERS)
    answer_online(con, "W", "IT", ANSWERS)
    waves.close_wave(con, "W", ADMIN)
    second = waves.publish(con, "W", 5, ADMIN)
    assert (({"IT": 5}, ("Vertrieb",)), ({"Vertrieb": 5}, ("IT",))) == (
        (first.released, first.held),
        (second.released, second.held),
    )
    assert {"IT": 5, "Vertrieb": 5} == scoring.respondent_counts(con, "W")


def test_nothing_to_release_makes_no_publication(con: duckdb.DuckDBPyConnection) -> None:
    open_survey(con, "W", {"IT": None})
    answer_online(con, "W", "IT", ANSWERS)
    before = store.table_counts(con)["publications"]
    released = waves.publish(con, "W", 5, ADMIN)
    assert (None, {}, ("IT",), before) == (
        released.publication_id,
        released.released,
        released.held,
        store.table_counts(con)["publications"],
    )


def test_participation_shows_fewer_than_k_as_none_and_never_scores(con: duckdb.DuckDBPyConnection) -> None:
    open_survey(con, "W", {"IT": 10, "Vertrieb": 20})
    for _ in range(6):
        answer_online(con, "W", "IT", ANSWERS)
    answer_online(con, "W", "Vertrieb", ANSWERS)
    assert [
        waves.Participation("IT", 6, 10),
        waves.Participation("Vertrieb", None, 20),
    ] == waves.participation(con, "W", 5)
    assert (7, None) == (waves.total_answers(con, "W", None, 5), waves.total_answers(con, "W", "Vertrieb", 5))


def test_a_file_into_an_open_survey_wave_waits_for_publication(con: duckdb.DuckDBPyConnection) -> None:
    batch = ingest.read_upload(canonical_csv(0, 6), "team.csv")
    departments = sorted(set(batch.responses["department"]) | set(batch.collaboration["target_department"]))
    open_survey(con, "W", dict.fromkeys(departments))
    store.store_batch(con, batch, "W")
    assert [] == store.waves(con)
    waves.close_wave(con, "W", ADMIN)
    waves.publish(con, "W", 3, ADMIN)
    assert ["W"] == [wave.name for wave in store.waves(con)]


FILES_REFUSED = {
    "draft wave": ("Entwurf", None),
    "closed wave": ("Zu", None),
    "department outside the wave": ("Ohne", None),
}


@pytest.mark.parametrize(("wave", "department"), FILES_REFUSED.values(), ids=FILES_REFUSED.keys())
def test_a_file_into_a_survey_wave_that_does_not_take_it_is_refused(
    con: duckdb.DuckDBPyConnection, wave: str, department: str | None
) -> None:
    batch = ingest.read_upload(canonical_csv(0, 6), "team.csv")
    departments = sorted(set(batch.responses["department"]) | set(batch.collaboration["target_department"]))
    open_survey(con, "W", dict.fromkeys(departments))
    waves.create_wave(con, "Entwurf", dict.fromkeys(departments), ADMIN)
    open_survey(con, "Zu", dict.fromkeys(departments))
    waves.close_wave(con, "Zu", ADMIN)
    open_survey(con, "Ohne", dict.fromkeys(set(departments) - set(batch.responses["department"])))
    before = store.table_counts(con)
    with pytest.raises(store.ImportRejected) as refused:
        store.store_batch(con, batch, wave, department)
    assert before == store.table_counts(con)
    assert "team.csv" in str(refused.value)


def test_rename_merge_and_delete_keep_every_reference(con: duckdb.DuckDBPyConnection) -> None:
    open_survey(con, "W", {"IT": 4, "Technik": 6, "Alt": None})
    for department in ("IT", "Technik"):
        for _ in range(5):
            answer_online(con, "W", department, ANSWERS, {"Alt": 3})
    waves.close_wave(con, "W", ADMIN)
    waves.publish(con, "W", 5, ADMIN)
    waves.rename_department(con, "Technik", " Technik  &  Betrieb ", ADMIN)
    waves.merge_departments(con, "IT", "Technik & Betrieb", 5, ADMIN)
    con.execute("delete from collaboration")
    waves.delete_department(con, "Alt", ADMIN)
    assert (["Technik & Betrieb"], {"Technik & Betrieb": 10}, {"Technik & Betrieb": 10}) == (
        store.department_names(con),
        store.headcounts(con),
        scoring.respondent_counts(con, "W"),
    )


def test_a_merge_that_would_reveal_a_small_published_group_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    store.store_batch(con, ingest.read_upload(canonical_csv(0, 3), "klein.csv"), "Alt")
    store.store_batch(con, ingest.read_upload(canonical_csv(1, 8), "gross.csv"), "Alt")
    publish_everything(con)
    counts = scoring.respondent_counts(con, "Alt")
    small, large = sorted(counts, key=counts.__getitem__)
    before = store.table_counts(con)
    with pytest.raises(waves.WaveError, match="fewer than 5"):
        waves.merge_departments(con, small, large, 5, ADMIN)
    assert ({small: 3, large: 8}, before) == (counts, store.table_counts(con))
