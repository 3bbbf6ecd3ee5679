"""The workshop's shared SQLite store: where it lives, sessions, joining, answers written once and
never lost when many processes write at the same time."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from pathlib import Path

import pytest

from overdue.workshop import store as store_mod
from overdue.workshop.store import (
    BadNickname,
    SessionClosed,
    SessionNotFound,
    WorkshopError,
    WorkshopStore,
    clean_nickname,
    db_path,
)


@pytest.fixture
def store(tmp_path):
    s = WorkshopStore(tmp_path / "w.sqlite3")
    yield s
    s.close()


def test_the_database_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OVERDUE_WORKSHOP_DB", str(tmp_path / "x" / "class.db"))
    assert db_path() == tmp_path / "x" / "class.db"
    monkeypatch.delenv("OVERDUE_WORKSHOP_DB")
    monkeypatch.setenv("OVERDUE_DATA_DIR", str(tmp_path / "data"))
    assert db_path() == tmp_path / "data" / "workshop.sqlite3"
    monkeypatch.delenv("OVERDUE_DATA_DIR")
    import platformdirs

    assert db_path() == Path(platformdirs.user_data_dir("overdue", appauthor=False)) / "workshop.sqlite3"


def test_the_file_is_in_wal_mode_with_a_busy_timeout(store):
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


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


def test_deleting_a_session_removes_its_people_and_answers_only(store):
    keep = store.create_session([("bank", "lesson03")]).code
    gone = store.create_session([("bank", "lesson03")]).code
    store.record_answer(store.join(keep, "留下的人"), "lesson03", "q", "q", "a", True)
    store.record_answer(store.join(gone, "要删掉的昵称QZX"), "lesson03", "q", "q", "a", True)
    assert store.delete_session(gone) == 1
    with pytest.raises(SessionNotFound):
        store.get_session(gone)
    assert store.answer_count(gone) == 0 and store.participant_count(gone) == 0
    assert store.export_rows(keep)[0]["nickname"] == "留下的人"
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


def test_many_processes_writing_at_once_lose_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_MS", 15_000)
    path = tmp_path / "w.sqlite3"
    code = WorkshopStore(path).create_session([("bank", "lesson03")]).code
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(str(path), code, i, 20, q)) for i in range(12)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    s = WorkshopStore(path)
    assert s.answer_count(code) == 12 * 20
    assert s.participant_count(code) == 12
