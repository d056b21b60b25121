"""Targets and action plans: a target stage per dimension, and actions with an owner, a due date and a status.

Targets are stored per dimension for the whole organisation (department id 0) and, optionally, per
department; a department without its own target inherits the organisation's. The tables the actions page
edits and the deck shows are shaped here, with stable column names, and an edited table is diffed here
into the writes it asks for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypedDict

import duckdb
import pandas as pd

from smm_maturity import store
from smm_maturity.i18n import t
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.scoring import GroupScore, WaveScores

ORGANISATION_ID = 0
ORGANISATION = ""
"""The organisation among the departments of a selection."""
STATUSES = ("open", "in_progress", "done", "dropped")
ORGANISATION_NAME_SETTING = "organisation_name"
NO_TARGET = 0
"""The target stage of a dimension without a target, in the targets table."""


class PlanError(store.StoreError):
    """A target or action the store refuses: English for the command line, either language for the UI."""


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
        raise PlanError("plans.error.unknown_department", name=department)
    return int(row[0])


def _check_dimension(dimension: str, instrument: Instrument) -> None:
    """Refuse a dimension the instrument does not have."""
    if dimension not in instrument.dimension_codes:
        raise PlanError(
            "plans.error.unknown_dimension", code=dimension, known=", ".join(instrument.dimension_codes)
        )


def _check_status(status: str) -> None:
    """Refuse a status outside open, in progress, done and dropped."""
    if status not in STATUSES:
        raise PlanError("plans.error.bad_status", statuses=", ".join(STATUSES), status=status)


def _clean_title(title: str) -> str:
    """The title with its whitespace tidied; refuse an empty one."""
    cleaned = " ".join(str(title).split())
    if not cleaned:
        raise PlanError("plans.error.empty_title")
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
        raise PlanError("plans.error.bad_stage", stage=stage)
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


ACTION_QUERY = (
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
            ACTION_QUERY + " where list_contains(?, a.status)"
            " and (d.name is null or not list_contains(?, d.name))"
            " order by list_position(?, a.status), a.due_on nulls last, a.action_id",
            [list(statuses), sorted(excluded), list(STATUSES)],
        )
        .fetchall()
    )
    return [Action(*row) for row in rows]


def action(con: duckdb.DuckDBPyConnection, action_id: int) -> Action:
    """One action by its id; PlanError when it does not exist."""
    row = con.cursor().execute(ACTION_QUERY + " where a.action_id = ?", [action_id]).fetchone()
    if row is None:
        raise PlanError("plans.error.unknown_action", action_id=action_id)
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
        [(action_id,)] = cur.execute(
            "insert into actions (dimension, department_id, title, owner, due_on, status)"
            " values (?, ?, ?, ?, ?, ?) returning action_id",
            [dimension, _department_id(cur, department), _clean_title(title), owner.strip(), due_on, status],
        ).fetchall()
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


# ------------------------------------------------------------------------------------------- tables

COLUMN_LABEL_KEYS = {
    "code": "method.col.code",
    "dimension": "method.col.dimension",
    "department": "filter.department",
    "title": "actions.col.title",
    "owner": "actions.col.owner",
    "due": "actions.col.due",
    "status": "actions.col.status",
    "delete": "actions.col.delete",
    "current": "actions.current",
    "target": "chart.target",
    "inherited": "actions.inherited",
}
"""The text key of each column of the targets and actions tables; the columns keep their names in every language."""

ACTION_FIELDS = ("id", "code", "dimension", "department", "title", "owner", "due", "status")


@dataclass(frozen=True)
class Names:
    """What the targets and actions tables call things in one language: groups, dimensions, stages, statuses."""

    instrument: Instrument
    lang: str

    def group(self, department: str | None) -> str:
        """A department's name, or the whole organisation's for None or the empty option."""
        return department or t("organisation", self.lang)

    def dimension(self, code: str) -> str:
        """A dimension's name; a code the instrument no longer has stays as it is."""
        if code not in self.instrument.dimension_codes:
            return code
        return self.instrument.dimension(code).name(self.lang)

    def stage(self, stage: int | None) -> str:
        """A target stage as its number and name, or "no target"."""
        if not stage:
            return t("actions.no_target", self.lang)
        return f"{stage} {self.instrument.stage(stage).name(self.lang)}"

    def status(self, status: str) -> str:
        """An action's status in words."""
        return t(f"actions.status.{status}", self.lang)

    def columns(self) -> dict[str, str]:
        """Column name to its label, for the headers of the targets and actions tables."""
        return {name: t(key, self.lang) for name, key in COLUMN_LABEL_KEYS.items()}


def group_options(scores: WaveScores | None) -> list[str]:
    """The groups a target or action can be for: the organisation (`ORGANISATION`), then every department."""
    return [ORGANISATION, *(group.group for group in (scores.departments if scores is not None else ()))]


def _group(scores: WaveScores | None, department: str | None) -> GroupScore | None:
    """The scores of the organisation (for None) or of one department, if there are any."""
    if scores is None:
        return None
    return scores.organisation if department is None else scores.department(department)


def target_rows(
    con: duckdb.DuckDBPyConnection, scores: WaveScores | None, department: str | None, names: Names
) -> pd.DataFrame:
    """One row per dimension: its current stage where it may be shown, and the group's own target.

    `target` is `NO_TARGET` where the group has none; for a department, `inherited` names the organisation's
    target that applies instead.
    """
    group = _group(scores, department)
    own = own_target_stages(con, department)
    inherited = target_stages(con) if department is not None else {}
    rows = []
    for code in names.instrument.dimension_codes:
        cell = group.dimensions.get(code) if group is not None and not group.suppressed else None
        stage = cell.stage if cell is not None and not cell.hidden else None
        row = {
            "code": code,
            "dimension": names.dimension(code),
            "current": names.stage(stage) if stage is not None else "–",
            "target": own.get(code, NO_TARGET),
        }
        if department is not None:
            follows = code in inherited and code not in own
            label = t("actions.inherited", names.lang)
            row["inherited"] = f"{names.stage(inherited[code])} ({label})" if follows else ""
        rows.append(row)
    return pd.DataFrame(rows)


def _stage(value: float | None) -> int | None:
    """A target cell (a number, NaN or None) as a stage, None for no target."""
    if value is None or pd.isna(value) or int(value) == NO_TARGET:
        return None
    return int(value)


def target_changes(own: Mapping[str, int], edited: pd.DataFrame) -> dict[str, int | None]:
    """Dimension to its new target stage (None removes it), for each row whose target differs from `own`."""
    wanted = {code: _stage(value) for code, value in zip(edited["code"], edited["target"], strict=True)}
    return {code: stage for code, stage in wanted.items() if stage != own.get(code)}


def save_targets(
    con: duckdb.DuckDBPyConnection,
    edited: pd.DataFrame,
    department: str | None = None,
    instrument: Instrument | None = None,
) -> int:
    """Store the targets an edited targets table changed, for the organisation or one department; their number."""
    changes = target_changes(own_target_stages(con, department), edited)
    for dimension, stage in changes.items():
        set_target(con, dimension, stage, department, instrument)
    return len(changes)


def action_rows(actions: Sequence[Action], names: Names, deletable: bool = False) -> pd.DataFrame:
    """The actions as a table with the columns of `ACTION_FIELDS` (and `delete`, unticked, when deletable).

    Dimension and department are names in the language; the due date is a date and the status its key.
    """
    frame = pd.DataFrame(
        {
            "id": pd.Series([a.action_id for a in actions], dtype="int64"),
            "code": [a.dimension for a in actions],
            "dimension": [names.dimension(a.dimension) for a in actions],
            "department": [names.group(a.department) for a in actions],
            "title": [a.title for a in actions],
            "owner": [a.owner for a in actions],
            "due": pd.Series([a.due_on for a in actions], dtype="object"),
            "status": [a.status for a in actions],
        },
        columns=list(ACTION_FIELDS),
    )
    return frame.assign(delete=False) if deletable else frame


def _text(value: object) -> str:
    """A text cell as a string, empty for a cleared one."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _date(value: date | str | float | None) -> date | None:
    """A date cell (date, timestamp, text, NaN or None) as a date: None when cleared, the day of a timestamp."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else pd.Timestamp(value).date()


class ActionFields(TypedDict, total=False):
    """New values for some of an action's fields, as `update_action` takes them."""

    title: str
    owner: str
    due_on: date | None
    status: str


@dataclass(frozen=True)
class ActionChange:
    """What an edited actions table asks for one action: deletion, or new values for some fields."""

    action_id: int
    delete: bool = False
    fields: ActionFields = field(default_factory=ActionFields)


def action_changes(existing: Sequence[Action], edited: pd.DataFrame) -> list[ActionChange]:
    """The changes of an edited actions table: ticked rows are deleted, changed fields updated.

    A cleared title (or one of spaces only) keeps the old one; a cleared owner or due date is removed.
    """
    by_id = {a.action_id: a for a in existing}
    changes = []
    for row in edited.to_dict("records"):
        before = by_id[int(row["id"])]
        if row.get("delete"):
            changes.append(ActionChange(before.action_id, delete=True))
            continue
        title = " ".join(_text(row["title"]).split()) or before.title
        owner = _text(row["owner"]).strip()
        due_on = _date(row["due"])
        status = _text(row["status"]) or before.status
        fields = ActionFields()
        if title != before.title:
            fields["title"] = title
        if owner != before.owner:
            fields["owner"] = owner
        if due_on != before.due_on:
            fields["due_on"] = due_on
        if status != before.status:
            fields["status"] = status
        if fields:
            changes.append(ActionChange(before.action_id, fields=fields))
    return changes


def save_actions(con: duckdb.DuckDBPyConnection, existing: Sequence[Action], edited: pd.DataFrame) -> int:
    """Apply an edited actions table to the actions it was made from; the number of actions changed."""
    changes = action_changes(existing, edited)
    for change in changes:
        if change.delete:
            delete_action(con, change.action_id)
        else:
            update_action(con, change.action_id, **change.fields)
    return len(changes)
