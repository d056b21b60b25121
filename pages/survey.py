"""Survey setup: waves and their lifecycle, invitations to answer, departments, and online answers."""

from __future__ import annotations

import streamlit as st

import survey_ui
import ui
from smm_maturity import survey_setup as setup
from smm_maturity.i18n import t


def waves_section(lang: str) -> None:
    """Every wave, the lifecycle of the chosen one, its invitations, and the form for a new wave."""
    found = survey_ui.survey_waves()
    if found:
        st.dataframe(setup.waves_table(found, lang), hide_index=True, width="stretch")
        names = [wave.name for wave in found]
        chosen = found[names.index(st.selectbox(t("survey.choose_wave", lang), names, key="survey.wave"))]
        survey_ui.lifecycle(chosen, lang)
        st.subheader(t("survey.invitations", lang), anchor=False)
        survey_ui.invitations(chosen, lang)
    else:
        st.caption(t("survey.no_waves", lang))
    with st.expander(t("survey.new.title", lang), icon=":material/add:", expanded=not found):
        survey_ui.create_form(lang)


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    st.title(t("survey.title", lang))
    st.markdown(t("survey.intro", lang, k=ui.min_size()))
    survey_ui.feedback()
    waves_tab, departments_tab, batches_tab = st.tabs(
        [t("survey.tab.waves", lang), t("survey.tab.departments", lang), t("survey.tab.online", lang)]
    )
    with waves_tab:
        waves_section(lang)
    with departments_tab:
        survey_ui.departments(lang)
    with batches_tab:
        survey_ui.online_batches(lang)
