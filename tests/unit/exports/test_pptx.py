"""The PPTX deck: PowerPoint's own charts with the published numbers, the design's layouts and placeholders,
and a consultancy's template (`SMM_PPTX_TEMPLATE`) as .pptx or .potx."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from browser_harness import require_chromium
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE
from pptx.presentation import Presentation as PresentationFile

from smm_maturity import config, images, slides, store
from smm_maturity.exports import pptx, pptx_design
from smm_maturity.i18n import LocalisedError, format_number, t
from smm_maturity.palette import PALETTE

WAVE = "Frühjahr 2026"
DAY = date(2026, 4, 20)
DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
FURNITURE = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


@pytest.fixture(scope="module")
def deck(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> slides.Deck:
    """The demo organisation's deck in German (two departments hidden, three waves)."""
    path = tmp_path_factory.mktemp("pptx") / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    con = store.connect(path)
    data = slides.load_deck_data(con, WAVE, 5)
    con.close()
    return slides.build_deck(data, "de", day=DAY)


@pytest.fixture
def no_browser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))


@pytest.fixture(scope="module")
def built_in(deck: slides.Deck) -> PresentationFile:
    """The deck on the built-in design, drawn without a browser."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BROWSER_PATH", "/nowhere/chromium")
        patch.delenv("SMM_PPTX_TEMPLATE", raising=False)
        written = pptx.deck_pptx(deck)
    return Presentation(io.BytesIO(written.content))


def charts_of(page: object) -> list:
    return [shape.chart for shape in page.shapes if shape.has_chart]  # type: ignore[attr-defined]


def values(chart: object) -> dict[str, dict[str, float | None]]:
    """A chart's values as {series: {category: value}}."""
    categories = list(chart.plots[0].categories)  # type: ignore[attr-defined]
    return {
        series.name: dict(zip(categories, series.values, strict=True))
        for series in chart.plots[0].series  # type: ignore[attr-defined]
    }


def means(group: object, deck: slides.Deck) -> dict[str, float | None]:
    """A group's published means by dimension name, None where hidden."""
    return {
        deck.instrument.dimension(code).name("de"): None if cell.hidden else cell.mean
        for code, cell in group.dimensions.items()  # type: ignore[attr-defined]
    }


# ------------------------------------------------------------------------------------------ charts


def test_the_charts_are_powerpoints_own_on_every_chart_slide(
    built_in: PresentationFile, deck: slides.Deck
) -> None:
    kinds = [slide.kind for slide in deck.slides]
    expected = [8 if kind == "trend" else 1 if kind in ("standing", "department") else 0 for kind in kinds]
    assert expected == [len(charts_of(page)) for page in built_in.slides]
    assert [0] * len(kinds) == [
        sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in page.shapes) for page in built_in.slides
    ]


def test_the_standing_chart_holds_this_and_the_previous_waves_published_means(
    built_in: PresentationFile, deck: slides.Deck
) -> None:
    (chart,) = charts_of(built_in.slides[[slide.kind for slide in deck.slides].index("standing")])
    assert XL_CHART_TYPE.BAR_CLUSTERED == chart.chart_type
    assert deck.previous is not None
    expected = {
        WAVE: means(deck.scores.organisation, deck),
        "Herbst 2025": means(deck.previous.organisation, deck),
    }
    assert expected == values(chart)
    shown = list(values(chart)[WAVE].values())
    assert sorted(shown, reverse=True) == shown
    assert all(value == round(value, 2) for value in shown if value is not None)


def test_each_department_chart_holds_its_published_means_beside_the_organisations(
    built_in: PresentationFile, deck: slides.Deck
) -> None:
    pages = [
        (slide, page) for slide, page in zip(deck.slides, built_in.slides, strict=True) if slide.department
    ]
    assert [g.group for g in deck.scores.visible_departments] == [slide.department for slide, _ in pages]
    for slide, page in pages:
        group = deck.scores.department(slide.department or "")
        expected = {
            slide.department: means(group, deck),
            "Gesamtorganisation": means(deck.scores.organisation, deck),
        }
        assert expected == values(charts_of(page)[0])


def test_the_trend_charts_hold_the_organisations_mean_in_each_wave(
    built_in: PresentationFile, deck: slides.Deck
) -> None:
    index = [slide.kind for slide in deck.slides].index("trend")
    charts = charts_of(built_in.slides[index])
    names = [deck.instrument.dimension(code).name("de") for code in deck.instrument.dimension_codes]
    assert names == [chart.chart_title.text_frame.text for chart in charts]
    assert {XL_CHART_TYPE.LINE_MARKERS} == {chart.chart_type for chart in charts}
    for code, chart in zip(deck.instrument.dimension_codes, charts, strict=True):
        expected = {p.wave: p.mean for p in deck.trend if p.dimension == code}
        assert {"Gesamtorganisation": expected} == values(chart)


def test_the_heatmap_is_a_table_of_published_means_with_hidden_groups_as_dashes(
    built_in: PresentationFile, deck: slides.Deck
) -> None:
    page = built_in.slides[[slide.kind for slide in deck.slides].index("heatmap")]
    heatmap, legend = [shape.table for shape in page.shapes if shape.has_table]
    header = [cell.text for cell in heatmap.rows[0].cells]
    rows = {row.cells[0].text: [cell.text for cell in row.cells][1:] for row in list(heatmap.rows)[1:]}
    assert ["Dimension", "Gesamtorganisation"] == header[:2]
    assert {"Finanzen", "Recht"} <= set(header)
    for name in ("Finanzen", "Recht"):
        assert ["–"] * len(rows) == [texts[header.index(name) - 1] for texts in rows.values()]
    silos = deck.scores.organisation.dimensions["SIL"].mean
    assert format_number(silos, "de", 2) == rows["Silos & Wissensaustausch"][0]
    assert "150" == rows["n"][0]
    assert "– " + t("hidden.short", "de") == [cell.text for cell in legend.rows[0].cells][-1]


def test_the_speaker_notes_carry_the_slides_numbers(built_in: PresentationFile, deck: slides.Deck) -> None:
    assert [slide.notes for slide in deck.slides] == [
        page.notes_slide.notes_text_frame.text for page in built_in.slides
    ]


# ---------------------------------------------------------------------------------- layouts and design


def test_the_slides_are_built_on_layouts_with_their_placeholders_filled(
    built_in: PresentationFile, deck: slides.Deck
) -> None:
    layouts = {"title": "Title Slide", "strengths": "Two Content"}
    assert [layouts.get(slide.kind, "Title and Content") for slide in deck.slides] == [
        page.slide_layout.name for page in built_in.slides
    ]
    assert [slide.title for slide in deck.slides] == [
        page.shapes.title.text_frame.paragraphs[0].text for page in built_in.slides
    ]
    empty = [
        (number, shape.name)
        for number, page in enumerate(built_in.slides, start=1)
        for shape in page.placeholders
        if not shape.text_frame.text.strip() and shape.placeholder_format.type not in FURNITURE
    ]
    assert [] == empty


def test_every_slide_has_the_footer_and_its_number(built_in: PresentationFile, deck: slides.Deck) -> None:
    footers = [
        {shape.placeholder_format.type: shape.text_frame.text for shape in page.placeholders}
        for page in built_in.slides
    ]
    assert [f"{deck.organisation} · {WAVE}"] * len(deck.slides) == [f[PP_PLACEHOLDER.FOOTER] for f in footers]
    assert [str(n) for n in range(1, len(deck.slides) + 1)] == [
        f[PP_PLACEHOLDER.SLIDE_NUMBER] for f in footers
    ]


def theme_of(presentation: PresentationFile) -> etree._Element:
    part = presentation.slide_master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    return etree.fromstring(part.blob)


def test_the_built_in_design_is_wide_and_takes_its_colours_from_the_palette(
    built_in: PresentationFile,
) -> None:
    assert (pptx_design.WIDE[0], pptx_design.WIDE[1]) == (built_in.slide_width, built_in.slide_height)
    scheme = theme_of(built_in).find(f".//{DRAWING}clrScheme")
    assert scheme is not None
    found = {
        name: scheme.find(f"{DRAWING}{name}/{DRAWING}srgbClr").get("val")
        for name in pptx_design.THEME_COLOURS
    }
    assert {name: colour.lstrip("#").upper() for name, colour in pptx_design.THEME_COLOURS.items()} == found
    assert PALETTE.accent == pptx_design.THEME_COLOURS["accent1"]


def make_template(path: Path) -> None:
    """A consultancy's template: renamed layouts, Georgia as its fonts, and an example slide to be left out."""
    template = Presentation()
    names = {
        "Title Slide": "Berater Titel",
        "Title and Content": "Berater Inhalt",
        "Two Content": "Berater Zwei",
    }
    for layout in template.slide_layouts:
        layout.name = names.get(layout.name, layout.name)
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "Beispielfolie"
    theme = template.slide_master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    root = etree.fromstring(theme.blob)
    for latin in root.iter(f"{DRAWING}latin"):
        latin.set("typeface", "Georgia")
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    template.save(path)
    if path.suffix == ".potx":
        content = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    data = data.replace(b"presentation.main+xml", b"template.main+xml")
                target.writestr(item, data)


@pytest.mark.parametrize("suffix", [".pptx", ".potx"])
def test_a_template_gives_the_deck_its_layouts_and_fonts(
    deck: slides.Deck, suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_browser: None
) -> None:
    path = tmp_path / f"Beratung{suffix}"
    make_template(path)
    monkeypatch.setenv("SMM_PPTX_TEMPLATE", str(path))
    written = Presentation(io.BytesIO(pptx.deck_pptx(deck).content))
    names = {"title": "Berater Titel", "strengths": "Berater Zwei"}
    assert [names.get(slide.kind, "Berater Inhalt") for slide in deck.slides] == [
        page.slide_layout.name for page in written.slides
    ]
    assert [slide.title for slide in deck.slides] == [
        page.shapes.title.text_frame.paragraphs[0].text for page in written.slides
    ]
    assert {"Georgia"} == {latin.get("typeface") for latin in theme_of(written).iter(f"{DRAWING}latin")}
    assert "Beispielfolie" not in [
        shape.text_frame.text for page in written.slides for shape in page.placeholders
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [("Vorlage.docx", b"PK\x03\x04"), ("fehlt.pptx", None), ("kaputt.potx", b"not a zip file")],
)
def test_a_template_setting_that_names_no_powerpoint_file_is_refused(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(config.SettingError) as refused:
        config.pptx_template({"SMM_PPTX_TEMPLATE": str(path)})
    expected = (
        f'SMM_PPTX_TEMPLATE is set to "{path}", but it must name an existing PowerPoint template or'
        " presentation (.pptx or .potx) (unset or empty means the built-in design)."
    )
    assert expected == str(refused.value)
    assert [str(refused.value)] == [str(error) for error in config.problems({"SMM_PPTX_TEMPLATE": str(path)})]


def test_a_directory_is_no_template_and_unset_means_the_built_in_design(tmp_path: Path) -> None:
    with pytest.raises(config.SettingError):
        config.pptx_template({"SMM_PPTX_TEMPLATE": str(tmp_path)})
    assert (None, None) == (config.pptx_template({}), config.pptx_template({"SMM_PPTX_TEMPLATE": "  "}))


# ------------------------------------------------------------------------------------- silo picture


def test_without_a_browser_the_silo_map_is_its_table(
    deck: slides.Deck, built_in: PresentationFile, no_browser: None
) -> None:
    written = pptx.deck_pptx(deck)
    assert written.fallback.startswith(
        "the silo map is a table instead of a network: no browser at BROWSER_PATH="
    )
    assert "the deck, 15 slides with editable charts" == written.summary
    index = [slide.kind for slide in deck.slides].index("silo")
    (table,) = [shape.table for shape in built_in.slides[index].shapes if shape.has_table]
    silo = deck.slides[index].table
    assert silo is not None
    assert list(silo.columns) == [cell.text for cell in table.rows[0].cells]


def test_a_failing_renderer_still_gives_a_deck(deck: slides.Deck, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(jobs: list) -> list[bytes]:
        raise images.ImagesUnavailable("the browser crashed")

    monkeypatch.setattr(images, "image_browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(images, "render_pngs", broken)
    written = pptx.deck_pptx(deck)
    assert "the silo map is a table instead of a network: the browser crashed" == written.fallback
    assert 15 == len(Presentation(io.BytesIO(written.content)).slides)


@pytest.fixture
def chromium() -> Iterator[None]:
    """A system Chromium for kaleido, closed after the test."""
    require_chromium()
    yield
    images.close()


@pytest.mark.slow
def test_with_a_browser_only_the_silo_network_is_a_picture_beside_its_table(
    deck: slides.Deck, chromium: None
) -> None:
    written = pptx.deck_pptx(deck)
    presentation = Presentation(io.BytesIO(written.content))
    pictures = [
        [shape for shape in page.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
        for page in presentation.slides
    ]
    tables = [sum(shape.has_table for shape in page.shapes) for page in presentation.slides]
    kinds = [slide.kind for slide in deck.slides]
    assert [int(kind == "silo") for kind in kinds] == [len(found) for found in pictures]
    assert 1 == tables[kinds.index("silo")]
    (picture,) = pictures[kinds.index("silo")]
    drawn = round(picture.width.inches * pptx.PIXELS_PER_INCH * pptx.IMAGE_SCALE)
    assert ("image/png", True) == (picture.image.content_type, abs(picture.image.size[0] - drawn) <= 2)
    assert "" == written.fallback


def test_a_zip_that_is_no_presentation_is_refused_when_the_deck_is_made(
    deck: slides.Deck, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "Vorlage.potx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "kein PowerPoint")
    monkeypatch.setenv("SMM_PPTX_TEMPLATE", str(path))
    with pytest.raises(LocalisedError) as refused:
        pptx.deck_pptx(deck, with_images=False)
    assert (
        f'SMM_PPTX_TEMPLATE names "{path}", which is not a PowerPoint file that can be opened; save it again'
        " as .pptx or .potx, or unset SMM_PPTX_TEMPLATE."
    ) == str(refused.value)
