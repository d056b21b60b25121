"""The page registry: every screen once, each a module under pages/ whose top level only defines functions."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from app_harness import dashboard
from streamlit.testing.v1 import AppTest

from smm_maturity import auth, i18n, navigation

ROOT = Path(__file__).resolve().parents[2]
SCREEN_FILES = sorted((ROOT / "pages").glob("*.py"))
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)


def test_every_file_under_pages_is_one_screen_of_the_registry() -> None:
    assert [path.relative_to(ROOT).as_posix() for path in SCREEN_FILES] == sorted(
        screen.script for screen in [*navigation.SCREENS, navigation.QUESTIONNAIRE]
    )
    assert len(navigation.SCREENS) == len({screen.key for screen in navigation.SCREENS})


@pytest.mark.parametrize("screen", navigation.SCREENS, ids=lambda screen: screen.key)
def test_a_screens_address_title_and_function_exist(screen: navigation.Screen) -> None:
    assert Path(screen.script).stem == screen.url_path, "AppTest finds a page by the file named like its URL"
    assert callable(getattr(importlib.import_module(screen.module), screen.function))
    for lang in i18n.LANGUAGES:
        assert i18n.t(screen.title, lang) and i18n.t(screen.section, lang)
    assert screen.roles and screen.roles <= set(auth.ROLES)


def test_every_role_can_open_the_default_screen() -> None:
    assert all(navigation.DEFAULT_SCREEN in {s.key for s in navigation.screens_for(r)} for r in auth.ROLES)


def test_sections_keep_the_menu_order() -> None:
    sections = navigation.sections_for("admin")
    assert [screen.key for screens in sections.values() for screen in screens] == [
        screen.key for screen in navigation.SCREENS
    ]
    assert {} == navigation.sections_for("guest")


def only_defines(node: ast.stmt) -> bool:
    """True for an import, a definition, the docstring, or a constant bound to a literal."""
    if isinstance(node, DEFINITIONS):
        return True
    if isinstance(node, ast.Expr):
        return isinstance(node.value, ast.Constant)
    if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        try:
            ast.literal_eval(node.value)
        except ValueError:
            return False
        return True
    return False


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda path: path.name)
def test_a_screen_files_top_level_only_defines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert [] == [ast.unparse(node) for node in tree.body if not only_defines(node)]


@pytest.mark.parametrize("path", SCREEN_FILES, ids=lambda path: path.name)
def test_a_screen_file_run_on_its_own_shows_nothing_and_reads_nothing(empty_db: Path, path: Path) -> None:
    app = AppTest.from_file(str(path), default_timeout=60).run()
    assert ([], {}, {}) == ([e.value for e in app.exception], app.main.children, app.sidebar.children)
    assert not empty_db.exists(), "running the file alone opened the database"


@pytest.mark.usefixtures("demo_db")
def test_the_root_opens_the_default_screen_and_keeps_the_query() -> None:
    app = dashboard()
    app.query_params.update({"lang": "en", "wave": "Herbst 2025"})
    app.run()
    assert [] == [e.value for e in app.exception]
    assert "Where the organisation stands" == app.title[0].value
    assert ("en", "Herbst 2025") == (app.query_params["lang"], app.selectbox(key="wave_filter").value)
