"""新企服务: newly registered enterprises served against the plan's target, by county and method, the yearly training,
and the enterprises not counted with the reason."""

import streamlit as st

from hexie import charts, metrics, targets, ui
from hexie.geo import COUNTY_NAMES

ctx = ui.page_context()
firsts = ctx.query("new_enterprise_firsts", ctx.as_of, ctx.county)
services = ctx.query("new_enterprise_services", ctx.as_of, ctx.county)
served_target = next(iter(metrics.targets_of_metric(ctx.plan, "new_enterprises_served")), None)
counties = (ctx.county,) if ctx.county else COUNTY_NAMES
counted, not_counted = metrics.counted_new_enterprises(firsts, None if served_target is None else served_target.registered)

st.markdown(f"#### 服务千户新企用工 · {ctx.county_label} · 截至 {ctx.as_of:%Y年%m月%d日}")
st.html(charts.target_cards_html(targets.workstream_cards(ctx.plan, ctx.query, ctx.as_of, ctx.county, "new_enterprise")))
if served_target is not None:
    cumulative = metrics.served_cumulative(counted, served_target, ctx.as_of)
    ui.show_chart(charts.served_cumulative_line(cumulative, served_target), key="new_cumulative")

left, right = st.columns(2, gap="medium")
with left:
    by_county = metrics.served_by_county(counted, counties)
    chart = charts.bar_chart(
        list(by_county["county"]), list(by_county["enterprises"]), "各县服务新注册企业", "县（市、区）", "服务企业（户）",
        "按统一社会信用代码去重，每户企业计入首次服务所在的县；只计计划文件所定注册日期范围内的新注册企业。", horizontal=True, height=600,
    )
    ui.show_chart(chart, key="new_county")
with right:
    methods = metrics.services_by_method(services)
    chart = charts.bar_chart(
        list(methods["method"]), list(methods["services"]), "服务方式", "服务方式", "服务（次）",
        "新注册企业用工服务台账按服务方式统计服务次数。", height=330,
    )
    ui.show_chart(chart, key="new_method")
    training_targets = metrics.targets_of_metric(ctx.plan, "new_enterprise_training")
    if training_targets:
        years = metrics.plan_years(ctx.plan, ctx.as_of, "new_enterprise_training")
        training = metrics.training_by_county(services, years, training_targets[0].method, counties)
        missing = training[training["missing"] > 0]
        st.markdown("##### 未举办年度“依法用工”培训班的县（只看18个县（市、区），功能区不能代替）")
        st.text("、".join(f"{row.county}（{row.missing_years}年）" for row in missing.itertuples()) or "各县每年都已举办。")
        table = training.rename(columns={"county": "县（市、区）", "missing": "未举办年数", "missing_years": "未举办年度",
                                         **{y: f"{y}年已举办" for y in years}})
        st.dataframe(table, hide_index=True, width="stretch", key="new_training", height=300)
        ui.excel_download(table, f"依法用工培训班-{ctx.as_of:%Y%m%d}.xlsx", key="new_training_xlsx")

st.markdown(f"##### 不计入的企业（{len(not_counted)} 户）")
table = not_counted.rename(columns=metrics.NOT_COUNTED_HEADINGS)
st.dataframe(table, hide_index=True, width="stretch", key="new_not_counted", height=240)
ui.excel_download(table, f"不计入的新企服务-{ctx.as_of:%Y%m%d}.xlsx", key="new_not_counted_xlsx")
