"""The minimum group size in force, and which groups of a breakdown may be shown under the residual rule.

The rule itself lives in `disclosure`; this module checks the size and applies it to plain group sizes.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral

from smm_maturity import config, disclosure

FLOOR_MIN_GROUP_SIZE = config.MIN_GROUP_FLOOR


def min_group_size(requested: int | None = None) -> int:
    """The minimum group size in force: `requested` when given, else the configured one (`SMM_MIN_GROUP`).

    A requested size below 3, or one that is not a whole number, is refused with ValueError; the
    configured size is refused with `config.SettingError` when its value is not allowed.
    """
    if requested is None:
        return config.min_group_size()
    return _checked(requested)


def _checked(size: int) -> int:
    """The size itself, or ValueError when no group of that size may be shown on its own."""
    if isinstance(size, bool) or not isinstance(size, Integral) or size < FLOOR_MIN_GROUP_SIZE:
        raise ValueError(
            f"A minimum group size must be a whole number of at least {FLOOR_MIN_GROUP_SIZE}, not {size!r}."
        )
    return int(size)


def hidden_groups(
    sizes: Mapping[str, int], min_size: int, already_hidden: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The groups of one breakdown that must not be shown, the parent being all of them together.

    The residual rule of `disclosure.breakdown`: a group below the minimum is hidden, and while the groups
    hidden together hold more than 0 but fewer than the minimum, the next-smallest shown group is hidden too.
    Groups of size 0 hold nothing and count as absent. A minimum below 3 is refused with ValueError.
    """
    min_size = _checked(min_size)
    present = {group: int(size) for group, size in sizes.items() if size > 0}
    return disclosure.breakdown(sum(present.values()), present, min_size, already_hidden).hidden


def visible_groups(sizes: Mapping[str, int], min_size: int) -> frozenset[str]:
    """The groups of one breakdown that may be shown."""
    return frozenset(group for group, size in sizes.items() if size > 0) - hidden_groups(sizes, min_size)
