"""Targets and actions: the stage each dimension should reach, and who does what by when to get there."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

import ui
from smm_maturity import plans
from smm_maturity.i18n import locale, t


def save_organisation_name() -> None:
    """Store the organisation name as it was typed."""
    plans.set_organisation_name(ui.connection(), st.session_state.get("organisation_name", ""))


def columns(names: plans.Names, **editors: dict) -> dict:
    """Every column of a table under its label in the language, the given ones with their editors; ids hidden."""
    labelled = {name: editor | {"label": names.columns()[name]} for name, editor in editors.items()}
    return names.columns() | {"id": None, "code": None} | labelled


def write(change: Callable[[], object], done: str, icon: str, lang: str) -> None:
    """Store a change and confirm it with the text `done` (its `{count}` is the result), or show the refusal."""
    try:
        result = change()
    except plans.PlanError as error:
        st.error(error.message(lang))
        return
    st.toast(t(done, lang, count=result), icon=icon)
    st.rerun()


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    instrument = ui.instrument()
    con = ui.connection()
    edits = ui.revision()
    names, date_format = plans.Names(instrument, lang), locale(lang).date_picker_format
    st.title(t("actions.title", lang))
    name = plans.organisation_name(con)
    st.text_input(
        t("actions.organisation_name", lang), name, 120, "organisation_name", on_change=save_organisation_name
    )

    scores = ui.wave_scores(ui.wave_names()[-1]) if ui.wave_names() else None
    choices = plans.group_options(scores)

    st.header(t("actions.targets", lang))
    st.caption(t("actions.targets_help", lang))
    target_group = st.selectbox(
        t("actions.target_for", lang), choices, format_func=names.group, key="target_group"
    )
    stages = [plans.NO_TARGET, *(stage.level for stage in instrument.stages)]
    target = st.column_config.SelectboxColumn(options=stages, required=True, format_func=names.stage)
    edited_targets = st.data_editor(
        plans.target_rows(con, scores, target_group or None, names),
        hide_index=True,
        disabled=["dimension", "current", "inherited"],
        column_config=columns(names, target=target),
        key=f"targets_editor_{target_group}_{edits}",
    )
    if st.button(t("actions.save_targets", lang), key="save_targets", icon=":material/flag:"):
        save = partial(plans.save_targets, con, edited_targets, target_group or None, instrument)
        write(save, "actions.targets_saved", ":material/flag:", lang)

    st.header(t("actions.add", lang))
    st.caption(t("actions.add_help", lang))
    dimension_col, department_col = st.columns(2)
    codes = instrument.dimension_codes
    dimension = dimension_col.selectbox(
        t("method.col.dimension", lang), codes, format_func=names.dimension, key="new_dimension"
    )
    department = department_col.selectbox(
        t("filter.department", lang), choices, format_func=names.group, key="new_department"
    )
    suggestion = plans.suggested_title(scores, dimension, lang, department or None, instrument)
    key = f"new_title_{dimension}_{department}_{lang}_{edits}"
    title = st.text_area(t("actions.col.title", lang), suggestion, key=key, height=90, max_chars=500)
    owner_col, due_col, status_col = st.columns(3)
    owner = owner_col.text_input(t("actions.col.owner", lang), key="new_owner", max_chars=120)
    due = due_col.date_input(t("actions.col.due", lang), value=None, key="new_due", format=date_format)
    status = status_col.selectbox(
        t("actions.col.status", lang), plans.STATUSES, format_func=names.status, key="new_status"
    )
    if st.button(t("actions.add_button", lang), type="primary", key="add_action", icon=":material/add_task:"):
        add = partial(
            plans.add_action, con, dimension, title, department or None, owner, due, status, instrument
        )
        write(add, "actions.added", ":material/add_task:", lang)

    st.header(t("actions.list", lang))
    existing = plans.actions(con)
    if not existing:
        st.info(t("actions.none", lang))
        st.stop()
    st.caption(t("actions.list_help", lang))
    editors = {
        "title": st.column_config.TextColumn(required=True, max_chars=500, width="large"),
        "due": st.column_config.DateColumn(format=date_format),
        "status": st.column_config.SelectboxColumn(
            options=plans.STATUSES, required=True, format_func=names.status
        ),
    }
    edited = st.data_editor(
        plans.action_rows(existing, names, deletable=True),
        hide_index=True,
        disabled=["dimension", "department"],
        column_config=columns(names, **editors),
        key=f"actions_editor_{edits}",
    )
    if st.button(t("actions.save", lang), key="save_actions", icon=":material/save:"):
        write(partial(plans.save_actions, con, existing, edited), "actions.saved", ":material/save:", lang)
