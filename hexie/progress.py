"""Milestone status as of a date, from the progress ledger: the logic behind the Gantt."""

from __future__ import annotations

from datetime import date

import pandas as pd

from hexie.geo import CITY_LEVEL, COUNTY_NAMES
from hexie.plan import Plan

DONE_ON_TIME, DONE_LATE, OVERDUE, NOT_DUE = "done_on_time", "done_late", "overdue", "not_due"
STATUS_ORDER = (DONE_ON_TIME, DONE_LATE, OVERDUE, NOT_DUE)
STATUS_LABELS = {DONE_ON_TIME: "按时完成", DONE_LATE: "逾期完成", OVERDUE: "已逾期", NOT_DUE: "未到期"}

STATUS_COLUMNS = (
    "milestone", "workstream", "title", "due", "scope", "reporter", "status", "status_label",
    "done_on", "n_done", "n_total", "lagging", "late",
)


def reporters_for(scope: str, county: str | None) -> tuple[str, ...]:
    """Who must report a milestone: 市本级 for the city's own, every county (or the chosen one) otherwise."""
    if scope == "city":
        return (CITY_LEVEL,)
    return (county,) if county else COUNTY_NAMES


def milestone_status(plan: Plan, reports: pd.DataFrame, as_of: date, county: str | None = None) -> pd.DataFrame:
    """One row per milestone with its status as of a date.

    `reports` has columns county, milestone, completed_on (the progress ledger's
    rows that count). A county-level milestone is done for the city when every
    county has reported it by `as_of`; its done date is the last county's. With
    `county` set, county-level milestones are judged for that county alone, and
    the city's own milestones stay the city's.
    """
    done: dict[tuple[str, str], date] = {}
    for row in reports.itertuples(index=False):
        completed = pd.Timestamp(row.completed_on).date()
        if completed <= as_of:
            key = (row.county, row.milestone)
            done[key] = min(done.get(key, completed), completed)
    records = []
    for m in plan.milestones:
        reporters = reporters_for(m.scope, county)
        finished = {r: done[(r, m.id)] for r in reporters if (r, m.id) in done}
        lagging = tuple(r for r in reporters if r not in finished)
        late = tuple(r for r, d in finished.items() if d > m.due)
        if lagging:
            status, done_on = (OVERDUE if as_of > m.due else NOT_DUE), None
        else:
            done_on = max(finished.values())
            status = DONE_ON_TIME if done_on <= m.due else DONE_LATE
        records.append((
            m.id, m.workstream, m.title, m.due, m.scope, m.reporter, status, STATUS_LABELS[status],
            done_on, len(finished), len(reporters), lagging, late,
        ))
    return pd.DataFrame.from_records(records, columns=STATUS_COLUMNS)


def status_counts(statuses: pd.DataFrame) -> dict[str, int]:
    """How many milestones are in each status, in display order."""
    counts = statuses["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUS_ORDER}


LAGGING = (OVERDUE, DONE_LATE)


def status_table(statuses: pd.DataFrame, only: tuple[str, ...] = STATUS_ORDER) -> pd.DataFrame:
    """The statuses as a table with Chinese headings, overdue first, for display and download."""
    part = statuses[statuses["status"].isin(only)].copy()
    part["order"] = part["status"].map({s: i for i, s in enumerate((OVERDUE, DONE_LATE, NOT_DUE, DONE_ON_TIME))})
    part = part.sort_values(["order", "due", "milestone"])
    return pd.DataFrame({
        "工作节点": part["title"],
        "截止日期": part["due"],
        "填报单位": part["reporter"],
        "状态": part["status_label"],
        "完成日期": part["done_on"],
        "已完成": [f"{d}/{t}" for d, t in zip(part["n_done"], part["n_total"])],
        "未完成的县（市、区）": ["、".join(names) for names in part["lagging"]],
        "逾期完成的县（市、区）": ["、".join(names) for names in part["late"]],
    })
