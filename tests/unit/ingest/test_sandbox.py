"""Hostile files are read in a child process under limits: each is refused with one sentence, nothing is stored,
and the process that asked goes on."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from hostile_files import COMPRESSED_ROWS, SPARSE_CORNER, million_columns_csv, sparse_corner_xlsx

from smm_maturity import cli, store
from smm_maturity.ingest import Limits, read_upload, read_upload_isolated, sandbox

UPLOAD = Path(__file__).parents[2] / "data" / "upload"

HOSTILE = [
    (
        "sparse_corner.xlsx",
        lambda: SPARSE_CORNER.read_bytes(),
        "too_many_columns",
        "The file has 16\u202f384 columns, but at most 1\u202f000 columns can be read",
    ),
    (
        "compressed_rows.xlsx",
        lambda: COMPRESSED_ROWS.read_bytes(),
        "compression_ratio",
        "more than the 100 times a real Excel file reaches",
    ),
    (
        "million_columns.csv",
        million_columns_csv,
        "too_many_columns",
        "The file has 1\u202f000\u202f000 columns, but at most 1\u202f000 columns can be read",
    ),
    (
        "sparse_corner_undeclared.xlsx",
        lambda: sparse_corner_xlsx(declare_dimension=False),
        "memory_limit",
        "needed more than the 4 GB of memory one file may use, so it was stopped",
    ),
]


@pytest.mark.parametrize(("name", "build", "kind", "words"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_hostile_file_is_refused_with_one_sentence_that_names_the_limit(
    name: str, build, kind: str, words: str
) -> None:
    batch = read_upload_isolated(build(), name)
    assert [("error", kind)] == [(p.severity, p.kind) for p in batch.problems]
    sentence = batch.problems[0].describe("en", name)
    assert sentence.startswith(f'"{name}": ') and words in sentence, sentence
    assert (0, 0) == (len(batch.responses), len(batch.answers))


@pytest.mark.slow
@pytest.mark.parametrize(("name", "build", "kind", "words"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_hostile_file_given_to_the_command_line_changes_nothing(
    name: str, build, kind: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.duckdb"
    assert 0 == cli.main(["--db", str(db), "import", str(UPLOAD / "marketing.csv"), "--wave", "W1"])
    with store.connect(db) as con:
        before = store.table_counts(con)
    path = tmp_path / name
    path.write_bytes(build())
    capsys.readouterr()
    code = cli.main(["--db", str(db), "import", str(path), "--wave", "W2"])
    with store.connect(db) as con:
        after = store.table_counts(con)
    said = capsys.readouterr().err
    assert (1, before) == (code, after)
    assert words in said and "Traceback" not in said


def test_an_ordinary_file_reads_the_same_in_the_child_as_in_this_process() -> None:
    data = (UPLOAD / "marketing.csv").read_bytes()
    isolated, direct = read_upload_isolated(data, "marketing.csv"), read_upload(data, "marketing.csv")
    assert (direct.problems, direct.format_name) == (isolated.problems, isolated.format_name)
    for frame in ("responses", "answers", "scores", "collaboration", "comments"):
        assert getattr(direct, frame).equals(getattr(isolated, frame)), frame


def test_a_file_that_takes_longer_than_the_wall_time_is_stopped() -> None:
    rows = "".join(f"r{n},IT,{n % 5 + 1},{n % 4 + 1},3\n" for n in range(20_000))
    data = f"respondent_id,department,SIL1,SIL2,SIL3\n{rows}".encode()
    batch = read_upload_isolated(data, "slow.csv", limits=Limits(wall_seconds=0.01))
    assert [("error", "time_limit", "0.01 s")] == [(p.severity, p.kind, p.value) for p in batch.problems]
    assert '"slow.csv": Reading the file took longer than 0.01 s, so it was stopped' in (
        batch.problems[0].describe("en", "slow.csv")
    )


@pytest.mark.parametrize(
    ("returncode", "stderr", "expected"),
    [
        (-signal.SIGXCPU, b"", ("cpu_limit", "60 s")),
        (-signal.SIGKILL, b"", ("cpu_limit", "60 s")),
        (-signal.SIGABRT, b"memory allocation of 549755813888 bytes failed\n", ("memory_limit", "4 GB")),
        (3, b"", ("memory_limit", "4 GB")),
        (-signal.SIGSEGV, b"", ("reader_crashed", "SIGSEGV")),
        (1, b"Traceback ...\nValueError: bad\n", ("reader_crashed", "ValueError: bad")),
    ],
)
def test_how_a_child_ended_names_the_limit(returncode: int, stderr: bytes, expected: tuple[str, str]) -> None:
    problem = sandbox._limit_problem(returncode, stderr, sandbox.LIMITS)
    assert expected == (problem.kind, problem.value)


def test_the_limit_sentences_exist_in_german_too() -> None:
    problem = sandbox._limit_problem(-signal.SIGXCPU, b"", sandbox.LIMITS)
    assert "„datei.xlsx“: Das Lesen der Datei brauchte mehr als die 60 s Rechenzeit" in problem.describe(
        "de", "datei.xlsx"
    )
