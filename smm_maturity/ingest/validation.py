"""Decoded sheets → header found → columns mapped to items and roles → every cell checked → `ImportBatch`.

`read_upload` never raises on bad input: whatever is wrong with the file is a `Problem` in the batch, and a
batch with errors is refused by the store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from smm_maturity.ingest import tool_checks, values
from smm_maturity.ingest.batch import (
    ImportBatch,
    Source,
    comments_frame,
    failed,
    long_frame,
    respondent_scores,
    responses_frame,
)
from smm_maturity.ingest.formats import (
    COLLAB_PREFIX,
    COMMENT,
    DEPARTMENT,
    FINISHED,
    IGNORED,
    PERSONAL,
    RESPONDENT_ID,
    ROLES,
    SUBMITTED_AT,
    Layout,
    is_item_code,
    names_a_person,
    recognise,
)
from smm_maturity.ingest.problems import Problem, error, in_order, short, warning
from smm_maturity.ingest.reading import Grid, read_table, top_rows
from smm_maturity.instrument import Instrument, load_instrument

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
"""The header row is looked for in this many rows at the top of each sheet."""
MISSING_ITEMS_SHOWN = 12


def read_upload(
    data: bytes,
    file_name: str,
    *,
    department: str | None = None,
    column_mapping: dict[str, str] | None = None,
    instrument: Instrument | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known_departments: Iterable[str] = (),
) -> ImportBatch:
    """Parse and validate an uploaded CSV/XLSX; never raises on bad input, problems are in the batch.

    `known_departments` are the departments already stored: a collaboration column headed by a sub-question
    code is read only when the code names one of them or a department of the file. The file's hash is taken
    on a second thread while it is read.
    """
    source = Source(file_name, "")
    known = frozenset(" ".join(name.split()).casefold() for name in known_departments)
    mapping, instrument = column_mapping or {}, instrument or load_instrument()
    with ThreadPoolExecutor(1) as hashing:
        digest = hashing.submit(lambda: hashlib.sha256(data).hexdigest())
        try:
            batch = _read(data, source, department, mapping, instrument, max_bytes, known)
        except Exception as exc:  # noqa: BLE001 - any input must give a batch, never a traceback
            batch = failed(source, [error("unexpected", value=short(f"{type(exc).__name__}: {exc}", 120))])
        return replace(batch, sha256=digest.result())


def _read(
    data: bytes,
    source: Source,
    department: str | None,
    mapping: Mapping[str, str],
    instrument: Instrument,
    max_bytes: int,
    known: frozenset[str],
) -> ImportBatch:
    decoded = read_table(data, source.file_name, max_bytes)
    source = replace(source, encoding=decoded.encoding, delimiter=decoded.delimiter)
    if not decoded.grids:
        return failed(source, decoded.problems)
    found = _locate(decoded.grids, instrument)
    if isinstance(found, Problem):
        return failed(source, [*decoded.problems, found])
    sheet_index, header_row, layout = found
    grid = decoded.grids[sheet_index]
    report = _Report(list(decoded.problems))
    if sheet_index > 0:
        report.add(warning("wrong_sheet", value=grid.sheet, detail=decoded.grids[0].sheet))
    sheet = _sheet(grid, header_row, layout, mapping, instrument, report, known)
    frames = _validate(sheet, layout, " ".join((department or "").split()), instrument, report)
    if frames is None:
        return failed(source, report.all(), layout.format_name, sheet.mapping, grid.sheet)
    return ImportBatch(
        file_name=source.file_name,
        sha256=source.sha256,
        format_name=layout.format_name,
        encoding=source.encoding,
        delimiter=source.delimiter,
        column_mapping=sheet.mapping,
        problems=report.all(),
        sheet=grid.sheet,
        **frames,
    )


# ---------------------------------------------------------------------------------------------- the header


def _locate(grids: Sequence[Grid], instrument: Instrument) -> tuple[int, int, Layout] | Problem:
    """The sheet and row of the header, and its layout; or why the file has no usable header."""
    if found := _find_header(grids, instrument):
        return found
    if len(grids) > 1:
        return error("wrong_sheet", detail=", ".join(str(g.sheet) for g in grids))
    grid = grids[0]
    widths = [w for w in grid.header_widths if w]
    if grid.cells.shape[1] < 2 or (widths and sum(w > 1 for w in widths) * 2 < len(widths)):
        return error("not_tabular")
    return 0, 0, recognise(top_rows(grid.cells, 0, 1), instrument)


def _find_header(grids: Sequence[Grid], instrument: Instrument) -> tuple[int, int, Layout] | None:
    """The first sheet and row (within the first rows) whose header the instrument recognises."""
    for sheet_index, grid in enumerate(grids):
        top = top_rows(grid.cells, 0, HEADER_SEARCH_ROWS + 2)
        for row in range(min(HEADER_SEARCH_ROWS, len(top))):
            rows = top[row : row + 3]
            layout = recognise(rows, instrument)
            if layout.score > 0:
                return sheet_index, row, layout
    return None


# ---------------------------------------------------------------------------------------------- the columns


@dataclass
class _Report:
    """The problems found so far: file-wide ones in the order found, cell ones to be sorted by place."""

    problems: list[Problem]
    cells: list[tuple[int, int, Problem]] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def add_cell(self, position: int, problem: Problem) -> None:
        self.cells.append((problem.row or 0, position, problem))

    def all(self) -> tuple[Problem, ...]:
        return in_order(self.problems, self.cells)


@dataclass(frozen=True)
class _Sheet:
    """The rows under the header, with each column's label (as the user sees it) and role."""

    body: pd.DataFrame
    rows: np.ndarray
    labels: tuple[str, ...]
    roles: tuple[str | None, ...]
    mapping: dict[str, str]
    truncated: bool = False
    """Whether the file ends inside its last row."""
    missing_codes: frozenset[str] = frozenset()
    """The tool's codes for no answer ("-99"), which leave a text cell (department, comment) empty too."""

    def text_column(self, position: int) -> np.ndarray | pd.Series:
        """A column of texts, with the tool's missing codes left empty."""
        if not self.missing_codes:
            return self.body[position]
        cells = self.column(position)
        return np.where(np.isin(cells, list(self.missing_codes)), "", cells)

    def column(self, position: int) -> np.ndarray:
        return self.body[position].to_numpy(dtype=object)

    def positions(self, predicate: Callable[[str], bool]) -> list[int]:
        return [i for i, role in enumerate(self.roles) if role is not None and predicate(role)]

    def position_of(self, role: str) -> int | None:
        return next((i for i, r in enumerate(self.roles) if r == role), None)


def _sheet(
    grid: Grid,
    header_row: int,
    layout: Layout,
    user_mapping: Mapping[str, str],
    instrument: Instrument,
    report: _Report,
    known: frozenset[str] = frozenset(),
) -> _Sheet:
    first = header_row + layout.header_rows
    body = grid.cells.iloc[first:]
    rows = np.arange(first + 1, first + 1 + len(body), dtype=np.int64)
    widths = grid.header_widths
    header_width = widths[header_row] if header_row < len(widths) else body.shape[1]
    folded = {_squash(k).casefold(): v for k, v in user_mapping.items()}
    labels: list[str] = []
    roles: list[str | None] = []
    mapping: dict[str, str] = {}
    taken: dict[str, str] = {}
    coded: list[str] = []
    named = tool_checks.departments_named(
        layout, body, lambda h: user_mapping.get(h, folded.get(h.casefold())), known
    )
    for position in range(body.shape[1]):
        header = layout.headers[position] if position < len(layout.headers) else ""
        label = header or f"({_letter(position)})"
        if label in mapping:
            label = f"{label} ({_letter(position)})"
        labels.append(label)
        role = layout.roles[position] if position < len(layout.roles) else None
        target = user_mapping.get(label, folded.get(_squash(label).casefold()))
        if target is not None:
            role = _user_target(target.strip(), label, instrument, report)
        elif role is not None and role.startswith(COLLAB_PREFIX) and tool_checks.coded(layout, header, named):
            coded.append(label)
            role = None
        if role is None and layout.survey_format.collab_by_values:
            role = tool_checks.ratings_column(body[position].to_numpy(dtype=object), header, instrument)
        if role is None:
            cells = body[position].to_numpy(dtype=object)
            role = _unrecognised(cells, rows, position, header, label, position >= header_width, report)
        elif role not in (IGNORED, PERSONAL):
            role = _first_of_its_role(role, label, taken, report)
        roles.append(role)
        if role is not None:
            mapping[label] = IGNORED if role == FINISHED else role
    if coded:
        setting = layout.survey_format.setting_key or None
        report.add(warning("collab_codes", value=", ".join(coded), setting=setting))
    codes = layout.survey_format.answer_codes
    missing = frozenset(code for code, value in codes.items() if value == values.MISSING)
    return _Sheet(body, rows, tuple(labels), tuple(roles), mapping, grid.truncated_last_row, missing)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _letter(position: int) -> str:
    """A column's letter as a spreadsheet shows it: A, B, …, Z, AA, …"""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _user_target(target: str, label: str, instrument: Instrument, report: _Report) -> str:
    """The role the user mapped a column to, or `IGNORED` (with an error) when there is no such role."""
    if target.startswith(COLLAB_PREFIX):
        valid = bool(target[len(COLLAB_PREFIX) :].strip())
    else:
        valid = target in ROLES or target in instrument.item_codes
    if not valid:
        report.add(error("invalid_mapping", column=label, value=target))
        return IGNORED
    if target in (DEPARTMENT, RESPONDENT_ID) and names_a_person(label):
        report.add(error("personal_mapping", column=label, value=target))
        return PERSONAL
    return target


def _unrecognised(
    cells: np.ndarray,
    rows: np.ndarray,
    position: int,
    header: str,
    label: str,
    beyond_header: bool,
    report: _Report,
) -> str | None:
    """A column no header rule knows: ignored with a warning, its cells errors when beyond the header's
    width, and left out (None) when it has neither header nor content."""
    if not header and not (cells != "").any():
        return None
    if not header and beyond_header:
        _extra_fields(cells, rows, label, position, report)
    else:
        report.add(warning("unknown_column", column=label))
    return IGNORED


def _first_of_its_role(role: str, label: str, taken: dict[str, str], report: _Report) -> str:
    """The role, unless an earlier column has it already: then this column is an error and ignored."""
    if role in taken:
        report.add(error("duplicate_column", column=label, detail=taken[role]))
        return IGNORED
    taken[role] = label
    return role


def _extra_fields(cells: np.ndarray, rows: np.ndarray, label: str, position: int, report: _Report) -> None:
    """Cells beyond the header's width: a delimiter inside an unquoted text split the row."""
    for index in np.flatnonzero(cells != ""):
        row = int(rows[index])
        report.add_cell(position, error("extra_fields", row, label, short(cells[index])))


# ---------------------------------------------------------------------------------------------- the cells


@dataclass(frozen=True)
class _Answers:
    """The translated answer columns: items and collaboration ratings (one int8 column each), comments."""

    item_positions: list[int]
    values: np.ndarray
    collab_positions: list[int]
    ratings: np.ndarray
    comments: np.ndarray

    @property
    def content(self) -> np.ndarray:
        """Whether each row holds an answer, a rating, a comment, or a value that cannot be read."""
        return (self.values != 0).any(axis=1) | (self.ratings != 0).any(axis=1) | (self.comments != "")


def _validate(
    sheet: _Sheet, layout: Layout, department: str, instrument: Instrument, report: _Report
) -> dict[str, pd.DataFrame] | None:
    """The batch's frames, with every problem in the report; None when nothing can be imported.

    The responses are checked on a second thread while the answers take their long form: both spend most of
    their time in numpy and Arrow, which release the GIL, so a large file is read in less time."""
    item_positions = sheet.positions(is_item_code)
    setting = layout.survey_format.setting_key or None
    if not item_positions:
        report.add(error("missing_items", setting=setting))
        return None
    _report_missing_items(sheet, item_positions, instrument, report)
    if len(sheet.body) == 0:
        report.add(error("header_only"))
        return None
    answers = _answers(sheet, item_positions, layout, instrument)
    keep = _rows_to_keep(sheet, answers, layout, report)
    if keep is None:
        return None
    kept = np.flatnonzero(keep)
    if (refusal := _undecodable(sheet, layout, kept)) is not None:
        report.add(refusal)
        return None
    _report_values(sheet, answers.values, answers.item_positions, kept, report)
    _report_values(sheet, answers.ratings, answers.collab_positions, kept, report)
    rows = sheet.rows[kept]
    codes = [sheet.roles[i] or "" for i in answers.item_positions]
    targets = [(sheet.roles[i] or "")[len(COLLAB_PREFIX) :] for i in answers.collab_positions]
    given = answers.values[kept]
    with ThreadPoolExecutor(1) as checking:
        responses = checking.submit(_responses, sheet, kept, department, report)
        frames = {
            "answers": long_frame(given, rows, codes, "item_code", "value"),
            "scores": respondent_scores(given, codes, rows, instrument),
            "collaboration": long_frame(answers.ratings[kept], rows, targets, "target_department", "rating"),
            "comments": comments_frame(rows, answers.comments[kept]),
            "responses": responses.result(),
        }
    _report_truncation(sheet, keep, report)
    return frames


def _report_missing_items(
    sheet: _Sheet, item_positions: list[int], instrument: Instrument, report: _Report
) -> None:
    present = {sheet.roles[i] for i in item_positions}
    missing = [code for code in instrument.item_codes if code not in present]
    if missing:
        shown = ", ".join(missing[:MISSING_ITEMS_SHOWN]) + (
            ", …" if len(missing) > MISSING_ITEMS_SHOWN else ""
        )
        report.add(warning("missing_items", value=shown, detail=str(len(missing))))


def _answers(sheet: _Sheet, item_positions: list[int], layout: Layout, instrument: Instrument) -> _Answers:
    codes = layout.survey_format.answer_codes
    collab_positions = sheet.positions(lambda role: role.startswith(COLLAB_PREFIX))
    comment_position = sheet.position_of(COMMENT)
    return _Answers(
        item_positions=item_positions,
        values=_translate(sheet, item_positions, values.likert_labels(instrument), codes),
        collab_positions=collab_positions,
        ratings=_translate(sheet, collab_positions, values.collaboration_labels(instrument), codes),
        comments=values.clean_comments(sheet.text_column(comment_position))
        if comment_position is not None
        else np.full(len(sheet.body), "", dtype=object),
    )


def _translate(
    sheet: _Sheet, positions: list[int], labels: Mapping[str, int], codes: Mapping[str, int]
) -> np.ndarray:
    block = np.zeros((len(sheet.body), len(positions)), dtype=np.int8, order="F")
    cache: dict[str, int] = {}
    for j, position in enumerate(positions):
        block[:, j] = values.translate(sheet.body[position], labels, cache, codes)
    return block


def _rows_to_keep(sheet: _Sheet, answers: _Answers, layout: Layout, report: _Report) -> np.ndarray | None:
    """The rows to import: not blank, finished (when the format tells), with some content; None if none."""
    content = answers.content
    blank = np.zeros(len(content), dtype=bool)
    maybe_blank = np.flatnonzero(~content)
    if sheet.body.shape[1] == 0:
        blank[maybe_blank] = True
    elif len(maybe_blank):
        filled = [values.cells_at(sheet.body[i], maybe_blank) != "" for i in sheet.body.columns]
        blank[maybe_blank] = ~np.any(filled, axis=0)
    if blank.all():
        report.add(error("header_only"))
        return None
    keep = ~blank
    required = layout.required_column
    if required is not None and sheet.roles[required] == SUBMITTED_AT:
        incomplete = keep & (sheet.column(required) == "")
        if incomplete.any():
            keep &= ~incomplete
            count = str(int(incomplete.sum()))
            report.add(warning("incomplete_rows_skipped", column=sheet.labels[required], value=count))
    _skip_unfinished(sheet, layout, keep, report)
    empty = keep & ~content
    if empty.any():
        first = int(sheet.rows[np.flatnonzero(empty)[0]])
        report.add(warning("rows_without_answers_skipped", row=first, value=str(int(empty.sum()))))
    keep &= content
    if not keep.any():
        report.add(error("no_answers"))
        return None
    return keep


def _skip_unfinished(sheet: _Sheet, layout: Layout, keep: np.ndarray, report: _Report) -> None:
    """Leave out the responses the tool's own column marks as unfinished, with one warning saying how many."""
    position = sheet.position_of(FINISHED)
    if position is None:
        return
    unfinished = keep & ~tool_checks.finished(sheet.column(position), layout.survey_format)
    if unfinished.any():
        keep &= ~unfinished
        count = str(int(unfinished.sum()))
        report.add(warning("unfinished_rows_skipped", column=sheet.labels[position], value=count))


def _undecodable(sheet: _Sheet, layout: Layout, kept: np.ndarray) -> Problem | None:
    """One refusal for the whole file when its answers are codes without labels, or its departments numbers."""
    answers = sheet.positions(lambda role: is_item_code(role) or role.startswith(COLLAB_PREFIX))
    position = sheet.position_of(DEPARTMENT)
    department = None if position is None else (sheet.labels[position], _kept_texts(sheet, position, kept))
    checked = answers if layout.survey_format.refused_codes else []
    return tool_checks.undecodable(
        layout.survey_format, [(sheet.labels[i], _kept_texts(sheet, i, kept)) for i in checked], department
    )


def _kept_texts(sheet: _Sheet, position: int, kept: np.ndarray) -> np.ndarray:
    """The distinct texts of a column in the kept rows, in the order they first appear (missing codes empty)."""
    positions, uniques = values.distinct(sheet.text_column(position))
    return np.append(uniques, "")[pd.unique(positions[kept])]


def _report_values(
    sheet: _Sheet, block: np.ndarray, positions: list[int], kept: np.ndarray, report: _Report
) -> None:
    """An error for every kept cell whose text is no answer: out of range, not whole, or unknown."""
    if not block.size or block.min() >= 0:
        return
    bad_rows, bad_columns = np.nonzero(block[kept] < 0)
    for index, j in zip(kept[bad_rows], bad_columns, strict=True):
        position = positions[j]
        kind = values.VALUE_ERRORS[int(block[index, j])]
        value = short(str(sheet.body.iat[index, position]))
        report.add_cell(position, error(kind, int(sheet.rows[index]), sheet.labels[position], value))


def _report_truncation(sheet: _Sheet, keep: np.ndarray, report: _Report) -> None:
    """An error when the file ends inside its last kept row, naming the last column that arrived."""
    if not sheet.truncated or not keep[-1]:
        return
    last = len(sheet.body) - 1
    filled = [i for i in range(sheet.body.shape[1]) if sheet.body.iat[last, i] != ""]
    column = sheet.labels[filled[-1]] if filled else None
    report.add(error("truncated_row", row=int(sheet.rows[-1]), column=column))


# ---------------------------------------------------------------------------------------------- the responses


def _texts(sheet: _Sheet, role: str, kept: np.ndarray) -> tuple[int | None, pd.Series]:
    position = sheet.position_of(role)
    if position is None:
        return None, pd.Series([""] * len(kept), dtype=object)
    return position, pd.Series(values.clean_texts(sheet.text_column(position))[kept], dtype=object)


def _responses(sheet: _Sheet, kept: np.ndarray, department: str, report: _Report) -> pd.DataFrame:
    """One row per kept response: row, respondent key, department, submit time; their problems reported."""
    departments = _departments(sheet, kept, department, report)
    ids = _respondent_keys(sheet, kept, report)
    return responses_frame(
        sheet.rows[kept],
        ids.where(ids != "", None).to_numpy(dtype=object),
        departments.where(departments != "", None).to_numpy(dtype=object),
        _submit_times(sheet, kept, report),
    )


def _departments(sheet: _Sheet, kept: np.ndarray, department: str, report: _Report) -> pd.Series:
    """Each response's department, the one given at import where the file names none; an error where neither."""
    position, departments = _texts(sheet, DEPARTMENT, kept)
    departments = departments.where(departments != "", department)
    if position is None and not department:
        looked_at = [p.column for p in report.problems if p.kind == "unknown_column" and p.column]
        shown = ", ".join(f'"{label}"' for label in looked_at[:MISSING_ITEMS_SHOWN])
        more = ", …" if len(looked_at) > MISSING_ITEMS_SHOWN else ""
        report.add(error("no_department_column", value=shown + more if shown else "–"))
        return departments
    column = sheet.labels[position] if position is not None else None
    for index in np.flatnonzero((departments == "").to_numpy()):
        report.add_cell(position or 0, error("missing_department", int(sheet.rows[kept[index]]), column))
    return departments


def _respondent_keys(sheet: _Sheet, kept: np.ndarray, report: _Report) -> pd.Series:
    """Each response's respondent id; an error for every id already used in an earlier row, and one for ids
    that are e-mail addresses."""
    position, ids = _texts(sheet, RESPONDENT_ID, kept)
    if position is None:
        return ids
    rows = sheet.rows[kept]
    addresses = values.addresses(ids.to_numpy(dtype=object))
    if addresses.any():
        first_address = int(rows[np.flatnonzero(addresses)[0]])
        count = str(int(addresses.sum()))
        report.add(error("email_respondent_id", first_address, sheet.labels[position], count))
        return ids.where(~addresses, "")
    present = ids != ""
    duplicated = ids.duplicated(keep="first") & present
    if duplicated.any():
        first = present & ~duplicated
        first_rows = dict(zip(ids[first], rows[first.to_numpy()], strict=True))
        for index in np.flatnonzero(duplicated.to_numpy()):
            row, value = int(rows[index]), str(ids.iat[int(index)])
            problem = error(
                "duplicate_respondent",
                row,
                sheet.labels[position],
                short(value),
                detail=str(first_rows[value]),
            )
            report.add_cell(position, problem)
    return ids


def _submit_times(sheet: _Sheet, kept: np.ndarray, report: _Report) -> np.ndarray:
    """Each response's submit time (NaT when absent); a warning for every one that cannot be read."""
    position = sheet.position_of(SUBMITTED_AT)
    if position is None:
        return np.full(len(kept), np.datetime64("NaT"), dtype="datetime64[us]")
    texts = sheet.column(position)[kept]
    submitted = values.parse_dates(texts)
    for index in np.flatnonzero(np.isnat(submitted) & (texts != "")):
        row = int(sheet.rows[kept[index]])
        report.add_cell(
            position, warning("invalid_date", row, sheet.labels[position], short(str(texts[index])))
        )
    return submitted
