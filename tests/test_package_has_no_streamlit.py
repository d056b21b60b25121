"""The package is the core: importing any of its modules must never load the UI framework."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "smm_maturity"
MODULES = sorted(
    ".".join(("smm_maturity", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
    for path in PACKAGE.rglob("*.py")
    if path.stem != "__main__"
)


def test_importing_every_package_module_leaves_streamlit_unloaded() -> None:
    code = f"import importlib, sys\nfor name in {MODULES!r}:\n    importlib.import_module(name)\nprint('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert "" == result.stderr.strip() or result.returncode == 0, result.stderr
    assert "False" == result.stdout.strip()


def test_the_module_list_covers_the_dashboards_modules() -> None:
    assert {
        "smm_maturity.charts",
        "smm_maturity.charts.overview",
        "smm_maturity.insights",
        "smm_maturity.i18n",
    } <= set(MODULES)
