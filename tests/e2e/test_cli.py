"""The command line, run as a real subprocess the way a consultant runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from disclosure_data import DONT_KNOW, ORDERS, canonical_csv, department_rows, respondent, transparency_rows
from legacy import publish_everything

from smm_maturity import audit, demo, store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"


def run_cli(
    *args: str, db: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run `python -m smm_maturity` with the given arguments, and settings from `env` only."""
    prefix = ["--db", str(db)] if db is not None else []
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SMM_")} | (
        env or {}
    )
    return subprocess.run(
        [sys.executable, "-m", "smm_maturity", *prefix, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        env=environment,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    assert 0 == run_cli("demo", db=path).returncode
    return path


@pytest.fixture(scope="module")
def legacy_demo_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with every answer published, as a database from before publication holds it: Recht's 3 answers
    per wave are then a published group below k."""
    path = tmp_path_factory.mktemp("legacy") / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    with store.connect(path) as con:
        publish_everything(con)
    return path


def half_up(value: Fraction, places: int) -> float:
    """A fraction rounded half-up to some decimals, without the package's code."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def residual_hidden(parent: int, sizes: dict[str, int], min_size: int, hidden: set[str]) -> set[str]:
    """The brief's residual rule: hide groups below the minimum, then the smallest shown ones while the rest is
    above 0 and below the minimum."""
    hidden = {name for name, size in sizes.items() if size and (size < min_size or name in hidden)}
    while 0 < parent - sum(size for name, size in sizes.items() if name not in hidden) < min_size:
        hidden.add(min((size, name) for name, size in sizes.items() if size and name not in hidden)[1])
    return hidden


def independent_scores(table: pd.DataFrame, instrument: dict, min_size: int) -> list[dict]:
    """The brief's rules, recomputed exactly from the raw canonical table without the package's scoring code."""
    reverse = {item["code"]: item["reverse"] for item in instrument["items"]}
    scores: dict[tuple[str, str], list[Fraction]] = {}
    for row in table.to_dict("records"):
        for dimension in instrument["dimensions"]:
            codes = dimension["items"]
            answered = [
                6 - int(row[code]) if reverse[code] else int(row[code])
                for code in codes
                if not pd.isna(row[code])
            ]
            if 2 * len(answered) >= len(codes):
                scores.setdefault((row["department"], dimension["code"]), []).append(
                    Fraction(sum(answered), len(answered))
                )
    sizes = table["department"].value_counts().to_dict()
    suppressed = residual_hidden(len(table), sizes, min_size, set())
    codes = sorted(dimension["code"] for dimension in instrument["dimensions"])
    hidden_cells = {
        code: residual_hidden(
            sum(len(scores.get((name, code), [])) for name in sizes),
            {name: len(scores.get((name, code), [])) for name in sizes},
            min_size,
            suppressed,
        )
        for code in codes
    }

    def group(name: str | None) -> dict:
        members = list(sizes) if name is None else [name]
        means = {}
        for code in codes:
            values = [score for member in members for score in scores.get((member, code), [])]
            shown = values and (name is None or name not in hidden_cells[code])
            means[code] = sum(values, Fraction(0)) / len(values) if shown else None
        suppressed_group = name in suppressed
        shown_means = [mean for mean in means.values() if mean is not None]
        overall = sum(shown_means, Fraction(0)) / len(shown_means) if shown_means else None
        return {
            "department": name,
            "n": None if suppressed_group else len(table) if name is None else sizes[name],
            "suppressed": suppressed_group,
            "index": None
            if suppressed_group
            else half_up((Fraction(Decimal(str(half_up(overall, 2)))) - 1) * 25, 1),
            "dimensions": {
                code: None if suppressed_group or means[code] is None else half_up(means[code], 2)
                for code in codes
            },
        }

    return [group(None)] + [group(name) for name in sorted(sizes)]


def test_scores_equal_an_independent_recomputation(demo_db: Path) -> None:
    """The demo as the command builds it: Recht's 3 answers wait below k and count nowhere."""
    instrument = json.loads(run_cli("instrument", "--json").stdout)
    latest = demo.demo_waves()[-1]
    expected = independent_scores(latest.table[latest.table["department"] != "Recht"], instrument, 5)
    result = run_cli("scores", "--by", "department", "--json", db=demo_db)
    actual = [
        {
            "department": group["department"],
            "n": group.get("n"),
            "suppressed": group["suppressed"],
            "index": group["index"],
            "dimensions": {code: cell["mean"] for code, cell in sorted(group["dimensions"].items())},
        }
        for group in json.loads(result.stdout)
    ]
    assert expected == actual


def test_scores_of_a_suppressed_group_are_null(legacy_demo_db: Path) -> None:
    groups = json.loads(run_cli("scores", "--by", "department", "--json", db=legacy_demo_db).stdout)
    recht = next(group for group in groups if group["department"] == "Recht")
    assert {"suppressed": True, "mean": None, "index": None, "stage": None} == {
        key: recht[key] for key in ("suppressed", "mean", "index", "stage")
    }
    assert all(cell == {"mean": None, "stage": None} for cell in recht["dimensions"].values())


def test_a_suppressed_group_prints_no_count_only_the_one_reason(legacy_demo_db: Path) -> None:
    """No `n` key at all for a hidden group or cell, as JSON; in the text, the reason where its n would be."""
    reason = (
        "Hidden to protect anonymity: fewer answers than the minimum group size of 5, or needed to protect a"
        " smaller group."
    )
    groups = json.loads(run_cli("scores", "--by", "department", "--json", db=legacy_demo_db).stdout)
    hidden = [group for group in groups if group["suppressed"]]
    assert hidden and all("n" not in group and reason == group["reason"] for group in hidden)
    cells = [cell for group in groups for cell in group["dimensions"].values()]
    assert all(("n" in cell) == (cell["mean"] is not None or cell.get("n") == 0) for cell in cells)
    lines = run_cli("scores", "--by", "department", db=legacy_demo_db).stdout.splitlines()[2:]
    names = {group["department"] for group in hidden}
    assert names == {line.split()[0] for line in lines if line.endswith(reason)}
    assert all(line.split() == [line.split()[0], *reason.split()] for line in lines if line.endswith(reason))


def test_instrument_lists_every_item_with_both_languages() -> None:
    instrument = json.loads(run_cli("instrument", "--json").stdout)
    first = instrument["items"][0]
    assert (42, 8, 5) == (len(instrument["items"]), len(instrument["dimensions"]), len(instrument["stages"]))
    assert {"code", "dimension", "text_de", "text_en", "reverse", "facet"} == set(first)


def test_template_round_trip_gives_the_filled_in_scores(tmp_path: Path) -> None:
    template = tmp_path / "vorlage.csv"
    assert 0 == run_cli("template", "--lang", "en", "--out", str(template)).returncode
    header = pd.read_csv(template, nrows=0).columns.tolist()
    filled = pd.DataFrame([{column: "" for column in header} for _ in range(5)])
    item_columns = [column for column in header if column[:3].isupper() and column[3:].isdigit()]
    filled["department"] = "Marketing"
    for column in item_columns:
        filled[column] = 4
    filled.to_csv(template, index=False)
    db = tmp_path / "round.duckdb"
    assert 0 == run_cli("import", str(template), "--wave", "2026", db=db).returncode
    groups = json.loads(run_cli("scores", "--json", db=db).stdout)
    reverse_items = {
        item["code"]
        for item in json.loads(run_cli("instrument", "--json").stdout)["items"]
        if item["reverse"]
    }
    assert reverse_items
    assert {"n": 5, "suppressed": False} == {key: groups[0][key] for key in ("n", "suppressed")}
    assert groups[0]["mean"] is not None and 3.0 < groups[0]["mean"] < 4.0


def test_a_rejected_import_prints_a_message_and_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("department,SIL1,SIL2\nMarketing,7,3\n", encoding="utf-8")
    with store.connect(demo_db) as con:
        before = store.table_counts(con)
    result = run_cli("import", str(bad), "--wave", "Frühjahr 2026", db=demo_db)
    with store.connect(demo_db) as con:
        after = store.table_counts(con)
    assert (1, before) == (result.returncode, after)
    assert "Traceback" not in result.stderr
    assert "bad.csv" in result.stderr and "row 2" in result.stderr and "SIL1" in result.stderr


def test_importing_the_same_content_twice_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    source = DATA / "cli" / "answers.csv"
    first = run_cli("import", str(source), "--wave", "W1", db=db)
    second = run_cli("import", str(source), "--wave", "W2", db=db)
    assert (0, 1) == (first.returncode, second.returncode)
    assert "upload #1" in second.stderr and "Traceback" not in second.stderr


def test_undo_removes_the_whole_upload(tmp_path: Path) -> None:
    db = tmp_path / "undo.duckdb"
    assert 0 == run_cli("init", db=db).returncode
    with store.connect(db) as con:
        empty = store.table_counts(con)
    assert 0 == run_cli("import", str(DATA / "cli" / "answers.csv"), "--wave", "W1", db=db).returncode
    assert 0 == run_cli("undo", "1", db=db).returncode
    with store.connect(db) as con:
        after = store.table_counts(con)
    changed = {table for table in empty if empty[table] != after[table]}
    assert {"waves", "departments", "audit_log"} >= changed
    with store.connect(db) as con:
        assert ["import", "undo"] == [entry.action for entry in reversed(audit.entries(con))]
    assert 1 == run_cli("undo", "1", db=db).returncode


def test_a_database_held_by_another_process_is_named_in_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "held.duckdb"
    assert 0 == run_cli("init", db=db).returncode
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print('ready', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert "ready\n" == holder.stdout.readline()
        result = run_cli("scores", db=db)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert 2 == result.returncode
    assert "is in use by another program" in result.stderr and "Traceback" not in result.stderr


def test_scores_of_an_empty_database_say_what_to_do(tmp_path: Path) -> None:
    result = run_cli("scores", db=tmp_path / "empty.duckdb")
    assert 1 == result.returncode
    assert "run `demo` or `import FILE --wave NAME` first" in result.stderr


@pytest.mark.parametrize("raw", ["7.0", "2", "-1", "abc", "1e3", "9" * 400, "٥"])
def test_an_invalid_minimum_group_size_stops_the_cli_with_one_sentence(raw: str) -> None:
    result = run_cli("instrument", "--json", env={"SMM_MIN_GROUP": raw})
    assert (2, "") == (result.returncode, result.stdout)
    [line] = result.stderr.splitlines()
    assert line.startswith("error: SMM_MIN_GROUP is set to ")
    assert line.endswith("but it must be a whole number from 3 to 1000 (unset or empty means 5).")


def test_every_invalid_setting_is_named_before_anything_runs(tmp_path: Path) -> None:
    result = run_cli(
        "init", env={"SMM_DB": str(tmp_path), "SMM_MAX_UPLOAD_MB": "zwanzig", "SMM_MIN_GROUP": "7.0"}
    )
    assert (2, "") == (result.returncode, result.stdout)
    assert [
        f'error: SMM_DB is set to "{tmp_path}", but it must name a file that is not a directory and does not'
        " lie inside a file (unset or empty means data/maturity.duckdb).",
        'error: SMM_MIN_GROUP is set to "7.0", but it must be a whole number from 3 to 1000 (unset or empty means 5).',
        'error: SMM_MAX_UPLOAD_MB is set to "zwanzig", but it must be a whole number from 1 to 1024'
        " (unset or empty means 20).",
    ] == result.stderr.splitlines()
    assert [] == list(tmp_path.iterdir())


@pytest.mark.parametrize(("raw", "expected"), [(" 6 ", 6), ("", 5), ("7", 7)])
def test_a_valid_minimum_group_size_is_used(demo_db: Path, raw: str, expected: int) -> None:
    result = run_cli("scores", db=demo_db, env={"SMM_MIN_GROUP": raw})
    assert 0 == result.returncode
    assert f"(minimum group size {expected})" in result.stdout.splitlines()[0]


def test_the_database_named_by_smm_db_is_used(tmp_path: Path) -> None:
    path = tmp_path / "named.duckdb"
    assert 0 == run_cli("init", env={"SMM_DB": f" {path} "}).returncode
    assert path.is_file()


@pytest.mark.parametrize(
    ("configured", "requested", "code", "words"),
    [
        ("", "8", 0, "(minimum group size 8)"),
        ("6", "6", 0, "(minimum group size 6)"),
        (
            "6",
            "5",
            1,
            "error: --min-group 5 is below the configured minimum group size, 6; the command line may raise it,"
            " never lower it.",
        ),
        ("", "3", 1, "error: --min-group 3 is below the configured minimum group size, 5;"),
        (
            "",
            "7.5",
            1,
            'error: --min-group is "7.5", but it must be a whole number of at least the configured',
        ),
        ("", "-1", 1, 'error: --min-group is "-1", but'),
    ],
)
def test_min_group_on_the_command_line_may_raise_the_minimum_never_lower_it(
    demo_db: Path, configured: str, requested: str, code: int, words: str
) -> None:
    result = run_cli("scores", f"--min-group={requested}", db=demo_db, env={"SMM_MIN_GROUP": configured})
    assert code == result.returncode
    assert words in (result.stdout if code == 0 else result.stderr)
    assert "Traceback" not in result.stderr


def test_an_unknown_wave_is_named_with_the_known_ones(demo_db: Path) -> None:
    result = run_cli("scores", "--wave", "Sommer 1999", db=demo_db)
    assert 1 == result.returncode
    [line] = result.stderr.splitlines()
    assert line.startswith('error: There is no wave named "Sommer 1999" with answers (known waves: ')


def test_scores_of_a_file_and_of_its_shuffled_rows_are_byte_identical(tmp_path: Path) -> None:
    """The same answers in another row order print the same JSON, to the byte.

    Team's ten transparency scores have the exact mean 2.595; summed as floats in file order they read
    2.595 (stage 3) in one order and 2.5949999999999998 (stage 2) in the other.
    """
    others = [
        *department_rows("Vertrieb", 8, 4),
        *department_rows("Technik", 6, 2),
        *department_rows("Recht", 2, 5),
        respondent("x", "Vertrieb", 3, SIL1=DONT_KNOW, SIL2=DONT_KNOW, SIL3=DONT_KNOW),
    ]
    orders = [
        transparency_rows(ORDERS[0]) + others,
        others[::-1] + transparency_rows(ORDERS[1]),
    ]
    outputs = []
    for number, rows in enumerate(orders):
        source, db = tmp_path / f"answers{number}.csv", tmp_path / f"scores{number}.duckdb"
        source.write_bytes(canonical_csv(rows))
        assert 0 == run_cli("import", str(source), "--wave", "2026", db=db).returncode
        result = run_cli("scores", "--by", "department", "--json", db=db)
        assert 0 == result.returncode, result.stderr
        outputs.append(result.stdout.encode("utf-8"))
    assert outputs[0] == outputs[1]
    team = next(group for group in json.loads(outputs[0]) if group["department"] == "Team")
    assert {"mean": 2.6, "stage": 3, "n": 10} == team["dimensions"]["TRA"]
