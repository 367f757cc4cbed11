"""Reliability: hostile files, 18 counties uploading at once, a kill mid-upload, a second process, backups.

Each test is bounded in time by an alarm: a hang fails the test instead of stalling `make test`.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import threading
import tracemalloc
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest

from hexie.access import ADMIN, CLERK, User
from hexie.geo import COUNTY_NAMES
from hexie.importer import ImportOptions
from hexie.store import MIGRATIONS, DatabaseUnusable, Store, restore_backup
from hexie.templates import export_workbook
from hexie.uploads import LOADED, ingest_files
from tests.test_importer import HOSTILE, xlsx

ROOT = Path(__file__).resolve().parent.parent
ADMIN_USER = User("管理员", ADMIN)
YUDU = User("于都填报员", CLERK, "于都县")
HEADER = ["县区", "年度", "大中型企业数", "小微企业数"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def bounded(request):
    """Fail a test that runs longer than its bound rather than let it hang."""
    seconds = request.node.get_closest_marker("bound").args[0] if request.node.get_closest_marker("bound") else 120

    def expire(*_):
        raise TimeoutError(f"test exceeded its {seconds} s bound")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def ingest(store, user, name, data, **options):
    return ingest_files(store, [(name, data)], ImportOptions(today=date(2022, 8, 15), **options), user)


def snapshot(store):
    return store.active_counts(), store.table_sizes(), store.uploads().drop(columns=["uploaded_at"]).to_dict("records")


def _wide_sheet() -> bytes:
    """A sheet 16,384 columns wide (a stray note in XFD) whose rows also carry impossible numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    for col, text in enumerate(HEADER, 1):
        sheet.cell(1, col, text)
    sheet.cell(2, 1, "章贡区")
    sheet.cell(2, 2, 2021)
    sheet.cell(2, 3, -10)
    sheet.cell(2, 4, 5)
    sheet.cell(1, 16384, "备注")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# Kinds beyond the importer's own catalogue (tests/test_importer.py HOSTILE), each with the user who sends it.
EXTRA_HOSTILE = {
    "impossible_numbers": (ADMIN_USER, "基数.xlsx", lambda: xlsx(("基数", [HEADER, ["章贡区", 2021, -3, 1.5]], []))),
    "huge_row_count": (ADMIN_USER, "基数.csv", lambda: ("县区,年度,大中型企业数,小微企业数\n" + "章贡区,2021,1,1\n" * 200_001).encode()),
    "sheet_16384_columns_wide": (ADMIN_USER, "基数.xlsx", _wide_sheet),
    "wrong_county_for_a_clerk": (YUDU, "基数.xlsx", lambda: xlsx(("基数", [HEADER, ["瑞金", 2021, 1, 1]], []))),
    "over_the_size_limit": (ADMIN_USER, "基数.xlsx", lambda: b"PK\x03\x04" + b"\x00" * (20 * 1024 * 1024)),
    "binary_junk_named_xlsx": (ADMIN_USER, "台账.xlsx", lambda: bytes(range(256)) * 64),
}
KINDS = {**{k: (ADMIN_USER, v[1], (lambda d=v[0]: d)) for k, v in HOSTILE.items()}, **EXTRA_HOSTILE}


def test_at_least_fifteen_hostile_kinds_are_covered():
    assert len(KINDS) >= 15


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_hostile_file_gets_a_chinese_message_and_changes_nothing(store, kind):
    assert ingest(store, ADMIN_USER, "好.xlsx", xlsx(("基数", [HEADER, ["于都", 2021, 20, 200]], []))).passed
    before = snapshot(store)
    user, name, make = KINDS[kind]
    data = make()
    tracemalloc.start()
    report = ingest(store, user, name, data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert not report.passed
    messages = [p.message for o in report.files for p in o.problems]
    assert messages and all(CHINESE.search(m) for m in messages), messages
    assert snapshot(store) == before
    # Python-side peak while reading: bounded well below the machine, whatever the file claims to hold.
    assert peak < 400 * 1024 * 1024, f"{kind}: peak {peak / 2**20:.0f} MiB"


def test_formula_looking_text_is_stored_and_exported_as_text(store):
    data = "社会组织名称,工作人员数量\n\"=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",3\n".encode()
    report = ingest(store, ADMIN_USER, "社会组织.csv", data, county="于都县", period="2021-05")
    assert report.passed
    frame = store.active_rows("social_org")
    assert frame["name"].tolist() == ['=HYPERLINK("http://x","点我")']
    sheet = openpyxl.load_workbook(io.BytesIO(export_workbook(frame, "social_org"))).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value and str(c.value).startswith("=HYPER"))
    assert cell.data_type == "s"


def _county_file(county: str, year: int, large: int) -> bytes:
    return xlsx(("基数", [HEADER, [county, year, large, large * 10], [county, 2022, large + 1, 1]], []))


@pytest.mark.bound(300)
def test_eighteen_counties_upload_at_once_twice_and_each_ends_with_its_latest_rows(store):
    errors: list[BaseException] = []

    def upload(county: str, round_no: int) -> None:
        try:
            cursor = Store(store.conn.cursor(), store.path)  # as the server does: one cursor per session
            clerk = User(f"{county}填报员", CLERK, county)
            report = ingest(cursor, clerk, f"{county}-{round_no}.xlsx", _county_file(county, 2021, round_no * 100))
            if [o.status for o in report.files] != [LOADED]:
                errors.append(AssertionError(f"{county} round {round_no}: {report.lines()}"))
        except BaseException as exc:  # noqa: BLE001 - every failure, a DuckDB Conflict above all, fails the test
            errors.append(exc)

    for round_no in (1, 2):
        threads = [threading.Thread(target=upload, args=(c, round_no)) for c in COUNTY_NAMES]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert len(store.uploads(limit=1000)) == 36
    base = store.active_rows("enterprise_base")
    assert len(base) == 36  # two years per county, no duplicates
    assert sorted(base.loc[base["year"] == 2021, "large_medium"].unique().tolist()) == [200]
    assert sorted(base.loc[base["year"] == 2022, "large_medium"].unique().tolist()) == [201]
    assert set(base["county"]) == set(COUNTY_NAMES)
    assert set(store.uploads(limit=1000).query("status == 'superseded'")["file_name"]) == {f"{c}-1.xlsx" for c in COUNTY_NAMES}


KILLED_CHILD = """
import sys, time
from datetime import date
from hexie.access import CONSOLE
from hexie.importer import ImportOptions
from hexie.store import Store
from hexie.uploads import ingest_files

def stall(self, tx, ledger, upload_id):
    print("WRITING", flush=True)
    time.sleep(120)

Store._resolve = stall
data = ("社会组织名称,工作人员数量\\n" + "".join(f"协会{i},3\\n" for i in range(50_000))).encode()
options = ImportOptions(county="章贡区", period="2021-05", today=date(2022, 8, 15))
with Store.open(sys.argv[1]) as store:
    report = ingest_files(store, [("big.csv", data)], options, CONSOLE)
print(report.lines()[:3], flush=True)
"""


@pytest.mark.bound(180)
def test_a_process_killed_mid_upload_leaves_earlier_data_intact(tmp_path):
    db = tmp_path / "killed.duckdb"
    with Store.open(db) as store:
        ingest(store, ADMIN_USER, "早.xlsx", xlsx(("基数", [HEADER, ["于都", 2021, 20, 200]], [])))
        before = snapshot(store)
    child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, str(db)], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "WRITING"  # rows inserted, transaction open
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    with Store.open(db) as store:
        assert snapshot(store) == before
        assert store.audit_log()["action"].tolist() == ["上传"]


def test_a_second_process_on_the_same_database_gets_a_chinese_in_use_message(tmp_path):
    db = tmp_path / "held.duckdb"
    path = tmp_path / "基数.xlsx"
    path.write_bytes(xlsx(("基数", [HEADER, ["于都", 2021, 20, 200]], [])))
    with Store.open(db):  # the dashboard holding the file
        done = subprocess.run([sys.executable, "-m", "hexie", "ingest", str(path), "--db", str(db)], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "正被另一个程序占用" in done.stderr and "请在看板的“数据上传”页面操作，或先停止看板服务再使用命令行" in done.stderr
    assert "Traceback" not in done.stderr


def test_backup_and_restore_bring_back_the_same_data(tmp_path, capsys):
    from hexie.cli import main

    db = tmp_path / "live.duckdb"
    with Store.open(db) as store:
        ingest(store, ADMIN_USER, "a.xlsx", xlsx(("基数", [HEADER, ["于都", 2021, 20, 200]], [])))
        kept = snapshot(store)
    assert main(["backup", "--db", str(db), "-o", str(tmp_path / "bk")]) == 0
    copy = Path(capsys.readouterr().out.strip().split("：", 1)[1])
    with Store.open(db) as store:
        ingest(store, ADMIN_USER, "b.xlsx", xlsx(("基数", [HEADER, ["瑞金", 2021, 5, 50]], [])))
    assert main(["restore", "--db", str(db), "--from", str(copy)]) == 0
    assert "恢复前的数据库已另存为" in capsys.readouterr().out
    with Store.open(db) as store:
        assert snapshot(store)[:2] == kept[:2]
        assert store.audit_log()["action"].tolist()[0] == "恢复备份"
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseUnusable, match="不是本系统的数据库备份"):
        restore_backup(junk, db)


def test_a_backup_is_taken_before_a_schema_migration(tmp_path):
    db = tmp_path / "old.duckdb"
    conn = duckdb.connect(str(db))
    conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    version, name, statements = MIGRATIONS[0]
    for statement in statements:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [version, name])
    conn.close()
    Store.open(db).close()
    latest = max(version for version, _, _ in MIGRATIONS)
    backups = list((tmp_path / "backups").glob(f"hexie-before-v{latest}-*.duckdb"))
    assert len(backups) == 1
    old = duckdb.connect(str(backups[0]), read_only=True)
    assert old.execute("SELECT version FROM schema_migrations").fetchall() == [(1,)]
    old.close()
