"""Lesson 09 (the second visit, end to end): exercise checks.

Expected values come from the course's own objects: the monthly room from `ActionPlan.affordable`,
the role-play path judged by the role-plays' own outcome rule on the `second_visit` script.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..forms.action_plan import ActionPlan
from ..i18n import text
from ..quiz import load_roleplay, outcome
from ..quiz.outcome import assess, final_node, path_score
from .base import Exercises

ex = Exercises("lesson09")

# 小何 (fictional): income, essential spending, emergency reserve, in yuan a month.
SAMPLE = ActionPlan(income="4800", essentials="3900", reserve="200")
monthly_room = ex.number("monthly_room", expected=SAMPLE.affordable())

SCRIPT = load_roleplay("second_visit")


def replay(choice_ids: list[str]) -> tuple[str | None, int, str | None]:
    """Follow `choice_ids` from the start: (ending id or None, score, problem key or None)."""
    path, problem = _walk(choice_ids)
    node = final_node(SCRIPT, path)
    score = path_score(SCRIPT, path)
    if problem:
        return (node if SCRIPT.is_ending(node) else None), score, problem
    return (node, score, None) if SCRIPT.is_ending(node) else (None, score, "no_end")


def _walk(choice_ids: list[str]) -> tuple[list[tuple[str, str]], str | None]:
    """The (scene, choice) path the ids spell (followed as a page does, `overdue.quiz.outcome.replay`),
    and a problem key if they go astray: ids left after an ending, or an id the scene does not have."""
    path, ended = outcome.replay(SCRIPT, choice_ids)
    if len(path) == len(choice_ids):
        return path, None
    return path, ("past_end" if ended else "bad_choice")


def _judge_path(answer: Any) -> str | tuple[str, dict[str, Any]] | None:
    """Right only when the path earns a good outcome by the role-plays' own rule
    (overdue.quiz.outcome): no harm on the way and every step the ending needs."""
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return "not_a_list"
    path, problem = _walk([str(a).strip() for a in answer])
    if problem:
        return problem
    if not SCRIPT.is_ending(final_node(SCRIPT, path)):
        return "no_end"
    result = assess(SCRIPT, path)
    if result.passed:
        return None
    if result.harms:
        h = result.harms[0]
        return ("harm_steps" if len(result.harms) > 1 else "harm_step"), {
            "n": h.step,
            "choice": h.choice_id,
            "label": text(h.action.label),
            "advice": text(h.action.advice),
            "more": len(result.harms) - 1,
        }
    if result.missing:
        m = result.missing[0]
        return "missing_step", {"label": text(m.label), "advice": text(m.advice)}
    return "not_good"


good_path = ex.predicate("good_path", judge=_judge_path)

# Situation letter -> the number to call, from the record (action_plan.CALLS holds the same directory).
WHO_TO_CALL = ex.record("who_to_call").expected()


def _judge_calls(answer: Any) -> str | None:
    if not isinstance(answer, Mapping):
        return "not_a_dict"
    got = {str(k).strip().upper(): str(v).strip() for k, v in answer.items()}
    if set(got) != set(WHO_TO_CALL):
        return "missing_keys"
    wrong = [k for k in WHO_TO_CALL if got[k] != WHO_TO_CALL[k]]
    return f"wrong_{wrong[0]}" if wrong else None


who_to_call = ex.predicate("who_to_call", judge=_judge_calls)

CHECKS = ex.finish(globals())

__all__ = ["SAMPLE", "SCRIPT", "WHO_TO_CALL", "replay", *CHECKS]
