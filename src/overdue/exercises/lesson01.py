"""Lesson 01 (how collection escalates): exercise checks. Expected values come from the engine.

The running example is the lesson's fictional borrower 张大伟, whose loan is the course's example loan
exactly as content/presets.yaml states it, its only source (``overdue``: the sum, rate, instalments,
method and start date, commonly reported figures, not a lender's terms; instalments paid on time;
the penalty multiplier; no compound interest). Read through `overdue.forms.timeline.example_loan`.
The exercise's own number is the day counted to: day 60 after the first missed due date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal

from ..forms.timeline import example_loan
from ..loan import charges_on
from .base import Exercises, number_or_nan

LOAN, _OPTIONS = example_loan()
PAID_THROUGH = _OPTIONS["paid_through"]
PENALTY_MULTIPLIER = _OPTIONS["penalty_multiplier"]
COMPOUND = _OPTIONS["compound"]  # off in the presets: compound interest is not reported for 微粒贷
DAYS = 60
# Day 60 counted from the due date of the first missed instalment (as a collector would count).
ON = LOAN.due_dates[PAID_THROUGH] + timedelta(days=DAYS)

_charges = charges_on(LOAN, on=ON, **_OPTIONS)
_with_compound = charges_on(LOAN, on=ON, **{**_OPTIONS, "compound": True})
_normal_rate = charges_on(LOAN, on=ON, **{**_OPTIONS, "penalty_multiplier": Decimal("1")})

ex = Exercises("lesson01")


def _diagnose_total(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_with_compound.total)) < 0.011:
        return "with_compound"
    if abs(got - float(_normal_rate.total)) < 0.011:
        return "normal_rate"
    if abs(got - float(_charges.items[0].total)) < 0.011:
        return "one_instalment"
    if abs(got - float(_charges.principal)) < 0.011:
        return "principal_only"
    return None


owed_day_60 = ex.number("owed_day_60", expected=_charges.total, diagnose=_diagnose_total)


def _diagnose_extra(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_charges.total)) < 0.011:
        return "total"
    if abs(got - float(_with_compound.penalty + _with_compound.compound)) < 0.011:
        return "with_compound"
    if abs(got - float(_normal_rate.penalty)) < 0.011:
        return "normal_rate"
    return None


# With compound interest off, what exists only because of the delay is the penalty interest.
extra_day_60 = ex.number("extra_day_60", expected=_charges.penalty + _charges.compound, diagnose=_diagnose_extra)

# The plan exercise: steps picked from the numbered menu of its record (number -> option id).
_plan = ex.record("plan_after_visit")
PLAN_MENU = {int(_plan.label(o.id)): o.id for o in _plan.options}
PLAN_REQUIRED = ("call_official_number", "check_amount_in_app", "pay_official_channel")  # verify, check, pay
PLAN_FORBIDDEN = {o.id for o in _plan.options if o.feedback is not None}  # its feedback says why


def _judge_plan(answer) -> str | None:
    if isinstance(answer, Mapping) or isinstance(answer, str | bytes) or not isinstance(answer, Iterable):
        return "not_a_list"
    steps = []
    for a in answer:
        try:
            steps.append(int(a))
        except (TypeError, ValueError):
            return "not_a_list"
    if any(s not in PLAN_MENU for s in steps):
        return "not_in_menu"
    picked = [PLAN_MENU[s] for s in steps]
    for step in picked:
        if step in PLAN_FORBIDDEN:
            return f"picked_{step}"
    missing = [s for s in PLAN_REQUIRED if s not in picked]
    if missing:
        return f"missing_{missing[0]}"
    verify, check, pay = (picked.index(s) for s in PLAN_REQUIRED)
    if pay < verify or pay < check:
        return "pay_before_verify"
    return None


plan_after_visit = ex.predicate("plan_after_visit", judge=_judge_plan)

CHECKS = ex.finish(globals())  # second_visit_claim, facts_not_myths: choice and set, all in the record

__all__ = ["LOAN", "PAID_THROUGH", "PENALTY_MULTIPLIER", "DAYS", "ON", "COMPOUND", "PLAN_MENU", *CHECKS]
