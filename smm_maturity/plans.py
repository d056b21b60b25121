"""Targets and action plans: a target stage per dimension, and actions with an owner, a due date and a status.

Targets are stored per dimension for the whole organisation (department id 0) and, optionally, per
department; a department without its own target inherits the organisation's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from smm_maturity import store
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.scoring import GroupScore, WaveScores

ORGANISATION_ID = 0
STATUSES = ("open", "in_progress", "done", "dropped")
ORGANISATION_NAME_SETTING = "organisation_name"


class PlanError(store.StoreError):
    """A target or action the store refuses, with a message meant for the user."""


@dataclass(frozen=True)
class Action:
    action_id: int
    dimension: str
    department: str | None
    title: str
    owner: str
    due_on: date | None
    status: str
    created_at: datetime


def _department_id(cur: duckdb.DuckDBPyConnection, department: str | None) -> int | None:
    """The id of a known department (None for the organisation); PlanError for an unknown name."""
    if department is None:
        return None
    row = cur.execute("select department_id from departments where name = ?", [department]).fetchone()
    if row is None:
        raise PlanError(f"There is no department named {department!r}.")
    return int(row[0])


def _check_dimension(dimension: str, instrument: Instrument) -> None:
    """Refuse a dimension the instrument does not have."""
    if dimension not in instrument.dimension_codes:
        known = ", ".join(instrument.dimension_codes)
        raise PlanError(f"There is no dimension {dimension!r} (known: {known}).")


def _check_status(status: str) -> None:
    """Refuse a status outside open, in progress, done and dropped."""
    if status not in STATUSES:
        raise PlanError(f"The status must be one of {', '.join(STATUSES)}, not {status!r}.")


def _clean_title(title: str) -> str:
    """The title with its whitespace tidied; refuse an empty one."""
    cleaned = " ".join(str(title).split())
    if not cleaned:
        raise PlanError("An action needs a title.")
    return cleaned


# ------------------------------------------------------------------------------------------ targets


def target_stages(con: duckdb.DuckDBPyConnection, department: str | None = None) -> dict[str, int]:
    """Dimension to target stage for the organisation, or for a department with the organisation's as fallback."""
    rows = (
        con.cursor()
        .execute(
            "select t.dimension, t.target_stage, t.department_id from targets t"
            " left join departments d on d.department_id = t.department_id"
            " where t.department_id = 0 or (? is not null and d.name = ?)"
            " order by t.department_id",
            [department, department],
        )
        .fetchall()
    )
    return {dimension: int(stage) for dimension, stage, _ in rows}


def own_target_stages(con: duckdb.DuckDBPyConnection, department: str | None = None) -> dict[str, int]:
    """Dimension to target stage set for exactly this group (the organisation when None), without fallback."""
    cur = con.cursor()
    department_id = _department_id(cur, department)
    rows = cur.execute(
        "select dimension, target_stage from targets where department_id = ?",
        [ORGANISATION_ID if department_id is None else department_id],
    ).fetchall()
    return {dimension: int(stage) for dimension, stage in rows}


def set_target(
    con: duckdb.DuckDBPyConnection,
    dimension: str,
    stage: int | None,
    department: str | None = None,
    instrument: Instrument | None = None,
) -> None:
    """Set the target stage of a dimension for the organisation or one department; None removes it."""
    _check_dimension(dimension, instrument or load_instrument())
    if stage is not None and not 1 <= int(stage) <= 5:
        raise PlanError(f"A target stage lies between 1 and 5, not {stage}.")
    with store.transaction(con) as cur:
        department_id = _department_id(cur, department)
        key = ORGANISATION_ID if department_id is None else department_id
        cur.execute("delete from targets where dimension = ? and department_id = ?", [dimension, key])
        if stage is not None:
            cur.execute("insert into targets values (?, ?, ?)", [dimension, key, int(stage)])


def target_means(stages: Mapping[str, int], instrument: Instrument) -> dict[str, float]:
    """Dimension to the lowest mean that reaches its target stage, for drawing targets on the 1 to 5 scale."""
    return {
        dimension: max(instrument.stage(stage).min_mean, 1.0)
        for dimension, stage in stages.items()
        if dimension in instrument.dimension_codes
    }


def target_gaps(group: GroupScore, stages: Mapping[str, int]) -> dict[str, int]:
    """Dimension to the number of stages still missing to its target (0 once reached), for shown dimensions."""
    return {
        dimension: max(stage - (group.dimensions[dimension].stage or 0), 0)
        for dimension, stage in stages.items()
        if dimension in group.dimensions
        and not group.dimensions[dimension].hidden
        and group.dimensions[dimension].stage is not None
    }


# ------------------------------------------------------------------------------------------ actions


ACTION_COLUMNS = (
    "select a.action_id, a.dimension, d.name, a.title, a.owner, a.due_on, a.status, a.created_at"
    " from actions a left join departments d on d.department_id = a.department_id"
)


def actions(
    con: duckdb.DuckDBPyConnection,
    statuses: Sequence[str] = STATUSES,
    excluded: frozenset[str] = frozenset(),
) -> list[Action]:
    """The actions with one of these statuses, open ones first, then by due date; excluded departments left out."""
    rows = (
        con.cursor()
        .execute(
            ACTION_COLUMNS + " where list_contains(?, a.status)"
            " and (d.name is null or not list_contains(?, d.name))"
            " order by list_position(?, a.status), a.due_on nulls last, a.action_id",
            [list(statuses), sorted(excluded), list(STATUSES)],
        )
        .fetchall()
    )
    return [Action(*row) for row in rows]


def action(con: duckdb.DuckDBPyConnection, action_id: int) -> Action:
    """One action by its id; PlanError when it does not exist."""
    row = con.cursor().execute(ACTION_COLUMNS + " where a.action_id = ?", [action_id]).fetchone()
    if row is None:
        raise PlanError(f"There is no action #{action_id}.")
    return Action(*row)


def add_action(
    con: duckdb.DuckDBPyConnection,
    dimension: str,
    title: str,
    department: str | None = None,
    owner: str = "",
    due_on: date | None = None,
    status: str = "open",
    instrument: Instrument | None = None,
) -> Action:
    """Store a new action and return it."""
    _check_dimension(dimension, instrument or load_instrument())
    _check_status(status)
    with store.transaction(con) as cur:
        action_id = cur.execute(
            "insert into actions (dimension, department_id, title, owner, due_on, status)"
            " values (?, ?, ?, ?, ?, ?) returning action_id",
            [dimension, _department_id(cur, department), _clean_title(title), owner.strip(), due_on, status],
        ).fetchone()[0]
    return action(con, action_id)


_UNCHANGED = object()


def update_action(
    con: duckdb.DuckDBPyConnection,
    action_id: int,
    *,
    title: str | None = None,
    owner: str | None = None,
    due_on: date | None | object = _UNCHANGED,
    status: str | None = None,
) -> Action:
    """Change an action's title, owner, due date (None clears it) or status; the others stay as they are."""
    current = action(con, action_id)
    if status is not None:
        _check_status(status)
    with store.transaction(con) as cur:
        cur.execute(
            "update actions set title = ?, owner = ?, due_on = ?, status = ? where action_id = ?",
            [
                _clean_title(title) if title is not None else current.title,
                owner.strip() if owner is not None else current.owner,
                current.due_on if due_on is _UNCHANGED else due_on,
                status or current.status,
                action_id,
            ],
        )
    return action(con, action_id)


def delete_action(con: duckdb.DuckDBPyConnection, action_id: int) -> None:
    """Delete an action; PlanError when it does not exist."""
    action(con, action_id)
    with store.transaction(con) as cur:
        cur.execute("delete from actions where action_id = ?", [action_id])


# ------------------------------------------------------------------------------- rubric suggestion


def suggestion_stage(scores: WaveScores | None, dimension: str, department: str | None = None) -> int:
    """The stage a suggestion starts from: the group's shown stage, else the organisation's, else stage 1.

    A hidden department falls back to the organisation, so that a suggestion never reveals its stage.
    """
    if scores is None:
        return 1
    groups = [scores.department(department)] if department is not None else []
    for group in [*groups, scores.organisation]:
        if group is None or group.suppressed:
            continue
        cell = group.dimensions.get(dimension)
        if cell is not None and not cell.hidden and cell.stage is not None:
            return cell.stage
    return 1


def suggested_title(
    scores: WaveScores | None,
    dimension: str,
    lang: str,
    department: str | None = None,
    instrument: Instrument | None = None,
) -> str:
    """The rubric's next step for the dimension at the group's current stage, as an action's starting title."""
    instrument = instrument or load_instrument()
    _check_dimension(dimension, instrument)
    entry = instrument.rubric_entry(dimension, suggestion_stage(scores, dimension, department))
    return entry.next_step(lang) if entry is not None else ""


# ---------------------------------------------------------------------------------- organisation


def organisation_name(con: duckdb.DuckDBPyConnection) -> str:
    """The client organisation's name for title slides and reports, or an empty string when unset."""
    return store.get_setting(con, ORGANISATION_NAME_SETTING, "") or ""


def set_organisation_name(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Store the client organisation's name shown on the title slide and the report."""
    store.set_setting(con, ORGANISATION_NAME_SETTING, " ".join(name.split()))
