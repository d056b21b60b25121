"""The thin layer between Streamlit and the package: the cached connection, cached scores and shared filters."""

from __future__ import annotations

import streamlit as st

from smm_maturity import demo, i18n, scoring, store
from smm_maturity.privacy import min_group_size


@st.cache_resource
def connection():
    """The one root connection of this process; the default database gets the demo organisation on first start."""
    path = store.default_db_path()
    first_start = not path.exists()
    con = store.connect(path)
    if first_start and path == store.DEFAULT_DB_PATH:
        demo.load_demo(con)
    return con


def data_version() -> tuple[int, int]:
    """A fingerprint of the stored answers that changes with every import, undo or online response."""
    return store.data_version(connection())


@st.cache_data(show_spinner=False)
def wave_scores(wave: str, version: tuple[int, int]) -> scoring.WaveScores:
    """The privacy-checked scores of a wave, cached until the data changes."""
    return scoring.wave_scores(connection(), wave, min_group_size())


def language() -> str:
    """The page language: from the URL, else the browser, else German; kept in the URL."""
    lang = i18n.pick_language(st.query_params.get("lang"), st.context.locale)
    st.query_params["lang"] = lang
    return lang
