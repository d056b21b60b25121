"""Chart images and printed pages: one Chromium, driven through kaleido, that stays open between exports.

Starting Chromium and loading plotly.js into it takes about as long as rendering a whole deck, so the
browser can be started ahead of need (`warm`), is shared by every export of the process (PNGs of Plotly
figures, and any other work handed to `in_browser`, such as printing the report to PDF), and closes by
itself once it has been idle for `IDLE_SECONDS`. Kaleido drives the Chromium named by `BROWSER_PATH`, or
the system's; it never downloads one.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import threading
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from smm_maturity import config

IDLE_SECONDS = 120.0
RENDER_TIMEOUT = 180.0
CLOSE_TIMEOUT = 10.0

ImageJob = tuple[go.Figure, dict[str, Any]]
"""A figure and kaleido's options for it: format, width, height and scale."""


class ImagesUnavailable(RuntimeError):
    """Chart images could not be rendered, most often because no Chromium is installed."""


def image_browser() -> str | None:
    """The Chromium that kaleido drives (`BROWSER_PATH`, else the system's), or None when there is none."""
    from choreographer.browsers.chromium import Chromium

    path = config.browser_path() or Chromium.find_browser(skip_local=False)
    return path if path and Path(path).is_file() else None


def no_browser_reason() -> str:
    """Why no chart image can be made, in one line for the command line."""
    configured = config.browser_path()
    if configured:
        return f"no browser at BROWSER_PATH={configured}"
    return "no Chromium installed (apt-get install chromium, or set BROWSER_PATH)"


def _renderer() -> Any:
    """A kaleido renderer whose tab keeps plotly.js loaded from one figure to the next.

    Kaleido reloads its page after every image, which costs more than the image itself; the figures of
    an export are independent of one another, so the page is reused as it is.
    """
    import kaleido

    class KeptTab(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab: Any) -> None:
            await self.tabs_ready.put(tab)

    return KeptTab(n=1, mathjax=False, path=image_browser())


Work = Callable[[Any], Awaitable[Any]]
"""What to do with the open browser (kaleido's, a choreographer browser): a coroutine function of it."""
Batch = tuple[Work, concurrent.futures.Future[Any]]


class _Session:
    """One browser with an event loop in a thread of its own, rendering the batches handed to it until idle."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.batches: asyncio.Queue[Batch | None] = asyncio.Queue()
        self.waiting = 0
        self.closed = False
        self.thread = threading.Thread(target=self._run, name="images", daemon=True)
        self.thread.start()

    def submit(self, batch: Batch | None) -> None:
        """Hand a batch (or None, to close) to the browser's thread; the caller holds `_lock`."""
        self.waiting += batch is not None
        self.loop.call_soon_threadsafe(self.batches.put_nowait, batch)

    def _run(self) -> None:
        try:
            self.loop.run_until_complete(self._serve())
        finally:
            self.loop.close()

    async def _serve(self) -> None:
        """Open the browser and render batch after batch; a failure ends the session, so the next export starts afresh."""
        try:
            async with _renderer() as renderer:
                while (batch := await self._next_batch()) is not None:
                    work, done = batch
                    try:
                        done.set_result(await work(renderer))
                    except Exception as error:
                        done.set_exception(error)
                        raise
        except Exception as error:
            await self._fail_waiting(error)

    async def _next_batch(self) -> Batch | None:
        """The next batch, or None once the session is closed or has been idle for `IDLE_SECONDS`."""
        while True:
            try:
                batch = await asyncio.wait_for(self.batches.get(), IDLE_SECONDS)
            except TimeoutError:
                with _lock:
                    if self.waiting == 0:
                        self._end()
                        return None
                continue
            with _lock:
                self.waiting -= batch is not None
            return batch

    def _end(self) -> None:
        """Take this session out of use; the caller holds `_lock`."""
        global _session
        self.closed = True
        if _session is self:
            _session = None

    async def _fail_waiting(self, error: Exception) -> None:
        """Pass a failure of the browser itself on to every batch handed over, and end the session."""
        with _lock:
            self._end()
        await asyncio.sleep(0)
        while not self.batches.empty():
            batch = self.batches.get_nowait()
            if batch is not None and not batch[1].done():
                batch[1].set_exception(error)


_lock = threading.Lock()
_session: _Session | None = None


def _open_session() -> _Session:
    """The running session, started if there is none; the caller holds `_lock`."""
    global _session
    if _session is None or _session.closed:
        _session = _Session()
    return _session


def warm() -> bool:
    """Start the browser in the background so that the next export need not wait for it; False without one."""
    if image_browser() is None:
        return False
    with _lock:
        _open_session()
    return True


def close() -> None:
    """Close the browser now, if one is open."""
    with _lock:
        session = _session
        if session is None:
            return
        session._end()
        session.submit(None)
    session.thread.join(CLOSE_TIMEOUT)


atexit.register(close)


def in_browser(work: Work) -> Any:
    """The result of a piece of work done with the shared browser, which is started if need be.

    Raises ImagesUnavailable when there is no browser or the work fails.
    """
    if image_browser() is None:
        raise ImagesUnavailable(no_browser_reason())
    done: concurrent.futures.Future[Any] = concurrent.futures.Future()
    with _lock:
        _open_session().submit((work, done))
    try:
        return done.result(timeout=RENDER_TIMEOUT)
    except Exception as error:
        raise ImagesUnavailable(_first_line(error)) from error


def render_pngs(jobs: Sequence[ImageJob]) -> list[bytes]:
    """PNG images of the figures, in order, from the shared browser.

    Raises ImagesUnavailable when no image can be made.
    """
    if not jobs:
        return []

    async def draw(renderer: Any) -> list[bytes]:
        return [await renderer.calc_fig(figure, opts=opts) for figure, opts in jobs]

    result: list[bytes] = in_browser(draw)
    return result


def _first_line(error: Exception) -> str:
    """The first line of an error's first argument, which is where choreographer and kaleido say what failed."""
    text = str(error.args[0]) if error.args else ""
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__
