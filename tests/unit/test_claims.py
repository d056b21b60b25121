"""Claims: each statement as data first, then worded in German and English with the grammar each needs."""

from __future__ import annotations

import base64

import pytest
from chart_data import CODES, INSTRUMENT, group, trend_points, wave

from smm_maturity import branding, claims, scoring
from smm_maturity.claims import ABOVE, ALL, BELOW, HIGHEST, LEVEL, LOWEST, MOST, Claim
from smm_maturity.i18n import LocalisedError, t
from smm_maturity.scoring import DimensionScore, GroupScore, SiloScore, WaveScores

ORGANISATION = group(scoring.ORGANISATION, 3.0, 40)
PRODUKTION = group("Produktion", {**dict.fromkeys(CODES, 2.5), "VER": 2.9, "KOO": 2.14})
"""Behind the organisation in every dimension; its smallest gap is Verankerung & Führung."""


def with_hidden(source: GroupScore, code: str) -> GroupScore:
    dimensions = {**source.dimensions, code: DimensionScore(code, 2, True)}
    return GroupScore(
        source.group, source.respondents, False, dimensions, source.mean, source.index, source.stage
    )


# ----------------------------------------------------------------------------------------- claims


@pytest.mark.parametrize(
    ("department", "expected"),
    [
        (PRODUKTION, (Claim("gap", "Produktion", "", "KOO", BELOW, -0.86, ALL),)),
        (
            group("Mix", {**dict.fromkeys(CODES, 3.0), "TRA": 3.4, "AUG": 2.7}),
            (
                Claim("gap", "Mix", "", "TRA", ABOVE, 0.4, MOST),
                Claim("gap", "Mix", "", "AUG", BELOW, -0.3, MOST),
            ),
        ),
        (
            group("Oben", {**dict.fromkeys(CODES, 3.0), "SIL": 3.2, "MON": 3.2}),
            (Claim("gap", "Oben", "", "SIL", ABOVE, 0.2, MOST, also=("MON",)),),
        ),
        (group("Gleich", 3.0), (Claim("gap", "Gleich", "", None, LEVEL, 0.0, ALL),)),
    ],
)
def test_gap_claims_name_the_furthest_above_and_below_only_where_they_are(
    department: GroupScore, expected: tuple[Claim, ...]
) -> None:
    assert expected == claims.gap_claims(department, ORGANISATION, INSTRUMENT)


def test_a_hidden_dimension_is_never_claimed() -> None:
    found = claims.gap_claims(with_hidden(PRODUKTION, "KOO"), ORGANISATION, INSTRUMENT)
    assert (
        Claim("gap", "Produktion", "", "SIL", BELOW, -0.5, ALL, also=("TRA", "KOM", "AUG", "MON", "KUL")),
    ) == found


def test_the_department_behind_everywhere_is_not_ahead_in_its_smallest_gap() -> None:
    found = claims.gap_claims(PRODUKTION, ORGANISATION, INSTRUMENT)
    assert (
        "Produktion liegt in jeder Dimension unter der Organisation, am deutlichsten bei der Abteilungskoordination (−0,86)",
        "Produktion is below the organisation in every dimension, most in department coordination (−0.86)",
    ) == tuple(claims.gap_headline(found, "Produktion", INSTRUMENT, lang) for lang in ("de", "en"))


@pytest.mark.parametrize(
    ("key", "forbidden"),
    [
        ("claim.gap.below_all", ("vorn", "ahead", "über", "above")),
        ("claim.gap.below_only", ("vorn", "ahead")),
        ("claim.gap.above_all", ("zurück", "behind", "unter", "below")),
        ("claim.gap.above_only", ("zurück", "behind")),
        ("claim.change.below_all", ("gestiegen", "rose", "rise")),
        ("claim.change.above_all", ("gesunken", "fell", "fall")),
    ],
)
def test_a_one_sided_headline_has_no_word_of_the_other_side(key: str, forbidden: tuple[str, ...]) -> None:
    texts = (t(key, "de"), t(key, "en"))
    assert [] == [word for word in forbidden for text in texts if f" {word} " in f" {text} "]


def test_change_claims_come_from_the_trends_published_changes_with_their_verdict() -> None:
    found = claims.change_claims(trend_points(), wave="W2")
    assert (Claim("change", "", "W1", "SIL", ABOVE, 0.8, MOST, True),) == found
    assert "Seit W1 nirgends gesunken; am stärksten gestiegen bei Silos & Wissensaustausch (+0,80)" == (
        claims.change_headline(found, INSTRUMENT, "de")
    )
    assert () == claims.change_claims(trend_points(), wave="W1")


def test_rank_and_department_claims_pick_the_extremes_and_say_nothing_when_all_are_equal() -> None:
    scores = wave()
    assert (
        Claim("department", "Stark", "departments", None, HIGHEST, scores.department("Stark").index),
        Claim("department", "Schwach", "departments", None, LOWEST, scores.department("Schwach").index),
    ) == claims.department_claims(scores)
    assert () == claims.rank_claims(ORGANISATION, INSTRUMENT)
    assert "Reifegrad je Abteilung und Dimension" == claims.department_headline((), "de")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("AUG", "bei der Digitalen Augenhöhe"),
        ("KOM", "bei den Kernkompetenzen"),
        ("VER", "bei Verankerung & Führung"),
        ("KUL", "bei der Lern- & Veränderungskultur"),
    ],
)
def test_german_dimension_names_take_their_article_and_case(code: str, expected: str) -> None:
    assert expected == claims.in_dimension(code, INSTRUMENT, "de")


def test_the_summary_says_where_the_organisation_stands_its_strength_gap_change_and_silo() -> None:
    means = {**dict.fromkeys(CODES, 3.0), "AUG": 3.5, "MON": 2.2}
    scores = WaveScores("W2", 5, group(scoring.ORGANISATION, means, 40), ())
    silos = [SiloScore("Produktion", 2.1, 2.3, 2.2, True), SiloScore("IT", 3.5, 3.4, 3.45, False)]
    found = claims.summary_claims(scores, trend_points(), silos, INSTRUMENT)
    assert (
        "Die Organisation steht auf Stufe 3 „Koordiniert“, mit einem Reifegrad-Index von 49,0 von 100.",
        "Ihre größte Stärke liegt bei der Digitalen Augenhöhe (Mittelwert 3,50).",
        "Den größten Handlungsbedarf hat sie bei Monitoring & Erfolgskontrolle (Mittelwert 2,20).",
        "Seit W1 hat sie sich bei Silos & Wissensaustausch am stärksten verbessert (+0,80, klare Veränderung).",
        "Als Silo zeigt sich Produktion: Die Zusammenarbeit mit den anderen Abteilungen wird im Mittel beider "
        "Richtungen unter 2,60 bewertet.",
    ) == claims.summary_sentences(found, INSTRUMENT, "de")


def test_a_hidden_organisation_gets_no_summary() -> None:
    assert () == claims.summary_claims(
        WaveScores("W", 5, group(scoring.ORGANISATION, None), ()), [], [], INSTRUMENT
    )


# --------------------------------------------------------------------------------------- branding

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PNG, "image/png"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "image/svg+xml"),
        (b"  <svg viewBox='0 0 1 1'></svg>", "image/svg+xml"),
    ],
)
def test_a_logo_is_typed_by_its_first_bytes(content: bytes, expected: str) -> None:
    assert expected == branding.logo_type(content)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xd8\xff\xe0 a jpeg named logo.png", "keine PNG- oder SVG-Datei"),
        (b"<svg onload='alert(1)'></svg>", "Skripte"),
        (b"<svg><script>alert(1)</script></svg>", "Skripte"),
        (PNG + b"\0" * branding.MAX_LOGO_BYTES, "größer als 256 KB"),
    ],
)
def test_a_bad_logo_is_refused_in_one_sentence(content: bytes, words: str) -> None:
    with pytest.raises(LocalisedError) as refused:
        branding.logo_type(content)
    assert words in refused.value.message("de")
