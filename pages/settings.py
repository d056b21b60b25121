"""Settings: the anonymity rule in force, the sign-in mode and its problems, and each department's headcount."""

import pandas as pd
import streamlit as st

import access
import ui
from smm_maturity import auth, branding, config, plans
from smm_maturity.i18n import LocalisedError, t

LOGO_ROUND_KEY = "branding_logo_round"


def show_client(lang: str) -> None:
    """The client's name and logo, for the title slide, the report and the deck."""
    st.subheader(t("branding.title", lang))
    st.caption(t("branding.help", lang))
    con = ui.connection()
    current = branding.branding(con)
    name_col, logo_col = st.columns([1, 1], gap="large")
    name = name_col.text_input(t("branding.name", lang), current.name, max_chars=120, key="branding_name")
    round_ = st.session_state.get(LOGO_ROUND_KEY, 0)
    upload = logo_col.file_uploader(
        t("branding.logo", lang), type=["png", "svg"], key=f"branding_logo_{round_}"
    )
    if current.logo:
        logo_col.image(branding.logo_image(current.logo), width=160)
        if logo_col.button(t("branding.remove_logo", lang), key="branding_remove"):
            branding.remove_logo(con)
            st.rerun()
    if st.button(t("branding.save", lang), key="branding_save", type="primary"):
        try:
            if upload is not None:
                branding.set_logo(con, upload.getvalue())
            plans.set_organisation_name(con, name)
        except LocalisedError as error:
            st.error(error.message(lang), icon=":material/error:")
        else:
            st.session_state[LOGO_ROUND_KEY] = round_ + 1
            st.success(t("branding.saved", lang))


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

    show_client(lang)

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
