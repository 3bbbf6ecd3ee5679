"""The 00_start_here self-check: from a learner's answers, which lessons to read first.

Each question of the ``self_check`` bank points (with ``lesson_link``) to the lesson that teaches it.
A wrong or unanswered question votes for its lesson; lessons with more votes come first, ties in
course order.

    from overdue.quiz import Quiz, suggest_lessons
    quiz = Quiz("self_check")
    ... answers ...
    suggest_lessons(quiz)                 # or suggest_lessons({"sc_doorstep_first": "b", ...})
    suggest_lessons(show_quiz("self_check"))   # the widget works too
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..i18n import ui
from .engine import Quiz, ShownAsLines
from .loader import load_bank

BANK_ID = "self_check"


@dataclass(frozen=True)
class Suggestion:
    lesson: str  # notebook stem, e.g. 02_verify_collector
    title: str
    questions: tuple[str, ...]  # the self-check questions that point here

    @property
    def notebook(self) -> str:
        return f"{self.lesson}.ipynb"


@dataclass(frozen=True)
class Suggestions(ShownAsLines):
    items: tuple[Suggestion, ...]
    answered: int = 0  # how many self-check questions were answered

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def lessons(self) -> list[str]:
        return [s.lesson for s in self.items]

    def lines(self) -> list[str]:
        if not self.answered:
            return [ui("selfcheck.not_started")]
        if not self.items:
            return [ui("selfcheck.all_good")]
        out = [ui("selfcheck.read_first")]
        out += [
            ui("selfcheck.item", n=n, title=s.title, notebook=s.notebook) for n, s in enumerate(self.items, 1)
        ]
        return out


def lesson_of(link: str | None) -> str | None:
    """The notebook stem of a lesson link like '02_verify_collector.ipynb#核实身份'."""
    if not link:
        return None
    stem = link.split("#", 1)[0].rsplit("/", 1)[-1]
    return stem.removesuffix(".ipynb") or None


def lesson_title(lesson: str) -> str:
    """第 N 课 <title> from the course manifest (content/course.yaml); the stem if it is not there."""
    from ..manifest import course, lesson_label  # lazily: the manifest's models import this package

    try:
        return lesson_label(course().by_id(lesson))
    except KeyError:
        return lesson


def suggest_lessons(answers: Quiz | Mapping[str, Any] | Any, seed: int = 0) -> Suggestions:
    """Lessons to read first, from a self-check Quiz, its view or widget, or a {question id: answer} mapping.

    Only answered questions count: a wrong (or revealed) answer votes for the lesson it points to.
    """
    answers = getattr(answers, "quiz", answers)  # a QuizView or the widget show_quiz() returned
    if isinstance(answers, Quiz):
        quiz = answers
    else:
        quiz = Quiz(load_bank(BANK_ID), seed=seed, store=False)
        for qid, answer in answers.items():
            quiz.submit(qid, answer)
    votes: dict[str, list[str]] = {}
    for q in quiz.bank.questions:
        lesson = lesson_of(q.lesson_link)
        st = quiz.state(q.id)
        if lesson and (st.answered or st.revealed) and st.points == 0:
            votes.setdefault(lesson, []).append(q.id)
    ranked = sorted(votes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    answered = sum(1 for q in quiz.bank.questions if quiz.state(q.id).answered)
    return Suggestions(
        tuple(Suggestion(lesson, lesson_title(lesson), tuple(ids)) for lesson, ids in ranked), answered
    )
