"""The open comments of a wave that may be shown: per department, or pooled without departments."""

from __future__ import annotations

import duckdb

from smm_maturity import disclosure
from smm_maturity.privacy import min_group_size
from smm_maturity.scoring.cells import count_respondents, in_snapshot


@in_snapshot
def comment_lists(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    min_size: int | None = None,
    min_comments: int = disclosure.DEFAULT_MIN_COMMENTS,
) -> disclosure.CommentLists:
    """The comments of a wave that may be shown: per department, and pooled without departments."""
    k = min_group_size(min_size)
    counts = count_respondents(con, wave)
    suppressed = disclosure.breakdown(sum(counts.values()), counts, k).hidden
    by_department: dict[str, list[str]] = {}
    rows = con.execute(
        "select d.name, c.comment from comments c join responses r using (response_id)"
        " join departments d on d.department_id = r.department_id"
        " where r.wave_id = (select wave_id from waves where name = ?) and r.publication_id is not null",
        [wave],
    ).fetchall()
    for name, comment in rows:
        by_department.setdefault(name, []).append(comment)
    return disclosure.comment_lists(by_department, counts, wave, k, min_comments, suppressed)


def comments(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    department: str | None = None,
    min_size: int | None = None,
    min_comments: int = disclosure.DEFAULT_MIN_COMMENTS,
) -> list[str]:
    """The comments that may be shown, each text once, in an order that reveals nothing.

    For a department: its own comments, when it has at least `min_comments` respondents and is shown. For
    the organisation: every comment that may be shown, the pooled ones of smaller departments included.
    """
    lists = comment_lists(con, wave, min_size, min_comments)
    if department is not None:
        return list(lists.of(department))
    return list(disclosure.comment_order(lists.everything, wave))
