"""Figures for the pages: functions that return plotly figures, testable by inspecting them."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from hexie.plan import Plan
from hexie.progress import DONE_LATE, DONE_ON_TIME, NOT_DUE, OVERDUE, STATUS_LABELS, STATUS_ORDER

FONT = dict(family="Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif", size=16)
STATUS_COLORS = {DONE_ON_TIME: "#2e7d32", DONE_LATE: "#ef8f00", OVERDUE: "#c62828", NOT_DUE: "#9e9e9e"}
STATUS_SYMBOLS = {DONE_ON_TIME: "diamond", DONE_LATE: "diamond", OVERDUE: "diamond-x", NOT_DUE: "diamond-open"}


def base_layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    """The look every chart shares: projector-sized fonts, white background, title top left."""
    fig.update_layout(
        title=dict(text=title, font=dict(size=22), x=0.01, xanchor="left"),
        font=FONT, height=height, template="plotly_white",
        margin=dict(l=10, r=20, t=70, b=40),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="right", x=1, font=dict(size=16)),
        hoverlabel=dict(font_size=15),
    )
    return fig


def _lane_label(plan: Plan, workstream_id: str) -> str:
    ws = plan.workstream(workstream_id)
    return f"<b>{ws.short}</b><br><span style='font-size:13px'>牵头：{'、'.join(ws.lead)}</span>"


def _names(names: tuple[str, ...], limit: int = 9) -> str:
    shown = "、".join(n for n in names[:limit])
    return shown + (f" 等{len(names)}个" if len(names) > limit else "")


def _hover(row, targets_text: str) -> str:
    lines = [
        f"<b>{row.title}</b>",
        f"截止：{row.due:%Y-%m-%d}　填报：{row.reporter}",
        f"状态：{row.status_label}" + (f"（{row.done_on:%Y-%m-%d} 完成）" if row.done_on else ""),
    ]
    if row.n_total > 1:
        lines.append(f"已完成 {row.n_done}/{row.n_total} 个县（市、区）")
    if row.lagging:
        lines.append(f"未完成：{_names(row.lagging)}")
    if row.late:
        lines.append(f"逾期完成：{_names(row.late)}")
    if targets_text:
        lines.append(f"目标：{targets_text}")
    return "<br>".join(lines)


def gantt(plan: Plan, statuses: pd.DataFrame, as_of: date, subtitle: str = "") -> go.Figure:
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
    return base_layout(fig, title, height=640)
