"""The demo database: deterministic, marked as a demo, and telling the Gantt's story."""

from datetime import date

from hexie import demo
from hexie.geo import COUNTY_NAMES
from hexie.progress import milestone_status
from hexie.plan import load_plan
from hexie.store import Store


def snapshot(path):
    with Store.open(path) as store:
        return {
            ledger: store.active_rows(ledger).to_dict("records")
            for ledger in store.active_counts()
        }, store.uploads().drop(columns=["id"]).to_dict("records")


def build(path, seed):
    with Store.open(path) as store:
        return demo.build_demo(store, seed=seed)


def test_same_seed_same_database(tmp_path):
    build(tmp_path / "a.duckdb", 7)
    build(tmp_path / "b.duckdb", 7)
    assert snapshot(tmp_path / "a.duckdb") == snapshot(tmp_path / "b.duckdb")


def test_another_seed_another_story(tmp_path):
    build(tmp_path / "a.duckdb", 7)
    build(tmp_path / "b.duckdb", 8)
    assert snapshot(tmp_path / "a.duckdb") != snapshot(tmp_path / "b.duckdb")


def test_demo_is_marked_and_covers_every_county(demo_db):
    with Store.open(demo_db) as store:
        assert store.is_demo()
        reporting = set(store.active_counts()["progress"])
        assert reporting == set(COUNTY_NAMES) | {"市本级"}


def test_most_counties_punctual_a_few_late_two_lagging(demo_db):
    plan = load_plan()
    with Store.open(demo_db) as store:
        reports = store.progress_reports()
    overdue_by_county = {}
    for county in COUNTY_NAMES:
        statuses = milestone_status(plan, reports, date(2024, 3, 31), county)
        county_level = statuses[statuses["scope"] == "county"]
        overdue_by_county[county] = int((county_level["status"] == "overdue").sum())
    assert {c for c, n in overdue_by_county.items() if n > 0} == {"安远县", "寻乌县"}
    assert all(n >= 3 for c, n in overdue_by_county.items() if c in ("安远县", "寻乌县"))
    late_by_county = {
        county: int((milestone_status(plan, reports, date(2024, 3, 31), county)["status"] == "done_late").sum())
        for county in COUNTY_NAMES
    }
    assert {c for c, n in late_by_county.items() if n > 0} >= {"大余县", "定南县", "兴国县"}
    assert sum(1 for n in late_by_county.values() if n == 0) >= 10


def test_a_real_database_is_never_overwritten_by_demo(tmp_path):
    from hexie.cli import main

    real = tmp_path / "real.duckdb"
    assert main(["init", "--db", str(real)]) == 0
    assert main(["demo", "--db", str(real)]) == 1
    with Store.open(real) as store:
        assert not store.is_demo() and store.active_counts() == {}


def test_every_ledger_has_rows_in_every_county(demo_db):
    with Store.open(demo_db) as store:
        counts = store.active_counts()
    for key in ("social_org", "coordinator", "enterprise_base", "mediation_org", "mediation_stats",
                "new_enterprise", "key_enterprise", "wage_survey"):
        assert set(counts[key]) == set(COUNTY_NAMES), key
    assert sum(counts["harmonious"].values()) == 12


def test_scale_two_doubles_the_scaled_rows(tmp_path):
    with Store.open(tmp_path / "one.duckdb") as store:
        one = demo.build_demo(store, seed=3, scale=1)
    with Store.open(tmp_path / "two.duckdb") as store:
        two = demo.build_demo(store, seed=3, scale=2)
    assert two["harmonious"] == 2 * one["harmonious"]
    for key in ("coordinator", "mediation_org", "new_enterprise", "key_enterprise", "wage_survey", "social_org"):
        assert 1.8 * one[key] <= two[key] <= 2.2 * one[key], key
    assert two["progress"] == one["progress"]


def test_the_story_some_targets_met_some_missed(demo_db):
    from hexie import metrics, targets

    with Store.open(demo_db) as store:
        results = targets.evaluate(load_plan(), lambda m, d, c: getattr(store, m)(d, c, reported=False), date(2023, 9, 30))
        risks = metrics.risk_table(store.key_enterprises(date(2023, 9, 30)))
    status = {r.id: r.status for r in results}
    assert status["coordinator.gold_2021"] == "met" and status["coordinator.gold_2022"] == "missed"
    assert status["mediation.gold_batch1"] == "met" and status["mediation.gold_total"] == "missed"
    assert status["social_org.gold_orgs"] == "met" and status["social_org.demo_points"] == "on_track"
    assert status["mediation.recommended_2022"] == "missed" and status["harmonious.cultivated_2022"] == "missed"
    served = next(r for r in results if r.id == "new_enterprise.served")
    # Two enterprises registered long ago are not counted; the two follow-ups typed with a wrong check digit fold
    # into their enterprises instead of counting twice.
    assert (served.value, served.context[:7]) == (950, "另有2户不计入")
    high = risks[risks["level"] == "高"]
    assert len(high) >= 2 and high["reasons"].str.contains("规模裁员").sum() >= 2
    assert high["reasons"].str.contains("未依法结清").sum() == 1
