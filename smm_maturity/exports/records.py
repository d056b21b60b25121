"""What an export is, and what rendering one gives: the two record types of the export registry."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from smm_maturity import slides


@dataclass(frozen=True)
class ExportFile:
    """A rendered export.

    `summary` says in English what the file holds, for the command line; `fallback` says in English why it
    holds tables instead of chart images, and is empty when the file is as intended.
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
    images: bool = False
    """True when it draws chart images with a browser (slow); the command line starts that browser early."""
    fallback_key: str = ""
    """The text that warns, when no browser is found, that the file will hold tables instead of chart images."""

    def content(self, deck: slides.Deck) -> bytes:
        """The file's bytes, for a download button."""
        return self.render(deck).content

    def file_name(self, wave: str) -> str:
        """The name of this export's file for a wave."""
        return file_stem(wave) + self.suffix


def file_stem(wave: str) -> str:
    """The file name, without ending, of a wave's exports: the wave's name with only safe characters."""
    return "augenhoehe-" + re.sub(r"[^\w.-]+", "-", wave).strip("-")
