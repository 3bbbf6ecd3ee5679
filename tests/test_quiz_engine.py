"""Quiz behaviour a learner notices: scoring, feedback, hints, reveal, retry, seeded order, summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from overdue.quiz import Quiz, load_bank
from overdue.quiz.engine import parse_number
from overdue.quiz.progress import ProgressStore

FIX = Path(__file__).parent / "fixtures" / "quiz"
REFS = FIX / "references_small.yaml"


@pytest.fixture
def bank():
    return load_bank(FIX / "bank_valid.yaml", refs=REFS)


@pytest.fixture
def quiz(bank):
    return Quiz(bank, seed=0, store=False, refs=REFS)


def test_right_answer_scores_and_explains(quiz):
    fb = quiz.submit("fx_single", "b")
    assert fb.correct and fb.score == 1
    assert fb.message.startswith("✔")
    assert "先核实身份和授权" in " ".join(fb.details)  # the chosen option's own feedback
    assert fb.explanation == "先确认身份，再谈还款。"
    assert fb.refs == ("hotline_95384",)
    assert "95384" in fb.citation
    assert quiz.score == 1


def test_wrong_answer_says_why_not_just_wrong(quiz):
    fb = quiz.submit("fx_single", "a")
    assert not fb.correct and fb.score == 0
    assert fb.message.startswith("✘")
    assert any("还没确认他是谁" in d for d in fb.details)
    assert fb.explanation == ""  # the explanation would give the answer away


@pytest.mark.parametrize(
    ("qid", "right", "wrong"),
    [
        ("fx_multiple", ["b", "a"], ["a"]),
        ("fx_truefalse", False, True),
        ("fx_ordering", ["calm", "ask_id", "call"], ["ask_id", "calm", "call"]),
        ("fx_numeric", "5", "50"),
    ],
)
def test_each_type_grades(quiz, qid, right, wrong):
    assert not quiz.submit(qid, wrong).correct
    assert quiz.submit(qid, right).correct


def test_multiple_tells_how_many_right_options_were_missed(quiz):
    fb = quiz.submit("fx_multiple", ["a"])
    assert any("还有 1 个正确的选项没有选" in d for d in fb.details)


def test_ordering_counts_steps_in_place(quiz):
    fb = quiz.submit("fx_ordering", ["calm", "call", "ask_id"])
    assert any("3 步里有 1 步放对了位置" in d for d in fb.details)


@pytest.mark.parametrize("typed", ["5", "5.00", "5 元", "５", "5.009", " 4.995 "])
def test_numeric_accepts_what_people_type(quiz, typed):
    assert quiz.submit("fx_numeric", typed).correct


@pytest.mark.parametrize("typed", ["abc", "", "5.02", "1e999"])
def test_numeric_outside_tolerance_or_unreadable(quiz, typed):
    fb = quiz.submit("fx_numeric", typed)
    assert not fb.correct


@pytest.mark.parametrize(
    ("qid", "bad"),
    [
        ("fx_numeric", "五块"),
        ("fx_single", "z"),
        ("fx_single", None),
        ("fx_multiple", []),
        ("fx_ordering", ["calm"]),
        ("fx_truefalse", "也许"),
    ],
)
def test_unreadable_answer_is_not_counted(quiz, qid, bad):
    fb = quiz.submit(qid, bad)
    assert not fb.valid and not fb.correct
    assert fb.message and "Traceback" not in fb.message
    assert quiz.state(qid).tries == 0


def test_parse_number_thousands_and_fullwidth():
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("１２３４") == 1234


def test_hints_come_in_increasing_detail_then_repeat(quiz):
    assert quiz.hint("fx_numeric").startswith("提示 1/3")
    assert quiz.hint("fx_numeric").startswith("提示 2/3")
    third = quiz.hint("fx_numeric")
    assert third.startswith("提示 3/3")
    assert quiz.hint("fx_numeric") == third
    assert "没有提示" in quiz.hint("fx_multiple")


def test_reveal_only_after_the_set_number_of_tries(quiz, bank):
    assert bank.reveal_after == 2
    early = quiz.reveal("fx_single")
    assert not early.allowed and "2" in early.message
    quiz.submit("fx_single", "a")
    assert not quiz.reveal("fx_single").allowed
    quiz.submit("fx_single", "c")
    shown = quiz.reveal("fx_single")
    assert shown.allowed
    assert "工作证和委托书" in shown.answer_text
    # a revealed question earns nothing, even when answered right afterwards
    assert quiz.submit("fx_single", "b").score == 0


def test_reveal_answer_text_per_type(quiz):
    for qid in ["fx_multiple", "fx_truefalse", "fx_ordering", "fx_numeric"]:
        quiz.submit(
            qid,
            {
                "fx_multiple": ["c"],
                "fx_truefalse": True,
                "fx_ordering": ["call", "ask_id", "calm"],
                "fx_numeric": "1",
            }[qid],
        )
        quiz.submit(
            qid,
            {
                "fx_multiple": ["c"],
                "fx_truefalse": True,
                "fx_ordering": ["call", "ask_id", "calm"],
                "fx_numeric": "1",
            }[qid],
        )
    assert quiz.reveal("fx_truefalse").answer_text == "误区"
    assert quiz.reveal("fx_numeric").answer_text == "5 元"
    assert quiz.reveal("fx_ordering").answer_text.startswith("1. 保持冷静")


def test_pass_mark_and_retry_of_wrong_ones(quiz):
    quiz.submit("fx_single", "b")
    quiz.submit("fx_multiple", ["a", "b"])
    quiz.submit("fx_truefalse", True)
    quiz.submit("fx_ordering", ["calm", "ask_id", "call"])
    quiz.submit("fx_numeric", "7")
    assert quiz.fraction == pytest.approx(0.6) and quiz.passed  # pass_mark 0.6
    retry = quiz.retry_wrong()
    assert retry == ["fx_truefalse", "fx_numeric"]
    assert quiz.current_round == retry and quiz.round == 2
    assert quiz.state("fx_numeric").tries == 0
    quiz.submit("fx_truefalse", False)
    assert quiz.score == 4


def test_summary_lists_what_to_review_with_links_and_refs(quiz):
    quiz.submit("fx_single", "a")
    quiz.submit("fx_multiple", ["a", "b"])
    s = quiz.summary()
    assert not s.passed and s.correct == 1 and s.total == 5
    first = s.to_review[0]
    assert first.question_id == "fx_single" and first.status == "wrong"
    assert first.lesson_link == "02_verify_collector.ipynb#核实身份"
    statuses = {r.question_id: r.status for r in s.to_review}
    assert statuses["fx_numeric"] == "unanswered"
    assert "fx_multiple" not in statuses
    assert "02_verify_collector.ipynb" in str(s)


def test_shuffle_is_seeded(bank):
    a = Quiz(bank, seed=7, store=False, refs=REFS)
    b = Quiz(bank, seed=7, store=False, refs=REFS)
    orders = {s: [o.id for o in Quiz(bank, seed=s, store=False).options("fx_single")] for s in range(12)}
    assert [o.id for o in a.options("fx_single")] == [o.id for o in b.options("fx_single")]
    assert len({tuple(v) for v in orders.values()}) > 1  # the seed matters
    for s in range(12):
        steps = [o.id for o in Quiz(bank, seed=s, store=False).options("fx_ordering")]
        assert steps != ["calm", "ask_id", "call"]  # never shown already in order


def test_state_resumes_from_store(bank, tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    q1 = Quiz(bank, learner="amy", store=store, refs=REFS)
    q1.submit("fx_single", "b")
    q1.submit("fx_numeric", "9")
    q1.hint("fx_numeric")
    q2 = Quiz(bank, learner="amy", store=store, refs=REFS)
    assert q2.score == 1
    assert q2.state("fx_numeric").tries == 1 and q2.state("fx_numeric").hints_shown == 1
    assert Quiz(bank, learner="bob", store=store, refs=REFS).score == 0
    q2.reset()
    assert Quiz(bank, learner="amy", store=store, refs=REFS).score == 0
