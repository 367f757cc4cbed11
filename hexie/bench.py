"""Benchmarks: `python -m hexie.bench ingest` times a 50,000-row ledger ingest against pandas + openpyxl reading it."""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from hexie.geo import COUNTY_NAMES
from hexie.importer import ImportOptions
from hexie.ledgers import ledger
from hexie.store import Store
from hexie.uploads import ingest_bytes

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
        with Store.open(Path(tmp) / "bench.duckdb") as store:
            outcome = ingest_bytes(store, path.read_bytes(), path.name, ImportOptions(today=date(2021, 7, 1)), "bench")
        ours = time.perf_counter() - started
        if outcome.row_count != rows:
            raise RuntimeError(f"expected {rows} rows loaded, got {outcome.row_count}: {outcome.problems[:3]}")
        started = time.perf_counter()
        frame = pd.read_excel(path, engine="openpyxl", header=2)
        theirs = time.perf_counter() - started
        if len(frame) != rows:
            raise RuntimeError(f"pandas read {len(frame)} rows, expected {rows}")
    return {"ingest": ours, "pandas_openpyxl_read": theirs, "ratio": theirs / ours}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hexie.bench", description="性能测试")
    parser.add_argument("section", nargs="?", default="ingest", choices=("ingest",))
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args(argv)
    figures = bench_ingest(args.rows)
    print(f"导入 {args.rows} 行×13 列（读取+校验+入库）：{figures['ingest']:.2f} 秒")
    print(f"pandas.read_excel(engine=\"openpyxl\") 仅读取：{figures['pandas_openpyxl_read']:.2f} 秒")
    print(f"倍数：{figures['ratio']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
