"""The 00_start_here self-check: ten questions that point to lessons, and the lesson suggestions."""

from __future__ import annotations

import re

from overdue.i18n import ui
from overdue.manifest import course
from overdue.quiz import Quiz, load_bank, suggest_lessons
from overdue.quiz.selfcheck import lesson_of, lesson_title

LESSONS = course().stems  # content/course.yaml


def test_bank_shape():
    bank = load_bank("self_check")
    assert bank.bank == "self_check" and bank.lesson == "00_start_here"
    assert len(bank.questions) == 10
    assert len({q.type for q in bank.questions}) == 5  # every question type is used


def test_every_answer_says_which_lesson_helps():
    bank = load_bank("self_check")
    for q in bank.questions:
        lesson = lesson_of(q.lesson_link)
        assert lesson in LESSONS, q.id
        number = int(lesson[:2])
        texts = [o.feedback.zh for o in getattr(q, "options", []) if o.feedback]
        if getattr(q, "feedback", None):
            texts += [q.feedback.correct.zh, q.feedback.wrong.zh]
        assert texts, q.id
        for t in texts:
            if q.type in ("single", "multiple") and "不违法" in t:
                continue  # a neutral option may not need a lesson pointer
            assert f"第 {number} 课" in t, (q.id, t)
        assert q.refs, q.id  # every self-check question rests on a reference


def test_suggestions_rank_lessons_by_wrong_answers():
    answers = {
        "sc_doorstep_first": "a",
        "sc_private_account": True,
        "sc_credit_record": "a",
        "sc_daily_to_annual": "18.25",
        "sc_tell_others": "b",
    }
    s = suggest_lessons(answers)
    assert s.lessons == ["02_verify_collector", "08_legal_consequences"]
    assert s.items[0].questions == ("sc_doorstep_first", "sc_private_account")
    assert "第 2 课" in str(s) and "02_verify_collector.ipynb" in str(s)


def test_suggestions_from_a_quiz_and_edge_cases():
    quiz = Quiz(load_bank("self_check"), store=False)
    assert suggest_lessons(quiz).answered == 0
    assert str(suggest_lessons(quiz)) == ui("selfcheck.not_started")
    quiz.submit("sc_visit_limits", ["a", "b", "d"])
    assert len(suggest_lessons(quiz)) == 0 and "都答对了" in str(suggest_lessons(quiz))
    quiz.submit("sc_path_to_court", ["judgment", "overdue", "enforce", "listing"])
    assert suggest_lessons(quiz).lessons == ["01_collection_process"]


def test_lesson_titles_come_from_the_manifest_for_every_lesson():
    for lesson in LESSONS:
        title = lesson_title(lesson)
        assert re.match(r"第 \d+ 课 \S", title), title
    assert lesson_title("02_verify_collector") == "第 2 课 门口的人，先核实"


def test_suggestions_from_the_widget_a_notebook_holds():
    from overdue.quiz import show_quiz

    widget = show_quiz("self_check", store=False)
    assert suggest_lessons(widget).answered == 0
    widget.quiz.submit("sc_tell_others", "a")
    assert suggest_lessons(widget).lessons == ["06_borrower_rights"]
