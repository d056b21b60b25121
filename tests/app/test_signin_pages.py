"""Sign-in and role gating in the running app: a page a role may not see is never registered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_harness import dashboard, screen
from streamlit import config
from streamlit.testing.v1 import AppTest

import access
from smm_maturity import auth, navigation

ROOT = Path(__file__).resolve().parents[2]
PASSCODES = {role: auth.hash_passcode(f"{role}-passcode-2026") for role in auth.ROLES}
OVERVIEW_TITLE = "Where the organisation stands"


def app(at: AppTest | None = None, secrets: dict | None = None, role: str | None = None) -> AppTest:
    """The dashboard (or one screen of it) with the given secrets and signed-in role, after its first run."""
    at = dashboard(timeout=60) if at is None else at
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if role is not None:
        at.session_state[access.ROLE_KEY] = role
    at.query_params["lang"] = "en"
    return at.run()


def sign_in(at: AppTest, passcode: str) -> AppTest:
    """Type a passcode into the sign-in form and submit it."""
    at.text_input(key="sign_in_passcode").input(passcode)
    at.button[0].click()
    return at.run()


def titles(at: AppTest) -> list[str]:
    return [title.value for title in at.title]


def reachable(key: str, secrets: dict | None = None, role: str | None = None) -> bool:
    """True when a fresh session asking for the screen runs it, rather than the sign-in or the overview.

    A page that is not registered for the session falls back to the default page, the overview.
    """
    at = app(screen(key, timeout=60), secrets, role)
    if at.exception or "Sign in" in titles(at):
        return False
    return key == navigation.DEFAULT_SCREEN or OVERVIEW_TITLE not in titles(at)


@pytest.fixture
def loopback() -> Iterator[None]:
    """The server's address set to the loopback address, as `run.py dashboard` sets it in local mode."""
    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.mark.usefixtures("demo_db", "loopback")
def test_local_mode_opens_every_page_and_says_so() -> None:
    at = app()
    assert [] == [e.value for e in at.exception]
    assert [OVERVIEW_TITLE] == titles(at)[:1]
    assert any("only on this computer" in warning.value for warning in at.sidebar.warning)
    assert all(reachable(key) for key in ("upload", "settings", "actions", "presentation"))


@pytest.mark.usefixtures("demo_db")
def test_local_mode_on_every_network_address_warns_that_everyone_can_open_every_page() -> None:
    at = app()
    assert [True] == ["everyone who reaches it can open every page" in w.value for w in at.sidebar.warning]


@pytest.mark.usefixtures("demo_db")
def test_passcode_mode_shows_only_the_sign_in_screen_first() -> None:
    at = app(secrets={"passcodes": PASSCODES})
    assert (["Sign in"], False) == (titles(at), reachable("overview", {"passcodes": PASSCODES}))


@pytest.mark.parametrize("key", [entry.key for entry in navigation.SCREENS])
@pytest.mark.usefixtures("demo_db")
def test_every_screen_asked_for_before_sign_in_shows_the_sign_in(key: str) -> None:
    at = app(screen(key, timeout=60), {"passcodes": PASSCODES})
    assert ([], ["Sign in"]) == ([e.value for e in at.exception], titles(at))


@pytest.mark.usefixtures("demo_db")
def test_a_wrong_passcode_is_refused_with_a_message() -> None:
    at = sign_in(app(secrets={"passcodes": PASSCODES}), "not-the-passcode")
    assert ["This passcode matches no role. Please check it and try again."] == [e.value for e in at.error]


@pytest.mark.parametrize("role", auth.ROLES)
@pytest.mark.usefixtures("demo_db")
def test_a_passcode_signs_in_with_its_role_and_opens_the_overview(role: str) -> None:
    at = sign_in(app(secrets={"passcodes": PASSCODES}), f"{role}-passcode-2026")
    assert (role, [OVERVIEW_TITLE]) == (at.session_state[access.ROLE_KEY], titles(at)[:1])


@pytest.mark.usefixtures("demo_db")
def test_a_deep_link_opens_its_screen_once_signed_in() -> None:
    at = sign_in(app(screen("trends", timeout=60), {"passcodes": PASSCODES}), "viewer-passcode-2026")
    assert ["Change across the waves"] == titles(at)[:1]


@pytest.mark.parametrize(
    ("role", "expected_reachable"),
    [
        ("viewer", {"overview", "departments", "silo_map", "trends", "method"}),
        ("council", {"overview", "departments", "silo_map", "trends", "method", "privacy"}),
        ("team", {"overview", "departments", "silo_map", "trends", "method", "upload"}),
        ("admin", {entry.key for entry in navigation.SCREENS}),
    ],
)
@pytest.mark.usefixtures("demo_db")
def test_each_role_reaches_exactly_its_pages(role: str, expected_reachable: set[str]) -> None:
    actual = {
        entry.key for entry in navigation.SCREENS if reachable(entry.key, {"passcodes": PASSCODES}, role)
    }
    assert expected_reachable == actual


@pytest.mark.parametrize("value", ["7.0", "2", "abc"])
@pytest.mark.usefixtures("demo_db")
def test_an_invalid_setting_locks_every_screen_with_one_clear_sentence(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMM_MIN_GROUP", value)
    at = app()
    assert [] == [e.value for e in at.exception]
    assert [] == titles(at)
    expected = f'SMM_MIN_GROUP is set to "{value}", but it must be a whole number from 3 to 1000 (unset or empty means 5).'
    assert [expected] == [error.value for error in at.error]
