"""What a screen shows, worded by the package: small records that `ui` lays out as widgets.

The package decides the words, the kind of a message, the icons and the widget keys (tests find widgets by
key); the UI only places the widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

NEW = "\x00new"
"""The "create a new one" option of a name picker; no real name starts with a NUL."""


@dataclass(frozen=True)
class Notice:
    """A message: a coloured box of its kind with an icon, or with the kind "caption" small grey text."""

    kind: Literal["success", "info", "warning", "error", "caption"]
    text: str
    icon: str | None = None


@dataclass(frozen=True)
class Fact:
    """One labelled value of a row of facts."""

    label: str
    value: str


@dataclass(frozen=True)
class Download:
    """A file to download: the button's label, key and icon, and the file's content, name and type."""

    label: str
    data: bytes
    file_name: str
    mime: str
    key: str
    icon: str | None = None


@dataclass(frozen=True)
class Question:
    """A question asked before a step that cannot be undone, and the labels of its two answers.

    The buttons' keys are the question's key with ".confirm" and ".cancel".
    """

    notice: Notice
    confirm: str
    cancel: str
    key: str


@dataclass(frozen=True)
class Choice:
    """A choice with a button beside it that acts on the chosen option: the options with their labels.

    The button's key is the choice's key, the choice's own key that with ".choice".
    """

    label: str
    labels: Mapping[int, str]
    button: str
    key: str
    icon: str | None = None


@dataclass(frozen=True)
class Picker:
    """A choice of existing names plus "new …", which opens a text field for a new name beside it.

    With a `placeholder` nothing is preselected, so that the user must choose deliberately.
    """

    label: str
    key: str
    new_option: str
    new_label: str
    new_placeholder: str | None = None
    placeholder: str | None = None

    @property
    def new_key(self) -> str:
        """The key of the text field for a new name."""
        return f"{self.key}.new"

    @property
    def index(self) -> int | None:
        """The option chosen at first: none with a placeholder, else the first (the newest name, or "new …")."""
        return None if self.placeholder else 0

    def options(self, names: Sequence[str]) -> list[str]:
        """The names, then "new …"."""
        return [*names, NEW]

    def option_label(self, option: str) -> str:
        """How an option reads: a name as it is, NEW as "new …"."""
        return self.new_option if option == NEW else option


def picked_name(choice: str | None, typed: str | None) -> str | None:
    """The name a picker gives: the chosen one, or for "new …" the typed one with its spaces tidied (None if blank)."""
    if choice != NEW:
        return choice
    return " ".join((typed or "").split()) or None
