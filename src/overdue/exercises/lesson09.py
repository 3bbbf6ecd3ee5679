"""Lesson 09 (the second visit, end to end): exercise checks.

Expected values come from the course's own objects: the monthly room from `ActionPlan.affordable`,
the role-play path judged by replaying it on the `second_visit` script (content/roleplays).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..quiz import load_roleplay
from ..widgets.action_plan import ActionPlan
from .base import Exercises

ex = Exercises("lesson09")

# 小何 (fictional): income, essential spending, emergency reserve, in yuan a month.
SAMPLE = ActionPlan(income="4800", essentials="3900", reserve="200")
monthly_room = ex.number("monthly_room", expected=SAMPLE.affordable(), unit="元")

SCRIPT = load_roleplay("second_visit")


def replay(choice_ids: list[str]) -> tuple[str | None, int, str | None]:
    """Follow `choice_ids` from the start: (ending id or None, score, problem key or None)."""
    node, score = SCRIPT.start, 0
    for cid in choice_ids:
        if SCRIPT.is_ending(node):
            return node, score, "past_end"
        try:
            choice = SCRIPT.scene(node).choice(cid)
        except KeyError:
            return None, score, "bad_choice"
        score += choice.score
        node = choice.target
    return (node, score, None) if SCRIPT.is_ending(node) else (None, score, "no_end")


def _judge_path(answer: Any) -> str | None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return "not_a_list"
    ending, score, problem = replay([str(a).strip() for a in answer])
    if problem:
        return problem
    if SCRIPT.ending(ending).outcome != "good":
        return "not_good"
    if SCRIPT.pass_score is not None and score < SCRIPT.pass_score:
        return "low_score"
    return None


good_path = ex.predicate("good_path", judge=_judge_path)

# Situation -> the number to call (action_plan.CALLS holds the same directory).
WHO_TO_CALL = {"A": "110", "B": "95384", "C": "12378", "D": "96110", "E": "12356"}


def _judge_calls(answer: Any) -> str | None:
    if not isinstance(answer, Mapping):
        return "not_a_dict"
    got = {str(k).strip().upper(): str(v).strip() for k, v in answer.items()}
    if set(got) != set(WHO_TO_CALL):
        return "missing_keys"
    wrong = [k for k in WHO_TO_CALL if got[k] != WHO_TO_CALL[k]]
    return f"wrong_{wrong[0]}" if wrong else None


who_to_call = ex.predicate("who_to_call", judge=_judge_calls)

__all__ = ["SAMPLE", "SCRIPT", "WHO_TO_CALL", "monthly_room", "good_path", "who_to_call", "replay"]
