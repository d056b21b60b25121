"""A figure under construction as plain dicts, and the traces that go into it.

Plotly validates every property on every call, which costs seconds per page; the tests validate each
figure once instead, and the pages build them from plain dicts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

Spec = dict[str, Any]


def trace(kind: str, **properties: object) -> Spec:
    """A trace as a plain dict (validated once by the tests, not on every page run)."""
    return {"type": kind, **properties}


def merge(target: dict, update: Mapping) -> dict:
    """Merge `update` into `target` recursively, the way Plotly's `update_layout` does."""
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = dict(value) if isinstance(value, Mapping) else value
    return target


def _axis_ref(axis_key: str) -> str:
    """The short reference of an axis ("x2") from its layout key ("xaxis2")."""
    return axis_key.replace("axis", "")


class FigureSpec:
    """A figure under construction: its traces and layout as plain dicts, with the few Plotly calls we use."""

    def __init__(self) -> None:
        self.data: list[Spec] = []
        self.layout: Spec = {"shapes": [], "annotations": [], "xaxis": {}, "yaxis": {}}
        self.axes: list[tuple[str, str, int, int]] = [("xaxis", "yaxis", 1, 1)]

    @classmethod
    def grid(
        cls,
        rows: int,
        columns: int,
        titles: Sequence[str],
        vertical_spacing: float,
        horizontal_spacing: float,
    ) -> FigureSpec:
        """A grid of subplots that share their y range and x categories, each with a title above it; the y values
        are labelled in the first column and the x values under each column's lowest subplot only."""
        figure = cls()
        figure.layout = {"shapes": [], "annotations": []}
        figure.axes = []
        width = (1 - horizontal_spacing * (columns - 1)) / columns
        height = (1 - vertical_spacing * (rows - 1)) / rows
        for index in range(rows * columns):
            row, column = index // columns + 1, index % columns + 1
            suffix = "" if index == 0 else str(index + 1)
            x0 = (column - 1) * (width + horizontal_spacing)
            y1 = 1 - (row - 1) * (height + vertical_spacing)
            figure.layout[f"xaxis{suffix}"] = {
                "domain": [x0, x0 + width],
                "anchor": f"y{suffix}",
                "showticklabels": index + columns >= len(titles),
            }
            figure.layout[f"yaxis{suffix}"] = {
                "domain": [y1 - height, y1],
                "anchor": f"x{suffix}",
                "showticklabels": column == 1,
            }
            figure.axes.append((f"xaxis{suffix}", f"yaxis{suffix}", row, column))
            if index < len(titles):
                figure.layout["annotations"].append(
                    {
                        "text": titles[index],
                        "x": x0 + width / 2,
                        "y": y1,
                        "xref": "paper",
                        "yref": "paper",
                        "xanchor": "center",
                        "yanchor": "bottom",
                        "showarrow": False,
                        "font": {"size": 17},
                    }
                )
        return figure

    def _axis(self, row: int | None, col: int | None) -> tuple[str, str]:
        """The x and y axis keys of a subplot, or of the only plot."""
        for x_key, y_key, axis_row, axis_col in self.axes:
            if (row is None or row == axis_row) and (col is None or col == axis_col):
                return x_key, y_key
        raise KeyError((row, col))

    def add_trace(self, trace: Spec, row: int | None = None, col: int | None = None) -> None:
        """Add a trace, to a subplot when `row` and `col` are given."""
        if row is not None and col is not None:
            x_key, y_key = self._axis(row, col)
            trace = {**trace, "xaxis": _axis_ref(x_key), "yaxis": _axis_ref(y_key)}
        self.data.append(trace)

    def add_annotation(self, **annotation: object) -> None:
        """Add a text annotation."""
        self.layout["annotations"].append(annotation)

    def add_vline(self, x: float, line: Spec) -> None:
        """A vertical line across the whole plot at `x`."""
        self.layout["shapes"].append(
            {"type": "line", "xref": "x", "yref": "paper", "x0": x, "x1": x, "y0": 0, "y1": 1, "line": line}
        )

    def add_hline(self, y: float, line: Spec, row: int | None = None, col: int | None = None) -> None:
        """A horizontal line across the whole plot (or one subplot) at `y`."""
        x_key, y_key = self._axis(row, col)
        self.layout["shapes"].append(
            {
                "type": "line",
                "xref": f"{_axis_ref(x_key)} domain",
                "yref": _axis_ref(y_key),
                "x0": 0,
                "x1": 1,
                "y0": y,
                "y1": y,
                "line": line,
                "layer": "below",
            }
        )

    def add_vrect(self, x0: float, x1: float, fillcolor: str, opacity: float) -> None:
        """A shaded band behind the plot from `x0` to `x1`."""
        self.layout["shapes"].append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": x0,
                "x1": x1,
                "y0": 0,
                "y1": 1,
                "fillcolor": fillcolor,
                "opacity": opacity,
                "line": {"width": 0},
                "layer": "below",
            }
        )

    def update_layout(self, **update: object) -> None:
        """Merge layout properties."""
        merge(self.layout, update)

    def _update_axes(self, letter: str, update: Mapping, col: int | None) -> None:
        for x_key, y_key, _row, axis_col in self.axes:
            if col is None or col == axis_col:
                merge(self.layout.setdefault(x_key if letter == "x" else y_key, {}), update)

    def update_xaxes(self, col: int | None = None, **update: object) -> None:
        """Merge properties into every x axis (or those of one column)."""
        self._update_axes("x", update, col)

    def update_yaxes(self, col: int | None = None, **update: object) -> None:
        """Merge properties into every y axis (or those of one column)."""
        self._update_axes("y", update, col)

    def figure(self) -> go.Figure:
        """The finished Plotly figure, built without re-validating what the tests already validate."""
        return go.Figure({"data": self.data, "layout": self.layout}, _validate=False)
