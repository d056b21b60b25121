"""Answers to an open wave are not live: no page, export or command-line output changes until a publication,
and an interim publication holds back every department that gained 1 to k-1 respondents."""

from __future__ import annotations

import json
import random
from pathlib import Path

import duckdb
import pytest
from app_harness import screen
from figure_data import figures
from survey_data import ADMIN, answer_online, open_survey

from smm_maturity import cli, store, waves
from smm_maturity.i18n import t
from smm_maturity.instrument import load_instrument

pytestmark = pytest.mark.slow

K = 5
WAVE = "Frühjahr 2027"
PAGES = ("overview", "departments", "silo_map", "trends")
INSTRUMENT = load_instrument()
LIVE_COUNT = t("survey.live.label", "en")
"""The workshop's live count on the presentation: the one view of answers before publication, for the admin."""


def answers(rng: random.Random) -> dict[str, int]:
    return {item.code: rng.randint(1, 5) for item in INSTRUMENT.items if rng.random() > 0.1}


def answer(con: duckdb.DuckDBPyConnection, rng: random.Random, gains: dict[str, int]) -> None:
    """Answers in random order, each with ratings of the other departments."""
    people = [department for department, gain in gains.items() for _ in range(gain)]
    rng.shuffle(people)
    for department in people:
        ratings = {other: rng.randint(1, 5) for other in gains if other != department}
        answer_online(con, WAVE, department, answers(rng), ratings, rng.choice(["", "Mehr Austausch."]))


def page_output(key: str) -> tuple[str, list[dict]]:
    """What a page sends to the browser: its texts and tables, and its figures."""
    app = screen(key)
    app.query_params["lang"] = "en"
    app.query_params["wave"] = WAVE
    app.run()
    assert not app.exception
    texts = [
        str(element.value)
        for kind in ("markdown", "caption", "info", "warning", "title")
        for element in app.get(kind)
    ]
    texts += [f"{metric.label} {metric.value}" for metric in app.metric if metric.label != LIVE_COUNT]
    texts += [frame.value.to_csv() for frame in app.dataframe]
    return "\n".join(texts), figures(app)


def outputs(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """Every channel's output for the wave: the command line's scores, the CSV and HTML exports, the pages."""
    capsys.readouterr()
    assert 0 == cli.main(["--db", str(db), "scores", "--wave", WAVE, "--by", "department", "--json"])
    found: dict[str, object] = {"cli": json.loads(capsys.readouterr().out)}
    for suffix in ("csv", "html"):
        path = tmp_path / f"report.{suffix}"
        path.unlink(missing_ok=True)
        assert 0 == cli.main(["--db", str(db), "report", "--out", str(path), "--wave", WAVE, "--lang", "en"])
        found[suffix] = path.read_bytes()
    capsys.readouterr()
    return found | {key: page_output(key) for key in PAGES}


def published(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute(
        "select d.name, count(*) from responses r join departments d using (department_id)"
        " where r.publication_id is not null group by d.name"
    ).fetchall()
    return dict(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_open_answers_change_nothing_until_an_interim_publication_that_holds_small_gains(
    empty_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int
) -> None:
    rng = random.Random(seed)
    departments = [f"Abteilung {letter}" for letter in "ABCDE"[: rng.randint(3, 5)]]
    baseline = {department: rng.choice([0, K, K + 1, K + 3]) for department in departments}
    baseline[departments[0]] = K + 2
    gains = {
        department: rng.choice([0, 1, K - 1, rng.randint(1, K - 1), K, K + 2]) for department in departments
    }
    gains[departments[1]] = rng.randint(1, K - 1)
    con = store.connect(empty_db)
    open_survey(con, WAVE, dict.fromkeys(departments))
    answer(con, rng, baseline)
    first = waves.publish(con, WAVE, K, ADMIN)
    assert ({d: n for d, n in baseline.items() if n}, ()) == (first.released, first.held)
    con.close()
    before = outputs(empty_db, tmp_path, capsys)

    con = duckdb.connect(str(empty_db))
    answer(con, rng, gains)
    con.close()
    assert before == outputs(empty_db, tmp_path, capsys)

    con = duckdb.connect(str(empty_db))
    second = waves.publish(con, WAVE, K, ADMIN)
    held = tuple(sorted(d for d, gain in gains.items() if 1 <= gain < K))
    assert ({d: g for d, g in gains.items() if g >= K}, held) == (second.released, second.held)
    shown = {d: baseline[d] + (gains[d] if gains[d] >= K else 0) for d in departments}
    assert {d: n for d, n in shown.items() if n} == published(con)
    con.close()
    assert bool(second.released) == (before != outputs(empty_db, tmp_path, capsys))


def first_outputs(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """The pages and the command line's scores before anything was ever published."""
    capsys.readouterr()
    code = cli.main(["--db", str(db), "scores", "--by", "department", "--json"])
    return {"cli": (code, capsys.readouterr())} | {key: page_output(key) for key in (*PAGES, "presentation")}


def test_answers_before_the_first_publication_leave_every_page_as_it_was(
    empty_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    con = store.connect(empty_db)
    open_survey(con, WAVE, {"IT": None, "HR": None})
    con.close()
    before = first_outputs(empty_db, capsys)
    con = duckdb.connect(str(empty_db))
    answer(con, random.Random(5), {"IT": K + 1, "HR": 2})
    con.close()
    assert before == first_outputs(empty_db, capsys)
