"""The audit trail: the actions it records, refused attempts recorded as 拒绝, and the table administrators read."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Protocol

import pandas as pd

from hexie.access import AccessDenied, User, require_admin
from hexie.store import Store

logger = logging.getLogger(__name__)

AUDIT_ACTIONS = ("登录", "登录失败", "拒绝", "上传", "撤回", "恢复", "审核通过", "审核退回", "审核设置",
                 "账号创建", "修改密码", "停用账号", "备份", "恢复备份", "冻结快照", "删除快照", "修改值对照", "删除值对照")


class AuditTrail(Protocol):
    """Where audit lines go: the Store, or the accounts file's callback into it."""

    def record_audit(self, actor: str, action: str, upload_id: int | None = None, detail: str = "",
                     outcome: str = "成功") -> None: ...


@contextmanager
def refusals_recorded(trail: AuditTrail, user: User, action: str, upload_id: int | None = None) -> Iterator[None]:
    """Record an AccessDenied raised inside as 拒绝 (who, what they tried, why not, the upload), then let it go on
    unchanged: every access check in hexie and the pages runs inside one (an architecture test keeps it so). The one
    refusal not recorded is `--as` naming an account that does not exist or is disabled: there is no actor to name.

    `action` is what the user tried, in Chinese (撤回, 下载原始文件, 删除快照“6月调度会”).
    """
    try:
        yield
    except AccessDenied as denied:
        try:
            trail.record_audit(user.name, "拒绝", upload_id, f"{action}：{denied}", "拒绝")
        except Exception:
            # The user must still read why they were refused, not why the trail could not take a line
            # (a read-only database, a closed connection); the operator finds the failure in the log.
            logger.exception("could not record the refusal of %s to %s", user.name, action)
        raise


def audit_frame(store: Store, user: User, actor: str | None = None, action: str | None = None,
                since: date | None = None, until: date | None = None) -> pd.DataFrame:
    """The audit trail, newest first, with Chinese headings (administrators only)."""
    with refusals_recorded(store, user, "查看审计日志"):
        require_admin(user, "查看审计日志")
    log = store.audit_log(actor, action, since, until)
    return pd.DataFrame({
        "序号": log["id"],
        "时间": log["happened_at"].map(lambda t: f"{t:%Y-%m-%d %H:%M:%S}"),
        "操作人": log["actor"],
        "操作": log["action"],
        "批次": log["upload_id"].map(lambda i: "" if pd.isna(i) else str(int(i))),
        "内容": log["detail"],
        "结果": log["outcome"],
    })


def backup_database(store: Store, user: User, directory: str | Path | None = None) -> Path:
    """A consistent copy of the database (administrators only), by default in backups/ beside the file."""
    with refusals_recorded(store, user, "备份数据库"):
        require_admin(user, "备份数据库")
    target = store.backup(directory or store.path.parent / "backups")
    store.record_audit(user.name, "备份", None, str(target))
    return target
