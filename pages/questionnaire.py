"""The questionnaire, phone first: one dimension per step, for the wave and department of a code or link."""

from __future__ import annotations

import streamlit as st

import door
import ui
from smm_maturity import questionnaire as form
from smm_maturity.i18n import t

TOP_ANCHOR = "st-key-door_header"
OPEN_ANCHOR = "st-key-door_open"


def question(item: form.Question, labels: dict[int, str], kept: form.Draft, lang: str) -> None:
    """One statement or department with its answers as large tap targets; the open one marked."""
    is_open = item.key == st.session_state.get(door.OPEN_KEY)
    with st.container(key="door_open" if is_open else f"door_item_{item.key.replace('.', '_')}"):
        if is_open:
            st.error(t("door.answer_here", lang), icon=":material/arrow_downward:")
        value = kept.get(item.key)
        index = form.ANSWER_OPTIONS.index(value) if isinstance(value, int) else None
        st.radio(item.label, form.ANSWER_OPTIONS, index, labels.get, item.key, width="stretch")


def comment(step: form.Step, kept: form.Draft, lang: str) -> None:
    """The last step's optional comment."""
    st.text_area(
        step.caption,
        str(kept.get(form.COMMENT_KEY, "")),
        key=form.COMMENT_KEY,
        max_chars=form.COMMENT_MAX_CHARS,
    )
    st.caption(t("door.comment_help", lang, k=ui.min_size()))


def thanks(lang: str) -> None:
    """The end: thanks, and no way to answer again."""
    st.title(t("door.thanks.title", lang))
    st.success(form.thanks(lang, ui.min_size()), icon=":material/check_circle:")
    if door.second_attempt() or st.session_state.get(door.PROBLEM_KEY):
        st.warning(t("door.already_sent", lang), icon=":material/block:")


def step_buttons(chosen: list[form.Step], number: int, send: tuple, lang: str) -> None:
    """Back to the step before, and on to the next; the last step sends the answers instead. Each button hands
    in the step's answers."""
    buttons = st.container(horizontal=True, key="door_steps")
    if number > 0:
        buttons.form_submit_button(
            t("door.back", lang),
            key="door.back",
            icon=":material/arrow_back:",
            on_click=door.go_back,
            args=(chosen,),
        )
    if chosen[number].is_comment:
        buttons.form_submit_button(
            t("door.submit", lang),
            key="door.submit",
            type="primary",
            icon=":material/send:",
            icon_position="right",
            on_click=door.send,
            args=send,
            width="stretch",
        )
    else:
        buttons.form_submit_button(
            t("door.next", lang),
            key="door.next",
            type="primary",
            icon=":material/arrow_forward:",
            icon_position="right",
            on_click=door.go_on,
            args=(chosen,),
            width="stretch",
        )


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    instrument = ui.instrument()
    st.html(form.questionnaire_css())
    top = st.container(horizontal=True, vertical_alignment="center", key="door_header")
    top.markdown(form.heading(lang))
    ui.language_switch(lang, top, key="door.language", label_key="door.language")
    found = None if door.sent() else door.invitation(lang)
    if door.sent():
        thanks(lang)
    elif found is not None:
        targets = form.collaboration_targets(found.wave_departments, found.department)
        chosen = form.steps(instrument, targets, lang)
        kept = door.draft()
        number = door.step(len(chosen))
        step = chosen[number]
        st.progress((number + 1) / len(chosen), text=form.progress(number + 1, len(chosen), lang))
        st.title(step.title)
        if number == 0:
            with st.container(key="door_intro"):
                st.markdown(instrument.intro(lang))
                st.caption(form.invited(found.wave, found.department, ui.min_size(), lang))
        with st.form(f"door_step_{number}", border=False, enter_to_submit=False):
            if step.is_comment:
                comment(step, kept, lang)
            else:
                st.caption(step.caption)
                for item in step.questions:
                    question(item, dict(step.labels), kept, lang)
            if st.session_state.get(door.PROBLEM_KEY):
                st.error(st.session_state[door.PROBLEM_KEY], icon=":material/error:")
            step_buttons(chosen, number, (chosen, found, instrument, targets, lang), lang)
    door.scroll(TOP_ANCHOR, OPEN_ANCHOR)
