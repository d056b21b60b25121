"""Hand-made scores for the chart tests, and reading a figure as the browser receives it."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from smm_maturity import scoring
from smm_maturity.charts.theme import visible_text
from smm_maturity.instrument import load_instrument
from smm_maturity.scoring import CollaborationCell, DimensionScore, GroupScore, TrendPoint, WaveScores

INSTRUMENT = load_instrument()
CODES = INSTRUMENT.dimension_codes
LANGUAGES = ("de", "en")


def score(code: str, mean: float, n: int = 10, ci: float | None = 0.2) -> DimensionScore:
    """A shown dimension score with its stage, and an interval of ± `ci` unless None."""
    return DimensionScore(
        code,
        n,
        False,
        mean,
        0.5,
        mean - ci if ci is not None else None,
        mean + ci if ci is not None else None,
        scoring.stage_for(mean, INSTRUMENT.stages),
    )


def group(name: str, means: dict[str, float] | float | None, respondents: int = 10) -> GroupScore:
    """A shown group with the given dimension means (one value for all), or a suppressed one for None."""
    if means is None:
        return GroupScore(
            group=name,
            respondents=respondents,
            suppressed=True,
            dimensions={code: DimensionScore(code, 0, True) for code in CODES},
        )
    values = means if isinstance(means, dict) else dict.fromkeys(CODES, means)
    mean = sum(values.values()) / len(values)
    return GroupScore(
        group=name,
        respondents=respondents,
        suppressed=False,
        dimensions={code: score(code, values[code], respondents) for code in CODES},
        mean=scoring.round_mean(mean),
        index=scoring.index_for(mean),
        stage=scoring.stage_for(mean, INSTRUMENT.stages),
    )


def wave(min_size: int = 5) -> WaveScores:
    """A wave with a strong, a weak, a tiny (hidden) and a complementary-hidden department."""
    return WaveScores(
        wave="Welle 1",
        min_size=min_size,
        organisation=group(scoring.ORGANISATION, 3.0, 40),
        departments=(
            group("Stark", 4.3, 12),
            group("Schwach", 1.7, 15),
            group("Klein", None, 3),
            group("Mittel", None, 10),
        ),
    )


def cells() -> list[CollaborationCell]:
    """Four departments: A and B work well together, C is cut off, D's own ratings are hidden."""
    ratings = {
        ("A", "B"): 4.5,
        ("B", "A"): 4.3,
        ("A", "C"): 1.5,
        ("C", "A"): 1.8,
        ("B", "C"): 2.0,
        ("C", "B"): 1.6,
        ("A", "D"): 3.0,
        ("B", "D"): 3.2,
        ("C", "D"): 2.0,
    }
    result = [CollaborationCell(rater, target, 8, False, mean) for (rater, target), mean in ratings.items()]
    return result + [CollaborationCell("D", target, 3, True) for target in "ABC"]


def trend_points() -> list[TrendPoint]:
    """Two waves of one dimension: SIL changes clearly, the rest stays flat."""
    points = []
    for wave_name, mean, change, p in (("W1", 2.0, None, None), ("W2", 2.8, 0.8, 0.001)):
        for code in CODES:
            shift = mean if code == "SIL" else 3.0
            clear = code == "SIL" and change is not None
            points.append(
                TrendPoint(
                    wave_name,
                    code,
                    20,
                    False,
                    shift,
                    shift - 0.2,
                    shift + 0.2,
                    (change if code == "SIL" else 0.0) if change is not None else None,
                    (p if code == "SIL" else 0.8) if p is not None else None,
                    clear,
                )
            )
    return points


def plain(text: str) -> str:
    """A Plotly label as the viewer reads it: line breaks as spaces, tags removed."""
    return visible_text(text.replace("<br>", " "))


def spec(figure: go.Figure) -> dict:
    """A figure as the browser receives it."""
    return json.loads(figure.to_json())
