"""The records a screen lays out: the name picker's options and the name it gives."""

from __future__ import annotations

import pytest

from smm_maturity.screen import NEW, Picker, picked_name

WAVES = Picker("Welle", "upload.wave", "+ Neue Welle …", "Name der neuen Welle")
DEPARTMENTS = Picker("Abteilung", "upload.department", "+ Neue Abteilung …", "Name", placeholder="Wählen …")


def test_a_picker_offers_the_names_then_new() -> None:
    assert ["Herbst", "Frühjahr", NEW] == WAVES.options(["Herbst", "Frühjahr"])
    assert [NEW] == WAVES.options([])
    assert ["Herbst", "+ Neue Welle …"] == [
        WAVES.option_label(option) for option in WAVES.options(["Herbst"])
    ]
    assert "upload.wave.new" == WAVES.new_key


def test_a_picker_preselects_the_first_option_unless_the_user_must_choose() -> None:
    assert (0, None) == (WAVES.index, DEPARTMENTS.index)


@pytest.mark.parametrize(
    ("choice", "typed", "expected"),
    [
        ("Herbst 2025", "ignored", "Herbst 2025"),
        (None, None, None),
        (NEW, "  Frühjahr   2026 ", "Frühjahr 2026"),
        (NEW, "   ", None),
        (NEW, None, None),
    ],
)
def test_the_picked_name_is_the_choice_or_the_tidied_new_name(
    choice: str | None, typed: str | None, expected: str | None
) -> None:
    assert expected == picked_name(choice, typed)
