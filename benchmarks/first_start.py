"""The first visit of a fresh install: the project copied without a database, started as `run.py dashboard` does,
and the time from the first request until the overview's charts are on screen."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import run
from benchmarks.app import CHROMIUM, CHROMIUM_FLAGS, READY, served
from benchmarks.figures import Figure

if TYPE_CHECKING:
    from playwright.sync_api import Browser

OVERVIEW_CHART = "[data-testid=stMain] .js-plotly-plot .main-svg"
"""The first chart of a page in the main area."""
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "*.duckdb*",
    "secrets.toml",
    "screenshots",
    "results",
    "__pycache__",
    ".*_cache",
)
"""What a fresh clone does not have: a database, secrets, caches, screenshots and earlier benchmark results."""
TIMEOUT_S = 120
BARE_APP = """import plotly.graph_objects as go
import streamlit as st

st.title("Baseline")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])))
"""
"""The baseline: a bare Streamlit page with one Plotly chart, the least that a first visit with a chart takes."""


def _cpu_seconds(pid: int) -> float:
    """The CPU time a running process has used so far, user and system."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fresh_install(root: Path, folder: Path) -> Path:
    """A copy of the project as a fresh clone has it: no database yet, no secrets (local mode)."""
    copy = folder / "fresh-install"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=NOT_COPIED, symlinks=True)
    return copy


def measure_first_request(root: Path, folder: Path, repeat: int) -> list[Figure]:
    """Start a fresh install as `run.py dashboard` does and time its first visit, until the overview's charts show."""
    first = Figure(
        "first_request",
        "First visit of a fresh install: request to the overview's charts on screen (cpu: the server's)",
        "s",
        "≤ 3 s",
        limit=3.0,
    )
    start = Figure("first_start", "Start of a fresh install: demo build, server up and ready", "s", "—")
    if not CHROMIUM.exists():
        first.note = start.note = f"not measured: no browser at {CHROMIUM}"
        return [first, start]
    from playwright.sync_api import sync_playwright

    environment = {key: value for key, value in os.environ.items() if key not in ("SMM_DB", "SMM_MIN_GROUP")}
    first.baseline_label = "bare Streamlit page with one Plotly chart"
    bare = folder / "bare-app"
    bare.mkdir(parents=True, exist_ok=True)
    (bare / "app.py").write_text(BARE_APP, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            for _ in range(repeat):
                copy = fresh_install(root, folder)
                began = time.perf_counter()
                run.build_first_start(sys.executable, copy, environment)
                with served(run.dashboard_command(sys.executable), copy, environment) as (base, process):
                    run.run_dashboard_once(base)
                    start.samples.append(time.perf_counter() - began)
                    server_cpu = _cpu_seconds(process.pid)
                    first.samples.append(_first_chart(browser, base))
                    first.cpu.append(_cpu_seconds(process.pid) - server_cpu)
                bare_command = [sys.executable, "-m", "streamlit", "run", "app.py"]
                with served(bare_command, bare, environment) as (base, _process):
                    first.baseline.append(_first_chart(browser, base))
        finally:
            browser.close()
    return [first, start]


def _first_chart(browser: Browser, base: str) -> float:
    """Seconds from a new browser page's request of `base` until its first chart is on screen and the run is over."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        requested = time.perf_counter()
        page.goto(base)
        page.wait_for_selector(OVERVIEW_CHART, timeout=TIMEOUT_S * 1000)
        page.wait_for_selector(READY, timeout=TIMEOUT_S * 1000)
        return time.perf_counter() - requested
    finally:
        page.close()
