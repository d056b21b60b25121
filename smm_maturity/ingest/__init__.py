"""Uploaded bytes → decoded table → columns mapped to items → validated answers, with every problem reported.

`reading` decodes the bytes, `formats` recognises the survey tool (its record in `tools`) by its headers,
`values` reads the cells, `validation` checks them (with `tool_checks` for what only some tools need), and
`problems` says what is wrong in German or English. `mapping_file` reads and writes a column mapping as a file. The names that the rest
of the package uses are re-exported here.
"""

from __future__ import annotations

from smm_maturity.ingest.batch import ImportBatch, header_signature, unmapped_columns
from smm_maturity.ingest.formats import FORMATS, SurveyFormat
from smm_maturity.ingest.problems import MAX_PROBLEMS, Problem
from smm_maturity.ingest.reading import WORKBOOK_SUFFIXES
from smm_maturity.ingest.validation import DEFAULT_MAX_BYTES, HEADER_SEARCH_ROWS, read_upload
from smm_maturity.ingest.values import LIKERT_LABELS, MISSING_TOKENS

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "HEADER_SEARCH_ROWS",
    "LIKERT_LABELS",
    "MAX_PROBLEMS",
    "MISSING_TOKENS",
    "WORKBOOK_SUFFIXES",
    "ImportBatch",
    "Problem",
    "SurveyFormat",
    "header_signature",
    "read_upload",
    "unmapped_columns",
]
