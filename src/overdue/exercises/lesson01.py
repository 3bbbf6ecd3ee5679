"""Lesson 01 (how collection escalates): exercise checks. Expected values come from the engine.

The running example is the lesson's fictional borrower 张大伟: 10,000 yuan borrowed on 2026-01-15,
10 monthly instalments, equal principal, daily rate 0.05%, overdue principal charged at 1.5 x that
rate, no compound interest (the course's example parameters, content/presets.yaml: commonly reported
figures, not a lender's terms); the first instalment was paid on time and none after.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from ..loan import Loan, charges_on
from .base import Exercises, number_or_nan

LOAN = Loan(principal=Decimal("10000"), daily_rate=Decimal("0.0005"), periods=10,
            method="equal_principal", start=date(2026, 1, 15))
PAID_THROUGH = 1
DAYS = 60
# Day 60 counted from the due date of the first missed instalment (as a collector would count).
ON = LOAN.due_dates[PAID_THROUGH] + timedelta(days=DAYS)

COMPOUND = False  # as in content/presets.yaml: compound interest is not reported for 微粒贷

_charges = charges_on(LOAN, on=ON, paid_through=PAID_THROUGH, compound=COMPOUND)
_with_compound = charges_on(LOAN, on=ON, paid_through=PAID_THROUGH, compound=True)
_normal_rate = charges_on(LOAN, on=ON, paid_through=PAID_THROUGH, penalty_multiplier=Decimal("1"),
                          compound=COMPOUND)

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

__all__ = ["LOAN", "PAID_THROUGH", "DAYS", "ON", "COMPOUND", "PLAN_MENU", *CHECKS]
