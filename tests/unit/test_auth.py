"""Roles and the screens of the page registry, sign-in modes, role lookup by e-mail, and passcode hashing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from smm_maturity import auth, navigation
from smm_maturity.auth import SignInThrottle, role_for_email, role_for_passcode, sign_in_mode

ROOT = Path(__file__).resolve().parents[2]

DASHBOARD = {"overview", "departments", "silo_map", "trends"}
EVERY_SCREEN = {screen.key for screen in navigation.SCREENS}


def allowed(role: str | None) -> set[str]:
    """The keys of the screens the registry lets a role open."""
    return {screen.key for screen in navigation.screens_for(role)}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("viewer", DASHBOARD | {"method"}),
        ("team", DASHBOARD | {"method", "upload", "questionnaire"}),
        ("admin", EVERY_SCREEN),
        ("Admin", set()),
        ("guest", set()),
        ("", set()),
        (None, set()),
    ],
)
def test_the_screens_each_role_may_open(role: str | None, expected: set[str]) -> None:
    assert expected == allowed(role)


def test_each_role_sees_everything_the_role_below_sees() -> None:
    assert allowed("viewer") < allowed("team") < allowed("admin")
    assert {"survey", "presentation", "actions", "settings"} == allowed("admin") - allowed("team")


def test_every_role_in_the_registry_is_a_known_role() -> None:
    assert set() == {role for screen in navigation.SCREENS for role in screen.roles} - set(auth.ROLES)


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        ({}, "local"),
        ({"other": {"x": 1}}, "local"),
        ({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback"}}, "oidc"),
        ({"auth": {"client_id": "x"}, "passcodes": {"admin": "$argon2id$..."}}, "oidc"),
        ({"passcodes": {"admin": "$argon2id$..."}}, "passcode"),
        ({"passcodes": {"team": "scrypt$..."}}, "passcode"),
        # a section present but broken locks the app instead of opening it
        ({"passcodes": {}}, "passcode"),
        ({"passcodes": {"admni": "x"}}, "passcode"),
        ({"auth": "not a table"}, "local"),
    ],
)
def test_sign_in_mode(secrets: dict, expected: str) -> None:
    assert expected == sign_in_mode(secrets)


ROLES_TABLE = {
    "admin": ["ceo@firma.de", "Berater@Agentur.de"],
    "team": ["@firma.de", "lead@partner.de"],
    "viewer": ["@partner.de"],
}


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("ceo@firma.de", "admin"),
        ("  CEO@Firma.DE ", "admin"),
        ("berater@agentur.de", "admin"),
        ("jemand@firma.de", "team"),
        ("lead@partner.de", "team"),
        ("someone@partner.de", "viewer"),
        ("someone@sub.firma.de", None),
        ("someone@evilfirma.de", None),
        ("firma.de", None),
        ("@firma.de", None),
        ("ceo@firma.de.evil.com", None),
        ("other@agentur.de", None),
        ("", None),
        (None, None),
    ],
)
def test_role_for_email(email: str | None, expected: str | None) -> None:
    assert expected == role_for_email(email, ROLES_TABLE)


def test_role_for_email_prefers_the_address_then_the_higher_role() -> None:
    roles = {"viewer": ["boss@firma.de", "@firma.de"], "admin": ["@firma.de"], "team": "x@firma.de"}
    assert "viewer" == role_for_email("boss@firma.de", roles)
    assert "admin" == role_for_email("anyone@firma.de", roles)
    assert "team" == role_for_email("x@firma.de", roles)
    assert None is role_for_email("anyone@firma.de", {"superuser": ["@firma.de"]})
    assert None is role_for_email("anyone@firma.de", None)


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ({"is_logged_in": True, "email": "ceo@firma.de"}, "admin"),
        ({"is_logged_in": True, "email": "ceo@firma.de", "email_verified": True}, "admin"),
        ({"is_logged_in": True, "email": "ceo@firma.de", "email_verified": False}, None),
        ({"is_logged_in": False, "email": "ceo@firma.de"}, None),
        ({"is_logged_in": True}, None),
    ],
)
def test_role_for_user(user: dict, expected: str | None) -> None:
    assert expected == auth.role_for_user(user, ROLES_TABLE)


@pytest.fixture(scope="module")
def passcodes() -> dict[str, str]:
    return {
        "viewer": auth.hash_passcode("leitung-2026"),
        "team": auth.scrypt_hash("abteilung-2026"),
        "admin": auth.hash_passcode("berater-geheim"),
    }


def test_hashes_are_salted_and_not_the_passcode(passcodes: dict[str, str]) -> None:
    again = auth.hash_passcode("leitung-2026")
    assert passcodes["viewer"].startswith("$argon2id$")
    assert passcodes["team"].startswith("scrypt$")
    assert again != passcodes["viewer"]
    assert "leitung-2026" not in passcodes["viewer"] + passcodes["team"]


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("leitung-2026", "viewer"),
        ("abteilung-2026", "team"),
        ("berater-geheim", "admin"),
        ("leitung-2026 ", None),
        ("Leitung-2026", None),
        ("", None),
        ("x" * 5000, None),
    ],
)
def test_role_for_passcode(passcodes: dict[str, str], plain: str, expected: str | None) -> None:
    assert expected == role_for_passcode(plain, passcodes)


@pytest.mark.parametrize(
    "stored",
    [
        "leitung-2026",  # a plain passcode in the secrets file never matches
        "",
        "$argon2id$v=19$m=65536,t=3,p=4$broken",
        "scrypt$16384$8$1$not-base64$x",
        "scrypt$99999999999$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==",
    ],
)
def test_verify_refuses_what_is_not_a_matching_hash(stored: str) -> None:
    assert False is auth.verify_passcode("leitung-2026", stored)


def test_scrypt_hash_is_reproducible_with_its_salt() -> None:
    salt = bytes(range(16))
    hashed = auth.scrypt_hash("abteilung-2026", salt=salt)
    assert hashed == auth.scrypt_hash("abteilung-2026", salt=salt)
    assert auth.verify_passcode("abteilung-2026", hashed)
    assert not auth.verify_passcode("abteilung-2027", hashed)


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        ({}, []),
        ({"passcodes": {"admin": "$argon2id$v=19$..."}}, []),
        (
            {"passcodes": {"admin": "geheim", "boss": "scrypt$1"}},
            [
                "[passcodes] admin is not a hash; create one with `python -m smm_maturity hash-passcode`.",
                "[passcodes] has an unknown role 'boss'; use viewer, team or admin.",
            ],
        ),
        ({"passcodes": {}}, ["[passcodes] names no role, so no one can sign in; add viewer, team or admin."]),
        ({"auth": {}}, ["[auth] is set but [roles] names no one, so no signed-in user gets a role."]),
        (
            {"auth": {}, "roles": {"admin": ["a@b.de"], "owner": ["c@b.de"]}},
            ["[roles] has an unknown role 'owner'; use viewer, team or admin."],
        ),
    ],
)
def test_secrets_problems(secrets: dict, expected: list[str]) -> None:
    assert expected == [str(problem) for problem in auth.secrets_problems(secrets)]


def test_a_secrets_problem_speaks_the_admins_language() -> None:
    problems = auth.secrets_problems({"passcodes": {"admin": "geheim", "boss": "x"}})
    assert [
        "[passcodes] admin ist kein Hash; erzeugen Sie einen mit `python -m smm_maturity hash-passcode`.",
        "[passcodes] nennt eine unbekannte Rolle 'boss'; verwenden Sie viewer, team oder admin.",
    ] == [problem.message("de") for problem in problems]


def test_throttle_waits_after_too_many_failures() -> None:
    throttle = SignInThrottle(limit=3, window=60)
    for moment in (0, 1, 2):
        assert 0 == throttle.retry_after("a", now=moment)
        throttle.record_failure("a", now=moment)
    assert 58 == throttle.retry_after("a", now=2)
    assert 0 == throttle.retry_after("b", now=2)
    assert 0 == throttle.retry_after("a", now=60)
    throttle.reset("a")
    assert 0 == throttle.retry_after("a", now=3)


def run_cli(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smm_maturity", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.mark.slow
def test_cli_hash_passcode_prints_a_hash_that_verifies() -> None:
    result = run_cli("hash-passcode", stdin="berater-geheim\n")
    assert (0, "") == (result.returncode, result.stderr)
    hashed = result.stdout.strip()
    assert hashed.startswith("$argon2id$")
    assert "admin" == role_for_passcode("berater-geheim", {"admin": hashed})


@pytest.mark.slow
def test_cli_hash_passcode_refuses_a_short_passcode() -> None:
    result = run_cli("hash-passcode", stdin="kurz\n")
    assert (1, "", "error: A passcode needs at least 8 characters.\n") == (
        result.returncode,
        result.stdout,
        result.stderr,
    )


def test_auth_does_not_import_streamlit() -> None:
    code = "import sys, smm_maturity.auth, smm_maturity.config, smm_maturity.backup; print('streamlit' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert "False\n" == result.stdout
