"""The command line: a thin layer over the same functions the pages call."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from hexie import demo, snapshots, targets
from hexie.geo import COUNTY_NAMES, UnknownCounty, normalize_county
from hexie.importer import ImportOptions, read_capped
from hexie.ledgers import LEDGERS_BY_KEY
from hexie.plan import load_plan
from hexie.store import STATUS_LABELS, DatabaseUnusable, Store
from hexie.templates import build_template, export_workbook
from hexie.uploads import ingest_files, milestone_titles


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


def _county_option(text: str | None) -> str | None:
    """The uploader's county from --county, or exit with the Chinese message for a wrong name."""
    if text is None:
        return None
    try:
        return normalize_county(text)
    except UnknownCounty as exc:
        raise SystemExit(f"错误：{exc}") from None


def _cmd_ingest(args: argparse.Namespace) -> int:
    county = _county_option(args.county)
    options = ImportOptions(ledger=args.ledger, county=county, period=args.period,
                            milestones=milestone_titles(load_plan()))
    files = [(Path(f).name, read_capped(Path(f), options.limits)) for f in args.files]
    with Store.open(args.db) as store:
        report = ingest_files(store, files, options, args.user, args.valid_rows_only, args.dry_run)
    print("\n".join(report.lines()), file=sys.stdout if report.passed else sys.stderr)
    return 0 if report.passed else 1


def _cmd_stats(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        counts = store.active_counts()
    if args.json:
        print(json.dumps(counts, ensure_ascii=False, sort_keys=True))
    else:
        for key, by_county in counts.items():
            print(f"{LEDGERS_BY_KEY[key].name}：" + "，".join(f"{c} {n}" for c, n in by_county.items()))
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    Path(args.output).write_bytes(build_template(args.ledger, milestone_titles(load_plan())))
    print(f"已生成模板：{args.output}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    county = _county_option(args.county)
    with Store.open(args.db) as store:
        frame = store.active_rows(args.ledger, county)
    Path(args.output).write_bytes(export_workbook(frame, args.ledger))
    print(f"已导出 {len(frame)} 行：{args.output}")
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        history = store.uploads(_county_option(args.county))
    print("批次\t台账\t县（市、区）\t上传人\t文件\t行数\t上传时间\t状态\t填报期")
    for row in history.itertuples(index=False):
        print("\t".join(str(v) for v in (
            row.id, LEDGERS_BY_KEY[row.ledger].name, _text_or(row.county, "全市"), row.uploader, row.file_name,
            row.row_count, f"{row.uploaded_at:%Y-%m-%d %H:%M}", STATUS_LABELS[row.status], _text_or(row.period, ""),
        )))
    return 0


def _cmd_targets(args: argparse.Namespace) -> int:
    county = _county_option(args.county)
    if county is not None and county not in COUNTY_NAMES:
        raise SystemExit(f"错误：--county 须是18个县（市、区）之一，{county}不能代替县（市、区）计入目标")
    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        raise SystemExit(f"错误：--as-of “{args.as_of}”不是日期，应写作 YYYY-MM-DD") from None
    plan = load_plan(args.plan)
    with Store.open(args.db) as store:
        def query(method, day, unit):
            return getattr(store, method)(day, unit, reported=args.as_known)
        results = targets.evaluate(plan, query, as_of, county)
    if args.json:
        print(json.dumps([r.as_json() for r in results], ensure_ascii=False, indent=1))
        return 0
    print(f"{plan.title} · {county or '全市'} · 截至 {as_of:%Y-%m-%d}" + ("（按当日已上报的数据）" if args.as_known else ""))
    for r in results:
        print(f"{r.id}\t{r.title}\t{r.headline}\t{r.status_label}\t{r.reason}")
    return 0


def _text_or(value: object, default: str) -> str:
    """A text cell of a query result, or the default for NULL (which pandas reads as NaN)."""
    return value if isinstance(value, str) else default


def _set_status(args: argparse.Namespace, withdrawn: bool) -> int:
    with Store.open(args.db) as store:
        try:
            store.set_upload_status(args.upload_id, withdrawn=withdrawn)
        except (LookupError, ValueError) as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 1
    print(f"已{'撤回' if withdrawn else '恢复'}批次 {args.upload_id}")
    return 0


def _ledger_key(text: str) -> str:
    if text not in LEDGERS_BY_KEY:
        raise argparse.ArgumentTypeError(f"没有名为“{text}”的台账，可选：{'、'.join(LEDGERS_BY_KEY)}")
    return text


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

    p = sub.add_parser("ingest", help="导入台账文件（.xlsx/.xls/.csv）")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--db", required=True)
    p.add_argument("--ledger", type=_ledger_key, help="台账（不填则自动识别）")
    p.add_argument("--county", help="上传单位所在县（市、区）；不填为全市上传")
    p.add_argument("--period", help="填报期 YYYY-MM（表内与表头都没有时使用）")
    p.add_argument("--user", default="命令行", help="上传人")
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--valid-rows-only", action="store_true", help="只导入无误的行")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("stats", help="各台账各县有效行数")
    p.add_argument("--db", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_stats)

    p = sub.add_parser("targets", help="截至某日全部目标的完成情况（与总览目标卡同一计算）")
    p.add_argument("--db", required=True)
    p.add_argument("--as-of", required=True, metavar="YYYY-MM-DD", help="截至日期")
    p.add_argument("--county", help="只看一个县（市、区）：约束各县、各组织的目标按该县计")
    p.add_argument("--as-known", action="store_true", help="只计截至日期当天已上报的数据（默认用现在掌握的全部数据）")
    p.add_argument("--plan", help="计划文件（默认 $HEXIE_PLAN 或 data/plan/ganzhou-2020.yaml）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_targets)

    p = sub.add_parser("template", help="生成台账的 Excel 模板")
    p.add_argument("ledger", type=_ledger_key, metavar="KEY")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("export", help="导出台账的有效行")
    p.add_argument("--db", required=True)
    p.add_argument("--ledger", type=_ledger_key, required=True)
    p.add_argument("--county")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("history", help="上传记录")
    p.add_argument("--db", required=True)
    p.add_argument("--county")
    p.set_defaults(func=_cmd_history)

    p = sub.add_parser("withdraw", help="撤回一次上传")
    p.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    p.add_argument("--db", required=True)
    p.set_defaults(func=lambda a: _set_status(a, withdrawn=True))

    p = sub.add_parser("restore", help="恢复已撤回的上传")
    p.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    p.add_argument("--db", required=True)
    p.set_defaults(func=lambda a: _set_status(a, withdrawn=False))

    p = sub.add_parser("report", help="会议材料：离线网页、Excel 和 Word 情况通报草稿")
    p.add_argument("--db", required=True)
    when = p.add_mutually_exclusive_group()
    when.add_argument("--as-of", type=_date_option, help="截至日期 YYYY-MM-DD，默认今天（不超出计划期）")
    when.add_argument("--snapshot", metavar="NAME", help="按会议快照：用快照的日期、范围和当时计入的上传")
    p.add_argument("--county", help="县（市、区）版：该县的数字与全市并列")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="写入的文件夹")
    p.set_defaults(func=_cmd_report)

    snapshot = sub.add_parser("snapshot", help="会议快照：冻结会上所示的数字").add_subparsers(dest="action", required=True)
    p = snapshot.add_parser("create", help="冻结快照：记录此刻计入的全部上传（不复制数据）")
    p.add_argument("name", metavar="NAME", help="快照名称，如“2022年6月调度会”")
    p.add_argument("--as-of", type=_date_option, required=True, help="会上所示的截至日期 YYYY-MM-DD")
    p.add_argument("--county", help="会上所示的县（市、区），默认全市")
    p.add_argument("--all-data", action="store_true", help="用现在掌握的全部数据回看当天（默认只计当日已上报的数据）")
    p.add_argument("--db", required=True)
    p.add_argument("--as", dest="actor", required=True, metavar="USER", help="冻结人")
    p.set_defaults(func=_cmd_snapshot_create)
    p = snapshot.add_parser("list", help="全部快照，以及每个快照之后变化的上传")
    p.add_argument("--db", required=True)
    p.set_defaults(func=_cmd_snapshot_list)
    return parser


def _date_option(text: str):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写成 YYYY-MM-DD，例如 2022-06-30：{text}") from None


def _cmd_report(args: argparse.Namespace) -> int:
    from hexie import briefing

    county = _county_option(args.county)
    plan = load_plan()
    with Store.open(args.db) as store:
        reported = False
        if args.snapshot:
            try:
                store = store.frozen(args.snapshot)
            except LookupError as missing:
                print(f"错误：{missing}", file=sys.stderr)
                return 1
            info = store.snapshot_info(args.snapshot)
            as_of, county, reported = info.as_of, county or info.county, info.reported
        else:
            as_of = args.as_of or min(max(date.today(), plan.start), plan.end)
        written = briefing.write_pack(briefing.build(store, plan, as_of, county, reported), Path(args.output))
    for path in written:
        print(path)
    return 0


def _cmd_snapshot_create(args: argparse.Namespace) -> int:
    county = _county_option(args.county)
    with Store.open(args.db) as store:
        try:
            snap = store.create_snapshot(args.name, args.as_of, county, args.actor, reported=not args.all_data)
        except ValueError as refused:
            print(f"错误：{refused}", file=sys.stderr)
            return 1
        count = int(store.snapshots().set_index("name").at[snap.name, "uploads"])
    print(f"已冻结快照“{snap.name}”：截至 {snap.as_of:%Y-%m-%d}，{snap.county or '全市'}，计入 {count} 批上传；冻结人 {snap.created_by}")
    return 0


def _cmd_snapshot_list(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        listed = store.snapshots()
        if listed.empty:
            print("还没有快照。用 python -m hexie snapshot create 名称 --as-of 日期 --db 数据库 --as 冻结人 创建。")
            return 0
        for row in listed.itertuples():
            changes = store.uploads_changed_since(row.name)
            counts = changes["change"].value_counts()
            since = "、".join(f"{label} {counts[k]} 批" for k, label in snapshots.CHANGE_LABELS.items() if k in counts) or "无变化"
            print(f"{row.name}\t截至 {row.as_of:%Y-%m-%d}\t{row.county if isinstance(row.county, str) else '全市'}\t"
                  f"{row.uploads} 批上传\t{row.created_by} {row.created_at:%Y-%m-%d %H:%M}\t之后：{since}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DatabaseUnusable as unusable:
        print(unusable, file=sys.stderr)
        return 1
