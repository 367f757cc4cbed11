"""Who may do what: the three roles and the checks every write and history read makes before it acts."""

from __future__ import annotations

from dataclasses import dataclass

VIEWER, CLERK, ADMIN = "viewer", "county", "admin"
ROLE_LABELS = {VIEWER: "领导", CLERK: "县区填报员", ADMIN: "市级管理员"}
ROLES = tuple(ROLE_LABELS)


class AccessDenied(PermissionError):
    """The acting user's role does not allow this; the message is the Chinese sentence the user reads."""


@dataclass(frozen=True)
class User:
    """The acting user: a name, a role, and for a county clerk the one county they report for."""

    name: str
    role: str
    county: str | None = None

    @property
    def label(self) -> str:
        where = f"·{self.county}" if self.county else ""
        return f"{self.name}（{ROLE_LABELS[self.role]}{where}）"

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def may_upload(self) -> bool:
        return self.role in (CLERK, ADMIN)


# Whoever runs `python -m hexie` on the server can edit the database and the accounts file directly,
# so the console acts as an administrator when no --as is given for city-level scripts.
CONSOLE = User("命令行（本机）", ADMIN)


# The pages beyond the dashboards, and the roles that see them in the navigation.
PAGE_ROLES = {
    "upload": (CLERK, ADMIN),
    "review": (ADMIN,),
    "snapshots": (ADMIN,),
    "audit": (ADMIN,),
}


def may_open(user: User, url_path: str) -> bool:
    """True when the page belongs in this user's navigation (dashboards are everyone's)."""
    return user.role in PAGE_ROLES.get(url_path, ROLES)


def require_admin(user: User, action: str) -> None:
    """Refuse anyone but a city administrator, naming the action in the message."""
    if not user.is_admin:
        raise AccessDenied(f"只有市级管理员可以{action}；当前账号 {user.label} 无此权限。")


def upload_county(user: User, requested: str | None) -> str | None:
    """The county an upload is filed under: a clerk's own county whatever was asked, an admin's choice.

    A viewer may not upload; a clerk who asks for another county is refused.
    """
    if not user.may_upload:
        raise AccessDenied(f"{ROLE_LABELS[user.role]}账号只能查看看板，不能上传、撤回或恢复数据。")
    if user.role == CLERK:
        if requested not in (None, user.county):
            raise AccessDenied(f"县区填报员 {user.name} 只能为{user.county}上传数据，不能为{requested}上传。")
        return user.county
    return requested


def check_county_access(user: User, county: str | None, action: str) -> None:
    """Refuse touching or reading one upload of `county` (None: city level) unless the role covers it."""
    if user.is_admin:
        return
    if user.role == CLERK and county == user.county:
        return
    whose = county or "市本级"
    raise AccessDenied(f"账号 {user.label} 不能{action}{whose}的上传。")


def history_county(user: User, requested: str | None) -> str | None:
    """The county whose upload history the user may read: an admin's choice, a clerk's own county."""
    if user.is_admin:
        return requested
    if user.role == CLERK:
        if requested not in (None, user.county):
            raise AccessDenied(f"县区填报员 {user.name} 只能查看本县（{user.county}）的上传记录，不能查看{requested}的。")
        return user.county
    raise AccessDenied("领导账号可以查看全部看板，但不能查看上传记录和原始文件。")
