"""Privacy and audit: the anonymity rules and the sign-in in force, and who did what; for the works council,
the data-protection officer and admins, read only."""

import streamlit as st

import access
import ui
from smm_maturity import audit_view, screen
from smm_maturity.i18n import t


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    st.title(t("privacy.title", lang))
    st.markdown(t("privacy.intro", lang))

    st.subheader(t("privacy.settings", lang))
    k, comments = ui.min_size(), ui.min_comments()
    ui.facts(
        [
            screen.Fact(t("privacy.min_group", lang), str(k)),
            screen.Fact(t("privacy.min_comments", lang), str(comments)),
            screen.Fact(t("privacy.sign_in", lang), t(f"privacy.mode.{access.mode()}", lang)),
        ]
    )
    st.markdown(t("privacy.min_group_text", lang, k=k))
    st.markdown(t("privacy.min_comments_text", lang, comments=comments))

    st.subheader(t("privacy.trail", lang))
    st.caption(t("privacy.trail_text", lang))
    entries = access.audit_entries()
    if entries:
        st.dataframe(audit_view.trail_table(entries, lang), hide_index=True, width="stretch")
    else:
        st.caption(t("privacy.trail_empty", lang))
