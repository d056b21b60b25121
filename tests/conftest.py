"""Shared fixtures: throwaway databases under tmp_path, the demo organisation, and clean Streamlit caches."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from browser_harness import launch_args
from legacy import publish_everything

from smm_maturity import demo, store

ROOT = Path(__file__).resolve().parent.parent


BROWSER_FIXTURES = frozenset({"page", "context", "browser"})
"""The browser fixtures: a test that asks for one drives Chromium against a dashboard server."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With several workers, the browser tests take turns on one of them while the others run the rest.

    Two browsers with their dashboard servers at once would compete for the same cores, and their waits are
    the part of the suite that is sensitive to load.
    """
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES or item.path.name.startswith("test_browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the demo organisation, built once per test session; copy it, never write to it.

    Every answer in it is published, as in a database from before publication: the demo's Recht, with 3
    answers per wave, is then a published group below k, which the pages must hide together with Finanzen,
    the next-smallest. (`demo.load_demo` itself holds Recht back; `test_demo` checks that.)
    """
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = store.connect(path)
    demo.load_demo(con)
    publish_everything(con)
    con.close()
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """The browser tests launch Debian's Chromium; see tests/support/browser_harness.py."""
    return launch_args(browser_type_launch_args)


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once() -> Iterator[None]:
    """Scan the installed packages for Streamlit components once per session, as a server does once at start.

    AppTest scans them on every run, reading the metadata of every installed package: a quarter of a second
    per run, most of the time of a short page test.
    """
    from streamlit.components.v2 import manifest_scanner

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            manifest_scanner,
            "scan_component_manifests",
            functools.cache(manifest_scanner.scan_component_manifests),
        )
        yield


@pytest.fixture
def clean_caches() -> Iterator[None]:
    """Empty Streamlit's data and resource caches before and after a test, closing the cached connection."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_caches: None) -> Path:
    """A fresh database path under tmp_path, named by `SMM_DB`; the app creates the file on first use."""
    path = tmp_path / "maturity.duckdb"
    monkeypatch.setenv("SMM_DB", str(path))
    monkeypatch.delenv("SMM_MIN_GROUP", raising=False)
    return path


@pytest.fixture
def demo_db(empty_db: Path, demo_db_template: Path) -> Path:
    """A private copy of the demo organisation's database, named by `SMM_DB`."""
    shutil.copyfile(demo_db_template, empty_db)
    return empty_db


@pytest.fixture(scope="session")
def demo_con(demo_db_template: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the demo database, for computing expected values."""
    con = duckdb.connect(str(demo_db_template), read_only=True)
    yield con
    con.close()
