"""Augenhöhe's entry point: page setup, the language switch and the navigation from the page registry, nothing else."""

from __future__ import annotations

import importlib

import streamlit as st

import access
import door
import ui
from smm_maturity import navigation
from smm_maturity.i18n import t

START_PATH = "start"
SIGN_IN_PATH = "sign_in"
CLOSED_PATH = "closed"


def screen_page(screen: navigation.Screen, lang: str) -> st.Page:
    """A screen of the registry as a navigation page: its function, title, icon and URL path."""
    render = getattr(importlib.import_module(screen.module), screen.function)
    return st.Page(render, title=t(screen.title, lang), icon=screen.icon, url_path=screen.url_path)


def open_default_screen() -> None:
    """Serve the app's root by switching to the default screen, so that every screen has its own URL."""
    ui.prepare_first_screen(ui.language())
    st.switch_page(ui.page(navigation.DEFAULT_SCREEN), query_params=st.query_params.to_dict())


def build_pages(lang: str, role: str) -> dict[str, list[st.Page]]:
    """The sections and pages a role may see, in the given language; other pages are never registered.

    Streamlit serves its default page at the root only, so the default is a hidden page that switches to the
    overview: /overview and / both open it, and the menu marks it.
    """
    pages = {screen.key: screen_page(screen, lang) for screen in navigation.screens_for(role)}
    ui.remember_pages(pages)
    start = st.Page(
        open_default_screen,
        title=pages[navigation.DEFAULT_SCREEN].title,
        url_path=START_PATH,
        default=True,
        visibility="hidden",
    )
    sections = {
        t(section, lang): [pages[screen.key] for screen in screens]
        for section, screens in navigation.sections_for(role).items()
    }
    first = next(iter(sections))
    sections[first] = [*sections[first], start, door.address_page(lang)]
    return sections


def sign_in_pages(lang: str) -> list[st.Page]:
    """The sign-in screen at the root and, hidden, at every screen's address, so a deep link survives sign-in."""
    title = t("signin.title", lang)
    return [
        st.Page(access.sign_in_page, title=title, url_path=SIGN_IN_PATH, default=True),
        *(
            st.Page(access.sign_in_page, title=title, url_path=screen.url_path, visibility="hidden")
            for screen in navigation.SCREENS
        ),
        door.address_page(lang),
    ]


def closed() -> None:
    """The one page while the settings or the sign-in are refused: the refusal above it is all there is."""


st.set_page_config(layout="wide", page_title="Augenhöhe", page_icon=":material/handshake:")
language = ui.language()
if door.requested():
    door.open_door(language)
    st.stop()
ui.language_switch(language)
st.sidebar.caption(t("app.tagline", language))
if ui.settings_refused(language) or access.sign_in_refused(language):
    st.navigation([st.Page(closed, title="Augenhöhe", url_path=CLOSED_PATH)], position="hidden").run()
    st.stop()
identity = access.current_identity()
if identity is None:
    ui.prepare_first_screen(language)
    ui.remember_pages({})
    st.navigation(sign_in_pages(language), position="hidden").run()
else:
    access.sidebar_status(identity, language)
    st.navigation(build_pages(language, identity.role)).run()
