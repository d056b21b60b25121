"""What the survey setup screen and the workshop mode show and decide: the waves with their lifecycle steps, the
departments chosen for a new wave, what a publication released, participation without scores, online batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from smm_maturity import waves
from smm_maturity.i18n import LocalisedError, format_date, format_number, format_percent, t
from smm_maturity.screen import Choice, Notice, Question
from smm_maturity.store import OnlineBatch
from smm_maturity.store.publication import Release

MAX_HEADCOUNT = 1_000_000


class SetupRefused(LocalisedError):
    """An entry of the setup that cannot be used; nothing changed."""


@dataclass(frozen=True)
class Step:
    """A lifecycle step a wave in its state allows: its key, button label and icon."""

    key: str
    label: str
    icon: str


STEPS = {
    "draft": ("open",),
    "open": ("close", "publish"),
    "closed": ("publish",),
}
STEP_ICONS = {"open": ":material/play_arrow:", "close": ":material/stop:", "publish": ":material/campaign:"}


def steps(wave: waves.SurveyWave, lang: str) -> list[Step]:
    """The steps a survey wave allows now: open a draft; close or publish (interim) an open one; publish a closed one.

    A wave that file imports made has none: it is published upload by upload.
    """
    if wave.kind != "survey":
        return []
    return [
        Step(step, t(f"survey.step.{step}_{wave.status}", lang), STEP_ICONS[step])
        for step in STEPS[wave.status]
    ]


def department_entry(text: str) -> tuple[str, int | None]:
    """One department as typed, `Name` or `Name=headcount`; SetupRefused naming the entry when it cannot be read."""
    name, separator, number = str(text).partition("=")
    name = " ".join(name.split())
    if not separator:
        return name, None
    digits = number.strip()
    if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= MAX_HEADCOUNT:
        raise SetupRefused("survey.bad_department_entry", entry=str(text).strip())
    return name, int(digits)


def chosen_departments(existing: Iterable[str], typed: Iterable[str]) -> dict[str, int | None]:
    """The departments of a new wave: known ones as they are, and typed ones with their headcount if given."""
    chosen: dict[str, int | None] = dict.fromkeys(existing)
    for entry in typed:
        if entry.strip():
            name, headcount = department_entry(entry)
            if name in chosen:
                raise SetupRefused("survey.department_twice", department=name)
            chosen[name] = headcount
    return chosen


def typed_lines(text: str) -> list[str]:
    """The non-empty lines of a text field, one department each."""
    return [line for line in str(text).splitlines() if line.strip()]


def end_date(text: str | None) -> date | None:
    """An end date written as YYYY-MM-DD, or None for none; SetupRefused for anything else."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise SetupRefused("survey.bad_date", value=text.strip()[:40]) from None


def waves_table(survey_waves: list[waves.SurveyWave], lang: str) -> pd.DataFrame:
    """Every wave with its state, end date and departments, newest first."""
    return pd.DataFrame(
        {
            t("survey.column.wave", lang): [wave.name for wave in survey_waves],
            t("survey.column.status", lang): [
                t(f"survey.status.{wave.status}", lang) for wave in survey_waves
            ],
            t("survey.column.until", lang): [
                format_date(wave.closes_on, lang) if wave.closes_on else "" for wave in survey_waves
            ],
            t("survey.column.departments", lang): [", ".join(wave.departments) for wave in survey_waves],
        }
    )


def release_notices(wave: str, released: Release, k: int, lang: str) -> list[Notice]:
    """What a publication released, and which departments it held back with fewer than k new answers."""
    found: list[Notice] = []
    if released.released:
        shown = ", ".join(f"{name} ({count})" for name, count in sorted(released.released.items()))
        found.append(
            Notice(
                "success", t("survey.published", lang, wave=wave, departments=shown), ":material/campaign:"
            )
        )
    else:
        found.append(
            Notice("info", t("survey.published_nothing", lang, wave=wave), ":material/hourglass_empty:")
        )
    if released.held:
        text = t("survey.held", lang, departments=", ".join(released.held), k=k)
        found.append(Notice("warning", text, ":material/visibility_off:"))
    return found


def answered_text(count: int | None, k: int, lang: str) -> str:
    """A count of answers so far, or "fewer than k" while it is below k."""
    return t("survey.fewer_than", lang, k=k) if count is None else format_number(count, lang, 0)


def participation_table(shares: list[waves.Participation], k: int, lang: str) -> pd.DataFrame:
    """Answers so far per department against its headcount, no scores; below k only "fewer than k"."""
    return pd.DataFrame(
        {
            t("survey.column.department", lang): [share.department for share in shares],
            t("survey.column.answered", lang): [answered_text(share.answered, k, lang) for share in shares],
            t("survey.column.headcount", lang): [
                format_number(share.headcount, lang, 0, placeholder="") for share in shares
            ],
            t("survey.column.share", lang): [
                "" if share.share is None else format_percent(share.share, lang) for share in shares
            ],
        }
    )


def batch_label(batch: OnlineBatch, lang: str) -> str:
    """One online batch as a line: wave, department, publication and how many answers it holds."""
    publication = (
        t("survey.batch.pending", lang)
        if batch.publication_id is None
        else t("survey.batch.publication", lang, number=batch.publication_id)
    )
    return t(
        "survey.batch.label",
        lang,
        wave=batch.wave,
        department=batch.department,
        publication=publication,
        count=batch.responses,
    )


def batch_choice(batches: list[OnlineBatch], lang: str) -> Choice:
    """The choice of an online batch to remove, with its button."""
    labels = {number: batch_label(batch, lang) for number, batch in enumerate(batches)}
    return Choice(
        t("survey.batch.choose", lang),
        labels,
        t("survey.batch.remove", lang),
        "survey.batch",
        ":material/delete:",
    )


def batch_question(batch: OnlineBatch, lang: str) -> Question:
    """The question before a batch of online answers is removed for good."""
    text = t("survey.batch.confirm_text", lang, batch=batch_label(batch, lang))
    return Question(
        Notice("warning", text, ":material/warning:"),
        t("survey.batch.confirm", lang),
        t("survey.batch.cancel", lang),
        "survey.batch_question",
    )


@dataclass(frozen=True)
class LiveCount:
    """The live count of a workshop: the words shown, and whether the results may be revealed."""

    text: str
    revealable: bool


def live_count(shares: list[waves.Participation], department: str | None, k: int, lang: str) -> LiveCount:
    """How many of a department, or of the whole room, answered so far; the results may be revealed once a
    department has k answers (a publication releases only those).

    The room's total is shown only while no department has 1 to k-1 answers, or it would give their count away.
    """
    chosen = [share for share in shares if department in (None, share.department)]
    revealable = any(share.answered for share in chosen)
    if department is not None:
        count = chosen[0].answered if chosen else 0
        return LiveCount(answered_text(count, k, lang), revealable)
    if any(share.answered is None for share in chosen):
        return LiveCount(t("survey.live.room_hidden", lang, k=k), revealable)
    return LiveCount(answered_text(sum(share.answered or 0 for share in chosen), k, lang), revealable)
