"""Lesson 03 (check the amount): exercise checks. Expected values come from the engine.

The running example is the lesson's fictional borrower 陈晓梅: 10,000 yuan borrowed on 2026-01-15,
10 monthly instalments, equal principal, daily rate 0.05% (an editable example parameter), the first
three instalments paid on time and none after.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..loan import Loan, cap_check, charges_on
from .base import Exercises, number_or_nan

LOAN = Loan(principal=Decimal("10000"), daily_rate=Decimal("0.0005"), periods=10,
            method="equal_principal", start=date(2026, 1, 15))
PAID_THROUGH = 3
ON = date(2026, 7, 20)
LATER = date(2027, 7, 20)

_charges = charges_on(LOAN, on=ON, paid_through=PAID_THROUGH, compound=False)
_normal = charges_on(LOAN, on=ON, paid_through=PAID_THROUGH, penalty_multiplier=Decimal("1"))
_accelerated_all = charges_on(LOAN, on=ON, paid_through=PAID_THROUGH, accelerate_on=LOAN.due_dates[PAID_THROUGH])
_cap = cap_check(LOAN, on=LATER, paid_through=PAID_THROUGH, compound=True)  # "if the contract has 复利"

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


_cap_no_compound = cap_check(LOAN, on=LATER, paid_through=PAID_THROUGH, compound=False)


def _diagnose_excess(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_cap.charged)) < 0.011:
        return "charged"
    if abs(got - float(_cap_no_compound.excess)) < 0.011:
        return "no_compound"
    return None


excess_over_24 = ex.number("excess_over_24", expected=_cap.excess, diagnose=_diagnose_excess)

CHECKS = ex.finish(globals())  # collector_claim, check_plan: choice and set, all in the record

__all__ = ["LOAN", "PAID_THROUGH", "ON", "LATER", *CHECKS]
