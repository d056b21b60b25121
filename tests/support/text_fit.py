"""Clipped text on a page in the browser: every text measured against the box that clips it.

Two kinds of clipping are found:
- HTML text whose nearest clipping ancestor (`overflow: hidden` or `clip`, which is also where an ellipsis is
  drawn) is narrower or lower than the text, so that the text is cut or ends in "…";
- Plotly text (titles, tick labels, legend entries, annotations) that reaches past the edge of its chart's SVG.

Text inside a box that scrolls is not clipped (it can be scrolled to), nor is text that is not shown, nor a
label that is hidden on purpose for screen readers (a box of a pixel or two).
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

TOLERANCE_PX = 1.5
"""How far text may reach past its box before it counts as clipped (antialiasing, subpixel layout)."""

FIND_CLIPPED = """
(tolerance) => {
  const found = [];
  const describe = (element) => {
    const key = element.closest('[class*="st-key-"]');
    const keyName = key ? [...key.classList].find((name) => name.startsWith('st-key-')) : '';
    const test = element.closest('[data-testid]');
    return [keyName, test ? test.getAttribute('data-testid') : '', element.tagName.toLowerCase()]
      .filter(Boolean).join(' ');
  };
  const clipper = (element) => {
    for (let box = element; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      const values = [style.overflowX, style.overflowY];
      if (values.some((v) => v === 'auto' || v === 'scroll')) return null;
      if (values.some((v) => v === 'hidden' || v === 'clip')) return box;
    }
    return null;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('svg, script, style, noscript, [aria-hidden="true"]')) continue;
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const style = getComputedStyle(parent);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    const box = clipper(parent);
    if (!box) continue;
    const edge = box.getBoundingClientRect();
    if (edge.width <= 2 || edge.height <= 2) continue;
    const cut = rect.right > edge.right + tolerance || rect.left < edge.left - tolerance
      || rect.bottom > edge.bottom + tolerance || rect.top < edge.top - tolerance;
    const ellipsis = getComputedStyle(box).textOverflow === 'ellipsis' || style.textOverflow === 'ellipsis';
    const narrow = ellipsis && parent.scrollWidth > parent.clientWidth + tolerance;
    if (cut || narrow) found.push({element: describe(parent), text: text.slice(0, 80)});
  }
  for (const svg of document.querySelectorAll('.js-plotly-plot svg.main-svg')) {
    const edge = svg.getBoundingClientRect();
    if (edge.width === 0) continue;
    for (const label of svg.querySelectorAll('text')) {
      const text = label.textContent.trim();
      const rect = label.getBoundingClientRect();
      if (!text || rect.width === 0 || getComputedStyle(label).display === 'none') continue;
      if (rect.right > edge.right + tolerance || rect.left < edge.left - tolerance
          || rect.bottom > edge.bottom + tolerance || rect.top < edge.top - tolerance) {
        const chart = svg.closest('[class*="st-key-"]');
        const keyName = chart ? [...chart.classList].find((name) => name.startsWith('st-key-')) : 'chart';
        found.push({element: `${keyName} plotly ${label.getAttribute('class') || 'text'}`, text: text.slice(0, 80)});
      }
    }
  }
  return found;
}
"""


@dataclass(frozen=True)
class Clipped:
    """A text cut by its box: where (page and view), which element, and the text."""

    where: str
    element: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.element}: {self.text!r}"


def clipped_text(page: Page, where: str) -> list[Clipped]:
    """Every text on the page that its box cuts off, named by `where`, the element and the text."""
    return [
        Clipped(where, found["element"], found["text"]) for found in page.evaluate(FIND_CLIPPED, TOLERANCE_PX)
    ]
