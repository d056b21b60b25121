"""The settings read from the environment: one declarative table, with a default and help text each.

This is the only module that reads the environment. Each setting has a typed accessor, and a value that is
not allowed raises `SettingError` instead of being replaced by the default; `validate()` checks them all.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from smm_maturity.i18n import LocalisedError

PROJECT_DIR = Path(__file__).resolve().parent.parent
SHOWN_LENGTH = 60
"""How many characters of a refused number its error message repeats; a path is repeated whole."""

Environ = Mapping[str, str] | None
"""The variables to read; None means the process environment."""


class SettingError(LocalisedError):
    """A setting holds a value that is not allowed; the message names the variable, the value and what is allowed."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    kind: Literal["whole", "path", "text"] = "text"
    minimum: int = 0
    maximum: int = 0


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SMM_DB",
        "data/maturity.duckdb",
        "The DuckDB file that holds every answer. Only one program can open it at a time; the command line's"
        " `--db` overrides it. The default file gets the demo organisation on the dashboard's first start."
        " A directory, or a path inside a file, is refused at start.",
        kind="path",
    ),
    Setting(
        "SMM_MIN_GROUP",
        "5",
        "The minimum group size: a department, comment list or collaboration cell with fewer respondents"
        " shows no score anywhere, and further groups are hidden until the respondents of a total that no"
        " shown group accounts for number 0 or at least this many. A whole number from 3 to 1000; any other"
        " value is refused at start. The command line's `--min-group` may raise it, never lower it.",
        kind="whole",
        minimum=3,
        maximum=1000,
    ),
    Setting(
        "SMM_MIN_COMMENTS",
        "10",
        "The respondents a department needs before its comments are listed as its own (the Viva Glint"
        " convention). Comments of smaller departments go into one list for the organisation, without"
        " departments, shown only when at least this many people wrote in it. A whole number from the"
        " minimum group size to 1000; any other value is refused at start. Unset, it is 10 or the minimum"
        " group size, whichever is larger.",
        kind="whole",
        minimum=3,
        maximum=1000,
    ),
    Setting(
        "SMM_MAX_UPLOAD_MB",
        "20",
        "The largest file, in megabytes, that an upload or `import` accepts. Larger files are refused"
        " before they are read. A whole number from 1 to 1024; any other value is refused at start.",
        kind="whole",
        minimum=1,
        maximum=1024,
    ),
    Setting(
        "BROWSER_PATH",
        "",
        "The Chromium or Chrome that prints the PDF report and draws the silo network of the PPTX deck."
        " Empty means the system's Chromium; no browser is ever downloaded. Without one, the PDF cannot be"
        " written and the deck shows the silo map as a table. It stays open for two minutes after an export,"
        " so that the next export need not start it again.",
    ),
    Setting(
        "SMM_PPTX_TEMPLATE",
        "",
        "A PowerPoint template or presentation (`.pptx` or `.potx`) whose slide masters, layouts, fonts and"
        " colours the PPTX deck is built on, such as a consultancy's design; slides already in it are left"
        " out. Empty means the built-in design. A path that is not an existing .pptx or .potx file is"
        " refused at start.",
        kind="path",
    ),
)
"""Every setting. Surrounding spaces are ignored, and an empty value means the default."""


def setting(name: str) -> Setting:
    """The declaration of one setting; KeyError for a name that is not in the table."""
    for entry in SETTINGS:
        if entry.name == name:
            return entry
    raise KeyError(name)


MIN_GROUP_FLOOR = setting("SMM_MIN_GROUP").minimum
"""No minimum group size below this is ever used, whatever asks for it."""

DEFAULT_DB_PATH = PROJECT_DIR / setting("SMM_DB").default


def _raw(name: str, environ: Environ) -> str:
    setting(name)
    return (os.environ if environ is None else environ).get(name, "").strip()


def value(name: str, environ: Environ = None) -> str:
    """The configured value of a setting as written, or its default when unset or blank."""
    return _raw(name, environ) or setting(name).default


def shown(text: str, limit: int | None = SHOWN_LENGTH) -> str:
    """A refused value as an error message repeats it: control characters escaped, cut short after `limit`."""
    printable = text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
    return printable if limit is None or len(printable) <= limit else printable[: limit - 1] + "…"


def whole_number(text: str) -> int | None:
    """The whole number written in ASCII digits (surrounding spaces allowed), or None for anything else."""
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        return None
    return int(digits)


def _whole(name: str, environ: Environ) -> int:
    entry = setting(name)
    text = value(name, environ)
    number = whole_number(text)
    if number is None or not entry.minimum <= number <= entry.maximum:
        raise SettingError(
            "config.whole_number",
            name=name,
            value=shown(text),
            minimum=entry.minimum,
            maximum=entry.maximum,
            default=entry.default,
        )
    return number


def min_group_size(environ: Environ = None) -> int:
    """The minimum group size k: `SMM_MIN_GROUP`, a whole number from 3 to 1000, default 5."""
    return _whole("SMM_MIN_GROUP", environ)


def min_comments(environ: Environ = None) -> int:
    """The respondents a department needs for a comment list of its own: `SMM_MIN_COMMENTS`, default 10.

    A whole number from the minimum group size to 1000. Unset, it is the default or the minimum group size,
    whichever is larger; a value set below the minimum group size is refused.
    """
    entry = setting("SMM_MIN_COMMENTS")
    try:
        floor = min_group_size(environ)
    except SettingError:
        floor = MIN_GROUP_FLOOR  # that setting is refused on its own; this one is checked against the floor
    text = _raw("SMM_MIN_COMMENTS", environ)
    if not text:
        return max(int(entry.default), floor)
    number = whole_number(text)
    if number is None or not floor <= number <= entry.maximum:
        raise SettingError(
            "config.min_comments",
            name=entry.name,
            value=shown(text),
            minimum=floor,
            maximum=entry.maximum,
            default=entry.default,
        )
    return number


def max_upload_mb(environ: Environ = None) -> int:
    """The upload size limit in whole megabytes: `SMM_MAX_UPLOAD_MB`, from 1 to 1024, default 20."""
    return _whole("SMM_MAX_UPLOAD_MB", environ)


def max_upload_bytes(environ: Environ = None) -> int:
    """The upload size limit in bytes, for `ingest.read_upload(max_bytes=...)`."""
    return max_upload_mb(environ) * 1024 * 1024


def _is_file_path(text: str) -> bool:
    """True when `text` can name a file: no NUL, not a directory, and no part of it is an existing file."""
    if "\0" in text:
        return False
    path = Path(text).expanduser()
    if os.path.isdir(path):
        return False
    return not any(os.path.exists(parent) and not os.path.isdir(parent) for parent in path.parents)


def db_path(environ: Environ = None) -> Path:
    """The database file: `SMM_DB` (a leading `~` is the home directory), default data/maturity.duckdb."""
    text = _raw("SMM_DB", environ)
    if not text:
        return DEFAULT_DB_PATH
    if not _is_file_path(text):
        raise SettingError(
            "config.file_path",
            name="SMM_DB",
            value=shown(text, limit=None),
            default=setting("SMM_DB").default,
        )
    return Path(text).expanduser()


def browser_path(environ: Environ = None) -> str | None:
    """The browser that draws chart images, `BROWSER_PATH`; None means the system's Chromium."""
    return _raw("BROWSER_PATH", environ) or None


TEMPLATE_SUFFIXES = (".pptx", ".potx")


def pptx_template(environ: Environ = None) -> Path | None:
    """The PowerPoint template of the deck, `SMM_PPTX_TEMPLATE`: an existing .pptx or .potx file, or None."""
    text = _raw("SMM_PPTX_TEMPLATE", environ)
    if not text:
        return None
    path = Path(text).expanduser()
    if not (
        "\0" not in text
        and path.suffix.lower() in TEMPLATE_SUFFIXES
        and path.is_file()
        and zipfile.is_zipfile(path)
    ):
        raise SettingError(
            "handover.template.invalid", name="SMM_PPTX_TEMPLATE", value=shown(text, limit=None)
        )
    return path


ACCESSORS: dict[str, Callable[[Environ], object]] = {
    "SMM_DB": db_path,
    "SMM_MIN_GROUP": min_group_size,
    "SMM_MIN_COMMENTS": min_comments,
    "SMM_MAX_UPLOAD_MB": max_upload_mb,
    "BROWSER_PATH": browser_path,
    "SMM_PPTX_TEMPLATE": pptx_template,
}
"""The typed accessor of every setting, by name."""


def problems(environ: Environ = None) -> tuple[SettingError, ...]:
    """The refusal of every setting whose value is not allowed, in the table's order; empty when all are fine."""
    found = []
    for entry in SETTINGS:
        try:
            ACCESSORS[entry.name](environ)
        except SettingError as error:
            found.append(error)
    return tuple(found)


def validate(environ: Environ = None) -> None:
    """Check every setting at once; raise the first refusal (`problems()` lists them all)."""
    found = problems(environ)
    if found:
        raise found[0]


def settings_markdown() -> str:
    """The settings as a Markdown table, for the README's configuration section."""
    lines = ["| variable | default | what it does |", "| --- | --- | --- |"]
    for entry in SETTINGS:
        default = f"`{entry.default}`" if entry.default else "(none)"
        lines.append(f"| `{entry.name}` | {default} | {entry.help} |")
    return "\n".join(lines)
