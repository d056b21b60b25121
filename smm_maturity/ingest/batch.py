"""The result of an import: `ImportBatch`, its frames (responses, answers, scores, ratings, comments)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smm_maturity.ingest.formats import CANONICAL
from smm_maturity.ingest.problems import Problem
from smm_maturity.instrument import Instrument


@dataclass(frozen=True)
class ImportBatch:
    """A parsed and validated upload, ready for ``store.store_batch`` when it has no errors."""

    file_name: str
    sha256: str
    format_name: str
    encoding: str | None
    delimiter: str | None
    column_mapping: dict[str, str]
    responses: pd.DataFrame
    answers: pd.DataFrame
    scores: pd.DataFrame
    collaboration: pd.DataFrame
    comments: pd.DataFrame
    problems: tuple[Problem, ...]
    sheet: str | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that block the import."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that are reported but do not block the import."""
        return tuple(p for p in self.problems if p.severity == "warning")


def unmapped_columns(batch: ImportBatch) -> list[str]:
    """The headers that could not be mapped automatically, for the UI's mapping step."""
    return [p.column for p in batch.problems if p.kind == "unknown_column" and p.column is not None]


def header_signature(headers: Sequence[str]) -> str:
    """A stable hash of the normalised header list, to offer a saved column mapping for the same headers again."""
    folded = "\x1f".join(" ".join(str(h).casefold().split()) for h in headers)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Source:
    """What is known of an upload before its cells are read: name, hash, and how its text was decoded."""

    file_name: str
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None


def failed(
    source: Source,
    problems: Iterable[Problem],
    format_name: str = CANONICAL.name,
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
) -> ImportBatch:
    """A batch that holds nothing but the problems that stopped the import."""
    return ImportBatch(
        file_name=source.file_name,
        sha256=source.sha256,
        format_name=format_name,
        encoding=source.encoding,
        delimiter=source.delimiter,
        column_mapping=mapping or {},
        responses=responses_frame(
            np.array([], dtype=np.int64),
            np.array([], dtype=object),
            np.array([], dtype=object),
            np.array([], dtype="datetime64[us]"),
        ),
        answers=long_frame(np.zeros((0, 0), np.int8), np.array([], np.int64), [], "item_code", "value"),
        scores=_scores_frame([], [], [], []),
        collaboration=long_frame(
            np.zeros((0, 0), np.int8), np.array([], np.int64), [], "target_department", "rating"
        ),
        comments=comments_frame(np.array([], dtype=np.int64), np.array([], dtype=object)),
        problems=tuple(problems),
        sheet=sheet,
    )


def responses_frame(
    rows: np.ndarray, respondent_keys: np.ndarray, departments: np.ndarray, submitted: np.ndarray
) -> pd.DataFrame:
    """One row per response: its spreadsheet row, respondent key and department (or missing), submit time."""
    return pd.DataFrame(
        {
            "row": pd.Series(rows, dtype="int64"),
            "respondent_key": pd.Series(respondent_keys, dtype="string"),
            "department": pd.Series(departments, dtype="string"),
            "submitted_at": pd.Series(submitted, dtype="datetime64[us]"),
        }
    )


def long_frame(
    block: np.ndarray, rows: np.ndarray, names: Sequence[str], name: str, value_name: str
) -> pd.DataFrame:
    """Answers in long form, one row per given answer, in file order; missing answers are absent.

    The column names (item codes, target departments) are a dictionary column: one small code per answer.
    """
    given = np.flatnonzero(block > 0)
    at_row, at_column = np.divmod(given, block.shape[1])
    codes, uniques = pd.factorize(np.array(list(names), dtype=object))
    categories = pd.Index(pd.array(uniques, dtype="string"))
    labels = pd.Categorical.from_codes(
        codes.astype(np.int32)[at_column], categories=categories, validate=False
    )
    return pd.DataFrame(
        {
            "row": rows[at_row].astype(np.int64, copy=False),
            name: labels,
            value_name: block.ravel()[given].astype(np.int8, copy=False),
        },
        copy=False,
    )


def comments_frame(rows: np.ndarray, comments: np.ndarray) -> pd.DataFrame:
    """The non-blank comments with their spreadsheet rows."""
    given = comments != ""
    return pd.DataFrame(
        {
            "row": pd.Series(rows[given], dtype="int64"),
            "comment": pd.Series(comments[given], dtype="string"),
        }
    )


def respondent_scores(
    block: np.ndarray, codes: Sequence[str], rows: np.ndarray, instrument: Instrument
) -> pd.DataFrame:
    """Each response's dimension scores: the mean of its answered items, reverse-coded, when at least half of
    the dimension's items are answered; the rule of `store.RESPONDENT_SCORES_FILL`, on the answer block."""
    scored_rows, dimensions, scores = [], [], []
    for index, dimension in enumerate(instrument.dimensions):
        reverse_of = {item.code: item.reverse for item in dimension.items}
        columns = [j for j, code in enumerate(codes) if code in reverse_of]
        if not columns:
            continue
        values = block[:, columns].astype(np.int16)
        reverse = np.array([reverse_of[codes[j]] for j in columns])
        answered = values > 0
        totals = np.where(answered, np.where(reverse, 6 - values, values), 0).sum(axis=1)
        counts = answered.sum(axis=1)
        scored = counts * 2 >= len(dimension.items)
        scored_rows.append(rows[scored])
        dimensions.append(np.full(int(scored.sum()), index, dtype=np.int8))
        scores.append(totals[scored] / counts[scored])
    return _scores_frame(scored_rows, dimensions, scores, instrument.dimension_codes)


def _scores_frame(
    rows: list[np.ndarray], dimensions: list[np.ndarray], scores: list[np.ndarray], codes: Sequence[str]
) -> pd.DataFrame:
    """Respondent scores as one frame: row, dimension (a categorical of the dimension codes) and score."""
    return pd.DataFrame(
        {
            "row": np.concatenate([np.zeros(0, dtype=np.int64), *rows]),
            "dimension": pd.Categorical.from_codes(
                np.concatenate([np.zeros(0, dtype=np.int8), *dimensions]), categories=pd.Index(list(codes))
            ),
            "score": np.concatenate([np.zeros(0), *scores]),
        }
    )
