"""Checks a claim against the published numbers it speaks of, and a deck's sentences against its claims.

Independent of `claims`' own choices: every difference is taken again from the published means, every "most"
compared with all candidates, every subject and dimension looked up among what is shown.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from smm_maturity import charts, claims, disclosure, scoring, slides
from smm_maturity.claims import ABOVE, ALL, BELOW, HIGHEST, LEVEL, LOWEST, Claim
from smm_maturity.i18n import t
from smm_maturity.instrument import load_instrument

INSTRUMENT = load_instrument()
CODES = INSTRUMENT.dimension_codes


@dataclass(frozen=True)
class Published:
    """What one wave publishes, as the claims may use it."""

    scores: scoring.WaveScores
    previous: scoring.WaveScores | None
    points: Sequence[scoring.TrendPoint]
    silos: Sequence[scoring.SiloScore]


def shown_means(group: scoring.GroupScore) -> dict[str, float]:
    return {
        code: cell.mean
        for code in CODES
        if not (cell := group.dimensions[code]).hidden and cell.mean is not None
    }


def assert_direction(claim: Claim, sizes: Mapping[str, float]) -> None:
    """The claim's dimension, size, direction, extreme and scope agree with the differences given."""
    if claim.direction == LEVEL:
        assert all(size == 0 for size in sizes.values()), (claim, sizes)
        return
    assert claim.dimension in sizes, ("a claim about a hidden or missing cell", claim, sizes)
    size = sizes[claim.dimension]
    assert size == claim.size, (claim, size)
    for other in claim.also:
        assert sizes[other] == size, (claim, sizes)
    if claim.direction == ABOVE:
        assert size > 0 and size == max(sizes.values()), ("'ahead' or 'most' that is not", claim, sizes)
        assert claim.scope != ALL or all(value > 0 for value in sizes.values()), (claim, sizes)
    else:
        assert claim.direction == BELOW, claim
        assert size < 0 and size == min(sizes.values()), ("'behind' or 'most' that is not", claim, sizes)
        assert claim.scope != ALL or all(value < 0 for value in sizes.values()), (claim, sizes)


def check_gap(claim: Claim, published: Published) -> None:
    group = published.scores.department(claim.subject)
    assert group is not None and not group.suppressed, ("a claim about a hidden group", claim)
    ours, theirs = shown_means(group), shown_means(published.scores.organisation)
    sizes = {
        code: disclosure.difference(ours[code], theirs[code], disclosure.MEAN_PLACES)
        for code in CODES
        if code in ours and code in theirs
    }
    assert_direction(claim, sizes)


def check_change(claim: Claim, published: Published) -> None:
    assert published.previous is not None and claim.comparison == published.previous.wave, claim
    now, before = shown_means(published.scores.organisation), shown_means(published.previous.organisation)
    sizes = {
        code: disclosure.difference(now[code], before[code], disclosure.MEAN_PLACES)
        for code in CODES
        if code in now and code in before
    }
    if claim.dimension is not None and claim.clear is not None:
        point = next(
            p for p in published.points if p.wave == published.scores.wave and p.dimension == claim.dimension
        )
        assert point.clear_change == claim.clear, (claim, point)
    assert_direction(claim, sizes)


def check_biggest_change(claim: Claim, published: Published) -> None:
    """The summary's biggest change: the largest change either way, with its sign and verdict."""
    assert published.previous is not None and claim.comparison == published.previous.wave, claim
    now, before = shown_means(published.scores.organisation), shown_means(published.previous.organisation)
    sizes = {
        code: disclosure.difference(now[code], before[code], disclosure.MEAN_PLACES)
        for code in CODES
        if code in now and code in before
    }
    if claim.direction == LEVEL:
        assert all(size == 0 for size in sizes.values()), (claim, sizes)
        return
    assert claim.dimension in sizes, ("a claim about a hidden cell", claim)
    assert sizes[claim.dimension] == claim.size
    assert abs(claim.size or 0) == max(abs(size) for size in sizes.values()), (claim, sizes)
    assert (claim.direction == ABOVE) == ((claim.size or 0) > 0), claim
    point = next(
        p for p in published.points if p.wave == published.scores.wave and p.dimension == claim.dimension
    )
    assert point.clear_change == claim.clear, (claim, point)


def check_rank(claim: Claim, published: Published) -> None:
    group = published.scores.organisation if not claim.subject else published.scores.department(claim.subject)
    assert group is not None and not group.suppressed, claim
    means = shown_means(group)
    assert claim.dimension in means, ("a claim about a hidden cell", claim)
    assert means[claim.dimension] == claim.size, claim
    for other in claim.also:
        assert means[other] == claim.size, claim
    extreme = max(means.values()) if claim.direction == HIGHEST else min(means.values())
    assert claim.direction in (HIGHEST, LOWEST) and claim.size == extreme, ("'the most' that is not", claim)


def check_department(claim: Claim, published: Published) -> None:
    shown = {g.group: g.index for g in published.scores.visible_departments if g.index is not None}
    assert claim.subject in shown and shown[claim.subject] == claim.size, ("a hidden or wrong group", claim)
    extreme = max(shown.values()) if claim.direction == HIGHEST else min(shown.values())
    assert claim.size == extreme, ("'the most' that is not", claim, shown)


def check_standing(claim: Claim, published: Published) -> None:
    organisation = published.scores.organisation
    assert not organisation.suppressed
    assert (organisation.index, organisation.stage) == (claim.size, claim.stage), claim


def check_silo(claim: Claim, published: Published) -> None:
    silos = {s.department: s for s in published.silos if s.score is not None}
    assert claim.subject in silos and silos[claim.subject].score == claim.size, claim
    if claim.direction == BELOW:
        assert silos[claim.subject].isolated, ("isolated that is not", claim)
    else:
        assert claim.direction == LOWEST and not any(s.isolated for s in silos.values()), claim
        assert claim.size == min(s.score for s in silos.values() if s.score is not None), claim


def check_clear(claim: Claim, published: Published) -> None:
    latest = [p for p in published.points if p.wave == published.scores.wave and p.change is not None]
    assert int(claim.size or 0) == sum(1 for p in latest if p.clear_change), claim


def check_received(claim: Claim, published: Published) -> None:
    received = {s.department: s.received for s in published.silos if s.received is not None}
    assert claim.subject in received and received[claim.subject] == claim.size, claim
    assert claim.direction == LOWEST and claim.size == min(received.values()), (
        "'the weakest' that is not",
        claim,
    )


def check_self_image(claim: Claim, published: Published) -> None:
    gaps = {
        s.department: disclosure.difference(s.given, s.received, disclosure.MEAN_PLACES)
        for s in published.silos
        if s.given is not None and s.received is not None
    }
    assert claim.subject in gaps and gaps[claim.subject] == claim.size, claim
    assert abs(claim.size or 0) == max(abs(gap) for gap in gaps.values()), ("'the most' that is not", claim)
    expected = ABOVE if (claim.size or 0) > 0 else BELOW if (claim.size or 0) < 0 else LEVEL
    assert expected == claim.direction, ("'sees it better' when it does not", claim)


def check_facets(found: Sequence[Claim], facets: Mapping[str, scoring.DimensionScore]) -> None:
    """The strongest and weakest facet are the extremes of the shown facets; openness follows the published gap."""
    means = {name: f.mean for name, f in facets.items() if not f.hidden and f.mean is not None}
    for claim in found:
        assert claim.dimension in means and means[claim.dimension] == claim.size, ("a hidden facet", claim)
        extreme = max(means.values()) if claim.direction == HIGHEST else min(means.values())
        assert claim.size == extreme, ("'the most' that is not", claim, means)


def check_openness(claim: Claim, facets: Mapping[str, scoring.DimensionScore]) -> None:
    internal, external = facets["internal"], facets["external"]
    assert not internal.hidden and not external.hidden, ("a claim about a hidden facet", claim)
    size = disclosure.difference(external.mean, internal.mean, disclosure.MEAN_PLACES)
    assert size == claim.size, claim
    expected = ABOVE if size >= claims.OPENNESS_GAP else BELOW if size <= -claims.OPENNESS_GAP else LEVEL
    assert expected == claim.direction, ("'more open' when it is not", claim)


CHECKS = {
    "received": check_received,
    "self_image": check_self_image,
    "gap": check_gap,
    "change": check_change,
    "rank": check_rank,
    "department": check_department,
    "standing": check_standing,
    "silo": check_silo,
    "clear": check_clear,
}


def every_claim(published: Published) -> list[tuple[str, Claim]]:
    """Every claim the product makes about one wave, with where it is made."""
    scores, points = published.scores, published.points
    made: list[tuple[str, Claim]] = []
    for group in scores.visible_departments:
        made += [(f"gap {group.group}", c) for c in claims.gap_claims(group, scores.organisation, INSTRUMENT)]
        made += [(f"rank {group.group}", c) for c in claims.rank_claims(group, INSTRUMENT)]
    made += [("change", c) for c in claims.change_claims(points, wave=scores.wave)]
    made += [("rank", c) for c in claims.rank_claims(scores.organisation, INSTRUMENT)]
    made += [("departments", c) for c in claims.department_claims(scores)]
    made += [("silo", c) for c in claims.silo_claims(published.silos)]
    for claim in (claims.received_claim(published.silos), claims.self_image_claim(published.silos)):
        if claim is not None:
            made.append((claim.kind, claim))
    if (clear := claims.clear_claim(points, "", scores.wave)) is not None:
        made.append(("clear", clear))
    if (standing := claims.standing_claim(scores)) is not None:
        made.append(("standing", standing))
    return made


def check_every_claim(published: Published) -> int:
    """Check every claim about a wave and its biggest change; returns how many were checked."""
    made = every_claim(published)
    for where, claim in made:
        try:
            CHECKS[claim.kind](claim, published)
        except AssertionError as error:
            raise AssertionError(where) from error
    biggest = claims.biggest_change(published.points, published.scores.wave)
    if biggest is not None:
        check_biggest_change(biggest, published)
    return len(made) + (biggest is not None)


def deck_sentences(deck: slides.Deck) -> list[str]:
    """Every generated headline and sentence of a deck: figure titles, summary lines and notes' first lines."""
    texts = []
    for slide in deck.slides:
        texts += [charts.theme.visible_text(f.layout.title.text.replace("<br>", " ")) for f in slide.figures]
        if slide.kind == "summary":
            texts += list(slide.sections[0].lines)
    return texts


def expected_sentences(published: Published, deck: slides.Deck) -> list[str]:
    """The same sentences, worded straight from the claims, in the deck's order."""
    lang, scores = deck.lang, deck.scores
    texts: list[str] = []
    for slide in deck.slides:
        if slide.kind == "summary":
            found = claims.summary_claims(scores, published.points, published.silos, INSTRUMENT)
            texts += list(claims.summary_sentences(found, INSTRUMENT, lang))
        elif slide.kind == "standing" and slide.builders:
            found = claims.rank_claims(scores.organisation, INSTRUMENT)
            texts.append(claims.profile_headline(found, INSTRUMENT, lang))
        elif slide.kind == "heatmap":
            texts.append(claims.department_headline(claims.department_claims(scores), lang))
        elif slide.kind == "silo":
            texts.append(claims.silo_headline(claims.silo_claims(published.silos), lang))
        elif slide.kind == "department":
            group = scores.department(slide.department or "")
            assert group is not None
            found = claims.gap_claims(group, scores.organisation, INSTRUMENT)
            texts.append(claims.gap_headline(found, group.group, INSTRUMENT, lang))
        elif slide.kind == "trend":
            name = t("organisation", lang)
            clear = claims.clear_claim(published.points, name, scores.wave)
            texts.append(claims.clear_headline(clear, len(CODES), name, lang))
    return [html.unescape(text) for text in texts]


def words_of(texts: Iterable[str]) -> list[str]:
    """Texts with their whitespace made single, to compare wrapped titles with sentences."""
    return [" ".join(html.unescape(text).split()) for text in texts]
