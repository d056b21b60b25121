"""Reading what a page's Plotly charts carry: the figures of an AppTest run and every number in them."""

from __future__ import annotations

import json
from collections.abc import Iterator

from streamlit.testing.v1 import AppTest


def figures(app: AppTest) -> list[dict]:
    """The Plotly figures of an AppTest run, as their JSON."""
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def numbers(value: object) -> Iterator[float]:
    """Every number anywhere in a figure's JSON."""
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from numbers(item)
