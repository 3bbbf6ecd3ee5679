"""Progress in SQLite: resume after a kernel restart, two kernels at once, a damaged file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from overdue.quiz import Quiz, load_bank
from overdue.quiz.progress import FILE_NAME, ProgressStore, data_dir, default_store

FIX = Path(__file__).parent / "fixtures" / "quiz"
REFS = FIX / "references_small.yaml"


def run(code: str, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "OVERDUE_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_data_dir_follows_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("OVERDUE_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    assert default_store().path == tmp_path / FILE_NAME


def test_resume_after_kernel_restart(tmp_path):
    first = run(
        f"""
        from overdue.quiz import Quiz, load_bank
        q = Quiz(load_bank({str(FIX / "bank_valid.yaml")!r}, refs={str(REFS)!r}), learner="amy", refs={str(REFS)!r})
        q.submit("fx_single", "b"); q.submit("fx_truefalse", True); q.hint("fx_numeric")
        """,
        tmp_path,
    )
    assert first.returncode == 0, first.stderr
    # a new process is a restarted kernel
    second = run(
        f"""
        from overdue.quiz import Quiz, load_bank
        q = Quiz(load_bank({str(FIX / "bank_valid.yaml")!r}, refs={str(REFS)!r}), learner="amy", refs={str(REFS)!r})
        print(q.score, q.state("fx_truefalse").tries, q.state("fx_numeric").hints_shown, len(q.history()))
        """,
        tmp_path,
    )
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == ["1.0", "1", "1", "3"]


def test_two_processes_writing_500_attempts_each_lose_nothing(tmp_path):
    code = f"""
        import sys
        from overdue.quiz import Quiz, load_bank
        bank = load_bank({str(FIX / "bank_valid.yaml")!r}, refs={str(REFS)!r})
        q = Quiz(bank, learner=sys.argv[1], refs={str(REFS)!r})
        for i in range(500):
            q.submit("fx_numeric", str(i % 7))
        """
    env = {**os.environ, "OVERDUE_DATA_DIR": str(tmp_path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), name], env=env, stderr=subprocess.PIPE, text=True
        )
        for name in ("amy", "bob")
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    store = ProgressStore(tmp_path / FILE_NAME)
    assert store.count() == 1000
    assert len(store.attempts("amy", "quiz", "fixture_valid")) == 500
    assert store.notice is None


def test_corrupt_store_is_kept_aside_and_replaced(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_bytes(b"this is not a database" * 100)
    store = ProgressStore(path)
    assert store.notice and "损坏" in store.notice
    kept = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not")
    bank = load_bank(FIX / "bank_valid.yaml", refs=REFS)
    quiz = Quiz(bank, store=store, refs=REFS)
    assert quiz.submit("fx_single", "b").correct
    assert quiz.notice == store.notice
    assert ProgressStore(path).count() == 1


def test_a_file_busy_while_opening_is_waited_for_not_called_broken(tmp_path, monkeypatch):
    path = tmp_path / FILE_NAME
    first = ProgressStore(path)
    assert first.record("amy", "quiz", "b", "q1", "answer", 3, True, 1.0)
    first.close()
    real_connect = ProgressStore._connect
    calls = []

    def connect(self, target):
        calls.append(target)
        if len(calls) <= 2:  # another kernel is setting the file up right now
            raise sqlite3.OperationalError("database is locked")
        return real_connect(self, target)

    monkeypatch.setattr(ProgressStore, "_connect", connect)
    store = ProgressStore(path)
    assert store.notice is None and len(calls) == 3
    assert [a.answer for a in store.attempts("amy", "quiz", "b")] == [3]
    assert list(tmp_path.glob("*broken*")) == []


REAL_CONNECT = ProgressStore._connect


def _raise_locked():
    raise sqlite3.OperationalError("database is locked")


def test_a_file_that_stays_locked_is_left_alone_and_the_learner_is_told(tmp_path, monkeypatch):
    path = tmp_path / FILE_NAME
    ProgressStore(path).close()
    monkeypatch.setattr(
        ProgressStore, "_connect",
        lambda self, target: _raise_locked() if target != ":memory:" else REAL_CONNECT(self, target),
    )
    monkeypatch.setattr("overdue.sqlitebusy.time.sleep", lambda s: None)
    store = ProgressStore(path)
    assert store.notice and str(path) in store.notice  # "saved for this session only"
    assert path.exists() and list(tmp_path.glob("*broken*")) == []


def test_six_kernels_opening_a_new_file_at_the_same_moment_keep_everything(tmp_path):
    """Seen before the fix: one of them took the others' lock for a damaged file and moved it aside."""
    code = textwrap.dedent("""
        import sys, time
        from overdue.quiz.progress import ProgressStore
        start = float(sys.argv[2])
        while time.time() < start:
            pass
        store = ProgressStore(sys.argv[1])
        for i in range(20):
            store.record("k" + sys.argv[3], "quiz", "b", "q", "answer", i, True, 1.0)
        print(store.notice or "")
        """)
    for rep in range(3):
        folder = tmp_path / f"rep{rep}"
        folder.mkdir()
        start = time.time() + 1.0
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(folder / FILE_NAME), str(start), str(k)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            )
            for k in range(6)
        ]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, [err for _, err in outs]
        assert [out.strip() for out, _ in outs] == [""] * 6  # no "file damaged" message
        assert list(folder.glob("*broken*")) == []
        assert ProgressStore(folder / FILE_NAME).count() == 6 * 20


def test_unwritable_folder_falls_back_to_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = ProgressStore(blocker / "sub" / FILE_NAME)  # parent is a file: cannot be created
    assert store.notice and "无法保存" in store.notice
    store.record("amy", "quiz", "b", "q", "submit", "a", True, 1.0)
    assert store.count() == 1


def test_a_busy_or_read_only_store_does_not_stop_the_learner(tmp_path):
    store = ProgressStore(tmp_path / FILE_NAME)
    store.record("amy", "quiz", "b", "q", "submit", "a", True, 1.0)
    store._conn.execute("PRAGMA query_only = ON")  # every write now fails like a read-only file
    bank = load_bank(FIX / "bank_valid.yaml", refs=REFS)
    quiz = Quiz(bank, store=store, refs=REFS)
    assert quiz.submit("fx_single", "b").correct  # no exception reaches the learner
    assert quiz.notice and "没能保存" in quiz.notice
    assert (tmp_path / FILE_NAME).exists() and not [p for p in tmp_path.iterdir() if ".broken-" in p.name]


def test_resumed_view_opens_at_the_first_unanswered_question(tmp_path):
    from overdue.quiz.views import QuizView

    store = ProgressStore(tmp_path / FILE_NAME)
    bank = load_bank(FIX / "bank_valid.yaml", refs=REFS)
    q = Quiz(bank, learner="amy", store=store, refs=REFS)
    q.submit("fx_single", "b")
    q.submit("fx_multiple", ["a"])
    view = QuizView(Quiz(bank, learner="amy", store=store, refs=REFS))
    assert view.current.question.id == "fx_truefalse"
    view.go(1)
    assert "✘ 不对" in view.current.feedback.value  # the last answer's feedback is shown again
    assert view.current.get_answer() == ["a"]


# ------------------------------------------------------------------ versions, migrations, rows that no longer fit

from overdue.quiz import progress as progress_mod  # noqa: E402
from overdue.quiz.views import show_quiz  # noqa: E402

V1_ATTEMPTS = """
CREATE TABLE attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, learner TEXT NOT NULL, kind TEXT NOT NULL,
    collection TEXT NOT NULL, item TEXT NOT NULL, action TEXT NOT NULL, answer TEXT, correct INTEGER, points REAL
);
INSERT INTO attempts (at, learner, kind, collection, item, action, answer, correct, points)
VALUES (1.0, 'amy', 'quiz', 'fixture_valid', 'fx_single', 'submit', '"b"', 1, 1.0);
"""


def _file_at_version(path: Path, version: int) -> None:
    """A file as an earlier version of the course left it: 0 = no version (attempts only), 1 = attempts."""
    conn = sqlite3.connect(path)
    conn.executescript(V1_ATTEMPTS)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def test_migrations_are_ordered_and_reach_the_schema_version():
    versions = [v for v, _ in progress_mod.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1)) and progress_mod.SCHEMA_VERSION == versions[-1]


def test_a_new_file_gets_every_table_and_the_current_version(tmp_path):
    store = ProgressStore(tmp_path / FILE_NAME)
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == progress_mod.SCHEMA_VERSION
    assert store.save_record("amy", "letter", {"name": "小陈"})
    assert store.load_record("amy", "letter") == {"name": "小陈"}


import pytest  # noqa: E402


@pytest.mark.parametrize("version", range(progress_mod.SCHEMA_VERSION))
def test_every_earlier_version_is_upgraded_and_keeps_its_answers(tmp_path, version):
    path = tmp_path / FILE_NAME
    _file_at_version(path, version)
    store = ProgressStore(path)
    assert store.notice is None
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == progress_mod.SCHEMA_VERSION
    assert [a.answer for a in store.attempts("amy", "quiz", "fixture_valid")] == ["b"]
    assert store.save_record("amy", "contact_log", {"entries": []})  # the table added since exists
    store.close()
    again = ProgressStore(path)  # opening an upgraded file changes nothing
    assert again.load_record("amy", "contact_log") == {"entries": []} and again.count() == 1


def test_a_file_from_a_newer_course_is_used_as_it_is(tmp_path):
    path = tmp_path / FILE_NAME
    ProgressStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {progress_mod.SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    store = ProgressStore(path)
    assert store.notice is None and store.record("amy", "quiz", "b", "q", "submit", "a", True, 1.0)


def _bad_rows(store: ProgressStore) -> None:
    rows = [
        ("fx_single", "submit", '"zz"', 0),     # an option removed from the question since
        ("fx_truefalse", "submit", "{not json", 1),
        ("", "retry", '"fx_single"', None),     # a retry row without a list
        ("fx_multiple", "hint", '"x"', None),
        ("gone", "submit", '"a"', 1),           # a question removed from the bank
    ]
    with store._transaction() as conn:
        for item, action, answer, correct in rows:
            conn.execute(
                "INSERT INTO attempts (at, learner, kind, collection, item, action, answer, correct, points) "
                "VALUES (1, 'amy', 'quiz', 'fixture_valid', ?, ?, ?, ?, 0)", (item, action, answer, correct))


def test_rows_that_no_longer_fit_are_skipped_and_the_quiz_builds(tmp_path):
    store = ProgressStore(tmp_path / FILE_NAME)
    _bad_rows(store)
    bank = load_bank(FIX / "bank_valid.yaml", refs=REFS)
    widget = show_quiz(bank, learner="amy", store=store)
    view = widget.view
    assert "跳过" in view.notice.value and view.notice.value.count("跳过") == 1
    assert view.views["fx_single"].get_answer() is None  # the removed option is not shown as chosen
    view.reset_button.click()
    assert store.attempts("amy", "quiz", "fixture_valid") == []
    view.views["fx_single"].set_answer("b")
    assert "正确" in view.views["fx_single"].submit().message


def test_a_quiz_whose_stored_progress_cannot_be_replayed_still_builds_and_resets(tmp_path, monkeypatch):
    from overdue.quiz import Quiz as RealQuiz

    store = ProgressStore(tmp_path / FILE_NAME)
    store.record("amy", "quiz", "fixture_valid", "fx_single", "submit", "b", True, 1.0)
    bank = load_bank(FIX / "bank_valid.yaml", refs=REFS)

    def broken_resume(self):
        if self.store:
            raise RuntimeError("a row the engine cannot replay")

    monkeypatch.setattr(RealQuiz, "_resume", broken_resume)
    widget = show_quiz(bank, learner="amy", store=store)
    assert "读不出来" in widget.view.notice.value
    monkeypatch.undo()
    widget.view.reset_button.click()
    assert store.attempts("amy", "quiz", "fixture_valid") == []
    widget.view.views["fx_single"].set_answer("b")
    widget.view.views["fx_single"].submit()
    assert len(store.attempts("amy", "quiz", "fixture_valid")) == 1  # saving again after the reset


def test_a_notice_raised_while_the_quiz_is_open_is_shown_in_it(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path / FILE_NAME)
    widget = show_quiz(load_bank(FIX / "bank_valid.yaml", refs=REFS), learner="amy", store=store)
    view = widget.view
    assert view.notice.value == ""

    def busy(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "_transaction", busy)
    view.views["fx_single"].set_answer("b")
    view.views["fx_single"].submit()
    assert "没能保存" in view.notice.value


def test_records_never_keep_a_personal_number(tmp_path):
    store = ProgressStore(tmp_path / FILE_NAME)
    store.save_record("amy", "letter", {"reason": "卡号 6222 0212 3456 7894", "name": "小陈",
                                        "log": [{"said": "我的手机 13812345678", "number": "13812345678"}]},
                      allow_phone=("number",))
    assert store.load_record("amy", "letter") == {"reason": "", "name": "小陈",
                                                  "log": [{"said": "", "number": "13812345678"}]}
    raw = (tmp_path / FILE_NAME).read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("*-wal"))
    assert b"6222" not in raw and "6222".encode("utf-16-le") not in raw
    assert store.clear_record("amy", "letter") and store.load_record("amy", "letter") is None


def test_a_notice_raised_while_a_roleplay_is_open_is_shown_in_it(tmp_path, monkeypatch):
    from overdue.quiz import RolePlay
    from overdue.quiz.views import RolePlayView

    store = ProgressStore(tmp_path / FILE_NAME)
    view = RolePlayView(RolePlay("doorstep", learner="amy", store=store))
    assert view.notice.value == ""

    def busy(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "_transaction", busy)
    view.choose("ask_through_door")
    assert "没能保存" in view.notice.value
    assert "王强" in view.scene.value  # the play goes on
