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
    return LikertRow(code, reverse, code, "", disagree, neutral, agree, None)


def test_likert_bars_diverge_around_zero_with_neutral_centred_and_name_the_least_favourable_item() -> None:
    """TRA3 is reverse-coded, so its 30 % agreement weighs more than TRA1's 20 % disagreement."""
    figure = spec(likert.likert_bars(distribution(), "TRA", INSTRUMENT, "en"))
    disagree, neutral, agree = figure["data"][:3]
    assert pytest.approx([-0.35, -0.65]) == disagree["base"]
    assert pytest.approx([-0.15, -0.05]) == neutral["base"]
    assert pytest.approx([0.15, 0.05]) == agree["base"]
    assert ["SD 1.1", "SD 0.9"] == figure["data"][3]["text"]
    assert "Transparency: TRA3 is seen most critically" == plain(figure["layout"]["title"]["text"])


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
