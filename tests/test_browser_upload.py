"""A real upload in Chromium: the file goes through the upload page and its wave appears on the overview."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parent.parent
UPLOAD = Path(__file__).resolve().parent / "data" / "upload"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 60
TIMEOUT_MS = 30_000
WAVE = "Browser wave 2026"


def require_chromium() -> None:
    """Skip without Debian's Chromium, except in CI, where a missing browser is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{CHROMIUM} is missing; CI must install chromium (apt-get install chromium).")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium).")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    require_chromium()
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base: str, server: subprocess.Popen) -> None:
    """Poll /_stcore/health until the server answers, or fail when it dies or takes too long."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with code {server.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"streamlit was not healthy within {START_TIMEOUT_S} s")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free loopback port with an empty database; yields the base URL."""
    require_chromium()
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if key != "SMM_MIN_GROUP"}
    environment["SMM_DB"] = str(tmp_path / "browser.duckdb")
    log = (tmp_path / "streamlit.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, server)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def settled(page: Page) -> None:
    """Wait until the app's navigation is built and no script run is in progress."""
    expect(page.locator("[data-testid=stNavSectionHeader]").first).to_be_visible()
    expect(page.locator("[data-testid=stApp][data-test-script-state=notRunning]")).to_be_attached()
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


def test_a_file_uploaded_in_the_browser_shows_up_on_the_overview(app: str, page: Page) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    page.goto(f"{app}/?lang=en")
    settled(page)

    page.goto(f"{app}/upload?lang=en")
    settled(page)
    wave_name = page.get_by_label("Name of the new wave")
    wave_name.fill(WAVE)
    wave_name.press("Enter")
    settled(page)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(UPLOAD / "marketing.csv")
    expect(page.get_by_text("Validation report")).to_be_visible()
    settled(page)
    import_button = page.get_by_role("button", name="Import 6 responses")
    expect(import_button).to_be_enabled()
    import_button.click()
    expect(page.get_by_text("Stored", exact=False).first).to_be_visible()
    settled(page)
    expect(page.get_by_text(f"6 responses from marketing.csv in wave {WAVE}")).to_be_visible()

    page.goto(f"{app}/?lang=en")
    settled(page)
    expect(page.get_by_role("heading", name="Where the organisation stands")).to_be_visible()
    expect(page.get_by_role("combobox", name="Survey wave")).to_have_value(WAVE)
