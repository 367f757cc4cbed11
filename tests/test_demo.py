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
