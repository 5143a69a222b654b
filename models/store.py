"""The SQLite store: one file through the standard sqlite3 module, actions, migrations, errors.

Every user action runs inside ``Store.action()`` (one transaction; ui/operations.py is the only
caller in the window). SQLite failures a user can meet (disk full, read-only, locked, busy,
corrupt) come out as ``StoreError`` with a Chinese message; anything else is a bug and is raised
as it is. (sqlite-utils was dropped: its writes manage their own savepoints and commits, and the
hand-written, numbered schema steps need none of its table helpers.)
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from models import schema
from models.changes import ChangeLog

# the failure kinds live below the store; they stay importable from here, where callers look first
from models.errors import StoreError, ValidationError, reraise, translate_error  # noqa: F401
from models.safety.pin import FilePin


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that works in a read-only folder too.

    There SQLite cannot make the -shm a WAL database needs and refuses with an English
    "attempt to write a readonly database". With no changes waiting in a -wal the file alone is
    complete, so it is read as immutable; with changes waiting, say that in Chinese.
    """
    uri = Path(path).resolve().as_uri()
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, check_same_thread=False, isolation_level=None)
    try:
        conn.execute("PRAGMA user_version").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        text = str(exc).lower()
        if "readonly" not in text and "read-only" not in text and "unable to open" not in text:
            raise
    wal = Path(path).with_name(Path(path).name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        raise StoreError(f"数据库所在的文件夹不可写入，而它的日志文件中还有没写进数据库的修改：\n{wal}\n\n"
                         "以只读方式无法读到这些修改。请把数据库文件连同同名的 -wal、-shm 文件一起复制到"
                         "可写的文件夹后再打开。程序没有改动这些文件。", "readonly_wal")
    return sqlite3.connect(uri + "?mode=ro&immutable=1", uri=True, check_same_thread=False,
                           isolation_level=None)


def now_text() -> str:
    """Timestamps are stored as local time text, second precision, sortable."""
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def current_os_user() -> str:
    for var in ("USERNAME", "USER", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    return "未知用户"


class Store:
    """An open database. Pass it into constructors; there is no global instance."""

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False, create: bool = True):
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        self.read_only = read_only
        self._lock = threading.RLock()
        self._depth = 0
        self.pin: FilePin | None = None
        self._action: ChangeLog | None = None
        self._undo: list[Callable[[], None]] = []
        self.commits = 0   # write transactions committed: tests check one per user action
        # bumped when the content is replaced without statements (a restore through the backup API),
        # which neither total_changes nor PRAGMA data_version see; see ``data_stamp``
        self.generation = 0
        self._kept: dict[str, dict] = {}   # ``kept``: values read from the data, by name and key
        # called just before each COMMIT: raises StoreError when this copy may no longer write
        # (its lock was taken over); other connections of the same window share the window's guard
        self.commit_guard: Callable[[], None] | None = None
        self.known_damaged = False     # the full check found damage (backups then rotate nothing out)
        self.check_passed = False      # a check of the file passed this session (models/safety/seal.py)
        self.migrated_from: int | None = None
        self.pre_migration_copy: Path | None = None
        try:
            if self.path != Path(":memory:"):
                if not create and not self.path.exists():
                    raise StoreError(f"数据库文件不存在：{self.path}", "open")
                self.path.parent.mkdir(parents=True, exist_ok=True)
            if read_only and self.path.exists():
                conn = connect_read_only(self.path)
            else:
                conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 3000")
            self.conn = conn
            version = self.user_version()
            if version > schema.CURRENT_VERSION:
                conn.close()
                raise StoreError(
                    f"此数据库由更新版本的程序创建（数据版本 {version}，本程序支持到 {schema.CURRENT_VERSION}）。"
                    "请安装新版本程序后再打开，以免损坏数据。", "too_new")
            conn.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                conn.execute("PRAGMA journal_mode = WAL")
                # FULL: a commit reported done survives power loss too, not only a killed program
                conn.execute("PRAGMA synchronous = FULL")
                if version < schema.CURRENT_VERSION:
                    self._migrate(version)
        except (sqlite3.Error, OSError) as exc:
            reraise(exc, self.path)
        self.user = self.get_setting("user_name") or current_os_user()
        if self.path != Path(":memory:"):
            # after the WAL is set up and read: a stray close() in this process cannot unlock it
            self.pin = FilePin(self.path)
            self.pin.hold()

    # ----- basics ---------------------------------------------------------------------
    def user_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        if self.pin is not None:
            self.pin.loosen()    # so the close can checkpoint and tidy the WAL as usual
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        if self.pin is not None:
            self.pin.close()
            self.pin = None

    @contextmanager
    def action(self) -> Iterator[ChangeLog]:
        """One user action: all its writes are one transaction, begun at the first write (so files
        can be copied in before it) and committed when the action ends; on any failure it rolls
        back and the ``on_rollback`` steps run (files copied for it are removed). The log it yields
        says what changed. Nested actions join the outer one."""
        if self._action is not None:
            yield self._action
            return
        with self._lock:
            log = ChangeLog()
            self._action = log
            self.conn.set_authorizer(log.authorize)
            try:
                yield log
                if self.conn.in_transaction:
                    if self.commit_guard is not None:
                        self.commit_guard()
                    self.conn.execute("COMMIT")
                    self.commits += 1
            except BaseException as exc:
                self._rollback()
                log.rollback()
                if isinstance(exc, (sqlite3.Error, OSError)):
                    reraise(exc, self.path)
                raise
            finally:
                self.conn.set_authorizer(None)
                self._action = None

    def on_rollback(self, undo: Callable[[], None]) -> None:
        """Run ``undo`` if the action (or transaction) now running is rolled back."""
        if self._action is not None:
            self._action.on_rollback.append(undo)
        elif self._depth:
            self._undo.append(undo)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write. On its own it is one transaction; inside an action it joins the action's one
        transaction as a savepoint, so a step that fails and is caught (a dry run) leaves nothing."""
        if self.read_only:
            raise StoreError("数据库以只读方式打开，不能修改。", "readonly")
        with self._lock:
            outer = self._depth == 0
            own = outer and self._action is None
            step = outer and not own
            try:
                if outer and not self.conn.in_transaction:
                    self.conn.execute("BEGIN IMMEDIATE")
                if step:
                    self.conn.execute("SAVEPOINT action_step")
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                if step:
                    self.conn.execute("RELEASE action_step")
                if own:
                    if self.commit_guard is not None:
                        self.commit_guard()
                    self.conn.execute("COMMIT")
                    self.commits += 1
                    self._undo.clear()
            except BaseException as exc:
                if step and self.conn.in_transaction:
                    try:
                        self.conn.execute("ROLLBACK TO action_step")
                        self.conn.execute("RELEASE action_step")
                    except sqlite3.Error:
                        pass
                if own:
                    self._rollback()
                    undo, self._undo = self._undo, []
                    for undo_step in reversed(undo):
                        try:
                            undo_step()
                        except OSError:
                            pass
                if isinstance(exc, (sqlite3.Error, OSError)):
                    reraise(exc, self.path)
                raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def query(self, sql: str, params: tuple | list | dict = ()) -> list[sqlite3.Row]:
        try:
            with self._lock:
                cur = self.conn.execute(sql, params)
                cols = [d[0] for d in cur.description] if cur.description else []
                return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
        except sqlite3.Error as exc:
            reraise(exc, self.path)

    def query_one(self, sql: str, params: tuple | list | dict = ()) -> dict | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: tuple | list | dict = ()):
        try:
            with self._lock:
                row = self.conn.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            reraise(exc, self.path)
        return row[0] if row else None

    def column(self, sql: str, params: tuple | list | dict = ()) -> list:
        try:
            with self._lock:
                return [r[0] for r in self.conn.execute(sql, params).fetchall()]
        except sqlite3.Error as exc:
            reraise(exc, self.path)

    def ids(self, sql: str, params: tuple | list | dict = ()) -> list[int]:
        """The ``id`` column of ``sql`` (integers, in its order) fetched as one JSON array: for
        100,000 ids about three times faster than a row tuple per id. (An aggregate over an
        ordered subquery keeps its order: SQLite does not flatten it.)"""
        try:
            with self._lock:
                text = self.conn.execute(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()[0]
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from exc
        return json.loads(text) if text else []

    def query_rows(self, sql: str, params: tuple | list | dict = ()) -> list[tuple]:
        """Plain tuples, for large result sets where dicts would cost too much."""
        try:
            with self._lock:
                return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            reraise(exc, self.path)

    def execute(self, sql: str, params: tuple | list | dict = ()) -> sqlite3.Cursor:
        """Run a write inside the current transaction (or its own one)."""
        with self.transaction() as conn:
            return conn.execute(sql, params)

    def replaced(self) -> None:
        """The whole content was replaced underneath this connection (a restore)."""
        self.generation += 1

    def data_stamp(self) -> tuple[int, int, int]:
        """Changes whenever the data may have changed: a write on this connection, a commit on
        another one, a restore. For things kept in memory until then (the ledger's ordered ids)."""
        return self.generation, self.conn.total_changes, self.scalar("PRAGMA data_version")

    def kept(self, name: str, key: object, make: Callable[[], object], limit: int = 4):
        """``make()``, kept in memory until the data may have changed (``data_stamp``); at most
        ``limit`` keys per ``name`` (the ledger's ordered ids, a unit's problems). Callers must not
        change what they get."""
        stamp = self.data_stamp()
        cache = self._kept.setdefault(name, {})
        hit = cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = make()
        if len(cache) >= limit:
            cache.clear()
        cache[key] = (stamp, value)
        return value

    # ----- settings --------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        try:
            with self._lock:
                row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return default
        return row[0] if row and row[0] is not None else default

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO settings(key, value) VALUES(?, ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
        if key == "user_name":
            self.user = value or current_os_user()

    # ----- replacing the whole database ------------------------------------------------
    def replace_content(self, source: sqlite3.Connection,
                        progress: Callable[[int, int], None] | None = None) -> None:
        """The one way the whole database is replaced (从备份恢复, in the menu or after the full
        check found damage; models/safety/restore.restore_into is its only caller, which first
        checks the backup and keeps a 恢复前 copy).

        ``source`` (a checked backup, opened read-only) is copied over this file by SQLite's
        backup API through this store's own connection, under its lock: one write transaction,
        so a program killed halfway leaves the old data, never a mix. The file is not swapped on
        disk: another connection (a background read, another copy of the program) keeps its handle
        and would then read the old file's WAL against the new one; SQLite's locks keep them
        right. Afterwards the connection is set up again as on opening (WAL, foreign keys, an
        older data version migrated) and the store forgets what it knew of the old content."""
        if self.read_only:
            raise StoreError("数据库以只读方式打开，不能恢复备份。", "readonly")
        with self._lock:
            if self._depth or self.conn.in_transaction:   # (an action that has not written yet may hold it)
                raise RuntimeError("replace_content inside an open transaction")
            if self.commit_guard is not None:
                self.commit_guard()      # this copy may still write the file (its lock holds)

            def report(_status: int, remaining: int, total: int) -> None:
                if progress is not None:
                    progress(total - remaining, total)

            try:
                try:
                    # in WAL mode SQLite cannot change the page size; a backup made elsewhere may differ
                    other_size = (source.execute("PRAGMA page_size").fetchone()[0]
                                  != self.conn.execute("PRAGMA page_size").fetchone()[0])
                    if other_size and self.pin is not None:
                        self.pin.loosen()     # leaving WAL mode needs SQLite's EXCLUSIVE lock
                    if other_size and self.conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] != "delete":
                        raise StoreError("这个备份的页面大小与当前数据库不同，而当前数据库正被其他程序使用，"
                                         "暂时不能恢复。请关闭其他正在使用该文件的程序后重试。", "locked")
                    source.backup(self.conn, pages=256, progress=report)
                    self.conn.execute("PRAGMA journal_mode = WAL")
                    self.conn.execute("PRAGMA foreign_keys = ON")
                    version = self.user_version()
                    if version < schema.CURRENT_VERSION:
                        self._migrate(version)
                finally:
                    self.replaced()        # even a restore that stopped halfway: drop what was kept
                    if self.pin is not None:
                        self.pin.hold()    # a mode change made a new -shm: the pin follows it
            except sqlite3.Error as exc:
                reraise(exc, self.path)
            self.user = self.get_setting("user_name") or self.user
            self.known_damaged = False

    # ----- migrations ------------------------------------------------------------------
    def _migrate(self, version: int) -> None:
        """Run numbered steps after a copy of the file; all in one transaction."""
        if version > 0 and self.path != Path(":memory:") and self.path.exists():
            from models.safety.backup import REASON_MIGRATION, make_backup  # safety imports store

            # into <stem>_备份/ with the other backups (rotation keeps it as one of the newest)
            self.pre_migration_copy = make_backup(self, f"{REASON_MIGRATION}v{version}")
        self.migrated_from = version
        conn = self.conn
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            conn.execute("BEGIN IMMEDIATE")
            for number, step in schema.steps_after(version):
                step(conn)
                conn.execute(f"PRAGMA user_version = {int(number)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.execute("PRAGMA foreign_keys = ON")
