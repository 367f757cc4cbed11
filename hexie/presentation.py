"""汇报模式: which pages a presentation steps through, where it stands, and the bookmark that opens it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Mapping, Sequence

PRESENT, PAGES, AUTO, AS_OF, COUNTY, SNAPSHOT = "present", "pages", "auto", "as_of", "county", "snapshot"
# Timed auto-advance: fast enough for a looping display, never so fast a page has not drawn.
AUTO_SECONDS = (10, 600)


@dataclass(frozen=True)
class Deck:
    """A presentation: the overview and the chosen pages in order, the date and county shown, the auto-advance,
    and the meeting snapshot whose figures it shows (whose own date and county then apply)."""

    pages: tuple[str, ...]
    as_of: date | None = None
    county: str | None = None
    auto_seconds: int | None = None
    snapshot: str | None = None

    def index(self, url_path: str) -> int:
        """The 0-based position of a page; a page outside the deck counts as the first."""
        return self.pages.index(url_path) if url_path in self.pages else 0

    def label(self, url_path: str) -> str:
        return f"第 {self.index(url_path) + 1} / {len(self.pages)} 页"

    def step(self, url_path: str, delta: int, wrap: bool = False) -> str:
        """The page `delta` steps away: stops at either end, or goes round when `wrap` (the timed loop)."""
        target = self.index(url_path) + delta
        if wrap:
            return self.pages[target % len(self.pages)]
        return self.pages[min(max(target, 0), len(self.pages) - 1)]

    def query_params(self) -> dict[str, str]:
        """The URL parameters that reopen this presentation: a bookmark is the whole set-up."""
        params = {PRESENT: "1", PAGES: ",".join(self.pages)}
        if self.as_of:
            params[AS_OF] = self.as_of.isoformat()
        if self.county:
            params[COUNTY] = self.county
        if self.auto_seconds:
            params[AUTO] = str(self.auto_seconds)
        if self.snapshot:
            params[SNAPSHOT] = self.snapshot
        return params

    def with_auto(self, seconds: int | None) -> "Deck":
        return replace(self, auto_seconds=_auto(seconds))


def _auto(seconds) -> int | None:
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        return None
    return min(max(value, AUTO_SECONDS[0]), AUTO_SECONDS[1]) if value > 0 else None


def _one(params: Mapping[str, object], key: str) -> str:
    value = params.get(key, "")
    return str(value[-1] if isinstance(value, (list, tuple)) and value else value or "").strip()


def deck_from(params: Mapping[str, object], available: Sequence[str], counties: Sequence[str]) -> Deck | None:
    """The deck a URL asks for, or None when it does not ask for presentation mode.

    `available` are the dashboard pages in navigation order, the overview first: it always opens
    the deck. Unknown pages, dates and counties are dropped rather than refused: a bookmark
    typed by hand still opens a presentation.
    """
    if _one(params, PRESENT) not in ("1", "true", "yes"):
        return None
    asked = [p.strip() for p in _one(params, PAGES).split(",") if p.strip() in available]
    pages = tuple(dict.fromkeys([available[0], *(asked or available)]))
    try:
        as_of = date.fromisoformat(_one(params, AS_OF)) if _one(params, AS_OF) else None
    except ValueError:
        as_of = None
    county = _one(params, COUNTY)
    return Deck(pages, as_of, county if county in counties else None, _auto(_one(params, AUTO)), _one(params, SNAPSHOT) or None)
