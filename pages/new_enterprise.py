"""新企服务: new enterprises served against about 1000 in three years, by county and method, and the yearly training."""

import streamlit as st

from hexie import charts, metrics, ui
from hexie.geo import COUNTY_NAMES

ctx = ui.page_context()
first_served = ctx.query("new_enterprises_first_served", ctx.as_of, ctx.county)
services = ctx.query("new_enterprise_services", ctx.as_of, ctx.county)
target = ctx.plan.target("new_enterprise.served")
counties = (ctx.county,) if ctx.county else COUNTY_NAMES

st.markdown(f"#### 服务千户新企用工 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
cumulative = metrics.served_cumulative(first_served, target, ctx.as_of)
chart = charts.served_cumulative_line(cumulative, target.value)
ui.show_chart(chart, key="new_cumulative")

left, right = st.columns(2, gap="medium")
with left:
    by_county = metrics.served_by_county(first_served, counties)
    chart = charts.bar_chart(
        list(by_county["county"]), list(by_county["enterprises"]), "各县服务新注册企业", "县（市、区）", "服务企业（户）",
        "按统一社会信用代码去重，每户企业计入首次服务所在的县。", horizontal=True, height=600,
    )
    ui.show_chart(chart, key="new_county")
with right:
    methods = metrics.services_by_method(services)
    chart = charts.bar_chart(
        list(methods["method"]), list(methods["services"]), "服务方式", "服务方式", "服务（次）",
        "新注册企业用工服务台账按服务方式统计服务次数。", height=330,
    )
    ui.show_chart(chart, key="new_method")
    years = metrics.plan_years(ctx.plan, ctx.as_of, first=2021)
    training = metrics.training_by_county(services, years, counties)
    missing = training[training["missing"] > 0]
    st.markdown("##### 未举办年度“依法用工”培训班的县")
    st.markdown("、".join(f"**{row.county}**（{row.missing_years}年）" for row in missing.itertuples()) or "各县每年都已举办。")
    table = training.rename(columns={"county": "县（市、区）", "missing": "未举办年数", "missing_years": "未举办年度",
                                     **{y: f"{y}年已举办" for y in years}})
    st.dataframe(table, hide_index=True, width="stretch", key="new_training", height=300)
    ui.excel_download(table, f"依法用工培训班-{ctx.as_of:%Y%m%d}.xlsx", key="new_training_xlsx")
