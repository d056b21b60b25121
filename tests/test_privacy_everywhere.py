"""Nothing about a group below the minimum size leaks from any output: CLI, package functions or pages.

The database holds departments of 4, 5, 6 and 7 respondents in two waves. With the minimum group size of 5,
"Vier" is hidden for being too small and "Fünf" is hidden with it (complementary hiding), so that neither can
be derived from the organisation's total minus the shown departments. The hidden groups answer in quarters
and fifths far below the shown groups, so each of their figures (means, indices, intervals, ratings) is a
number that no shown figure explains, and their comments carry marker words.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import plotly.offline
import pytest
from google.protobuf import text_format
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from smm_maturity import cli, ingest, insights, plans, report, scoring, slides, store
from smm_maturity.i18n import t
from smm_maturity.instrument import load_instrument

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = str(ROOT / "dashboard.py")
INSTRUMENT = load_instrument()
CODES = INSTRUMENT.dimension_codes
LANGUAGES = ("de", "en")
WAVES = ("Welle 1", "Welle 2")
HIDDEN = ("Fünf", "Vier")
SHOWN = ("Sechs", "Sieben")
DEPARTMENTS = (*HIDDEN, *SHOWN)
SIZES = {"Vier": 4, "Fünf": 5, "Sechs": 6, "Sieben": 7}
MIN_SIZE = 5
FLOOR = 3
SECRET_MARKERS = ("GEHEIM",)
COMMENT_MARKERS = {"Vier": "GEHEIM-VIER", "Fünf": "GEHEIM-FÜNF", "Sechs": "OFFEN-SECHS", "Sieben": "OFFEN-SIEBEN"}
PLOTLY_JS = plotly.offline.get_plotlyjs()

# Each pattern is one column of respondent scores: the 4-group's means are quarters (1.25 …), the 5-group's
# fifths (1.2 …), the shown groups' sixths and sevenths well above them.
PATTERNS: dict[str, tuple[int, ...]] = {
    "a": (1, 1, 1, 2),
    "b": (1, 2, 2, 2),
    "c": (2, 2, 2, 3),
    "d": (2, 3, 3, 3),
    "p": (1, 1, 1, 1, 2),
    "q": (1, 1, 1, 2, 2),
    "r": (1, 1, 2, 2, 2),
    "s": (2, 2, 2, 2, 3),
    "u": (2, 2, 2, 3, 3),
    "e": (4, 4, 4, 4, 4, 5),
    "f": (4, 4, 4, 4, 5, 5),
    "g": (4, 4, 5, 5, 5, 5),
    "h": (4, 5, 5, 5, 5, 5),
    "i": (3, 3, 3, 3, 3, 3, 4),
    "j": (3, 3, 3, 3, 3, 4, 4),
    "k": (3, 3, 3, 3, 4, 4, 4),
    "l": (3, 3, 3, 4, 4, 4, 4),
    "m": (3, 3, 4, 4, 4, 4, 4),
    "o": (3, 4, 4, 4, 4, 4, 4),
    "x": (4, 4, 4, 4, 4, 4, 5),
    "y": (4, 4, 4, 4, 4, 5, 5),
    "z": (4, 4, 4, 5, 5, 5, 5),
}
PROFILES: dict[tuple[str, str], str] = {
    ("Welle 1", "Vier"): "ddcdacdc",
    ("Welle 2", "Vier"): "abcdaabc",
    ("Welle 1", "Fünf"): "ususrusu",
    ("Welle 2", "Fünf"): "pqrsupqr",
    ("Welle 1", "Sechs"): "fehgghef",
    ("Welle 2", "Sechs"): "efghefgh",
    ("Welle 1", "Sieben"): "omlkjiom",
    ("Welle 2", "Sieben"): "ijklmoij",
}
"""The pattern of each dimension, in the instrument's order, per wave and department."""
RATINGS: dict[tuple[str, str], str] = {
    ("Vier", "Fünf"): "c",
    ("Vier", "Sechs"): "a",
    ("Vier", "Sieben"): "b",
    ("Fünf", "Vier"): "p",
    ("Fünf", "Sechs"): "q",
    ("Fünf", "Sieben"): "r",
    ("Sechs", "Vier"): "h",
    ("Sechs", "Fünf"): "e",
    ("Sechs", "Sieben"): "g",
    ("Sieben", "Vier"): "x",
    ("Sieben", "Fünf"): "y",
    ("Sieben", "Sechs"): "z",
}
"""The pattern of the collaboration ratings that the rater (first) gives the target (second)."""
SHOWN_CELLS = {("Sechs", "Sieben"), ("Sieben", "Fünf"), ("Sieben", "Sechs"), ("Sieben", "Vier")}
"""The ratings that may be shown: not those of the small groups, nor those hidden with them in the target's column."""
HIDDEN_MEANS = {1.25, 1.75, 2.25, 2.75, 1.2, 1.4, 1.6, 2.2, 2.4}
"""The hidden groups' dimension means and ratings, by design; each must be recognisable as a leak."""
STAGE_LIMITS = {1.79, 1.8, 2.59, 2.6, 3.39, 3.4, 4.19, 4.2}


# ---------------------------------------------------------------------------------------------- data


def department_csv(wave: str, department: str) -> bytes:
    """The canonical CSV of one department's answers in one wave, every answer following its patterns."""
    size = len(PATTERNS[PROFILES[wave, department][0]])
    targets = [target for rater, target in RATINGS if rater == department]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(
        ["respondent_id", "department", *INSTRUMENT.item_codes, *(f"collab:{t}" for t in targets), "comment"]
    )
    for respondent in range(size):
        scores = {
            code: PATTERNS[letter][respondent]
            for code, letter in zip(CODES, PROFILES[wave, department], strict=True)
        }
        answers = [
            6 - scores[item.dimension] if item.reverse else scores[item.dimension] for item in INSTRUMENT.items
        ]
        ratings = [PATTERNS[RATINGS[department, target]][respondent] for target in targets]
        comment = f"{COMMENT_MARKERS[department]} {wave} Person {respondent + 1}"
        writer.writerow([f"{wave[-1]}-{department}-{respondent}", department, *answers, *ratings, comment])
    return out.getvalue().encode("utf-8")


def build_database(path: Path) -> None:
    """Import every department's file into its wave, and add headcounts, targets and actions."""
    con = store.connect(path)
    for wave in WAVES:
        for department in DEPARTMENTS:
            batch = ingest.read_upload(department_csv(wave, department), f"{department}-{wave}.csv")
            assert () == batch.errors
            store.store_batch(con, batch, wave)
    for department in DEPARTMENTS:
        store.set_headcount(con, department, 10)
    plans.set_organisation_name(con, "Beispiel GmbH")
    plans.set_target(con, "KOO", 4)
    plans.set_target(con, "SIL", 3, "Vier")
    plans.add_action(con, "SIL", "Austauschrunde einführen", "Vier", "Team", date(2026, 6, 1))
    con.close()


# ------------------------------------------------------------------------------------------- secrets


def score_values(scores: scoring.WaveScores, groups: Iterable[str | None]) -> set[float]:
    """Every figure of some groups of a wave's scores (None stands for the organisation)."""
    values: set[float | None] = set()
    for name in groups:
        group = scores.organisation if name is None else scores.department(name)
        values |= {group.mean, group.index}
        for cell in group.dimensions.values():
            values |= {cell.mean, cell.sd, cell.ci_low, cell.ci_high}
    return {value for value in values if value is not None}


def figures_of(
    con: duckdb.DuckDBPyConnection, groups: Sequence[str | None], pairs: Iterable[tuple[str, str]]
) -> set[float]:
    """Every figure the package computes for some groups and some collaboration cells (rater, target)."""
    values: set[float | None] = set()
    for wave in WAVES:
        values |= score_values(scoring.wave_scores(con, wave, FLOOR), groups)
        for name in groups:
            for dimension in ("KOM", "TRA"):
                facets = scoring.facet_scores(con, wave, dimension, name, FLOOR)
                values |= {v for cell in facets.values() for v in (cell.mean, cell.sd, cell.ci_low, cell.ci_high)}
            frame = scoring.item_distribution(con, wave, name, FLOOR)
            values |= set(frame[["mean", "sd"]].to_numpy().ravel().tolist())
        cells = [
            cell if (cell.rater, cell.target) in pairs else dataclasses.replace(cell, hidden=True, mean=None)
            for cell in scoring.collaboration_cells(con, wave, FLOOR)
        ]
        values |= {cell.mean for cell in cells}
        values |= {v for silo in scoring.silo_scores(cells) for v in (silo.given, silo.received, silo.score)}
        values |= {r.alpha for r in scoring.reliability(con, wave, min_size=FLOOR)}
    for name in groups:
        for point in scoring.trend(con, list(WAVES), name, FLOOR):
            values |= {point.mean, point.ci_low, point.ci_high, point.change, point.p_value}
    return {value for value in values if value is not None and not pd.isna(value)}


@dataclass(frozen=True)
class Secrets:
    """The hidden groups' figures as they would be written, per number of decimals, and the marker words."""

    by_decimals: Mapping[int, frozenset[float]]
    markers: tuple[str, ...] = SECRET_MARKERS


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database of the four departments in two waves, built once; copy it, never write to it."""
    path = tmp_path_factory.mktemp("privacy") / "privacy.duckdb"
    build_database(path)
    return path


@pytest.fixture(scope="module")
def secrets(database: Path) -> Secrets:
    """What the hidden groups would show at the floor size of 3, minus every figure the shown groups explain.

    Computed from the design (which groups are shown), not from the privacy rule, so a broken rule cannot
    shrink the list of secrets.
    """
    con = duckdb.connect(str(database), read_only=True)
    everything = figures_of(con, [None, *DEPARTMENTS], RATINGS)
    shown = figures_of(con, [None, *SHOWN], SHOWN_CELLS) | STAGE_LIMITS
    indices = {
        scoring.wave_scores(con, wave, FLOOR).department(name).index for wave in WAVES for name in HIDDEN
    }
    con.close()
    by_decimals = {1: frozenset(indices - {round(value, 1) for value in shown})}
    for decimals in range(2, 10):
        secret = {round(value, decimals) for value in everything if 1 <= value <= 5}
        by_decimals[decimals] = frozenset(secret - {round(value, decimals) for value in shown})
    assert HIDDEN_MEANS <= by_decimals[2]
    assert 4 == len(by_decimals[1])
    return Secrets(by_decimals)


NUMBER = re.compile(r"(?<![\d.,])(\d+)[.,](\d+)(?![.,]?\d)")


def leaks(text: str, secrets: Secrets) -> list[str]:
    """Each place in a text where a hidden group's figure or comment shows, with some context."""
    found = []
    for match in NUMBER.finditer(text):
        decimals = min(len(match.group(2)), 9)
        value = round(float(f"{match.group(1)}.{match.group(2)}"), decimals)
        if value in secrets.by_decimals.get(decimals, ()):
            found.append(text[max(match.start() - 80, 0) : match.end() + 20])
    for marker in secrets.markers:
        found += [text[max(m.start() - 40, 0) : m.end() + 40] for m in re.finditer(marker, text)]
    return found


def frame_text(frame: pd.DataFrame) -> str:
    """A data frame as text with a separator that no number contains."""
    return frame.to_csv(sep="\t", index=False)


def residuals(groups: Sequence[Mapping]) -> dict[str, tuple[int, float]]:
    """Per dimension, the size and mean of whatever the organisation holds beyond the shown departments.

    Each group is {"department", "dimensions": {code: {"n", "mean"}}}, the organisation with department None.
    """
    organisation = next(g for g in groups if g["department"] is None)
    shown = [g for g in groups if g["department"] is not None and g["dimensions"][CODES[0]]["mean"] is not None]
    result = {}
    for code in CODES:
        total = organisation["dimensions"][code]
        n = total["n"] - sum(g["dimensions"][code]["n"] for g in shown)
        rest = total["n"] * total["mean"] - sum(g["dimensions"][code]["n"] * g["dimensions"][code]["mean"] for g in shown)
        result[code] = (n, round(rest / n, 2))
    return result


def assert_no_residual_leak(groups: Sequence[Mapping], secrets: Secrets) -> None:
    """The organisation minus the shown departments is never a single hidden group below the minimum."""
    for code, (n, mean) in residuals(groups).items():
        assert n >= MIN_SIZE, code
        assert mean not in secrets.by_decimals[2], code


# ----------------------------------------------------------------------------------------------- cli


@pytest.fixture
def db(database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_caches: None) -> Path:
    """A private copy of the database, named by `SMM_DB`, with the default minimum group size."""
    path = tmp_path / "privacy.duckdb"
    shutil.copyfile(database, path)
    monkeypatch.setenv("SMM_DB", str(path))
    monkeypatch.delenv("SMM_MIN_GROUP", raising=False)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-browser"))
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run one command of the command line in this process; return what it printed."""
    assert 0 == cli.main(list(args))
    return capsys.readouterr().out


def test_the_scores_command_as_a_process_hides_both_small_groups(db: Path, secrets: Secrets) -> None:
    """`python -m smm_maturity scores --by department --json` leaves the 4- and 5-group empty."""
    environment = {key: value for key, value in os.environ.items() if key != "SMM_MIN_GROUP"}
    result = subprocess.run(
        [sys.executable, "-m", "smm_maturity", "--db", str(db), "scores", "--by", "department", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=True,
    )
    groups = json.loads(result.stdout)
    assert [None, *sorted(DEPARTMENTS)] == [g["department"] for g in groups]
    for group in groups:
        if group["department"] in HIDDEN:
            assert (True, None, None, None) == (group["suppressed"], group["mean"], group["index"], group["stage"])
            assert {code: {"mean": None, "stage": None, "n": None} for code in CODES} == group["dimensions"]
        else:
            assert not group["suppressed"]
    assert [] == leaks(result.stdout, secrets)
    assert_no_residual_leak(groups, secrets)


@pytest.mark.parametrize("wave", WAVES)
def test_the_scores_command_leaks_nothing(
    db: Path, secrets: Secrets, capsys: pytest.CaptureFixture[str], wave: str
) -> None:
    """`scores` as JSON and as text, in every wave, shows no figure of a hidden group."""
    data = run_cli(capsys, "--db", str(db), "scores", "--wave", wave, "--by", "department", "--json")
    assert_no_residual_leak(json.loads(data), secrets)
    text = run_cli(capsys, "--db", str(db), "scores", "--wave", wave, "--by", "department")
    lines = {line.split()[0]: line for line in text.splitlines()[2:]}
    for name in HIDDEN:
        assert "hidden: fewer than 5 answers" in lines[name]
    assert [] == leaks(data, secrets) + leaks(text, secrets)


def read_export(path: Path, lang: str) -> pd.DataFrame:
    """An exported CSV or XLSX file as a frame of strings and numbers."""
    if path.suffix == ".csv":
        german = lang == "de"
        return pd.read_csv(path, sep=";" if german else ",", decimal="," if german else ".", encoding="utf-8-sig")
    return pd.read_excel(path, engine="calamine")


def export_groups(frame: pd.DataFrame, lang: str) -> list[dict]:
    """The exported rows as groups of dimension means with n, the organisation as department None."""
    frame = frame.set_axis(
        ["wave", "group", "code", "dimension", "n", "mean", "stage", "stage_name", "index", "hidden", "reason"],
        axis=1,
    )
    organisation = t("organisation", lang)
    groups = []
    for name, rows in frame[frame["code"].notna()].groupby("group"):
        cells = rows.set_index("code")
        groups.append(
            {
                "department": None if name == organisation else name,
                "dimensions": {
                    code: {
                        "n": None if pd.isna(cells.loc[code, "n"]) else int(cells.loc[code, "n"]),
                        "mean": None if pd.isna(cells.loc[code, "mean"]) else float(cells.loc[code, "mean"]),
                    }
                    for code in CODES
                },
            }
        )
    return groups


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_exports_leak_nothing(
    db: Path, tmp_path: Path, secrets: Secrets, capsys: pytest.CaptureFixture[str], lang: str, suffix: str
) -> None:
    """`export` as CSV and XLSX, in both languages and waves, leaves the hidden groups' cells empty."""
    for wave in WAVES:
        out = tmp_path / f"aggregates-{wave[-1]}{suffix}"
        run_cli(capsys, "--db", str(db), "export", "--out", str(out), "--wave", wave, "--lang", lang)
        frame = read_export(out, lang)
        hidden = frame[frame.iloc[:, 1].isin(HIDDEN)]
        assert 2 * (len(CODES) + 1) == len(hidden)
        assert hidden.iloc[:, [4, 5, 6, 7, 8]].isna().all().all()
        assert [] == leaks(frame_text(frame), secrets)
        if suffix == ".xlsx":
            sheet = openpyxl.load_workbook(out).active
            cells = "\n".join("\t".join(str(cell) for cell in row) for row in sheet.iter_rows(values_only=True))
            assert [] == leaks(cells, secrets)
        else:
            assert [] == leaks(out.read_text(encoding="utf-8-sig").replace(";", "\t"), secrets)
        assert_no_residual_leak(export_groups(frame, lang), secrets)


def html_text(page: str) -> str:
    """An HTML report without Plotly's own JavaScript and the style sheet, which are code and not data."""
    assert PLOTLY_JS in page and report.REPORT_CSS in page
    return page.replace(PLOTLY_JS, "").replace(report.REPORT_CSS, "")


def pptx_text(content: bytes) -> str:
    """Every text of a PPTX: text boxes, table cells and speaker notes."""
    parts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += ["\t".join(cell.text for cell in row.cells) for row in shape.table.rows]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_and_the_deck_leak_nothing(
    db: Path, tmp_path: Path, secrets: Secrets, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    """`report` as offline HTML and as PPTX (slide texts, tables and notes) shows no hidden figure."""
    for wave in WAVES:
        page, deck = tmp_path / f"report-{wave[-1]}.html", tmp_path / f"deck-{wave[-1]}.pptx"
        run_cli(capsys, "--db", str(db), "report", "--out", str(page), "--wave", wave, "--lang", lang)
        run_cli(capsys, "--db", str(db), "report", "--out", str(deck), "--wave", wave, "--lang", lang)
        text = pptx_text(deck.read_bytes())
        assert "Sechs" in text and "Sieben" in text
        assert [] == leaks(html_text(page.read_text(encoding="utf-8")), secrets)
        assert [] == leaks(text, secrets)


# ------------------------------------------------------------------------------------------ package


@pytest.fixture
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the private copy of the database."""
    connection = store.connect(db)
    yield connection
    connection.close()


def test_the_scoring_layer_hides_both_small_groups_in_every_wave(con: duckdb.DuckDBPyConnection) -> None:
    """The 4-group is hidden for its size, the 5-group to protect it; the shown groups carry all scores."""
    for wave in WAVES:
        scores = scoring.wave_scores(con, wave)
        assert set(HIDDEN) == {group.group for group in scores.hidden_departments}
        for name in HIDDEN:
            group = scores.department(name)
            assert (None, None, None) == (group.mean, group.index, group.stage)
            assert all(cell.hidden and cell.mean is None and cell.stage is None for cell in group.dimensions.values())
        assert set(SHOWN) == {group.group for group in scores.visible_departments}


def test_the_scoring_functions_leak_nothing(con: duckdb.DuckDBPyConnection, secrets: Secrets) -> None:
    """Scores, item shares, facets, collaboration, silos, comments, trends and reliability of every group."""
    texts = []
    for wave in WAVES:
        scores = scoring.wave_scores(con, wave)
        texts.append(repr(scores))
        groups = [
            {
                "department": None if group.is_organisation else group.group,
                "dimensions": {code: {"n": cell.n, "mean": cell.mean} for code, cell in group.dimensions.items()},
            }
            for group in [scores.organisation, *scores.departments]
        ]
        assert_no_residual_leak(groups, secrets)
        for name in [None, *DEPARTMENTS]:
            distribution = scoring.item_distribution(con, wave, name)
            if name in HIDDEN:
                assert distribution.empty
            texts.append(frame_text(distribution))
            for dimension in ("KOM", "TRA"):
                facets = scoring.facet_scores(con, wave, dimension, name)
                if name in HIDDEN:
                    assert all(cell.hidden and cell.mean is None for cell in facets.values())
                texts.append(repr(facets))
        cells = scoring.collaboration_cells(con, wave)
        assert SHOWN_CELLS == {(c.rater, c.target) for c in cells if not c.hidden}
        assert all(c.mean is None for c in cells if c.hidden)
        texts.append(repr(cells) + repr(scoring.silo_scores(cells)))
        assert sorted(
            f"{COMMENT_MARKERS[name]} {wave} Person {r + 1}" for name in SHOWN for r in range(SIZES[name])
        ) == sorted(scoring.comments(con, wave))
        for name in HIDDEN:
            assert [] == scoring.comments(con, wave, name)
        texts.append(repr(scoring.reliability(con, wave)))
    for name in [None, *DEPARTMENTS]:
        points = scoring.trend(con, list(WAVES), name)
        if name in HIDDEN:
            assert all(point.hidden and point.mean is None for point in points)
        texts.append(repr(points))
    assert [] == leaks("\n".join(texts), secrets)


def test_the_insights_leak_nothing(con: duckdb.DuckDBPyConnection, secrets: Secrets) -> None:
    """Every `insights` table and text, for the organisation and each department, in both languages."""
    texts = []
    for lang in LANGUAGES:
        for wave in WAVES:
            scores = scoring.wave_scores(con, wave)
            for group in [scores.organisation, *scores.departments]:
                ranked = insights.ranked_dimensions(group, INSTRUMENT, lang)
                strongest, weakest = insights.strongest_and_weakest(group, INSTRUMENT, lang)
                checklist = insights.checklist(group, INSTRUMENT, lang)
                if group.group in HIDDEN:
                    assert [] == ranked == strongest == weakest == checklist
                    texts.append(insights.hidden_reason(group, scores.min_size, lang))
                texts += [insights.insight_markdown(entry, lang) for entry in ranked]
                texts.append(insights.checklist_markdown(checklist, lang))
            texts.append(repr(insights.participation(scores, store.headcounts(con))))
            texts.append(repr(insights.department_options(scores)))
            silos = scoring.silo_scores(scoring.collaboration_cells(con, wave))
            texts.append(frame_text(insights.silo_table(silos, lang)))
            texts.append(frame_text(insights.reliability_table(scoring.reliability(con, wave), INSTRUMENT, lang)))
        for name in [None, *DEPARTMENTS]:
            texts.append(frame_text(insights.trend_table(scoring.trend(con, list(WAVES), name), INSTRUMENT, lang)))
    assert [] == leaks("\n".join(texts), secrets)


def slide_text(slide: slides.Slide) -> str:
    """Everything a slide says and draws: texts, metrics, sections, table, notes and figures."""
    parts = [slide.title, slide.subtitle, slide.notes, repr(slide.metrics), repr(slide.sections)]
    if slide.table is not None:
        parts.append(frame_text(slide.table))
    parts += [figure.to_json() for figure in slide.figures]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_slides_and_reports_leak_nothing(con: duckdb.DuckDBPyConnection, secrets: Secrets, lang: str) -> None:
    """Every slide of every deck, with and without excluded departments, and the report, deck and aggregates."""
    for wave in WAVES:
        data = slides.load_deck_data(con, wave)
        for excluded in [frozenset(), *(frozenset({name}) for name in DEPARTMENTS)]:
            deck = slides.build_deck(data, lang, excluded=excluded, day=date(2026, 6, 1))
            titles = [slide.title for slide in deck.slides]
            assert not set(HIDDEN) & set(titles)
            texts = [slide_text(slide) for slide in deck.slides]
            texts.append(frame_text(slides.heatmap_table(data.scores, INSTRUMENT, lang)))
            assert [] == leaks("\n".join(texts), secrets), excluded
        deck = slides.build_deck(data, lang, day=date(2026, 6, 1))
        aggregates = report.aggregates(data.scores, INSTRUMENT, lang)
        texts = [
            html_text(report.report_html(deck)),
            pptx_text(report.deck_pptx(deck, images=False).content),
            frame_text(aggregates),
            report.aggregates_csv(data.scores, lang=lang).decode("utf-8-sig").replace(";", "\t").replace(",", "\t")
            if lang == "en"
            else report.aggregates_csv(data.scores, lang=lang).decode("utf-8-sig").replace(";", "\t"),
        ]
        assert [] == leaks("\n".join(texts), secrets)


# --------------------------------------------------------------------------------------------- pages


def walk(node: object) -> Iterator[object]:
    """A block of a page and every element below it."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


@dataclass
class PageOutput:
    """What a page shows: the text of every element, the Plotly figures, and the Markdown bodies."""

    text: str
    figures: list[dict]
    markdown: list[str]


MARKDOWN_TYPES = ("markdown", "caption", "title", "header", "subheader", "info", "success", "warning", "error")


def page_output(app: AppTest) -> PageOutput:
    """Collect every element's values, the figures as the browser gets them, and what Markdown renders."""
    texts, figures, markdown = [], [], []
    for node in [*walk(app.main), *walk(app.sidebar)]:
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind == "plotly_chart":
            figure = json.loads(proto.spec)
            figures.append(figure)
            texts.append(json.dumps(figure, ensure_ascii=False))
        elif kind in ("dataframe", "table", "arrow_data_frame", "arrow_table"):
            texts.append(frame_text(node.value))
        elif proto is not None and not hasattr(node, "children"):
            texts.append(text_format.MessageToString(proto, as_utf8=True))
        if kind in MARKDOWN_TYPES:
            markdown.append(node.value)
        elif kind == "metric":
            markdown += [node.label, node.value, node.delta or ""]
    return PageOutput("\n".join(texts), figures, markdown)


def open_page(page: str, lang: str, **params: str) -> AppTest:
    """Run the dashboard on one page with the given query parameters."""
    app = AppTest.from_file(DASHBOARD, default_timeout=120)
    app.query_params["lang"] = lang
    for name, value in params.items():
        app.query_params[name] = value
    app.switch_page(page)
    app.run()
    assert not app.exception, [error.message for error in app.exception]
    return app


def assert_page_leaks_nothing(app: AppTest, secrets: Secrets) -> PageOutput:
    """Run no further; check that nothing on the page as it stands is a hidden group's figure or comment."""
    assert not app.exception, [error.message for error in app.exception]
    output = page_output(app)
    assert [] == leaks(output.text, secrets)
    return output


@pytest.mark.parametrize(
    ("page", "lang"),
    [
        ("pages/overview.py", "de"),
        ("pages/overview.py", "en"),
        ("pages/silo_map.py", "de"),
        ("pages/silo_map.py", "en"),
        ("pages/method.py", "de"),
        ("pages/upload.py", "en"),
        ("pages/settings.py", "de"),
        ("pages/questionnaire.py", "en"),
    ],
)
def test_a_page_leaks_nothing_in_either_wave(db: Path, secrets: Secrets, page: str, lang: str) -> None:
    """The overview, silo map, method, upload, settings and questionnaire pages, in both waves."""
    for wave in WAVES:
        output = assert_page_leaks_nothing(open_page(page, lang, wave=wave), secrets)
        if page != "pages/questionnaire.py":
            assert output.text


def test_the_overview_greys_out_both_hidden_departments(db: Path) -> None:
    """The heatmap's columns of the 4- and 5-group have no stage and no text."""
    output = page_output(open_page("pages/overview.py", "en"))
    heatmap = output.figures[0]["data"][0]
    for name in HIDDEN:
        column = heatmap["x"].index(name)
        assert [0] * (len(CODES) + 1) == [row[column] for row in heatmap["z"]]
        assert [""] * (len(CODES) + 1) == [row[column] for row in heatmap["text"]]


def test_the_silo_map_hides_the_ratings_the_small_groups_give(db: Path) -> None:
    """Every cell rated by the 4- or 5-group is a dash; the shown raters' cells carry their means."""
    output = page_output(open_page("pages/silo_map.py", "en"))
    matrix = next(f for f in output.figures if len(f["data"]) == 2 and f["data"][1]["type"] == "heatmap")
    ratings = matrix["data"][1]
    for row, rater in zip(ratings["text"], ratings["y"], strict=True):
        for text, target in zip(row, ratings["x"], strict=True):
            if rater in HIDDEN and rater != target:
                assert "–" == text, (rater, target)
            elif rater != target:
                assert text not in ("", "–"), (rater, target)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_departments_page_leaks_nothing_for_any_department(db: Path, secrets: Secrets, lang: str) -> None:
    """Each department chosen in the selectbox, the hidden ones included, in both waves."""
    app = open_page("pages/departments.py", lang)
    for wave in WAVES:
        app.selectbox(key="wave_filter").select(wave).run()
        options = app.selectbox(key="department_filter").options
        assert len(DEPARTMENTS) == len(options)
        for name in DEPARTMENTS:
            app.selectbox(key="department_filter").select(name).run()
            assert name == app.selectbox(key="department_filter").value
            output = assert_page_leaks_nothing(app, secrets)
            if name in HIDDEN:
                assert [] == output.figures
                assert app.info
            else:
                assert output.figures


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_trends_page_leaks_nothing_for_any_department(db: Path, secrets: Secrets, lang: str) -> None:
    """The organisation and each shown department; a hidden one is not offered, not even through the URL."""
    app = open_page("pages/trends.py", lang, department="Vier")
    assert "" == app.selectbox(key="department_filter").value
    options = app.selectbox(key="department_filter").options
    assert not set(HIDDEN) & set(options)
    assert_page_leaks_nothing(app, secrets)
    for name in SHOWN:
        app.selectbox(key="department_filter").select(name).run()
        assert name == app.selectbox(key="department_filter").value
        assert_page_leaks_nothing(app, secrets)


@pytest.mark.parametrize(("lang", "wave"), [("de", "Welle 2"), ("en", "Welle 1")])
def test_every_slide_of_the_presentation_leaks_nothing(db: Path, secrets: Secrets, lang: str, wave: str) -> None:
    """Each slide, reached through `?slide=N`, with the settings popover and its download buttons."""
    app = open_page("pages/presentation.py", lang, wave=wave, slide="1")
    total = int(app.markdown[0].value.split("/")[1])
    titles = []
    for number in range(1, total + 1):
        app.query_params["slide"] = str(number)
        app.run()
        assert str(number) == app.query_params["slide"]
        titles.append(app.title[0].value if app.title else "")
        assert_page_leaks_nothing(app, secrets)
    assert not set(HIDDEN) & set(titles)
    assert {"Sechs", "Sieben"} <= set(titles)


def test_the_actions_page_reveals_no_stage_of_a_hidden_department(db: Path, secrets: Secrets) -> None:
    """Targets and suggestions for a hidden department show no current stage and fall back to the organisation."""
    app = open_page("pages/actions.py", "en")
    organisation_title = app.text_area[0].value
    for name in HIDDEN:
        app.selectbox(key="target_group").select(name).run()
        current = t("actions.current", "en")
        targets = next(f for f in app.dataframe if current in f.value.columns).value
        assert ["–"] * len(CODES) == targets[current].tolist()
        app.selectbox(key="new_department").select(name).run()
        assert organisation_title == app.text_area[0].value
        assert_page_leaks_nothing(app, secrets)


# --------------------------------------------------------------------------------------- literal names

ODD_DEPARTMENT = "**Fett** <script>alert(1)</script>"
ODD_WAVE = "_kursiv_"
ODD_FILE = "**datei** <b>x</b>.csv"


@pytest.fixture
def odd_names_db(empty_db: Path) -> Path:
    """A database whose department, wave and file names contain Markdown and HTML."""
    con = store.connect(empty_db)
    text = department_csv("Welle 2", "Sechs").decode("utf-8").replace(";Sechs;", f";{ODD_DEPARTMENT};")
    batch = ingest.read_upload(text.encode("utf-8"), ODD_FILE)
    assert () == batch.errors
    store.store_batch(con, batch, ODD_WAVE)
    batch = ingest.read_upload(department_csv("Welle 2", "Sieben"), "sieben.csv")
    store.store_batch(con, batch, ODD_WAVE)
    con.close()
    return empty_db


def assert_shown_literally(output: PageOutput) -> None:
    """No Markdown element renders a name's bold, italics or script."""
    for body in output.markdown:
        assert "<script>" not in body and "**Fett**" not in body and "_kursiv_" not in body, body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_names_with_markdown_and_html_are_shown_literally(odd_names_db: Path, lang: str) -> None:
    """On the overview, the departments page and the upload list, names appear as typed, never rendered."""
    overview = open_page("pages/overview.py", lang)
    assert ODD_WAVE == overview.selectbox(key="wave_filter").value
    output = page_output(overview)
    assert_shown_literally(output)
    heatmap = output.figures[0]["data"][0]
    assert "**Fett** &lt;script&gt;alert(1)&lt;/script&gt;" in heatmap["x"]

    departments = open_page("pages/departments.py", lang, department=ODD_DEPARTMENT)
    assert ODD_DEPARTMENT == departments.selectbox(key="department_filter").value
    assert ODD_WAVE == departments.selectbox(key="wave_filter").value
    output = page_output(departments)
    assert_shown_literally(output)
    assert output.figures
    assert "<script>" not in json.dumps(output.figures)

    upload = open_page("pages/upload.py", lang)
    output = page_output(upload)
    assert_shown_literally(output)
    uploads = upload.dataframe[0].value
    assert {ODD_FILE, "sieben.csv"} == set(uploads.iloc[:, 1])
    assert {ODD_WAVE} == set(uploads.iloc[:, 2])
    assert {ODD_DEPARTMENT, "Sieben"} == set(uploads.iloc[:, 3])
