"""Settings: the anonymity rule in force, the sign-in mode and its problems, and each department's headcount."""

import pandas as pd
import streamlit as st

import access
import ui
from smm_maturity import auth, config
from smm_maturity.i18n import t


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    st.title(t("settings.title", lang))

    st.subheader(t("settings.privacy", lang))
    st.write(t("settings.min_group", lang, k=ui.min_size()))
    st.write(t("settings.min_comments", lang, comments=ui.min_comments()))
    st.write(t("settings.upload_limit", lang, mb=config.max_upload_mb()))

    st.subheader(t("settings.sign_in", lang))
    configured = access.secrets()
    st.write(t(f"settings.mode.{access.mode()}", lang))
    problems = [*access.lock_problems(), *auth.secrets_problems(configured)]
    for problem in problems:
        st.warning(problem.message(lang))
    if not problems:
        st.caption(t("settings.secrets_ok", lang))

    st.subheader(t("settings.headcounts", lang))
    st.caption(t("settings.headcounts_help", lang))
    known = ui.headcounts()
    departments = ui.department_names()
    edited = st.data_editor(
        pd.DataFrame(
            {"department": departments, "headcount": [known.get(name) for name in departments]}
        ).astype({"headcount": "Int64"}),
        column_config={
            "department": st.column_config.TextColumn(t("settings.department", lang), disabled=True),
            "headcount": st.column_config.NumberColumn(t("settings.headcount", lang), min_value=1, step=1),
        },
        hide_index=True,
        key="headcount_editor",
    )
    if st.button(t("settings.save", lang), key="save_headcounts", type="primary"):
        for row in edited.itertuples():
            headcount = None if pd.isna(row.headcount) else int(row.headcount)
            if headcount != known.get(row.department):
                ui.set_headcount(row.department, headcount)
                access.record("settings", f"headcount of {row.department}: {headcount or 'unknown'}")
        st.success(t("settings.saved", lang))

    st.subheader(t("settings.settings_table", lang))
    st.dataframe(
        pd.DataFrame(
            [
                {"setting": s.name, "value": config.value(s.name) or "–", "help": s.help}
                for s in config.SETTINGS
            ]
        ),
        hide_index=True,
    )
