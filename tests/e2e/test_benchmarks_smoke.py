"""The benchmark script runs end to end at its smallest size; its timings are printed, never asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FIGURES = [
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
]


def test_the_quick_benchmark_prints_and_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    result = subprocess.run(
        [
            sys.executable,
            "benchmarks/run.py",
            "--quick",
            "--no-pages",
            "--data",
            str(tmp_path / "data"),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert 0 == result.returncode, result.stderr[-2000:]
    printed = [line.split()[0] for line in result.stdout.splitlines() if line.split()]
    assert [] == [figure for figure in FIGURES if figure not in printed]
    assert FIGURES == [figure["key"] for figure in json.loads(out.read_text())["figures"]]
    assert "error:" not in result.stdout
