"""Lesson 06 (borrower rights): exercise checks. The computed value comes from the interest engine.

Example (fictional): a contract for 10,000 yuan from which 600 yuan of "interest" was deducted at
payout, so 9,400 yuan arrived; one month, interest only, daily rate 0.05%. By 民法典第670条 the loan
and its interest count from the amount actually received.

These numbers are this exercise's own story, not the course's example loan (content/presets.yaml):
its record (content/exercises/lesson06.yaml) states them to the learner, so they stay fixed when the
example loan changes; tests/test_exercises_lesson06.py fails when the record and these disagree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..loan import Loan
from .base import Exercises, number_or_nan

CONTRACT_AMOUNT = Decimal("10000")
DEDUCTED = Decimal("600")
RECEIVED = CONTRACT_AMOUNT - DEDUCTED
DAILY_RATE = Decimal("0.0005")
START = date(2026, 3, 1)


def first_interest(principal: Decimal) -> Decimal:
    loan = Loan(principal=principal, daily_rate=DAILY_RATE, periods=1, method="interest_only", start=START)
    return loan.schedule()[0].interest


_on_received = first_interest(RECEIVED)
_on_contract = first_interest(CONTRACT_AMOUNT)

ex = Exercises("lesson06")


def _diagnose_interest(answer: Any) -> str | None:
    got = number_or_nan(answer)
    if abs(got - float(_on_contract)) < 0.011:
        return "contract_amount"
    if abs(got - float(DEDUCTED)) < 0.011:
        return "deducted"
    return None


interest_on_actual = ex.number("interest_on_actual", expected=_on_received, diagnose=_diagnose_interest)

# consent_reply, eight_rights (the eight rights named by 《银行保险机构消费者权益保护管理办法》, as
# reprinted; [S]; 停息挂账权 and 逾期免罚息权 are made up) and request_letter: all in the record.
CHECKS = ex.finish(globals())
ALL = [globals()[name] for name in CHECKS]
