"""The thin layer between Streamlit and the package: the cached connection, cached results, writes, page links,
shared filters, and the widgets that lay out what the package words (`smm_maturity.screen`).

Pages reach the data only through here. Every cached result is keyed on the database's revision, which every
write transaction moves on, and on the minimum group size: a write shows up at once in every session, while
a page run that changes nothing reads everything from the cache.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, ParamSpec, TypeVar

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from smm_maturity import (
    audit,
    charts,
    config,
    demo,
    disclosure,
    exports,
    i18n,
    images,
    insights,
    scoring,
    screen,
    slides,
    store,
    upload_flow,
    upload_scope,
    waves,
)
from smm_maturity.i18n import escape_markdown, t
from smm_maturity.ingest import ImportBatch, read_upload_isolated
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.privacy import min_group_size

LANGUAGE_KEY = "augenhoehe.language"
PAGES_KEY = "augenhoehe.pages"
FILTER_KEYS = {"wave": "augenhoehe.wave", "department": "augenhoehe.department"}
ORGANISATION_OPTION = ""
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

LOG = logging.getLogger("augenhoehe")
Params = ParamSpec("Params")
Result = TypeVar("Result")


@st.cache_resource
def connection() -> duckdb.DuckDBPyConnection:
    """The one root connection of this process; the default database gets the demo organisation on first start."""
    path = store.default_db_path()
    first_start = not path.exists()
    con = store.connect(path)
    if first_start and path == store.DEFAULT_DB_PATH:
        demo.load_demo(con)
    return con


def settings_refused(lang: str) -> bool:
    """Show every invalid setting and say so; the dashboard then serves nothing, rather than guess a value."""
    refusals = config.problems()
    for refusal in refusals:
        LOG.error("%s", refusal)
        st.error(refusal.message(lang), icon=":material/error:")
    return bool(refusals)


def revision() -> int:
    """The database's revision: it moves on with every write, so whatever is keyed on it is never stale."""
    return store.revision(connection())


def instrument() -> Instrument:
    """The questionnaire in use."""
    return load_instrument()


def min_size() -> int:
    """The minimum group size in force."""
    return min_group_size()


def min_comments() -> int:
    """The respondents a department needs for a comment list of its own (`SMM_MIN_COMMENTS`)."""
    return config.min_comments()


def cached(max_entries: int) -> Callable[[Callable[Params, Result]], Callable[Params, Result]]:
    """Cache a reader of the database with `st.cache_data`, keyed on its arguments, the revision and k.

    Call the reader with the same argument style everywhere (positional here), as the key follows the call.
    """

    def decorate(read: Callable[Params, Result]) -> Callable[Params, Result]:
        def keyed(*args: object, revision: int, size: int, **kwargs: object) -> Result:
            return read(*args, **kwargs)

        # Streamlit names a cache by the function's module, name and source: those of the reader.
        functools.update_wrapper(keyed, read)
        stored = st.cache_data(show_spinner=False, max_entries=max_entries)(keyed)

        @functools.wraps(read)
        def cached_read(*args: Params.args, **kwargs: Params.kwargs) -> Result:
            return stored(*args, revision=revision(), size=min_size(), **kwargs)

        return cached_read

    return decorate


# ------------------------------------------------------------------------------------ reading


@cached(max_entries=8)
def is_empty() -> bool:
    """True while no response is stored."""
    return store.is_empty(connection())


@cached(max_entries=8)
def wave_names() -> list[str]:
    """Every wave with responses, oldest first."""
    return [wave.name for wave in store.waves(connection())]


@cached(max_entries=8)
def department_names() -> list[str]:
    """Every known department, alphabetically."""
    return store.department_names(connection())


@cached(max_entries=8)
def headcounts() -> dict[str, int]:
    """Department name to headcount, where known."""
    return store.headcounts(connection())


@cached(max_entries=8)
def uploads() -> list[store.Upload]:
    """Every upload, newest first."""
    return store.uploads(connection())


def find_upload(sha256: str) -> store.Upload | None:
    """The earlier upload with this content hash, if any."""
    return store.find_upload(connection(), sha256)


@cached(max_entries=8)
def survey_waves() -> list[waves.SurveyWave]:
    """Every wave with its state, newest first."""
    return waves.survey_waves(connection())


def saved_mapping(scope: str, signature: str) -> upload_scope.SavedMapping | None:
    """The column mapping saved in a scope (a department, or the organisation) for a header layout, or None."""
    return upload_scope.load_mapping(connection(), scope, signature)


def confirmed_mapping(scope: str, signature: str) -> dict[str, str]:
    """The mapping the user confirmed in this session for a file of this scope and header layout."""
    return upload_scope.confirmed_mapping(st.session_state, upload_scope.mapping_key(scope, signature))


def pending_notice(summary: upload_flow.ImportSummary | None, lang: str) -> screen.Notice | None:
    """The sentence that answers of the last import wait for a publication, when they do."""
    waiting = None if summary is None else upload_scope.waiting(connection(), summary.upload_id)
    return upload_scope.pending_notice(summary, waiting, min_size(), lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _parsed_upload(
    data: bytes, file_name: str, department: str | None, mapping: tuple[tuple[str, str], ...]
) -> ImportBatch:
    limit = config.max_upload_bytes()
    return read_upload_isolated(
        data, file_name, department=department, column_mapping=dict(mapping), max_bytes=limit
    )


def parsed_upload(
    data: bytes, file_name: str, department: str | None = None, mapping: Mapping[str, str] | None = None
) -> ImportBatch:
    """An uploaded file, parsed and validated, with a department for rows without one and a hand-made column
    mapping; cached, so that a rerun does not parse it again."""
    return _parsed_upload(data, file_name, department, tuple((mapping or {}).items()))


@cached(max_entries=4)
def template_downloads(lang: str) -> list[screen.Download]:
    """The template files, with collaboration columns for the known departments, labelled in the language."""
    return upload_flow.template_downloads(lang, store.department_names(connection()))


@cached(max_entries=64)
def wave_scores(wave: str) -> scoring.WaveScores:
    """The privacy-checked scores of a wave."""
    return scoring.wave_scores(connection(), wave, min_size())


def previous_scores(wave: str) -> scoring.WaveScores | None:
    """The scores of the wave before this one, if there is one."""
    previous = insights.previous_wave(wave_names(), wave)
    return wave_scores(previous) if previous is not None else None


@cached(max_entries=16)
def shown_departments(wave: str) -> list[str]:
    """The departments of a wave whose scores may be shown (the residual rule on the respondents), without
    scoring the wave."""
    return scoring.shown_departments(connection(), wave, min_size())


@cached(max_entries=16)
def participation(wave: str) -> disclosure.Participation:
    """Responses against headcount, for the organisation and each department, under the residual rule."""
    return scoring.participation(connection(), wave, min_size())


@cached(max_entries=16)
def wave_detail(wave: str) -> scoring.WaveDetail:
    """The item distributions and facet scores of every group of a wave, read in one pass."""
    return scoring.wave_detail(connection(), wave, min_size())


@cached(max_entries=256)
def item_distribution(wave: str, department: str | None) -> pd.DataFrame:
    """Per item of a shown group: the shares that disagree, are neutral and agree, and the spread."""
    items = wave_detail(wave).items
    return items[department] if department in items else pd.DataFrame(columns=scoring.ITEM_COLUMNS)


@cached(max_entries=256)
def facet_scores(wave: str, dimension: str, department: str | None) -> dict[str, scoring.DimensionScore]:
    """The facet scores of a dimension for the organisation (None) or one department; hidden when hidden."""
    facets = wave_detail(wave).facets
    if (department, dimension) in facets:
        return facets[department, dimension]
    names = sorted({item.facet for item in instrument().dimension(dimension).items if item.facet})
    return {name: scoring.DimensionScore(name, 0, True, reason=disclosure.HIDDEN_REASON) for name in names}


@cached(max_entries=32)
def _comment_lists(wave: str, threshold: int) -> disclosure.CommentLists:
    return scoring.comment_lists(connection(), wave, min_size(), threshold)


def comment_lists(wave: str) -> disclosure.CommentLists:
    """The comments of a wave that may be shown: per department, and one list for the organisation."""
    return _comment_lists(wave, min_comments())


@cached(max_entries=32)
def _organisation_comments(wave: str, threshold: int) -> list[str]:
    return scoring.comments(connection(), wave, None, min_size(), threshold)


def organisation_comments(wave: str) -> list[str]:
    """Every comment of a wave that may be shown, without departments, in an order that reveals nothing."""
    return _organisation_comments(wave, min_comments())


@cached(max_entries=64)
def collaboration(wave: str) -> tuple[list[scoring.CollaborationCell], list[scoring.SiloScore]]:
    """The collaboration cells of a wave and the silo score of each department."""
    cells = scoring.collaboration_cells(connection(), wave, min_size())
    return cells, scoring.silo_scores(cells)


@cached(max_entries=64)
def trend(department: str | None) -> list[scoring.TrendPoint]:
    """Each dimension across all waves for the organisation (None) or one department."""
    waves = wave_names()
    computed = {wave: wave_scores(wave) for wave in waves}
    return scoring.trend(connection(), waves, department, min_size(), computed=computed)


@cached(max_entries=16)
def reliability(wave: str) -> list[scoring.Reliability]:
    """Cronbach's alpha per dimension in a wave."""
    return scoring.reliability(connection(), wave, min_size=min_size())


# ------------------------------------------------------------------------------------ writing


def save_mapping(form: upload_flow.MappingForm) -> None:
    """Save the mapping step's choices in its scope for its header layout, and apply them to this file (a form
    callback: the choices are in the session)."""
    chosen = upload_flow.chosen_mapping(form, st.session_state)
    saved = upload_scope.save_mapping(connection(), form.scope, form.signature, chosen)
    upload_scope.confirm_mapping(
        st.session_state, upload_scope.mapping_key(form.scope, form.signature), saved
    )


def confirm_mapping(saved: upload_scope.SavedMapping) -> None:
    """Apply a saved mapping to this file, once the user has confirmed its choices (a button callback)."""
    upload_scope.confirm_mapping(st.session_state, saved.key, saved.columns)


def set_headcount(department: str, headcount: int | None) -> None:
    """Record a department's headcount (None clears it)."""
    store.set_headcount(connection(), department, headcount)


def load_demo() -> None:
    """Load the demo organisation into the database."""
    demo.load_demo(connection())


# -------------------------------------------------------------------------------------- pages


def remember_pages(pages: dict[str, st.Page]) -> None:
    """Keep this run's registered pages by screen key, for links and page switches."""
    st.session_state[PAGES_KEY] = pages


def page(key: str) -> st.Page | None:
    """The page of a screen as registered for this session, or None when this session may not open it."""
    return st.session_state.get(PAGES_KEY, {}).get(key)


# ----------------------------------------------------------------------------------- language


def language() -> str:
    """The page language: from the URL, else this session's choice, else the browser, else German; kept in the URL."""
    requested = st.query_params.get("lang") or st.session_state.get(LANGUAGE_KEY)
    lang = i18n.pick_language(requested, st.context.locale)
    st.session_state[LANGUAGE_KEY] = lang
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def _switch_language(key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen in i18n.LANGUAGES:
        st.session_state[LANGUAGE_KEY] = chosen
        st.query_params["lang"] = chosen


def language_switch(
    lang: str,
    container: st.delta_generator.DeltaGenerator | None = None,
    key: str = "language_switch",
    label_key: str = "sidebar.language",
) -> None:
    """A language switch, which keeps the choice in the URL: the sidebar's, or one with its label hidden in a
    container of a page."""
    if st.session_state.get(key) not in (None, lang):
        del st.session_state[key]
    (container or st.sidebar).segmented_control(
        t(label_key, lang),
        options=list(i18n.LANGUAGES),
        format_func=lambda code: {"de": "Deutsch", "en": "English"}[code],
        default=lang,
        required=True,
        key=key,
        on_change=_switch_language,
        args=(key,),
        label_visibility="visible" if container is None else "collapsed",
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


def welcome(lang: str) -> None:
    """The empty database's welcome: what the tool does and, for a role that may upload, a button that loads the
    demo and a link to the upload; any other role is told that answers come from a team or an admin."""
    st.title(t("empty.title", lang))
    st.markdown(t("empty.text", lang, k=min_size()))
    upload = page("upload")
    if upload is None:
        st.info(t("security.empty_no_upload", lang), icon=":material/hourglass_empty:")
        return
    actions = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    actions.button(t("empty.load_demo", lang), type="primary", key="load_demo", on_click=load_demo)
    actions.page_link(upload, label=t("empty.go_upload", lang), icon=":material/upload:")


def prepare_first_screen(lang: str) -> None:
    """Read and draw off screen, once per server, what the overview of the newest wave shows.

    The server's first run of dashboard.py (its health check, before any visitor) ends at the start page, or at
    the sign-in page when sign-in is set up; both call this, so the first visitor finds the scores in the cache
    and the libraries behind them loaded. Nothing is shown.
    """
    global _first_screen_prepared
    if _first_screen_prepared or is_empty() or not wave_names():
        return
    _first_screen_prepared = True
    wave = wave_names()[-1]
    scores = wave_scores(wave)
    participation(wave)
    organisation_comments(wave)
    if not scores.organisation.suppressed:
        charts.stage_heatmap(scores, instrument(), lang)
        if previous_scores(wave) is not None:
            charts.change_since(trend(None), wave, instrument(), lang)


_first_screen_prepared = False


def welcome_if_empty(lang: str) -> bool:
    """Show the welcome when no answers are stored yet, or say that none are published yet; True when shown."""
    if is_empty():
        welcome(lang)
        return True
    if not wave_names():
        st.title(t("empty.unpublished_title", lang))
        st.info(t("empty.unpublished", lang, k=min_size()), icon=":material/hourglass_top:")
        return True
    return False


def save_interpretation(wave: str, key: str) -> None:
    """Keep the edited interpretation with its wave."""
    store.set_wave_interpretation(connection(), wave, st.session_state[key])


def interpretation_area(wave: str, lang: str) -> None:
    """The consultant's interpretation of a wave, for the summary of the report and the deck; saved on leaving."""
    key = f"interpretation_{wave}"
    st.text_area(
        t("presentation.interpretation", lang),
        store.wave_interpretation(connection(), wave),
        key=key,
        help=t("presentation.interpretation_help", lang),
        on_change=save_interpretation,
        args=(wave, key),
    )


def chart(figure: go.Figure, key: str) -> None:
    """Show a figure with the project's styling (not Streamlit's theme), full width."""
    st.plotly_chart(figure, theme=None, config=PLOTLY_CONFIG, key=key)


# ------------------------------------------------------------------------------------ worded widgets


def notice(message: screen.Notice | None) -> None:
    """A message worded by the package: a box of its kind with its icon, or a caption; nothing for None."""
    if message is None:
        return
    if message.kind == "caption":
        st.caption(message.text)
    else:
        getattr(st, message.kind)(message.text, icon=message.icon)


def facts(shown: Sequence[screen.Fact]) -> None:
    """A bordered row of labelled values, the values in bold."""
    with st.container(border=True):
        for column, fact in zip(st.columns(len(shown)), shown, strict=True):
            column.caption(fact.label)
            column.markdown(f"**{escape_markdown(fact.value)}**")


def download(file: screen.Download, container: st.delta_generator.DeltaGenerator | None = None) -> None:
    """A download button for a file; in a column it fills the column's width."""
    width = "content" if container is None else "stretch"
    (container or st).download_button(
        file.label, file.data, file.file_name, file.mime, file.key, icon=file.icon, width=width
    )


def name_picker(picker: screen.Picker, names: list[str]) -> str | None:
    """A choice of the names plus "new …", which opens a text field beside it; the chosen or typed name."""
    choice_column, new_column = st.columns(2, vertical_alignment="bottom")
    choice = choice_column.selectbox(
        picker.label,
        picker.options(names),
        index=picker.index,
        format_func=picker.option_label,
        placeholder=picker.placeholder or "",
        key=picker.key,
    )
    if choice != screen.NEW:
        return choice
    typed = new_column.text_input(picker.new_label, key=picker.new_key, placeholder=picker.new_placeholder)
    return screen.picked_name(choice, typed)


def ask_first(
    question: screen.Question, on_confirm: Callable[[], None], on_cancel: Callable[[], None]
) -> None:
    """A question before a step that cannot be undone, with a button that confirms and one that cancels."""
    notice(question.notice)
    confirm, cancel, _ = st.columns([1, 1, 2])
    confirm.button(
        question.confirm, f"{question.key}.confirm", on_click=on_confirm, type="primary", width="stretch"
    )
    cancel.button(question.cancel, f"{question.key}.cancel", on_click=on_cancel, width="stretch")


def act_on_choice(choice: screen.Choice, on_click: Callable[[Any], None]) -> None:
    """A choice with a button beside it that acts on the chosen option."""
    choice_column, button_column = st.columns([2, 1], vertical_alignment="bottom")
    chosen = choice_column.selectbox(
        choice.label, list(choice.labels), 0, choice.labels.get, f"{choice.key}.choice"
    )
    button_column.button(
        choice.button, choice.key, on_click=on_click, args=(chosen,), icon=choice.icon, width="stretch"
    )


def mapping_step(form: upload_flow.MappingForm | None, offer: upload_scope.MappingOffer | None) -> None:
    """The saved mapping offered with its choices and a button that applies it, and the mapping step's form,
    which saves and applies the choices made."""
    if offer is not None:
        notice(offer.notice)
        st.dataframe(offer.table, hide_index=True, width="stretch", key=f"{offer.key}.table")
        st.button(
            offer.confirm, offer.key, on_click=confirm_mapping, args=(offer.saved,), icon=":material/done:"
        )
    if form is None:
        return
    st.markdown(form.title)
    notice(form.saved)
    with st.form(form.key, border=True):
        st.caption(form.text)
        for field in form.fields:
            st.selectbox(field.label, field.options, field.index, form.labels.get, field.key)
        save = partial(save_mapping, form)
        st.form_submit_button(form.apply, key="upload.mapping.apply", icon=":material/save:", on_click=save)


def recorded_export(
    con: duckdb.DuckDBPyConnection, actor: audit.Actor, export: exports.Export, current: slides.Deck
) -> bytes:
    """An export's file, made when its button is clicked and recorded in the audit trail with who made it."""
    content = export.content(current)
    with store.transaction(con) as cur:
        audit.record(cur, actor, "export", f"{current.wave} to {export.file_name(current.wave)}")
    return content


def export_row(current: slides.Deck, lang: str, actor: audit.Actor) -> None:
    """The hand-over files as one row of download buttons, each made on its one click and recorded in the
    audit trail as the actor's export (the file is made outside the page run, so the actor is named here)."""
    row = st.container(key="exports", horizontal=True, vertical_alignment="center")
    row.caption(t("handover.caption", lang), width="content")
    browser = images.image_browser() is not None
    for export in exports.EXPORTS:
        data, name = (
            partial(recorded_export, connection(), actor, export, current),
            export.file_name(current.wave),
        )
        label, options = t(export.label_key, lang), export.button_options(browser, lang)
        row.download_button(label, data, name, export.mime, on_click="ignore", **options)
