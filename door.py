"""The respondents' door: an access code or workshop link opens the questionnaire, and nothing else, without any
dashboard account; and the respondent's session, which holds the answers until they are sent.

The code or link stays in the URL, so a reload opens the questionnaire again. Nothing of a respondent reaches
the database before they send their answers, and a session sends once.
"""

from __future__ import annotations

import importlib

import streamlit as st

import ui
from smm_maturity import invites, navigation
from smm_maturity import questionnaire as form
from smm_maturity.i18n import LocalisedError, t
from smm_maturity.instrument import Instrument

START_PATH = "respond"
RESPONDENT_KEY = "door.respondent"
"""Set once a session has come in through the questionnaire's address: it then sees nothing else."""
SENT_KEY = "door.sent"
"""The invitation (as its URL parameter) whose answers this session has sent."""
DRAFT_KEY = "door.draft"
STEP_KEY = "door.step"
OPEN_KEY = "door.open"
PROBLEM_KEY = "door.problem"
SCROLL_KEY = "door.scroll"
CODE_KEY = "door.code"
CODE_ERROR_KEY = "door.code_error"
PARAMETERS = (invites.CODE_PARAMETER, invites.LINK_PARAMETER)


def invitation_query() -> dict[str, str]:
    """The access code or workshop link in the URL, as its parameter; empty when there is none."""
    for name in PARAMETERS:
        value = st.query_params.get(name)
        if value:
            return {name: value}
    return {}


def requested() -> bool:
    """True for a respondent's session: a code or link in the URL, or a session that came in at the door."""
    return bool(invitation_query()) or any(key in st.session_state for key in (RESPONDENT_KEY, SENT_KEY))


def questionnaire_pages(lang: str) -> list[st.Page]:
    """The questionnaire at the app's root and at its own address, as the only pages of a respondent's session."""
    screen = navigation.QUESTIONNAIRE
    render = getattr(importlib.import_module(screen.module), screen.function)
    title = t(screen.title, lang)
    return [
        st.Page(render, title=title, url_path=START_PATH, default=True),
        st.Page(render, title=title, url_path=screen.url_path, visibility="hidden"),
    ]


def open_door(lang: str) -> None:
    """Serve a respondent: the questionnaire alone, without menu or sidebar, whatever the sign-in mode."""
    st.set_page_config(layout="centered", page_title=t(navigation.QUESTIONNAIRE.title, lang))
    ui.remember_pages({})
    if ui.settings_refused(lang):
        st.navigation(
            [st.Page(_refused, title=t(navigation.QUESTIONNAIRE.title, lang))], position="hidden"
        ).run()
        return
    st.navigation(questionnaire_pages(lang), position="hidden").run()


def _refused() -> None:
    """The one page while the settings are refused: the refusal above it is all there is."""


def _enter() -> None:
    st.session_state[RESPONDENT_KEY] = True
    st.rerun()


def address_page(lang: str) -> st.Page:
    """The questionnaire's address in the dashboard's navigation, hidden: it turns the session into a respondent's."""
    screen = navigation.QUESTIONNAIRE
    return st.Page(_enter, title=t(screen.title, lang), url_path=screen.url_path, visibility="hidden")


# ---------------------------------------------------------------------------------------------- the invitation


def _try_code(lang: str) -> None:
    try:
        found = invites.check(ui.connection(), code=st.session_state.get(CODE_KEY) or "")
    except invites.InvitationRefused as refusal:
        st.session_state[CODE_ERROR_KEY] = refusal.message(lang)
        for name in PARAMETERS:
            st.query_params.pop(name, None)
        return
    st.session_state.pop(CODE_ERROR_KEY, None)
    for name in PARAMETERS:
        st.query_params.pop(name, None)
    st.query_params.update(found.query)


def code_field(lang: str) -> None:
    """The field for the access code printed on an invitation slip; a valid code goes into the URL."""
    st.title(t("door.code_title", lang))
    st.markdown(t("door.code_text", lang))
    with st.form("door.code_form", border=False, enter_to_submit=True):
        st.text_input(
            t("door.code_label", lang),
            key=CODE_KEY,
            placeholder="ABCD-EFGH",
            max_chars=20,
            autocomplete="off",
        )
        st.form_submit_button(
            t("door.code_button", lang),
            type="primary",
            on_click=_try_code,
            args=(lang,),
            key="door.code_submit",
            width="stretch",
        )
    if st.session_state.get(CODE_ERROR_KEY):
        st.error(st.session_state[CODE_ERROR_KEY], icon=":material/block:")


def invitation(lang: str) -> invites.Invitation | None:
    """The URL's invitation, checked; otherwise why it does not open the questionnaire, and the code field."""
    query = invitation_query()
    if query:
        try:
            return invites.check(
                ui.connection(),
                code=query.get(invites.CODE_PARAMETER),
                link=query.get(invites.LINK_PARAMETER),
            )
        except invites.InvitationRefused as refusal:
            st.error(refusal.message(lang), icon=":material/block:")
    code_field(lang)
    return None


# ---------------------------------------------------------------------------------------------- the session


def sent() -> bool:
    """True once this session has sent its answers."""
    return SENT_KEY in st.session_state


def second_attempt() -> bool:
    """True when a session that has sent its answers is asked to answer again, with another code or link."""
    query = invitation_query()
    return bool(query) and st.session_state.get(SENT_KEY) != query


def draft() -> form.Draft:
    """The answers so far, kept in this session: the stored draft, updated with the widgets of the last run."""
    kept: form.Draft = st.session_state.setdefault(DRAFT_KEY, {})
    kept.update(form.draft_values(st.session_state.to_dict()))
    return kept


def step(total: int) -> int:
    """The step shown, from 0."""
    return min(max(int(st.session_state.get(STEP_KEY, 0)), 0), total - 1)


def _show(number: int, open_key: str | None = None) -> None:
    st.session_state[STEP_KEY] = number
    st.session_state[OPEN_KEY] = open_key
    st.session_state[SCROLL_KEY] = open_key or "top"
    st.session_state.pop(PROBLEM_KEY, None)


def go_on(chosen: list[form.Step]) -> None:
    """The next step, once every statement of this one has an answer; else back to the first open one."""
    number = step(len(chosen))
    missing = form.first_open(chosen, draft(), number)
    _show(*missing) if missing else _show(number + 1)


def go_back(chosen: list[form.Step]) -> None:
    """The step before this one."""
    draft()
    _show(max(step(len(chosen)) - 1, 0))


def send(
    chosen: list[form.Step], found: invites.Invitation, instrument: Instrument, targets: list[str], lang: str
) -> None:
    """Store the answers as one response and use the invitation up; refused when a statement is open, or once
    this session has sent."""
    if sent():
        st.session_state[PROBLEM_KEY] = t("door.already_sent", lang)
        return
    kept = draft()
    missing = form.first_open(chosen, kept, len(chosen) - 1)
    if missing:
        _show(*missing)
        return
    response = form.submission(instrument, kept, targets, lang)
    if response.error:
        st.session_state[PROBLEM_KEY] = response.error
        return
    try:
        invites.submit(
            ui.connection(), found, response.answers, response.collaboration, response.comment, instrument
        )
    except LocalisedError as error:
        st.session_state[PROBLEM_KEY] = form.store_failed(error, lang)
        return
    for key in (DRAFT_KEY, STEP_KEY, OPEN_KEY, PROBLEM_KEY, *form.draft_values(st.session_state.to_dict())):
        st.session_state.pop(key, None)
    st.session_state[SENT_KEY] = found.query
    st.session_state[SCROLL_KEY] = "top"


SCROLL_SCRIPT = """<script>(() => {
  let tries = 0;
  const go = () => {
    const target = document.querySelector("%s");
    if (!target) { if (++tries < 120) requestAnimationFrame(go); return; }
    target.scrollIntoView({block: "start"});
    const input = target.querySelector("input");
    if (input) input.focus({preventScroll: true});
  };
  go();
})();</script>"""
"""Scrolls to an element once it is on the page, and puts the keyboard on its first field."""


def scroll(top_class: str, open_class: str) -> None:
    """Once after the step changes: scroll to the top, or to the open statement and put the keyboard there."""
    target = st.session_state.pop(SCROLL_KEY, None)
    if target is not None:
        selector = top_class if target == "top" else open_class
        st.html(SCROLL_SCRIPT % f".{selector}", unsafe_allow_javascript=True)
