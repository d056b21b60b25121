"""Hostile files uploaded in Chromium while a second session keeps using the dashboard: each is refused with one
clear sentence, the server stays up, the second session is not held up, and the database is unchanged."""

from __future__ import annotations

from pathlib import Path
from urllib.request import urlopen

import pytest
from browser_harness import READY, run_dashboard
from hostile_files import COMPRESSED_ROWS, SPARSE_CORNER, million_columns_csv, sparse_corner_xlsx
from playwright.sync_api import Browser, Page, expect

from smm_maturity import cli, store

pytestmark = pytest.mark.slow

UPLOAD = Path(__file__).resolve().parents[1] / "data" / "upload"
TIMEOUT_MS = 60_000
WAVE = "Frühjahr 2026"


def settled(page: Page) -> None:
    """Wait until the app's navigation is built and no script run is in progress."""
    expect(page.locator("[data-testid=stNavSectionHeader]").first).to_be_visible()
    expect(page.locator(READY)).to_be_attached()
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


def hostile_files(folder: Path) -> list[tuple[Path, str]]:
    """The attack files, each with words of the sentence that must refuse it."""
    million = folder / "million_columns.csv"
    million.write_bytes(million_columns_csv())
    undeclared = folder / "sparse_corner_undeclared.xlsx"
    undeclared.write_bytes(sparse_corner_xlsx(declare_dimension=False))
    return [
        (SPARSE_CORNER, "but at most 1\u202f000 columns can be read"),
        (million, "The file has 1\u202f000\u202f000 columns"),
        (COMPRESSED_ROWS, "more than the 100 times a real Excel file reaches"),
        (undeclared, "needed more than the 4 GB of memory one file may use"),
    ]


def test_hostile_uploads_hurt_neither_the_server_nor_another_session(
    browser: Browser, tmp_path: Path
) -> None:
    db = tmp_path / "hostile.duckdb"
    assert 0 == cli.main(["--db", str(db), "import", str(UPLOAD / "marketing.csv"), "--wave", WAVE])
    with store.connect(db) as con:
        before = store.table_counts(con)
    files = hostile_files(tmp_path)
    expect.set_options(timeout=TIMEOUT_MS)
    server = run_dashboard(db, stop_timeout=10)
    base = next(server)
    try:
        uploader, viewer = browser.new_context().new_page(), browser.new_context().new_page()
        for page in (uploader, viewer):
            page.set_default_timeout(TIMEOUT_MS)
        uploader.goto(f"{base}/upload?lang=en")
        settled(uploader)
        for path, words in files:
            uploader.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(path)
            viewer.goto(f"{base}/?lang=en")
            settled(viewer)
            expect(viewer.get_by_role("combobox", name="Survey wave")).to_have_value(WAVE)
            expect(uploader.get_by_text(words, exact=False)).to_be_visible()
            settled(uploader)
            expect(uploader.get_by_role("button", name="Import", exact=False)).to_be_disabled()
        with urlopen(f"{base}/_stcore/health", timeout=10) as health:
            assert b"ok" == health.read()
    finally:
        server.close()
    with store.connect(db) as con:
        assert before == store.table_counts(con)
