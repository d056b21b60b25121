"""The shared harness of the browser tests: Debian's Chromium and `streamlit run dashboard.py` on loopback.

The server is made ready as `run.py dashboard` makes it: once it answers, one run of dashboard.py through
the script health check ends Streamlit's folder mode before the first page is asked for.
Outside CI a missing Chromium skips the tests; with CI=true it fails them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import run

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_chromium() -> None:
    """Skip without Debian's Chromium, except in CI, where a missing browser is a failure."""
    if CHROMIUM.exists():
        return
    if IN_CI:
        pytest.fail(f"CI needs Chromium at {CHROMIUM}: .ci/run installs it with apt-get.")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium).")


def launch_args(base: dict) -> dict:
    """Playwright's launch arguments for Debian's Chromium (never a downloaded one)."""
    require_chromium()
    return {**base, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_dashboard(
    db: Path,
    *,
    secrets: Path | None = None,
    port: int | None = None,
    settings: Mapping[str, str] | None = None,
    start_timeout: float = 60,
    stop_timeout: float = 20,
) -> Iterator[str]:
    """Run `streamlit run dashboard.py` on the database until the caller is done; yield its base URL once ready.

    Use it as `yield from run_dashboard(db)` in a fixture; the server's output goes to db's `.log` file.
    A secrets file, when given, replaces the project's; `settings` are environment variables such as
    SMM_MIN_GROUP, which is otherwise left at its default.
    """
    require_chromium()
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    log = db.with_suffix(".log")
    environment = {key: value for key, value in os.environ.items() if key != "SMM_MIN_GROUP"}
    environment.update(settings or {})
    environment["SMM_DB"] = str(db)
    with open(log, "w") as output:
        process = subprocess.Popen(
            run.dashboard_command(
                sys.executable,
                *run.loopback_options(port),
                *([f"--secrets.files={secrets}"] if secrets is not None else []),
            ),
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            run.wait_until_healthy(base, process, start_timeout)
            run.run_dashboard_once(base)
        except run.NotReady as problem:
            pytest.fail(f"{problem}\n{log.read_text()}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=stop_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
