"""The demo organisation: deterministic, in the canonical layout, and telling the story it promises."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from smm_maturity import demo, store
from smm_maturity.demo import DEMO_HEADCOUNTS, DEMO_SEED, DemoWave, demo_waves
from smm_maturity.instrument import Instrument, Item, load_instrument

DEPARTMENTS = [
    "Geschäftsführung",
    "Marketing",
    "Vertrieb",
    "Kundenservice",
    "Personal",
    "IT",
    "Produktion",
    "Finanzen",
    "Recht",
]
WAVE_MONTHS = ["2025-03", "2025-10", "2026-03"]


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return load_instrument()


@pytest.fixture(scope="module")
def waves(instrument: Instrument) -> list[DemoWave]:
    return demo_waves(instrument=instrument)


def stage(mean: float) -> int:
    """The stage of a mean by the thresholds in the brief."""
    rounded = round(mean, 2)
    return 1 + sum(rounded >= threshold for threshold in (1.80, 2.60, 3.40, 4.20))


def scored(table: pd.DataFrame, items: tuple[Item, ...]) -> pd.DataFrame:
    """The answers to these items with reverse-coded items turned round (6 - answer)."""
    answers = table[[item.code for item in items]].astype("float64")
    reverse = [item.code for item in items if item.reverse]
    answers[reverse] = 6 - answers[reverse]
    return answers


def respondent_scores(table: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Per-respondent dimension scores, present only when at least half the items are answered."""
    scores = {}
    for dimension in instrument.dimensions:
        answers = scored(table, dimension.items)
        enough = answers.notna().sum(axis=1) >= len(dimension.items) / 2
        scores[dimension.code] = answers.mean(axis=1).where(enough)
    return pd.DataFrame(scores).assign(department=table["department"])


def facet_scores(table: pd.DataFrame, instrument: Instrument, dimension: str) -> pd.DataFrame:
    """Per-respondent mean of each facet of one dimension."""
    items = instrument.dimension(dimension).items
    answers = scored(table, items)
    facets = sorted({item.facet for item in items})
    return pd.DataFrame(
        {
            facet: answers[[item.code for item in items if item.facet == facet]].mean(axis=1)
            for facet in facets
        }
    ).assign(department=table["department"])


def organisation_mean(table: pd.DataFrame, instrument: Instrument) -> float:
    """The organisation's overall mean: the mean of its dimension means."""
    return float(respondent_scores(table, instrument).drop(columns="department").mean().mean())


def department_means(table: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Each department's dimension means."""
    return respondent_scores(table, instrument).groupby("department").mean()


def collaboration(table: pd.DataFrame) -> pd.DataFrame:
    """The mean rating each department (rows) gives each other department (columns)."""
    columns = [f"collab:{department}" for department in DEPARTMENTS]
    matrix = table.groupby("department")[columns].mean().astype("float64")
    matrix.columns = DEPARTMENTS
    return matrix.loc[DEPARTMENTS]


def cronbach_alpha(table: pd.DataFrame, instrument: Instrument, dimension: str) -> float:
    """Cronbach's alpha of one dimension over the complete cases."""
    answers = scored(table, instrument.dimension(dimension).items).dropna()
    k = answers.shape[1]
    return k / (k - 1) * (1 - answers.var().sum() / answers.sum(axis=1).var())


def test_deterministic(instrument: Instrument) -> None:
    first = demo_waves(DEMO_SEED, instrument)
    second = demo_waves(DEMO_SEED, instrument)
    assert [w.name for w in first] == [w.name for w in second]
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a.table, b.table)


def test_another_seed_gives_other_answers(instrument: Instrument, waves: list[DemoWave]) -> None:
    other = demo_waves(DEMO_SEED + 1, instrument)
    assert not other[0].table.equals(waves[0].table)


def test_wave_names(waves: list[DemoWave]) -> None:
    expected = ["Frühjahr 2025", "Herbst 2025", "Frühjahr 2026"]
    assert expected == [w.name for w in waves]


def test_columns_are_the_canonical_layout(waves: list[DemoWave], instrument: Instrument) -> None:
    expected = [
        "respondent_id",
        "department",
        "submitted_at",
        *instrument.item_codes,
        *(f"collab:{department}" for department in DEPARTMENTS),
        "comment",
    ]
    for wave in waves:
        assert expected == list(wave.table.columns)


def test_columns_follow_the_instrument(instrument: Instrument) -> None:
    smaller = dataclasses.replace(instrument, dimensions=instrument.dimensions[:2])
    table = demo_waves(instrument=smaller)[0].table
    assert [*smaller.item_codes] == [c for c in table.columns if c in instrument.item_codes]


def test_departments_and_headcounts(waves: list[DemoWave]) -> None:
    expected_total = 250
    assert list(DEMO_HEADCOUNTS) == DEPARTMENTS
    assert expected_total == sum(DEMO_HEADCOUNTS.values())
    for wave in waves:
        assert sorted(DEPARTMENTS) == sorted(wave.table["department"].unique())


def test_respondent_counts(waves: list[DemoWave]) -> None:
    expected = {
        "Geschäftsführung": [8, 9, 9],
        "Marketing": [9, 10, 11],
        "Vertrieb": [19, 22, 24],
        "Kundenservice": [17, 20, 22],
        "Personal": [8, 8, 9],
        "IT": [11, 12, 13],
        "Produktion": [40, 46, 52],
        "Finanzen": [6, 7, 7],
        "Recht": [3, 3, 3],
    }
    counts = [wave.table["department"].value_counts() for wave in waves]
    assert expected == {d: [int(c[d]) for c in counts] for d in DEPARTMENTS}


@pytest.mark.parametrize("wave_index", [0, 1, 2])
def test_recht_is_hidden_and_finanzen_is_the_next_smallest(waves: list[DemoWave], wave_index: int) -> None:
    counts = waves[wave_index].table["department"].value_counts().sort_values(kind="stable")
    expected = ["Recht", "Finanzen"]
    assert expected == list(counts.index[:2])
    assert counts["Recht"] == 3
    assert 6 <= counts["Finanzen"] <= 7
    assert counts.iloc[2] >= 8
    assert all(0.4 <= n / DEMO_HEADCOUNTS[d] <= 0.7 for d, n in counts.items())


def test_respondent_ids_and_times(waves: list[DemoWave]) -> None:
    for number, (wave, month) in enumerate(zip(waves, WAVE_MONTHS, strict=True), start=1):
        table = wave.table
        assert table["respondent_id"].is_unique
        assert table["respondent_id"].str.fullmatch(rf"w{number}-\d{{4}}").all()
        times = pd.to_datetime(table["submitted_at"], format="%Y-%m-%dT%H:%M:%S")
        assert {month} == set(times.dt.strftime("%Y-%m"))
        assert times.is_monotonic_increasing


def test_ratings_are_integers_from_1_to_5(waves: list[DemoWave], instrument: Instrument) -> None:
    for wave in waves:
        ratings = wave.table[[c for c in wave.table.columns if c in instrument.item_codes or ":" in c]]
        assert {"Int8"} == {str(dtype) for dtype in ratings.dtypes}
        values = set(ratings.stack().dropna().astype(int))
        assert {1, 2, 3, 4, 5} == values


def test_dont_know_is_rare(waves: list[DemoWave], instrument: Instrument) -> None:
    for wave in waves:
        missing = wave.table[list(instrument.item_codes)].isna().mean().mean()
        assert 0.015 < missing < 0.05


def test_nobody_rates_their_own_department(waves: list[DemoWave]) -> None:
    for wave in waves:
        for department in DEPARTMENTS:
            own = wave.table.loc[wave.table["department"] == department, f"collab:{department}"]
            assert own.isna().all()


def test_comments_are_a_quarter_and_varied(waves: list[DemoWave]) -> None:
    texts = set()
    for wave in waves:
        comments = wave.table["comment"].dropna()
        assert 0.2 <= len(comments) / len(wave.table) <= 0.3
        texts |= set(comments)
    assert len(texts) >= 30
    assert all(isinstance(text, str) and text.endswith(".") for text in texts)


def test_organisation_grows_from_stage_2_to_stage_3(waves: list[DemoWave], instrument: Instrument) -> None:
    means = [organisation_mean(wave.table, instrument) for wave in waves]
    assert means == sorted(means)
    expected_stages = [2, 3, 3]
    assert expected_stages == [stage(mean) for mean in means]
    assert 2.2 <= means[0] <= 2.55
    assert 2.85 <= means[2] <= 3.15


def test_coordination_and_internal_transparency_move_clearly(
    waves: list[DemoWave], instrument: Instrument
) -> None:
    first, last = (respondent_scores(waves[i].table, instrument) for i in (0, 2))
    assert last["KOO"].mean() - first["KOO"].mean() >= 0.5
    internal = [facet_scores(waves[i].table, instrument, "TRA")["internal"].mean() for i in (0, 2)]
    assert internal[1] - internal[0] >= 0.6


def test_monitoring_slips_in_vertrieb(waves: list[DemoWave], instrument: Instrument) -> None:
    vertrieb = [department_means(wave.table, instrument).loc["Vertrieb", "MON"] for wave in waves]
    assert vertrieb[2] < vertrieb[0] - 0.2


def test_some_department_reaches_stage_4_by_the_last_wave(
    waves: list[DemoWave], instrument: Instrument
) -> None:
    means = department_means(waves[2].table, instrument).drop(index="Recht")
    assert (means.round(2) >= 3.40).any(axis=None)
    assert means.loc["Marketing"].max() >= 3.40


def test_departments_have_distinct_profiles(waves: list[DemoWave], instrument: Instrument) -> None:
    table = waves[0].table
    means = department_means(table, instrument)
    assert means.loc["Marketing"].idxmin() == "KOO"
    assert means.loc["Finanzen"].idxmin() == "KUL"
    assert means.loc["Geschäftsführung"].idxmax() == "VER"
    assert means["SIL"].idxmin() == "Produktion"
    tra = facet_scores(table, instrument, "TRA").groupby("department").mean()
    expected_outward = {"Marketing": True, "Kundenservice": True, "IT": False}
    assert expected_outward == (tra["external"] > tra["internal"])[list(expected_outward)].to_dict()


def test_reliability_is_plausible(waves: list[DemoWave], instrument: Instrument) -> None:
    for wave in waves:
        alphas = [cronbach_alpha(wave.table, instrument, code) for code in instrument.dimension_codes]
        assert sum(alpha >= 0.7 for alpha in alphas) >= 6
        assert min(alphas) >= 0.6


def test_produktion_is_a_silo(waves: list[DemoWave]) -> None:
    for wave in waves:
        matrix = collaboration(wave.table)
        received = matrix.mean(axis=0)
        given = matrix.mean(axis=1)
        assert received.idxmin() == "Produktion"
        assert given.idxmin() == "Produktion"
        assert received["Produktion"] <= 2.1


def test_marketing_and_vertrieb_work_well_together(waves: list[DemoWave]) -> None:
    for wave in waves:
        matrix = collaboration(wave.table)
        assert matrix.loc["Marketing", "Vertrieb"] >= 3.5
        assert matrix.loc["Vertrieb", "Marketing"] >= 3.5


def test_leadership_sees_itself_better_than_others_see_it(waves: list[DemoWave]) -> None:
    for wave in waves:
        matrix = collaboration(wave.table)
        assert matrix.mean(axis=1)["Geschäftsführung"] - matrix.mean(axis=0)["Geschäftsführung"] >= 1.0


def test_the_demo_publishes_every_department_but_recht(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "demo.duckdb")
    demo.load_demo(con)
    rows = con.execute(
        "select d.name, count(r.publication_id), count(*) - count(r.publication_id) from responses r"
        " join departments d using (department_id) group by d.name order by d.name"
    ).fetchall()
    con.close()
    expected = {
        name: (0, 9) if name == "Recht" else (sum(demo.DEMO_RESPONDENTS[name]), 0) for name in DEPARTMENTS
    }
    assert expected == {name: (published, pending) for name, published, pending in rows}


def test_the_demo_database_is_built_once_and_whole(tmp_path: Path) -> None:
    path = tmp_path / "maturity.duckdb"
    assert (True, False) == (demo.build_demo_database(path), demo.build_demo_database(path))
    con = store.connect(path)
    assert list(demo.DEMO_WAVE_NAMES) == [wave.name for wave in store.waves(con)]
    con.close()
    assert ["maturity.duckdb"] == sorted(file.name for file in tmp_path.iterdir())
