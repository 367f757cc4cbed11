"""Analytics reads on a tiny database: as-of dates, county filter, and corrections that do not rewrite the past."""

from datetime import date, datetime

from hexie.store import UploadInfo


def upload(store, ledger, county, when, rows):
    return store.add_upload(UploadInfo(ledger, county, "测试", "t.xlsx", f"{ledger}{county}{when}", uploaded_at=when), rows)


def coordinator(name, county, employer, employer_type, period, gold=False, gold_year=None):
    return {"name": name, "county": county, "employer": employer, "employer_type": employer_type,
            "gold": gold, "gold_year": gold_year, "period": period}


def test_coordinator_summary_uses_each_countys_latest_snapshot(store):
    upload(store, "coordinator", "章贡区", datetime(2021, 1, 10), [
        coordinator("甲", "章贡区", "A厂", "大中型企业", date(2021, 1, 1)),
    ])
    upload(store, "coordinator", "章贡区", datetime(2021, 7, 10), [
        coordinator("甲", "章贡区", "A厂", "大中型企业", date(2021, 7, 1)),
        coordinator("乙", "章贡区", "A厂", "大中型企业", date(2021, 7, 1), gold=True, gold_year=2021),
        coordinator("丙", "章贡区", "园区", "工业园区", date(2021, 7, 1)),
    ])
    upload(store, "coordinator", "南康区", datetime(2021, 1, 12), [
        coordinator("丁", "南康区", "B厂", "大中型企业", date(2021, 1, 1)),
    ])
    frame = store.coordinator_summary(date(2021, 8, 1))
    assert frame.values.tolist() == [["南康区", 1, 0, 0, 1], ["章贡区", 3, 1, 1, 1]]
    # Before the July upload arrived, July's snapshot does not count.
    assert store.coordinator_summary(date(2021, 7, 9), "章贡区").values.tolist() == [["章贡区", 1, 0, 0, 1]]
    assert store.gold_coordinators_by_year(date(2021, 8, 1)).values.tolist() == [[2021, 1]]


def test_a_later_correction_does_not_rewrite_the_past(store):
    row = {"name": "和谐甲", "county": "章贡区", "year": 2022, "recommender": "市人社局", "status": "培育中", "reached": "未评估"}
    upload(store, "harmonious", "市本级", datetime(2022, 1, 25), [row])
    upload(store, "harmonious", "市本级", datetime(2022, 12, 20), [{**row, "status": "已评估", "reached": "是"}])
    assert store.harmonious_summary(date(2022, 6, 30)).values.tolist() == [[2022, "市人社局", 1, 0, 0, 1, 0]]
    assert store.harmonious_summary(date(2022, 12, 31)).values.tolist() == [[2022, "市人社局", 1, 1, 1, 0, 0]]


def test_mediation_and_new_enterprise_reads(store):
    upload(store, "mediation_stats", "章贡区", datetime(2021, 3, 5), [
        {"org_name": "甲", "county": "章贡区", "period": date(2021, 1, 1), "accepted": 10, "settled": 7},
        {"org_name": "甲", "county": "章贡区", "period": date(2021, 2, 1), "accepted": 5, "settled": 2},
    ])
    assert store.mediation_by_org_year(date(2021, 12, 31)).values.tolist() == [["甲", "章贡区", 2021, 15, 9]]
    assert store.mediation_by_month(date(2021, 12, 31))["settled"].tolist() == [7, 2]
    service = {"name": "新企", "credit_code": "91360702MA0000001X", "county": "南康区", "method": "上门服务"}
    upload(store, "new_enterprise", "南康区", datetime(2021, 6, 1), [
        {**service, "service_date": date(2021, 3, 3)},
        {**service, "service_date": date(2021, 5, 3), "method": "培训班"},
    ])
    first = store.new_enterprise_firsts(date(2021, 12, 31))
    assert first[["credit_code", "name", "county"]].values.tolist() == [["91360702MA0000001X", "新企", "南康区"]]
    assert str(first["first_served"].iloc[0].date()) == "2021-03-03"
    assert store.new_enterprise_services(date(2021, 12, 31), "南康区")[["method", "services"]].values.tolist() == [
        ["上门服务", 1], ["培训班", 1]]
    assert store.new_enterprise_services(date(2021, 12, 31), "章贡区").empty


def test_a_county_name_is_a_bound_parameter(store):
    upload(store, "enterprise_base", "章贡区", datetime(2021, 2, 1), [{"county": "章贡区", "year": 2021, "large_medium": 5,
        "small_micro": 50}])
    assert store.enterprise_base(None, "章贡区' OR '1'='1").empty
    assert store.enterprise_base(date(2021, 3, 1)).values.tolist() == [["章贡区", 2021, 5, 50]]


def test_every_analytics_read_is_registered_for_the_benchmark(store):
    from hexie.store import ANALYTICS_READS

    for read in ANALYTICS_READS:
        assert getattr(store, read)(date(2022, 1, 1), None).empty, read


def test_backfilled_ledgers_show_in_history_when_not_limited_to_what_was_reported(store):
    # A city that starts using the dashboard in 2026 uploads its 2021 ledgers then.
    upload(store, "coordinator", "章贡区", datetime(2026, 11, 20), [
        coordinator("甲", "章贡区", "A厂", "大中型企业", date(2021, 6, 1)),
    ])
    upload(store, "progress", "章贡区", datetime(2026, 11, 20), [
        {"county": "章贡区", "milestone": "coordinator.survey_2021_01", "completed_on": date(2021, 1, 20)},
    ])
    assert store.coordinator_summary(date(2021, 12, 31)).empty
    assert store.coordinator_summary(date(2021, 12, 31), reported=False).values.tolist() == [["章贡区", 1, 0, 0, 1]]
    assert store.progress_reports(date(2021, 12, 31)).empty
    assert store.progress_reports(date(2021, 12, 31), reported=False)["milestone"].tolist() == ["coordinator.survey_2021_01"]
    # Rows dated after the as-of date stay out either way.
    assert store.coordinator_summary(date(2021, 5, 31), reported=False).empty


def test_without_the_reported_limit_the_latest_correction_counts(store):
    row = {"name": "和谐甲", "county": "章贡区", "year": 2022, "recommender": "市人社局", "status": "培育中", "reached": "未评估"}
    upload(store, "harmonious", "市本级", datetime(2022, 1, 25), [row])
    upload(store, "harmonious", "市本级", datetime(2022, 12, 20), [{**row, "status": "已评估", "reached": "是"}])
    assert store.harmonious_summary(date(2022, 6, 30), reported=False).values.tolist() == [[2022, "市人社局", 1, 1, 1, 0, 0]]
