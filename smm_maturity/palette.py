"""The brand colours, defined once for the charts, the HTML report, the PPTX deck and the presentation CSS."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Palette:
    """The named colours of the product, as `#RRGGBB`."""

    text: str = "#1E293B"
    muted: str = "#5B6472"
    line: str = "#E4E7EB"
    accent: str = "#0072B2"
    page: str = "#F8FAFC"
    header_fill: str = "#F1F5F9"
    panel: str = "#F2F5F8"
    white: str = "#FFFFFF"
    hidden: str = "#CDCDCD"
    comparison: str = "#3F3F46"
    disagree: str = "#D55E00"
    neutral: str = "#BDBDBD"
    agree: str = "#0072B2"
    template_header: str = "#DDE7F0"
    template_hint: str = "#444444"


PALETTE = Palette()

STAGE_COLOURS: Mapping[int, str] = MappingProxyType(
    {1: "#D55E00", 2: "#E69F00", 3: "#F0E442", 4: "#56B4E9", 5: "#0072B2"}
)
"""Stage 1 to 5: vermillion, orange, yellow, sky blue, blue (Okabe-Ito), from warm and weak to cool and strong."""


def rgb(colour: str) -> tuple[int, int, int]:
    """A `#RRGGBB` colour as its red, green and blue components."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def css_variables() -> str:
    """The palette as CSS custom properties on `:root`, for the report and the presentation."""
    names = ", ".join(f"--{name.replace('_', '-')}: {value}" for name, value in vars(PALETTE).items())
    return ":root { " + names.replace(", --", "; --") + "; }"
