"""Loading the text catalogues, `t()`, and number and date formatting per language.

Every text lives in `locales/<lang>/*.toml` under one flat key; what else differs between the languages
(delimiters, decimal sign, date formats, quotes) is one `Locale` value, read from `locales/<lang>/locale.toml`.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
ERROR_LANGUAGE = "en"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LOCALE_FILE = "locale.toml"
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:")


@dataclass(frozen=True)
class Locale:
    """What differs between the languages apart from the texts."""

    code: str
    csv_delimiter: str
    decimal_sign: str
    thousands_sign: str
    percent_format: str
    date_format: str
    datetime_format: str
    date_picker_format: str
    plotly_separators: str
    quote_open: str
    quote_close: str

    def quote(self, text: object) -> str:
        """The text in this language's quotation marks („…“ or "…")."""
        return f"{self.quote_open}{text}{self.quote_close}"


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Every text of a language: all catalogue files of its folder, merged; a key defined twice is an error."""
    texts: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        if path.name == LOCALE_FILE:
            continue
        with path.open("rb") as handle:
            entries = tomllib.load(handle)
        for key, text in entries.items():
            if not isinstance(text, str):
                raise ValueError(f"{path.name}: the text {key!r} must be a string.")
            if key in texts:
                raise ValueError(f"{path.name}: the text {key!r} is defined twice.")
            texts[key] = text
    return texts


@cache
def locale(lang: str) -> Locale:
    """The number, date and punctuation conventions of a language."""
    with (LOCALES_DIR / lang / LOCALE_FILE).open("rb") as handle:
        return Locale(code=lang, **tomllib.load(handle))


def t(key: str, lang: str, **params: object) -> str:
    """The text for a key in the given language, with its `{placeholders}` filled in."""
    text = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)[key]
    return text.format(**params) if params else text


def placeholders(text: str) -> frozenset[str]:
    """The `{names}` a text expects."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


class LocalisedError(Exception):
    """An error raised by the package that the UI shows in the user's language and the CLI in English."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message(ERROR_LANGUAGE))

    def message(self, lang: str) -> str:
        """The error as one sentence in the given language."""
        return t(self.key, lang, **self.params)


def pick_language(requested: str | None, browser_locale: str | None) -> str:
    """The language to use: the one in the URL if valid, else the browser's, else German."""
    if requested in LANGUAGES:
        return requested
    if browser_locale:
        prefix = browser_locale.split("-")[0].split("_")[0].lower()
        if prefix in LANGUAGES:
            return prefix
    return DEFAULT_LANGUAGE


def format_number(value: float | int | None, lang: str, decimals: int = 1, placeholder: str = "–") -> str:
    """A number in the language's format: 3,5 in German and 3.5 in English, with thousands separators."""
    if value is None:
        return placeholder
    conventions = locale(lang)
    text = f"{value:,.{decimals}f}"
    return (
        text.replace(",", "\0")
        .replace(".", conventions.decimal_sign)
        .replace("\0", conventions.thousands_sign)
    )


def format_signed(value: float | None, lang: str, decimals: int = 1, placeholder: str = "–") -> str:
    """A change with an explicit sign (+0,4 / −0.2)."""
    if value is None:
        return placeholder
    text = format_number(abs(value), lang, decimals)
    return ("+" if value >= 0 else "\u2212") + text


def format_delta(value: float | None, lang: str, decimals: int = 1) -> str | None:
    """A change for `st.metric`: explicit sign with an ASCII minus (so the arrow points down), or None."""
    if value is None:
        return None
    return ("+" if value >= 0 else "-") + format_number(abs(value), lang, decimals)


def format_p_value(value: float | None, lang: str) -> str:
    """A p-value as "p = 0,012", or "p < 0,001" when it is that small."""
    if value is None:
        return "–"
    if value < 0.001:
        return f"p < {format_number(0.001, lang, 3)}"
    return f"p = {format_number(value, lang, 3)}"


def escape_markdown(text: str) -> str:
    """A user-supplied name made safe to show literally inside Markdown."""
    return "".join("\\" + char if char in MARKDOWN_SPECIAL else char for char in str(text))


def format_percent(share: float | None, lang: str, decimals: int = 0) -> str:
    """A share between 0 and 1 as a percentage (42 % in German, 42% in English)."""
    if share is None:
        return "–"
    return locale(lang).percent_format.format(number=format_number(share * 100, lang, decimals))


def format_date(value: date | datetime | None, lang: str) -> str:
    """A date as 22.11.2026 in German and 2026-11-22 in English."""
    if value is None:
        return "–"
    return value.strftime(locale(lang).date_format)


def format_datetime(value: datetime | None, lang: str) -> str:
    """A date and time as 22.11.2026 14:05 in German and 2026-11-22 14:05 in English."""
    if value is None:
        return "–"
    return value.strftime(locale(lang).datetime_format)
