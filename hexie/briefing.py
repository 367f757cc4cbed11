"""会议材料: one briefing built from the store, written as an offline HTML page, an Excel workbook and a Word 通报 draft.

The page's button and `python -m hexie report` both call write_pack. Figures come from the same
metrics the pages show (target judgement: metrics.target_cards); a snapshot store gives the
figures of that meeting. Charts for Word are rendered offline by kaleido driving the system
chromium ($BROWSER_PATH, default /usr/bin/chromium): no browser is ever downloaded.
"""

from __future__ import annotations

import io
import json
import os
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from hexie import charts, completeness, metrics, targets
from hexie.access import VIEWER, User
from hexie.geo import COUNTY_NAMES, county_centroids, county_geojson
from hexie.ledgers import LEDGERS_BY_KEY
from hexie.plan import Plan
from hexie.progress import milestone_status
from hexie.store import ANALYTICS_READS, Snapshot, Store

CHROMIUM = "/usr/bin/chromium"
FILE_STEM = "会议材料"


@dataclass
class Section:
    """One part of the briefing: a heading, a table and/or a chart, and the ledgers its figures come from."""

    title: str
    ledgers: tuple[str, ...]
    table: pd.DataFrame | None = None
    figure: go.Figure | None = None
    note: str = ""


@dataclass
class Briefing:
    as_of: date
    county: str | None
    snapshot: Snapshot | None
    sections: list[Section]
    sources: pd.DataFrame
    ranking: pd.DataFrame
    overdue: pd.DataFrame
    missing: pd.DataFrame
    cards: pd.DataFrame
    workstreams: list[tuple[str, str]] = field(default_factory=list)
    plan_title: str = ""  # the plan document's own title
    issuer: str = ""  # who signs the 通报: the office of the plan's first body (the 人社局)
    generated_at: datetime = field(default_factory=datetime.now)

    @property
    def scope(self) -> str:
        return f"{self.county}（与全市对照）" if self.county else "全市"

    @property
    def subtitle(self) -> str:
        frozen = f" · 按快照“{self.snapshot.name}”" if self.snapshot else ""
        return f"截至 {self.as_of:%Y年%m月%d日} · {self.scope}{frozen}"


def _query(store: Store, reported: bool):
    return lambda method, *args: getattr(store, method)(*args, reported=reported)


def _cards_table(plan: Plan, query, as_of: date, county: str | None) -> pd.DataFrame:
    """The current targets as judged by hexie.targets (the one judgement), the county's beside the city's."""
    city = targets.current(plan, targets.evaluate(plan, query, as_of, None), as_of)
    short = {w.id: w.short for w in plan.workstreams}
    frame = pd.DataFrame([{
        "工作": short[r.workstream], "目标": r.title, "全市": r.headline, "状态": r.status_label,
        "说明": r.reason, "截止": f"{r.due:%Y-%m-%d}", "_workstream": r.workstream, "_target": r.id,
    } for r in city])
    if county and not frame.empty:
        mine = {r.id: r for r in targets.evaluate(plan, query, as_of, county)}
        frame.insert(3, county, [mine[t].headline if mine[t].scope in ("county", "org") else "（全市目标）" for t in frame["_target"]])
        frame.insert(4, f"{county}状态", [mine[t].status_label if mine[t].scope in ("county", "org") else "—" for t in frame["_target"]])
    return frame


def _ranking(plan: Plan, reports: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Counties ranked by the share of their due milestones done, then by fewer overdue."""
    status = metrics.county_workstream_status(plan, reports, as_of, COUNTY_NAMES)
    per = status.groupby("county", sort=False)[["due", "done", "late", "overdue"]].sum().reset_index()
    per["share"] = [d / n if n else None for d, n in zip(per["done"], per["due"])]
    per = per.sort_values(["share", "overdue", "county"], ascending=[False, True, True], na_position="last", ignore_index=True)
    per.insert(0, "名次", range(1, len(per) + 1))
    per["share"] = [("—" if s is None or s != s else f"{s:.0%}") for s in per["share"]]
    return per.rename(columns={"county": "县（市、区）", "due": "已到期节点", "done": "已完成", "late": "其中逾期完成",
                               "overdue": "逾期未完成", "share": "完成率"})


# The briefing is a dashboard, which every role may read whole: it reads 催报 as a viewer would, never narrowed
# to one clerk's to-do list. The county version asks for its county explicitly.
READER = User("会议材料", VIEWER)
MISSING_HEADINGS = ["县（市、区）", "台账", "期次", "截止日期", "逾期天数"]


def missing_title(county: str | None) -> str:
    return f"{county or '各县（市、区）'}逾期未报的台账"


MISSING_NOTE = ("按计划文件的报送日历（与“催报”页同一计算）：截至该日已过截止日期、仍没有任何上传的台账和期次。"
                "已上传但待审核或被退回的不在此列，见“催报”页。")


def _missing(store: Store, plan: Plan, as_of: date, county: str | None) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Per county, the ledgers and periods overdue as of the date: the 逾期 cells of hexie.completeness (the 催报
    page's and the `completeness` command's computation, from the plan's reporting calendar), county by county;
    and the ledgers the calendar asks for."""
    duties = plan.reporting
    cells = [c for c in completeness.completeness(store, READER, duties, as_of, county) if c.status == completeness.OVERDUE]
    order = {unit: i for i, unit in enumerate((*COUNTY_NAMES, completeness.CITY))}
    cells.sort(key=lambda c: order.get(c.unit, len(order)))  # stable: each county's ledgers stay in calendar order
    return completeness.cells_frame(cells)[MISSING_HEADINGS], tuple(dict.fromkeys(d.ledger for d in duties))


def missing_by_county(missing: pd.DataFrame) -> pd.DataFrame:
    """The overdue list folded to one row per county for the Word draft: each ledger with its periods, due dates
    and days overdue, e.g. 调解工作统计：2022-01（截止 2022-02-10，逾期 140 天）、2022-02（…）."""
    rows = []
    for unit, part in missing.groupby("县（市、区）", sort=False):
        ledgers = []
        for ledger, items in part.groupby("台账", sort=False):
            late = [(r["期次"], f"（截止 {r['截止日期']}，逾期 {r['逾期天数']} 天）") for r in items.to_dict("records")]
            ledgers.append(f"{ledger}{late[0][1]}" if late[0][0] == "一次性"
                           else f"{ledger}：" + "、".join(period + when for period, when in late))
        rows.append({"县（市、区）": unit, MISSING_WORD_HEADING: "；".join(ledgers)})
    return pd.DataFrame(rows, columns=["县（市、区）", MISSING_WORD_HEADING])


MISSING_WORD_HEADING = "逾期未报的台账（期次、截止日期、逾期天数）"


ANALYTICS_READS_LEDGERS = tuple(dict.fromkeys(k for ledgers in ANALYTICS_READS.values() for k in ledgers))


def coverage_choropleth(coverage: pd.DataFrame) -> go.Figure:
    """The coverage map as a static chart: county polygons on plain axes, so it needs no base map, tiles or
    topojson from the internet (plotly's geo charts fetch one)."""
    values = dict(zip(coverage["county"], coverage["coverage"]))
    edges = charts.coverage_bins("coverage", list(values.values()))
    fig = go.Figure()
    for feature in county_geojson()["features"]:
        name = feature["properties"]["name"]
        value = values.get(name)
        value = None if value is None or value != value else value
        r, g, b = charts.map_colour(value, edges)
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            ring = polygon[0]
            fig.add_trace(go.Scatter(
                x=[p[0] for p in ring], y=[p[1] for p in ring], fill="toself", mode="lines", fillcolor=f"rgb({r},{g},{b})",
                line=dict(color="white", width=1.5), hoverinfo="text", showlegend=False,
                text=f"{name}：{'—' if value is None else f'{value:.0%}'}",
            ))
    centroids = county_centroids()
    fig.add_trace(go.Scatter(
        x=[centroids[c][0] for c in values], y=[centroids[c][1] for c in values], mode="text", showlegend=False,
        text=[f"{c}<br>{'—' if v is None or v != v else f'{v:.0%}'}" for c, v in values.items()], textfont=dict(size=13),
        hoverinfo="skip",
    ))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1.1)
    fig = charts.base_layout(fig, "各县大中型企业协调员覆盖率（颜色越深越高）", 640)
    fig.update_layout(plot_bgcolor="white")
    return fig


def build(store: Store, plan: Plan, as_of: date, county: str | None = None, reported: bool = True) -> Briefing:
    """The briefing's figures as of a date, for the city or one county beside it (a frozen store: the snapshot's)."""
    query = _query(store, reported)
    reports = query("progress_reports", as_of)
    counties = (county,) if county else COUNTY_NAMES
    statuses = milestone_status(plan, reports, as_of, county)
    overdue = metrics.overdue_milestones(plan, reports, as_of, counties).rename(
        columns={"county": "县（市、区）", "title": "工作节点", "due": "截止日期", "days": "逾期天数"})
    coverage = metrics.coverage_by_county(query("coordinator_summary", as_of, None), query("enterprise_base", as_of, None))
    year = metrics.report_year(plan, as_of)
    mediation = metrics.county_success_in_year(query("mediation_by_org_year", as_of, county), year)
    mediation = mediation.assign(rate=[("—" if r is None or r != r else f"{r:.1%}") for r in mediation["rate"]]).rename(
        columns={"county": "县（市、区）", "accepted": "受理（件）", "settled": "调解成功（件）", "rate": f"{year}年调解成功率"})
    risks = metrics.risk_table(query("key_enterprises", as_of, county))
    risks = risks[risks["level"].isin((metrics.HIGH, metrics.MEDIUM))]
    risks = risks[list(metrics.RISK_TABLE_HEADINGS)].rename(columns=metrics.RISK_TABLE_HEADINGS)
    cards = _cards_table(plan, query, as_of, county)
    gantt = charts.gantt(plan, statuses, as_of, county or "全市")
    sections = [
        Section("目标完成情况", ANALYTICS_READS_LEDGERS, cards.drop(columns=["_workstream", "_target"]), note=targets.LEGEND),
        Section("工作节点进度", ("progress",), figure=gantt.figure, note=gantt.note),
        Section("协调员覆盖", ("coordinator", "enterprise_base"), figure=coverage_choropleth(coverage),
                note="覆盖率 = 配备至少1名协调员的大中型企业户数 ÷ 大中型企业户数。"),
        Section(f"{year}年各县调解成功率", ("mediation_stats",), mediation, note=_mediation_note(plan, year)),
        Section("中高裁员风险重点企业", ("key_enterprise",), risks),
        Section("逾期未完成的工作节点", ("progress",), overdue),
    ]
    missing, calendar_ledgers = _missing(store, plan, as_of, county)
    sections.append(Section(missing_title(county), calendar_ledgers, missing, note=MISSING_NOTE))
    snapshot = store.snapshot_info(store.snapshot) if store.snapshot else None
    return Briefing(as_of, county, snapshot, sections, store.counting_uploads(ANALYTICS_READS_LEDGERS, as_of, reported),
                    _ranking(plan, reports, as_of), overdue, missing, cards,
                    [(w.id, w.short) for w in plan.workstreams], plan.title,
                    f"{plan.units.bodies[0].name}办公室")


# ---- offline HTML -------------------------------------------------------------------------------

PRINT_CSS = """
body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif; margin: 24px; color: #222; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; border-left: 6px solid #c0392b; padding-left: 8px; }
.sub { color: #555; margin-bottom: 16px; } .note, .src { color: #555; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin: 6px 0; }
th, td { border: 1px solid #bbb; padding: 4px 6px; text-align: left; } th { background: #ddebf7; }
section { margin-bottom: 22px; } .chart { width: 100%; }
@page { size: A4; margin: 14mm; }
@media print { body { margin: 0; } section { break-inside: avoid-page; } h2 { break-after: avoid; }
  .chart { width: 180mm; } tr { break-inside: avoid; } }
"""


def _html_table(frame: pd.DataFrame) -> str:
    if frame is None or frame.empty:
        return "<p>无。</p>"
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(_text(v))}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text(value) -> str:
    if value is None or (not isinstance(value, (list, tuple, str)) and pd.isna(value)):
        return ""
    if isinstance(value, (pd.Timestamp, datetime)):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _sources_line(briefing: Briefing, ledgers: tuple[str, ...]) -> str:
    used = briefing.sources[briefing.sources["ledger"].isin(ledgers)]
    if used.empty:
        return "数据来源：无计入的上传。"
    per = used.groupby("ledger")["id"].agg(["count", "min", "max"])
    parts = [f"{LEDGERS_BY_KEY[k].name} {r['count']} 批（批次 {r['min']}–{r['max']}）" for k, r in per.iterrows()]
    return "数据来源：" + "；".join(parts) + "。全部批次见 Excel 的“数据来源”表。"


def write_html(briefing: Briefing) -> str:
    """One self-contained page: plotly.js embedded once, every chart drawn from inline data, prints to A4."""
    from plotly.offline import get_plotlyjs

    parts, scripts = [], []
    for n, section in enumerate(briefing.sections):
        body = ""
        if section.figure is not None:
            body += f'<div class="chart" id="chart{n}"></div>'
            spec = json.loads(section.figure.to_json())
            scripts.append(f"Plotly.newPlot('chart{n}', {json.dumps(spec['data'], ensure_ascii=False)}, "
                           f"{json.dumps(spec['layout'], ensure_ascii=False)}, {{displayModeBar: false, responsive: true}});")
        if section.table is not None:
            body += _html_table(section.table)
        note = f'<p class="note">{escape(section.note)}</p>' if section.note else ""
        parts.append(f"<section><h2>{escape(section.title)}</h2><p class=\"sub\">截至 {briefing.as_of:%Y年%m月%d日} · "
                     f"{escape(briefing.scope)}</p>{body}{note}<p class=\"src\">{escape(_sources_line(briefing, section.ledgers))}</p>"
                     f"</section>")
    frozen = (f"<p class=\"sub\">按会议快照“{escape(briefing.snapshot.name)}”：{escape(briefing.snapshot.created_by)} 于 "
              f"{briefing.snapshot.created_at:%Y-%m-%d %H:%M} 冻结。</p>") if briefing.snapshot else ""
    # The inline data is JSON: "</" inside a string would end the <script>, so it is escaped.
    charts_js = "\n".join(scripts).replace("</", "<\\/")
    title = escape(briefing.plan_title.removesuffix("实施方案"))
    return (f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title} 会议材料 {briefing.as_of:%Y-%m-%d}</title>"
            f"<style>{PRINT_CSS}</style><script>{get_plotlyjs()}</script></head><body>"
            f"<h1>{title}工作进展</h1><p class=\"sub\">{escape(briefing.subtitle)} · 生成于 "
            f"{briefing.generated_at:%Y-%m-%d %H:%M}</p>{frozen}{''.join(parts)}<script>{charts_js}</script></body></html>")


# ---- Excel ---------------------------------------------------------------------------------------

def write_xlsx(briefing: Briefing) -> bytes:
    """Every table of the briefing, one sheet each, plus the county ranking and the uploads used; text stays text."""
    from hexie.export import frames_to_xlsx

    sheets = {s.title: s.table for s in briefing.sections if s.table is not None}
    sheets["县（市、区）排名"] = briefing.ranking
    sources = briefing.sources.assign(ledger=briefing.sources["ledger"].map(lambda k: LEDGERS_BY_KEY[k].name)).rename(columns={
        "id": "批次号", "ledger": "台账", "county": "县（市、区）", "file_name": "文件", "uploader": "上传人", "uploaded_at": "上传时间"})
    sheets["数据来源"] = sources
    return frames_to_xlsx(sheets)


# ---- Word 情况通报 draft -----------------------------------------------------------------------------

def render_images(figures: list[go.Figure], width: int = 1400) -> list[bytes | None]:
    """PNG images of the figures, drawn offline by kaleido on the system chromium; None where that is impossible."""
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    try:
        import kaleido
        import plotly.io as pio

        kaleido.start_sync_server(silence_warnings=True)
    except Exception:  # no chromium on this machine: the draft says so instead of failing
        return [None] * len(figures)
    images: list[bytes | None] = []
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "The kopts argument is ignored")  # plotly passes defaults the server keeps
            for figure in figures:
                try:
                    images.append(pio.to_image(figure, format="png", width=width, height=figure.layout.height or 560, scale=1))
                except Exception:
                    images.append(None)
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
    return images


def _mediation_note(plan: Plan, year: int) -> str:
    """How the success rate is computed, and the plan's own bar for the year (none in a year the plan sets none)."""
    bar = metrics.target_in_year(plan, "mediation_success_rate", year)
    goal = "" if bar is None else f"目标按每个调解组织计：{year}年成功率{bar.value:.0%}以上；"
    return f"调解成功率 = 调解成功案件数 ÷ 受理案件数；{goal}本表为各县合计，仅供参考。"


def write_docx(briefing: Briefing, images: list[bytes | None]) -> bytes:
    """The monthly 工作进展情况通报 in its usual form, as an editable draft."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "仿宋", Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.6)

    def para(text: str, size: int = 14, bold: bool = False, center: bool = False, font: str = "仿宋"):
        p = doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.font.size, run.font.name = bold, Pt(size), font
        run.element.rPr.rFonts.set(qn("w:eastAsia"), font)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    def table(frame: pd.DataFrame, widths: tuple[float, ...] = ()):
        if frame is None or frame.empty:
            para("无。")
            return
        t = doc.add_table(rows=1, cols=len(frame.columns))
        t.style = "Table Grid"
        t.autofit = not widths
        for cell, name in zip(t.rows[0].cells, frame.columns):
            cell.text = str(name)
            cell.paragraphs[0].runs[0].bold = True
        for row in frame.itertuples(index=False):
            for cell, value in zip(t.add_row().cells, row):
                cell.text = _text(value)  # text as text: never a field or a formula
        for column, width in zip(t.columns, widths):
            for cell in column.cells:  # Word reads the cells' widths, WPS and LibreOffice the columns'
                cell.width = Cm(width)
            column.width = Cm(width)

    gantt, coverage_map = (list(images) + [None, None])[:2]
    issued = f"{datetime.now():%Y年%m月%d日}"  # the draft's date; the figures' date is in the opening paragraph
    para(briefing.plan_title.removesuffix("实施方案"), 18, True, True, "黑体")  # one line on A4 at 18 pt
    para("工作进展情况通报", 22, True, True, "黑体")
    para(f"（{datetime.now():%Y}年第　期）", 16, center=True)
    para(f"{briefing.issuer}　　　　　　{issued}", 14, center=True)
    scope = "全市" if not briefing.county else f"{briefing.county}（与全市对照）"
    para("各县（市、区）人社局、总工会、企联（企协）、工商联：", 14)
    behind = briefing.cards["状态"].isin([targets.STATUS_LABELS[targets.BEHIND], targets.STATUS_LABELS[targets.MISSED]]).sum() \
        if not briefing.cards.empty else 0
    para(f"　　现将截至{briefing.as_of:%Y年%m月%d日}{scope}落实《{briefing.plan_title}》各项工作进展情况通报如下。"
         f"全市共有 {len(briefing.cards)} 项目标纳入统计，其中落后于进度或到期未达标 {behind} 项；"
         f"逾期未完成的县级工作节点 {len(briefing.overdue)} 个；逾期未报的台账 {len(briefing.missing)} 期。"
         + (f"本通报数字按会议快照“{briefing.snapshot.name}”。" if briefing.snapshot else ""))
    para("一、各项工作完成情况", 16, True, font="黑体")
    number = "一二三四五六七八九十"
    shown = [(ws, short) for ws, short in briefing.workstreams if not briefing.cards.empty and (briefing.cards["_workstream"] == ws).any()]
    for i, (ws, short) in enumerate(shown):
        para(f"（{number[i] if i < len(number) else i + 1}）{short}", 14, True)
        part = briefing.cards[briefing.cards["_workstream"] == ws]
        for row in part.to_dict("records"):
            county_value = f"；{briefing.county}：{row[briefing.county]}" if briefing.county else ""
            para(f"　　{row['目标']}：全市 {row['全市']}，{row['状态']}（{row['说明']}）{county_value}；截止{row['截止']}。")
        if ws == "coordinator" and coverage_map:
            doc.add_picture(io.BytesIO(coverage_map), width=Cm(15.8))
    para("二、各县（市、区）工作节点完成情况排名", 16, True, font="黑体")
    table(briefing.ranking)
    para("三、逾期未完成的工作节点", 16, True, font="黑体")
    if gantt:
        doc.add_picture(io.BytesIO(gantt), width=Cm(15.8))
    table(briefing.overdue)
    para(f"四、{missing_title(briefing.county)}", 16, True, font="黑体")
    para(f"　　{MISSING_NOTE}")
    table(missing_by_county(briefing.missing), widths=(3.6, 12.2))
    if not all(images):
        para("（本机未能生成图表图片：需要系统的 chromium。其余内容完整。）", 12)
    para("　　请各地对照通报，抓紧推进逾期和落后事项，按时报送台账。", 14)
    para(f"{briefing.issuer}　　{issued}", 14)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---- the pack --------------------------------------------------------------------------------------

def file_names(briefing: Briefing) -> dict[str, str]:
    stem = f"{FILE_STEM}-{briefing.as_of:%Y%m%d}" + (f"-{briefing.county}" if briefing.county else "")
    return {"html": f"{stem}.html", "xlsx": f"{stem}.xlsx", "docx": f"{stem}-情况通报.docx"}


def pack(briefing: Briefing) -> dict[str, bytes]:
    """The three files of the briefing pack by file name."""
    names = file_names(briefing)
    figures = [s.figure for s in briefing.sections if s.figure is not None]
    return {
        names["html"]: write_html(briefing).encode("utf-8"),
        names["xlsx"]: write_xlsx(briefing),
        names["docx"]: write_docx(briefing, render_images(figures)),
    }


def write_pack(briefing: Briefing, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in pack(briefing).items():
        (folder / name).write_bytes(content)
        written.append(folder / name)
    return written


def pack_zip(briefing: Briefing) -> bytes:
    """The pack as one .zip, for the page's single download button."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in pack(briefing).items():
            archive.writestr(name, content)
    return buffer.getvalue()
