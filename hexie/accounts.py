"""Accounts: a local TOML file outside git, argon2id password hashes, lockout after failed logins, demo accounts."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from hexie.access import (
    ADMIN,
    CLERK,
    ROLE_LABELS,
    ROLES,
    VIEWER,
    AccessDenied,
    User,
    require_admin,
)
from hexie.audit import refusals_recorded
from hexie.geo import UnknownCounty, normalize_county

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_USERS = REPO_ROOT / "data" / "users.toml"
DEMO_USERS = REPO_ROOT / "data" / "demo-users.toml"

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
DEFAULT_IDLE_MINUTES = 30
MIN_PASSWORD_LENGTH = 8
OFF_WORDS = ("0", "off", "false", "no", "否", "关")

# The demo accounts `make run` offers on a demo database: documented in README.md, never valid on real data.
DEMO_ACCOUNTS = (
    ("领导演示", VIEWER, None, "demo-leader"),
    ("于都填报员", CLERK, "于都县", "demo-yudu"),
    ("市级管理员", ADMIN, None, "demo-admin"),
)

_hasher = PasswordHasher()  # argon2id with the library's recommended cost


class AccountError(ValueError):
    """An account change that cannot be made; the message is the Chinese sentence the operator reads."""


class LoginRefused(Exception):
    """A login that failed; the message says why without telling which of name or password was wrong."""


@dataclass(frozen=True)
class Account:
    """One line of the accounts file: the user, the password hash and the lockout state."""

    user: User
    password_hash: str
    disabled: bool = False
    failed_logins: int = 0
    locked_until: datetime | None = None


def demo_mode_setting() -> bool:
    """The HEXIE_DEMO setting: on unless set to 0 / off / false. It only takes effect on a demo database."""
    return os.environ.get("HEXIE_DEMO", "1").strip().lower() not in OFF_WORDS


def idle_minutes() -> int:
    """Minutes without activity after which a session ends ($HEXIE_IDLE_MINUTES, default 30)."""
    text = os.environ.get("HEXIE_IDLE_MINUTES", "")
    return int(text) if text.strip().isdigit() and int(text) > 0 else DEFAULT_IDLE_MINUTES


def users_path(demo: bool = False) -> Path:
    """The accounts file: $HEXIE_USERS when set; in demo mode a separate file, so real accounts never mix with demo ones."""
    if os.environ.get("HEXIE_USERS"):
        return Path(os.environ["HEXIE_USERS"])
    return DEMO_USERS if demo else DEFAULT_USERS


class Accounts:
    """The accounts file: reads, account changes (admins only), password checks and lockouts."""

    def __init__(self, path: str | os.PathLike, audit=None):
        self.path = Path(path)
        # audit(actor_name, action, detail, outcome): where account events are recorded (the store's audit table).
        self.audit = audit or (lambda *_: None)

    # ---- reading ------------------------------------------------------------

    def all(self) -> list[Account]:
        if not self.path.exists():
            return []
        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise AccountError(f"账号文件 {self.path} 格式有误，无法读取：{err}") from None
        return [_account(name, fields) for name, fields in data.get("users", {}).items()]

    def get(self, name: str) -> Account | None:
        return next((a for a in self.all() if a.user.name == name), None)

    def user(self, name: str) -> User:
        """The active user of that name, for the command line's --as; a Chinese error when there is none."""
        account = self.get(name)
        if account is None or account.disabled:
            raise AccessDenied(f"没有名为“{name}”的有效账号（账号文件 {self.path}）。")
        return account.user

    def record_audit(self, actor: str, action: str, upload_id: int | None = None, detail: str = "",
                     outcome: str = "成功") -> None:
        """One line of the audit trail through `audit` (account events name no upload): where refusals_recorded
        writes the refused account changes."""
        self.audit(actor, action, detail, outcome)

    # ---- changes --------------------------------------------------------------

    def add(self, actor: User, name: str, role: str, county: str | None, password: str) -> User:
        """Create an account; only an administrator may (the console counts as one)."""
        with refusals_recorded(self, actor, f"创建账号“{name}”"):
            require_admin(actor, "创建账号")
        name = name.strip()
        if not name:
            raise AccountError("账号名不能为空。")
        if role not in ROLES:
            raise AccountError(f"角色“{role}”不存在，可选：" + "、".join(f"{k}（{v}）" for k, v in ROLE_LABELS.items()))
        if role == CLERK:
            if not county:
                raise AccountError("县区填报员必须用 --county 指定所属县（市、区）。")
            try:
                county = normalize_county(county)
            except UnknownCounty as exc:
                raise AccountError(str(exc)) from None
        elif county:
            raise AccountError(f"{ROLE_LABELS[role]}不属于某个县，请去掉 --county。")
        _check_password(password)
        user = User(name, role, county if role == CLERK else None)
        with self._editing() as accounts:
            if name in accounts:
                raise AccountError(f"账号“{name}”已存在。")
            accounts[name] = Account(user, _hasher.hash(password))
        self.audit(actor.name, "账号创建", f"{user.label}", "成功")
        return user

    def set_password(self, actor: User, name: str, password: str) -> None:
        """Change a password: one's own, or anyone's by an administrator. Unlocks the account."""
        if actor.name != name:
            with refusals_recorded(self, actor, f"修改账号“{name}”的密码"):
                require_admin(actor, "修改他人密码")
        _check_password(password)
        with self._editing() as accounts:
            account = _existing(accounts, name)
            accounts[name] = replace(account, password_hash=_hasher.hash(password), failed_logins=0, locked_until=None)
        self.audit(actor.name, "修改密码", name, "成功")

    def disable(self, actor: User, name: str) -> None:
        """Disable an account: it can no longer log in, and its open sessions end at their next click."""
        with refusals_recorded(self, actor, f"停用账号“{name}”"):
            require_admin(actor, "停用账号")
        if actor.name == name:
            raise AccountError("不能停用自己正在使用的账号。")
        with self._editing() as accounts:
            accounts[name] = replace(_existing(accounts, name), disabled=True)
        self.audit(actor.name, "停用账号", name, "成功")

    def ensure_demo_accounts(self) -> None:
        """Create the documented demo accounts that are missing (demo mode only)."""
        with self._editing() as accounts:
            for name, role, county, password in DEMO_ACCOUNTS:
                if name not in accounts:
                    accounts[name] = Account(User(name, role, county), _hasher.hash(password))

    # ---- logging in -------------------------------------------------------------

    def authenticate(self, name: str, password: str, now: datetime | None = None) -> User:
        """The user when name and password match an active, unlocked account; else LoginRefused.

        Five failures in a row lock the account for 15 minutes. A wrong name is hashed
        against a dummy so it takes as long as a wrong password.
        """
        now = now or datetime.now()
        refusal = "账号或密码不正确。"
        with self._editing() as accounts:
            account = accounts.get(name)
            if account is None:
                _verify(_DUMMY_HASH, password)
                outcome = "账号不存在"
            elif account.disabled:
                outcome, refusal = "账号已停用", "该账号已停用，请联系市级管理员。"
            elif account.locked_until and account.locked_until > now:
                minutes = -int(-(account.locked_until - now).total_seconds() // 60)  # rounded up
                outcome = "账号已锁定"
                refusal = f"该账号因密码连续输错已被锁定，请约 {minutes} 分钟后再试，或联系市级管理员。"
            elif _verify(account.password_hash, password):
                accounts[name] = replace(account, failed_logins=0, locked_until=None)
                outcome = ""
            else:
                failed = account.failed_logins + 1
                locked = now + timedelta(minutes=LOCK_MINUTES) if failed >= MAX_FAILED_LOGINS else None
                accounts[name] = replace(account, failed_logins=0 if locked else failed, locked_until=locked)
                outcome = f"密码错误（连续第 {failed} 次）"
                if locked:
                    outcome += f"，账号锁定 {LOCK_MINUTES} 分钟"
                    refusal = f"密码连续输错 {MAX_FAILED_LOGINS} 次，账号已锁定 {LOCK_MINUTES} 分钟，请稍后再试或联系市级管理员。"
        if not outcome:
            self.audit(name, "登录", "", "成功")
            return account.user
        self.audit(name, "登录失败", outcome, "失败")
        raise LoginRefused(refusal)

    def session_valid(self, user: User, password_hash: str) -> bool:
        """True while the account is active and its password unchanged since the session logged in."""
        account = self.get(user.name)
        return account is not None and not account.disabled and account.password_hash == password_hash

    # ---- the file ---------------------------------------------------------------

    @contextmanager
    def _editing(self) -> Iterator[dict[str, Account]]:
        """Read, change and atomically rewrite the file under an exclusive lock (several server threads and the CLI)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(f"{self.path}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            accounts = {a.user.name: a for a in self.all()}
            before = dict(accounts)
            yield accounts
            if accounts != before:
                tmp = Path(f"{self.path}.tmp")
                tmp.write_text(_toml(accounts.values()), encoding="utf-8")
                os.chmod(tmp, 0o600)
                os.replace(tmp, self.path)


_DUMMY_HASH = _hasher.hash("not a password of anyone")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"密码至少 {MIN_PASSWORD_LENGTH} 位。")


def _existing(accounts: dict[str, Account], name: str) -> Account:
    if name not in accounts:
        raise AccountError(f"没有名为“{name}”的账号。")
    return accounts[name]


def _account(name: str, fields: dict) -> Account:
    locked = fields.get("locked_until") or None
    return Account(
        User(name, fields["role"], fields.get("county") or None),
        fields["password"],
        bool(fields.get("disabled", False)),
        int(fields.get("failed_logins", 0)),
        datetime.fromisoformat(locked) if locked else None,
    )


def _toml(accounts) -> str:
    """The accounts as TOML; json.dumps writes strings TOML reads the same way."""
    lines = ["# 和谐同行看板 accounts: managed by `python -m hexie user ...`; keep this file out of git.", ""]
    for a in accounts:
        lines += [
            f"[users.{json.dumps(a.user.name, ensure_ascii=False)}]",
            f"role = {json.dumps(a.user.role)}",
            f"county = {json.dumps(a.user.county or '', ensure_ascii=False)}",
            f"password = {json.dumps(a.password_hash)}",
            f"disabled = {'true' if a.disabled else 'false'}",
            f"failed_logins = {a.failed_logins}",
            f"locked_until = {json.dumps(a.locked_until.isoformat() if a.locked_until else '')}",
            "",
        ]
    return "\n".join(lines)



def session_record(user: User, stamp: str) -> dict:
    """What a logged-in browser session keeps on the server: who, the password hash it logged in with, last seen."""
    return {"name": user.name, "role": user.role, "county": user.county, "stamp": stamp, "seen": datetime.now()}


class RememberedSessions:
    """Logged-in browsers, by the secret their session cookie holds: reloading the page, or opening a bookmark in the
    same browser, goes on without logging in again.

    Held in the server's memory only, and only as hashes of the secrets: a server restart, logging out, a password
    change, a disabled account or the idle time ends a remembered session. The record is the session's own (see
    session_record), so its last-seen time is the one the idle check reads.
    """

    def __init__(self):
        self._records: dict[str, dict] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _digest(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def issue(self, record: dict) -> str:
        """Remember a logged-in session; returns the secret for its cookie (the record keeps only its hash)."""
        secret = secrets.token_urlsafe(32)
        record["remembered"] = self._digest(secret)
        with self._lock:
            self._records[record["remembered"]] = record
        return secret

    def resume(self, secret: str | None, idle: timedelta, now: datetime | None = None) -> dict | None:
        """The session behind a cookie's secret, unless it is unknown or has been idle longer than `idle`."""
        if not isinstance(secret, str) or not secret:  # no cookie (or, under AppTest, no real request)
            return None
        digest = self._digest(secret)
        with self._lock:
            record = self._records.get(digest)
            if record is not None and (now or datetime.now()) - record["seen"] > idle:
                del self._records[digest]
                record = None
        return record

    def forget(self, record: dict) -> None:
        """End the remembered session of this record (logging out, or the session found invalid)."""
        with self._lock:
            self._records.pop(record.get("remembered", ""), None)


def demo_active(store) -> bool:
    """Demo mode applies only on a demo database: a real database never accepts the public demo passwords."""
    return demo_mode_setting() and store.is_demo()


def accounts_for(store) -> Accounts:
    """The accounts that log in to this database, recording their events in its audit trail."""
    return Accounts(
        users_path(demo_active(store)),
        audit=lambda actor, action, detail, outcome: store.record_audit(actor, action, None, detail, outcome),
    )


def setup_hint(store) -> str | None:
    """The first-administrator instructions when no account exists and demo mode is off, else None."""
    accounts = accounts_for(store)
    if demo_active(store) or accounts.all():
        return None
    return (
        f"尚未创建任何账号（账号文件 {accounts.path}）。请在服务器上运行：\n"
        f"    python -m hexie user add 管理员姓名 --role admin --db {store.path}\n"
        "按提示输入两次密码（至少 8 位），创建第一个市级管理员，然后刷新本页登录。"
    )
