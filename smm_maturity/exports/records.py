"""What an export is, and what rendering one gives: the two record types of the export registry."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from smm_maturity import slides
from smm_maturity.i18n import t


@dataclass(frozen=True)
class ExportFile:
    """A rendered export.

    `summary` says in English what the file holds, for the command line; `fallback` says in English what it
    holds instead of a chart it could not draw, and why, and is empty when the file is as intended.
    """

    content: bytes
    summary: str
    fallback: str = ""


@dataclass(frozen=True)
class Export:
    """One kind of hand-over file: how it is named, offered and rendered from a deck."""

    name: str
    suffix: str
    mime: str
    label_key: str
    icon: str
    render: Callable[[slides.Deck], ExportFile]
    help_key: str = ""
    """The text that says what the file holds, beside its button."""
    images: bool = False
    """True when it uses the browser (slow); the command line starts that browser early."""
    needs_browser: bool = False
    """True when it cannot be written at all without a browser."""
    fallback_key: str = ""
    """The text that says, when no browser is found, what the file lacks or why it cannot be written."""

    def button_options(self, browser: bool, lang: str) -> dict[str, Any]:
        """Its download button's key, icon and help (what the file holds, or what it lacks without a browser),
        disabled when it cannot be made without one."""
        help_key = self.fallback_key if self.fallback_key and not browser else self.help_key
        return {
            "key": f"download_{self.name}",
            "icon": self.icon,
            "help": t(help_key, lang),
            "disabled": self.needs_browser and not browser,
        }

    def content(self, deck: slides.Deck) -> bytes:
        """The file's bytes, for a download button."""
        return self.render(deck).content

    def file_name(self, wave: str) -> str:
        """The name of this export's file for a wave."""
        return file_stem(wave) + self.suffix


def file_stem(wave: str) -> str:
    """The file name, without ending, of a wave's exports: the wave's name with only safe characters."""
    return "augenhoehe-" + re.sub(r"[^\w.-]+", "-", wave).strip("-")
