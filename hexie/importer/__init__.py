"""The ledger importer: pure functions from a file's bytes to parsed rows and a list of problems.

readers/ turns bytes into grids (one module per file kind), table finds the ledger's table in them,
cells parses one value per column type, and parse puts them together into an ImportResult. parse_upload, the
one the page and the command line call, runs that parse in a worker process held to memory and time limits.
"""

from hexie.importer.cells import MILESTONE_SEPARATOR, cell_text, fold, period_label
from hexie.importer.matching import LEAVE_BLANK, UnknownValue, allowed_values, match_note, suggest, unknown_values
from hexie.importer.model import AppliedMatch, ImportOptions, ImportResult, Limits, Problem, ValueMatch
from hexie.importer.parse import (
    EXAMPLE_MARK,
    FROM_COLUMN,
    FROM_SHEET,
    FROM_UPLOAD_DAY,
    FROM_USER,
    PERIOD_SOURCE_LABELS,
    report_lines,
)
from hexie.importer.readers import KIND_EXTENSIONS, KIND_LABELS, read_capped, size_text, too_large_message
from hexie.importer.table import header_keys
from hexie.importer.worker import parse_upload, start_server

__all__ = [
    "EXAMPLE_MARK", "FROM_COLUMN", "FROM_SHEET", "FROM_UPLOAD_DAY", "FROM_USER", "MILESTONE_SEPARATOR",
    "PERIOD_SOURCE_LABELS", "ImportOptions", "ImportResult", "Limits", "Problem", "cell_text", "fold", "header_keys",
    "parse_upload", "period_label", "read_capped", "report_lines", "size_text", "too_large_message",
    "KIND_EXTENSIONS", "KIND_LABELS", "LEAVE_BLANK", "AppliedMatch", "UnknownValue", "ValueMatch", "allowed_values",
    "match_note", "start_server", "suggest", "unknown_values",
]
