"""What the pages say in words and tables: strongest and weakest dimensions, next steps, participation.

Everything here rearranges numbers that `scoring` already computed; nothing is computed twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from smm_maturity import disclosure
from smm_maturity.i18n import (
    escape_markdown,
    format_delta,
    format_number,
    format_p_value,
    format_percent,
    format_signed,
    t,
)
from smm_maturity.instrument import Instrument
from smm_maturity.scoring import GroupScore, Reliability, SiloScore, TrendPoint, WaveScores


@dataclass(frozen=True)
class DimensionInsight:
    code: str
    name: str
    mean: float
    stage: int
    stage_name: str
    next_stage_name: str | None
    next_step: str


def _insight(group: GroupScore, code: str, instrument: Instrument, lang: str) -> DimensionInsight:
    score = group.dimensions[code]
    stage = score.stage or 1
    entry = instrument.rubric_entry(code, stage)
    return DimensionInsight(
        code=code,
        name=instrument.dimension(code).name(lang),
        mean=float(score.mean or 0.0),
        stage=stage,
        stage_name=instrument.stage(stage).name(lang),
        next_stage_name=instrument.stage(stage + 1).name(lang) if stage < 5 else None,
        next_step=entry.next_step(lang) if entry is not None else "",
    )


def ranked_dimensions(group: GroupScore, instrument: Instrument, lang: str) -> list[DimensionInsight]:
    """The group's shown dimensions from the highest mean to the lowest, each with the rubric's next step."""
    shown = [
        code
        for code in instrument.dimension_codes
        if not group.dimensions[code].hidden and group.dimensions[code].mean is not None
    ]
    ranked = sorted(shown, key=lambda code: (-(group.dimensions[code].mean or 0.0), code))
    return [_insight(group, code, instrument, lang) for code in ranked]


def strongest_and_weakest(
    group: GroupScore, instrument: Instrument, lang: str, count: int = 3
) -> tuple[list[DimensionInsight], list[DimensionInsight]]:
    """The `count` strongest dimensions (best first) and the `count` weakest (weakest first)."""
    ranked = ranked_dimensions(group, instrument, lang)
    strongest = ranked[:count]
    weakest = [insight for insight in reversed(ranked) if insight not in strongest][:count]
    return strongest, weakest


def checklist(group: GroupScore, instrument: Instrument, lang: str) -> list[DimensionInsight]:
    """The next-stage checklist: for each shown dimension in questionnaire order, the rubric's next step."""
    return [
        _insight(group, code, instrument, lang)
        for code in instrument.dimension_codes
        if not group.dimensions[code].hidden and group.dimensions[code].mean is not None
    ]


def change(current: float | None, previous: float | None, places: int) -> float | None:
    """The difference between two published figures at `places` decimals, or None when either is missing.

    Taken from their decimal values and rounded half-up, so 62.5 - 64.0 is -1.5 and never -1.4999999.
    """
    if current is None or previous is None:
        return None
    return disclosure.difference(current, previous, places)


@dataclass(frozen=True)
class Metric:
    """One headline number as a slide shows it: label, value and a line of detail.

    A page's metric box adds the change with an ASCII sign (`delta`, so that its arrow points the right
    way), what the change is measured against (`since`) and a help text.
    """

    label: str
    value: str
    detail: str = ""
    delta: str | None = None
    since: str = ""
    help: str = ""


def _with_change(
    label: str, value: str, difference: float | None, decimals: int, since: str, help_text: str, lang: str
) -> Metric:
    """A metric whose detail is its change since the previous wave, when there is one."""
    if difference is None:
        return Metric(label, value, help=help_text)
    detail = f"{format_signed(difference, lang, decimals)} {since}"
    return Metric(label, value, detail, format_delta(difference, lang, decimals), since, help_text)


def standing_metrics(
    scores: WaveScores,
    previous: WaveScores | None,
    people: disclosure.Participation,
    instrument: Instrument,
    lang: str,
) -> tuple[Metric, ...]:
    """Index, stage, responses and participation of a shown organisation, for the overview and the deck.

    Index and responses carry their change since the previous wave when that wave's organisation was shown;
    participation is the organisation's share of the headcount as `scoring.participation` publishes it.
    """
    organisation = scores.organisation
    shown_before = previous is not None and not previous.organisation.suppressed
    before = previous.organisation if previous is not None and shown_before else None
    since = t("overview.since", lang, wave=previous.wave) if previous is not None and shown_before else ""
    headcount = format_number(people.headcount, lang, 0)
    shown, total = len(scores.visible_departments), len(scores.departments)
    return (
        _with_change(
            t("overview.index", lang),
            format_number(organisation.index, lang, 1),
            change(organisation.index, before.index if before else None, disclosure.INDEX_PLACES),
            1,
            since,
            t("overview.index_help", lang),
            lang,
        ),
        Metric(
            t("overview.stage", lang),
            instrument.stage(organisation.stage or 1).name(lang),
            t("overview.stage_of", lang, stage=organisation.stage),
            help=t("overview.stage_help", lang),
        ),
        _with_change(
            t("overview.responses", lang),
            format_number(organisation.respondents, lang, 0),
            change(organisation.respondents, before.respondents if before else None, 0),
            0,
            since,
            t("overview.responses_help", lang, shown=shown, total=total),
            lang,
        ),
        Metric(
            t("overview.participation", lang),
            format_percent(people.share, lang),
            t("overview.of_headcount", lang, headcount=headcount)
            if people.headcount
            else t("overview.no_headcount", lang),
            help=t("overview.participation_card_help", lang),
        ),
    )


def participation_table(people: disclosure.Participation, lang: str) -> pd.DataFrame:
    """Responses against headcount, the organisation first, then each department that answered.

    A hidden department shows no count, no share and no headcount, only the one reason of every hidden member
    in a few words: a small headcount would bound its count (a headcount of 1 says exactly one answered).
    """
    hidden = t("hidden.short", lang)
    rows = [(t("organisation", lang), people.responses, people.headcount, people.share, False)]
    rows += [(row.group, row.responses, row.headcount, row.share, row.hidden) for row in people.departments]
    return pd.DataFrame(
        {
            t("participation.col.group", lang): [name for name, *_ in rows],
            t("participation.col.responses", lang): [
                hidden if is_hidden else format_number(responses, lang, 0)
                for _, responses, _, _, is_hidden in rows
            ],
            t("participation.col.headcount", lang): [
                format_number(None if is_hidden else count, lang, 0) for _, _, count, _, is_hidden in rows
            ],
            t("participation.col.share", lang): [format_percent(share, lang) for _, _, _, share, _ in rows],
        }
    )


def previous_wave(wave_names: Sequence[str], wave: str) -> str | None:
    """The wave before this one, if any."""
    if wave not in wave_names:
        return None
    index = list(wave_names).index(wave)
    return wave_names[index - 1] if index > 0 else None


def hidden_reason(group: GroupScore, min_size: int, lang: str) -> str:
    """Why a department shows no scores: the one reason of every hidden group, which tells no count."""
    return t(disclosure.HIDDEN_REASON, lang, k=min_size)


def department_options(scores: WaveScores) -> list[str]:
    """Every department that answered in a wave: the shown ones first, alphabetically, then the hidden ones."""
    return [group.group for group in scores.visible_departments] + [
        group.group for group in scores.hidden_departments
    ]


def instrument_table(instrument: Instrument, lang: str) -> pd.DataFrame:
    """The questionnaire as a readable table: dimension, item code, wording and reverse coding."""
    yes, no = t("common.yes", lang), t("common.no", lang)
    return pd.DataFrame(
        {
            t("method.col.dimension", lang): [
                instrument.dimension(item.dimension).name(lang) for item in instrument.items
            ],
            t("method.col.code", lang): [item.code for item in instrument.items],
            t("method.col.text", lang): [item.text(lang) for item in instrument.items],
            t("method.col.reverse", lang): [yes if item.reverse else no for item in instrument.items],
        }
    )


def stage_table(instrument: Instrument, lang: str) -> pd.DataFrame:
    """The five stages with the mean and the index from which each begins."""
    stages = instrument.stages
    return pd.DataFrame(
        {
            t("method.col.stage", lang): [stage.level for stage in stages],
            t("method.col.name", lang): [stage.name(lang) for stage in stages],
            t("method.col.from_mean", lang): [
                format_number(stage.min_mean, lang, 2) if stage.level > 1 else t("method.lowest", lang)
                for stage in stages
            ],
            t("method.col.from_index", lang): [
                format_number((stage.min_mean - 1) / 4 * 100, lang, 0) if stage.level > 1 else "0"
                for stage in stages
            ],
        }
    )


def rubric_table(instrument: Instrument, dimension: str, lang: str) -> pd.DataFrame:
    """The rubric of one dimension: per stage, what it looks like and the next step."""
    rows = [instrument.rubric_entry(dimension, stage.level) for stage in instrument.stages]
    return pd.DataFrame(
        {
            t("method.col.stage", lang): [f"{stage.level} {stage.name(lang)}" for stage in instrument.stages],
            t("method.col.looks", lang): [row.looks(lang) if row else "" for row in rows],
            t("method.col.next", lang): [row.next_step(lang) if row else "" for row in rows],
        }
    )


def reliability_table(
    reliabilities: Sequence[Reliability], instrument: Instrument, lang: str
) -> pd.DataFrame:
    """Cronbach's alpha per dimension, with a verdict that marks values below 0.7.

    The n of complete answers is given with an alpha only: without one it may be fewer than k people.
    """
    return pd.DataFrame(
        {
            t("method.col.dimension", lang): [
                instrument.dimension(r.dimension).name(lang) for r in reliabilities
            ],
            "α": [format_number(r.alpha, lang, 2) for r in reliabilities],
            "n": [format_number(r.n if r.alpha is not None else None, lang, 0) for r in reliabilities],
            t("method.col.verdict", lang): [
                t("method.alpha_ok", lang)
                if r.acceptable
                else t("method.alpha_low", lang)
                if r.alpha is not None
                else t("method.alpha_none", lang)
                for r in reliabilities
            ],
        }
    )


def silo_table(silos: Sequence[SiloScore], lang: str) -> pd.DataFrame:
    """Per department: the silo score, the mean rating it gives and receives, and whether it is isolated."""
    ordered = sorted(silos, key=lambda s: (s.score is None, s.score or 0.0, s.department))
    return pd.DataFrame(
        {
            t("silo.col.department", lang): [s.department for s in ordered],
            t("silo.col.score", lang): [format_number(s.score, lang, 2) for s in ordered],
            t("silo.col.gives", lang): [
                format_number(s.given, lang, 2) if s.given is not None else t("chart.given_hidden", lang)
                for s in ordered
            ],
            t("silo.col.receives", lang): [format_number(s.received, lang, 2) for s in ordered],
            t("silo.col.status", lang): [
                t("silo.isolated", lang)
                if s.isolated
                else t("silo.connected", lang)
                if s.score is not None
                else "–"
                for s in ordered
            ],
        }
    )


def _verdict(point: TrendPoint, lang: str) -> str:
    """A change in the words of leadership: hidden, a clear change, within noise, or a dash for none."""
    if point.hidden:
        return t("trends.hidden", lang)
    if point.change is None:
        return "–"
    return t("chart.trend.clear", lang) if point.clear_change else t("chart.trend.flat", lang)


def _latest_points(points: Sequence[TrendPoint], instrument: Instrument) -> list[TrendPoint]:
    """The latest point of each dimension, in questionnaire order."""
    latest: dict[str, TrendPoint] = {}
    for point in points:
        latest[point.dimension] = point
    return [latest[code] for code in instrument.dimension_codes if code in latest]


def trend_table(points: Sequence[TrendPoint], instrument: Instrument, lang: str) -> pd.DataFrame:
    """The latest change of each dimension, as a clear change or within noise (the test is on the method page)."""
    rows = _latest_points(points, instrument)
    return pd.DataFrame(
        {
            t("method.col.dimension", lang): [instrument.dimension(p.dimension).name(lang) for p in rows],
            t("trends.col.mean", lang): [format_number(p.mean, lang, 2) for p in rows],
            t("trends.col.change", lang): [format_signed(p.change, lang, 2) for p in rows],
            t("trends.col.verdict", lang): [_verdict(p, lang) for p in rows],
        }
    )


def points_up_to(points: Sequence[TrendPoint], wave: str) -> list[TrendPoint]:
    """The trend points of the waves up to and including one wave."""
    waves = list(dict.fromkeys(p.wave for p in points))
    shown = set(waves[: waves.index(wave) + 1]) if wave in waves else set(waves)
    return [p for p in points if p.wave in shown]


def trend_statistics_table(points: Sequence[TrendPoint], instrument: Instrument, lang: str) -> pd.DataFrame:
    """The latest change of each dimension with the Welch test's p-value, for the method page."""
    rows = _latest_points(points, instrument)
    return pd.DataFrame(
        {
            t("method.col.dimension", lang): [instrument.dimension(p.dimension).name(lang) for p in rows],
            t("trends.col.change", lang): [format_signed(p.change, lang, 2) for p in rows],
            t("method.col.test", lang): [
                t("method.welch", lang) if p.change is not None else "–" for p in rows
            ],
            "p": [format_p_value(p.p_value, lang).removeprefix("p = ").removeprefix("p ") for p in rows],
            t("trends.col.verdict", lang): [_verdict(p, lang) for p in rows],
        }
    )


def ranked_departments_markdown(scores: WaveScores, instrument: Instrument, lang: str) -> str:
    """The heatmap for a narrow screen: the shown departments from the highest index down, then the hidden."""
    visible = sorted(scores.visible_departments, key=lambda g: (-(g.index or 0.0), g.group))
    lines = [
        t(
            "overview.ranked_line",
            lang,
            rank=rank,
            name=escape_markdown(group.group),
            index=format_number(group.index, lang, 1),
            stage=instrument.stage(group.stage).name(lang) if group.stage else "–",
        )
        for rank, group in enumerate(visible, start=1)
    ]
    lines += [
        f"- {escape_markdown(group.group)} · {t('hidden.short', lang)}"
        for group in sorted(scores.hidden_departments, key=lambda g: g.group)
    ]
    return "\n".join(lines)


def insight_markdown(insight: DimensionInsight, lang: str) -> str:
    """One dimension in a few words: name, mean and stage, then the rubric's next step."""
    return t(
        "insight.markdown",
        lang,
        name=insight.name,
        mean=format_number(insight.mean, lang, 2),
        stage=insight.stage,
        stage_name=insight.stage_name,
        next_step=insight.next_step,
    )


def checklist_markdown(entries: Sequence[DimensionInsight], lang: str) -> str:
    """The next-stage checklist as a Markdown task list, one line per dimension."""
    lines = []
    for entry in entries:
        target = (
            t("checklist.towards", lang, stage=entry.stage + 1, name=entry.next_stage_name)
            if entry.next_stage_name
            else t("checklist.keep", lang)
        )
        lines.append(
            f"- [ ] **{entry.name}** · {entry.stage_name} ({format_number(entry.mean, lang, 2)}) → {target}: "
            f"{entry.next_step}"
        )
    return "\n".join(lines)


def comments_markdown(comments: Sequence[str]) -> str:
    """The comments as a Markdown list in the order given, each text once and without counts.

    `scoring.comments` already orders them so that the order reveals nothing; a count would tell how many
    wrote the same words.
    """
    lines = []
    for comment in dict.fromkeys(comment.strip() for comment in comments):
        text = "  \n  ".join(escape_markdown(line.strip()) for line in comment.splitlines() if line.strip())
        if text:
            lines.append(f"- {text}")
    return "\n".join(lines)
