"""Targets and actions: the stage each dimension should reach, and who does what by when to get there."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import ui
from smm_maturity import plans
from smm_maturity.i18n import t

ORGANISATION_OPTION = ""


def group_label(option: str, lang: str) -> str:
    """The organisation or a department's name, for selections."""
    return t("organisation", lang) if option == ORGANISATION_OPTION else option


def stage_option(stage: int | None, lang: str) -> str:
    """A target stage as the text of a selection: its number and name, or "no target"."""
    if stage is None:
        return t("actions.no_target", lang)
    return f"{stage} {ui.instrument().stage(stage).name(lang)}"


def save_organisation_name() -> None:
    """Store the organisation name as it was typed."""
    plans.set_organisation_name(ui.connection(), st.session_state.get("organisation_name", ""))


def targets_frame(group: str | None, lang: str) -> pd.DataFrame:
    """One row per dimension: its current stage where it may be shown, and the target set for this group."""
    scores = ui.wave_scores(ui.wave_names()[-1]) if ui.wave_names() else None
    score = None
    if scores is not None:
        score = scores.organisation if group is None else scores.department(group)
    own = plans.own_target_stages(ui.connection(), group)
    inherited = plans.target_stages(ui.connection()) if group is not None else {}
    rows = []
    for dimension in ui.instrument().dimensions:
        cell = score.dimensions.get(dimension.code) if score is not None and not score.suppressed else None
        shown = cell is not None and not cell.hidden and cell.stage is not None
        inherited_text = (
            f"{stage_option(inherited[dimension.code], lang)} ({t('actions.inherited', lang)})"
            if dimension.code in inherited and dimension.code not in own
            else ""
        )
        row = {
            "code": dimension.code,
            t("method.col.dimension", lang): dimension.name(lang),
            t("actions.current", lang): stage_option(cell.stage, lang) if shown else "–",
            t("chart.target", lang): stage_option(own.get(dimension.code), lang),
        }
        if group is not None:
            row[t("actions.inherited", lang)] = inherited_text
        rows.append(row)
    return pd.DataFrame(rows)


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    instrument = ui.instrument()
    con = ui.connection()
    edits = ui.revision()
    st.title(t("actions.title", lang))

    st.text_input(
        t("actions.organisation_name", lang),
        value=plans.organisation_name(con),
        key="organisation_name",
        on_change=save_organisation_name,
        max_chars=120,
    )

    scores = ui.wave_scores(ui.wave_names()[-1]) if not ui.is_empty() else None
    departments = [group.group for group in scores.departments] if scores is not None else []
    choices = [ORGANISATION_OPTION, *departments]

    st.header(t("actions.targets", lang))
    st.caption(t("actions.targets_help", lang))
    target_group = st.selectbox(
        t("actions.target_for", lang), choices, format_func=lambda o: group_label(o, lang), key="target_group"
    )
    group = None if target_group == ORGANISATION_OPTION else target_group
    stage_options = [stage_option(None, lang)] + [stage_option(s.level, lang) for s in instrument.stages]
    frame = targets_frame(group, lang)
    edited_targets = st.data_editor(
        frame,
        hide_index=True,
        disabled=[c for c in frame.columns if c != t("chart.target", lang)],
        column_config={
            "code": None,
            t("chart.target", lang): st.column_config.SelectboxColumn(options=stage_options, required=True),
        },
        key=f"targets_editor_{target_group}_{edits}",
    )
    if st.button(t("actions.save_targets", lang), key="save_targets", icon=":material/flag:"):
        for row in edited_targets.to_dict("records"):
            chosen = row[t("chart.target", lang)]
            stage = None if chosen == stage_options[0] else stage_options.index(chosen)
            plans.set_target(con, row["code"], stage, group)
        st.toast(t("actions.targets_saved", lang), icon=":material/flag:")
        st.rerun()

    st.header(t("actions.add", lang))
    st.caption(t("actions.add_help", lang))
    dimension_col, department_col = st.columns(2)
    dimension = dimension_col.selectbox(
        t("method.col.dimension", lang),
        instrument.dimension_codes,
        format_func=lambda code: instrument.dimension(code).name(lang),
        key="new_dimension",
    )
    department_option = department_col.selectbox(
        t("filter.department", lang),
        choices,
        format_func=lambda o: group_label(o, lang),
        key="new_department",
    )
    department = None if department_option == ORGANISATION_OPTION else department_option
    suggestion = plans.suggested_title(scores, dimension, lang, department, instrument)
    title = st.text_area(
        t("actions.col.title", lang),
        value=suggestion,
        key=f"new_title_{dimension}_{department_option}_{lang}_{edits}",
        height=90,
        max_chars=500,
    )
    owner_col, due_col, status_col = st.columns(3)
    owner = owner_col.text_input(t("actions.col.owner", lang), key="new_owner", max_chars=120)
    due = due_col.date_input(
        t("actions.col.due", lang),
        value=None,
        key="new_due",
        format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD",
    )
    status = status_col.selectbox(
        t("actions.col.status", lang),
        plans.STATUSES,
        format_func=lambda s: t(f"actions.status.{s}", lang),
        key="new_status",
    )
    if st.button(t("actions.add_button", lang), type="primary", key="add_action", icon=":material/add_task:"):
        if not title.strip():
            st.error(t("actions.empty_title", lang))
        else:
            plans.add_action(con, dimension, title, department, owner, due, status, instrument)
            st.toast(t("actions.added", lang), icon=":material/add_task:")
            st.rerun()

    st.header(t("actions.list", lang))
    existing = plans.actions(con)
    if not existing:
        st.info(t("actions.none", lang))
        st.stop()
    st.caption(t("actions.list_help", lang))
    status_labels = {s: t(f"actions.status.{s}", lang) for s in plans.STATUSES}
    columns = {
        "title": t("actions.col.title", lang),
        "owner": t("actions.col.owner", lang),
        "due": t("actions.col.due", lang),
        "status": t("actions.col.status", lang),
        "delete": t("actions.col.delete", lang),
    }
    table = pd.DataFrame(
        {
            "id": [a.action_id for a in existing],
            t("method.col.dimension", lang): [
                instrument.dimension(a.dimension).name(lang)
                if a.dimension in instrument.dimension_codes
                else a.dimension
                for a in existing
            ],
            t("filter.department", lang): [a.department or t("organisation", lang) for a in existing],
            columns["title"]: [a.title for a in existing],
            columns["owner"]: [a.owner for a in existing],
            columns["due"]: pd.Series([a.due_on for a in existing], dtype="object"),
            columns["status"]: [status_labels[a.status] for a in existing],
            columns["delete"]: [False for _ in existing],
        }
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        disabled=["id", t("method.col.dimension", lang), t("filter.department", lang)],
        column_config={
            "id": None,
            columns["title"]: st.column_config.TextColumn(required=True, max_chars=500, width="large"),
            columns["due"]: st.column_config.DateColumn(
                format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD"
            ),
            columns["status"]: st.column_config.SelectboxColumn(
                options=list(status_labels.values()), required=True
            ),
            columns["delete"]: st.column_config.CheckboxColumn(),
        },
        key=f"actions_editor_{edits}",
    )
    if st.button(t("actions.save", lang), key="save_actions", icon=":material/save:"):
        by_label = {label: status for status, label in status_labels.items()}
        changes = 0
        for before, after in zip(existing, edited.to_dict("records"), strict=True):
            if after[columns["delete"]]:
                plans.delete_action(con, before.action_id)
                changes += 1
                continue
            due_on = after[columns["due"]]
            due_on = due_on if isinstance(due_on, date) and not pd.isna(due_on) else None
            if hasattr(due_on, "date") and callable(due_on.date):
                due_on = due_on.date()
            new = {
                "title": str(after[columns["title"]] or before.title),
                "owner": str(after[columns["owner"]] or ""),
                "due_on": due_on,
                "status": by_label[after[columns["status"]]],
            }
            if new != {
                "title": before.title,
                "owner": before.owner,
                "due_on": before.due_on,
                "status": before.status,
            }:
                plans.update_action(con, before.action_id, **new)
                changes += 1
        st.toast(t("actions.saved", lang, count=changes), icon=":material/save:")
        st.rerun()
