"""The aggregates as CSV and XLSX: scores per group and dimension with n, stage and index.

They come straight from the deck's `scoring.WaveScores`, as published: a hidden group or cell carries no n
and no value, only the one reason of every hidden member, and every text cell is made inert for spreadsheet
programs.
"""

from __future__ import annotations

import io

import pandas as pd

from smm_maturity import disclosure, scoring, slides
from smm_maturity.exports.records import ExportFile
from smm_maturity.i18n import locale, t
from smm_maturity.instrument import Instrument, load_instrument
from smm_maturity.safe_text import neutralise

SHEET_NAME = "Augenhöhe"
COLUMNS = (
    "wave",
    "group",
    "code",
    "dimension",
    "n",
    "mean",
    "stage",
    "stage_name",
    "index",
    "hidden",
    "reason",
)
TEXT_COLUMNS = ["wave", "group", "code", "dimension", "stage_name", "hidden", "reason"]
COLUMN_KEYS = {
    "wave": "export.wave",
    "group": "export.group",
    "code": "export.dimension_code",
    "dimension": "export.dimension",
    "n": "export.n",
    "mean": "export.mean",
    "stage": "export.stage",
    "stage_name": "export.stage_name",
    "index": "export.index",
    "hidden": "export.hidden",
    "reason": "export.reason",
}


def _reason(min_size: int, lang: str) -> str:
    """Why a group or cell is hidden, for the export's reason column: the one reason of every hidden member."""
    return t(disclosure.HIDDEN_REASON, lang, k=min_size)


def _hidden_rows(
    group: scoring.GroupScore, base: dict, min_size: int, instrument: Instrument, lang: str
) -> list[dict]:
    """A hidden group: one row per dimension and one overall, each marked hidden with the reason."""
    reason = _reason(min_size, lang)
    return [
        {
            **base,
            "code": code,
            "dimension": instrument.dimension(code).name(lang) if code else t("export.overall", lang),
            "hidden": t("common.yes", lang),
            "reason": reason,
        }
        for code in [*instrument.dimension_codes, ""]
    ]


def _shown_rows(
    group: scoring.GroupScore, base: dict, min_size: int, instrument: Instrument, lang: str
) -> list[dict]:
    """A shown group: one row per dimension (a hidden cell marked, with no n and no value) and one overall."""
    yes, no = t("common.yes", lang), t("common.no", lang)
    rows = []
    for code in instrument.dimension_codes:
        cell = group.dimensions[code]
        rows.append(
            {
                **base,
                "code": code,
                "dimension": instrument.dimension(code).name(lang),
                "n": None if cell.hidden else cell.n,
                "mean": None if cell.hidden else cell.mean,
                "stage": None if cell.hidden else cell.stage,
                "stage_name": instrument.stage(cell.stage).name(lang) if cell.stage else None,
                "hidden": yes if cell.hidden else no,
                "reason": _reason(min_size, lang) if cell.hidden else "",
            }
        )
    rows.append(
        {
            **base,
            "code": "",
            "dimension": t("export.overall", lang),
            "n": group.respondents,
            "mean": group.mean,
            "stage": group.stage,
            "stage_name": instrument.stage(group.stage).name(lang) if group.stage else None,
            "index": group.index,
            "hidden": no,
            "reason": "",
        }
    )
    return rows


def aggregates(scores: scoring.WaveScores, instrument: Instrument, lang: str) -> pd.DataFrame:
    """Scores per group and dimension with n, stage and index; hidden groups and cells are marked and empty."""
    rows = []
    for group in [scores.organisation, *scores.departments]:
        name = t("organisation", lang) if group.is_organisation else group.group
        base = {"wave": scores.wave, "group": name}
        shape = _hidden_rows if group.suppressed else _shown_rows
        rows += shape(group, base, scores.min_size, instrument, lang)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("n", "stage"):
        frame[column] = frame[column].astype("Int64")
    frame[TEXT_COLUMNS] = frame[TEXT_COLUMNS].astype(object).map(neutralise)
    return frame.rename(columns={name: t(key, lang) for name, key in COLUMN_KEYS.items()})


def aggregates_csv(
    scores: scoring.WaveScores, instrument: Instrument | None = None, lang: str = "de"
) -> bytes:
    """The aggregates as CSV for Excel in the language's convention (German: semicolons and decimal commas)."""
    frame = aggregates(scores, instrument or load_instrument(), lang)
    conventions = locale(lang)
    text = frame.to_csv(index=False, sep=conventions.csv_delimiter, decimal=conventions.decimal_sign)
    return text.encode("utf-8-sig")


def aggregates_xlsx(
    scores: scoring.WaveScores, instrument: Instrument | None = None, lang: str = "de"
) -> bytes:
    """The aggregates as an XLSX workbook with real numbers; no cell is ever written as a formula or link."""
    frame = aggregates(scores, instrument or load_instrument(), lang)
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        frame.to_excel(writer, index=False, sheet_name=SHEET_NAME)
        sheet = writer.sheets[SHEET_NAME]
        for index, column in enumerate(frame.columns):
            width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.set_column(index, index, min(max(width + 2, 6), 48))
        sheet.freeze_panes(1, 0)
    return buffer.getvalue()


def _summary(scores: scoring.WaveScores) -> str:
    """What the aggregates hold, in English for the command line."""
    return (
        f"the aggregates, {len(scores.departments) + 1} groups, {len(scores.hidden_departments)} hidden"
        f" (fewer than {scores.min_size} answers or protecting a smaller group)"
    )


def render_csv(deck: slides.Deck) -> ExportFile:
    """The aggregates of the deck's groups as CSV."""
    return ExportFile(aggregates_csv(deck.scores, deck.instrument, deck.lang), _summary(deck.scores))


def render_xlsx(deck: slides.Deck) -> ExportFile:
    """The aggregates of the deck's groups as XLSX."""
    return ExportFile(aggregates_xlsx(deck.scores, deck.instrument, deck.lang), _summary(deck.scores))
