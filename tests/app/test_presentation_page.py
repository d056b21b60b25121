"""The presentation and actions pages under AppTest: walking the slides, URL state, settings and editing."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from app_harness import open_file
from figure_data import figures
from streamlit.testing.v1 import AppTest

from smm_maturity import i18n, plans, presentation, scoring, slides, store
from smm_maturity.instrument import load_instrument

ROOT = Path(__file__).resolve().parents[2]
PRESENTATION = "pages.presentation"
ACTIONS = "pages.actions"
WAVE = "Frühjahr 2026"
INSTRUMENT = load_instrument()


ACTION_TITLE = "Schnittstellen-Runde **fett** <b>"


def add_action(con: duckdb.DuckDBPyConnection) -> None:
    plans.add_action(con, "KOO", ACTION_TITLE, "Produktion", "Jana", date(2026, 5, 1))


@pytest.fixture
def db(demo_db: Path) -> Path:
    """A private copy of the demo organisation, with one action, that the pages open through `SMM_DB`."""
    con = store.connect(demo_db)
    add_action(con)
    con.close()
    return demo_db


@pytest.fixture(scope="module")
def deck_data(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> slides.DeckData:
    """The deck data of the demo organisation with one action, as the page reads it."""
    copy = tmp_path_factory.mktemp("expected") / "demo.duckdb"
    shutil.copy(demo_db_template, copy)
    con = store.connect(copy)
    add_action(con)
    data = slides.load_deck_data(con, WAVE, 5)
    con.close()
    return data


@pytest.fixture(scope="module")
def expected_titles(deck_data: slides.DeckData) -> dict[str, list[str]]:
    return {
        lang: [slide.title for slide in slides.build_deck(deck_data, lang).slides] for lang in ("de", "en")
    }


def page(module: str, **params: str) -> AppTest:
    at = open_file(module.replace(".", "/") + ".py")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def shown_title(at: AppTest) -> str:
    """The slide's title: the page title, or the organisation on the title slide."""
    return at.title[0].value.replace("\\", "")


def test_walking_through_every_slide(db: Path, expected_titles: dict[str, list[str]]) -> None:
    at = page(PRESENTATION, lang="de")
    assert not at.exception
    titles = expected_titles["de"]
    seen = [shown_title(at)]
    for number in range(2, len(titles) + 1):
        at.button(key="slide_next").click().run()
        assert not at.exception, number
        assert str(number) == at.query_params["slide"]
        assert f"{number} / {len(titles)}" == at.markdown[0].value
        seen.append(shown_title(at))
    assert titles == seen
    assert at.button(key="slide_next").disabled
    at.button(key="slide_previous").click().run()
    assert str(len(titles) - 1) == at.query_params["slide"]


def test_the_url_reopens_the_same_slide(db: Path, expected_titles: dict[str, list[str]]) -> None:
    at = page(PRESENTATION, slide="4", wave="Herbst 2025", lang="en")
    assert not at.exception
    assert expected_titles["en"][3] == shown_title(at)
    assert ("4", "Herbst 2025", "en") == (
        at.query_params["slide"],
        at.query_params["wave"],
        at.query_params["lang"],
    )
    at.button(key="slide_next").click().run()
    assert ("5", "Herbst 2025", "en") == (
        at.query_params["slide"],
        at.query_params["wave"],
        at.query_params["lang"],
    )


@pytest.mark.parametrize(("asked", "shown"), [("99", "15"), ("0", "1"), ("drei", "1")])
def test_a_slide_number_out_of_range_is_corrected(db: Path, asked: str, shown: str) -> None:
    at = page(PRESENTATION, slide=asked, lang="de")
    assert not at.exception
    assert shown == at.query_params["slide"]


def test_the_heatmap_slide_shows_the_scoring_layers_numbers(db: Path) -> None:
    at = page(PRESENTATION, slide="4", lang="de")
    con = store.connect(db)
    scores = scoring.wave_scores(con, WAVE, 5)
    con.close()
    text = json.dumps(figures(at))
    marketing = scores.department("Marketing").dimensions["KOM"].mean
    assert f"{marketing:.2f}".replace(".", ",") in text
    for name in ("Recht", "Finanzen"):
        assert name in text


def test_hidden_departments_get_no_slide(db: Path) -> None:
    at = page(PRESENTATION, lang="de")
    titles = []
    for _ in range(15):
        titles.append(shown_title(at))
        if at.button(key="slide_next").disabled:
            break
        at.button(key="slide_next").click().run()
    assert {"Recht", "Finanzen"}.isdisjoint(titles)
    assert {"Marketing", "Produktion"} <= set(titles)


def test_leaving_departments_out_shortens_the_deck(db: Path) -> None:
    at = page(PRESENTATION, slide="15", lang="de")
    at.multiselect(key="presentation_exclude").set_value(["Marketing", "Produktion"]).run()
    assert not at.exception
    assert "13" == at.query_params["slide"]
    assert "13 / 13" == at.markdown[0].value


def test_choosing_a_wave_and_language_in_the_settings(db: Path) -> None:
    at = page(PRESENTATION, slide="6", lang="de")
    at.selectbox(key="wave_filter").set_value("Frühjahr 2025").run()
    assert ("Frühjahr 2025", "1") == (at.query_params["wave"], at.query_params["slide"])
    at.button(key="slide_next").click().run()
    assert "Management summary" != shown_title(at)
    assert "Das Wichtigste in Kürze" == shown_title(at)


def test_the_actions_slide_escapes_what_users_typed(db: Path) -> None:
    at = page(PRESENTATION, slide="15", lang="de")
    assert not at.exception
    table = at.table[0].value
    assert ["Schnittstellen\\-Runde \\*\\*fett\\*\\* \\<b\\>"] == list(table["Maßnahme"])


def test_an_empty_database_says_so(empty_db: Path) -> None:
    store.connect(empty_db).close()
    at = page(PRESENTATION, lang="en")
    assert not at.exception
    assert at.info[0].value.startswith("No answers yet")


def test_the_language_switch_changes_the_deck(db: Path) -> None:
    at = page(PRESENTATION, slide="3", lang="de")
    assert ("Wo wir stehen", "de") == (
        shown_title(at),
        at.segmented_control(key="presentation_language").value,
    )
    at.segmented_control(key="presentation_language").set_value("en").run()
    assert not at.exception
    assert ("en", "3", "Where we stand") == (
        at.query_params["lang"],
        at.query_params["slide"],
        shown_title(at),
    )


def test_every_export_is_offered_for_download_and_made_on_click(db: Path) -> None:
    at = page(PRESENTATION, lang="en", wave="Herbst 2025")
    offered = [
        (button.proto.label, bool(button.proto.deferred_file_id)) for button in at.get("download_button")
    ]
    assert [("HTML", True), ("PDF", True), ("PPTX", True), ("CSV", True), ("XLSX", True)] == offered


def test_without_a_browser_the_pdf_is_disabled_and_the_deck_says_what_it_lacks(
    db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    at = page(PRESENTATION, lang="en")
    buttons = {button.proto.label: button.proto for button in at.get("download_button")}
    assert (True, False) == (buttons["PDF"].disabled, buttons["PPTX"].disabled)
    assert i18n.t("handover.pdf.unavailable", "en") == buttons["PDF"].help
    assert i18n.t("handover.pptx.without_network", "en") == buttons["PPTX"].help
    assert [] == [warning.value for warning in at.main.warning]


# ------------------------------------------------------------------------------------- layout


@pytest.mark.parametrize(
    ("requested", "expected"), [("5", 5), ("14", 14), ("99", 14), ("0", 1), ("-2", 1), ("drei", 1), (None, 1)]
)
def test_the_slide_number_stays_within_the_deck(requested: str | None, expected: int) -> None:
    assert expected == presentation.slide_number(requested, 14)


def panes(slide: slides.Slide) -> list[tuple[float, str | None, list[str]]]:
    """Where a slide's blocks go: per pane its width, its key and the kinds of its blocks."""
    return [
        (pane.width, pane.key, [block.kind for block in pane.blocks])
        for pane in presentation.layout(slide).panes
    ]


def test_each_kind_of_slide_has_its_place_on_the_screen(deck_data: slides.DeckData) -> None:
    deck = slides.build_deck(deck_data, "de")
    by_kind = {slide.kind: slide for slide in deck.slides}
    assert {
        "title": [(1, "slide_opening", ["title", "heading", "metrics"])],
        "summary": [(1, None, ["heading", "markdown"])],
        "standing": [(5, "slide_standing", ["metrics"]), (6, None, ["chart"])],
        "heatmap": [(1, None, ["chart"])],
        "silo": [(1, None, ["chart"])],
        "strengths": [(1, None, ["heading", "markdown"]), (1, None, ["heading", "markdown"])],
        "department": [(3, None, ["chart"]), (2, "slide_side", ["markdown", "heading", "markdown"])],
        "trend": [(1, None, ["chart"])],
        "actions": [(1, None, ["table"])],
    } == {kind: panes(slide) for kind, slide in by_kind.items()}
    assert ("large", "medium") == (
        presentation.layout(by_kind["strengths"]).gap,
        presentation.layout(by_kind["standing"]).gap,
    )


def test_the_title_and_department_slides_say_what_the_deck_says(deck_data: slides.DeckData) -> None:
    deck = slides.build_deck(deck_data, "de")
    opening = presentation.layout(deck.slides[0]).panes[0].blocks
    assert [deck.slides[0].metrics] == [tuple(metric for row in opening[2].rows for metric in row)]
    assert (4, 1) == (opening[2].per_row, len(opening[2].rows))
    department = next(slide for slide in deck.slides if slide.kind == "department")
    facts = presentation.layout(department).panes[1].blocks[0]
    assert ("slide_facts", presentation.facts_markdown(department.metrics)) == (facts.key, facts.text)
    assert facts.text.startswith("Reifegrad\\-Index \\(0–100\\) **")


def test_slide_lines_become_a_literal_markdown_list() -> None:
    lines = ("Eins: 3,5", "Zwei *fett*\n→ Schritt [x](y)")
    expected = "- Eins\\: 3,5\n- Zwei \\*fett\\*  \n  → Schritt \\[x\\]\\(y\\)"
    assert expected == presentation.lines_markdown(lines)


def test_the_slide_buttons_are_labelled_in_both_languages() -> None:
    assert [-1, 1] == [step.offset for step in presentation.STEPS]
    for lang in i18n.LANGUAGES:
        assert set() == {step.label_key for step in presentation.STEPS} - set(i18n.catalogue(lang))


# ------------------------------------------------------------------------------------ actions page


def test_a_new_action_starts_with_the_rubric_suggestion(db: Path) -> None:
    at = page(ACTIONS, lang="de")
    assert not at.exception
    at.selectbox(key="new_dimension").set_value("SIL").run()
    at.selectbox(key="new_department").set_value("Recht").run()
    con = store.connect(db)
    scores = scoring.wave_scores(con, WAVE, 5)
    con.close()
    suggestion = plans.suggested_title(scores, "SIL", "de", "Recht")
    assert suggestion == at.text_area[0].value
    at.text_input(key="new_owner").set_value("Tim").run()
    at.button(key="add_action").click().run()
    assert not at.exception
    con = store.connect(db)
    added = [a for a in plans.actions(con) if a.department == "Recht"]
    con.close()
    assert [("SIL", suggestion, "Tim", "open")] == [(a.dimension, a.title, a.owner, a.status) for a in added]


def test_targets_round_trip_through_the_table(db: Path) -> None:
    con = store.connect(db)
    plans.set_target(con, "SIL", 4)
    plans.set_target(con, "MON", 1)
    con.close()
    at = page(ACTIONS, lang="en")
    assert not at.exception
    frame = at.dataframe[0].value
    config = json.loads(at.dataframe[0].proto.columns)
    shown = {option["value"]: option["label"] for option in config["target"]["type_config"]["options"]}
    assert "Target" == config["target"]["label"]
    assert ["4 Integrated", "no target", "1 Outpost"] == [
        shown[frame.loc[frame["code"] == code, "target"].iloc[0]] for code in ("SIL", "TRA", "MON")
    ]
    at.button(key="save_targets").click().run()
    assert not at.exception
    con = store.connect(db)
    assert {"SIL": 4, "MON": 1} == plans.target_stages(con)
    con.close()


def test_a_refused_action_is_explained_in_the_pages_language(db: Path) -> None:
    at = page(ACTIONS, lang="de")
    at.text_area[0].set_value("   ").run()
    at.button(key="add_action").click().run()
    assert not at.exception
    assert ["Eine Maßnahme braucht einen Titel."] == [error.value for error in at.error]


def test_the_actions_table_shows_stable_columns_under_translated_labels(db: Path) -> None:
    at = page(ACTIONS, lang="en")
    table = at.dataframe[1]
    config = json.loads(table.proto.columns)
    assert ["id", "code", "dimension", "department", "title", "owner", "due", "status", "delete"] == list(
        table.value.columns
    )
    assert ["Action", "Owner", "Due", "Status"] == [
        config[name]["label"] for name in ("title", "owner", "due", "status")
    ]
    assert [("KOO", "Produktion", "Jana", "open")] == [
        (row["code"], row["department"], row["owner"], row["status"])
        for row in table.value.to_dict("records")
    ]
