"""The thin layer between Streamlit and the package: the cached connection, cached results and shared filters.

Every cached result is keyed by `store.data_version`, so an import, an undo or an online response shows
up at once, while a page run that changes nothing reads everything from the cache.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from smm_maturity import demo, i18n, insights, scoring, store
from smm_maturity.i18n import t
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.privacy import min_group_size, visible_groups

ROOT = Path(__file__).resolve().parent
UPLOAD_PAGE = "pages/upload.py"
LANGUAGE_KEY = "augenhoehe.language"
FILTER_KEYS = {"wave": "augenhoehe.wave", "department": "augenhoehe.department"}
ORGANISATION_OPTION = ""
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

Version = tuple[int, int]


@st.cache_resource
def connection() -> duckdb.DuckDBPyConnection:
    """The one root connection of this process; the default database gets the demo organisation on first start."""
    path = store.default_db_path()
    first_start = not path.exists()
    con = store.connect(path)
    if first_start and path == store.DEFAULT_DB_PATH:
        demo.load_demo(con)
    return con


def data_version() -> Version:
    """A fingerprint of the stored answers that changes with every import, undo or online response."""
    return store.data_version(connection())


def instrument() -> Instrument:
    """The questionnaire in use."""
    return load_instrument()


def min_size() -> int:
    """The minimum group size in force."""
    return min_group_size()


@st.cache_data(show_spinner=False, max_entries=8)
def _wave_names(version: Version) -> list[str]:
    return [wave.name for wave in store.waves(connection())]


def wave_names() -> list[str]:
    """Every wave with responses, oldest first."""
    return _wave_names(data_version())


@st.cache_data(show_spinner=False, max_entries=64)
def _wave_scores(wave: str, version: Version, size: int) -> scoring.WaveScores:
    return scoring.wave_scores(connection(), wave, size)


def wave_scores(wave: str) -> scoring.WaveScores:
    """The privacy-checked scores of a wave, cached until the data changes."""
    return _wave_scores(wave, data_version(), min_size())


def previous_scores(wave: str) -> scoring.WaveScores | None:
    """The scores of the wave before this one, if there is one."""
    previous = insights.previous_wave(wave_names(), wave)
    return wave_scores(previous) if previous is not None else None


@st.cache_data(show_spinner=False, max_entries=16)
def _shown_departments(wave: str, version: Version, size: int) -> list[str]:
    return sorted(visible_groups(scoring.respondent_counts(connection(), wave), size))


def shown_departments(wave: str) -> list[str]:
    """The departments of a wave whose scores may be shown, without scoring the wave."""
    return _shown_departments(wave, data_version(), min_size())


@st.cache_data(show_spinner=False, max_entries=8)
def _headcounts(version: Version) -> dict[str, int]:
    return store.headcounts(connection())


def headcounts() -> dict[str, int]:
    """Department name to headcount, where known."""
    return _headcounts(data_version())


@st.cache_data(show_spinner=False, max_entries=256)
def _item_distribution(wave: str, department: str | None, version: Version, size: int) -> pd.DataFrame:
    return scoring.item_distribution(connection(), wave, department, size)


def item_distribution(wave: str, department: str | None) -> pd.DataFrame:
    """Per item of a shown group: the shares that disagree, are neutral and agree, and the spread."""
    return _item_distribution(wave, department, data_version(), min_size())


@st.cache_data(show_spinner=False, max_entries=256)
def _comments(wave: str, department: str, version: Version, size: int) -> list[str]:
    return scoring.comments(connection(), wave, department, size)


def comments(wave: str, department: str) -> list[str]:
    """The comments of a shown department, in an order that reveals no respondent."""
    return _comments(wave, department, data_version(), min_size())


@st.cache_data(show_spinner=False, max_entries=256)
def _facet_scores(
    wave: str, dimension: str, department: str | None, version: Version, size: int
) -> dict[str, scoring.DimensionScore]:
    return scoring.facet_scores(connection(), wave, dimension, department, size)


def facet_scores(wave: str, dimension: str, department: str | None) -> dict[str, scoring.DimensionScore]:
    """The facet scores of a dimension for the organisation (None) or one shown department."""
    return _facet_scores(wave, dimension, department, data_version(), min_size())


@st.cache_data(show_spinner=False, max_entries=64)
def _collaboration(
    wave: str, version: Version, size: int
) -> tuple[list[scoring.CollaborationCell], list[scoring.SiloScore]]:
    cells = scoring.collaboration_cells(connection(), wave, size)
    return cells, scoring.silo_scores(cells)


def collaboration(wave: str) -> tuple[list[scoring.CollaborationCell], list[scoring.SiloScore]]:
    """The collaboration cells of a wave and the silo score of each department."""
    return _collaboration(wave, data_version(), min_size())


@st.cache_data(show_spinner=False, max_entries=64)
def _trend(
    waves: tuple[str, ...], department: str | None, version: Version, size: int
) -> list[scoring.TrendPoint]:
    computed = {wave: _wave_scores(wave, version, size) for wave in waves}
    return scoring.trend(connection(), list(waves), department, size, computed=computed)


def trend(department: str | None) -> list[scoring.TrendPoint]:
    """Each dimension across all waves for the organisation (None) or one department."""
    return _trend(tuple(wave_names()), department, data_version(), min_size())


@st.cache_data(show_spinner=False, max_entries=16)
def _reliability(wave: str, version: Version, size: int) -> list[scoring.Reliability]:
    return scoring.reliability(connection(), wave, min_size=size)


def reliability(wave: str) -> list[scoring.Reliability]:
    """Cronbach's alpha per dimension in a wave."""
    return _reliability(wave, data_version(), min_size())


def is_empty() -> bool:
    """True while no response is stored."""
    return data_version()[0] == 0


# ----------------------------------------------------------------------------------- language


def leave_folder_navigation() -> None:
    """Rerun through dashboard.py when Streamlit ran a page on its own as an old-style `pages/` app.

    Until `st.navigation` has run once in a process, Streamlit treats an app beside a `pages/` folder as an
    old-style multipage app: a first request for /trends would run pages/trends.py alone, with every file
    of the folder in the menu and no language switch or page gating. Switching that mode off and rerunning
    sends the request through dashboard.py's navigation instead.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def language() -> str:
    """The page language: from the URL, else this session's choice, else the browser, else German; kept in the URL."""
    leave_folder_navigation()
    requested = st.query_params.get("lang") or st.session_state.get(LANGUAGE_KEY)
    lang = i18n.pick_language(requested, st.context.locale)
    st.session_state[LANGUAGE_KEY] = lang
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def _switch_language() -> None:
    chosen = st.session_state.get("language_switch")
    if chosen in i18n.LANGUAGES:
        st.session_state[LANGUAGE_KEY] = chosen
        st.query_params["lang"] = chosen


def language_switch(lang: str) -> None:
    """The sidebar's language switch, which keeps the choice in the URL."""
    if st.session_state.get("language_switch") not in (None, lang):
        del st.session_state["language_switch"]
    st.sidebar.segmented_control(
        t("sidebar.language", lang),
        options=list(i18n.LANGUAGES),
        format_func=lambda code: {"de": "Deutsch", "en": "English"}[code],
        default=lang,
        required=True,
        key="language_switch",
        on_change=_switch_language,
    )


# ------------------------------------------------------------------------------------ filters


def _remembered(name: str, options: list[str], default: str) -> str:
    """The filter value from the URL, else from earlier in this session, else the default."""
    for candidate in (st.query_params.get(name), st.session_state.get(FILTER_KEYS[name])):
        if candidate is not None and candidate in options:
            return candidate
    return default


def _remember(name: str, value: str) -> None:
    st.session_state[FILTER_KEYS[name]] = value
    if st.query_params.get(name) != value:
        st.query_params[name] = value


def wave_filter(lang: str, container: st.delta_generator.DeltaGenerator | None = None) -> str:
    """The survey wave to show, bound to `?wave=`; the newest wave by default."""
    names = wave_names()
    current = _remembered("wave", names, names[-1])
    wave = (container or st).selectbox(
        t("filter.wave", lang), names, index=names.index(current), key="wave_filter"
    )
    _remember("wave", wave)
    return wave


def department_filter(
    lang: str,
    options: list[str],
    hidden: frozenset[str] = frozenset(),
    with_organisation: bool = False,
    container: st.delta_generator.DeltaGenerator | None = None,
) -> str | None:
    """The department to show, bound to `?department=`; None stands for the whole organisation."""
    choices = ([ORGANISATION_OPTION] if with_organisation else []) + options
    current = _remembered("department", choices, choices[0])

    def label(option: str) -> str:
        if option == ORGANISATION_OPTION:
            return t("organisation", lang)
        return f"{option} ({t('filter.hidden_suffix', lang)})" if option in hidden else option

    chosen = (container or st).selectbox(
        t("filter.department", lang),
        choices,
        index=choices.index(current),
        format_func=label,
        key="department_filter",
    )
    _remember("department", chosen)
    return None if chosen == ORGANISATION_OPTION else chosen


# ------------------------------------------------------------------------------------ layout


def header(title: str, lang: str, with_wave: bool = True) -> str | None:
    """The page title, with the wave filter beside it; returns the chosen wave."""
    if not with_wave:
        st.title(title)
        return None
    title_column, filter_column = st.columns([3, 1], vertical_alignment="bottom")
    title_column.title(title)
    return wave_filter(lang, filter_column)


def upload_page_exists() -> bool:
    """True once the upload page is part of the app."""
    return (ROOT / UPLOAD_PAGE).exists()


def _load_demo() -> None:
    demo.load_demo(connection())


def welcome(lang: str) -> None:
    """The empty database's welcome: what the tool does, a button that loads the demo and a link to the upload."""
    st.title(t("empty.title", lang))
    st.markdown(t("empty.text", lang, k=min_size()))
    actions = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    actions.button(t("empty.load_demo", lang), type="primary", key="load_demo", on_click=_load_demo)
    if upload_page_exists():
        actions.page_link(UPLOAD_PAGE, label=t("empty.go_upload", lang), icon=":material/upload:")


def welcome_if_empty(lang: str) -> bool:
    """Show the welcome when no answers are stored yet; True when it was shown."""
    if not is_empty():
        return False
    welcome(lang)
    return True


def chart(figure: go.Figure, key: str) -> None:
    """Show a figure with the project's styling (not Streamlit's theme), full width."""
    st.plotly_chart(figure, theme=None, config=PLOTLY_CONFIG, key=key)
