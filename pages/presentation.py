"""The live presentation: one slide at a time at projector size, with the deck's settings and the hand-over."""

from __future__ import annotations

import re
from functools import partial

import pandas as pd
import streamlit as st

import ui
from smm_maturity import report, slides
from smm_maturity.i18n import LANGUAGES, escape_markdown, t

CHART_HEIGHT = 548
PPTX_KEY = "presentation.pptx"
EXCLUDE_KEY = "presentation_exclude"

SLIDE_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 10px 28px 0 28px !important; max-width: 100% !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.35rem; }
.st-key-slide_head h1 { font-size: 40px; line-height: 1.15; padding: 4px 0 0 0; }
.st-key-slide_head [data-testid="stCaptionContainer"] p { font-size: 20px; }
.st-key-slide_counter p { font-size: 20px; text-align: right; padding-top: 14px; color: #5B6472; }
.st-key-slide_body p, .st-key-slide_body li { font-size: 23px; line-height: 1.4; }
.st-key-slide_body h3 { font-size: 28px; }
.st-key-slide_body [data-testid="stMetricValue"] p { font-size: 40px; font-weight: 600; line-height: 1.1; }
.st-key-slide_body [data-testid="stMetricValue"] .stMarkdownEllipsis, .st-key-slide_body [data-testid="stMetricValue"] p {
    white-space: normal; overflow: visible; text-overflow: clip; }
.st-key-slide_body [data-testid="stMetricLabel"] p { font-size: 19px; }
.st-key-slide_body [data-testid="stMetricDelta"] p { font-size: 18px; }
.st-key-slide_side p, .st-key-slide_side li { font-size: 20px; line-height: 1.35; }
.st-key-slide_side h3 { font-size: 24px; }
.st-key-slide_facts p { font-size: 24px; }
.st-key-slide_body table { font-size: 21px; }
.st-key-slide_opening h1 { font-size: 64px; padding-top: 110px; }
.st-key-slide_opening h3 { font-size: 30px; color: #5B6472; font-weight: 400; }
.st-key-slide_nav p { font-size: 18px; text-align: center; padding-top: 6px; }
</style>
"""


@st.cache_resource(show_spinner=False, max_entries=8)
def deck_data(wave: str, revision: int, size: int) -> slides.DeckData:
    """Everything the deck of a wave needs, read once per revision of the database."""
    return slides.load_deck_data(ui.connection(), wave, size)


@st.cache_resource(show_spinner=False, max_entries=16)
def deck(wave: str, lang: str, excluded: tuple[str, ...], revision: int, size: int) -> slides.Deck:
    """The deck, shared by every session; its figures are built on first view and then kept."""
    return slides.build_deck(deck_data(wave, revision, size), lang, excluded=frozenset(excluded))


def slide_number(total: int) -> int:
    """The slide to show, from `?slide=` (1-based), kept within the deck and written back to the URL."""
    raw = st.query_params.get("slide", "1")
    number = int(raw) if raw.isdigit() else 1
    number = min(max(number, 1), total)
    if st.query_params.get("slide") != str(number):
        st.query_params["slide"] = str(number)
    return number


def go_to(number: int) -> None:
    """Move to a slide by rewriting `?slide=`."""
    st.query_params["slide"] = str(number)


def chosen_wave(names: list[str]) -> str:
    """The wave from `?wave=`, else the one chosen earlier in this session, else the newest."""
    for candidate in (st.query_params.get("wave"), st.session_state.get(ui.FILTER_KEYS["wave"])):
        if candidate in names:
            return candidate
    return names[-1]


def choose_wave() -> None:
    """Switch the deck's wave, kept in the URL and shared with the dashboard's pages."""
    chosen = st.session_state.get("presentation_wave")
    if chosen:
        st.session_state[ui.FILTER_KEYS["wave"]] = chosen
        st.query_params["wave"] = chosen
        st.query_params["slide"] = "1"


def choose_language() -> None:
    """Switch the deck's language, kept in the URL like everywhere else."""
    chosen = st.session_state.get("presentation_language")
    if chosen in LANGUAGES:
        st.session_state[ui.LANGUAGE_KEY] = chosen
        st.query_params["lang"] = chosen


def lines_markdown(lines: tuple[str, ...]) -> str:
    """Plain slide lines as a Markdown list; a line's second part (the next step) goes on its own row."""
    items = []
    for line in lines:
        first, _, rest = line.partition("\n")
        item = f"- {escape_markdown(first)}"
        if rest:
            item += f"  \n  {escape_markdown(rest)}"
        items.append(item)
    return "\n".join(items)


def show_chart(slide: slides.Slide, height: int = CHART_HEIGHT) -> None:
    """The slide's figures at slide height."""
    for index, figure in enumerate(slide.figures):
        ui.chart(slides.sized(figure, height), key=f"slide_chart_{slide.kind}_{index}")


def show_metrics(slide: slides.Slide, columns: int) -> None:
    """The slide's metrics as boxes, `columns` per row."""
    for start in range(0, len(slide.metrics), columns):
        row = st.columns(columns)
        for column, metric in zip(row, slide.metrics[start : start + columns], strict=False):
            column.metric(
                metric.label,
                metric.value,
                metric.detail or None,
                delta_color="off",
                delta_arrow="off",
                border=True,
            )


def show_facts(slide: slides.Slide) -> None:
    """The metrics of a slide as one line of text, where boxes would not fit."""
    with st.container(key="slide_facts"):
        st.markdown(
            " · ".join(f"{escape_markdown(m.label)} **{escape_markdown(m.value)}**" for m in slide.metrics)
        )


def show_sections(slide: slides.Slide) -> None:
    """The slide's sections side by side, each a heading over a list."""
    columns = st.columns(len(slide.sections), gap="large") if len(slide.sections) > 1 else [st.container()]
    for column, section in zip(columns, slide.sections, strict=False):
        column.subheader(escape_markdown(section.heading))
        if section.lines:
            column.markdown(lines_markdown(section.lines))


def show_table(table: pd.DataFrame) -> None:
    """A slide's table, with what users typed shown literally."""
    st.table(table.map(lambda value: escape_markdown(str(value))), border="horizontal")


def show_slide(slide: slides.Slide, lang: str) -> None:
    """Lay out one slide by its kind: the title, a chart with a side panel, or a full-width chart or table."""
    if slide.kind == "title":
        with st.container(key="slide_opening"):
            st.title(escape_markdown(slide.title), anchor=False)
            st.subheader(escape_markdown(slide.subtitle), anchor=False)
            show_metrics(slide, 4)
        return
    if slide.kind == "standing" and slide.figures:
        metrics, chart = st.columns([5, 6], gap="medium")
        with metrics:
            st.space("medium")
            show_metrics(slide, 2)
        with chart:
            show_chart(slide)
    elif slide.kind == "department":
        chart, side = st.columns([3, 2], gap="medium")
        with chart:
            show_chart(slide)
        with side.container(key="slide_side"):
            show_facts(slide)
            show_sections(slide)
    elif slide.figures:
        show_chart(slide)
    else:
        show_sections(slide)
        if slide.kind == "actions" and slide.table is not None and not slide.table.empty:
            show_table(slide.table)


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    st.html(SLIDE_CSS)
    if ui.is_empty():
        st.info(t("presentation.empty", lang), icon=":material/slideshow:")
        st.stop()

    names = ui.wave_names()
    wave = chosen_wave(names)
    if st.query_params.get("wave") != wave:
        st.query_params["wave"] = wave
    revision = ui.revision()
    all_departments = [group.group for group in ui.wave_scores(wave).departments]
    excluded = tuple(sorted(set(st.session_state.get(EXCLUDE_KEY, [])) & set(all_departments)))
    current = deck(wave, lang, excluded, revision, ui.min_size())
    total = len(current.slides)
    number = slide_number(total)
    slide = current.slides[number - 1]

    head, counter = st.columns([6, 1], vertical_alignment="top")
    with head.container(key="slide_head"):
        if slide.kind != "title":
            st.title(escape_markdown(slide.title), anchor=False)
    with counter.container(key="slide_counter"):
        st.markdown(f"{number} / {total}")

    with st.container(key="slide_body", height=CHART_HEIGHT + 20, border=False):
        show_slide(slide, lang)

    with st.container(key="slide_nav"):
        back, where, forward, _, settings = st.columns([1, 1.2, 1, 3, 1.2], vertical_alignment="center")
        back.button(
            t("presentation.previous", lang),
            icon=":material/arrow_back:",
            key="slide_previous",
            disabled=number <= 1,
            on_click=go_to,
            args=(number - 1,),
            shortcut="Left",
            width="stretch",
        )
        where.markdown(t("presentation.counter", lang, number=number, total=total))
        forward.button(
            t("presentation.next", lang),
            icon=":material/arrow_forward:",
            key="slide_next",
            disabled=number >= total,
            on_click=go_to,
            args=(number + 1,),
            shortcut="Right",
            type="primary",
            width="stretch",
        )
        with settings.popover(t("presentation.settings", lang), icon=":material/tune:", width="stretch"):
            st.selectbox(
                t("filter.wave", lang),
                names,
                index=names.index(wave),
                key="presentation_wave",
                on_change=choose_wave,
            )
            st.segmented_control(
                t("presentation.language", lang),
                options=list(LANGUAGES),
                format_func=lambda code: {"de": "Deutsch", "en": "English"}[code],
                default=lang,
                required=True,
                key="presentation_language",
                on_change=choose_language,
            )
            st.multiselect(
                t("presentation.exclude", lang),
                all_departments,
                key=EXCLUDE_KEY,
                placeholder=t("presentation.exclude_placeholder", lang),
            )
            st.divider()
            st.caption(t("presentation.downloads", lang))
            data = deck_data(wave, revision, ui.min_size())
            shown_scores = slides.without_departments(data, frozenset(excluded)).scores
            stem = "augenhoehe-" + re.sub(r"[^\w.-]+", "-", wave).strip("-")
            st.download_button(
                t("presentation.report", lang),
                data=partial(report.report_html, current),
                file_name=f"{stem}.html",
                mime="text/html",
                icon=":material/description:",
                key="download_html",
                on_click="ignore",
                width="stretch",
            )
            deck_key = (wave, lang, excluded, revision)
            prepared = st.session_state.get(PPTX_KEY)
            if prepared is None or prepared[0] != deck_key:
                if st.button(
                    t("presentation.prepare_deck", lang),
                    icon=":material/slideshow:",
                    key="prepare_pptx",
                    width="stretch",
                ):
                    with st.spinner():
                        st.session_state[PPTX_KEY] = (deck_key, report.deck_pptx(current))
                    st.rerun()
            else:
                pptx = prepared[1]
                st.download_button(
                    t("presentation.deck", lang),
                    data=pptx.content,
                    file_name=f"{stem}.pptx",
                    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                    icon=":material/slideshow:",
                    key="download_pptx",
                    on_click="ignore",
                    width="stretch",
                )
                if not pptx.images:
                    st.warning(t("presentation.deck_tables", lang), icon=":material/image_not_supported:")
            st.download_button(
                t("presentation.csv", lang),
                data=partial(report.aggregates_csv, shown_scores, ui.instrument(), lang),
                file_name=f"{stem}.csv",
                mime="text/csv",
                icon=":material/table:",
                key="download_csv",
                on_click="ignore",
                width="stretch",
            )
            st.download_button(
                t("presentation.xlsx", lang),
                data=partial(report.aggregates_xlsx, shown_scores, ui.instrument(), lang),
                file_name=f"{stem}.xlsx",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                icon=":material/grid_on:",
                key="download_xlsx",
                on_click="ignore",
                width="stretch",
            )
            st.divider()
            st.markdown(f":material/logout: [{t('presentation.exit', lang)}](./?lang={lang})")
