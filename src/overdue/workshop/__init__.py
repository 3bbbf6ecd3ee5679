"""Workshop mode: live quiz sessions shared by many Voila kernels through one SQLite file.

    from overdue.workshop import ParticipantApp, Dashboard, WorkshopStore, session_stats
    ParticipantApp().widget        # the page participants open (notebooks/instructor/live_quiz.ipynb)
    Dashboard().widget             # the instructor's live dashboard (class_dashboard.ipynb)
    session_stats("4821")          # the dashboard's numbers, as plain data

Serve it with ``python -m overdue.workshop.serve --host 0.0.0.0 --port 8866`` (``make workshop``).
"""

from __future__ import annotations

from typing import Any

from .store import (
    Answer,
    BadNickname,
    Item,
    Participant,
    Session,
    SessionClosed,
    SessionNotFound,
    WorkshopError,
    WorkshopStore,
    clean_nickname,
    db_path,
)

_LAZY = {
    "ParticipantApp": ".participant",
    "ParticipantFlow": ".flow",
    "Dashboard": ".dashboard",
    "session_stats": ".stats",
    "SessionStats": ".stats",
    "StepStats": ".stats",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Answer",
    "BadNickname",
    "Item",
    "Participant",
    "Session",
    "SessionClosed",
    "SessionNotFound",
    "WorkshopError",
    "WorkshopStore",
    "clean_nickname",
    "db_path",
    *_LAZY,
]
