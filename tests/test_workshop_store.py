"""The workshop's shared store: where it lives, sessions, joining, answers written once and never
lost when many processes write at the same time. Every test of the store's behaviour runs twice:
on a SQLite file (the default) and on a real PostgreSQL server the tests start themselves
(tests/pgserver.py)."""

from __future__ import annotations

import multiprocessing as mp
import socket
import sqlite3
import threading
from pathlib import Path

import pgserver
import pytest
import sqlalchemy as sa

from overdue.workshop import db as db_mod
from overdue.workshop import store as store_mod
from overdue.workshop.store import (
    BadNickname,
    SessionClosed,
    SessionNotFound,
    WorkshopError,
    WorkshopStore,
    clean_nickname,
    database_url,
    db_path,
)

OLD_SCHEMA = Path(__file__).parent / "fixtures" / "workshop_store_v0.sql"


def processes():
    """Fresh processes that share nothing with the test's (as kernels): forked from a server that
    imported the store once (each spawned one would import it again, a fifth of a second of processor
    time each), else spawned. The server imports by name from the installed packages only (Python
    3.11 does not give it the tests' sys.path), so it preloads the store and pytest; each child then
    imports this module cheaply."""
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["overdue.workshop.store", "pytest"])
    return ctx


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    """A new, empty workshop database: a SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "w.sqlite3")
    return pgserver.server().new_database()


@pytest.fixture
def store(target):
    s = WorkshopStore(target)
    yield s
    s.close()


def raw_count(url: str, sql: str, **params) -> int:
    """A count read straight from the database, not through the store."""
    engine = sa.create_engine(db_mod.sqlalchemy_url(url))
    try:
        with engine.connect() as c:
            return int(c.execute(sa.text(sql), params).scalar_one())
    finally:
        engine.dispose()


def test_the_database_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OVERDUE_WORKSHOP_DB", str(tmp_path / "x" / "class.db"))
    assert db_path() == tmp_path / "x" / "class.db"
    monkeypatch.delenv("OVERDUE_WORKSHOP_DB")
    monkeypatch.setenv("OVERDUE_DATA_DIR", str(tmp_path / "data"))
    assert db_path() == tmp_path / "data" / "workshop.sqlite3"
    monkeypatch.delenv("OVERDUE_DATA_DIR")
    import platformdirs

    assert db_path() == Path(platformdirs.user_data_dir("overdue", appauthor=False)) / "workshop.sqlite3"


def test_without_a_server_the_store_is_a_sqlite_file_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("OVERDUE_WORKSHOP_DB", raising=False)
    monkeypatch.setenv("OVERDUE_DATA_DIR", str(tmp_path / "data"))
    s = WorkshopStore()
    assert s.backend == "sqlite" and s.path == tmp_path / "data" / "workshop.sqlite3" and s.path.exists()
    s.close()


def test_a_database_url_in_the_environment_is_used_as_it_is(tmp_path, monkeypatch):
    url = "postgresql://teacher:s3cret@db.example:5432/class"
    monkeypatch.setenv("OVERDUE_WORKSHOP_DB", url)
    assert database_url() == url
    assert db_mod.sqlalchemy_url(url) == "postgresql+psycopg://teacher:s3cret@db.example:5432/class"
    assert "s3cret" not in db_mod.redacted(url) and "db.example:5432/class" in db_mod.redacted(url)
    monkeypatch.setenv("OVERDUE_WORKSHOP_DB", "relative/class.db")
    assert database_url() == str(Path("relative/class.db").resolve())


def test_the_file_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = WorkshopStore(tmp_path / "w.sqlite3")
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_a_session_gets_a_short_numeric_code_and_can_be_closed(store):
    s = store.create_session([("bank", "lesson03"), ("roleplay", "doorstep")], title="周六工作坊")
    assert len(s.code) == 4 and s.code.isdigit()
    assert [i.kind for i in s.items] == ["bank", "roleplay"] and s.is_open
    assert not store.set_open(s.code, False).is_open
    codes = {store.create_session([("bank", "lesson03")]).code for _ in range(20)}
    assert len(codes) == 20
    with pytest.raises(WorkshopError):
        store.create_session([])


def test_joining_again_with_the_same_nickname_resumes(store):
    code = store.create_session([("bank", "lesson03")]).code
    a = store.join(code, "小星星")
    assert store.join(code, " 小星星 ").id == a.id
    assert store.join(code, "Ａbc").id == store.join(code, "abc").id  # full-width and case fold
    assert store.participant_by_token(a.token).id == a.id
    assert store.participant_count(code) == 2


def test_wrong_code_closed_session_and_bad_nicknames_say_so_in_chinese(store):
    with pytest.raises(SessionNotFound, match="没有找到课堂码"):
        store.join("9999", "a")
    code = store.create_session([("bank", "lesson03")]).code
    store.join(code, "早到的人")
    store.set_open(code, False)
    with pytest.raises(SessionClosed, match="已经结束"):
        store.join(code, "迟到的人")
    assert store.join(code, "早到的人").nickname == "早到的人"  # rejoining is still possible
    for bad, msg in [("", "请写一个昵称"), ("长" * 31, "太长"), ("阿明13800138000", "数字"),
                     ("卡号 6222 0212 3456", "数字")]:
        with pytest.raises(BadNickname, match=msg):
            clean_nickname(bad)
    assert clean_nickname("a\u202eb\x00c") == "abc"  # direction and control characters removed
    assert clean_nickname("<img src=x onerror=alert(1)>") == "<img src=x onerror=alert(1)>"


def test_an_answer_is_stored_once_even_when_sent_again(store):
    code = store.create_session([("bank", "lesson03")]).code
    p = store.join(code, "a")
    first = store.record_answer(p, "lesson03", "q1", "q1", ["b", "a"], False)
    again = store.record_answer(p, "lesson03", "q1", "q1", ["c"], True)
    assert first.created and not again.created
    assert again.answer == ["b", "a"] and again.correct is False
    assert store.answer_count(code) == 1
    store.set_open(code, False)
    assert not store.record_answer(p, "lesson03", "q1", "q1", "x", True).created  # resubmission is fine
    with pytest.raises(SessionClosed):
        store.record_answer(p, "lesson03", "q2", "q2", "x", True)


def test_tally_counts_each_answer_and_the_right_ones(store):
    code = store.create_session([("bank", "lesson03")]).code
    for i, (ans, ok) in enumerate([("a", True), ("a", True), ("b", False)]):
        store.record_answer(store.join(code, f"p{i}"), "lesson03", "q", "q", ans, ok)
    t = store.tally(code)[("lesson03", "q")]
    assert t == {"answers": {'"a"': 2, '"b"': 1}, "n": 3, "correct": 2}


def test_deleting_a_session_removes_its_people_and_answers_only(store, target):
    keep = store.create_session([("bank", "lesson03")]).code
    gone = store.create_session([("bank", "lesson03")]).code
    store.record_answer(store.join(keep, "留下的人"), "lesson03", "q", "q", "a", True)
    store.record_answer(store.join(gone, "要删掉的昵称QZX"), "lesson03", "q", "q", "a", True)
    assert store.delete_session(gone) == 1
    with pytest.raises(SessionNotFound):
        store.get_session(gone)
    assert store.answer_count(gone) == 0 and store.participant_count(gone) == 0
    assert store.export_rows(keep)[0]["nickname"] == "留下的人"
    assert raw_count(target, "SELECT COUNT(*) FROM participants WHERE nickname = :n", n="要删掉的昵称QZX") == 0
    if store.backend != "sqlite":
        return
    # secure_delete + checkpoint: the deleted nickname is not left behind in the file or its WAL
    on_disk = b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*"))
    assert "要删掉的昵称QZX".encode() not in on_disk
    assert "留下的人".encode() in on_disk


def _writer(path: str, code: str, who: int, n: int, q) -> None:
    s = WorkshopStore(path)
    p = s.join(code, f"w{who}")
    for k in range(n):
        s.record_answer(p, "lesson03", f"q{k}", f"q{k}", k, k % 2 == 0)
        s.record_answer(p, "lesson03", f"q{k}", f"q{k}", k, k % 2 == 0)  # a resubmission
    q.put(who)


def test_many_processes_writing_at_once_lose_nothing(target, monkeypatch):
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_MS", 15_000)
    code = WorkshopStore(target).create_session([("bank", "lesson03")]).code
    ctx = processes()
    q = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(target), code, i, 20, q)) for i in range(12)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(90)
    assert all(p.exitcode == 0 for p in procs)
    s = WorkshopStore(target)
    assert s.answer_count(code) == 12 * 20
    assert s.participant_count(code) == 12
    assert raw_count(target, "SELECT COUNT(*) FROM answers WHERE code = :c", c=code) == 12 * 20


# -- schema versions (Alembic) ----------------------------------------------------------------------
def test_a_file_made_before_schema_versions_is_upgraded_in_place_with_its_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(OLD_SCHEMA.read_text(encoding="utf-8"))
    old.execute("INSERT INTO sessions(code, title, items, created_at, updated_at) VALUES"
                " ('1234', '旧课堂', '[{\"kind\": \"bank\", \"id\": \"lesson03\"}]', 1.0, 1.0)")
    old.execute("INSERT INTO participants(code, nickname, nick_key, token, joined_at) VALUES"
                " ('1234', '老学员', '老学员', 'tok-old', 2.0)")
    old.execute("INSERT INTO answers(code, participant, item, step, question, answer, correct, created_at)"
                " VALUES ('1234', 1, 'lesson03', 'q1', 'q1', '\"a\"', 1, 3.0)")
    old.commit()
    old.close()

    s = WorkshopStore(path)
    with s.engine.connect() as c:
        assert db_mod.current_revision(c) == db_mod.HEAD
    assert s.get_session("1234").title == "旧课堂"
    p = s.participant_by_token("tok-old")
    assert p.nickname == "老学员"
    assert s.join("1234", "老学员").id == p.id  # the old participant resumes
    assert not s.record_answer(p, "lesson03", "q1", "q1", "b", False).created  # the old answer holds
    assert s.record_answer(p, "lesson03", "q2", "q2", "b", False).created
    assert s.tally("1234")[("lesson03", "q1")] == {"answers": {'"a"': 1}, "n": 1, "correct": 1}
    s.close()
    s = WorkshopStore(path)  # opening it again changes nothing
    assert s.answer_count("1234") == 2
    s.close()


def test_the_migrations_make_exactly_the_tables_the_store_uses(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(db_mod.alembic_config()).get_current_head() == db_mod.HEAD
    with store.engine.connect() as c:
        assert db_mod.current_revision(c) == MigrationContext.configure(c).get_current_revision() == db_mod.HEAD
        assert compare_metadata(MigrationContext.configure(c), db_mod.metadata) == []


def _opener(target: str, q) -> None:
    s = WorkshopStore(target)
    s.set_meta("opened", "yes")
    q.put(s.get_meta("opened"))


def test_kernels_opening_a_new_database_at_once_all_get_it(target):
    ctx = processes()
    q = ctx.Queue()
    procs = [ctx.Process(target=_opener, args=(target, q)) for _ in range(6)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(90)
    assert [p.exitcode for p in procs] == [0] * 6
    assert sorted(q.get(timeout=5) for _ in procs) == ["yes"] * 6


# -- one transaction per answer, retried when the database says so --------------------------------
def test_the_same_answer_sent_by_two_pages_at_the_same_moment_is_stored_once(target):
    stores = [WorkshopStore(target) for _ in range(8)]
    code = stores[0].create_session([("bank", "lesson03")]).code
    p = stores[0].join(code, "两个标签页")
    start = threading.Barrier(len(stores))
    got = []

    def send(s):
        start.wait()
        got.append(s.record_answer(p, "lesson03", "q1", "q1", ["a"], True))

    threads = [threading.Thread(target=send, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(got) == 8 and len({a.id for a in got}) == 1
    assert sum(a.created for a in got) == 1
    assert raw_count(target, "SELECT COUNT(*) FROM answers") == 1
    for s in stores:
        s.close()


def _refusal(backend: str) -> Exception:
    """What the database says when another transaction was in the way."""
    if backend == "sqlite":
        orig = sqlite3.OperationalError("database is locked")
    else:
        import psycopg

        orig = psycopg.errors.SerializationFailure("could not serialize access due to concurrent update")
    return sa.exc.OperationalError("INSERT INTO answers ...", {}, orig)


def test_an_answer_refused_as_busy_or_unserialisable_is_tried_again_and_stored_once(store, monkeypatch):
    code = store.create_session([("bank", "lesson03")]).code
    p = store.join(code, "a")
    real = db_mod.write_options
    refusals = []

    def refuse_twice(conn):
        if len(refusals) < 2:
            refusals.append(1)
            raise _refusal(store.backend)
        return real(conn)

    monkeypatch.setattr(db_mod, "write_options", refuse_twice)
    monkeypatch.setattr("overdue.sqlitebusy.time.sleep", lambda s: None)
    assert store.record_answer(p, "lesson03", "q1", "q1", "x", True).created
    assert len(refusals) == 2 and store.answer_count(code) == 1


def test_an_answer_waits_for_a_transaction_that_holds_the_lock(store, target):
    code = store.create_session([("bank", "lesson03")]).code
    p = store.join(code, "a")
    other = sa.create_engine(db_mod.sqlalchemy_url(target))
    with other.connect() as c:
        if store.backend == "sqlite":
            c.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            c.exec_driver_sql("LOCK TABLE answers IN EXCLUSIVE MODE")
        done = []
        t = threading.Thread(target=lambda: done.append(store.record_answer(p, "lesson03", "q", "q", 1, True)))
        t.start()
        t.join(0.5)
        assert not done  # still waiting for the other transaction
        c.rollback()
    t.join(30)
    other.dispose()
    assert done and done[0].created and store.answer_count(code) == 1


# -- a class of thirty, and what the dashboard counts ----------------------------------------------
PEOPLE, PROCESSES, QUESTIONS = 30, 6, 10


def _planned(q, right: bool):
    """An answer a participant gives: the right one, or a wrong one of the question's kind."""
    if q.type == "numeric":
        return float(q.answer) if right else float(q.answer) + 100
    if q.type == "truefalse":
        return q.answer if right else not q.answer
    if q.type == "single":
        return q.answer if right else next(o for o in q.option_ids if o != q.answer)
    if q.type == "multiple":
        return sorted(q.answer) if right else [next(o for o in q.option_ids if o not in q.answer)]
    return list(q.answer) if right else list(reversed(q.answer))  # ordering


def _kernel(target: str, code: str, people: list[int], q) -> None:
    """One process with several participants, each with its own store (as kernels have)."""
    from overdue.workshop.flow import ParticipantFlow

    def person(i: int) -> None:
        flow = ParticipantFlow(WorkshopStore(target))
        flow.join(code, f"学员{i:02d}")
        for k, step in enumerate(flow.steps[:QUESTIONS]):
            flow.submit(step, _planned(step.question, (i + k) % 3 != 0))
        flow.store.record_answer(flow.participant, flow.steps[0].item, flow.steps[0].key,
                                 flow.steps[0].question.id, "again", False)  # a resubmission
        flow.store.close()

    errors = []

    def guarded(i):
        try:
            person(i)
        except Exception as exc:  # reported to the test
            errors.append(repr(exc))

    threads = [threading.Thread(target=guarded, args=(i,)) for i in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    q.put(errors)


@pytest.mark.slow
def test_thirty_participants_at_once_lose_nothing_and_the_dashboard_counts_the_database(target):
    from overdue.workshop.stats import session_stats

    s = WorkshopStore(target)
    code = s.create_session([("bank", "lesson03")], title="三十人").code
    ctx = processes()
    q = ctx.Queue()
    procs = [ctx.Process(target=_kernel, args=(target, code, list(range(k, PEOPLE, PROCESSES)), q))
             for k in range(PROCESSES)]
    for p in procs:
        p.start()
    errors = [e for _ in procs for e in q.get(timeout=180)]
    for p in procs:
        p.join(30)
    assert errors == [] and [p.exitcode for p in procs] == [0] * PROCESSES

    stored = raw_count(target, "SELECT COUNT(*) FROM answers WHERE code = :c", c=code)
    assert stored == PEOPLE * QUESTIONS  # 0 lost, none twice
    stats = session_stats(code, s)
    assert stats.participants == raw_count(target, "SELECT COUNT(*) FROM participants WHERE code = :c", c=code)
    assert (stats.participants, stats.answers) == (PEOPLE, stored)
    for k, st in enumerate(stats.steps[:QUESTIONS]):
        where = "WHERE code = :c AND question = :q"
        assert st.n == raw_count(target, f"SELECT COUNT(*) FROM answers {where}", c=code, q=st.question_id)
        assert st.n_correct == raw_count(target, f"SELECT COALESCE(SUM(correct), 0) FROM answers {where}",
                                         c=code, q=st.question_id)
        assert st.n == PEOPLE and st.n_correct == sum(1 for i in range(PEOPLE) if (i + k) % 3 != 0)
    s.close()


def test_a_database_that_cannot_be_reached_is_named_in_chinese_without_its_password(capsys, monkeypatch):
    from overdue.workshop import serve
    from overdue.workshop.store import DatabaseUnavailable

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://teacher:s3cret@127.0.0.1:{port}/class"
    with pytest.raises(DatabaseUnavailable, match="连不上保存答案的数据库") as err:
        WorkshopStore(url)
    assert "s3cret" not in str(err.value) and f"127.0.0.1:{port}/class" in str(err.value)
    monkeypatch.setenv("OVERDUE_WORKSHOP_DB", url)  # serve.main exports it: undone after the test
    assert serve.main(["--db", url, "--print-only"]) == 1
    out = capsys.readouterr()
    assert "连不上保存答案的数据库" in out.err and "Traceback" not in out.err and "s3cret" not in out.out + out.err


def test_a_database_of_schema_0001_keeps_its_sessions_and_their_held_answers(target):
    """Before 先不公布答案 was an option, paced sessions held the answers and others did not: an
    upgraded database keeps that, on SQLite and PostgreSQL."""
    from alembic import command

    engine = db_mod.make_engine(target)
    with engine.connect() as c:
        db_mod.write_options(c)
        with c.begin():
            command.upgrade(db_mod.alembic_config(c), "0001")
        with c.begin():
            for code, paced in (("1111", 1), ("2222", 0)):
                c.execute(sa.text("INSERT INTO sessions(code, title, items, paced, current, created_at, updated_at)"
                                  " VALUES (:c, '旧', '[{\"kind\": \"bank\", \"id\": \"lesson03\"}]', :p, 3, 1.0, 1.0)"),
                          {"c": code, "p": paced})
            c.execute(sa.text("INSERT INTO participants(code, nickname, nick_key, token, joined_at)"
                              " VALUES ('1111', '老学员', '老学员', 'tok-1111', 2.0)"))
    engine.dispose()
    s = WorkshopStore(target)
    try:
        old_paced, old_free = s.get_session("1111"), s.get_session("2222")
        assert (old_paced.paced, old_paced.hold, old_paced.anchor, old_paced.current) == (True, True, 0, 3)
        assert (old_free.paced, old_free.hold) == (False, False)
        assert s.participant_by_token("tok-1111").nickname == "老学员"  # no row lost on the way
    finally:
        s.close()


def test_a_session_keeps_its_order_its_hold_option_and_where_it_jumped(store):
    items = [("roleplay", "doorstep"), ("bank", "lesson03"), ("bank", "lesson01")]
    s = store.create_session(items, paced=True, hold=False)
    assert [(i.kind, i.id) for i in s.items] == items and not s.hold
    assert store.set_hold(s.code, True).hold
    jumped = store.jump(s.code, 7)
    assert (jumped.current, jumped.anchor) == (7, 7)
    assert store.set_current(s.code, 8).anchor == 7  # 下一题 moves the class, not the anchor


def test_deleting_a_session_removes_its_presence_records_and_names_its_files(store):
    s = store.create_session([("bank", "lesson03")])
    other = store.create_session([("bank", "lesson03")])
    me, them = store.join(s.code, "小甲"), store.join(other.code, "小乙")
    store.set_meta("page:" + me.token, '{"page": "x", "at": 1}')
    store.set_meta("page:" + them.token, '{"page": "y", "at": 1}')
    store.record_export(s.code, "/tmp/a.csv")
    store.record_export(s.code, "/tmp/a.csv")  # once
    store.record_export(s.code, "/tmp/b.html")
    removed = store.remove_session(s.code)
    assert (removed.participants, removed.presence, removed.exports) == (1, 1, ("/tmp/a.csv", "/tmp/b.html"))
    assert store.get_meta("page:" + me.token) is None and store.get_meta("page:" + them.token)
    assert store.exports_of(s.code) == []


def test_the_dashboard_names_a_postgresql_answer_database_without_its_password(monkeypatch):
    """What the projector shows: the server and database, never the password."""
    from overdue.workshop.dashboard import Dashboard

    monkeypatch.delenv("JUPYTERHUB_API_URL", raising=False)
    url = pgserver.server().new_database().replace("postgresql://overdue@", "postgresql://overdue:s3cret-pw@")
    s = WorkshopStore(url)  # the test server trusts local connections: the password is not checked
    try:
        dash = Dashboard(s, auto_refresh=False)
        dash.create(items=[("bank", "lesson03")])
        shown = dash.files_line.value + dash.files_html.value + dash.server_html.value
        assert "overdue:***@127.0.0.1" in shown and "s3cret-pw" not in shown
    finally:
        s.close()
