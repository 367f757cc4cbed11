"""催报: against the plan's reporting calendar, who has reported which ledger for which period as of a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

import pandas as pd

from hexie.access import CLERK, User
from hexie.geo import COUNTY_NAMES
from hexie.ledgers import LEDGERS_BY_KEY
from hexie.plan import Duty
from hexie.store import Store

CITY = "市本级"
REPORTED, PENDING, RETURNED, NOT_DUE, OVERDUE = "已报", "待审", "退回", "未报", "逾期"
GRAINS = {"once": "once", "monthly": "month", "quarterly": "quarter", "yearly": "year"}


@dataclass(frozen=True)
class Cell:
    """One reporting unit, one ledger, one period: its due date and where it stands."""

    unit: str
    ledger: str
    period: str
    due: date
    status: str
    days_overdue: int = 0

    @property
    def label(self) -> str:
        return f"逾期 {self.days_overdue} 天" if self.status == OVERDUE else self.status


def completeness(store: Store, user: User, duties: Sequence[Duty], as_of: date, county: str | None = None) -> list[Cell]:
    """Every owed (unit, ledger, period) of the duties (a plan's `reporting`) whose period has begun by as_of,
    marked 已报/待审/退回/未报/逾期.

    A county clerk sees their own county's duties only. Uploads count as they stood at the end of as_of.
    """
    if user.role == CLERK:
        county = user.county
    cells = []
    for duty in duties:
        units = [CITY] if duty.who == "city" else [county] if county else list(COUNTY_NAMES)
        if duty.who == "city" and county:
            continue
        seen: dict[tuple[str, str], int] = {}
        for row in store.reported_periods(duty.ledger, GRAINS[duty.frequency], as_of).itertuples():
            key = (row.county if duty.who == "county" else CITY, row.period)
            seen[key] = max(seen.get(key, 0), row.best)
        for label, due in duty.periods(begun_by=as_of):
            for unit in units:
                best = seen.get((unit, "once" if duty.frequency == "once" else label), 0)
                status = {3: REPORTED, 2: PENDING, 1: RETURNED}.get(best)
                if status is None:
                    status = OVERDUE if as_of > due else NOT_DUE
                cells.append(Cell(unit, duty.ledger, label, due, status, (as_of - due).days if status == OVERDUE else 0))
    return cells


FREQUENCY_LABELS = {"once": "一次", "monthly": "每月", "quarterly": "每季度", "yearly": "每年"}


def calendar_frame(duties: Sequence[Duty]) -> pd.DataFrame:
    """The reporting calendar as the 催报 page lists it: ledger, who reports, how often, and the document's words."""
    return pd.DataFrame([
        {"台账": LEDGERS_BY_KEY[d.ledger].name, "报送单位": "各县（市、区）" if d.who == "county" else CITY,
         "频次": FREQUENCY_LABELS[d.frequency], "依据": d.reading}
        for d in duties
    ], columns=["台账", "报送单位", "频次", "依据"])


def cells_frame(cells: list[Cell]) -> pd.DataFrame:
    """The cells as a table with Chinese headings: 县（市、区）, 台账, 期次, 截止日期, 状态, 逾期天数."""
    return pd.DataFrame(
        [(c.unit, LEDGERS_BY_KEY[c.ledger].name, c.period, c.due.isoformat(), c.status, c.days_overdue) for c in cells],
        columns=["县（市、区）", "台账", "期次", "截止日期", "状态", "逾期天数"],
    )


def matrix(cells: list[Cell]) -> pd.DataFrame:
    """County rows × (ledger · period) columns, each cell 已报/待审/退回/未报/逾期 N 天."""
    if not cells:
        return pd.DataFrame()
    frame = pd.DataFrame([(c.unit, f"{LEDGERS_BY_KEY[c.ledger].name}·{c.period}", c.label) for c in cells],
                         columns=["县（市、区）", "台账·期次", "状态"])
    order = list(dict.fromkeys(frame["台账·期次"]))
    units = list(dict.fromkeys(frame["县（市、区）"]))
    return (frame.pivot(index="县（市、区）", columns="台账·期次", values="状态")
            .reindex(index=units, columns=order).fillna("").reset_index())


# Background colours of the matrix: red for overdue, amber for returned, yellow for waiting; what is done stays plain.
CELL_COLORS = {OVERDUE: "#f4c7c3", RETURNED: "#fce0b2", PENDING: "#fff3b0"}


def cell_style(label: str) -> str:
    """The CSS of one matrix cell, from its label (逾期 N 天 counts as 逾期)."""
    status = OVERDUE if str(label).startswith(OVERDUE) else label
    return f"background-color: {CELL_COLORS[status]}" if status in CELL_COLORS else ""


def to_do(cells: list[Cell]) -> list[Cell]:
    """What is still owed: 逾期 first (most overdue first), then 退回, then 未报 by due date."""
    rank = {OVERDUE: 0, RETURNED: 1, NOT_DUE: 2}
    owed = [c for c in cells if c.status in rank]
    return sorted(owed, key=lambda c: (rank[c.status], -c.days_overdue, c.due, c.unit))


def notices(cells: list[Cell], as_of: date) -> dict[str, str]:
    """A short 催报 notice per unit that owes overdue or returned ledgers, to paste into a messaging group."""
    owed: dict[str, list[Cell]] = {}
    for cell in to_do(cells):
        if cell.status in (OVERDUE, RETURNED):
            owed.setdefault(cell.unit, []).append(cell)
    out = {}
    for unit, items in owed.items():
        lines = [f"【催报】{unit}：截至{as_of:%Y年%m月%d日}，以下台账尚未报送或被退回，请尽快通过看板“数据上传”报送："]
        for c in items:
            what = f"已逾期 {c.days_overdue} 天" if c.status == OVERDUE else "已退回，请按审核意见修改后重报"
            period = "" if c.period == "一次性" else f"（{c.period}）"
            lines.append(f"· {LEDGERS_BY_KEY[c.ledger].name}{period}，截止 {c.due:%Y-%m-%d}，{what}")
        out[unit] = "\n".join(lines)
    return out
