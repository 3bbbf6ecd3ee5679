"""One rule for the course's databases, shared by the learner's progress store and the workshop
store: "database is locked" or "busy" means another kernel is writing right now. It is waited out
and tried again; it is never a sign of a broken file.

SQLite's busy timeout covers most waits, but not all: two connections that set up a new file at
the same moment (WAL journal, schema) can get SQLITE_BUSY at once, without waiting.

The workshop store may also sit on PostgreSQL (`overdue.workshop.db`); there the same rule covers
a transaction the server cancelled because another one got in its way (serialisation failure,
deadlock), which PostgreSQL's manual says to retry as a whole. Errors wrapped by SQLAlchemy are
judged by the database's own error inside them.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# SQLSTATE codes PostgreSQL documents as "retry the transaction": serialization_failure,
# deadlock_detected.
PG_RETRY_STATES = frozenset({"40001", "40P01"})


def _driver_error(exc: BaseException) -> BaseException:
    """The database driver's own error (SQLAlchemy keeps it in ``.orig``)."""
    return getattr(exc, "orig", None) or exc


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database table is locked" / busy errors, and for
    PostgreSQL's serialisation failures and deadlocks."""
    inner = _driver_error(exc)
    if isinstance(inner, sqlite3.OperationalError):
        text = str(inner).lower()
        return "locked" in text or "busy" in text
    return getattr(inner, "sqlstate", None) in PG_RETRY_STATES


def retry_busy(
    fn: Callable[[], T],
    attempts: int = 5,
    pause: float = 0.05,
    when: Callable[[BaseException], bool] = is_busy,
) -> T:
    """fn(), tried again after a growing pause while the database says it is busy (``when``); the
    last attempt's error (or any other error) is raised."""
    for i in range(attempts):
        try:
            return fn()
        except Exception as exc:
            if not when(exc) or i == attempts - 1:
                raise
            time.sleep(pause * (i + 1))
    raise AssertionError("unreachable")  # pragma: no cover
