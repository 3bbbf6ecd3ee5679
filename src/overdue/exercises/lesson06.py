"""Lesson 06 (borrower rights): exercise checks. The computed value comes from the interest engine.

Example (fictional): a contract for 10,000 yuan from which 600 yuan of "interest" was deducted at
payout, so 9,400 yuan arrived; one month, interest only, daily rate 0.05% (an example parameter).
By 民法典第670条 the loan and its interest count from the amount actually received.
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


interest_on_actual = ex.number("interest_on_actual", expected=_on_received, unit="元", diagnose=_diagnose_interest)

consent_reply = ex.choice("consent_reply", expected="B", options="ABCD")

# The eight rights named by 《银行保险机构消费者权益保护管理办法》 (as reprinted; [S]), numbered as
# in the exercise text: 1 知情权 2 自主选择权 3 公平交易权 4 财产安全权 5 依法求偿权 6 受教育权
# 7 受尊重权 8 信息安全权; 9 停息挂账权 and 10 逾期免罚息权 are made up.
eight_rights = ex.set("eight_rights", expected={1, 2, 3, 4, 5, 6, 7, 8})

request_letter = ex.set("request_letter", expected={1, 2, 3, 4, 7})

ALL = [interest_on_actual, consent_reply, eight_rights, request_letter]
