"""The requests the store refuses, each with a message key of the text catalogues."""

from __future__ import annotations

from datetime import datetime

from smm_maturity.i18n import LocalisedError, format_datetime, t


class StoreError(LocalisedError):
    """A request the store refuses, with a message meant for the user (`str()` is English, for the CLI).

    A parameter that is a date and time is written in the language's format; one that is a function of the
    language is called with it.
    """

    def message(self, lang: str) -> str:
        """The error as one sentence in the given language."""
        return t(self.key, lang, **{name: _localised(value, lang) for name, value in self.params.items()})


def _localised(value: object, lang: str) -> object:
    if isinstance(value, datetime):
        return format_datetime(value, lang)
    return value(lang) if callable(value) else value


class DatabaseBusy(StoreError):
    """Another process holds the database file."""


class ImportRejected(StoreError):
    """An import that was refused as a whole; nothing was stored."""
