"""会议材料: the briefing's sections, the offline HTML, the Excel workbook and the Word 通报 draft, read back."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from hexie import briefing
from hexie.plan import load_plan
from hexie.store import Store

SECTIONS = ["目标完成情况", "工作节点进度", "协调员覆盖", "2022年各县调解成功率", "中高裁员风险重点企业", "逾期未完成的工作节点",
            "未上报台账的县（市、区）"]


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
    assert text[:3] == ["“和谐同行”能力提升三年行动计划", "工作进展情况通报", "（2022年第　期）"]
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
