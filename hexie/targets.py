"""Every target of the plan judged the way its declaration says: the one function behind the cards, the download and `targets`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Mapping

import pandas as pd

from hexie.geo import COUNTY_NAMES
from hexie.metrics import counted_new_enterprises, dated_within, unanswered, unanswered_note
from hexie.plan import Plan, Target

MET, ON_TRACK, BEHIND, MISSED, NO_DATA = "met", "on_track", "behind", "missed", "no_data"
STATUSES = (MET, ON_TRACK, BEHIND, MISSED, NO_DATA)
STATUS_LABELS = {MET: "已达标", ON_TRACK: "按进度", BEHIND: "落后于进度", MISSED: "到期未达标", NO_DATA: "暂无数据"}
SCOPE_LABELS = {"city": "全市", "county": "每个县（市、区）", "org": "每个调解组织", "body": "四家单位各自"}
SCHEDULE_LABELS = {"deadline": "截止日期前完成", "steps": "分批，按日期累计", "linear": "按直线进度", "rate": "比率，直接对照目标"}
LEGEND = ("绿：已达标；蓝：按进度（未到截止日期，或不慢于进度安排）；橙：落后于进度；红：到期未达标；灰：暂无数据。"
          "进度安排按计划文件：截止型目标截止前不要求数量，分批目标按各批日期累计，只有持续性工作按直线进度，"
          "比率直接对照目标。逐年、分批目标显示所选日期所在的一项；全部目标见下载。")
# How a scoped target's units are named on a card: 达标组织 12/15.
UNIT_NAMES = {"county": "县", "org": "组织", "body": "单位"}
# The wage ledger's ownership choices that the two demonstration targets count.
OWNERSHIP = {"soe_demo": "国有企业", "private_demo": "民营企业"}


@dataclass(frozen=True)
class Inputs:
    """The analytics reads every target is measured from (one frame per store read)."""

    social: pd.DataFrame
    gold_coordinators: pd.DataFrame
    coordinators: pd.DataFrame
    enterprise_base: pd.DataFrame
    mediation: pd.DataFrame
    mediation_by_org_year: pd.DataFrame
    harmonious: pd.DataFrame
    new_enterprises: pd.DataFrame
    new_enterprise_services: pd.DataFrame
    wage: pd.DataFrame
    wage_firsts: pd.DataFrame

    READS = {
        "social": "social_org_selections", "gold_coordinators": "gold_coordinators_by_year",
        "coordinators": "coordinator_summary", "enterprise_base": "enterprise_base",
        "mediation": "mediation_org_selections", "mediation_by_org_year": "mediation_by_org_year",
        "harmonious": "harmonious_summary", "new_enterprises": "new_enterprise_firsts",
        "new_enterprise_services": "new_enterprise_services", "wage": "wage_summary", "wage_firsts": "wage_firsts",
    }

    @classmethod
    def read(cls, query: Callable[..., pd.DataFrame], as_of: date, county: str | None) -> "Inputs":
        """Fill every frame with query(store_method_name, as_of, county)."""
        return cls(**{name: query(method, as_of, county) for name, method in cls.READS.items()})


@dataclass(frozen=True)
class Measure:
    """What the data says of one target: value (None without data) against goal, with who falls short."""

    value: float | None
    goal: float
    shortfall: tuple[str, ...] = ()
    context: str = ""
    problems: tuple[str, ...] = ()
    no_data: str = ""
    # A rate over the rows answered yes or no: what it leaves out (另有 3 户未评估，不计入比率), said in the reason.
    unanswered: str = ""


@dataclass(frozen=True)
class TargetResult:
    """One target as the cards, the download and `targets` show it."""

    id: str
    workstream: str
    title: str
    unit: str
    scope: str
    schedule: str
    reading: str
    due: date
    value: float | None
    goal: float
    expected: float
    status: str
    reason: str
    shortfall: tuple[str, ...] = ()
    context: str = ""
    problems: tuple[str, ...] = ()
    unanswered: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def shown(self, number: float | None) -> str:
        """A value, goal or expectation as the card writes it."""
        if number is None:
            return "—"
        if self.scope != "city":
            return f"{number:g}"
        return f"{number:.0%}" if self.unit == "share" else f"{number:,.0f}{self.unit}"

    @property
    def headline(self) -> str:
        """The card's big line: 达标组织 12/15, 62% / 目标 65%, 7家 / 目标 10家."""
        if self.value is None:
            return STATUS_LABELS[NO_DATA]
        if self.scope != "city":
            return f"达标{UNIT_NAMES[self.scope]} {self.value:g}/{self.goal:g}"
        return f"{self.shown(self.value)} / 目标 {self.shown(self.goal)}"

    def as_json(self) -> dict:
        """The result as `targets --json` prints it."""
        return {
            "id": self.id, "title": self.title, "value": self.value, "goal": self.goal,
            "expected": round(self.expected, 4), "status": self.status, "reason": self.reason,
            "scope": self.scope, "schedule": self.schedule, "due": self.due.isoformat(), "reading": self.reading,
            "shortfall": list(self.shortfall), "context": self.context, "problems": list(self.problems),
            "unanswered": self.unanswered,
        }


# ---- measuring ------------------------------------------------------------------------

def _years(target: Target) -> range:
    return range(target.period_from.year, target.period_to.year + 1)


def _share(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) if denominator else None


def _scoped(target: Target, per_unit: Mapping[str, float], units: tuple[str, ...], **extra) -> Measure:
    """A scoped target: each unit reaches the target's value or not; value = units reaching, goal = units."""
    short = tuple(u for u in units if not target.reaches(per_unit.get(u, 0)))
    return Measure(len(units) - len(short), len(units), shortfall=short, **extra)


def _no_data(what: str, goal: float) -> Measure:
    return Measure(None, goal, no_data=f"暂无数据：{what}还没有记录")


def measure(target: Target, data: Inputs, counties: tuple[str, ...], bodies: tuple[str, ...]) -> Measure:
    """The target's metric over its period from the inputs, scoped as the plan declares."""
    m, years, goal = target.metric, _years(target), target.value
    if m in ("demo_points", "gold_social_orgs"):
        s = data.social
        if s.empty:
            return _no_data("协调劳动关系社会组织台账", goal)
        if m == "demo_points":
            chosen = dated_within(s["demo_since"], target.period_from, date.max)
        else:
            chosen = s["gold_year"].isin(years)
        return Measure(int(chosen.sum()), goal)
    if m == "gold_coordinators":
        if data.coordinators.empty:
            return _no_data("劳动关系协调员（师）台账", goal)
        g = data.gold_coordinators
        return Measure(int(g.loc[g["year"].isin(years), "gold"].sum()), goal)
    if m == "large_medium_coverage":
        return _coverage(data, goal)
    if m == "gold_mediation_orgs":
        orgs = data.mediation
        if orgs.empty:
            return _no_data("劳动人事争议调解组织台账", goal)
        # A roster may record a selection after its due date; only selections before the target's period are left out.
        since = dated_within(orgs["gold_since"], target.period_from, date.max)
        gold = since & (orgs["gold_batch"].notna() if target.batch is None else orgs["gold_batch"] == target.batch)
        return Measure(int(gold.sum()), goal)
    if m == "mediation_recommended":
        orgs = data.mediation
        if orgs.empty:
            return _no_data("劳动人事争议调解组织台账", goal)
        picked = orgs[orgs["recommended_year"].isin(years)].groupby("county").size()
        return _scoped(target, picked.to_dict(), counties)
    if m == "mediation_success_rate":
        cases = data.mediation_by_org_year
        cases = cases[cases["year"].isin(years) & (cases["accepted"] > 0)]
        if cases.empty:
            return _no_data(f"{years[0]}年调解工作统计", goal)
        per_org = cases.groupby(["org_name", "county"], as_index=False)[["accepted", "settled"]].sum()
        names = tuple(f"{r.org_name}（{r.county}）" for r in per_org.itertuples())
        rates = dict(zip(names, per_org["settled"] / per_org["accepted"]))
        pooled = per_org["settled"].sum() / per_org["accepted"].sum()
        return _scoped(target, rates, names, context=f"合计成功率 {pooled:.1%}（仅供参考，目标按每个组织计）")
    if m in ("harmonious_cultivated", "harmonious_standard_share", "harmonious_recommended"):
        if data.harmonious.empty:
            return _no_data("和谐企业培育台账", goal)
        h = data.harmonious[data.harmonious["year"].isin(years)]
        if m == "harmonious_cultivated":
            return Measure(int(h["enterprises"].sum()), goal)
        if m == "harmonious_standard_share":
            share = _share(h["reached"].sum(), h["assessed"].sum())
            pending, unfilled = int(h["pending"].sum()), int(h["unfilled"].sum())
            left_out = unanswered(pending, unfilled)
            return Measure(share, goal, unanswered=unanswered_note(pending, unfilled),
                           no_data=f"暂无数据：{years[0]}年培育企业尚未评估" + (f"（{left_out}）" if left_out else ""))
        per_body = h[h["enterprises"] > 0].groupby("recommender")["enterprises"].sum()
        return _scoped(target, per_body.to_dict(), bodies)
    if m == "new_enterprises_served":
        if data.new_enterprises.empty:
            return _no_data("新注册企业用工服务台账", goal)
        counted, not_counted = counted_new_enterprises(data.new_enterprises, target.registered)
        served = dated_within(counted["first_served"], target.period_from, target.period_to)
        note = f"另有{len(not_counted)}户不计入（注册日期不在窗口内、未填注册日期或信用代码有误），见新企服务页" if len(not_counted) else ""
        return Measure(int(served.sum()), goal, context=note)
    if m == "new_enterprise_training":
        s = data.new_enterprise_services
        if s.empty:
            return _no_data("新注册企业用工服务台账", goal)
        held = s[(s["method"] == target.method) & s["year"].isin(years)].groupby("county")["services"].sum()
        return _scoped(target, held.to_dict(), counties)
    if m in ("wage_feedback_share", "wage_individual_share"):
        w = data.wage[data.wage["year"].isin(years)]
        share = _share(w["feedback" if m == "wage_feedback_share" else "individual"].sum(), w["surveyed"].sum())
        return Measure(share, goal, no_data="" if share is not None else f"暂无数据：{years[0]}年企业薪酬调查反馈台账还没有记录")
    if m in ("skill_wage_guidance", "soe_demo", "private_demo"):
        if data.wage.empty:
            return _no_data("企业薪酬调查反馈台账", goal)
        f = data.wage_firsts
        kind = "skill_guidance" if m == "skill_wage_guidance" else "demonstration"
        chosen = (f["kind"] == kind) & f["year"].isin(years)
        if m in OWNERSHIP:
            chosen &= f["ownership"] == OWNERSHIP[m]
        return Measure(int(f.loc[chosen, "enterprises"].sum()), goal)
    return Measure(None, goal, no_data=f"暂无数据：没有台账记录“{m}”")


def _coverage(data: Inputs, goal: float) -> Measure:
    """Distinct large/medium employers with a coordinator over the 企业基数; a county whose numerator exceeds its base is a data problem."""
    frame = data.coordinators.merge(data.enterprise_base, on="county", how="inner")
    frame = frame[frame["large_medium"] > 0]
    if frame.empty:
        return _no_data("协调员台账或企业基数", goal)
    wrong = frame[frame["covered_large_medium"] > frame["large_medium"]]
    problems = tuple(f"{r.county}：已配备协调员的大中型企业{r.covered_large_medium}户，多于企业基数{r.large_medium}户"
                     for r in wrong.itertuples())
    fine = frame.drop(wrong.index)
    share = _share(fine["covered_large_medium"].sum(), fine["large_medium"].sum())
    return Measure(share, goal, problems=problems, no_data="" if share is not None else "暂无数据：各县数字都有误")


# ---- judging ----------------------------------------------------------------------------

def expected_by(target: Target, goal: float, as_of: date) -> float:
    """What the schedule asks by the end of as_of, in the goal's terms."""
    if target.schedule == "rate":
        return goal
    if target.schedule == "linear":
        span = (target.due - target.period_from).days
        return goal * min(1.0, max(0.0, (as_of - target.period_from).days / span if span else 1.0))
    if target.schedule == "steps":
        due = [s.amount for s in target.steps if s.due < as_of]
        return float(due[-1]) if due else 0.0
    return goal if as_of > target.due else 0.0


def coverage_goal(plan: Plan, as_of: date) -> float | None:
    """Where the coverage share should stand on as_of under the plan's coverage target (None without one)."""
    target = next((t for t in plan.targets if t.metric == "large_medium_coverage"), None)
    return None if target is None else expected_by(target, target.value, as_of)


def _names(names: tuple[str, ...], limit: int = 6) -> str:
    return "、".join(names[:limit]) + (f"等{len(names)}个" if len(names) > limit else "")


def judge_one(target: Target, m: Measure, as_of: date) -> TargetResult:
    """The status and the one-line reason for one target from its measure."""
    scoped = target.scope != "city"
    expected = expected_by(target, m.goal, as_of)
    result = dict(id=target.id, workstream=target.workstream, title=target.title, unit=target.unit, scope=target.scope,
                  schedule=target.schedule, reading=target.reading, due=target.due, value=m.value, goal=m.goal,
                  expected=expected, shortfall=m.shortfall, context=m.context, problems=m.problems,
                  unanswered=m.unanswered)
    probe = TargetResult(**result, status=NO_DATA, reason="")
    short = f"；未达标：{_names(m.shortfall)}" if m.shortfall else ""
    if as_of < target.period_from:
        status, reason = ON_TRACK, f"尚未开始：自{target.period_from:%Y-%m-%d}起计"
    elif m.value is None:
        status, reason = NO_DATA, m.no_data or "暂无数据"
    elif (m.value >= m.goal > 0) if scoped else target.reaches(m.value, m.goal):
        status, reason = MET, f"已达标：{probe.headline}"
    elif target.schedule == "rate":
        over = as_of > target.period_to
        status = MISSED if over else BEHIND
        reason = (f"{'期末' if over else '目前'}{probe.headline}，未达到" + ("每个都达标" if scoped else "目标")) + short
    elif as_of > target.due:
        status, reason = MISSED, f"截止{target.due:%Y-%m-%d}已过，{probe.headline}" + short
    elif expected == 0 or (m.value >= expected if scoped else target.reaches(m.value, expected)):
        what = f"截止{target.due:%Y-%m-%d}，尚未到期" if expected == 0 else f"按进度此时应达{probe.shown(expected)}"
        status, reason = ON_TRACK, f"{what}；目前{probe.headline}" + short
    else:
        status, reason = BEHIND, f"按进度此时应达{probe.shown(expected)}，目前{probe.headline}" + short
    if m.unanswered and m.value is not None and as_of >= target.period_from:
        reason += f"；{m.unanswered}"
    if m.problems:
        reason += f"；数据有误（不计入）：{_names(m.problems, 3)}"
    return TargetResult(**result, status=status, reason=reason)


def judge(plan: Plan, city: Inputs, as_of: date, county: str | None = None, local: Inputs | None = None) -> list[TargetResult]:
    """Every target of the plan, in the plan's order, as of the end of as_of.

    City-wide targets are judged on the whole city's data. With a county chosen, targets that bind each
    county or each organisation are judged for that county alone, from `local` (its own reads).
    """
    counties = (county,) if county else COUNTY_NAMES
    results = []
    for target in plan.targets:
        data = local if county and local is not None and target.scope in ("county", "org") else city
        results.append(judge_one(target, measure(target, data, counties, plan.units.shorts), as_of))
    return results


def evaluate(plan: Plan, query: Callable[..., pd.DataFrame], as_of: date, county: str | None = None) -> list[TargetResult]:
    """Read the store through query(method, as_of, county) and judge every target: the pages' and the command's one path."""
    city = Inputs.read(query, as_of, None)
    local = Inputs.read(query, as_of, county) if county else None
    return judge(plan, city, as_of, county, local)


def _series(target_id: str) -> str:
    """A yearly or batch target's series: mediation.gold_batch2 -> mediation.gold, harmonious.cultivated_2022 -> harmonious.cultivated."""
    return re.sub(r"_(\d{4}(_\d{4})?|batch\d+)$", "", target_id)


def current(plan: Plan, results: list[TargetResult], as_of: date) -> list[TargetResult]:
    """One result per series (the overview's cards): the target whose period holds as_of, else the last ended, else the next."""
    by_id = {t.id: t for t in plan.targets}

    def rank(t: Target) -> tuple:
        if t.period_from <= as_of <= t.period_to:
            return (2, t.period_to)
        if t.period_to < as_of:
            return (1, t.period_to)
        return (0, date.max - (t.period_from - date.min))

    chosen: dict[str, TargetResult] = {}
    for result in results:
        held = chosen.get(_series(result.id))
        if held is None or rank(by_id[result.id]) > rank(by_id[held.id]):
            chosen[_series(result.id)] = result
    return list(chosen.values())


def results_table(results: list[TargetResult]) -> pd.DataFrame:
    """Every result as a table with Chinese headings: the overview's download."""
    return pd.DataFrame({
        "编号": [r.id for r in results],
        "目标": [r.title for r in results],
        "范围": [SCOPE_LABELS[r.scope] for r in results],
        "进度安排": [SCHEDULE_LABELS[r.schedule] for r in results],
        "截止日期": [r.due for r in results],
        "目前数值": [r.value for r in results],
        "目标值": [r.goal for r in results],
        "按进度应达": [round(r.expected, 4) for r in results],
        "状态": [r.status_label for r in results],
        "说明": [r.reason for r in results],
        "读法": [r.reading for r in results],
        "参考": [r.context for r in results],
    })
