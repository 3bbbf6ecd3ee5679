"""Lesson 07 (reading a loan contract): exercise checks. Expected values come from the engine, fed
with the parameters of the fictional teaching contract (content/contract_sample.yaml, 示例银行).

The running example is the lesson's fictional borrower 陈立: the contract's 10,000 yuan over 12
months (equal principal, 0.04% a day), instalments 1-4 paid on time and none after.
"""

from __future__ import annotations

from datetime import date

from ..forms.contract import ContractSample
from .base import Exercises, number_or_nan

CONTRACT = ContractSample()
LOAN = CONTRACT.loan
PAID_THROUGH = 4
ON = date(2026, 11, 29)
FIRST_MISSED = PAID_THROUGH + 1

_normal_day, _penalty_day = CONTRACT.daily_cost(FIRST_MISSED)
_plain = CONTRACT.charges(on=ON, paid_through=PAID_THROUGH)
_accelerated = CONTRACT.charges(on=ON, paid_through=PAID_THROUGH, accelerate=True)

ex = Exercises("lesson07")


def _diagnose_day(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_normal_day)) < 0.006:
        return "normal_rate"
    if abs(got - float(_penalty_day - _normal_day)) < 0.006:
        return "only_extra"
    return None


penalty_per_day = ex.number("penalty_per_day", expected=_penalty_day, diagnose=_diagnose_day)


def _diagnose_owed(answer) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_accelerated.total)) < 0.011:
        return "accelerated"
    if abs(got - float(_plain.principal)) < 0.011:
        return "principal_only"
    if abs(got - float(_plain.total - _plain.compound)) < 0.011:
        return "no_compound"
    return None


owed_on_date = ex.number("owed_on_date", expected=_plain.total, diagnose=_diagnose_owed)


def _diagnose_acc(answer) -> str | None:
    return "not_accelerated" if abs(number_or_nan(answer) - float(_plain.total)) < 0.011 else None


owed_if_accelerated = ex.number("owed_if_accelerated", expected=_accelerated.total, diagnose=_diagnose_acc)

# contacts_reply and backed_by_contract (which statements the sample contract backs: clauses 5, 7, 6
# and 12; the others contradict clauses 8, 9, 11 or appear nowhere in it): all in the record.
CHECKS = ex.finish(globals())

__all__ = ["CONTRACT", "LOAN", "PAID_THROUGH", "ON", *CHECKS]
