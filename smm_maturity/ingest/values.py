"""Cell texts → values: Likert numbers and labels, missing markers, submit times, cleaned-up texts.

Each function works on a whole column and translates every distinct text once, never cell by cell, so a
50,000-row file stays well under a second.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from smm_maturity import i18n
from smm_maturity.instrument import Instrument

MISSING = 0
"""The value of a cell that holds no answer (blank, "weiß nicht", "n/a", …)."""
OUT_OF_RANGE, NOT_INTEGER, UNKNOWN_LABEL = -1, -2, -3
"""The values of cells that cannot be read; `VALUE_ERRORS` names the problem each one is."""
VALUE_ERRORS = {OUT_OF_RANGE: "out_of_range", NOT_INTEGER: "not_integer", UNKNOWN_LABEL: "unknown_label"}

LIKERT_LABELS: Mapping[int, tuple[str, ...]] = {
    1: ("trifft gar nicht zu", "trifft überhaupt nicht zu", "stimme überhaupt nicht zu", "strongly disagree"),
    2: ("trifft eher nicht zu", "trifft wenig zu", "stimme eher nicht zu", "stimme nicht zu", "disagree"),
    3: ("teils/teils", "trifft teils-teils zu", "weder noch", "neutral", "neither agree nor disagree"),
    4: ("trifft eher zu", "trifft ziemlich zu", "stimme eher zu", "stimme zu", "agree"),
    5: (
        "trifft voll zu",
        "trifft völlig zu",
        "trifft voll und ganz zu",
        "stimme voll und ganz zu",
        "strongly agree",
    ),
}
MISSING_TOKENS: tuple[str, ...] = (
    "",
    "weiß nicht",
    "k. A.",
    "keine Angabe",
    "don't know",
    "do not know",
    "n/a",
    "na",
    "not applicable",
    "nicht zutreffend",
    "no answer",
)

_NO_CODES: Mapping[str, int] = MappingProxyType({})
_QUOTES = str.maketrans("", "", "\"'`´„“”‚‘’«»‹›")
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = [char for char in map(chr, range(0x3001)) if char.isspace() and char != " "]
_UNCLEAN = "^ | $|  |[" + "".join(f"\\x{{{ord(char):04x}}}" for char in _SPACES) + "]"
"""Texts that `str.split` would change: leading, trailing or doubled spaces, or any other whitespace."""
_ADDRESS = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_NUMBERED_LABEL = re.compile(r"^([+-]?\d+)\s*(?:[-–—=:.)]|\()\s*([^\W\d_].*?)\)?$")
_TIMEZONE = re.compile(
    r"\s*(?:(?:GMT|UTC|MEZ|MESZ|CET|CEST|OEZ)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|Z|[+-]\d{2}:?\d{2})$"
)
_DATE_FORMATS = (
    "ISO8601",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %I:%M:%S %p",
    "%d.%m.%Y %I:%M %p",
    "%d.%m.%Y",
    "%d.%m.%y %H:%M",
    "%d.%m.%y",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%m/%d/%y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)


def fold(text: str) -> str:
    """Fold text for comparison: Unicode form, case, quotes, punctuation and runs of whitespace."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_QUOTES)
    return " ".join(_NON_WORD.sub(" ", folded).split())


# ---------------------------------------------------------------------------------------------- answers


def _label_table(labels: Mapping[int, Iterable[str]], missing: Iterable[str]) -> dict[str, int]:
    table = {fold(label): value for value, group in labels.items() for label in group}
    table.update({fold(token): MISSING for token in missing})
    return table


@lru_cache(maxsize=8)
def likert_labels(instrument: Instrument) -> Mapping[str, int]:
    """Every folded Likert label and missing marker, in both languages, with its value."""
    labels: dict[int, list[str]] = {value: list(group) for value, group in LIKERT_LABELS.items()}
    dont_know = []
    for lang in i18n.LANGUAGES:
        for value, label in enumerate(instrument.scale_labels(lang), 1):
            labels.setdefault(value, []).append(label)
        dont_know.append(instrument.dont_know(lang))
    return _label_table(labels, (*MISSING_TOKENS, *dont_know))


@lru_cache(maxsize=8)
def collaboration_labels(instrument: Instrument) -> Mapping[str, int]:
    """The Likert labels plus the collaboration scale's own labels ("eher gut", "rather well", …)."""
    table = dict(likert_labels(instrument))
    for lang in i18n.LANGUAGES:
        for value, label in enumerate(instrument.collaboration_labels(lang), 1):
            table[fold(label)] = value
    return table


@lru_cache(maxsize=8)
def rating_words(instrument: Instrument) -> frozenset[str]:
    """The collaboration scale's own labels ("eher gut", "rather well", …), folded, in both languages."""
    return frozenset(
        fold(label) for lang in i18n.LANGUAGES for label in instrument.collaboration_labels(lang)
    )


@lru_cache(maxsize=8)
def missing_words(instrument: Instrument) -> frozenset[str]:
    """The folded texts that mean no answer, the instrument's "don't know" included."""
    dont_know = (instrument.dont_know(lang) for lang in i18n.LANGUAGES)
    return frozenset(fold(token) for token in (*MISSING_TOKENS, *dont_know))


def token_value(token: str, labels: Mapping[str, int], codes: Mapping[str, int] = _NO_CODES) -> int:
    """The answer 1..5 for one distinct cell text, `MISSING` for none, or one of the negative error values.

    `codes` are a survey tool's own answer codes (case-insensitive), tried first so that "-77" can mean
    no answer.
    """
    text = token.strip()
    if codes and (code := codes.get(text.casefold())) is not None:
        return code
    if _NUMBER.match(text):
        number = float(text.replace(",", "."))
        if not number.is_integer():
            return NOT_INTEGER
        return int(number) if 1 <= number <= 5 else OUT_OF_RANGE
    folded = fold(text)
    if folded in labels:
        return labels[folded]
    if match := _NUMBERED_LABEL.match(text):
        number = int(match[1])
        if not 1 <= number <= 5:
            return OUT_OF_RANGE
        return number if labels.get(fold(match[2]), number) == number else UNKNOWN_LABEL
    return UNKNOWN_LABEL


def distinct(column: np.ndarray | pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's position among the column's distinct texts, and those texts; a dictionary column has both."""
    if isinstance(column, pd.Series) and isinstance(column.dtype, pd.CategoricalDtype):
        return column.array.codes, column.cat.categories.to_numpy(dtype=object)
    return pd.factorize(np.asarray(column, dtype=object))


def cells_at(column: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The texts of a column in some rows (given by position)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.categories.to_numpy(dtype=object)[column.array.codes[rows]]
    return column.to_numpy(dtype=object)[rows]


def translate(
    column: np.ndarray | pd.Series,
    labels: Mapping[str, int],
    cache: dict[str, int],
    codes: Mapping[str, int] = _NO_CODES,
) -> np.ndarray:
    """Map a column of cell texts to answers (int8) by translating each distinct text once."""
    positions, uniques = distinct(column)
    translated = np.empty(len(uniques), dtype=np.int8)
    for index, text in enumerate(uniques):
        value = cache.get(text)
        if value is None:
            value = cache[text] = token_value(text, labels, codes)
        translated[index] = value
    return translated[positions]


# ---------------------------------------------------------------------------------------------- other cells


def parse_dates(texts: np.ndarray) -> np.ndarray:
    """Parse submit times in the formats survey tools and German Excel write; unreadable ones become NaT.

    Time zone suffixes are dropped, so a time stays the wall-clock time the respondent saw.
    """
    strings = pc.utf8_trim_whitespace(pa.array(texts, pa.string()))
    if (plain := _plain_iso_times(strings)) is not None:
        return plain
    strings = pc.replace_substring_regex(strings, _TIMEZONE.pattern, "")
    strings = pc.replace_substring_regex(strings, r"\bvorm\.", "AM")
    strings = pc.replace_substring_regex(strings, r"\bnachm\.", "PM")
    result = np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[us]")
    todo = np.asarray(pc.not_equal(strings, ""), dtype=bool)
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        indices = np.flatnonzero(todo)
        candidates = pd.Series(pd.array(strings.take(pa.array(indices)), dtype="string"))
        try:
            parsed = pd.to_datetime(candidates, format=fmt, errors="coerce")
        except (ValueError, OverflowError):
            continue
        ok = parsed.notna().to_numpy()
        result[indices[ok]] = parsed[ok].to_numpy(dtype="datetime64[us]")
        todo[indices[ok]] = False
    return result


def _plain_iso_times(strings: pa.StringArray) -> np.ndarray | None:
    """The times when every text is empty or an ISO 8601 date or time without a zone, as most tools write them,
    read by Arrow in one pass; None when any text needs the slower reading above."""
    try:
        parsed = pc.cast(pc.if_else(pc.equal(strings, ""), None, strings), pa.timestamp("us"))
    except pa.ArrowInvalid:
        return None
    return np.asarray(parsed.to_numpy(zero_copy_only=False), dtype="datetime64[us]")


def clean_comments(column: np.ndarray | pd.Series) -> np.ndarray:
    """Trim comments and unify line breaks, once per distinct text; inner line breaks are kept."""
    codes, uniques = distinct(column)
    cleaned = [str(text).replace("\r\n", "\n").replace("\r", "\n").strip() for text in uniques]
    return np.array([*cleaned, ""], dtype=object)[codes]


def clean_texts(column: np.ndarray | pd.Series) -> np.ndarray:
    """Trim cell texts and collapse inner whitespace, once per distinct text that needs it."""
    codes, uniques = distinct(column)
    cleaned = np.append(uniques, "")
    try:
        unclean = np.flatnonzero(
            np.asarray(pc.match_substring_regex(pa.array(uniques, pa.string()), _UNCLEAN))
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        unclean = np.arange(len(uniques))
    for index in unclean:
        cleaned[index] = " ".join(str(uniques[index]).split())
    return cleaned[codes]


def addresses(texts: np.ndarray) -> np.ndarray:
    """Which cleaned texts (no whitespace but single inner spaces) are e-mail addresses."""
    return np.asarray(pc.match_substring_regex(pa.array(texts, pa.string()), _ADDRESS), dtype=bool)
