"""The silo map: who works well with whom, which departments are isolated, and self-image against others' view."""

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
    wave = ui.header(t("silo.title", lang), lang)
    cells, silos = ui.collaboration(wave)
    if not silos:
        st.info(t("silo.none", lang))
        st.stop()

    ui.chart(charts.silo_network(cells, silos, instrument, lang), key="network")
    st.subheader(t("silo.table", lang))
    st.caption(t("silo.table_help", lang))
    st.dataframe(insights.silo_table(silos, lang), hide_index=True, key="silo_table")

    ui.chart(charts.silo_matrix(cells, silos, instrument, ui.min_size(), lang), key="matrix")
    ui.chart(charts.gives_receives(silos, instrument, lang), key="gives_receives")
