"""The workshop database: where it is, its tables, and bringing its schema up to date.

Where: ``OVERDUE_WORKSHOP_DB`` is either a file path (SQLite, the default: nothing to install, one
laptop or one JupyterHub node) or a ``postgresql://user:password@host:port/dbname`` URL (one
database shared by kernels on many machines). The same table definitions (SQLAlchemy Core) serve
both; Alembic keeps the schema's version in the table ``alembic_version`` and upgrades it when a
store opens the database (migrations/versions/).

SQLite: WAL journal, a busy timeout, full sync, foreign keys, secure delete; a write transaction
starts with ``BEGIN IMMEDIATE`` so that two kernels never both hold a read lock and then both
wait to write. PostgreSQL: psycopg 3, READ COMMITTED, a small connection pool per kernel.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Connection, Engine

from ..sqlitebusy import retry_busy

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0002"  # the newest migration in migrations/versions/ (a test checks it is Alembic's head)
VERSION_TABLE = "alembic_version"  # Alembic's default name
PG_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# Any constant: the key of the advisory lock two PostgreSQL clients take to migrate one at a time.
PG_MIGRATION_LOCK = 0x0D0E_0019

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("code", Text, primary_key=True),
    Column("title", Text, nullable=False, server_default=""),
    Column("items", Text, nullable=False),  # JSON list of {"kind": "bank"|"roleplay", "id": ...}
    Column("is_open", Integer, nullable=False, server_default="1"),
    Column("paced", Integer, nullable=False, server_default="0"),  # 1: nobody goes past `current`
    Column("current", Integer, nullable=False, server_default="0"),  # the step the instructor shows
    Column("revealed", Text, nullable=False, server_default="[]"),  # JSON list of step indexes
    # 1: phones keep right/wrong and the explanation until the instructor reveals the step
    Column("hold_feedback", Integer, nullable=False, server_default="0"),
    # the step a paced session last jumped to (跳到…): phones skip unfinished steps before it
    Column("anchor", Integer, nullable=False, server_default="0"),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
    Column("nickname", Text, nullable=False),
    Column("nick_key", Text, nullable=False),
    Column("token", Text, nullable=False, unique=True),
    Column("joined_at", Float, nullable=False),
    UniqueConstraint("code", "nick_key"),
)

answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, ForeignKey("sessions.code", ondelete="CASCADE"), nullable=False),
    Column("participant", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("item", Text, nullable=False),  # bank id or role-play id
    Column("step", Text, nullable=False),  # question id, or the role-play move number
    Column("question", Text, nullable=False),  # question id, or the role-play scene id
    Column("answer", Text, nullable=False),  # canonical JSON of the answer / the choice id
    Column("correct", Integer),  # 1 / 0, NULL for role-play moves
    Column("created_at", Float, nullable=False),
    UniqueConstraint("participant", "item", "step"),
)
Index("answers_by_code", answers.c.code, answers.c.item, answers.c.question)

meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)


def is_url(target: str | os.PathLike) -> bool:
    """True for a database URL (``postgresql://...``, ``sqlite:///...``), False for a file path."""
    return "://" in str(target)


def is_postgresql(target: str | os.PathLike) -> bool:
    return is_url(target) and str(target).split("://", 1)[0].lower() in PG_SCHEMES


def sqlalchemy_url(target: str | os.PathLike) -> str:
    """The URL SQLAlchemy is given: PostgreSQL always through psycopg 3; a path becomes sqlite:///."""
    s = str(target)
    if is_postgresql(s):
        return "postgresql+psycopg://" + s.split("://", 1)[1]
    if is_url(s):
        return s
    return "sqlite:///" + str(Path(s).expanduser())


def sqlite_file(target: str | os.PathLike) -> Path | None:
    """The SQLite file a path or ``sqlite:///`` URL names; None for a server database."""
    s = str(target)
    if not is_url(s):
        return Path(s).expanduser()
    if s.lower().startswith("sqlite:///"):
        return Path(s[len("sqlite:///"):]).expanduser()
    return None


def redacted(target: str | os.PathLike) -> str:
    """The path, or the URL without its password: what may be printed on a projected screen."""
    s = str(target)
    if not is_url(s):
        return s
    parts = urlsplit(s)
    if parts.password is None:
        return s
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


def make_engine(target: str | os.PathLike, busy_timeout_ms: int = 15_000) -> Engine:
    """An engine for a file path (SQLite) or a PostgreSQL URL, set up as the module docstring says."""
    url = sqlalchemy_url(target)
    if url.startswith("postgresql"):
        return create_engine(
            url,
            pool_size=1,  # one kernel is one participant: one connection, a few more if needed
            max_overflow=4,
            pool_pre_ping=True,  # a server restarted between two answers costs a reconnect, not an error
            pool_recycle=1800,
            connect_args={"connect_timeout": 10, "application_name": "overdue-workshop"},
        )
    file = sqlite_file(target)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _sqlite_setup(dbapi_conn: sqlite3.Connection, _record) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event below starts transactions
        dbapi_conn.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        retry_busy(lambda: dbapi_conn.execute("PRAGMA journal_mode=WAL"), attempts=10)
        dbapi_conn.execute("PRAGMA synchronous=FULL")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")
        dbapi_conn.execute("PRAGMA secure_delete=ON")  # deleted nicknames are overwritten, not left behind

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Connection) -> None:
        conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def write_options(conn: Connection) -> Connection:
    """Make the next transaction of ``conn`` a write transaction (SQLite: ``BEGIN IMMEDIATE``)."""
    if conn.dialect.name == "sqlite":
        conn.execution_options(sqlite_begin="BEGIN IMMEDIATE")
    return conn


def current_revision(conn: Connection) -> str | None:
    """The schema version stored in the database (Alembic's table, read without loading Alembic:
    every kernel asks when it opens the store); None for a new database or one made before
    versions were kept."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def alembic_config(conn: Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to HEAD. Many kernels open the database at once: one migrates while the
    others wait for its transaction (SQLite's write lock, PostgreSQL's advisory lock) and then find
    nothing left to do."""

    def read() -> str | None:
        with engine.connect() as conn:
            return current_revision(conn)

    if retry_busy(read, attempts=10) == HEAD:
        return

    def migrate() -> None:
        from alembic import command

        with engine.connect() as conn:
            write_options(conn)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
                command.upgrade(alembic_config(conn), "head")

    retry_busy(migrate, attempts=10)
