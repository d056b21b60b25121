"""Every channel publishes only what the disclosure layer lets through: CLI, figures, report, deck, CSV and XLSX.

Hypothesis draws organisations (2 to 8 departments of 1 to 12 people, missing answers, collaboration ratings,
comments) into a throwaway DuckDB, and each channel is read back as a user gets it: the JSON of `scores`, the
figures of the overview, departments, silo map and trend screens as the browser receives them, the figures
embedded in the HTML report, the texts and tables of the PPTX deck, and the CSV and XLSX aggregates. On each:

1. every number has at most its display precision (means and intervals 2 decimals, index 1, shares whole
   percent, p-values 3);
2. no hidden cell shows a value or an n, and no hidden group a count;
3. the residual rule holds on the numbers read back from that channel: the organisation's n minus the n of
   the shown departments is 0 or at least k, per dimension, and likewise per item and collaboration column.
"""

from __future__ import annotations

import io
import json
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest
from app_harness import screen
from disclosure_data import DONT_KNOW, INSTRUMENT, database, department_rows, respondent
from figure_data import figures
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from streamlit.testing.v1 import AppTest
from test_disclosure_properties import Shape, raters, wave_rows

from smm_maturity import charts, cli, disclosure, exports, insights, scoring, slides, store
from smm_maturity.i18n import t

WAVES = ("W1", "W2")
CODES = INSTRUMENT.dimension_codes
EXPORT_COLUMNS = ["wave", "group", "code", "dimension", "n", "mean", "stage", "stage_name", "index"]
STYLE_KEYS = frozenset({"colorscale"})
"""Trace properties that style a figure rather than carry a figure's numbers (a colour scale's stops)."""
HALF_STEP_KEYS = frozenset({"base"})
"""Where a Likert segment starts: half a published share, so a multiple of half a percent."""
DECIMAL = re.compile(r"(?<![\d.,])(p [=<] )?(\d+)[.,](\d+)(?![.,]?\d)")
"""A decimal number in a text (point or comma), with the "p = " of a p-value when it has one; no dates."""
N_TEXT = re.compile(r"\bn = (\d+)")
RATERS_TEXT = re.compile(r"(?:Raters|Bewertende): (\d+)")

CHECKED: Counter[str] = Counter()
"""What the property test looked at, over all its examples."""


organisations = st.builds(
    Shape,
    sizes=st.lists(st.integers(1, 12), min_size=2, max_size=8).map(tuple),
    seed=st.integers(0, 2**32 - 1),
    missing=st.sampled_from([0.0, 0.1, 0.3]),
    dont_know=st.sampled_from([0.0, 0.05, 0.2]),
    skip_dimension=st.sampled_from([0.0, 0.15, 0.4]),
    rating=st.sampled_from([0.0, 0.5, 1.0]),
    comment=st.sampled_from([0.0, 0.5, 0.9]),
    unique_comments=st.booleans(),
    k=st.sampled_from([3, 5]),
)


# ------------------------------------------------------------------------------------------ precision


def assert_text_precision(text: str, what: object, p_column: bool = False) -> None:
    """Every decimal number in a text has at most two decimals, a p-value ("p = 0.012") at most three.

    With `p_column`, a number from 0 to 1 may have three decimals too: the trend table's p column has no "p = ".
    """
    for match in DECIMAL.finditer(text):
        CHECKED["numbers in texts"] += 1
        p_value = match.group(1) or (p_column and match.group(2) in ("0", "1"))
        places = disclosure.P_VALUE_PLACES if p_value else disclosure.MEAN_PLACES
        assert len(match.group(3)) <= places, (what, text[max(match.start() - 80, 0) : match.end() + 20])


def assert_number_precision(value: float, places: int, what: object) -> None:
    CHECKED["numbers in figure data"] += 1
    assert disclosure.is_rounded(float(value), places), (what, value)


def assert_data_precision(value: object, what: tuple = ()) -> None:
    """Every number and text anywhere in a figure's traces: x, y, z, r, customdata, text, error bars."""
    key = what[-1] if what else None
    if key in STYLE_KEYS or isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float):
        if key in HALF_STEP_KEYS:
            assert_number_precision(2 * value, disclosure.SHARE_PLACES, what)
        else:
            assert_number_precision(value, disclosure.MEAN_PLACES, what)
    elif isinstance(value, str):
        assert_text_precision(value, what)
    elif isinstance(value, dict):
        for name, item in value.items():
            assert_data_precision(item, (*what, name))
    elif isinstance(value, list):
        for item in value:
            assert_data_precision(item, what)


def check_figure(figure: Mapping) -> None:
    """A figure as the browser gets it: its data at display precision, its layout's texts too."""
    CHECKED["figures"] += 1
    for index, data in enumerate(figure["data"]):
        assert_data_precision(data, (figure["layout"]["title"]["text"][:40], index))
    for note in figure["layout"].get("annotations", []):
        assert_text_precision(note.get("text", ""), "note")


# ------------------------------------------------------------------------------------- the residual rule


def assert_residual(parent: int, shown: Iterable[int], k: int, what: object) -> None:
    """The parent minus its shown children is nobody or at least k (a parent below k shows no child)."""
    shown = [n for n in shown if n]
    CHECKED["residuals"] += 1
    rest = parent - sum(shown)
    assert rest == 0 or rest >= k or not shown, (what, parent, shown)


def assert_groups_residual(groups: Mapping[str | None, Mapping[str, int | None]], k: int, what: str) -> None:
    """Per dimension, from {group (None: organisation): {dimension: n, or None when not shown}}."""
    organisation = groups.get(None)
    if organisation is None:
        assert not any(n for name, cells in groups.items() for n in cells.values() if n), what
        return
    for code in CODES:
        if organisation.get(code):
            shown = [cells.get(code) or 0 for name, cells in groups.items() if name is not None]
            assert_residual(organisation[code], shown, k, (what, code))
        else:
            assert not any(cells.get(code) for cells in groups.values()), (what, code)


# ------------------------------------------------------------------------------------------- the truth


@dataclass(frozen=True)
class Published:
    """What `scoring` publishes for one wave, against which the channels are read."""

    scores: scoring.WaveScores
    k: int
    rows: Sequence[Mapping[str, object]]

    @property
    def hidden_groups(self) -> set[str]:
        return {group.group for group in self.scores.hidden_departments}

    def hidden_cell(self, group: str | None, code: str) -> bool:
        found = self.scores.organisation if group is None else self.scores.department(group)
        return found is None or found.dimensions[code].hidden

    def people(self, group: str) -> int:
        """The respondents a department really has: never to be shown for a hidden one."""
        return sum(row["department"] == group for row in self.rows)


def cells_of(groups: Iterable[scoring.GroupScore]) -> dict[str | None, dict[str, int | None]]:
    return {
        None if group.is_organisation else group.group: {
            code: None if cell.hidden or cell.mean is None else cell.n
            for code, cell in group.dimensions.items()
        }
        for group in groups
    }


# ---------------------------------------------------------------------------------------------- the CLI


def check_cli(db: Path, truth: Published, capsys: pytest.CaptureFixture[str]) -> None:
    """`scores --by department --json`, run in this process."""
    capsys.readouterr()
    assert 0 == cli.main(
        ["--db", str(db), "scores", "--wave", truth.scores.wave, "--by", "department", "--json"]
        + ["--min-group", str(truth.k)]
    )
    groups = json.loads(capsys.readouterr().out)
    CHECKED["CLI groups"] += len(groups)
    read: dict[str | None, dict[str, int | None]] = {}
    for group in groups:
        name = group["department"]
        hidden = truth.scores.organisation.suppressed if name is None else name in truth.hidden_groups
        assert hidden == group["suppressed"] == ("n" not in group), group
        for value in (group["mean"], *(cell["mean"] for cell in group["dimensions"].values())):
            assert value is None or disclosure.is_rounded(value, disclosure.MEAN_PLACES), group
        assert group["index"] is None or disclosure.is_rounded(group["index"], disclosure.INDEX_PLACES)
        for code, cell in group["dimensions"].items():
            CHECKED["CLI cells"] += 1
            if truth.hidden_cell(name, code):
                assert {"mean": None, "stage": None} == cell, (name, code)
        if group["suppressed"]:
            continue
        read[name] = {
            code: cell["n"] if cell["mean"] is not None else None
            for code, cell in group["dimensions"].items()
        }
    assert_groups_residual(read, truth.k, "CLI")


# ------------------------------------------------------------------------------------------- figures


def spec(figure: object) -> dict:
    return json.loads(figure.to_json())


def heatmap_cells(heatmap: Mapping, truth: Published) -> dict[str | None, dict[str, int | None]]:
    """The n of each shown cell of the overview's heatmap, read from its hover texts."""
    labels = [charts.theme.visible_text(label) for label in heatmap["x"]]
    groups = [None if index == 0 else truth_name(label) for index, label in enumerate(labels)]
    read: dict[str | None, dict[str, int | None]] = {}
    for column, name in enumerate(groups):
        cells = {}
        for row, code in enumerate(CODES):
            hover = heatmap["customdata"][row][column]
            found = N_TEXT.findall(hover)
            cells[code] = int(found[0]) if found else None
            CHECKED["heatmap cells"] += 1
            if (name is None and truth.scores.organisation.suppressed) or (name in truth.hidden_groups):
                assert (0, "") == (heatmap["z"][row][column], heatmap["text"][row][column]), (name, code)
                assert not found and not re.search(r"\d", hover.replace(str(truth.k), "")), hover
            elif truth.hidden_cell(name, code):
                assert (0, "–", []) == (heatmap["z"][row][column], heatmap["text"][row][column], found)
        if name is None or name not in truth.hidden_groups:
            read[name] = cells
    if truth.scores.organisation.suppressed:
        read.pop(None)
    return read


def truth_name(label: str) -> str:
    """A department's name from its escaped label."""
    return label.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def screen_figures(
    con: duckdb.DuckDBPyConnection, truth: Published, previous: scoring.WaveScores | None, lang: str
) -> Iterator[dict]:
    """The figures of the overview, departments, silo map and trend screens, built from published numbers."""
    scores, k = truth.scores, truth.k
    heatmap = spec(charts.stage_heatmap(scores, INSTRUMENT, lang))
    assert_groups_residual(heatmap_cells(heatmap["data"][0], truth), k, "heatmap")
    yield heatmap
    if scores.organisation.suppressed:
        return
    yield spec(charts.organisation_radar(scores, INSTRUMENT, lang))
    detail = scoring.wave_detail(con, scores.wave, k)
    item_n: dict[str | None, dict[str, int]] = {}
    for group in scores.visible_departments:
        yield spec(charts.stage_profile(group, scores.organisation, INSTRUMENT, lang))
        yield spec(charts.department_gaps(group, scores.organisation, INSTRUMENT, lang))
        for code, build in (("KOM", charts.competency_profile), ("TRA", charts.transparency_chart)):
            yield spec(
                build(
                    detail.facets[group.group, code], detail.facets[None, code], group.group, INSTRUMENT, lang
                )
            )
        item_n[group.group] = {}
        for code in CODES:
            figure = spec(charts.likert_bars(detail.items[group.group], code, INSTRUMENT, lang))
            for label, hover in zip(figure["data"][0]["y"], figure["data"][0]["customdata"], strict=True):
                item_n[group.group][label.split()[0]] = int(N_TEXT.findall(hover)[0])
            yield figure
    check_items(item_n, truth)
    cells = scoring.collaboration_cells(con, scores.wave, k)
    silos = scoring.silo_scores(cells)
    if silos:
        matrix = spec(charts.silo_matrix(cells, silos, INSTRUMENT, k, lang))
        check_matrix(matrix["data"][1], truth)
        yield matrix
        yield spec(charts.silo_network(cells, silos, INSTRUMENT, lang))
        yield spec(charts.gives_receives(silos, INSTRUMENT, lang))
    shown_waves = list(WAVES[: WAVES.index(scores.wave) + 1])
    for name in [None, *(group.group for group in scores.visible_departments)]:
        points = scoring.trend(con, shown_waves, name, k)
        yield spec(charts.trend_lines(points, INSTRUMENT, lang, name or t("organisation", lang)))


def check_items(item_n: Mapping[str, Mapping[str, int]], truth: Published) -> None:
    """Per item, everyone who answered it minus the shown departments' n read from the Likert hovers."""
    answered = Counter(
        code for row in truth.rows for code in INSTRUMENT.item_codes if isinstance(row.get(code), int)
    )
    for code, total in answered.items():
        assert_residual(total, [items.get(code, 0) for items in item_n.values()], truth.k, code)
    for name, items in item_n.items():
        CHECKED["Likert bars"] += len(items)
        for code in items:
            assert not truth.hidden_cell(name, INSTRUMENT.item(code).dimension), (name, code)


def check_matrix(ratings: Mapping, truth: Published) -> None:
    """Per rated department, everyone who rated it minus the raters of the shown cells read from the hovers."""
    targets = [truth_name(label) for label in ratings["x"]]
    raters_by_target: dict[str, list[int]] = {target: [] for target in targets}
    for row in ratings["customdata"]:
        for target, hover in zip(targets, row, strict=True):
            CHECKED["matrix cells"] += 1
            found = RATERS_TEXT.findall(hover)
            raters_by_target[target] += [int(n) for n in found]
    for target, column in raters(truth.rows).items():
        others = sum(n for rater, n in column.items() if rater != target)
        assert_residual(others, raters_by_target.get(target, []), truth.k, ("raters of", target))


# ------------------------------------------------------------------------------------- report and deck


def report_figures(page: str) -> list[dict]:
    """The figures embedded in the HTML report, as Plotly draws them."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r'Plotly\.newPlot\(\s*"[^"]*",\s*', page):
        data, end = decoder.raw_decode(page, match.end())
        layout, _ = decoder.raw_decode(page, re.compile(r",\s*").match(page, end).end())
        found.append({"data": data, "layout": layout})
    return found


def report_text(page: str) -> str:
    """The report without styles, scripts and figures: what it says in words and tables."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.S)


def check_report(deck: slides.Deck, truth: Published) -> None:
    page = exports.html.report_html(deck)
    figures = report_figures(page)
    assert figures or truth.scores.organisation.suppressed
    for figure in figures:
        check_figure(figure)
        first = figure["data"][0]
        if first["type"] == "heatmap" and "customdata" in first and len(first["y"]) == len(CODES) + 1:
            assert_groups_residual(heatmap_cells(first, truth), truth.k, "report heatmap")
    assert_text_precision(report_text(page), "report", p_column=True)


def pptx_tables(content: bytes) -> Iterator[tuple[str, list[list[str]]]]:
    """Each table of a PPTX with the title of its slide."""
    for slide in Presentation(io.BytesIO(content)).slides:
        frames = [shape.text_frame for shape in slide.shapes if shape.has_text_frame]
        title = frames[0].paragraphs[0].text if frames else ""
        for shape in slide.shapes:
            if shape.has_table:
                yield title, [[cell.text for cell in row.cells] for row in shape.table.rows]


def pptx_text(content: bytes) -> str:
    parts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        for chart in (shape.chart for shape in slide.shapes if shape.has_chart):
            CHECKED["deck charts"] += 1
            for value in (v for series in chart.plots[0].series for v in series.values if v is not None):
                assert_number_precision(value, disclosure.MEAN_PLACES, "deck chart")
        parts += [
            "\t".join(cell.text for cell in row.cells)
            for s in slide.shapes
            if s.has_table
            for row in s.table.rows
        ]
        parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def check_deck(deck: slides.Deck, truth: Published, lang: str) -> None:
    """The PPTX: every text at display precision; hidden groups without a count; the residual per dimension."""
    content = exports.pptx.deck_pptx(deck, with_images=False).content
    assert_text_precision(pptx_text(content), "deck", p_column=True)
    dimensions = {INSTRUMENT.dimension(code).name(lang): code for code in CODES}
    read: dict[str | None, dict[str, int | None]] = {}
    for title, rows in pptx_tables(content):
        CHECKED["deck tables"] += 1
        header = rows[0]
        if title == t("deck.heatmap.title", lang):
            for column, name in enumerate(header):
                if name in truth.hidden_groups:
                    cells = [row[column] for row in rows[1:]]
                    assert {"–"} == set(cells), (name, cells)
        elif "n" in header and header[0] == t("method.col.dimension", lang):
            group = None if title == t("deck.standing.title", lang) else title
            assert group is None or group not in truth.hidden_groups, title
            column = header.index("n")
            read[group] = {
                dimensions[row[0]]: None if row[column] == "–" else int(row[column]) for row in rows[1:]
            }
            for code, n in read[group].items():
                assert (n is None) >= truth.hidden_cell(group, code), (title, code)
    if read:
        assert_groups_residual(read, truth.k, "deck")


# -------------------------------------------------------------------------------------------- exports


def check_aggregates(frame: pd.DataFrame, truth: Published, lang: str, what: str) -> None:
    """CSV or XLSX rows: hidden cells and groups without n and value, numbers at display precision."""
    frame = frame.set_axis([*EXPORT_COLUMNS, "hidden", "reason"], axis=1)
    organisation = t("organisation", lang)
    read: dict[str | None, dict[str, int | None]] = {}
    for row in frame.to_dict("records"):
        CHECKED[f"{what} rows"] += 1
        name = None if row["group"] == organisation else row["group"]
        for column, places in (("mean", disclosure.MEAN_PLACES), ("index", disclosure.INDEX_PLACES)):
            if not pd.isna(row[column]):
                assert disclosure.is_rounded(float(row[column]), places), (what, row)
        if not pd.isna(row["n"]):
            assert float(row["n"]).is_integer()
        code = row["code"]
        if pd.isna(code) or code == "":
            continue
        hidden = (name in truth.hidden_groups) or truth.hidden_cell(name, code)
        if hidden:
            assert all(pd.isna(row[column]) for column in ("n", "mean", "stage", "index")), (what, row)
            assert t(disclosure.HIDDEN_REASON, lang, k=truth.k) == row["reason"], (what, row)
        elif name is None and truth.scores.organisation.suppressed:
            continue
        else:
            read.setdefault(name, {})[code] = None if pd.isna(row["mean"]) else int(row["n"])
    assert_groups_residual(read, truth.k, what)


def check_exports(deck: slides.Deck, truth: Published, lang: str) -> None:
    csv = exports.tables.aggregates_csv(deck.scores, INSTRUMENT, lang)
    german = lang == "de"
    frame = pd.read_csv(
        io.BytesIO(csv), sep=";" if german else ",", decimal="," if german else ".", encoding="utf-8-sig"
    )
    assert_text_precision(csv.decode("utf-8-sig").replace(";" if german else ",", "\t"), "CSV")
    check_aggregates(frame, truth, lang, "CSV")
    workbook = openpyxl.load_workbook(
        io.BytesIO(exports.tables.aggregates_xlsx(deck.scores, INSTRUMENT, lang))
    )
    values = list(workbook.active.iter_rows(values_only=True))
    for row in values[1:]:
        for value in row:
            if isinstance(value, float):
                assert_number_precision(value, disclosure.MEAN_PLACES, "XLSX")
    check_aggregates(pd.DataFrame(values[1:], columns=values[0]), truth, lang, "XLSX")


# ---------------------------------------------------------------------------------------------- tests


def check_wave(
    con: duckdb.DuckDBPyConnection,
    db: Path,
    truth: Published,
    previous: scoring.WaveScores | None,
    lang: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for figure in screen_figures(con, truth, previous, lang):
        check_figure(figure)
    people = scoring.participation(con, truth.scores.wave, truth.k)
    table = insights.participation_table(people, lang)
    for row in people.departments:
        if row.hidden:
            shown = table[table.iloc[:, 0] == row.group].iloc[0].tolist()
            assert [row.group, charts.hidden_label(lang), "–", "–"] == shown, shown
    data = slides.load_deck_data(con, truth.scores.wave, truth.k)
    deck = slides.build_deck(data, lang, day=date(2026, 6, 1))
    check_report(deck, truth)
    check_deck(deck, truth, lang)
    check_exports(deck, truth, lang)
    con.close()
    check_cli(db, truth, capsys)


@pytest.mark.slow
def test_every_channel_publishes_only_what_the_layer_lets_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMM_MIN_GROUP", "3")
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-browser"))
    CHECKED.clear()

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(shape=organisations, lang=st.sampled_from(["de", "en"]))
    def channels(shape: Shape, lang: str) -> None:
        """Two waves, for the trends and the change since the previous wave; the newer is read everywhere."""
        CHECKED["organisations"] += 1
        waves = {wave: wave_rows(shape, number) for number, wave in enumerate(WAVES)}
        db = tmp_path / f"{uuid.uuid4().hex}.duckdb"
        con = database(db, waves)
        previous, latest = (scoring.wave_scores(con, wave, shape.k) for wave in WAVES)
        check_wave(con, db, Published(latest, shape.k, waves[WAVES[-1]]), previous, lang, capsys)

    channels()
    with capsys.disabled():
        print("\nchecked per run:", dict(sorted(CHECKED.items())))
    assert CHECKED["figures"] > 100 and CHECKED["residuals"] > 100


# ------------------------------------------------------------------------------- the attacks, on screen
#
# The attacks of tests/test_disclosure.py, read where a user meets them: the figures a page sends to the
# browser, the departments page, and the command line's JSON.


def open_page(key: str, **params: str) -> AppTest:
    """Run the dashboard on one screen with the given query parameters."""
    app = screen(key)
    app.query_params["lang"] = params.pop("lang", "en")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [error.message for error in app.exception]
    return app


def main_text(app: AppTest) -> str:
    """Every text of the main area: Markdown, captions, alerts, metrics, tables."""
    parts = [
        element.value
        for kind in ("markdown", "caption", "info", "warning", "title")
        for element in app.get(kind)
    ]
    parts += [f"{metric.label} {metric.value} {metric.delta or ''}" for metric in app.metric]
    parts += [frame.value.to_csv() for frame in app.dataframe]
    return "\n".join(str(part) for part in parts)


@pytest.fixture
def thirds_db(empty_db: Path) -> Path:
    """Two waves in which every mean, interval and rating has endless decimals: sevenths, ninths, thirteenths.

    A, 7 people: six answer 3 and one 4 (mean 22/7 = 3.142857…); B, 9 people: 22/9 = 2.444…; the organisation
    of 16 in between. They rate each other in sevenths and ninths.
    """
    rows = []
    for wave, shift in (("W1", 0), ("W2", 1)):
        wave_rows_ = [
            *department_rows("A", 6, 3, **{"collab:B": 4}),
            respondent("A-x", "A", 4, **{"collab:B": 2 + shift}),
            *department_rows("B", 7, 2, **{"collab:A": 3}),
            *(respondent(f"B-x{n}", "B", 5, **{"collab:A": 5 - shift}) for n in range(2)),
        ]
        rows.append((wave, [dict(row, respondent_id=f"{wave}-{row['respondent_id']}") for row in wave_rows_]))
    database(empty_db, dict(rows)).close()
    return empty_db


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(
    ("key", "params"),
    [
        ("overview", {}),
        ("departments", {"department": "A"}),
        ("silo_map", {}),
        ("trends", {"department": "A"}),
    ],
)
def test_no_page_sends_a_raw_float_in_its_figure_data(
    thirds_db: Path, key: str, params: dict[str, str], lang: str
) -> None:
    """Error bars, radar gaps, network edges, Likert segments: every number at its display precision."""
    app = open_page(key, lang=lang, **params)
    shown = figures(app)
    assert shown
    for figure in shown:
        check_figure(figure)
        text = json.dumps([{k: v for k, v in data.items() if k not in STYLE_KEYS} for data in figure["data"]])
        assert not re.search(r"\d[.,]\d{4,}", text), re.search(r".{40}\d[.,]\d{4,}.{10}", text)


@pytest.fixture
def attacked_db(empty_db: Path) -> Path:
    """Recht has one person; an attacker adds a one-person department "Attrappe" with known answers."""
    rows = [
        *department_rows("Vertrieb", 10, 3),
        *department_rows("Technik", 10, 4),
        *department_rows("Recht", 1, 1),
        *department_rows("Attrappe", 1, 5),
    ]
    database(empty_db, {"W": rows}).close()
    return empty_db


def test_an_added_one_person_department_singles_out_nobody_on_the_overview(attacked_db: Path) -> None:
    """The heatmap the browser gets: the organisation minus the shown Vertrieb is 12 people in every dimension."""
    heatmap = next(f for f in figures(open_page("overview")) if f["data"][0]["type"] == "heatmap")["data"][0]
    columns = [charts.theme.visible_text(label) for label in heatmap["x"]]
    assert ["Whole organisation", "Vertrieb", "Attrappe", "Recht", "Technik"] == columns
    n = [[N_TEXT.findall(hover) for hover in row] for row in heatmap["customdata"][: len(CODES)]]
    assert [[["22"], ["10"], [], [], []]] * len(CODES) == n
    hidden = {heatmap["customdata"][row][column] for row in range(len(CODES)) for column in (2, 3, 4)}
    reason = charts.theme.hidden_hover(5, "en")
    assert {f"<b>{name}</b><br>{reason}" for name in ("Attrappe", "Recht", "Technik")} == hidden


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_departments_page_prints_no_count_of_a_hidden_department(attacked_db: Path, lang: str) -> None:
    """Recht (1), Attrappe (1) and Technik (10, hidden with them) read alike: the one reason, and no number."""
    texts = {}
    for name in ("Recht", "Attrappe", "Technik"):
        app = open_page("departments", lang=lang, department=name)
        assert name == app.selectbox(key="department_filter").value
        assert ([], [], []) == (figures(app), list(app.dataframe), list(app.metric))
        texts[name] = [info.value for info in app.info]
        assert {"5"} >= set(re.findall(r"\d+", main_text(app))), main_text(app)
    assert {name: [t(disclosure.HIDDEN_REASON, lang, k=5)] for name in texts} == texts


def test_the_scores_json_prints_no_count_of_a_hidden_group(
    attacked_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No `n` key for a hidden group or cell; the shown ones leave 12 people, more than k, unaccounted for."""
    assert 0 == cli.main(["--db", str(attacked_db), "scores", "--by", "department", "--json"])
    groups = {group["department"]: group for group in json.loads(capsys.readouterr().out)}
    assert {None: 22, "Vertrieb": 10} == {name: group["n"] for name, group in groups.items() if "n" in group}
    for name in ("Attrappe", "Recht", "Technik"):
        assert {"wave", "department", "suppressed", "reason", "mean", "index", "stage", "dimensions"} == set(
            groups[name]
        )
        assert {"mean", "stage"} == {key for cell in groups[name]["dimensions"].values() for key in cell}
    read = {
        name: {code: cell.get("n") for code, cell in group["dimensions"].items()}
        for name, group in groups.items()
    }
    assert_groups_residual(read, 5, "attack")
    assert {12} == {
        groups[None]["dimensions"][code]["n"] - groups["Vertrieb"]["dimensions"][code]["n"] for code in CODES
    }


def test_the_facet_of_one_person_is_not_drawn_for_its_department_or_the_one_hidden_with_it(
    empty_db: Path,
) -> None:
    """C's internal transparency has n = 1: C's and B's transparency bars and items are hidden on their pages."""
    external_only = {item: DONT_KNOW for item in ("TRA1", "TRA2", "TRA3")}
    rows = [
        *department_rows("A", 7, 4),
        *department_rows("B", 6, 3),
        respondent("C-0", "C", 1),
        *(respondent(f"C-{n}", "C", 2, **external_only) for n in range(1, 6)),
    ]
    database(empty_db, {"W": rows}).close()
    bars = {}
    for name in ("A", "B", "C"):
        shown = figures(open_page("departments", department=name))
        transparency = next(f for f in shown if f["data"][0].get("y") == ["internal", "external"])
        bars[name] = transparency["data"][0]["x"]
        likert = [
            f for f in shown if "Transparency" in f["layout"]["title"]["text"] and "base" in f["data"][0]
        ]
        assert (name == "A") == bool(likert and likert[-1]["data"][0]["y"]), name
    assert (2, [None, None], [None, None]) == (len(bars["A"]), bars["B"], bars["C"])
    assert all(value is not None for value in bars["A"])


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_overview_gives_participation_per_department_without_a_hidden_count(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection, lang: str
) -> None:
    """Responses against headcount from `scoring.participation`; Recht and Finanzen say the one reason."""
    wave = store.waves(demo_con)[-1].name
    people = scoring.participation(demo_con, wave)
    app = open_page("overview", lang=lang)
    column = t("participation.col.headcount", lang)
    table = next(frame.value for frame in app.dataframe if column in frame.value.columns)
    assert insights.participation_table(people, lang).to_dict("list") == table.to_dict("list")
    rows = table.set_index(table.columns[0])
    for name in ("Recht", "Finanzen"):
        assert [charts.hidden_label(lang), "–", "–"] == rows.loc[name].tolist()
    assert t(disclosure.HIDDEN_REASON, lang, k=5) in main_text(app)
    assert people.responses == scoring.wave_scores(demo_con, wave).organisation.respondents


def test_the_overview_lists_the_organisations_comments_without_departments(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection
) -> None:
    wave = store.waves(demo_con)[-1].name
    comments = scoring.comments(demo_con, wave)
    assert comments
    app = open_page("overview")
    assert insights.comments_markdown(comments) in [markdown.value for markdown in app.markdown]
    assert t("overview.comments_help", "en") in [caption.value for caption in app.caption]
