"""The package is the core: importing any of its modules, subpackages included, must never load the UI framework."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "smm_maturity"


def module_name(path: Path) -> str:
    """The dotted name of a module file of the package; a package's `__init__.py` names the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(module_name(path) for path in PACKAGE.rglob("*.py") if path.stem != "__main__")


def test_importing_every_package_module_leaves_streamlit_unloaded() -> None:
    code = f"import importlib, sys\nfor name in {MODULES!r}:\n    importlib.import_module(name)\nprint('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert "" == result.stderr.strip() or result.returncode == 0, result.stderr
    assert "False" == result.stdout.strip()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("smm_maturity/__init__.py", "smm_maturity"),
        ("smm_maturity/charts.py", "smm_maturity.charts"),
        ("smm_maturity/exports/__init__.py", "smm_maturity.exports"),
        ("smm_maturity/exports/pdf.py", "smm_maturity.exports.pdf"),
    ],
)
def test_module_names_reach_into_subpackages(path: str, expected: str) -> None:
    assert expected == module_name(ROOT / path)


def test_the_module_list_covers_the_dashboards_modules() -> None:
    assert {
        "smm_maturity",
        "smm_maturity.charts",
        "smm_maturity.charts.overview",
        "smm_maturity.ingest.validation",
        "smm_maturity.insights",
        "smm_maturity.i18n",
    } <= set(MODULES)
