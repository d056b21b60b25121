"""One department at a glance: its profile against the organisation, next steps, competencies, answers and comments."""

import streamlit as st

import ui
from smm_maturity import charts, insights
from smm_maturity.i18n import t


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    if ui.welcome_if_empty(lang):
        st.stop()
    instrument = ui.instrument()
    title_col, department_col, wave_col = st.columns([2, 1, 1], vertical_alignment="bottom")
    title_col.title(t("departments.title", lang))
    wave = ui.wave_filter(lang, wave_col)
    scores = ui.wave_scores(wave)
    hidden = frozenset(group.group for group in scores.hidden_departments)
    department = ui.department_filter(
        lang, insights.department_options(scores), hidden, container=department_col
    )
    group = scores.department(department)

    if group.suppressed:
        st.info(insights.hidden_reason(group, scores.min_size, lang), icon=":material/lock:")
        st.stop()

    ui.chart(charts.stage_profile(group, scores.organisation, instrument, lang), key="stage_profile")
    ui.chart(charts.department_gaps(group, scores.organisation, instrument, lang), key="department_gaps")

    st.subheader(t("departments.checklist", lang))
    st.caption(t("departments.checklist_help", lang))
    st.markdown(insights.checklist_markdown(insights.checklist(group, instrument, lang), lang))

    for code, build, key in (
        ("KOM", charts.competency_profile, "competencies"),
        ("TRA", charts.transparency_chart, "transparency"),
    ):
        ui.chart(
            build(
                ui.facet_scores(wave, code, department),
                ui.facet_scores(wave, code, None),
                department,
                instrument,
                lang,
            ),
            key=key,
        )

    st.subheader(t("departments.items", lang))
    st.caption(t("departments.items_help", lang))
    distribution = ui.item_distribution(wave, department)
    tabs = st.tabs([instrument.dimension(code).name(lang) for code in instrument.dimension_codes])
    for tab, code in zip(tabs, instrument.dimension_codes, strict=True):
        with tab:
            ui.chart(charts.likert_bars(distribution, code, instrument, lang), key=f"likert_{code}")

    st.subheader(t("departments.comments", lang))
    lists = ui.comment_lists(wave)
    comments = lists.of(department) or lists.organisation
    about = (
        "departments.comments_help"
        if lists.of(department)
        else "departments.comments_pooled"
        if comments
        else "departments.comments_none"
    )
    st.caption(t(about, lang, comments=ui.min_comments()))
    if comments:
        with st.container(height=360 if len(comments) > 8 else "content", border=True, key="comments"):
            st.markdown(insights.comments_markdown(comments))
