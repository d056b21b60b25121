"""Uploaded bytes → decoded table → columns mapped to items → validated answers, with every problem reported.

``read_upload`` never raises on bad input: whatever is wrong with the file is a ``Problem`` in the batch,
and a batch with errors is refused by the store. Values are translated once per distinct value per column,
never cell by cell, so a 50,000-row file stays well under a second.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from smm_maturity import formats
from smm_maturity.formats import (
    COLLAB_PREFIX,
    COMMENT,
    DEPARTMENT,
    IGNORED,
    PERSONAL,
    RESPONDENT_ID,
    ROLES,
    SUBMITTED_AT,
    Layout,
    is_item_code,
)
from smm_maturity.instrument import Instrument, load_instrument

MAX_PROBLEMS = 10_000
HEADER_SEARCH_ROWS = 10
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

_OUT_OF_RANGE, _NOT_INTEGER, _UNKNOWN_LABEL = -1, -2, -3
_VALUE_ERRORS = {_OUT_OF_RANGE: "out_of_range", _NOT_INTEGER: "not_integer", _UNKNOWN_LABEL: "unknown_label"}
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_NUMBERED_LABEL = re.compile(r"^([+-]?\d+)\s*(?:[-–—=:.)]|\()\s*([^\W\d_].*?)\)?$")
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
_EXPECTED_FIELDS = re.compile(r"Expected \d+ fields in line \d+, saw \d+")
_UNCLOSED_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_TIMEZONE = re.compile(
    r"\s*(?:(?:GMT|UTC|MEZ|MESZ|CET|CEST|OEZ)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|Z|[+-]\d{2}:?\d{2})$"
)
_DATE_FORMATS = (
    "ISO8601",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %I:%M:%S %p",
    "%d.%m.%Y %I:%M %p",
    "%d.%m.%Y",
    "%d.%m.%y %H:%M",
    "%d.%m.%y",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%m/%d/%y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)

LIKERT_LABELS: Mapping[int, tuple[str, ...]] = {
    1: ("trifft gar nicht zu", "trifft überhaupt nicht zu", "stimme überhaupt nicht zu", "strongly disagree"),
    2: ("trifft eher nicht zu", "trifft wenig zu", "stimme eher nicht zu", "stimme nicht zu", "disagree"),
    3: ("teils/teils", "trifft teils-teils zu", "weder noch", "neutral", "neither agree nor disagree"),
    4: ("trifft eher zu", "trifft ziemlich zu", "stimme eher zu", "stimme zu", "agree"),
    5: (
        "trifft voll zu",
        "trifft völlig zu",
        "trifft voll und ganz zu",
        "stimme voll und ganz zu",
        "strongly agree",
    ),
}
MISSING_TOKENS: tuple[str, ...] = (
    "",
    "weiß nicht",
    "k. A.",
    "keine Angabe",
    "don't know",
    "do not know",
    "n/a",
    "na",
    "not applicable",
    "nicht zutreffend",
    "no answer",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload, located as the user sees it in a spreadsheet."""

    severity: Literal["error", "warning"]
    kind: str
    row: int | None
    column: str | None
    value: str | None
    detail: str | None = None

    def describe(self, lang: str, file_name: str) -> str:
        """One sentence in German or English naming file, row, column and value, and what to do."""
        de = lang == "de"
        texts = _MESSAGES_DE if de else _MESSAGES_EN
        key = self.kind
        if self.kind == "not_tabular" and self.value == "workbook":
            key = "damaged_workbook"
        elif self.kind in ("wrong_sheet", "missing_items") and self.severity == "warning":
            key = f"{self.kind}_warning"
        template = texts.get(key, texts["generic"])
        place = f"„{file_name}“" if de else f'"{file_name}"'
        if self.row is not None:
            place += f", Zeile {self.row}" if de else f", row {self.row}"
        if self.column is not None:
            place += f", Spalte „{self.column}“" if de else f', column "{self.column}"'
        message = template.format(value=self.value or "", detail=self.detail or "", kind=self.kind)
        return f"{place}: {message}"


_MESSAGES_DE: Mapping[str, str] = {
    "out_of_range": "Der Wert „{value}“ liegt außerhalb der Skala 1 bis 5; tragen Sie eine ganze Zahl von 1 bis 5 "
    "ein oder lassen Sie die Zelle leer.",
    "not_integer": "Der Wert „{value}“ ist keine ganze Zahl; tragen Sie eine ganze Zahl von 1 bis 5 ein.",
    "unknown_label": "Die Antwort „{value}“ ist unbekannt; verwenden Sie 1 bis 5, eine Antwortstufe wie "
    "„trifft eher zu“ oder „weiß nicht“.",
    "unknown_column": "Diese Spalte gehört zu keiner Frage und wird ignoriert; ordnen Sie sie im Zuordnungsschritt "
    "einer Frage zu, falls sie Antworten enthält.",
    "missing_department": "Die Abteilung fehlt; tragen Sie sie in der Spalte „Abteilung“ ein oder wählen Sie beim "
    "Import eine Abteilung für die ganze Datei.",
    "duplicate_respondent": "Die Kennung „{value}“ steht schon in Zeile {detail}; entfernen Sie die doppelte Zeile "
    "oder vergeben Sie eindeutige Kennungen.",
    "empty_file": "Die Datei ist leer; exportieren Sie die Antworten erneut und laden Sie die neue Datei hoch.",
    "header_only": "Die Datei enthält nur die Kopfzeile und keine Antworten; laden Sie eine Datei mit mindestens "
    "einer ausgefüllten Zeile hoch.",
    "no_answers": "Keine Zeile enthält eine Antwort; füllen Sie die Antwortspalten aus oder prüfen Sie, ob Sie die "
    "richtige Datei gewählt haben.",
    "not_tabular": "Die Datei ist keine Tabelle; laden Sie den CSV- oder Excel-Export Ihres Umfragewerkzeugs hoch.",
    "damaged_workbook": "Die Excel-Datei ist beschädigt oder unvollständig und lässt sich nicht lesen; speichern "
    "oder exportieren Sie sie erneut.",
    "too_large": "Die Datei ist {value} groß, erlaubt sind höchstens {detail}; teilen Sie sie auf oder entfernen "
    "Sie nicht benötigte Spalten.",
    "mixed_encoding": "Die Datei mischt zwei Zeichenkodierungen (UTF-8 und Windows-1252), etwa bei „{value}“; "
    "speichern Sie sie in Excel als „CSV UTF-8“ und laden Sie sie erneut hoch.",
    "unclosed_quote": "Ein Anführungszeichen wird nie geschlossen, die Datei ist wohl abgeschnitten; exportieren "
    "Sie sie erneut.",
    "truncated_row": "Die Zeile bricht nach dieser Spalte ab, die Datei ist wohl abgeschnitten; exportieren Sie sie "
    "erneut.",
    "extra_fields": "Die Zeile hat mehr Zellen als die Kopfzeile (überzählig: „{value}“); setzen Sie Texte mit "
    "Trennzeichen in Anführungszeichen oder exportieren Sie die Datei erneut.",
    "wrong_sheet": "Keines der Tabellenblätter ({detail}) hat eine Kopfzeile mit Fragen des Fragebogens; legen Sie "
    "die Antworten samt Kopfzeile auf das erste Blatt.",
    "wrong_sheet_warning": "Das erste Tabellenblatt „{detail}“ enthält keine Antworten, deshalb wurde das Blatt "
    "„{value}“ gelesen; prüfen Sie in der Vorschau, ob das die richtigen Antworten sind.",
    "missing_items": "Keine Spalte gehört zu einer Frage des Fragebogens; verwenden Sie die Vorlage oder ordnen Sie "
    "die Spalten im Zuordnungsschritt den Fragen zu.",
    "missing_items_warning": "Fehlende Fragen: {detail} ({value}); sie gelten als unbeantwortet. Ordnen Sie die "
    "Spalten zu, falls sie unter anderem Namen vorhanden sind.",
    "duplicate_column": "Diese Spalte gehört zur selben Frage wie die Spalte „{detail}“; löschen Sie eine der beiden "
    "oder ordnen Sie sie anders zu.",
    "invalid_mapping": "„{value}“ ist keine gültige Zuordnung; wählen Sie eine Frage, eine Rolle oder „ignoriert“.",
    "invalid_date": "„{value}“ ist kein lesbares Datum und bleibt leer; verwenden Sie TT.MM.JJJJ oder JJJJ-MM-TT, "
    "falls das Datum gebraucht wird.",
    "incomplete_rows_skipped": "{value} unvollständige Antworten ohne Abschlussdatum wurden übersprungen; "
    "exportieren Sie auch unvollständige Antworten nur, wenn sie mitzählen sollen.",
    "rows_without_answers_skipped": "{value} Zeilen ohne eine einzige Antwort wurden übersprungen (die erste ist "
    "diese); füllen Sie sie aus, falls sie mitzählen sollen.",
    "too_many_problems": "Es gibt noch {value} weitere Probleme, die nicht einzeln aufgeführt sind; beheben Sie "
    "zuerst die genannten, meist haben alle dieselbe Ursache.",
    "unexpected": "Die Datei ließ sich wegen eines internen Fehlers nicht lesen ({value}); bitte melden Sie das "
    "zusammen mit der Datei.",
    "generic": "Problem „{kind}“ bei „{value}“; prüfen Sie die Datei und laden Sie sie erneut hoch.",
}
_MESSAGES_EN: Mapping[str, str] = {
    "out_of_range": 'The value "{value}" is outside the scale 1 to 5; enter a whole number from 1 to 5 or leave '
    "the cell blank.",
    "not_integer": 'The value "{value}" is not a whole number; enter a whole number from 1 to 5.',
    "unknown_label": 'The answer "{value}" is not recognised; use 1 to 5, a scale label such as "agree", or '
    '"don\'t know".',
    "unknown_column": "This column belongs to no question and is ignored; map it to a question in the mapping step "
    "if it holds answers.",
    "missing_department": 'The department is missing; fill in the "department" column or choose a department for '
    "the whole file at import.",
    "duplicate_respondent": 'The respondent id "{value}" already appears in row {detail}; remove the duplicate '
    "row or give every respondent a unique id.",
    "empty_file": "The file is empty; export the answers again and upload the new file.",
    "header_only": "The file holds only the header row and no answers; upload a file with at least one filled-in "
    "row.",
    "no_answers": "No row holds a single answer; fill in the answer columns or check that you chose the right file.",
    "not_tabular": "The file is not a table; upload the CSV or Excel export of your survey tool.",
    "damaged_workbook": "The Excel file is damaged or incomplete and cannot be read; save or export it again.",
    "too_large": "The file is {value}, but at most {detail} is allowed; split it or remove columns you do not need.",
    "mixed_encoding": 'The file mixes two character encodings (UTF-8 and Windows-1252), for example at "{value}"; '
    'save it from Excel as "CSV UTF-8" and upload it again.',
    "unclosed_quote": "A quotation mark is never closed, so the file seems cut off; export it again.",
    "truncated_row": "The row stops after this column, so the file seems cut off; export it again.",
    "extra_fields": 'The row has more cells than the header (extra: "{value}"); put texts that contain the '
    "delimiter in quotes, or export the file again.",
    "wrong_sheet": "None of the sheets ({detail}) has a header row with questions of the questionnaire; put the "
    "answers with their header on the first sheet.",
    "wrong_sheet_warning": 'The first sheet "{detail}" holds no answers, so the sheet "{value}" was read instead; '
    "check in the preview that these are the right answers.",
    "missing_items": "No column belongs to a question of the questionnaire; use the template, or map the columns to "
    "questions in the mapping step.",
    "missing_items_warning": "Missing questions: {detail} ({value}); they count as unanswered. Map the columns if "
    "they are there under another name.",
    "duplicate_column": 'This column holds the same question as the column "{detail}"; delete one of them or map it '
    "differently.",
    "invalid_mapping": '"{value}" is not a valid mapping; choose a question, a role, or "ignored".',
    "invalid_date": '"{value}" is not a readable date and is left empty; use DD.MM.YYYY or YYYY-MM-DD if the date '
    "matters.",
    "incomplete_rows_skipped": "{value} incomplete responses without a submit date were skipped; export incomplete "
    "responses only if they should count.",
    "rows_without_answers_skipped": "{value} rows without a single answer were skipped (this is the first); fill "
    "them in if they should count.",
    "too_many_problems": "There are {value} more problems that are not listed one by one; fix the ones shown first, "
    "as they usually share one cause.",
    "unexpected": "The file could not be read because of an internal error ({value}); please report it together "
    "with the file.",
    "generic": 'Problem "{kind}" at "{value}"; check the file and upload it again.',
}


@dataclass(frozen=True)
class ImportBatch:
    """A parsed and validated upload, ready for ``store.store_batch`` when it has no errors."""

    file_name: str
    sha256: str
    format_name: str
    encoding: str | None
    delimiter: str | None
    column_mapping: dict[str, str]
    responses: pd.DataFrame
    answers: pd.DataFrame
    scores: pd.DataFrame
    collaboration: pd.DataFrame
    comments: pd.DataFrame
    problems: tuple[Problem, ...]
    sheet: str | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that block the import."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that are reported but do not block the import."""
        return tuple(p for p in self.problems if p.severity == "warning")


def unmapped_columns(batch: ImportBatch) -> list[str]:
    """The headers that could not be mapped automatically, for the UI's mapping step."""
    return [p.column for p in batch.problems if p.kind == "unknown_column" and p.column is not None]


def header_signature(headers: Sequence[str]) -> str:
    """A stable hash of the normalised header list, to offer a saved column mapping for the same headers again."""
    folded = "\x1f".join(" ".join(str(h).casefold().split()) for h in headers)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------- empty frames


def _empty_responses() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series([], dtype="int64"),
            "respondent_key": pd.Series([], dtype="string"),
            "department": pd.Series([], dtype="string"),
            "submitted_at": pd.Series([], dtype="datetime64[us]"),
        }
    )


def _frame(row: np.ndarray, name: str, labels: pa.Array, value_name: str, values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "row": pd.Series(row, dtype="int64"),
            name: pd.Series(pd.array(labels, dtype="string")),
            value_name: pd.Series(values, dtype="int8"),
        }
    )


def _empty_long(name: str, value_name: str) -> pd.DataFrame:
    return _frame(
        np.array([], dtype=np.int64), name, pa.array([], pa.string()), value_name, np.array([], np.int8)
    )


def _empty_scores() -> pd.DataFrame:
    return _scores_frame([], [], [], [])


def _scores_frame(
    rows: list[np.ndarray], dimensions: list[np.ndarray], scores: list[np.ndarray], codes: Sequence[str]
) -> pd.DataFrame:
    """Respondent scores as one frame: row, dimension (a categorical of the dimension codes) and score."""
    return pd.DataFrame(
        {
            "row": np.concatenate([np.zeros(0, dtype=np.int64), *rows]),
            "dimension": pd.Categorical.from_codes(
                np.concatenate([np.zeros(0, dtype=np.int8), *dimensions]), categories=list(codes)
            ),
            "score": np.concatenate([np.zeros(0), *scores]),
        }
    )


def _respondent_scores(
    block: np.ndarray, codes: Sequence[str], rows: np.ndarray, instrument: Instrument
) -> pd.DataFrame:
    """Each response's dimension scores: the mean of its answered items, reverse-coded, when at least half of
    the dimension's items are answered; the rule of `store.RESPONDENT_SCORES_FILL`, on the answer block."""
    scored_rows, dimensions, scores = [], [], []
    for index, dimension in enumerate(instrument.dimensions):
        reverse_of = {item.code: item.reverse for item in dimension.items}
        columns = [j for j, code in enumerate(codes) if code in reverse_of]
        if not columns:
            continue
        values = block[:, columns].astype(np.int16)
        reverse = np.array([reverse_of[codes[j]] for j in columns])
        answered = values > 0
        totals = np.where(answered, np.where(reverse, 6 - values, values), 0).sum(axis=1)
        counts = answered.sum(axis=1)
        scored = counts * 2 >= len(dimension.items)
        scored_rows.append(rows[scored])
        dimensions.append(np.full(int(scored.sum()), index, dtype=np.int8))
        scores.append(totals[scored] / counts[scored])
    return _scores_frame(scored_rows, dimensions, scores, instrument.dimension_codes)


def _empty_comments() -> pd.DataFrame:
    return pd.DataFrame({"row": pd.Series([], dtype="int64"), "comment": pd.Series([], dtype="string")})


@dataclass(frozen=True)
class _Source:
    file_name: str
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None


def _failed(
    source: _Source,
    problems: Iterable[Problem],
    format_name: str = "canonical",
    mapping: dict[str, str] | None = None,
    sheet: str | None = None,
) -> ImportBatch:
    return ImportBatch(
        file_name=source.file_name,
        sha256=source.sha256,
        format_name=format_name,
        encoding=source.encoding,
        delimiter=source.delimiter,
        column_mapping=mapping or {},
        responses=_empty_responses(),
        answers=_empty_long("item_code", "value"),
        scores=_empty_scores(),
        collaboration=_empty_long("target_department", "rating"),
        comments=_empty_comments(),
        problems=tuple(problems),
        sheet=sheet,
    )


def _error(
    kind: str, row: int | None = None, column: str | None = None, value: str | None = None, **kw: str
) -> Problem:
    return Problem("error", kind, row, column, value, kw.get("detail"))


def _warning(
    kind: str, row: int | None = None, column: str | None = None, value: str | None = None, **kw: str
) -> Problem:
    return Problem("warning", kind, row, column, value, kw.get("detail"))


def _short(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


# ---------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Grid:
    """A sheet as text cells (positional columns, blank cells are ""), plus the CSV details that matter."""

    cells: pd.DataFrame
    sheet: str | None = None
    header_widths: tuple[int, ...] = ()
    truncated_last_row: bool = False


def _is_workbook(data: bytes, file_name: str) -> bool:
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return True
    return file_name.lower().endswith(WORKBOOK_SUFFIXES) and _looks_binary(data)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(1, len(head) // 100)


def _text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn a sheet read by calamine (numbers, dates, blanks) into text cells, column by column."""
    columns = {}
    for position, name in enumerate(frame.columns):
        series = frame[name]
        columns[position] = series.where(series.notna(), "").astype(str).to_numpy(dtype=object)
    return pd.DataFrame(columns, dtype=object)


def _read_workbook(data: bytes) -> list[_Grid] | Problem:
    try:
        sheets = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, engine="calamine", dtype=object
        )
    except Exception:  # noqa: BLE001 - calamine raises many kinds of errors for damaged files
        return _error("not_tabular", value="workbook")
    return [_Grid(_text_cells(frame), sheet=str(name)) for name, frame in sheets.items()]


def _decode(data: bytes) -> tuple[str, str, tuple[int, str] | None]:
    """Decode as UTF-8 (with or without BOM), else cp1252, else latin-1; flag files that mix encodings."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace"), "utf-16", None
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data[:3] == b"\xef\xbb\xbf" else "utf-8", None
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    return text, encoding, _mixed_encoding(data, encoding)


def _plausible(char: str) -> bool:
    code = ord(char)
    return code < 0x250 or 0x2000 <= code < 0x2070 or code in (0x20AC, 0x2122)


def _mixed_encoding(data: bytes, encoding: str) -> tuple[int, str] | None:
    """The first line (and a word in it) of the minority encoding, when some lines are UTF-8 and others not."""
    utf8_rows: list[tuple[int, str]] = []
    other_rows: list[tuple[int, str]] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other_rows.append((number, line.decode(encoding, errors="replace")))
            continue
        if all(_plausible(char) for char in text if not char.isascii()):
            utf8_rows.append((number, text))
        else:
            other_rows.append((number, line.decode(encoding, errors="replace")))
    if not utf8_rows or not other_rows:
        return None
    row, text = (utf8_rows if len(utf8_rows) <= len(other_rows) else other_rows)[0]
    word = next((w for w in re.split(r"[,;\t\"\s]+", text) if not w.isascii()), text)
    return row, _short(word)


def _record_row(text: str, line: int, delimiter: str) -> int:
    """The spreadsheet row of a physical line, counting quoted line breaks as part of their row."""
    offset = 0
    for _ in range(line - 1):
        offset = text.index("\n", offset) + 1
    return sum(1 for _ in csv.reader(io.StringIO(text[:offset], newline=""), delimiter=delimiter)) + 1


def _sniff(text: str) -> tuple[str, tuple[int, ...]]:
    """Pick the delimiter (`,` `;` or tab) that splits the first records most consistently."""
    sample = text[:65536]
    best: tuple[tuple[int, int], str, tuple[int, ...]] = ((0, 0), ",", ())
    for delimiter in (",", ";", "\t"):
        widths: list[int] = []
        try:
            for index, record in enumerate(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)):
                widths.append(len(record) if any(cell.strip() for cell in record) else 0)
                if index >= 30:
                    break
        except csv.Error:
            continue
        if len(sample) < len(text) and len(widths) > 1:
            widths.pop()
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        mode = Counter(wide).most_common(1)[0][0]
        key = (sum(1 for w in wide if w == mode), mode)
        if key > best[0]:
            best = (key, delimiter, tuple(widths))
    return best[1], best[2]


def _read_text(text: str) -> tuple[_Grid | None, str, Problem | None]:
    delimiter, widths = _sniff(text)
    options = {
        "sep": delimiter,
        "header": None,
        "dtype": object,
        "na_filter": False,
        "keep_default_na": False,
        "skip_blank_lines": False,
        "index_col": False,
        "engine": "c",
        "quotechar": '"',
        "doublequote": True,
    }
    try:
        try:
            cells = pd.read_csv(io.StringIO(text), **options)
        except pd.errors.ParserError as exc:
            if not _EXPECTED_FIELDS.search(str(exc)):
                raise
            width = max(
                len(record) for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            )
            cells = pd.read_csv(io.StringIO(text), names=range(width), **options)
    except pd.errors.ParserError as exc:
        if match := _UNCLOSED_QUOTE.search(str(exc)):
            return None, delimiter, _error("unclosed_quote", row=int(match[1]) + 1)
        return None, delimiter, _error("not_tabular")
    except (csv.Error, ValueError, UnicodeError):
        return None, delimiter, _error("not_tabular")
    cells.columns = range(cells.shape[1])
    truncated = False
    if text and text[-1] not in "\r\n" and len(cells) > 1:
        last_line = text[text.rfind("\n") + 1 :]
        last = next(csv.reader(io.StringIO(last_line, newline=""), delimiter=delimiter), [])
        truncated = 0 < len(last) < (widths[0] if widths else 0)
    return _Grid(cells, header_widths=widths, truncated_last_row=truncated), delimiter, None


# ---------------------------------------------------------------------------------------------- values


def _label_table(labels: Mapping[int, Iterable[str]], missing: Iterable[str]) -> dict[str, int]:
    table = {formats.fold(label): value for value, group in labels.items() for label in group}
    table.update({formats.fold(token): 0 for token in missing})
    return table


@lru_cache(maxsize=8)
def _likert_labels(instrument: Instrument) -> Mapping[str, int]:
    labels: dict[int, list[str]] = {value: list(group) for value, group in LIKERT_LABELS.items()}
    for value, (de, en) in enumerate(
        zip(instrument.scale_labels_de, instrument.scale_labels_en, strict=False), 1
    ):
        labels[value] += [de, en]
    return _label_table(labels, (*MISSING_TOKENS, instrument.dont_know_de, instrument.dont_know_en))


@lru_cache(maxsize=8)
def _collab_labels(instrument: Instrument) -> Mapping[str, int]:
    table = dict(_likert_labels(instrument))
    pairs = zip(instrument.collaboration_labels_de, instrument.collaboration_labels_en, strict=False)
    for value, (de, en) in enumerate(pairs, 1):
        table[formats.fold(de)] = value
        table[formats.fold(en)] = value
    return table


def _token_value(token: str, labels: Mapping[str, int]) -> int:
    """The answer 1..5 for one distinct cell text, 0 for missing, or a negative error code."""
    text = token.strip()
    if _NUMBER.match(text):
        number = float(text.replace(",", "."))
        if not number.is_integer():
            return _NOT_INTEGER
        return int(number) if 1 <= number <= 5 else _OUT_OF_RANGE
    folded = formats.fold(text)
    if folded in labels:
        return labels[folded]
    if match := _NUMBERED_LABEL.match(text):
        number = int(match[1])
        if not 1 <= number <= 5:
            return _OUT_OF_RANGE
        return number if labels.get(formats.fold(match[2]), number) == number else _UNKNOWN_LABEL
    return _UNKNOWN_LABEL


def _translate(column: np.ndarray, labels: Mapping[str, int], cache: dict[str, int]) -> np.ndarray:
    """Map a column of cell texts to answers by translating each distinct text once."""
    codes, uniques = pd.factorize(column)
    values = np.empty(len(uniques), dtype=np.int8)
    for index, text in enumerate(uniques):
        value = cache.get(text)
        if value is None:
            value = cache[text] = _token_value(text, labels)
        values[index] = value
    return values[codes]


def _parse_dates(texts: np.ndarray) -> np.ndarray:
    """Parse submit times in the formats survey tools and German Excel write; unreadable ones become NaT.

    Time zone suffixes are dropped, so a time stays the wall-clock time the respondent saw.
    """
    strings = pc.utf8_trim_whitespace(pa.array(texts, pa.string()))
    strings = pc.replace_substring_regex(strings, _TIMEZONE.pattern, "")
    strings = pc.replace_substring_regex(strings, r"\bvorm\.", "AM")
    strings = pc.replace_substring_regex(strings, r"\bnachm\.", "PM")
    result = np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[us]")
    todo = np.asarray(pc.not_equal(strings, ""), dtype=bool)
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        indices = np.flatnonzero(todo)
        candidates = pd.Series(pd.array(strings.take(pa.array(indices)), dtype="string"))
        try:
            parsed = pd.to_datetime(candidates, format=fmt, errors="coerce")
        except (ValueError, OverflowError):
            continue
        ok = parsed.notna().to_numpy()
        result[indices[ok]] = parsed[ok].to_numpy(dtype="datetime64[us]")
        todo[indices[ok]] = False
    return result


def _clean_comments(column: np.ndarray) -> np.ndarray:
    """Trim comments and unify line breaks, once per distinct text; inner line breaks are kept."""
    codes, uniques = pd.factorize(column)
    cleaned = [str(text).replace("\r\n", "\n").replace("\r", "\n").strip() for text in uniques]
    return np.array([*cleaned, ""], dtype=object)[codes]


def _clean_texts(column: np.ndarray) -> np.ndarray:
    """Trim cell texts and collapse inner whitespace, once per distinct text."""
    codes, uniques = pd.factorize(column)
    cleaned = np.array([" ".join(str(text).split()) for text in uniques] + [""], dtype=object)
    return cleaned[codes]


# ---------------------------------------------------------------------------------------------- layout


def _letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _find_header(grids: Sequence[_Grid], instrument: Instrument) -> tuple[int, int, Layout] | None:
    """The first sheet and row (within the first rows) whose header the instrument recognises."""
    for sheet_index, grid in enumerate(grids):
        cells = grid.cells
        for row in range(min(HEADER_SEARCH_ROWS, len(cells))):
            rows = [list(cells.iloc[r]) for r in range(row, min(row + 3, len(cells)))]
            layout = formats.recognise(rows, instrument)
            if layout.score > 0:
                return sheet_index, row, layout
    return None


def _valid_target(target: str, instrument: Instrument) -> bool:
    if target.startswith(COLLAB_PREFIX):
        return bool(target[len(COLLAB_PREFIX) :].strip())
    return target in ROLES or target in instrument.item_codes


# ---------------------------------------------------------------------------------------------- entry point


def read_upload(
    data: bytes,
    file_name: str,
    *,
    department: str | None = None,
    column_mapping: dict[str, str] | None = None,
    instrument: Instrument | None = None,
    max_bytes: int = 20 * 1024 * 1024,
) -> ImportBatch:
    """Parse and validate an uploaded CSV/XLSX; never raises on bad input, problems are in the batch."""
    source = _Source(file_name, hashlib.sha256(data).hexdigest())
    try:
        return _read(
            data, source, department, column_mapping or {}, instrument or load_instrument(), max_bytes
        )
    except Exception as exc:  # noqa: BLE001 - any input must give a batch, never a traceback
        return _failed(source, [_error("unexpected", value=_short(f"{type(exc).__name__}: {exc}", 120))])


def _read(
    data: bytes,
    source: _Source,
    department: str | None,
    mapping: Mapping[str, str],
    instrument: Instrument,
    max_bytes: int,
) -> ImportBatch:
    if len(data) > max_bytes:
        return _failed(source, [_error("too_large", value=_size(len(data)), detail=_size(max_bytes))])
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        return _failed(source, [_error("empty_file")])
    problems: list[Problem] = []
    if _is_workbook(data, source.file_name):
        grids = _read_workbook(data)
        if isinstance(grids, Problem):
            return _failed(source, [grids])
    else:
        if _looks_binary(data) and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            return _failed(source, [_error("not_tabular")])
        text, encoding, mixed = _decode(data)
        grid, delimiter, problem = _read_text(text)
        source = _Source(source.file_name, source.sha256, encoding, delimiter)
        if mixed:
            line, word = mixed
            problems.append(_error("mixed_encoding", row=_record_row(text, line, delimiter), value=word))
        if grid is None:
            return _failed(source, [*problems, problem] if problem else problems)
        grids = [grid]
    if all(grid.cells.empty for grid in grids):
        return _failed(source, [_error("empty_file")])
    found = _find_header(grids, instrument)
    if found is None:
        grid = next(g for g in grids if not g.cells.empty)
        if len(grids) > 1:
            names = ", ".join(str(g.sheet) for g in grids)
            return _failed(source, [*problems, _error("wrong_sheet", detail=names)])
        widths = [w for w in grid.header_widths if w]
        if grid.cells.shape[1] < 2 or (widths and sum(w > 1 for w in widths) * 2 < len(widths)):
            return _failed(source, [*problems, _error("not_tabular")])
        layout = formats.recognise([list(grid.cells.iloc[0])], instrument)
        sheet_index, header_row = 0, 0
    else:
        sheet_index, header_row, layout = found
    grid = grids[sheet_index]
    if sheet_index > 0:
        problems.append(_warning("wrong_sheet", value=grid.sheet, detail=grids[0].sheet))
    return _Validation(source, grid, header_row, layout, department, mapping, instrument, problems).batch()


class _Validation:
    """Maps the recognised columns to items and checks every cell, collecting every problem."""

    def __init__(
        self,
        source: _Source,
        grid: _Grid,
        header_row: int,
        layout: Layout,
        department: str | None,
        mapping: Mapping[str, str],
        instrument: Instrument,
        problems: list[Problem],
    ) -> None:
        self.source = source
        self.grid = grid
        self.layout = layout
        self.instrument = instrument
        self.department = " ".join((department or "").split())
        self.problems = problems
        self.cell_problems: list[tuple[int, int, Problem]] = []
        self.header_row = header_row
        first = header_row + layout.header_rows
        self.body = grid.cells.iloc[first:]
        self.rows = np.arange(first + 1, first + 1 + len(self.body), dtype=np.int64)
        self.labels: list[str] = []
        self.roles: list[str | None] = []
        self.mapping: dict[str, str] = {}
        self._map_columns(mapping)

    # -- columns

    def _column(self, position: int) -> np.ndarray:
        return self.body[position].to_numpy(dtype=object)

    def _map_columns(self, user_mapping: Mapping[str, str]) -> None:
        layout, width = self.layout, self.body.shape[1]
        widths = self.grid.header_widths
        header_width = widths[self.header_row] if self.header_row < len(widths) else width
        folded_mapping = {" ".join(k.split()).casefold(): v for k, v in user_mapping.items()}
        seen: dict[str, str] = {}
        for position in range(width):
            header = layout.headers[position] if position < len(layout.headers) else ""
            label = header or f"({_letter(position)})"
            if label in self.mapping:
                label = f"{label} ({_letter(position)})"
            role = layout.roles[position] if position < len(layout.roles) else None
            target = user_mapping.get(label, folded_mapping.get(" ".join(label.split()).casefold()))
            if target is not None:
                target = target.strip()
                if not _valid_target(target, self.instrument):
                    self.problems.append(_error("invalid_mapping", column=label, value=target))
                    target = IGNORED
                role = target
            self.labels.append(label)
            if role is None:
                if not header and not self._has_data(position):
                    self.roles.append(None)
                    continue
                if not header and position >= header_width:
                    self._extra_fields(position)
                else:
                    self.problems.append(_warning("unknown_column", column=label))
                role = IGNORED
            elif role not in (IGNORED, PERSONAL):
                if role in seen:
                    self.problems.append(_error("duplicate_column", column=label, detail=seen[role]))
                    role = IGNORED
                else:
                    seen[role] = label
            self.roles.append(role)
            self.mapping[label] = role

    def _has_data(self, position: int) -> bool:
        return bool((self._column(position) != "").any())

    def _extra_fields(self, position: int) -> None:
        column = self._column(position)
        for index in np.flatnonzero(column != ""):
            self.cell_problems.append(
                (
                    int(self.rows[index]),
                    position,
                    _error(
                        "extra_fields", int(self.rows[index]), self.labels[position], _short(column[index])
                    ),
                )
            )

    def _positions(self, predicate: Callable[[str], bool]) -> list[int]:
        return [i for i, role in enumerate(self.roles) if role is not None and predicate(role)]

    def _role_position(self, role: str) -> int | None:
        return next((i for i, r in enumerate(self.roles) if r == role), None)

    # -- batch

    def batch(self) -> ImportBatch:
        item_positions = self._positions(is_item_code)
        if not item_positions:
            self.problems.append(_error("missing_items"))
            return self._finish_failed()
        missing = [
            code for code in self.instrument.item_codes if code not in {self.roles[i] for i in item_positions}
        ]
        if missing:
            shown = ", ".join(missing[:12]) + (", …" if len(missing) > 12 else "")
            self.problems.append(_warning("missing_items", value=shown, detail=str(len(missing))))
        if len(self.body) == 0:
            self.problems.append(_error("header_only"))
            return self._finish_failed()

        n = len(self.body)
        likert = {**_likert_labels(self.instrument), **self.layout.answer_codes}
        collab_positions = self._positions(lambda r: r.startswith(COLLAB_PREFIX))
        values = self._translate_block(item_positions, likert)
        collab = {**_collab_labels(self.instrument), **self.layout.answer_codes}
        ratings = self._translate_block(collab_positions, collab)
        comment_position = self._role_position(COMMENT)
        comments = (
            _clean_comments(self._column(comment_position))
            if comment_position is not None
            else np.full(n, "", dtype=object)
        )
        content = (values != 0).any(axis=1) | (ratings != 0).any(axis=1) | (comments != "")
        blank = np.zeros(n, dtype=bool)
        maybe_blank = np.flatnonzero(~content)
        blank[maybe_blank] = self._blank_rows(maybe_blank)
        if blank.all():
            self.problems.append(_error("header_only"))
            return self._finish_failed()
        keep = ~blank
        required = self.layout.required_column
        if required is not None and self.roles[required] == SUBMITTED_AT:
            incomplete = keep & (self._column(required) == "")
            if incomplete.any():
                keep &= ~incomplete
                count = str(int(incomplete.sum()))
                self.problems.append(
                    _warning("incomplete_rows_skipped", column=self.labels[required], value=count)
                )
        empty = keep & ~content
        if empty.any():
            first = int(self.rows[np.flatnonzero(empty)[0]])
            self.problems.append(
                _warning("rows_without_answers_skipped", row=first, value=str(int(empty.sum())))
            )
        keep &= content
        if not keep.any():
            self.problems.append(_error("no_answers"))
            return self._finish_failed()

        kept = np.flatnonzero(keep)
        self._report_values(values, item_positions, kept)
        self._report_values(ratings, collab_positions, kept)
        rows = self.rows[kept]
        responses = self._responses(kept)
        codes = [self.roles[i] or "" for i in item_positions]
        answers = self._long(values[kept], rows, codes, "item_code", "value")
        scores = _respondent_scores(values[kept], codes, rows, self.instrument)
        targets = [(self.roles[i] or "")[len(COLLAB_PREFIX) :] for i in collab_positions]
        collaboration = self._long(ratings[kept], rows, targets, "target_department", "rating")
        kept_comments = comments[kept]
        has_comment = kept_comments != ""
        comment_frame = pd.DataFrame(
            {
                "row": pd.Series(rows[has_comment], dtype="int64"),
                "comment": pd.Series(kept_comments[has_comment], dtype="string"),
            }
        )
        if self.grid.truncated_last_row and keep[-1]:
            filled = [i for i in range(self.body.shape[1]) if self.body.iat[n - 1, i] != ""]
            column = self.labels[filled[-1]] if filled else None
            self.problems.append(_error("truncated_row", row=int(self.rows[-1]), column=column))
        return ImportBatch(
            file_name=self.source.file_name,
            sha256=self.source.sha256,
            format_name=self.layout.format_name,
            encoding=self.source.encoding,
            delimiter=self.source.delimiter,
            column_mapping=self.mapping,
            responses=responses,
            answers=answers,
            scores=scores,
            collaboration=collaboration,
            comments=comment_frame,
            problems=self._all_problems(),
            sheet=self.grid.sheet,
        )

    def _finish_failed(self) -> ImportBatch:
        return _failed(
            self.source, self._all_problems(), self.layout.format_name, self.mapping, self.grid.sheet
        )

    def _all_problems(self) -> tuple[Problem, ...]:
        cells = [problem for _, _, problem in sorted(self.cell_problems, key=lambda entry: entry[:2])]
        problems = sorted([*self.problems, *cells], key=lambda problem: problem.severity != "error")
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], _error("too_many_problems", value=str(rest))]
        return tuple(problems)

    def _blank_rows(self, indices: np.ndarray) -> np.ndarray:
        if self.body.shape[1] == 0:
            return np.ones(len(indices), dtype=bool)
        return ~(self.body.iloc[indices] != "").to_numpy().any(axis=1)

    def _translate_block(self, positions: list[int], labels: Mapping[str, int]) -> np.ndarray:
        block = np.zeros((len(self.body), len(positions)), dtype=np.int8, order="F")
        cache: dict[str, int] = {}
        for j, position in enumerate(positions):
            block[:, j] = _translate(self._column(position), labels, cache)
        return block

    def _report_values(self, block: np.ndarray, positions: list[int], kept: np.ndarray) -> None:
        bad_rows, bad_columns = np.nonzero(block[kept] < 0)
        for index, j in zip(kept[bad_rows], bad_columns, strict=True):
            position = positions[j]
            row = int(self.rows[index])
            kind = _VALUE_ERRORS[int(block[index, j])]
            value = _short(str(self.body.iat[index, position]))
            self.cell_problems.append((row, position, _error(kind, row, self.labels[position], value)))

    def _text(self, role: str, kept: np.ndarray) -> tuple[int | None, pd.Series]:
        position = self._role_position(role)
        if position is None:
            return None, pd.Series([""] * len(kept), dtype=object)
        return position, pd.Series(_clean_texts(self._column(position)[kept]), dtype=object)

    def _responses(self, kept: np.ndarray) -> pd.DataFrame:
        rows = self.rows[kept]
        department_position, departments = self._text(DEPARTMENT, kept)
        departments = departments.where(departments != "", self.department)
        column = self.labels[department_position] if department_position is not None else None
        for index in np.flatnonzero((departments == "").to_numpy()):
            row = int(rows[index])
            self.cell_problems.append(
                (row, department_position or 0, _error("missing_department", row, column))
            )
        id_position, ids = self._text(RESPONDENT_ID, kept)
        if id_position is not None:
            present = ids != ""
            duplicated = ids.duplicated(keep="first") & present
            if duplicated.any():
                first_rows = dict(
                    zip(ids[present & ~duplicated], rows[(present & ~duplicated).to_numpy()], strict=True)
                )
                for index in np.flatnonzero(duplicated.to_numpy()):
                    row, value = int(rows[index]), ids.iat[index]
                    problem = _error(
                        "duplicate_respondent",
                        row,
                        self.labels[id_position],
                        _short(value),
                        detail=str(first_rows[value]),
                    )
                    self.cell_problems.append((row, id_position, problem))
        submitted = np.full(len(kept), np.datetime64("NaT"), dtype="datetime64[us]")
        date_position = self._role_position(SUBMITTED_AT)
        if date_position is not None:
            texts = self._column(date_position)[kept]
            submitted = _parse_dates(texts)
            for index in np.flatnonzero(np.isnat(submitted) & (texts != "")):
                row = int(rows[index])
                problem = _warning("invalid_date", row, self.labels[date_position], _short(str(texts[index])))
                self.cell_problems.append((row, date_position, problem))
        return pd.DataFrame(
            {
                "row": pd.Series(rows, dtype="int64"),
                "respondent_key": pd.Series(
                    ids.where(ids != "", None).to_numpy(dtype=object), dtype="string"
                ),
                "department": pd.Series(
                    departments.where(departments != "", None).to_numpy(dtype=object), dtype="string"
                ),
                "submitted_at": pd.Series(submitted, dtype="datetime64[us]"),
            }
        )

    @staticmethod
    def _long(
        block: np.ndarray, rows: np.ndarray, names: list[str], name: str, value_name: str
    ) -> pd.DataFrame:
        """Answers in long form, one row per given answer, in file order; missing answers are absent."""
        at_row, at_column = np.nonzero(block > 0)
        labels = pa.DictionaryArray.from_arrays(
            pa.array(at_column.astype(np.int32)), pa.array(names, pa.string())
        ).cast(pa.string())
        return _frame(rows[at_row], name, labels, value_name, block[at_row, at_column])
