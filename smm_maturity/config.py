"""The settings read from the environment: one declarative table, with a default and help text each."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SMM_DB",
        "data/maturity.duckdb",
        "The DuckDB file that holds every answer. Only one program can open it at a time; the command line's"
        " `--db` overrides it. The default file gets the demo organisation on the dashboard's first start.",
    ),
    Setting(
        "SMM_MIN_GROUP",
        "5",
        "The minimum group size: a department, comment list or collaboration cell with fewer respondents"
        " shows no score anywhere. Values below 3 are raised to 3.",
    ),
    Setting(
        "SMM_MAX_UPLOAD_MB",
        "20",
        "The largest file, in megabytes, that an upload or `import` accepts. Larger files are refused"
        " before they are read.",
    ),
    Setting(
        "BROWSER_PATH",
        "",
        "The Chromium or Chrome that draws the chart images of the PPTX deck. Empty means the system's"
        " Chromium; no browser is ever downloaded. It stays open for two minutes after an export, so that"
        " the next export need not start it again.",
    ),
)

DEFAULT_MAX_UPLOAD_MB = 20


def setting(name: str) -> Setting:
    """The declaration of one setting; KeyError for a name that is not in the table."""
    for entry in SETTINGS:
        if entry.name == name:
            return entry
    raise KeyError(name)


def value(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The configured value of a setting, or its default when unset or blank."""
    raw = (os.environ if environ is None else environ).get(name, "").strip()
    return raw or setting(name).default


def max_upload_mb(environ: Mapping[str, str] | None = None) -> int:
    """The upload size limit in whole megabytes: `SMM_MAX_UPLOAD_MB`, default 20; an unusable value means 20."""
    raw = value("SMM_MAX_UPLOAD_MB", environ)
    megabytes = int(raw) if raw.isascii() and raw.isdigit() else 0
    return megabytes if megabytes > 0 else DEFAULT_MAX_UPLOAD_MB


def max_upload_bytes(environ: Mapping[str, str] | None = None) -> int:
    """The upload size limit in bytes, for `ingest.read_upload(max_bytes=...)`."""
    return max_upload_mb(environ) * 1024 * 1024


def settings_markdown() -> str:
    """The settings as a Markdown table, for the README's configuration section."""
    lines = ["| variable | default | what it does |", "| --- | --- | --- |"]
    for entry in SETTINGS:
        default = f"`{entry.default}`" if entry.default else "(none)"
        lines.append(f"| `{entry.name}` | {default} | {entry.help} |")
    return "\n".join(lines)
