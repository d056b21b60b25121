"""Broken secrets files in a real browser: an anonymous visitor reaches nothing, and the log says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import READY, run_dashboard
from playwright.sync_api import Page

from smm_maturity import auth

pytestmark = pytest.mark.slow

TIMEOUT_MS = 90_000
HASH = auth.scrypt_hash("admin-passcode-2026", salt=bytes(16))
BROKEN = {
    "missing_quote": f'[passcodes]\nadmin = "{HASH}\n',
    "singular_table": f'[passcode]\nadmin = "{HASH}"\n',
    "capitalised_table": f'[Passcodes]\nadmin = "{HASH}"\n',
    "string_not_table": f'passcodes = "{HASH}"\n',
}
LOGGED = {
    "missing_quote": "cannot be read",
    "singular_table": "a table 'passcode' that looks like [passcodes]",
    "capitalised_table": "a table 'Passcodes' that looks like [passcodes]",
    "string_not_table": "passcodes must be a table",
}


@pytest.fixture(scope="module", params=list(BROKEN))
def broken_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple]:
    """The dashboard with one broken secrets file, on an empty database; its name, URL and log file."""
    folder = tmp_path_factory.mktemp(request.param)
    secrets = folder / "secrets.toml"
    secrets.write_text(BROKEN[request.param], encoding="utf-8")
    db = folder / "locked.duckdb"
    for base in run_dashboard(db, secrets=secrets):
        yield request.param, base, db.with_suffix(".log")


@pytest.mark.parametrize("path", ["", "overview", "upload", "settings", "sign_in"])
def test_a_broken_secrets_file_shows_everyone_the_closed_page(
    page: Page, broken_server: tuple, path: str
) -> None:
    name, base, log = broken_server
    page.goto(f"{base}/{path}?lang=en")
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    page.get_by_role("heading", name="Augenhöhe is closed", level=1).wait_for(timeout=TIMEOUT_MS)
    page.wait_for_selector(READY, timeout=TIMEOUT_MS)
    main = page.locator("[data-testid=stMain]").inner_text()
    assert (0, 0, 0) == (
        page.locator("input[type=password]").count(),
        page.locator("[data-testid=stFileUploader]").count(),
        page.locator("[data-testid=stSidebarNav]").count(),
    )
    assert "The sign-in settings of this server are not in order" in main
    assert LOGGED[name] in Path(log).read_text(encoding="utf-8")
