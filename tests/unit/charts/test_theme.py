"""The shared look of the charts and the plain-dict figure they are built on."""

from __future__ import annotations

import pytest
from chart_data import INSTRUMENT, spec

from smm_maturity.charts import theme
from smm_maturity.charts.figure import FigureSpec, merge, trace
from smm_maturity.palette import PALETTE, STAGE_COLOURS


def test_the_stage_palette_has_five_distinct_colours_and_a_grey_for_hidden() -> None:
    assert 5 == len(set(STAGE_COLOURS.values()))
    assert PALETTE.hidden not in STAGE_COLOURS.values()
    assert PALETTE.hidden == theme.stage_colour(None)
    assert STAGE_COLOURS[3] == theme.stage_colour(3)


def test_the_discrete_stage_scale_gives_each_z_value_its_own_colour_band() -> None:
    scale = theme.discrete_stage_scale()
    assert [PALETTE.hidden, *STAGE_COLOURS.values()] == [colour for _, colour in scale[::2]]
    assert [[0.0, PALETTE.hidden], [1 / 6, PALETTE.hidden]] == scale[:2]
    assert 1.0 == scale[-1][0]


@pytest.mark.parametrize(
    ("colour", "opacity", "expected"),
    [("#0072B2", 0.14, "rgba(0,114,178,0.14)"), ("#FFFFFF", 0.5, "rgba(255,255,255,0.5)")],
)
def test_translucent(colour: str, opacity: float, expected: str) -> None:
    assert expected == theme.translucent(colour, opacity)


@pytest.mark.parametrize(
    ("label", "width", "expected"),
    [
        ("Transparenz", 14, "Transparenz"),
        ("Silos & Wissensaustausch", 14, "Silos &<br>Wissensaustausch"),
        ("Abteilungskoordination", 14, "Abteilungs-<br>koordination"),
        ("Department coordination", 14, "Department<br>coordination"),
    ],
)
def test_wrap_label(label: str, width: int, expected: str) -> None:
    assert expected == theme.wrap_label(label, width)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Kernkompetenzen", "Kernkompetenzen"),
        ("Abteilungskoordination", "Abteilungs-<br>koordination"),
        ("Mitarbeiterbefragung", "Mitarbeiterbefragung"),
    ],
)
def test_hyphenate_splits_a_long_compound_after_a_linking_s_only(word: str, expected: str) -> None:
    assert expected == theme.hyphenate(word)


def test_wrap_text_measures_words_without_their_tags() -> None:
    assert "eins <b>zwei</b><br>drei" == theme.wrap_text("eins <b>zwei</b> drei", 9)


@pytest.mark.parametrize(
    ("name", "expected"), [("R&D", "R&amp;D"), ("<b>Ops</b>", "&lt;b&gt;Ops&lt;/b&gt;"), ('"IT"', '"IT"')]
)
def test_escape(name: str, expected: str) -> None:
    assert expected == theme.escape(name)


@pytest.mark.parametrize(("lang", "expected"), [("de", "3,46"), ("en", "3.46"), ("de", "–")])
def test_mean_text_has_two_decimals_in_the_languages_format(lang: str, expected: str) -> None:
    assert expected == theme.mean_text(None if expected == "–" else 3.456, lang)


@pytest.mark.parametrize(
    ("lang", "expected"), [("de", ["1,00–1,79", "4,20–5,00"]), ("en", ["1.00–1.79", "4.20–5.00"])]
)
def test_stage_ranges_name_the_means_of_each_stage(lang: str, expected: list[str]) -> None:
    ranges = theme.stage_ranges(INSTRUMENT, lang)
    assert 5 == len(ranges)
    assert expected == [ranges[0], ranges[-1]]


@pytest.mark.parametrize(
    ("title", "subtitle", "top_extra", "expected"),
    [("a", "b", 0, 94), ("a<br>b", "c", 0, 122), ("a", "b<br>c", 40, 154)],
)
def test_the_top_margin_grows_with_the_title_lines(
    title: str, subtitle: str, top_extra: int, expected: int
) -> None:
    assert expected == theme.title_margin(title, subtitle, top_extra)


@pytest.mark.parametrize(("lang", "separators"), [("de", ",."), ("en", ".,")])
def test_finish_applies_the_shared_look_and_the_languages_separators(lang: str, separators: str) -> None:
    layout = spec(theme.finish(FigureSpec(), "Ein Titel", "Ein Untertitel", lang, height=400))["layout"]
    assert separators == layout["separators"]
    assert "<b>Ein Titel</b>" == layout["title"]["text"]
    assert {"family": theme.FONT_FAMILY, "size": 16, "color": PALETTE.text} == layout["font"]
    assert {"l": 10, "r": 10, "b": 40, "t": 94} == layout["margin"]


def test_merge_updates_nested_dicts_and_copies_new_ones() -> None:
    nested = {"size": 15}
    target = merge({"title": {"text": "x", "font": {"size": 12}}}, {"title": {"font": nested}, "height": 3})
    assert {"title": {"text": "x", "font": {"size": 15}}, "height": 3} == target
    nested["size"] = 99
    assert 15 == target["title"]["font"]["size"]


def test_a_grid_places_traces_and_lines_in_their_subplot() -> None:
    fig = FigureSpec.grid(2, 2, ["A", "B", "C"], vertical_spacing=0.2, horizontal_spacing=0.1)
    fig.add_trace(trace("scatter", x=[1]), row=2, col=1)
    fig.add_hline(y=2.5, line={"width": 1}, row=1, col=2)
    fig.update_yaxes(col=1, title="mean")
    layout = fig.layout
    assert {"type": "scatter", "x": [1], "xaxis": "x3", "yaxis": "y3"} == fig.data[0]
    assert ("x2 domain", "y2") == (layout["shapes"][0]["xref"], layout["shapes"][0]["yref"])
    assert ["A", "B", "C"] == [note["text"] for note in layout["annotations"]]
    assert [True, False, True, False] == [layout[f"yaxis{s}"]["showticklabels"] for s in ("", "2", "3", "4")]
    assert ["mean", None, "mean", None] == [layout[f"yaxis{s}"].get("title") for s in ("", "2", "3", "4")]
    assert pytest.approx([0.0, 0.45]) == layout["xaxis"]["domain"]
