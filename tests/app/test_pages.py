"""Every dashboard page through AppTest: the demo organisation and an empty database, in German and English."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from app_harness import screen
from figure_data import figures, numbers
from streamlit.testing.v1 import AppTest
from survey_data import answered_survey

import access
from smm_maturity import auth, disclosure, insights, scoring, store
from smm_maturity.charts.theme import wrap_text
from smm_maturity.i18n import format_number, format_percent, t
from smm_maturity.instrument import load_instrument

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("de", "en")
PAGES = {
    "overview": "overview.title",
    "departments": "departments.title",
    "silo_map": "silo.title",
    "trends": "trends.title",
    "method": "method.title",
}
CHART_PAGES = [page for page in PAGES if page != "method"]
DATA_PAGES = CHART_PAGES
HIDDEN = ("Recht", "Finanzen")
INSTRUMENT = load_instrument()


def open_page(page: str, lang: str, **params: str) -> AppTest:
    """Run the dashboard on one screen of the registry with the given query parameters."""
    app = screen(page)
    app.query_params["lang"] = lang
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [error.message for error in app.exception]
    return app


def heatmap_of(shown: list[dict]) -> dict:
    """The overview's heatmap among the figures of a page."""
    return next(figure for figure in shown if figure["data"][0]["type"] == "heatmap")


def page_text(app: AppTest) -> str:
    """Every visible text of a page's elements, as one string."""
    parts = [element.value for element in app.markdown]
    parts += [element.value for element in app.title] + [element.value for element in app.subheader]
    parts += [element.value for element in app.info] + [element.value for element in app.caption]
    parts += [f"{metric.label} {metric.value}" for metric in app.metric]
    parts += [frame.value.to_csv() for frame in app.dataframe]
    parts += [table.value.to_csv() for table in app.table]
    return "\n".join(str(part) for part in parts)


@pytest.fixture(scope="module")
def latest_wave(demo_con: duckdb.DuckDBPyConnection) -> str:
    """The demo organisation's newest wave."""
    return store.waves(demo_con)[-1].name


# ------------------------------------------------------------------------------------ rendering


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_the_demo_in_both_languages(demo_db: Path, page: str, lang: str) -> None:
    app = open_page(page, lang)
    assert t(PAGES[page], lang) == app.title[0].value
    if page in CHART_PAGES:
        assert figures(app)
    assert lang == app.query_params["lang"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", DATA_PAGES)
def test_every_data_page_welcomes_an_empty_database(empty_db: Path, page: str, lang: str) -> None:
    app = open_page(page, lang)
    assert t("empty.title", lang) == app.title[0].value
    assert t("empty.load_demo", lang) == app.button(key="load_demo").label
    assert not figures(app)
    assert not app.error


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_method_page_works_on_an_empty_database(empty_db: Path, lang: str) -> None:
    app = open_page("method", lang)
    assert t("method.title", lang) == app.title[0].value
    assert t("method.reliability_empty", lang) in page_text(app)


@pytest.mark.parametrize(("role", "linked"), [("admin", True), ("team", True), ("viewer", False)])
def test_the_welcome_links_to_the_upload_for_roles_that_may_open_it(
    empty_db: Path, role: str, linked: bool
) -> None:
    app = screen("overview")
    app.secrets["passcodes"] = {role: auth.hash_passcode(f"{role}-passcode-2026")}
    app.session_state[access.ROLE_KEY] = role
    app.query_params["lang"] = "en"
    app.run()
    assert [] == [error.value for error in app.exception]
    links = [(link.proto.page, link.proto.label) for link in app.get("page_link")]
    assert ([("upload", t("empty.go_upload", "en"))] if linked else []) == links


def test_the_welcome_button_loads_the_demo_organisation(empty_db: Path) -> None:
    app = open_page("overview", "de")
    app.button(key="load_demo").click().run()
    assert not app.exception
    assert t("overview.title", "de") == app.title[0].value
    assert 4 == len(app.metric)
    assert figures(app)


# ----------------------------------------------------------------------------------------- caching


def test_results_are_read_once_per_revision_and_a_write_shows_at_once(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection, latest_wave: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[str] = []
    wave_scores = scoring.wave_scores

    def counted(con: duckdb.DuckDBPyConnection, wave: str, *args: object) -> scoring.WaveScores:
        computed.append(wave)
        return wave_scores(con, wave, *args)

    monkeypatch.setattr(scoring, "wave_scores", counted)
    app = open_page("overview", "en")
    first_run = list(computed)
    app.run()
    assert (True, first_run) == (latest_wave in first_run, computed)

    headcounts = store.headcounts(demo_con)
    headcounts["Marketing"] += 100
    con = store.connect(demo_db)
    store.set_headcount(con, "Marketing", headcounts["Marketing"])
    app.run()
    people = disclosure.participation(scoring.respondent_counts(demo_con, latest_wave), headcounts, 5)
    assert (
        first_run * 2,
        t("overview.of_headcount", "en", headcount=format_number(people.headcount, "en", 0)),
    ) == (
        computed,
        app.metric[3].delta,
    )


# ------------------------------------------------------------------------------- headline numbers


@pytest.mark.parametrize("lang", LANGUAGES)
def test_overview_headline_numbers_come_from_the_scoring_layer(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection, lang: str
) -> None:
    waves = [wave.name for wave in store.waves(demo_con)]
    scores, previous = scoring.wave_scores(demo_con, waves[-1]), scoring.wave_scores(demo_con, waves[-2])
    people = scoring.participation(demo_con, waves[-1])
    app = open_page("overview", lang)
    index, stage, responses, share = app.metric
    assert format_number(scores.organisation.index, lang, 1) == index.value
    assert (
        f"+{format_number(scores.organisation.index - previous.organisation.index, lang, 1)}" == index.delta
    )
    assert INSTRUMENT.stage(scores.organisation.stage).name(lang) == stage.value
    assert format_number(scores.organisation.respondents, lang, 0) == responses.value
    assert format_percent(people.share, lang) == share.value
    heatmap = heatmap_of(figures(app))["data"][0]
    assert [scores.organisation.dimensions[code].stage for code in INSTRUMENT.dimension_codes] == [
        row[0] for row in heatmap["z"][:-1]
    ]
    strongest, weakest = insights.strongest_and_weakest(scores.organisation, INSTRUMENT, lang)
    text = page_text(app)
    for insight in strongest + weakest:
        assert insight.next_step in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_departments_page_shows_the_scoring_layers_profile(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection, latest_wave: str, lang: str
) -> None:
    scores = scoring.wave_scores(demo_con, latest_wave)
    marketing = scores.department("Marketing")
    app = open_page("departments", lang, department="Marketing")
    assert "Marketing" == app.selectbox(key="department_filter").value
    gaps = next(figure for figure in figures(app) if figure["layout"]["xaxis"].get("tickformat") == "+.1f")
    organisation = scores.organisation
    expected = sorted(
        (
            disclosure.difference(marketing.dimensions[code].mean, organisation.dimensions[code].mean, 2)
            for code in INSTRUMENT.dimension_codes
        ),
        reverse=True,
    )
    assert expected == gaps["data"][0]["x"]
    for entry in insights.checklist(marketing, INSTRUMENT, lang):
        assert entry.next_step in page_text(app)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_departments_page_lists_the_departments_comments(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection, latest_wave: str, lang: str
) -> None:
    comments = scoring.comments(demo_con, latest_wave, "Marketing")
    assert comments
    app = open_page("departments", lang, department="Marketing")
    assert insights.comments_markdown(comments) in [markdown.value for markdown in app.markdown]
    assert t("departments.comments_help", lang) in [caption.value for caption in app.caption]


def test_a_department_without_comments_of_its_own_shows_the_organisations_list(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection, latest_wave: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With SMM_MIN_COMMENTS at 25, Marketing (11 respondents) has no list of its own: the page shows the
    comments of every department without a list of its own, without departments, and says why."""
    monkeypatch.setenv("SMM_MIN_COMMENTS", "25")
    lists = scoring.comment_lists(demo_con, latest_wave, 5, 25)
    assert ((), True) == (lists.of("Marketing"), bool(lists.organisation))
    app = open_page("departments", "en", department="Marketing")
    assert t("departments.comments_pooled", "en", comments=25) in [caption.value for caption in app.caption]
    assert insights.comments_markdown(lists.organisation) in [markdown.value for markdown in app.markdown]


def test_without_any_comment_list_the_departments_page_says_so(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection, latest_wave: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With SMM_MIN_COMMENTS at 1000, no department has a list of its own and the pool is too small."""
    monkeypatch.setenv("SMM_MIN_COMMENTS", "1000")
    app = open_page("departments", "en", department="Marketing")
    assert t("departments.comments_none", "en", comments=1000) in [caption.value for caption in app.caption]
    lists = scoring.comment_lists(demo_con, latest_wave, 5)
    shown = [markdown.value for markdown in app.markdown]
    assert lists.everything
    assert not {
        insights.comments_markdown(lists.of("Marketing")),
        insights.comments_markdown(lists.organisation),
    } & set(shown)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_trends_page_reports_the_welch_verdicts(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection, lang: str
) -> None:
    points = scoring.trend(demo_con, [wave.name for wave in store.waves(demo_con)])
    app = open_page("trends", lang)
    table = app.dataframe[0].value
    expected = insights.trend_table(points, INSTRUMENT, lang)
    assert expected.to_dict("list") == table.to_dict("list")


def test_the_silo_map_marks_the_isolated_department(demo_db: Path) -> None:
    app = open_page("silo_map", "en")
    table = app.dataframe[0].value.set_index("Department")
    assert "isolated" == table.loc["Produktion", "Verdict"]
    assert "hidden" == table.loc["Recht", "gives"]


# -------------------------------------------------------------------------------------- anonymity


def shown_values(con: duckdb.DuckDBPyConnection, wave: str) -> set[float]:
    """Every figure the scoring layer lets the pages show for a wave, at the default minimum group size."""
    scores = scoring.wave_scores(con, wave)
    groups = [scores.organisation, *scores.visible_departments]
    values: set[float] = set()
    for group in groups:
        values |= {group.mean, group.index}
        for score in group.dimensions.values():
            values |= {score.mean, score.ci_low, score.ci_high, score.sd}
        department = None if group.is_organisation else group.group
        for dimension in ("KOM", "TRA"):
            for score in scoring.facet_scores(con, wave, dimension, department).values():
                values |= {score.mean, score.ci_low, score.ci_high, score.sd}
        frame = scoring.item_distribution(con, wave, department)
        values |= set(frame.drop(columns="item_code").to_numpy().ravel().tolist())
    cells = scoring.collaboration_cells(con, wave)
    values |= {cell.mean for cell in cells}
    for silo in scoring.silo_scores(cells):
        values |= {silo.given, silo.received, silo.score}
    names = [w.name for w in store.waves(con)]
    for department in [None, *(group.group for group in scores.visible_departments)]:
        for point in scoring.trend(con, names, department):
            values |= {point.mean, point.ci_low, point.ci_high, point.change, point.p_value}
    return {round(value, 9) for value in values if value is not None}


@pytest.fixture(scope="module")
def hidden_values(demo_con: duckdb.DuckDBPyConnection, latest_wave: str) -> set[float]:
    """What the demo's hidden departments would show at the floor size of 3, minus values shown for others.

    Tiny groups give simple fractions (8/3), which a shown group can reach too; only a value that no shown
    figure explains identifies a hidden group. Published at two decimals, most of them coincide with some
    shown figure, so fewer remain than the unrounded figures left.
    """
    unprotected = scoring.wave_scores(demo_con, latest_wave, 3)
    protected = scoring.wave_scores(demo_con, latest_wave)
    secret: set[float] = set()
    for name in HIDDEN:
        assert protected.department(name).suppressed
        group = unprotected.department(name)
        secret |= {group.mean, group.index}
        for score in group.dimensions.values():
            secret |= {score.mean, score.ci_low, score.ci_high}
        for dimension in ("KOM", "TRA"):
            facets = scoring.facet_scores(demo_con, latest_wave, dimension, name, 3)
            secret |= {score.mean for score in facets.values()}
    secret |= {
        cell.mean for cell in scoring.collaboration_cells(demo_con, latest_wave, 3) if cell.rater in HIDDEN
    }
    secret = {round(value, 9) for value in secret if value is not None}
    remaining = secret - shown_values(demo_con, latest_wave)
    assert len(remaining) > 5
    return remaining


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", CHART_PAGES)
def test_hidden_departments_scores_never_reach_a_chart(
    demo_db: Path, hidden_values: set[float], page: str, lang: str
) -> None:
    app = open_page(page, lang)
    shown = {round(value, 9) for figure in figures(app) for value in numbers(figure)}
    assert set() == shown & hidden_values


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("department", HIDDEN)
def test_a_hidden_department_is_explained_not_scored(
    demo_db: Path, hidden_values: set[float], department: str, lang: str
) -> None:
    app = open_page("departments", lang, department=department)
    assert department == app.selectbox(key="department_filter").value
    assert not figures(app)
    assert not app.metric and not app.dataframe
    reason = app.info[0].value
    assert ("Mindestgröße von 5" if lang == "de" else "minimum group size of 5") in reason


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_heatmap_explains_hidden_columns_with_the_real_minimum_size(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("SMM_MIN_GROUP", "7")
    monkeypatch.delenv("SMM_MIN_COMMENTS", raising=False)
    app = open_page("overview", lang)
    heatmap = heatmap_of(figures(app))
    notes = [note["text"] for note in heatmap["layout"]["annotations"]]
    assert t("hidden.short", lang) in notes
    reason = wrap_text(t("hidden.protected", lang, k=7), 48)
    hidden = [column for column, z in enumerate(heatmap["data"][0]["z"][0]) if z == 0]
    assert hidden and all(reason in heatmap["data"][0]["customdata"][0][column] for column in hidden)
    method = open_page("method", lang)
    assert "**7**" in page_text(method)


# ----------------------------------------------------------------------------- filters and language


def test_the_wave_filter_follows_and_sets_the_query_parameter(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection
) -> None:
    first = store.waves(demo_con)[0].name
    app = open_page("overview", "de", wave=first)
    assert first == app.selectbox(key="wave_filter").value
    assert "+" not in (app.metric[0].delta or "")
    latest = store.waves(demo_con)[-1].name
    app.selectbox(key="wave_filter").select(latest).run()
    assert latest == app.query_params["wave"]


def test_an_unknown_wave_in_the_url_falls_back_to_the_newest(
    demo_db: Path, demo_con: duckdb.DuckDBPyConnection
) -> None:
    app = open_page("silo_map", "en", wave="no such wave")
    assert store.waves(demo_con)[-1].name == app.selectbox(key="wave_filter").value


def test_the_trends_page_can_show_one_department(demo_db: Path) -> None:
    app = open_page("trends", "en", department="IT")
    assert "IT" == app.selectbox(key="department_filter").value
    assert figures(app)[0]["layout"]["title"]["text"].startswith("<b>IT:")


def test_the_language_switch_changes_the_page_and_the_url(demo_db: Path) -> None:
    app = open_page("overview", "de")
    app.segmented_control(key="language_switch").set_value("en").run()
    assert not app.exception
    assert t("overview.title", "en") == app.title[0].value
    assert "en" == app.query_params["lang"]


def test_the_browser_locale_picks_the_language_when_the_url_has_none(demo_db: Path) -> None:
    app = screen("method").run()
    assert t("method.title", "de") == app.title[0].value


def test_names_from_the_data_are_shown_literally(empty_db: Path) -> None:
    con = store.connect(empty_db)
    answers = dict.fromkeys(INSTRUMENT.item_codes, 4)
    departments = ("R&D *Nord*", "<b>Ops</b>", "Vertrieb")
    answered_survey(
        con, "Welle *1*", [(department, answers, {}, "") for department in departments for _ in range(6)]
    )
    con.close()
    app = open_page("departments", "en", department="R&D *Nord*")
    assert "R&D *Nord*" == app.selectbox(key="department_filter").value
    assert "Welle *1*" == app.selectbox(key="wave_filter").value
    labels = json.dumps(figures(app))
    assert "R&amp;D *Nord*" in labels and "<b>Ops</b>" not in labels
    overview = open_page("overview", "en")
    heatmap = heatmap_of(figures(overview))["data"][0]
    assert "&lt;b&gt;Ops&lt;/b&gt;" in heatmap["x"]
