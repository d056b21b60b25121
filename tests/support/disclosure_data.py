"""Helpers of the disclosure tests: organisations as canonical CSV rows, imported into throwaway databases."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import duckdb
from legacy import publish_everything

from smm_maturity import ingest, store
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()
DONT_KNOW = "weiß nicht"

Row = Mapping[str, object]
"""One respondent: "respondent_id", "department", item codes, "collab:<department>" and "comment"."""


def canonical_csv(rows: Sequence[Row]) -> bytes:
    """The rows as a canonical semicolon CSV, with every item column and the union of collaboration columns."""
    targets = sorted({key for row in rows for key in row if str(key).startswith("collab:")})
    header = ["respondent_id", "department", *INSTRUMENT.item_codes, *targets, "comment"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(column) is None else row[column] for column in header])
    return out.getvalue().encode("utf-8")


def import_rows(
    con: duckdb.DuckDBPyConnection, rows: Sequence[Row], wave: str, name: str = "answers.csv"
) -> None:
    """Import the rows as one file through the same path as an upload, and publish all of them, as a database
    from before publication holds them (`legacy.publish_everything`)."""
    batch = ingest.read_upload(canonical_csv(rows), name)
    assert () == batch.errors, batch.errors[:3]
    store.store_batch(con, batch, wave)
    publish_everything(con)


def database(path: Path, waves: Mapping[str, Sequence[Row]]) -> duckdb.DuckDBPyConnection:
    """A new database at path holding each wave's rows."""
    con = store.connect(path)
    for wave, rows in waves.items():
        import_rows(con, rows, wave, f"{wave}.csv")
    return con


def respondent(identifier: str, department: str, level: int, **overrides: object) -> dict[str, object]:
    """A respondent who answers every item at one level (reverse-coded items written as asked)."""
    row: dict[str, object] = {"respondent_id": identifier, "department": department}
    for item in INSTRUMENT.items:
        row[item.code] = 6 - level if item.reverse else level
    row.update(overrides)
    return row


def department_rows(
    department: str, size: int, level: int = 3, **overrides: object
) -> list[dict[str, object]]:
    """`size` respondents of one department answering everything at one level."""
    return [respondent(f"{department}-{index}", department, level, **overrides) for index in range(size)]


def skipping(dimension: str) -> dict[str, object]:
    """Overrides that leave every item of a dimension unanswered."""
    return {item.code: DONT_KNOW for item in INSTRUMENT.dimension(dimension).items}


ORDERS = (
    ("7/6", "11/4", "16/5", "19/5", "7/2", "2", "7/3", "13/5", "3", "8/5"),
    ("2", "16/5", "7/3", "13/5", "8/5", "7/6", "3", "11/4", "19/5", "7/2"),
)
"""Ten transparency scores with the exact mean 2.595, in two orders whose floating-point sums differ."""


def transparency_rows(order: tuple[str, ...]) -> list[dict[str, object]]:
    """One respondent per score, answering as many TRA items (3 to 6) as the score's denominator needs."""
    rows = []
    for score in order:
        value = Fraction(score)
        count = next(c for c in range(3, 7) if (value * c).denominator == 1)
        total = int(value * count)
        answers = [total // count + (1 if index < total % count else 0) for index in range(count)]
        row: dict[str, object] = {"respondent_id": f"r-{score}", "department": "Team"}
        for item, answer in zip(INSTRUMENT.dimension("TRA").items, answers, strict=False):
            row[item.code] = 6 - answer if item.reverse else answer
        rows.append(row)
    return rows
