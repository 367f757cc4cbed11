"""A deterministic, realistic demo database: every county over the whole plan period."""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterator

from stdnum.cn import uscc

from hexie.geo import CITY_LEVEL, COUNTY_NAMES
from hexie.ledgers import ledger
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
    # Each county reports what it finished every month, a few days after the month ends.
    for county, rows in by_reporter.items():
        months = sorted({(r["completed_on"].year, r["completed_on"].month) for r in rows})
        for year, month in months:
            batch = [r for r in rows if (r["completed_on"].year, r["completed_on"].month) == (year, month)]
            when = datetime(year + month // 12, month % 12 + 1, 3, 10, 0)
            yield demo_upload("progress", county, when, f"{county}-{year}年{month}月工作进度"), batch


# ---- the other ledgers' story -------------------------------------------------
# Sizes are relative: the central districts and the big counties keep more of everything.
SIZE = {
    "章贡区": 3.0, "南康区": 2.5, "赣县区": 1.5, "信丰县": 1.5, "大余县": 0.8, "上犹县": 0.8,
    "崇义县": 0.7, "安远县": 0.9, "龙南市": 1.2, "定南县": 0.8, "全南县": 0.7, "宁都县": 1.5,
    "于都县": 2.0, "兴国县": 1.5, "会昌县": 1.0, "寻乌县": 0.9, "石城县": 0.7, "瑞金市": 1.5,
}
# How far a county of each pace gets with coverage and services by the end of the plan.
REACH = {"punctual": 1.0, "late": 0.8, "lagging": 0.55}
SHORT = {name: name[:-1] if len(name) == 3 else name for name in COUNTY_NAMES}

# Snapshot ledgers are uploaded every half year (January and July) and once more at the plan's end.
HALF_YEARS = tuple(date(y, m, 1) for y in (2021, 2022, 2023) for m in (1, 7)) + (date(2023, 9, 1),)
MONTHS = tuple(date(2020 + (11 + i) // 12, (11 + i) % 12 + 1, 1) for i in range(34))
PLAN_MONTHS = len(MONTHS) - 1

INDUSTRIES = ("制造业", "建筑业", "批发零售", "住宿餐饮", "交通运输", "电子信息", "家具", "纺织服装", "稀土新材料", "现代农业")
FIRM_WORDS = ("瑞丰", "宏达", "金盛", "华兴", "恒通", "嘉和", "鑫源", "永安", "新康", "博远",
              "天成", "同创", "信达", "景泰", "汇丰", "盛隆", "富春", "长青", "联发", "正泰")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗钟曾谢邱温"
GIVEN = ("伟", "芳", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "平", "建国",
         "志强", "小红", "海燕", "文", "斌", "红梅", "晓东", "春生", "桂英", "德华")


def _elapsed(period: date) -> float:
    """Share of the plan period gone by at the start of this month (0 at 2020-12, 1 at 2023-09)."""
    return min(1.0, max(0.0, ((period.year - 2020) * 12 + period.month - 12) / PLAN_MONTHS))


def _uploaded_after(period: date, county: str, days: int = 8) -> datetime:
    """When a county's upload for a period arrives: some days into the period, a different hour per county."""
    return datetime.combine(period + timedelta(days=days), time(9 + COUNTY_NAMES.index(county) % 8, 0))


def _credit_code(first17: str) -> str:
    """A unified social credit code with its GB 32100 check digit."""
    return first17 + uscc.calc_check_digit(first17)


def _firm(county: str, j: int, kind: str = "有限公司") -> str:
    stem = f"{SHORT[county]}{FIRM_WORDS[j % len(FIRM_WORDS)]}{INDUSTRIES[(j // len(FIRM_WORDS)) % len(INDUSTRIES)]}"
    suffix = "" if j < len(FIRM_WORDS) * len(INDUSTRIES) else f"{j // (len(FIRM_WORDS) * len(INDUSTRIES)) + 1}号"
    return f"{stem}{suffix}{kind}"


def _person(county: str, i: int) -> str:
    k = i + 7 * COUNTY_NAMES.index(county)
    return SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES) + 3 * k) % len(GIVEN)]


def _enterprise_counts(county: str, year: int, scale: int) -> tuple[int, int]:
    """(large_medium, small_micro) of a county in a year: a few percent more firms every year."""
    grow = year - 2020
    return round(SIZE[county] * 30 * scale * (1 + 0.04 * grow)), round(SIZE[county] * 1200 * scale * (1 + 0.08 * grow))


def enterprise_base_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Each county reports its large/medium and small/micro enterprise counts every February."""
    for year in (2020, 2021, 2022, 2023):
        for county in COUNTY_NAMES:
            large_medium, small_micro = _enterprise_counts(county, year, scale)
            when = _uploaded_after(date(2020, 12, 1) if year == 2020 else date(year, 2, 1), county, days=14)
            row = {"county": county, "year": year, "large_medium": large_medium, "small_micro": small_micro}
            yield demo_upload("enterprise_base", county, when, f"{county}-{year}年企业基数", str(year)), [row]


def social_org_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Organisations grow from the January 2021 survey; four demonstration points and one gold by 2023-09."""
    demo_points = {("章贡区", 0): date(2021, 7, 1), ("南康区", 0): date(2022, 1, 1),
                   ("于都县", 0): date(2022, 7, 1), ("瑞金市", 0): date(2023, 4, 1)}
    gold = {("章贡区", 0): (date(2023, 7, 1), 2023)}
    for county in COUNTY_NAMES:
        final = max(2, round(SIZE[county] * 4 * scale * REACH[PACE[county]]))
        for period in HALF_YEARS:
            n = max(1, round(final * (0.5 + 0.5 * _elapsed(period))))
            rows = []
            for i in range(n):
                chosen = gold.get((county, i))
                is_gold = bool(chosen and period >= chosen[0])
                rows.append({
                    "name": f"{SHORT[county]}{INDUSTRIES[i % len(INDUSTRIES)]}劳动关系服务协会"
                            + (f"（{i // len(INDUSTRIES) + 1}）" if i >= len(INDUSTRIES) else ""),
                    "county": county, "industry": INDUSTRIES[i % len(INDUSTRIES)], "staff": 4 + (i * 5 + len(county)) % 17,
                    "scale": ("小型", "中型", "大型")[i % 3], "work": "普法宣传、劳动争议调解、用工指导",
                    "demo_point": bool((county, i) in demo_points and period >= demo_points[(county, i)]),
                    "gold": is_gold, "gold_year": chosen[1] if is_gold else None, "period": period,
                })
            yield demo_upload("social_org", county, _uploaded_after(period, county), f"{county}-{period:%Y%m}社会组织台账",
                f"{period:%Y-%m}"), rows


# Gold coordinators selected by the city each year (target 20): met in 2021, missed in 2022 and 2023.
GOLD_COORDINATORS = {2021: (date(2021, 7, 1), 20), 2022: (date(2022, 7, 1), 17), 2023: (date(2023, 7, 1), 14)}
COORDINATOR_PLACES = ("小微企业", "工业园区", "乡镇（街道）", "小微企业", "人社/工会/企业代表组织")
CERT_LEVELS = ("三级/高级工", "四级/中级工", "二级/技师", "未取证", "三级/高级工", "一级/高级技师")


def _gold_quota(county: str, year: int) -> int:
    """A county's share of a year's gold coordinators, by size; the remainder goes to the largest."""
    total = GOLD_COORDINATORS[year][1]
    weights = {c: SIZE[c] * REACH[PACE[c]] for c in COUNTY_NAMES}
    quotas = {c: int(total * w / sum(weights.values())) for c, w in weights.items()}
    quotas["章贡区"] += total - sum(quotas.values())
    return quotas[county]


def coordinator_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Coordinators at large/medium firms and at the grassroots, growing every half year; gold ones each July."""
    for county in COUNTY_NAMES:
        reach = REACH[PACE[county]] * (0.7 if county in ("安远县", "寻乌县") else 1.0)
        for period in HALF_YEARS:
            large_medium, small_micro = _enterprise_counts(county, period.year, scale)
            covered = round(large_medium * 0.68 * reach * (0.25 + 0.75 * _elapsed(period)))
            grassroots = round(small_micro / 100 * 1.6 * reach * (0.3 + 0.7 * _elapsed(period)))
            gold_years = [year for year, (when, _) in GOLD_COORDINATORS.items() if period >= when
                          for _ in range(_gold_quota(county, year))]
            rows = []
            for i in range(covered + covered // 8 + grassroots):
                at_firm = i < covered + covered // 8
                year_of_gold = gold_years[i] if i < len(gold_years) else None
                rows.append({
                    "name": _person(county, i), "county": county,
                    "employer": (_firm(county, i % max(covered, 1)) if at_firm
                                 else f"{SHORT[county]}{COORDINATOR_PLACES[i % 5]}服务点{i % 40 + 1}"),
                    "employer_type": "大中型企业" if at_firm else COORDINATOR_PLACES[i % 5],
                    "cert_level": CERT_LEVELS[i % len(CERT_LEVELS)],
                    "cert_date": date(2019 + i % 4, 1 + i % 12, 1 + i % 27) if CERT_LEVELS[i % len(CERT_LEVELS)] != "未取证" else None,
                    "gold": year_of_gold is not None, "gold_year": year_of_gold, "period": period,
                })
            yield demo_upload("coordinator", county, _uploaded_after(period, county), f"{county}-{period:%Y%m}协调员台账",
                f"{period:%Y-%m}"), rows


MEDIATION_TYPES = (
    "乡镇（街道）调解组织", "企业劳动人事争议调解委员会", "乡镇（街道）调解组织", "企业劳动人事争议调解委员会",
    "县级专业调解组织", "行业性区域性调解组织", "工会“三师一室”维权平台", "多元化解“一体化”调解组织",
    "社会组织调解组织", "事业单位调解组织", "其他类型调解组织",
)
MEDIATION_STEMS = {
    "乡镇（街道）调解组织": "镇劳动争议调解中心", "企业劳动人事争议调解委员会": "公司劳动争议调解委员会",
    "县级专业调解组织": "劳动人事争议调解中心", "行业性区域性调解组织": "行业劳动争议调解委员会",
    "工会“三师一室”维权平台": "工会“三师一室”", "多元化解“一体化”调解组织": "矛盾纠纷多元化解中心",
    "社会组织调解组织": "劳动关系调解服务社", "事业单位调解组织": "医院人事争议调解委员会", "其他类型调解组织": "园区劳动争议调解室",
}
# Gold mediation organisations by batch (3 or more each, 10 in all): the third batch falls short.
GOLD_MEDIATION = {
    "第一批": (date(2021, 7, 1), ("章贡区", "南康区", "瑞金市")),
    "第二批": (date(2022, 7, 1), ("于都县", "赣县区", "信丰县", "龙南市")),
    "第三批": (date(2023, 4, 1), ("宁都县", "兴国县")),
}


def _mediation_orgs(county: str, scale: int, period: date) -> list[tuple[str, str]]:
    """(name, type) of a county's mediation organisations at a period: more of them as the plan goes on."""
    final = max(3, round(SIZE[county] * 6 * scale))
    n = max(2, round(final * (0.6 + 0.4 * _elapsed(period))))
    return [(f"{SHORT[county]}{FIRM_WORDS[i % len(FIRM_WORDS)]}{MEDIATION_STEMS[MEDIATION_TYPES[i % len(MEDIATION_TYPES)]]}"
             + (f"{i // len(FIRM_WORDS) + 1}号" if i >= len(FIRM_WORDS) else ""),
             MEDIATION_TYPES[i % len(MEDIATION_TYPES)]) for i in range(n)]


# Counties that recommended no mediation organisation in a year (each county recommends one a year, from July).
NO_RECOMMENDATION = {("安远县", 2022), ("石城县", 2023), ("全南县", 2023)}


def mediation_org_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Mediation organisations every half year; 六规范五上墙 spreads, slower in lagging counties; organisation i
    is the county's recommendation of 2021 + i, recorded from that year's July roster."""
    for county in COUNTY_NAMES:
        for period in HALF_YEARS:
            share = (0.35 + 0.55 * _elapsed(period)) * REACH[PACE[county]]
            orgs = _mediation_orgs(county, scale, period)
            rows = []
            for i, (name, org_type) in enumerate(orgs):
                batch = next((b for b, (when, counties) in GOLD_MEDIATION.items()
                              if period >= when and i == 0 and county in counties), None)
                rows.append({
                    "name": name, "county": county, "org_type": org_type, "full_time": 1 + i % 3, "part_time": 2 + i % 5,
                    "six_five": batch is not None or (i * 0.618 + len(county) * 0.1) % 1 < share,
                    "gold": batch is not None, "gold_batch": batch, "period": period,
                    "recommended_year": 2021 + i if i < 3 and period >= date(2021 + i, 1 if i else 7, 1)
                    and (county, 2021 + i) not in NO_RECOMMENDATION else None,
                })
            yield demo_upload("mediation_org", county, _uploaded_after(period, county), f"{county}-{period:%Y%m}调解组织台账",
                f"{period:%Y-%m}"), rows


BACKGROUNDS = ("律师", "法官", "仲裁员", "法学专家", "其他")


def mediator_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Each county's mediator roster every half year: one or two full-time mediators per organisation (none in
    every sixth), two to four part-timers drawn from lawyers, judges, arbitrators, scholars and others."""
    for county in COUNTY_NAMES:
        for period in HALF_YEARS:
            rows = []
            for i, (org, _) in enumerate(_mediation_orgs(county, scale, period)):
                full = 0 if i % 6 == 5 else 1 + i % 2
                for j in range(full + 2 + i % 3):
                    rows.append({"name": _person(county, 1000 + 10 * i + j), "org_name": org, "county": county,
                                 "kind": "专职" if j < full else "兼职", "background": "其他" if j < full else BACKGROUNDS[(i + j) % 5],
                                 "trained": (i + j) % 4 != 0 or period >= date(2022, 7, 1), "period": period})
            label = f"{county}-{period:%Y%m}调解员台账"
            yield demo_upload("mediator", county, _uploaded_after(period, county), label, f"{period:%Y-%m}"), rows


def mediation_stats_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Monthly cases per organisation; each organisation settles around its own rate. Punctual counties send each
    month early in the next (the reporting calendar asks by the 10th), late ones a few days after that, lagging
    ones a quarter at a time, so the 催报 page shows the mix a city office meets."""
    for county in COUNTY_NAMES:
        skill = {name: min(0.9, max(0.4, rng.gauss(0.67, 0.09))) for name, _ in _mediation_orgs(county, scale, MONTHS[-1])}
        batch: list[dict] = []
        for month in MONTHS:
            for name, _ in _mediation_orgs(county, scale, month):
                accepted = rng.randint(2, 12)
                rate = min(0.95, skill[name] + 0.04 * _elapsed(month))
                settled = sum(rng.random() < rate for _ in range(accepted))
                batch.append({"org_name": name, "county": county, "period": month, "accepted": accepted,
                              "settled": settled, "amount": round(accepted * rng.uniform(0.8, 3.5), 1)})
            pace = PACE[county]
            if pace != "lagging" or month.month % 3 == 0 or month == MONTHS[-1]:
                next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
                arrives = _uploaded_after(next_month, county, days={"punctual": 4, "late": 14, "lagging": 19}[pace])
                yield demo_upload("mediation_stats", county, arrives, f"{county}-{month:%Y%m}调解统计"), batch
                batch = []


# Each body recommends one enterprise a year; in 2022 市工商联 recommended none and two fell short. Reached None:
# still in cultivation when the year's assessment was uploaded (two of 2023's, assessed after the plan's end).
HARMONIOUS = {
    2021: (("市人社局", "章贡区", True), ("市总工会", "南康区", True), ("市企联/企协", "赣县区", True), ("市工商联", "瑞金市", True)),
    2022: (("市人社局", "于都县", True), ("市总工会", "信丰县", False), ("市企联/企协", "龙南市", True)),
    2023: (("市人社局", "兴国县", True), ("市总工会", "宁都县", True), ("市企联/企协", "会昌县", None),
           ("市工商联", "章贡区", True), ("市工商联", "南康区", None)),
}
YES, NO, NOT_YET = ledger("harmonious").column("reached").answers


def harmonious_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """The year's enterprises chosen before 1 February (all 未评估 while in cultivation), assessed at the end of the year."""
    for year, picks in HARMONIOUS.items():
        chosen = [(body, county, reached, k) for k in range(scale) for body, county, reached in picks]

        def rows(final: bool) -> list[dict]:
            return [{
                "name": _firm(county, 3 * year + 40 * k + i, "股份有限公司"), "county": county, "year": year,
                "recommender": body, "industry": INDUSTRIES[(year + i) % len(INDUSTRIES)], "epidemic_hit": i % 2 == 0,
                "status": "已评估" if final and reached is not None else "培育中",
                "reached": NOT_YET if not final or reached is None else YES if reached else NO,
            } for i, (body, county, reached, k) in enumerate(chosen)]

        yield demo_upload("harmonious", CITY_LEVEL, datetime(year, 1, 25, 10), f"{year}年和谐企业培育名单", str(year)), rows(False)
        assessed = datetime(2023, 9, 20, 10) if year == 2023 else datetime(year, 12, 20, 10)
        yield demo_upload("harmonious", CITY_LEVEL, assessed, f"{year}年和谐企业培育评估", str(year)), rows(True)


# Counties that skipped the yearly 依法用工 training in a year.
NO_TRAINING = {("安远县", 2022), ("寻乌县", 2021), ("寻乌县", 2023), ("大余县", 2023), ("兴国县", 2023)}
SERVICE_METHODS = ("线上指导", "上门服务", "用工指导手册", "线上指导")
# Enterprises registered long before the plan (not 新注册, listed as not counted), and enterprises whose follow-up
# visit was entered with a mistyped credit code (counted once).
OLD_FIRMS = {("章贡区", 2), ("信丰县", 2)}
MISTYPED_FIRMS = {("章贡区", 1), ("南康区", 1)}


def new_enterprise_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """About 950 new enterprises served over the plan, faster later on; a training session a year in most counties."""
    weights = {c: SIZE[c] * REACH[PACE[c]] for c in COUNTY_NAMES}
    for county in COUNTY_NAMES:
        n = round(950 * scale * weights[county] / sum(weights.values()))
        services: list[dict] = []
        for j in range(n):
            month = MONTHS[int(PLAN_MONTHS * rng.random() ** 0.85)]
            served = month + timedelta(days=rng.randint(0, 27))
            code = _credit_code(f"91360{COUNTY_NAMES.index(county):02d}{j:010d}")
            firm = {"name": _firm(county, j + 500, "有限责任公司"), "credit_code": code, "county": county,
                    "registered_on": served - timedelta(days=rng.randint(10, 120)), "industry": INDUSTRIES[j % len(INDUSTRIES)]}
            if (county, j) in OLD_FIRMS:
                firm["registered_on"] = date(2018, 5, 10)
            services.append({**firm, "service_date": served, "method": SERVICE_METHODS[j % 4], "content": "劳动合同签订与用工风险提示"})
            if (county, j) in MISTYPED_FIRMS and served + timedelta(days=30) <= date(2023, 9, 30):
                wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
                services.append({**firm, "credit_code": wrong, "service_date": served + timedelta(days=30), "method": "上门服务",
                                 "content": "回访（信用代码录入有误）"})
            if j % 3 == 0 and served + timedelta(days=60) <= date(2023, 9, 30):
                services.append({**firm, "service_date": served + timedelta(days=60), "method": "上门服务", "content": "回访指导规章制度"})
        for year in (2021, 2022, 2023):
            if (county, year) in NO_TRAINING:
                continue
            day = date(year, 6 if year < 2023 else 5, 10 + COUNTY_NAMES.index(county))
            attendees = [s for s in services if s["method"] != "培训班" and s["service_date"] < day][-10 * scale:]
            services += [{**s, "service_date": day, "method": "培训班", "content": "“依法用工”培训班"} for s in attendees]
        bounds = (date(2020, 12, 1), *HALF_YEARS[1:-1], date(2023, 10, 1))
        for begin, end in zip(bounds, bounds[1:]):
            rows = [s for s in services if begin <= s["service_date"] < end]
            if rows:
                yield demo_upload("new_enterprise", county, _uploaded_after(end, county, days=3), f"{county}-{begin:%Y%m}起新企服务"), rows


# The key enterprises whose story the layoff-risk page tells: (county, index) -> what happens from when.
# 南康区 0: a furniture maker cutting 60 (over 20: 规模裁员); 于都县 0: a garment maker cutting 18 of 170
# (over 10%) with wages unsettled; 寻乌县 0: shrinking, weak ability to pay, no stable-job policy.
LAYOFF_STORIES = {
    ("南康区", 0): (date(2022, 7, 1), 0.93, 60, 35, True, "一般"),
    ("于都县", 0): (date(2023, 1, 1), 0.89, 18, 18, False, "弱"),
    ("寻乌县", 0): (date(2023, 7, 1), 0.86, 8, 4, True, "弱"),
    ("章贡区", 1): (date(2023, 9, 1), 0.95, 12, 0, True, "强"),
}
POLICIES = ("失业保险稳岗返还", "社会保险费阶段性减免", "技能提升补贴", "以工代训补贴")


def key_enterprise_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Key enterprises every half year: most hold steady with stable-job policies; a few shrink and lay off."""
    for county in COUNTY_NAMES:
        n = max(2, round(SIZE[county] * 3 * scale))
        bases = [rng.randint(150, 1500) for _ in range(n)]
        for period in HALF_YEARS:
            rows = []
            for i, base in enumerate(bases):
                story = LAYOFF_STORIES.get((county, i))
                last_year = round(base * (1 + 0.02 * (period.year - 2021)))
                if i == 0 and county == "于都县":
                    last_year = 170
                now = round(last_year * (1 + ((i * 37 + period.month) % 9 - 4) / 100))
                planned = laid_off = 0
                settled, ability = True, "强"
                policy = POLICIES[i % len(POLICIES)] if (i + len(county)) % 5 else None
                if story and period >= story[0]:
                    _, keep, planned, laid_off, settled, ability = story
                    now = round(last_year * keep)
                    policy = None if ability == "弱" and county == "寻乌县" else policy
                rows.append({
                    "name": _firm(county, 300 + i, "有限公司"), "county": county, "industry": INDUSTRIES[(i + 6) % len(INDUSTRIES)],
                    "headcount_last_year": last_year, "headcount_now": now, "stable_job_policy": policy,
                    "guidance": "专人对接，每月走访" if i % 2 == 0 else "电话跟踪，每季度走访",
                    "planned_layoffs": planned, "laid_off": laid_off,
                    "layoff_positions": "生产一线" if planned else None, "wages_settled": settled,
                    "compensation": "N" if planned else None, "ability_to_pay": ability, "period": period,
                })
            yield demo_upload("key_enterprise", county, _uploaded_after(period, county), f"{county}-{period:%Y%m}重点企业台账",
                f"{period:%Y-%m}"), rows


# Wage-survey demonstration and skills guidance: one SOE in 2020, skills guidance at three firms in 2021,
# private demonstration firms in 2022 and 2023.
WAGE_FIRSTS = {("章贡区", 0, 2020): "demonstration", ("章贡区", 1, 2021): "skill_guidance", ("南康区", 1, 2021): "skill_guidance",
               ("于都县", 1, 2021): "skill_guidance", ("南康区", 2, 2022): "demonstration", ("瑞金市", 2, 2023): "demonstration"}


def wage_survey_uploads(rng: random.Random, plan: Plan, scale: int) -> Iterator[Upload]:
    """Surveyed enterprises each year; feedback reaches nearly everyone, short of 100% in the lagging counties."""
    for county in COUNTY_NAMES:
        n = max(3, round(SIZE[county] * 8 * scale))
        for year in (2020, 2021, 2022, 2023):
            rows = []
            for i in range(n):
                ownership = "国有企业" if i == 0 else ("民营企业" if i % 10 else "其他")
                if i in (1, 2):
                    ownership = "民营企业"
                miss = 0.1 if year == 2020 else (0.08 if PACE[county] == "lagging" else 0.0)
                firsts = {kind for (c, k, y), kind in WAGE_FIRSTS.items() if c == county and k == i and y <= year}
                rows.append({
                    "name": _firm(county, 700 + i), "county": county, "year": year, "ownership": ownership,
                    "feedback": rng.random() >= miss, "individual_service": year > 2020 and rng.random() < 0.13,
                    "skill_guidance": "skill_guidance" in firsts, "demonstration": "demonstration" in firsts,
                })
            when = datetime(2020, 12, 20, 10) if year == 2020 else datetime(year, 8 if year == 2023 else 11, 15, 10)
            yield demo_upload("wage_survey", county, when, f"{county}-{year}年薪酬调查", str(year)), rows


GENERATORS: tuple[Generator, ...] = (
    progress_uploads, enterprise_base_uploads, social_org_uploads, coordinator_uploads, mediation_org_uploads,
    mediator_uploads, mediation_stats_uploads, harmonious_uploads, new_enterprise_uploads, key_enterprise_uploads, wage_survey_uploads,
)


def build_demo(store: Store, seed: int = 2020, scale: int = 1, plan: Plan | None = None) -> dict[str, int]:
    """Fill an empty store with demo uploads and mark it as a demo; returns rows per ledger."""
    plan = plan or load_plan()
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    store.set_meta("demo", "1")
    for generate in GENERATORS:
        uploads = list(generate(rng, plan, scale))
        store.add_uploads(uploads)
        for info, rows in uploads:
            counts[info.ledger] = counts.get(info.ledger, 0) + len(rows)
    return counts
