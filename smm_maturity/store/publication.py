"""Publication: answers of a survey wave stay pending until a publication releases them, department by department.

Every reader of answers sees published responses only. Between two publications of a survey wave, every
department gains 0 or at least k respondents: a department with fewer than k pending responses is held back,
whole, until it has k. So every published department of a survey wave holds at least k, and no difference of
two publications isolates fewer than k people.

A wave that a file import created (not a survey wave) is published upload by upload, as each file arrives.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from smm_maturity.store.connection import one_value


@dataclass(frozen=True)
class Release:
    """What one publication released, and which departments it held back (never how many they hold)."""

    publication_id: int | None
    released: dict[str, int]
    held: tuple[str, ...]

    @property
    def respondents(self) -> int:
        """Respondents released in all."""
        return sum(self.released.values())


def _pending(cur: duckdb.DuckDBPyConnection, wave_id: int) -> dict[int, int]:
    rows = cur.execute(
        "select department_id, count(*) from responses where wave_id = ? and publication_id is null"
        " group by department_id",
        [wave_id],
    ).fetchall()
    return {int(department_id): int(count) for department_id, count in rows}


def releasable(pending: dict[int, int], k: int) -> set[int]:
    """The departments whose pending responses a publication may release under the rule above."""
    return {department for department, gain in pending.items() if gain >= k}


def release(cur: duckdb.DuckDBPyConnection, wave_id: int, k: int, kind: str) -> Release:
    """Publish what may be published of a wave's pending responses, inside the caller's transaction."""
    pending = _pending(cur, wave_id)
    chosen = releasable(pending, k)
    names = dict(cur.execute("select department_id, name from departments").fetchall())
    held = tuple(sorted(names[department] for department in set(pending) - chosen))
    if not chosen:
        return Release(None, {}, held)
    publication_id = int(
        one_value(
            cur,
            "insert into publications (wave_id, kind) values (?, ?) returning publication_id",
            [wave_id, kind],
        )
    )
    cur.execute(
        "update responses set publication_id = ? where wave_id = ? and publication_id is null"
        " and list_contains(?, department_id)",
        [publication_id, wave_id, sorted(chosen)],
    )
    return Release(publication_id, {names[department]: pending[department] for department in chosen}, held)
