"""What the importer takes and gives: options, limits, problems, results, and one sheet as a grid."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Mapping, Sequence


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile file from exhausting the machine.

    max_bytes is the one size limit: the upload page's file input states it and refuses bigger files in the browser
    with the importer's own sentence (hexie.ui.file_uploader), Streamlit's server.maxUploadSize (in MiB, in
    .streamlit/config.toml) equals it, and the command line checks it before reading a file. A parse runs in a
    worker process held to max_memory bytes and max_seconds (hexie.importer.worker).
    """

    max_bytes: int = 20 * 1024 * 1024
    max_uncompressed: int = 200 * 1024 * 1024
    max_ratio: int = 100
    max_rows: int = 200_000
    max_columns: int = 1_000
    max_cells: int = 4_000_000
    max_memory: int = 1024 * 1024 * 1024
    max_seconds: float = 60.0


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload; row is None when it concerns the whole file (a refusal)."""

    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""


@dataclass(frozen=True)
class ValueMatch:
    """A clerk's word for a choice or yes/no value: in `column` (its Chinese label) `raw` means `canonical`.

    canonical None means 留空 (leave the cell blank). `ledger` None applies to any ledger with such a column;
    `remembered` marks a match the store remembered from an earlier upload of the same county.
    """

    column: str
    raw: str
    canonical: str | None
    ledger: str | None = None
    remembered: bool = False


@dataclass(frozen=True)
class AppliedMatch:
    """A value match the parse used, and on how many rows."""

    match: ValueMatch
    rows: int


@dataclass(frozen=True)
class ImportOptions:
    """What the uploader told us: the ledger (None: detect it), their county (None: city level), a period."""

    ledger: str | None = None
    county: str | None = None
    period: str | None = None
    today: date = field(default_factory=date.today)
    milestones: Mapping[str, str] = field(default_factory=dict)
    limits: Limits = Limits()
    value_matches: tuple[ValueMatch, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    """Parsed rows of one file and everything the report says about them.

    The rows are kept column by column, `columns` mapping each of the ledger's column names to one value per
    row, in the order of `source_rows` (the rows' numbers as Excel shows them): that is how they are parsed and
    loaded, and how they cross from the worker process cheaply. `rows` gives them row by row.
    """

    file_name: str
    sha256: str
    ledger: str | None = None
    ledger_detected: bool = False
    sheet: str = ""
    columns: Mapping[str, Sequence[object]] = field(default_factory=dict)
    source_rows: tuple[int, ...] = ()
    period: str | None = None
    period_source: str | None = None
    county_source: str | None = None
    ignored_headers: tuple[str, ...] = ()
    hidden_rows: tuple[int, ...] = ()  # Excel rows read although Excel does not show them (filtered out or hidden)
    other_sheets: tuple[tuple[str, str], ...] = ()  # (sheet, ledger key): other sheets holding a ledger's rows, not read
    problems: tuple[Problem, ...] = ()
    applied_matches: tuple[AppliedMatch, ...] = ()
    kind: str | None = None

    @property
    def refused(self) -> bool:
        """True when the file as a whole cannot be loaded."""
        return any(p.row is None for p in self.problems)

    @property
    def row_count(self) -> int:
        """How many ledger rows the file holds (the parse keeps them by column; see columns)."""
        return len(self.source_rows)

    @cached_property
    def rows(self) -> tuple[dict, ...]:
        """The parsed rows, each a dict keyed by the ledger's column names (built on demand: reports and tests)."""
        names = tuple(self.columns)
        return tuple(dict(zip(names, values)) for values in zip(*self.columns.values()))

    @property
    def bad_rows(self) -> frozenset[int]:
        """Source rows with at least one problem."""
        return frozenset(p.row for p in self.problems if p.row is not None)

    def valid_columns(self) -> tuple[Mapping[str, Sequence[object]], tuple[int, ...]]:
        """The columns without the rows that have problems, and the source row numbers of the rows kept."""
        bad = self.bad_rows
        if not bad:
            return self.columns, self.source_rows
        kept = [i for i, n in enumerate(self.source_rows) if n not in bad]
        return {name: [values[i] for i in kept] for name, values in self.columns.items()}, tuple(self.source_rows[i] for i in kept)


class Refusal(Exception):
    """Raised inside the reader to stop at a whole-file problem; parse_upload turns it into a Problem."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.problem = Problem(code, message)


@dataclass(frozen=True)
class CellError:
    """A cell Excel shows as an error value (#DIV/0!, #N/A, #REF!): calamine reads it as blank, the workbook reader
    puts it back as this, so a parse can say so instead of taking it for an empty cell. Never equal to a text."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class MergedNumber:
    """A number column's cell inside a merged range below its top-left cell, which is at Excel row `row`. One number
    spread over several rows cannot be shared out among them, so the parse reports it. Never equal to a number."""

    row: int


@dataclass(frozen=True)
class Grid:
    """One sheet as a list of rows of cell values, with its merged ranges ((r0, c0), (r1, c1)) zero-based."""

    name: str
    cells: list[list]
    merges: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()
    hidden: bool = False  # a sheet Excel does not show (a helper list, an old copy)
    hidden_rows: frozenset[int] = frozenset()  # zero-based rows Excel does not show (filtered out or hidden)

