"""Reliability: Cronbach's alpha of each dimension's items over the whole organisation in a wave."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import duckdb
import numpy as np
import pandas as pd

from smm_maturity import disclosure
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.privacy import min_group_size
from smm_maturity.scoring.cells import in_snapshot

RELIABILITY_THRESHOLD = 0.7


def cronbach_alpha(item_matrix: pd.DataFrame) -> float | None:
    """Cronbach's alpha of complete rows of a respondent × item matrix (None with fewer than 2 items or rows).

    Integer answers are summed exactly, so the result does not depend on the order of the rows.
    """
    complete = item_matrix.dropna()
    item_count = complete.shape[1]
    if item_count < 2 or len(complete) < 2:
        return None
    values = complete.to_numpy(dtype=float)
    if not np.array_equal(values, np.round(values)):
        total_variance = complete.sum(axis=1).var(ddof=1)
        if total_variance == 0:
            return None
        return float(item_count / (item_count - 1) * (1 - complete.var(ddof=1).sum() / total_variance))
    integers = values.astype(np.int64)
    n = len(integers)

    def variance_numerator(columns: np.ndarray) -> int:
        """n(n-1) × the sample variance, exactly."""
        return n * int((columns * columns).sum()) - int(columns.sum()) ** 2

    total = variance_numerator(integers.sum(axis=1))
    if total == 0:
        return None
    parts = sum(variance_numerator(integers[:, column]) for column in range(item_count))
    return float(Fraction(item_count, item_count - 1) * (1 - Fraction(parts, total)))


@dataclass(frozen=True)
class Reliability:
    dimension: str
    alpha: float | None
    n: int

    @property
    def acceptable(self) -> bool:
        """True when alpha reaches the usual threshold of 0.7."""
        return self.alpha is not None and self.alpha >= RELIABILITY_THRESHOLD


RELIABILITY_SQL = """
select a.response_id, list_position($codes, a.item_code)::usmallint - 1 as item,
       (case when i.reverse then 6 - a.value else a.value end)::utinyint as value
from answers a
join responses r on r.response_id = a.response_id
join instrument_items i on i.instrument_version = r.instrument_version and i.item_code = a.item_code
where r.wave_id = (select wave_id from waves where name = $wave) and r.publication_id is not null and list_contains($codes, a.item_code)
"""
"""A wave's reverse-coded answers to the instrument's items, as (response, item position, value)."""


@in_snapshot
def reliability(
    con: duckdb.DuckDBPyConnection,
    wave: str,
    instrument: Instrument | None = None,
    min_size: int | None = None,
) -> list[Reliability]:
    """Cronbach's alpha per dimension over the whole organisation in a wave (reverse-coded items), at two decimals.

    The respondent × item matrix is filled with numpy from the answers, far faster than a pandas pivot.
    """
    instrument = instrument or load_instrument()
    codes = list(instrument.item_codes)
    answers = con.execute(RELIABILITY_SQL, {"codes": codes, "wave": wave}).fetchnumpy()
    _, rows = np.unique(np.asarray(answers["response_id"]), return_inverse=True)
    matrix = np.full((int(rows.max()) + 1 if len(rows) else 0, len(codes)), np.nan)
    matrix[rows, np.asarray(answers["item"], dtype=np.intp)] = np.asarray(answers["value"])
    answered = ~np.isnan(matrix).all(axis=0)
    results = []
    for dimension in instrument.dimensions:
        columns = [codes.index(item.code) for item in dimension.items if answered[codes.index(item.code)]]
        complete = pd.DataFrame(matrix[:, columns]).dropna()
        enough = len(complete) >= min_group_size(min_size)
        alpha = cronbach_alpha(complete) if enough else None
        results.append(
            Reliability(
                dimension.code, None if alpha is None else disclosure.rounded_mean(alpha), int(len(complete))
            )
        )
    return results
