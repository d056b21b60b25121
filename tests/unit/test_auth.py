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
        ("council", DASHBOARD | {"method", "privacy"}),
        ("team", DASHBOARD | {"method", "upload"}),
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
    assert allowed("viewer") < allowed("council") < allowed("admin")
    assert {"presentation", "actions", "settings"} == allowed("admin") - allowed("team") - allowed("council")


def test_the_council_reaches_no_raw_data_no_upload_and_no_export() -> None:
    assert set() == allowed("council") & {"upload", "questionnaire", "presentation", "actions", "settings"}


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
        ({"is_logged_in": True, "email": "ceo@firma.de", "email_verified": True}, "admin"),
        ({"is_logged_in": True, "email": "ceo@firma.de"}, None),
        ({"is_logged_in": True, "email": "ceo@firma.de", "email_verified": False}, None),
        ({"is_logged_in": True, "email": "ceo@firma.de", "email_verified": "false"}, None),
        ({"is_logged_in": True, "email": "ceo@firma.de", "email_verified": "true"}, None),
        ({"is_logged_in": True, "email": "ceo@firma.de", "email_verified": 1}, None),
        ({"is_logged_in": False, "email": "ceo@firma.de", "email_verified": True}, None),
        ({"is_logged_in": True, "email_verified": True}, None),
    ],
)
def test_role_for_user_needs_an_address_the_provider_marks_verified(user: dict, expected: str | None) -> None:
    assert expected == auth.role_for_user(user, ROLES_TABLE)


TENANT = "https://login.microsoftonline.com/8f3c-tenant/v2.0"
TRUSTED = {"trusted_email_claims": {TENANT: "preferred_username"}, "roles": ROLES_TABLE}


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ({"iss": TENANT, "preferred_username": "ceo@firma.de"}, "admin"),
        (
            {"iss": TENANT, "preferred_username": "ceo@firma.de", "email": "x@y.de", "email_verified": True},
            "admin",
        ),
        ({"iss": TENANT, "email": "ceo@firma.de"}, None),
        (
            {"iss": "https://login.microsoftonline.com/common/v2.0", "preferred_username": "ceo@firma.de"},
            None,
        ),
        ({"preferred_username": "ceo@firma.de"}, None),
        ({"iss": TENANT, "preferred_username": "   "}, None),
        ({"iss": TENANT, "email": "ceo@firma.de", "email_verified": True}, "admin"),
    ],
)
def test_a_claim_trusted_for_its_issuer_counts_as_verified(user: dict, expected: str | None) -> None:
    identity = auth.identity_for_user({"is_logged_in": True, **user}, TRUSTED)
    assert expected == (identity.role if identity else None)


def test_a_team_address_can_name_its_department() -> None:
    roles = {"admin": ["ceo@firma.de"], "team": {"lead@firma.de": "  Vertrieb ", "@it.firma.de": "IT"}}
    assert [
        auth.Identity("team", "Vertrieb", "lead@firma.de"),
        auth.Identity("team", "IT", "anyone@it.firma.de"),
        auth.Identity("admin", None, "ceo@firma.de"),
        None,
    ] == [
        auth.identity_for_email(address, roles)
        for address in ("Lead@Firma.de", "anyone@it.firma.de", "ceo@firma.de", "other@firma.de")
    ]


def test_a_council_address_gets_the_council_role() -> None:
    roles = {"council": ["betriebsrat@firma.de", "dsb@firma.de"], "viewer": ["@firma.de"]}
    assert ("council", "council", "viewer") == tuple(
        auth.role_for_email(address, roles)
        for address in ("betriebsrat@firma.de", "dsb@firma.de", "x@firma.de")
    )


@pytest.fixture(scope="module")
def passcodes() -> dict[str, str]:
    return {
        "viewer": auth.hash_passcode("leitung-2026"),
        "team": auth.scrypt_hash("abteilung-2026"),
        "admin": auth.hash_passcode("berater-geheim"),
        "council": auth.hash_passcode("betriebsrat-2026"),
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
        ("betriebsrat-2026", "council"),
        ("leitung-2026 ", None),
        ("Leitung-2026", None),
        ("", None),
        ("x" * 5000, None),
    ],
)
def test_role_for_passcode(passcodes: dict[str, str], plain: str, expected: str | None) -> None:
    assert expected == role_for_passcode(plain, passcodes)


def test_a_department_passcode_signs_in_a_team_user_of_that_department() -> None:
    passcodes = {
        "admin": auth.hash_passcode("berater-geheim"),
        "team": {
            "Vertrieb": auth.hash_passcode("vertrieb-2026"),
            " IT  Service": auth.scrypt_hash("it-2026"),
        },
    }
    assert [
        auth.Identity("team", "Vertrieb"),
        auth.Identity("team", "IT Service"),
        auth.Identity("admin"),
        None,
    ] == [
        auth.identity_for_passcode(plain, passcodes)
        for plain in ("vertrieb-2026", "it-2026", "berater-geheim", "marketing-2026")
    ]


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
                "[passcodes] has an unknown role 'boss'; use viewer, council, team, admin.",
            ],
        ),
        (
            {"passcodes": {}},
            ["[passcodes] names no role, so no one can sign in; add one of viewer, council, team, admin."],
        ),
        (
            {"passcodes": {"team": {"Vertrieb": "geheim"}}},
            [
                "[passcodes.team] Vertrieb is not a hash; create one with `python -m smm_maturity hash-passcode`."
            ],
        ),
        ({"auth": {}}, ["[auth] is set but [roles] names no one, so no signed-in user gets a role."]),
        (
            {"auth": {}, "roles": {"admin": ["a@b.de"], "owner": ["c@b.de"]}},
            ["[roles] has an unknown role 'owner'; use viewer, council, team, admin."],
        ),
    ],
)
def test_secrets_problems(secrets: dict, expected: list[str]) -> None:
    assert expected == [str(problem) for problem in auth.secrets_problems(secrets)]


def test_a_secrets_problem_speaks_the_admins_language() -> None:
    problems = auth.secrets_problems({"passcodes": {"admin": "geheim", "boss": "x"}})
    assert [
        "[passcodes] admin ist kein Hash; erzeugen Sie einen mit `python -m smm_maturity hash-passcode`.",
        "[passcodes] nennt eine unbekannte Rolle 'boss'; verwenden Sie viewer, council, team, admin.",
    ] == [problem.message("de") for problem in problems]


LOOKS_LIKE = "The secrets file has a table {name} that looks like [{section}] but is not spelt exactly so; correct it to [{section}] or remove it."
NOT_A_TABLE = (
    "In the secrets file, {section} must be a table ([{section}] with entries under it), not a single value."
)
NO_SIGN_IN = "The secrets file sets up no sign-in: add [passcodes] or [auth] with [roles], or remove the file for local mode on this computer."


@pytest.mark.parametrize(
    ("secrets", "expected"),
    [
        ({"passcodes": {"admin": "$argon2id$..."}}, []),
        ({"auth": {"client_id": "x"}, "roles": {"admin": ["a@b.de"]}}, []),
        ({"passcodes": {"admin": "$argon2id$..."}, "connections": {"db": {}}, "password": "x"}, []),
        (
            {"passcode": {"admin": "$argon2id$..."}},
            [LOOKS_LIKE.format(name="'passcode'", section="passcodes")],
        ),
        (
            {"Passcodes": {"admin": "$argon2id$..."}},
            [LOOKS_LIKE.format(name="'Passcodes'", section="passcodes")],
        ),
        (
            {"passcodes": {"admin": "$argon2id$..."}, "pass_codes": {}},
            [LOOKS_LIKE.format(name="'pass_codes'", section="passcodes")],
        ),
        ({"Auth": {"client_id": "x"}}, [LOOKS_LIKE.format(name="'Auth'", section="auth")]),
        ({"auth": {"client_id": "x"}, "Roles": {}}, [LOOKS_LIKE.format(name="'Roles'", section="roles")]),
        ({"auth": {"client_id": "x"}, "role": {}}, [LOOKS_LIKE.format(name="'role'", section="roles")]),
        ({"passcodes": "$argon2id$..."}, [NOT_A_TABLE.format(section="passcodes")]),
        ({"auth": "company"}, [NOT_A_TABLE.format(section="auth")]),
        ({"auth": {"client_id": "x"}, "roles": ["a@b.de"]}, [NOT_A_TABLE.format(section="roles")]),
        ({}, [NO_SIGN_IN]),
        ({"connections": {"db": {}}}, [NO_SIGN_IN]),
    ],
)
def test_what_locks_the_app_for_everyone(secrets: dict, expected: list[str]) -> None:
    assert expected == [str(problem) for problem in auth.lock_problems(secrets)]


def test_an_unreadable_secrets_file_is_named_with_the_parsers_reason(tmp_path: Path) -> None:
    broken, fine = tmp_path / "broken.toml", tmp_path / "fine.toml"
    broken.write_text('[passcodes]\nadmin = "$argon2id$...\n', encoding="utf-8")
    fine.write_text('[passcodes]\nadmin = "$argon2id$..."\n', encoding="utf-8")
    problem = auth.unreadable_secrets([tmp_path / "missing.toml", fine, broken])
    assert str(problem).startswith(f"The secrets file {broken} cannot be read: ")
    assert None is auth.unreadable_secrets([tmp_path / "missing.toml", fine])
    assert (True, False) == (
        auth.any_secrets_file([fine]),
        auth.any_secrets_file([tmp_path / "missing.toml"]),
    )


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("", False),
        (None, False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(address: str | None, expected: bool) -> None:
    assert expected == auth.is_loopback(address)


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
