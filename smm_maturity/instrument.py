"""The questionnaire as data: dimensions, items, stages and rubric, loaded from data/instrument.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_INSTRUMENT_PATH = Path(__file__).resolve().parent.parent / "data" / "instrument.toml"
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class Item:
    code: str
    dimension: str
    text_de: str
    text_en: str
    reverse: bool = False
    facet: str = ""

    def text(self, lang: str) -> str:
        """The item's wording in the given language."""
        return self.text_de if lang == "de" else self.text_en


@dataclass(frozen=True)
class RubricEntry:
    dimension: str
    stage: int
    looks_de: str
    looks_en: str
    next_de: str
    next_en: str

    def looks(self, lang: str) -> str:
        """What the dimension looks like at this stage."""
        return self.looks_de if lang == "de" else self.looks_en

    def next_step(self, lang: str) -> str:
        """The step that leads from this stage to the next one."""
        return self.next_de if lang == "de" else self.next_en


@dataclass(frozen=True)
class Dimension:
    code: str
    name_de: str
    name_en: str
    description_de: str
    description_en: str
    items: tuple[Item, ...]

    def name(self, lang: str) -> str:
        """The dimension's name in the given language."""
        return self.name_de if lang == "de" else self.name_en

    def description(self, lang: str) -> str:
        """The dimension's one-sentence description in the given language."""
        return self.description_de if lang == "de" else self.description_en


@dataclass(frozen=True)
class Stage:
    level: int
    name_de: str
    name_en: str
    min_mean: float

    def name(self, lang: str) -> str:
        """The stage's name in the given language."""
        return self.name_de if lang == "de" else self.name_en


@dataclass(frozen=True)
class Instrument:
    version: str
    title_de: str
    title_en: str
    intro_de: str
    intro_en: str
    scale_labels_de: tuple[str, ...]
    scale_labels_en: tuple[str, ...]
    dont_know_de: str
    dont_know_en: str
    collaboration_prompt_de: str
    collaboration_prompt_en: str
    collaboration_labels_de: tuple[str, ...]
    collaboration_labels_en: tuple[str, ...]
    comment_prompt_de: str
    comment_prompt_en: str
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

    def title(self, lang: str) -> str:
        """The questionnaire's title in the given language."""
        return self.title_de if lang == "de" else self.title_en


class InstrumentError(ValueError):
    """The instrument file is malformed."""


def _item(raw: dict, dimension: str) -> Item:
    return Item(
        code=raw["code"],
        dimension=dimension,
        text_de=raw["text_de"],
        text_en=raw["text_en"],
        reverse=bool(raw.get("reverse", False)),
        facet=raw.get("facet", ""),
    )


def _dimension(raw: dict) -> Dimension:
    return Dimension(
        code=raw["code"],
        name_de=raw["name_de"],
        name_en=raw["name_en"],
        description_de=raw.get("description_de", ""),
        description_en=raw.get("description_en", ""),
        items=tuple(_item(item, raw["code"]) for item in raw["items"]),
    )


def parse_instrument(raw: dict) -> Instrument:
    """Build an Instrument from the parsed TOML tables, checking that it is consistent."""
    try:
        instrument = Instrument(
            version=str(raw["version"]),
            title_de=raw["title_de"],
            title_en=raw["title_en"],
            intro_de=raw.get("intro_de", ""),
            intro_en=raw.get("intro_en", ""),
            scale_labels_de=tuple(raw["scale"]["labels_de"]),
            scale_labels_en=tuple(raw["scale"]["labels_en"]),
            dont_know_de=raw["scale"]["dont_know_de"],
            dont_know_en=raw["scale"]["dont_know_en"],
            collaboration_prompt_de=raw["collaboration"]["prompt_de"],
            collaboration_prompt_en=raw["collaboration"]["prompt_en"],
            collaboration_labels_de=tuple(raw["collaboration"]["labels_de"]),
            collaboration_labels_en=tuple(raw["collaboration"]["labels_en"]),
            comment_prompt_de=raw["comment"]["prompt_de"],
            comment_prompt_en=raw["comment"]["prompt_en"],
            dimensions=tuple(_dimension(d) for d in raw["dimensions"]),
            stages=tuple(
                Stage(s["level"], s["name_de"], s["name_en"], float(s["min_mean"]))
                for s in sorted(raw["stages"], key=lambda s: s["level"])
            ),
            rubric=tuple(
                RubricEntry(
                    r["dimension"], r["stage"], r["looks_de"], r["looks_en"], r["next_de"], r["next_en"]
                )
                for r in raw.get("rubric", [])
            ),
        )
    except KeyError as missing:
        raise InstrumentError(f"The instrument lacks the field {missing}.") from None
    codes = instrument.item_codes
    if len(set(codes)) != len(codes):
        raise InstrumentError("The instrument has duplicate item codes.")
    for dimension in instrument.dimensions:
        if not 3 <= len(dimension.items) <= 6:
            raise InstrumentError(f"Dimension {dimension.code} needs 3 to 6 items.")
    if [s.level for s in instrument.stages] != [1, 2, 3, 4, 5]:
        raise InstrumentError("The instrument needs exactly the stages 1 to 5.")
    return instrument


@cache
def load_instrument(path: Path = DEFAULT_INSTRUMENT_PATH) -> Instrument:
    """Load and validate the instrument file (cached per path)."""
    with open(path, "rb") as handle:
        return parse_instrument(tomllib.load(handle))
