"""A column mapping as a small file: what the upload page's mapping step saves, for `import --mapping`.

The file is TOML or JSON, with one table `columns` from a column of the file (as its header reads) to an item
code, a role or `collab:<department>`. A flat table of columns is read as well.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping

from smm_maturity.i18n import LocalisedError

SUFFIXES = (".toml", ".json")


def parse_mapping(data: bytes, name: str) -> dict[str, str]:
    """The mapping a file holds; a `LocalisedError` in one sentence when it holds none."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    try:
        text = data.decode("utf-8-sig")
        content = tomllib.loads(text) if suffix == "toml" else json.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise LocalisedError("ingest.mapping_file.unreadable", name=name, reason=str(exc)[:120]) from None
    columns = content.get("columns", content) if isinstance(content, dict) else None
    if not isinstance(columns, dict) or not columns:
        raise LocalisedError("ingest.mapping_file.empty", name=name)
    wrong = [str(column) for column, target in columns.items() if not isinstance(target, str)]
    if wrong:
        raise LocalisedError("ingest.mapping_file.not_text", name=name, column=wrong[0])
    return {str(column): target for column, target in columns.items()}


def mapping_text(mapping: Mapping[str, str], suffix: str) -> str:
    """The mapping as the text of a `.toml` or `.json` file that `parse_mapping` reads back."""
    if suffix == ".json":
        return json.dumps({"columns": dict(mapping)}, ensure_ascii=False, indent=2) + "\n"
    lines = [
        "# Column mapping: a column of the file = an item code, a role or collab:<department>",
        "[columns]",
    ]
    lines += [f"{_toml_string(column)} = {_toml_string(target)}" for column, target in mapping.items()]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except that TOML has no escaped solidus."""
    return json.dumps(text, ensure_ascii=False).replace("\\/", "/")
