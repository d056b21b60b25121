"""Sign-in that fails closed, the per-session throttle, the council's screen, a team's own uploads, and the
welcome without actions for roles that may not upload, in the running app."""

from __future__ import annotations

import pytest
from app_harness import dashboard, screen
from streamlit.testing.v1 import AppTest
from trust_data import canonical_csv

import access
from smm_maturity import auth, navigation, store
from smm_maturity.ingest import read_upload

LOCKED = "Augenhöhe is closed"
ADMIN_PASSCODE = "admin-passcode-2026"
PASSCODES = {
    "admin": auth.hash_passcode(ADMIN_PASSCODE),
    "viewer": auth.hash_passcode("viewer-passcode-2026"),
}


def app(at: AppTest | None = None, secrets: dict | None = None, **state: object) -> AppTest:
    """The dashboard (or one screen of it) with the given secrets and session values, after its first run."""
    at = dashboard(timeout=60) if at is None else at
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    at.query_params["lang"] = "en"
    return at.run()


def titles(at: AppTest) -> list[str]:
    return [title.value for title in at.title]


BROKEN = {
    "misspelt table": {"passcode": PASSCODES},
    "capitalised table": {"Passcodes": PASSCODES},
    "passcodes as a string": {"passcodes": PASSCODES["admin"]},
    "roles misspelt": {"auth": {"client_id": "x"}, "role": {"admin": ["a@b.de"]}},
    "no sign-in at all": {"connections": {"db": {"url": "x"}}},
}


@pytest.mark.parametrize("secrets", BROKEN.values(), ids=BROKEN.keys())
@pytest.mark.parametrize("key", ["overview", "upload", "settings"])
@pytest.mark.usefixtures("demo_db")
def test_broken_secrets_lock_every_screen_for_everyone(secrets: dict, key: str) -> None:
    at = app(screen(key, timeout=60), secrets, **{access.ROLE_KEY: "admin"})
    assert ([], [LOCKED], []) == ([e.value for e in at.exception], titles(at), list(at.text_input))
    assert [
        "The sign-in settings of this server are not in order, so no page opens for anyone. The administrator"
        " finds the reason in the server's log."
    ] == [error.value for error in at.error]


@pytest.mark.usefixtures("demo_db")
def test_wrong_guesses_in_one_session_never_lock_out_another() -> None:
    attacker = app(secrets={"passcodes": PASSCODES})
    for _ in range(auth.SignInThrottle().limit + 1):
        attacker.text_input(key="sign_in_passcode").input("wrong-guess-123")
        attacker.button[0].click()
        attacker.run()
    assert any("Too many failed attempts" in error.value for error in attacker.error)
    admin = app(secrets={"passcodes": PASSCODES})
    admin.text_input(key="sign_in_passcode").input(ADMIN_PASSCODE)
    admin.button[0].click()
    admin.run()
    assert ("admin", [], "Where the organisation stands") == (
        admin.session_state[access.ROLE_KEY],
        [error.value for error in admin.error],
        titles(admin)[0],
    )


@pytest.mark.usefixtures("demo_db")
def test_the_council_sees_the_privacy_settings_in_force() -> None:
    at = app(screen("privacy", timeout=60), {"passcodes": PASSCODES}, **{access.ROLE_KEY: "council"})
    assert ([], "Privacy settings and audit trail") == ([e.value for e in at.exception], titles(at)[0])
    assert {"5", "10", "a passcode per role"} <= {value.value.strip("*") for value in at.markdown}
    assert [] == [button.label for button in at.get("download_button")]


@pytest.mark.usefixtures("empty_db")
@pytest.mark.parametrize("role", ["viewer", "council"])
def test_a_role_that_may_not_upload_gets_a_message_on_an_empty_database_and_no_demo(role: str) -> None:
    at = app(secrets={"passcodes": PASSCODES}, **{access.ROLE_KEY: role})
    assert [] == [e.value for e in at.exception]
    assert [] == [button.label for button in at.button if button.key == "load_demo"]
    assert [
        "No answers are stored yet. Results appear here once a team or an admin has brought in the first survey."
    ] == [info.value for info in at.info]


@pytest.mark.usefixtures("empty_db")
def test_an_admin_on_an_empty_database_may_load_the_demo() -> None:
    at = app(secrets={"passcodes": PASSCODES}, **{access.ROLE_KEY: "admin"})
    assert ["Load the demo organisation"] == [
        button.label for button in at.button if button.key == "load_demo"
    ]


def test_a_team_lists_only_its_own_departments_uploads(empty_db) -> None:
    con = store.connect(empty_db)
    for marker in (1, 2):
        store.store_batch(con, read_upload(canonical_csv(marker, 6), f"{marker}.csv"), "W1")
    con.close()
    state = {access.ROLE_KEY: "team", access.DEPARTMENT_KEY: "Abteilung 02"}
    at = app(screen("upload", timeout=60), {"passcodes": PASSCODES}, **state)
    assert [] == [e.value for e in at.exception]
    listed = at.dataframe[-1].value
    assert (["2.csv"], ["Abteilung 02"]) == (list(listed["File"]), list(listed["Department"]))
    assert all(navigation.screen("upload").roles)


def test_a_teams_undo_is_recorded_with_its_role_and_department_and_the_council_sees_it(empty_db) -> None:
    con = store.connect(empty_db)
    for marker in (1, 2):
        store.store_batch(con, read_upload(canonical_csv(marker, 6), f"{marker}.csv"), "W1")
    con.close()
    state = {access.ROLE_KEY: "team", access.DEPARTMENT_KEY: "Abteilung 02"}
    at = app(screen("upload", timeout=60), {"passcodes": PASSCODES}, **state)
    at.button(key="upload.undo").click().run()
    at.button(key="upload.undo.confirm").click().run()
    assert [] == [e.value for e in at.exception]
    council = app(screen("privacy", timeout=60), {"passcodes": PASSCODES}, **{access.ROLE_KEY: "council"})
    shown = council.dataframe[-1].value
    assert [
        ["team (upload)", "Abteilung 02", "undo of an upload", "#2 2.csv: 6 responses, Abteilung 02, W1"],
        ["consultant/admin", "command line", "import", "#2 2.csv: 6 responses, Abteilung 02, W1"],
        ["consultant/admin", "command line", "import", "#1 1.csv: 6 responses, Abteilung 01, W1"],
    ] == shown[["Role", "Who", "What", "Details"]].values.tolist()
