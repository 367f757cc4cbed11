"""Value matching (值对照): a clerk's own words for choice and yes/no values, suggestions, and matches applied."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Callable, Sequence

from hexie.importer.cells import BadValue, cell_text, fold
from hexie.importer.model import ImportResult, ValueMatch
from hexie.ledgers import BOOL, CHOICE, LEDGERS_BY_KEY, Column

MATCHABLE_TYPES = (CHOICE, BOOL)
# The problem code of a choice or yes/no value the ledger does not know: what the matching step offers to match.
UNKNOWN_VALUE = "unknown_value"
# Weaker likenesses than this are not offered as suggestions.
SUGGESTION_FLOOR = 0.5
MAX_SUGGESTIONS = 3
LEAVE_BLANK = "留空"


@dataclass(frozen=True)
class UnknownValue:
    """One unknown wording in one column of a file: how many rows carry it and what it may mean."""

    column: str
    label: str
    value: str
    rows: int
    suggestions: tuple[str, ...]
    allowed: tuple[str, ...]
    optional: bool


def allowed_values(column: Column) -> tuple[str, ...]:
    """The values a clerk may match a word to: the declared choices, or 是/否 (and 未评估 for a three-valued column)."""
    if column.type == BOOL:
        return column.answers
    return tuple(column.choices)


def _wordings(column: Column) -> dict[str, tuple[str, ...]]:
    """Each allowed value with every wording the declaration gives it."""
    if column.type == BOOL:
        return dict(zip(column.answers, (column.yes_words, column.no_words, column.pending)))
    return {canonical: (canonical, *synonyms) for canonical, synonyms in column.choices.items()}


def _likeness(value: str, wording: str) -> float:
    """1 and up when one contains the other (the longer the shared part, the higher), else their similarity."""
    if not value or not wording:
        return 0.0
    shorter, longer = sorted((value, wording), key=len)
    if len(shorter) >= 2 and shorter in longer:
        return 1 + len(shorter) / len(longer)
    return SequenceMatcher(None, value, wording).ratio()


def suggest(value: str, column: Column) -> tuple[str, ...]:
    """Allowed values this wording may mean, likeliest first (手册发放 → 用工指导手册); never applied silently."""
    key = fold(value)
    scores = {
        canonical: max(_likeness(key, fold(w)) for w in wordings)
        for canonical, wordings in _wordings(column).items()
    }
    ranked = sorted((s, i, c) for i, (c, s) in enumerate(scores.items()) if s >= SUGGESTION_FLOOR)
    ranked.sort(key=lambda t: (-t[0], t[1]))
    return tuple(c for _, _, c in ranked[:MAX_SUGGESTIONS])


def unknown_values(result: ImportResult) -> tuple[UnknownValue, ...]:
    """The file's unknown values grouped by column and wording, in the order they first appear."""
    if result.ledger is None:
        return ()
    ledger = LEDGERS_BY_KEY[result.ledger]
    by_label = {c.label: c for c in ledger.columns}
    counts = Counter((p.column, p.value) for p in result.problems if p.code == UNKNOWN_VALUE)
    return tuple(
        UnknownValue(by_label[label].name, label, value, n, suggest(value, by_label[label]),
                     allowed_values(by_label[label]), not by_label[label].required)
        for (label, value), n in counts.items()
    )


def column_matcher(column: Column, ledger_key: str, matches: Sequence[ValueMatch]) -> Callable[[object], ValueMatch | None] | None:
    """A lookup from a raw cell to the match that applies to it in this column, or None when no match names the column.

    A match given now wins over a remembered one for the same wording.
    """
    if column.type not in MATCHABLE_TYPES:
        return None
    label = fold(column.label)
    applicable = [m for m in matches if fold(m.column) == label and m.ledger in (None, ledger_key)]
    if not applicable:
        return None
    by_raw = {fold(m.raw): m for m in sorted(applicable, key=lambda m: not m.remembered)}
    return lambda raw: by_raw.get(fold(cell_text(raw)))


def parse_matched(match: ValueMatch, column: Column, parse: Callable[[object, Column], object]) -> object:
    """The value a matched wording stands for: None for 留空, else its allowed value parsed as the column's type."""
    if match.canonical is None:
        return None
    if match.canonical not in allowed_values(column):
        raise BadValue(f"值对照“{match.raw}”→“{match.canonical}”不是可选值，可选：{'、'.join(allowed_values(column))}")
    return parse(match.canonical, column)


def match_note(applied_match) -> str:
    """How the report says a match was used: 【服务方式】“走访服务”→“上门服务”（3 行，按本单位已记住的值对照）."""
    m = applied_match.match
    target = LEAVE_BLANK if m.canonical is None else m.canonical
    how = "按本单位已记住的值对照" if m.remembered else "按本次值对照"
    return f"【{m.column}】“{m.raw}”→“{target}”（{applied_match.rows} 行，{how}）"
