"""What can be wrong with an upload, and how it is told to the user: file, row, column, value, what to do.

The texts are in `locales/<lang>/ingest.toml`, one `ingest.<kind>` key per kind of problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from smm_maturity import i18n

MAX_PROBLEMS = 10_000
"""At most this many problems are listed one by one; the rest are counted in one `too_many_problems`."""

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, located as the user sees it in a spreadsheet."""

    severity: Severity
    kind: str
    row: int | None
    column: str | None
    value: str | None
    detail: str | None = None
    setting: str | None = None
    """The export setting that would give a readable file: a key of `ingest.toml`, said in the message."""

    def describe(self, lang: str, file_name: str) -> str:
        """One sentence in German or English naming file, row, column and value, and what to do."""
        return f"{self.place(lang, file_name)}: {self.message(lang)}"

    def place(self, lang: str, file_name: str) -> str:
        """Where the problem is: the file in quotes, then the row and the column when known."""
        quote = i18n.locale(lang).quote
        parts = [quote(file_name)]
        if self.row is not None:
            parts.append(i18n.t("ingest.where.row", lang, row=self.row))
        if self.column is not None:
            parts.append(i18n.t("ingest.where.column", lang, column=quote(self.column)))
        return ", ".join(parts)

    def message(self, lang: str) -> str:
        """What is wrong and what to do, without the place."""
        key = f"ingest.{self.text_kind}"
        if key not in i18n.catalogue(i18n.DEFAULT_LANGUAGE):  # every language has the same keys
            key = "ingest.generic"
        setting = i18n.t(self.setting, lang) if self.setting else ""
        return i18n.t(
            key, lang, value=self.value or "", detail=self.detail or "", kind=self.kind, setting=setting
        )

    @property
    def text_kind(self) -> str:
        """The kind whose text describes the problem: a damaged workbook and some warnings have their own."""
        if self.kind == "not_tabular" and self.value == "workbook":
            return "damaged_workbook"
        if self.kind in ("wrong_sheet", "missing_items") and self.severity == "warning":
            return f"{self.kind}_warning"
        if self.kind == "missing_items" and self.setting:
            return "missing_items_setting"
        return self.kind


def error(
    kind: str,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    detail: str | None = None,
    setting: str | None = None,
) -> Problem:
    """A problem that blocks the import."""
    return Problem("error", kind, row, column, value, detail, setting)


def warning(
    kind: str,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    detail: str | None = None,
    setting: str | None = None,
) -> Problem:
    """A problem that is reported but lets the import go ahead."""
    return Problem("warning", kind, row, column, value, detail, setting)


def short(value: str, limit: int = 60) -> str:
    """A cell text as a problem quotes it: whitespace collapsed, cut with "…" after `limit` characters."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def in_order(problems: list[Problem], cells: list[tuple[int, int, Problem]]) -> tuple[Problem, ...]:
    """All problems, errors first: file-wide ones as found, then cell problems by row and column; capped."""
    by_cell = [problem for _, _, problem in sorted(cells, key=lambda entry: entry[:2])]
    ordered = sorted([*problems, *by_cell], key=lambda problem: problem.severity != "error")
    if len(ordered) > MAX_PROBLEMS:
        rest = len(ordered) - MAX_PROBLEMS
        ordered = [*ordered[:MAX_PROBLEMS], error("too_many_problems", value=str(rest))]
    return tuple(ordered)
