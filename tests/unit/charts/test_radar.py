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


def test_largest_difference_names_the_biggest_lead_and_lag() -> None:
    difference = radar.largest_difference(group("A", RISING), group("O", 3.2), INSTRUMENT)
    assert difference is not None
    assert ("KUL", "SIL") == (difference.best, difference.worst)
    assert pytest.approx((0.5, -0.2)) == (difference.ahead, difference.behind)


def test_largest_difference_skips_hidden_dimensions_and_is_none_without_any() -> None:
    hidden_everywhere = group("H", None)
    assert radar.largest_difference(group("A", 3.0), hidden_everywhere, INSTRUMENT) is None
    difference = radar.largest_difference(with_hidden(group("A", RISING), "KUL"), group("O", 3.0), INSTRUMENT)
    assert difference is not None and "MON" == difference.best


def test_radar_comparison_is_the_previous_organisation_unless_missing_or_hidden() -> None:
    previous = WaveScores("Frühjahr", 5, group(scoring.ORGANISATION, 2.5), ())
    assert previous.organisation == radar.radar_comparison(previous)
    assert radar.radar_comparison(None) is None
    assert radar.radar_comparison(WaveScores("F", 5, group(scoring.ORGANISATION, None), ())) is None


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (
            2.5,
            {**dict.fromkeys(CODES, 2.6), "MON": 3.4},
            "Seit Frühjahr gewachsen, am stärksten bei Monitoring & Erfolgskontrolle (+0,90)",
        ),
        (3.0, 2.8, "Seit Frühjahr kaum verändert"),
        (None, 2.8, "Das Profil der Organisation"),
    ],
)
def test_organisation_radar_title(
    before: float | None, after: dict[str, float] | float, expected: str
) -> None:
    previous = WaveScores("Frühjahr", 5, group(scoring.ORGANISATION, before), ())
    current = WaveScores("Herbst", 5, group(scoring.ORGANISATION, after), ())
    assert expected == plain(radar.organisation_radar_title(current, previous, INSTRUMENT, "de"))


def test_organisation_radar_title_without_a_previous_wave() -> None:
    current = WaveScores("Herbst", 5, group(scoring.ORGANISATION, 3.0), ())
    assert "The organisation's profile" == radar.organisation_radar_title(current, None, INSTRUMENT, "en")


def test_department_radar_title() -> None:
    assert (
        "Stark gegenüber allen: vorn bei Lern- & Veränderungskultur, zurück bei Silos & Wissensaustausch"
        == plain(
            radar.department_radar_title(
                group("Stark", RISING), group(scoring.ORGANISATION, 3.2), INSTRUMENT, "de"
            )
        )
    )
    assert "&lt;i&gt;X&lt;/i&gt; gegenüber allen" == radar.department_radar_title(
        group("<i>X</i>", 3.0), group("O", None), INSTRUMENT, "de"
    )


# ------------------------------------------------------------------------------------------- figures


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
