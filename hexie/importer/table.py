"""Finding the table: the sheet, header row(s), ledger and column positions that match best."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from hexie.importer.cells import cell_text, fold
from hexie.importer.model import Grid
from hexie.ledgers import LEDGERS, Ledger

# How far down a sheet the header may sit under title and 填报 lines.
HEADER_SEARCH_ROWS = 30

SERIAL_NUMBER_HEADERS = frozenset({"序号", "序", "编号", "No.", "NO.", "No", "NO", "序列号"})

_TRAILING_NOTE = re.compile(r"\(([^()]{0,12})\)$")


# Every header cell is looked up once per ledger and header layout tried: the same few hundred texts, many times.
@lru_cache(maxsize=4096)
def header_keys(text: str) -> tuple[str, ...]:
    """The keys a header cell matches by: folded without `*` markers, then also without a trailing unit like （人）."""
    key = fold(text).replace("*", "").replace("※", "")
    keys = [key]
    stripped = key
    while (m := _TRAILING_NOTE.search(stripped)) and m.start() > 0:
        stripped = stripped[: m.start()]
        keys.append(stripped)
    return tuple(keys)


def _header_index(ledger: Ledger) -> dict[str, str]:
    """Folded header wording → column name; labels win over aliases, earlier columns over later."""
    index: dict[str, str] = {}
    for pass_labels in (True, False):
        for col in ledger.columns:
            for wording in (col.label,) if pass_labels else col.aliases:
                for key in header_keys(wording):
                    index.setdefault(key, col.name)
    return index


HEADER_INDEX: dict[str, dict[str, str]] = {ledger.key: _header_index(ledger) for ledger in LEDGERS}


def _match_header(index: Mapping[str, str], texts: Iterable[str]) -> str | None:
    for text in texts:
        for key in header_keys(text):
            if key in index:
                return index[key]
    return None


@dataclass(frozen=True)
class Table:
    """Where a ledger's table sits in a grid: header rows, column positions and title-area text."""

    grid: Grid
    ledger: Ledger
    header_rows: int
    first_data_row: int
    columns: Mapping[int, str]
    serial_columns: tuple[int, ...]
    ignored_headers: tuple[str, ...]
    preamble: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Every required column present (the county and period may come from elsewhere)."""
        return _required_present(self.ledger, set(self.columns.values()))

    @property
    def score(self) -> tuple[bool, bool, int, int]:
        """More than one column matched (a 说明 sheet listing column names matches one), then required columns
        present, then more columns matched, then a one-row header over a two-row one."""
        return len(self.columns) > 1, self.complete, len(self.columns), -self.header_rows


def _required_present(ledger: Ledger, present: set[str]) -> bool:
    """Required columns the sheet must carry; county and period may come from outside the sheet."""
    optional = {"county", ledger.period_column}
    return all(c.name in present for c in ledger.columns if c.required and c.name not in optional)


def _filled_header_rows(grid: Grid, upto: int) -> list[list[str]]:
    """The top rows as text with merged ranges filled with their top-left value."""
    rows = [[cell_text(v) for v in row] for row in grid.cells[:upto]]
    for (r0, c0), (r1, c1) in grid.merges:
        if r0 >= upto or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        # A merged range may reach past the last row of data (workbooks in the wild do this).
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                rows[r][c] = value
    return rows


def _table_at(grid: Grid, rows: list[list[str]], lines: list[str], r: int, two_level: bool, ledger: Ledger) -> Table:
    index = HEADER_INDEX[ledger.key]
    top = rows[r]
    leaf = rows[r + 1] if two_level else top
    columns: dict[int, str] = {}
    serial: list[int] = []
    ignored: list[str] = []
    for c in range(max(len(top), len(leaf))):
        group = top[c] if c < len(top) else ""
        name = leaf[c] if c < len(leaf) else ""
        if not two_level or name == group or not name:
            texts = (group,) if group else ()
        else:
            texts = (name + group, group + name, name) if group else (name,)
        if not texts:
            continue
        if header_keys(texts[-1])[-1] in SERIAL_NUMBER_HEADERS:
            serial.append(c)
            continue
        column = _match_header(index, texts)
        if column is None or column in columns.values():
            ignored.append(texts[0])
        else:
            columns[c] = column
    preamble = tuple(lines[:r])
    header_rows = 2 if two_level else 1
    return Table(grid, ledger, header_rows, r + header_rows, columns, tuple(serial), tuple(ignored), preamble)


def find_table(grids: Sequence[Grid], ledgers: Sequence[Ledger]) -> Table | None:
    """The sheet, header row(s) and ledger that match best (Table.score): more than one column, then required columns
    present, then most columns; the first of equals."""
    best: Table | None = None
    for grid in grids:
        rows = _filled_header_rows(grid, HEADER_SEARCH_ROWS + 1)
        lines = [" ".join(t for t in row if t) for row in rows]  # the title area's text, above whichever row heads
        for r in range(min(HEADER_SEARCH_ROWS, len(rows))):
            if not any(rows[r]):
                continue
            for ledger in ledgers:
                for two_level in (False, True) if r + 1 < len(rows) else (False,):
                    table = _table_at(grid, rows, lines, r, two_level, ledger)
                    if best is None or table.score > best.score:
                        best = table
    return best


def unread_headers(ledger: Ledger, headers: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Header texts a table did not read, each once on one line: those naming no column of the ledger, and those
    naming a column read from an earlier column of the file, with that column's label."""
    index = HEADER_INDEX[ledger.key]
    foreign, repeated = [], []
    # A header cell may hold line breaks.
    for text in dict.fromkeys(" ".join(header.split()) for header in headers):
        name = next((index[key] for key in header_keys(text) if key in index), None)
        if name is None:
            foreign.append(text)
        else:
            repeated.append((text, ledger.column(name).label))
    return foreign, repeated


def expected_columns(ledger: Ledger) -> str:
    return "、".join(f"{c.label}{'（必填）' if c.required else ''}" for c in ledger.columns)

