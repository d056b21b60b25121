"""The one layer that decides what is published, and in what precision.

Pure functions without I/O: `scoring` hands in exact statistics (integers and fractions) and the sizes of
each breakdown, and gets back which members are hidden and the rounded numbers that may leave the package.

The rules, from the product brief:
- the residual rule: in every breakdown of a parent into children, for every measure, the respondents counted
  in the parent but in none of the shown children number 0 or at least k;
- published precision: every number is rounded half-up, once, from its exact value, to its display precision;
- one reason for every hidden member of a breakdown, and no counts of hidden groups;
- comments per group only from `min_comments` respondents, the rest in one organisation-wide list without
  departments, in an order that reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

FLOOR = 3
"""No breakdown is ever published with a k below this."""

HIDDEN_REASON = "hidden.protected"
"""The one reason of every hidden member: fewer than k answers, or hidden to protect a smaller group."""

DEFAULT_MIN_COMMENTS = 10
"""Respondents a group needs before its comments are listed as its own (the Viva Glint convention)."""

MEAN_PLACES = 2
INDEX_PLACES = 1
SHARE_PLACES = 2
INTERVAL_PLACES = 2
P_VALUE_PLACES = 3

Exact = int | Fraction | Decimal
"""A value without binary rounding error; a float is taken at its shortest decimal representation."""


# ------------------------------------------------------------------------------------------ rounding


def _fraction(value: Exact | float) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        # repr gives the shortest decimal that reads back as this float: 2.675 stays 2.675, not 2.67499…
        return Fraction(Decimal(repr(value)))
    return Fraction(value)


def round_half_up(value: Exact | float, places: int) -> float:
    """The value rounded half-up (away from zero) to `places` decimals, as the float of that decimal."""
    if isinstance(value, float | Decimal):
        exact = Decimal(repr(value)) if isinstance(value, float) else value
        if not exact.is_finite():
            raise ValueError(f"{value!r} cannot be published.")
        with localcontext() as context:
            context.prec = max(exact.adjusted(), 0) + places + 3
            return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
    numerator, denominator = value.numerator, value.denominator
    scaled = abs(numerator) * 10**places
    magnitude = (2 * scaled + denominator) // (2 * denominator)
    return float(f"{'-' if numerator < 0 else ''}{magnitude}e-{places}")


def rounded_mean(value: Exact | float) -> float:
    """A mean on the 1 to 5 scale, or a standard deviation, at two decimals."""
    return round_half_up(value, MEAN_PLACES)


def rounded_index(mean: Exact | float) -> float:
    """The 0 to 100 index `(mean - 1) / 4 * 100` of the mean rounded to two decimals, at one decimal.

    It starts from the rounded mean so that the index and the stage never disagree with the shown mean.
    """
    return round_half_up((_fraction(rounded_mean(mean)) - 1) * 25, INDEX_PLACES)


def rounded_share(part: int, whole: int) -> float:
    """A share 0..1 of two counts in whole percent (0.01)."""
    return round_half_up(Fraction(part, whole), SHARE_PLACES)


def rounded_interval(value: Exact | float) -> float:
    """A bound of a confidence interval at two decimals."""
    return round_half_up(value, INTERVAL_PLACES)


def rounded_p_value(value: float) -> float:
    """A p-value at three decimals (what the pages write; smaller ones read as "< 0.001")."""
    return round_half_up(value, P_VALUE_PLACES)


def difference(current: Exact | float, previous: Exact | float, places: int) -> float:
    """The difference of two published figures, from their decimal values, rounded half-up to `places`.

    Float subtraction of two rounded figures can give 0.30000000000000004; this gives 0.3.
    """
    return round_half_up(_fraction(current) - _fraction(previous), places)


def mean_of(values: Iterable[Exact | float], places: int = MEAN_PLACES) -> float | None:
    """The mean of published figures, exact from their decimal values and rounded half-up once; None for none."""
    exact = [_fraction(value) for value in values]
    if not exact:
        return None
    return round_half_up(sum(exact, Fraction(0)) / len(exact), places)


def is_rounded(value: float, places: int) -> bool:
    """True when a published float is exactly the float of its rounding to `places` decimals."""
    return value == round_half_up(value, places)


# ------------------------------------------------------------------------------------- residual rule


def check_min_size(k: int) -> int:
    """k itself, refused when it is below the floor of 3."""
    if not isinstance(k, int) or k < FLOOR:
        raise ValueError(f"The minimum group size must be an integer of at least {FLOOR}, not {k!r}.")
    return k


@dataclass(frozen=True)
class Breakdown:
    """Which members of one breakdown (a parent group and its children, for one measure) are withheld.

    Children with n = 0 hold nothing and are neither shown nor hidden.
    """

    parent_hidden: bool
    hidden: frozenset[str] = field(default_factory=frozenset)

    def is_hidden(self, child: str) -> bool:
        """True when this child's figures must not be shown."""
        return child in self.hidden


def residual(parent: int, children: Mapping[str, int], hidden: Iterable[str]) -> int:
    """The respondents counted in the parent but in none of the shown children."""
    withheld = frozenset(hidden)
    return parent - sum(n for name, n in children.items() if n > 0 and name not in withheld)


def breakdown(
    parent: int, children: Mapping[str, int], k: int, already_hidden: Iterable[str] = ()
) -> Breakdown:
    """Apply the residual rule to one breakdown: parent n, children's n (one measure), and k.

    Children with 0 < n < k are hidden, and so are those hidden in another view (`already_hidden`). Then,
    while the residual is above 0 and below k, the smallest shown child is hidden too (ties by name).

    A parent below k is hidden, with every child (each holds fewer than k too). A parent of at least k is
    never hidden to repair a residual: it is the view that everyone reads (the organisation, the raters of a
    department), and its figure is rebuilt from other views anyway (the respondents total, other waves), so
    hiding it would protect nothing reliably. Children are hidden instead.
    """
    check_min_size(k)
    present = {name: n for name, n in children.items() if n > 0}
    if sum(present.values()) > parent:
        raise ValueError(
            f"The children hold {sum(present.values())} respondents, more than the parent's {parent}."
        )
    if parent < k:
        return Breakdown(parent_hidden=True, hidden=frozenset(present))
    withheld = set(already_hidden) & present.keys()
    withheld |= {name for name, n in present.items() if n < k}
    while 0 < residual(parent, present, withheld) < k:
        withheld.add(min((n, name) for name, n in present.items() if name not in withheld)[1])
    return Breakdown(parent_hidden=False, hidden=frozenset(withheld))


# ------------------------------------------------------------------------------------------ comments


def _comment_key(wave: str) -> bytes:
    return hashlib.sha256(b"augenhoehe comments\x00" + wave.encode("utf-8")).digest()


def comment_order(comments: Iterable[str], wave: str) -> tuple[str, ...]:
    """Each distinct comment once, ordered by a keyed hash of its text, with the key derived from the wave.

    The order depends on the texts alone: not on who wrote them, when, or in which order they were stored;
    and, without counts, repeated texts reveal nothing about how many wrote them.
    """
    key = _comment_key(wave)
    distinct = {comment.strip() for comment in comments if comment.strip()}
    return tuple(
        sorted(distinct, key=lambda text: (hmac.new(key, text.encode("utf-8"), "sha256").digest(), text))
    )


@dataclass(frozen=True)
class CommentLists:
    """The comments that may be shown: per group, and one organisation-wide list without departments."""

    by_group: Mapping[str, tuple[str, ...]]
    organisation: tuple[str, ...]
    """The comments of every group not listed on its own; empty unless they come from enough commenters."""

    def of(self, group: str) -> tuple[str, ...]:
        """The comments listed as this group's own (none when the group's comments are pooled)."""
        return self.by_group.get(group, ())

    @property
    def everything(self) -> tuple[str, ...]:
        """Every comment that may be shown, in one list (per group and pooled ones alike)."""
        return tuple(text for texts in self.by_group.values() for text in texts) + self.organisation


def comment_lists(
    comments: Mapping[str, Sequence[str]],
    respondents: Mapping[str, int],
    wave: str,
    k: int,
    min_comments: int = DEFAULT_MIN_COMMENTS,
    already_hidden: Iterable[str] = (),
) -> CommentLists:
    """Decide which comments are listed per group and which go into the organisation-wide list.

    `comments` holds each group's comments (one per commenter), `respondents` each group's respondents.
    A group's comments are its own when the residual rule at a threshold of max(k, min_comments) respondents
    shows the group (and no other view hides it); the others are pooled, and the pool is shown only when
    at least that many respondents commented in it.
    """
    threshold = max(check_min_size(k), min_comments)
    split = breakdown(sum(respondents.values()), respondents, threshold, already_hidden)
    own = sorted(name for name, n in respondents.items() if n > 0 and not split.is_hidden(name))
    by_group = {name: comment_order(comments.get(name, ()), wave) for name in own}
    pooled = [text for name, texts in comments.items() if name not in own for text in texts if text.strip()]
    organisation = comment_order(pooled, wave) if len(pooled) >= threshold else ()
    return CommentLists(
        by_group={name: texts for name, texts in by_group.items() if texts}, organisation=organisation
    )


# ------------------------------------------------------------------------------------- participation


@dataclass(frozen=True)
class ParticipationRow:
    group: str
    responses: int
    headcount: int | None
    share: float | None
    hidden: bool
    reason: str | None = None


@dataclass(frozen=True)
class Participation:
    """Responses against headcount, for the organisation and each department that answered."""

    responses: int
    headcount: int | None
    share: float | None
    departments: tuple[ParticipationRow, ...]

    @property
    def shown_departments(self) -> int:
        """How many departments show their participation."""
        return sum(not row.hidden for row in self.departments)


def participation(
    counts: Mapping[str, int], headcounts: Mapping[str, int], k: int, already_hidden: Iterable[str] = ()
) -> Participation:
    """Responses per department against its headcount, under the residual rule on the response counts.

    The organisation's share counts every department with a headcount, and is shown only when each
    department that answered has one: otherwise it would mix counts with and without a denominator.
    """
    split = breakdown(sum(counts.values()), counts, k, already_hidden)
    rows = []
    for name in sorted(name for name, n in counts.items() if n > 0):
        headcount = headcounts.get(name)
        if split.is_hidden(name):
            rows.append(ParticipationRow(name, 0, headcount, None, True, HIDDEN_REASON))
            continue
        share = rounded_share(counts[name], headcount) if headcount else None
        rows.append(ParticipationRow(name, counts[name], headcount, share, False))
    total = sum(counts.values())
    if split.parent_hidden:
        return Participation(0, None, None, tuple(rows))
    complete = all(name in headcounts for name, n in counts.items() if n > 0)
    headcount = sum(headcounts.values()) if complete and headcounts else None
    share = rounded_share(total, headcount) if headcount else None
    return Participation(total, headcount, share, tuple(rows))
