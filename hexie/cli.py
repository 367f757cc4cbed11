"""The command line: a thin layer over the same functions the pages call."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from datetime import date
from pathlib import Path

from hexie import demo, snapshots, targets
from hexie.access import CONSOLE, ROLE_LABELS, ROLES, AccessDenied, User, require_admin
from hexie.accounts import AccountError, accounts_for
from hexie.audit import backup_database, refusals_recorded
from hexie.completeness import completeness
from hexie.geo import COUNTY_NAMES, UnknownCounty, normalize_county
from hexie.importer import ImportOptions, ValueMatch, read_capped, start_server
from hexie.ledgers import LEDGERS_BY_KEY
from hexie.plan import load_plan
from hexie.review import decide, pending_uploads, review_diff, set_review
from hexie.store import STATUS_LABELS, DatabaseUnusable, Store, db_path, restore_backup
from hexie.templates import build_template, export_workbook
from hexie.uploads import history, ingest_files, milestone_titles, original_file, set_withdrawn


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


def _acting_user(args: argparse.Namespace, store: Store) -> User:
    """The account named by --as (its role's rules apply), or the console's administrator for city-level scripts."""
    return accounts_for(store).user(args.as_user) if args.as_user else CONSOLE


def _cmd_ingest(args: argparse.Namespace) -> int:
    county = _county_option(args.county)
    files = [(Path(f).name, read_capped(Path(f), ImportOptions().limits)) for f in args.files]
    start_server()  # the parser's server starts while the database opens
    with Store.open(args.db) as store:
        user = _acting_user(args, store)
        options = ImportOptions(ledger=args.ledger, county=county, period=args.period,
                                milestones=milestone_titles(load_plan()), value_matches=tuple(args.map))
        report = ingest_files(store, files, options, user, args.valid_rows_only, args.dry_run)
    print("\n".join(report.lines()), file=sys.stdout if report.passed else sys.stderr)
    return 0 if report.passed else 1


def _cmd_history(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        rows = history(store, _acting_user(args, store), _county_option(args.county))
    _print_uploads(rows)
    return 0


def _print_uploads(rows) -> None:
    print("批次\t台账\t县（市、区）\t上传人\t文件\t行数\t上传时间\t状态\t填报期\t审核意见")
    for row in rows.itertuples(index=False):
        print("\t".join(str(v) for v in (
            row.id, LEDGERS_BY_KEY[row.ledger].name, _text_or(row.county, "全市"), row.uploader, row.file_name,
            row.row_count, f"{row.uploaded_at:%Y-%m-%d %H:%M}", STATUS_LABELS[row.status], _text_or(row.period, ""),
            _text_or(row.review_comment, ""),
        )))


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
    if not withdrawn and args.backup:
        return _restore_backup(args)
    if args.upload_id is None:
        raise ValueError("请给出要恢复的批次号，或用 --from 指定要恢复的数据库备份。")
    with Store.open(args.db) as store:
        set_withdrawn(store, _acting_user(args, store), args.upload_id, withdrawn)
    print(f"已{'撤回' if withdrawn else '恢复'}批次 {args.upload_id}")
    return 0


def _restore_backup(args: argparse.Namespace) -> int:
    if args.upload_id is not None:
        raise ValueError("恢复批次和恢复数据库备份不能同时进行：请只给批次号，或只给 --from。")
    kept = restore_backup(args.backup, args.db)
    with Store.open(args.db) as store:
        store.record_audit(CONSOLE.name, "恢复备份", None, f"{args.backup}；原数据库另存为 {kept}")
    print(f"已用备份 {args.backup} 恢复数据库 {args.db}" + (f"；恢复前的数据库已另存为 {kept}" if kept else ""))
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        target = backup_database(store, _acting_user(args, store), args.output)
    print(f"已备份：{target}")
    return 0


def _cmd_original(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        name, data = original_file(store, _acting_user(args, store), args.upload_id)
    target = Path(args.output) if args.output else Path(name)
    target.write_bytes(data)
    print(f"已保存批次 {args.upload_id} 的原始文件：{target}（{len(data)} 字节）")
    return 0


def _cmd_review(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        set_review(store, _acting_user(args, store), args.ledger, args.switch == "on")
    state = "县区上传须经市级管理员审核后计入" if args.switch == "on" else "县区上传直接计入"
    print(f"{LEDGERS_BY_KEY[args.ledger].name}：{state}")
    return 0


def _cmd_pending(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        user = _acting_user(args, store)
        rows = pending_uploads(store, user)
        if rows.empty:
            print("没有待审核的上传。")
            return 0
        _print_uploads(rows)
        for upload_id in rows["id"]:
            print(f"批次 {upload_id}：{review_diff(store, user, int(upload_id)).summary}")
    return 0


def _cmd_decide(args: argparse.Namespace, approved: bool) -> int:
    with Store.open(args.db) as store:
        decide(store, _acting_user(args, store), args.upload_id, approved, getattr(args, "comment", None))
    print(f"批次 {args.upload_id} 已{'审核通过，数据计入看板' if approved else '退回填报员'}")
    return 0


def _cmd_completeness(args: argparse.Namespace) -> int:
    duties = load_plan(args.plan).reporting
    with Store.open(args.db) as store:
        cells = completeness(store, _acting_user(args, store), duties, args.as_of, _county_option(args.county))
    if args.json:
        print(json.dumps([{"unit": c.unit, "ledger": c.ledger, "period": c.period, "due": c.due.isoformat(),
                           "status": c.status, "days_overdue": c.days_overdue} for c in cells], ensure_ascii=False))
        return 0
    print("县（市、区）\t台账\t期次\t截止日期\t状态")
    for c in cells:
        print(f"{c.unit}\t{LEDGERS_BY_KEY[c.ledger].name}\t{c.period}\t{c.due:%Y-%m-%d}\t{c.label}")
    return 0


def _password(prompt: str) -> str:
    """A password typed twice at a terminal, or the first line of standard input when it is not one."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(prompt)
    if getpass.getpass("再输入一次：") != first:
        raise AccountError("两次输入的密码不一致。")
    return first


def _cmd_user(args: argparse.Namespace) -> int:
    with Store.open(args.db or db_path()) as store:
        accounts = accounts_for(store)
        actor = _acting_user(args, store)
        if args.action == "list":
            with refusals_recorded(store, actor, "查看账号列表"):
                require_admin(actor, "查看账号列表")
            print("账号\t角色\t所属县（市、区）\t状态")
            for a in accounts.all():
                state = "已停用" if a.disabled else "已锁定" if a.locked_until else "正常"
                print(f"{a.user.name}\t{ROLE_LABELS[a.user.role]}\t{a.user.county or ''}\t{state}")
            print(f"（账号文件：{accounts.path}）")
            return 0
        if not args.name:
            raise AccountError("请给出账号名。")
        if args.action == "add":
            user = accounts.add(actor, args.name, args.role or "", args.county, _password("新账号密码："))
            print(f"已创建账号 {user.label}")
        elif args.action == "passwd":
            accounts.set_password(actor, args.name, _password("新密码："))
            print(f"已修改 {args.name} 的密码")
        else:
            accounts.disable(actor, args.name)
            print(f"已停用账号 {args.name}")
    return 0


def _value_match(text: str) -> ValueMatch:
    """--map "栏目:原值=标准值" (an empty right side means 留空)."""
    column, colon, rest = text.replace("：", ":", 1).partition(":")
    raw, equals, canonical = rest.partition("=")
    if not (colon and equals and column.strip() and raw.strip()):
        raise argparse.ArgumentTypeError(f"值对照“{text}”的格式应为 栏目:原值=标准值（标准值留空表示该格留空）")
    return ValueMatch(column.strip(), raw.strip(), canonical.strip() or None)


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
    _as_option(p)
    p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    p.add_argument("--valid-rows-only", action="store_true", help="只导入无误的行")
    p.add_argument("--map", type=_value_match, action="append", default=[], metavar="栏目:原值=标准值",
                   help="值对照（可重复）：把某栏的原值当作标准值，标准值为空表示留空；确认后按上传单位记住")
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
    _plan_option(p)
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
    _as_option(p)
    p.set_defaults(func=_cmd_history)

    _upload_command(sub, "withdraw", "撤回一次上传", lambda a: _set_status(a, withdrawn=True))

    p = sub.add_parser("restore", help="恢复已撤回的上传；或用 --from 从备份恢复整个数据库")
    p.add_argument("upload_id", type=int, metavar="UPLOAD_ID", nargs="?")
    p.add_argument("--db", required=True)
    p.add_argument("--from", dest="backup", metavar="BACKUP", help="用这个备份文件替换数据库（原数据库先另存）")
    _as_option(p)
    p.set_defaults(func=lambda a: _set_status(a, withdrawn=False))

    p = sub.add_parser("backup", help="把数据库完整备份到目录")
    p.add_argument("--db", required=True)
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    _as_option(p)
    p.set_defaults(func=_cmd_backup)

    p = _upload_command(sub, "original", "下载一次上传的原始文件", _cmd_original)
    p.add_argument("-o", "--output", help="保存为（默认用原文件名）")

    p = sub.add_parser("review", help="设置某台账的县区上传是否须经审核")
    p.add_argument("ledger", type=_ledger_key, metavar="KEY")
    p.add_argument("switch", choices=("on", "off"))
    p.add_argument("--db", required=True)
    _as_option(p)
    p.set_defaults(func=_cmd_review)

    p = sub.add_parser("pending", help="待审核的上传及其与现有数据的差异")
    p.add_argument("--db", required=True)
    _as_option(p)
    p.set_defaults(func=_cmd_pending)

    _upload_command(sub, "approve", "审核通过一次上传", lambda a: _cmd_decide(a, approved=True))
    p = _upload_command(sub, "return", "退回一次上传（须写退回意见）", lambda a: _cmd_decide(a, approved=False))
    p.add_argument("--comment", required=True, help="退回意见")

    p = sub.add_parser("completeness", help="催报：各县各台账各期次 已报/待审/退回/未报/逾期")
    p.add_argument("--db", required=True)
    p.add_argument("--as-of", type=_date_option, required=True, help="截至日期 YYYY-MM-DD")
    p.add_argument("--county")
    _plan_option(p)
    p.add_argument("--json", action="store_true")
    _as_option(p)
    p.set_defaults(func=_cmd_completeness)

    p = sub.add_parser("user", help="账号管理：add 新建 / passwd 改密码 / disable 停用 / list 列出")
    p.add_argument("action", choices=("add", "passwd", "disable", "list"))
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--role", choices=ROLES, help="viewer 领导 / county 县区填报员 / admin 市级管理员")
    p.add_argument("--county", help="县区填报员所属县（市、区）")
    p.add_argument("--db", help="记录审计日志的数据库（默认 HEXIE_DB 或 data/hexie.duckdb）")
    _as_option(p)
    p.set_defaults(func=_cmd_user)

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
    _as_option(p)
    p.set_defaults(func=_cmd_snapshot_create)
    p = snapshot.add_parser("list", help="全部快照，以及每个快照之后变化的上传")
    p.add_argument("--db", required=True)
    p.set_defaults(func=_cmd_snapshot_list)
    p = snapshot.add_parser("delete", help="删除快照（只限市级管理员，记入审计日志，不能撤销）")
    p.add_argument("name", metavar="NAME", help="快照名称")
    p.add_argument("--db", required=True)
    _as_option(p)
    p.set_defaults(func=_cmd_snapshot_delete)
    return parser


def _upload_command(sub, name: str, help: str, func) -> argparse.ArgumentParser:
    """A subcommand acting on one upload: its batch number, --db and --as."""
    p = sub.add_parser(name, help=help)
    p.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    p.add_argument("--db", required=True)
    _as_option(p)
    p.set_defaults(func=func)
    return p


def _plan_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", help="计划文件（默认 $HEXIE_PLAN 或 data/plan/ganzhou-2020.yaml）")


def _as_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="as_user", metavar="USER",
                   help="以该账号的身份操作，按其角色检查权限（不填则为本机管理员，用于市级脚本）")


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
        snap = snapshots.freeze(store, _acting_user(args, store), args.name, args.as_of, county, reported=not args.all_data)
        count = int(store.snapshots().set_index("name").at[snap.name, "uploads"])
    print(f"已冻结快照“{snap.name}”：截至 {snap.as_of:%Y-%m-%d}，{snap.county or '全市'}，计入 {count} 批上传；冻结人 {snap.created_by}")
    return 0


def _cmd_snapshot_delete(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        snap = snapshots.delete(store, _acting_user(args, store), args.name)
    print(f"已删除快照“{snap.name}”（截至 {snap.as_of:%Y-%m-%d}，{snap.county or '全市'}）；已记入审计日志")
    return 0


def _cmd_snapshot_list(args: argparse.Namespace) -> int:
    with Store.open(args.db) as store:
        listed = store.snapshots()
        if listed.empty:
            print("还没有快照。市级管理员用 python -m hexie snapshot create 名称 --as-of 日期 --db 数据库 --as 账号 创建。")
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
    except (AccessDenied, AccountError, LookupError, ValueError) as refused:
        print(f"错误：{refused}", file=sys.stderr)
        return 1
