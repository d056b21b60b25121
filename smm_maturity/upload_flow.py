"""The logic behind the upload page, without any UI.

The page calls these functions to describe an import batch (format, mapping, problems), to keep hand-made
column mappings per header layout and to list uploads.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from smm_maturity import store
from smm_maturity.i18n import escape_markdown, format_datetime, format_number, locale, t
from smm_maturity.ingest import ImportBatch, header_signature, unmapped_columns
from smm_maturity.ingest.formats import (
    CANONICAL,
    COLLAB_PREFIX,
    COMMENT,
    DEPARTMENT,
    IGNORED,
    PERSONAL,
    RESPONDENT_ID,
    SUBMITTED_AT,
    is_item_code,
    tool_name,
)
from smm_maturity.ingest.reading import DELIMITERS, ENCODINGS
from smm_maturity.instrument import Instrument

DONT_KNOW = 0
"""The answer value that stands for "weiß nicht / don't know" (and "can't judge"): stored as missing."""

ANSWER_OPTIONS: tuple[int, ...] = (1, 2, 3, 4, 5, DONT_KNOW)
MAPPING_ROLES: tuple[str, ...] = (DEPARTMENT, RESPONDENT_ID, SUBMITTED_AT, COMMENT)
ITEM_LABEL_LENGTH = 80
UNKNOWN = "–"


# ---------------------------------------------------------------------------------------------- preview


@dataclass(frozen=True)
class Fact:
    """One line of the preview's summary: a label and its value."""

    label: str
    value: str


def format_label(batch: ImportBatch, lang: str) -> str:
    """The detected survey tool, with "German Excel" when a template file came with German settings."""
    name = tool_name(batch.format_name, lang)
    if batch.format_name == CANONICAL.name and batch.delimiter == ";" and batch.encoding == "cp1252":
        return t("upload.format.german_excel", lang, format=name)
    return name


def encoding_label(encoding: str | None, lang: str) -> str:
    """The name of a text file's encoding ("UTF-8 mit BOM"), or "–"."""
    return t(f"upload.encoding.{encoding}", lang) if encoding in ENCODINGS else UNKNOWN


def delimiter_label(delimiter: str | None, lang: str) -> str:
    """The name of a text file's delimiter ("Semikolon ( ; )"), or "–"."""
    return t(f"upload.delimiter.{DELIMITERS[delimiter]}", lang) if delimiter in DELIMITERS else UNKNOWN


def preview_facts(batch: ImportBatch, lang: str) -> list[Fact]:
    """The detected format, encoding, delimiter (or sheet) and the number of responses to import."""
    if batch.encoding is None and batch.delimiter is None:
        layout = Fact(t("flow.sheet", lang), batch.sheet or UNKNOWN)
        encoding = Fact(t("flow.encoding", lang), t("flow.workbook", lang))
    else:
        layout = Fact(t("flow.delimiter", lang), delimiter_label(batch.delimiter, lang))
        encoding = Fact(t("flow.encoding", lang), encoding_label(batch.encoding, lang))
    rows = Fact(t("flow.rows", lang), format_number(len(batch.responses), lang, 0))
    return [Fact(t("flow.format", lang), format_label(batch, lang)), encoding, layout, rows]


def target_label(target: str, instrument: Instrument, lang: str) -> str:
    """What a column is mapped to, in words: an item with its text, a role, or a collaboration rating."""
    if is_item_code(target):
        text = instrument.item(target).text(lang) if target in instrument.item_codes else ""
        if len(text) > ITEM_LABEL_LENGTH:
            text = text[: ITEM_LABEL_LENGTH - 1].rstrip() + "…"
        return f"{target} · {text}" if text else target
    if target.startswith(COLLAB_PREFIX):
        return t("flow.target.collab", lang, department=target[len(COLLAB_PREFIX) :])
    return t(f"flow.target.{target}", lang)


def mapping_table(batch: ImportBatch, instrument: Instrument, lang: str) -> pd.DataFrame:
    """Every column of the file and what it was mapped to, in file order."""
    return pd.DataFrame(
        {
            t("flow.col.column", lang): list(batch.column_mapping),
            t("flow.col.target", lang): [
                target_label(target, instrument, lang) for target in batch.column_mapping.values()
            ],
        }
    )


def mapping_counts(batch: ImportBatch) -> dict[str, int]:
    """How many columns became items, collaboration ratings, other roles, dropped personal data or ignored."""
    counts: Counter[str] = Counter()
    for target in batch.column_mapping.values():
        if is_item_code(target):
            counts["items"] += 1
        elif target.startswith(COLLAB_PREFIX):
            counts["collab"] += 1
        elif target == PERSONAL:
            counts["personal"] += 1
        elif target == IGNORED:
            counts["ignored"] += 1
        else:
            counts["roles"] += 1
    return {key: counts[key] for key in ("items", "collab", "roles", "personal", "ignored")}


def mapping_sentence(batch: ImportBatch, lang: str) -> str:
    """One sentence that sums up the column mapping."""
    counts = mapping_counts(batch)
    parts = [t("flow.mapped.items", lang, n=counts["items"])]
    if counts["collab"]:
        parts.append(t("flow.mapped.collab", lang, n=counts["collab"]))
    parts += [t(f"flow.role.{role}", lang) for role in MAPPING_ROLES if role in batch.column_mapping.values()]
    for key in ("personal", "ignored"):
        if counts[key]:
            parts.append(t(f"flow.mapped.{key}", lang, n=counts[key]))
    return t("flow.mapped", lang, total=len(batch.column_mapping), parts=", ".join(parts))


def problem_table(
    batch: ImportBatch, lang: str, limit: int | None = None, markdown: bool = False
) -> pd.DataFrame:
    """The validation report: one row per problem, errors first, with row, column and what to do.

    With `markdown` every cell is text made safe for a Markdown table, so names and values show literally.
    """
    problems = batch.problems[:limit]
    rows = [p.row for p in problems]
    table = pd.DataFrame(
        {
            t("flow.col.severity", lang): [t(f"flow.severity.{p.severity}", lang) for p in problems],
            t("flow.col.row", lang): [str(row) if row is not None else "" for row in rows]
            if markdown
            else pd.array(rows, dtype="Int64"),
            t("flow.col.problem_column", lang): [p.column or "" for p in problems],
            t("flow.col.message", lang): [p.message(lang) for p in problems],
        }
    )
    if markdown:
        for column in table.columns:
            table[column] = table[column].map(escape_markdown)
    return table


def problem_csv(batch: ImportBatch, lang: str) -> bytes:
    """The whole validation report as a CSV file (UTF-8 with BOM, so Excel opens it right)."""
    return problem_table(batch, lang).to_csv(index=False, sep=locale(lang).csv_delimiter).encode("utf-8-sig")


def has_department_column(batch: ImportBatch) -> bool:
    """Whether a column of the file holds the department."""
    return DEPARTMENT in batch.column_mapping.values()


def needs_department(batch: ImportBatch) -> bool:
    """Whether to ask for the file's department: it was read, but has no department column or rows without one."""
    if batch.responses.empty:
        return False
    return not has_department_column(batch) or any(p.kind == "missing_department" for p in batch.problems)


def department_counts(batch: ImportBatch) -> dict[str, int]:
    """Responses per department named in the batch, largest first."""
    counts = batch.responses["department"].dropna().value_counts()
    return {str(name): int(count) for name, count in counts.items()}


# ---------------------------------------------------------------------------------------------- mapping


def file_headers(batch: ImportBatch) -> list[str]:
    """The file's column headers as the importer names them, in file order."""
    return list(batch.column_mapping)


def mapping_signature(batch: ImportBatch) -> str:
    """The key under which a hand-made mapping for this header layout is saved."""
    return header_signature(file_headers(batch))


def columns_to_map(batch: ImportBatch, saved: Mapping[str, str]) -> list[str]:
    """The columns the mapping step asks about: those not mapped automatically, and those mapped by hand before."""
    unmapped = set(unmapped_columns(batch)) | set(saved)
    return [header for header in file_headers(batch) if header in unmapped]


def mapping_options(instrument: Instrument, departments: Sequence[str] = ()) -> list[str]:
    """What a column may be mapped to in the mapping step: ignore, every item, the roles, collaboration."""
    return [
        IGNORED,
        *instrument.item_codes,
        *MAPPING_ROLES,
        *(f"{COLLAB_PREFIX}{department}" for department in departments),
    ]


def option_label(option: str, instrument: Instrument, lang: str) -> str:
    """The mapping step's text for an option."""
    if option == IGNORED:
        return t("flow.option.ignore", lang)
    return target_label(option, instrument, lang)


def load_mapping(con: duckdb.DuckDBPyConnection, signature: str) -> dict[str, str]:
    """The mapping saved for this header layout, or an empty one."""
    row = (
        con.cursor()
        .execute("select mapping from column_mappings where header_signature = ?", [signature])
        .fetchone()
    )
    return dict(json.loads(row[0])) if row else {}


def save_mapping(con: duckdb.DuckDBPyConnection, signature: str, mapping: Mapping[str, str]) -> None:
    """Save (or replace) the mapping for this header layout."""
    with store.transaction(con) as cur:
        cur.execute(
            "insert or replace into column_mappings (header_signature, mapping, saved_at)"
            " values (?, ?, current_timestamp)",
            [signature, json.dumps(dict(mapping), ensure_ascii=False)],
        )


# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ImportSummary:
    """What one import stored, kept in the session as plain values to show after the page resets."""

    upload_id: int
    file_name: str
    wave: str
    departments: tuple[tuple[str, int], ...]
    responses: int
    answers: int
    ratings: int
    comments: int


def import_summary(upload: store.Upload, batch: ImportBatch, department: str | None) -> ImportSummary:
    """The summary of a stored batch."""
    counts = department_counts(batch)
    if department:
        missing = len(batch.responses) - sum(counts.values())
        if missing:
            counts[department] = counts.get(department, 0) + missing
    ordered = tuple(sorted(counts.items(), key=lambda entry: (-entry[1], entry[0])))
    return ImportSummary(
        upload_id=upload.upload_id,
        file_name=upload.file_name,
        wave=upload.wave,
        departments=ordered,
        responses=upload.row_count,
        answers=len(batch.answers),
        ratings=len(batch.collaboration),
        comments=len(batch.comments),
    )


def duplicate_message(earlier: store.Upload, lang: str) -> str:
    """Why a file with the same content is refused, naming the earlier upload (as Markdown, names literal)."""
    return t(
        "flow.duplicate",
        lang,
        id=earlier.upload_id,
        file=escape_markdown(earlier.file_name),
        wave=escape_markdown(earlier.wave),
        time=format_datetime(earlier.created_at, lang),
    )


def counted(n: int, noun: str, lang: str) -> str:
    """A count with its noun in singular or plural ("1 Antwort", "6 Antworten"), in the language's number format."""
    return t(f"flow.count.{noun}.{'one' if n == 1 else 'many'}", lang, n=format_number(n, lang, 0))


def uploads_table(uploads: Sequence[store.Upload], lang: str) -> pd.DataFrame:
    """The uploads list: number, file, wave, department, rows, format and time, newest first."""
    return pd.DataFrame(
        {
            "#": [upload.upload_id for upload in uploads],
            t("flow.col.file", lang): [upload.file_name for upload in uploads],
            t("flow.col.wave", lang): [upload.wave for upload in uploads],
            t("flow.col.department", lang): [
                upload.department or t("flow.several_departments", lang) for upload in uploads
            ],
            t("flow.col.responses", lang): [upload.row_count for upload in uploads],
            t("flow.col.format", lang): [tool_name(upload.source_format, lang) for upload in uploads],
            t("flow.col.time", lang): [format_datetime(upload.created_at, lang) for upload in uploads],
        }
    )


def upload_label(upload: store.Upload, lang: str) -> str:
    """One line that names an upload in the undo choice."""
    return t(
        "flow.upload_label",
        lang,
        id=upload.upload_id,
        file=upload.file_name,
        wave=upload.wave,
        n=counted(upload.row_count, "response", lang),
    )
