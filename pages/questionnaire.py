"""The online questionnaire: a respondent answers the whole instrument for their department, without a name."""

from __future__ import annotations

import streamlit as st

import ui
from smm_maturity import i18n
from smm_maturity import upload_flow as flow
from smm_maturity.i18n import LocalisedError, escape_markdown, t
from smm_maturity.instrument import Instrument

SUBMITTED = "questionnaire.submitted"
LANGUAGE = "questionnaire.language"
ANSWER_PREFIX = "q."
RATING_PREFIX = "collab."
COMMENT = "q.comment"


def switch_language() -> None:
    """Take over the language picked at the top of the questionnaire, and keep it in the URL."""
    chosen = st.session_state.get(LANGUAGE)
    if chosen in i18n.LANGUAGES:
        st.session_state[ui.LANGUAGE_KEY] = chosen
        st.query_params["lang"] = chosen


def language_picker(lang: str) -> None:
    """The language choice at the top, for respondents who never open the sidebar."""
    if st.session_state.get(LANGUAGE) not in (None, lang):
        del st.session_state[LANGUAGE]
    st.segmented_control(
        t("questionnaire.language", lang),
        options=list(i18n.LANGUAGES),
        format_func=lambda code: {"de": "Deutsch", "en": "English"}[code],
        default=lang,
        required=True,
        key=LANGUAGE,
        on_change=switch_language,
        label_visibility="collapsed",
        width="content",
    )


def choose(label: str, names: list[str], fixed: str | None, key: str, placeholder: str | None) -> str | None:
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


def clear_answers() -> None:
    """Remove every answer of this session, so nothing of one respondent is shown to the next."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith((ANSWER_PREFIX, RATING_PREFIX)):
            del st.session_state[key]


def likert_items(instrument: Instrument, lang: str) -> None:
    """One block per dimension, one radio row per statement, "don't know" included."""
    total = len(instrument.dimensions)
    for number, dimension in enumerate(instrument.dimensions, 1):
        st.subheader(dimension.name(lang), divider="gray")
        st.caption(
            f"{t('questionnaire.dimension_count', lang, n=number, total=total)} · {dimension.description(lang)}"
        )
        for item in dimension.items:
            st.radio(
                f"**{escape_markdown(item.text(lang))}**",
                flow.ANSWER_OPTIONS,
                index=None,
                format_func=lambda value: flow.answer_label(value, instrument, lang),
                horizontal=True,
                key=f"{ANSWER_PREFIX}{item.code}",
            )


def collaboration_block(instrument: Instrument, targets: list[str], lang: str) -> None:
    """A rating from 1 to 5, or "can't judge", for every other department."""
    st.subheader(t("questionnaire.collab", lang), divider="gray")
    if not targets:
        st.caption(t("questionnaire.collab_none", lang))
        return
    st.caption(instrument.collaboration_prompt(lang))
    for target in targets:
        st.radio(
            f"**{escape_markdown(target)}**",
            flow.ANSWER_OPTIONS,
            index=None,
            format_func=lambda value: flow.rating_label(value, instrument, lang),
            horizontal=True,
            key=f"{RATING_PREFIX}{target}",
        )


def submit(
    instrument: Instrument, wave: str | None, department: str | None, targets: list[str], lang: str
) -> None:
    """Check the answers and store them as one response without a name, or say what is missing."""
    submission = flow.check_submission(
        instrument,
        wave,
        department,
        {code: st.session_state.get(f"{ANSWER_PREFIX}{code}") for code in instrument.item_codes},
        {target: st.session_state.get(f"{RATING_PREFIX}{target}") for target in targets},
        st.session_state.get(COMMENT),
        lang,
    )
    if submission.errors:
        for error in submission.errors:
            st.error(error, icon=":material/error:")
        return
    try:
        ui.store_online_response(
            wave,
            department,
            submission.answers,
            submission.collaboration,
            submission.comment,
            instrument,
        )
    except LocalisedError as error:
        st.error(
            t("questionnaire.failed", lang, message=escape_markdown(error.message(lang))),
            icon=":material/error:",
        )
        return
    st.session_state[SUBMITTED] = True
    clear_answers()
    st.rerun()


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    instrument = ui.instrument()
    title_column, language_column = st.columns([3, 1], vertical_alignment="center")
    title_column.title(instrument.title(lang))
    with language_column:
        language_picker(lang)

    if st.session_state.get(SUBMITTED):
        st.success(
            f"**{t('questionnaire.thanks.title', lang)}** {t('questionnaire.thanks.text', lang, k=ui.min_size())}"
        )
        st.button(t("questionnaire.again", lang), key="questionnaire.again", on_click=start_again)
        st.stop()

    st.markdown(instrument.intro(lang))
    st.caption(t("questionnaire.anonymity", lang, k=ui.min_size()))

    fixed_wave = (st.query_params.get("wave") or "").strip() or None
    fixed_department = (st.query_params.get("department") or "").strip() or None
    wave_column, department_column = st.columns(2)
    with wave_column:
        wave = choose(
            t("questionnaire.wave", lang),
            list(reversed(ui.all_wave_names())),
            fixed_wave,
            "questionnaire.wave",
            None,
        )
    with department_column:
        department = choose(
            t("questionnaire.department", lang),
            ui.department_names(),
            fixed_department,
            "questionnaire.department",
            t("questionnaire.department_placeholder", lang),
        )
    if wave is None:
        st.info(t("questionnaire.no_wave", lang), icon=":material/info:")
        st.stop()
    if not fixed_department and not ui.department_names():
        st.info(t("questionnaire.no_department", lang), icon=":material/info:")
        st.stop()

    targets = flow.collaboration_targets(ui.department_names(), department)
    with st.form("questionnaire", border=False, enter_to_submit=False):
        likert_items(instrument, lang)
        collaboration_block(instrument, targets, lang)
        st.subheader(t("questionnaire.comment", lang), divider="gray")
        st.text_area(
            instrument.comment_prompt(lang),
            key=COMMENT,
            max_chars=2000,
            help=t("questionnaire.comment_help", lang, k=ui.min_size()),
        )
        sent = st.form_submit_button(
            t("questionnaire.submit", lang),
            type="primary",
            icon=":material/send:",
            key="questionnaire.submit",
        )
    if sent:
        submit(instrument, wave, department, targets, lang)
