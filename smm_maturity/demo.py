"""A deterministic demo organisation: a 250-person KMU surveyed in three waves, in the canonical layout."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from smm_maturity import config, ingest, store
from smm_maturity.instrument import Instrument, load_instrument

DEMO_SEED = 2026

DEMO_HEADCOUNTS: dict[str, int] = {
    "Geschäftsführung": 13,
    "Marketing": 16,
    "Vertrieb": 38,
    "Kundenservice": 34,
    "Personal": 14,
    "IT": 20,
    "Produktion": 99,
    "Finanzen": 11,
    "Recht": 5,
}

DEMO_WAVE_NAMES: tuple[str, ...] = ("Frühjahr 2025", "Herbst 2025", "Frühjahr 2026")

# Year and month in which each wave's answers were submitted.
_WAVE_MONTHS: tuple[tuple[int, int], ...] = ((2025, 3), (2025, 10), (2026, 3))

# Respondents per wave. Recht stays below the minimum group size of 5, so no publication releases its
# answers: they are stored and stay pending. Finanzen is the next-smallest group, which complementary hiding
# would have to hide too wherever Recht's answers are published (a database from before publication).
# Participation rises as trust in the survey grows.
DEMO_RESPONDENTS: dict[str, tuple[int, int, int]] = {
    "Geschäftsführung": (8, 9, 9),
    "Marketing": (9, 10, 11),
    "Vertrieb": (19, 22, 24),
    "Kundenservice": (17, 20, 22),
    "Personal": (8, 8, 9),
    "IT": (11, 12, 13),
    "Produktion": (40, 46, 52),
    "Finanzen": (6, 7, 7),
    "Recht": (3, 3, 3),
}

_DIMENSIONS = ("SIL", "TRA", "KOO", "VER", "KOM", "AUG", "MON", "KUL")
_DEFAULT_LEVEL = 2.4

# Latent level per dimension in the first wave, in the order of _DIMENSIONS (SIL, TRA, KOO, VER, KOM, AUG,
# MON, KUL): leadership sees itself well anchored, Marketing is strong outside but badly coordinated, IT leads
# on the digital baseline, Produktion is a silo, and Finanzen and Recht fear change.
_LEVELS: dict[str, tuple[float, ...]] = {
    "Geschäftsführung": (2.5, 2.5, 2.3, 3.7, 2.6, 2.3, 2.5, 2.9),
    "Marketing": (2.5, 3.0, 1.9, 2.9, 3.5, 3.0, 3.3, 3.1),
    "Vertrieb": (2.3, 2.4, 2.4, 2.4, 2.6, 2.2, 3.0, 2.6),
    "Kundenservice": (2.6, 2.8, 2.5, 2.1, 2.8, 2.3, 2.3, 2.6),
    "Personal": (2.7, 2.4, 2.4, 2.2, 2.4, 2.2, 1.9, 3.0),
    "IT": (2.5, 2.3, 2.4, 2.1, 2.9, 3.2, 2.6, 3.2),
    "Produktion": (1.7, 2.1, 1.7, 2.1, 2.1, 1.9, 1.8, 2.2),
    "Finanzen": (2.2, 2.3, 2.2, 2.2, 2.0, 2.0, 2.5, 1.5),
    "Recht": (2.1, 2.3, 2.1, 2.2, 2.0, 2.8, 1.9, 1.5),
}

# Facet offsets on top of the dimension level: who talks well outside but hears little inside, and so on.
_FACET_OFFSETS: dict[str, dict[str, float]] = {
    "Geschäftsführung": {"TRA:internal": 0.4, "TRA:external": -0.2},
    "Marketing": {"TRA:internal": -0.4, "TRA:external": 0.6, "KOM:creativity": 0.4, "KOM:project": -0.3},
    "Vertrieb": {"TRA:external": 0.2, "KOM:resilience": 0.3},
    "Kundenservice": {
        "TRA:internal": -0.4,
        "TRA:external": 0.7,
        "KOM:empathy": 0.8,
        "KOM:resilience": 0.3,
        "KOM:media": -0.3,
    },
    "IT": {"TRA:internal": 0.4, "TRA:external": -0.6, "KOM:media": 0.8, "KOM:empathy": -0.5},
    "Produktion": {"TRA:external": -0.3, "KOM:resilience": 0.3},
    "Finanzen": {"TRA:internal": 0.2, "TRA:external": -0.3, "KOM:project": 0.5, "KOM:creativity": -0.4},
    "Recht": {"TRA:external": -0.3, "KOM:project": 0.4},
}

# Change against the first wave, organisation-wide: a transparency initiative, a shared editorial plan,
# a new intranet and a training series.
_PROGRESS: dict[str, tuple[float, float, float]] = {
    "SIL": (0.0, 0.35, 0.8),
    "TRA:internal": (0.0, 0.6, 1.2),
    "TRA:external": (0.0, 0.2, 0.4),
    "KOO": (0.0, 0.5, 1.1),
    "VER": (0.0, 0.3, 0.7),
    "KOM": (0.0, 0.25, 0.6),
    "AUG": (0.0, 0.35, 0.8),
    "MON": (0.0, 0.25, 0.6),
    "KUL": (0.0, 0.2, 0.5),
}

# Departments that move differently: Vertrieb loses its campaign analyst, Produktion stays a silo.
_DEPARTMENT_PROGRESS: dict[tuple[str, str], tuple[float, float, float]] = {
    ("Vertrieb", "MON"): (0.0, -0.1, -0.3),
    ("Produktion", "SIL"): (0.0, 0.1, 0.3),
    ("Produktion", "KOO"): (0.0, 0.15, 0.35),
    ("Produktion", "TRA:internal"): (0.0, 0.3, 0.6),
    ("Finanzen", "KUL"): (0.0, 0.0, 0.1),
    ("Recht", "KUL"): (0.0, 0.0, 0.1),
}

# How well a department works with another: a base, shifted by the rater's and the target's offsets.
_COLLAB_BASE = 3.0
_COLLAB_GIVEN: dict[str, float] = {"Produktion": -1.1, "Geschäftsführung": 0.8, "Finanzen": -0.2}
_COLLAB_RECEIVED: dict[str, float] = {
    "Produktion": -1.2,
    "Geschäftsführung": -0.5,
    "Personal": 0.2,
    "IT": 0.1,
    "Recht": -0.3,
}
_COLLAB_PAIRS: dict[tuple[str, str], float] = {
    ("Marketing", "Vertrieb"): 4.2,
    ("Vertrieb", "Marketing"): 4.0,
    ("IT", "Kundenservice"): 3.4,
    ("Kundenservice", "IT"): 3.2,
    ("Marketing", "Recht"): 2.2,
}
_COLLAB_PROGRESS = (0.0, 0.15, 0.3)
_COLLAB_PROGRESS_PRODUKTION = (0.0, 0.05, 0.1)

_PERSON_SD = 0.3
_PERSON_DIMENSION_SD = 0.35
_ITEM_SD = 0.15
_ANSWER_SD = 0.7
_DONT_KNOW_RATE = 0.03
_COLLAB_RATER_SD = 0.3
_COLLAB_ANSWER_SD = 0.55
_COLLAB_UNKNOWN_RATE = 0.04
_COMMENT_RATE = 0.25
_SPECIFIC_COMMENT_WEIGHT = 3.0

_ALL = frozenset(DEMO_HEADCOUNTS)
_ALL_WAVES = frozenset({0, 1, 2})

# The comment pool: text, the departments it fits and the waves in which it is plausible.
_COMMENTS: tuple[tuple[str, frozenset[str], frozenset[int]], ...] = (
    (
        "Es fehlt ein gemeinsamer Redaktionsplan – jede Abteilung postet, wann es ihr passt.",
        _ALL,
        frozenset({0}),
    ),
    (
        "Der neue Redaktionsplan ist ein Anfang, aber noch sind nicht alle Abteilungen dabei.",
        _ALL,
        frozenset({1, 2}),
    ),
    (
        "Bei Bildern aus dem Netz sind wir rechtlich unsicher und lassen es im Zweifel lieber.",
        _ALL,
        _ALL_WAVES,
    ),
    ("Social Media läuft bei uns nebenbei, meistens freitags, wenn noch Zeit ist.", _ALL, frozenset({0, 1})),
    ("Ich würde gern eine Schulung zu den Grundlagen der Plattformen besuchen.", _ALL, _ALL_WAVES),
    ("Viele haben Angst vor einem Shitstorm und posten deshalb lieber gar nichts.", _ALL, _ALL_WAVES),
    (
        "Das neue Intranet ist ein echter Fortschritt: Infos aus anderen Abteilungen finde ich jetzt schnell.",
        _ALL,
        frozenset({1, 2}),
    ),
    (
        "Von Entscheidungen der Geschäftsführung erfahren wir oft erst über den Flurfunk.",
        _ALL,
        frozenset({0}),
    ),
    (
        "Die monatliche Ergebnisrunde der Geschäftsführung macht vieles nachvollziehbarer.",
        _ALL,
        frozenset({1, 2}),
    ),
    (
        "In der Produktion bekommen wir von Social Media so gut wie nichts mit.",
        frozenset({"Produktion"}),
        _ALL_WAVES,
    ),
    (
        "An der Linie haben wir keinen Rechner, deshalb erreichen uns viele Infos gar nicht.",
        frozenset({"Produktion"}),
        _ALL_WAVES,
    ),
    (
        "Von den Maßnahmen aus der letzten Befragung ist bei uns noch nichts angekommen.",
        frozenset({"Produktion", "Finanzen"}),
        frozenset({1, 2}),
    ),
    (
        "Kundenanfragen über Facebook landen bei uns manchmal erst nach Tagen.",
        frozenset({"Kundenservice"}),
        frozenset({0, 1}),
    ),
    (
        "Seit Social-Media-Anfragen im Ticketsystem landen, geht nichts mehr verloren.",
        frozenset({"Kundenservice"}),
        frozenset({2}),
    ),
    (
        "Mit dem Vertrieb klappt es sehr gut, Kampagnen planen wir inzwischen gemeinsam.",
        frozenset({"Marketing"}),
        _ALL_WAVES,
    ),
    (
        "Das Marketing versorgt uns zuverlässig mit Inhalten für die Kundengespräche.",
        frozenset({"Vertrieb"}),
        _ALL_WAVES,
    ),
    ("Uns fehlen klare Kennzahlen – wir wissen nicht, ob sich der Aufwand lohnt.", _ALL, frozenset({0, 1})),
    (
        "Seit die Stelle für Kampagnenauswertung unbesetzt ist, schaut niemand mehr auf die Zahlen.",
        frozenset({"Vertrieb"}),
        frozenset({1, 2}),
    ),
    (
        "Das Reporting-Dashboard wird kaum noch gepflegt, die Zahlen darin sind veraltet.",
        frozenset({"Vertrieb"}),
        frozenset({2}),
    ),
    ("Neue Tools werden eingeführt, ohne dass jemand erklärt, wozu sie gut sind.", _ALL, _ALL_WAVES),
    ("Ich wünsche mir mehr Mut, auch mal etwas auszuprobieren, das schiefgehen kann.", _ALL, _ALL_WAVES),
    (
        "Bei uns gilt: Erst wenn alles dreimal geprüft ist, darf etwas nach draußen.",
        frozenset({"Finanzen", "Recht", "Geschäftsführung"}),
        _ALL_WAVES,
    ),
    (
        "Veränderungen kommen bei uns meist zu schnell und ohne Vorwarnung.",
        frozenset({"Finanzen", "Produktion", "Recht"}),
        _ALL_WAVES,
    ),
    (
        "Die Freigabe von Beiträgen durch die Rechtsabteilung dauert oft zu lange.",
        frozenset({"Marketing"}),
        _ALL_WAVES,
    ),
    (
        "Die IT hilft schnell, wenn wir ein neues Werkzeug brauchen.",
        frozenset({"Kundenservice", "Marketing"}),
        _ALL_WAVES,
    ),
    (
        "Wir könnten viel mehr aus den Daten machen, die wir ohnehin schon haben.",
        frozenset({"IT"}),
        _ALL_WAVES,
    ),
    ("Nach außen wirken wir offener, als wir intern miteinander umgehen.", _ALL, frozenset({0, 1})),
    (
        "Die Führung spricht oft über Digitalisierung, aber im Alltag fehlt dafür das Budget.",
        _ALL,
        _ALL_WAVES,
    ),
    (
        "Social Media ist Chefsache – das sollte sich auch in den Zielvereinbarungen zeigen.",
        frozenset({"Geschäftsführung"}),
        _ALL_WAVES,
    ),
    ("Gut, dass die Ergebnisse der letzten Befragung offen vorgestellt wurden.", _ALL, frozenset({1, 2})),
    (
        "Die Schulungsreihe zur digitalen Kommunikation war hilfreich, bitte fortsetzen.",
        _ALL,
        frozenset({1, 2}),
    ),
    (
        "Kritik im Netz beantworten wir inzwischen offen, statt Kommentare zu löschen.",
        frozenset({"Kundenservice", "Marketing"}),
        frozenset({1, 2}),
    ),
    ("Ich weiß nicht, wer bei uns für Social Media eigentlich zuständig ist.", _ALL, frozenset({0, 1})),
    ("Wissen hängt an Einzelnen – ist jemand im Urlaub, steht alles still.", _ALL, _ALL_WAVES),
    ("Das Wiki ist gut gemeint, aber kaum jemand pflegt es.", _ALL, frozenset({0})),
    (
        "Rückfragen zu Kampagnen erreichen uns, bevor das Marketing uns überhaupt informiert hat.",
        frozenset({"Kundenservice"}),
        _ALL_WAVES,
    ),
    (
        "Was Kundinnen und Kunden online über unsere Produkte sagen, hört bei uns kaum jemand.",
        _ALL,
        frozenset({0}),
    ),
    (
        "Das Social Listening liefert inzwischen wertvolle Hinweise für die Produktentwicklung.",
        frozenset({"Marketing", "IT"}),
        frozenset({2}),
    ),
    (
        "Für Stellenanzeigen in den sozialen Medien bräuchten wir mehr Unterstützung vom Marketing.",
        frozenset({"Personal"}),
        _ALL_WAVES,
    ),
    (
        "Unsere Arbeitgeberkampagne auf Instagram hat gezeigt, was möglich ist.",
        frozenset({"Personal"}),
        frozenset({1, 2}),
    ),
    ("Ein regelmäßiges Austauschtreffen über Abteilungsgrenzen hinweg würde viel helfen.", _ALL, _ALL_WAVES),
    ("Datenschutzfragen bremsen jedes neue Vorhaben, weil niemand verbindlich antwortet.", _ALL, _ALL_WAVES),
    ("Die gemeinsame Themenrunde am Montag hilft, Doppelarbeit zu vermeiden.", _ALL, frozenset({2})),
    (
        "Reichweitenzahlen hören wir zwar, aber was sie für uns bedeuten, erklärt niemand.",
        frozenset({"Finanzen", "Produktion"}),
        _ALL_WAVES,
    ),
)


@dataclass(frozen=True)
class DemoWave:
    """One survey wave of the demo organisation, its answers in the canonical import layout."""

    name: str
    table: pd.DataFrame


def _key(dimension: str, facet: str) -> str:
    """The lookup key of an item's facet, e.g. "TRA:internal"."""
    return f"{dimension}:{facet}"


def _progress(department: str, key: str, wave: int) -> float:
    """The change of a dimension or facet since the first wave for one department."""
    return _DEPARTMENT_PROGRESS.get((department, key), _PROGRESS.get(key, (0.0, 0.0, 0.0)))[wave]


def _item_levels(department: str, wave: int, instrument: Instrument) -> np.ndarray:
    """The department's latent level for every item of the instrument in one wave."""
    levels = dict(zip(_DIMENSIONS, _LEVELS[department], strict=True))
    offsets = _FACET_OFFSETS.get(department, {})
    return np.array(
        [
            levels.get(item.dimension, _DEFAULT_LEVEL)
            + offsets.get(_key(item.dimension, item.facet), 0.0)
            + _progress(department, item.dimension, wave)
            + _progress(department, _key(item.dimension, item.facet), wave)
            for item in instrument.items
        ]
    )


def _collab_level(rater: str, target: str, wave: int) -> float:
    """The mean rating that the rater department gives the target department in one wave."""
    base = _COLLAB_PAIRS.get(
        (rater, target), _COLLAB_BASE + _COLLAB_GIVEN.get(rater, 0.0) + _COLLAB_RECEIVED.get(target, 0.0)
    )
    progress = _COLLAB_PROGRESS_PRODUKTION if "Produktion" in (rater, target) else _COLLAB_PROGRESS
    return base + progress[wave]


def _answers(
    rng: np.random.Generator, levels: np.ndarray, dimension_index: np.ndarray, reverse: np.ndarray, n: int
) -> np.ndarray:
    """Likert answers for n respondents (NaN for "don't know"), reverse items answered against the latent."""
    person = rng.normal(0.0, _PERSON_SD, (n, 1)) + rng.normal(
        0.0, _PERSON_DIMENSION_SD, (n, dimension_index.max() + 1)
    )
    latent = levels + person[:, dimension_index] + rng.normal(0.0, _ANSWER_SD, (n, levels.size))
    answers = np.clip(np.rint(latent), 1, 5)
    answers = np.where(reverse, 6 - answers, answers)
    return np.where(rng.random(answers.shape) < _DONT_KNOW_RATE, np.nan, answers)


def _collab_ratings(rng: np.random.Generator, department: str, wave: int, n: int) -> np.ndarray:
    """Collaboration ratings for n respondents of one department (NaN for their own department)."""
    means = np.array(
        [
            np.nan if target == department else _collab_level(department, target, wave)
            for target in DEMO_HEADCOUNTS
        ]
    )
    latent = (
        means
        + rng.normal(0.0, _COLLAB_RATER_SD, (n, 1))
        + rng.normal(0.0, _COLLAB_ANSWER_SD, (n, means.size))
    )
    ratings = np.clip(np.rint(latent), 1, 5)
    return np.where(rng.random(ratings.shape) < _COLLAB_UNKNOWN_RATE, np.nan, ratings)


def _comments(rng: np.random.Generator, department: str, wave: int, n: int) -> list[str | None]:
    """About a quarter of n respondents leave a comment that fits their department and the wave."""
    pool = [(text, depts) for text, depts, waves in _COMMENTS if department in depts and wave in waves]
    weights = np.array([_SPECIFIC_COMMENT_WEIGHT if depts != _ALL else 1.0 for _, depts in pool])
    picks = rng.choice(len(pool), size=n, p=weights / weights.sum())
    writes = rng.permutation(n) < round(n * _COMMENT_RATE)
    return [pool[pick][0] if write else None for pick, write in zip(picks, writes, strict=True)]


def _timestamps(rng: np.random.Generator, wave: int, n: int) -> np.ndarray:
    """Submission times spread over the wave's month, on working hours."""
    year, month = _WAVE_MONTHS[wave]
    start = np.datetime64(f"{year:04d}-{month:02d}-01T00:00:00", "s")
    days = rng.integers(0, 28, n)
    seconds = rng.integers(8 * 3600, 18 * 3600, n)
    return start + (days * 86400 + seconds).astype("timedelta64[s]")


def _wave_table(
    rng: np.random.Generator, wave: int, instrument: Instrument, item_offsets: np.ndarray
) -> pd.DataFrame:
    """One wave's answers in the canonical layout, one row per respondent in submission order."""
    dimension_codes = list(instrument.dimension_codes)
    dimension_index = np.array([dimension_codes.index(item.dimension) for item in instrument.items])
    reverse = np.array([item.reverse for item in instrument.items])
    departments: list[str] = []
    times, answers, collab = [], [], []
    comments: list[str | None] = []
    for department, counts in DEMO_RESPONDENTS.items():
        n = counts[wave]
        levels = _item_levels(department, wave, instrument) + item_offsets
        departments += [department] * n
        answers.append(_answers(rng, levels, dimension_index, reverse, n))
        collab.append(_collab_ratings(rng, department, wave, n))
        times.append(_timestamps(rng, wave, n))
        comments += _comments(rng, department, wave, n)
    submitted = np.concatenate(times)
    order = np.argsort(submitted, kind="stable")
    ratings = np.hstack([np.vstack(answers), np.vstack(collab)])[order]
    rating_columns = [*instrument.item_codes, *(f"collab:{target}" for target in DEMO_HEADCOUNTS)]
    columns: dict[str, object] = {
        "respondent_id": [f"w{wave + 1}-{i:04d}" for i in range(1, len(order) + 1)],
        "department": [departments[i] for i in order],
        "submitted_at": np.datetime_as_string(submitted[order], unit="s"),
    }
    for index, column in enumerate(rating_columns):
        columns[column] = pd.array(ratings[:, index], dtype="Int8")
    columns["comment"] = [comments[i] for i in order]
    return pd.DataFrame(columns)


def demo_waves(seed: int = DEMO_SEED, instrument: Instrument | None = None) -> list[DemoWave]:
    """The demo organisation's three survey waves, the same for the same seed and instrument."""
    instrument = instrument or load_instrument()
    rng = np.random.default_rng(seed)
    item_offsets = rng.normal(0.0, _ITEM_SD, len(instrument.items))
    return [
        DemoWave(name, _wave_table(rng, wave, instrument, item_offsets))
        for wave, name in enumerate(DEMO_WAVE_NAMES)
    ]


def load_demo(con: duckdb.DuckDBPyConnection, seed: int = DEMO_SEED) -> int:
    """Store the demo organisation through the regular importer; return the number of responses stored.

    Each wave is one canonical CSV upload, so the demo can be undone like any upload. Waves already
    stored (same content) are skipped, which makes loading the demo twice harmless.
    """
    stored = 0
    for wave in demo_waves(seed):
        content = wave.table.to_csv(index=False).encode("utf-8")
        batch = ingest.read_upload(content, f"demo-{wave.name}.csv")
        if store.find_upload(con, batch.sha256) is None:
            stored += store.store_batch(con, batch, wave=wave.name).row_count
    for department, headcount in DEMO_HEADCOUNTS.items():
        store.set_headcount(con, department, headcount)
    return stored


def build_demo_database(path: Path) -> bool:
    """Create a database file holding the demo organisation, unless the file exists; True when it was built.

    The file is built under a temporary name and then renamed, so an interrupted build leaves no half
    database behind for the dashboard to open.
    """
    if path.exists():
        return False
    building = path.with_name(f"{path.name}.building")
    building.unlink(missing_ok=True)
    con = store.connect(building)
    try:
        load_demo(con)
        con.execute("checkpoint")
    finally:
        con.close()
    building.rename(path)
    return True


def build_first_start() -> bool:
    """On a fresh install, build the default database with the demo before the dashboard's first visit."""
    path = store.default_db_path()
    return path == store.DEFAULT_DB_PATH and build_demo_database(path)


if __name__ == "__main__":
    with contextlib.suppress(
        config.SettingError
    ):  # the dashboard refuses the setting itself, in the user's words
        build_first_start()
