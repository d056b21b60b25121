"""The deterministic enterprise data set of the benchmarks: canonical CSV waves and the same as XLSX."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import pyarrow as pa
from pyarrow import csv

from smm_maturity.instrument import Instrument, load_instrument

SEED = 7_2026

DEPARTMENTS: tuple[str, ...] = (
    "Geschäftsführung",
    "Marketing",
    "Vertrieb Nord",
    "Vertrieb Süd",
    "Vertrieb West",
    "Vertrieb Ost",
    "Kundenservice",
    "Personal",
    "IT-Infrastruktur",
    "IT-Anwendungen",
    "Produktion Werk 1",
    "Produktion Werk 2",
    "Produktion Werk 3",
    "Finanzen",
    "Controlling",
    "Recht",
    "Einkauf",
    "Logistik",
    "Qualitätssicherung",
    "Forschung & Entwicklung",
    "Produktmanagement",
    "Unternehmenskommunikation",
    "Presse",
    "E-Commerce",
    "Datenanalyse",
    "Facility Management",
    "Arbeitssicherheit",
    "Betriebsrat",
    "Ausbildung",
    "Nachhaltigkeit",
    "Key Account Management",
    "Außendienst",
    "Technischer Support",
    "Konstruktion",
    "Instandhaltung",
    "Lager",
    "Revision",
    "Steuern",
    "Innovation Lab",
    "Datenschutz",
)
"""Forty departments; the last one stays below the minimum group size in every wave."""

TINY_DEPARTMENT_SIZE = 3
PARTNERS_PER_DEPARTMENT = 6
DONT_KNOW_RATE = 0.03
COLLAB_BLANK_RATE = 0.1
COMMENT_RATE = 0.2
WAVE_NAMES: tuple[str, ...] = ("Welle 2024", "Welle 2025", "Welle 2026")

COMMENTS: tuple[str, ...] = (
    "Es fehlt ein gemeinsamer Redaktionsplan, jede Abteilung postet, wann es ihr passt.",
    'Das "Intranet 2.0" hilft, aber viele Infos kommen trotzdem nur über den Flurfunk.',
    "Wissen hängt an Einzelnen – ist jemand im Urlaub, steht alles still.",
    "Ich würde gern eine Schulung zu Recht, Bildrechten und Datenschutz besuchen.",
    "Die Freigabe von Beiträgen dauert oft zu lange; bis alles geprüft ist, ist das Thema vorbei.",
    "Kennzahlen? Wir wissen nicht, ob sich der Aufwand lohnt.",
    "Mit dem Marketing klappt es sehr gut, Kampagnen planen wir inzwischen gemeinsam.",
    "Neue Tools werden eingeführt, ohne dass jemand erklärt, wozu sie gut sind.",
    "Ein regelmäßiges Austauschtreffen über Abteilungsgrenzen hinweg würde viel helfen.",
    "Viele haben Angst vor einem Shitstorm und posten deshalb lieber gar nichts.",
    "Die Führung spricht oft über Digitalisierung, aber im Alltag fehlt dafür das Budget.",
    "Gut, dass die Ergebnisse der letzten Befragung offen vorgestellt wurden.",
)


@dataclass(frozen=True)
class Size:
    """How large the generated organisation and the single-file measurements are."""

    employees: int
    departments: int
    waves: int
    cli_respondents: int
    upload_rows: int


FULL = Size(employees=50_000, departments=40, waves=3, cli_respondents=20_000, upload_rows=5_000)
QUICK = Size(employees=3_000, departments=12, waves=3, cli_respondents=1_000, upload_rows=500)


def department_sizes(size: Size) -> dict[str, int]:
    """Headcount per department: one tiny department, the rest spread unevenly over the remaining staff."""
    names = (*DEPARTMENTS[: size.departments - 1], DEPARTMENTS[-1])
    rng = np.random.default_rng(SEED)
    weights = rng.lognormal(0.0, 0.8, size.departments - 1)
    rest = size.employees - TINY_DEPARTMENT_SIZE
    counts = np.maximum(np.floor(weights / weights.sum() * rest).astype(int), 10)
    counts[np.argmax(counts)] += rest - counts.sum()
    return dict(zip(names, [*counts.tolist(), TINY_DEPARTMENT_SIZE], strict=True))


def wave_table(
    size: Size, wave: int, rows: int | None = None, instrument: Instrument | None = None
) -> pd.DataFrame:
    """One wave in the canonical layout (one row per respondent), the same for the same size and wave."""
    instrument = instrument or load_instrument()
    sizes = department_sizes(size)
    names = list(sizes)
    rng = np.random.default_rng([SEED, wave, rows or 0])
    department = np.repeat(np.arange(len(names)), list(sizes.values()))
    if rows is not None:
        department = rng.choice(department, rows, replace=False)
    n = len(department)
    codes = instrument.dimension_codes
    dimension_of = np.array([codes.index(item.dimension) for item in instrument.items])
    reverse = np.array([item.reverse for item in instrument.items])
    levels = np.random.default_rng([SEED, 1]).uniform(1.8, 3.6, (len(names), len(codes))) + 0.25 * wave
    person = rng.normal(0.0, 0.3, (n, 1)) + rng.normal(0.0, 0.35, (n, len(codes)))
    latent = (levels[department] + person)[:, dimension_of] + rng.normal(0.0, 0.7, (n, len(dimension_of)))
    answers = np.clip(np.rint(latent), 1, 5)
    answers = np.where(reverse, 6 - answers, answers)
    answers[rng.random(answers.shape) < DONT_KNOW_RATE] = np.nan

    steps = np.arange(1, PARTNERS_PER_DEPARTMENT + 1) * 7
    partners = (np.arange(len(names))[:, None] + steps[None, :]) % len(names)
    received = np.random.default_rng([SEED, 2]).normal(0.0, 0.6, len(names))
    ratings = np.full((n, len(names)), np.nan)
    rated = partners[department]
    mean = 3.0 + received[rated] + 0.15 * wave
    given = np.clip(np.rint(mean + rng.normal(0.0, 0.6, rated.shape)), 1, 5)
    given[rng.random(given.shape) < COLLAB_BLANK_RATE] = np.nan
    np.put_along_axis(ratings, rated, given, axis=1)
    ratings[np.arange(n), department] = np.nan

    seconds = np.sort(rng.integers(0, 28 * 86400, n))
    start = np.datetime64(f"{2024 + wave:04d}-03-01T08:00:00", "s")
    writes = rng.random(n) < COMMENT_RATE
    picks = rng.integers(0, len(COMMENTS), n)
    order = rng.permutation(n)
    columns: dict[str, object] = {
        "respondent_id": [f"w{wave + 1}-{i:06d}" for i in range(1, n + 1)],
        "department": np.array(names, dtype=object)[department[order]],
        "submitted_at": np.datetime_as_string(start + seconds.astype("timedelta64[s]"), unit="s"),
    }
    for index, code in enumerate(instrument.item_codes):
        columns[code] = pd.array(answers[order, index], dtype="Int8")
    for index, name in enumerate(names):
        columns[f"collab:{name}"] = pd.array(ratings[order, index], dtype="Int8")
    columns["comment"] = np.where(writes, np.array(COMMENTS, dtype=object)[picks], None)
    return pd.DataFrame(columns)


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as the canonical CSV (UTF-8, comma, blank for missing), written by Arrow for speed."""
    target = io.BytesIO()
    csv.write_csv(
        pa.Table.from_pandas(table, preserve_index=False), target, csv.WriteOptions(quoting_style="needed")
    )
    return target.getvalue()


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_XLSX_PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Antworten" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


def xlsx_bytes(table: pd.DataFrame) -> bytes:
    """The table as a one-sheet workbook laid out as Excel writes it (shared strings, numbers as numbers).

    Written directly as SpreadsheetML because a general writer needs minutes for millions of cells.
    """
    strings: dict[str, int] = {}

    def shared(text: str) -> str:
        return str(strings.setdefault(text, len(strings)))

    letters = [_column_letter(i) for i in range(table.shape[1])]
    cells: list[list[str]] = []
    for letter, name in zip(letters, table.columns, strict=True):
        column = table[name]
        header = f'<c r="{letter}1" t="s"><v>{shared(str(name))}</v></c>'
        if isinstance(column.dtype, pd.Int8Dtype):
            texts = [
                "" if value is pd.NA else f'<c r="{letter}{row}"><v>{value}</v></c>'
                for row, value in enumerate(column.array, 2)
            ]
        else:
            texts = [
                "" if pd.isna(value) else f'<c r="{letter}{row}" t="s"><v>{shared(str(value))}</v></c>'
                for row, value in enumerate(column.to_numpy(dtype=object), 2)
            ]
        cells.append([header, *texts])
    rows = (f'<row r="{row}">{"".join(parts)}</row>' for row, parts in enumerate(zip(*cells, strict=True), 1))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(rows)
        + "</sheetData></worksheet>"
    )
    shared_xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        + "</sst>"
    )
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for part, content in _XLSX_PARTS.items():
            archive.writestr(part, content)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared_xml)
    return target.getvalue()


def write_file(path: Path, content: bytes) -> Path:
    """Write content to path (creating folders) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path
