"""Text that is safe to store and to write into files: names in one spelling, never read as spreadsheet formulas.

A spreadsheet program reads a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula.
Every CSV and XLSX the product writes passes its text cells through `neutralise`, and a department or wave name
that begins like a formula is refused when it is created.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""A cell that begins with one of these is read as a formula by spreadsheet programs."""


def clean_name(text: object) -> str:
    """A department or wave name in its one spelling: surrounding spaces dropped, inner whitespace one space."""
    return " ".join(str(text).split())


def looks_like_formula(text: object) -> bool:
    """True for text that a spreadsheet program would read as a formula."""
    return isinstance(text, str) and text.startswith(FORMULA_PREFIXES)


def neutralise(value: object) -> object:
    """A text cell made inert for spreadsheets: one that begins like a formula gets a leading apostrophe.

    Numbers stay numbers, so -0.5 is still a number; only text cells change.
    """
    if looks_like_formula(value):
        return "'" + str(value)
    return value
