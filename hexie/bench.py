"""Benchmarks: `python -m hexie.bench` measures ingest, every analytics read, every page, start-up and memory.

Figures are ratios and medians measured in one run on this machine, printed as a table and written
as JSON; budgets are checked by reading them, never by a timed test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from openpyxl import Workbook

from hexie.access import CONSOLE
from hexie.geo import COUNTY_NAMES
from hexie.importer import ImportOptions, start_server
from hexie.ledgers import ledger
from hexie.plan import default_plan_path
from hexie import demo, site
from hexie.store import ANALYTICS_READS, REPO_ROOT, Store
from hexie.uploads import ingest_files

BENCH_LEDGER = "key_enterprise"


def write_big_ledger(path: Path, rows: int, seed: int = 2020) -> None:
    """A key-enterprise workbook as a city office would send it: title, 填报 line, 13 columns, `rows` rows."""
    rng = random.Random(seed)
    columns = [c for c in ledger(BENCH_LEDGER).columns if c.name != "period"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("重点企业")
    ws.append([ledger(BENCH_LEDGER).name])
    ws.append(["填报单位：赣州市人社局", None, None, None, "填报日期：2021年6月30日"])
    ws.append([c.label for c in columns])
    for i in range(rows):
        last_year = rng.randint(50, 3000)
        planned = rng.choice((0, 0, 0, rng.randint(1, 40)))
        ws.append([
            f"赣州市第{i + 1}号企业有限公司", rng.choice(COUNTY_NAMES), rng.choice(("电子信息", "家具", "纺织", "稀土", "食品")),
            last_year, last_year - rng.randint(0, 40), rng.choice(("失业保险稳岗返还", "以工代训", "")),
            "专人对接，每月走访", planned, min(planned, rng.randint(0, 10)), rng.choice(("", "生产线普工")),
            rng.choice(("已结清", "未结清")), rng.choice(("N+1", "N", "")), rng.choice(("强", "一般", "弱")),
        ])
    wb.save(path)


def bench_ingest(rows: int = 50_000) -> dict[str, float]:
    """Time the whole ingest (read, validate, load into a fresh db) and pandas+openpyxl merely reading; one run each."""
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xlsx"
        write_big_ledger(path, rows)
        started = time.perf_counter()
        start_server()  # as `python -m hexie ingest` does: the parser's server starts while the database opens
        with Store.open(Path(tmp) / "bench.duckdb") as store:
            report = ingest_files(store, [(path.name, path.read_bytes())], ImportOptions(today=date(2021, 7, 1)), CONSOLE)
        ours = time.perf_counter() - started
        outcome = report.files[0]
        if outcome.row_count != rows:
            raise RuntimeError(f"expected {rows} rows loaded, got {outcome.row_count}: {outcome.problems[:3]}")
        started = time.perf_counter()
        frame = pd.read_excel(path, engine="openpyxl", header=2)
        theirs = time.perf_counter() - started
        if len(frame) != rows:
            raise RuntimeError(f"pandas read {len(frame)} rows, expected {rows}")
    return {"ingest": ours, "pandas_openpyxl_read": theirs, "ratio": theirs / ours}


SCALES = (1, 10, 100)
SECTIONS = ("ingest", "metrics", "pages", "server", "sessions")
AS_OF = date(2023, 9, 30)
REPEATS = 5
CHROMIUM = "/usr/bin/chromium"


def _fingerprint() -> str:
    """What a demo database depends on: the generator, the ledger declaration and the plan in use ($HEXIE_PLAN)."""
    sources = [REPO_ROOT / "hexie" / "demo.py", REPO_ROOT / "hexie" / "ledgers.py", default_plan_path()]
    return hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]


def demo_database(folder: Path, scale: int) -> Path:
    """The demo database at a scale, built once and reused by later runs while its sources are unchanged."""
    path = folder / f"demo-scale{scale}-{_fingerprint()}.duckdb"
    if not path.exists():
        partial = path.with_suffix(".building")
        partial.unlink(missing_ok=True)
        with Store.open(partial) as store:
            demo.build_demo(store, seed=2020, scale=scale)
        partial.rename(path)
        Path(f"{partial}.wal").unlink(missing_ok=True)
    return path


def _median_seconds(call, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_metrics(path: Path) -> list[dict]:
    """Median time of every analytics read behind the pages, and the ledger rows it scans."""
    results = []
    with Store.open(path) as store:
        sizes = store.table_sizes()
        for read, ledgers in ANALYTICS_READS.items():
            method = getattr(store, read)
            results.append({
                "read": read,
                "median_ms": 1000 * _median_seconds(lambda: method(AS_OF, None)),
                "rows_scanned": sum(sizes[k] for k in ledgers),
            })
    return results


def page_scripts() -> list[str]:
    """app.py and every page it navigates to, in navigation order."""
    return ["app.py", *(p.script for p in site.ALL_PAGES)]


def bench_pages(path: Path) -> list[dict]:
    """AppTest script-run time of every page for a logged-in administrator (who may open every page): the first run
    (cold caches) and the median of the next runs. The #13 budget is 0.3 s per page at demo scale."""
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    from hexie.accounts import Accounts, session_record
    from hexie.ui import AUTH_KEY

    set_log_level("error")  # AppTest's bare-mode warnings would bury the report

    os.environ["HEXIE_DB"] = str(path)
    results = []
    with tempfile.TemporaryDirectory() as users:
        os.environ["HEXIE_USERS"] = str(Path(users) / "users.toml")
        accounts = Accounts(os.environ["HEXIE_USERS"])
        accounts.ensure_demo_accounts()
        admin = next(a for a in accounts.all() if a.user.role == "admin")
        for script in page_scripts():
            def run_once():
                at = AppTest.from_file(str(REPO_ROOT / script), default_timeout=120)
                at.session_state[AUTH_KEY] = session_record(admin.user, admin.password_hash)
                at.session_state["as_of"] = AS_OF
                at.run()
                if at.exception:
                    raise RuntimeError(f"{script}: {at.exception[0].value}")

            cold = _median_seconds(run_once, repeats=1)
            results.append({"page": script, "cold_s": cold, "median_s": _median_seconds(run_once)})
        del os.environ["HEXIE_USERS"]
    return results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _server(path: Path, users: Path | None = None) -> Iterator[tuple[str, subprocess.Popen, float]]:
    """A dashboard served on a free local port; yields its address, process and the perf_counter it started at.

    Demo mode is on (the bench databases are demo databases), with the demo accounts in `users` when given.
    """
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "hexie.serve", "--server.port", str(port),
         "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=REPO_ROOT, env={**os.environ, "HEXIE_DB": str(path), "HEXIE_DEMO": "1",
                           **({"HEXIE_USERS": str(users)} if users else {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}", process, started
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_healthy(base: str, process: subprocess.Popen, started: float) -> float:
    while True:
        try:
            if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                return time.perf_counter() - started
        except OSError:
            if time.perf_counter() - started > 120 or process.poll() is not None:
                raise RuntimeError("the dashboard did not start") from None
            time.sleep(0.05)


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def bench_server(path: Path) -> dict:
    """Seconds from `streamlit run` to healthy and to the first page drawn; peak server memory after every page."""
    from playwright.sync_api import sync_playwright

    from tools.screenshots import CHROMIUM_ARGS, wait_drawn

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})

        def visit(url: str) -> None:
            page.goto(url)
            wait_drawn(page, settle_ms=0)

        with _server(path) as (base, process, started):
            healthy = _wait_healthy(base, process, started)
            visit(base)
            first_page = time.perf_counter() - started
            for entry in site.ALL_PAGES:
                visit(f"{base}/{entry.url_path}")
            peak = _peak_rss_mb(process.pid)
            browser.close()  # before the server stops: an open session holds its shutdown
    return {"healthy_s": healthy, "first_page_s": first_page, "peak_rss_mb": peak}


# The viewer that the sessions figure logs in as: a leader opening the overview (a demo account of the demo database).
BENCH_VIEWER = ("领导演示", "demo-leader")


class _Session:
    """One browser session spoken through Streamlit's own websocket protocol: what the front end does after loading.

    It opens /_stcore/stream, asks for script runs and receives the page's elements until each run has finished.
    """

    def __init__(self, port: int):
        self.port = port
        self.widgets: dict[str, object] = {}

    def __enter__(self) -> "_Session":
        from websockets.sync.client import connect

        self._connection = connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],
                                   max_size=None, open_timeout=300)
        self.ws = self._connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    def run(self, widget_states: list | None = None) -> None:
        """Ask for a run (with these widget values) and wait until a page has been drawn."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        request = BackMsg()
        request.rerun_script.query_string = ""
        request.rerun_script.widget_states.widgets.extend(widget_states or [])
        self.ws.send(request.SerializeToString())
        elements = 0
        while True:
            message = ForwardMsg()
            message.ParseFromString(self.ws.recv(timeout=300))
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                widget = getattr(element, element.WhichOneof("type") or "", None)
                if getattr(widget, "id", "") and getattr(widget, "label", ""):
                    self.widgets[widget.label] = widget
                elements += 1
            # A run that stopped early (the first visit's switch to app.py, the login's st.rerun) did not finish
            # successfully, or drew nothing: keep waiting for the run that draws the page.
            if kind == "script_finished" and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY and elements:
                return

    def log_in(self, name: str, password: str) -> None:
        """Fill the login form and submit it, as a person at the login page does."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        self.run()
        states = [WidgetState(id=self.widgets["账号"].id, string_value=name),
                  WidgetState(id=self.widgets["密码"].id, string_value=password),
                  WidgetState(id=self.widgets["登录"].id, trigger_value=True)]
        self.widgets.clear()
        self.run(states)
        if "截至日期" not in self.widgets:  # the shared sidebar's date: drawn only for a logged-in session
            raise RuntimeError("the bench could not log in: is the database a demo database with demo mode on?")


def _overview_after_login(port: int) -> tuple[float, float]:
    """One leader's session: seconds to log in and see the overview, then seconds for the overview to be drawn again."""
    with _Session(port) as session:
        started = time.perf_counter()
        session.log_in(*BENCH_VIEWER)
        logged_in = time.perf_counter() - started
        started = time.perf_counter()
        session.run()
        return logged_in, time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def bench_sessions(path: Path, crowd: int = 20) -> dict:
    """A leader's overview for one session, then for `crowd` sessions at the same moment (p50 and p95).

    Each session logs in through the login form first (argon2 check, audit row), then draws the overview once more:
    the second figure is what the meeting's budget is about, the first is what opening the bookmark costs.
    """
    from concurrent.futures import ThreadPoolExecutor

    with tempfile.TemporaryDirectory() as users, _server(path, users=Path(users) / "users.toml") as (base, process, started):
        _wait_healthy(base, process, started)
        port = int(base.rsplit(":", 1)[1])
        _overview_after_login(port)  # the first visitor after start-up: imports, cold caches
        one = [_overview_after_login(port) for _ in range(REPEATS)]
        with ThreadPoolExecutor(crowd) as pool:
            many = list(pool.map(lambda _: _overview_after_login(port), range(crowd)))
    return {
        "crowd": crowd,
        "one_p50_s": statistics.median(t for _, t in one), "crowd_p50_s": _percentile([t for _, t in many], 0.5),
        "crowd_p95_s": _percentile([t for _, t in many], 0.95),
        "login_one_p50_s": statistics.median(t for t, _ in one),
        "login_crowd_p95_s": _percentile([t for t, _ in many], 0.95),
    }


def _machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cores": os.cpu_count(),
        "memory_gb": round(int(total.group(1)) / 1024 / 1024, 1) if total else None,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def _print_report(report: dict) -> None:
    machine = report["machine"]
    print(f"\n和谐同行看板 性能测试 · {machine['date']} · {machine['cores']} 核 {machine['memory_gb']} GB · Python {machine['python']}")
    if "ingest" in report:
        i = report["ingest"]
        print(f"\n导入 {i['rows']} 行×13 列（读取+校验+入库）：{i['ingest']:.2f} 秒，{i['rows'] / i['ingest']:,.0f} 行/秒")
        print(f"pandas.read_excel(engine=\"openpyxl\") 仅读取：{i['pandas_openpyxl_read']:.2f} 秒；倍数 {i['ratio']:.1f}x")
    scales = report["scales"]
    if any("build_s" in s for s in scales.values()):
        print("\n演示数据库：" + "；".join(
            f"×{k} {v['rows']:,} 行" + (f"（生成 {v['build_s']:.0f} 秒）" if v.get("build_s") else "") for k, v in scales.items()
        ))
    keys = list(scales)
    if keys and all("metrics" in s for s in scales.values()):
        print("\n分析查询（中位数毫秒 / 扫描行数）")
        print(f"{'查询':<34}" + "".join(f"{'×' + k:>22}" for k in keys))
        for n, row in enumerate(scales[keys[0]]["metrics"]):
            cells = "".join(f"{scales[k]['metrics'][n]['median_ms']:>10.1f} ms {scales[k]['metrics'][n]['rows_scanned']:>8,}" for k in keys)
            print(f"{row['read']:<34}{cells}")
    if keys and all("pages" in s for s in scales.values()):
        print("\n页面脚本运行（AppTest，首次 / 之后中位数，秒）")
        print(f"{'页面':<28}" + "".join(f"{'×' + k:>18}" for k in keys))
        for n, row in enumerate(scales[keys[0]]["pages"]):
            cells = "".join(f"{scales[k]['pages'][n]['cold_s']:>9.2f} / {scales[k]['pages'][n]['median_s']:<6.2f}" for k in keys)
            print(f"{row['page']:<28}{cells}")
    if keys and all("server" in s for s in scales.values()):
        print("\n服务进程（启动到健康 / 到首页画完，秒；访问全部页面后的峰值内存）")
        for k in keys:
            s = scales[k]["server"]
            print(f"×{k:<5} {s['healthy_s']:.2f} s / {s['first_page_s']:.2f} s；峰值内存 {s['peak_rss_mb']:.0f} MB")


def _print_sessions(scales: dict) -> None:
    if not scales or not all("sessions" in s for s in scales.values()):
        return
    print("\n领导同时打开总览（经真实服务的 websocket 协议，每个会话先登录；秒）：1 个会话中位数 / 多个会话同时 p50 / p95"
          "（预算 p95 ≤ 2 s）；登录到总览画完另列")
    for k, v in scales.items():
        s = v["sessions"]
        print(f"×{k:<5} 总览 1 个 {s['one_p50_s']:.2f} s；{s['crowd']} 个同时 p50 {s['crowd_p50_s']:.2f} s / p95 {s['crowd_p95_s']:.2f} s"
              f"；登录 1 个 {s['login_one_p50_s']:.2f} s，{s['crowd']} 个同时 p95 {s['login_crowd_p95_s']:.2f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hexie.bench", description="性能测试：导入、分析查询、页面、启动和内存")
    parser.add_argument("sections", nargs="*", metavar="SECTION",
                        help=f"要测的部分，默认全部：{' '.join(SECTIONS)}")
    parser.add_argument("--scales", type=int, nargs="+", default=list(SCALES))
    parser.add_argument("--rows", type=int, default=50_000, help="导入测试的行数")
    parser.add_argument("--folder", default=str(REPO_ROOT / "bench-data"), help="演示数据库的存放目录（可重复使用）")
    args = parser.parse_args(argv)
    args.sections = args.sections or list(SECTIONS)
    unknown = sorted(set(args.sections) - set(SECTIONS))
    if unknown:
        parser.error(f"没有这一部分：{'、'.join(unknown)}（可选：{' '.join(SECTIONS)}）")
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    report: dict = {"machine": _machine(), "scales": {}}
    if "ingest" in args.sections:
        report["ingest"] = {"rows": args.rows, **bench_ingest(args.rows)}
    needs_server = "server" in args.sections and Path(CHROMIUM).exists()
    if "server" in args.sections and not needs_server:
        print("未找到 /usr/bin/chromium：跳过启动和内存测试（apt-get install chromium fonts-noto-cjk）", file=sys.stderr)
    for scale in args.scales:
        if not {"metrics", "pages", "server", "sessions"} & set(args.sections):
            break
        started = time.perf_counter()
        existed = (folder / f"demo-scale{scale}-{_fingerprint()}.duckdb").exists()
        path = demo_database(folder, scale)
        entry: dict = {"build_s": None if existed else time.perf_counter() - started}
        with Store.open(path) as store:
            entry["rows"] = sum(sum(c.values()) for c in store.active_counts().values())
        if "metrics" in args.sections:
            entry["metrics"] = bench_metrics(path)
        if needs_server:  # before the pages: their AppTest runs keep a connection open in this process
            entry["server"] = bench_server(path)
        if "sessions" in args.sections:
            entry["sessions"] = bench_sessions(path)
        if "pages" in args.sections:
            entry["pages"] = bench_pages(path)
        report["scales"][str(scale)] = entry
        print(f"×{scale} 完成", file=sys.stderr)
    _print_report(report)
    _print_sessions(report["scales"])
    out = folder / "results.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\n结果已写入 {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
