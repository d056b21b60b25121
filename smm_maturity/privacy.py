"""The minimum group size in force: the configured one, or one asked for that is at least the floor of 3."""

from __future__ import annotations

from numbers import Integral

from smm_maturity import config

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
