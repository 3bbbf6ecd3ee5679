"""Quizzes and branching role-plays: content models, loader and checks, scoring, progress, views.

    from overdue.quiz import load_bank, Quiz, show_quiz
    quiz = Quiz(load_bank("lesson03"), seed=0)
    quiz.submit("l03_daily_to_annual", "b")      # -> Feedback(correct, message, refs, score)
    show_quiz("lesson03")                        # the ipywidgets view

Content authors: ``python -m overdue.quiz check [paths]`` and docs/authoring-quizzes.md.
"""

from __future__ import annotations

from typing import Any

from . import references
from .loader import (
    CheckReport,
    all_banks,
    all_roleplays,
    bank_from_data,
    check_paths,
    load_bank,
    load_roleplay,
    roleplay_from_data,
)
from .models import QUESTION_TYPES, Bank, Reference, RolePlayScript, Text
from .problems import Problem, QuizContentError

# Behaviour, progress and views are imported on first use (views pull in ipywidgets).
_LAZY = {
    "Quiz": ".engine",
    "Feedback": ".engine",
    "Reveal": ".engine",
    "Summary": ".engine",
    "RolePlay": ".engine",
    "Step": ".engine",
    "Debrief": ".engine",
    "ProgressStore": ".progress",
    "QuestionView": ".views",
    "QuizView": ".views",
    "RolePlayView": ".views",
    "show_quiz": ".views",
    "show_roleplay": ".views",
    "suggest_lessons": ".selfcheck",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "QUESTION_TYPES",
    "Bank",
    "CheckReport",
    "Problem",
    "QuizContentError",
    "Reference",
    "RolePlayScript",
    "Text",
    "all_banks",
    "all_roleplays",
    "bank_from_data",
    "check_paths",
    "load_bank",
    "load_roleplay",
    "references",
    "roleplay_from_data",
    *_LAZY,
]
