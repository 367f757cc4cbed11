"""会议材料: the briefing's sections, the offline HTML, the Excel workbook and the Word 通报 draft, read back."""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from hexie import briefing
from hexie.plan import load_plan
from hexie.store import Store

SECTIONS = ["目标完成情况", "工作节点进度", "协调员覆盖", "2022年各县调解成功率", "中高裁员风险重点企业", "逾期未完成的工作节点",
            "安远县逾期未报的台账"]


@pytest.fixture(scope="module")
def county_briefing(demo_db):
    with Store.open(demo_db) as store:
        return briefing.build(store, load_plan(), date(2022, 6, 30), "安远县")


def test_sections_carry_the_county_beside_the_city(county_briefing):
    assert [s.title for s in county_briefing.sections] == SECTIONS
    cards = county_briefing.sections[0].table
    assert list(cards.columns) == ["工作", "目标", "全市", "安远县", "安远县状态", "状态", "说明", "截止"]
    assert county_briefing.subtitle == "截至 2022年06月30日 · 安远县（与全市对照）"
    assert list(county_briefing.ranking.columns[:2]) == ["名次", "县（市、区）"] and len(county_briefing.ranking) == 18


def test_html_is_one_offline_file_with_plotly_once(county_briefing):
    from plotly.offline import get_plotlyjs

    html = briefing.write_html(county_briefing)
    assert html.count(get_plotlyjs()[:400]) == 1
    assert html.count("Plotly.newPlot(") == 2
    assert "<script src" not in html and "<link" not in html
    assert "@page { size: A4" in html
    assert html.count("数据来源：") == len(SECTIONS) and html.count("截至 2022年06月30日 · 安远县（与全市对照）") >= len(SECTIONS)


def test_workbook_has_every_table_on_its_own_sheet(county_briefing):
    book = load_workbook(io.BytesIO(briefing.write_xlsx(county_briefing)))
    assert book.sheetnames == [*[t[:31] for t in SECTIONS if t not in ("工作节点进度", "协调员覆盖")], "县（市、区）排名", "数据来源"]
    assert [c.value for c in book["目标完成情况"][1]] == ["工作", "目标", "全市", "安远县", "安远县状态", "状态", "说明", "截止"]
    assert book["数据来源"].max_row == len(county_briefing.sources) + 1


def test_word_draft_has_title_sections_ranking_and_closing(county_briefing):
    doc = Document(io.BytesIO(briefing.write_docx(county_briefing, [None, None])))
    text = [p.text for p in doc.paragraphs]
    assert text[:3] == ["赣州市劳动关系“和谐同行”能力提升三年行动计划", "工作进展情况通报", f"（{date.today():%Y}年第　期）"]
    issued = f"{date.today():%Y年%m月%d日}"  # the draft's date, top and bottom; the figures' date is in the opening
    office = "赣州市人力资源和社会保障局办公室"
    assert (text[3], text[-1]) == (f"{office}　　　　　　{issued}", f"{office}　　{issued}")
    assert text[5].startswith(
        "　　现将截至2022年06月30日安远县（与全市对照）落实《赣州市劳动关系“和谐同行”能力提升三年行动计划实施方案》各项工作")
    assert "一、各项工作完成情况" in text and "二、各县（市、区）工作节点完成情况排名" in text
    assert text[-2] == "　　请各地对照通报，抓紧推进逾期和落后事项，按时报送台账。"
    assert "（本机未能生成图表图片：需要系统的 chromium。其余内容完整。）" in text
    ranking = doc.tables[0]
    assert [c.text for c in ranking.rows[0].cells] == list(county_briefing.ranking.columns)
    assert len(ranking.rows) == 19


@pytest.mark.browser
@pytest.mark.skipif(not Path(briefing.CHROMIUM).exists(), reason="needs Debian's chromium (apt-get install chromium fonts-noto-cjk)")
def test_report_command_writes_three_files_with_charts_in_word(demo_db, tmp_path, capsys):
    from hexie.cli import main

    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, db)
    with Store.open(db) as store:
        store.create_snapshot("6月调度会", date(2022, 6, 30), None, "李主任")
    assert main(["report", "--db", str(db), "--snapshot", "6月调度会", "-o", str(tmp_path / "out")]) == 0
    written = capsys.readouterr().out.split()
    assert [Path(p).name for p in written] == ["会议材料-20220630.html", "会议材料-20220630.xlsx", "会议材料-20220630-情况通报.docx"]
    doc = Document(written[2])
    assert len(doc.inline_shapes) == 2 and "本通报数字按会议快照“6月调度会”。" in doc.paragraphs[5].text
    assert main(["report", "--db", str(db), "--snapshot", "7月", "-o", str(tmp_path / "x")]) == 1
    assert capsys.readouterr().err == "错误：没有名为“7月”的快照\n"


AS_OF = date(2021, 3, 20)


@pytest.fixture
def calendar_store(store):
    """于都县 has sent its social organisations, coordinators, mediators and January's mediation returns; its key
    enterprises wait for review. Nothing else has arrived by 2021-03-20."""
    from hexie.access import ADMIN, User
    from hexie.review import set_review
    from hexie.store import UploadInfo

    def send(ledger, when, row, pending=False):
        info = UploadInfo(ledger, "于都县", "于都填报员", f"{ledger}.xlsx", f"{ledger}{when}", uploaded_at=when, pending=pending)
        store.add_upload(info, [{"county": "于都县", **row}])

    send("social_org", datetime(2021, 1, 20), {"name": "于都县劳动关系协会", "period": date(2021, 1, 1)})
    send("coordinator", datetime(2021, 1, 25), {"name": "王五", "employer": "于都工业园", "employer_type": "工业园区",
                                                "period": date(2021, 1, 1)})
    send("mediator", datetime(2021, 1, 25), {"name": "赵六", "org_name": "于都县调解委员会", "kind": "专职",
                                             "period": date(2021, 1, 1)})
    send("mediation_stats", datetime(2021, 2, 5), {"org_name": "于都县调解委员会", "period": date(2021, 1, 1),
                                                   "accepted": 3, "settled": 2})
    set_review(store, User("管理员", ADMIN), "key_enterprise", True)
    send("key_enterprise", datetime(2021, 2, 20), {"name": "于都纺织", "period": date(2021, 2, 1),
                                                   "headcount_last_year": 300, "headcount_now": 280}, pending=True)
    return store


YUDU_MISSING = [
    ["于都县", "劳动人事争议调解组织台账", "一次性", "2021-01-31", 48],
    ["于都县", "调解工作统计", "2021-02", "2021-03-10", 10],
    ["于都县", "企业基数", "2021", "2021-01-31", 48],
]


# What a county that sent nothing owes as of 2021-03-20, per ledger: (period, due date, days overdue).
NOTHING_SENT = {
    "social_org": [("一次性", "2021-01-31", 48)],
    "coordinator": [("一次性", "2021-01-31", 48)],
    "mediation_org": [("一次性", "2021-01-31", 48)],
    "mediator": [("一次性", "2021-01-31", 48)],
    "key_enterprise": [("一次性", "2021-02-28", 20)],
    "mediation_stats": [("2021-01", "2021-02-10", 38), ("2021-02", "2021-03-10", 10)],
    "enterprise_base": [("2021", "2021-01-31", 48)],
}


def test_missing_reports_are_the_overdue_cells_of_the_reporting_calendar(calendar_store):
    from hexie.access import ADMIN, User
    from hexie.completeness import OVERDUE, completeness
    from hexie.geo import COUNTY_NAMES
    from hexie.ledgers import LEDGERS_BY_KEY

    plan = load_plan()
    city = briefing.build(calendar_store, plan, AS_OF)
    overdue = [c for c in completeness(calendar_store, User("管理员", ADMIN), plan.reporting, AS_OF) if c.status == OVERDUE]
    rows = city.missing.values.tolist()
    assert sorted(rows) == sorted([c.unit, LEDGERS_BY_KEY[c.ledger].name, c.period, c.due.isoformat(), c.days_overdue]
                                  for c in overdue)
    assert list(city.missing.columns) == ["县（市、区）", "台账", "期次", "截止日期", "逾期天数"]
    # County by county in the usual order, each county's ledgers in calendar order, the city level last.
    assert list(dict.fromkeys(city.missing["县（市、区）"])) == [*COUNTY_NAMES, "市本级"]
    assert [r for r in rows if r[0] == "于都县"] == YUDU_MISSING
    # A county that sent nothing owes every ledger the calendar (the plan file) asks for by then, in its order.
    assert [r for r in rows if r[0] == "瑞金市"] == [
        ["瑞金市", LEDGERS_BY_KEY[key].name, *late] for key in dict.fromkeys(d.ledger for d in plan.reporting)
        for late in NOTHING_SENT.get(key, [])]
    assert rows[-1] == ["市本级", "和谐企业培育台账", "2021", "2021-02-01", 47]
    assert city.sections[-1].title == "各县（市、区）逾期未报的台账"


def test_county_version_lists_that_countys_overdue_ledgers_in_every_format(calendar_store):
    county = briefing.build(calendar_store, load_plan(), AS_OF, "于都县")
    assert county.missing.values.tolist() == YUDU_MISSING
    html = briefing.write_html(county)
    assert "<h2>于都县逾期未报的台账</h2>" in html
    assert "<tr><td>于都县</td><td>调解工作统计</td><td>2021-02</td><td>2021-03-10</td><td>10</td></tr>" in html
    sheet = load_workbook(io.BytesIO(briefing.write_xlsx(county)))["于都县逾期未报的台账"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["县（市、区）", "台账", "期次", "截止日期", "逾期天数"], *YUDU_MISSING]
    doc = Document(io.BytesIO(briefing.write_docx(county, [None, None])))
    text = [p.text for p in doc.paragraphs]
    heading = text.index("四、于都县逾期未报的台账")
    assert text[heading + 1].startswith("　　按计划文件的报送日历（与“催报”页同一计算）")
    assert [[c.text for c in row.cells] for row in doc.tables[-1].rows] == [
        ["县（市、区）", "逾期未报的台账（期次、截止日期、逾期天数）"],
        ["于都县", "劳动人事争议调解组织台账（截止 2021-01-31，逾期 48 天）；调解工作统计：2021-02（截止 2021-03-10，逾期 10 天）；"
                   "企业基数：2021（截止 2021-01-31，逾期 48 天）"],
    ]
    assert "逾期未报的台账 3 期。" in text[5]


def test_a_snapshot_briefing_lists_what_was_overdue_when_it_was_frozen(calendar_store):
    from hexie.store import UploadInfo

    calendar_store.create_snapshot("3月调度会", AS_OF, "于都县", "李主任")
    late = UploadInfo("enterprise_base", "于都县", "于都填报员", "基数.xlsx", "late", uploaded_at=datetime(2021, 3, 15))
    calendar_store.add_upload(late, [{"county": "于都县", "year": 2021, "large_medium": 20, "small_micro": 200}])
    assert briefing.build(calendar_store, load_plan(), AS_OF, "于都县").missing.values.tolist() == YUDU_MISSING[:2]
    frozen = briefing.build(calendar_store.frozen("3月调度会"), load_plan(), AS_OF, "于都县")
    assert frozen.missing.values.tolist() == YUDU_MISSING


def test_the_briefing_reads_the_calendar_of_the_plan_it_is_given(calendar_store, tmp_path, monkeypatch):
    from hexie.plan import DEFAULT_PLAN_PATH, PLAN_ENV_VAR

    monkeypatch.delenv(PLAN_ENV_VAR, raising=False)  # the default plan file is the other calendar
    # The default plan with one monthly duty as its whole calendar, due five days after the month.
    head, _ = DEFAULT_PLAN_PATH.read_text(encoding="utf-8").split("\nreporting:\n")
    path = tmp_path / "plan.yaml"
    path.write_text(f"{head}\nreporting:\n  - {{ledger: mediation_stats, who: county, frequency: monthly, from: 2021-01, "
                    "to: 2021-12, after_period_days: 5}\n", encoding="utf-8")
    default, monthly_only = load_plan(), load_plan(path)
    assert (monthly_only.milestones, monthly_only.targets) == (default.milestones, default.targets)
    assert briefing.build(calendar_store, default, AS_OF, "于都县").missing.values.tolist() == YUDU_MISSING
    county = briefing.build(calendar_store, monthly_only, AS_OF, "于都县")
    assert county.missing.values.tolist() == [["于都县", "调解工作统计", "2021-02", "2021-03-05", 15]]
    assert county.sections[-1].ledgers == ("mediation_stats",)


def test_the_briefing_on_the_second_plan_lists_what_its_calendar_asks_for(calendar_store):
    second = load_plan(Path(__file__).parent / "fixtures" / "plan-2024.yaml")
    county = briefing.build(calendar_store, second, date(2024, 10, 1), "于都县")
    # 于都县's 2021 uploads of the once-only ledgers still count; its pending key enterprises are not overdue.
    assert county.missing.values.tolist() == [["于都县", "调解工作统计", "2024-Q2", "2024-07-20", 73]]
    assert county.sections[-1].ledgers == ("social_org", "key_enterprise", "mediator", "mediation_stats", "wage_survey", "harmonious")
