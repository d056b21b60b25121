"""The instrument as data: one value per language, read from data/instrument.toml, and refusals of a malformed file."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

import pytest

from smm_maturity import i18n
from smm_maturity.instrument import (
    DEFAULT_INSTRUMENT_PATH,
    InstrumentError,
    Localised,
    load_instrument,
    parse_instrument,
)

INSTRUMENT = load_instrument()


def raw_instrument() -> dict[str, Any]:
    """The parsed TOML of the default instrument, to change for a test."""
    with DEFAULT_INSTRUMENT_PATH.open("rb") as handle:
        return tomllib.load(handle)


def test_a_localised_value_has_one_field_per_language() -> None:
    assert i18n.LANGUAGES == tuple(field.name for field in dataclasses.fields(Localised))


@pytest.mark.parametrize(
    ("lang", "expected"), [("de", "Wert"), ("en", "value"), ("fr", "Wert"), ("", "Wert")]
)
def test_a_localised_value_picks_the_language_and_falls_back_like_the_catalogues(
    lang: str, expected: str
) -> None:
    value = Localised(de="Wert", en="value")
    assert (expected, expected, ("Wert", "value")) == (value.get(lang), value(lang), value.all())


def test_the_texts_come_from_the_file_in_both_languages() -> None:
    raw = raw_instrument()
    first = raw["dimensions"][0]
    assert {
        "title": (raw["title_de"], raw["title_en"]),
        "intro": (raw["intro_de"], raw["intro_en"]),
        "scale_labels": (tuple(raw["scale"]["labels_de"]), tuple(raw["scale"]["labels_en"])),
        "dont_know": (raw["scale"]["dont_know_de"], raw["scale"]["dont_know_en"]),
        "collaboration_prompt": (raw["collaboration"]["prompt_de"], raw["collaboration"]["prompt_en"]),
        "collaboration_labels": (
            tuple(raw["collaboration"]["labels_de"]),
            tuple(raw["collaboration"]["labels_en"]),
        ),
        "comment_prompt": (raw["comment"]["prompt_de"], raw["comment"]["prompt_en"]),
        "dimension": (first["name_de"], first["name_en"], first["description_de"], first["description_en"]),
        "item": (first["items"][0]["text_de"], first["items"][0]["text_en"]),
        "stage": (raw["stages"][0]["name_de"], raw["stages"][0]["name_en"]),
        "rubric": tuple(raw["rubric"][0][key] for key in ("looks_de", "looks_en", "next_de", "next_en")),
    } == {
        "title": (INSTRUMENT.title("de"), INSTRUMENT.title("en")),
        "intro": (INSTRUMENT.intro("de"), INSTRUMENT.intro("en")),
        "scale_labels": (INSTRUMENT.scale_labels("de"), INSTRUMENT.scale_labels("en")),
        "dont_know": (INSTRUMENT.dont_know("de"), INSTRUMENT.dont_know("en")),
        "collaboration_prompt": (
            INSTRUMENT.collaboration_prompt("de"),
            INSTRUMENT.collaboration_prompt("en"),
        ),
        "collaboration_labels": (
            INSTRUMENT.collaboration_labels("de"),
            INSTRUMENT.collaboration_labels("en"),
        ),
        "comment_prompt": (INSTRUMENT.comment_prompt("de"), INSTRUMENT.comment_prompt("en")),
        "dimension": (
            INSTRUMENT.dimensions[0].name("de"),
            INSTRUMENT.dimensions[0].name("en"),
            INSTRUMENT.dimensions[0].description("de"),
            INSTRUMENT.dimensions[0].description("en"),
        ),
        "item": (INSTRUMENT.items[0].text("de"), INSTRUMENT.items[0].text("en")),
        "stage": (INSTRUMENT.stage(1).name("de"), INSTRUMENT.stage(1).name("en")),
        "rubric": (
            INSTRUMENT.rubric[0].looks("de"),
            INSTRUMENT.rubric[0].looks("en"),
            INSTRUMENT.rubric[0].next_step("de"),
            INSTRUMENT.rubric[0].next_step("en"),
        ),
    }


def test_an_instrument_is_hashable_and_compares_by_value() -> None:
    again = parse_instrument(raw_instrument())
    assert (again, hash(again)) == (INSTRUMENT, hash(INSTRUMENT))


def without(path: tuple[Any, ...]) -> Any:
    """A change that deletes one key, reached through the given tables and list indices."""

    def change(raw: dict[str, Any]) -> None:
        table = raw
        for step in path[:-1]:
            table = table[step]
        del table[path[-1]]

    return change


def duplicate_item(raw: dict[str, Any]) -> None:
    raw["dimensions"][1]["items"][0]["code"] = raw["dimensions"][0]["items"][0]["code"]


def two_items(raw: dict[str, Any]) -> None:
    raw["dimensions"][2]["items"] = raw["dimensions"][2]["items"][:2]


def four_stages(raw: dict[str, Any]) -> None:
    raw["stages"] = raw["stages"][:4]


@pytest.mark.parametrize(
    ("damage", "english", "german"),
    [
        (
            without(("title_en",)),
            "The instrument lacks the field title_en.",
            "Dem Fragebogen fehlt das Feld title_en.",
        ),
        (
            without(("scale", "dont_know_de")),
            "The instrument lacks the field dont_know_de.",
            "Dem Fragebogen fehlt das Feld dont_know_de.",
        ),
        (
            without(("dimensions", 0, "items", 0, "text_en")),
            "The instrument lacks the field text_en.",
            "Dem Fragebogen fehlt das Feld text_en.",
        ),
        (
            duplicate_item,
            "The instrument has duplicate item codes.",
            "Der Fragebogen enthält doppelte Item-Codes.",
        ),
        (two_items, "Dimension KOO needs 3 to 6 items.", "Die Dimension KOO braucht 3 bis 6 Items."),
        (
            four_stages,
            "The instrument needs exactly the stages 1 to 5.",
            "Der Fragebogen braucht genau die Stufen 1 bis 5.",
        ),
    ],
)
def test_a_malformed_instrument_is_refused_in_either_language(damage: Any, english: str, german: str) -> None:
    raw = raw_instrument()
    damage(raw)
    with pytest.raises(InstrumentError) as refused:
        parse_instrument(raw)
    assert isinstance(refused.value, i18n.LocalisedError) and isinstance(refused.value, ValueError)
    assert (english, german) == (str(refused.value), refused.value.message("de"))


def test_optional_texts_may_be_left_out() -> None:
    raw = raw_instrument()
    del raw["intro_de"], raw["intro_en"], raw["dimensions"][0]["description_de"]
    instrument = parse_instrument(raw)
    assert ("", "", "") == (
        instrument.intro("de"),
        instrument.intro("en"),
        instrument.dimensions[0].description("de"),
    )
