"""社会组织: organisations by county and industry, demonstration points against 5, gold against 1."""

import streamlit as st

from hexie import charts, metrics, ui
from hexie.geo import COUNTY_NAMES

ctx = ui.page_context()
summary = ctx.query("social_org_summary", ctx.as_of, ctx.county)
by_county = metrics.social_by_county(summary, (ctx.county,) if ctx.county else COUNTY_NAMES)

st.markdown(f"#### 协调劳动关系社会组织 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(ctx.cards_html("social_org"))
st.caption("示范点和金牌社会组织按选树事件计：一经某期台账记载即计入，之后的台账不再列出也不扣除；撤回记载它的那次上传才会去掉。")

left, right = st.columns(2, gap="medium")
with left:
    ranked = by_county.sort_values(["orgs", "county"], ascending=[False, True])
    chart = charts.bar_chart(
        list(ranked["county"]), list(ranked["orgs"]), "各县社会组织数量", "县（市、区）", "社会组织（个）",
        "社会组织台账各县截至所选日期最近一期的组织数。", horizontal=True, height=620,
    )
    ui.show_chart(chart, key="social_county")
with right:
    industries = metrics.social_by_industry(summary)
    chart = charts.bar_chart(
        list(industries["industry"]), list(industries["orgs"]), "社会组织服务行业分布", "服务行业", "社会组织（个）",
        "社会组织台账最近一期按服务行业计数。", horizontal=True, height=620,
    )
    ui.show_chart(chart, key="social_industry")

table = by_county.rename(columns={"county": "县（市、区）", "orgs": "社会组织（个）", "demo_points": "示范点（个）", "gold": "金牌（个）"})
st.dataframe(table, hide_index=True, width="stretch", key="social_table")
ui.excel_download(table, f"社会组织-{ctx.as_of:%Y%m%d}.xlsx", key="social_xlsx")
