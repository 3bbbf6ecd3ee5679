"""Lesson 03 (check the amount): exercise checks. Expected values come from the engine.

The running example is the lesson's fictional borrower 陈晓梅, whose loan is the course's example loan
(content/presets.yaml ``overdue``, its only source, read through `overdue.forms.timeline.example_loan`)
with the same penalty multiplier. Her own story, this exercise's: the first three instalments paid on
time and none after, and the two days asked about (2026-07-20 and, for the 24% check, 2027-07-20).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..forms.timeline import example_loan
from ..loan import cap_check, charges_on
from .base import Exercises, number_or_nan

LOAN, _OPTIONS = example_loan()
PENALTY_MULTIPLIER = _OPTIONS["penalty_multiplier"]
PAID_THROUGH = 3
ON = date(2026, 7, 20)
LATER = date(2027, 7, 20)

_terms = {"paid_through": PAID_THROUGH, "penalty_multiplier": PENALTY_MULTIPLIER}
_charges = charges_on(LOAN, on=ON, compound=False, **_terms)
_normal = charges_on(LOAN, on=ON, paid_through=PAID_THROUGH, penalty_multiplier=Decimal("1"))
_accelerated_all = charges_on(LOAN, on=ON, accelerate_on=LOAN.due_dates[PAID_THROUGH], **_terms)
_cap = cap_check(LOAN, on=LATER, compound=True, **_terms)  # "if the contract has 复利"

ex = Exercises("lesson03")


def _diagnose_penalty(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_normal.penalty)) < 0.011:
        return "normal_rate"
    if abs(got - float(_accelerated_all.penalty)) < 0.011:
        return "all_principal"
    if any(abs(got - float(i.penalty)) < 0.011 for i in _charges.items):
        return "one_instalment"
    return None


penalty_on_date = ex.number("penalty_on_date", expected=_charges.penalty, diagnose=_diagnose_penalty)


_cap_no_compound = cap_check(LOAN, on=LATER, compound=False, **_terms)


def _diagnose_excess(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_cap.charged)) < 0.011:
        return "charged"
    if abs(got - float(_cap_no_compound.excess)) < 0.011:
        return "no_compound"
    return None


excess_over_24 = ex.number("excess_over_24", expected=_cap.excess, diagnose=_diagnose_excess)

CHECKS = ex.finish(globals())  # collector_claim, check_plan: choice and set, all in the record

__all__ = ["LOAN", "PENALTY_MULTIPLIER", "PAID_THROUGH", "ON", "LATER", *CHECKS]
