"""The questionnaire as data: dimensions, items, stages and rubric, loaded from data/instrument.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from smm_maturity.i18n import DEFAULT_LANGUAGE, LANGUAGES, LocalisedError

DEFAULT_INSTRUMENT_PATH = Path(__file__).resolve().parent.parent / "data" / "instrument.toml"

T = TypeVar("T")


@dataclass(frozen=True)
class Localised(Generic[T]):
    """One value of the instrument in every language: `value.get(lang)`, or just `value(lang)`."""

    de: T
    en: T

    def get(self, lang: str) -> T:
        """The value in the given language; an unknown language gets the default one, as `i18n.t` does."""
        return getattr(self, lang if lang in LANGUAGES else DEFAULT_LANGUAGE)

    __call__ = get

    def all(self) -> tuple[T, ...]:
        """The value in every language, in `i18n.LANGUAGES` order (for reading answers given in any of them)."""
        return tuple(getattr(self, lang) for lang in LANGUAGES)


def localised(
    raw: dict[str, Any], key: str, *, optional: bool = False, convert: Callable[[Any], Any] | None = None
) -> Localised[Any]:
    """The value stored as `<key>_de`, `<key>_en` in a TOML table; KeyError when one is missing, unless optional."""
    values = {}
    for entry in fields(Localised):
        name = f"{key}_{entry.name}"
        value = raw.get(name, "") if optional else raw[name]
        values[entry.name] = convert(value) if convert else value
    return Localised(**values)


@dataclass(frozen=True)
class Item:
    code: str
    dimension: str
    text: Localised[str]
    reverse: bool = False
    facet: str = ""


@dataclass(frozen=True)
class RubricEntry:
    dimension: str
    stage: int
    looks: Localised[str]
    """What the dimension looks like at this stage."""
    next_step: Localised[str]
    """The step that leads from this stage to the next one."""


@dataclass(frozen=True)
class Dimension:
    code: str
    name: Localised[str]
    description: Localised[str]
    """The dimension in one sentence."""
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Stage:
    level: int
    name: Localised[str]
    min_mean: float


@dataclass(frozen=True)
class Instrument:
    version: str
    title: Localised[str]
    intro: Localised[str]
    scale_labels: Localised[tuple[str, ...]]
    """The labels of the answers 1 to 5."""
    dont_know: Localised[str]
    collaboration_prompt: Localised[str]
    collaboration_labels: Localised[tuple[str, ...]]
    """The labels of the collaboration ratings 1 to 5."""
    comment_prompt: Localised[str]
    dimensions: tuple[Dimension, ...]
    stages: tuple[Stage, ...]
    rubric: tuple[RubricEntry, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item, in questionnaire order."""
        return tuple(item for dimension in self.dimensions for item in dimension.items)

    @property
    def item_codes(self) -> tuple[str, ...]:
        """Every item code, in questionnaire order."""
        return tuple(item.code for item in self.items)

    @property
    def dimension_codes(self) -> tuple[str, ...]:
        """Every dimension code, in questionnaire order."""
        return tuple(dimension.code for dimension in self.dimensions)

    def dimension(self, code: str) -> Dimension:
        """The dimension with this code."""
        return next(d for d in self.dimensions if d.code == code)

    def item(self, code: str) -> Item:
        """The item with this code."""
        return next(i for i in self.items if i.code == code)

    def stage(self, level: int) -> Stage:
        """The stage with this level (1 to 5)."""
        return next(s for s in self.stages if s.level == level)

    def rubric_entry(self, dimension: str, stage: int) -> RubricEntry | None:
        """The rubric cell for a dimension at a stage, if the instrument has one."""
        return next((r for r in self.rubric if r.dimension == dimension and r.stage == stage), None)


class InstrumentError(LocalisedError, ValueError):
    """The instrument file is malformed."""


def _item(raw: dict[str, Any], dimension: str) -> Item:
    return Item(
        code=raw["code"],
        dimension=dimension,
        text=localised(raw, "text"),
        reverse=bool(raw.get("reverse", False)),
        facet=raw.get("facet", ""),
    )


def _dimension(raw: dict[str, Any]) -> Dimension:
    return Dimension(
        code=raw["code"],
        name=localised(raw, "name"),
        description=localised(raw, "description", optional=True),
        items=tuple(_item(item, raw["code"]) for item in raw["items"]),
    )


def parse_instrument(raw: dict[str, Any]) -> Instrument:
    """Build an Instrument from the parsed TOML tables, checking that it is consistent."""
    try:
        instrument = Instrument(
            version=str(raw["version"]),
            title=localised(raw, "title"),
            intro=localised(raw, "intro", optional=True),
            scale_labels=localised(raw["scale"], "labels", convert=tuple),
            dont_know=localised(raw["scale"], "dont_know"),
            collaboration_prompt=localised(raw["collaboration"], "prompt"),
            collaboration_labels=localised(raw["collaboration"], "labels", convert=tuple),
            comment_prompt=localised(raw["comment"], "prompt"),
            dimensions=tuple(_dimension(d) for d in raw["dimensions"]),
            stages=tuple(
                Stage(s["level"], localised(s, "name"), float(s["min_mean"]))
                for s in sorted(raw["stages"], key=lambda s: s["level"])
            ),
            rubric=tuple(
                RubricEntry(r["dimension"], r["stage"], localised(r, "looks"), localised(r, "next"))
                for r in raw.get("rubric", [])
            ),
        )
    except KeyError as missing:
        raise InstrumentError("instrument.missing_field", field=missing.args[0]) from None
    codes = instrument.item_codes
    if len(set(codes)) != len(codes):
        raise InstrumentError("instrument.duplicate_codes")
    for dimension in instrument.dimensions:
        if not 3 <= len(dimension.items) <= 6:
            raise InstrumentError("instrument.item_count", dimension=dimension.code)
    if [s.level for s in instrument.stages] != [1, 2, 3, 4, 5]:
        raise InstrumentError("instrument.stages")
    return instrument


@cache
def load_instrument(path: Path = DEFAULT_INSTRUMENT_PATH) -> Instrument:
    """Load and validate the instrument file (cached per path)."""
    with open(path, "rb") as handle:
        return parse_instrument(tomllib.load(handle))
