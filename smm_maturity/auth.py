"""Roles, the sign-in mode, role lookup, passcode hashing and the check of the secrets; pure, without any UI.

Which role may open which page is part of the page registry, `smm_maturity.navigation`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets as token_source
import threading
import time
from collections.abc import Mapping
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from smm_maturity.i18n import LocalisedError

Role = Literal["viewer", "team", "admin"]
Mode = Literal["oidc", "passcode", "local"]

ROLES: tuple[Role, ...] = ("viewer", "team", "admin")
"""The roles, from the fewest rights to the most."""

LOCAL_ROLE: Role = "admin"
"""Local mode has nothing configured: the one person at the laptop sees everything."""

MIN_PASSCODE_LENGTH = 8
MAX_PASSCODE_LENGTH = 1024
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_HASHER = PasswordHasher()


def sign_in_mode(secrets: Mapping[str, Any]) -> Mode:
    """`oidc` when the secrets have an `[auth]` section, `passcode` when they have `[passcodes]`, else `local`.

    A section that is present but broken still selects its mode, so a typo locks the app rather than opening it.
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


def role_for_email(email: str | None, roles: Mapping[str, Any] | None) -> Role | None:
    """The role that the `[roles]` table gives this e-mail address, or None when it gives none.

    An entry is either a whole address (`ceo@firma.de`) or a domain (`@firma.de`, matching that exact domain
    and no subdomain). An address listed by name wins over its domain; among equally specific entries the
    role with more rights wins. Case and surrounding spaces are ignored.
    """
    address = (email or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not (local and at and domain) or not isinstance(roles, Mapping):
        return None
    by_address: set[Role] = set()
    by_domain: set[Role] = set()
    for role in ROLES:
        entries = roles.get(role)
        for entry in [entries] if isinstance(entries, str) else entries or []:
            pattern = str(entry).strip().lower()
            if pattern == address:
                by_address.add(role)
            elif pattern.startswith("@") and pattern[1:] == domain:
                by_domain.add(role)
    return _highest(by_address) or _highest(by_domain)


def role_for_user(user: Mapping[str, Any], roles: Mapping[str, Any] | None) -> Role | None:
    """The role of a signed-in OIDC user (`st.user`), or None; an e-mail the provider marks unverified gets none."""
    if not user.get("is_logged_in", True) or user.get("email_verified") is False:
        return None
    return role_for_email(user.get("email"), roles)


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


def role_for_passcode(plain: str, passcodes: Mapping[str, Any] | None) -> Role | None:
    """The role whose passcode this is, or None; every configured hash is checked so timing tells nothing."""
    if not plain or not isinstance(passcodes, Mapping):
        return None
    matches = {
        role
        for role in ROLES
        if isinstance(passcodes.get(role), str) and verify_passcode(plain, passcodes[role])
    }
    return _highest(matches)


class SecretsProblem(LocalisedError):
    """Something wrong with the sign-in part of the secrets file, for an admin to fix."""


def secrets_problems(secrets: Mapping[str, Any]) -> list[SecretsProblem]:
    """What is wrong with the sign-in part of a secrets file, one sentence each."""
    problems: list[SecretsProblem] = []
    mode = sign_in_mode(secrets)
    if mode == "oidc":
        roles = secrets.get("roles")
        if not isinstance(roles, Mapping) or not any(role in roles for role in ROLES):
            problems.append(SecretsProblem("auth.roles_name_no_one"))
        elif isinstance(roles, Mapping):
            for key in roles:
                if key not in ROLES:
                    problems.append(SecretsProblem("auth.unknown_role", section="roles", role=repr(key)))
    passcodes = secrets.get("passcodes")
    if mode == "passcode" and isinstance(passcodes, Mapping) and not any(role in passcodes for role in ROLES):
        problems.append(SecretsProblem("auth.no_passcode_role"))
    if isinstance(passcodes, Mapping):
        for key, hashed in passcodes.items():
            if key not in ROLES:
                problems.append(SecretsProblem("auth.unknown_role", section="passcodes", role=repr(key)))
            elif not isinstance(hashed, str) or not hashed.strip().startswith(("$argon2", "scrypt$")):
                problems.append(SecretsProblem("auth.not_a_hash", role=key))
    return problems


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
