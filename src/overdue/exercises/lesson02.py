"""Lesson 02 (verify the collector): exercise checks. Expected values come from the engine.

The running example is the lesson's fictional borrower 陈静: 5,000 yuan borrowed on 2026-03-10,
5 monthly instalments, equal principal, daily rate 0.05%, overdue principal charged at 1.5 x that
rate, no compound interest (as in content/presets.yaml; not a lender's terms); the first two instalments
were paid on time and none after. On 2026-08-20 a visitor says she owes ``CLAIM`` yuan "today".
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from ..loan import Loan, charges_on
from .base import Exercises, number_or_nan

LOAN = Loan(principal=Decimal("5000"), daily_rate=Decimal("0.0005"), periods=5,
            method="equal_principal", start=date(2026, 3, 10))
PAID_THROUGH = 2
ON = date(2026, 8, 20)
CLAIM = Decimal("4200")  # what the visitor in the exercise says (a story figure, not a computed one)

COMPOUND = False  # as in content/presets.yaml

_charges = charges_on(LOAN, on=ON, paid_through=PAID_THROUGH, compound=COMPOUND)

ex = Exercises("lesson02")


def _diagnose_owed(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_charges.principal)) < 0.011:
        return "principal_only"
    if abs(got - float(CLAIM)) < 0.011:
        return "took_claim"
    return None


owed_on_visit = ex.number("owed_on_visit", expected=_charges.total, diagnose=_diagnose_owed)


def _diagnose_gap(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got + float(CLAIM - _charges.total)) < 0.011:
        return "sign"
    return None


claim_gap = ex.number("claim_gap", expected=CLAIM - _charges.total, diagnose=_diagnose_gap)

# The doorstep plan: a dict whose keys are the record's questions and whose values are letters of
# each question's options (all in the record).
PLAN_ANSWERS = ex.record("doorstep_plan").expected()
PLAN_KEYS = tuple(PLAN_ANSWERS)


def _judge_plan(answer) -> str | None:
    if not isinstance(answer, Mapping):
        return "not_a_dict"
    for key in PLAN_KEYS:
        if key not in answer or not isinstance(answer[key], str) or not answer[key].strip():
            return "missing_key"
    for key in PLAN_KEYS:
        if answer[key].strip().upper() != PLAN_ANSWERS[key]:
            return f"wrong_{key}"
    return None


doorstep_plan = ex.predicate("doorstep_plan", judge=_judge_plan)

CHECKS = ex.finish(globals())  # best_response, story_red_flags: choice and set, all in the record

__all__ = ["LOAN", "PAID_THROUGH", "ON", "COMPOUND", "CLAIM", *CHECKS]
