"""The client's name and logo, as the title slide, the report and the deck show them.

Both live in the `settings` table. A logo is a small PNG or SVG, checked by its first bytes (not its name) and
its size, and kept as a data URL that the report embeds as it is.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

import duckdb

from smm_maturity import plans, store
from smm_maturity.i18n import LocalisedError

LOGO_SETTING = "organisation_logo"
MAX_LOGO_BYTES = 256 * 1024
"""The largest logo accepted: a title-slide logo needs no more."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]", re.DOTALL)
SVG_ACTIVE = re.compile(rb"<script|\son\w+\s*=|javascript:|<foreignObject", re.IGNORECASE)
"""What an SVG may not contain: scripts, event handlers and embedded HTML."""


@dataclass(frozen=True)
class Branding:
    """The client's name (empty when unset) and logo as a data URL (empty when unset)."""

    name: str
    logo: str

    @property
    def logo_png(self) -> bytes | None:
        """The logo's bytes when it is a PNG (the deck embeds PNG only), else None."""
        return png_bytes(self.logo)


def png_bytes(logo: str) -> bytes | None:
    """A stored logo's bytes when it is a PNG, which PowerPoint can embed; None for an SVG or none."""
    prefix = "data:image/png;base64,"
    return base64.b64decode(logo[len(prefix) :]) if logo.startswith(prefix) else None


def logo_type(content: bytes) -> str:
    """The media type of a logo from its first bytes, or a refusal in one sentence."""
    if len(content) > MAX_LOGO_BYTES:
        raise LocalisedError("branding.logo_too_large", kb=MAX_LOGO_BYTES // 1024)
    if content.startswith(PNG_SIGNATURE):
        return "image/png"
    if SVG_START.match(content[:4096]):
        if SVG_ACTIVE.search(content):
            raise LocalisedError("branding.logo_active")
        return "image/svg+xml"
    raise LocalisedError("branding.logo_type")


def logo_data_url(content: bytes) -> str:
    """A checked logo as a data URL."""
    return f"data:{logo_type(content)};base64,{base64.b64encode(content).decode('ascii')}"


def branding(con: duckdb.DuckDBPyConnection) -> Branding:
    """The client's name and logo as stored."""
    return Branding(plans.organisation_name(con), store.get_setting(con, LOGO_SETTING, "") or "")


def set_logo(con: duckdb.DuckDBPyConnection, content: bytes) -> None:
    """Store a checked logo; a refused one leaves the stored logo as it was."""
    store.set_setting(con, LOGO_SETTING, logo_data_url(content))


def remove_logo(con: duckdb.DuckDBPyConnection) -> None:
    """Forget the logo."""
    store.set_setting(con, LOGO_SETTING, "")


def logo_image(logo: str) -> bytes | str:
    """A stored logo as what an image widget takes: PNG bytes, or an SVG's markup."""
    kind, _, data = logo.partition(";base64,")
    content = base64.b64decode(data)
    return content.decode("utf-8") if kind == "data:image/svg+xml" else content
