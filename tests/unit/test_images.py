"""Chart images: one shared browser, reused between exports, closed when idle, and clear failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest
from browser_harness import require_chromium

from smm_maturity import images

pytestmark = pytest.mark.slow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def job(title: str, width: int = 400, height: int = 300) -> images.ImageJob:
    figure = go.Figure(go.Bar(x=["Marketing", "Produktion"], y=[3.4, 2.1]), layout={"title": title})
    return figure, {"format": "png", "width": width, "height": height, "scale": 1}


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


@pytest.fixture
def chromium() -> Iterator[None]:
    """A system Chromium for kaleido, and no browser left open by the test."""
    require_chromium()
    images.close()
    yield
    images.close()


def test_images_come_back_in_order_at_their_sizes(chromium: None) -> None:
    pngs = images.render_pngs([job("one", 400, 300), job("two", 640, 200)])
    assert [PNG_SIGNATURE, PNG_SIGNATURE] == [png[:8] for png in pngs]
    assert [(400, 300), (640, 200)] == [png_size(png) for png in pngs]


def test_the_browser_is_shared_between_exports(chromium: None) -> None:
    assert images.warm()
    session = images._session
    first = images.render_pngs([job("same")])
    second = images.render_pngs([job("same"), job("other")])
    assert session is images._session
    assert session is not None and session.thread.is_alive()
    assert first[0] == second[0]
    assert second[0] != second[1]


def test_a_kept_tab_draws_the_same_image_as_a_fresh_browser(chromium: None) -> None:
    images.render_pngs([job("a figure before")])
    after_another = images.render_pngs([job("the figure")])
    images.close()
    fresh = images.render_pngs([job("the figure")])
    assert fresh == after_another


def test_an_idle_browser_closes_and_the_next_export_opens_one(
    chromium: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images, "IDLE_SECONDS", 0.5)
    images.render_pngs([job("before")])
    session = images._session
    assert session is not None
    session.thread.join(timeout=15)
    assert (False, True, None) == (session.thread.is_alive(), session.closed, images._session)
    assert PNG_SIGNATURE == images.render_pngs([job("after")])[0][:8]


def test_closing_ends_the_browser_thread(chromium: None) -> None:
    images.warm()
    session = images._session
    assert session is not None
    images.close()
    assert (False, None) == (session.thread.is_alive(), images._session)


def test_without_a_browser_the_error_says_how_to_get_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    assert not images.warm()
    with pytest.raises(images.ImagesUnavailable, match="no browser at BROWSER_PATH=.*no-chromium"):
        images.render_pngs([job("never drawn")])


def test_a_browser_that_will_not_start_fails_every_waiting_export(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    not_a_browser = tmp_path / "chromium"
    not_a_browser.write_text("#!/bin/sh\nexit 1\n")
    not_a_browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(not_a_browser))
    images.close()
    with pytest.raises(
        images.ImagesUnavailable, match="^The browser seemed to close immediately after starting.$"
    ):
        images.render_pngs([job("never drawn")])
    assert images._session is None
