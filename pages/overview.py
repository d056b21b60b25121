"""Overview for leadership: where the organisation stands, what changed, and what to do next."""

import streamlit as st

import ui
from smm_maturity import charts, insights
from smm_maturity.i18n import escape_markdown, format_delta, format_number, format_percent, t


def render() -> None:
    """Draw this screen."""
    lang = ui.language()
    if ui.welcome_if_empty(lang):
        st.stop()
    instrument = ui.instrument()
    wave = ui.header(t("overview.title", lang), lang)
    scores = ui.wave_scores(wave)
    previous = ui.previous_scores(wave)
    organisation = scores.organisation
    if organisation.suppressed:
        st.info(t("overview.too_few", lang, k=scores.min_size))
        st.stop()

    people = insights.participation(scores, ui.headcounts())
    before = previous.organisation if previous is not None else None
    index_col, stage_col, responses_col, share_col = st.columns([1, 1.5, 1, 1])
    index_col.metric(
        t("overview.index", lang),
        format_number(organisation.index, lang, 1),
        delta=format_delta(insights.change(organisation.index, before.index if before else None), lang, 1),
        delta_description=t("overview.since", lang, wave=escape_markdown(previous.wave))
        if previous
        else None,
        help=t("overview.index_help", lang),
        border=True,
    )
    stage_col.metric(
        t("overview.stage", lang),
        instrument.stage(organisation.stage).name(lang),
        delta=t("overview.stage_of", lang, stage=organisation.stage),
        delta_color="off",
        delta_arrow="off",
        help=t("overview.stage_help", lang),
        border=True,
    )
    responses_col.metric(
        t("overview.responses", lang),
        format_number(people.responses, lang, 0),
        delta=format_delta(
            insights.change(people.responses, before.respondents if before else None), lang, 0
        ),
        delta_description=t("overview.since", lang, wave=escape_markdown(previous.wave))
        if previous
        else None,
        help=t("overview.responses_help", lang, shown=people.shown_departments, total=people.departments),
        border=True,
    )
    share_col.metric(
        t("overview.participation", lang),
        format_percent(people.share, lang),
        delta=t("overview.of_headcount", lang, headcount=format_number(people.headcount, lang, 0))
        if people.headcount
        else t("overview.no_headcount", lang),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )

    ui.chart(charts.stage_heatmap(scores, instrument, lang), key="heatmap")

    radar_col, actions_col = st.columns([1, 1], gap="large")
    with radar_col:
        ui.chart(charts.organisation_radar(scores, previous, instrument, lang), key="radar")
    with actions_col:
        strongest, weakest = insights.strongest_and_weakest(organisation, instrument, lang)
        st.subheader(t("overview.weakest", lang))
        for insight in weakest:
            st.markdown(insights.insight_markdown(insight, lang))
        st.subheader(t("overview.strongest", lang))
        for insight in strongest:
            st.markdown(insights.insight_markdown(insight, lang))
