"""Augenhöhe's entry point: page setup, the language switch and the navigation, nothing else."""

from __future__ import annotations

import importlib

import streamlit as st

import access
import ui
from smm_maturity import navigation
from smm_maturity.i18n import t


def build_pages(lang: str, role: str) -> dict[str, list[st.Page]]:
    """The sections and pages a role may see, in the given language; other pages are never registered."""
    return {
        t(section, lang): [
            st.Page(
                getattr(importlib.import_module(entry.module), entry.function),
                title=t(entry.title, lang),
                icon=entry.icon,
                url_path=entry.url_path,
                default=entry.key == navigation.DEFAULT_SCREEN,
            )
            for entry in entries
        ]
        for section, entries in navigation.sections_for(role).items()
    }


st.set_page_config(layout="wide", page_title="Augenhöhe", page_icon=":material/handshake:")
language = ui.language()
ui.language_switch(language)
st.sidebar.caption(t("app.tagline", language))
role = access.current_role()
if role is None:
    st.navigation([st.Page(access.sign_in_page, title=t("signin.title", language), url_path="sign_in")]).run()
else:
    access.sidebar_status(role, language)
    st.navigation(build_pages(language, role)).run()
