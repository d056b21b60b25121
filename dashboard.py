"""Augenhöhe's entry point: page setup, the language switch and the navigation, nothing else."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import access
import ui
from smm_maturity import auth
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
    "nav.consulting": [
        ("pages/presentation.py", "nav.presentation", ":material/slideshow:", "presentation"),
        ("pages/actions.py", "nav.actions", ":material/task_alt:", "actions"),
    ],
    "nav.about": [
        ("pages/method.py", "nav.method", ":material/menu_book:", "method"),
        ("pages/settings.py", "nav.settings", ":material/settings:", "settings"),
    ],
}


def build_pages(lang: str, role: str) -> dict[str, list[st.Page]]:
    """The sections and pages a role may see, in the given language; other pages are never registered."""
    allowed = auth.allowed_pages(role)
    sections: dict[str, list[st.Page]] = {}
    for section, entries in PAGES.items():
        pages = [
            st.Page(
                script, title=t(title, lang), icon=icon, url_path=url_path, default=url_path == "overview"
            )
            for script, title, icon, url_path in entries
            if url_path in allowed and (ROOT / script).exists()
        ]
        if pages:
            sections[t(section, lang)] = pages
    return sections


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
