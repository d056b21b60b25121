"""The hand-over files: the offline HTML report, the PPTX deck, the CSV and XLSX aggregates, and their registry."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import plotly.offline
import pytest
from pptx import Presentation

from smm_maturity import exports, i18n, plans, scoring, slides, store
from smm_maturity.exports import html, tables
from smm_maturity.i18n import format_number
from smm_maturity.instrument import load_instrument
from smm_maturity.palette import PALETTE, css_variables
from smm_maturity.presentation import STYLESHEET as PRESENTATION_STYLESHEET
from smm_maturity.presentation import presentation_css

ROOT = Path(__file__).resolve().parents[3]
INSTRUMENT = load_instrument()
WAVE = "Frühjahr 2026"
DAY = date(2026, 4, 20)
HIDDEN = ("Finanzen", "Recht")
VISIBLE = ("Geschäftsführung", "IT", "Kundenservice", "Marketing", "Personal", "Produktion", "Vertrieb")
PLOTLY_JS = plotly.offline.get_plotlyjs()

EXPECTED_TITLES = {
    "de": [
        "Das Wichtigste in Kürze",
        "Wo wir stehen",
        "Reifegrad je Abteilung und Dimension",
        "Silo-Karte: wer mit wem arbeitet",
        "Stärken und Handlungsfelder",
        *VISIBLE,
        "Entwicklung über die Wellen",
        "Vereinbarte Maßnahmen",
        "Methode",
        "Anonymität",
        "Stufen",
        "Der Fragebogen",
    ],
    "en": [
        "Management summary",
        "Where we stand",
        "Maturity by department and dimension",
        "Silo map: who works with whom",
        "Strengths and gaps",
        *VISIBLE,
        "Change across the waves",
        "Agreed actions",
        "Method",
        "Anonymity",
        "Stages",
        "The questionnaire",
    ],
}


@pytest.fixture(scope="module")
def db(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo organisation with a name, targets and two actions, in a throwaway database."""
    path = tmp_path_factory.mktemp("report") / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    con = store.connect(path)
    plans.set_organisation_name(con, "Muster <GmbH> & Co")
    plans.set_target(con, "SIL", 4)
    plans.set_target(con, "KOO", 3, "Produktion")
    plans.add_action(con, "SIL", "Wissens-Sprechstunde <script>alert(1)</script>", "Produktion", "Jana")
    plans.add_action(con, "MON", "KPI-Review", owner="=cmd|' /C calc'!A0", due_on=date(2026, 5, 1))
    con.close()
    return path


@pytest.fixture(scope="module")
def con(db: Path) -> duckdb.DuckDBPyConnection:
    connection = store.connect(db)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def data(con: duckdb.DuckDBPyConnection) -> slides.DeckData:
    return slides.load_deck_data(con, WAVE, 5)


@pytest.fixture(scope="module")
def decks(data: slides.DeckData) -> dict[str, slides.Deck]:
    return {lang: slides.build_deck(data, lang, day=DAY) for lang in ("de", "en")}


@pytest.fixture(scope="module")
def html_reports(decks: dict[str, slides.Deck]) -> dict[str, str]:
    return {lang: html.report_html(deck) for lang, deck in decks.items()}


@pytest.fixture(scope="module")
def hidden_truth(con: duckdb.DuckDBPyConnection) -> dict[str, list[float]]:
    """The hidden groups' exact dimension means at full float precision; they must never leak."""
    with store.snapshot(con) as cur:
        cells = scoring.cells.read_wave_cells(cur, WAVE, 3, INSTRUMENT)
    assert not cells.suppressed
    return {
        name: [
            float(cells.sums[name, code].mean)
            for code in INSTRUMENT.dimension_codes
            if (name, code) in cells.sums
        ]
        for name in HIDDEN
    }


def without_plotly_js(text: str) -> str:
    assert 1 == text.count(PLOTLY_JS)
    return text.replace(PLOTLY_JS, "")


# ------------------------------------------------------------------------------------------- deck


def test_the_deck_has_one_slide_per_shown_department(decks: dict[str, slides.Deck]) -> None:
    deck = decks["de"]
    expected = (
        ["title", "summary", "standing", "heatmap", "silo", "strengths"]
        + ["department"] * 7
        + ["trend", "actions"]
    )
    assert expected == [slide.kind for slide in deck.slides]
    assert list(VISIBLE) == [slide.department for slide in deck.slides if slide.kind == "department"]
    assert all(slide.notes for slide in deck.slides)


def test_excluded_departments_leave_the_deck(data: slides.DeckData) -> None:
    deck = slides.build_deck(data, "de", excluded=frozenset({"Marketing", "Recht"}), day=DAY)
    assert 14 == len(deck.slides)
    assert "Marketing" not in [slide.department for slide in deck.slides]
    heatmap = next(slide for slide in deck.slides if slide.kind == "heatmap")
    assert ["Gesamtorganisation", "IT", "Kundenservice", "Geschäftsführung", "Vertrieb", "Personal"] == list(
        heatmap.table["Gruppe"][:6]
    )
    assert {"Marketing", "Recht"}.isdisjoint(heatmap.table["Gruppe"])
    assert deck.slides[0].notes.endswith("2 Abteilung(en) sind in diesem Foliensatz ausgelassen.")


def test_the_standing_slide_shows_the_scoring_layers_numbers(
    decks: dict[str, slides.Deck], data: slides.DeckData
) -> None:
    standing = decks["en"].slides[2]
    organisation = data.scores.organisation
    assert format_number(organisation.index, "en", 1) == standing.metrics[0].value
    assert INSTRUMENT.stage(organisation.stage).name("en") == standing.metrics[1].value
    assert "150" == standing.metrics[2].value


def test_figures_are_built_only_when_a_slide_is_shown(data: slides.DeckData) -> None:
    deck = slides.build_deck(data, "de", day=DAY)
    heatmap = deck.slides[3]
    assert "figures" not in heatmap.__dict__
    assert 1 == len(heatmap.figures)
    assert heatmap.figures is heatmap.figures


# ------------------------------------------------------------------------------------------- html


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_loads_nothing_from_the_network(html_reports: dict[str, str], lang: str) -> None:
    text = html_reports[lang]
    external = re.findall(
        r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*['\"]?\s*(?:https?:)?//", text, re.I
    )
    assert [] == external
    assert [] == re.findall(r"@import|url\(\s*['\"]?https?:", without_plotly_js(text), re.I)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_embeds_plotly_once_and_keeps_every_chart(
    html_reports: dict[str, str], decks: dict[str, slides.Deck], lang: str
) -> None:
    text = html_reports[lang]
    figures = sum(len(slide.builders) for slide in decks[lang].slides)
    assert 11 == figures
    assert figures == len(re.findall(r'<div id="figure-\d+-\d+"', text))
    assert figures == text.count("Plotly.newPlot(")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_holds_every_section(html_reports: dict[str, str], lang: str) -> None:
    text = html_reports[lang]
    missing = [title for title in EXPECTED_TITLES[lang] if f">{title}</h" not in text]
    assert [] == missing
    assert "Muster &lt;GmbH&gt; &amp; Co" in text
    assert "KPI-Review" in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_escapes_every_name(html_reports: dict[str, str], lang: str) -> None:
    text = without_plotly_js(html_reports[lang])
    assert "<script>alert(1)</script>" not in text
    assert "<GmbH>" not in text
    assert "Wissens-Sprechstunde &lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_leaks_no_hidden_group(
    html_reports: dict[str, str], hidden_truth: dict[str, list[float]], lang: str
) -> None:
    text = without_plotly_js(html_reports[lang])
    for name, means in hidden_truth.items():
        secrets = [repr(mean) for mean in means if len(repr(mean)) > 8]
        assert len(secrets) >= 4
        assert [] == [secret for secret in secrets if secret in text], name
        row = re.search(rf"<tr>\s*<td>{name}</td>(.*?)</tr>", text, re.S)
        assert row is not None
        assert [] == re.findall(r"\d[,.]\d", row.group(1)), name
        assert f"<h2>{name}</h2>" not in text


def test_the_report_is_valid_enough_to_open(html_reports: dict[str, str]) -> None:
    text = html_reports["de"]
    assert text.startswith("<!DOCTYPE html>")
    assert text.endswith("</html>")
    assert '<html lang="de">' in text
    assert '<meta charset="utf-8">' in text


# ------------------------------------------------------------------------------------------- pptx
# The deck's charts, layouts, template and silo picture: tests/unit/exports/test_pptx.py.


# ------------------------------------------------------------------------------------- aggregates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Marketing", "Marketing"),
        ("", ""),
        (3.5, 3.5),
        (-1, -1),
        (None, None),
    ],
)
def test_formula_cells_are_neutralised(value: object, expected: object) -> None:
    assert expected == tables.neutralise(value)


def test_the_aggregates_mark_hidden_groups_without_numbers(data: slides.DeckData) -> None:
    frame = tables.aggregates(data.scores, INSTRUMENT, "en")
    assert 10 * 9 == len(frame)
    hidden = frame[frame["Group"].isin(HIDDEN)]
    assert 18 == len(hidden)
    assert {"yes"} == set(hidden["hidden"])
    assert hidden[["n", "Mean", "Stage", "Index"]].isna().all().all()
    overall = frame[(frame["Group"] == "Whole organisation") & (frame["Dimension (code)"] == "")].iloc[0]
    organisation = data.scores.organisation
    assert (150, organisation.mean, organisation.stage, organisation.index) == (
        overall["n"],
        overall["Mean"],
        overall["Stage"],
        overall["Index"],
    )
    marketing_sil = frame[(frame["Group"] == "Marketing") & (frame["Dimension (code)"] == "SIL")].iloc[0]
    assert (
        scoring.round_mean(data.scores.department("Marketing").dimensions["SIL"].mean)
        == marketing_sil["Mean"]
    )


@pytest.fixture(scope="module")
def hostile_scores(db: Path, tmp_path_factory: pytest.TempPathFactory) -> scoring.WaveScores:
    """The demo with a department renamed to a spreadsheet formula."""
    copy = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    shutil.copy(db, copy)
    con = store.connect(copy)
    con.execute("update departments set name = ? where name = 'Marketing'", ['=HYPERLINK("http://x","y")'])
    scores = scoring.wave_scores(con, WAVE, 5)
    con.close()
    return scores


def test_the_csv_neutralises_formula_names(hostile_scores: scoring.WaveScores) -> None:
    text = tables.aggregates_csv(hostile_scores, INSTRUMENT, "de").decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(text), sep=";", decimal=",", keep_default_na=False)
    groups = set(frame["Gruppe"])
    assert '\'=HYPERLINK("http://x","y")' in groups
    assert not [value for value in frame.astype(str).to_numpy().ravel() if value.startswith(("=", "+", "@"))]


def test_the_xlsx_holds_no_formula(hostile_scores: scoring.WaveScores) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(tables.aggregates_xlsx(hostile_scores, INSTRUMENT, "en")))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert [] == [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert '\'=HYPERLINK("http://x","y")' in {cell.value for cell in cells}
    header = [cell.value for cell in next(workbook.active.iter_rows())]
    assert ["Wave", "Group", "Dimension (code)", "Dimension", "n", "Mean"] == header[:6]
    means = [row[5].value for row in workbook.active.iter_rows(min_row=2) if row[1].value == "IT"]
    assert all(isinstance(value, float) for value in means)


# ------------------------------------------------------------------------------------------ cli


def run_cli(*args: str, db: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("SMM_DB", "SMM_MIN_GROUP")} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "smm_maturity", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


@pytest.fixture(scope="module")
def cli_db(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("cli-report") / "demo.duckdb"
    shutil.copy(db, copy)
    return copy


@pytest.mark.slow
def test_the_cli_writes_the_html_report(cli_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "bericht.html"
    result = run_cli("report", "--out", str(out), "--lang", "en", "--wave", "Herbst 2025", db=cli_db)
    assert 0 == result.returncode, result.stderr
    assert f"Wave Herbst 2025 written to {out}: the report, 15 slides, opens offline.\n" == result.stdout
    text = out.read_text(encoding="utf-8")
    assert ">Where we stand</h2>" in text
    assert "Herbst 2025" in text


@pytest.mark.slow
def test_the_cli_writes_a_deck_and_says_when_the_silo_map_is_a_table(cli_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    result = run_cli(
        "report",
        "--out",
        str(out),
        "--exclude",
        "Marketing",
        db=cli_db,
        env={"BROWSER_PATH": "/nowhere/chromium"},
    )
    assert 0 == result.returncode, result.stderr
    assert result.stdout.endswith(": the deck, 14 slides with editable charts.\n")
    assert (
        "warning: the silo map is a table instead of a network: no browser at BROWSER_PATH=/nowhere/chromium.\n"
        == result.stderr
    )
    assert 14 == len(Presentation(str(out)).slides)


@pytest.mark.slow
@pytest.mark.parametrize(("command", "suffix"), [("export", "csv"), ("report", "xlsx")])
def test_the_cli_exports_the_aggregates(cli_db: Path, tmp_path: Path, command: str, suffix: str) -> None:
    out = tmp_path / f"kennzahlen.{suffix}"
    result = run_cli(command, "--out", str(out), db=cli_db)
    assert 0 == result.returncode, result.stderr
    assert result.stdout.endswith(
        ": the aggregates, 10 groups, 2 hidden (fewer than 5 answers or protecting a smaller group).\n"
    )
    assert out.stat().st_size > 1000


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["report", "--out", "x.odp"], ["x.odp", ".html, .pdf, .pptx, .csv or .xlsx"]),
        (["export", "--out", "x.json"], ["x.json", ".html, .pdf, .pptx, .csv or .xlsx"]),
        (["export", "--out", "nowhere/x.csv"], ["no such directory"]),
        (["report", "--out", "x.html", "--wave", "Sommer 1999"], ["Sommer 1999", "known waves"]),
        (["report", "--out", "x.html", "--exclude", "Nirgendwo"], ["Nirgendwo"]),
    ],
)
def test_the_cli_refuses_bad_requests(cli_db: Path, args: list[str], words: list[str]) -> None:
    result = run_cli(*args, db=cli_db)
    assert 1 == result.returncode
    assert all(word in result.stderr for word in words), result.stderr


# ------------------------------------------------------------------------------------- registry

SIGNATURES = {
    "html": b"<!DOCTYPE html>",
    "pdf": b"%PDF-",
    "pptx": b"PK\x03\x04",
    "csv": "\ufeff".encode(),
    "xlsx": b"PK\x03\x04",
}
"""How the file of each export begins; a new export adds its row here."""


def test_every_export_is_known_here_and_offered_in_both_languages() -> None:
    assert set(SIGNATURES) == {export.name for export in exports.EXPORTS}
    assert (".html", ".pdf", ".pptx", ".csv", ".xlsx") == exports.suffixes()
    keys = {key for e in exports.EXPORTS for key in (e.label_key, e.help_key, e.fallback_key) if key}
    for lang in i18n.LANGUAGES:
        assert set() == keys - set(i18n.catalogue(lang)), lang


@pytest.mark.parametrize("export", exports.EXPORTS, ids=lambda export: export.name)
def test_each_export_renders_a_deck_and_is_found_by_its_ending(
    decks: dict[str, slides.Deck], export: exports.Export, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    if export.needs_browser:
        with pytest.raises(i18n.LocalisedError) as refused:
            export.render(decks["en"])
        assert "handover.pdf.no_browser" == refused.value.key
        return
    written = export.render(decks["en"])
    assert written.content.startswith(SIGNATURES[export.name])
    assert export.content(decks["en"]).startswith(SIGNATURES[export.name])
    assert export is exports.for_path(f"Bericht{export.suffix.upper()}")


def test_an_unknown_ending_names_no_export() -> None:
    assert [None, None, None] == [exports.for_path(name) for name in ("x.odp", "x", ".html")]


@pytest.mark.parametrize(
    ("wave", "stem"),
    [("Frühjahr 2026", "augenhoehe-Frühjahr-2026"), ("../Welle: 3/4 ", "augenhoehe-..-Welle-3-4")],
)
def test_the_file_name_keeps_only_safe_characters_of_the_wave(wave: str, stem: str) -> None:
    assert stem == exports.file_stem(wave)
    assert [stem + suffix for suffix in exports.suffixes()] == [e.file_name(wave) for e in exports.EXPORTS]


# -------------------------------------------------------------------------------------- palette

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}\b")


def test_the_streamlit_theme_uses_the_palette() -> None:
    with (ROOT / ".streamlit" / "config.toml").open("rb") as handle:
        theme = tomllib.load(handle)["theme"]
    expected = {
        "primaryColor": PALETTE.accent,
        "backgroundColor": PALETTE.white,
        "secondaryBackgroundColor": PALETTE.panel,
        "textColor": PALETTE.text,
    }
    assert expected == {key: value for key, value in theme.items() if key.endswith("Color")}


def test_the_report_and_the_presentation_take_their_colours_from_the_palette() -> None:
    sources = [html.STYLESHEET, PRESENTATION_STYLESHEET, ROOT / "pages" / "presentation.py"]
    found = {path.name: HEX_COLOUR.findall(path.read_text(encoding="utf-8")) for path in sources}
    assert {path.name: [] for path in sources} == found
    assert html.report_css().startswith(css_variables())
    assert css_variables() in presentation_css()


def test_the_package_never_imports_streamlit() -> None:
    code = (
        "import sys; import smm_maturity.exports, smm_maturity.slides, smm_maturity.plans;"
        " print('streamlit' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert "False" == result.stdout.strip(), result.stderr
