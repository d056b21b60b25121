"""The answers per item: which items are shown, how they are labelled, and the diverging bars."""

from __future__ import annotations

import pandas as pd
import pytest
from chart_data import INSTRUMENT, plain, spec

from smm_maturity.charts import likert
from smm_maturity.charts.likert import LikertRow


def distribution(**columns: list) -> pd.DataFrame:
    """An item distribution with TRA1 and TRA3 (reverse-coded), overridable per column."""
    base = {
        "item_code": ["TRA1", "TRA3"],
        "n": [20, 20],
        "disagree": [0.2, 0.6],
        "neutral": [0.3, 0.1],
        "agree": [0.5, 0.3],
        "mean": [3.4, 2.5],
        "sd": [1.1, 0.9],
    }
    return pd.DataFrame(base | columns)


def row(code: str, disagree: float, neutral: float, agree: float, reverse: bool = False) -> LikertRow:
    return LikertRow(code, reverse, f"Statement {code}", code, "", disagree, neutral, agree, None)


# ------------------------------------------------------------------------------------------ decisions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kurz und klar.", "Kurz und klar."),
        ("x" * 58, "x" * 58),
        (
            "Wir teilen Wissen über Abteilungsgrenzen hinweg, auch wenn es Zeit kostet.",
            "Wir teilen Wissen über Abteilungsgrenzen hinweg, auch …",
        ),
    ],
)
def test_short_item_text_cuts_long_texts_at_a_word(text: str, expected: str) -> None:
    assert expected == likert.short_item_text(text)


def test_likert_rows_follow_the_questionnaire_and_skip_items_without_answers() -> None:
    frame = distribution(item_code=["TRA3", "TRA1"])
    assert ["TRA1", "TRA3"] == [r.code for r in likert.likert_rows(frame, "TRA", INSTRUMENT, "en")]
    assert [] == likert.likert_rows(frame.iloc[0:0], "TRA", INSTRUMENT, "en")


def test_a_reverse_coded_item_is_marked_in_its_label_and_hover() -> None:
    rows = likert.likert_rows(distribution(sd=[1.1, float("nan")]), "TRA", INSTRUMENT, "en")
    assert (
        LikertRow(
            code="TRA3",
            reverse=True,
            statement="We often learn about important decisions only …",
            label="TRA3 (reversed)  We often learn about<br>important decisions only …",
            hover="<b>TRA3</b> (reversed): We often learn about important decisions<br>only afterwards or second-hand."
            "<br>Agree: 30% · Neutral: 10% · Disagree: 60%<br>Mean: 2.50 · SD: – · n = 20",
            disagree=0.6,
            neutral=0.1,
            agree=0.3,
            sd=None,
        )
        == rows[1]
    )
    assert not rows[0].reverse and rows[0].label.startswith("TRA1  ")


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        ((0.2, 0.3, 0.5), (-0.35, -0.15, 0.15)),
        ((0.0, 1.0, 0.0), (-0.5, -0.5, 0.5)),
        ((0.5, 0.0, 0.5), (-0.5, 0.0, 0.0)),
    ],
)
def test_segment_bases_centre_the_neutral_share_on_zero(
    shares: tuple[float, float, float], expected: tuple[float, float, float]
) -> None:
    assert pytest.approx(expected) == likert.segment_bases(row("X", *shares))


@pytest.mark.parametrize(
    ("share", "lang", "expected"), [(0.08, "de", "8\u00a0%"), (0.079, "en", ""), (0.55, "en", "55%")]
)
def test_share_label_is_left_out_where_it_would_not_fit(share: float, lang: str, expected: str) -> None:
    assert expected == likert.share_label(share, lang)


def test_the_least_favourable_item_counts_agreement_with_a_reverse_coded_item() -> None:
    rows = [
        row("A", 0.2, 0.3, 0.5),
        row("B", 0.1, 0.3, 0.6, reverse=True),
        row("C", 0.6, 0.0, 0.4, reverse=True),
    ]
    assert rows[1] == likert.least_favourable(rows)
    first = row("A", 0.3, 0.0, 0.7)
    assert first == likert.least_favourable([first, row("B", 0.3, 0.0, 0.7)])
    assert likert.least_favourable([]) is None


def test_likert_title_quotes_the_statement_rather_than_its_code() -> None:
    assert "Transparenz: am kritischsten gesehen wird „Statement A“" == likert.likert_title(
        [row("A", 0.2, 0.3, 0.5)], "Transparenz", "de"
    )
    assert "Transparency: answers per statement" == likert.likert_title([], "Transparency", "en")


# ------------------------------------------------------------------------------------------- figures


def test_likert_bars_diverge_around_zero_with_neutral_centred_and_name_the_least_favourable_item() -> None:
    """TRA3 is reverse-coded, so its 30 % agreement weighs more than TRA1's 20 % disagreement."""
    figure = spec(likert.likert_bars(distribution(), "TRA", INSTRUMENT, "en"))
    disagree, neutral, agree = figure["data"][:3]
    assert [-0.35, -0.65] == disagree["base"]
    assert [-0.15, -0.05] == neutral["base"]
    assert [0.15, 0.05] == agree["base"]
    assert 3 == len(figure["data"]), "the spread is in the hover text only"
    assert "Transparency: “We often learn about important decisions only …” is seen most critically" == plain(
        figure["layout"]["title"]["text"]
    )


def test_likert_shares_are_written_level_even_in_a_narrow_bar() -> None:
    """A rotated "9 %" reads as "% 6"; a label that does not fit shrinks instead."""
    frame = pd.DataFrame(
        {"item_code": ["TRA1"], "n": [11], "disagree": [0.09], "neutral": [0.36], "agree": [0.55]}
        | {"mean": [3.6], "sd": [0.7]}
    )
    figure = spec(likert.likert_bars(frame, "TRA", INSTRUMENT, "de"))
    bars = figure["data"][:3]
    assert [["9\u00a0%"], ["36\u00a0%"], ["55\u00a0%"]] == [bar["text"] for bar in bars]
    assert [0, 0, 0] == [bar["textangle"] for bar in bars]


def test_likert_bars_without_answers_say_so_in_the_title() -> None:
    figure = spec(likert.likert_bars(distribution().iloc[0:0], "TRA", INSTRUMENT, "de"))
    assert "Transparenz: Antworten je Aussage" == plain(figure["layout"]["title"]["text"])
    assert 320 == figure["layout"]["height"]
