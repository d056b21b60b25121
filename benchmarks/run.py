"""Augenhöhe's benchmarks at enterprise scale: import, scoring, dashboard pages, memory and exports.

Run `python benchmarks/run.py` (about five minutes on two cores) or `--quick` (small sizes, about a minute).
Each figure is measured several times; the table shows min / median / max and the ratio of the medians
against a bare baseline measured in the same run, interleaved with the figure so that load affects both.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.csv as arrow_csv  # noqa: E402

from benchmarks import app, dataset, first_start  # noqa: E402
from benchmarks.figures import Figure, Timing, skipped, table, timed  # noqa: E402
from smm_maturity import config, ingest, scoring, store  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
DATA_VERSION = 1
FIGURES = (
    "import_csv",
    "import_rate",
    "import_floor",
    "import_xlsx",
    "scores",
    "cli_import",
    "upload",
    "page_cold",
    "page_warm",
    "memory",
    "report_html",
    "report_pptx",
    "report_pptx_warm",
    "first_request",
    "first_start",
)
"""Every figure the run reports, in table order; page figures get one row per page."""

BASELINE_SQL = """
insert into answers
select row, item_code, value from (
    unpivot (select row_number() over () as row, columns('^[A-Z]{3}[0-9]+$') from read_csv(?))
    on columns(* exclude (row)) into name item_code value value
)
"""


@dataclass(frozen=True)
class Files:
    """The generated input files of one size."""

    waves: tuple[Path, ...]
    xlsx: Path
    cli: Path
    upload: Path


def generate(size: dataset.Size, name: str, data: Path) -> Files:
    """The size's input files, generated once and kept in the data folder (they are deterministic)."""
    folder = data / f"{name}-v{DATA_VERSION}"
    waves = []
    for wave in range(size.waves):
        path = folder / f"wave{wave + 1}.csv"
        if not path.exists():
            dataset.write_file(path, dataset.csv_bytes(dataset.wave_table(size, wave)))
        waves.append(path)
    xlsx = folder / "wave1.xlsx"
    if not xlsx.exists():
        dataset.write_file(xlsx, dataset.xlsx_bytes(dataset.wave_table(size, 0)))
    cli = folder / "cli.csv"
    if not cli.exists():
        dataset.write_file(cli, dataset.csv_bytes(dataset.wave_table(size, 1, rows=size.cli_respondents)))
    upload = folder / "upload.csv"
    if not upload.exists():
        dataset.write_file(upload, dataset.csv_bytes(dataset.wave_table(size, 2, rows=size.upload_rows)))
    return Files(tuple(waves), xlsx, cli, upload)


def import_file(path: Path, con: duckdb.DuckDBPyConnection, wave: str) -> int:
    """Read, validate and store one file as the upload page does; return the number of answers stored."""
    batch = ingest.read_upload(path.read_bytes(), path.name, max_bytes=config.max_upload_bytes())
    if batch.errors:
        raise RuntimeError(batch.errors[0].describe("en", path.name))
    store.store_batch(con, batch, wave=wave)
    return len(batch.answers)


def baseline_database(db: Path) -> duckdb.DuckDBPyConnection:
    """A fresh database with the baseline's answers table, opened (like the import's) outside the timing."""
    con = duckdb.connect(str(db))
    con.execute("create table answers (row bigint, item_code varchar, value utinyint)")
    return con


def baseline_csv(path: Path, con: duckdb.DuckDBPyConnection) -> int:
    """The bare baseline: DuckDB read_csv of the file and an unpivot insert of its answers, committed."""
    con.execute(BASELINE_SQL, [str(path)])
    return int(con.execute("select count(*) from answers").fetchall()[0][0])


def timed_in(db: duckdb.DuckDBPyConnection, action: Callable[[duckdb.DuckDBPyConnection], Any]) -> Timing:
    """The action on an open database, timed without opening or closing it; the database is closed after."""
    try:
        return timed(lambda: action(db))
    finally:
        db.close()


def parse_to_text_columns(path: Path) -> int:
    """Arrow's multi-threaded read of the file with every column as dictionary text, the import's first step."""
    text = pa.dictionary(pa.int32(), pa.string())
    with path.open(encoding="utf-8", newline="") as file:
        width = len(next(csv.reader(file)))
    names = [str(i) for i in range(width)]
    parsed = arrow_csv.read_csv(
        path,
        read_options=arrow_csv.ReadOptions(column_names=names),
        convert_options=arrow_csv.ConvertOptions(column_types=dict.fromkeys(names, text)),
    )
    return int(parsed.num_rows)


def insert_answers(answers: pa.Table, con: duckdb.DuckDBPyConnection) -> int:
    """DuckDB's insert of answers already in long form into the answers table, committed."""
    con.register("long_answers", answers)
    con.execute("begin")
    con.execute("insert into answers select * from long_answers")
    con.execute("commit")
    return answers.num_rows


def long_answers(path: Path) -> pa.Table:
    """The file's answers in long form as the importer stores them, prepared once and untimed."""
    batch = ingest.read_upload(path.read_bytes(), path.name, max_bytes=config.max_upload_bytes())
    return pa.table(
        {
            "response_id": batch.answers["row"].to_numpy(dtype="int64"),
            "item_code": pa.array(batch.answers["item_code"]),
            "value": batch.answers["value"].to_numpy(dtype="uint8"),
        }
    )


def measure_import(files: Files, folder: Path, repeat: int) -> tuple[Figure, Figure, Figure]:
    """One wave's CSV: validate and store into a fresh database, against read_csv + unpivot into a fresh table.

    The floor beside it times only the two steps that no import of the file can skip, Arrow's parse and the
    insert of its answers, so the run shows how much of the baseline is left for everything else.
    """
    path = files.waves[0]
    figure = Figure(
        "import_csv",
        f"Import one wave CSV ({_rows(path)} rows × {_columns(path)} columns): validate + store",
        "s",
        "≤ 1.0× baseline",
        baseline_label="DuckDB read_csv + unpivot insert",
        max_ratio=1.0,
    )
    rate = Figure("import_rate", "Import throughput of that wave", "answers/s", "≥ 1,000,000 answers/s")
    rate.limit, rate.higher_is_better = 1_000_000, True
    floor = Figure(
        "import_floor",
        "Floor of that import: Arrow parse of the file + DuckDB insert of its long answers, nothing else",
        "s",
        "—",
        baseline_label="DuckDB read_csv + unpivot insert",
    )
    answers = long_answers(path)
    for index in range(repeat):
        baseline = figure.add_baseline(
            timed_in(baseline_database(folder / f"baseline-{index}.duckdb"), partial(baseline_csv, path))
        )
        floor.baseline.append(figure.baseline[-1])
        parse = timed(lambda: parse_to_text_columns(path))
        insert = timed_in(store.connect(folder / f"floor-{index}.duckdb"), partial(insert_answers, answers))
        if insert.result != baseline:
            raise RuntimeError(f"the floor inserted {insert.result} answers, the baseline {baseline}")
        floor.samples.append(parse.wall + insert.wall)
        floor.cpu.append(parse.cpu + insert.cpu)
        stored = figure.add(
            timed_in(
                store.connect(folder / f"import-{index}.duckdb"),
                lambda con: import_file(path, con, dataset.WAVE_NAMES[0]),
            )
        )
        rate.samples.append(stored / figure.samples[-1])
        rate.label = f"Import throughput of that wave ({stored:,} answers)"
    return figure, rate, floor


def measure_xlsx(files: Files, folder: Path, repeat: int) -> Figure:
    """The same wave as XLSX: validate and store, against pandas.read_excel(engine="calamine") of the file."""
    figure = Figure(
        "import_xlsx",
        "Import the same wave as XLSX: validate + store",
        "s",
        "≤ 1.0× baseline",
        baseline_label='pandas.read_excel(engine="calamine")',
        max_ratio=1.0,
    )
    for index in range(repeat):
        figure.add_baseline(timed(lambda: pd.read_excel(files.xlsx, engine="calamine")))
        con = store.connect(folder / f"xlsx-{index}.duckdb")
        figure.add(timed(lambda c=con: import_file(files.xlsx, c, dataset.WAVE_NAMES[0])))
        con.close()
    return figure


def build_enterprise(files: Files, path: Path) -> None:
    """Import every wave through the importer into one database, the data set of the later figures."""
    con = store.connect(path)
    for wave_path, name in zip(files.waves, dataset.WAVE_NAMES, strict=False):
        import_file(wave_path, con, name)
    con.execute("checkpoint")
    con.close()


BASELINE_SCORES_SQL = """
select r.department_id, i.dimension, count(*) as answers,
       avg(case when i.reverse then 6 - a.value else a.value end) as mean
from answers a
join responses r using (response_id)
join instrument_items i on i.instrument_version = r.instrument_version and i.item_code = a.item_code
where r.wave_id = (select wave_id from waves where name = ?)
group by all
"""


def measure_scores(db: Path, repeat: int) -> Figure:
    """The newest wave's scores of every department and dimension, against one SQL group by over the answers."""
    figure = Figure(
        "scores",
        "Scores of all departments × dimensions, one wave (scoring.wave_scores)",
        "s",
        "≤ 2× baseline",
        baseline_label="one SQL group by over the answers",
        max_ratio=2.0,
    )
    con = store.connect(db)
    wave = store.waves(con)[-1].name
    scoring.wave_scores(con, wave)
    con.cursor().execute(BASELINE_SCORES_SQL, [wave]).df()
    for _ in range(repeat):
        figure.add_baseline(timed(lambda: con.cursor().execute(BASELINE_SCORES_SQL, [wave]).df()))
        figure.add(timed(lambda: scoring.wave_scores(con, wave)))
    con.close()
    return figure


def _cli_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in ("SMM_DB", "SMM_MIN_GROUP")}


def _run(arguments: list[str]) -> None:
    result = subprocess.run(
        arguments, cwd=ROOT, env=_cli_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError((result.stderr or result.stdout).strip().splitlines()[-1])


BASELINE_SCRIPT = """
import sys, duckdb
con = duckdb.connect(sys.argv[2])
con.execute("create table answers (row bigint, item_code varchar, value utinyint)")
con.execute(sys.argv[3], [sys.argv[1]])
"""


def measure_cli(files: Files, folder: Path, repeat: int) -> Figure:
    """`python -m smm_maturity import` of the CLI file, against a Python process doing the bare DuckDB baseline."""
    figure = Figure(
        "cli_import",
        f"CLI import of a {_rows(files.cli)}-respondent canonical CSV (process start to exit)",
        "s",
        "validates and stores (no time target)",
        baseline_label="python + DuckDB read_csv + unpivot insert",
    )
    for index in range(repeat):
        baseline_db = folder / f"cli-baseline-{index}.duckdb"
        figure.add_baseline(
            timed(
                lambda b=baseline_db: _run(
                    [sys.executable, "-c", BASELINE_SCRIPT, str(files.cli), str(b), BASELINE_SQL]
                )
            )
        )
        db = folder / f"cli-{index}.duckdb"
        figure.add(
            timed(
                lambda d=db: _run(
                    [
                        sys.executable,
                        "-m",
                        "smm_maturity",
                        "--db",
                        str(d),
                        "import",
                        str(files.cli),
                        "--wave",
                        "CLI",
                    ]
                )
            )
        )
    return figure


def measure_upload(files: Files, enterprise: Path, folder: Path, repeat: int) -> Figure:
    """A team's upload into the enterprise database, preview (read + validate in the child process, as the
    upload page does) to stored, undone after each run."""
    figure = Figure(
        "upload",
        f"Upload of a {_rows(files.upload)}-row file into the enterprise DB, child process preview → stored",
        "s",
        "< 3 s",
        baseline_label="DuckDB read_csv + unpivot insert",
        limit=3.0,
    )
    db = folder / "upload.duckdb"
    shutil.copyfile(enterprise, db)
    con = store.connect(db)
    for index in range(repeat):
        figure.add_baseline(
            timed_in(
                baseline_database(folder / f"upload-baseline-{index}.duckdb"),
                partial(baseline_csv, files.upload),
            )
        )

        def upload() -> store.Upload:
            batch = ingest.read_upload_isolated(files.upload.read_bytes(), files.upload.name)
            if batch.errors:
                raise RuntimeError(batch.errors[0].describe("en", files.upload.name))
            return store.store_batch(con, batch, wave="Teamupload")

        store.undo_upload(con, figure.add(timed(upload)).upload_id)
    con.close()
    return figure


def _columns(path: Path) -> int:
    with path.open(encoding="utf-8") as stream:
        return len(next(csv.reader(stream)))


def _rows(path: Path) -> str:
    with path.open("rb") as stream:
        return f"{sum(1 for _ in stream) - 1:,}"


def guarded(
    key: str, label: str, target: str, unit: str, measure: Callable[[], list[Figure]]
) -> list[Figure]:
    """Run a measurement; a failure becomes a row that says so instead of ending the run."""
    try:
        return measure()
    except Exception as error:  # noqa: BLE001 - one broken figure must not hide the others
        return [skipped(key, label, target, unit, f"error: {type(error).__name__}: {error}"[:160])]


def environment() -> dict[str, str]:
    """The versions and machine the figures were measured on."""
    import streamlit

    return {
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pd.__version__,
        "streamlit": streamlit.__version__,
        "cpus": str(os.cpu_count()),
        "machine": platform.machine(),
        "load_average": " ".join(f"{value:.1f}" for value in os.getloadavg()),
    }


@dataclass(frozen=True)
class Step:
    """One measurement of the run: what it is called, its target, and how to measure it."""

    key: str
    title: str
    target: str
    unit: str
    measure: Callable[[], list[Figure]]


def steps(files: Files, folder: Path, repeat: int, slow_repeat: int, pages: bool) -> list[Step]:
    """The run's measurements in order; without pages the dashboard and export ones are skipped rows."""
    enterprise = folder / "enterprise.duckdb"

    def build() -> list[Figure]:
        build_enterprise(files, enterprise)
        return []

    measured = [
        Step(
            "import_csv",
            "Import one wave CSV",
            "≤ 1.0× baseline",
            "s",
            lambda: [*measure_import(files, folder, repeat)],
        ),
        Step(
            "import_xlsx",
            "Import one wave XLSX",
            "≤ 1.0× baseline",
            "s",
            lambda: [measure_xlsx(files, folder, slow_repeat)],
        ),
        Step("enterprise", "Build the enterprise database", "", "s", build),
        Step(
            "scores", "Scores of one wave", "≤ 2× baseline", "s", lambda: [measure_scores(enterprise, repeat)]
        ),
        Step("cli_import", "CLI import", "—", "s", lambda: [measure_cli(files, folder, slow_repeat)]),
        Step(
            "upload",
            "Upload preview → stored",
            "< 3 s",
            "s",
            lambda: [measure_upload(files, enterprise, folder, repeat)],
        ),
    ]
    if not pages:
        reason = "skipped (--no-pages)"
        return measured + [
            Step(
                key,
                title,
                target,
                unit,
                lambda k=key, t=title, g=target, u=unit: [skipped(k, t, g, u, reason)],
            )
            for key, title, target, unit in (
                ("page_cold", "Cold AppTest run of each page", "≤ 2 s", "s"),
                ("page_warm", "Warm AppTest run of each page", "≤ 300 ms", "s"),
                ("memory", "Peak RSS of the dashboard process", "≤ 1,024 MB", "MB"),
                ("report_html", "HTML report export", "≤ 3 s", "s"),
                ("report_pptx", "PPTX deck export", "≤ 10 s", "s"),
                ("report_pptx_warm", "PPTX deck export, browser open", "≤ 10 s", "s"),
                ("first_request", "First visit of a fresh install", "≤ 3 s", "s"),
                ("first_start", "Start of a fresh install", "—", "s"),
            )
        ]
    return measured + [
        Step(
            "page_cold",
            "Dashboard pages (AppTest)",
            "≤ 2 s",
            "s",
            lambda: app.measure_pages(ROOT, enterprise, folder, repeat, slow_repeat),
        ),
        Step(
            "memory",
            "Dashboard memory (streamlit run + Chromium)",
            "≤ 1,024 MB",
            "MB",
            lambda: [app.measure_memory(ROOT, enterprise, folder)],
        ),
        Step(
            "report_html",
            "Report exports",
            "≤ 3 s",
            "s",
            lambda: app.measure_exports(ROOT, folder, slow_repeat),
        ),
        Step(
            "first_request",
            "First visit of a fresh install",
            "≤ 3 s",
            "s",
            lambda: first_start.measure_first_request(ROOT, folder, slow_repeat),
        ),
    ]


NEEDS_ENTERPRISE = ("scores", "upload", "page_cold", "memory")
"""The steps that measure on the enterprise database, which the `enterprise` step builds."""


def selected(all_steps: list[Step], only: str | None) -> list[Step]:
    """The steps named in `--only` (comma-separated keys), with the enterprise build when one of them needs it."""
    if not only:
        return all_steps
    keys = {key.strip() for key in only.split(",") if key.strip()}
    unknown = keys - {step.key for step in all_steps}
    if unknown:
        raise SystemExit(
            f"--only: unknown figures {', '.join(sorted(unknown))}; choose from {', '.join(step.key for step in all_steps)}."
        )
    if keys & set(NEEDS_ENTERPRISE):
        keys.add("enterprise")
    return [step for step in all_steps if step.key in keys]


def main(argv: list[str] | None = None) -> int:
    """Generate the data set, run every measurement, print the table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, about a minute")
    parser.add_argument(
        "--no-pages", action="store_true", help="skip the dashboard, memory and export figures"
    )
    parser.add_argument(
        "--repeat", type=int, default=None, help="samples per figure (default 5, 3 with --quick)"
    )
    parser.add_argument(
        "--only",
        default=None,
        help="comma-separated figures to run, e.g. import_csv,import_xlsx,upload (default: all)",
    )
    parser.add_argument("--data", type=Path, default=RESULTS / "data", help="where generated files are kept")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="where to write the JSON")
    args = parser.parse_args(argv)
    size, name = (dataset.QUICK, "quick") if args.quick else (dataset.FULL, "full")
    repeat = args.repeat or (3 if args.quick else 5)
    slow_repeat = 1 if args.quick else max(1, min(repeat, 3))
    started = time.perf_counter()
    print(
        f"Augenhöhe benchmarks ({name}: {size.employees:,} employees, {size.departments} departments,"
        f" {size.waves} waves; {repeat} samples, {slow_repeat} for the slowest;"
        f" load average {environment()['load_average']})",
        flush=True,
    )
    files = generate(size, name, args.data)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="augenhoehe-bench-") as temporary:
        planned = steps(files, Path(temporary), repeat, slow_repeat, pages=not args.no_pages)
        for step in selected(planned, args.only):
            print(f"· {step.title} …", end=" ", flush=True)
            began = time.perf_counter()
            figures += guarded(step.key, step.title, step.target, step.unit, step.measure)
            print(f"{time.perf_counter() - began:,.1f} s", flush=True)
    elapsed = time.perf_counter() - started
    print()
    print(table(figures))
    print(f"\n{name} run, {elapsed:,.0f} s in total; load average {environment()['load_average']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "size": name,
        "size_parameters": asdict(size),
        "repeat": repeat,
        "environment": environment(),
        "figures": [
            {**asdict(figure), "median": figure.median, "ratio": figure.ratio, "met": figure.met}
            for figure in figures
        ],
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    print(f"Results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
