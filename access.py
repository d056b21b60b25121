"""Sign-in on the Streamlit side: the mode from the secrets, the signed-in role, and the sign-in screen."""

from __future__ import annotations

from typing import Any

import streamlit as st

import ui
from smm_maturity import auth
from smm_maturity.i18n import t

ROLE_KEY = "signed_in_role"


def secrets() -> dict[str, Any]:
    """The app's secrets as a plain mapping; empty when there is no secrets file."""
    try:
        return st.secrets.to_dict() if st.secrets.load_if_toml_exists() else {}
    except Exception:
        return {}


@st.cache_resource
def throttle() -> auth.SignInThrottle:
    """One guessing throttle per process, shared by every session."""
    return auth.SignInThrottle()


def current_role() -> auth.Role | None:
    """The role of whoever uses this session, or None while nobody is signed in."""
    configured = secrets()
    mode = auth.sign_in_mode(configured)
    if mode == "local":
        return auth.LOCAL_ROLE
    if mode == "oidc":
        if not st.user.is_logged_in:
            return None
        return auth.role_for_user(st.user.to_dict(), configured.get("roles"))
    return st.session_state.get(ROLE_KEY)


def _check_passcode(lang: str) -> None:
    guard = throttle()
    wait = guard.retry_after()
    if wait > 0:
        st.session_state["sign_in_error"] = t("signin.wait", lang, seconds=int(wait) + 1)
        return
    role = auth.role_for_passcode(st.session_state.get("sign_in_passcode", ""), secrets().get("passcodes"))
    if role is None:
        guard.record_failure()
        st.session_state["sign_in_error"] = t("signin.wrong", lang)
        return
    guard.reset()
    st.session_state[ROLE_KEY] = role
    st.session_state.pop("sign_in_error", None)


def sign_in_screen(lang: str) -> None:
    """The only screen shown before sign-in: a company login (OIDC) or a passcode form."""
    configured = secrets()
    st.title(t("signin.title", lang))
    if auth.sign_in_mode(configured) == "oidc":
        if st.user.is_logged_in:
            st.error(t("signin.no_role", lang, email=str(st.user.get("email", ""))))
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


def sidebar_status(role: auth.Role, lang: str) -> None:
    """The sidebar's note on who is signed in, or the banner that local mode is open to everyone."""
    mode = auth.sign_in_mode(secrets())
    if mode == "local":
        st.sidebar.warning(t("signin.local_banner", lang), icon=":material/lock_open:")
        return
    st.sidebar.caption(t("signin.signed_in_as", lang, role=t(f"role.{role}", lang)))
    if mode == "oidc":
        st.sidebar.button(t("signin.logout", lang), on_click=st.logout, key="sign_out_sidebar")
    elif st.sidebar.button(t("signin.logout", lang), key="sign_out_sidebar"):
        st.session_state.pop(ROLE_KEY, None)
        st.rerun()
