"""What a page draws, computed once and shared: figures, HTML and tables built from the store's reads.

A view is a pure function of (query, plan, as-of date, county); hexie.ui caches it per data version,
as-of date, county and reading for every session on the server, so each session only draws it.
Views are read-only once built: a session that wants a variant (汇报模式's larger type) copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

import pandas as pd

from hexie import charts, metrics, targets
from hexie.geo import COUNTY_NAMES
from hexie.plan import Plan

Query = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class OverviewView:
    urgent_html: str
    cards_html: str
    heatmap: charts.Chart
    targets: pd.DataFrame


def overview(query: Query, plan: Plan, as_of: date, county: str | None) -> OverviewView:
    """总览: every target's card, the county × workstream heatmap, the five most urgent items, all targets as a table."""
    counties = (county,) if county else COUNTY_NAMES
    results = targets.evaluate(plan, query, as_of, county)
    reports = query("progress_reports", as_of)
    status = metrics.county_workstream_status(plan, reports, as_of, counties)
    coverage = metrics.coverage_by_county(query("coordinator_summary", as_of, county), query("enterprise_base", as_of, county), counties)
    risks = metrics.risk_table(query("key_enterprises", as_of, county))
    urgent = metrics.urgent_items(
        metrics.overdue_milestones(plan, reports, as_of, counties), coverage, targets.coverage_goal(plan, as_of), risks,
    )
    shown = [w.short for w in plan.workstreams if w.short in set(status["short"])]
    return OverviewView(
        urgent_html=charts.urgent_list_html(urgent),
        cards_html=charts.target_cards_html(targets.current(plan, results, as_of)),
        heatmap=charts.county_progress_heatmap(status, shown),
        targets=targets.results_table(results),
    )
