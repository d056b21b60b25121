"""The texts and numbers the pages and slides build from scores: the comments list and the headline metrics."""

from __future__ import annotations

from smm_maturity import disclosure, insights
from smm_maturity.i18n import t
from smm_maturity.insights import Metric
from smm_maturity.instrument import load_instrument
from smm_maturity.scoring import ORGANISATION, GroupScore, WaveScores


def test_comments_are_listed_in_the_given_order_each_text_once_without_a_count() -> None:
    comments = ["Mehr Austausch mit Vertrieb", "Abstimmung dauert zu lange", "Mehr Austausch mit Vertrieb "]
    expected = "- Mehr Austausch mit Vertrieb\n- Abstimmung dauert zu lange"
    assert expected == insights.comments_markdown(comments)


def test_a_comment_is_shown_literally_with_its_line_breaks() -> None:
    comments = ["**Wichtig:** [hier](http://x.example)\n\n  # zweite Zeile  "]
    expected = "- \\*\\*Wichtig\\:\\*\\* \\[hier\\]\\(http\\://x\\.example\\)  \n  \\# zweite Zeile"
    assert expected == insights.comments_markdown(comments)


def test_no_comments_give_an_empty_list() -> None:
    assert "" == insights.comments_markdown([])


# --------------------------------------------------------------------------------- standing metrics

INSTRUMENT = load_instrument()


def group(name: str, respondents: int, index: float | None = None, stage: int | None = None) -> GroupScore:
    """A group's scores with only the numbers the headline metrics read."""
    return GroupScore(name, respondents, suppressed=index is None, index=index, stage=stage)


def wave(name: str, organisation: GroupScore, *departments: GroupScore) -> WaveScores:
    return WaveScores(name, 5, organisation, departments)


NOW = wave(
    "Frühjahr 2026",
    group(ORGANISATION, 40, 62.5, 4),
    group("Marketing", 25, 60.0, 3),
    group("Vertrieb", 12, 66.0, 4),
    group("Recht", 3),
)
HEADCOUNTS = {"Marketing": 50, "Vertrieb": 30, "Recht": 20}
COUNTS = {"Marketing": 25, "Vertrieb": 12, "Recht": 3}


def people(headcounts: dict[str, int]) -> disclosure.Participation:
    """Participation as `scoring.participation` publishes it for NOW's responses."""
    return disclosure.participation(COUNTS, headcounts, 5)


def test_the_standing_metrics_carry_the_changes_since_the_previous_wave() -> None:
    before = wave("Herbst 2025", group(ORGANISATION, 44, 64.0, 4))
    expected = (
        Metric(
            "Reifegrad-Index (0–100)",
            "62,5",
            "\u22121,5 seit Herbst 2025",
            "-1,5",
            "seit Herbst 2025",
            t("overview.index_help", "de"),
        ),
        Metric("Stufe", "Integriert", "Stufe 4 von 5", help=t("overview.stage_help", "de")),
        Metric(
            "Antworten",
            "40",
            "\u22124 seit Herbst 2025",
            "-4",
            "seit Herbst 2025",
            "2 von 3 Abteilungen werden gezeigt; die übrigen sind zum Schutz der Anonymität ausgeblendet.",
        ),
        Metric(
            "Beteiligung",
            "40\u00a0%",
            "von 100 Beschäftigten in Abteilungen mit Kopfzahl",
            help=t("overview.participation_card_help", "de"),
        ),
    )
    assert expected == insights.standing_metrics(NOW, before, people(HEADCOUNTS), INSTRUMENT, "de")


def test_without_a_shown_previous_wave_the_metrics_name_no_change() -> None:
    hidden_before = wave("Herbst 2025", group(ORGANISATION, 4))
    expected = (
        Metric("Maturity index (0–100)", "62.5", help=t("overview.index_help", "en")),
        Metric("Stage", "Integrated", "stage 4 of 5", help=t("overview.stage_help", "en")),
        Metric(
            "Responses",
            "40",
            help="2 of 3 departments are shown; the others are hidden to protect anonymity.",
        ),
        Metric("Participation", "–", "headcount unknown", help=t("overview.participation_card_help", "en")),
    )
    for previous in (None, hidden_before):
        assert expected == insights.standing_metrics(NOW, previous, people({}), INSTRUMENT, "en")


def test_participation_needs_the_headcount_of_every_department_that_answered() -> None:
    """A share over some departments would need the counts of the hidden ones that lack a headcount."""
    partial = {"Marketing": 50, "Vertrieb": 30}
    standing = insights.standing_metrics(NOW, None, people(partial), INSTRUMENT, "de")
    assert (
        Metric("Beteiligung", "–", "Kopfzahl unbekannt", help=t("overview.participation_card_help", "de"))
        == standing[3]
    )


def test_a_change_is_taken_from_the_published_figures_and_rounded_half_up() -> None:
    """Float subtraction gives 0.30000000000000004 and -1.4999999999999982; the change is 0.3 and -1.5."""
    assert (0.3, -1.5, 0.0, -4.0, None, None) == (
        insights.change(3.1, 2.8, 2),
        insights.change(62.5, 64.0, 1),
        insights.change(48.8, 48.8, 1),
        insights.change(40, 44, 0),
        insights.change(None, 2.8, 2),
        insights.change(3.1, None, 2),
    )
    assert 0.1 + 0.2 - 0.3 != 0 and 0.0 == insights.change(0.1 + 0.2, 0.3, 2)


def test_the_participation_table_shows_no_count_of_a_hidden_department() -> None:
    """Recht (3) is hidden for its size and Vertrieb (12) with it; neither shows responses, share or headcount."""
    table = insights.participation_table(people(HEADCOUNTS), "en")
    assert [
        ["Whole organisation", "40", "100", "40%"],
        ["Marketing", "25", "50", "50%"],
        ["Recht", "hidden to protect anonymity", "–", "–"],
        ["Vertrieb", "hidden to protect anonymity", "–", "–"],
    ] == table.to_numpy().tolist()
    assert ["Department", "Responses", "Headcount", "Participation"] == list(table.columns)
