"""Sign-in and role gating in the running app: a page a role may not see is never registered."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smm_maturity import auth

ROOT = Path(__file__).resolve().parent.parent
PASSCODES = {role: auth.hash_passcode(f"{role}-passcode-2026") for role in ("viewer", "team", "admin")}


def app(secrets: dict | None = None) -> AppTest:
    """The dashboard with the given secrets, after its first run."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.query_params["lang"] = "en"
    at.run()
    return at


def sign_in(at: AppTest, passcode: str) -> AppTest:
    """Type a passcode into the sign-in form and submit it."""
    at.text_input(key="sign_in_passcode").input(passcode)
    at.button[0].click()
    return at.run()


def reachable(at: AppTest, page: str) -> bool:
    """True when switching to the page runs it instead of failing."""
    try:
        at.switch_page(f"pages/{page}.py").run()
    except Exception:
        return False
    return not at.exception and all(t.value != "Sign in" for t in at.title)


@pytest.mark.usefixtures("demo_db")
def test_local_mode_opens_every_page_and_says_so() -> None:
    at = app()
    assert [] == [e.value for e in at.exception]
    assert any("Local mode" in warning.value for warning in at.sidebar.warning)
    assert all(reachable(app(), page) for page in ("upload", "settings", "actions", "presentation"))


@pytest.mark.usefixtures("demo_db")
def test_passcode_mode_shows_only_the_sign_in_screen_first() -> None:
    at = app({"passcodes": PASSCODES})
    assert (["Sign in"], False) == ([title.value for title in at.title], reachable(at, "overview"))


@pytest.mark.usefixtures("demo_db")
def test_a_wrong_passcode_is_refused_with_a_message() -> None:
    at = sign_in(app({"passcodes": PASSCODES}), "not-the-passcode")
    assert ["This passcode matches no role. Please check it and try again."] == [e.value for e in at.error]


@pytest.mark.parametrize(
    ("role", "expected_reachable"),
    [
        ("viewer", {"overview", "departments", "silo_map", "trends", "method"}),
        ("team", {"overview", "departments", "silo_map", "trends", "method", "upload", "questionnaire"}),
        ("admin", set(auth.PAGES)),
    ],
)
@pytest.mark.usefixtures("demo_db")
def test_each_role_reaches_exactly_its_pages(role: str, expected_reachable: set[str]) -> None:
    actual = set()
    for page in auth.PAGES:
        at = sign_in(app({"passcodes": PASSCODES}), f"{role}-passcode-2026")
        if reachable(at, page):
            actual.add(page)
    assert expected_reachable == actual
