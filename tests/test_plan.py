"""Tests of the plan data file and its loader, checked against the source document."""

from __future__ import annotations

import errno
import re
from datetime import date
from pathlib import Path

import pytest

from hexie.plan import PLAN_ENV_VAR, Duty, Milestone, PlanError, load_plan

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = REPO_ROOT.parent / "shared" / "plan" / "ganzhou-hexie-tongxing-plan.txt"

ALL_BODIES = ("市人社局", "市总工会", "市企联/企协", "市工商联")


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def document_sections() -> dict[str, str]:
    """The text of every 目标任务 and every 时间安排 section of the document, joined per kind."""
    if not DOCUMENT.exists():
        pytest.skip(f"source document not found at {DOCUMENT} (expected beside the repo in ../shared)")
    heading = re.compile(r"^\s*(?:[（(][0-9０-９一二三四五六七八九十]+[）)]|[0-9０-９]+[．.]|[一二三四五六七八九十]+、)\s*(.*)$")
    sections = {"目标任务": [], "时间安排": []}
    current = None
    for line in DOCUMENT.read_text(encoding="utf-8").splitlines():
        match = heading.match(line)
        if match:
            current = next((kind for kind in sections if match.group(1).startswith(kind)), None)
        elif current:
            sections[current].append(line)
    return {kind: "\n".join(lines) for kind, lines in sections.items()}


def test_plan_header(plan):
    assert plan.title == "赣州市劳动关系“和谐同行”能力提升三年行动计划实施方案"
    assert plan.doc_no == "赣市人社发〔2020〕19号"
    assert plan.issued == date(2020, 12, 30)
    assert (plan.start, plan.end) == (date(2020, 12, 1), date(2023, 9, 30))
    assert plan.units.shorts == ALL_BODIES
    assert plan.units.reporters == {"city": "市协调劳动关系三方办公室", "county": "各地协调劳动关系三方"}


def test_seven_workstreams_in_document_order(plan):
    assert [w.id for w in plan.workstreams] == [
        "social_org", "coordinator", "mediation", "harmonious", "new_enterprise", "key_enterprise", "wage",
    ]


@pytest.mark.parametrize("workstream_id, title, short, lead", [
    ("social_org", "打造金牌协调劳动关系社会组织计划", "社会组织", ("市总工会",)),
    ("coordinator", "打造金牌劳动关系协调员（师）计划", "协调员", ("市工商联",)),
    ("mediation", "打造金牌劳动人事争议调解组织计划", "调解组织", ("市人社局",)),
    ("harmonious", "劳动关系和谐企业培育共同行动计划", "和谐企业", ("市人社局",)),
    ("new_enterprise", "服务千户新企用工计划", "新企服务", ("市企联/企协",)),
    ("key_enterprise", "实施重点企业用工指导计划", "重点企业", ("市人社局",)),
    ("wage", "实施企业薪酬指引计划", "薪酬指引", ("市人社局", "市企联/企协")),
])
def test_workstream_heading_and_leads(plan, workstream_id, title, short, lead):
    workstream = plan.workstream(workstream_id)
    assert (workstream.title, workstream.short, workstream.lead) == (title, short, lead)
    # Lead and participants together are always the four bodies, each once.
    assert sorted(workstream.lead + workstream.participants) == sorted(ALL_BODIES)


@pytest.mark.parametrize("milestone_id, due, scope", [
    ("social_org.plan_2020_12", date(2020, 12, 31), "city"),
    ("social_org.survey_2021_01", date(2021, 1, 31), "county"),
    # Choosing the one gold social organisation is the city's duty, not a yearly duty of each county.
    ("social_org.cultivate_2021", date(2021, 12, 31), "city"),
    ("social_org.cultivate_2023", date(2023, 9, 30), "city"),
    ("social_org.gold_2023_09", date(2023, 9, 30), "city"),
    ("coordinator.recommend_2022", date(2022, 12, 31), "county"),
    ("coordinator.select_2022", date(2022, 12, 31), "city"),
    ("coordinator.select_2023", date(2023, 9, 30), "city"),
    ("mediation.batch1_2021_09", date(2021, 9, 30), "city"),
    ("mediation.batch2_2022_07", date(2022, 7, 31), "city"),
    ("mediation.batch3_2023_05", date(2023, 5, 31), "city"),
    ("mediation.recommend_2022", date(2022, 7, 31), "county"),
    ("harmonious.review_2020_12", date(2020, 12, 31), "city"),
    ("harmonious.select_2021", date(2021, 2, 1), "city"),
    ("harmonious.select_2022", date(2022, 2, 1), "city"),
    ("harmonious.select_2023", date(2023, 2, 1), "city"),
    ("new_enterprise.plan_2021_01", date(2021, 1, 31), "county"),
    ("new_enterprise.serve_2022", date(2022, 12, 31), "county"),
    ("new_enterprise.report_2023_09", date(2023, 9, 30), "city"),
    ("key_enterprise.ledger_2021_02", date(2021, 2, 28), "county"),
    ("key_enterprise.monitoring_2022_12", date(2022, 12, 31), "county"),
    ("wage.feedback_2020", date(2020, 12, 31), "city"),
    ("wage.skill_guidance_2021", date(2021, 12, 31), "city"),
    ("wage.soe_demo_2020_12", date(2020, 12, 31), "city"),
    ("wage.soe_experience_2021", date(2021, 12, 31), "city"),
    ("wage.soe_experience_2022", date(2022, 12, 31), "city"),
    ("wage.private_demo_2023_09", date(2023, 9, 30), "city"),
])
def test_milestone_due_and_scope(plan, milestone_id, due, scope):
    milestone = plan.milestone(milestone_id)
    assert (milestone.due, milestone.scope) == (due, scope)


def test_milestone_reporter_is_chinese():
    city = Milestone("x.a", "wage", date(2021, 1, 1), "标题", "正文", "city")
    county = Milestone("x.b", "wage", date(2021, 1, 1), "标题", "正文", "county")
    assert (city.reporter, county.reporter) == ("市协调劳动关系三方办公室", "各地协调劳动关系三方")


@pytest.mark.parametrize("workstream_id, count", [
    ("social_org", 6), ("coordinator", 9), ("mediation", 12), ("harmonious", 5),
    ("new_enterprise", 6), ("key_enterprise", 4), ("wage", 10),
])
def test_milestone_count_per_workstream(plan, workstream_id, count):
    assert len(plan.milestones_of(workstream_id)) == count


@pytest.mark.parametrize("prefix, dues", [
    ("social_org.cultivate_", [date(2021, 12, 31), date(2022, 12, 31), date(2023, 9, 30)]),
    ("coordinator.select_", [date(2021, 12, 31), date(2022, 12, 31), date(2023, 9, 30)]),
    ("mediation.supervise_", [date(2021, 12, 31), date(2022, 12, 31), date(2023, 9, 30)]),
    ("harmonious.select_", [date(2021, 2, 1), date(2022, 2, 1), date(2023, 2, 1)]),
    ("new_enterprise.serve_", [date(2021, 12, 31), date(2022, 12, 31), date(2023, 9, 30)]),
])
def test_recurring_items_are_one_milestone_per_year(plan, prefix, dues):
    assert [m.due for m in plan.milestones if m.id.startswith(prefix)] == dues


@pytest.mark.parametrize("target_id, metric, value, unit, period, comparison", [
    ("social_org.demo_points", "demo_points", 5, "家", (date(2020, 12, 1), date(2023, 9, 30)), "at_least"),
    ("social_org.gold_orgs", "gold_social_orgs", 1, "家", (date(2020, 12, 1), date(2023, 9, 30)), "at_least"),
    ("coordinator.gold_2021", "gold_coordinators", 20, "人", (date(2021, 1, 1), date(2021, 12, 31)), "at_least"),
    ("coordinator.gold_2023", "gold_coordinators", 20, "人", (date(2023, 1, 1), date(2023, 9, 30)), "at_least"),
    ("coordinator.large_medium_coverage", "large_medium_coverage", 0.5, "share",
     (date(2020, 12, 1), date(2023, 9, 30)), "more_than"),
    ("mediation.gold_total", "gold_mediation_orgs", 10, "家", (date(2020, 12, 1), date(2023, 5, 31)), "at_least"),
    ("mediation.gold_batch1", "gold_mediation_orgs", 3, "家", (date(2021, 1, 1), date(2021, 9, 30)), "at_least"),
    ("mediation.gold_batch2", "gold_mediation_orgs", 3, "家", (date(2022, 1, 1), date(2022, 7, 31)), "at_least"),
    ("mediation.gold_batch3", "gold_mediation_orgs", 3, "家", (date(2023, 1, 1), date(2023, 5, 31)), "at_least"),
    ("mediation.success_rate_2022", "mediation_success_rate", 0.65, "share",
     (date(2022, 1, 1), date(2022, 12, 31)), "at_least"),
    ("mediation.recommended_2021", "mediation_recommended", 1, "家", (date(2021, 1, 1), date(2021, 9, 30)), "at_least"),
    ("harmonious.cultivated_2021", "harmonious_cultivated", 4, "户", (date(2021, 1, 1), date(2021, 12, 31)), "at_least"),
    ("harmonious.standard_share_2023", "harmonious_standard_share", 0.8, "share",
     (date(2023, 1, 1), date(2023, 9, 30)), "at_least"),
    ("harmonious.recommended_2022", "harmonious_recommended", 1, "家",
     (date(2022, 1, 1), date(2022, 12, 31)), "at_least"),
    ("new_enterprise.served", "new_enterprises_served", 1000, "户", (date(2020, 12, 1), date(2023, 9, 30)), "about"),
    ("new_enterprise.training_2021", "new_enterprise_training", 1, "次",
     (date(2021, 1, 1), date(2021, 12, 31)), "at_least"),
    ("wage.feedback_share_2020", "wage_feedback_share", 0.9, "share",
     (date(2020, 1, 1), date(2020, 12, 31)), "at_least"),
    ("wage.feedback_share_2022", "wage_feedback_share", 1.0, "share",
     (date(2022, 1, 1), date(2022, 12, 31)), "at_least"),
    ("wage.individual_service_2023", "wage_individual_share", 0.1, "share",
     (date(2023, 1, 1), date(2023, 9, 30)), "at_least"),
    ("wage.skill_guidance", "skill_wage_guidance", 2, "家", (date(2020, 12, 1), date(2021, 12, 31)), "at_least"),
    ("wage.soe_demo", "soe_demo", 1, "户", (date(2020, 12, 1), date(2020, 12, 31)), "at_least"),
    ("wage.private_demo", "private_demo", 2, "户", (date(2020, 12, 1), date(2023, 9, 30)), "at_least"),
])
def test_target_values(plan, target_id, metric, value, unit, period, comparison):
    target = plan.target(target_id)
    assert (target.metric, target.value, target.unit, target.period, target.comparison) == (
        metric, value, unit, period, comparison)
    assert (target.period_from, target.period_to) == period


@pytest.mark.parametrize("target_id, scope, schedule, due", [
    ("mediation.success_rate_2021", "org", "rate", date(2021, 12, 31)),
    ("mediation.recommended_2023", "county", "deadline", date(2023, 5, 31)),
    ("harmonious.recommended_2021", "body", "deadline", date(2021, 2, 1)),
    ("harmonious.cultivated_2022", "city", "deadline", date(2022, 2, 1)),
    ("new_enterprise.training_2023", "county", "deadline", date(2023, 9, 30)),
    ("new_enterprise.served", "city", "linear", date(2023, 9, 30)),
    ("social_org.gold_orgs", "city", "deadline", date(2023, 9, 30)),
    ("mediation.gold_total", "city", "steps", date(2023, 5, 31)),
])
def test_target_scope_and_schedule(plan, target_id, scope, schedule, due):
    target = plan.target(target_id)
    assert (target.scope, target.schedule, target.due) == (scope, schedule, due)


def test_batches_and_words_are_declared(plan):
    assert [(s.due, s.amount) for s in plan.target("mediation.gold_total").steps] == [
        (date(2021, 9, 30), 3), (date(2022, 7, 31), 6), (date(2023, 5, 31), 10)]
    assert [plan.target(f"mediation.gold_batch{n}").batch for n in (1, 2, 3)] == ["第一批", "第二批", "第三批"]
    served = plan.target("new_enterprise.served")
    assert (served.band, served.registered) == ((900, 1100), (date(2020, 1, 1), date(2023, 9, 30)))
    assert "大多数" in plan.target("coordinator.large_medium_coverage").reading
    assert "1O%" in plan.target("wage.individual_service_2021").note


def test_yearly_targets_one_per_year(plan):
    yearly = {t.period for t in plan.targets if t.metric == "gold_coordinators"}
    assert yearly == {
        (date(2021, 1, 1), date(2021, 12, 31)),
        (date(2022, 1, 1), date(2022, 12, 31)),
        (date(2023, 1, 1), date(2023, 9, 30)),
    }


def test_key_enterprise_has_no_numeric_targets(plan):
    assert plan.targets_of("key_enterprise") == ()


@pytest.mark.parametrize("context_id, value", [
    ("social_org.province_gold_orgs", 10),
    ("mediation.province_gold_orgs", 100),
    ("harmonious.province_thousand_2020", 1000),
])
def test_province_figures_are_context_not_targets(plan, context_id, value):
    workstream = plan.workstream(context_id.split(".")[0])
    assert {c.id: c.value for c in workstream.context}[context_id] == value
    assert context_id not in {t.id for t in plan.targets}


def test_titles_fit_chart_lanes(plan):
    assert all(len(m.title) <= 20 for m in plan.milestones), [m.title for m in plan.milestones if len(m.title) > 20]
    assert all(len(t.title) <= 24 for t in plan.targets), [t.title for t in plan.targets if len(t.title) > 24]
    assert all(3 <= len(w.short) <= 6 for w in plan.workstreams)


def test_milestone_target_refs_resolve(plan):
    for milestone in plan.milestones:
        for ref in milestone.targets:
            assert plan.target(ref).workstream == milestone.workstream


def test_every_milestone_falls_inside_the_plan(plan):
    assert all(plan.start <= m.due <= plan.end for m in plan.milestones)


def test_every_dated_month_of_the_schedule_is_in_the_plan(plan, document_sections):
    months = {(int(y), int(m)) for y, m in re.findall(r"(\d{4})年(\d{1,2})月", document_sections["时间安排"])}
    assert months == {(2020, 12), (2021, 1), (2021, 2), (2021, 9), (2022, 7), (2022, 12), (2023, 5), (2023, 9)}
    in_plan = {(m.due.year, m.due.month) for m in plan.milestones}
    in_plan |= {(d.year, d.month) for t in plan.targets for d in t.period}
    assert months - in_plan == set()


def test_every_number_of_targets_and_schedule_is_in_the_plan(plan, document_sections):
    text = document_sections["目标任务"] + "\n" + document_sections["时间安排"]
    # "1O%" (a letter O) in the wage section is the document's typo for 10%.
    found = {
        round(int(number.replace("O", "0")) / 100, 6) if unit in "%％" else int(number)
        for number, unit in re.findall(r"(\d+O?)\s*([家名户%％])", text)
    }
    assert found == {1, 2, 3, 4, 5, 10, 20, 1000, 0.8, 0.9, 0.1}  # 100% is 1.0, the same member as 1
    values = {round(t.value, 6) for t in plan.targets}
    values |= {round(c.value, 6) for w in plan.workstreams for c in w.context}
    assert found - values == set()


def test_lookup_of_unknown_id_raises_key_error(plan):
    with pytest.raises(KeyError, match="unknown workstream id: nope"):
        plan.workstream("nope")
    with pytest.raises(KeyError, match="unknown milestone id: nope"):
        plan.milestone("nope")


MINIMAL = """\
title: 测试计划
doc_no: 测试〔2020〕1号
issued: 2020-12-30
start: 2020-12-01
end: 2023-09-30
units:
  bodies:
    - {short: 市人社局, name: 赣州市人力资源和社会保障局}
  reporters: {city: 市协调劳动关系三方办公室, county: 各地协调劳动关系三方}
workstreams:
  - id: wage
    title: 实施企业薪酬指引计划
    short: 薪酬指引
    lead: [市人社局]
    participants: []
    milestones:
      - id: wage.first
        due: 2021-01-31
        scope: county
        title: 第一项
        text: 第一项工作。
        targets: [wage.share]
    targets:
      - id: wage.share
        metric: wage_feedback_share
        value: 0.9
        unit: share
        period: {from: 2020-01-01, to: 2020-12-31}
        comparison: at_least
        schedule: rate
        title: 反馈率
        text: 反馈率不少于90%
"""


def write_plan(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_plan_loads(tmp_path):
    plan = load_plan(write_plan(tmp_path, MINIMAL))
    assert [m.id for m in plan.milestones_of("wage")] == ["wage.first"]
    assert plan.milestone("wage.first").targets == ("wage.share",)
    assert plan.target("wage.share").value == 0.9


@pytest.mark.parametrize("old, new, message", [
    ("        scope: county\n", "        scope: county\n        owner: 市人社局\n",
     "wage.first: 不认识的键“owner”（可用：id、due、scope、title、text、targets）"),
    ("end: 2023-09-30\n", "end: 2023-09-30\nowner: 市人社局\n",
     "plan: 不认识的键“owner”（可用：title、doc_no、issued、start、end、units、workstreams、reporting）"),
    ("to: 2020-12-31}", "to: 2020-12-31, until: 2021-01-01}",
     "wage.share.period: 不认识的键“until”（可用：from、to）"),
    ("        title: 第一项\n", "", "wage.first: 缺少必填的键“title”"),
    ("period: {from: 2020-01-01, to: 2020-12-31}", "period: 2020年", "wage.share.period: 应写成“键: 值”的映射，现为“2020年”"),
    ("period: {from: 2020-01-01, to: 2020-12-31}", "period: [2020-01-01, 2020-12-31]", "wage.share.period: 应写成“键: 值”的映射，现为列表"),
    ("period: {from: 2020-01-01, to: 2020-12-31}", "period:", "wage.share.period: 应写成“键: 值”的映射，现为空值"),
    ("period: {from: 2020-01-01, to: 2020-12-31}", "period: 2020", "wage.share.period: 应写成“键: 值”的映射，现为“2020”"),
    ("due: 2021-01-31", "due: 2021-13-01", "wage.first: due 须为日期（YYYY-MM-DD），现为“2021-13-01”"),
    ("due: 2021-01-31", "due: '2021-13-01'", "wage.first: due 须为日期（YYYY-MM-DD），现为“2021-13-01”"),
    ("due: 2021-01-31", "due: 2021年1月", "wage.first: due 须为日期（YYYY-MM-DD），现为“2021年1月”"),
    ("to: 2020-12-31}", "to: 2020-02-30}", "wage.share: period.to 须为日期（YYYY-MM-DD），现为“2020-02-30”"),
    ("issued: 2020-12-30", "issued: 2020年12月30日", "plan: issued 须为日期（YYYY-MM-DD），现为“2020年12月30日”"),
    ("to: 2020-12-31}", "to: 2020-12-31}\n        registered: {from: 2020-01-01, to: 2020-13-01}",
     "wage.share: registered.to 须为日期（YYYY-MM-DD），现为“2020-13-01”"),
    ("start: 2020-12-01", "start: 2024-01-01", "plan: start 2024-01-01 晚于 end 2023-09-30"),
    ("due: 2021-01-31", "due: 2024-01-01", "wage.first: due 2024-01-01 不在计划期 2020-12-01 至 2023-09-30 之内"),
    ("due: 2021-01-31", "due: 2020-11-30", "wage.first: due 2020-11-30 不在计划期 2020-12-01 至 2023-09-30 之内"),
    ("title: 测试计划", "title:", "plan: title 须为文字，不能为空，现为空值"),
    ("        title: 第一项\n", "        title: ''\n", "wage.first: title 须为文字，不能为空，现为“”"),
    ("name: 赣州市人力资源和社会保障局", "name: ' '", "units.bodies[0]: name 须为文字，不能为空，现为“ ”"),
    ("{short: 市人社局, name: 赣州市人力资源和社会保障局}", "{short: 市人社局}", "units.bodies[0]: 缺少必填的键“name”"),
    ("city: 市协调劳动关系三方办公室", "city: 市三方办",
     "units.reporters: city 须为“市协调劳动关系三方办公室”，现为“市三方办”"),
    ("      - id: wage.share\n", "      - id: wage.first\n", "wage.first: id “wage.first” 前面已经用过，每个 id 只能用一次"),
    ("workstreams:\n", "workstreams:\n  - {id: wage, title: 薪酬指引, short: 薪酬指引, lead: [市人社局], participants: []}\n",
     "wage: id “wage” 前面已经用过，每个 id 只能用一次"),
    ("      - id: wage.first\n", "      - id: wage.First\n",
     "wage.First: id 须为小写英文字母开头、由小写英文字母、数字、下划线和点组成（如 social_org.survey_2021_01），现为“wage.First”"),
    ("      - id: wage.first\n", "      - id: 12\n",
     "wage.milestones[0]: id 须为小写英文字母开头、由小写英文字母、数字、下划线和点组成（如 social_org.survey_2021_01），现为“12”"),
    ("      - id: wage.share\n        metric", "      - metric", "wage.targets[0]: 缺少必填的键“id”"),
    ("    participants: []\n", "    participants: []\n    context:\n      - {text: 全省金牌组织, value: 10}\n",
     "wage.context[0]: 缺少必填的键“id”"),
    ("    participants: []\n", "    participants: []\n    context:\n      - {id: wage.province, text: 全省金牌组织, value: 很多}\n",
     "wage.province: value 须为数字，现为“很多”"),
    ("scope: county", "scope: province", "wage.first: scope 须为 city、county 之一，现为“province”"),
    ("value: 0.9", "value: 九成", "wage.share: value 须为数字，现为“九成”"),
    ("value: 0.9", "value: yes", "wage.share: value 须为数字，现为“True”"),
    ("value: 0.9\n        unit: share", "value: .inf\n        unit: 家", "wage.share: value 须为有限的数字，现为“inf”"),
    ("value: 0.9\n        unit: share", "value: .nan\n        unit: 家", "wage.share: value 须为有限的数字，现为“nan”"),
    ("value: 0.9", "value: 90", "wage.share: unit 为 share（比例）时 value 须在 0 到 1 之间（90% 写作 0.9），现为“90”"),
    ("value: 0.9\n        unit: share", "value: -1\n        unit: 家", "wage.share: value 不能为负数，现为“-1”"),
    ("  - id: wage\n", "  - id: pay\n",
     "workstreams[0]: id 须为 social_org、coordinator、mediation、harmonious、new_enterprise、key_enterprise、wage 之一，现为“pay”"),
    ("lead: [市人社局]", "lead: [市人社局, 人社局]", "wage: lead 中的“人社局”不是 units.bodies 中的单位简称（可用：市人社局）"),
    ("lead: [市人社局]", "lead: []", "wage: lead 须至少写一个单位（units.bodies 中的简称）"),
    ("participants: []", "participants: 市人社局", "wage: participants 应写成列表，现为“市人社局”"),
    ("targets: [wage.share]", "targets: wage.share", "wage.first: targets 应写成列表，现为“wage.share”"),
    ("targets: [wage.share]", "targets: [wage.missing]", "wage.first: targets 中的“wage.missing”不是任何目标的 id"),
    ("      - id: wage.first\n", "      - id: social_org.first\n",
     "social_org.first: id 须以所在工作的 id 加点（“wage.”）开头，现为“social_org.first”"),
    ("metric: wage_feedback_share", "metric: 反馈率",
     "wage.share: metric 须为小写英文字母开头、由小写英文字母、数字和下划线组成（如 demo_points），现为“反馈率”"),
    ("comparison: at_least", "comparison: exactly", "wage.share: comparison 须为 at_least、more_than、about 之一，现为“exactly”"),
    ("schedule: rate", "schedule: someday", "wage.share: schedule 须为 deadline、steps、linear、rate 之一，现为“someday”"),
    ("schedule: rate", "schedule: steps", "wage.share: schedule 为 steps 时须在 steps 中至少写一项（due 和 amount）"),
    ("schedule: rate", "schedule: steps\n        steps: [{due: 2020-06-30, amount: 0.5}, {due: 2020-03-31, amount: 0.9}]",
     "wage.share: steps[1].due 2020-03-31 须晚于 steps[0].due 2020-06-30（按日期先后排列）"),
    ("schedule: rate", "schedule: steps\n        steps: [{due: 2020-03-31, amount: 0.9}, {due: 2020-06-30, amount: 0.5}]",
     "wage.share: steps[1].amount 0.5 少于 steps[0].amount 0.9（amount 是累计数，不能减少）"),
    ("schedule: rate", "schedule: steps\n        steps: [{due: 2020-06-30, amount: 0.5}]",
     "wage.share: 最后一项 steps[0].amount 须等于 value 0.9，现为“0.5”"),
    ("schedule: rate", "schedule: steps\n        steps: [{due: 2019-12-31, amount: 0.9}]",
     "wage.share: steps[0].due 2019-12-31 早于 period.from 2020-01-01"),
    ("schedule: rate", "schedule: steps\n        steps: [{due: 2020-06-30, amount: 0.5}, {due: 2024-01-31, amount: 0.9}]",
     "wage.share: steps[1].due 2024-01-31 晚于计划期的最后一天 2023-09-30"),
    ("schedule: rate", "schedule: steps\n        steps: [{due: 2020-06-30, amount: 0.5}, {due: 2020-12-31}]",
     "wage.share.steps[1]: 缺少必填的键“amount”"),
    ("schedule: rate", "schedule: steps\n        steps: [{due: 2020-06-31, amount: 0.9}]",
     "wage.share: steps[0].due 须为日期（YYYY-MM-DD），现为“2020-06-31”"),
    ("schedule: rate", "schedule: steps\n        steps: [{due: 2020-06-30, amount: 九成}]",
     "wage.share: steps[0].amount 须为数字，现为“九成”"),
    ("schedule: rate", "schedule: steps\n        steps: {due: 2020-06-30, amount: 0.9}", "wage.share: steps 应写成列表，现为映射"),
    ("schedule: rate", "schedule: deadline\n        steps: [{due: 2020-06-30, amount: 0.9}]",
     "wage.share: schedule 为 deadline 时不写 steps（截止日期写在 due）"),
    ("schedule: rate", "schedule: linear\n        steps: [{due: 2020-06-30, amount: 0.9}]",
     "wage.share: schedule 为 linear 时不写 steps（steps 只用于 schedule 为 steps 的目标）"),
    ("schedule: rate", "schedule: rate\n        due: 2020-06-30", "wage.share: schedule 为 rate 时不写 due（due 只用于 deadline）"),
    ("comparison: at_least", "comparison: more_than",
     "wage.share: comparison 为 more_than 时须写 reading：用中文说明文件中的用语怎样理解（如“大多数”读作“过半”）"),
    ("comparison: at_least", "comparison: about\n        reading: 左右",
     "wage.share: comparison 为 about（左右）时须写 band，如 band: {low: 900, high: 1100}"),
    ("comparison: at_least", "comparison: about\n        reading: 左右\n        band: {low: 八成, high: 1}",
     "wage.share: band.low 须为数字，现为“八成”"),
    ("comparison: at_least", "comparison: about\n        reading: 左右\n        band: {low: 0.5, high: 0.8}",
     "wage.share: band 0.5 至 0.8 须包含 value 0.9"),
    ("comparison: at_least", "comparison: about\n        reading: 左右\n        band: {low: 0.8}", "wage.share.band: 缺少必填的键“high”"),
    ("comparison: at_least", "comparison: at_least\n        band: {low: 0.8, high: 1}",
     "wage.share: comparison 为 at_least 时不写 band（band 只用于 about）"),
    ("comparison: at_least", "comparison: at_least\n        scope: province",
     "wage.share: scope 须为 city、county、org、body 之一，现为“province”"),
    ("unit: share", "unit: 名", "wage.share: unit 须为 人、家、户、次、share 之一，现为“名”"),
    ("{from: 2020-01-01, to: 2020-12-31}", "{from: 2021-01-01, to: 2020-12-31}",
     "wage.share: period.from 2021-01-01 晚于 period.to 2020-12-31"),
    ("{from: 2020-01-01, to: 2020-12-31}", "{from: 2020-01-01, to: 2024-12-31}",
     "wage.share: period.to 2024-12-31 不在计划期 2020-12-01 至 2023-09-30 之内"),
])
def test_validation_error_message(tmp_path, old, new, message):
    assert old in MINIMAL
    path = write_plan(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert str(raised.value) == f"{path}: {message}"


@pytest.mark.parametrize("old, new, message", [
    ("scope: county", "scope: [county]", "wage.first: scope 须为 city、county 之一，现为列表"),
    ("scope: county", "scope: {county: 1}", "wage.first: scope 须为 city、county 之一，现为映射"),
    ("targets: [wage.share]", "targets: [{id: wage.share}]", "wage.first: targets 中的映射不是任何目标的 id"),
    ("targets: [wage.share]", "targets: [[wage.share]]", "wage.first: targets 中的列表不是任何目标的 id"),
])
def test_a_list_or_mapping_where_a_name_belongs_is_named_not_a_type_error(tmp_path, old, new, message):
    path = write_plan(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert str(raised.value) == f"{path}: {message}"


YAML_HINT = "常见原因：用 Tab 缩进（只能用空格）、缩进没有对齐、冒号后少了空格、引号或括号没有成对"


@pytest.mark.parametrize("old, new, message", [
    ("units:\n  bodies:", "units:\n\tbodies:", f"第 7 行第 1 列：不是正确的 YAML 写法（{YAML_HINT}）"),
    ("title: 测试计划", "title:测试计划\n doc:", f"第 2 行第 5 列：不是正确的 YAML 写法（{YAML_HINT}）"),
    ("lead: [市人社局]", "lead: [市人社局", f"第 15 行第 17 列（从第 14 行开始的部分）：不是正确的 YAML 写法（{YAML_HINT}）"),
    ("title: 测试计划", "title: '测试计划", f"第 33 行第 1 列（从第 1 行开始的部分）：不是正确的 YAML 写法（{YAML_HINT}）"),
    ("doc_no: 测试〔2020〕1号", "doc_no: 测试\x07", "第 2 行：含有不能出现在文件中的控制字符（U+0007），请删除"),
    ("        scope: county\n", "        scope: county\n        due: 2021-02-28\n",
     "第 20 行：“due”在同一处写了两次（第 18 行已有），请删去或改正其中一处"),
    (MINIMAL, "", "plan: 应写成“键: 值”的映射，现为空值"),
    (MINIMAL, "- 测试计划\n", "plan: 应写成“键: 值”的映射，现为列表"),
])
def test_a_plan_file_that_is_not_yaml_says_where(tmp_path, old, new, message):
    assert old in MINIMAL
    path = write_plan(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert str(raised.value) == f"{path}: {message}"


def test_a_plan_file_saved_in_gbk_says_so(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes("# 赣州\n".encode("utf-8") + MINIMAL.encode("gbk"))
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert str(raised.value) == f"{path}: 第 2 行：不是 UTF-8 编码，请用 UTF-8 编码另存这个文件"


def test_a_plan_file_saved_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(MINIMAL.encode("utf-8-sig"))
    assert load_plan(path).title == "测试计划"


@pytest.mark.parametrize("where, message", [
    (lambda folder: folder / "missing.yaml", "找不到这个文件"),
    (lambda folder: write_plan(folder, MINIMAL) / "plan.yaml", "找不到这个文件"),
    (lambda folder: folder, "这是一个文件夹，不是计划文件"),
])
def test_a_plan_file_that_cannot_be_read_says_why(tmp_path, where, message):
    path = where(tmp_path)
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert str(raised.value) == f"{path}: {message}"


@pytest.mark.parametrize("error, message", [
    (PermissionError(errno.EACCES, "Permission denied"), "没有读取这个文件的权限"),
    (OSError(errno.EIO, "Input/output error"), "无法读取这个文件（EIO）"),
])
def test_a_plan_file_the_system_will_not_give_says_why(tmp_path, monkeypatch, error, message):
    # As root a file mode does not stop a read, so the system's refusal is simulated.
    path = write_plan(tmp_path, MINIMAL)

    def refuse(self):
        raise error

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert str(raised.value) == f"{path}: {message}"


def test_plan_error_is_a_value_error():
    assert issubclass(PlanError, ValueError)


def test_env_var_overrides_default_path(tmp_path, monkeypatch):
    monkeypatch.setenv(PLAN_ENV_VAR, str(write_plan(tmp_path, MINIMAL)))
    assert load_plan().title == "测试计划"


def test_default_path_is_the_repo_plan(monkeypatch):
    monkeypatch.delenv(PLAN_ENV_VAR, raising=False)
    assert load_plan().doc_no == "赣市人社发〔2020〕19号"


def test_the_reporting_calendar_is_part_of_the_plan(plan):
    assert [(d.ledger, d.who, d.frequency) for d in plan.reporting] == [
        ("social_org", "county", "once"), ("coordinator", "county", "once"), ("mediation_org", "county", "once"),
        ("mediator", "county", "once"), ("key_enterprise", "county", "once"), ("mediation_stats", "county", "monthly"),
        ("enterprise_base", "county", "yearly"), ("new_enterprise", "county", "yearly"), ("wage_survey", "county", "yearly"),
        ("harmonious", "city", "yearly"),
    ]
    assert plan.reporting[5] == Duty("mediation_stats", "county", "monthly", None, "2021-01", "2023-09", 10, None,
                                     "本系统的理解：调解工作统计按月报送，次月10日前报上月数据（实施方案未规定报送频次）。")


def test_a_plan_without_a_reporting_section_has_an_empty_calendar(tmp_path):
    assert load_plan(write_plan(tmp_path, MINIMAL)).reporting == ()


GOOD_DUTY = "  - {ledger: harmonious, who: city, frequency: yearly, from: 2021, to: 2023, yearly_due: 02-01}\n"
LEDGER_KEYS = ("social_org、coordinator、enterprise_base、mediation_org、mediator、mediation_stats、harmonious、new_enterprise、"
               "key_enterprise、wage_survey、progress")


@pytest.mark.parametrize("entry, message", [
    ("- harmonious", "reporting[1]: 应写成“键: 值”的映射，现为“harmonious”"),
    ("- [harmonious, city, yearly]", "reporting[1]: 应写成“键: 值”的映射，现为列表"),
    ("-", "reporting[1]: 应写成“键: 值”的映射，现为空值"),
    ("- {ledger: new_enterprise, who: county, frequency: yearly, from: 2021, to: 2023, after_period_day: 15}",
     "reporting[1]: 不认识的键“after_period_day”（可用：ledger、who、frequency、due、from、to、after_period_days、yearly_due、reading）"),
    ("- {who: county, frequency: once, due: 2021-01-31}", "reporting[1]: 缺少必填的键“ledger”"),
    ("- {ledger: harmonious, frequency: once, due: 2021-01-31}", "reporting[1]: 缺少必填的键“who”"),
    ("- {ledger: nope, who: county, frequency: once, due: 2021-01-31}", f"reporting[1]: ledger 须为台账的键（{LEDGER_KEYS}），现为“nope”"),
    ("- {ledger: [harmonious], who: county, frequency: once, due: 2021-01-31}",
     f"reporting[1]: ledger 须为台账的键（{LEDGER_KEYS}），现为列表"),
    ("- {ledger: harmonious, who: town, frequency: once, due: 2021-01-31}", "reporting[1]: who 须为 county 或 city，现为“town”"),
    ("- {ledger: harmonious, who: city, frequency: weekly}",
     "reporting[1]: frequency 须为 once、monthly、quarterly、yearly 之一，现为“weekly”"),
    ("- {ledger: harmonious, who: city, frequency: once}", "reporting[1]: once 须写 due（日期）"),
    ("- {ledger: harmonious, who: city, frequency: once, due: 2021-13-01}", "reporting[1]: due 须为日期（YYYY-MM-DD），现为“2021-13-01”"),
    ("- {ledger: harmonious, who: city, frequency: once, due: 2021年1月底}", "reporting[1]: due 须为日期（YYYY-MM-DD），现为“2021年1月底”"),
    ("- {ledger: harmonious, who: city, frequency: once, due: 2021-01-31, from: 2021}", "reporting[1]: once 不写 from（可写：due）"),
    ("- {ledger: harmonious, who: city, frequency: once, due: 2021-01-31, after_period_days: 10}",
     "reporting[1]: once 不写 after_period_days（可写：due）"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, due: 2021-01-31}",
     "reporting[1]: monthly 不写 due（可写：from、to、after_period_days）"),
    ("- {ledger: mediation_stats, who: county, frequency: quarterly, from: 2021-01, to: 2021-12, yearly_due: 01-31}",
     "reporting[1]: quarterly 不写 yearly_due（可写：from、to、after_period_days）"),
    ("- {ledger: harmonious, who: city, frequency: yearly}", "reporting[1]: yearly 须写 from 和 to"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021-01}", "reporting[1]: monthly 须写 from 和 to"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021-13, to: 2023-09}",
     "reporting[1]: from 须为年月（YYYY-MM），现为“2021-13”"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021, to: 2023-09}",
     "reporting[1]: from 须为年月（YYYY-MM），现为“2021”"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021-01, to: 2023-09-30}",
     "reporting[1]: to 须为年月（YYYY-MM），现为“2023-09-30”"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021-01, to:}",
     "reporting[1]: to 须为年月（YYYY-MM），现为空值"),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: 2021-01, to: 2023}",
     "reporting[1]: from 须为年份（YYYY），现为“2021-01”"),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: 2021, to: 二〇二三}",
     "reporting[1]: to 须为年份（YYYY），现为“二〇二三”"),
    ("- {ledger: mediation_stats, who: county, frequency: quarterly, from: 2021-02, to: 2021-12}",
     "reporting[1]: quarterly 的 from 须为季度的第一个月（01、04、07、10），现为“2021-02”"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2023-09, to: 2021-01}",
     "reporting[1]: from 2023-09 晚于 to 2021-01"),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: 2023, to: 2021}", "reporting[1]: from 2023 晚于 to 2021"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021-01, to: 2023-09, after_period_days: 十天}",
     "reporting[1]: after_period_days 须为不小于 0 的整数（天数），现为“十天”"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021-01, to: 2023-09, after_period_days: 10.5}",
     "reporting[1]: after_period_days 须为不小于 0 的整数（天数），现为“10.5”"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021-01, to: 2023-09, after_period_days: -1}",
     "reporting[1]: after_period_days 须为不小于 0 的整数（天数），现为“-1”"),
    ("- {ledger: mediation_stats, who: county, frequency: monthly, from: 2021-01, to: 2023-09, after_period_days: yes}",
     "reporting[1]: after_period_days 须为不小于 0 的整数（天数），现为“True”"),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: 2021, to: 2023, yearly_due: 2-1}",
     "reporting[1]: yearly_due 须为每年都有的月-日（MM-DD），现为“2-1”"),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: 2021, to: 2023, yearly_due: 02-30}",
     "reporting[1]: yearly_due 须为每年都有的月-日（MM-DD），现为“02-30”"),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: 2021, to: 2023, yearly_due: 02-29}",
     "reporting[1]: yearly_due 须为每年都有的月-日（MM-DD），现为“02-29”"),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: 2021, to: 2023, yearly_due: 2022-02-01}",
     "reporting[1]: yearly_due 须为每年都有的月-日（MM-DD），现为“2022-02-01”"),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: 2021, to: 2023, yearly_due: 02-01, after_period_days: 31}",
     "reporting[1]: yearly_due 和 after_period_days 只写一个"),
    ("- {ledger: harmonious, who: city, frequency: once, due: 2021-01-31, reading:}", "reporting[1]: reading 须为文字，现为空值"),
    ("- {ledger: harmonious, who: city, frequency: once, due: 2021-01-31, reading: 2021}", "reporting[1]: reading 须为文字，现为“2021”"),
    ("- {ledger: harmonious, who: city, frequency: yearly, from: 2024, to: 2025, yearly_due: 02-01}",
     "reporting[1]: ledger “harmonious” 已在 reporting[0] 写过，每个台账只写一条"),
])
def test_a_malformed_reporting_entry_is_named(tmp_path, entry, message):
    path = write_plan(tmp_path, f"{MINIMAL}reporting:\n{GOOD_DUTY}  {entry}\n")
    with pytest.raises(PlanError) as raised:
        load_plan(path)
    assert str(raised.value) == f"{path}: {message}"


@pytest.mark.parametrize("entry, duty", [
    ("- {ledger: key_enterprise, who: county, frequency: once, due: '2021-02-28'}",
     Duty("key_enterprise", "county", "once", due=date(2021, 2, 28))),
    ("- {ledger: wage_survey, who: county, frequency: yearly, from: '2021', to: 2023, after_period_days: 31, reading: 次年1月底前报送。}",
     Duty("wage_survey", "county", "yearly", first="2021", last="2023", after_period_days=31, reading="次年1月底前报送。")),
    ("- {ledger: mediation_stats, who: county, frequency: quarterly, from: 2021-10, to: 2021-10}",
     Duty("mediation_stats", "county", "quarterly", first="2021-10", last="2021-10")),
])
def test_a_well_formed_reporting_entry_is_read(tmp_path, entry, duty):
    assert load_plan(write_plan(tmp_path, f"{MINIMAL}reporting:\n  {entry}\n")).reporting == (duty,)


def test_a_key_a_merge_brings_and_the_mapping_overrides_is_not_written_twice(tmp_path):
    # YAML's way to share defaults: the merged mapping may itself merge another, and override a key it brings.
    from hexie.plan import _parsed

    path = tmp_path / "merges.yaml"
    path.write_text("base: &b {k: 1}\na:\n  inner: &d\n    <<: *b\n    k: 2\nc:\n  <<: *d\n", encoding="utf-8")
    assert _parsed(path) == {"base": {"k": 1}, "a": {"inner": {"k": 2}}, "c": {"k": 2}}


def test_two_merges_in_one_mapping_are_named_not_one_dropped(tmp_path):
    from hexie.plan import _parsed

    path = tmp_path / "merges.yaml"
    path.write_text("b: &b {k: 1}\nc: &c {k: 2}\nm:\n  <<: *b\n  <<: *c\n", encoding="utf-8")
    with pytest.raises(PlanError) as raised:
        _parsed(path)
    assert str(raised.value) == f"{path}: 第 5 行：同一处写了两个 <<（第 4 行已有），要合并几处的内容，请写在一行：<<: [*甲, *乙]"
