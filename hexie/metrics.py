"""Pure functions from the store's analytics reads (+ plan, as-of date) to what the pages show."""

from __future__ import annotations

import functools
from datetime import date
from typing import Mapping

import pandas as pd
from stdnum.cn import uscc

from hexie.geo import COUNTY_NAMES
from hexie.ledgers import NOT_YET_ASSESSED, ledger
from hexie.plan import Plan, Target
from hexie.progress import DONE_LATE, DONE_ON_TIME, OVERDUE, milestone_status

# ---- the plan's years ------------------------------------------------------------

def report_year(plan: Plan, as_of: date) -> int:
    """The year a page reports on: the as-of year, or the plan's last year once the plan has ended."""
    return min(as_of.year, plan.end.year)


def plan_years(plan: Plan, as_of: date, metric: str | None = None) -> tuple[int, ...]:
    """The plan's years up to the one reported on; with a metric, only the years its targets cover."""
    last = report_year(plan, as_of)
    if metric is None:
        return tuple(range(plan.start.year, last + 1))
    years = {y for t in plan.targets if t.metric == metric for y in range(t.period_from.year, t.period_to.year + 1)}
    return tuple(sorted(y for y in years if y <= last))


def targets_of_metric(plan: Plan, metric: str) -> tuple[Target, ...]:
    """The plan's targets measured by one metric, in the plan's order (a page's bars and goals)."""
    return tuple(t for t in plan.targets if t.metric == metric)


def target_in_year(plan: Plan, metric: str, year: int) -> Target | None:
    """The metric's target whose period holds the year, if the plan has one."""
    return next((t for t in targets_of_metric(plan, metric) if t.period_from.year <= year <= t.period_to.year), None)


def dated_within(dates: pd.Series, start: date, end: date) -> pd.Series:
    """Which dates (missing ones never) fall from start to end inclusive."""
    stamps = pd.to_datetime(dates)
    return (stamps >= pd.Timestamp(start)) & (stamps <= pd.Timestamp(end))


def _share(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


# Colours of the county × workstream heatmap.
GREEN, AMBER, RED = "green", "amber", "red"


# ---- county × workstream progress and the urgent list ---------------------------------

def county_workstream_status(plan: Plan, reports: pd.DataFrame, as_of: date,
                             counties: tuple[str, ...] = COUNTY_NAMES) -> pd.DataFrame:
    """Per county and workstream, the county-level milestones due by as_of: due, done, late, overdue,
    and the colour: red with any overdue, amber with any done late, green otherwise."""
    records = []
    for county in counties:
        statuses = milestone_status(plan, reports, as_of, county)
        mine = statuses[statuses["scope"] == "county"]
        for ws in plan.workstreams:
            part = mine[mine["workstream"] == ws.id]
            if part.empty:
                continue
            done = int(part["status"].isin((DONE_ON_TIME, DONE_LATE)).sum())
            late = int((part["status"] == DONE_LATE).sum())
            overdue = int((part["status"] == OVERDUE).sum())
            colour = RED if overdue else AMBER if late else GREEN
            records.append((county, ws.id, ws.short, done + overdue, done, late, overdue, colour))
    return pd.DataFrame.from_records(
        records, columns=["county", "workstream", "short", "due", "done", "late", "overdue", "status"])


def overdue_milestones(plan: Plan, reports: pd.DataFrame, as_of: date,
                       counties: tuple[str, ...] = COUNTY_NAMES) -> pd.DataFrame:
    """Every (county, milestone) overdue on as_of, the longest overdue first: county, title, due, days."""
    records = []
    for county in counties:
        statuses = milestone_status(plan, reports, as_of, county)
        late = statuses[(statuses["scope"] == "county") & (statuses["status"] == OVERDUE)]
        records += [(county, row.title, row.due, (as_of - row.due).days) for row in late.itertuples()]
    frame = pd.DataFrame.from_records(records, columns=["county", "title", "due", "days"])
    return frame.sort_values(["days", "county"], ascending=[False, True], ignore_index=True)


def urgent_items(overdue: pd.DataFrame, coverage: pd.DataFrame, coverage_goal: float | None,
                 risks: pd.DataFrame, limit: int = 5) -> pd.DataFrame:
    """The most urgent items, taking in turn the most overdue milestone, the riskiest enterprise and
    the county furthest below the coverage goal, so each kind gets a place: kind, item."""
    overdue_items = [("逾期节点", f"{r.county}：{r.title}（截止 {r.due:%Y-%m-%d}，已逾期 {r.days} 天）")
                     for r in overdue.itertuples()]
    high = risks[risks["level"] == "高"]
    risk_items = [("裁员风险", f"{r.name}（{r.county}）：{r.reasons}") for r in high.itertuples()]
    below = coverage.iloc[0:0] if coverage_goal is None else coverage[
        coverage["coverage"].notna() & (coverage["coverage"] < coverage_goal)].sort_values(["coverage", "county"])
    county_items = [("低于目标", f"{r.county}：大中型企业协调员覆盖率 {r.coverage:.0%}，低于 {coverage_goal:.0%}")
                    for r in below.itertuples()]
    picked: list[tuple[str, str]] = []
    queues = [overdue_items, risk_items, county_items]
    while len(picked) < limit and any(queues):
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return pd.DataFrame(picked, columns=["kind", "item"])


# ---- coordinator coverage --------------------------------------------------------------

def coverage_by_county(coordinators: pd.DataFrame, base: pd.DataFrame,
                       counties: tuple[str, ...] = COUNTY_NAMES) -> pd.DataFrame:
    """Per county: coordinators, gold, large_medium, covered (distinct large/medium employers with a
    coordinator), coverage = covered / large_medium, small_micro, grassroots, per_100_small =
    grassroots coordinators per 100 small and micro enterprises. Counties without rows show zeros."""
    frame = pd.DataFrame({"county": list(counties)})
    frame = frame.merge(coordinators, on="county", how="left").merge(base[["county", "large_medium", "small_micro"]], on="county",
        how="left")
    counts = ["coordinators", "grassroots", "gold", "covered_large_medium", "large_medium", "small_micro"]
    frame[counts] = frame[counts].fillna(0).astype(int)
    frame = frame.rename(columns={"covered_large_medium": "covered"})
    # More employers covered than the base holds is a data problem, never a share above 100%.
    frame["problem"] = [f"数据有误：已配备{c}户，多于企业基数{n}户" if n and c > n else ""
                        for c, n in zip(frame["covered"], frame["large_medium"])]
    frame["coverage"] = [None if p else _share(c, n) for c, n, p in zip(frame["covered"], frame["large_medium"], frame["problem"])]
    frame["per_100_small"] = [None if not n else 100 * g / n for g, n in zip(frame["grassroots"], frame["small_micro"])]
    return frame[["county", "coordinators", "gold", "large_medium", "covered", "coverage", "small_micro", "grassroots",
                  "per_100_small", "problem"]]


COVERAGE_TABLE_HEADINGS = {
    "county": "县（市、区）", "coordinators": "协调员（人）", "gold": "金牌协调员（人）", "large_medium": "大中型企业（户）",
    "covered": "已配备协调员的大中型企业（户）", "coverage": "大中型企业覆盖率", "small_micro": "小微企业（户）",
    "grassroots": "基层协调员（人）", "per_100_small": "每百户小微企业基层协调员（人）", "problem": "数据问题",
}


def gold_per_year(gold_by_year: pd.DataFrame, plan: Plan, as_of: date) -> pd.DataFrame:
    """Gold coordinators selected per plan year against each year's target: year, gold, target."""
    targets = [t for t in plan.targets if t.metric == "gold_coordinators" and t.period_from <= as_of]
    rows = [(t.period_to.year, int(gold_by_year.loc[gold_by_year["year"] == t.period_to.year, "gold"].sum()), t.value)
            for t in targets]
    return pd.DataFrame(rows, columns=["year", "gold", "target"])


# ---- mediation --------------------------------------------------------------------------

def _with_rate(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["rate"] = [_share(s, a) for s, a in zip(frame["settled"], frame["accepted"])]
    return frame


def success_by_county_year(by_org_year: pd.DataFrame) -> pd.DataFrame:
    """Settled / accepted per county and year: county, year, accepted, settled, rate."""
    grouped = by_org_year.groupby(["county", "year"], as_index=False)[["accepted", "settled"]].sum()
    return _with_rate(grouped)


def county_success_in_year(by_org_year: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year's success rate per county, highest first: county, year, accepted, settled, rate."""
    by_county = success_by_county_year(by_org_year)
    return by_county[by_county["year"] == year].sort_values(["rate", "county"], ascending=[False, True], ignore_index=True)


def success_by_month(by_month: pd.DataFrame) -> pd.DataFrame:
    """Settled / accepted per month: month, accepted, settled, rate."""
    return _with_rate(by_month)


def orgs_below_bar(by_org_year: pd.DataFrame, year: int, bar: float) -> pd.DataFrame:
    """Organisations whose success rate in a year is below the bar, lowest first."""
    rated = _with_rate(by_org_year[by_org_year["year"] == year])
    below = rated[rated["rate"].notna() & (rated["rate"] < bar)]
    return below.sort_values(["rate", "org_name"], ignore_index=True)[["org_name", "county", "year", "accepted", "settled", "rate"]]


def gold_mediation_by_batch(selections: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Gold mediation organisations per batch the plan names, against each batch's target: batch, deadline, gold, target.

    An organisation counts for the batch it was first recorded in, whatever later rosters say."""
    def gold(t: Target) -> int:
        return int(((selections["gold_batch"] == t.batch) & dated_within(selections["gold_since"], t.period_from, date.max)).sum())
    rows = [(t.batch, t.due, gold(t), t.value)
            for t in targets_of_metric(plan, "gold_mediation_orgs") if t.batch]
    return pd.DataFrame(rows, columns=["batch", "deadline", "gold", "target"])


MEDIATOR_HEADINGS = {
    "org_name": "调解组织", "county": "县（市、区）", "mediators": "调解员（人）", "full_time": "专职（人）", "part_time": "兼职（人）",
    "trained": "已培训（人）", "lawyers": "律师", "judges": "法官", "arbitrators": "仲裁员", "scholars": "法学专家", "others": "其他",
}


def mediators_per_org(orgs: pd.DataFrame, mediators: pd.DataFrame) -> pd.DataFrame:
    """Every organisation of the mediation organisation roster with its mediators (zeros for none listed), and any
    organisation the mediator roster names that the organisation roster lacks; fewest full-time first."""
    keyed = orgs.rename(columns={"name": "org_name"})[["org_name", "county"]]
    frame = keyed.merge(mediators, on=["org_name", "county"], how="outer")
    counts = [c for c in MEDIATOR_HEADINGS if c not in ("org_name", "county")]
    frame[counts] = frame[counts].fillna(0).astype(int)
    return frame.sort_values(["full_time", "county", "org_name"], ignore_index=True)[list(MEDIATOR_HEADINGS)]


def orgs_without_full_time(per_org: pd.DataFrame) -> pd.DataFrame:
    """The organisations with no full-time mediator on the mediator roster: org_name, county, part_time."""
    return per_org.loc[per_org["full_time"] == 0, ["org_name", "county", "part_time"]].reset_index(drop=True)


def orgs_by_type(org_summary: pd.DataFrame) -> pd.DataFrame:
    """Organisations for each of the nine types the document lists (zeros included): org_type, orgs."""
    types = list(ledger("mediation_org").column("org_type").choices)
    counts = org_summary.groupby("org_type")["orgs"].sum()
    return pd.DataFrame({"org_type": types, "orgs": [int(counts.get(t, 0)) for t in types]})


def six_five_share(org_summary: pd.DataFrame) -> tuple[int, int, float | None]:
    """(organisations meeting 六规范五上墙, organisations, share)."""
    meeting, total = int(org_summary["six_five"].sum()), int(org_summary["orgs"].sum())
    return meeting, total, _share(meeting, total)


# ---- key enterprises and layoff risk -------------------------------------------------------

HIGH, MEDIUM, LOW = "高", "中", "低"
RISK_ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}
# 《劳动合同法》第四十一条: laying off 20 or more, or fewer but at least 10% of the workforce.
MASS_LAYOFF_PEOPLE = 20
MASS_LAYOFF_SHARE = 0.10
HEADCOUNT_DROP_MEDIUM, HEADCOUNT_DROP_HIGH = 0.10, 0.20
NO_POLICY_WORDS = ("", "无", "未享受", "暂无")

RISK_RULES_TEXT = (
    "职工减少：目前职工数比上年底减少10%以上为“中”，20%以上为“高”。",
    "裁员：本年度计划或已裁员（取两者较大数）未达规模裁员标准为“中”。",
    "规模裁员（《劳动合同法》第四十一条）：裁员20人以上，或不足20人但占上年底职工总数10%以上为“高”，须提前30日向工会或全体职工说明并向劳动行政部门报告。",
    "未依法结清劳动报酬为“高”。",
    "支付能力评估为“弱”为“中”。",
    "职工减少或裁员而未享受任何稳岗政策为“中”。",
    "风险等级取各条中最高者；都不符合为“低”。",
)


def _number(value) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def layoff_risk(row: Mapping[str, object]) -> tuple[str, list[str]]:
    """The layoff risk of one key enterprise (a ledger row) and the reasons, in Chinese.

    Rules (the level is the highest that applies, 低 when none does): headcount down 10% since
    last year end -> 中, 20% -> 高; layoffs planned or made -> 中, reaching 第四十一条 (20 people,
    or 10% of last year-end headcount) -> 高; wages not settled -> 高; ability to pay 弱 -> 中;
    shrinking or laying off without any stable-job policy -> 中.
    """
    last, now = _number(row.get("headcount_last_year")), _number(row.get("headcount_now"))
    layoffs = max(_number(row.get("planned_layoffs")), _number(row.get("laid_off")))
    found: list[tuple[str, str]] = []
    drop = (last - now) / last if last else 0.0
    if drop >= HEADCOUNT_DROP_MEDIUM:
        found.append((HIGH if drop >= HEADCOUNT_DROP_HIGH else MEDIUM, f"职工比上年底减少{last - now}人（{drop:.0%}）"))
    if layoffs:
        share = layoffs / last if last else 1.0
        if layoffs >= MASS_LAYOFF_PEOPLE or share >= MASS_LAYOFF_SHARE:
            found.append((HIGH, f"裁员{layoffs}人（占职工{share:.0%}），达到规模裁员标准，须提前30日报告"))
        else:
            found.append((MEDIUM, f"裁员{layoffs}人（占职工{share:.0%}）"))
    if row.get("wages_settled") is False:
        found.append((HIGH, "未依法结清劳动报酬"))
    if row.get("ability_to_pay") == "弱":
        found.append((MEDIUM, "支付能力弱"))
    policy = row.get("stable_job_policy")
    no_policy = policy is None or (isinstance(policy, float) and pd.isna(policy)) or str(policy).strip() in NO_POLICY_WORDS
    if no_policy and (drop >= HEADCOUNT_DROP_MEDIUM or layoffs):
        found.append((MEDIUM, "未享受稳岗政策"))
    if not found:
        return LOW, []
    level = min((lvl for lvl, _ in found), key=RISK_ORDER.__getitem__)
    return level, [reason for _, reason in found]


def risk_table(key_enterprises: pd.DataFrame) -> pd.DataFrame:
    """Every key enterprise with level and reasons, the riskiest first (then most laid off, then name)."""
    frame = key_enterprises.copy()
    judged = [layoff_risk({k: (None if v is pd.NA else v) for k, v in row.items()}) for row in frame.to_dict("records")]
    frame["level"] = [level for level, _ in judged]
    frame["reasons"] = ["；".join(reasons) for _, reasons in judged]
    frame["order"] = frame["level"].map(RISK_ORDER)
    frame["layoffs"] = [max(_number(p), _number(laid)) for p, laid in zip(frame["planned_layoffs"], frame["laid_off"])]
    frame = frame.sort_values(["order", "layoffs", "name"], ascending=[True, False, True], ignore_index=True)
    return frame.drop(columns=["order"])


RISK_TABLE_HEADINGS = {
    "level": "风险等级", "name": "企业名称", "county": "县（市、区）", "industry": "所属行业",
    "headcount_last_year": "上年底职工（人）", "headcount_now": "目前职工（人）", "planned_layoffs": "计划裁员（人）",
    "laid_off": "已裁员（人）", "reasons": "风险原因", "stable_job_policy": "已享受的稳岗政策",
}


def risk_by_county(risks: pd.DataFrame, counties: tuple[str, ...] = COUNTY_NAMES) -> pd.DataFrame:
    """Key enterprises per county and level: county, 高, 中, 低 (zeros included)."""
    counts = risks.groupby(["county", "level"]).size().unstack(fill_value=0)
    return pd.DataFrame({"county": list(counties), **{
        level: [int(counts.at[c, level]) if c in counts.index and level in counts.columns else 0 for c in counties]
        for level in (HIGH, MEDIUM, LOW)
    }})


# ---- new enterprises -------------------------------------------------------------------------

def _month_starts(start: date, end: date) -> list[date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


NOT_COUNTED_HEADINGS = {"name": "企业名称", "credit_code": "统一社会信用代码", "county": "县（市、区）",
                        "registered_on": "注册日期", "first_served": "首次服务日期", "reason": "不计入原因"}


@functools.lru_cache(maxsize=1 << 20)
def _valid_credit_code(code: str) -> bool:
    """GB 32100 format and check digit (python-stdnum), remembered: the same codes come back on every page and date."""
    return uscc.is_valid(code)


def counted_new_enterprises(firsts: pd.DataFrame, window: tuple[date, date] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the enterprises served into those counted as newly registered and those not, with the reason.

    `firsts` has one row per credit code: credit_code, name, county, registered_on, first_served. A code whose
    GB 32100 check digit is wrong is a typing error: when the same name in the same county also appears under a
    valid code, its services belong to that enterprise (counted once, from the earlier first service); otherwise
    it is not counted. Only enterprises registered inside `window` (the plan's 新注册 window) count.
    """
    frame = firsts.copy()
    # Grouped as datetime64 (dates as Python objects make pandas' min fall back to a Python loop), dates again after.
    frame["registered_on"] = pd.to_datetime(frame["registered_on"])
    frame["first_served"] = pd.to_datetime(frame["first_served"])
    codes, names, counties = (frame[c].tolist() for c in ("credit_code", "name", "county"))  # lists: fast to walk
    valid = [_valid_credit_code(str(c)) for c in codes]
    owner = {(n, k): c for c, ok, n, k in zip(codes, valid, names, counties) if ok}
    frame["code"] = [c if ok else owner.get((n, k)) for c, ok, n, k in zip(codes, valid, names, counties)]
    bad_code = frame[frame["code"].isna()].assign(reason="统一社会信用代码校验位有误，且找不到同名企业的正确代码")
    merged = (frame[frame["code"].notna()].sort_values("first_served")
              .groupby("code", as_index=False)
              .agg(name=("name", "first"), county=("county", "first"), registered_on=("registered_on", "min"),
                   first_served=("first_served", "first"))
              .rename(columns={"code": "credit_code"}))
    for dates in (merged, bad_code):
        dates["registered_on"], dates["first_served"] = dates["registered_on"].dt.date, dates["first_served"].dt.date
    if window is None:
        inside = pd.Series(True, index=merged.index)
    else:
        inside = merged["registered_on"].notna() & merged["registered_on"].between(*window)
    outside = merged[~inside].assign(reason=[
        "未填注册日期" if pd.isna(r) else f"注册日期不在{window[0]:%Y-%m-%d}至{window[1]:%Y-%m-%d}之间，不属新注册企业"
        for r in merged.loc[~inside, "registered_on"]])
    columns = list(NOT_COUNTED_HEADINGS)
    not_counted = pd.concat([outside[columns], bad_code[columns]], ignore_index=True)
    return merged[inside].reset_index(drop=True)[columns[:-1]], not_counted.sort_values(["county", "name"], ignore_index=True)


def served_cumulative(counted: pd.DataFrame, target: Target, as_of: date) -> pd.DataFrame:
    """New enterprises counted by the month of their first service, from the target's start to as_of: month, served,
    cumulative, path (the straight line from 0 at the start to the target at its deadline, on each month's last day)."""
    months = _month_starts(target.period_from, min(as_of, target.period_to))
    first = pd.to_datetime(counted["first_served"])
    per_month = first.dt.to_period("M").dt.start_time.dt.date.value_counts()
    served = [int(per_month.get(m, 0)) for m in months]
    span = (target.period_to - target.period_from).days
    ends = [min(target.period_to, date(m.year + m.month // 12, m.month % 12 + 1, 1)) for m in months]
    path = [target.value * min(1.0, (e - target.period_from).days / span) for e in ends]
    frame = pd.DataFrame({"month": months, "served": served, "path": path})
    frame["cumulative"] = frame["served"].cumsum()
    return frame[["month", "served", "cumulative", "path"]]


def served_by_county(counted: pd.DataFrame, counties: tuple[str, ...] = COUNTY_NAMES) -> pd.DataFrame:
    """New enterprises counted per county (zeros included), most first: county, enterprises."""
    counts = counted.groupby("county").size()
    frame = pd.DataFrame({"county": list(counties), "enterprises": [int(counts.get(c, 0)) for c in counties]})
    return frame.sort_values(["enterprises", "county"], ascending=[False, True], ignore_index=True)


def services_by_method(services: pd.DataFrame) -> pd.DataFrame:
    """Services and enterprises per service method, in the ledger's order: method, services."""
    methods = list(ledger("new_enterprise").column("method").choices)
    counts = services.groupby("method")["services"].sum()
    return pd.DataFrame({"method": methods, "services": [int(counts.get(m, 0)) for m in methods]})


def training_by_county(services: pd.DataFrame, years: tuple[int, ...], method: str,
                       counties: tuple[str, ...] = COUNTY_NAMES) -> pd.DataFrame:
    """Whether each county held the yearly 依法用工 training (services by `method`): county, one bool column
    per year, missing (how many years not) and missing_years (those years, as text). Zones never stand in."""
    held = set(map(tuple, services.loc[services["method"] == method, ["county", "year"]].drop_duplicates().to_numpy()))
    frame = pd.DataFrame({"county": list(counties)})
    for year in years:
        frame[year] = [(c, year) in held for c in counties]
    frame["missing"] = [sum(not frame.at[i, y] for y in years) for i in frame.index]
    frame["missing_years"] = ["、".join(str(y) for y in years if not frame.at[i, y]) for i in frame.index]
    return frame


# ---- harmonious enterprises ---------------------------------------------------------------------

HARMONIOUS_COUNTS = ("enterprises", "assessed", "reached", "pending", "unfilled")


def harmonious_by_year(summary: pd.DataFrame, years: tuple[int, ...]) -> pd.DataFrame:
    """Per year: enterprises cultivated, assessed (answered 是/否), reached, pending (未评估), unfilled (answer blank),
    and share reached of those assessed: the enterprises not yet assessed do not count either way."""
    grouped = summary.groupby("year")[list(HARMONIOUS_COUNTS)].sum()
    rows = [(y, *(int(grouped.at[y, c]) if y in grouped.index else 0 for c in HARMONIOUS_COUNTS)) for y in years]
    frame = pd.DataFrame(rows, columns=["year", *HARMONIOUS_COUNTS])
    frame["share"] = [_share(r, a) for r, a in zip(frame["reached"], frame["assessed"])]
    return frame


def unanswered(pending: int, unfilled: int) -> str:
    """The enterprises a rate over answered rows leaves out: 3 户未评估、1 户未填 ('' when none)."""
    return "、".join(f"{n} 户{what}" for n, what in ((pending, NOT_YET_ASSESSED[0]), (unfilled, "未填")) if n)


def unanswered_note(pending: int, unfilled: int) -> str:
    """What a rate over answered rows leaves out, as a card or page says it: 另有 3 户未评估、1 户未填，不计入比率."""
    left_out = unanswered(pending, unfilled)
    return f"另有 {left_out}，不计入比率" if left_out else ""


def harmonious_unanswered(by_year: pd.DataFrame) -> str:
    """The harmonious page's line on enterprises left out of the share, year by year ('' when every one is assessed)."""
    notes = [f"{r.year}年{unanswered_note(r.pending, r.unfilled)}" for r in by_year.itertuples() if r.pending or r.unfilled]
    return "；".join(notes) + "（达标比例只计已评估的企业）。" if notes else ""


def harmonious_by_body(summary: pd.DataFrame, years: tuple[int, ...], bodies: tuple[str, ...]) -> pd.DataFrame:
    """Enterprises recommended by each of the four bodies per year: recommender, one column per year."""
    counts = summary.groupby(["recommender", "year"])["enterprises"].sum()
    return pd.DataFrame({"recommender": list(bodies), **{
        year: [int(counts.get((body, year), 0)) for body in bodies] for year in years
    }})


# ---- wage guidance --------------------------------------------------------------------------------

def wage_by_year(summary: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Per survey year: surveyed, feedback share and its target, individualised share and its target."""
    grouped = summary.groupby("year")[["surveyed", "feedback", "individual"]].sum()
    rows = []
    for year in grouped.index:
        def goal(metric: str) -> float | None:
            return next((t.value for t in plan.targets if t.metric == metric and t.period_from.year <= year <= t.period_to.year), None)
        s = grouped.loc[year]
        rows.append((int(year), int(s["surveyed"]), _share(s["feedback"], s["surveyed"]), goal("wage_feedback_share"),
                     _share(s["individual"], s["surveyed"]), goal("wage_individual_share")))
    return pd.DataFrame(rows, columns=["year", "surveyed", "feedback_share", "feedback_target", "individual_share", "individual_target"])


# ---- social organisations ---------------------------------------------------------------------------

def social_by_county(summary: pd.DataFrame, counties: tuple[str, ...] = COUNTY_NAMES) -> pd.DataFrame:
    """Organisations, demonstration points and gold per county (zeros included)."""
    grouped = summary.groupby("county")[["orgs", "demo_points", "gold"]].sum()
    return pd.DataFrame({"county": list(counties), **{
        col: [int(grouped.at[c, col]) if c in grouped.index else 0 for c in counties] for col in ("orgs", "demo_points", "gold")
    }})


def social_by_industry(summary: pd.DataFrame) -> pd.DataFrame:
    """Organisations per industry served, most first."""
    grouped = summary.groupby("industry", as_index=False)["orgs"].sum()
    return grouped.sort_values(["orgs", "industry"], ascending=[False, True], ignore_index=True)
