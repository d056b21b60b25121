"""Augenhöhe's entry point: page setup, the language switch and the navigation, nothing else."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import ui
from smm_maturity.i18n import t

ROOT = Path(__file__).resolve().parent

# Section → (script, title key, icon, URL path) of every page, in menu order; role gating filters this list.
# Each URL path is the script's file name, the path Streamlit gives a page of a `pages/` folder on its own.
PAGES: dict[str, list[tuple[str, str, str, str]]] = {
    "nav.dashboard": [
        ("pages/overview.py", "nav.overview", ":material/dashboard:", "overview"),
        ("pages/departments.py", "nav.departments", ":material/groups:", "departments"),
        ("pages/silo_map.py", "nav.silo_map", ":material/hub:", "silo_map"),
        ("pages/trends.py", "nav.trends", ":material/trending_up:", "trends"),
    ],
    "nav.data": [
        ("pages/upload.py", "nav.upload", ":material/upload_file:", "upload"),
        ("pages/questionnaire.py", "nav.questionnaire", ":material/edit_note:", "questionnaire"),
    ],
    "nav.about": [
        ("pages/method.py", "nav.method", ":material/menu_book:", "method"),
    ],
}


def build_pages(lang: str) -> dict[str, list[st.Page]]:
    """The navigation's sections and pages in the given language, leaving out pages whose script is missing."""
    sections: dict[str, list[st.Page]] = {}
    for section, entries in PAGES.items():
        pages = [
            st.Page(
                script, title=t(title, lang), icon=icon, url_path=url_path, default=url_path == "overview"
            )
            for script, title, icon, url_path in entries
            if (ROOT / script).exists()
        ]
        if pages:
            sections[t(section, lang)] = pages
    return sections


st.set_page_config(layout="wide", page_title="Augenhöhe", page_icon=":material/handshake:")
language = ui.language()
ui.language_switch(language)
st.sidebar.caption(t("app.tagline", language))
st.navigation(build_pages(language)).run()
