"""Hostile and broken files: the importer always reports, the store stores all or nothing, memory stays bounded."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from trust_data import canonical_csv

from smm_maturity import ingest, store
from smm_maturity.instrument import load_instrument

ROOT = Path(__file__).resolve().parents[2]
MEMORY_BOUND_MB = 1536

ITEM_CODES = list(load_instrument().item_codes)
HEADERS = [
    *ITEM_CODES[:12],
    "department",
    "Abteilung",
    "Bereich",
    "Team",
    "respondent_id",
    "submitted_at",
    "comment",
    "collab:Marketing",
    "collab:",
    "collab:<b>IT</b>",
    "E-Mail",
    "Name",
    "",
]
CELLS = [
    "",
    "1",
    "3",
    "5",
    "0",
    "6",
    "-1",
    "3,5",
    "2.0",
    " 4 ",
    "1e3",
    "99999999999999999999",
    "trifft eher zu",
    "Trifft Voll Zu",
    "weiß nicht",
    "k. A.",
    "n/a",
    "strongly agree",
    "Marketing",
    "2025-13-45",
    "31.12.2025 23:59",
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "**fett**",
    '"',
    "'",
    "\n",
    "\r",
    "\x00",
    "\ufeff",
    "\u202e",
]
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp437"]

HYPOTHESIS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)

cells = st.one_of(
    st.sampled_from(CELLS),
    st.sampled_from(CELLS),
    st.text(max_size=20),
    st.integers(-10, 10).map(str),
)
huge_cells = st.integers(1_000, 300_000).map(lambda size: "ä" * size)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, str]:
    """A CSV of random shape, delimiter, quoting, line ends and encoding."""
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=12)), max_size=30))
    width = len(header)
    rows = draw(
        st.lists(
            st.one_of(
                st.lists(cells, min_size=width, max_size=width),
                st.lists(cells, max_size=max(width * 2, 3)),
            ),
            max_size=25,
        )
    )
    if rows and draw(st.integers(0, 3)) == 0:
        row = draw(st.integers(0, len(rows) - 1))
        rows[row] = [*rows[row], draw(huge_cells)]
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    out = io.StringIO()
    if draw(st.booleans()):
        writer = csv.writer(
            out,
            delimiter=delimiter,
            lineterminator=line_end,
            escapechar="\\",
            quoting=draw(st.sampled_from([0, 1, 2, 3])),
        )
        writer.writerows([header, *rows])
    else:  # written by hand, so quotes and delimiters inside cells break the shape
        out.write(line_end.join(delimiter.join(row) for row in [header, *rows]))
    encoding = draw(st.sampled_from(ENCODINGS))
    name = draw(st.sampled_from(["antworten.csv", "export.CSV", "daten.txt", "umfrage"]))
    return out.getvalue().encode(encoding, errors="replace"), name


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """A database that already holds one upload, shared by the examples of this module."""
    connection = store.connect(tmp_path_factory.mktemp("hostile") / "hostile.duckdb")
    store.store_batch(connection, ingest.read_upload(canonical_csv(1, 6), "earlier.csv"), wave="Welle 1")
    return connection


def check_import(
    con: duckdb.DuckDBPyConnection, data: bytes, name: str, department: str | None = None
) -> None:
    """Read and store a file: a clean report, then all of it stored (and undone) or nothing changed."""
    batch = ingest.read_upload(data, name, department=department)
    assert [] == [p.describe("en", name) for p in batch.problems if p.kind == "unexpected"]
    for problem in batch.problems:
        assert problem.describe("de", name) and problem.describe("en", name)
    before = store.table_counts(con)
    try:
        upload = store.store_batch(con, batch, wave="Feindlich", department=department)
    except store.ImportRejected:
        assert before == store.table_counts(con)
        return
    assert not batch.errors
    after = store.table_counts(con)
    assert (upload.row_count, len(batch.answers)) == (
        after["responses"] - before["responses"],
        after["answers"] - before["answers"],
    )
    store.undo_upload(con, upload.upload_id)
    unchanged = {**before, "waves": after["waves"], "departments": after["departments"]}
    assert {**unchanged, "audit_log": before["audit_log"] + 2} == store.table_counts(con)


@pytest.mark.slow
@settings(HYPOTHESIS, max_examples=100)
@given(
    data=st.binary(max_size=3000),
    name=st.sampled_from(["a.csv", "a.xlsx", "a.xls", "a.ods", "a.txt", "a"]),
)
def test_random_bytes(con: duckdb.DuckDBPyConnection, data: bytes, name: str) -> None:
    check_import(con, data, name)


@settings(HYPOTHESIS, max_examples=30)
@given(
    data=st.binary(max_size=3000),
    prefix=st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xef\xbb\xbf"]),
)
def test_random_bytes_behind_a_known_signature(
    con: duckdb.DuckDBPyConnection, data: bytes, prefix: bytes
) -> None:
    check_import(con, prefix + data, "export.xlsx")


@pytest.mark.slow
@settings(HYPOTHESIS, max_examples=100)
@given(file=csv_files(), department=st.one_of(st.none(), st.sampled_from(["Vertrieb", "<i>IT</i>", " "])))
def test_random_csv_shapes_encodings_and_huge_cells(
    con: duckdb.DuckDBPyConnection, file: tuple[bytes, str], department: str | None
) -> None:
    check_import(con, *file, department=department)


@pytest.mark.slow
@settings(HYPOTHESIS, max_examples=20)
@given(
    rows=st.lists(
        st.lists(st.sampled_from(["1", "2", "3", "4", "5", "", "weiß nicht"]), min_size=42, max_size=42),
        min_size=1,
        max_size=8,
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_valid_files_in_any_encoding_are_stored_whole(
    con: duckdb.DuckDBPyConnection, rows: list[list[str]], encoding: str, delimiter: str
) -> None:
    lines = [delimiter.join(["Abteilung", *ITEM_CODES])]
    lines += [delimiter.join(["Geschäftsführung", *row]) for row in rows]
    data = "\r\n".join(lines).encode(encoding)
    batch = ingest.read_upload(data, "gueltig.csv")
    assert ([], len(rows)) == ([p.kind for p in batch.errors], len(batch.responses))
    check_import(con, data, "gueltig.csv")


@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_cell_of_five_megabytes(con: duckdb.DuckDBPyConnection, delimiter: str) -> None:
    data = f"department{delimiter}SIL1{delimiter}comment\nVertrieb{delimiter}3{delimiter}{'ß' * 2_500_000}\n"
    check_import(con, data.encode("utf-8"), "riesenzelle.csv")


def test_a_file_over_the_limit_is_refused_before_it_is_read(con: duckdb.DuckDBPyConnection) -> None:
    data = canonical_csv(2, 10) + b"x" * (1024 * 1024)
    batch = ingest.read_upload(data, "gross.csv", max_bytes=1024 * 1024)
    assert ["too_large"] == [p.kind for p in batch.problems]
    assert "at most 1.0 MB" in batch.errors[0].describe("en", "gross.csv")
    before = store.table_counts(con)
    with pytest.raises(store.ImportRejected):
        store.store_batch(con, batch, wave="Feindlich")
    assert before == store.table_counts(con)


@pytest.mark.slow
def test_the_cli_refuses_a_file_over_the_configured_limit(tmp_path: Path) -> None:
    big = tmp_path / "gross.csv"
    big.write_bytes(canonical_csv(2, 10) + b"x" * (2 * 1024 * 1024))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "smm_maturity",
            "--db",
            str(tmp_path / "db.duckdb"),
            "import",
            str(big),
            "--wave",
            "W",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "SMM_MAX_UPLOAD_MB": "1"},
    )
    assert (
        1,
        "error: gross.csv is 2.0 MB, but at most 1 MB may be imported (SMM_MAX_UPLOAD_MB); split the file or raise the limit.\n",
    ) == (result.returncode, result.stderr)
    con = store.connect(tmp_path / "db.duckdb")
    assert 0 == store.table_counts(con)["uploads"]


MEASURE = """
import json, re, sys
sys.path[:0] = [{root!r}]
from smm_maturity import ingest, store


def high_water_mb():
    # VmHWM is this process's own peak resident memory; ru_maxrss would carry over the forking parent's
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1)) / 1024


con = store.connect({db!r})
with open({file!r}, "rb") as stream:
    data = stream.read()
baseline = high_water_mb()
batch = ingest.read_upload(data, "riesig.csv")
outcome = "refused: " + batch.errors[0].kind if batch.errors else "read"
if not batch.errors:
    try:
        outcome = "stored %d" % store.store_batch(con, batch, wave="W").row_count
    except store.ImportRejected as error:
        outcome = "rejected: %s" % error
print(json.dumps({{"outcome": outcome, "file_mb": len(data) / 2**20, "baseline_mb": baseline,
                  "peak_mb": high_water_mb()}}))
"""


def million_rows() -> bytes:
    """A million respondents with three items each: under 20 MB, so it passes the size limit."""
    body = "".join(f"{i};A{i % 7};3;4;2;\n" for i in range(1_000_000))
    return ("respondent_id;department;SIL1;SIL2;SIL3;comment\n" + body).encode()


def ten_thousand_columns() -> bytes:
    """Four hundred respondents with ten thousand columns each."""
    header = ";".join(["department", *(f"Frage {i}" for i in range(10_000))])
    row = ";".join(["Vertrieb", *["3"] * 10_000])
    return (header + "\n" + "\n".join([row] * 400) + "\n").encode()


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The outcome and peak memory of the two huge files, each imported in a process of its own, side by side."""
    folder = tmp_path_factory.mktemp("huge")
    children = {}
    for name, make in (("million_rows", million_rows), ("ten_thousand_columns", ten_thousand_columns)):
        file = folder / f"{name}.csv"
        file.write_bytes(make())
        code = MEASURE.format(root=str(ROOT), file=str(file), db=str(folder / f"{name}.duckdb"))
        children[name] = subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
        )
    results = {}
    for name, child in children.items():
        out, err = child.communicate(timeout=180)
        assert 0 == child.returncode, err
        results[name] = json.loads(out)
        print(name, results[name])
    return results


LINUX_ONLY = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc")


@pytest.mark.slow
@LINUX_ONLY
def test_a_million_rows_are_refused_by_the_row_limit_with_bounded_memory(measured: dict[str, dict]) -> None:
    result = measured["million_rows"]
    assert "refused: too_many_rows" == result["outcome"]
    assert result["file_mb"] < 20
    assert result["peak_mb"] < MEMORY_BOUND_MB, result


@pytest.mark.slow
@LINUX_ONLY
def test_ten_thousand_columns_are_refused_with_bounded_memory(measured: dict[str, dict]) -> None:
    result = measured["ten_thousand_columns"]
    assert result["outcome"].startswith("refused: ")
    assert result["peak_mb"] < MEMORY_BOUND_MB, result
