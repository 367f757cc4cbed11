"""Run the importer over a corpus of real workbooks (a reader project's test files) and list any that make it raise.

Usage: python -m tools.reader_corpus FOLDER ... [--json OUT]   (from the repository root)

The bar (issue #12) is no traceback: every file comes back as parsed rows or as a refusal with a Chinese message.
The corpus is not in this repository; calamine's test files (MIT licence) are one such corpus:
    git clone --depth 1 https://github.com/tafia/calamine && python -m tools.reader_corpus calamine/tests
Each file is parsed in this process (not the capped worker), so a raise shows its own traceback here.
Exit status 1 when any file raised.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections import Counter
from datetime import date
from pathlib import Path

from hexie.importer import ImportOptions
from hexie.importer.parse import parse_upload

EXTENSIONS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".htm", ".html", ".xml"}
OPTIONS = ImportOptions(today=date(2023, 9, 30))


def run_one(path: Path) -> dict:
    """One file's outcome: parsed (a ledger found), refused (the first problem's message) or raised (the traceback)."""
    started = time.perf_counter()
    try:
        result = parse_upload(path.read_bytes(), path.name, OPTIONS)
    except Exception:  # noqa: BLE001 - the point of the run is to catch every raise
        outcome, detail = "raised", traceback.format_exc()
    else:
        problems = [p for p in result.problems if p.row is None]
        if result.ledger and result.row_count:
            outcome, detail = "parsed", f"{result.ledger}：{result.row_count} 行"
        else:
            outcome, detail = "refused", problems[0].message if problems else "没有可导入的行"
    return {"file": str(path), "outcome": outcome, "detail": detail, "seconds": round(time.perf_counter() - started, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="用真实工作簿语料检验导入程序：任何文件都不得引发未处理的异常")
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--json", type=Path, help="把逐个文件的结果写入此 JSON 文件")
    args = parser.parse_args(argv)
    files = sorted(p for folder in args.folders for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
    results = [run_one(path) for path in files]
    counts = Counter((Path(r["file"]).suffix.lower(), r["outcome"]) for r in results)
    print(f"{len(files)} 个文件")
    for (suffix, outcome), n in sorted(counts.items()):
        print(f"  {suffix:<6} {outcome:<8} {n}")
    slowest = max(results, key=lambda r: r["seconds"], default=None)
    if slowest:
        print(f"最慢：{slowest['file']} {slowest['seconds']} 秒")
    raised = [r for r in results if r["outcome"] == "raised"]
    for r in raised:
        print(f"\n引发异常：{r['file']}\n{r['detail']}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if raised else 0


if __name__ == "__main__":
    raise SystemExit(main())
