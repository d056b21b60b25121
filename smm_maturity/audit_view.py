"""The audit trail as the privacy screen shows it: one row per entry, newest first, in the page language."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from smm_maturity import audit
from smm_maturity.auth import ROLES
from smm_maturity.i18n import format_datetime, t

COLUMNS = ("time", "role", "who", "action", "detail")


def role_name(role: str, lang: str) -> str:
    """A role's name in the language; an unknown one as it is stored."""
    return t(f"role.{role}", lang) if role in ROLES else role


def trail_table(entries: Sequence[audit.Entry], lang: str) -> pd.DataFrame:
    """When, which role, who (address, department or "command line"), what and on what, one row per entry."""
    return pd.DataFrame(
        {
            t("audit.col.time", lang): [format_datetime(entry.recorded_at, lang) for entry in entries],
            t("audit.col.role", lang): [role_name(entry.role, lang) for entry in entries],
            t("audit.col.who", lang): [entry.actor for entry in entries],
            t("audit.col.action", lang): [t(f"audit.action.{entry.action}", lang) for entry in entries],
            t("audit.col.detail", lang): [entry.detail for entry in entries],
        }
    )
