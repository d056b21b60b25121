"""The one rule that decides which groups may be shown: a minimum group size plus complementary hiding."""

from __future__ import annotations

import os
from collections.abc import Mapping

DEFAULT_MIN_GROUP_SIZE = 5
FLOOR_MIN_GROUP_SIZE = 3


def min_group_size(configured: int | str | None = None) -> int:
    """The minimum group size: the configured value or `SMM_MIN_GROUP`, default 5, never below 3."""
    raw = configured if configured is not None else os.environ.get("SMM_MIN_GROUP")
    try:
        size = int(raw) if raw not in (None, "") else DEFAULT_MIN_GROUP_SIZE
    except (TypeError, ValueError):
        size = DEFAULT_MIN_GROUP_SIZE
    return max(size, FLOOR_MIN_GROUP_SIZE)


def hidden_groups(
    sizes: Mapping[str, int], min_size: int, already_hidden: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The groups of one breakdown that must not be shown.

    A group below the minimum is hidden. When that hides exactly one group, the next-smallest group is
    hidden too, so that the hidden one cannot be derived from the total minus the visible groups.
    Groups of size 0 hold nothing and count as absent.
    """
    min_size = max(min_size, FLOOR_MIN_GROUP_SIZE)
    present = {group: size for group, size in sizes.items() if size > 0}
    hidden = set(already_hidden & present.keys()) | {
        group for group, size in present.items() if size < min_size
    }
    if len(hidden) == 1:
        candidates = sorted((size, group) for group, size in present.items() if group not in hidden)
        if candidates:
            hidden.add(candidates[0][1])
    return frozenset(hidden)


def visible_groups(sizes: Mapping[str, int], min_size: int) -> frozenset[str]:
    """The groups of one breakdown that may be shown."""
    return frozenset(group for group, size in sizes.items() if size > 0) - hidden_groups(sizes, min_size)
