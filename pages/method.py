"""The method: the questionnaire, the stages and rubric, reliability, and the anonymity rule."""

import streamlit as st

import ui
from smm_maturity import insights
from smm_maturity.i18n import t


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    instrument = ui.instrument()
    st.title(t("method.title", lang))
    st.markdown(t("method.intro", lang, items=len(instrument.items), dimensions=len(instrument.dimensions)))

    st.header(t("method.anonymity", lang))
    st.markdown(t("method.anonymity_text", lang, k=ui.min_size(), comments=ui.min_comments()))

    st.header(t("method.stages", lang))
    st.markdown(t("method.stages_text", lang))
    st.dataframe(insights.stage_table(instrument, lang), hide_index=True, key="stages")

    st.header(t("method.rubric", lang))
    tabs = st.tabs([dimension.name(lang) for dimension in instrument.dimensions])
    for tab, dimension in zip(tabs, instrument.dimensions, strict=True):
        with tab:
            st.caption(dimension.description(lang))
            st.table(insights.rubric_table(instrument, dimension.code, lang), hide_index=True)

    st.header(t("method.instrument", lang))
    st.caption(t("method.instrument_help", lang, version=instrument.version))
    st.table(insights.instrument_table(instrument, lang), hide_index=True)

    st.header(t("method.reliability", lang))
    st.markdown(t("method.reliability_text", lang))
    if not ui.wave_names():
        st.info(t("method.reliability_empty", lang))
    else:
        wave = ui.wave_filter(lang, st.columns([1, 3])[0])
        st.dataframe(
            insights.reliability_table(ui.reliability(wave), instrument, lang), hide_index=True, key="alpha"
        )
        st.header(t("method.statistics", lang))
        st.markdown(t("method.statistics_text", lang))
        points = insights.points_up_to(ui.trend(None), wave)
        st.dataframe(insights.trend_statistics_table(points, instrument, lang), hide_index=True, key="tests")
