"""审核: per-ledger review settings, the pending list, what changes if an upload is approved, approve and return."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hexie.access import User, require_admin
from hexie.audit import refusals_recorded
from hexie.importer import ImportOptions, Problem, parse_upload
from hexie.ledgers import LEDGERS_BY_KEY
from hexie.store import PENDING, Store
from hexie.templates import export_frame


@dataclass(frozen=True)
class ReviewDiff:
    """An upload against the county's current data for the same ledger and period, with Chinese headings.

    added and removed hold whole rows; changed holds one line per changed value: the row's
    identity, the column, the old value and the new one.
    """

    added: pd.DataFrame
    changed: pd.DataFrame
    removed: pd.DataFrame

    @property
    def summary(self) -> str:
        changed_rows = self.changed["行"].nunique()
        return f"新增 {len(self.added)} 行，修改 {changed_rows} 行，删除 {len(self.removed)} 行"


def set_review(store: Store, user: User, ledger_key: str, on: bool) -> None:
    """Switch review on or off for one ledger's county uploads (administrators only)."""
    with refusals_recorded(store, user, "设置审核"):
        require_admin(user, "设置审核")
    store.set_review_required(ledger_key, on)
    store.record_audit(user.name, "审核设置", None, f"{LEDGERS_BY_KEY[ledger_key].name}：{'需要审核' if on else '无需审核'}")


def pending_uploads(store: Store, user: User) -> pd.DataFrame:
    """Uploads waiting for review, newest first (administrators only)."""
    with refusals_recorded(store, user, "查看待审核的上传"):
        require_admin(user, "审核上传")
    return store.uploads(status=PENDING, limit=1000)


def decide(store: Store, user: User, upload_id: int, approved: bool, comment: str | None = None) -> None:
    """Approve a pending upload, or return it to the clerk with a comment saying what to fix."""
    with refusals_recorded(store, user, "审核通过" if approved else "审核退回", upload_id):
        require_admin(user, "审核上传")
    comment = (comment or "").strip() or None
    if not approved and not comment:
        raise ValueError("退回时请填写退回意见，告诉填报员需要修改什么。")
    store.decide_review(upload_id, approved, user.name, comment)
    store.record_audit(user.name, "审核通过" if approved else "审核退回", upload_id, comment or "")


def review_diff(store: Store, user: User, upload_id: int) -> ReviewDiff:
    """What approving the upload would change in its county's data: rows added, changed and removed."""
    with refusals_recorded(store, user, "查看审核对比", upload_id):
        require_admin(user, "审核上传")
    ledger = LEDGERS_BY_KEY[store.upload(upload_id)["ledger"]]
    new = export_frame(store.upload_rows(upload_id), ledger.key)
    old = export_frame(store.counting_rows_like(upload_id), ledger.key)
    keys = [ledger.column(c).label for c in ledger.identity]
    new_by_key = {_key(row, keys): row for row in new.to_dict("records")}
    old_by_key = {_key(row, keys): row for row in old.to_dict("records")}
    changed = [
        ("，".join(k), label, _text(old_by_key[k][label]), _text(row[label]))
        for k, row in new_by_key.items() if k in old_by_key
        for label in new.columns if _text(old_by_key[k][label]) != _text(row[label])
    ]
    return ReviewDiff(
        added=new.loc[[_key(r, keys) not in old_by_key for r in new.to_dict("records")]].reset_index(drop=True),
        changed=pd.DataFrame(changed, columns=["行", "栏目", "原值", "新值"]),
        removed=old.loc[[_key(r, keys) not in new_by_key for r in old.to_dict("records")]].reset_index(drop=True),
    )


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT else str(value)


def _key(row: dict, keys: list[str]) -> tuple[str, ...]:
    return tuple(_text(row[k]) for k in keys)


def problem_report(store: Store, user: User, upload_id: int, milestones: dict[str, str]) -> tuple[Problem, ...]:
    """The problem report of a pending upload, from its kept original read as it was uploaded."""
    with refusals_recorded(store, user, "查看问题清单", upload_id):
        require_admin(user, "审核上传")
    upload = store.upload(upload_id)
    kept = store.original(upload_id)
    if kept is None:
        return ()
    options = ImportOptions(ledger=upload["ledger"], county=upload["county"], period=upload["period"],
                            milestones=milestones)
    return parse_upload(kept[1], kept[0], options).problems
