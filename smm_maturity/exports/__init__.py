"""The hand-over files as records: one per kind of file, which the command line and the presentation offer.

Every export renders a `slides.Deck`: the HTML report, its PDF print and the PPTX deck its slides, the CSV
and XLSX aggregates its groups' scores. Adding an export is one record here.
"""

from __future__ import annotations

from pathlib import Path

from smm_maturity.exports.html import render_html
from smm_maturity.exports.pdf import render_pdf
from smm_maturity.exports.pptx import deck_pptx
from smm_maturity.exports.records import Export, ExportFile, file_stem
from smm_maturity.exports.tables import render_csv, render_xlsx

__all__ = ["EXPORTS", "Export", "ExportFile", "file_stem", "for_path", "suffixes"]

EXPORTS: tuple[Export, ...] = (
    Export(
        name="html",
        suffix=".html",
        mime="text/html",
        label_key="handover.html",
        help_key="handover.html.help",
        icon=":material/description:",
        render=render_html,
    ),
    Export(
        name="pdf",
        suffix=".pdf",
        mime="application/pdf",
        label_key="handover.pdf",
        help_key="handover.pdf.help",
        icon=":material/picture_as_pdf:",
        render=render_pdf,
        images=True,
        needs_browser=True,
        fallback_key="handover.pdf.unavailable",
    ),
    Export(
        name="pptx",
        suffix=".pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        label_key="handover.pptx",
        help_key="handover.pptx.help",
        icon=":material/slideshow:",
        render=deck_pptx,
        images=True,
        fallback_key="handover.pptx.without_network",
    ),
    Export(
        name="csv",
        suffix=".csv",
        mime="text/csv",
        label_key="handover.csv",
        help_key="handover.csv.help",
        icon=":material/table:",
        render=render_csv,
    ),
    Export(
        name="xlsx",
        suffix=".xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        label_key="handover.xlsx",
        help_key="handover.xlsx.help",
        icon=":material/grid_on:",
        render=render_xlsx,
    ),
)
"""Every export, in the order the presentation offers them."""


def suffixes() -> tuple[str, ...]:
    """The file name endings an export can be written to."""
    return tuple(export.suffix for export in EXPORTS)


def for_path(path: str | Path) -> Export | None:
    """The export a file name asks for by its ending (in any case), or None."""
    suffix = Path(path).suffix.lower()
    return next((export for export in EXPORTS if export.suffix == suffix), None)
