"""A learner's quiz and role-play progress, stored in SQLite in the user's data folder.

Every action (an answer, a hint, a reveal, a role-play choice) is one row written in its own
transaction, so several kernels can write to the same file at once (WAL journal, busy timeout) and
a kernel restart loses nothing. The folder is ``platformdirs.user_data_dir("overdue")``, or the
environment variable ``OVERDUE_DATA_DIR`` when it is set (tests set it to a temporary folder).

A corrupt or unreadable file never stops a learner: it is moved aside (``progress.sqlite3.broken-…``),
a fresh store is started, and `ProgressStore.notice` holds a Chinese message the views show. When no
file can be written at all, the store lives in memory for this session and says so. A stored row
that cannot be read (bad JSON, a retry row without a list of questions) is skipped with one notice.

The file's layout is versioned with ``PRAGMA user_version``: `MIGRATIONS` is the ordered list of
steps from version 0 (a new file, or one written before versions were kept) to `SCHEMA_VERSION`;
opening a file runs the steps it has not had yet, in one transaction, so an old file gains every new
table and column. A file from a newer version of the course is used as it is.

Besides the quiz and role-play attempts, the store keeps the learner's own records (`save_record`,
`load_record`, `clear_record`): the contact log, the letter draft, the action plan, the red-flag
ticks, each as one JSON row that is replaced as the learner works. Personal numbers never reach it:
`save_record` blanks any text holding one (overdue.privacy).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import ui
from ..sqlitebusy import retry_busy

FILE_NAME = "progress.sqlite3"
ENV_DIR = "OVERDUE_DATA_DIR"
BUSY_TIMEOUT_MS = 30_000
OPEN_ATTEMPTS = 10  # tries to open a file another kernel is setting up (see sqlitebusy)
#: (version, SQL statements) in order; a step must leave a file of the previous version usable.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    learner TEXT NOT NULL,
    kind TEXT NOT NULL,          -- quiz | roleplay
    collection TEXT NOT NULL,    -- bank id or role-play id
    item TEXT NOT NULL,          -- question id, scene id, or '' for whole-collection events
    action TEXT NOT NULL,        -- submit | hint | reveal | retry | start | choose
    answer TEXT,                 -- JSON
    correct INTEGER,
    points REAL
);
CREATE INDEX IF NOT EXISTS attempts_by_collection ON attempts (learner, kind, collection, id);
"""),
    (2, """
CREATE TABLE IF NOT EXISTS records (
    learner TEXT NOT NULL,
    name TEXT NOT NULL,          -- contact_log | letter | action_plan | red_flags
    data TEXT NOT NULL,          -- JSON
    at REAL NOT NULL,
    PRIMARY KEY (learner, name)
);
"""),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring an open file up to SCHEMA_VERSION (the steps it has not had, in order, in one
    transaction that waits for other kernels); returns the version before."""
    before = conn.execute("PRAGMA user_version").fetchone()[0]
    if before >= SCHEMA_VERSION:
        return before
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another kernel may have done it
        for target, sql in MIGRATIONS:
            if target <= version:
                continue
            for statement in sql.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before


def data_dir() -> Path:
    """The folder for progress files: $OVERDUE_DATA_DIR, else the platform's user data folder."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("overdue", appauthor=False))


@dataclass(frozen=True)
class Attempt:
    id: int
    at: float
    learner: str
    kind: str
    collection: str
    item: str
    action: str
    answer: Any
    correct: bool | None
    points: float | None


class ProgressStore:
    """The attempts of every learner on this computer (one SQLite file)."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else data_dir() / FILE_NAME
        self.notice: str | None = None  # a Chinese message for the learner when the store was reset
        self._lock = threading.Lock()
        self._conn = self._open()

    # ------------------------------------------------------------------ opening and recovery

    def _connect(self, target: str | Path) -> sqlite3.Connection:
        conn = sqlite3.connect(
            str(target), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if str(target) != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
            conn.execute("SELECT count(*) FROM attempts").fetchone()
            conn.execute("SELECT count(*) FROM records").fetchone()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
        except BaseException:
            conn.close()
            raise
        return conn

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # another kernel setting up the same file at this moment: wait, never call it broken
            return retry_busy(lambda: self._connect(self.path), attempts=OPEN_ATTEMPTS)
        except sqlite3.OperationalError:
            # still locked, unreadable, read-only, disk full: not corruption; keep the file as it is
            return self._in_memory()
        except sqlite3.DatabaseError:  # not a database, malformed, quick_check failed
            return self._recover()
        except OSError:
            return self._in_memory()

    def _recover(self) -> sqlite3.Connection:
        """Move the unusable file aside (kept for inspection) and start a fresh one."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.broken-{stamp}-{os.getpid()}")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                extra = self.path.with_name(self.path.name + suffix)
                if extra.exists():
                    os.replace(extra, aside.with_name(aside.name + suffix))
            conn = self._connect(self.path)
        except (OSError, sqlite3.DatabaseError):
            return self._in_memory()
        self.notice = ui("quiz.store_reset", kept=aside.name)
        return conn

    def _in_memory(self) -> sqlite3.Connection:
        self.notice = ui("quiz.store_memory", path=str(self.path))
        return self._connect(":memory:")

    # ------------------------------------------------------------------ writing and reading

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")

    def record(
        self,
        learner: str,
        kind: str,
        collection: str,
        item: str,
        action: str,
        answer: Any = None,
        correct: bool | None = None,
        points: float | None = None,
    ) -> bool:
        """Store one action in its own transaction (safe with other kernels writing at once).

        Never raises for a storage problem: returns False and sets `notice` when it could not save.
        """
        row = (
            time.time(),
            learner,
            kind,
            collection,
            item,
            action,
            json.dumps(answer, ensure_ascii=False),
            None if correct is None else int(correct),
            points,
        )
        sql = (
            "INSERT INTO attempts (at, learner, kind, collection, item, action, answer, correct, points) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        try:
            with self._transaction() as conn:
                conn.execute(sql, row)
            return True
        except sqlite3.OperationalError:
            # busy past the timeout, disk full, read-only: keep the file, tell the learner, go on
            self.notice = ui("quiz.store_not_saved")
            return False
        except sqlite3.DatabaseError:
            # the file went bad under us: keep it aside and continue in a fresh one
            self._conn.close()
            self._conn = self._recover()
            try:
                with self._transaction() as conn:
                    conn.execute(sql, row)
            except sqlite3.Error:
                self.notice = ui("quiz.store_not_saved")
                return False
            return True

    def attempts(self, learner: str, kind: str, collection: str) -> list[Attempt]:
        """Every stored action of a learner on one bank or role-play, oldest first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, at, learner, kind, collection, item, action, answer, correct, points FROM attempts "
                "WHERE learner = ? AND kind = ? AND collection = ? ORDER BY id",
                (learner, kind, collection),
            ).fetchall()
        out, skipped = [], 0
        for r in rows:
            attempt = _attempt(r)
            if attempt is None:
                skipped += 1
            else:
                out.append(attempt)
        if skipped:
            self.notice = ui("store.rows_skipped", n=skipped)
        return out

    def skipped(self, n: int) -> None:
        """Say (once, as the notice) that `n` stored rows no longer fit the course's content."""
        if n:
            self.notice = ui("store.rows_skipped", n=n)

    # ------------------------------------------------------------------ the learner's own records

    def save_record(self, learner: str, name: str, data: Any, allow_phone: tuple[str, ...] = ()) -> bool:
        """Keep `data` (JSON-able) as the learner's record `name`, replacing the last one. Texts that
        hold a personal number are blanked first (keys in `allow_phone` may hold a phone number).
        Never raises: False (and a notice) when it could not save."""
        from ..privacy import scrub

        try:
            text = json.dumps(scrub(data, allow_phone=allow_phone), ensure_ascii=False, default=str)
            with self._transaction() as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO records (learner, name, data, at) VALUES (?, ?, ?, ?)",
                    (learner, name, text, time.time()),
                )
            return True
        except (sqlite3.Error, TypeError, ValueError):
            self.notice = ui("store.record_not_saved")
            return False

    def load_record(self, learner: str, name: str) -> Any:
        """The record last saved (None when there is none, or it cannot be read: then a notice)."""
        try:
            with self._lock:
                row = self._conn.execute(
                    "SELECT data FROM records WHERE learner = ? AND name = ?", (learner, name)
                ).fetchone()
        except sqlite3.Error:
            self.notice = ui("store.record_unreadable")
            return None
        if row is None:
            return None
        try:
            return json.loads(row[0])
        except (TypeError, ValueError):
            self.notice = ui("store.record_unreadable")
            return None

    def clear_record(self, learner: str, name: str) -> bool:
        """Forget the record `name` of this learner; True when it is gone."""
        try:
            with self._transaction() as conn:
                conn.execute("DELETE FROM records WHERE learner = ? AND name = ?", (learner, name))
            return True
        except sqlite3.Error:
            self.notice = ui("store.record_not_saved")
            return False

    def reset(self, learner: str, kind: str, collection: str) -> int:
        """Forget a learner's progress on one bank or role-play; returns how many rows went."""
        with self._transaction() as conn:
            cur = conn.execute(
                "DELETE FROM attempts WHERE learner = ? AND kind = ? AND collection = ?",
                (learner, kind, collection),
            )
            return cur.rowcount

    def count(self) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM attempts").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _attempt(r: tuple) -> Attempt | None:
    """A stored row as an Attempt, or None when it cannot be read (bad JSON, a
    retry row whose answer is not a list of question ids, a hint row without a hint number)."""
    try:
        answer = json.loads(r[7]) if r[7] else None
    except (TypeError, ValueError):
        return None
    if not isinstance(r[5], str) or not isinstance(r[6], str):
        return None
    if r[6] == "retry" and not (isinstance(answer, list) and all(isinstance(i, str) for i in answer)):
        return None
    if r[6] == "hint" and not (answer is None or (isinstance(answer, int) and not isinstance(answer, bool))):
        return None
    return Attempt(r[0], r[1], r[2], r[3], r[4], r[5], r[6], answer, None if r[8] is None else bool(r[8]),
                   r[9] if isinstance(r[9], (int, float)) else None)


_default: dict[Path, ProgressStore] = {}


def default_store() -> ProgressStore:
    """The shared store for the current data folder (one per folder and process)."""
    path = data_dir() / FILE_NAME
    if path not in _default:
        _default[path] = ProgressStore(path)
    return _default[path]
