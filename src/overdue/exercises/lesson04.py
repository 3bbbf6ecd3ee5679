"""Lesson 04 (negotiate a plan): exercise checks. Expected values come from the engine.

The fiction: 陈晓梅 (the lessons' borrower) asks to turn 7,200 yuan into monthly instalments at a
daily rate of 0.03%, equal payments (等额本息), first instalment a month after 2026-08-01. Her take-home
pay is 4,600 yuan a month and her essential spending 3,600 yuan.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from ..loan import Loan, LoanInputError
from .base import Exercises, number_or_nan, to_decimal

AMOUNT = Decimal("7200")
DAILY_RATE = Decimal("0.0003")
START = date(2026, 8, 1)
INCOME = Decimal("4600")
ESSENTIALS = Decimal("3600")
OFFICIAL_CHANNELS = ("app", "wechat", "qq", "auto_debit")


def plan_loan(periods: int) -> Loan:
    """The plan as a loan of `periods` equal monthly payments."""
    return Loan(principal=AMOUNT, daily_rate=DAILY_RATE, periods=periods, method="equal_payment", start=START)


PLAN12 = plan_loan(12)
PLAN24 = plan_loan(24)

ex = Exercises("lesson04")

monthly_payment = ex.number(
    "monthly_payment", expected=PLAN12.schedule()[0].payment,
    diagnose=lambda a: "no_interest" if abs(number_or_nan(a) - float(AMOUNT / 12)) < 0.011 else None,
)

extra_interest = ex.number(
    "extra_interest", expected=PLAN24.total_interest - PLAN12.total_interest,
    diagnose=lambda a: "total_24" if abs(number_or_nan(a) - float(PLAN24.total_interest)) < 0.011 else None,
)


def judge_plan(plan) -> str | None:
    """None when the plan is one 陈晓梅 can keep, else the key of what is wrong."""
    if not isinstance(plan, Mapping) or not {"monthly", "periods", "channel", "written"} <= set(plan):
        return "bad_format"
    try:
        monthly = to_decimal(plan["monthly"])
    except (TypeError, ValueError):
        return "bad_format"
    periods = plan["periods"]
    if isinstance(periods, bool) or not isinstance(periods, int) or not 1 <= periods <= 60:
        return "bad_periods"
    if monthly > INCOME - ESSENTIALS:
        return "over_budget"
    try:
        needed = plan_loan(periods).schedule()[0].payment
    except LoanInputError:
        return "bad_periods"
    if monthly < needed:
        return "too_small"
    if str(plan["channel"]).strip().lower() not in OFFICIAL_CHANNELS:
        return "channel"
    if plan["written"] is not True:
        return "not_written"
    return None


my_plan = ex.predicate("my_plan", judge=judge_plan)

CHECKS = ex.finish(globals())  # pick_agreement: a choice, all in the record

__all__ = ["AMOUNT", "DAILY_RATE", "START", "INCOME", "ESSENTIALS", "OFFICIAL_CHANNELS", "plan_loan", "PLAN12",
           "PLAN24", "judge_plan", *CHECKS]
