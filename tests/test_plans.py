"""Affordability and plan comparison: the figures a learner uses to choose what to propose."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest

from overdue.loan import Loan, LoanInputError
from overdue.plans import Debt, PlanOption, affordability, compare_plans, debt_on, default_options

D = Decimal


def running_loan() -> Loan:
    return Loan(principal="10000", daily_rate="0.0005", periods=10, method="equal_principal", start=date(2026, 1, 15))


# ------------------------------------------------------------------ affordability


def test_affordability_no_interest_by_hand():
    # 6000 - 4500 - 800 = 700 a month; 10000 / 700 = 14.3 -> 15 months, 10000 in all
    a = affordability(6000, 4500, 800, debt=10000)
    assert (a.capacity, a.months, a.total_paid, a.feasible) == (D("700.00"), 15, D("10000.00"), True)
    assert "700.00" in a.message and "15" in a.message


def test_affordability_with_interest_by_hand():
    # 1.5% a month (0.0005 x 30). Month 1: 1000 + 15.00 = 1015.00, pay 600 -> 415.00 left
    # month 2: 415 x 0.015 = 6.225 -> 6.23; 421.23 paid. 2 months, 1021.23 in all
    a = affordability(2000, 1400, 0, debt=1000, daily_rate="0.0005")
    assert (a.capacity, a.months, a.total_paid) == (D("600.00"), 2, D("1021.23"))


def test_affordability_nothing_left_is_impossible():
    a = affordability("6000", "5500", "800", debt=10000)
    assert a.capacity == 0 and not a.feasible and a.months is None
    assert "没有钱剩下" in a.message


def test_affordability_never_ends():
    # 700 a month against 100000 x 1.5% = 1500 interest a month: the balance only grows
    a = affordability(6000, 4500, 800, debt=100000, daily_rate="0.0005")
    assert not a.feasible and a.months is None and a.capacity == D("700.00")
    assert "永远还不完" in a.message


def test_affordability_too_long():
    # 1 yuan a month on 10000: ends only after 10000 months
    a = affordability(1001, 1000, 0, debt=10000)
    assert not a.feasible and a.months is None and "360" in a.message


def test_affordability_reserve_and_no_debt():
    a = affordability(6000, 4500, 800, reserve=200)
    assert a.capacity == D("500.00") and a.feasible and a.months is None


@pytest.mark.parametrize("args, field, word", [
    (("abc", 100), "monthly_income", "每月收入"),
    ((5000, -1), "essential_spending", "必要开支"),
    ((5000, 100, float("nan")), "other_debts", "其他还款"),
    ((5000, 100, 0, "lots"), "debt", "欠款"),
    ((5000, 100, 0, 1000, "0.2"), "daily_rate", "日利率"),
])
def test_affordability_bad_input(args, field, word):
    with pytest.raises(LoanInputError) as e:
        affordability(*args)
    assert e.value.field == field and word in str(e.value)


# ------------------------------------------------------------------ plan comparison


def test_debt_of_running_example():
    d = debt_on(running_loan(), date(2026, 5, 1), paid_through=1)
    # overdue #2, #3 (see test_loan): principal 2000 + 7000 not yet due, interest 250,
    # penalty 47.25 + compound 5.93 = 53.18
    assert (d.principal, d.interest, d.penalty, d.fees) == (D("9000.00"), D("250.00"), D("53.18"), D("0.00"))
    assert d.total == D("9303.18")


def test_compare_default_plans_figures():
    res = compare_plans(running_loan(), on=date(2026, 5, 1), paid_through=1)
    assert [r.kind for r in res] == [o.kind for o in default_options()]
    now, ep, epay, waived = res
    assert (now.total_paid, now.months, now.annual_rate_irr, now.extra_cost) == (D("9303.18"), 0, None, D("0.00"))
    # 等额本金 on 9303.18 over 12 months from 05-01: 9303.18 / 12 = 775.265 -> 775.27 a month;
    # first interest 9303.18 x 0.0005 x 31 days = 144.199 -> 144.20; first payment 919.47
    assert ep.monthly_payment == D("919.47") and ep.months == 12 and ep.financed == D("9303.18")
    # 等额本息: the payment is numpy-financial's pmt at 1.5% a month, to the fen
    assert epay.monthly_payment == D(repr(float(npf.pmt(0.015, 12, -9303.18)))).quantize(D("0.01"))
    assert epay.total_paid == sum(p for _, p in epay.payments)
    monthly_irr = (1 + npf.irr([9303.18] + [-float(p) for _, p in epay.payments])) ** 12 - 1
    assert abs(float(epay.annual_rate_irr) - monthly_irr) < 0.01 * monthly_irr
    # spreading costs money: every instalment plan pays more than paying now
    assert ep.total_paid > now.total_paid and epay.total_paid > now.total_paid
    # waiving penalty and compound interest: 53.18 less to finance
    assert waived.financed == D("9250.00") and waived.total_paid < ep.total_paid
    assert "减免" in waived.label


def test_fixed_monthly_interest_free_waived_by_hand():
    d = Debt(on=date(2026, 5, 1), principal="9000", interest="250", penalty="53.18", daily_rate="0.0005")
    (r,) = compare_plans(d, [PlanOption("fixed_monthly", monthly_amount=500, daily_rate=0, waive_penalty=True)])
    # 9250 / 500 = 18.5 -> 19 months (18 x 500 + 250), interest-free: rate 0, saves the 53.18 penalty
    assert (r.months, r.total_paid, r.annual_rate_irr, r.extra_cost) == (19, D("9250.00"), D("0"), D("-53.18"))
    assert r.payments[-1] == (date(2027, 12, 1), D("250.00"))


def test_fixed_monthly_never_ends():
    d = Debt(on=date(2026, 5, 1), principal="9000", interest="250", penalty="53.18", daily_rate="0.0005")
    (r,) = compare_plans(d, [PlanOption("fixed_monthly", monthly_amount=100)])
    # 9303.18 x 1.5% = 139.55 interest a month > 100
    assert not r.feasible and r.months is None and "永远还不完" in r.message


def test_bad_plan_input():
    d = Debt(on=date(2026, 5, 1), principal="1000")
    with pytest.raises(LoanInputError) as e:
        compare_plans(d, [PlanOption("balloon")])
    assert e.value.field == "kind"
    with pytest.raises(LoanInputError) as e:
        compare_plans(d, [PlanOption("fixed_monthly", monthly_amount="-5")])
    assert e.value.field == "monthly_amount" and "每月还款金额" in str(e.value)
    with pytest.raises(LoanInputError) as e:
        compare_plans(d, [PlanOption("equal_payment", months=0)])
    assert e.value.field == "months"
