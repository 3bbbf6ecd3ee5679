"""A learner's quiz and role-play progress, stored in SQLite in the user's data folder.

Every action (an answer, a hint, a reveal, a role-play choice) is one row written in its own
transaction, so several kernels can write to the same file at once (WAL journal, busy timeout) and
a kernel restart loses nothing. The folder is ``platformdirs.user_data_dir("overdue")``, or the
environment variable ``OVERDUE_DATA_DIR`` when it is set (tests set it to a temporary folder).

A corrupt or unreadable file never stops a learner: it is moved aside (``progress.sqlite3.broken-…``),
a fresh store is started, and `ProgressStore.notice` holds a Chinese message the views show. When no
file can be written at all, the store lives in memory for this session and says so.
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
SCHEMA_VERSION = 1

SCHEMA = """
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
"""


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
            conn.executescript(SCHEMA)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("SELECT count(*) FROM attempts").fetchone()
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
        return [
            Attempt(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                json.loads(r[7]) if r[7] else None,
                None if r[8] is None else bool(r[8]),
                r[9],
            )
            for r in rows
        ]

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


_default: dict[Path, ProgressStore] = {}


def default_store() -> ProgressStore:
    """The shared store for the current data folder (one per folder and process)."""
    path = data_dir() / FILE_NAME
    if path not in _default:
        _default[path] = ProgressStore(path)
    return _default[path]
