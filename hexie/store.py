"""The DuckDB store: the only module that opens the database and the only home of SQL."""

from __future__ import annotations

import logging
import os
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import duckdb
import pandas as pd
import pyarrow as pa

from hexie.ledgers import APPEND, LEDGERS, LEDGERS_BY_KEY, Column, Ledger

logger = logging.getLogger(__name__)
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "data" / "hexie.duckdb"

# Extensions are never downloaded: the product runs on offline laptops.
CONNECT_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}

ACTIVE, SUPERSEDED, WITHDRAWN = "active", "superseded", "withdrawn"
# Uploads waiting for review (审核), and those the reviewer returned: their rows never count.
PENDING, RETURNED = "pending", "returned"
LIVE_SQL = f"('{ACTIVE}', '{SUPERSEDED}')"  # the statuses whose rows may count
# Every analytics read behind the pages (each called as read(as_of, county, reported=...)) and the ledgers it scans;
# the benchmark times each one.
ANALYTICS_READS: dict[str, tuple[str, ...]] = {
    "progress_reports": ("progress",),
    "social_org_summary": ("social_org",),
    "social_org_selections": ("social_org",),
    "coordinator_summary": ("coordinator",),
    "gold_coordinators_by_year": ("coordinator",),
    "enterprise_base": ("enterprise_base",),
    "mediation_org_summary": ("mediation_org",),
    "mediation_org_selections": ("mediation_org",),
    "mediation_org_names": ("mediation_org",),
    "mediators_by_org": ("mediator",),
    "mediation_by_org_year": ("mediation_stats",),
    "mediation_by_month": ("mediation_stats",),
    "key_enterprises": ("key_enterprise",),
    "new_enterprise_services": ("new_enterprise",),
    "new_enterprise_firsts": ("new_enterprise",),
    "harmonious_summary": ("harmonious",),
    "wage_summary": ("wage_survey",),
    "wage_firsts": ("wage_survey",),
}

STATUS_LABELS = {ACTIVE: "有效", SUPERSEDED: "已被替换", WITHDRAWN: "已撤回", PENDING: "待审核", RETURNED: "已退回"}

_write_locks: dict[str, threading.Lock] = {}
_write_locks_guard = threading.Lock()

SYSTEM_COLUMNS = (
    ("upload_id", "BIGINT NOT NULL"),
    ("source_row", "INTEGER"),
    ("active", "BOOLEAN NOT NULL DEFAULT TRUE"),
    ("superseded_by", "BIGINT"),
)

# Each migration: version, name, and its steps: SQL statements, or functions of the connection for a step that
# depends on what the file holds.
MIGRATIONS: tuple[tuple[int, str, tuple[str | Callable[[duckdb.DuckDBPyConnection], None], ...]], ...] = (
    (
        1,
        "meta, uploads and the upload id sequence",
        (
            "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
            "CREATE SEQUENCE IF NOT EXISTS upload_ids START 1",
            """CREATE TABLE IF NOT EXISTS uploads (
                id BIGINT PRIMARY KEY,
                ledger VARCHAR NOT NULL,
                county VARCHAR,
                uploader VARCHAR,
                file_name VARCHAR,
                sha256 VARCHAR,
                row_count INTEGER NOT NULL,
                uploaded_at TIMESTAMP NOT NULL,
                status VARCHAR NOT NULL,
                period VARCHAR,
                period_source VARCHAR,
                status_changed_at TIMESTAMP
            )""",
        ),
    ),
    (
        2,
        "review, original files and the audit trail",
        (
            "ALTER TABLE uploads ADD COLUMN review_comment VARCHAR",
            "ALTER TABLE uploads ADD COLUMN reviewed_by VARCHAR",
            "ALTER TABLE uploads ADD COLUMN reviewed_at TIMESTAMP",
            "CREATE TABLE IF NOT EXISTS originals (upload_id BIGINT PRIMARY KEY, file_name VARCHAR, content BLOB)",
            "CREATE SEQUENCE IF NOT EXISTS audit_ids START 1",
            """CREATE TABLE IF NOT EXISTS audit (
                id BIGINT PRIMARY KEY,
                happened_at TIMESTAMP NOT NULL,
                actor VARCHAR NOT NULL,
                action VARCHAR NOT NULL,
                upload_id BIGINT,
                detail VARCHAR,
                outcome VARCHAR
            )""",
        ),
    ),
)


# Version 3: meeting snapshots (#13), after 2 (accounts, review, audit: #11).
MIGRATIONS += (
    (
        3,
        "meeting snapshots: the set of uploads that counted when the figures of a meeting were frozen",
        (
            """CREATE TABLE IF NOT EXISTS snapshots (
                name VARCHAR PRIMARY KEY,
                as_of DATE NOT NULL,
                county VARCHAR,
                reported BOOLEAN NOT NULL,
                created_by VARCHAR NOT NULL,
                created_at TIMESTAMP NOT NULL
            )""",
            "CREATE TABLE IF NOT EXISTS snapshot_uploads (snapshot VARCHAR NOT NULL, upload_id BIGINT NOT NULL)",
        ),
    ),
)

# Version 4: value matches (#12), after the meeting snapshots' 3.
MIGRATIONS += (
    (
        4,
        "value matches (值对照) remembered per county, ledger and column",
        (
            """CREATE TABLE IF NOT EXISTS value_matches (
                county VARCHAR NOT NULL,
                ledger VARCHAR NOT NULL,
                column_name VARCHAR NOT NULL,
                raw VARCHAR NOT NULL,
                canonical VARCHAR,
                updated_by VARCHAR,
                updated_at TIMESTAMP NOT NULL,
                PRIMARY KEY (county, ledger, column_name, raw)
            )""",
        ),
    ),
)


def _sql_literal(text: str) -> str:
    """A declared word as an SQL string literal (DDL takes no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def three_valued_answers(conn: duckdb.DuckDBPyConnection) -> None:
    """Store every yes/no column the declaration makes three-valued (是/否/未评估) as its answer words.

    A file written before holds such a column as BOOLEAN: TRUE becomes the column's yes word ('是'), FALSE its
    no word ('否'), and a blank stays blank: "not yet" could not be entered then, so no old row claims it.
    A fresh file has no ledger tables yet; they are created with the declared type.
    """
    for ledger in LEDGERS:
        for column in (c for c in ledger.columns if c.three_valued):
            held = conn.execute(
                "SELECT data_type FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
                [ledger.table, column.name],
            ).fetchone()
            if held is None or held[0] != "BOOLEAN":
                continue
            name = f'"{column.name}"'
            yes, no = (_sql_literal(a) for a in column.answers[:2])
            conn.execute(f"ALTER TABLE {ledger.table} ALTER COLUMN {name} SET DATA TYPE VARCHAR "
                         f"USING CASE WHEN {name} THEN {yes} WHEN NOT {name} THEN {no} END")


# Version 5: three-valued answers (#12), after the value matches' 4.
MIGRATIONS += (
    (5, "three-valued yes/no columns (是/否/未评估) stored as their answer words", (three_valued_answers,)),
)


@dataclass(frozen=True)
class Snapshot:
    """会议快照: the figures of a meeting, frozen as the uploads that counted at that moment (nothing copied)."""

    name: str
    as_of: date
    county: str | None
    reported: bool
    created_by: str
    created_at: datetime


class SnapshotExists(ValueError):
    pass


def db_path() -> Path:
    """The database file: $HEXIE_DB when set, else data/hexie.duckdb."""
    return Path(os.environ.get("HEXIE_DB") or DEFAULT_DB)


class DatabaseUnusable(RuntimeError):
    """The database file cannot be used: not a DuckDB file, or written by a newer version of the product."""


class DatabaseBusy(DatabaseUnusable):
    """Another process holds the database file: DuckDB allows one writing process per file."""

    def __init__(self, path: Path, detail: str):
        super().__init__(
            f"数据库文件 {path} 正被另一个程序占用（{detail}）。"
            "同一数据库同时只能由一个程序写入：请在看板的“数据上传”页面操作，或先停止看板服务再使用命令行。"
        )


def connect(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """Open (creating if missing) the database at path and bring its schema up to date.

    Every way the file can be unusable (damaged, a folder, read-only, in a folder we cannot write, held by
    another program, not ours, too new) raises DatabaseUnusable with a Chinese sentence saying what to do.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in path.parents if p.is_file()), path.parent)
        raise DatabaseUnusable(
            f"无法建立数据库文件 {path}：路径中的 {blocker} 是一个文件而不是文件夹。请检查 HEXIE_DB 设置或 --db 参数。"
        ) from None
    except PermissionError:
        raise _no_write_permission(path) from None
    try:
        conn = duckdb.connect(str(path), config=CONNECT_CONFIG)
        _check_complete(conn, path)
        with _lock_for(path):
            _migrate(conn, path)
    except duckdb.Error as err:
        raise _unusable(path, err) from None
    return conn


def _check_complete(conn: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a file shorter than the blocks it says it has: copied or written only in part. DuckDB opens such a
    file and fails later, on whichever page first reads a missing block. With a write-ahead log beside it, the
    replayed log may hold blocks the file does not have yet, so the count proves nothing and is not checked."""
    if path.with_name(path.name + ".wal").exists():
        return
    # Free blocks at the end of the file may already be cut off by a checkpoint; used blocks must all be there.
    _, _, block_size, _, used_blocks, *_ = conn.execute("PRAGMA database_size").fetchone()
    if path.exists() and path.stat().st_size < block_size * used_blocks:
        conn.close()
        raise duckdb.IOException("Could not read enough bytes from file: shorter than its blocks")


def _no_write_permission(path: Path) -> DatabaseUnusable:
    if path.exists():
        return DatabaseUnusable(
            f"数据库文件 {path} 没有写入权限（只读文件，或在写保护的 U 盘、光盘上），看板无法打开。"
            "请取消该文件的只读属性，或把它复制到可以写入的文件夹后，用 HEXIE_DB 或 --db 指向新位置。"
        )
    return DatabaseUnusable(
        f"文件夹 {path.parent} 没有写入权限，无法在其中建立数据库文件。"
        "请用 HEXIE_DB 或 --db 换一个可以写入的位置，或请管理员开放该文件夹的写入权限。"
    )


def _unusable(path: Path, err: duckdb.Error) -> DatabaseUnusable:
    """The Chinese sentence for why DuckDB could not open the file; DuckDB's own English stays in the log."""
    text = str(err)
    if isinstance(err, duckdb.IOException) and "lock" in text and "Conflicting lock is held in " in text:
        return DatabaseBusy(path, text.split("Conflicting lock is held in ", 1)[-1].split(". See also", 1)[0])
    if "not a valid DuckDB database file" in text:
        return DatabaseUnusable(f"{path} 不是本系统的数据库文件（不是 DuckDB 数据库）。请检查 HEXIE_DB 设置或 --db 参数。")
    if path.is_dir():
        return DatabaseUnusable(
            f"数据库路径 {path} 是一个文件夹，不是数据库文件。请把 HEXIE_DB 或 --db 指向一个数据库文件（如 data/hexie.duckdb）。"
        )
    if "Permission denied" in text or "Read-only file system" in text:
        return _no_write_permission(path)
    logger.warning("database %s cannot be opened: %s", path, text)
    return DatabaseUnusable(
        f"数据库文件 {path} 已损坏或不完整（可能复制或写入时中断），无法打开。"
        "请用备份的数据库文件替换它；没有备份时，把它移到别处，用 python -m hexie init 建立空数据库后重新上传各台账。"
    )


def _lock_for(path: Path) -> threading.Lock:
    key = str(Path(path).resolve())
    with _write_locks_guard:
        return _write_locks.setdefault(key, threading.Lock())


def _migrate(conn: duckdb.DuckDBPyConnection, path: Path) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
    done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}
    known = {version for version, _, _ in MIGRATIONS}
    if done - known:
        conn.close()
        raise DatabaseUnusable(
            f"数据库结构版本 {max(done)} 比本程序认识的 {max(known)} 新：它由更新版本的看板写入，请升级本程序后再打开。"
        )
    if done and known - done:
        backup_copy(conn, Path(path).parent / "backups", f"before-v{max(known)}")
    for version, name, statements in MIGRATIONS:
        if version in done:
            continue
        conn.execute("BEGIN TRANSACTION")
        for statement in statements:
            if callable(statement):
                statement(conn)
            else:
                conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, datetime.now()])
        conn.execute("COMMIT")
    _sync_ledger_tables(conn)


def backup_copy(conn: duckdb.DuckDBPyConnection, directory: Path, label: str) -> Path:
    """Write a consistent copy of the open database into directory and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    source = conn.execute("SELECT current_database()").fetchone()[0]
    target = directory / f"hexie-{label}-{datetime.now():%Y%m%d-%H%M%S-%f}.duckdb"
    conn.execute(f"ATTACH '{_sql_text(target)}' AS hexie_backup")
    try:
        conn.execute(f'COPY FROM DATABASE "{source}" TO hexie_backup')
    finally:
        conn.execute("DETACH hexie_backup")
    return target


def restore_backup(backup: str | os.PathLike, path: str | os.PathLike) -> Path:
    """Put a backup in place of the database at path, keeping the current file as a backup first.

    Refused with a Chinese message when the backup is not one of ours or the database is in use.
    """
    backup, path = Path(backup), Path(path)
    if not backup.is_file():
        raise DatabaseUnusable(f"找不到备份文件 {backup}。")
    try:
        duckdb.connect(str(backup), read_only=True, config=CONNECT_CONFIG).close()
    except duckdb.Error:
        raise DatabaseUnusable(f"{backup} 不是本系统的数据库备份（无法作为 DuckDB 数据库打开）。") from None
    kept = None
    if path.exists():
        with Store.open(path) as current:  # refuses with DatabaseBusy while the dashboard holds the file
            kept = backup_copy(current.conn, path.parent / "backups", "before-restore")
    Path(f"{path}.wal").unlink(missing_ok=True)
    shutil.copyfile(backup, path)
    connect(path).close()  # brings an older backup's schema up to date
    return kept


def _sql_text(path: Path) -> str:
    """A path as an SQL string literal body (ATTACH takes no bound parameters)."""
    return str(path).replace("'", "''")


def _sync_ledger_tables(conn: duckdb.DuckDBPyConnection) -> None:
    """Create each ledger's table from its declaration and add columns declared since (one look at the catalog)."""
    present: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name IN (SELECT unnest(?))", [[ledger.table for ledger in LEDGERS]],
    ).fetchall():
        present.setdefault(table, set()).add(column)
    for ledger in LEDGERS:
        columns = [*SYSTEM_COLUMNS, *((c.name, c.sql_type) for c in ledger.columns)]
        if ledger.table not in present:
            body = ", ".join(f'"{name}" {sql}' for name, sql in columns)
            conn.execute(f"CREATE TABLE {ledger.table} ({body})")
            continue
        for name, sql in columns:
            if name not in present[ledger.table]:
                conn.execute(f'ALTER TABLE {ledger.table} ADD COLUMN "{name}" {sql.replace(" NOT NULL", "")}')


@dataclass(frozen=True)
class RememberedMatch:
    """A value match (值对照) remembered for a county (None: city level): in a ledger's column, `raw` means `canonical`
    (None: 留空)."""

    county: str | None
    ledger: str
    column: str
    raw: str
    canonical: str | None
    actor: str | None = None
    updated_at: datetime | None = None


class AlreadyLoaded(Exception):
    """A batch names a file that is already loaded; `earlier` maps the batch index to that upload."""

    def __init__(self, earlier: Mapping[int, dict]):
        super().__init__(f"already loaded: {sorted(earlier)}")
        self.earlier = dict(earlier)


@dataclass(frozen=True)
class UploadInfo:
    """What the uploads table records of one upload besides its rows."""

    ledger: str
    county: str | None
    uploader: str
    file_name: str
    sha256: str
    period: str | None = None
    period_source: str | None = None
    uploaded_at: datetime | None = None
    original: bytes | None = None  # the file as uploaded, kept byte for byte
    pending: bool = False  # waits for review before its rows count


# The Arrow type an upload's column is handed to DuckDB in, by the column's SQL type.
ARROW_TYPES = {
    "VARCHAR": pa.string(), "BIGINT": pa.int64(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "DATE": pa.date32(),
    "BOOLEAN": pa.bool_(),
}


def _columns_of(rows: Sequence[Mapping[str, object]], ledger_key: str) -> dict[str, list]:
    """Row dicts (the demo's, a test's) as the columns an upload is loaded from; a name a row lacks is blank."""
    return {n: [row.get(n) for row in rows] for n in LEDGERS_BY_KEY[ledger_key].column_names}


def _arrow_column(ledger: Ledger, column: Column, values: Sequence[object]) -> pa.Array:
    """The values as the column's Arrow type: a word for a number, a number for a word, True for a whole number, or a
    fraction for a whole number (which Arrow would cut, 3.5 → 3) is a ValueError. The importer's parsers give each
    column its own type; this guards the other callers (the demo, tests)."""
    arrow_type = ARROW_TYPES[column.sql_type]
    try:
        if not pa.types.is_integer(arrow_type):
            return pa.array(values, arrow_type)
        inferred = pa.array(values)
        if not (pa.types.is_integer(inferred.type) or pa.types.is_floating(inferred.type) or pa.types.is_null(inferred.type)):
            raise ValueError(f"{ledger.key}.{column.name} is {column.sql_type}: {inferred.type} is not a number")
        return inferred.cast(arrow_type, safe=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ValueError(f"{ledger.key}.{column.name} is {column.sql_type}: {exc}") from None


class Store:
    """All reads and writes of one database, through one DuckDB connection or cursor."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, path: str | os.PathLike, snapshot: str | None = None):
        self.conn = conn
        self.path = Path(path)
        # With a snapshot, every analytics read sees only the uploads that counted when it was frozen.
        self.snapshot = snapshot

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "Store":
        """Open a store on its own connection (command line, tests, benchmarks)."""
        path = Path(path) if path else db_path()
        return cls(connect(path), path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- writes -------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One explicit transaction under the database's write lock; bumps the data version."""
        with _lock_for(self.path):
            self.conn.execute("BEGIN TRANSACTION")
            try:
                yield self.conn
                self.conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('data_version', "
                    "CAST(COALESCE((SELECT CAST(value AS BIGINT) FROM meta WHERE key = 'data_version'), 0) + 1 AS VARCHAR))"
                )
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as tx:
            tx.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def is_demo(self) -> bool:
        """True when this file was built by `python -m hexie demo`."""
        return self.meta("demo") == "1"

    def data_version(self) -> int:
        """A number that changes with every committed write: the key for cached query results."""
        return int(self.meta("data_version") or 0)

    def add_upload(self, info: UploadInfo, rows: Sequence[Mapping[str, object]], source_rows: Sequence[int] | None = None) -> int:
        """Load one upload's rows in one transaction and return its id.

        Rows are dicts keyed by the ledger's column names. Earlier rows that this
        upload replaces (same county and period) or duplicates (same identity) stay
        in the table, marked inactive.
        """
        if not rows:
            raise ValueError("an upload needs at least one row")
        with self.write() as tx:
            upload_id = self._insert_upload(tx, info, _columns_of(rows, info.ledger),
                                           range(1, len(rows) + 1) if source_rows is None else source_rows)
            self._resolve(tx, LEDGERS_BY_KEY[info.ledger], upload_id)
        self.checkpoint()
        return upload_id

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the file, so a crash has little to replay; skipped while others read."""
        try:
            self.conn.execute("CHECKPOINT")
        except duckdb.Error:
            pass

    def add_batch(self, uploads: Sequence[tuple[UploadInfo, Mapping[str, Sequence[object]], Sequence[int]]],
                  remember: Sequence[RememberedMatch] = ()) -> list[int]:
        """Load a batch of uploads in one transaction, each resolved in turn as if loaded one after another.

        Each upload comes as its parsed columns (column name → one value per row) and the rows' source row numbers.

        The check that no file of the batch is already loaded runs inside the write lock, so two
        batches sent at the same moment cannot both load one file: the later one raises AlreadyLoaded
        and writes nothing.
        """
        with self.write() as tx:
            earlier = {i: e for i, (info, _, _) in enumerate(uploads) if (e := self.upload_with_sha(info.ledger, info.sha256))}
            if earlier:
                raise AlreadyLoaded(earlier)
            ids = []
            for info, columns, source_rows in uploads:
                if not source_rows:
                    raise ValueError("an upload needs at least one row")
                ids.append(self._insert_upload(tx, info, columns, source_rows))
                self._resolve(tx, LEDGERS_BY_KEY[info.ledger], ids[-1])
            for match in remember:
                self._remember(tx, match)
        self.checkpoint()
        return ids

    def _remember(self, tx: duckdb.DuckDBPyConnection, match: RememberedMatch) -> None:
        tx.execute(
            "INSERT OR REPLACE INTO value_matches VALUES (?, ?, ?, ?, ?, ?, ?)",
            [match.county or "", match.ledger, match.column, match.raw, match.canonical, match.actor, datetime.now()],
        )

    def remember_match(self, match: RememberedMatch) -> None:
        """Remember (or change) one value match; an administrator's edit."""
        with self.write() as tx:
            self._remember(tx, match)

    def forget_match(self, county: str | None, ledger_key: str, column: str, raw: str) -> None:
        """Forget one remembered value match."""
        with self.write() as tx:
            tx.execute(
                "DELETE FROM value_matches WHERE county = ? AND ledger = ? AND column_name = ? AND raw = ?",
                [county or "", ledger_key, column, raw],
            )

    def add_uploads(self, uploads: Iterable[tuple[UploadInfo, Sequence[Mapping[str, object]]]]) -> list[int]:
        """Load many uploads in one transaction, resolving each ledger once at the end (demo and bulk loads)."""
        ids: list[int] = []
        touched: set[str] = set()
        with self.write() as tx:
            for info, rows in uploads:
                if not rows:
                    raise ValueError("an upload needs at least one row")
                ids.append(self._insert_upload(tx, info, _columns_of(rows, info.ledger), range(1, len(rows) + 1)))
                touched.add(info.ledger)
            for key in sorted(touched):
                self._resolve(tx, LEDGERS_BY_KEY[key], None)
        return ids

    def _insert_upload(self, tx, info: UploadInfo, columns: Mapping[str, Sequence[object]], source_rows: Sequence[int]) -> int:
        ledger = LEDGERS_BY_KEY[info.ledger]
        count = len(source_rows)
        upload_id = tx.execute("SELECT nextval('upload_ids')").fetchone()[0]
        tx.execute(
            "INSERT INTO uploads (id, ledger, county, uploader, file_name, sha256, row_count, uploaded_at, status, "
            "period, period_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [upload_id, info.ledger, info.county, info.uploader, info.file_name, info.sha256, count,
             info.uploaded_at or datetime.now(), PENDING if info.pending else ACTIVE, info.period, info.period_source],
        )
        if info.original is not None:
            tx.execute("INSERT INTO originals VALUES (?, ?, ?)", [upload_id, info.file_name, info.original])
        for column in (c for c in ledger.columns if c.three_valued and c.name in columns):
            # A bool here would be stored as 'true': the importer gives a three-valued column its answer words.
            wrong = sorted(repr(v) for v in set(columns[column.name]) - {None, *column.answers})
            if wrong:
                raise ValueError(f"{ledger.key}.{column.name} holds one of {column.answers} or nothing, not {', '.join(wrong)}")
        # An Arrow table typed as the ledger's table: DuckDB reads it column by column without converting a value.
        incoming_rows = pa.table({  # noqa: F841 - read by DuckDB's replacement scan below
            "upload_id": pa.repeat(pa.scalar(upload_id, pa.int64()), count),
            "source_row": pa.array(source_rows, pa.int64()),
            **{c.name: _arrow_column(ledger, c, columns[c.name] if c.name in columns else [None] * count)
               for c in ledger.columns},
        })
        quoted = ", ".join(f'"{n}"' for n in ("upload_id", "source_row", *ledger.column_names))
        tx.execute(f"INSERT INTO {ledger.table} ({quoted}) SELECT * FROM incoming_rows")
        return upload_id

    def set_upload_status(self, upload_id: int, withdrawn: bool, to_review: bool = False) -> None:
        """Withdraw (撤回) an upload, or undo the withdrawal; its rows stop or start counting.

        With to_review a restored upload goes back to waiting for review instead of counting.
        """
        status = self.upload(upload_id)["status"]
        if withdrawn and status == WITHDRAWN:
            raise ValueError(f"批次 {upload_id} 已经撤回")
        if not withdrawn and status != WITHDRAWN:
            raise ValueError(f"批次 {upload_id} 未被撤回，无需恢复")
        self._move(upload_id, WITHDRAWN if withdrawn else PENDING if to_review else ACTIVE)

    def decide_review(self, upload_id: int, approved: bool, reviewer: str, comment: str | None) -> None:
        """Approve a pending upload (its rows count from now) or return it with a comment."""
        if self.upload(upload_id)["status"] != PENDING:
            raise ValueError(f"批次 {upload_id} 不在待审核状态")
        self._move(upload_id, ACTIVE if approved else RETURNED, (reviewer, comment))

    def _move(self, upload_id: int, status: str, review: tuple[str, str | None] | None = None) -> None:
        ledger_key = self.upload(upload_id)["ledger"]
        with self.write() as tx:
            tx.execute(
                "UPDATE uploads SET status = ?, status_changed_at = ? WHERE id = ?", [status, datetime.now(), upload_id],
            )
            if review is not None:
                tx.execute(
                    "UPDATE uploads SET reviewed_by = ?, reviewed_at = ?, review_comment = ? WHERE id = ?",
                    [review[0], datetime.now(), review[1], upload_id],
                )
            self._resolve(tx, LEDGERS_BY_KEY[ledger_key], upload_id)
        self.checkpoint()

    def _resolve(self, tx: duckdb.DuckDBPyConnection, ledger: Ledger, upload_id: int | None) -> None:
        """Recompute which rows count in every group the upload touches (every group when upload_id is None).

        A group is (county, period) for a replacing ledger, whose latest live upload
        wins, and the identity columns for an appending one, whose earliest live
        upload wins; without identity columns every live row counts. Rows of
        withdrawn uploads never count. Uploads none of whose rows count are marked
        superseded.
        """
        table = ledger.table
        group = ("county", ledger.period_column) if ledger.mode != APPEND else ledger.identity
        cols = ", ".join(f'"{c}"' for c in group)
        r_cols = ", ".join(f'r."{c}"' for c in group)
        # The rows whose standing may change: the upload's groups, or the whole table.
        scope = "TRUE" if upload_id is None else (
            f"({r_cols}) IN (SELECT {cols} FROM {table} WHERE upload_id = $upload)" if group else "r.upload_id = $upload"
        )
        params = {} if upload_id is None else {"upload": upload_id}
        winner = "max" if ledger.mode != APPEND else "min"
        tx.execute(
            f"""UPDATE {table} AS t SET active = w.active, superseded_by = w.superseded_by
                FROM (
                    SELECT x.row_id,
                           x.live AND {"x.upload_id = x.winner" if group else "TRUE"} AS active,
                           {"CASE WHEN x.live AND x.upload_id <> x.winner THEN x.winner END" if group else "NULL"} AS superseded_by
                    FROM (
                        SELECT r.rowid AS row_id, r.upload_id, u.status IN {LIVE_SQL} AS live,
                               {winner}(CASE WHEN u.status IN {LIVE_SQL} THEN r.upload_id END)
                                   OVER (PARTITION BY {r_cols if group else "r.upload_id"}) AS winner
                        FROM {table} r JOIN uploads u ON u.id = r.upload_id
                        WHERE {scope}
                    ) AS x
                ) AS w
                WHERE t.rowid = w.row_id""",
            params,
        )
        tx.execute(
            f"""UPDATE uploads SET status = CASE WHEN a.counting > 0 THEN '{ACTIVE}' ELSE '{SUPERSEDED}' END
                FROM (
                    SELECT upload_id, count(*) FILTER (WHERE active) AS counting FROM {table}
                    WHERE upload_id IN (SELECT r.upload_id FROM {table} r WHERE {scope}) GROUP BY upload_id
                ) AS a
                WHERE uploads.id = a.upload_id AND uploads.status IN {LIVE_SQL}""",
            params,
        )

    # ---- meeting snapshots --------------------------------------------------

    def create_snapshot(self, name: str, as_of: date, county: str | None, created_by: str, reported: bool = True) -> Snapshot:
        """Freeze the figures of a meeting: record which uploads count now. Names are unique."""
        name = name.strip()
        if not name:
            raise ValueError("快照名称不能为空")
        with self.write() as tx:
            if tx.execute("SELECT 1 FROM snapshots WHERE name = ?", [name]).fetchone():
                raise SnapshotExists(f"已有名为“{name}”的快照；快照冻结后不能覆盖，请换一个名称")
            created_at = datetime.now()
            tx.execute("INSERT INTO snapshots VALUES (?, ?, ?, ?, ?, ?)", [name, as_of, county, reported, created_by, created_at])
            tx.execute("INSERT INTO snapshot_uploads SELECT ?, id FROM uploads WHERE status = ?", [name, ACTIVE])
        return Snapshot(name, as_of, county, reported, created_by, created_at)

    def snapshot_info(self, name: str) -> Snapshot | None:
        row = self.conn.execute(
            "SELECT name, as_of, county, reported, created_by, created_at FROM snapshots WHERE name = ?", [name]
        ).fetchone()
        return Snapshot(*row) if row else None

    def snapshots(self) -> pd.DataFrame:
        """Every snapshot, newest first, with the number of uploads it counts."""
        return self.conn.execute(
            "SELECT s.name, s.as_of, s.county, s.reported, s.created_by, s.created_at, count(u.upload_id) AS uploads "
            "FROM snapshots s LEFT JOIN snapshot_uploads u ON u.snapshot = s.name GROUP BY ALL ORDER BY s.created_at DESC"
        ).df()

    def delete_snapshot(self, name: str) -> Snapshot:
        """Remove a snapshot and its list of uploads (the uploads themselves stay); LookupError when there is none."""
        with self.write() as tx:
            row = tx.execute(
                "SELECT name, as_of, county, reported, created_by, created_at FROM snapshots WHERE name = ?", [name]
            ).fetchone()
            if row is None:
                raise LookupError(f"没有名为“{name}”的快照")
            tx.execute("DELETE FROM snapshot_uploads WHERE snapshot = ?", [name])
            tx.execute("DELETE FROM snapshots WHERE name = ?", [name])
        return Snapshot(*row)

    def frozen(self, name: str) -> "Store":
        """This store as snapshot `name` saw it: the same connection, reads limited to the snapshot's uploads."""
        if self.snapshot_info(name) is None:
            raise LookupError(f"没有名为“{name}”的快照")
        return Store(self.conn, self.path, snapshot=name)

    def uploads_changed_since(self, name: str) -> pd.DataFrame:
        """Uploads added, replaced or withdrawn since the snapshot: change, id, ledger, county, file_name, uploader,
        uploaded_at, status_changed_at, replaced_by (the upload whose rows now count instead)."""
        return self.conn.execute(
            f"""WITH frozen AS (SELECT upload_id FROM snapshot_uploads WHERE snapshot = $name)
                SELECT CASE WHEN u.id NOT IN (SELECT upload_id FROM frozen) THEN 'added'
                            WHEN u.status = '{WITHDRAWN}' THEN 'withdrawn' ELSE 'replaced' END AS change,
                       u.id, u.ledger, u.county, u.file_name, u.uploader, u.uploaded_at, u.status_changed_at
                FROM uploads u
                WHERE (u.id NOT IN (SELECT upload_id FROM frozen) AND u.status = '{ACTIVE}')
                   OR (u.id IN (SELECT upload_id FROM frozen) AND u.status <> '{ACTIVE}')
                ORDER BY u.id""",
            {"name": name},
        ).df()

    def counting_uploads(self, ledgers: Sequence[str], as_of: date | None, reported: bool = True) -> pd.DataFrame:
        """The uploads behind figures as of a date (in the snapshot, if this store has one): id, ledger, county,
        file_name, uploader, uploaded_at; with `reported`, only those that had arrived by then."""
        live = ("id IN (SELECT upload_id FROM snapshot_uploads WHERE snapshot = $snapshot)" if self.snapshot
                else f"status = '{ACTIVE}'")
        return self.conn.execute(
            f"SELECT id, ledger, county, file_name, uploader, uploaded_at FROM uploads WHERE {live} "
            f"AND list_contains($ledgers, ledger) "
            f"AND ($known_by IS NULL OR uploaded_at < CAST($known_by AS DATE) + INTERVAL 1 DAY) ORDER BY ledger, county, id",
            {"ledgers": list(ledgers), "known_by": as_of if reported else None}
            | ({"snapshot": self.snapshot} if self.snapshot else {}),
        ).df()

    # ---- reads --------------------------------------------------------------

    def remembered_matches(self, county: str | None = None, every_county: bool = False) -> list[RememberedMatch]:
        """The value matches remembered for a county (None: city level), or for every county; by ledger, column, word."""
        where, params = ("", []) if every_county else (" WHERE county = ?", [county or ""])
        rows = self.conn.execute(
            "SELECT county, ledger, column_name, raw, canonical, updated_by, updated_at FROM value_matches"
            f"{where} ORDER BY county, ledger, column_name, raw",
            params,
        ).fetchall()
        return [RememberedMatch(c or None, lk, col, raw, canon, by, at) for c, lk, col, raw, canon, by, at in rows]

    def upload_with_sha(self, ledger_key: str, sha256: str) -> dict | None:
        """The live upload of the same file to the same ledger, if any."""
        row = self.conn.execute(
            "SELECT id, uploaded_at, county, file_name FROM uploads WHERE ledger = ? AND sha256 = ? "
            "AND status NOT IN (?, ?) ORDER BY id LIMIT 1",
            [ledger_key, sha256, WITHDRAWN, RETURNED],
        ).fetchone()
        return dict(zip(("id", "uploaded_at", "county", "file_name"), row)) if row else None

    def uploads(self, county: str | None = None, limit: int = 200, status: str | None = None) -> pd.DataFrame:
        """Upload history, newest first, optionally of one county and one status."""
        return self.conn.execute(
            "SELECT id, ledger, county, uploader, file_name, row_count, uploaded_at, status, period, period_source, "
            "review_comment, reviewed_by, reviewed_at FROM uploads WHERE (? IS NULL OR county = ?) "
            "AND (? IS NULL OR status = ?) ORDER BY id DESC LIMIT ?",
            [county, county, status, status, limit],
        ).df()

    def upload(self, upload_id: int) -> dict:
        """One upload's record; LookupError (in Chinese) when there is none."""
        cursor = self.conn.execute(
            "SELECT id, ledger, county, uploader, file_name, row_count, uploaded_at, status, period, review_comment "
            "FROM uploads WHERE id = ?", [upload_id],
        )
        row = cursor.fetchone()
        if row is None:
            raise LookupError(f"没有批次号为 {upload_id} 的上传记录")
        return dict(zip((d[0] for d in cursor.description), row))

    def original(self, upload_id: int) -> tuple[str, bytes] | None:
        """The file name and bytes an upload was made from, when kept."""
        row = self.conn.execute("SELECT file_name, content FROM originals WHERE upload_id = ?", [upload_id]).fetchone()
        return (row[0], bytes(row[1])) if row else None

    def upload_rows(self, upload_id: int) -> pd.DataFrame:
        """Every row one upload brought, in declared column order."""
        ledger = LEDGERS_BY_KEY[self.upload(upload_id)["ledger"]]
        names = ", ".join(f'"{n}"' for n in ledger.column_names)
        return self.conn.execute(
            f"SELECT {names} FROM {ledger.table} WHERE upload_id = ? ORDER BY source_row", [upload_id],
        ).df()

    def counting_rows_like(self, upload_id: int) -> pd.DataFrame:
        """The rows that count now in the groups an upload would replace: its county and periods
        for a replacing ledger, rows of the same identity for an appending one."""
        ledger = LEDGERS_BY_KEY[self.upload(upload_id)["ledger"]]
        names = ", ".join(f'"{n}"' for n in ledger.column_names)
        group = ("county", ledger.period_column) if ledger.mode != APPEND else ledger.identity
        cols = ", ".join(f'"{c}"' for c in group)
        return self.conn.execute(
            f"SELECT {names} FROM {ledger.table} WHERE active AND ({cols}) IN "
            f"(SELECT {cols} FROM {ledger.table} WHERE upload_id = ?) ORDER BY upload_id, source_row",
            [upload_id],
        ).df()

    def reported_periods(self, ledger_key: str, grain: str, as_of: date) -> pd.DataFrame:
        """Per county and period (grain: once, month, quarter, year) the best standing of the uploads that had
        arrived by the end of as_of: best 3 counts, 2 waits for review, 1 was returned (withdrawn ones are left out).

        In a snapshot, the uploads as they stood when it was frozen: its own uploads count (even if withdrawn
        since); of the others that had arrived by then, one decided by a reviewer after the freeze was waiting then,
        one superseded counted, and one waiting or returned shows as such; an upload withdrawn then is left out.

        Periods read the ledger's time column: 2021-06 for a month, 2021-Q2, 2021, or 'once' for any row.
        """
        ledger = LEDGERS_BY_KEY[ledger_key]
        col = f'r."{ledger.time_column}"'
        if ledger.column(ledger.time_column).type == "year":
            col = f"make_date({col}, 1, 1)"
        period = {
            "once": "'once'",
            "month": f"strftime({col}, '%Y-%m')",
            "quarter": f"CAST(year({col}) AS VARCHAR) || '-Q' || CAST(quarter({col}) AS VARCHAR)",
            "year": f"CAST(year({col}) AS VARCHAR)",
        }[grain]
        standing = (f"CASE WHEN u.status IN {LIVE_SQL} THEN 3 WHEN u.status = '{PENDING}' THEN 2 "
                    f"WHEN u.status = '{RETURNED}' THEN 1 END")
        params: dict[str, object] = {"as_of": as_of}
        arrived = f"u.status <> '{WITHDRAWN}'"
        if self.snapshot:
            frozen = "u.id IN (SELECT upload_id FROM snapshot_uploads WHERE snapshot = $snapshot)"
            at = "(SELECT created_at FROM snapshots WHERE name = $snapshot)"
            standing = (f"CASE WHEN {frozen} THEN 3 WHEN u.uploaded_at > {at} THEN NULL WHEN u.reviewed_at > {at} THEN 2 "
                        f"WHEN u.status = '{SUPERSEDED}' THEN 3 WHEN u.status = '{PENDING}' THEN 2 "
                        f"WHEN u.status = '{RETURNED}' THEN 1 END")
            arrived = f"({arrived} OR {frozen})"
            params["snapshot"] = self.snapshot
        return self.conn.execute(
            f"SELECT r.county, {period} AS period, max({standing}) AS best "
            f"FROM {ledger.table} r JOIN uploads u ON u.id = r.upload_id "
            f"WHERE {arrived} AND u.uploaded_at < CAST($as_of AS DATE) + INTERVAL 1 DAY "
            f"GROUP BY ALL HAVING max({standing}) IS NOT NULL",
            params,
        ).df()

    # ---- settings and the audit trail -----------------------------------------

    def review_required(self, ledger_key: str) -> bool:
        """True when county uploads of this ledger wait for a city administrator's review."""
        return self.meta(f"review:{ledger_key}") == "1"

    def set_review_required(self, ledger_key: str, on: bool) -> None:
        self.set_meta(f"review:{ledger_key}", "1" if on else "0")

    def record_audit(self, actor: str, action: str, upload_id: int | None = None, detail: str = "",
                     outcome: str = "成功") -> None:
        """Append one line to the audit trail; nothing updates or deletes it."""
        with _lock_for(self.path):
            self.conn.execute(
                "INSERT INTO audit VALUES (nextval('audit_ids'), ?, ?, ?, ?, ?, ?)",
                [datetime.now(), actor, action, upload_id, detail, outcome],
            )

    def audit_log(self, actor: str | None = None, action: str | None = None, since: date | None = None,
                  until: date | None = None, limit: int = 5000) -> pd.DataFrame:
        """The audit trail, newest first, optionally narrowed by who, what and a date range."""
        return self.conn.execute(
            "SELECT id, happened_at, actor, action, upload_id, detail, outcome FROM audit "
            "WHERE (? IS NULL OR actor = ?) AND (? IS NULL OR action = ?) "
            "AND (CAST(? AS DATE) IS NULL OR happened_at >= CAST(? AS DATE)) "
            "AND (CAST(? AS DATE) IS NULL OR happened_at < CAST(? AS DATE) + INTERVAL 1 DAY) ORDER BY id DESC LIMIT ?",
            [actor, actor, action, action, since, since, until, until, limit],
        ).df()

    def backup(self, directory: str | os.PathLike) -> Path:
        """A consistent copy of the database in directory, taken under the write lock."""
        with _lock_for(self.path):
            return backup_copy(self.conn, Path(directory), "backup")

    def active_counts(self) -> dict[str, dict[str, int]]:
        """{ledger: {county: number of rows that count}} for every ledger with rows."""
        counts: dict[str, dict[str, int]] = {}
        for ledger in LEDGERS:
            for county, n in self.conn.execute(
                f"SELECT county, count(*) FROM {ledger.table} WHERE active GROUP BY county ORDER BY county"
            ).fetchall():
                counts.setdefault(ledger.key, {})[county] = n
        return counts

    def table_sizes(self) -> dict[str, int]:
        """{ledger: every row its table holds}, counting superseded and withdrawn rows too."""
        return {
            ledger.key: self.conn.execute(f"SELECT count(*) FROM {ledger.table}").fetchone()[0] for ledger in LEDGERS
        }

    def active_rows(self, ledger_key: str, county: str | None = None, as_of: date | None = None) -> pd.DataFrame:
        """The rows that count, in declared column order, optionally for one county and up to a date."""
        ledger = LEDGERS_BY_KEY[ledger_key]
        names = ", ".join(f'"{n}"' for n in ledger.column_names)
        time_col = ledger.column(ledger.time_column)
        time_expr = f'make_date("{time_col.name}", 1, 1)' if time_col.type == "year" else f'"{time_col.name}"'
        return self.conn.execute(
            f"SELECT {names} FROM {ledger.table} WHERE active AND (? IS NULL OR county = ?) "
            f"AND (CAST(? AS DATE) IS NULL OR {time_expr} <= CAST(? AS DATE)) ORDER BY upload_id, source_row",
            [county, county, as_of, as_of],
        ).df()

    def progress_reports(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Milestone completions as they stood at the end of as_of: county, milestone, completed_on.

        A completion counts once it is dated on or before as_of (and, with `reported`, once its
        upload had arrived). Every county's reports are returned whatever `county` says: a
        milestone's status for the city needs all of them.
        """
        source, params = self._dated("progress", "completed_on", as_of, None, reported)
        return self.conn.execute(
            f"SELECT county, milestone, min(completed_on) AS completed_on FROM {source} "
            f"GROUP BY county, milestone ORDER BY county, milestone",
            params,
        ).df()

    # ---- analytics reads ----------------------------------------------------
    # Each read aggregates in DuckDB and returns a small frame. `as_of` shows the ledgers at the
    # end of that day: rows dated on or before it. With `reported` (the default) only uploads that
    # had arrived by then count, so a later correction does not rewrite the past; without it,
    # history is seen through today's data, which is what a city that backfills old ledgers needs.
    # `county` (None for the whole city) narrows to one reporting unit.

    def _as_of_rows(self, ledger_key: str, as_of: date | None, county: str | None, reported: bool) -> tuple[str, list]:
        """A subquery of the ledger's rows that counted at the end of as_of, and its parameters.

        For a replacing ledger that is, per (county, period), the latest upload (that had arrived,
        with `reported`) and is not withdrawn; for an appending one, the rows that count now
        (among those arrived).
        """
        return self._winners(ledger_key, as_of, county, reported, latest_only=False)

    def _latest_snapshot(self, ledger_key: str, as_of: date | None, county: str | None, reported: bool) -> tuple[str, list]:
        """A subquery of each county's latest period on or before as_of, and its parameters."""
        return self._winners(ledger_key, as_of, county, reported, latest_only=True)

    def _winners(self, ledger_key: str, as_of: date | None, county: str | None, reported: bool,
                 latest_only: bool) -> tuple[str, list]:
        # Winners are found by grouping (county, period) first and joining back, which reads
        # the big table twice but sorts only the groups: 6x faster than a window over every row.
        ledger = LEDGERS_BY_KEY[ledger_key]
        known_by = as_of if reported else None
        arrived = "(CAST(? AS DATE) IS NULL OR u.uploaded_at < CAST(? AS DATE) + INTERVAL 1 DAY)"
        # Live: not withdrawn today, or, in a snapshot, among the uploads that counted when it was frozen.
        frozen = "u.id IN (SELECT upload_id FROM snapshot_uploads WHERE snapshot = ?)"
        live, live_params = (frozen, [self.snapshot]) if self.snapshot else (f"u.status IN {LIVE_SQL}", [])
        if ledger.mode == APPEND:
            if not self.snapshot:
                sql = (f"(SELECT t.* FROM {ledger.table} t JOIN uploads u ON u.id = t.upload_id "
                       f"WHERE t.active AND {arrived} AND (? IS NULL OR t.county = ?))")
                return sql, [known_by, known_by, county, county]
            # The rows that counted then: the earliest frozen upload wins each identity, as _resolve decides today.
            first = ""
            if ledger.identity:
                identity = ", ".join(f't."{c}"' for c in ledger.identity)
                first = f" QUALIFY t.upload_id = min(t.upload_id) OVER (PARTITION BY {identity})"
            sql = (f"(SELECT t.* FROM (SELECT t.* FROM {ledger.table} t JOIN uploads u ON u.id = t.upload_id "
                   f"WHERE {live}{first}) t JOIN uploads u ON u.id = t.upload_id WHERE {arrived} AND (? IS NULL OR t.county = ?))")
            return sql, [*live_params, known_by, known_by, county, county]
        period = f'"{ledger.period_column}"'
        groups = (f"SELECT r.county, r.{period}, max(r.upload_id) AS winner "
                  f"FROM {ledger.table} r JOIN uploads u ON u.id = r.upload_id "
                  f"WHERE {live} AND {arrived} AND (? IS NULL OR r.county = ?)")
        params = [*live_params, known_by, known_by, county, county]
        if latest_only:
            groups = (f"SELECT * FROM ({groups} AND (CAST(? AS DATE) IS NULL OR r.{period} <= CAST(? AS DATE)) "
                      f"GROUP BY ALL) QUALIFY {period} = max({period}) OVER (PARTITION BY county)")
            params += [as_of, as_of]
        else:
            groups += " GROUP BY ALL"
        sql = (f"(SELECT t.* FROM {ledger.table} t JOIN ({groups}) w "
               f"ON t.county = w.county AND t.{period} = w.{period} AND t.upload_id = w.winner)")
        return sql, params

    def _dated(self, ledger_key: str, time_expr: str, as_of: date | None, county: str | None,
               reported: bool) -> tuple[str, list]:
        """A FROM-and-WHERE of the rows that counted on as_of and are dated (by time_expr) on or before it."""
        rows, params = self._as_of_rows(ledger_key, as_of, county, reported)
        return f"{rows} r WHERE (CAST(? AS DATE) IS NULL OR {time_expr} <= CAST(? AS DATE))", [*params, as_of, as_of]

    def social_org_summary(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Organisations per county and industry in the latest snapshot: orgs, demo_points, gold."""
        snap, params = self._latest_snapshot("social_org", as_of, county, reported)
        return self.conn.execute(
            f"SELECT county, coalesce(industry, '未填') AS industry, count(*) AS orgs, "
            f"count(*) FILTER (WHERE demo_point) AS demo_points, count(*) FILTER (WHERE gold) AS gold "
            f"FROM {snap} s GROUP BY ALL ORDER BY county, industry",
            params,
        ).df()

    def coordinator_summary(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Per county in the latest snapshot: coordinators, grassroots (not at a large/medium firm),
        gold, and covered_large_medium (distinct 大中型企业 employers with a coordinator)."""
        snap, params = self._latest_snapshot("coordinator", as_of, county, reported)
        return self.conn.execute(
            f"SELECT county, count(*) AS coordinators, "
            f"count(*) FILTER (WHERE employer_type <> '大中型企业') AS grassroots, "
            f"count(*) FILTER (WHERE gold) AS gold, "
            f"count(DISTINCT employer) FILTER (WHERE employer_type = '大中型企业') AS covered_large_medium "
            f"FROM {snap} s GROUP BY county ORDER BY county",
            params,
        ).df()

    # Selections (gold, 示范点, recommendations) are events: a person or organisation counts for the year or
    # batch of the first period whose roster records it, even when a later roster drops them. Every period's
    # winning upload is read, so a correction of the same period replaces the record, and withdrawing the
    # upload that recorded a selection removes it (restoring brings it back).

    def gold_coordinators_by_year(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Gold coordinators (name and county) by the year they were first recorded as selected: year, gold."""
        source, params = self._dated("coordinator", "period", as_of, county, reported)
        return self.conn.execute(
            f"SELECT year, count(*) AS gold FROM ("
            f"SELECT name, county, min(coalesce(gold_year, year(period))) AS year FROM {source} AND gold GROUP BY name, county"
            f") WHERE CAST(? AS DATE) IS NULL OR year <= year(CAST(? AS DATE)) GROUP BY year ORDER BY year",
            [*params, as_of, as_of],
        ).df()

    def social_org_selections(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Every social organisation ever recorded up to as_of: name, county, demo_since (the first period that records it
        as a 示范点, else NULL), gold_year (the year first recorded as gold, else NULL)."""
        source, params = self._dated("social_org", "period", as_of, county, reported)
        return self.conn.execute(
            f"SELECT name, county, min(period) FILTER (WHERE demo_point) AS demo_since, "
            f"min(coalesce(gold_year, year(period))) FILTER (WHERE gold) AS gold_year "
            f"FROM {source} GROUP BY name, county ORDER BY county, name",
            params,
        ).df()

    def mediation_org_selections(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Every mediation organisation ever recorded up to as_of: name, county, gold_batch and gold_since (the batch and
        the first period that record it as gold, else NULL), recommended_year (the first year it was recommended)."""
        source, params = self._dated("mediation_org", "period", as_of, county, reported)
        return self.conn.execute(
            f"SELECT name, county, arg_min(gold_batch, period) FILTER (WHERE gold AND gold_batch IS NOT NULL) AS gold_batch, "
            f"min(period) FILTER (WHERE gold AND gold_batch IS NOT NULL) AS gold_since, "
            f"min(recommended_year) AS recommended_year FROM {source} GROUP BY name, county ORDER BY county, name",
            params,
        ).df()

    def enterprise_base(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Each county's latest enterprise counts up to as_of: county, year, large_medium, small_micro."""
        source, params = self._dated("enterprise_base", "make_date(year, 1, 1)", as_of, county, reported)
        return self.conn.execute(
            f"SELECT county, max(year) AS year, arg_max(large_medium, year) AS large_medium, "
            f"arg_max(small_micro, year) AS small_micro FROM {source} "
            f"GROUP BY county ORDER BY county",
            params,
        ).df()

    def mediation_org_summary(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Mediation organisations in the latest snapshot by county, type and gold batch:
        orgs, six_five (meeting 六规范五上墙), gold."""
        snap, params = self._latest_snapshot("mediation_org", as_of, county, reported)
        return self.conn.execute(
            f"SELECT county, org_type, CASE WHEN gold THEN gold_batch END AS gold_batch, count(*) AS orgs, "
            f"count(*) FILTER (WHERE six_five) AS six_five, count(*) FILTER (WHERE gold) AS gold "
            f"FROM {snap} s GROUP BY ALL ORDER BY county, org_type, gold_batch",
            params,
        ).df()

    def mediators_by_org(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Mediators per organisation in each county's latest mediator roster up to as_of: org_name, county, mediators,
        full_time, part_time, trained, and one count per background (律师, 法官, 仲裁员, 法学专家, 其他)."""
        snap, params = self._latest_snapshot("mediator", as_of, county, reported)
        return self.conn.execute(
            f"SELECT org_name, county, count(*) AS mediators, count(*) FILTER (WHERE kind = '专职') AS full_time, "
            f"count(*) FILTER (WHERE kind = '兼职') AS part_time, count(*) FILTER (WHERE trained) AS trained, "
            f"count(*) FILTER (WHERE background = '律师') AS lawyers, count(*) FILTER (WHERE background = '法官') AS judges, "
            f"count(*) FILTER (WHERE background = '仲裁员') AS arbitrators, "
            f"count(*) FILTER (WHERE background = '法学专家') AS scholars, "
            f"count(*) FILTER (WHERE background = '其他' OR background IS NULL) AS others "
            f"FROM {snap} s GROUP BY org_name, county ORDER BY county, org_name",
            params,
        ).df()

    def mediation_org_names(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """The organisations in each county's latest mediation organisation roster up to as_of: name, county."""
        snap, params = self._latest_snapshot("mediation_org", as_of, county, reported)
        return self.conn.execute(f"SELECT name, county FROM {snap} s ORDER BY county, name", params).df()

    def mediation_by_org_year(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Cases per organisation and year up to as_of: org_name, county, year, accepted, settled."""
        source, params = self._dated("mediation_stats", "period", as_of, county, reported)
        return self.conn.execute(
            f"SELECT org_name, county, year(period) AS year, sum(accepted) AS accepted, sum(settled) AS settled "
            f"FROM {source} GROUP BY ALL ORDER BY year, county, org_name",
            params,
        ).df()

    def mediation_by_month(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Cases per month up to as_of: month, accepted, settled."""
        source, params = self._dated("mediation_stats", "period", as_of, county, reported)
        return self.conn.execute(
            f"SELECT period AS month, sum(accepted) AS accepted, sum(settled) AS settled "
            f"FROM {source} GROUP BY period ORDER BY period",
            params,
        ).df()

    def key_enterprises(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Every key enterprise in its county's latest snapshot, with the columns the risk rules read."""
        snap, params = self._latest_snapshot("key_enterprise", as_of, county, reported)
        return self.conn.execute(
            f"SELECT name, county, industry, headcount_last_year, headcount_now, stable_job_policy, "
            f"planned_layoffs, laid_off, wages_settled, ability_to_pay, period FROM {snap} s ORDER BY county, name",
            params,
        ).df()

    def new_enterprise_firsts(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """One row per credit code served up to as_of: credit_code, name, county (of the first service),
        registered_on, first_served."""
        source, params = self._dated("new_enterprise", "service_date", as_of, county, reported)
        return self.conn.execute(
            f"SELECT credit_code, arg_min(name, service_date) AS name, arg_min(county, service_date) AS county, "
            f"min(registered_on) AS registered_on, min(service_date) AS first_served "
            f"FROM {source} GROUP BY credit_code ORDER BY credit_code",
            params,
        ).df()

    def new_enterprise_services(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Services by county, year and method: services, enterprises (distinct credit codes)."""
        source, params = self._dated("new_enterprise", "service_date", as_of, county, reported)
        return self.conn.execute(
            f"SELECT county, year(service_date) AS year, method, count(*) AS services, "
            f"count(DISTINCT credit_code) AS enterprises FROM {source} "
            f"GROUP BY ALL ORDER BY county, year, method",
            params,
        ).df()

    def harmonious_summary(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Enterprises cultivated by year and recommending body: enterprises, assessed (answered 是 or 否), reached
        (the standard), pending (answered 未评估: still in cultivation) and unfilled (the answer left blank)."""
        source, params = self._dated("harmonious", "make_date(year, 1, 1)", as_of, county, reported)
        yes, no, pending = LEDGERS_BY_KEY["harmonious"].column("reached").answers
        return self.conn.execute(
            f"SELECT year, recommender, count(DISTINCT name) AS enterprises, "
            f"count(DISTINCT name) FILTER (WHERE reached IN (?, ?)) AS assessed, "
            f"count(DISTINCT name) FILTER (WHERE reached = ?) AS reached, "
            f"count(DISTINCT name) FILTER (WHERE reached = ?) AS pending, "
            f"count(DISTINCT name) FILTER (WHERE reached IS NULL) AS unfilled FROM {source} "
            f"GROUP BY ALL ORDER BY year, recommender",
            [yes, no, yes, pending, *params],
        ).df()

    def wage_summary(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Surveyed enterprises by year and ownership: surveyed, feedback, individual, skill_guidance, demonstration."""
        source, params = self._dated("wage_survey", "make_date(year, 1, 1)", as_of, county, reported)
        return self.conn.execute(
            f"SELECT year, ownership, count(*) AS surveyed, count(*) FILTER (WHERE feedback) AS feedback, "
            f"count(*) FILTER (WHERE individual_service) AS individual, "
            f"count(*) FILTER (WHERE skill_guidance) AS skill_guidance, "
            f"count(*) FILTER (WHERE demonstration) AS demonstration FROM {source} "
            f"GROUP BY ALL ORDER BY year, ownership",
            params,
        ).df()

    def wage_firsts(self, as_of: date | None = None, county: str | None = None, reported: bool = True) -> pd.DataFrame:
        """Enterprises by the first year they got skills-talent wage guidance or became a
        demonstration enterprise: kind ('skill_guidance' | 'demonstration'), ownership, year, enterprises."""
        source, params = self._dated("wage_survey", "make_date(year, 1, 1)", as_of, county, reported)
        return self.conn.execute(
            f"SELECT kind, ownership, year, count(*) AS enterprises FROM ("
            f"SELECT 'skill_guidance' AS kind, name, arg_min(ownership, year) AS ownership, min(year) AS year "
            f"FROM {source} AND skill_guidance GROUP BY name "
            f"UNION ALL "
            f"SELECT 'demonstration' AS kind, name, arg_min(ownership, year) AS ownership, min(year) AS year "
            f"FROM {source} AND demonstration GROUP BY name"
            f") GROUP BY ALL ORDER BY kind, ownership, year",
            [*params, *params],
        ).df()
