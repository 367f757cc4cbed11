"""The mediator ledger (调解员台账): read from a clerk's file, stored, and counted per organisation."""

from datetime import date, datetime

import pandas as pd

from hexie import metrics
from hexie.importer import ImportOptions, parse_upload
from hexie.store import UploadInfo

CSV = """调解员姓名,调解组织名称,县区,专兼职,人员来源,是否培训,统计期
李四,水西调解中心,章贡区,专职,,是,2021-06
王五,水西调解中心,章贡区,兼职,执业律师,否,2021-06
赵六,水西调解中心,章贡区,兼职调解员,退休法官,是,2021-06
钱七,沙石调解中心,章贡区,兼职,劳动人事争议仲裁员,是,2021-06
"""


def test_a_mediator_roster_in_the_clerks_own_words_loads_and_counts_per_organisation(store):
    result = parse_upload(CSV.encode("utf-8"), "调解员.csv", ImportOptions(ledger="mediator"))
    assert result.problems == ()
    assert [(r["name"], r["kind"], r["background"], r["trained"]) for r in result.rows] == [
        ("李四", "专职", None, True), ("王五", "兼职", "律师", False), ("赵六", "兼职", "法官", True), ("钱七", "兼职", "仲裁员", True)]
    store.add_upload(UploadInfo("mediator", "章贡区", "测试", "调解员.csv", "m1", uploaded_at=datetime(2021, 7, 2)), list(result.rows))
    by_org = store.mediators_by_org(date(2021, 12, 31))
    assert by_org.values.tolist() == [
        ["水西调解中心", "章贡区", 3, 1, 2, 2, 1, 1, 0, 0, 1],
        ["沙石调解中心", "章贡区", 1, 0, 1, 1, 0, 0, 1, 0, 0],
    ]


def test_organisations_without_a_full_time_mediator_include_those_with_no_mediator_listed():
    orgs = pd.DataFrame({"name": ["水西调解中心", "沙石调解中心", "潭口调解中心"], "county": ["章贡区"] * 3})
    mediators = pd.DataFrame([
        {"org_name": "水西调解中心", "county": "章贡区", "mediators": 3, "full_time": 1, "part_time": 2, "trained": 2,
         "lawyers": 1, "judges": 1, "arbitrators": 0, "scholars": 0, "others": 1},
        {"org_name": "沙石调解中心", "county": "章贡区", "mediators": 1, "full_time": 0, "part_time": 1, "trained": 1,
         "lawyers": 0, "judges": 0, "arbitrators": 1, "scholars": 0, "others": 0},
    ])
    per_org = metrics.mediators_per_org(orgs, mediators)
    assert per_org[["org_name", "mediators", "full_time"]].values.tolist() == [
        ["沙石调解中心", 1, 0], ["潭口调解中心", 0, 0], ["水西调解中心", 3, 1]]
    assert metrics.orgs_without_full_time(per_org).values.tolist() == [["沙石调解中心", "章贡区", 1], ["潭口调解中心", "章贡区", 0]]
