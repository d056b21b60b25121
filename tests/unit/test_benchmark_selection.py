"""`benchmarks/run.py --only` runs the named figures, and the enterprise build when one of them needs it."""

from __future__ import annotations

import pytest

from benchmarks.run import Step, selected


def step(key: str) -> Step:
    return Step(key, key, "", "s", list)


STEPS = [step(key) for key in ("import_csv", "import_xlsx", "enterprise", "scores", "cli_import", "upload")]


@pytest.mark.parametrize(
    ("only", "expected"),
    [
        (None, ["import_csv", "import_xlsx", "enterprise", "scores", "cli_import", "upload"]),
        ("import_csv,import_xlsx", ["import_csv", "import_xlsx"]),
        ("upload, import_csv", ["import_csv", "enterprise", "upload"]),
    ],
)
def test_only_the_named_steps_run_in_their_order(only: str | None, expected: list[str]) -> None:
    assert expected == [s.key for s in selected(STEPS, only)]


def test_an_unknown_figure_is_refused_with_the_known_ones() -> None:
    with pytest.raises(SystemExit, match="unknown figures imports; choose from import_csv, import_xlsx"):
        selected(STEPS, "imports")
