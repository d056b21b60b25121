"""The dashboard figures of the benchmarks: AppTest page runs, the real process's memory, and the exports."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

import run
from benchmarks.figures import Figure, Timing, timed
from smm_maturity import navigation

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
READY = "[data-testid=stApp][data-test-script-state=notRunning]"
PAGE_TIMEOUT_S = 120


def dashboard_pages() -> list[tuple[str, str]]:
    """(script, URL path) of every screen in the page registry, in menu order."""
    return [(screen.script, screen.url_path) for screen in navigation.SCREENS]


def dashboard_test(root: Path, page: str) -> AppTest:
    """An AppTest of dashboard.py set to open one screen's file on its first run.

    AppTest starts every run in Streamlit's folder mode when the main script sits beside `pages/`, which
    would run the screen's file on its own; a two-line script in a folder of its own runs dashboard.py.
    """
    entry = f"import runpy\nrunpy.run_path({str(root / 'dashboard.py')!r}, run_name='__main__')\n"
    return AppTest.from_string(entry, default_timeout=PAGE_TIMEOUT_S).switch_page(str(root / page))


def _clear_caches() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def _page_run(test: AppTest) -> Timing:
    """Run an AppTest once and time it; an exception on the page fails the figure."""
    timing = timed(test.run)
    if test.exception:
        raise RuntimeError(f"the page raised: {test.exception[0].message}")
    return timing


def _measure_pages(root: Path, enterprise: Path, folder: Path, repeat: int, cold_repeat: int) -> list[Figure]:
    """Cold and warm AppTest runs of every page (each page runs once first, to import its modules)."""
    db = folder / "pages.duckdb"
    shutil.copyfile(enterprise, db)
    os.environ["SMM_DB"] = str(db)
    pages = dashboard_pages()
    for page, _url_path in pages:
        dashboard_test(root, page).run()
    cold_figures, warm_figures = [], []
    for page, url_path in pages:
        cold = Figure(
            f"page_cold:{url_path}", f"Cold AppTest run of {page} (empty caches)", "s", "≤ 2 s", limit=2.0
        )
        warm = Figure(f"page_warm:{url_path}", f"Warm AppTest run of {page}", "s", "≤ 300 ms", limit=0.3)
        try:
            for _ in range(cold_repeat):
                _clear_caches()
                test = dashboard_test(root, page)
                cold.add(_page_run(test))
            for _ in range(repeat):
                warm.add(_page_run(test))
        except Exception as error:  # noqa: BLE001 - a broken page is reported, the others still run
            cold.note = warm.note = f"error: {error}"[:160]
            for figure in (cold, warm):
                figure.samples.clear()
                figure.cpu.clear()
        cold_figures.append(cold)
        warm_figures.append(warm)
    _clear_caches()
    return [*cold_figures, *warm_figures]


def measure_pages(root: Path, enterprise: Path, folder: Path, repeat: int, cold_repeat: int) -> list[Figure]:
    """Cold (empty caches) and warm AppTest runs of every page on a copy of the enterprise database.

    Streamlit's warnings about running outside an app (bare mode) are silenced meanwhile.
    """
    logging.disable(logging.WARNING)
    configured = os.environ.get("SMM_DB")
    try:
        return _measure_pages(root, enterprise, folder, repeat, cold_repeat)
    finally:
        logging.disable(logging.NOTSET)
        if configured is None:
            os.environ.pop("SMM_DB", None)
        else:
            os.environ["SMM_DB"] = configured


def _memory_mb(pid: int) -> tuple[float, float]:
    """Peak (VmHWM) and current (VmRSS) resident memory of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    peak = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]
    current = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]
    return peak, current


def measure_memory(root: Path, enterprise: Path, folder: Path) -> Figure:
    """Peak RSS of a real `streamlit run` after Chromium opened every page on a copy of the enterprise database."""
    figure = Figure(
        "memory",
        "Peak RSS (VmHWM) of `streamlit run` after opening every page in Chromium",
        "MB",
        "≤ 1,024 MB",
        limit=1024,
    )
    if not CHROMIUM.exists():
        figure.note = f"not measured: no browser at {CHROMIUM}"
        return figure
    from playwright.sync_api import sync_playwright

    db = folder / "memory.duckdb"
    shutil.copyfile(enterprise, db)
    environment = {**os.environ, "SMM_DB": str(db)}
    with served(run.dashboard_command(sys.executable), root, environment) as (base, process):
        run.run_dashboard_once(base)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for _script, url_path in dashboard_pages():
                page.goto(f"{base}/{url_path}")
                page.wait_for_selector(READY, timeout=PAGE_TIMEOUT_S * 1000)
                if page.locator("[data-testid=stException]").count():
                    figure.note = f"an exception on {url_path}"
            browser.close()
        peak, current = _memory_mb(process.pid)
        figure.samples.append(peak)
        figure.note = figure.note or f"RSS after the last page {current:,.0f} MB"
    return figure


@contextlib.contextmanager
def served(
    command: list[str], folder: Path, environment: dict[str, str]
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Streamlit app started from `folder` on a free loopback port, until the block ends; its address and
    process."""
    port = run.free_port()
    process = subprocess.Popen(
        [*command, *run.loopback_options(port)],
        cwd=folder,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        run.wait_until_healthy(base, process, PAGE_TIMEOUT_S)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure_exports(root: Path, folder: Path, repeat: int) -> list[Figure]:
    """The demo organisation's HTML report and PPTX deck, built in process as the presentation page does.

    The cold deck starts its browser as `report --out deck.pptx` does, ahead of building the deck; the warm
    deck is a further export while that browser is still open, as when a consultant exports again.
    """
    html = Figure(
        "report_html",
        "HTML report of the demo organisation (deck data, slides, HTML)",
        "s",
        "≤ 3 s",
        limit=3.0,
    )
    pptx = Figure(
        "report_pptx",
        "PPTX deck of the demo organisation with kaleido chart images, starting the browser",
        "s",
        "≤ 10 s",
        limit=10.0,
    )
    pptx_warm = Figure(
        "report_pptx_warm",
        "PPTX deck exported again while the browser is open",
        "s",
        "≤ 10 s",
        limit=10.0,
    )
    figures = [html, pptx, pptx_warm]
    if not (root / "smm_maturity" / "images.py").exists():
        for figure in figures:
            figure.note = "not measured yet: smm_maturity/images.py does not exist"
        return figures
    from smm_maturity import demo, exports, images, slides, store

    con = store.connect(folder / "demo.duckdb")
    demo.load_demo(con)
    wave = store.waves(con)[-1].name

    report, slide_deck = exports.for_path("report.html"), exports.for_path("deck.pptx")

    def deck() -> slides.Deck:
        return slides.build_deck(slides.load_deck_data(con, wave), "de")

    def cold_deck() -> exports.ExportFile:
        images.warm()
        return slide_deck.render(deck())

    def measure(figure: Figure, export: Callable[[], object], before: Callable[[], object]) -> None:
        try:
            for _ in range(repeat):
                before()
                result = figure.add(timed(export))
            if isinstance(result, exports.ExportFile) and result.fallback:
                figure.note = f"without images: {result.fallback}"
        except Exception as error:  # noqa: BLE001 - an export that fails is reported, the others still run
            figure.note = f"error: {type(error).__name__}: {error}"[:160]
            figure.samples.clear()
            figure.cpu.clear()

    measure(html, lambda: report.render(deck()), lambda: None)
    measure(pptx, cold_deck, images.close)
    measure(pptx_warm, lambda: slide_deck.render(deck()), images.warm)
    images.close()
    con.close()
    return figures
