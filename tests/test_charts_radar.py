"""The profile radars: which points they draw, what they compare and what their titles say."""

from __future__ import annotations

import pytest
from chart_data import CODES, INSTRUMENT, group, plain, spec

from smm_maturity import scoring
from smm_maturity.charts import radar
from smm_maturity.palette import STAGE_COLOURS
from smm_maturity.scoring import DimensionScore, GroupScore, WaveScores

RISING = {code: 3.0 + index * 0.1 for index, code in enumerate(CODES)}


def with_hidden(source: GroupScore, code: str) -> GroupScore:
    """The group with one dimension hidden."""
    dimensions = {**source.dimensions, code: DimensionScore(code, 2, True)}
    return GroupScore(
        source.group, source.respondents, False, dimensions, source.mean, source.index, source.stage
    )


def test_the_department_radar_compares_with_the_organisation() -> None:
    department = group("Stark", RISING)
    figure = spec(radar.department_radar(department, group(scoring.ORGANISATION, 3.0), INSTRUMENT, "de"))
    organisation, own = figure["data"]
    assert [3.0] * 9 == organisation["r"]
    assert pytest.approx([3.0 + index * 0.1 for index in range(8)] + [3.0]) == own["r"]
    assert "Stark" == own["name"]
    assert "Gesamtorganisation" == organisation["name"]


def test_the_organisation_radar_names_the_biggest_gain_since_the_previous_wave() -> None:
    before = WaveScores("Frühjahr", 5, group(scoring.ORGANISATION, 2.5), ())
    after = WaveScores(
        "Herbst", 5, group(scoring.ORGANISATION, {**dict.fromkeys(CODES, 2.6), "MON": 3.4}), ()
    )
    title = spec(radar.organisation_radar(after, before, INSTRUMENT, "de"))["layout"]["title"]["text"]
    assert "Seit Frühjahr gewachsen, am stärksten bei Monitoring & Erfolgskontrolle (+0,90)" == plain(title)


def test_the_organisation_radar_draws_targets_as_a_closed_dotted_line() -> None:
    current = WaveScores("Herbst", 5, group(scoring.ORGANISATION, 3.0), ())
    targets = dict.fromkeys(CODES, 3.4)
    figure = spec(radar.organisation_radar(current, None, INSTRUMENT, "en", targets))
    own, target = figure["data"]
    assert "Herbst" == own["name"]
    assert [3.4] * 9 == target["r"]
    assert {"color": STAGE_COLOURS[1], "width": 2, "dash": "dot"} == target["line"]
