"""The command line: a thin layer over the same functions the pages call."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hexie import demo
from hexie.store import DatabaseBusy, Store


def _cmd_init(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if path.exists():
        print(f"数据库已存在：{path}", file=sys.stderr)
        return 1
    Store.open(path).close()
    print(f"已创建空数据库：{path}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if path.exists() and not args.force:
        with Store.open(path) as store:
            if not store.is_demo():
                print(f"{path} 是正式数据库，不能写入演示数据。", file=sys.stderr)
                return 1
        print(f"演示数据库已存在：{path}（加 --force 重新生成）", file=sys.stderr)
        return 1
    if path.exists():
        path.unlink()
        Path(f"{path}.wal").unlink(missing_ok=True)
    with Store.open(path) as store:
        counts = demo.build_demo(store, seed=args.seed, scale=args.scale)
    total = sum(counts.values())
    print(f"已生成演示数据库 {path}：{total} 行（" + "，".join(f"{k} {v}" for k, v in counts.items()) + "）")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hexie", description="和谐同行看板 命令行")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="创建空的正式数据库")
    p.add_argument("--db", required=True)
    p.set_defaults(func=_cmd_init)

    p = sub.add_parser("demo", help="生成演示数据库")
    p.add_argument("--db", required=True)
    p.add_argument("--seed", type=int, default=2020)
    p.add_argument("--scale", type=int, default=1, help="行数放大倍数（性能测试用）")
    p.add_argument("--force", action="store_true", help="覆盖已有的演示数据库")
    p.set_defaults(func=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DatabaseBusy as busy:
        print(busy, file=sys.stderr)
        return 1
