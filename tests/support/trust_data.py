"""Canonical upload files whose every value carries a marker, so that mixed or partial uploads show."""

from __future__ import annotations

import csv
import io

from smm_maturity.instrument import load_instrument

COLLAB_TARGETS = ("Geschäftsführung", "Marketing", "Vertrieb")
ITEM_CODES = load_instrument().item_codes
DIMENSION_CODES = load_instrument().dimension_codes


def answer_value(marker: int, position: int) -> int:
    """The answer that upload `marker` gives to the item at `position`: a pattern of its own."""
    return 1 + (marker + position * (1 + marker % 4)) % 5


def collab_rating(marker: int, position: int) -> int:
    """The rating that upload `marker` gives to the collaboration target at `position`."""
    return 1 + (marker * 3 + position) % 5


def department(marker: int) -> str:
    """The department whose file upload `marker` is."""
    return f"Abteilung {marker:02d}"


def comment(marker: int) -> str:
    """The comment every respondent of upload `marker` leaves."""
    return f"Kommentar aus Upload {marker:02d}"


def canonical_csv(marker: int, rows: int, wide_comment: int = 0) -> bytes:
    """A canonical CSV of `rows` respondents of one department; each value encodes the marker."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    header = ["respondent_id", "department", *ITEM_CODES, *(f"collab:{t}" for t in COLLAB_TARGETS), "comment"]
    writer.writerow(header)
    answers = [answer_value(marker, position) for position in range(len(ITEM_CODES))]
    ratings = [collab_rating(marker, position) for position in range(len(COLLAB_TARGETS))]
    text = comment(marker) + " " + "x" * wide_comment if wide_comment else comment(marker)
    for row in range(rows):
        writer.writerow([f"m{marker:02d}-{row:06d}", department(marker), *answers, *ratings, text])
    return out.getvalue().encode("utf-8")
