"""Sign-in on the Streamlit side: the secrets and what locks them, the signed-in identity, and the sign-in screen.

Local mode (everything open, for the one person at the laptop) holds only while no secrets file exists. A secrets
file that cannot be read, or whose sign-in tables are misspelt or of the wrong type, locks every screen.
"""

from __future__ import annotations

import logging
import secrets as token_source
from functools import partial
from typing import Any

import streamlit as st

import ui
from smm_maturity import audit, auth, store
from smm_maturity import upload_history as history
from smm_maturity import upload_scope as scope
from smm_maturity.i18n import ERROR_LANGUAGE, t
from smm_maturity.ingest import ImportBatch

ROLE_KEY = "signed_in_role"
DEPARTMENT_KEY = "signed_in_department"
CLIENT_KEY = "sign_in_client"
ADDRESS_LIMIT = 100
"""Failed sign-ins from one network address within the throttle's window before that address waits too."""

LOCAL_ACTOR = "local mode"
"""The name the audit trail gives whoever uses local mode, where nobody signs in."""

LOG = logging.getLogger("augenhoehe.access")
_logged: set[str] = set()


def _secrets_paths() -> list[str]:
    return [str(path) for path in st.get_option("secrets.files")]


def _load() -> tuple[dict[str, Any], bool, auth.SecretsProblem | None]:
    """The secrets, whether a secrets file exists, and why it cannot be read when it cannot."""
    try:
        if st.secrets.load_if_toml_exists():
            return st.secrets.to_dict(), True, None
    except Exception as error:  # Streamlit refuses a secrets value of a type it does not know
        return {}, True, auth.SecretsProblem("security.unreadable", path="secrets", reason=str(error))
    paths = _secrets_paths()
    if not auth.any_secrets_file(paths):
        return {}, False, None
    unreadable = auth.unreadable_secrets(paths) or auth.SecretsProblem(
        "security.unreadable", path=", ".join(paths), reason="Streamlit could not load it"
    )
    return {}, True, unreadable


def secrets() -> dict[str, Any]:
    """The app's secrets as a plain mapping; empty when there is no secrets file or it cannot be read."""
    return _load()[0]


def lock_problems() -> list[auth.SecretsProblem]:
    """Why sign-in is locked for everyone; empty in local mode and when sign-in is set up."""
    configured, found, unreadable = _load()
    if unreadable is not None:
        return [unreadable]
    return auth.lock_problems(configured) if found else []


def mode() -> auth.Mode:
    """The sign-in mode: local only while no secrets file exists."""
    configured, found, _ = _load()
    return auth.sign_in_mode(configured) if found else "local"


def sign_in_refused(lang: str) -> bool:
    """Show the locked page when sign-in is broken, and log each reason once; True when it was shown."""
    problems = lock_problems()
    for problem in problems:
        line = problem.message(ERROR_LANGUAGE)
        if line not in _logged:
            _logged.add(line)
            LOG.error("Sign-in is locked for everyone: %s", line)
    if problems:
        st.title(t("security.locked_title", lang))
        st.error(t("security.locked_text", lang), icon=":material/lock:")
    return bool(problems)


def current_identity() -> auth.Identity | None:
    """Who uses this session, or None while nobody is signed in or sign-in is locked."""
    if lock_problems():
        return None
    configured = secrets()
    signed_in_mode = mode()
    if signed_in_mode == "local":
        return auth.Identity(auth.LOCAL_ROLE)
    if signed_in_mode == "oidc":
        if not st.user.is_logged_in:
            return None
        return auth.identity_for_user(st.user.to_dict(), configured)
    role = st.session_state.get(ROLE_KEY)
    if role not in auth.ROLES:
        return None
    return auth.Identity(role, st.session_state.get(DEPARTMENT_KEY))


def current_role() -> auth.Role | None:
    """The role of whoever uses this session, or None while nobody is signed in."""
    identity = current_identity()
    return identity.role if identity else None


SESSION_THROTTLE = auth.SignInThrottle()
"""The guessing throttle of each browser session on its network address, for the whole process."""
ADDRESS_THROTTLE = auth.SignInThrottle(limit=ADDRESS_LIMIT)
"""The guessing throttle of each network address, far looser, against a script that opens new sessions."""


def client_keys() -> tuple[str, str]:
    """This session's throttle key (its network address and a token of its own) and its address's key."""
    known = st.context.ip_address
    address = known if isinstance(known, str) and known else "local"
    token = st.session_state.setdefault(CLIENT_KEY, token_source.token_hex(8))
    return f"{address} {token}", address


def _check_passcode(lang: str) -> None:
    session_key, address_key = client_keys()
    wait = max(SESSION_THROTTLE.retry_after(session_key), ADDRESS_THROTTLE.retry_after(address_key))
    if wait > 0:
        st.session_state["sign_in_error"] = t("signin.wait", lang, seconds=int(wait) + 1)
        return
    identity = auth.identity_for_passcode(
        st.session_state.get("sign_in_passcode", ""), secrets().get("passcodes")
    )
    if identity is None:
        SESSION_THROTTLE.record_failure(session_key)
        ADDRESS_THROTTLE.record_failure(address_key)
        st.session_state["sign_in_error"] = t("signin.wrong", lang)
        return
    SESSION_THROTTLE.reset(session_key)
    st.session_state[ROLE_KEY] = identity.role
    st.session_state[DEPARTMENT_KEY] = identity.department
    st.session_state.pop("sign_in_error", None)


def sign_in_screen(lang: str) -> None:
    """The only screen shown before sign-in: a company login (OIDC) or a passcode form."""
    st.title(t("signin.title", lang))
    if mode() == "oidc":
        if st.user.is_logged_in:
            st.error(t("security.no_role", lang, email=str(st.user.get("email", ""))))
            st.button(t("signin.logout", lang), on_click=st.logout, key="sign_out")
            return
        st.write(t("signin.oidc_text", lang))
        st.button(t("signin.oidc_button", lang), on_click=st.login, key="sign_in_oidc", type="primary")
        return
    st.write(t("signin.passcode_text", lang))
    with st.form("sign_in_form"):
        st.text_input(t("signin.passcode", lang), type="password", key="sign_in_passcode")
        st.form_submit_button(
            t("signin.submit", lang), on_click=_check_passcode, args=(lang,), type="primary"
        )
    if st.session_state.get("sign_in_error"):
        st.error(st.session_state["sign_in_error"])


def sign_in_page() -> None:
    """The sign-in screen as a navigation page, in the session's language."""
    sign_in_screen(ui.language())


def loopback_only() -> bool:
    """True when the server listens on the loopback address only, so nobody else can reach it."""
    return auth.is_loopback(st.get_option("server.address"))


def sidebar_status(identity: auth.Identity, lang: str) -> None:
    """The sidebar's note on who is signed in, or the banner that local mode is open on this computer only."""
    signed_in_mode = mode()
    if signed_in_mode == "local":
        banner = "security.local_banner" if loopback_only() else "security.local_banner_network"
        st.sidebar.warning(t(banner, lang), icon=":material/lock_open:")
        return
    role = t(f"role.{identity.role}", lang)
    if identity.department:
        role = t("security.role_of_department", lang, role=role, department=identity.department)
    st.sidebar.caption(t("signin.signed_in_as", lang, role=role))
    if signed_in_mode == "oidc":
        st.sidebar.button(t("signin.logout", lang), on_click=st.logout, key="sign_out_sidebar")
    elif st.sidebar.button(t("signin.logout", lang), key="sign_out_sidebar"):
        st.session_state.pop(ROLE_KEY, None)
        st.session_state.pop(DEPARTMENT_KEY, None)
        st.rerun()


def actor() -> audit.Actor:
    """Who acts in this session, as the audit trail names them: the role, and the address or department."""
    identity = current_identity()
    if identity is None:
        return audit.Actor("")
    if mode() == "local":
        return audit.Actor(identity.role, LOCAL_ACTOR)
    return audit.Actor(identity.role, identity.address or identity.department or "")


def record(action: str, detail: str) -> None:
    """Add an entry to the audit trail for this session's actor, in a transaction of its own."""
    with store.transaction(ui.connection()) as cur:
        audit.record(cur, actor(), action, detail)


def audit_entries() -> list[audit.Entry]:
    """The audit trail, newest first."""
    return audit.entries(ui.connection())


def store_batch(batch: ImportBatch, wave: str, department: str | None) -> store.Upload:
    """Store a validated upload as one transaction with its audit entry, if this session's user may upload it
    (a team user their own department's answers only); `store.ImportRejected` or `UploadRefused` when refused."""
    identity = current_identity()
    scope.check_upload(batch, identity)
    department = scope.upload_department(identity, department)
    return store.store_batch(ui.connection(), batch, wave, department, actor=actor())


def visible_uploads() -> list[store.Upload]:
    """The uploads this session's role may see: every one for an admin, a team's own department's for a team."""
    return history.visible_uploads(ui.uploads(), current_identity())


def checked_undo(upload_id: int) -> store.Upload:
    """Undo an upload if this session's role may; `history.UndoRefused` when it may not."""
    undo = partial(store.undo_upload, ui.connection(), actor=actor())
    return history.checked_undo(undo, current_identity(), ui.uploads(), upload_id)
