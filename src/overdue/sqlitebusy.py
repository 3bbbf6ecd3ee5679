"""One rule for the course's SQLite files, shared by the learner's progress store and the workshop
store: "database is locked" or "busy" means another kernel is writing right now. It is waited out
and tried again; it is never a sign of a broken file.

SQLite's busy timeout covers most waits, but not all: two connections that set up a new file at
the same moment (WAL journal, schema) can get SQLITE_BUSY at once, without waiting.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database table is locked" / busy errors."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def retry_busy(fn: Callable[[], T], attempts: int = 5, pause: float = 0.05) -> T:
    """fn(), tried again after a growing pause while SQLite says the file is busy; the last
    attempt's error (or any other error) is raised."""
    for i in range(attempts):
        try:
            return fn()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or i == attempts - 1:
                raise
            time.sleep(pause * (i + 1))
    raise AssertionError("unreachable")  # pragma: no cover
