"""Every sentence the product says about the numbers: first stated as a claim (data), then worded.

A claim names its subject, what it is compared with, the dimension, the direction and the size, all taken from
published figures. The wording is chosen from the claim alone, so a sentence says "ahead" only for a claim
whose direction is "above", and "the most" only for the extreme of its candidates. Pages, charts, slides,
the report and the deck's notes all take their headlines from here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smm_maturity import disclosure
from smm_maturity.i18n import DEFAULT_LANGUAGE, catalogue, format_number, format_signed, t
from smm_maturity.instrument import Instrument
from smm_maturity.scoring import DimensionScore, GroupScore, SiloScore, TrendPoint, WaveScores
from smm_maturity.scoring.collaboration import ISOLATION_THRESHOLD

ORGANISATION = ""
"""The subject or comparison that stands for the whole organisation."""
DIMENSIONS = "dimensions"
"""The comparison of a dimension with the group's other dimensions."""
DEPARTMENTS = "departments"
"""The comparison of a department with the other shown departments."""
ABOVE, BELOW, LEVEL = "above", "below", "level"
HIGHEST, LOWEST = "highest", "lowest"
MOST, ALL = "most", "all"
OPENNESS_GAP = 0.2
"""How much more open one side of transparency must be than the other before a headline says so."""


@dataclass(frozen=True)
class Claim:
    """One statement about published figures, before it is worded.

    `kind` names what is compared: "gap" (a department against the organisation, per dimension), "change" (a
    group against an earlier wave), "rank" (a dimension among the group's dimensions), "department" (a
    department among the shown ones, by index), "standing" (the organisation's stage and index), "silo" (a
    department's silo score against the isolation threshold) and "clear" (how many dimensions changed
    clearly). `scope` is "most" when the claim names the extreme of its candidates and "all" when its
    direction also holds for every candidate. Further kinds: "facet" (a facet among the group's facets, its name
    in `dimension`), "openness" (external minus internal transparency), "received" (the department rated
    lowest by the others) and "self_image" (a department's ratings given minus received). `clear` says whether a change is a clear one (p < 0.05).
    `stage` is the organisation's stage in a "standing" claim.
    """

    kind: str
    subject: str
    comparison: str
    dimension: str | None
    direction: str
    size: float | None
    scope: str = MOST
    clear: bool | None = None
    stage: int | None = None
    also: tuple[str, ...] = ()
    """Further dimensions that share the extreme `size` exactly, named with the first."""


# -------------------------------------------------------------------------------------------- claims


def _shown_mean(group: GroupScore, code: str) -> float | None:
    """A group's published mean of a dimension, or None when it is hidden or missing."""
    cell = group.dimensions.get(code)
    return cell.mean if cell is not None and not cell.hidden else None


def _ties(sizes: dict[str, float], code: str) -> tuple[str, ...]:
    """The other dimensions whose size equals that of `code`, in questionnaire order."""
    return tuple(other for other, size in sizes.items() if other != code and size == sizes[code])


def _direction(size: float) -> str:
    return ABOVE if size > 0 else BELOW if size < 0 else LEVEL


def _extremes(
    kind: str, subject: str, comparison: str, sizes: dict[str, float], clear: dict[str, bool] | None = None
) -> tuple[Claim, ...]:
    """The claims about a set of differences: the largest above and the largest below, or that all are level.

    A tie goes to the first dimension in questionnaire order; the scope is "all" when every difference points
    the same way.
    """
    if not sizes:
        return ()
    best = max(sizes, key=lambda code: sizes[code])
    worst = min(sizes, key=lambda code: sizes[code])
    claims = []
    for code, direction in ((best, ABOVE), (worst, BELOW)):
        size = sizes[code]
        if _direction(size) != direction:
            continue
        every = all(_direction(value) == direction for value in sizes.values())
        claims.append(
            Claim(
                kind,
                subject,
                comparison,
                code,
                direction,
                size,
                ALL if every else MOST,
                clear.get(code) if clear is not None else None,
                also=_ties(sizes, code),
            )
        )
    if not claims:
        return (Claim(kind, subject, comparison, None, LEVEL, 0.0, ALL),)
    return tuple(claims)


def gap_claims(group: GroupScore, organisation: GroupScore, instrument: Instrument) -> tuple[Claim, ...]:
    """Where a department is furthest above and below the organisation, from the published means."""
    sizes = {}
    for code in instrument.dimension_codes:
        ours, theirs = _shown_mean(group, code), _shown_mean(organisation, code)
        if ours is not None and theirs is not None:
            sizes[code] = disclosure.difference(ours, theirs, disclosure.MEAN_PLACES)
    return _extremes("gap", group.group, ORGANISATION, sizes)


def latest_changes(points: Sequence[TrendPoint], wave: str | None = None) -> list[TrendPoint]:
    """The trend points of one wave (the latest when None) that carry a change against the wave before."""
    shown_wave = wave if wave is not None else (points[-1].wave if points else None)
    return [p for p in points if p.wave == shown_wave and p.change is not None and not p.hidden]


def previous_wave_of(points: Sequence[TrendPoint], wave: str | None = None) -> str | None:
    """The wave before the given one (the latest when None) among the trend's waves."""
    waves = list(dict.fromkeys(p.wave for p in points))
    shown_wave = wave if wave is not None else (waves[-1] if waves else None)
    if shown_wave not in waves or waves.index(shown_wave) == 0:
        return None
    return waves[waves.index(shown_wave) - 1]


def change_claims(
    points: Sequence[TrendPoint], subject: str = ORGANISATION, wave: str | None = None
) -> tuple[Claim, ...]:
    """Where a group rose and fell most since the wave before, from the trend's published changes."""
    previous = previous_wave_of(points, wave)
    changes = latest_changes(points, wave)
    if previous is None or not changes:
        return ()
    sizes = {p.dimension: disclosure.round_half_up(p.change or 0.0, disclosure.MEAN_PLACES) for p in changes}
    return _extremes("change", subject, previous, sizes, {p.dimension: p.clear_change for p in changes})


def biggest_change(points: Sequence[TrendPoint], wave: str | None = None) -> Claim | None:
    """The organisation's largest change since the wave before, either way (the first of equals)."""
    previous = previous_wave_of(points, wave)
    changes = latest_changes(points, wave)
    if previous is None or not changes:
        return None
    largest = max(changes, key=lambda p: abs(p.change or 0.0))
    size = disclosure.round_half_up(largest.change or 0.0, disclosure.MEAN_PLACES)
    if size == 0:
        return Claim("change", ORGANISATION, previous, None, LEVEL, 0.0, ALL)
    return Claim(
        "change",
        ORGANISATION,
        previous,
        largest.dimension,
        _direction(size),
        size,
        MOST,
        largest.clear_change,
    )


def clear_claim(points: Sequence[TrendPoint], subject: str, wave: str | None = None) -> Claim | None:
    """How many dimensions changed clearly since the wave before, or None without an earlier wave."""
    previous = previous_wave_of(points, wave)
    changes = latest_changes(points, wave)
    if previous is None or not changes:
        return None
    count = sum(1 for p in changes if p.clear_change)
    return Claim("clear", subject, previous, None, ABOVE if count else LEVEL, float(count), clear=count > 0)


def rank_claims(group: GroupScore, instrument: Instrument) -> tuple[Claim, ...]:
    """The group's strongest and weakest shown dimension by mean (the first of equals), when two are shown."""
    means = {
        code: mean for code in instrument.dimension_codes if (mean := _shown_mean(group, code)) is not None
    }
    if len(means) < 2:
        return ()
    best = max(means, key=lambda code: means[code])
    worst = min(means, key=lambda code: means[code])
    if means[best] == means[worst]:
        return ()
    subject = ORGANISATION if group.is_organisation else group.group
    return (
        Claim("rank", subject, DIMENSIONS, best, HIGHEST, means[best], also=_ties(means, best)),
        Claim("rank", subject, DIMENSIONS, worst, LOWEST, means[worst], also=_ties(means, worst)),
    )


def department_claims(scores: WaveScores) -> tuple[Claim, ...]:
    """The shown department with the highest and the lowest index, when they differ."""
    shown = [g for g in scores.visible_departments if g.index is not None]
    if len(shown) < 2:
        return ()
    ordered = sorted(shown, key=lambda g: (-(g.index or 0.0), g.group))
    best, worst = ordered[0], ordered[-1]
    if best.index == worst.index:
        return ()
    return (
        Claim("department", best.group, DEPARTMENTS, None, HIGHEST, best.index),
        Claim("department", worst.group, DEPARTMENTS, None, LOWEST, worst.index),
    )


def standing_claim(scores: WaveScores) -> Claim | None:
    """The organisation's stage and index, when it is shown."""
    organisation = scores.organisation
    if organisation.suppressed or organisation.index is None:
        return None
    return Claim("standing", ORGANISATION, "", None, LEVEL, organisation.index, ALL, stage=organisation.stage)


def silo_claims(silos: Sequence[SiloScore]) -> tuple[Claim, ...]:
    """Each isolated department, weakest first; without one, the least connected department with a score."""
    scored = sorted((s for s in silos if s.score is not None), key=lambda s: (s.score or 0.0, s.department))
    isolated = [s for s in scored if s.isolated]
    if isolated:
        return tuple(Claim("silo", s.department, "", None, BELOW, s.score, ALL) for s in isolated)
    if not scored:
        return ()
    return (Claim("silo", scored[0].department, DEPARTMENTS, None, LOWEST, scored[0].score),)


def facet_claims(order: Sequence[str], facets: Mapping[str, DimensionScore]) -> tuple[Claim, ...]:
    """The strongest and weakest shown facet (the first of equals), when two are shown and they differ."""
    means = {
        facet: score.mean for facet in order if (score := facets[facet]).mean is not None and not score.hidden
    }
    if len(means) < 2 or max(means.values()) == min(means.values()):
        return ()
    best = max(means, key=lambda facet: means[facet])
    worst = min(means, key=lambda facet: means[facet])
    return (
        Claim("facet", "", DIMENSIONS, best, HIGHEST, means[best]),
        Claim("facet", "", DIMENSIONS, worst, LOWEST, means[worst]),
    )


def openness_claim(facets: Mapping[str, DimensionScore]) -> Claim | None:
    """Whether external transparency is clearly above (or below) internal, from the published means."""
    internal, external = facets.get("internal"), facets.get("external")
    if internal is None or external is None or internal.hidden or external.hidden:
        return None
    if internal.mean is None or external.mean is None:
        return None
    size = disclosure.difference(external.mean, internal.mean, disclosure.MEAN_PLACES)
    direction = ABOVE if size >= OPENNESS_GAP else BELOW if size <= -OPENNESS_GAP else LEVEL
    return Claim("openness", "", "internal", "external", direction, size)


def received_claim(silos: Sequence[SiloScore]) -> Claim | None:
    """The department the others rate lowest (the first of equals in the given order)."""
    received = [s for s in silos if s.received is not None]
    if not received:
        return None
    weakest = min(received, key=lambda s: s.received or 0.0)
    return Claim("received", weakest.department, DEPARTMENTS, None, LOWEST, weakest.received)


def self_image_claim(silos: Sequence[SiloScore]) -> Claim | None:
    """The department whose ratings of the others differ most from theirs of it, and which way."""
    both = [s for s in silos if s.given is not None and s.received is not None]
    if not both:
        return None
    sizes = {
        s.department: disclosure.difference(s.given or 0.0, s.received or 0.0, disclosure.MEAN_PLACES)
        for s in both
    }
    widest = max(sizes, key=lambda name: abs(sizes[name]))
    return Claim("self_image", widest, "others", None, _direction(sizes[widest]), sizes[widest])


# ------------------------------------------------------------------------------------------- wording


def in_dimension(code: str, instrument: Instrument, lang: str) -> str:
    """A dimension after "bei"/"in", with the article and case the language needs ("bei der Digitalen Augenhöhe")."""
    key = f"claim.in.{code}"
    if key in catalogue(DEFAULT_LANGUAGE):
        return t(key, lang)
    return t("claim.in", lang, name=instrument.dimension(code).name(lang))


def in_dimensions(claim: Claim, instrument: Instrument, lang: str) -> str:
    """The claim's dimension after "bei"/"in", with those that tie with it: "bei X und bei Y"."""
    codes = [code for code in (claim.dimension, *claim.also) if code]
    return names_list([in_dimension(code, instrument, lang) for code in codes], lang)


def names_list(names: Sequence[str], lang: str) -> str:
    """Names as a list in running text: "A, B und C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('claim.and', lang)} {names[-1]}"


def subject_name(subject: str, lang: str) -> str:
    """The subject as named in a sentence: a department's name, or the organisation."""
    return subject or t("organisation", lang)


def verdict(claim: Claim, lang: str) -> str:
    """A change in the words of leadership: a clear change, or within noise."""
    return t("claim.verdict.clear" if claim.clear else "claim.verdict.noise", lang)


def _pair_key(prefix: str, claims: Sequence[Claim]) -> str:
    """The template of a pair of extremes: mixed, all above/below, only above/below, or level."""
    directions = {c.direction: c for c in claims}
    if ABOVE in directions and BELOW in directions:
        return f"{prefix}.mixed"
    if LEVEL in directions:
        return f"{prefix}.level"
    claim = claims[0]
    return f"{prefix}.{claim.direction}_{'all' if claim.scope == ALL else 'only'}"


def _pair_params(claims: Sequence[Claim], instrument: Instrument, lang: str) -> dict[str, str]:
    params = {"best": "", "best_in": "", "worst": "", "worst_in": ""}
    for claim in claims:
        if claim.dimension is None:
            continue
        side = "best" if claim.direction == ABOVE else "worst"
        params[side] = format_signed(claim.size, lang, 2)
        params[f"{side}_in"] = in_dimensions(claim, instrument, lang)
    return params


def gap_headline(claims: Sequence[Claim], department: str, instrument: Instrument, lang: str) -> str:
    """A department against the organisation in one headline."""
    if not claims:
        return t("claim.gap.none", lang, subject=department)
    return t(
        _pair_key("claim.gap", claims), lang, subject=department, **_pair_params(claims, instrument, lang)
    )


def gap_sentence(group: GroupScore, organisation: GroupScore, instrument: Instrument, lang: str) -> str:
    """A department against the organisation in one headline, from its gap claims."""
    return gap_headline(gap_claims(group, organisation, instrument), group.group, instrument, lang)


def change_headline(claims: Sequence[Claim], instrument: Instrument, lang: str) -> str:
    """The organisation's change since the wave before in one headline."""
    if not claims:
        return t("claim.change.none", lang)
    previous = claims[0].comparison
    return t(
        _pair_key("claim.change", claims), lang, previous=previous, **_pair_params(claims, instrument, lang)
    )


def department_headline(claims: Sequence[Claim], lang: str) -> str:
    """The strongest and the weakest department in one headline."""
    if len(claims) < 2:
        return t("claim.departments.plain", lang)
    return t("claim.departments.ranked", lang, best=claims[0].subject, worst=claims[1].subject)


def silo_headline(claims: Sequence[Claim], lang: str) -> str:
    """The isolated departments, or that none is."""
    isolated = [c.subject for c in claims if c.direction == BELOW]
    if not isolated:
        return t("claim.silo.none_title", lang)
    key = "claim.silo.isolated_title_one" if len(isolated) == 1 else "claim.silo.isolated_title"
    return t(key, lang, names=names_list(isolated, lang))


def clear_headline(claim: Claim | None, total: int, subject: str, lang: str) -> str:
    """How many dimensions changed clearly since the wave before."""
    if claim is None:
        return t("chart.trend.title_single", lang, group=subject)
    if claim.direction == LEVEL:
        return t("chart.trend.title_none", lang, group=subject, previous=claim.comparison)
    count = int(claim.size or 0)
    return t("chart.trend.title", lang, group=subject, previous=claim.comparison, count=count, total=total)


def facet_name(facet: str, lang: str) -> str:
    """The display name of a facet (media competence, internal transparency, …), or the facet itself."""
    key = f"facet.{facet}"
    return t(key, lang) if key in catalogue(DEFAULT_LANGUAGE) else facet


def facet_headline(claims: Sequence[Claim], lang: str) -> str:
    """The strongest and the weakest core competency."""
    if len(claims) < 2:
        return t("chart.competency.title_plain", lang)
    best, worst = claims
    return t(
        "chart.competency.title",
        lang,
        best=facet_name(best.dimension or "", lang),
        worst=facet_name(worst.dimension or "", lang),
    )


def openness_headline(claim: Claim | None, facets: Mapping[str, DimensionScore], lang: str) -> str:
    """Which side of transparency is more open, with both means."""
    if claim is None:
        return t("chart.transparency.title_plain", lang)
    side = {ABOVE: "outside", BELOW: "inside", LEVEL: "even"}[claim.direction]
    return t(
        f"chart.transparency.title_{side}",
        lang,
        internal=format_number(facets["internal"].mean, lang, 2),
        external=format_number(facets["external"].mean, lang, 2),
    )


def received_headline(claim: Claim | None, lang: str) -> str:
    """The department that receives the weakest ratings."""
    if claim is None:
        return t("chart.matrix.title_plain", lang)
    return t("chart.matrix.title", lang, department=claim.subject)


def self_image_headline(claim: Claim | None, lang: str) -> str:
    """Whose own view of the collaboration differs most from the others', and which way; nothing when none does."""
    if claim is None or claim.direction == LEVEL:
        return t("chart.gives.title_plain", lang)
    key = "chart.gives.title_higher" if claim.direction == ABOVE else "chart.gives.title_lower"
    return t(key, lang, department=claim.subject)


def say(claim: Claim, instrument: Instrument, lang: str) -> str:
    """One claim as a sentence of the management summary."""
    if claim.kind == "standing":
        stage = claim.stage or 1
        return t(
            "claim.standing",
            lang,
            stage=stage,
            stage_name=instrument.stage(stage).name(lang),
            index=format_number(claim.size, lang, 1),
        )
    if claim.kind == "rank":
        key = "claim.rank.highest" if claim.direction == HIGHEST else "claim.rank.lowest"
        dimension = in_dimensions(claim, instrument, lang)
        return t(key, lang, dimension_in=dimension, value=format_number(claim.size, lang, 2))
    if claim.kind == "change":
        if claim.dimension is None:
            return t("claim.biggest.level", lang, previous=claim.comparison)
        return t(
            f"claim.biggest.{claim.direction}",
            lang,
            previous=claim.comparison,
            dimension_in=in_dimensions(claim, instrument, lang),
            size=format_signed(claim.size, lang, 2),
            verdict=verdict(claim, lang),
        )
    if claim.kind == "silo" and claim.direction == LOWEST:
        return t("claim.silo.none", lang, name=claim.subject, score=format_number(claim.size, lang, 2))
    raise ValueError(f"no sentence for a claim of kind {claim.kind!r}")


def silo_sentence(claims: Sequence[Claim], lang: str) -> str:
    """The isolated departments as one sentence, or the least connected one."""
    isolated = [c.subject for c in claims if c.direction == BELOW]
    threshold = format_number(ISOLATION_THRESHOLD, lang, 2)
    if not isolated:
        return t(
            "claim.silo.none", lang, name=claims[0].subject, score=format_number(claims[0].size, lang, 2)
        )
    key = "claim.silo.isolated_one" if len(isolated) == 1 else "claim.silo.isolated"
    return t(key, lang, names=names_list(isolated, lang), threshold=threshold)


# ------------------------------------------------------------------------------------------- summary


def summary_claims(
    scores: WaveScores, points: Sequence[TrendPoint], silos: Sequence[SiloScore], instrument: Instrument
) -> tuple[Claim, ...]:
    """The claims of the management summary: standing, biggest strength and gap, biggest change, the silo."""
    standing = standing_claim(scores)
    if standing is None:
        return ()
    change = biggest_change(points, scores.wave)
    return (
        standing,
        *rank_claims(scores.organisation, instrument),
        *((change,) if change is not None else ()),
        *silo_claims(silos),
    )


def summary_sentences(claims: Sequence[Claim], instrument: Instrument, lang: str) -> tuple[str, ...]:
    """The management summary: one sentence per claim, the silo claims together as one."""
    sentences = [say(c, instrument, lang) for c in claims if c.kind != "silo"]
    silo = [c for c in claims if c.kind == "silo"]
    if silo:
        sentences.append(silo_sentence(silo, lang))
    return tuple(sentences)


def profile_headline(claims: Sequence[Claim], instrument: Instrument, lang: str) -> str:
    """A group's strongest and weakest dimension in one headline."""
    if len(claims) < 2:
        return t("claim.profile.plain", lang)
    best, worst = claims
    return t(
        "claim.profile",
        lang,
        best_in=in_dimensions(best, instrument, lang),
        best=format_number(best.size, lang, 2),
        worst_in=in_dimensions(worst, instrument, lang),
        worst=format_number(worst.size, lang, 2),
    )
