"""The live presentation: one slide at a time at projector size, with the deck's settings and the hand-over."""

from __future__ import annotations

from functools import partial

import streamlit as st

import survey_ui
import ui
from smm_maturity import branding, charts, exports, images, presentation, slides
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
        ui.chart(charts.sized(slide.figures[block.figure], presentation.CHART_HEIGHT), key=block.key)
    elif block.kind == "markdown":
        st.container(key=block.key).markdown(block.text)
    elif block.kind == "table":
        st.table(block.table, border="horizontal")
    for row in block.rows:
        for box, metric in zip(st.columns(block.per_row), row, strict=False):
            box.metric(metric.label, metric.value, metric.detail, "off", delta_arrow="off", border=True)


def show_exports(current: slides.Deck, lang: str) -> None:
    """The hand-over files as one row of download buttons, each made on its one click."""
    row = st.container(key="exports", horizontal=True, vertical_alignment="center")
    row.caption(t("handover.caption", lang), width="content")
    browser = images.image_browser() is not None
    for export in exports.EXPORTS:
        data, name = partial(export.content, current), export.file_name(current.wave)
        label, options = t(export.label_key, lang), export.button_options(browser, lang)
        row.download_button(label, data, name, export.mime, on_click="ignore", **options)


def show_settings(current: slides.Deck, departments: list[str], lang: str) -> None:
    """The deck's language, the departments left out and the way out."""
    st.caption(t("presentation.language", lang))
    ui.language_switch(lang, st.container(), key="presentation_language")
    placeholder = t("presentation.exclude_placeholder", lang)
    st.multiselect(t("presentation.exclude", lang), departments, key=EXCLUDE_KEY, placeholder=placeholder)
    st.divider()
    st.markdown(f":material/logout: [{t('presentation.exit', lang)}](./?lang={lang})")


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    st.html(presentation.presentation_css())
    survey_ui.workshop(lang)
    if not ui.wave_names():
        st.info(t("presentation.empty", lang), icon=":material/slideshow:")
        st.stop()

    head, counter = st.columns([6, 1], vertical_alignment="top")
    body = st.container(key="slide_body", height=presentation.CHART_HEIGHT + 20, border=False)
    nav = st.container(key="slide_nav")
    back, where, forward, _, settings = nav.columns([1, 1.2, 1, 3, 1.2], vertical_alignment="center")
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
    for column, step in zip((back, forward), presentation.STEPS, strict=True):
        column.button(
            t(step.label_key, lang),
            key=step.key,
            disabled=not 1 <= number + step.offset <= total,
            on_click=st.query_params.update,
            kwargs={"slide": str(number + step.offset)},
            icon=step.icon,
            shortcut=step.shortcut,
            type=step.kind,
            width="stretch",
        )
    with popover:
        show_settings(current, all_departments, lang)
        ui.interpretation_area(wave, lang)
    show_exports(current, lang)
