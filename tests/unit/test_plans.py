"""Targets and action plans in the store, their tables and diffs, and the rubric's suggestions, without the web layer."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from smm_maturity import i18n, plans, scoring, store
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()
DEMO_WAVE = "Frühjahr 2026"


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A fresh database that knows three departments, one named like a formula as an older version allowed, and
    holds no answers."""
    connection = store.connect(tmp_path / "plans.duckdb")
    with store.transaction(connection) as cur:
        store.ensure_departments(cur, ["Marketing", "Vertrieb"])
        cur.execute("insert into departments (name) values ('=HYPERLINK(1)')")
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def demo_scores(demo_db_template: Path) -> scoring.WaveScores:
    connection = duckdb.connect(str(demo_db_template), read_only=True)
    scores = scoring.wave_scores(connection, DEMO_WAVE, 5)
    connection.close()
    return scores


def test_department_targets_fall_back_to_the_organisation(con: duckdb.DuckDBPyConnection) -> None:
    plans.set_target(con, "SIL", 4)
    plans.set_target(con, "KOO", 3)
    plans.set_target(con, "SIL", 3, "Marketing")
    plans.set_target(con, "MON", 5, "Marketing")

    assert {"SIL": 4, "KOO": 3} == plans.target_stages(con)
    assert {"SIL": 3, "KOO": 3, "MON": 5} == plans.target_stages(con, "Marketing")
    assert {"SIL": 4, "KOO": 3} == plans.target_stages(con, "Vertrieb")
    assert {"SIL": 3, "MON": 5} == plans.own_target_stages(con, "Marketing")
    assert {} == plans.own_target_stages(con, "Vertrieb")


def test_setting_a_target_replaces_it_and_none_removes_it(con: duckdb.DuckDBPyConnection) -> None:
    plans.set_target(con, "SIL", 2)
    plans.set_target(con, "SIL", 5)
    assert {"SIL": 5} == plans.target_stages(con)
    plans.set_target(con, "SIL", None)
    assert {} == plans.target_stages(con)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda con: plans.set_target(con, "SIL", 6), ["between 1 and 5"]),
        (lambda con: plans.set_target(con, "SIL", 0), ["between 1 and 5"]),
        (lambda con: plans.set_target(con, "XYZ", 3), ["dimension", "XYZ"]),
        (lambda con: plans.set_target(con, "SIL", 3, "Nirgendwo"), ["department", "Nirgendwo"]),
        (lambda con: plans.add_action(con, "SIL", "   "), ["title"]),
        (lambda con: plans.add_action(con, "SIL", "Tun", status="later"), ["status", "later"]),
        (lambda con: plans.add_action(con, "NOPE", "Tun"), ["dimension", "NOPE"]),
        (lambda con: plans.add_action(con, "SIL", "Tun", "Nirgendwo"), ["department", "Nirgendwo"]),
        (lambda con: plans.update_action(con, 999, title="x"), ["#999"]),
        (lambda con: plans.delete_action(con, 999), ["#999"]),
    ],
)
def test_bad_plans_are_refused_with_a_message(con: duckdb.DuckDBPyConnection, call, words: list[str]) -> None:
    before = store.table_counts(con)
    with pytest.raises(plans.PlanError) as refused:
        call(con)
    assert all(word in str(refused.value) for word in words)
    assert before == store.table_counts(con)


def test_an_action_is_stored_as_given(con: duckdb.DuckDBPyConnection) -> None:
    added = plans.add_action(
        con, "KOO", "  Schnittstellen   klären ", "Marketing", " Jana ", date(2026, 5, 1)
    )
    assert (
        added.dimension,
        added.department,
        added.title,
        added.owner,
        added.due_on,
        added.status,
    ) == ("KOO", "Marketing", "Schnittstellen klären", "Jana", date(2026, 5, 1), "open")
    assert [added] == plans.actions(con)


def test_actions_are_listed_open_first_then_by_due_date(con: duckdb.DuckDBPyConnection) -> None:
    plans.add_action(con, "SIL", "erledigt", status="done", due_on=date(2026, 1, 1))
    plans.add_action(con, "SIL", "offen, später", due_on=date(2026, 9, 1))
    plans.add_action(con, "SIL", "in Arbeit", status="in_progress")
    plans.add_action(con, "SIL", "offen, bald", due_on=date(2026, 3, 1))
    plans.add_action(con, "SIL", "offen, ohne Datum")
    plans.add_action(con, "SIL", "verworfen", status="dropped")

    assert ["offen, bald", "offen, später", "offen, ohne Datum", "in Arbeit", "erledigt", "verworfen"] == [
        a.title for a in plans.actions(con)
    ]
    assert ["in Arbeit", "erledigt"] == [a.title for a in plans.actions(con, ("in_progress", "done"))]


def test_updating_an_action_changes_only_what_is_given(con: duckdb.DuckDBPyConnection) -> None:
    action = plans.add_action(con, "MON", "KPI-Review", owner="Tim", due_on=date(2026, 4, 30))

    changed = plans.update_action(con, action.action_id, status="in_progress")
    assert ("KPI-Review", "Tim", date(2026, 4, 30), "in_progress") == (
        changed.title,
        changed.owner,
        changed.due_on,
        changed.status,
    )
    changed = plans.update_action(
        con, action.action_id, owner="Ana", due_on=None, title="KPI-Review monatlich"
    )
    assert ("KPI-Review monatlich", "Ana", None, "in_progress") == (
        changed.title,
        changed.owner,
        changed.due_on,
        changed.status,
    )


def test_deleting_an_action_removes_it(con: duckdb.DuckDBPyConnection) -> None:
    keep = plans.add_action(con, "SIL", "bleibt")
    gone = plans.add_action(con, "SIL", "geht")
    plans.delete_action(con, gone.action_id)
    assert [keep] == plans.actions(con)


def test_excluded_departments_leave_their_actions_out(con: duckdb.DuckDBPyConnection) -> None:
    plans.add_action(con, "SIL", "für alle")
    plans.add_action(con, "SIL", "Marketing", "Marketing")
    plans.add_action(con, "SIL", "Vertrieb", "Vertrieb")
    assert ["für alle", "Vertrieb"] == [
        a.title for a in plans.actions(con, excluded=frozenset({"Marketing"}))
    ]


def test_a_suggestion_is_the_rubric_step_at_the_groups_stage(demo_scores: scoring.WaveScores) -> None:
    produktion = demo_scores.department("Produktion").dimensions["SIL"].stage
    organisation = demo_scores.organisation.dimensions["SIL"].stage
    assert produktion != organisation
    assert INSTRUMENT.rubric_entry("SIL", produktion).next_step("de") == plans.suggested_title(
        demo_scores, "SIL", "de", "Produktion"
    )
    assert INSTRUMENT.rubric_entry("SIL", organisation).next_step("en") == plans.suggested_title(
        demo_scores, "SIL", "en"
    )


@pytest.mark.parametrize("hidden", ["Recht", "Finanzen"])
def test_a_hidden_department_gets_the_organisations_suggestion(
    demo_scores: scoring.WaveScores, hidden: str
) -> None:
    assert demo_scores.department(hidden).suppressed
    for code in INSTRUMENT.dimension_codes:
        assert plans.suggested_title(demo_scores, code, "de") == plans.suggested_title(
            demo_scores, code, "de", hidden
        )


def test_without_scores_the_suggestion_starts_at_stage_one() -> None:
    assert INSTRUMENT.rubric_entry("KUL", 1).next_step("de") == plans.suggested_title(None, "KUL", "de")


def test_gaps_count_the_stages_still_missing(demo_scores: scoring.WaveScores) -> None:
    produktion = demo_scores.department("Produktion")
    targets = {"SIL": 4, "KOO": 2, "VER": 5}
    expected = {code: max(stage - produktion.dimensions[code].stage, 0) for code, stage in targets.items()}
    assert expected == plans.target_gaps(produktion, targets)
    assert {} == plans.target_gaps(demo_scores.department("Recht"), targets)


def test_target_means_are_the_stage_thresholds() -> None:
    assert {"SIL": 1.0, "KOO": 3.4, "MON": 4.2} == plans.target_means(
        {"SIL": 1, "KOO": 4, "MON": 5}, INSTRUMENT
    )


def test_the_organisation_name_is_stored_tidied(con: duckdb.DuckDBPyConnection) -> None:
    assert "" == plans.organisation_name(con)
    plans.set_organisation_name(con, "  Muster   GmbH ")
    assert "Muster GmbH" == plans.organisation_name(con)


# ------------------------------------------------------------------------------------------- texts


def test_a_refusal_is_english_for_the_command_line_and_either_language_for_the_page(
    con: duckdb.DuckDBPyConnection,
) -> None:
    with pytest.raises(plans.PlanError) as refused:
        plans.set_target(con, "SIL", 3, "Nirgendwo")
    assert isinstance(refused.value, store.StoreError)
    assert ("plans.error.unknown_department", {"name": "Nirgendwo"}) == (
        refused.value.key,
        refused.value.params,
    )
    assert 'There is no department named "Nirgendwo".' == str(refused.value)
    assert "Es gibt keine Abteilung namens „Nirgendwo“." == refused.value.message("de")


def test_every_refusal_of_the_plans_has_its_text_in_both_languages() -> None:
    source = (Path(plans.__file__)).read_text(encoding="utf-8")
    used = set(re.findall(r'PlanError\(\s*"([a-z_.]+)"', source))
    catalogued = {key for key in i18n.catalogue("en") if key.startswith("plans.")}
    assert catalogued == used
    assert catalogued <= set(i18n.catalogue("de"))


# ------------------------------------------------------------------------------------------- tables

NAMES = plans.Names(INSTRUMENT, "en")


def test_names_say_what_the_tables_show() -> None:
    assert ("Whole organisation", "Marketing", "Whole organisation") == (
        NAMES.group(None),
        NAMES.group("Marketing"),
        NAMES.group(plans.ORGANISATION),
    )
    assert ("Transparency", "OLD") == (NAMES.dimension("TRA"), NAMES.dimension("OLD"))
    assert ("no target", "no target", "4 Integrated") == (NAMES.stage(None), NAMES.stage(0), NAMES.stage(4))
    assert ("in progress", "Status", "Target") == (
        NAMES.status("in_progress"),
        NAMES.columns()["status"],
        NAMES.columns()["target"],
    )
    assert ("Maßnahme", "Fällig") == (
        plans.Names(INSTRUMENT, "de").columns()["title"],
        plans.Names(INSTRUMENT, "de").columns()["due"],
    )


def test_the_groups_to_choose_are_the_organisation_then_every_department(
    demo_scores: scoring.WaveScores,
) -> None:
    assert [plans.ORGANISATION] == plans.group_options(None)
    assert [plans.ORGANISATION, *(group.group for group in demo_scores.departments)] == plans.group_options(
        demo_scores
    )


def test_the_targets_table_shows_shown_stages_and_what_a_department_inherits(
    con: duckdb.DuckDBPyConnection, demo_scores: scoring.WaveScores
) -> None:
    with store.transaction(con) as cur:
        store.ensure_departments(cur, ["Produktion", "Recht"])
    plans.set_target(con, "SIL", 4)
    plans.set_target(con, "KOO", 2, "Produktion")
    rows = plans.target_rows(con, demo_scores, "Produktion", NAMES)
    produktion = demo_scores.department("Produktion")
    assert ["code", "dimension", "current", "target", "inherited"] == list(rows.columns)
    assert {
        "code": "SIL",
        "dimension": "Silos & knowledge sharing",
        "current": NAMES.stage(produktion.dimensions["SIL"].stage),
        "target": plans.NO_TARGET,
        "inherited": "4 Integrated (as whole organisation)",
    } == rows.iloc[0].to_dict()
    assert (2, "") == tuple(rows.loc[rows["code"] == "KOO", ["target", "inherited"]].iloc[0])
    hidden = plans.target_rows(con, demo_scores, "Recht", NAMES)
    assert {"–"} == set(hidden["current"])
    organisation = plans.target_rows(con, None, None, NAMES)
    assert ["code", "dimension", "current", "target"] == list(organisation.columns)
    assert [4, 0] == list(organisation["target"][:2])


def test_saving_targets_writes_only_what_changed(con: duckdb.DuckDBPyConnection) -> None:
    plans.set_target(con, "SIL", 4)
    plans.set_target(con, "TRA", 2)
    edited = plans.target_rows(con, None, None, NAMES)
    edited.loc[edited["code"] == "SIL", "target"] = 5
    edited.loc[edited["code"] == "TRA", "target"] = plans.NO_TARGET
    edited.loc[edited["code"] == "MON", "target"] = 3
    assert {"SIL": 5, "TRA": None, "MON": 3} == plans.target_changes(plans.own_target_stages(con), edited)
    assert 3 == plans.save_targets(con, edited)
    assert {"SIL": 5, "MON": 3} == plans.target_stages(con)
    assert 0 == plans.save_targets(con, edited)


def test_the_actions_table_has_stable_columns(con: duckdb.DuckDBPyConnection) -> None:
    first = plans.add_action(con, "KOO", "Runde", "Marketing", "Jana", date(2026, 5, 1))
    second = plans.add_action(con, "MON", "KPI", status="in_progress")
    rows = plans.action_rows(plans.actions(con), NAMES, deletable=True)
    assert [
        {
            "id": first.action_id,
            "code": "KOO",
            "dimension": "Department coordination",
            "department": "Marketing",
            "title": "Runde",
            "owner": "Jana",
            "due": date(2026, 5, 1),
            "status": "open",
            "delete": False,
        },
        {
            "id": second.action_id,
            "code": "MON",
            "dimension": "Monitoring & success control",
            "department": "Whole organisation",
            "title": "KPI",
            "owner": "",
            "due": None,
            "status": "in_progress",
            "delete": False,
        },
    ] == rows.to_dict("records")
    assert list(plans.ACTION_FIELDS) == list(plans.action_rows([], NAMES).columns)


def test_an_edited_actions_table_becomes_the_changes_it_asks_for(con: duckdb.DuckDBPyConnection) -> None:
    keep = plans.add_action(con, "SIL", "bleibt", owner="Tim", due_on=date(2026, 5, 1))
    change = plans.add_action(con, "KOO", "Runde", owner="Jana", due_on=date(2026, 6, 1))
    drop = plans.add_action(con, "MON", "KPI")
    existing = plans.actions(con)
    edited = plans.action_rows(existing, NAMES, deletable=True)
    edited["due"] = edited["due"].astype(object)
    row = edited.index[edited["id"] == change.action_id][0]
    edited.loc[row, ["title", "owner", "status"]] = [None, None, "done"]
    edited.loc[row, "due"] = pd.Timestamp("2026-07-15")
    edited.loc[edited["id"] == drop.action_id, "delete"] = True
    assert [
        plans.ActionChange(
            change.action_id, fields={"owner": "", "due_on": date(2026, 7, 15), "status": "done"}
        ),
        plans.ActionChange(drop.action_id, delete=True),
    ] == plans.action_changes(existing, edited)
    assert 2 == plans.save_actions(con, existing, edited)
    after = {a.action_id: a for a in plans.actions(con)}
    assert [keep.action_id, change.action_id] == sorted(after)
    assert ("Runde", "", date(2026, 7, 15), "done") == (
        after[change.action_id].title,
        after[change.action_id].owner,
        after[change.action_id].due_on,
        after[change.action_id].status,
    )
    assert keep == after[keep.action_id]


def test_an_edit_that_empties_a_title_keeps_the_old_one(con: duckdb.DuckDBPyConnection) -> None:
    action = plans.add_action(con, "SIL", "Titel", owner="Tim")
    edited = plans.action_rows([action], NAMES).assign(title="   ", owner=" Tim ")
    assert [] == plans.action_changes([action], edited)
    assert 0 == plans.save_actions(con, [action], edited)
    assert [action] == plans.actions(con)


def test_saving_an_action_deleted_meanwhile_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    action = plans.add_action(con, "SIL", "Titel")
    edited = plans.action_rows([action], NAMES).assign(status="done")
    plans.delete_action(con, action.action_id)
    with pytest.raises(plans.PlanError) as refused:
        plans.save_actions(con, [action], edited)
    assert f"There is no action #{action.action_id}." == str(refused.value)
