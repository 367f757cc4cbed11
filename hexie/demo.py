"""A deterministic, realistic demo database: every county over the whole plan period."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterator

from hexie.geo import CITY_LEVEL, COUNTY_NAMES
from hexie.plan import Plan, load_plan
from hexie.store import Store, UploadInfo

Upload = tuple[UploadInfo, list[dict]]
Generator = Callable[[random.Random, Plan, int], Iterator[Upload]]

# How each county keeps up with the plan's milestones: the story the Gantt tells.
# punctual: done ahead of the due date; late: a share of milestones weeks late;
# lagging: many milestones months late and some never reported.
PACE = {
    "章贡区": "punctual", "南康区": "punctual", "赣县区": "punctual", "信丰县": "punctual",
    "大余县": "late", "上犹县": "punctual", "崇义县": "punctual", "安远县": "lagging",
    "龙南市": "punctual", "定南县": "late", "全南县": "punctual", "宁都县": "punctual",
    "于都县": "punctual", "兴国县": "late", "会昌县": "punctual", "寻乌县": "lagging",
    "石城县": "punctual", "瑞金市": "punctual",
}

DEMO_UPLOADER = "演示数据"


def demo_upload(ledger: str, county: str | None, when: datetime, label: str, period: str | None = None) -> UploadInfo:
    """The uploads-table record of one generated upload; the hash stands in for the file's."""
    digest = hashlib.sha256(f"{ledger}|{county}|{label}|{when.isoformat()}".encode()).hexdigest()
    return UploadInfo(
        ledger=ledger, county=county, uploader=DEMO_UPLOADER, file_name=f"演示-{label}.xlsx", sha256=digest,
        period=period, period_source="column" if period else None, uploaded_at=when,
    )


def _completion(rng: random.Random, pace: str, due: date) -> date | None:
    """When a county of this pace reports a milestone done, or None if it never does."""
    roll = rng.random()
    if pace == "lagging":
        if roll < 0.25:
            return None
        if roll < 0.75:
            return due + timedelta(days=rng.randint(20, 160))
    elif pace == "late" and roll < 0.35:
        return due + timedelta(days=rng.randint(5, 60))
    return due - timedelta(days=rng.randint(0, 25))


def progress_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Milestone completions: the city reports its own, every county its county-level ones."""
    reporters = {"city": [CITY_LEVEL], "county": list(COUNTY_NAMES)}
    by_reporter: dict[str, list[dict]] = {}
    for milestone in plan.milestones:
        for county in reporters[milestone.scope]:
            pace = "punctual" if county == CITY_LEVEL else PACE[county]
            done = _completion(rng, pace, milestone.due)
            if done is None or done > plan.end + timedelta(days=180):
                continue
            by_reporter.setdefault(county, []).append({
                "county": county, "milestone": milestone.id, "completed_on": done,
                "evidence": rng.choice(("工作方案", "会议纪要", "工作台账", "总结报告", "通知文件")), "note": None,
            })
    for county, rows in by_reporter.items():
        rows.sort(key=lambda r: r["completed_on"])
        for year in sorted({r["completed_on"].year for r in rows}):
            batch = [r for r in rows if r["completed_on"].year == year]
            when = datetime.combine(max(r["completed_on"] for r in batch) + timedelta(days=3), time(10, 0))
            yield demo_upload("progress", county, when, f"{county}-{year}年工作进度"), batch


GENERATORS: tuple[Generator, ...] = (progress_uploads,)


def build_demo(store: Store, seed: int = 2020, scale: int = 1, plan: Plan | None = None) -> dict[str, int]:
    """Fill an empty store with demo uploads and mark it as a demo; returns rows per ledger."""
    plan = plan or load_plan()
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    store.set_meta("demo", "1")
    for generate in GENERATORS:
        for info, rows in generate(rng, plan, scale):
            store.add_upload(info, rows)
            counts[info.ledger] = counts.get(info.ledger, 0) + len(rows)
    return counts
