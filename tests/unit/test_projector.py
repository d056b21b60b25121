"""The projector view's logic: which styles its state gives, its buttons and keys, and charts without a height."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from smm_maturity import i18n, presentation


@pytest.mark.parametrize(
    ("embedded", "toggled", "hidden"),
    [(False, False, False), (False, True, True), (True, False, True), (True, True, False)],
)
def test_embedding_hides_the_controls_and_the_toggle_flips_that(
    embedded: bool, toggled: bool, hidden: bool
) -> None:
    assert hidden == presentation.controls_hidden(embedded, toggled)


@pytest.mark.parametrize(
    ("state", "embedded", "expected"),
    [
        ({}, False, "<style></style>"),
        ({}, True, f"<style>{presentation.HIDE_CONTROLS}</style>"),
        ({"presentation_slide_only": True}, True, "<style></style>"),
        ({"presentation_blank": True}, False, f"<style>{presentation.BLANK}</style>"),
        (
            {"presentation_blank": True, "presentation_slide_only": True},
            False,
            f"<style>{presentation.HIDE_CONTROLS} {presentation.BLANK}</style>",
        ),
    ],
)
def test_the_view_state_as_styles(state: dict[str, bool], embedded: bool, expected: str) -> None:
    assert expected == presentation.view_css(state, embedded)


def test_every_control_has_its_own_key_and_shortcut_and_a_text_in_both_languages() -> None:
    controls = presentation.CONTROLS
    assert len(controls) == len({control.key for control in controls})
    assert ["Left", "Right", "PageUp", "PageDown", "B", "H"] == [control.shortcut for control in controls]
    for lang in i18n.LANGUAGES:
        assert set() == {control.label_key for control in controls} - set(i18n.catalogue(lang))


@pytest.mark.parametrize(
    ("number", "disabled"),
    [
        (1, [True, False, True, False, False, False]),
        (7, [False] * 6),
        (14, [False, True, False, True, False, False]),
    ],
)
def test_turning_past_either_end_is_disabled(number: int, disabled: list[bool]) -> None:
    assert disabled == [control.options(number, 14)["disabled"] for control in presentation.CONTROLS]


def test_each_arrow_is_shown_once_on_the_side_it_points_to() -> None:
    back, forward = presentation.STEPS
    expected = [(":material/arrow_back:", "left"), (":material/arrow_forward:", "right")]
    assert expected == [(step.icon, step.icon_position) for step in (back, forward)]


def test_a_projected_chart_has_no_fixed_height() -> None:
    figure = go.Figure(go.Bar(x=["a"], y=[1]), layout={"height": 300, "margin": {"l": 10, "r": 10}})
    projected = presentation.projected(figure)
    assert (None, True, 300) == (projected.layout.height, projected.layout.autosize, figure.layout.height)
    assert figure.data[0].y == projected.data[0].y
