"""The online questionnaire: a respondent answers the whole instrument for their department, without a name."""

from __future__ import annotations

import streamlit as st

import ui
from smm_maturity import questionnaire as form
from smm_maturity.i18n import LocalisedError, t
from smm_maturity.instrument import Instrument

SUBMITTED = "questionnaire.submitted"


def choose(
    label: str, names: list[str], fixed: str | None, key: str, placeholder: str | None = None
) -> str | None:
    """A wave or department: fixed by the link when given there, else picked from the known ones."""
    if fixed:
        st.text_input(label, value=fixed, disabled=True, key=f"{key}.fixed")
        return fixed
    if not names:
        return None
    return st.selectbox(
        label, names, index=None if placeholder else 0, placeholder=placeholder or "", key=key
    )


def start_again() -> None:
    """Forget the last submission so that the next person gets an empty questionnaire."""
    st.session_state.pop(SUBMITTED, None)


def submit(
    instrument: Instrument, wave: str | None, department: str | None, targets: list[str], lang: str
) -> None:
    """Check the answers and store them as one response without a name, or say what is missing."""
    submission = form.submission_from(st.session_state, instrument, wave, department, targets, lang)
    for error in submission.errors:
        st.error(error, icon=":material/error:")
    if submission.errors:
        return
    try:
        ui.store_submission(submission, instrument)
    except LocalisedError as error:
        st.error(form.store_failed(error, lang), icon=":material/error:")
        return
    st.session_state[SUBMITTED] = True
    for key in form.answer_keys(st.session_state):
        del st.session_state[key]
    st.rerun()


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    instrument = ui.instrument()
    title_column, language_column = st.columns([3, 1], vertical_alignment="center")
    title_column.title(instrument.title(lang))
    ui.language_switch(
        lang, language_column, key="questionnaire.language", label_key="questionnaire.language"
    )

    if st.session_state.get(SUBMITTED):
        st.success(form.thanks(lang, ui.min_size()))
        st.button(t("questionnaire.again", lang), key="questionnaire.again", on_click=start_again)
        st.stop()

    st.markdown(instrument.intro(lang))
    st.caption(t("questionnaire.anonymity", lang, k=ui.min_size()))

    linked_wave = form.from_link(st.query_params.get("wave"))
    linked_department = form.from_link(st.query_params.get("department"))
    wave_column, department_column = st.columns(2)
    with wave_column:
        waves = list(reversed(ui.all_wave_names()))
        wave = choose(t("questionnaire.wave", lang), waves, linked_wave, "questionnaire.wave")
    with department_column:
        department = choose(
            t("questionnaire.department", lang),
            ui.department_names(),
            linked_department,
            "questionnaire.department",
            t("questionnaire.department_placeholder", lang),
        )
    missing = form.setup_missing(wave, linked_department, ui.department_names(), lang)
    if missing is not None:
        st.info(missing, icon=":material/info:")
        st.stop()

    targets = form.collaboration_targets(ui.department_names(), department)
    with st.form("questionnaire", border=False, enter_to_submit=False):
        for section in form.sections(instrument, targets, lang):
            st.subheader(section.title, divider="gray")
            st.caption(section.caption)
            labels = section.labels.get
            for question in section.questions:
                st.radio(question.label, form.ANSWER_OPTIONS, None, labels, question.key, horizontal=True)
        st.subheader(t("questionnaire.comment", lang), divider="gray")
        comment_help = t("questionnaire.comment_help", lang, k=ui.min_size())
        st.text_area(
            instrument.comment_prompt(lang),
            key=form.COMMENT_KEY,
            max_chars=form.COMMENT_MAX_CHARS,
            help=comment_help,
        )
        sent = st.form_submit_button(
            t("questionnaire.submit", lang),
            type="primary",
            icon=":material/send:",
            key="questionnaire.submit",
        )
    if sent:
        submit(instrument, wave, department, targets, lang)
