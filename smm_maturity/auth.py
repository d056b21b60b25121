"""Roles, the sign-in mode, role lookup, passcode hashing and the check of the secrets; pure, without any UI.

Which role may open which page is part of the page registry, `smm_maturity.navigation`.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import hmac
import ipaddress
import secrets as token_source
import threading
import time
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from smm_maturity.i18n import LocalisedError
from smm_maturity.safe_text import clean_name

Role = Literal["viewer", "council", "team", "admin"]
Mode = Literal["oidc", "passcode", "local"]

ROLES: tuple[Role, ...] = ("viewer", "council", "team", "admin")
"""The roles, from the fewest rights to the most: the council reads the privacy settings and the audit trail,
a team uploads for its department."""

LOCAL_ROLE: Role = "admin"
"""Local mode has nothing configured: the one person at the laptop sees everything."""

SECTIONS = ("auth", "passcodes", "roles", "trusted_email_claims")
"""The tables of the secrets file that sign-in reads; each must be a table when present."""

MIN_PASSCODE_LENGTH = 8
MAX_PASSCODE_LENGTH = 1024
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_HASHER = PasswordHasher()
_LOOKALIKE_RATIO = 0.75
_SHORTEST_LOOKALIKE = 3


@dataclass(frozen=True)
class Identity:
    """Who uses a session: the role, the department of a team user, and the address where known."""

    role: Role
    department: str | None = None
    address: str | None = None


def sign_in_mode(secrets: Mapping[str, Any]) -> Mode:
    """`oidc` when the secrets have an `[auth]` section, `passcode` when they have `[passcodes]`, else `local`.

    A section that is present but broken still selects its mode, so a typo locks the app rather than opening it;
    `lock_problems` names what locks it.
    """
    if isinstance(secrets.get("auth"), Mapping):
        return "oidc"
    if isinstance(secrets.get("passcodes"), Mapping):
        return "passcode"
    return "local"


def _rank(role: Role) -> int:
    return ROLES.index(role)


def _highest(roles: set[Role]) -> Role | None:
    if not roles:
        return None
    return max(roles, key=_rank)


def _entries(value: Any) -> list[str]:
    """The addresses of a `[roles]` entry: one string, a list, or the keys of a table of address to department."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return [str(key) for key in value]
    if isinstance(value, list | tuple):
        return [str(entry) for entry in value]
    return []


def _matches(address: str, roles: Mapping[str, Any]) -> tuple[dict[Role, str], dict[Role, str]]:
    """For each role, the entry that names this address, and the entry that names its domain."""
    domain = address.rpartition("@")[2]
    by_address: dict[Role, str] = {}
    by_domain: dict[Role, str] = {}
    for role in ROLES:
        for entry in _entries(roles.get(role)):
            pattern = entry.strip().lower()
            if pattern == address:
                by_address[role] = entry
            elif pattern.startswith("@") and pattern[1:] == domain:
                by_domain.setdefault(role, entry)
    return by_address, by_domain


def identity_for_email(email: str | None, roles: Mapping[str, Any] | None) -> Identity | None:
    """The identity that the `[roles]` table gives this e-mail address, or None when it gives none.

    An entry is either a whole address (`ceo@firma.de`) or a domain (`@firma.de`, matching that exact domain
    and no subdomain). An address listed by name wins over its domain; among equally specific entries the
    role with more rights wins. Case and surrounding spaces are ignored. `[roles.team]` may be a table of
    address (or domain) to department, which gives a team user their department.
    """
    address = (email or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not (local and at and domain) or not isinstance(roles, Mapping):
        return None
    by_address, by_domain = _matches(address, roles)
    matched = by_address or by_domain
    role = _highest(set(matched))
    if role is None:
        return None
    team = roles.get("team")
    department = None
    if role == "team" and isinstance(team, Mapping) and isinstance(team.get(matched[role]), str):
        department = clean_name(team[matched[role]]) or None
    return Identity(role, department, address)


def role_for_email(email: str | None, roles: Mapping[str, Any] | None) -> Role | None:
    """The role that the `[roles]` table gives this e-mail address, or None when it gives none."""
    identity = identity_for_email(email, roles)
    return identity.role if identity else None


def verified_address(user: Mapping[str, Any], trusted_claims: Mapping[str, Any] | None = None) -> str | None:
    """The address of a signed-in OIDC user that the provider vouches for, or None.

    Only `email` with `email_verified` exactly True counts, or the claim that `[trusted_email_claims]` names
    for the token's issuer (`iss`), for a single-tenant provider such as Microsoft Entra ID, which sends no
    `email_verified`. A missing claim, False or the string "false" count as unverified.
    """
    if user.get("is_logged_in", True) is not True:
        return None
    issuer = user.get("iss")
    claim = (
        trusted_claims.get(issuer)
        if isinstance(trusted_claims, Mapping) and isinstance(issuer, str)
        else None
    )
    if isinstance(claim, str) and isinstance(user.get(claim), str) and user[claim].strip():
        return str(user[claim])
    if user.get("email_verified") is True and isinstance(user.get("email"), str):
        return str(user["email"])
    return None


def identity_for_user(user: Mapping[str, Any], secrets: Mapping[str, Any]) -> Identity | None:
    """The identity of a signed-in OIDC user (`st.user`) under the secrets, or None for an unverified address."""
    address = verified_address(user, secrets.get("trusted_email_claims"))
    return identity_for_email(address, secrets.get("roles")) if address else None


def role_for_user(user: Mapping[str, Any], roles: Mapping[str, Any] | None) -> Role | None:
    """The role of a signed-in OIDC user, or None; an address the provider does not mark verified gets none."""
    identity = identity_for_user(user, {"roles": roles})
    return identity.role if identity else None


def hash_passcode(plain: str) -> str:
    """An argon2id hash of a passcode, to put in the `[passcodes]` table of the secrets file."""
    return _HASHER.hash(plain)


def scrypt_hash(plain: str, salt: bytes | None = None) -> str:
    """A salted scrypt hash from hashlib, `scrypt$n$r$p$salt$key`, accepted where argon2 is unavailable."""
    salt = salt if salt is not None else token_source.token_bytes(16)
    key = hashlib.scrypt(plain.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    encoded = [base64.b64encode(part).decode("ascii") for part in (salt, key)]
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${encoded[0]}${encoded[1]}"


def _verify_scrypt(plain: str, hashed: str) -> bool:
    try:
        _, n, r, p, salt, key = hashed.split("$")
        expected = base64.b64decode(key, validate=True)
        n_, r_, p_ = int(n), int(r), int(p)
        if not (2 <= n_ <= 2**20 and 1 <= r_ <= 32 and 1 <= p_ <= 16 and 16 <= len(expected) <= 64):
            return False
        actual = hashlib.scrypt(
            plain.encode("utf-8"),
            salt=base64.b64decode(salt, validate=True),
            n=n_,
            r=r_,
            p=p_,
            dklen=len(expected),
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def verify_passcode(plain: str, hashed: str) -> bool:
    """True when the passcode matches the stored argon2 or scrypt hash; compared in constant time."""
    if not isinstance(plain, str) or not isinstance(hashed, str) or len(plain) > MAX_PASSCODE_LENGTH:
        return False
    hashed = hashed.strip()
    if hashed.startswith("scrypt$"):
        return _verify_scrypt(plain, hashed)
    if not hashed.startswith("$argon2"):
        return False
    try:
        return _HASHER.verify(hashed, plain)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def identity_for_passcode(plain: str, passcodes: Mapping[str, Any] | None) -> Identity | None:
    """The identity whose passcode this is, or None; every configured hash is checked so timing tells nothing.

    `[passcodes.team]` may be a table of department to hash: each department's lead signs in as team of that
    department. A plain `team` hash signs in a team user without a department, who may undo nothing.
    """
    if not plain or not isinstance(passcodes, Mapping):
        return None
    matches: set[Identity] = set()
    for role in ROLES:
        stored = passcodes.get(role)
        if isinstance(stored, str) and verify_passcode(plain, stored):
            matches.add(Identity(role))
        elif role == "team" and isinstance(stored, Mapping):
            for department, hashed in stored.items():
                if isinstance(hashed, str) and verify_passcode(plain, hashed):
                    matches.add(Identity(role, clean_name(department) or None))
    if not matches:
        return None
    best = _highest({identity.role for identity in matches})
    return min((identity for identity in matches if identity.role == best), key=lambda i: i.department or "")


def role_for_passcode(plain: str, passcodes: Mapping[str, Any] | None) -> Role | None:
    """The role whose passcode this is, or None."""
    identity = identity_for_passcode(plain, passcodes)
    return identity.role if identity else None


class SecretsProblem(LocalisedError):
    """Something wrong with the sign-in part of the secrets file, for an admin to fix."""


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and value.strip().startswith(("$argon2", "scrypt$"))


def _passcode_problems(passcodes: Mapping[str, Any]) -> list[SecretsProblem]:
    problems: list[SecretsProblem] = []
    roles = ", ".join(ROLES)
    for key, hashed in passcodes.items():
        if key not in ROLES:
            problems.append(
                SecretsProblem("security.unknown_role", section="passcodes", role=repr(key), roles=roles)
            )
        elif key == "team" and isinstance(hashed, Mapping):
            problems += [
                SecretsProblem("security.team_not_a_hash", department=department)
                for department, value in hashed.items()
                if not _is_hash(value)
            ]
        elif not _is_hash(hashed):
            problems.append(SecretsProblem("auth.not_a_hash", role=key))
    return problems


def secrets_problems(secrets: Mapping[str, Any]) -> list[SecretsProblem]:
    """What is wrong inside the sign-in tables of a secrets file, one sentence each (`lock_problems` names what
    locks the app)."""
    problems: list[SecretsProblem] = []
    mode = sign_in_mode(secrets)
    roles_list = ", ".join(ROLES)
    roles = secrets.get("roles")
    if mode == "oidc":
        if not isinstance(roles, Mapping) or not any(role in roles for role in ROLES):
            problems.append(SecretsProblem("auth.roles_name_no_one"))
        else:
            problems += [
                SecretsProblem("security.unknown_role", section="roles", role=repr(key), roles=roles_list)
                for key in roles
                if key not in ROLES
            ]
    passcodes = secrets.get("passcodes")
    if isinstance(passcodes, Mapping):
        if mode == "passcode" and not any(role in passcodes for role in ROLES):
            problems.append(SecretsProblem("security.no_passcode_role", roles=roles_list))
        problems += _passcode_problems(passcodes)
    return problems


def _folded(key: str) -> str:
    return "".join(character for character in key.casefold() if character.isalpha())


def lookalike(key: str) -> str | None:
    """The sign-in table that a top-level key of the secrets file resembles without being it, or None."""
    if key in SECTIONS:
        return None
    folded = _folded(key)
    for section in SECTIONS:
        target = _folded(section)
        if len(folded) >= _SHORTEST_LOOKALIKE and (target in folded or folded in target):
            return section
        if difflib.SequenceMatcher(None, folded, target).ratio() >= _LOOKALIKE_RATIO:
            return section
    return None


def lock_problems(secrets: Mapping[str, Any]) -> list[SecretsProblem]:
    """The problems that lock the app for everyone: a key that resembles a sign-in table without being it,
    a sign-in table of the wrong type, or a secrets file that sets up no sign-in at all."""
    problems = [
        SecretsProblem("security.lookalike_key", name=repr(key), section=section)
        for key in secrets
        if (section := lookalike(str(key))) is not None
    ]
    problems += [
        SecretsProblem("security.not_a_table", section=section)
        for section in SECTIONS
        if section in secrets and not isinstance(secrets[section], Mapping)
    ]
    if not problems and sign_in_mode(secrets) == "local":
        problems.append(SecretsProblem("security.no_sign_in"))
    return problems


def unreadable_secrets(paths: Iterable[str | Path]) -> SecretsProblem | None:
    """The problem of the first secrets file among `paths` that exists but is not valid TOML, or None."""
    for path in map(Path, paths):
        if path.is_dir() or not path.exists():
            continue
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            return SecretsProblem("security.unreadable", path=str(path), reason=str(error))
    return None


def is_loopback(address: str | None) -> bool:
    """True for an address that only this computer can reach (127.0.0.1, ::1, localhost)."""
    text = (address or "").strip().strip("[]").lower()
    if text == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def any_secrets_file(paths: Iterable[str | Path]) -> bool:
    """True when any of the secrets paths exists: then there is no local mode, whatever the file holds."""
    return any(Path(path).exists() for path in paths)


class SignInThrottle:
    """Slows down guessing: after `limit` failed sign-ins within `window` seconds, further tries wait."""

    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        recent = [moment for moment in self._failures.get(key, []) if now - moment < self.window]
        self._failures[key] = recent
        return recent

    def retry_after(self, key: str = "", now: float | None = None) -> float:
        """Seconds until the next try is allowed; 0 when it is allowed now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = self._recent(key, now)
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[-self.limit] + self.window - now)

    def record_failure(self, key: str = "", now: float | None = None) -> None:
        """Count one failed sign-in."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._recent(key, now).append(now)

    def reset(self, key: str = "") -> None:
        """Forget the failures after a successful sign-in."""
        with self._lock:
            self._failures.pop(key, None)
