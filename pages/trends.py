"""Trends: each dimension across the waves, with changes that are unlikely to be noise marked as clear."""

import streamlit as st

import ui
from smm_maturity import charts, insights
from smm_maturity.i18n import format_delta, format_number, t

lang = ui.language()
if ui.welcome_if_empty(lang):
    st.stop()
instrument = ui.instrument()
title_col, filter_col = st.columns([3, 1], vertical_alignment="bottom")
title_col.title(t("trends.title", lang))
waves = [ui.wave_scores(wave) for wave in ui.wave_names()]
department = ui.department_filter(
    lang,
    [group.group for group in waves[-1].visible_departments],
    with_organisation=True,
    container=filter_col,
)
if len(waves) < 2:
    st.info(t("trends.single_wave", lang))

series = insights.index_series(waves[-4:], department)
for column, point in zip(st.columns(len(series)), series, strict=True):
    column.metric(
        t("trends.index_in", lang, wave=point.wave),
        format_number(point.index, lang, 1),
        delta=format_delta(point.change, lang, 1),
        delta_description=instrument.stage(point.stage).name(lang) if point.stage else None,
        border=True,
    )

points = ui.trend(department)
ui.chart(charts.trend_lines(points, instrument, lang, department or t("organisation", lang)), key="trend")
st.subheader(t("trends.table", lang))
st.caption(t("trends.table_help", lang))
st.dataframe(insights.trend_table(points, instrument, lang), hide_index=True, key="trend_table")
