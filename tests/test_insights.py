"""The texts the pages build from scores: here, the comments list."""

from __future__ import annotations

from smm_maturity import insights


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
