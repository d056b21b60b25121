"""Running dashboard.py under AppTest as the served app runs it, and opening one screen of the page registry.

AppTest starts every run in Streamlit's old folder mode when the main script sits beside a `pages/` folder,
and that mode would run a screen's file on its own instead of dashboard.py (a served app leaves it for good
after its first run of dashboard.py). So AppTest runs a two-line script in a folder of its own that runs
dashboard.py.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from smm_maturity import navigation

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = ROOT / "dashboard.py"
ENTRY = f"import runpy\nrunpy.run_path({str(DASHBOARD)!r}, run_name='__main__')\n"


def dashboard(timeout: float = 120) -> AppTest:
    """The dashboard, not yet run."""
    return AppTest.from_string(ENTRY, default_timeout=timeout)


def open_file(script: str | Path, timeout: float = 120) -> AppTest:
    """The dashboard set to open the screen of a file under pages/ (relative to the project) on its first run.

    AppTest finds a page by its file before the first run; a screen's URL path is its file's name.
    """
    return dashboard(timeout).switch_page(str(ROOT / script))


def screen(key: str, timeout: float = 120) -> AppTest:
    """The dashboard set to open one screen of the registry on its first run."""
    return open_file(navigation.screen(key).script, timeout)
