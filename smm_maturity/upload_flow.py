"""The logic behind the upload page, without any UI.

The page calls these functions to word each step of bringing in a file (the pickers, the template downloads,
the preview, the mapping step, the validation report and the import) and to describe an import batch (format,
mapping, problems). Who may upload what, and the saved column mappings with their scope, are `upload_scope`;
the uploads so far and their undo are worded in `upload_history`; what the page keeps from one run to the next
is `upload_session`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from smm_maturity import store, template
from smm_maturity.i18n import LocalisedError, escape_markdown, format_datetime, format_number, locale, t
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
from smm_maturity.ingest.survey_format import names_a_person
from smm_maturity.instrument import Instrument
from smm_maturity.safe_text import neutralise
from smm_maturity.screen import Download, Fact, Notice, Picker

MAPPING_ROLES: tuple[str, ...] = (DEPARTMENT, RESPONDENT_ID, SUBMITTED_AT, COMMENT)
ITEM_LABEL_LENGTH = 80
UNKNOWN = "–"

FILE_TYPES: tuple[str, ...] = ("csv", "tsv", "txt", "xlsx", "xlsm", "xls", "zip")
PROBLEMS_SHOWN = 200
"""The validation report on the screen lists this many problems; its download lists them all."""
PROBLEMS_IN_VIEW = 12
"""Up to this many problems the report is as high as its rows; beyond, it scrolls at REPORT_HEIGHT pixels."""
REPORT_HEIGHT = 520

WAVE_KEY = "upload.wave"
DEPARTMENT_KEY = "upload.department"

TEMPLATES: tuple[tuple[str, str], ...] = (("xlsx", "de"), ("csv", "de"), ("xlsx", "en"), ("csv", "en"))
"""The template downloads offered, as (format, language)."""
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
MIME_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# ---------------------------------------------------------------------------------------------- page


def wave_picker(lang: str) -> Picker:
    """The wave the answers belong to; the newest is preselected, or "new wave" while there is none."""
    return Picker(
        t("upload.wave", lang),
        WAVE_KEY,
        t("upload.new_wave_option", lang),
        t("upload.new_wave", lang),
        new_placeholder=t("upload.new_wave_placeholder", lang),
    )


def department_picker(lang: str) -> Picker:
    """The department for rows of the file that name none; nothing is preselected."""
    return Picker(
        t("upload.department", lang),
        DEPARTMENT_KEY,
        t("upload.new_department_option", lang),
        t("upload.new_department", lang),
        placeholder=t("upload.department_placeholder", lang),
    )


@dataclass(frozen=True)
class FileField:
    """The file uploader: its label and help, the file types it takes, its size limit and its key."""

    label: str
    help: str
    types: tuple[str, ...]
    max_mb: int
    key: str


def file_field(lang: str, max_mb: int, key: str) -> FileField:
    """The file uploader for CSV and Excel files up to `max_mb` megabytes."""
    return FileField(t("upload.file", lang), t("upload.file_help", lang, mb=max_mb), FILE_TYPES, max_mb, key)


def template_downloads(lang: str, departments: Sequence[str]) -> list[Download]:
    """The template in XLSX and CSV, German and English, with collaboration columns for the departments;
    labelled in the page language."""
    return [
        Download(
            label=t("upload.template_button", lang, format=fmt.upper(), language=LANGUAGE_NAMES[language]),
            data=template_file(fmt, language, departments),
            file_name=template.template_file_name(language, fmt),
            mime=MIME_TYPES[fmt],
            key=f"upload.template.{fmt}.{language}",
            icon=":material/table_view:" if fmt == "xlsx" else ":material/description:",
        )
        for fmt, language in TEMPLATES
    ]


def template_file(fmt: str, language: str, departments: Sequence[str]) -> bytes:
    """The template in a format ("csv" or "xlsx") and language, with collaboration columns for the departments."""
    build = template.template_xlsx if fmt == "xlsx" else template.template_csv
    return build(language, departments=tuple(departments))


# ---------------------------------------------------------------------------------------------- preview


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
    table = problem_table(batch, lang).map(neutralise)
    return table.to_csv(index=False, sep=locale(lang).csv_delimiter).encode("utf-8-sig")


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


def departments_caption(batch: ImportBatch, lang: str) -> Notice | None:
    """The departments the file names, with their responses ("Abteilungen: IT (3)"), or None when it names none."""
    counts = department_counts(batch)
    if not counts:
        return None
    listed = ", ".join(f"{name} ({format_number(n, lang, 0)})" for name, n in counts.items())
    return Notice("caption", escape_markdown(t("upload.departments_in_file", lang, departments=listed)))


def awaits_department(batch: ImportBatch, department: str | None) -> bool:
    """Whether the check waits for a department to be chosen: the file has no department column, and none was."""
    return department is None and needs_department(batch) and not has_department_column(batch)


@dataclass(frozen=True)
class ReportLayout:
    """How the validation report is shown: its title and verdict, the table's height, a note when the table is
    cut short, and the whole report as a download (None without problems)."""

    title: str
    verdict: Notice
    height: int | Literal["content"]
    more: Notice | None
    download: Download | None


def report_layout(batch: ImportBatch, lang: str) -> ReportLayout:
    """The validation report's verdict (errors block the import, warnings do not) and the layout of its table."""
    errors = counted(len(batch.errors), "error", lang)
    warnings = counted(len(batch.warnings), "warning", lang)
    if batch.errors:
        text = t("upload.report.errors", lang, errors=errors, warnings=warnings)
        verdict = Notice("error", text, ":material/error:")
    elif batch.warnings:
        verdict = Notice(
            "warning", t("upload.report.warnings", lang, warnings=warnings), ":material/warning:"
        )
    else:
        verdict = Notice("success", t("upload.report.ok", lang), ":material/task_alt:")
    total = len(batch.problems)
    more = t("upload.report.more", lang, shown=PROBLEMS_SHOWN, total=total)
    return ReportLayout(
        title=f"**{t('upload.report.title', lang)}**",
        verdict=verdict,
        height="content" if total <= PROBLEMS_IN_VIEW else REPORT_HEIGHT,
        more=Notice("caption", more) if total > PROBLEMS_SHOWN else None,
        download=report_download(batch, lang) if total else None,
    )


def report_download(batch: ImportBatch, lang: str) -> Download:
    """The whole validation report as a CSV file, named after the uploaded file."""
    return Download(
        label=t("upload.report.download", lang),
        data=problem_csv(batch, lang),
        file_name=f"{Path(batch.file_name).stem}-{t('upload.report.file', lang)}.csv",
        mime="text/csv",
        key="upload.report.download",
        icon=":material/download:",
    )


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


@dataclass(frozen=True)
class MappingField:
    """One choice of the mapping step: a column of the file, its label (Markdown, the name literal), the options
    it may take (a column about a person never the department or respondent id), the option chosen at first and
    the widget key."""

    column: str
    label: str
    options: tuple[str, ...]
    index: int
    key: str


@dataclass(frozen=True)
class MappingForm:
    """The mapping step: its key, the scope and header layout it saves under, its words (title, a note that a
    saved mapping was applied, text, button), the options with their labels, and one field per column to map."""

    key: str
    scope: str
    signature: str
    title: str
    saved: Notice | None
    text: str
    apply: str
    options: tuple[str, ...]
    labels: Mapping[str, str]
    fields: tuple[MappingField, ...]


def mapping_form(
    batch: ImportBatch,
    saved: Mapping[str, str],
    instrument: Instrument,
    departments: Sequence[str],
    lang: str,
    scope: str = "",
) -> MappingForm | None:
    """The mapping step for the columns the importer could not place (and those mapped by hand before), with
    the confirmed choices preselected, saved under the scope (a department, or "" for the organisation); None
    when there is nothing to map."""
    columns = columns_to_map(batch, saved)
    if not columns:
        return None
    signature = mapping_signature(batch)
    options = tuple(mapping_options(instrument, departments))
    prefix = f"upload.map.{signature[:16]}.{choices_version(saved)}"
    fields = []
    for i, column in enumerate(columns):
        allowed = column_options(column, options)
        current = saved.get(column, IGNORED)
        index = allowed.index(current) if current in allowed else 0
        fields.append(MappingField(column, escape_markdown(column), allowed, index, f"{prefix}.{i}"))
    return MappingForm(
        key=f"upload.mapping.{signature[:16]}",
        scope=scope,
        signature=signature,
        title=f"**{t('upload.mapping.title', lang)}**",
        saved=Notice("info", t("upload.mapping.saved", lang), ":material/bookmark:") if saved else None,
        text=t(
            "privilege.mapping.text",
            lang,
            n=counted(len(columns), "column", lang),
            scope=escape_markdown(scope_label(scope, lang)),
        ),
        apply=t("upload.mapping.apply", lang),
        options=options,
        labels={option: option_label(option, instrument, lang) for option in options},
        fields=tuple(fields),
    )


def choices_version(saved: Mapping[str, str]) -> str:
    """A short digest of the choices a mapping step starts from: its widgets are new ones when they change."""
    return hashlib.sha256(json.dumps(dict(saved), sort_keys=True).encode("utf-8")).hexdigest()[:8]


def column_options(column: str, options: tuple[str, ...]) -> tuple[str, ...]:
    """The options a column may take: all, but never the department or respondent id for a column about a person."""
    if not names_a_person(column):
        return options
    return tuple(option for option in options if option not in (DEPARTMENT, RESPONDENT_ID))


def scope_label(scope: str, lang: str) -> str:
    """A saved mapping's scope in words: the department's name, or "the whole organisation" for ""."""
    return scope or t("privilege.mapping.organisation", lang)


def chosen_mapping(form: MappingForm, values: Mapping[str, object]) -> dict[str, str]:
    """The mapping step's choices, read from the widget values by key: column to item, role or "ignored"."""
    return {field.column: str(values[field.key]) for field in form.fields}


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


def summary_notice(summary: ImportSummary | None, lang: str) -> Notice | None:
    """The green box that says what the last import stored, and for which departments (names literal); None
    before the first import."""
    if summary is None:
        return None
    departments = ", ".join(
        f"{escape_markdown(name)} ({format_number(n, lang, 0)})" for name, n in summary.departments
    )
    text = t(
        "upload.success",
        lang,
        id=summary.upload_id,
        responses=counted(summary.responses, "response", lang),
        file=escape_markdown(summary.file_name),
        wave=escape_markdown(summary.wave),
        answers=counted(summary.answers, "answer", lang),
        ratings=counted(summary.ratings, "rating", lang),
        comments=counted(summary.comments, "comment", lang),
    )
    listed = t("upload.departments_in_file", lang, departments=departments)
    return Notice("success", f"{text}  \n{listed}", ":material/check_circle:")


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


@dataclass(frozen=True)
class ImportStep:
    """The import step: what it says (why it is blocked, or where the answers go), its button and whether
    the button may be pressed."""

    notice: Notice
    button: str
    ready: bool
    icon: str = ":material/cloud_upload:"


def import_step(
    batch: ImportBatch,
    earlier: store.Upload | None,
    wave: str | None,
    lang: str,
    refusal: LocalisedError | None = None,
) -> ImportStep:
    """The import step of a checked batch: ready only for a new file without errors, a wave and responses, that
    the user may upload into that wave (`refusal` says why not)."""
    if refusal is not None:
        notice = Notice("error", escape_markdown(refusal.message(lang)), ":material/block:")
    elif earlier is not None:
        notice = Notice("error", duplicate_message(earlier, lang), ":material/content_copy:")
    elif batch.errors:
        notice = Notice("caption", t("upload.blocked", lang))
    elif wave is None:
        notice = Notice("caption", t("upload.need_wave", lang))
    else:
        notice = Notice("caption", t("upload.import_into", lang, wave=escape_markdown(wave)))
    return ImportStep(
        notice=notice,
        button=t("upload.import", lang, n=counted(len(batch.responses), "response", lang)),
        ready=refusal is None
        and earlier is None
        and not batch.errors
        and wave is not None
        and len(batch.responses) > 0,
    )


def import_failed(error: LocalisedError, lang: str) -> Notice:
    """Why the store refused an import: nothing was stored."""
    return Notice(
        "error", t("upload.failed", lang, message=escape_markdown(error.message(lang))), ":material/error:"
    )


def counted(n: int, noun: str, lang: str) -> str:
    """A count with its noun in singular or plural ("1 Antwort", "6 Antworten"), in the language's number format."""
    return t(f"flow.count.{noun}.{'one' if n == 1 else 'many'}", lang, n=format_number(n, lang, 0))
