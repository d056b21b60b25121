"""A fresh install: `run.py dashboard` builds the default database with the demo before the server starts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import run
from benchmarks.first_start import fresh_install
from smm_maturity import demo, store

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without the project's settings, plus the given ones."""
    return {key: value for key, value in os.environ.items() if not key.startswith("SMM_")} | settings


def test_a_fresh_install_gets_the_demo_before_its_first_start(tmp_path: Path) -> None:
    project = fresh_install(ROOT, tmp_path)
    default = project / "data" / "maturity.duckdb"
    assert not default.exists()
    run.build_first_start(sys.executable, project, environment())
    con = store.connect(default)
    assert list(demo.DEMO_WAVE_NAMES) == [wave.name for wave in store.waves(con)]
    con.close()
    built = default.stat().st_mtime_ns
    run.build_first_start(sys.executable, project, environment())
    assert (built, ["instrument.toml", "maturity.duckdb"]) == (
        default.stat().st_mtime_ns,
        sorted(file.name for file in (project / "data").iterdir()),
    )


def test_a_database_named_by_smm_db_is_left_to_the_dashboard(tmp_path: Path) -> None:
    project = fresh_install(ROOT, tmp_path)
    elsewhere = tmp_path / "elsewhere.duckdb"
    run.build_first_start(sys.executable, project, environment(SMM_DB=str(elsewhere)))
    assert (False, False) == (elsewhere.exists(), (project / "data" / "maturity.duckdb").exists())
