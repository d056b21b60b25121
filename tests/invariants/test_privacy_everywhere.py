"""Nothing about a group below the minimum size leaks from any output: CLI, package functions or pages.

The database holds four departments in two waves. In the newer wave "Vier" has 4 respondents and is hidden
for its size, and "Fünf" (5) is hidden with it by complementary hiding, so that neither can be derived from
the organisation's total minus the shown "Sechs" (6) and "Sieben" (7). In the older wave "Vier" and "Sieben"
have 4 each and are hidden, while "Fünf" is shown. The hidden groups answer in quarters and fifths that no
shown figure explains, so each of their figures (means, indices, intervals, ratings) is recognisable wherever
it turns up, and their comments carry marker words. Every department has fewer than 10 respondents, so no
department lists comments of its own: they are pooled in the organisation's list, without departments.
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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import plotly.offline
import pytest
from app_harness import open_file
from google.protobuf import text_format
from legacy import publish_everything
from pptx import Presentation
from streamlit.testing.v1 import AppTest
from survey_data import answered_survey

from smm_maturity import cli, disclosure, exports, ingest, insights, plans, scoring, slides, store
from smm_maturity.i18n import t
from smm_maturity.instrument import load_instrument

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
INSTRUMENT = load_instrument()
CODES = INSTRUMENT.dimension_codes
LANGUAGES = ("de", "en")
MIN_SIZE = 5
FLOOR = 3
OLD, NEW = WAVES = ("Welle 1", "Welle 2")
DEPARTMENTS = ("Fünf", "Sechs", "Sieben", "Vier")
HIDDEN = {OLD: ("Sieben", "Vier"), NEW: ("Fünf", "Vier")}
"""Per wave, the departments that must show nothing: too small, or hidden with the only small one."""
SHOWN = {wave: tuple(name for name in DEPARTMENTS if name not in HIDDEN[wave]) for wave in WAVES}
PLOTLY_JS = plotly.offline.get_plotlyjs()

PATTERNS: dict[str, tuple[int, ...]] = {
    **{"a": (1, 1, 1, 2), "b": (1, 2, 2, 2), "c": (2, 2, 2, 3), "d": (2, 3, 3, 3)},
    **{"A": (3, 3, 3, 4), "B": (3, 4, 4, 4), "C": (4, 4, 4, 5), "D": (4, 5, 5, 5)},
    **{
        "p": (1, 1, 1, 1, 2),
        "q": (1, 1, 1, 2, 2),
        "r": (1, 1, 2, 2, 2),
        "s": (2, 2, 2, 2, 3),
        "u": (2, 2, 2, 3, 3),
    },
    **{"P": (3, 3, 3, 3, 4), "Q": (3, 3, 4, 4, 4), "R": (3, 4, 4, 4, 4), "T": (2, 3, 3, 3, 3)},
    **{"U": (2, 3, 3, 3, 4), "V": (3, 4, 4, 4, 5)},
    **{"e": (4, 4, 4, 4, 4, 5), "f": (4, 4, 4, 4, 5, 5), "g": (4, 4, 5, 5, 5, 5), "h": (4, 5, 5, 5, 5, 5)},
    **{"i": (3, 3, 3, 3, 3, 3, 4), "j": (3, 3, 3, 3, 3, 4, 4), "k": (3, 3, 3, 3, 4, 4, 4)},
    **{"l": (3, 3, 3, 4, 4, 4, 4), "m": (3, 3, 4, 4, 4, 4, 4), "o": (3, 4, 4, 4, 4, 4, 4)},
    **{"x": (4, 4, 4, 4, 4, 4, 5), "y": (4, 4, 4, 4, 4, 5, 5), "z": (4, 4, 4, 5, 5, 5, 5)},
}
"""Columns of respondent scores: quarters (a–d, A–D) for 4 people, fifths for 5, sixths for 6, sevenths for 7."""
PROFILES: dict[tuple[str, str], str] = {
    (OLD, "Vier"): "ddcdacdc",
    (OLD, "Fünf"): "PUVTPUVP",
    (OLD, "Sechs"): "fehgghef",
    (OLD, "Sieben"): "ABCDDCBA",
    (NEW, "Vier"): "abcdaabc",
    (NEW, "Fünf"): "pqrsupqr",
    (NEW, "Sechs"): "efghefgh",
    (NEW, "Sieben"): "ijklmoij",
}
"""Per wave and department, the pattern of each dimension in the instrument's order."""
RATINGS: dict[tuple[str, str, str], str] = {
    **{(wave, "Vier", "Fünf"): "c" for wave in WAVES},
    **{(wave, "Vier", "Sechs"): "a" for wave in WAVES},
    **{(wave, "Vier", "Sieben"): "b" for wave in WAVES},
    **{(OLD, "Sechs", "Vier"): "h", (NEW, "Sechs", "Vier"): "f"},
    **{(wave, "Sechs", "Fünf"): "e" for wave in WAVES},
    **{(wave, "Sechs", "Sieben"): "g" for wave in WAVES},
    **{(OLD, "Fünf", "Vier"): "P", (OLD, "Fünf", "Sechs"): "Q", (OLD, "Fünf", "Sieben"): "R"},
    **{(NEW, "Fünf", "Vier"): "p", (NEW, "Fünf", "Sechs"): "q", (NEW, "Fünf", "Sieben"): "r"},
    **{(OLD, "Sieben", "Vier"): "A", (OLD, "Sieben", "Fünf"): "B", (OLD, "Sieben", "Sechs"): "C"},
    **{(NEW, "Sieben", "Vier"): "x", (NEW, "Sieben", "Fünf"): "y", (NEW, "Sieben", "Sechs"): "z"},
}
"""Per wave, the pattern of the collaboration ratings that a rater gives a target.

In the newer wave the rating of "Vier" by "Sechs" is shown (see SHOWN_CELLS); its pattern keeps the mean
rating that "Sechs" gives off 4.75, a hidden group's mean."""
SHOWN_CELLS = {
    OLD: {("Fünf", "Sechs"), ("Sechs", "Fünf"), ("Sechs", "Sieben"), ("Sechs", "Vier")},
    NEW: {
        ("Sechs", "Sieben"),
        ("Sieben", "Fünf"),
        ("Sieben", "Sechs"),
        ("Sechs", "Vier"),
        ("Sieben", "Vier"),
    },
}
"""Per wave, the (rater, target) cells that may be shown: none of a hidden rater, nor one hidden with it.

In the newer wave the column of "Vier" shows "Sechs" and "Sieben": its hidden raters are "Fünf" alone, five
people, so the residual rule needs no partner there."""
HIDDEN_MEANS = {1.2, 1.25, 1.4, 1.6, 1.75, 2.2, 2.25, 2.4, 2.75, 3.25, 3.75, 4.25, 4.75}
"""The hidden groups' dimension means and ratings by design; each must be recognisable as a leak."""
STAGE_LIMITS = {1.79, 1.8, 2.59, 2.6, 3.39, 3.4, 4.19, 4.2}


# ---------------------------------------------------------------------------------------------- data


def comment_text(wave: str, department: str, respondent: int) -> str:
    """A respondent's comment, marked GEHEIM where their department is hidden in that wave."""
    marker = "GEHEIM" if department in HIDDEN[wave] else "OFFEN"
    return f"{marker}-{department.upper()} {wave} Person {respondent + 1}"


def department_csv(wave: str, department: str) -> bytes:
    """The canonical CSV of one department's answers in one wave, every answer following its patterns."""
    size = len(PATTERNS[PROFILES[wave, department][0]])
    targets = [target for (when, rater, target) in RATINGS if (when, rater) == (wave, department)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(
        [
            "respondent_id",
            "department",
            *INSTRUMENT.item_codes,
            *(f"collab:{target}" for target in targets),
            "comment",
        ]
    )
    for respondent in range(size):
        scores = {
            code: PATTERNS[letter][respondent]
            for code, letter in zip(CODES, PROFILES[wave, department], strict=True)
        }
        answers = [
            6 - scores[item.dimension] if item.reverse else scores[item.dimension]
            for item in INSTRUMENT.items
        ]
        ratings = [PATTERNS[RATINGS[wave, department, target]][respondent] for target in targets]
        comment = comment_text(wave, department, respondent)
        writer.writerow([f"{wave[-1]}-{department}-{respondent}", department, *answers, *ratings, comment])
    return out.getvalue().encode("utf-8")


def build_database(path: Path) -> None:
    """Import every department's file into its wave, publish everything as a database from before publication
    holds it, and add headcounts, targets and an action."""
    con = store.connect(path)
    for wave in WAVES:
        for department in DEPARTMENTS:
            batch = ingest.read_upload(department_csv(wave, department), f"{department}-{wave}.csv")
            assert () == batch.errors
            store.store_batch(con, batch, wave)
    publish_everything(con)
    for department in DEPARTMENTS:
        store.set_headcount(con, department, 10)
    plans.set_organisation_name(con, "Beispiel GmbH")
    plans.set_target(con, "KOO", 4)
    plans.set_target(con, "SIL", 3, "Vier")
    plans.add_action(con, "SIL", "Austauschrunde einführen", "Vier", "Team", date(2026, 6, 1))
    con.close()


# ------------------------------------------------------------------------------------------- secrets


def wave_figures(
    con: duckdb.DuckDBPyConnection, wave: str, groups: Sequence[str | None], cells: Iterable[tuple[str, str]]
) -> set[float | None]:
    """Every figure the package computes in a wave for some groups (None: the organisation) and rating cells."""
    scores = scoring.wave_scores(con, wave, FLOOR)
    values: set[float | None] = set()
    for name in groups:
        group = scores.organisation if name is None else scores.department(name)
        values |= {group.mean, group.index}
        if name is not None:
            values |= {
                disclosure.difference(cell.mean, other.mean, disclosure.MEAN_PLACES)
                for code, cell in group.dimensions.items()
                if cell.mean is not None and (other := scores.organisation.dimensions[code]).mean is not None
            }
        for cell in group.dimensions.values():
            values |= {cell.mean, cell.sd, cell.ci_low, cell.ci_high}
        for dimension in ("KOM", "TRA"):
            for cell in scoring.facet_scores(con, wave, dimension, name, FLOOR).values():
                values |= {cell.mean, cell.sd, cell.ci_low, cell.ci_high}
        frame = scoring.item_distribution(con, wave, name, FLOOR)
        values |= set(frame[["mean", "sd"]].to_numpy().ravel().tolist())
    ratings = [
        cell if (cell.rater, cell.target) in cells else dataclasses.replace(cell, hidden=True, mean=None)
        for cell in scoring.collaboration_cells(con, wave, FLOOR)
    ]
    values |= {cell.mean for cell in ratings}
    values |= {v for silo in scoring.silo_scores(ratings) for v in (silo.given, silo.received, silo.score)}
    values |= {r.alpha for r in scoring.reliability(con, wave, min_size=FLOOR)}
    return values


def trend_figures(
    con: duckdb.DuckDBPyConnection, name: str | None, shown: Mapping[str, Sequence[str]]
) -> set[float | None]:
    """The figures of a group's trend in the waves where it is shown; a change only between two shown waves."""
    values: set[float | None] = set()
    for point in scoring.trend(con, list(WAVES), name, FLOOR):
        wave_index = WAVES.index(point.wave)
        if name is None or name in shown[point.wave]:
            values |= {point.mean, point.ci_low, point.ci_high}
            if wave_index and (name is None or name in shown[WAVES[wave_index - 1]]):
                values |= {point.change, point.p_value}
    return values


@dataclass(frozen=True)
class Secrets:
    """The hidden groups' figures as they would be written, per number of decimals, and their comments' marker."""

    by_decimals: Mapping[int, frozenset[float]]
    marker: str = "GEHEIM"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database of the four departments in two waves, built once; copy it, never write to it."""
    path = tmp_path_factory.mktemp("privacy") / "privacy.duckdb"
    build_database(path)
    return path


@pytest.fixture(scope="module")
def secrets(database: Path) -> Secrets:
    """What the hidden groups would show at the floor size of 3, minus every figure that a shown group explains.

    Which groups are shown comes from the design, not from the privacy rule, so a broken rule cannot shrink
    the secrets.
    """
    con = duckdb.connect(str(database), read_only=True)
    everyone: set[float | None] = set()
    shown: set[float | None] = set(STAGE_LIMITS)
    for wave in WAVES:
        everyone |= wave_figures(
            con,
            wave,
            [None, *DEPARTMENTS],
            {(rater, target) for (when, rater, target) in RATINGS if when == wave},
        )
        shown |= wave_figures(con, wave, [None, *SHOWN[wave]], SHOWN_CELLS[wave])
    for name in [None, *DEPARTMENTS]:
        everyone |= trend_figures(con, name, {wave: DEPARTMENTS for wave in WAVES})
        shown |= trend_figures(con, name, SHOWN)
    indices = {scoring.wave_scores(con, w, FLOOR).department(name).index for w in WAVES for name in HIDDEN[w]}
    con.close()
    known = {value for value in shown if value is not None and not pd.isna(value)}
    secret = {value for value in everyone if value is not None and not pd.isna(value) and 1 <= value <= 5}
    by_decimals = {1: frozenset(indices - {round(value, 1) for value in known})}
    for decimals in range(2, 10):
        by_decimals[decimals] = frozenset(
            {round(value, decimals) for value in secret} - {round(value, decimals) for value in known}
        )
    assert HIDDEN_MEANS <= by_decimals[2]
    assert 4 == len(by_decimals[1])
    return Secrets(by_decimals)


NUMBERS = (
    re.compile(r"(?<![\d.])(\d+)\.(\d+)(?!\.?\d)"),
    re.compile(r"(?<![\d.,])(\d+),(\d+)(?![.,]?\d)"),
)
"""Decimal numbers with a point (English, JSON) and with a comma (German), but not dates or lists."""


def leaks(text: str, secrets: Secrets) -> list[str]:
    """Each place in a text where a hidden group's figure or comment shows, with some context."""
    found = []
    for pattern in NUMBERS:
        for match in pattern.finditer(text):
            decimals = min(len(match.group(2)), 9)
            value = round(float(f"{match.group(1)}.{match.group(2)}"), decimals)
            if value in secrets.by_decimals.get(decimals, ()):
                found.append(text[max(match.start() - 80, 0) : match.end() + 20])
    found += [text[max(m.start() - 40, 0) : m.end() + 40] for m in re.finditer(secrets.marker, text)]
    return found


def frame_text(frame: pd.DataFrame) -> str:
    """A data frame as text, with a separator that no number contains."""
    return frame.to_csv(sep="\t", index=False)


def strings(value: object) -> Iterator[str]:
    """Every string anywhere in a nested structure of dicts and lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def figure_text(figure: Mapping) -> str:
    """A figure's data (every number and text of its traces) and the texts of its layout.

    The layout's numbers are sizes, ranges and positions rather than data, and are left out.
    """
    return (
        json.dumps(figure["data"], ensure_ascii=False) + "\n" + "\n".join(strings(figure.get("layout", {})))
    )


def residual_sizes(groups: Sequence[Mapping]) -> dict[str, int]:
    """Per dimension, how many respondents the organisation holds beyond the departments that show a mean.

    Each group is {"department", "dimensions": {code: {"n", "mean"}}}, the organisation with department None.
    """
    organisation = next(g for g in groups if g["department"] is None)["dimensions"]
    departments = [g["dimensions"] for g in groups if g["department"] is not None]
    return {
        code: organisation[code]["n"] - sum(d[code]["n"] for d in departments if d[code]["mean"] is not None)
        for code in CODES
    }


def assert_no_residual_leak(groups: Sequence[Mapping]) -> None:
    """The organisation minus the shown departments is nobody, or at least as many as the minimum group size.

    Otherwise the total and the shown groups would give away the mean of the rest, a group below the minimum.
    """
    for code, rest in residual_sizes(groups).items():
        assert rest == 0 or rest >= MIN_SIZE, code


# ----------------------------------------------------------------------------------------------- cli


@pytest.fixture
def db(database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_caches: None) -> Path:
    """A private copy of the database, named by `SMM_DB`, with the default minimum size and no chart images."""
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


@pytest.mark.slow
def test_the_scores_command_as_a_process_hides_both_small_groups(db: Path, secrets: Secrets) -> None:
    """`python -m smm_maturity scores --by department --json` leaves the 4- and the 5-group empty."""
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
    assert [] == leaks(result.stdout, secrets)
    groups = json.loads(result.stdout)
    assert_no_residual_leak(groups)
    assert [None, *DEPARTMENTS] == [group["department"] for group in groups]
    empty = {code: {"mean": None, "stage": None} for code in CODES}
    for group in groups:
        hidden = group["department"] in HIDDEN[NEW]
        assert hidden == group["suppressed"]
        assert hidden == ("n" not in group)
        if hidden:
            assert (None, None, None, empty) == (
                group["mean"],
                group["index"],
                group["stage"],
                group["dimensions"],
            )


@pytest.mark.parametrize("wave", WAVES)
def test_the_scores_command_leaks_nothing(
    db: Path, secrets: Secrets, capsys: pytest.CaptureFixture[str], wave: str
) -> None:
    """`scores` as JSON and as text, with and without departments, shows no figure of a hidden group."""
    data = run_cli(capsys, "--db", str(db), "scores", "--wave", wave, "--by", "department", "--json")
    text = run_cli(capsys, "--db", str(db), "scores", "--wave", wave, "--by", "department")
    total = run_cli(capsys, "--db", str(db), "scores", "--wave", wave)
    assert [] == leaks(data, secrets) + leaks(text, secrets) + leaks(total, secrets)
    assert_no_residual_leak(json.loads(data))
    lines = {line.split()[0]: line for line in text.splitlines()[2:]}
    reason = cli.hidden_reason(MIN_SIZE)
    assert {name for name, line in lines.items() if reason in line} == set(HIDDEN[wave])
    assert all(line.split() == [name, *reason.split()] for name, line in lines.items() if reason in line)


def read_export(path: Path, lang: str) -> pd.DataFrame:
    """An exported CSV or XLSX file as a frame of texts and numbers."""
    if path.suffix == ".csv":
        german = lang == "de"
        return pd.read_csv(
            path, sep=";" if german else ",", decimal="," if german else ".", encoding="utf-8-sig"
        )
    return pd.read_excel(path, engine="calamine")


EXPORT_COLUMNS = [
    "wave",
    "group",
    "code",
    "dimension",
    "n",
    "mean",
    "stage",
    "stage_name",
    "index",
    "hidden",
    "reason",
]


def export_groups(frame: pd.DataFrame, lang: str) -> list[dict]:
    """The exported rows as groups of dimension means with their n, the organisation as department None."""
    frame = frame.set_axis(EXPORT_COLUMNS, axis=1)
    groups = []
    for name, rows in frame[frame["code"].notna()].groupby("group"):
        cells = rows.set_index("code")
        groups.append(
            {
                "department": None if name == t("organisation", lang) else name,
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
        if suffix == ".xlsx":
            rows = openpyxl.load_workbook(out).active.iter_rows(values_only=True)
            raw = "\n".join("\t".join(str(cell) for cell in row) for row in rows)
        else:
            raw = out.read_text(encoding="utf-8-sig").replace(";" if lang == "de" else ",", "\t")
        frame = read_export(out, lang)
        assert [] == leaks(raw, secrets) + leaks(frame_text(frame), secrets)
        assert_no_residual_leak(export_groups(frame, lang))
        hidden = frame.set_axis(EXPORT_COLUMNS, axis=1).query("group in @HIDDEN[@wave]")
        assert 2 * (len(CODES) + 1) == len(hidden)
        assert hidden[["n", "mean", "stage", "stage_name", "index"]].isna().all().all()


def html_text(page: str) -> str:
    """An HTML report's text with each figure as `figure_text`, without Plotly's JavaScript and the styles."""
    assert PLOTLY_JS in page and exports.html.report_css() in page
    page = page.replace(PLOTLY_JS, "").replace(exports.html.report_css(), "")
    decoder = json.JSONDecoder()
    parts, position = [], 0
    for match in re.finditer(r'Plotly\.newPlot\(\s*"[^"]*",\s*', page):
        data, end = decoder.raw_decode(page, match.end())
        layout, end = decoder.raw_decode(page, re.compile(r",\s*").match(page, end).end())
        parts += [page[position : match.start()], figure_text({"data": data, "layout": layout})]
        position = end
    assert position, "the report has no figures"
    return "".join([*parts, page[position:]])


def pptx_text(content: bytes) -> str:
    """Every text of a PPTX: text boxes, table cells, chart categories and values, and speaker notes."""
    parts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += ["\t".join(cell.text for cell in row.cells) for row in shape.table.rows]
            if shape.has_chart:
                plot = shape.chart.plots[0]
                parts.append("\t".join(plot.categories))
                parts += ["\t".join(f"{value}" for value in series.values) for series in plot.series]
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
        assert [] == leaks(html_text(page.read_text(encoding="utf-8")), secrets) + leaks(text, secrets)
        assert all(name in text for name in SHOWN[wave])


# ------------------------------------------------------------------------------------------ package


@pytest.fixture
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the private copy of the database."""
    connection = store.connect(db)
    yield connection
    connection.close()


@pytest.mark.parametrize("wave", WAVES)
def test_the_scoring_layer_hides_exactly_the_designed_groups(
    con: duckdb.DuckDBPyConnection, wave: str
) -> None:
    """The small groups are hidden, with the next-smallest where only one is small; nothing of them is kept."""
    scores = scoring.wave_scores(con, wave)
    assert set(HIDDEN[wave]) == {group.group for group in scores.hidden_departments}
    for name in HIDDEN[wave]:
        group = scores.department(name)
        assert (None, None, None) == (group.mean, group.index, group.stage)
        assert all(cell.hidden and cell.mean is None for cell in group.dimensions.values())


def test_the_scoring_functions_leak_nothing(con: duckdb.DuckDBPyConnection, secrets: Secrets) -> None:
    """Scores, item shares, facets, collaboration, silos, comments, trends and reliability of every group."""
    texts, groups = [], []
    for wave in WAVES:
        scores = scoring.wave_scores(con, wave)
        texts.append(repr(scores))
        groups.append(
            [
                {
                    "department": None if group.is_organisation else group.group,
                    "dimensions": {
                        code: {"n": cell.n, "mean": cell.mean} for code, cell in group.dimensions.items()
                    },
                }
                for group in [scores.organisation, *scores.departments]
            ]
        )
        for name in [None, *DEPARTMENTS]:
            texts.append(frame_text(scoring.item_distribution(con, wave, name)))
            texts += [repr(scoring.facet_scores(con, wave, dimension, name)) for dimension in ("KOM", "TRA")]
            if name is not None:
                texts.append(repr(scoring.comments(con, wave, name)))
        cells = scoring.collaboration_cells(con, wave)
        texts.append(repr(cells) + repr(scoring.silo_scores(cells)) + repr(scoring.reliability(con, wave)))
    texts += [repr(scoring.trend(con, list(WAVES), name)) for name in [None, *DEPARTMENTS]]
    assert [] == leaks("\n".join(texts), secrets)
    for wave_groups in groups:
        assert_no_residual_leak(wave_groups)


@pytest.mark.parametrize("wave", WAVES)
def test_the_scoring_functions_hide_each_hidden_group(con: duckdb.DuckDBPyConnection, wave: str) -> None:
    """Item shares, facets, comments and trend points of a hidden group are empty; its ratings are hidden."""
    for name in HIDDEN[wave]:
        assert scoring.item_distribution(con, wave, name).empty
        for dimension in ("KOM", "TRA"):
            assert all(cell.hidden for cell in scoring.facet_scores(con, wave, dimension, name).values())
        assert [] == scoring.comments(con, wave, name)
        points = [p for p in scoring.trend(con, list(WAVES), name) if p.wave == wave]
        assert [(True, None)] * len(CODES) == [(point.hidden, point.mean) for point in points]
    cells = scoring.collaboration_cells(con, wave)
    assert SHOWN_CELLS[wave] == {(cell.rater, cell.target) for cell in cells if not cell.hidden}
    assert all(cell.mean is None and cell.raters == 0 for cell in cells if cell.hidden)


@pytest.mark.parametrize("wave", WAVES)
def test_comments_appear_only_in_the_organisation_list_without_departments(
    con: duckdb.DuckDBPyConnection, wave: str
) -> None:
    """No department has the 10 respondents that a list of its own needs; together they have enough commenters.

    The marker words show up in the organisation's list only because these test comments name their
    department; the list itself carries no department, no count and no order of input.
    """
    assert all([] == scoring.comments(con, wave, name) for name in DEPARTMENTS)
    expected = {
        comment_text(wave, name, number)
        for name in DEPARTMENTS
        for number in range(len(PATTERNS[PROFILES[wave, name][0]]))
    }
    organisation = scoring.comments(con, wave)
    assert (expected, len(expected)) == (set(organisation), len(organisation))
    assert list(disclosure.comment_order(organisation, wave)) == organisation
    assert sorted(organisation) != organisation


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
                texts += [insights.insight_markdown(entry, lang) for entry in [*ranked, *strongest, *weakest]]
                texts.append(insights.checklist_markdown(checklist, lang))
                if group.suppressed:
                    texts.append(insights.hidden_reason(group, scores.min_size, lang))
            texts.append(repr(scoring.participation(con, wave)))
            texts.append(frame_text(insights.participation_table(scoring.participation(con, wave), lang)))
            texts.append(repr(insights.department_options(scores)))
            silos = scoring.silo_scores(scoring.collaboration_cells(con, wave))
            texts.append(frame_text(insights.silo_table(silos, lang)))
            texts.append(
                frame_text(insights.reliability_table(scoring.reliability(con, wave), INSTRUMENT, lang))
            )
        for name in [None, *DEPARTMENTS]:
            texts.append(
                frame_text(insights.trend_table(scoring.trend(con, list(WAVES), name), INSTRUMENT, lang))
            )
    assert [] == leaks("\n".join(texts), secrets)


def slide_text(slide: slides.Slide) -> str:
    """Everything a slide says and draws: texts, metrics, sections, table, notes and figures."""
    parts = [slide.title, slide.subtitle, slide.notes, repr(slide.metrics), repr(slide.sections)]
    if slide.table is not None:
        parts.append(frame_text(slide.table))
    parts += [figure_text(json.loads(figure.to_json())) for figure in slide.figures]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_slides_and_reports_leak_nothing(
    con: duckdb.DuckDBPyConnection, secrets: Secrets, lang: str
) -> None:
    """Every slide and the aggregates of every deck, with and without an excluded department; report and PPTX."""
    for wave in WAVES:
        data = slides.load_deck_data(con, wave)
        for excluded in [frozenset(), *(frozenset({name}) for name in DEPARTMENTS)]:
            deck = slides.build_deck(data, lang, excluded=excluded, day=date(2026, 6, 1))
            texts = [slide_text(slide) for slide in deck.slides]
            shown = slides.without_departments(data, excluded).scores
            texts.append(frame_text(exports.tables.aggregates(shown, INSTRUMENT, lang)))
            assert [] == leaks("\n".join(texts), secrets), excluded
            assert not set(HIDDEN[wave]) & {slide.title for slide in deck.slides}
        deck = slides.build_deck(data, lang, day=date(2026, 6, 1))
        csv_text = exports.tables.aggregates_csv(data.scores, lang=lang).decode("utf-8-sig")
        texts = [
            html_text(exports.html.report_html(deck)),
            pptx_text(exports.pptx.deck_pptx(deck, with_images=False).content),
            frame_text(exports.tables.aggregates(data.scores, INSTRUMENT, lang)),
            frame_text(slides.heatmap_table(data.scores, INSTRUMENT, lang)),
            csv_text.replace(";" if lang == "de" else ",", "\t"),
        ]
        assert [] == leaks("\n".join(texts), secrets)


# --------------------------------------------------------------------------------------------- pages


def walk(node: object) -> Iterator[object]:
    """A block of a page and every element below it."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


@dataclass(frozen=True)
class PageOutput:
    """What a page shows: the text of every element, the Plotly figures, and the bodies Markdown renders.

    `pooled` holds the organisation's comment lists the page shows, which are left out of `text` and
    `markdown`: they are published without departments, and the test comments name theirs.
    """

    text: str
    figures: list[dict]
    markdown: list[str]
    pooled: list[str]


@pytest.fixture(scope="module")
def pooled(database: Path) -> frozenset[str]:
    """The organisation's comment lists of both waves as the pages write them: every department's comments,
    without departments, in the keyed order (no department has the 10 respondents of a list of its own)."""
    con = duckdb.connect(str(database), read_only=True)
    lists = frozenset(
        insights.comments_markdown(comments)
        for wave in WAVES
        for comments in (scoring.comments(con, wave), scoring.comment_lists(con, wave).organisation)
    )
    con.close()
    assert 2 == len(lists)
    return lists


MARKDOWN_TYPES = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "info",
    "success",
    "warning",
    "error",
)


def page_output(app: AppTest, pooled: frozenset[str] = frozenset()) -> PageOutput:
    """Collect every element's values, the figures as the browser gets them, and what Markdown renders.

    A Markdown body that is one of the `pooled` comment lists goes to `pooled` instead.
    """
    assert not app.exception, [error.message for error in app.exception]
    texts, figures, markdown, shown_pools = [], [], [], []
    for node in [*walk(app.main), *walk(app.sidebar)]:
        kind, proto = getattr(node, "type", ""), getattr(node, "proto", None)
        if kind == "markdown" and node.value in pooled:
            shown_pools.append(node.value)
        elif kind == "plotly_chart":
            figures.append(json.loads(proto.spec))
            texts.append(figure_text(figures[-1]))
        elif kind in ("dataframe", "table"):
            texts.append(frame_text(node.value))
        elif proto is not None and not hasattr(node, "children"):
            texts.append(text_format.MessageToString(proto, as_utf8=True))
        if kind in MARKDOWN_TYPES:
            markdown.append(node.value)
        elif kind == "metric":
            markdown += [node.label, node.value, node.delta or ""]
    return PageOutput("\n".join(texts), figures, markdown, shown_pools)


def open_page(script: str, lang: str, **params: str) -> AppTest:
    """Run the dashboard on one page with the given query parameters."""
    app = open_file(script)
    app.query_params["lang"] = lang
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    return app


def assert_page_leaks_nothing(
    app: AppTest, secrets: Secrets, pooled: frozenset[str] = frozenset()
) -> PageOutput:
    """Check that nothing on the page as it stands is a hidden group's figure or comment.

    A hidden group's comments may stand only in the organisation's list (`pooled`), without departments.
    """
    output = page_output(app, pooled)
    assert [] == leaks(output.text, secrets)
    return output


@pytest.mark.parametrize(
    ("script", "lang"),
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
def test_a_page_leaks_nothing_in_either_wave(
    db: Path, secrets: Secrets, pooled: frozenset[str], script: str, lang: str
) -> None:
    """The overview, silo map, method, upload, settings and questionnaire pages, in both waves.

    The overview lists the organisation's comments, without departments; no other page lists comments.
    """
    for wave in WAVES:
        output = assert_page_leaks_nothing(open_page(script, lang, wave=wave), secrets, pooled)
        assert output.text
        assert (1 if script == "pages/overview.py" else 0) == len(output.pooled)


@pytest.mark.parametrize("wave", WAVES)
def test_the_overview_greys_out_the_hidden_departments(db: Path, wave: str) -> None:
    """The heatmap's columns of the hidden groups have no stage and no text; the shown ones have both."""
    figures = page_output(open_page("pages/overview.py", "en", wave=wave)).figures
    heatmap = next(figure for figure in figures if figure["data"][0]["type"] == "heatmap")["data"][0]
    columns = {name: [row[heatmap["x"].index(name)] for row in heatmap["z"]] for name in DEPARTMENTS}
    assert set(HIDDEN[wave]) == {name for name, stages in columns.items() if stages == [0] * (len(CODES) + 1)}
    assert set(SHOWN[wave]) == {name for name, stages in columns.items() if all(stages)}


@pytest.mark.parametrize("wave", WAVES)
def test_the_silo_map_shows_only_the_ratings_that_may_be_shown(db: Path, wave: str) -> None:
    """Only ratings that neither come from a hidden group nor could reveal one carry a number."""
    output = page_output(open_page("pages/silo_map.py", "en", wave=wave))
    matrix = next(f for f in output.figures if len(f["data"]) == 2 and f["data"][1]["type"] == "heatmap")
    ratings = matrix["data"][1]
    shown = {
        (rater, target)
        for row, rater in zip(ratings["text"], ratings["y"], strict=True)
        for text, target in zip(row, ratings["x"], strict=True)
        if text not in ("", "–")
    }
    assert SHOWN_CELLS[wave] == shown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_departments_page_leaks_nothing_for_any_department(
    db: Path, secrets: Secrets, pooled: frozenset[str], lang: str
) -> None:
    """Each department chosen in the selectbox, the hidden ones included, in both waves.

    A shown department, too small for a list of its own, shows the organisation's list without departments;
    a hidden one shows no comments at all.
    """
    app = open_page("pages/departments.py", lang)
    for wave in WAVES:
        app.selectbox(key="wave_filter").select(wave).run()
        assert len(DEPARTMENTS) == len(app.selectbox(key="department_filter").options)
        for name in DEPARTMENTS:
            app.selectbox(key="department_filter").select(name).run()
            assert name == app.selectbox(key="department_filter").value
            output = assert_page_leaks_nothing(app, secrets, pooled)
            assert (name in SHOWN[wave]) == bool(output.figures) == bool(output.pooled)
            size = len(PATTERNS[PROFILES[wave, name][0]])
            comments = insights.comments_markdown([comment_text(wave, name, i) for i in range(size)])
            assert comments not in output.markdown


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_trends_page_leaks_nothing_for_any_department(db: Path, secrets: Secrets, lang: str) -> None:
    """The organisation and each shown department, whose hidden older wave stays empty; a hidden one is not offered."""
    app = open_page("pages/trends.py", lang, department="Vier")
    assert "" == app.selectbox(key="department_filter").value
    assert [t("organisation", lang), *SHOWN[NEW]] == app.selectbox(key="department_filter").options
    assert_page_leaks_nothing(app, secrets)
    for name in SHOWN[NEW]:
        app.selectbox(key="department_filter").select(name).run()
        assert name == app.selectbox(key="department_filter").value
        assert_page_leaks_nothing(app, secrets)


@pytest.mark.parametrize(("lang", "wave"), [("de", NEW), ("en", OLD)])
def test_every_slide_of_the_presentation_leaks_nothing(
    db: Path, secrets: Secrets, lang: str, wave: str
) -> None:
    """Each slide, reached through `?slide=N`, with the settings popover and its download buttons."""
    app = open_page("pages/presentation.py", lang, wave=wave, slide="1")
    total = int(app.markdown[0].value.split("/")[1])
    titles = set()
    for number in range(1, total + 1):
        app.query_params["slide"] = str(number)
        app.run()
        assert str(number) == app.query_params["slide"]
        assert_page_leaks_nothing(app, secrets)
        titles |= {title.value for title in app.title}
    assert set(SHOWN[wave]) <= titles
    assert not set(HIDDEN[wave]) & titles


def test_the_actions_page_reveals_no_stage_of_a_hidden_department(db: Path, secrets: Secrets) -> None:
    """Targets and suggestions for a hidden department show no current stage and fall back to the organisation."""
    app = open_page("pages/actions.py", "en")
    suggestion = app.text_area[0].value
    for name in HIDDEN[NEW]:
        app.selectbox(key="target_group").select(name).run()
        app.selectbox(key="new_department").select(name).run()
        assert_page_leaks_nothing(app, secrets)
        targets = next(frame.value for frame in app.dataframe if "current" in frame.value.columns)
        assert ["–"] * len(CODES) == targets["current"].tolist()
        assert suggestion == app.text_area[0].value


# ------------------------------------------------------------------------------------ hidden dimensions


@pytest.fixture
def gap_db(empty_db: Path) -> Path:
    """A wave where 2 of the 6 people of "Lücke" skip KOM, so only 4 have a KOM score; the rest answer fully."""
    con = store.connect(empty_db)
    profiles = {"Lücke": ("c", "a"), "Sechs": ("e", "h"), "Sieben": ("k", "o")}
    sizes = {"Lücke": 6, "Sechs": 6, "Sieben": 7}
    responses = []
    for name, (rest, kom) in profiles.items():
        for respondent in range(sizes[name]):
            answers = {}
            for item in INSTRUMENT.items:
                if item.dimension == "KOM" and respondent >= len(PATTERNS[kom]):
                    continue
                letter = kom if item.dimension == "KOM" else rest
                value = 4 if name == "Lücke" and item.dimension != "KOM" else PATTERNS[letter][respondent]
                answers[item.code] = 6 - value if item.reverse else value
            responses.append((name, answers, {}, ""))
    answered_survey(con, NEW, responses, k=5)
    con.close()
    return empty_db


def test_a_hidden_dimension_cannot_be_derived_from_the_overall_mean(
    gap_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A group's overall mean, index and stage leave out its hidden dimensions, which they would give away.

    KOM of "Lücke" has 4 scores and is hidden, and KOM of "Sechs" is hidden with it; each overall then is the
    mean of the 7 shown dimensions (4.0 and 25/6), not one that includes the hidden 1.25 and 4.83.
    """
    groups = {
        g["department"]: g for g in json.loads(run_cli(capsys, "scores", "--by", "department", "--json"))
    }
    for name, expected in [("Lücke", 4.0), ("Sechs", 25 / 6)]:
        group = groups[name]
        assert {"mean": None, "stage": None} == group["dimensions"]["KOM"]
        assert [name, scoring.round_mean(expected), scoring.index_for(expected)] == [
            name,
            group["mean"],
            group["index"],
        ]
    assert groups["Sieben"]["dimensions"]["KOM"]["mean"] is not None


# --------------------------------------------------------------------------------------- literal names

ODD_DEPARTMENT = "**Fett** <script>alert(1)</script>"
ODD_WAVE = "_kursiv_"
ODD_FILE = "**datei** <b>x</b>.csv"


@pytest.fixture
def odd_names_db(empty_db: Path) -> Path:
    """A database whose department, wave and file names contain Markdown and HTML."""
    con = store.connect(empty_db)
    text = department_csv(NEW, "Sechs").decode("utf-8").replace(";Sechs;", f";{ODD_DEPARTMENT};")
    for data, name in [(text.encode("utf-8"), ODD_FILE), (department_csv(NEW, "Sieben"), "sieben.csv")]:
        batch = ingest.read_upload(data, name)
        assert () == batch.errors
        store.store_batch(con, batch, ODD_WAVE)
    con.close()
    return empty_db


def assert_shown_literally(output: PageOutput) -> None:
    """No Markdown body holds a name's bold, italics or script unescaped."""
    for body in output.markdown:
        assert "<script>" not in body and "**Fett**" not in body and "_kursiv_" not in body, body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_names_with_markdown_and_html_are_shown_literally(odd_names_db: Path, lang: str) -> None:
    """On the overview, the departments page and the upload list, names appear as typed and are never rendered."""
    overview = open_page("pages/overview.py", lang)
    assert ODD_WAVE == overview.selectbox(key="wave_filter").value
    output = page_output(overview)
    assert_shown_literally(output)
    heatmap = next(figure for figure in output.figures if figure["data"][0]["type"] == "heatmap")
    assert "**Fett** &lt;script&gt;alert(1)&lt;/script&gt;" in heatmap["data"][0]["x"]

    departments = open_page("pages/departments.py", lang, department=ODD_DEPARTMENT)
    assert ODD_DEPARTMENT == departments.selectbox(key="department_filter").value
    assert ODD_WAVE == departments.selectbox(key="wave_filter").value
    output = page_output(departments)
    assert_shown_literally(output)
    assert output.figures
    assert "<script>" not in json.dumps(output.figures)

    upload = open_page("pages/upload.py", lang)
    assert_shown_literally(page_output(upload))
    uploads = upload.dataframe[0].value
    assert [ODD_FILE, ODD_WAVE, ODD_DEPARTMENT] in uploads.iloc[:, 1:4].to_numpy().tolist()
