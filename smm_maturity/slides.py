"""The workshop deck as data: an ordered list of slides that the presentation page, the HTML report and
the PPTX deck all render, so that screen, report and deck tell the same story with the same numbers.

Every number comes from `scoring` (through `privacy`), every figure from `charts`; text is plain and
unescaped here, and each renderer escapes it for its own medium.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial

import duckdb
import pandas as pd
import plotly.graph_objects as go

from smm_maturity import branding, charts, claims, disclosure, insights, plans, scoring, store
from smm_maturity.i18n import format_date, format_number, t
from smm_maturity.insights import Metric
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.privacy import min_group_size

SHOWN_STATUSES = ("open", "in_progress", "done")
"""The statuses of the actions on the actions slide; dropped actions stay on the actions page only."""
ACTION_COLUMNS = ("dimension", "department", "title", "owner", "due", "status")
"""The columns of `plans.action_rows` that the actions slide shows."""


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Slide:
    """One slide; its figures are built on first use, so that showing one slide builds only its own charts."""

    kind: str
    title: str
    subtitle: str = ""
    metrics: tuple[Metric, ...] = ()
    builders: tuple[Callable[[], go.Figure], ...] = ()
    sections: tuple[Section, ...] = ()
    table: pd.DataFrame | None = None
    notes: str = ""
    department: str | None = None
    logo: str = ""

    @cached_property
    def figures(self) -> tuple[go.Figure, ...]:
        """The slide's figures, from `charts`."""
        return tuple(build() for build in self.builders)


@dataclass(frozen=True)
class Deck:
    """The slides of one wave in one language, with the scores and instrument they were built from.

    `scores` leaves out the excluded departments, so that every export of the deck shows the same groups;
    `previous` and `trend` are the organisation's published numbers of the earlier waves, which the PPTX
    draws as editable charts.
    """

    organisation: str
    wave: str
    lang: str
    day: date
    min_size: int
    slides: tuple[Slide, ...]
    scores: scoring.WaveScores
    instrument: Instrument
    excluded: frozenset[str] = frozenset()
    logo: str = ""
    """The client's logo as a data URL (PNG or SVG), empty when none is set."""
    previous: scoring.WaveScores | None = None
    trend: tuple[scoring.TrendPoint, ...] = ()


@dataclass(frozen=True)
class DeckData:
    """Everything a deck is built from, already scored and privacy-checked."""

    scores: scoring.WaveScores
    previous: scoring.WaveScores | None
    cells: Sequence[scoring.CollaborationCell]
    silos: Sequence[scoring.SiloScore]
    trend: Sequence[scoring.TrendPoint]
    participation: disclosure.Participation
    targets: Mapping[str, Mapping[str, int]]
    actions: Sequence[plans.Action]
    organisation: str = ""
    wave_names: tuple[str, ...] = field(default_factory=tuple)
    logo: str = ""
    interpretation: str = ""


ORGANISATION_TARGETS = ""
"""The key of the organisation's own targets in `DeckData.targets`; departments use their names."""


def load_deck_data(con: duckdb.DuckDBPyConnection, wave: str, min_size: int | None = None) -> DeckData:
    """Read and score everything a deck of one wave needs (used by the CLI and the exports)."""
    size = min_group_size(min_size)
    names = tuple(w.name for w in store.waves(con))
    scores = scoring.wave_scores(con, wave, size)
    previous_name = insights.previous_wave(names, wave)
    cells = scoring.collaboration_cells(con, wave, size)
    shown_waves = names[: names.index(wave) + 1] if wave in names else (wave,)
    previous = scoring.wave_scores(con, previous_name, size) if previous_name else None
    client = branding.branding(con)
    computed = {wave: scores} | ({previous_name: previous} if previous_name and previous is not None else {})
    return DeckData(
        scores=scores,
        previous=previous,
        cells=cells,
        silos=scoring.silo_scores(cells),
        trend=scoring.trend(con, list(shown_waves), None, size, computed=computed),
        participation=scoring.participation(con, wave, size),
        targets=deck_targets(con, scores),
        actions=plans.actions(con, SHOWN_STATUSES),
        organisation=client.name,
        wave_names=names,
        logo=client.logo,
        interpretation=store.wave_interpretation(con, wave),
    )


def deck_targets(con: duckdb.DuckDBPyConnection, scores: scoring.WaveScores) -> dict[str, dict[str, int]]:
    """The target stages of the organisation and of every department of a wave (with fallback)."""
    targets = {ORGANISATION_TARGETS: plans.target_stages(con)}
    for group in scores.departments:
        targets[group.group] = plans.target_stages(con, group.group)
    return targets


def without_departments(data: DeckData, excluded: frozenset[str]) -> DeckData:
    """The deck data with some departments left out of every breakdown (the organisation stays whole)."""
    if not excluded:
        return data
    scores = dataclasses.replace(
        data.scores, departments=tuple(g for g in data.scores.departments if g.group not in excluded)
    )
    return dataclasses.replace(
        data,
        scores=scores,
        cells=[c for c in data.cells if c.rater not in excluded and c.target not in excluded],
        silos=[s for s in data.silos if s.department not in excluded],
        actions=[a for a in data.actions if a.department not in excluded],
    )


# ---------------------------------------------------------------------------------------- helpers


def _number(value: float | None, lang: str, decimals: int = 2) -> str:
    """A mean as text in the language's number format."""
    return format_number(value, lang, decimals)


def _stage_label(instrument: Instrument, stage: int | None, lang: str) -> str:
    """A stage as its number and name, or a dash."""
    return f"{stage} {instrument.stage(stage).name(lang)}" if stage else "–"


def with_target(fig: go.Figure, stages: Mapping[str, int], instrument: Instrument, lang: str) -> go.Figure:
    """A radar figure with the target stages as a dotted ring; a lone target still shows as a marker.

    The ring reuses the angular labels of the figure's first trace, so it lands on the same axes.
    """
    if not stages or not fig.data:
        return fig
    codes = list(instrument.dimension_codes)
    means = plans.target_means(stages, instrument)
    theta = list(fig.data[0].theta)[: len(codes)]
    values = [means.get(code) for code in codes]
    hover = [
        f"{t('chart.target', lang)} · {instrument.dimension(code).name(lang)}: "
        f"{_stage_label(instrument, stages.get(code), lang)}"
        for code in codes
    ]
    fig.add_trace(
        go.Scatterpolar(
            r=[*values, values[0]],
            theta=[*theta, theta[0]],
            name=t("chart.target", lang),
            mode="lines+markers",
            line={"color": charts.STAGE_COLOURS[1], "width": 2.5, "dash": "dot"},
            marker={"symbol": "diamond", "size": 11, "color": charts.STAGE_COLOURS[1]},
            customdata=[*hover, hover[0]],
            hovertemplate="%{customdata}<extra></extra>",
            connectgaps=False,
        )
    )
    return fig


def organisation_figure(
    scores: scoring.WaveScores,
    previous: scoring.WaveScores | None,
    stages: Mapping[str, int],
    instrument: Instrument,
    lang: str,
) -> go.Figure:
    """The organisation's profile radar with its target stages; the change since the previous wave is a bar chart."""
    return with_target(charts.organisation_radar(scores, instrument, lang), stages, instrument, lang)


def _dimension_table(
    group: scoring.GroupScore,
    comparison: scoring.GroupScore | None,
    stages: Mapping[str, int],
    instrument: Instrument,
    lang: str,
) -> pd.DataFrame:
    """Per dimension of a shown group: mean, n, stage, the organisation's mean and the target stage."""
    rows = []
    for code in instrument.dimension_codes:
        cell = group.dimensions[code]
        hidden = cell.hidden or cell.mean is None
        row = {
            t("method.col.dimension", lang): instrument.dimension(code).name(lang),
            t("chart.mean", lang): t("chart.hidden", lang) if hidden else _number(cell.mean, lang),
            "n": "–" if hidden else format_number(cell.n, lang, 0),
            t("chart.stage", lang): "–" if hidden else _stage_label(instrument, cell.stage, lang),
        }
        if comparison is not None:
            other = comparison.dimensions[code]
            row[t("organisation", lang)] = _number(None if other.hidden else other.mean, lang)
        if stages:
            row[t("chart.target", lang)] = _stage_label(instrument, stages.get(code), lang)
        rows.append(row)
    return pd.DataFrame(rows)


def table_notes(table: pd.DataFrame | None) -> str:
    """The rows of a slide's table as plain lines, `column: value` separated by semicolons."""
    if table is None or table.empty:
        return ""
    columns = list(table.columns)
    return "\n".join(
        f"{row[columns[0]]}: " + "; ".join(f"{column} {row[column]}" for column in columns[1:])
        for row in table.to_dict("records")
    )


def _notes(*parts: str) -> str:
    """Notes paragraphs joined by blank lines, leaving out empty ones."""
    return "\n\n".join(part for part in parts if part)


# ----------------------------------------------------------------------------------------- slides


def title_slide(data: DeckData, lang: str, day: date, excluded: frozenset[str]) -> Slide:
    """The opening slide: organisation, wave and date."""
    scores = data.scores
    organisation = data.organisation or t("deck.organisation_default", lang)
    shown = len(scores.visible_departments)
    responses = (
        charts.hidden_label(lang)
        if scores.organisation.suppressed
        else format_number(scores.organisation.respondents, lang, 0)
    )
    metrics = (
        Metric(t("deck.responses", lang), responses),
        Metric(t("deck.departments", lang), format_number(len(scores.departments), lang, 0)),
    )
    notes = t(
        "deck.title.notes",
        lang,
        wave=scores.wave,
        responses=responses,
        departments=len(scores.departments),
        shown=shown,
        k=scores.min_size,
    )
    if excluded:
        notes = _notes(notes, t("deck.excluded_notes", lang, count=len(excluded)))
    return Slide(
        kind="title",
        logo=data.logo,
        title=organisation,
        subtitle=t("deck.title.subtitle", lang, wave=scores.wave, day=format_date(day, lang)),
        metrics=metrics,
        notes=notes,
    )


def standing_slide(data: DeckData, instrument: Instrument, lang: str) -> Slide:
    """Where the organisation stands: index, stage, change since the previous wave, and its profile."""
    scores, organisation = data.scores, data.scores.organisation
    title = t("deck.standing.title", lang)
    if organisation.suppressed or organisation.index is None:
        return Slide(
            kind="standing",
            title=title,
            sections=(Section(t("deck.too_few", lang, k=scores.min_size), ()),),
            notes=t("deck.too_few", lang, k=scores.min_size),
        )
    metrics = insights.standing_metrics(scores, data.previous, data.participation, instrument, lang)
    stages = data.targets.get(ORGANISATION_TARGETS, {})
    figure = partial(organisation_figure, scores, data.previous, stages, instrument, lang)
    table = _dimension_table(organisation, None, stages, instrument, lang)
    notes = _notes(
        "\n".join(f"{m.label}: {m.value}{' (' + m.detail + ')' if m.detail else ''}" for m in metrics),
        table_notes(table),
    )
    return Slide(kind="standing", title=title, metrics=metrics, builders=(figure,), table=table, notes=notes)


def summary_slide(data: DeckData, instrument: Instrument, lang: str) -> Slide | None:
    """The management summary: a few sentences from the claims, and the consultant's interpretation if any."""
    found = claims.summary_claims(data.scores, data.trend, data.silos, instrument)
    sentences = claims.summary_sentences(found, instrument, lang)
    paragraphs = tuple(part.strip() for part in data.interpretation.split("\n\n") if part.strip())
    sections = (Section(t("deck.summary.findings", lang), sentences),) + (
        (Section(t("deck.summary.interpretation", lang), paragraphs),) if paragraphs else ()
    )
    notes = _notes(" ".join(sentences), data.interpretation.strip())
    return Slide("summary", t("deck.summary.title", lang), sections=sections, notes=notes) if found else None


def heatmap_table(scores: scoring.WaveScores, instrument: Instrument, lang: str) -> pd.DataFrame:
    """The heatmap's numbers: per group, n, the mean of each dimension and the overall mean.

    A hidden group shows no count and no mean, only the one reason of every hidden member.
    """
    rows = []
    visible = sorted(scores.visible_departments, key=lambda g: (-(g.index or 0.0), g.group))
    hidden = sorted(scores.hidden_departments, key=lambda g: g.group)
    for group in [scores.organisation, *visible, *hidden]:
        name = t("organisation", lang) if group.is_organisation else group.group
        row: dict[str, str] = {t("deck.col.group", lang): name}
        if group.suppressed:
            row["n"] = "–"
            for code in instrument.dimension_codes:
                row[code] = "–"
            row[t("chart.overall", lang)] = charts.hidden_label(lang)
        else:
            row["n"] = format_number(group.respondents, lang, 0)
            for code in instrument.dimension_codes:
                cell = group.dimensions[code]
                row[code] = "–" if cell.hidden or cell.mean is None else _number(cell.mean, lang)
            row[t("chart.overall", lang)] = _number(group.mean, lang)
        rows.append(row)
    return pd.DataFrame(rows)


def heatmap_slide(data: DeckData, instrument: Instrument, lang: str) -> Slide:
    """Department × dimension, coloured by stage, with hidden groups as grey rows."""
    table = heatmap_table(data.scores, instrument, lang)
    legend = ", ".join(
        f"{code} = {instrument.dimension(code).name(lang)}" for code in instrument.dimension_codes
    )
    hidden = [g.group for g in data.scores.hidden_departments]
    hidden_note = (
        t("deck.hidden_notes", lang, names=", ".join(hidden), k=data.scores.min_size) if hidden else ""
    )
    return Slide(
        kind="heatmap",
        title=t("deck.heatmap.title", lang),
        builders=(partial(charts.stage_heatmap, data.scores, instrument, lang),),
        table=table,
        notes=_notes(table_notes(table), legend, hidden_note),
    )


def silo_slide(data: DeckData, instrument: Instrument, lang: str) -> Slide | None:
    """The silo map as a network, with the silo score of each department behind it; None without ratings."""
    if not data.silos:
        return None
    table = insights.silo_table(data.silos, lang)
    found = claims.silo_claims(data.silos)
    summary = claims.silo_sentence(found, lang) if found else t("deck.silo.none_isolated", lang)
    return Slide(
        kind="silo",
        title=t("deck.silo.title", lang),
        builders=(partial(charts.silo_network, data.cells, data.silos, instrument, lang),),
        table=table,
        notes=_notes(summary, table_notes(table), t("silo.table_help", lang)),
    )


def _insight_line(insight: insights.DimensionInsight, lang: str, gap: int | None) -> str:
    """One dimension as a line: name, mean and stage, and the stages still missing to its target."""
    line = t(
        "deck.insight",
        lang,
        name=insight.name,
        mean=_number(insight.mean, lang),
        stage=insight.stage_name,
    )
    if gap:
        line += " · " + t("deck.gap", lang, count=gap)
    return line


def strengths_slide(data: DeckData, instrument: Instrument, lang: str) -> Slide | None:
    """The three strongest and three weakest dimensions of the organisation, each with the rubric's next step."""
    organisation = data.scores.organisation
    if organisation.suppressed:
        return None
    strongest, weakest = insights.strongest_and_weakest(organisation, instrument, lang)
    gaps = plans.target_gaps(organisation, data.targets.get(ORGANISATION_TARGETS, {}))
    sections = (
        Section(
            t("deck.strengths", lang),
            tuple(_insight_line(i, lang, gaps.get(i.code)) for i in strongest),
        ),
        Section(
            t("deck.gaps", lang),
            tuple(
                _insight_line(i, lang, gaps.get(i.code)) + "\n→ " + i.next_step
                for i in weakest
                if i.next_step
            ),
        ),
    )
    table = pd.DataFrame(
        [
            {
                t("method.col.dimension", lang): i.name,
                t("chart.mean", lang): _number(i.mean, lang),
                t("chart.stage", lang): f"{i.stage} {i.stage_name}",
                t("method.col.next", lang): i.next_step,
            }
            for i in insights.ranked_dimensions(organisation, instrument, lang)
        ]
    )
    return Slide(
        kind="strengths",
        title=t("deck.strengths.title", lang),
        sections=sections,
        table=table,
        notes=table_notes(table),
    )


def department_slide(data: DeckData, group: scoring.GroupScore, instrument: Instrument, lang: str) -> Slide:
    """One shown department: its profile against the organisation and target, and its next steps."""
    organisation = data.scores.organisation
    stages = data.targets.get(group.group, data.targets.get(ORGANISATION_TARGETS, {}))
    figure = partial(charts.department_gaps, group, organisation, instrument, lang)
    headline = claims.gap_sentence(group, organisation, instrument, lang)
    _, weakest = insights.strongest_and_weakest(group, instrument, lang)
    gaps = plans.target_gaps(group, stages)
    table = _dimension_table(group, organisation, stages, instrument, lang)
    metrics = (
        Metric(t("overview.index", lang), format_number(group.index, lang, 1)),
        Metric(t("overview.stage", lang), instrument.stage(group.stage).name(lang) if group.stage else "–"),
        Metric("n", format_number(group.respondents, lang, 0)),
    )
    sections = (
        Section(
            t("deck.next_steps", lang),
            tuple(
                _insight_line(i, lang, gaps.get(i.code)) + "\n→ " + i.next_step
                for i in weakest[:3]
                if i.next_step
            ),
        ),
    )
    return Slide(
        kind="department",
        title=group.group,
        subtitle=t("deck.department.subtitle", lang),
        metrics=metrics,
        builders=(figure,),
        sections=sections,
        table=table,
        notes=_notes(
            headline,
            t(
                "deck.department.notes",
                lang,
                name=group.group,
                n=format_number(group.respondents, lang, 0),
                index=format_number(group.index, lang, 1),
                stage=_stage_label(instrument, group.stage, lang),
            ),
            table_notes(table),
        ),
        department=group.group,
    )


def trend_slide(data: DeckData, instrument: Instrument, lang: str) -> Slide:
    """Each dimension across the waves for the organisation, with clear changes marked."""
    table = insights.trend_table(data.trend, instrument, lang)
    return Slide(
        kind="trend",
        title=t("deck.trend.title", lang),
        builders=(partial(charts.trend_lines, data.trend, instrument, lang, t("organisation", lang)),),
        table=table,
        notes=_notes(table_notes(table), t("deck.trend.notes", lang)),
    )


def actions_table(actions: Sequence[plans.Action], instrument: Instrument, lang: str) -> pd.DataFrame:
    """The actions as a readable table: dimension, department, title, owner, due date and status."""
    names = plans.Names(instrument, lang)
    rows = plans.action_rows(actions, names)
    readable = rows.assign(
        owner=[owner or "–" for owner in rows["owner"]],
        due=[format_date(due, lang) for due in rows["due"]],
        status=[names.status(status) for status in rows["status"]],
    )
    return readable[list(ACTION_COLUMNS)].rename(columns=names.columns())


def actions_slide(data: DeckData, instrument: Instrument, lang: str) -> Slide:
    """The agreed actions, open ones first."""
    table = actions_table(data.actions, instrument, lang)
    sections = () if len(table) else (Section(t("deck.actions.none", lang), ()),)
    return Slide(
        kind="actions",
        title=t("deck.actions.title", lang),
        sections=sections,
        table=table,
        notes=table_notes(table) or t("deck.actions.none", lang),
    )


def build_deck(
    data: DeckData,
    lang: str,
    instrument: Instrument | None = None,
    excluded: frozenset[str] = frozenset(),
    day: date | None = None,
) -> Deck:
    """The slides of a workshop, in order: title, summary, standing, heatmap, silo map, strengths and gaps, one per
    shown department that is not excluded, trend, actions."""
    instrument = instrument or load_instrument()
    excluded = frozenset(excluded)
    day = day or date.today()
    shown = without_departments(data, excluded)
    slides: list[Slide | None] = [
        title_slide(shown, lang, day, excluded),
        summary_slide(shown, instrument, lang),
        standing_slide(shown, instrument, lang),
        heatmap_slide(shown, instrument, lang),
        silo_slide(shown, instrument, lang),
        strengths_slide(shown, instrument, lang),
        *(department_slide(shown, group, instrument, lang) for group in shown.scores.visible_departments),
        trend_slide(shown, instrument, lang),
        actions_slide(shown, instrument, lang),
    ]
    return Deck(
        organisation=data.organisation or t("deck.organisation_default", lang),
        wave=data.scores.wave,
        lang=lang,
        day=day,
        min_size=data.scores.min_size,
        slides=tuple(slide for slide in slides if slide is not None),
        scores=shown.scores,
        instrument=instrument,
        excluded=excluded,
        logo=data.logo,
        previous=shown.previous,
        trend=tuple(shown.trend),
    )
