"""The PDF report: the offline HTML report printed to A4 by the shared Chromium, with page numbers, the
client's name in the header and page numbers in the table of contents.

The report is printed twice: the first print tells on which page each section landed (Chromium writes a
named destination for every section the contents link to), the second carries those pages in the
contents. The browser may load the report's file and nothing else; any other request is refused.
"""

from __future__ import annotations

import base64
import html
import json
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smm_maturity import images, slides
from smm_maturity.exports.html import report_html
from smm_maturity.exports.records import ExportFile
from smm_maturity.i18n import LocalisedError, t

MM_PER_INCH = 25.4
A4_INCHES = (210 / MM_PER_INCH, 297 / MM_PER_INCH)
MARGINS_MM = {"marginTop": 20, "marginBottom": 18, "marginLeft": 15, "marginRight": 15}
PRINT_SCALE = 0.75
"""How much the report is scaled down to fit A4, so that its charts keep the width they were drawn for."""
PRINT_WIDTH_PX = round((210 - 30) / MM_PER_INCH * 96 / PRINT_SCALE)
"""The width of A4 between the margins in CSS pixels at that scale, which the charts are laid out at."""
READ_CHUNK = 1 << 20
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
FIRST_PASS = {"generateTaggedPDF": False, "generateDocumentOutline": False}
"""The first print only tells where the sections land, so it skips the tags and bookmarks."""

PRINT_CSS = """
@page { size: A4; }
body { background: #fff; }
main { max-width: none; padding: 0; }
header.report { padding-top: 0; }
nav ol { columns: 1; padding-left: 0; list-style: none; }
nav li { display: flex; gap: 8px; align-items: baseline; }
nav li a { flex: 1; color: inherit; border-bottom: 1px dotted #999; }
nav .toc-page { min-width: 2.5em; text-align: right; }
nav { break-after: page; }
section.slide, section.method { break-before: page; margin: 0; padding: 0; border: none; }
section.slide { break-inside: auto; }
.modebar-container { display: none !important; }
summary { display: none; }
table { font-size: 15px; }
tr, .metric, ul.lines li { break-inside: avoid; }
h2, h3, h4 { break-after: avoid; }
footer { break-before: avoid; }
"""
"""What the printed pages need beyond the report's own styles: one section per page, no chart toolbars."""

PAGE_NUMBERS_SCRIPT = """
(pages => {
  for (const link of document.querySelectorAll('nav a[href^="#"]')) {
    const page = pages[link.getAttribute('href').slice(1)];
    if (!page) continue;
    const number = document.createElement('span');
    number.className = 'toc-page';
    number.textContent = page;
    link.after(number);
  }
})
"""
PREPARE_SCRIPT = """
new Promise(done => {
  document.querySelectorAll('details').forEach(details => { details.open = true; });
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  Promise.all(plots.map(plot => window.Plotly ? Plotly.Plots.resize(plot) : null))
    .then(() => requestAnimationFrame(() => requestAnimationFrame(() => done(plots.length))));
})
"""
"""Open every table of numbers and lay every chart out at the printed width before printing."""


@dataclass(frozen=True)
class Printed:
    """A printed report and every address the browser was asked for besides the report's own file."""

    content: bytes
    refused: tuple[str, ...]


class PrintFailed(RuntimeError):
    """The browser answered a command with an error."""


# --------------------------------------------------------------------------------------- the pages


def header_template(organisation: str, heading: str) -> str:
    """The header of every page: the client's name on the left, the report's title on the right."""
    style = "font-size:8px;width:100%;margin:0 15mm;display:flex;justify-content:space-between;color:#5B6472"
    return (
        f'<div style="{style}"><span style="font-weight:bold">{html.escape(organisation)}</span>'
        f"<span>{html.escape(heading)}</span></div>"
    )


def footer_template(lang: str) -> str:
    """The footer of every page: "page n of m" in the report's language."""
    text = html.escape(t("handover.pdf.page", lang, page="\0", pages="\1"))
    text = text.replace("\0", '<span class="pageNumber"></span>').replace(
        "\1", '<span class="totalPages"></span>'
    )
    style = "font-size:8px;width:100%;margin:0 15mm;text-align:right;color:#5B6472"
    return f'<div style="{style}">{text}</div>'


def print_options(deck: slides.Deck) -> dict[str, Any]:
    """Chromium's `Page.printToPDF` parameters: A4 with margins, backgrounds, header and footer."""
    width, height = A4_INCHES
    return {
        "paperWidth": width,
        "paperHeight": height,
        **{side: mm / MM_PER_INCH for side, mm in MARGINS_MM.items()},
        "printBackground": True,
        "scale": PRINT_SCALE,
        "displayHeaderFooter": True,
        "headerTemplate": header_template(deck.organisation, f"{t('report.title', deck.lang)} · {deck.wave}"),
        "footerTemplate": footer_template(deck.lang),
        "generateDocumentOutline": True,
        "transferMode": "ReturnAsStream",
    }


def printable_html(report: str) -> str:
    """The report with the print styles added after its own."""
    return report.replace("</head>", f"<style>{PRINT_CSS}</style></head>", 1)


# --------------------------------------------------------------------------------- reading the PDF

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
REFERENCE = re.compile(rb"(\d+) 0 R")


def _objects(pdf: bytes) -> dict[int, bytes]:
    """The PDF's objects by number, as their raw text (Chromium writes them without object streams)."""
    return {int(number): body for number, body in OBJECT.findall(pdf)}


def _page_order(objects: Mapping[int, bytes], node: int) -> list[int]:
    """The page objects under a node of the page tree, in reading order."""
    body = objects.get(node, b"")
    if not re.search(rb"/Type\s*/Pages\b", body):
        return [node]
    kids = re.search(rb"/Kids\s*\[(.*?)\]", body, re.S)
    return [
        page
        for kid in REFERENCE.findall(kids.group(1) if kids else b"")
        for page in _page_order(objects, int(kid))
    ]


def destination_pages(pdf: bytes) -> dict[str, int]:
    """The page (from 1) of each named destination of a PDF written by Chromium; empty when it has none."""
    objects = _objects(pdf)
    catalog = next((body for body in objects.values() if re.search(rb"/Type\s*/Catalog\b", body)), b"")
    root, dests = re.search(rb"/Pages\s+(\d+) 0 R", catalog), re.search(rb"/Dests\s+(\d+) 0 R", catalog)
    if root is None or dests is None:
        return {}
    pages = {page: index for index, page in enumerate(_page_order(objects, int(root.group(1))), start=1)}
    entries = re.findall(rb"/([^\s/\[]+)\s*\[\s*(\d+) 0 R", objects.get(int(dests.group(1)), b""))
    return {name.decode("latin-1"): pages[int(page)] for name, page in entries if int(page) in pages}


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


# ----------------------------------------------------------------------------------- the browser


async def _command(tab: Any, method: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Send one DevTools command to a tab and return its result; raise PrintFailed on an error."""
    response = await tab.send_command(method, dict(params or {}))
    if "error" in response:
        raise PrintFailed(f"{method}: {response['error'].get('message', response['error'])}")
    result: dict[str, Any] = response.get("result", {})
    return result


async def _evaluate(tab: Any, expression: str) -> Any:
    """The value of a JavaScript expression in the tab, awaited when it is a promise."""
    result = await _command(
        tab, "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}
    )
    if "exceptionDetails" in result:
        raise PrintFailed(str(result["exceptionDetails"].get("text", "script failed")))
    return result.get("result", {}).get("value")


async def _print(tab: Any, options: Mapping[str, Any]) -> bytes:
    """The tab printed to PDF, read back from Chromium's stream."""
    stream = (await _command(tab, "Page.printToPDF", options))["stream"]
    chunks = []
    while True:
        chunk = await _command(tab, "IO.read", {"handle": stream, "size": READ_CHUNK})
        data = chunk.get("data", "")
        chunks.append(base64.b64decode(data) if chunk.get("base64Encoded") else data.encode("latin-1"))
        if chunk.get("eof"):
            break
    await _command(tab, "IO.close", {"handle": stream})
    return b"".join(chunks)


async def _refuse_the_network(tab: Any, page_url: str, refused: list[str]) -> None:
    """Let the tab load its own file and inline data only; every other request fails and is recorded."""

    async def paused(event: dict[str, Any]) -> None:
        request_id, url = event["params"]["requestId"], event["params"]["request"]["url"]
        if url == page_url or url.startswith(LOCAL_SCHEMES[1:]):
            await tab.send_command("Fetch.continueRequest", {"requestId": request_id})
        else:
            refused.append(url)
            await tab.send_command(
                "Fetch.failRequest", {"requestId": request_id, "errorReason": "BlockedByClient"}
            )

    tab.subscribe("Fetch.requestPaused", paused)
    await _command(tab, "Fetch.enable", {"patterns": [{"urlPattern": "*"}]})


async def print_file(browser: Any, path: Path, options: Mapping[str, Any]) -> Printed:
    """Print an HTML file in a new tab of the browser, with page numbers in its contents."""
    tab = await browser.create_tab("")
    refused: list[str] = []
    try:
        url = path.as_uri()
        await _refuse_the_network(tab, url, refused)
        await _command(
            tab,
            "Emulation.setDeviceMetricsOverride",
            {"width": PRINT_WIDTH_PX, "height": 1000, "deviceScaleFactor": 1, "mobile": False},
        )
        await _command(tab, "Page.enable")
        loaded = tab.subscribe_once("Page.loadEventFired")
        await _command(tab, "Page.navigate", {"url": url})
        await loaded
        await _evaluate(tab, PREPARE_SCRIPT)
        first = await _print(tab, {**options, **FIRST_PASS})
        pages = destination_pages(first)
        if pages:
            await _evaluate(tab, f"{PAGE_NUMBERS_SCRIPT}({json.dumps(pages)})")
        return Printed(await _print(tab, options), tuple(refused))
    finally:
        await browser.close_tab(tab)


def print_report(deck: slides.Deck) -> Printed:
    """The deck's HTML report printed to PDF by the shared browser.

    Raises LocalisedError when there is no browser or the printing fails.
    """
    if images.image_browser() is None:
        raise LocalisedError("handover.pdf.no_browser")
    options = print_options(deck)
    with tempfile.TemporaryDirectory(prefix="augenhoehe-pdf-") as folder:
        path = Path(folder) / "report.html"
        path.write_text(printable_html(report_html(deck)), encoding="utf-8")

        async def work(browser: Any) -> Printed:
            return await print_file(browser, path, options)

        try:
            printed: Printed = images.in_browser(work)
        except images.ImagesUnavailable as error:
            raise LocalisedError("handover.pdf.failed", reason=str(error)) from error
    return printed


def render_pdf(deck: slides.Deck) -> ExportFile:
    """The report as an A4 PDF."""
    printed = print_report(deck)
    return ExportFile(printed.content, f"the report as PDF, {page_count(printed.content)} A4 pages")
