"""`report --out x.pdf` as a process: the report printed to PDF, and one sentence when there is no browser."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_harness import require_chromium

from smm_maturity.exports import pdf

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, db: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m smm_maturity --db DB` with the given arguments, and settings from `env` only."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("SMM_")}
    environment = {key: value for key, value in environment.items() if key != "BROWSER_PATH"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "smm_maturity", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-pdf") / "demo.duckdb"
    assert 0 == run_cli("demo", db=path).returncode
    return path


def test_the_report_is_written_as_a_pdf(demo_db: Path, tmp_path: Path) -> None:
    require_chromium()
    out = tmp_path / "bericht.pdf"
    result = run_cli("report", "--out", str(out), "--lang", "de", db=demo_db)
    assert 0 == result.returncode, result.stderr
    content = out.read_bytes()
    pages = pdf.page_count(content)
    assert f"Wave Frühjahr 2026 written to {out}: the report as PDF, {pages} A4 pages.\n" == result.stdout
    assert "" == result.stderr
    assert content.startswith(b"%PDF-") and pages > 20
    assert {"slide-1": 2, "slide-2": 3} == {
        name: page for name, page in pdf.destination_pages(content).items() if name in ("slide-1", "slide-2")
    }
    assert re.search(rb"/Title \(Inhalt\)", content)


def test_without_a_browser_the_command_says_so_in_one_sentence(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "bericht.pdf"
    result = run_cli("report", "--out", str(out), db=demo_db, env={"BROWSER_PATH": str(tmp_path / "none")})
    expected = (
        "error: Writing a PDF needs Chromium, and none was found: install it (apt-get install chromium)"
        " or set BROWSER_PATH to a Chromium or Chrome.\n"
    )
    assert (1, "", expected) == (result.returncode, result.stdout, result.stderr)
    assert not out.exists()
