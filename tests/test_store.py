"""The store: migrations on open, offline settings, uploads that supersede, withdraw and restore."""

from datetime import date, datetime

import duckdb
import pytest

from hexie.ledgers import LEDGERS
from hexie.store import MIGRATIONS, Store, UploadInfo, db_path


def info(ledger, name, county="章贡区", sha=None, when=datetime(2021, 3, 1, 9, 0)):
    return UploadInfo(ledger, county, "测试员", name, sha or name, uploaded_at=when)


def tamper(path, statement):
    """A fresh database file changed behind the store's back, as an old or newer release would leave it."""
    Store.open(path).close()
    conn = duckdb.connect(str(path))
    conn.execute(statement)
    conn.close()


def base_row(year, large, small, county="章贡区"):
    return {"county": county, "year": year, "large_medium": large, "small_micro": small}


def test_fresh_file_gets_every_migration_and_ledger_table(tmp_path):
    path = tmp_path / "fresh.duckdb"
    Store.open(path).close()
    with Store.open(path) as store:  # reopening applies nothing twice
        versions = store.conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        tables = {r[0] for r in store.conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert versions == [(v,) for v, _, _ in MIGRATIONS]
        assert {ledger.table for ledger in LEDGERS} | {"uploads", "meta", "schema_migrations"} <= tables
        assert store.data_version() == 0
        assert not store.is_demo()


def test_extensions_are_never_downloaded(store):
    settings = dict(store.conn.execute(
        "SELECT name, value FROM duckdb_settings() WHERE name IN ('autoinstall_known_extensions', 'autoload_known_extensions')"
    ).fetchall())
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


def test_a_column_declared_later_is_added_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    tamper(path, "ALTER TABLE ledger_enterprise_base DROP COLUMN small_micro")
    with Store.open(path) as store:
        columns = [r[0] for r in store.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'ledger_enterprise_base'"
        ).fetchall()]
        assert "small_micro" in columns


def test_db_path_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HEXIE_DB", str(tmp_path / "elsewhere.duckdb"))
    assert db_path() == tmp_path / "elsewhere.duckdb"
    monkeypatch.delenv("HEXIE_DB")
    assert db_path().name == "hexie.duckdb" and db_path().parent.name == "data"


def test_a_replacing_upload_supersedes_the_same_county_and_period(store):
    first = store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100), base_row(2022, 11, 110)])
    second = store.add_upload(info("enterprise_base", "b.xlsx"), [base_row(2021, 12, 120)])
    assert store.active_rows("enterprise_base").to_dict("records") == [
        {"county": "章贡区", "year": 2022, "large_medium": 11, "small_micro": 110},
        {"county": "章贡区", "year": 2021, "large_medium": 12, "small_micro": 120},
    ]
    statuses = dict(store.uploads()[["id", "status"]].itertuples(index=False))
    assert statuses == {first: "active", second: "active"}  # the first still counts for 2022
    kept = store.conn.execute("SELECT count(*) FROM ledger_enterprise_base").fetchone()[0]
    assert kept == 3  # history is never lost


def test_an_upload_wholly_replaced_is_marked_superseded(store):
    first = store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100)])
    store.add_upload(info("enterprise_base", "b.xlsx"), [base_row(2021, 12, 120)])
    assert store.uploads().set_index("id").loc[first, "status"] == "superseded"


def test_another_county_is_never_overwritten(store):
    store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100)])
    store.add_upload(info("enterprise_base", "b.xlsx", county="于都县"), [base_row(2021, 50, 900, county="于都县")])
    assert store.active_counts() == {"enterprise_base": {"于都县": 1, "章贡区": 1}}


def test_withdraw_and_restore(store):
    first = store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100)])
    second = store.add_upload(info("enterprise_base", "b.xlsx"), [base_row(2021, 12, 120)])
    store.set_upload_status(second, withdrawn=True)
    assert store.active_rows("enterprise_base")["large_medium"].tolist() == [10]
    assert dict(store.uploads()[["id", "status"]].itertuples(index=False)) == {first: "active", second: "withdrawn"}
    store.set_upload_status(second, withdrawn=False)
    assert store.active_rows("enterprise_base")["large_medium"].tolist() == [12]
    assert dict(store.uploads()[["id", "status"]].itertuples(index=False)) == {first: "superseded", second: "active"}


def test_withdrawing_the_only_upload_leaves_nothing_counted(store):
    only = store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100)])
    store.set_upload_status(only, withdrawn=True)
    assert store.active_counts() == {}


@pytest.mark.parametrize(("upload_id", "withdrawn", "message"), [
    (99, True, "没有批次号为 99 的上传记录"),
])
def test_status_change_of_unknown_upload(store, upload_id, withdrawn, message):
    with pytest.raises(LookupError, match=message):
        store.set_upload_status(upload_id, withdrawn)


def test_double_withdraw_and_needless_restore_are_refused(store):
    only = store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100)])
    with pytest.raises(ValueError, match=f"批次 {only} 未被撤回，无需恢复"):
        store.set_upload_status(only, withdrawn=False)
    store.set_upload_status(only, withdrawn=True)
    with pytest.raises(ValueError, match=f"批次 {only} 已经撤回"):
        store.set_upload_status(only, withdrawn=True)


def two_progress_reports(store):
    """m1 reported on 01-06 (done 01-05), then again with m2 on 03-10; returns the first upload's id."""
    first = store.add_upload(info("progress", "p1.xlsx", when=datetime(2021, 1, 6, 9)), [
        {"county": "章贡区", "milestone": "m1", "completed_on": date(2021, 1, 5)},
    ])
    store.add_upload(info("progress", "p2.xlsx", when=datetime(2021, 3, 10, 9)), [
        {"county": "章贡区", "milestone": "m1", "completed_on": date(2021, 1, 9)},
        {"county": "章贡区", "milestone": "m2", "completed_on": date(2021, 3, 9)},
    ])
    return first


def test_appending_ledger_counts_a_repeated_report_once_and_keeps_the_earliest(store):
    first = two_progress_reports(store)
    reports = store.progress_reports()
    assert reports[["county", "milestone"]].values.tolist() == [["章贡区", "m1"], ["章贡区", "m2"]]
    assert reports["completed_on"].dt.date.tolist() == [date(2021, 1, 5), date(2021, 3, 9)]
    store.set_upload_status(first, withdrawn=True)
    assert store.progress_reports()["completed_on"].dt.date.tolist() == [date(2021, 1, 9), date(2021, 3, 9)]


def test_progress_as_of_counts_what_was_done_and_reported_by_then(store):
    first = two_progress_reports(store)
    assert store.progress_reports(as_of=date(2021, 2, 1))["milestone"].tolist() == ["m1"]
    assert store.progress_reports(as_of=date(2021, 3, 9))["milestone"].tolist() == ["m1"]  # m2 arrives on the 10th
    assert store.progress_reports(as_of=date(2021, 3, 10))["milestone"].tolist() == ["m1", "m2"]
    store.set_upload_status(first, withdrawn=True)
    assert store.progress_reports(as_of=date(2021, 2, 1)).empty


def test_a_failed_load_leaves_the_database_unchanged(store):
    store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100)])
    before = (store.active_counts(), store.uploads().to_dict("records"), store.data_version())
    with pytest.raises(ValueError, match=r"^enterprise_base\.large_medium is BIGINT: "):
        store.add_upload(info("enterprise_base", "bad.xlsx"), [base_row(2022, "not a number", 1)])
    assert (store.active_counts(), store.uploads().to_dict("records"), store.data_version()) == before
    # A value that would change on the way in is refused, not cut: 3.5 never becomes 3 large enterprises.
    with pytest.raises(ValueError, match=r"^enterprise_base\.large_medium is BIGINT: Float value 3\.5"):
        store.add_upload(info("enterprise_base", "half.xlsx"), [base_row(2022, 3.5, 1)])
    with pytest.raises(ValueError, match=r"^enterprise_base\.large_medium is BIGINT: bool is not a number$"):
        store.add_upload(info("enterprise_base", "yes.xlsx"), [base_row(2022, True, 1)])
    assert (store.active_counts(), store.uploads().to_dict("records"), store.data_version()) == before


def test_every_write_changes_the_data_version(store):
    store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100)])
    v1 = store.data_version()
    store.set_upload_status(1, withdrawn=True)
    assert store.data_version() == v1 + 1


def test_upload_with_sha_finds_only_live_uploads(store):
    uid = store.add_upload(info("enterprise_base", "a.xlsx", sha="abc"), [base_row(2021, 10, 100)])
    assert store.upload_with_sha("enterprise_base", "abc")["id"] == uid
    assert store.upload_with_sha("coordinator", "abc") is None
    store.set_upload_status(uid, withdrawn=True)
    assert store.upload_with_sha("enterprise_base", "abc") is None


def test_as_of_uses_the_rows_own_dates(store):
    store.add_upload(info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100), base_row(2023, 13, 130)])
    assert store.active_rows("enterprise_base", as_of=date(2022, 6, 30))["year"].tolist() == [2021]
    assert store.active_rows("enterprise_base", county="于都县").empty


def test_a_file_held_by_another_process_is_a_clear_chinese_error(tmp_path):
    import subprocess
    import sys

    from hexie.store import DatabaseBusy

    path = tmp_path / "held.duckdb"
    Store.open(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(path)!r}); print('ready', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseBusy) as err:
            Store.open(path)
        assert str(err.value).startswith(f"数据库文件 {path} 正被另一个程序占用（")
        assert "请在看板的“数据上传”页面操作，或先停止看板服务再使用命令行" in str(err.value)
    finally:
        holder.kill()
        holder.wait()


def test_a_bulk_load_resolves_like_one_upload_at_a_time(tmp_path):
    uploads = [
        (info("enterprise_base", "a.xlsx"), [base_row(2021, 10, 100), base_row(2022, 11, 110)]),
        (info("enterprise_base", "b.xlsx"), [base_row(2021, 12, 120)]),
        (info("enterprise_base", "c.xlsx", county="于都县"), [base_row(2021, 50, 900, county="于都县")]),
        (info("progress", "p1.xlsx"), [{"county": "章贡区", "milestone": "m1", "completed_on": date(2021, 1, 5)}]),
        (info("progress", "p2.xlsx"), [{"county": "章贡区", "milestone": "m1", "completed_on": date(2021, 1, 9)}]),
    ]
    with Store.open(tmp_path / "one.duckdb") as one, Store.open(tmp_path / "bulk.duckdb") as bulk:
        for upload in uploads:
            one.add_upload(*upload)
        assert bulk.add_uploads(uploads) == [1, 2, 3, 4, 5]
        for store in (one, bulk):
            assert dict(store.uploads()[["id", "status"]].itertuples(index=False)) == {
                1: "active", 2: "active", 3: "active", 4: "active", 5: "superseded",
            }
        for key in ("enterprise_base", "progress"):
            assert one.active_rows(key).to_dict("records") == bulk.active_rows(key).to_dict("records")


def test_a_file_that_is_not_a_database_is_a_clear_chinese_error(tmp_path):
    from hexie.cli import main
    from hexie.store import DatabaseUnusable

    path = tmp_path / "台账.xlsx.duckdb"
    path.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(DatabaseUnusable) as err:
        Store.open(path)
    assert str(err.value) == f"{path} 不是本系统的数据库文件（不是 DuckDB 数据库）。请检查 HEXIE_DB 设置或 --db 参数。"
    assert main(["stats", "--db", str(path), "--json"]) == 1
    assert path.read_text(encoding="utf-8") == "这不是数据库"


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    from hexie.store import MIGRATIONS, DatabaseUnusable

    path = tmp_path / "newer.duckdb"
    tamper(path, "INSERT INTO schema_migrations VALUES (99, 'from the future', now())")
    known = max(version for version, _, _ in MIGRATIONS)
    message = f"数据库结构版本 99 比本程序认识的 {known} 新：它由更新版本的看板写入，请升级本程序后再打开。"
    with pytest.raises(DatabaseUnusable, match=message):
        Store.open(path)
