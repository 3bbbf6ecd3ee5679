"""The workshop's session store: one database shared by every Voila kernel and the dashboard.

Each participant's page runs in its own kernel (a separate process), so the only shared state is
this database: a SQLite file by default, or a PostgreSQL database when the class is larger than
one machine (`overdue.workshop.db`: one table definition for both, schema versions by Alembic).
Every answer is written in its own short transaction (SQLite: ``BEGIN IMMEDIATE``). An answer is
keyed by (participant, item, step): sending the same answer again (a double click, a reload, a
retry after a lock) stores nothing new and returns the row already stored, so nothing is counted
twice and nothing is lost. A transaction the database refuses because another one was in its way
(SQLite busy, PostgreSQL serialisation failure, deadlock, or two kernels inserting the same key at
once) is tried again as a whole.

Where it is: ``$OVERDUE_WORKSHOP_DB`` if set (a file path, or a ``postgresql://`` URL), else
``workshop.sqlite3`` in ``$OVERDUE_DATA_DIR`` or the user's data folder (platformdirs).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from ..i18n import ui
from ..sqlitebusy import is_busy, retry_busy
from . import db
from .db import answers as T_ANSWERS
from .db import meta as T_META
from .db import participants as T_PARTICIPANTS
from .db import sessions as T_SESSIONS

DB_ENV = "OVERDUE_WORKSHOP_DB"
DATA_DIR_ENV = "OVERDUE_DATA_DIR"
DB_NAME = "workshop.sqlite3"
BUSY_TIMEOUT_MS = 15_000
NICKNAME_MAX = 30
CODE_LENGTH = 4
ITEM_KINDS = ("bank", "roleplay")
WRITE_ATTEMPTS = 8
# PostgreSQL: two kernels inserting the same participant or answer at the same moment; the one that
# lost the race is run again and finds the row the other stored.
PG_UNIQUE_VIOLATION = "23505"


# meta keys: "page:<participant token>" (a page holds that participant, overdue.workshop.flow),
# "exports:<code>" (files exported for a session), the participants' server's last beat
PRESENCE_PREFIX = "page:"
EXPORTS_PREFIX = "exports:"
SERVER_BEAT_KEY = "server_heartbeat"


class WorkshopError(Exception):
    """A problem a participant or instructor can fix; ``str(exc)`` is a Chinese message."""


class SessionNotFound(WorkshopError):
    pass


class SessionClosed(WorkshopError):
    pass


class BadNickname(WorkshopError):
    pass


class DatabaseUnavailable(WorkshopError):
    """The database in OVERDUE_WORKSHOP_DB cannot be opened (a wrong URL or password, a server down)."""


def data_dir() -> Path:
    """``$OVERDUE_DATA_DIR``, else the user's data folder: where local files (exports, logs) go."""
    base = os.environ.get(DATA_DIR_ENV)
    if not base:
        import platformdirs

        base = platformdirs.user_data_dir("overdue", appauthor=False)
    return Path(base).expanduser()


def db_path() -> Path:
    """The workshop's SQLite file for this process (see the module docstring). When
    ``$OVERDUE_WORKSHOP_DB`` is a database URL, use `database_url` instead."""
    explicit = os.environ.get(DB_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return data_dir() / DB_NAME


def database_url(value: str | os.PathLike | None = None) -> str:
    """Where the workshop database is, as given (``value``, else ``$OVERDUE_WORKSHOP_DB``, else the
    default file): a database URL unchanged, a file path made absolute."""
    target = str(value) if value else os.environ.get(DB_ENV) or str(db_path())
    if db.is_url(target):
        return target
    return str(Path(target).expanduser().resolve())


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
    hold: bool = False  # 先不公布答案: phones keep right/wrong until the step is revealed
    anchor: int = 0  # the step a paced session last jumped to (phones skip unfinished ones before it)


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


@dataclass(frozen=True)
class Removed:
    """What deleting a session removed from the database."""

    answers: int
    participants: int
    presence: int  # presence records of its participants' pages
    exports: tuple[str, ...]  # files recorded as exported for it (not deleted by the store)


def _json_list(raw: str | None) -> list[str]:
    try:
        value = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _session(row: Mapping[str, Any]) -> Session:
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
        hold=bool(row["hold_feedback"]),
        anchor=int(row["anchor"]),
    )


def _answer(row: Mapping[str, Any], created: bool = True) -> Answer:
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
        """``path``: a SQLite file, or a database URL; default `database_url` (the environment).

        ``self.path`` is the SQLite file; on PostgreSQL it names no file, but its folder (the data
        folder) is still where exports and the error log go.
        """
        self.url = database_url(path)
        file = db.sqlite_file(self.url)
        self.path = file if file is not None else data_dir() / "workshop-postgresql"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        unreachable = DatabaseUnavailable(ui("workshop.err.db_unreachable", where=db.redacted(self.url)))
        try:
            self.engine = db.make_engine(self.url, busy_timeout_ms=BUSY_TIMEOUT_MS)
        except (SQLAlchemyError, ImportError) as exc:  # a URL that names no usable database
            raise unreachable from exc
        try:
            db.upgrade(self.engine)
        except BaseException as exc:
            self.engine.dispose()
            if isinstance(exc, (OperationalError, InterfaceError)) and not is_busy(exc):
                raise unreachable from exc
            raise

    @property
    def backend(self) -> str:
        """The database in use: ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    # -- plumbing ---------------------------------------------------------------------------------
    @staticmethod
    def _retry_write(exc: BaseException) -> bool:
        """Busy, serialisation failure, deadlock, a lost connection, or (PostgreSQL) a race to
        insert the same key: the whole transaction is run again."""
        if is_busy(exc) or getattr(exc, "connection_invalidated", False):
            return True
        return getattr(getattr(exc, "orig", None), "sqlstate", None) == PG_UNIQUE_VIOLATION

    def _write(self, fn):
        """Run fn(conn) inside one write transaction (SQLite: BEGIN IMMEDIATE), run again as a
        whole while the database says another transaction was in the way."""

        def tx():
            with self.engine.connect() as conn:
                db.write_options(conn)
                with conn.begin():
                    return fn(conn)

        return retry_busy(tx, attempts=WRITE_ATTEMPTS, when=self._retry_write)

    def _read(self, stmt) -> list[Mapping[str, Any]]:
        def run():
            with self.engine.connect() as conn:
                return list(conn.execute(stmt).mappings())

        return retry_busy(run, attempts=WRITE_ATTEMPTS)

    def close(self) -> None:
        self.engine.dispose()

    # -- meta ----------------------------------------------------------------------------------------
    def set_meta(self, key: str, value: str) -> None:
        def tx(c: Connection) -> None:
            if c.execute(update(T_META).where(T_META.c.key == key).values(value=value)).rowcount == 0:
                c.execute(insert(T_META).values(key=key, value=value))

        self._write(tx)

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        rows = self._read(select(T_META.c.value).where(T_META.c.key == key))
        return rows[0]["value"] if rows else default

    # -- sessions ----------------------------------------------------------------------------------
    def create_session(
        self,
        items: Iterable[Item | tuple[str, str] | dict],
        *,
        title: str = "",
        paced: bool = False,
        hold: bool | None = None,
        code: str | None = None,
    ) -> Session:
        """A new open session with a fresh short code (digits only, easy to type on a phone).

        `items` in the order the class takes them. `hold` (先不公布答案): phones keep right/wrong and
        the explanation until the instructor reveals the step; by default on when `paced` is."""
        hold = paced if hold is None else hold
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

        def tx(c: Connection) -> str:
            for _ in range(200):
                new = code or "".join(secrets.choice("123456789") for _ in range(CODE_LENGTH))
                if c.execute(select(T_SESSIONS.c.code).where(T_SESSIONS.c.code == new)).first() is None:
                    break
                if code:
                    raise WorkshopError(ui("workshop.err.code_taken", code=code))
            else:  # pragma: no cover - 9**4 codes; only reached with thousands of live sessions
                raise WorkshopError(ui("workshop.err.code_taken", code="?"))
            c.execute(
                insert(T_SESSIONS).values(
                    code=new, title=title.strip()[:60], items=items_json, paced=int(paced),
                    hold_feedback=int(bool(hold)),
                    created_at=now, updated_at=now,
                )
            )
            return new

        return self.get_session(self._write(tx))

    def get_session(self, code: str) -> Session:
        rows = self._read(select(T_SESSIONS).where(T_SESSIONS.c.code == clean_code(code)))
        if not rows:
            raise SessionNotFound(ui("workshop.err.no_session", code=clean_code(code)))
        return _session(rows[0])

    def sessions(self) -> list[Session]:
        """All sessions, newest first."""
        return [_session(r) for r in self._read(select(T_SESSIONS).order_by(T_SESSIONS.c.created_at.desc()))]

    def _update_session(self, code: str, **values: Any) -> Session:
        def tx(c: Connection) -> None:
            stmt = update(T_SESSIONS).where(T_SESSIONS.c.code == code).values(**values, updated_at=time.time())
            if c.execute(stmt).rowcount == 0:
                raise SessionNotFound(ui("workshop.err.no_session", code=code))

        self._write(tx)
        return self.get_session(code)

    def set_open(self, code: str, is_open: bool) -> Session:
        return self._update_session(code, is_open=int(is_open))

    def set_current(self, code: str, index: int) -> Session:
        return self._update_session(code, current=max(0, int(index)))

    def set_paced(self, code: str, paced: bool) -> Session:
        return self._update_session(code, paced=int(paced))

    def set_hold(self, code: str, hold: bool) -> Session:
        """先不公布答案 on or off for a session."""
        return self._update_session(code, hold_feedback=int(bool(hold)))

    def jump(self, code: str, index: int) -> Session:
        """跳到…: the class goes to step `index`. In a paced session the phones follow: they show
        that step (steps before it that a participant has not done are left behind)."""
        index = max(0, int(index))
        return self._update_session(code, current=index, anchor=index)

    def reveal(self, code: str, index: int, revealed: bool = True) -> Session:
        s = self.get_session(code)
        now = set(s.revealed)
        (now.add if revealed else now.discard)(int(index))
        return self._update_session(code, revealed=json.dumps(sorted(now)))

    def delete_session(self, code: str) -> int:
        """Delete a session with its participants and answers; returns the number of answers removed."""
        return self.remove_session(code).answers

    def remove_session(self, code: str) -> Removed:
        """Delete a session, its participants, their answers and presence records, and the list of
        files exported for it; returns what was removed (the caller deletes the files it names)."""
        code = clean_code(code)

        def tx(c: Connection) -> Removed:
            a, p, m = T_ANSWERS, T_PARTICIPANTS, T_META
            if c.execute(select(T_SESSIONS.c.code).where(T_SESSIONS.c.code == code)).first() is None:
                raise SessionNotFound(ui("workshop.err.no_session", code=code))
            n = c.execute(select(func.count()).select_from(a).where(a.c.code == code)).scalar_one()
            tokens = [r[0] for r in c.execute(select(p.c.token).where(p.c.code == code))]
            keys = [PRESENCE_PREFIX + t for t in tokens]
            presence = 0
            for i in range(0, len(keys), 500):
                presence += c.execute(sql_delete(m).where(m.c.key.in_(keys[i:i + 500]))).rowcount
            raw = c.execute(select(m.c.value).where(m.c.key == EXPORTS_PREFIX + code)).scalar()
            c.execute(sql_delete(m).where(m.c.key == EXPORTS_PREFIX + code))
            c.execute(sql_delete(a).where(a.c.code == code))
            c.execute(sql_delete(p).where(p.c.code == code))
            c.execute(sql_delete(T_SESSIONS).where(T_SESSIONS.c.code == code))
            return Removed(int(n), len(tokens), int(presence), tuple(_json_list(raw)))

        removed = self._write(tx)
        self._scrub()
        return removed

    # -- files exported for a session (deleted with it) ----------------------------------------------
    def record_export(self, code: str, path: str | Path) -> None:
        """Remember a file written for this session (CSV, report), so that deleting the session's
        data deletes it too."""
        key = EXPORTS_PREFIX + clean_code(code)

        def tx(c: Connection) -> None:
            m = T_META
            raw = c.execute(select(m.c.value).where(m.c.key == key)).scalar()
            paths = _json_list(raw)
            if str(path) not in paths:
                paths.append(str(path))
            value = json.dumps(paths, ensure_ascii=False)
            if raw is None:
                c.execute(insert(m).values(key=key, value=value))
            else:
                c.execute(update(m).where(m.c.key == key).values(value=value))

        self._write(tx)

    def exports_of(self, code: str) -> list[str]:
        return _json_list(self.get_meta(EXPORTS_PREFIX + clean_code(code)))

    # -- the participants' server says it is running ------------------------------------------------
    def server_beat(self, where: str = "", now: float | None = None, stopped: bool = False) -> None:
        """The participants' server (its Voila process) says it serves this database, now (or, with
        `stopped`, that it has just stopped)."""
        value = {"at": time.time() if now is None else now, "where": where, "pid": os.getpid(), "stopped": stopped}
        self.set_meta(SERVER_BEAT_KEY, json.dumps(value))

    def server_seen(self) -> dict | None:
        """The last beat of a participants' server using this database ({"at", "where", "pid",
        "stopped"}), or None."""
        try:
            seen = json.loads(self.get_meta(SERVER_BEAT_KEY) or "null")
        except ValueError:
            return None
        return seen if isinstance(seen, dict) and isinstance(seen.get("at"), int | float) else None

    def _scrub(self) -> None:
        """Deleted rows leave the files, as far as the database allows. SQLite (secure_delete):
        move the deletion out of the WAL into the main, zeroed pages. PostgreSQL: rewrite the tables
        (VACUUM FULL; a moment's lock on small tables), best effort: a role that does not own them
        leaves it to the administrator (README, "Large classes")."""

        def run() -> None:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                if self.backend == "sqlite":
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                else:
                    conn.exec_driver_sql("VACUUM (FULL) answers, participants, sessions")

        try:
            retry_busy(run)
        except Exception:
            if self.backend == "sqlite":
                raise

    # -- participants ------------------------------------------------------------------------------
    def join(self, code: str, nickname: str) -> Participant:
        """Join an open session; the same nickname again (any case) resumes that participant."""
        code = clean_code(code)
        nickname = clean_nickname(nickname)
        key = nickname_key(nickname)

        def tx(c: Connection) -> Participant:
            s = c.execute(select(T_SESSIONS.c.is_open).where(T_SESSIONS.c.code == code)).mappings().first()
            if s is None:
                raise SessionNotFound(ui("workshop.err.no_session", code=code))
            p = T_PARTICIPANTS
            row = (
                c.execute(select(p.c.id, p.c.code, p.c.nickname, p.c.token).where(p.c.code == code, p.c.nick_key == key))
                .mappings()
                .first()
            )
            if row is not None:
                return Participant(row["id"], row["code"], row["nickname"], row["token"])
            if not s["is_open"]:
                raise SessionClosed(ui("workshop.err.closed"))
            token = secrets.token_urlsafe(12)
            cur = c.execute(
                insert(p).values(code=code, nickname=nickname, nick_key=key, token=token, joined_at=time.time())
            )
            return Participant(cur.inserted_primary_key[0], code, nickname, token)

        return self._write(tx)

    def participant_by_token(self, token: str) -> Participant | None:
        p = T_PARTICIPANTS
        rows = self._read(select(p.c.id, p.c.code, p.c.nickname, p.c.token).where(p.c.token == str(token)))
        return Participant(**rows[0]) if rows else None

    def participant_count(self, code: str) -> int:
        return self._count(T_PARTICIPANTS, T_PARTICIPANTS.c.code == code)

    def _count(self, table, *where) -> int:
        return int(self._read(select(func.count().label("n")).select_from(table).where(*where))[0]["n"])

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

        a, p, s = T_ANSWERS, T_PARTICIPANTS, T_SESSIONS

        def tx(c: Connection) -> Answer:
            row = (
                c.execute(select(s.c.code, s.c.is_open).join_from(p, s, s.c.code == p.c.code).where(p.c.id == pid))
                .mappings()
                .first()
            )
            if row is None:
                raise SessionNotFound(ui("workshop.err.no_session", code="?"))
            mine = (a.c.participant == pid, a.c.item == item, a.c.step == str(step))
            old = c.execute(select(a).where(*mine)).mappings().first()
            if old is not None:
                return _answer(old, created=False)
            if not row["is_open"]:
                raise SessionClosed(ui("workshop.err.closed"))
            c.execute(
                insert(a).values(
                    code=row["code"], participant=pid, item=item, step=str(step), question=question,
                    answer=text, correct=flag, created_at=time.time(),
                )
            )
            return _answer(c.execute(select(a).where(*mine)).mappings().one(), created=True)

        return self._write(tx)

    def answers_of(self, participant: Participant | int, item: str | None = None) -> list[Answer]:
        """One participant's own answers, oldest first (for resuming)."""
        pid = participant.id if isinstance(participant, Participant) else int(participant)
        a = T_ANSWERS
        where = [a.c.participant == pid] + ([] if item is None else [a.c.item == item])
        return [_answer(r) for r in self._read(select(a).where(*where).order_by(a.c.id))]

    def answers(self, code: str) -> list[Answer]:
        a = T_ANSWERS
        return [_answer(r) for r in self._read(select(a).where(a.c.code == code).order_by(a.c.id))]

    def answer_count(self, code: str | None = None) -> int:
        if code is None:
            return self._count(T_ANSWERS)
        return self._count(T_ANSWERS, T_ANSWERS.c.code == code)

    def tally(self, code: str) -> dict[tuple[str, str], dict[str, Any]]:
        """Per (item, question): {"answers": {answer_json: n}, "n": n, "correct": n_correct}."""
        out: dict[tuple[str, str], dict[str, Any]] = {}
        a = T_ANSWERS
        rows = self._read(
            select(a.c.item, a.c.question, a.c.answer, func.count().label("n"),
                   func.sum(func.coalesce(a.c.correct, 0)).label("ok"))
            .where(a.c.code == code)
            .group_by(a.c.item, a.c.question, a.c.answer)
        )
        for r in rows:
            entry = out.setdefault((r["item"], r["question"]), {"answers": {}, "n": 0, "correct": 0})
            entry["answers"][r["answer"]] = int(r["n"])
            entry["n"] += int(r["n"])
            entry["correct"] += int(r["ok"] or 0)
        return out

    def change_marker(self, code: str) -> tuple:
        """Cheap fingerprint of a session's state; the dashboard redraws only when it changes."""
        a, p, s = T_ANSWERS, T_PARTICIPANTS, T_SESSIONS
        rows = self._read(
            select(
                select(func.coalesce(func.max(a.c.id), 0)).where(a.c.code == code).scalar_subquery().label("last"),
                select(func.count()).select_from(a).where(a.c.code == code).scalar_subquery().label("answers"),
                select(func.count()).select_from(p).where(p.c.code == code).scalar_subquery().label("people"),
                select(s.c.updated_at).where(s.c.code == code).scalar_subquery().label("updated"),
            )
        )
        return tuple(rows[0].values())

    def export_rows(self, code: str) -> list[dict[str, Any]]:
        """Rows for the CSV export: nickname, item, question, answer, correct, time."""
        a, p = T_ANSWERS, T_PARTICIPANTS
        rows = self._read(
            select(p.c.nickname, a.c.item, a.c.step, a.c.question, a.c.answer, a.c.correct, a.c.created_at)
            .join_from(a, p, p.c.id == a.c.participant)
            .where(a.c.code == code)
            .order_by(a.c.id)
        )
        return [dict(r) for r in rows]
