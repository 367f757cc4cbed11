"""The audit trail as administrators read it: the actions it records and the table with Chinese headings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from hexie.access import User, require_admin
from hexie.store import Store

AUDIT_ACTIONS = ("登录", "登录失败", "上传", "撤回", "恢复", "审核通过", "审核退回", "审核设置",
                 "账号创建", "修改密码", "停用账号", "备份", "恢复备份", "冻结快照", "删除快照", "修改值对照", "删除值对照")


def audit_frame(store: Store, user: User, actor: str | None = None, action: str | None = None,
                since: date | None = None, until: date | None = None) -> pd.DataFrame:
    """The audit trail, newest first, with Chinese headings (administrators only)."""
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
    require_admin(user, "备份数据库")
    target = store.backup(directory or store.path.parent / "backups")
    store.record_audit(user.name, "备份", None, str(target))
    return target
