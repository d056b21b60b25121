"""Trends: each dimension across the waves, with changes that are unlikely to be noise marked as clear."""

import streamlit as st

import ui
from smm_maturity import charts, insights
from smm_maturity.i18n import t


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    if ui.welcome_if_empty(lang):
        st.stop()
    instrument = ui.instrument()
    title_col, filter_col = st.columns([3, 1], vertical_alignment="bottom")
    title_col.title(t("trends.title", lang))
    department = ui.department_filter(
        lang, ui.shown_departments(ui.wave_names()[-1]), with_organisation=True, container=filter_col
    )
    if len(ui.wave_names()) < 2:
        st.info(t("trends.single_wave", lang))

    points = ui.trend(department)
    ui.chart(charts.trend_lines(points, instrument, lang, department or t("organisation", lang)), key="trend")
    st.subheader(t("trends.table", lang))
    st.caption(t("trends.table_help", lang))
    st.dataframe(insights.trend_table(points, instrument, lang), hide_index=True, key="trend_table")
