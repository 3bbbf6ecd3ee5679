"""The workshop's session store: one SQLite file shared by every Voila kernel and the dashboard.

Each participant's page runs in its own kernel (a separate process), so the only shared state is
this file. It is opened in WAL mode with a busy timeout, and every answer is written in its own
short ``BEGIN IMMEDIATE`` transaction. An answer is keyed by (participant, item, step): sending the
same answer again (a double click, a reload, a retry after a lock) stores nothing new and returns
the row already stored, so nothing is counted twice and nothing is lost.

Where the file lives: ``$OVERDUE_WORKSHOP_DB`` if set, else ``workshop.sqlite3`` in
``$OVERDUE_DATA_DIR`` or the user's data folder (platformdirs).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import ui
from ..sqlitebusy import retry_busy

DB_ENV = "OVERDUE_WORKSHOP_DB"
DATA_DIR_ENV = "OVERDUE_DATA_DIR"
DB_NAME = "workshop.sqlite3"
BUSY_TIMEOUT_MS = 15_000
NICKNAME_MAX = 30
CODE_LENGTH = 4
ITEM_KINDS = ("bank", "roleplay")

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    code        TEXT PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    items       TEXT NOT NULL,              -- JSON list of {"kind": "bank"|"roleplay", "id": ...}
    is_open     INTEGER NOT NULL DEFAULT 1,
    paced       INTEGER NOT NULL DEFAULT 0, -- 1: participants may not go past `current`
    current     INTEGER NOT NULL DEFAULT 0, -- index of the step the instructor shows
    revealed    TEXT NOT NULL DEFAULT '[]', -- JSON list of revealed step indexes
    created_at  REAL NOT NULL,
    updated_at  REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS participants (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
    nickname    TEXT NOT NULL,
    nick_key    TEXT NOT NULL,
    token       TEXT NOT NULL UNIQUE,
    joined_at   REAL NOT NULL,
    UNIQUE (code, nick_key)
);
CREATE TABLE IF NOT EXISTS answers (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
    participant INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
    item        TEXT NOT NULL,              -- bank id or role-play id
    step        TEXT NOT NULL,              -- question id, or the role-play move number
    question    TEXT NOT NULL,              -- question id, or the role-play scene id
    answer      TEXT NOT NULL,              -- canonical JSON of the answer / the choice id
    correct     INTEGER,                    -- 1 / 0, NULL for role-play moves
    created_at  REAL NOT NULL,
    UNIQUE (participant, item, step)
);
CREATE INDEX IF NOT EXISTS answers_by_code ON answers(code, item, question);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class WorkshopError(Exception):
    """A problem a participant or instructor can fix; ``str(exc)`` is a Chinese message."""


class SessionNotFound(WorkshopError):
    pass


class SessionClosed(WorkshopError):
    pass


class BadNickname(WorkshopError):
    pass


def db_path() -> Path:
    """The workshop database file for this process (see the module docstring)."""
    explicit = os.environ.get(DB_ENV)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get(DATA_DIR_ENV)
    if not base:
        import platformdirs

        base = platformdirs.user_data_dir("overdue", appauthor=False)
    return Path(base).expanduser() / DB_NAME


_DIGIT_RUN = re.compile(r"\d{6,}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def clean_nickname(raw: object) -> str:
    """A nickname fit to store, or BadNickname with a Chinese message.

    Whitespace is collapsed and control / direction characters removed. Up to NICKNAME_MAX
    characters. Six or more digits in a row are refused, so that nobody types a phone, ID or card
    number. The text is stored as typed (escaping happens where it is shown).
    """
    text = unicodedata.normalize("NFKC", str(raw or ""))
    text = _CONTROL.sub("", text)
    text = " ".join(text.split())
    if not text:
        raise BadNickname(ui("workshop.err.nickname_empty"))
    if len(text) > NICKNAME_MAX:
        raise BadNickname(ui("workshop.err.nickname_long", n=NICKNAME_MAX))
    if _DIGIT_RUN.search(text.replace(" ", "").replace("-", "")):
        raise BadNickname(ui("workshop.err.nickname_digits"))
    return text


def nickname_key(nickname: str) -> str:
    return unicodedata.normalize("NFKC", nickname).casefold()


def clean_code(raw: object) -> str:
    """Session codes are CODE_LENGTH digits; full-width digits and spaces are accepted."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip().replace(" ", "")
    return text.upper()


def canonical_answer(answer: Any) -> str:
    """A stable JSON text for an answer: lists of option ids are sorted unless order matters."""
    return json.dumps(answer, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class Item:
    kind: str  # "bank" | "roleplay"
    id: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "id": self.id}


@dataclass(frozen=True)
class Session:
    code: str
    title: str
    items: tuple[Item, ...]
    is_open: bool
    paced: bool
    current: int
    revealed: frozenset[int]
    created_at: float
    updated_at: float


@dataclass(frozen=True)
class Participant:
    id: int
    code: str
    nickname: str
    token: str


@dataclass(frozen=True)
class Answer:
    id: int
    code: str
    participant: int
    item: str
    step: str
    question: str
    answer: Any
    correct: bool | None
    created_at: float
    created: bool = field(default=True, compare=False)  # False when this was a resubmission


def _session(row: sqlite3.Row) -> Session:
    items = tuple(Item(d["kind"], d["id"]) for d in json.loads(row["items"]))
    return Session(
        code=row["code"],
        title=row["title"],
        items=items,
        is_open=bool(row["is_open"]),
        paced=bool(row["paced"]),
        current=int(row["current"]),
        revealed=frozenset(json.loads(row["revealed"])),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _answer(row: sqlite3.Row, created: bool = True) -> Answer:
    return Answer(
        id=row["id"],
        code=row["code"],
        participant=row["participant"],
        item=row["item"],
        step=row["step"],
        question=row["question"],
        answer=json.loads(row["answer"]),
        correct=None if row["correct"] is None else bool(row["correct"]),
        created_at=row["created_at"],
        created=created,
    )


class WorkshopStore:
    """All reads and writes of the workshop database. One instance per kernel is enough."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        self._conn.row_factory = sqlite3.Row
        c = self._conn
        c.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        retry_busy(lambda: c.execute("PRAGMA journal_mode=WAL"))
        c.execute("PRAGMA synchronous=FULL")
        c.execute("PRAGMA foreign_keys=ON")
        c.execute("PRAGMA secure_delete=ON")  # deleted nicknames are overwritten, not left in free pages
        retry_busy(lambda: c.executescript(SCHEMA))

    # -- plumbing ---------------------------------------------------------------------------------
    def _write(self, fn):
        """Run fn(conn) inside one BEGIN IMMEDIATE transaction (retried if the file stays locked)."""

        def tx():
            with self._lock:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(self._conn)
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
                return result

        return retry_busy(tx)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return retry_busy(lambda: self._conn.execute(sql, params).fetchall())

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- meta ----------------------------------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        self._write(
            lambda c: c.execute(
                "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )
        )

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key=?", (key,))
        return rows[0]["value"] if rows else default

    # -- sessions ----------------------------------------------------------------------------------
    def create_session(
        self,
        items: Iterable[Item | tuple[str, str] | dict],
        *,
        title: str = "",
        paced: bool = False,
        code: str | None = None,
    ) -> Session:
        """A new open session with a fresh short code (digits only, easy to type on a phone)."""
        norm: list[Item] = []
        for it in items:
            if isinstance(it, dict):
                it = Item(it["kind"], it["id"])
            elif not isinstance(it, Item):
                it = Item(*it)
            if it.kind not in ITEM_KINDS:
                raise ValueError(f"unknown item kind {it.kind!r}")
            norm.append(it)
        if not norm:
            raise WorkshopError(ui("workshop.err.no_items"))
        items_json = json.dumps([i.as_dict() for i in norm], ensure_ascii=False)
        now = time.time()

        def tx(c: sqlite3.Connection) -> str:
            for _ in range(200):
                new = code or "".join(secrets.choice("123456789") for _ in range(CODE_LENGTH))
                if not c.execute("SELECT 1 FROM sessions WHERE code=?", (new,)).fetchone():
                    break
                if code:
                    raise WorkshopError(ui("workshop.err.code_taken", code=code))
            else:  # pragma: no cover - 9**4 codes; only reached with thousands of live sessions
                raise WorkshopError(ui("workshop.err.code_taken", code="?"))
            c.execute(
                "INSERT INTO sessions(code, title, items, paced, created_at, updated_at)"
                " VALUES(?, ?, ?, ?, ?, ?)",
                (new, title.strip()[:60], items_json, int(paced), now, now),
            )
            return new

        return self.get_session(self._write(tx))

    def get_session(self, code: str) -> Session:
        rows = self._read("SELECT * FROM sessions WHERE code=?", (clean_code(code),))
        if not rows:
            raise SessionNotFound(ui("workshop.err.no_session", code=clean_code(code)))
        return _session(rows[0])

    def sessions(self) -> list[Session]:
        """All sessions, newest first."""
        return [_session(r) for r in self._read("SELECT * FROM sessions ORDER BY created_at DESC")]

    def _update_session(self, code: str, sql: str, params: Sequence[Any]) -> Session:
        def tx(c: sqlite3.Connection) -> None:
            cur = c.execute(f"UPDATE sessions SET {sql}, updated_at=? WHERE code=?", (*params, time.time(), code))
            if cur.rowcount == 0:
                raise SessionNotFound(ui("workshop.err.no_session", code=code))

        self._write(tx)
        return self.get_session(code)

    def set_open(self, code: str, is_open: bool) -> Session:
        return self._update_session(code, "is_open=?", (int(is_open),))

    def set_current(self, code: str, index: int) -> Session:
        return self._update_session(code, "current=?", (max(0, int(index)),))

    def set_paced(self, code: str, paced: bool) -> Session:
        return self._update_session(code, "paced=?", (int(paced),))

    def reveal(self, code: str, index: int, revealed: bool = True) -> Session:
        s = self.get_session(code)
        now = set(s.revealed)
        (now.add if revealed else now.discard)(int(index))
        return self._update_session(code, "revealed=?", (json.dumps(sorted(now)),))

    def delete_session(self, code: str) -> int:
        """Delete a session with its participants and answers; returns the number of answers removed."""

        def tx(c: sqlite3.Connection) -> int:
            n = c.execute("SELECT COUNT(*) FROM answers WHERE code=?", (code,)).fetchone()[0]
            c.execute("DELETE FROM answers WHERE code=?", (code,))
            c.execute("DELETE FROM participants WHERE code=?", (code,))
            c.execute("DELETE FROM sessions WHERE code=?", (code,))
            return n

        n = self._write(tx)
        with self._lock:  # move the deletion out of the WAL into the main (zeroed) pages
            retry_busy(lambda: self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
        return n

    # -- participants ------------------------------------------------------------------------------
    def join(self, code: str, nickname: str) -> Participant:
        """Join an open session; the same nickname again (any case) resumes that participant."""
        code = clean_code(code)
        nickname = clean_nickname(nickname)
        key = nickname_key(nickname)

        def tx(c: sqlite3.Connection) -> Participant:
            s = c.execute("SELECT is_open FROM sessions WHERE code=?", (code,)).fetchone()
            if s is None:
                raise SessionNotFound(ui("workshop.err.no_session", code=code))
            row = c.execute(
                "SELECT id, code, nickname, token FROM participants WHERE code=? AND nick_key=?", (code, key)
            ).fetchone()
            if row is not None:
                return Participant(row["id"], row["code"], row["nickname"], row["token"])
            if not s["is_open"]:
                raise SessionClosed(ui("workshop.err.closed"))
            token = secrets.token_urlsafe(12)
            cur = c.execute(
                "INSERT INTO participants(code, nickname, nick_key, token, joined_at) VALUES(?, ?, ?, ?, ?)",
                (code, nickname, key, token, time.time()),
            )
            return Participant(cur.lastrowid, code, nickname, token)

        return self._write(tx)

    def participant_by_token(self, token: str) -> Participant | None:
        rows = self._read("SELECT id, code, nickname, token FROM participants WHERE token=?", (str(token),))
        return Participant(*tuple(rows[0])) if rows else None

    def participant_count(self, code: str) -> int:
        return self._read("SELECT COUNT(*) FROM participants WHERE code=?", (code,))[0][0]

    # -- answers -----------------------------------------------------------------------------------
    def record_answer(
        self,
        participant: Participant | int,
        item: str,
        step: str,
        question: str,
        answer: Any,
        correct: bool | None,
    ) -> Answer:
        """Store one answer in one transaction. A resubmission returns the first stored row.

        Raises SessionClosed when the session was closed (the answer is not stored).
        """
        pid = participant.id if isinstance(participant, Participant) else int(participant)
        text = canonical_answer(answer)
        flag = None if correct is None else int(bool(correct))

        def tx(c: sqlite3.Connection) -> Answer:
            row = c.execute(
                "SELECT s.code, s.is_open FROM participants p JOIN sessions s ON s.code=p.code WHERE p.id=?",
                (pid,),
            ).fetchone()
            if row is None:
                raise SessionNotFound(ui("workshop.err.no_session", code="?"))
            old = c.execute(
                "SELECT * FROM answers WHERE participant=? AND item=? AND step=?", (pid, item, str(step))
            ).fetchone()
            if old is not None:
                return _answer(old, created=False)
            if not row["is_open"]:
                raise SessionClosed(ui("workshop.err.closed"))
            cur = c.execute(
                "INSERT INTO answers(code, participant, item, step, question, answer, correct, created_at)"
                " VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
                (row["code"], pid, item, str(step), question, text, flag, time.time()),
            )
            new = c.execute("SELECT * FROM answers WHERE id=?", (cur.lastrowid,)).fetchone()
            return _answer(new, created=True)

        return self._write(tx)

    def answers_of(self, participant: Participant | int, item: str | None = None) -> list[Answer]:
        """One participant's own answers, oldest first (for resuming)."""
        pid = participant.id if isinstance(participant, Participant) else int(participant)
        if item is None:
            rows = self._read("SELECT * FROM answers WHERE participant=? ORDER BY id", (pid,))
        else:
            rows = self._read("SELECT * FROM answers WHERE participant=? AND item=? ORDER BY id", (pid, item))
        return [_answer(r) for r in rows]

    def answers(self, code: str) -> list[Answer]:
        return [_answer(r) for r in self._read("SELECT * FROM answers WHERE code=? ORDER BY id", (code,))]

    def answer_count(self, code: str | None = None) -> int:
        if code is None:
            return self._read("SELECT COUNT(*) FROM answers")[0][0]
        return self._read("SELECT COUNT(*) FROM answers WHERE code=?", (code,))[0][0]

    def tally(self, code: str) -> dict[tuple[str, str], dict[str, Any]]:
        """Per (item, question): {"answers": {answer_json: n}, "n": n, "correct": n_correct}."""
        out: dict[tuple[str, str], dict[str, Any]] = {}
        rows = self._read(
            "SELECT item, question, answer, COUNT(*) AS n, SUM(COALESCE(correct, 0)) AS ok"
            " FROM answers WHERE code=? GROUP BY item, question, answer",
            (code,),
        )
        for r in rows:
            entry = out.setdefault((r["item"], r["question"]), {"answers": {}, "n": 0, "correct": 0})
            entry["answers"][r["answer"]] = r["n"]
            entry["n"] += r["n"]
            entry["correct"] += r["ok"] or 0
        return out

    def change_marker(self, code: str) -> tuple:
        """Cheap fingerprint of a session's state; the dashboard redraws only when it changes."""
        rows = self._read(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM answers WHERE code=?),"
            " (SELECT COUNT(*) FROM answers WHERE code=?),"
            " (SELECT COUNT(*) FROM participants WHERE code=?),"
            " (SELECT updated_at FROM sessions WHERE code=?)",
            (code, code, code, code),
        )
        return tuple(rows[0])

    def export_rows(self, code: str) -> list[dict[str, Any]]:
        """Rows for the CSV export: nickname, item, question, answer, correct, time."""
        rows = self._read(
            "SELECT p.nickname, a.item, a.step, a.question, a.answer, a.correct, a.created_at"
            " FROM answers a JOIN participants p ON p.id=a.participant WHERE a.code=? ORDER BY a.id",
            (code,),
        )
        return [dict(r) for r in rows]
