"""The live presentation: one slide at a time at projector size, with the deck's settings and the hand-over."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import access
import survey_ui
import ui
from smm_maturity import branding, presentation, slides
from smm_maturity.i18n import escape_markdown, t

EXCLUDE_KEY = "presentation_exclude"


@st.cache_resource(show_spinner=False, max_entries=8)
def deck_data(wave: str, revision: int, size: int) -> slides.DeckData:
    """Everything the deck of a wave needs, read once per revision of the database."""
    return slides.load_deck_data(ui.connection(), wave, size)


@st.cache_resource(show_spinner=False, max_entries=16)
def deck(wave: str, lang: str, excluded: tuple[str, ...], revision: int, size: int) -> slides.Deck:
    """The deck, shared by every session; its figures are built on first view and then kept."""
    return slides.build_deck(deck_data(wave, revision, size), lang, excluded=frozenset(excluded))


def show_block(block: presentation.Block, slide: slides.Slide) -> None:
    """One block of a slide: a heading, a chart, text, a table or rows of metric boxes."""
    if block.kind in ("title", "heading"):
        (st.title if block.kind == "title" else st.subheader)(block.text, anchor=False)
    elif block.kind == "logo":
        st.image(branding.logo_image(block.text), width=220)
    elif block.kind == "chart":
        figure = presentation.projected(slide.figures[block.figure])
        st.plotly_chart(figure, theme=None, config=ui.PLOTLY_CONFIG, key=block.key, height="stretch")
    elif block.kind == "markdown":
        st.container(key=block.key).markdown(block.text)
    elif block.kind == "table":
        st.table(block.table, border="horizontal")
    for row in block.rows:
        for box, metric in zip(st.columns(block.per_row), row, strict=False):
            box.metric(metric.label, metric.value, metric.detail, "off", delta_arrow="off", border=True)


def show_settings(current: slides.Deck, departments: list[str], lang: str) -> None:
    """The deck's language, the departments left out and the way out."""
    st.caption(t("presentation.language", lang))
    ui.language_switch(lang, st.container(), key="presentation_language")
    placeholder = t("presentation.exclude_placeholder", lang)
    st.multiselect(t("presentation.exclude", lang), departments, key=EXCLUDE_KEY, placeholder=placeholder)
    st.divider()
    st.markdown(f":material/logout: [{t('presentation.exit', lang)}](./?lang={lang})")


def act(control: presentation.Control, number: int) -> None:
    """Switch the control's part of the projector view, or turn to its slide, out of a pause."""
    if control.state_key:
        st.session_state[control.state_key] = not st.session_state.get(control.state_key, False)
    else:
        st.session_state[presentation.PAUSE.state_key] = False
        st.query_params["slide"] = str(number + control.offset)


def show_controls(places: list[DeltaGenerator], number: int, total: int, lang: str) -> None:
    """Back and forward (again on a clicker's keys, never shown), the pause and the slide-only switch."""
    places = [*places[:2], *st.container(key="slide_keys").columns(2), *places[2:]]
    for place, control in zip(places, presentation.CONTROLS, strict=True):
        label, options = t(control.label_key, lang), control.options(number, total)
        place.button(label, control.key, None, act, (control, number), **options)


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    st.html(presentation.presentation_css())
    survey_ui.workshop(lang)
    if not ui.wave_names():
        st.info(t("presentation.empty", lang), icon=":material/slideshow:")
        st.stop()
    st.html(presentation.view_css(st.session_state, bool(st.context.is_embedded)))

    head, counter = st.columns([6, 1], vertical_alignment="top")
    body = st.container(key="slide_body", border=False)
    nav = st.container(key="slide_nav")
    back, where, forward, _, pause, only, settings = nav.columns(
        presentation.NAV_WIDTHS, vertical_alignment="center"
    )
    popover = settings.popover(t("presentation.settings", lang), icon=":material/tune:", width="stretch")
    shown_wave = st.query_params.get("wave")
    wave = ui.wave_filter(lang, popover)
    revision = ui.revision()
    all_departments = [group.group for group in ui.wave_scores(wave).departments]
    excluded = tuple(sorted(set(st.session_state.get(EXCLUDE_KEY, [])) & set(all_departments)))
    current = deck(wave, lang, excluded, revision, ui.min_size())
    requested = st.query_params.get("slide") if shown_wave in (None, wave) else None
    number, total = presentation.slide_number(requested, len(current.slides)), len(current.slides)
    st.query_params["slide"] = str(number)
    slide = current.slides[number - 1]

    if slide.kind != "title":
        head.container(key="slide_head").title(escape_markdown(slide.title), anchor=False)
    counter.container(key="slide_counter").markdown(f"{number} / {total}")
    with body:
        layout = presentation.layout(slide)
        for column, pane in zip(st.columns(layout.widths, gap=layout.gap), layout.panes, strict=True):
            with column.container(key=pane.key):
                for block in pane.blocks:
                    show_block(block, slide)
    where.markdown(t("presentation.counter", lang, number=number, total=total))
    show_controls([back, forward, pause, only], number, total, lang)
    with popover:
        show_settings(current, all_departments, lang)
        ui.interpretation_area(wave, lang)
    ui.export_row(current, lang, access.actor())
