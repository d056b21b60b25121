"""The benchmark's figures: samples against a baseline, a target, and the printed table."""

from __future__ import annotations

import gc
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured figure: its samples, its baseline's samples, and its target."""

    key: str
    label: str
    unit: str
    target: str
    samples: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    baseline_label: str | None = None
    baseline: list[float] = field(default_factory=list)
    limit: float | None = None
    max_ratio: float | None = None
    higher_is_better: bool = False
    note: str = ""

    def add(self, timing: Timing) -> Any:
        """Record a timed sample of the figure and return the action's result."""
        self.samples.append(timing.wall)
        self.cpu.append(timing.cpu)
        return timing.result

    def add_baseline(self, timing: Timing) -> Any:
        """Record a timed sample of the baseline and return the action's result."""
        self.baseline.append(timing.wall)
        return timing.result

    @property
    def median(self) -> float | None:
        """The median sample, if any."""
        return statistics.median(self.samples) if self.samples else None

    @property
    def ratio(self) -> float | None:
        """The median against the baseline's median."""
        if not self.samples or not self.baseline:
            return None
        return statistics.median(self.samples) / statistics.median(self.baseline)

    @property
    def met(self) -> bool | None:
        """Whether the median meets the target (None when nothing was measured or there is no target)."""
        median = self.median
        if median is None or (self.limit is None and self.max_ratio is None):
            return None
        ok = True
        if self.limit is not None:
            ok &= median >= self.limit if self.higher_is_better else median <= self.limit
        if self.max_ratio is not None and self.ratio is not None:
            ok &= self.ratio <= self.max_ratio
        return ok


@dataclass(frozen=True)
class Timing:
    """Wall time, CPU time (this process and its children, all threads) and the result of one run."""

    wall: float
    cpu: float
    result: Any


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], Any]) -> Timing:
    """Run an action after a garbage collection and measure its wall and CPU time."""
    gc.collect()
    cpu, start = _cpu_seconds(), time.perf_counter()
    result = action()
    return Timing(time.perf_counter() - start, _cpu_seconds() - cpu, result)


def skipped(key: str, label: str, target: str, unit: str, reason: str) -> Figure:
    """A figure that was not measured in this run, with the reason."""
    return Figure(key, label, unit, target, note=reason)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:,.0f} ms" if value < 1 else f"{value:,.2f} s"
    if unit == "answers/s":
        return f"{value / 1e6:,.2f} M/s"
    return f"{value:,.0f} {unit}"


def table(figures: list[Figure]) -> str:
    """The results as a plain-text table: min / median / max, baseline median, ratio, CPU, target and verdict."""
    header = ("figure", "min", "median", "max", "baseline", "ratio", "cpu", "target", "met")
    rows = [header]
    for figure in figures:
        samples = figure.samples
        verdict = {True: "yes", False: "NO", None: "—"}[figure.met]
        if not samples:
            verdict = figure.note or "not measured"
        rows.append(
            (
                figure.key,
                _value(min(samples) if samples else None, figure.unit),
                _value(figure.median, figure.unit),
                _value(max(samples) if samples else None, figure.unit),
                _value(statistics.median(figure.baseline) if figure.baseline else None, figure.unit),
                f"{figure.ratio:.2f}×" if figure.ratio is not None else "—",
                _value(statistics.median(figure.cpu) if figure.cpu else None, "s"),
                figure.target,
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    legend = [
        f"  {figure.key}: {figure.label}"
        + (f"; baseline: {figure.baseline_label}" if figure.baseline_label else "")
        for figure in figures
    ]
    return "\n".join([*lines, "", *legend])
