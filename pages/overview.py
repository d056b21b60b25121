"""Overview for leadership: where the organisation stands, what changed, and what to do next."""

import streamlit as st

import ui
from smm_maturity import charts, insights
from smm_maturity.i18n import escape_markdown, t

NARROW_SWAP_CSS = (
    "<style>.st-key-heatmap_narrow{display:none}"
    "@media (max-width: 640px){.st-key-heatmap_wide{display:none}.st-key-heatmap_narrow{display:block}}</style>"
)
"""On a phone the heatmap gives way to a ranked list of the departments."""


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

    people = ui.participation(wave)
    metrics = insights.standing_metrics(scores, previous, people, instrument, lang)
    for row in (metrics[:2], metrics[2:]):
        for column, metric in zip(st.columns(2), row, strict=True):
            column.metric(
                metric.label,
                metric.value,
                delta=metric.delta or metric.detail or None,
                delta_color="normal" if metric.delta else "off",
                delta_arrow="auto" if metric.delta else "off",
                delta_description=escape_markdown(metric.since) if metric.delta else None,
                help=metric.help or None,
                border=True,
            )
    if previous is not None:
        ui.chart(charts.change_since(ui.trend(None), wave, instrument, lang), key="change")
    else:
        ui.chart(charts.stage_profile(organisation, None, instrument, lang), key="profile")

    with st.container(key="heatmap_wide"):
        ui.chart(charts.stage_heatmap(scores, instrument, lang), key="heatmap")
    with st.container(key="heatmap_narrow"):
        st.subheader(t("overview.ranked", lang), anchor=False)
        st.markdown(insights.ranked_departments_markdown(scores, instrument, lang))
    st.html(NARROW_SWAP_CSS)

    strongest, weakest = insights.strongest_and_weakest(organisation, instrument, lang)
    for column, heading, entries in zip(
        st.columns(2, gap="large"),
        (t("overview.weakest", lang), t("overview.strongest", lang)),
        (weakest, strongest),
        strict=True,
    ):
        column.subheader(heading)
        for insight in entries:
            column.markdown(insights.insight_markdown(insight, lang))

    with st.expander(t("overview.participation_table", lang), icon=":material/groups:"):
        st.caption(f"{t('overview.participation_help', lang)} {charts.hidden_reason(scores.min_size, lang)}")
        st.dataframe(insights.participation_table(people, lang), hide_index=True, key="participation")
    comments = ui.organisation_comments(wave)
    if comments:
        with st.expander(t("overview.comments", lang), icon=":material/forum:"):
            st.caption(t("overview.comments_help", lang))
            st.markdown(insights.comments_markdown(comments))
