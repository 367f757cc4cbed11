"""会议快照 as officials read them: the banner, the uploads changed since, and the target statuses that would differ."""

from __future__ import annotations

from datetime import date

import pandas as pd

from hexie import targets
from hexie.access import User, require_admin
from hexie.audit import refusals_recorded
from hexie.ledgers import LEDGERS_BY_KEY
from hexie.plan import Plan
from hexie.store import Snapshot, Store
from hexie.views import Query

CHANGE_LABELS = {"added": "新增上传", "replaced": "已被新上传替换", "withdrawn": "已撤回"}
CHANGED_HEADINGS = {"change": "变化", "id": "批次号", "ledger": "台账", "county": "县（市、区）", "file_name": "文件",
                    "uploader": "上传人", "uploaded_at": "上传时间", "status_changed_at": "撤回时间"}


def describe(snapshot: Snapshot) -> str:
    """The snapshot as the audit trail names it: name, as-of date, scope."""
    return f"“{snapshot.name}”（截至 {snapshot.as_of:%Y-%m-%d}，{snapshot.county or '全市'}）"


def freeze(store: Store, user: User, name: str, as_of: date, county: str | None, reported: bool = True) -> Snapshot:
    """Freeze the figures of a meeting (administrators only): the snapshot records the uploads that count now."""
    with refusals_recorded(store, user, f"冻结快照“{name}”"):
        require_admin(user, "冻结会议快照")
    snapshot = store.create_snapshot(name, as_of, county, user.name, reported)
    store.record_audit(user.name, "冻结快照", None, describe(snapshot))
    return snapshot


def delete(store: Store, user: User, name: str) -> Snapshot:
    """Delete a meeting snapshot (administrators only; irreversible). The uploads it listed are untouched."""
    with refusals_recorded(store, user, f"删除快照“{name}”"):
        require_admin(user, "删除会议快照")
    snapshot = store.delete_snapshot(name)
    store.record_audit(user.name, "删除快照", None,
                       f"{describe(snapshot)}；{snapshot.created_by} 于 {snapshot.created_at:%Y-%m-%d %H:%M} 冻结")
    return snapshot


LISTING_HEADINGS = {"name": "快照名称", "as_of": "数字截至", "county": "范围", "reading": "读法", "uploads": "计入上传（批）",
                    "created_by": "冻结人", "created_at": "冻结时间"}


def listing(store: Store) -> pd.DataFrame:
    """Every snapshot, newest first, with Chinese headings (the names stay text: they are typed by users)."""
    table = store.snapshots()
    table = table.assign(
        as_of=[f"{d:%Y-%m-%d}" for d in table["as_of"]],
        county=[c if isinstance(c, str) else "全市" for c in table["county"]],
        reading=["按当日已上报的数据" if r else "用现在掌握的全部数据" for r in table["reported"]],
        created_at=[f"{t:%Y-%m-%d %H:%M}" for t in table["created_at"]],
    )
    return table[list(LISTING_HEADINGS)].rename(columns=LISTING_HEADINGS)


def banner(snapshot: Snapshot) -> str:
    """The line every page shows while it is opened 按快照."""
    scope = snapshot.county or "全市"
    return (f"按快照“{snapshot.name}”显示：截至 {snapshot.as_of:%Y年%m月%d日}，{scope}；"
            f"{snapshot.created_by} 于 {snapshot.created_at:%Y-%m-%d %H:%M} 冻结。之后更正或补报的数据不影响本页数字。")


def changed_uploads(changes: pd.DataFrame) -> pd.DataFrame:
    """The uploads changed since a snapshot, with Chinese headings and ledger names."""
    table = changes.assign(change=changes["change"].map(CHANGE_LABELS),
                           ledger=changes["ledger"].map(lambda k: LEDGERS_BY_KEY[k].name))
    return table[list(CHANGED_HEADINGS)].rename(columns=CHANGED_HEADINGS)


def change_summary(changes: pd.DataFrame, differing: pd.DataFrame) -> str:
    """One line: how many uploads were added, replaced, withdrawn since, and how many target statuses would differ."""
    if changes.empty:
        return "快照之后没有新增、替换或撤回的上传：与今天的数据一致。"
    counts = changes["change"].value_counts()
    parts = "、".join(f"{CHANGE_LABELS[k]} {counts[k]} 批" for k in CHANGE_LABELS if k in counts)
    tail = f"今天再看，有 {len(differing)} 项目标的状态会不同。" if len(differing) else "各项目标的状态不变。"
    return f"快照之后数据有变化：{parts}。{tail}"


def status_differences(plan: Plan, frozen: Query, live: Query, as_of: date, county: str | None) -> pd.DataFrame:
    """Targets whose status differs between the snapshot and today's data, as of the snapshot's date
    (both judged by hexie.targets.evaluate, the one target judgement)."""
    now = {r.id: r for r in targets.evaluate(plan, live, as_of, county)}
    rows = [{"目标": then.title, "快照时": then.status_label, "快照时数值": then.headline,
             "今天的数据": now[then.id].status_label, "今天数值": now[then.id].headline}
            for then in targets.evaluate(plan, frozen, as_of, county) if now[then.id].status != then.status]
    return pd.DataFrame(rows, columns=["目标", "快照时", "快照时数值", "今天的数据", "今天数值"])
