"""The profile radar: which points it draws and what its title says."""

from __future__ import annotations

import pytest
from chart_data import CODES, INSTRUMENT, group, spec

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


# ------------------------------------------------------------------------------------------ decisions


def test_radar_means_leave_a_gap_for_a_hidden_dimension() -> None:
    means = radar.radar_means(with_hidden(group("A", 3.0), "KOO"), INSTRUMENT)
    assert [3.0, 3.0, None, 3.0, 3.0, 3.0, 3.0, 3.0] == means


def test_radar_hover_names_group_dimension_mean_and_stage() -> None:
    names = radar.radar_axis_labels(INSTRUMENT, "en")[:2]
    assert ["<b>IT</b><br>Silos & knowledge sharing: 3.50 (Integrated)", "<b>IT</b><br>Transparency: –"] == (
        radar.radar_hover("IT", names, [3.5, None], INSTRUMENT, "en")
    )


def test_radar_axis_labels_wrap_long_dimension_names() -> None:
    assert "Silos &<br>Wissensaustausch" == radar.radar_axis_labels(INSTRUMENT, "de")[0]


def test_closed_repeats_the_first_value() -> None:
    assert [1, 2, 3, 1] == radar.closed([1, 2, 3])


@pytest.mark.parametrize(
    ("means", "expected"),
    [
        (
            RISING,
            "Am stärksten bei der Lern- & Veränderungskultur (3,70), am schwächsten bei Silos & Wissensaustausch (3,00)",
        ),
        (
            {**dict.fromkeys(CODES, 3.0), "TRA": 2.5, "AUG": 2.5, "KUL": 3.5},
            "Am stärksten bei der Lern- & Veränderungskultur (3,50), "
            "am schwächsten bei der Transparenz und bei der Digitalen Augenhöhe (2,50)",
        ),
        (3.0, "Das Profil der Organisation"),
    ],
)
def test_the_radar_title_names_the_strongest_and_weakest_dimension_with_those_that_tie(
    means: dict[str, float] | float, expected: str
) -> None:
    assert expected == radar.organisation_radar_title(group(scoring.ORGANISATION, means), INSTRUMENT, "de")


# ------------------------------------------------------------------------------------------- figures


def test_the_organisation_radar_draws_targets_as_a_closed_dotted_line() -> None:
    current = WaveScores("Herbst", 5, group(scoring.ORGANISATION, 3.0), ())
    targets = dict.fromkeys(CODES, 3.4)
    figure = spec(radar.organisation_radar(current, INSTRUMENT, "en", targets))
    own, target = figure["data"]
    assert "Herbst" == own["name"]
    assert [3.4] * 9 == target["r"]
    assert {"color": STAGE_COLOURS[1], "width": 2, "dash": "dot"} == target["line"]
