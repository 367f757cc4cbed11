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

from hexie import charts, metrics, progress, targets
from hexie.geo import COUNTY_NAMES
from hexie.plan import Plan

Query = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class OverviewView:
    urgent_html: str
    cards_html: str
    heatmap: charts.Chart
    targets: pd.DataFrame
    current: tuple[targets.TargetResult, ...]  # each series' current result: the workstream pages' cards too


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
    current = tuple(targets.current(plan, results, as_of))
    return OverviewView(
        urgent_html=charts.urgent_list_html(urgent),
        cards_html=charts.target_cards_html(current),
        heatmap=charts.county_progress_heatmap(status, shown),
        targets=targets.results_table(results),
        current=current,
    )


@dataclass(frozen=True)
class MediationView:
    year: int
    bar_label: str
    org_count: int
    six_five_meeting: int
    six_five_share: float | None
    gold_orgs: int
    below_bar: pd.DataFrame | None  # None when the plan sets no success-rate bar for the year
    county_rates: charts.Chart
    trend: charts.Chart
    gold_by_batch: charts.Chart
    mediators: int
    full_time: int
    part_time: int
    trained: int
    without_full_time: str  # 组织（县）、… of the organisations with no full-time mediator
    without_full_time_count: int
    mediators_table: pd.DataFrame
    types: charts.Chart


def mediation(query: Query, plan: Plan, as_of: date, county: str | None) -> MediationView:
    """调解组织: yearly success rates against the plan's bar per organisation, gold batches, mediators, the nine types."""
    by_org_year = query("mediation_by_org_year", as_of, county)
    org_summary = query("mediation_org_summary", as_of, county)
    selections = query("mediation_org_selections", as_of, county)
    year = metrics.report_year(plan, as_of)
    rate_target = metrics.target_in_year(plan, "mediation_success_rate", year)
    bar = None if rate_target is None else rate_target.value
    bar_label = "" if bar is None else f"{bar:.0%}"
    meeting, total, share = metrics.six_five_share(org_summary)
    below = None if bar is None else metrics.orgs_below_bar(by_org_year, year, bar).rename(columns={
        "org_name": "调解组织", "county": "县（市、区）", "year": "年度", "accepted": "受理（件）", "settled": "调解成功（件）",
        "rate": "成功率"})
    current = metrics.county_success_in_year(by_org_year, year)
    rates = list(current["rate"])
    batches = metrics.gold_mediation_by_batch(selections, plan)
    batch_goal = batches["target"].iloc[0] if batches["target"].nunique() == 1 else None
    per_org = metrics.mediators_per_org(query("mediation_org_names", as_of, county), query("mediators_by_org", as_of, county))
    no_full_time = metrics.orgs_without_full_time(per_org)
    types = metrics.orgs_by_type(org_summary)
    return MediationView(
        year=year, bar_label=bar_label, org_count=total, six_five_meeting=meeting, six_five_share=share,
        gold_orgs=int(selections["gold_batch"].notna().sum()), below_bar=below,
        county_rates=charts.bar_chart(
            list(current["county"]), rates, f"{year}年各县调解成功率（合计，仅供参考）", "县（市、区）", "调解成功率",
            "各县本年调解成功案件数 ÷ 受理案件数的合计；目标按每个组织计，见上表。", horizontal=True, percent=True,
            target=bar, target_label=bar_label, colors=charts.status_colors(rates, bar), height=620,
        ),
        trend=charts.rate_trend(metrics.success_by_month(query("mediation_by_month", as_of, county)), bar),
        gold_by_batch=charts.bar_chart(
            [f"{b}（{d:%Y-%m-%d}前）" for b, d in zip(batches["batch"], batches["deadline"])], list(batches["gold"]),
            "金牌调解组织（按批次）", "批次", "金牌调解组织（家）",
            "按选树事件计：组织计入台账首次记载其为金牌的那一批，之后的台账不再列出也不扣除。",
            target=batch_goal, target_label="" if batch_goal is None else f"每批 {batch_goal:g}家",
            colors=[charts.GOOD if g >= t else charts.BAD for g, t in zip(batches["gold"], batches["target"])], height=300,
        ),
        mediators=int(per_org["mediators"].sum()), full_time=int(per_org["full_time"].sum()),
        part_time=int(per_org["part_time"].sum()), trained=int(per_org["trained"].sum()),
        without_full_time="、".join(f"{r.org_name}（{r.county}）" for r in no_full_time.itertuples()),
        without_full_time_count=len(no_full_time),
        mediators_table=per_org.rename(columns=metrics.MEDIATOR_HEADINGS),
        types=charts.bar_chart(
            list(types["org_type"]), list(types["orgs"]), "调解组织类型（实施方案所列九类）", "组织类型", "组织（个）",
            "调解组织台账最近一期按组织类型计数。", horizontal=True, height=380,
        ),
    )


@dataclass(frozen=True)
class NewEnterpriseView:
    cumulative: charts.Chart | None  # None when the plan has no served-enterprises target
    by_county: charts.Chart
    by_method: charts.Chart
    training_missing: str | None  # None when the plan has no training target; "" when every county held one each year
    training_table: pd.DataFrame | None
    not_counted: pd.DataFrame


def new_enterprise(query: Query, plan: Plan, as_of: date, county: str | None) -> NewEnterpriseView:
    """新企服务: new enterprises served against the target, by county and method, the yearly training, those not counted."""
    firsts = query("new_enterprise_firsts", as_of, county)
    services = query("new_enterprise_services", as_of, county)
    served_target = next(iter(metrics.targets_of_metric(plan, "new_enterprises_served")), None)
    counties = (county,) if county else COUNTY_NAMES
    counted, not_counted = metrics.counted_new_enterprises(firsts, None if served_target is None else served_target.registered)
    by_county = metrics.served_by_county(counted, counties)
    methods = metrics.services_by_method(services)
    training_missing = training_table = None
    training_targets = metrics.targets_of_metric(plan, "new_enterprise_training")
    if training_targets:
        years = metrics.plan_years(plan, as_of, "new_enterprise_training")
        training = metrics.training_by_county(services, years, training_targets[0].method, counties)
        missing = training[training["missing"] > 0]
        training_missing = "、".join(f"{row.county}（{row.missing_years}年）" for row in missing.itertuples())
        training_table = training.rename(columns={"county": "县（市、区）", "missing": "未举办年数", "missing_years": "未举办年度",
                                                  **{y: f"{y}年已举办" for y in years}})
    return NewEnterpriseView(
        cumulative=None if served_target is None else charts.served_cumulative_line(
            metrics.served_cumulative(counted, served_target, as_of), served_target),
        by_county=charts.bar_chart(
            list(by_county["county"]), list(by_county["enterprises"]), "各县服务新注册企业", "县（市、区）", "服务企业（户）",
            "按统一社会信用代码去重，每户企业计入首次服务所在的县；只计计划文件所定注册日期范围内的新注册企业。",
            horizontal=True, height=600,
        ),
        by_method=charts.bar_chart(
            list(methods["method"]), list(methods["services"]), "服务方式", "服务方式", "服务（次）",
            "新注册企业用工服务台账按服务方式统计服务次数。", height=330,
        ),
        training_missing=training_missing, training_table=training_table,
        not_counted=not_counted.rename(columns=metrics.NOT_COUNTED_HEADINGS),
    )


@dataclass(frozen=True)
class CoverageView:
    problems: str  # 县（问题）；… of counties whose coverage is not computed, "" when none
    maps: dict[str, tuple[charts.Chart, list]]  # per map metric: the map and its legend
    rankings: dict[str, charts.Chart]  # per map metric: the counties ranked
    gold_by_year: charts.Chart
    table: pd.DataFrame  # every county, or the chosen one


def coverage(query: Query, plan: Plan, as_of: date, county: str | None) -> CoverageView:
    """协调员覆盖: the map and ranking of every county for each metric (the city's picture whatever the county), the
    gold coordinators per year and the coverage table of the chosen county."""
    frame = metrics.coverage_by_county(query("coordinator_summary", as_of, None), query("enterprise_base", as_of, None))
    coverage_target = next(iter(metrics.targets_of_metric(plan, "large_medium_coverage")), None)
    goal = None if coverage_target is None else coverage_target.value
    problems = frame[frame["problem"] != ""]
    maps, rankings = {}, {}
    for metric, (label, unit) in charts.MAP_METRICS.items():
        maps[metric] = charts.coverage_map(frame, metric)
        ranked = frame.sort_values(metric, ascending=False, na_position="last")
        values = [None if v != v else v for v in ranked[metric]]
        is_share = unit == "share"
        rankings[metric] = charts.bar_chart(
            list(ranked["county"]), values, f"各县{label}排名", "县（市、区）", label + ("" if is_share else f"（{unit}）"),
            maps[metric][0].note, horizontal=True, percent=is_share, height=680,
            target=goal if metric == "coverage" else None, target_label="" if goal is None else f"目标 超过{goal:.0%}",
            colors=charts.status_colors(values, goal) if metric == "coverage" else None,
        )
    gold = metrics.gold_per_year(query("gold_coordinators_by_year", as_of, county), plan, as_of)
    gold_goal = gold["target"].iloc[0] if gold["target"].nunique() == 1 else None
    table = frame[frame["county"] == county] if county else frame
    return CoverageView(
        problems="；".join(f"{r.county}{r.problem}" for r in problems.itertuples()),
        maps=maps, rankings=rankings,
        gold_by_year=charts.bar_chart(
            [f"{y}年" for y in gold["year"]], list(gold["gold"]), f"每年选树金牌协调员（{county or '全市'}）", "年度",
            "金牌协调员（人）", "按选树事件计：每人计入台账首次记载其为金牌的年度，之后的台账不再列出也不扣除。",
            target=gold_goal, target_label="" if gold_goal is None else f"目标 {gold_goal:g}名/年",
            colors=[charts.GOOD if g >= t else charts.BAD for g, t in zip(gold["gold"], gold["target"])], height=380,
        ),
        table=table.rename(columns=metrics.COVERAGE_TABLE_HEADINGS),
    )


@dataclass(frozen=True)
class HarmoniousView:
    by_year: charts.Chart
    shares: charts.Chart
    by_body: charts.Chart
    unanswered: str  # how many enterprises are still 未评估 or blank, "" when none
    table: pd.DataFrame


def harmonious(query: Query, plan: Plan, as_of: date, county: str | None) -> HarmoniousView:
    """和谐企业: enterprises cultivated per year, the share reaching the standard (answered rows only), by body."""
    summary = query("harmonious_summary", as_of, county)
    years = metrics.plan_years(plan, as_of, "harmonious_cultivated")
    by_year = metrics.harmonious_by_year(summary, years)
    cultivated = [metrics.target_in_year(plan, "harmonious_cultivated", y) for y in years]
    standard = [metrics.target_in_year(plan, "harmonious_standard_share", y) for y in years]
    cultivated_goal = cultivated[-1].value if years and cultivated[-1] else None
    standard_goal = standard[-1].value if years and standard[-1] else None
    shares = list(by_year["share"])
    recommended = metrics.target_in_year(plan, "harmonious_recommended", years[-1]) if years else None
    return HarmoniousView(
        by_year=charts.bar_chart(
            [f"{y}年" for y in by_year["year"]], list(by_year["enterprises"]), "每年培育企业", "年度", "培育企业（户）",
            "和谐企业培育台账按培育年度计数（企业名称去重）；每年的目标和遴选截止日期见上方目标卡。",
            target=cultivated_goal, target_label="" if cultivated_goal is None else f"目标 {cultivated_goal:g}户",
            colors=charts.status_colors(list(by_year["enterprises"]), cultivated_goal), height=420,
        ),
        shares=charts.bar_chart(
            [f"{y}年" for y in by_year["year"]], shares, "达到和谐企业标准的比例", "年度", "达标比例",
            "达标比例 = 达到标准的企业 ÷ 已评估（填“是”或“否”）的企业；未评估、未填的企业不计入（全未评估的年度显示为“—”）。",
            percent=True, target=standard_goal, target_label="" if standard_goal is None else f"目标 {standard_goal:.0%}",
            colors=charts.status_colors(shares, standard_goal), height=420,
        ),
        by_body=charts.body_by_year_bar(metrics.harmonious_by_body(summary, years, plan.units.shorts), years,
                                        None if recommended is None else recommended.value),
        unanswered=metrics.harmonious_unanswered(by_year),
        table=by_year.rename(columns={"year": "年度", "enterprises": "培育企业（户）", "assessed": "已评估（户）",
                                      "reached": "达标（户）", "pending": "未评估（户）", "unfilled": "未填（户）",
                                      "share": "达标比例"}),
    )


@dataclass(frozen=True)
class WageView:
    shares: charts.Chart
    table: pd.DataFrame


def wage(query: Query, plan: Plan, as_of: date, county: str | None) -> WageView:
    """薪酬指引: feedback and individualised service shares per survey year against the plan's shares."""
    by_year = metrics.wage_by_year(query("wage_summary", as_of, county), plan)
    return WageView(
        shares=charts.wage_shares_bar(by_year),
        table=by_year.rename(columns={"year": "调查年度", "surveyed": "被调查企业（户）", "feedback_share": "数据反馈比例",
                                      "feedback_target": "反馈目标", "individual_share": "个性化服务比例",
                                      "individual_target": "个性化服务目标"}),
    )


@dataclass(frozen=True)
class SocialOrgView:
    by_county: charts.Chart
    by_industry: charts.Chart
    table: pd.DataFrame


def social_org(query: Query, plan: Plan, as_of: date, county: str | None) -> SocialOrgView:
    """社会组织: organisations by county and by industry, with demonstration points and gold ones per county."""
    summary = query("social_org_summary", as_of, county)
    by_county = metrics.social_by_county(summary, (county,) if county else COUNTY_NAMES)
    ranked = by_county.sort_values(["orgs", "county"], ascending=[False, True])
    industries = metrics.social_by_industry(summary)
    return SocialOrgView(
        by_county=charts.bar_chart(
            list(ranked["county"]), list(ranked["orgs"]), "各县社会组织数量", "县（市、区）", "社会组织（个）",
            "社会组织台账各县截至所选日期最近一期的组织数。", horizontal=True, height=620,
        ),
        by_industry=charts.bar_chart(
            list(industries["industry"]), list(industries["orgs"]), "社会组织服务行业分布", "服务行业", "社会组织（个）",
            "社会组织台账最近一期按服务行业计数。", horizontal=True, height=620,
        ),
        table=by_county.rename(columns={"county": "县（市、区）", "orgs": "社会组织（个）", "demo_points": "示范点（个）",
                                        "gold": "金牌（个）"}),
    )


@dataclass(frozen=True)
class LayoffRiskView:
    by_level: dict[str, int]  # 高/中/低 → enterprises
    enterprises: int
    by_county: charts.Chart | None  # None when no enterprise is at high or medium risk: an empty chart says nothing
    table: pd.DataFrame


def layoff_risk(query: Query, plan: Plan, as_of: date, county: str | None) -> LayoffRiskView:
    """裁员风险: every key enterprise's risk level and reasons, counted by level and county."""
    risks = metrics.risk_table(query("key_enterprises", as_of, county))
    by_county = metrics.risk_by_county(risks, (county,) if county else COUNTY_NAMES)
    at_risk = int(by_county[metrics.HIGH].sum() + by_county[metrics.MEDIUM].sum())
    return LayoffRiskView(
        by_level={level: int((risks["level"] == level).sum()) for level in (metrics.HIGH, metrics.MEDIUM, metrics.LOW)},
        enterprises=len(risks),
        by_county=charts.risk_by_county_bar(by_county) if at_risk else None,
        table=risks[list(metrics.RISK_TABLE_HEADINGS)].rename(columns=metrics.RISK_TABLE_HEADINGS),
    )


@dataclass(frozen=True)
class GanttView:
    counts: dict[str, int]  # status → milestones
    chart: charts.Chart
    lagging: pd.DataFrame


def gantt(query: Query, plan: Plan, as_of: date, county: str | None) -> GanttView:
    """进度甘特图: every milestone's status as of the date, the chart and the milestones not done on time."""
    statuses = progress.milestone_status(plan, query("progress_reports", as_of), as_of, county)
    return GanttView(
        counts=progress.status_counts(statuses),
        chart=charts.gantt(plan, statuses, as_of, county or "全市"),
        lagging=progress.status_table(statuses, only=progress.LAGGING),
    )
