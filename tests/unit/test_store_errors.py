"""Every refusal of the store (and of the plans and backups built on it) is a catalogue text in each language."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from smm_maturity import backup, invites, plans, store, waves
from smm_maturity.i18n import LANGUAGES, catalogue, placeholders

PACKAGE = Path(__file__).resolve().parents[2] / "smm_maturity"


def _subclasses(cls: type) -> set[str]:
    found = {cls.__name__}
    for sub in cls.__subclasses__():
        found |= _subclasses(sub)
    return found


ERRORS = _subclasses(store.StoreError)
"""Every subclass, defined in the modules imported above: those of the survey lifecycle and invitations too."""


def _raised_errors() -> list[tuple[str, int, str, object, frozenset[str]]]:
    """(file, line, error class, first argument, keyword names) of every store error built in the package."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in ERRORS:
                first = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
                keywords = frozenset(keyword.arg for keyword in node.keywords if keyword.arg)
                calls.append((path.relative_to(PACKAGE).as_posix(), node.lineno, name, first, keywords))
    return calls


def test_the_store_errors_include_those_of_plans_and_backups() -> None:
    assert (True, True) == (
        issubclass(plans.PlanError, store.StoreError),
        issubclass(backup.BackupError, store.StoreError),
    )
    assert (True, True) == (
        issubclass(waves.WaveError, store.StoreError),
        issubclass(invites.InvitationRefused, store.StoreError),
    )
    assert {"StoreError", "DatabaseBusy", "ImportRejected", "PlanError", "BackupError", "WaveError"} <= ERRORS
    assert "InvitationRefused" in ERRORS


def test_every_store_error_is_raised_with_a_key_that_each_language_has_with_the_same_parameters() -> None:
    calls = _raised_errors()
    assert len(calls) > 30
    wrong = [
        (file, line, error, key)
        for file, line, error, key, keywords in calls
        for lang in LANGUAGES
        if not isinstance(key, str)
        or key not in catalogue(lang)
        or placeholders(catalogue(lang)[key]) != keywords
    ]
    assert [] == wrong


def test_a_sentence_in_place_of_a_key_is_refused() -> None:
    with pytest.raises(KeyError):
        plans.PlanError("An action needs a title.")
