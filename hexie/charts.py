"""Figures for the pages: functions that return plotly figures, testable by inspecting them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

import pandas as pd
import plotly.graph_objects as go

from hexie.geo import county_centroids, county_geojson
from hexie.plan import Plan
from hexie.progress import DONE_LATE, DONE_ON_TIME, NOT_DUE, OVERDUE, STATUS_LABELS, STATUS_ORDER


@dataclass(frozen=True)
class Chart:
    """A figure (plotly Figure or pydeck Deck) and the one-line note of how it is computed."""

    figure: object
    note: str


FONT = dict(family="Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif", size=16)
STATUS_COLORS = {DONE_ON_TIME: "#2e7d32", DONE_LATE: "#ef8f00", OVERDUE: "#c62828", NOT_DUE: "#9e9e9e"}
STATUS_SYMBOLS = {DONE_ON_TIME: "diamond", DONE_LATE: "diamond", OVERDUE: "diamond-x", NOT_DUE: "diamond-open"}


def plain(text: object) -> str:
    """Text as plotly and deck.gl tooltips show it, never as markup: a clerk's <span> or <a href> stays visible text.

    Plotly draws a subset of HTML in every label, title and hover; every chart here passes
    text that comes from data (names, categories, titles built from them) through this one
    function, and composes its own <b> and <br> around the escaped pieces.
    """
    return escape(str(text), quote=False)


def _plain_all(values) -> list[str]:
    return [plain(v) for v in values]


def base_layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """The look every chart shares: projector-sized fonts, white background, title top left."""
    fig.update_layout(
        title=dict(text=plain(title), font=dict(size=22), x=0.01, xanchor="left"),
        font=FONT, height=height, template="plotly_white",
        margin=dict(l=10, r=20 + _right_label_width(fig), t=90 if y_axis_title(fig) else 70, b=40),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="right", x=1, font=dict(size=16)),
        hoverlabel=dict(font_size=15),
    )
    return fig


TARGET_LABEL = "target_label"


def _right_label_width(fig: go.Figure) -> int:
    """Room on the right for a horizontal target line's label (about a CJK character's width per character)."""
    labels = [a.text or "" for a in fig.layout.annotations if a.name == TARGET_LABEL and a.xanchor == "left"]
    return max((18 * len(text) + 10 for text in labels), default=0)


def for_projector(fig: go.Figure, scale: float = 1.25) -> go.Figure:
    """A copy of a figure with its text enlarged for 汇报模式 on a 1920×1080 projector."""
    big = go.Figure(fig)
    big.update_layout(font_size=round(FONT["size"] * scale), title_font_size=round(22 * scale),
                      height=round((fig.layout.height or 450) * 1.1))
    return big


def y_axis_title(fig: go.Figure) -> str:
    """The y axis's title, written level above the axis by _axes (never as plotly's rotated axis title)."""
    return next((a.text for a in fig.layout.annotations if a.name == "y_title"), "")


def _lane_label(plan: Plan, workstream_id: str) -> str:
    ws = plan.workstream(workstream_id)
    return f"<b>{plain(ws.short)}</b><br><span style='font-size:13px'>牵头：{plain('、'.join(ws.lead))}</span>"


def _names(names: tuple[str, ...], limit: int = 9) -> str:
    shown = "、".join(plain(n) for n in names[:limit])
    return shown + (f" 等{len(names)}个" if len(names) > limit else "")


def _hover(row, targets_text: str) -> str:
    lines = [
        f"<b>{plain(row.title)}</b>",
        f"截止：{row.due:%Y-%m-%d}　填报：{plain(row.reporter)}",
        f"状态：{row.status_label}" + (f"（{row.done_on:%Y-%m-%d} 完成）" if row.done_on else ""),
    ]
    if row.n_total > 1:
        lines.append(f"已完成 {row.n_done}/{row.n_total} 个县（市、区）")
    if row.lagging:
        lines.append(f"未完成：{_names(row.lagging)}")
    if row.late:
        lines.append(f"逾期完成：{_names(row.late)}")
    if targets_text:
        lines.append(f"目标：{plain(targets_text)}")
    return "<br>".join(lines)


GANTT_NOTE = (
    "每个菱形是实施方案“时间安排”中的一个工作节点，位于截止日期。由各地填报的节点，"
    "18个县（市、区）全部填报完成才算全市完成，完成日期取最后一个县的日期；鼠标悬停可看完成数和未完成的县。"
)


def gantt(plan: Plan, statuses: pd.DataFrame, as_of: date, subtitle: str = "") -> Chart:
    """Milestones on the plan's time axis: one lane per workstream, a diamond per milestone coloured by status."""
    lanes = [ws.id for ws in plan.workstreams]
    labels = {ws_id: _lane_label(plan, ws_id) for ws_id in lanes}
    targets = {
        ws_id: "；".join(t.title for t in plan.targets_of(ws_id))
        for ws_id in lanes
    }
    # Milestones of one lane sharing a month are fanned out vertically so none hides another.
    offsets: dict[str, float] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in statuses.sort_values("due").itertuples(index=False):
        slot = (row.workstream, f"{row.due:%Y-%m}")
        n = seen.get(slot, 0)
        seen[slot] = n + 1
        offsets[row.milestone] = (-0.22, 0.22, 0.0, -0.38, 0.38)[n % 5] if n else 0.0
    lane_index = {ws_id: len(lanes) - 1 - i for i, ws_id in enumerate(lanes)}

    fig = go.Figure()
    period_start, period_end = plan.start, plan.end
    for ws_id in lanes:
        y = lane_index[ws_id]
        fig.add_shape(
            type="rect", x0=period_start, x1=period_end, y0=y - 0.45, y1=y + 0.45,
            fillcolor="#f3f6fa" if y % 2 else "#ffffff", line_width=0, layer="below",
        )
    for status in STATUS_ORDER:
        part = statuses[statuses["status"] == status]
        fig.add_trace(go.Scatter(
            x=list(part["due"]),
            y=[lane_index[w] + offsets[m] for w, m in zip(part["workstream"], part["milestone"])],
            mode="markers",
            name=f"{STATUS_LABELS[status]}（{len(part)}）",
            marker=dict(
                symbol=STATUS_SYMBOLS[status], size=20, color=STATUS_COLORS[status],
                line=dict(width=2, color=STATUS_COLORS[status] if status == NOT_DUE else "#ffffff"),
            ),
            hovertext=[_hover(r, targets[r.workstream]) for r in part.itertuples(index=False)],
            hoverinfo="text",
            customdata=list(part["milestone"]),
        ))
    axis_start, axis_end = period_start - timedelta(days=20), period_end + timedelta(days=75)
    top = len(lanes) - 0.4
    if as_of <= axis_end:
        fig.add_shape(type="line", x0=as_of, x1=as_of, y0=-0.6, y1=top, line=dict(color="#1f4e9e", width=3, dash="dash"))
        marker_x, label = as_of, f"截至 {as_of:%Y-%m-%d}"
    else:
        marker_x, label = axis_end, f"截至 {as_of:%Y-%m-%d}（计划期已结束）→"
    fig.add_annotation(
        x=marker_x, y=top, text=label, showarrow=False, yanchor="bottom",
        xanchor="right" if as_of > period_end else "center",
        font=dict(color="#1f4e9e", size=16), bgcolor="rgba(255,255,255,0.85)",
    )
    fig.update_xaxes(
        range=[axis_start, axis_end], dtick="M3", tickformat="%Y年%-m月",
        title_text="截止日期", tickfont=dict(size=16), showgrid=True, gridcolor="#e3e3e3",
    )
    fig.update_yaxes(
        tickfont=dict(size=17), tickvals=[lane_index[w] for w in lanes], ticktext=[labels[w] for w in lanes],
        range=[-0.6, len(lanes) - 0.2], title_text="", showgrid=False, zeroline=False,
    )
    title = "三年行动计划工作节点进度" + (f"（{subtitle}）" if subtitle else "")
    return Chart(base_layout(fig, title, height=640), GANTT_NOTE)


# ---- analytics pages ------------------------------------------------------------------------------
# Each function returns a Chart: the figure and a one-line note of how its numbers are computed,
# which the page shows as the caption.

GOOD, WARN, BAD, MUTED, INK = "#2e7d32", "#ef8f00", "#c62828", "#9e9e9e", "#1f4e79"
ON_TRACK_COLOR = "#1565c0"
CARD_COLORS = {"met": GOOD, "on_track": ON_TRACK_COLOR, "behind": WARN, "missed": BAD, "no_data": MUTED}
AXIS_FONT = dict(size=18)
TICK_FONT = dict(size=16)


def _axes(fig: go.Figure, x_title: str, y_title: str, percent_axis: str | None = None) -> go.Figure:
    """Axis titles and tick fonts. The y title sits level above the axis: CJK set sideways reads badly."""
    x_title, y_title = plain(x_title), plain(y_title)
    fig.update_xaxes(title=dict(text=x_title, font=AXIS_FONT), tickfont=TICK_FONT, automargin=True)
    fig.update_yaxes(title=dict(text=""), tickfont=TICK_FONT, automargin=True)
    if y_title:
        fig.add_annotation(
            text=y_title, name="y_title", xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom",
            yshift=6, showarrow=False, textangle=0, font=dict(size=AXIS_FONT["size"], color="#444"),
        )
    if percent_axis == "x":
        fig.update_xaxes(tickformat=".0%")
    elif percent_axis == "y":
        fig.update_yaxes(tickformat=".0%")
    return fig


def _whole_numbers(fig: go.Figure, axis: str, values) -> None:
    """Counts are whole: no 0.2 ticks on an axis whose bars are 0, 1 or 2."""
    top = max([v for v in values if v is not None and not pd.isna(v)], default=0)
    settings = dict(tickformat=",d", rangemode="tozero", **({"dtick": 1} if top <= 6 else {}))
    (fig.update_xaxes if axis == "x" else fig.update_yaxes)(**settings)


def _target_line(fig: go.Figure, value: float, label: str, horizontal: bool) -> None:
    """A dashed target line across the plot, drawn as a trace so tests and legends see it."""
    label = plain(label)
    if horizontal:
        fig.add_vline(x=value, line=dict(color=BAD, dash="dash", width=3),
                      annotation=dict(text=label, font=dict(size=16, color=BAD)), annotation_position="top")
    else:
        # Beside the plot on the right, not over it: above the line it would sit on a bar's own value at the target.
        fig.add_hline(y=value, line=dict(color=BAD, dash="dash", width=3),
                      annotation=dict(text=label, font=dict(size=16, color=BAD), name=TARGET_LABEL),
                      annotation_position="right")


def bar_chart(categories: list, values: list, title: str, category_title: str, value_title: str, note: str, *,
              horizontal: bool = False, percent: bool = False, target: float | None = None, target_label: str = "",
              colors: list[str] | None = None, height: int = 460, name: str = "") -> Chart:
    """One bar per category with its value written on it, and an optional dashed target line."""
    text = [("—" if v is None else f"{v:.0%}" if percent else f"{v:,.0f}") for v in values]
    categories = _plain_all(categories)
    bar = go.Bar(
        x=values if horizontal else categories, y=categories if horizontal else values,
        orientation="h" if horizontal else "v", text=text, textposition="outside", textfont=dict(size=16),
        marker_color=colors or INK, name=plain(name or value_title), cliponaxis=False,
    )
    fig = go.Figure(bar)
    if target is not None:
        _target_line(fig, target, target_label, horizontal)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        _axes(fig, value_title, "", "x" if percent else None)  # the category labels (county names) speak for themselves
    else:
        _axes(fig, category_title, value_title, "y" if percent else None)
    if not percent:
        _whole_numbers(fig, "x" if horizontal else "y", [*values, target])
    fig.update_layout(showlegend=False)
    return Chart(base_layout(fig, title, height), note)


def status_colors(values: list, target: float | None) -> list[str]:
    """Green for bars at or above the target, red below, grey without a value."""
    return [MUTED if v is None else GOOD if target is None or v >= target else BAD for v in values]


def target_cards_html(results) -> str:
    """Target cards (hexie.targets results) as one HTML grid: title, headline, status and due date, the reason,
    and the reading of the document's words (a caption when it is not plain 以上, and the hover note).
    Names in reasons come from uploads, so every text is escaped."""
    tiles = []
    for r in results:
        color = CARD_COLORS[r.status]
        note = "\n".join(x for x in (r.reading, r.reason, r.context, *r.problems) if x)
        small = 'style="font-size:14px;color:#555;line-height:1.3;max-height:2.6em;overflow:hidden"'
        caption = "" if r.reading.startswith("“以上”") else f"<div {small}>读法：{escape(r.reading)}</div>"
        context = f"<div {small}>{escape(r.context)}</div>" if r.context else ""
        # A met card needs no reason, except a rate over answered rows: it still says what it leaves out.
        said = r.unanswered if r.status == "met" else r.reason
        reason = "" if not said else (
            f'<div style="font-size:14px;color:#333;line-height:1.3;max-height:2.6em;overflow:hidden">{escape(said)}</div>')
        tiles.append(
            f'<div title="{escape(note)}" style="border-left:10px solid {color};background:#f7f7f7;padding:6px 10px;border-radius:6px">'
            f'<div style="font-size:17px;line-height:1.25;height:2.5em;overflow:hidden">{escape(r.title)}</div>'
            f'<div style="font-size:26px;font-weight:700;color:{color};line-height:1.2">{escape(r.headline)}</div>'
            f'<div style="font-size:16px;color:#333"><b style="color:{color}">{r.status_label}</b> · 截止{r.due:%Y-%m-%d}</div>'
            f"{reason}{context}{caption}</div>"
        )
    return ('<div style="display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:6px">'
            + "".join(tiles) + "</div>")


def urgent_list_html(urgent: pd.DataFrame) -> str:
    """The overview's most urgent items, one line each; their text comes from uploads, so it is escaped."""
    if urgent.empty:
        return '<div style="font-size:18px">目前没有逾期节点、高风险企业或低于目标的县。</div>'
    return "".join(
        f'<div style="font-size:18px;padding:2px 0"><b style="color:{BAD}">【{escape(str(row.kind))}】</b>{escape(str(row.item))}</div>'
        for row in urgent.itertuples()
    )


def legend_html(items: list[tuple[list[int], str]]) -> str:
    """A colour legend (for the map) as an HTML row of swatches."""
    return "".join(
        f'<span style="display:inline-block;margin-right:18px;font-size:17px">'
        f'<span style="display:inline-block;width:22px;height:16px;background:rgb({r},{g},{b});'
        f'vertical-align:middle;margin-right:6px;border:1px solid #888"></span>{label}</span>'
        for (r, g, b), label in items
    )


def county_progress_heatmap(status: pd.DataFrame, workstreams: list[str]) -> Chart:
    """Counties × workstreams, each cell 'done/due' coloured red (overdue), amber (late) or green."""
    counties = list(dict.fromkeys(status["county"]))
    shown_counties = _plain_all(counties)
    level = {"green": 0, "amber": 1, "red": 2}
    z, text = [], []
    for county in counties:
        part = status[status["county"] == county].set_index("short")
        z.append([level[part.at[w, "status"]] if w in part.index else None for w in workstreams])
        text.append([f"{part.at[w, 'done']}/{part.at[w, 'due']}" if w in part.index else "" for w in workstreams])
    # Four-character names break in two so five columns fit beside the cards on one screen.
    labels = [plain(w) if len(w) <= 3 else f"{plain(w[:2])}<br>{plain(w[2:])}" for w in workstreams]
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=shown_counties, text=text, texttemplate="%{text}", textfont=dict(size=16),
        colorscale=[[0, GOOD], [0.5, WARN], [1, BAD]], zmin=0, zmax=2, showscale=False, xgap=2, ygap=2,
        customdata=[_plain_all(workstreams)] * len(counties),
        hovertemplate="%{y} · %{customdata}：已完成/已到期 %{text}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed")
    _axes(fig, "", "")
    fig.update_xaxes(side="top", tickangle=0, tickfont=dict(size=15))
    fig = base_layout(fig, "各县工作节点完成情况", 36 * len(counties) + 140)
    fig.update_layout(margin=dict(l=10, r=10, t=100, b=10))
    return Chart(fig, "格内为已完成/已到期的县级节点数；红：有逾期未完成，橙：有逾期完成，绿：全部按时。")


# pydeck reads an unquoted string as an expression: literals go in double quotes, and the CSS
# font list inside them uses single quotes so it stays one literal.
CJK_FONT_FAMILY = "\"'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif\""
# Colour ramp for the map, light (low) to dark (high).
MAP_RAMP = ([222, 235, 247], [158, 202, 225], [107, 174, 214], [49, 130, 189], [8, 81, 156])
# The tooltip's markup is ours and its {fields} are the hovered county's plain values, which Streamlit fills in
# as text: a value never becomes markup. It is narrow and centred under the pointer (CSS translate, which
# composes with the transform deck.gl places it by), so a county at the map's edge keeps it on screen.
MAP_TOOLTIP = (
    "<b>{name}</b><br/>大中型企业覆盖率：{coverage}<br/>每百户小微企业基层协调员：{per_100_small}<br/>"
    "协调员：{coordinators}<br/>金牌协调员：{gold}"
)
MAP_TOOLTIP_STYLE = {
    "fontSize": "16px", "lineHeight": "1.5", "backgroundColor": "#ffffff", "color": "#222", "padding": "8px 12px",
    "border": "1px solid #bbb", "borderRadius": "6px", "maxWidth": "19em", "whiteSpace": "normal", "translate": "-50% 18px",
}
MAP_METRICS = {
    "coverage": ("大中型企业覆盖率", "share"),
    "per_100_small": ("每百户小微企业基层协调员", "人"),
    "coordinators": ("协调员人数", "人"),
    "gold": ("金牌协调员人数", "人"),
}


def map_colour(value: float | None, edges: list[float]) -> list[int]:
    """The ramp colour of a value (light grey without one)."""
    return [230, 230, 230] if value is None else MAP_RAMP[next(i for i, e in enumerate(edges) if value < e or e == float("inf"))]


def coverage_bins(metric: str, values: list[float]) -> list[float]:
    """Upper edges of the five colour classes: fixed 20% steps for a share, equal steps up to the maximum otherwise."""
    if MAP_METRICS[metric][1] == "share":
        return [0.2, 0.4, 0.6, 0.8, float("inf")]
    top = max([v for v in values if v is not None] or [0]) or 1
    return [top * k / 5 for k in range(1, 5)] + [float("inf")]


def _fmt(metric: str, value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return f"{value:.0%}" if MAP_METRICS[metric][1] == "share" else (f"{value:.1f}" if metric == "per_100_small" else f"{value:.0f}")


def coverage_map(coverage: pd.DataFrame, metric: str) -> tuple[Chart, list[tuple[list[int], str]]]:
    """A choropleth of the 18 counties with their names, for one coverage metric, and its legend."""
    import pydeck as pdk  # here, not at the top: only the map needs it, and it slows every page's first run

    label, _ = MAP_METRICS[metric]
    by_county = coverage.set_index("county")
    values = [None if pd.isna(v) else float(v) for v in coverage[metric]]
    edges = coverage_bins(metric, values)
    features, labels = [], []
    centroids = county_centroids()
    for feature in county_geojson()["features"]:
        name = feature["properties"]["name"]
        row = by_county.loc[name] if name in by_county.index else None
        value = None if row is None or pd.isna(row[metric]) else float(row[metric])
        color = map_colour(value, edges)
        tip = {
            "name": name,
            "coverage": f"{_fmt('coverage', None if row is None else row['coverage'])}"
                        f"（{0 if row is None else int(row['covered'])}/{0 if row is None else int(row['large_medium'])}户）",
            "per_100_small": f"{_fmt('per_100_small', None if row is None else row['per_100_small'])}人",
            "coordinators": f"{0 if row is None else int(row['coordinators'])}人",
            "gold": f"{0 if row is None else int(row['gold'])}人",
        }
        features.append({**feature, "properties": {**feature["properties"], "fill": color, **tip}})
        lon, lat = centroids[name]
        # Names only: the central districts are too small for a second line; values are in the tooltip and the bars.
        labels.append({"position": [lon, lat], "text": name, **tip})
    polygons = pdk.Layer(
        "GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="counties",
        get_fill_color="properties.fill", get_line_color=[255, 255, 255], line_width_min_pixels=2,
        stroked=True, filled=True, pickable=True,
    )
    names = pdk.Layer(
        "TextLayer", labels, id="county_names", get_position="position", get_text="text", get_size=15,
        get_color=[20, 20, 20], character_set='"auto"', font_family=CJK_FONT_FAMILY,
        font_weight=700, get_text_anchor='"middle"', get_alignment_baseline='"center"',
        outline_width=3, outline_color=[255, 255, 255], font_settings={"sdf": True}, pickable=False,
    )
    deck = pdk.Deck(
        layers=[polygons, names], map_provider=None,
        initial_view_state=pdk.ViewState(longitude=115.2, latitude=25.85, zoom=7.0),
        tooltip={"html": MAP_TOOLTIP, "style": MAP_TOOLTIP_STYLE},
    )
    def fmt_edge(edge: float) -> str:
        return f"{edge:.0%}" if MAP_METRICS[metric][1] == "share" else f"{edge:.1f}" if metric == "per_100_small" else f"{edge:.0f}"

    legend, low = [], None
    for color, edge in zip(MAP_RAMP, edges):
        text = f"≥ {fmt_edge(low)}" if edge == float("inf") else f"{fmt_edge(low) if low is not None else '0'} – {fmt_edge(edge)}"
        legend.append((color, text))
        low = edge
    note = {
        "coverage": "覆盖率 = 配备至少1名协调员的大中型企业户数（按工作单位去重）÷ 企业基数台账中的大中型企业户数。",
        "per_100_small": "每百户小微企业基层协调员 = 工作单位不是大中型企业的协调员人数 ÷ 小微企业户数 × 100。",
        "coordinators": "协调员人数：各县截至所选日期最近一期协调员台账的人数。",
        "gold": "金牌协调员人数：各县最近一期协调员台账中标为金牌的人数。",
    }[metric]
    return Chart(deck, f"{label}（颜色越深越高）。{note}"), legend


def rate_trend(monthly: pd.DataFrame, bar: float | None) -> Chart:
    """Monthly mediation success rate as a line against the bar."""
    fig = go.Figure(go.Scatter(
        x=monthly["month"], y=monthly["rate"], mode="lines+markers", name="月度调解成功率",
        line=dict(color=INK, width=3), hovertemplate="%{x|%Y年%m月}：%{y:.1%}<extra></extra>",
    ))
    if bar is not None:
        _target_line(fig, bar, f"{bar:.0%}", horizontal=False)
    _axes(fig, "月份", "调解成功率", "y")
    fig.update_xaxes(tickformat="%Y-%m")
    fig.update_layout(showlegend=False)
    return Chart(base_layout(fig, "月度调解成功率走势", 320), "每月调解成功案件数 ÷ 当月受理案件数。")


def risk_by_county_bar(by_county: pd.DataFrame) -> Chart:
    """High and medium risk key enterprises per county, stacked, counties with most high risk first."""
    ranked = by_county.sort_values(["高", "中", "county"], ascending=[False, False, True])
    fig = go.Figure([
        go.Bar(y=_plain_all(ranked["county"]), x=ranked[level], orientation="h", name=f"{level}风险", marker_color=color,
               text=[v or "" for v in ranked[level]], textposition="inside", textangle=0, textfont=dict(size=16))
        for level, color in (("高", BAD), ("中", WARN))
    ])
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    _axes(fig, "重点企业（户）", "")
    _whole_numbers(fig, "x", list(ranked["高"] + ranked["中"]))
    return Chart(base_layout(fig, "各县中高风险重点企业", 620), "按各县最近一期重点企业台账逐户判定风险等级后计数（规则见右侧）。")


def served_cumulative_line(cumulative: pd.DataFrame, target) -> Chart:
    """Cumulative new enterprises served by month, the straight path to the plan's target, and the target."""
    fig = go.Figure([
        go.Scatter(x=cumulative["month"], y=cumulative["cumulative"], mode="lines+markers", name="累计服务企业",
                   line=dict(color=INK, width=4), hovertemplate="%{x|%Y年%m月}：累计 %{y:,} 户<extra></extra>"),
        go.Scatter(x=cumulative["month"], y=cumulative["path"], mode="lines", name="按直线进度应达",
                   line=dict(color=MUTED, width=3, dash="dot"), hovertemplate="%{x|%Y年%m月}：应达 %{y:,.0f} 户<extra></extra>"),
    ])
    _target_line(fig, target.value, target.title, horizontal=False)
    _axes(fig, "月份", "累计服务企业（户）")
    fig.update_xaxes(tickformat="%Y-%m")
    return Chart(base_layout(fig, "累计服务新注册企业", 420),
                 f"每户企业按首次服务月份计入（统一社会信用代码去重）；虚线为从{target.period_from:%Y年%m月}到"
                 f"{target.period_to:%Y年%m月}匀速达到目标的进度。")


def body_by_year_bar(bodies: pd.DataFrame, years: tuple[int, ...], each: float | None) -> Chart:
    """Enterprises recommended by each of the four bodies, one bar group per body, one bar per year, against
    what the plan asks of each body a year (no line when the plan asks nothing)."""
    palette = ("#9ecae1", "#4292c6", "#08519c", "#08306b")
    fig = go.Figure([
        go.Bar(x=_plain_all(bodies["recommender"]), y=bodies[year], name=f"{year}年", marker_color=palette[i % len(palette)],
               text=bodies[year], textposition="outside", textfont=dict(size=16), cliponaxis=False)
        for i, year in enumerate(years)
    ])
    if each is not None:
        _target_line(fig, each, f"每家{each:g}户", horizontal=False)
    _axes(fig, "", "推荐企业（户）")  # the four bodies' names say what the axis is
    _whole_numbers(fig, "y", [v for year in years for v in bodies[year]])
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=0, tickfont_size=14)  # four names level, apart, in a third of the page
    base_layout(fig, "四家推荐情况", 420)
    # The years' legend under the chart: in a third of the page, beside the title it runs over it.
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="center", x=0.5))
    return Chart(fig, "和谐企业培育台账按推荐单位和年度计数；虚线是计划对每家单位每年的要求。")


def wage_shares_bar(by_year: pd.DataFrame) -> Chart:
    """Feedback and individualised-service shares per survey year, with each year's targets as markers."""
    years = [f"{y}年" for y in by_year["year"]]
    fig = go.Figure([
        go.Bar(x=years, y=by_year["feedback_share"], name="数据反馈比例", marker_color=INK,
               text=[f"{v:.0%}" for v in by_year["feedback_share"]], textposition="outside", textfont=dict(size=16)),
        go.Bar(x=years, y=by_year["individual_share"], name="个性化服务比例", marker_color="#6baed6",
               text=[f"{v:.0%}" for v in by_year["individual_share"]], textposition="outside", textfont=dict(size=16)),
        go.Scatter(x=years, y=by_year["feedback_target"], mode="markers", name="反馈目标",
                   marker=dict(symbol="line-ew-open", size=48, line=dict(width=4, color=BAD))),
        go.Scatter(x=years, y=by_year["individual_target"], mode="markers", name="个性化服务目标",
                   marker=dict(symbol="line-ew-open", size=48, line=dict(width=4, color=WARN))),
    ])
    fig.update_layout(barmode="group")
    _axes(fig, "调查年度", "占被调查企业比例", "y")
    fig.update_yaxes(range=[0, 1.15])
    return Chart(base_layout(fig, "薪酬调查数据反馈与个性化服务", 440),
                 "比例 = 获得反馈（或个性化服务）的被调查企业 ÷ 当年被调查企业；横线为目标：反馈2020年90%、此后100%，个性化服务10%。")
