"""The interest engine (Decimal path): hand-worked cases, numpy-financial agreement, properties, bad input."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overdue.loan import (
    CapCheck,
    Charges,
    Instalment,
    Loan,
    LoanInputError,
    add_months,
    annual_rate_irr,
    annual_rate_nominal,
    annual_rate_simple,
    cap_check,
    charges_on,
)

D = Decimal


def running_loan(**kw) -> Loan:
    args = dict(principal=D("10000"), daily_rate=D("0.0005"), periods=10, method="equal_principal",
                start=date(2026, 1, 15))
    args.update(kw)
    return Loan(**args)


# ------------------------------------------------------------------ schedules, worked by hand


def test_equal_principal_schedule_by_hand():
    s = running_loan().schedule()
    assert len(s) == 10 and all(isinstance(i, Instalment) for i in s)
    # principal 10000 / 10 = 1000.00 each
    assert [i.principal for i in s] == [D("1000.00")] * 10
    assert [i.due for i in s][:3] == [date(2026, 2, 15), date(2026, 3, 15), date(2026, 4, 15)]
    # 1: 10000 x 0.0005 x 31 days (01-15 -> 02-15) = 155.00
    # 2:  9000 x 0.0005 x 28 days (02-15 -> 03-15) = 126.00
    # 3:  8000 x 0.0005 x 31 days                  = 124.00
    # 4:  7000 x 0.0005 x 30 days                  = 105.00
    # 8:  3000 x 0.0005 x 31 days (08-15 -> 09-15) =  46.50
    assert [i.interest for i in s][:4] == [D("155.00"), D("126.00"), D("124.00"), D("105.00")]
    assert s[7].interest == D("46.50")
    assert s[0].payment == D("1155.00")
    assert sum(i.principal for i in s) == D("10000")


def test_equal_principal_remainder_goes_to_last():
    # 1000 / 3 = 333.333.. -> 333.33, 333.33, last 1000 - 666.66 = 333.34
    s = Loan(principal="1000", daily_rate="0.0005", periods=3, start=date(2026, 1, 15)).schedule()
    assert [i.principal for i in s] == [D("333.33"), D("333.33"), D("333.34")]


def test_equal_payment_schedule_by_hand():
    loan = Loan(principal=12000, daily_rate="0.0005", periods=12, method="equal_payment",
                start=date(2026, 1, 15))
    s = loan.schedule()
    # m = 0.0005 x 30 = 0.015; payment = 12000 x 0.015 / (1 - 1.015^-12) = 1100.1599.. -> 1100.16
    # 1: interest 12000 x 0.015 = 180.00, principal 1100.16 - 180.00 = 920.16, left 11079.84
    # 2: interest 11079.84 x 0.015 = 166.1976 -> 166.20, principal 933.96, left 10145.88
    # 3: interest 10145.88 x 0.015 = 152.1882 -> 152.19, principal 947.97
    assert loan.monthly_rate == D("0.015")
    assert [(i.principal, i.interest, i.payment) for i in s[:3]] == [
        (D("920.16"), D("180.00"), D("1100.16")),
        (D("933.96"), D("166.20"), D("1100.16")),
        (D("947.97"), D("152.19"), D("1100.16")),
    ]
    # the last instalment takes the remaining principal (rounding drift: 1100.19, not 1100.16)
    assert s[-1].payment == D("1100.19")
    assert sum(i.principal for i in s) == D("12000")


def test_interest_only_schedule_by_hand():
    loan = Loan(principal="5000", daily_rate="0.0004", periods=3, method="先息后本", start=date(2026, 3, 10))
    s = loan.schedule()
    assert loan.method == "interest_only"
    # 04-10: 5000 x 0.0004 x 31 = 62.00; 05-10: x 30 = 60.00; 06-10: x 31 = 62.00 and all principal
    assert [(i.principal, i.interest) for i in s] == [
        (D("0"), D("62.00")), (D("0"), D("60.00")), (D("5000.00"), D("62.00"))]
    assert s[-1].payment == D("5062.00")


def test_month_end_and_leap_day():
    # start 2028-01-31: dues clamp to 2028-02-29 (leap), 2028-03-31, 2028-04-30
    loan = Loan(principal="3000", daily_rate="0.0005", periods=3, start=date(2028, 1, 31))
    s = loan.schedule()
    assert [i.due for i in s] == [date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30)]
    # 3000 x 0.0005 x 29 = 43.50; 2000 x 0.0005 x 31 = 31.00; 1000 x 0.0005 x 30 = 15.00
    assert [i.interest for i in s] == [D("43.50"), D("31.00"), D("15.00")]
    # nothing paid; on 2028-03-01 instalment 1 (due 02-29) is 1 day overdue:
    # penalty 1000 x 0.00075 x 1 = 0.75; compound 43.50 x 0.00075 x 1 = 0.032625 -> 0.03
    c = charges_on(loan, on=date(2028, 3, 1), paid_through=0)
    assert [(i.number, i.days_overdue) for i in c.items] == [(1, 1)]
    assert (c.principal, c.interest, c.penalty, c.compound, c.total) == (
        D("1000.00"), D("43.50"), D("0.75"), D("0.03"), D("1044.28"))
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)


# ------------------------------------------------------------------ overdue charges, worked by hand


def test_charges_running_example_by_hand():
    c = charges_on(running_loan(), on=date(2026, 5, 1), paid_through=1,
                   penalty_multiplier=D("1.5"), compound=True, accelerate_on=None)
    assert isinstance(c, Charges)
    # penalty rate 0.0005 x 1.5 = 0.00075 a day
    # #2 due 03-15, 47 days: penalty 1000 x 0.00075 x 47 = 35.25; compound 126 x 0.00075 x 47 = 4.4415 -> 4.44
    # #3 due 04-15, 16 days: penalty 1000 x 0.00075 x 16 = 12.00; compound 124 x 0.00075 x 16 = 1.488 -> 1.49
    assert [(i.number, i.due, i.days_overdue, i.penalty, i.compound) for i in c.items] == [
        (2, date(2026, 3, 15), 47, D("35.25"), D("4.44")),
        (3, date(2026, 4, 15), 16, D("12.00"), D("1.49")),
    ]
    assert (c.principal, c.interest, c.penalty, c.compound) == (D("2000.00"), D("250.00"), D("47.25"), D("5.93"))
    assert c.total == D("2303.18")
    assert c.not_due_principal == D("7000.00")
    assert c.days_overdue == 47


def test_compound_off_by_hand():
    c = charges_on(running_loan(), on=date(2026, 5, 1), paid_through=1, compound=False)
    # as above without compound: 2000 + 250 + 47.25 = 2297.25
    assert c.compound == 0
    assert c.total == D("2297.25")


def test_half_up_rounding():
    # #2 at 10 days: compound 126.00 x 0.00075 x 10 = 0.945 -> 0.95 (half up, not half even)
    c = charges_on(running_loan(), on=date(2026, 3, 25), paid_through=1)
    assert (c.penalty, c.compound) == (D("7.50"), D("0.95"))


def test_due_day_itself_is_not_overdue():
    loan = running_loan()
    assert charges_on(loan, on=date(2026, 3, 15), paid_through=1).total == 0
    assert charges_on(loan, on=date(2026, 3, 16), paid_through=1).items[0].days_overdue == 1


def test_acceleration_by_hand():
    c = charges_on(running_loan(), on=date(2026, 5, 1), paid_through=1, accelerate_on=date(2026, 4, 1))
    # #2 (due 03-15) overdue 47 days as before: interest 126, penalty 35.25, compound 4.44
    # #3..#10 (due after 04-01) fall due on 04-01; last due date on or before 04-01 is 03-15:
    #   accrued interest per instalment 1000 x 0.0005 x 17 days = 8.50 (8 of them: 68.00)
    #   30 days overdue (04-01 -> 05-01): penalty 1000 x 0.00075 x 30 = 22.50 (x8 = 180.00)
    #   compound 8.50 x 0.00075 x 30 = 0.19125 -> 0.19 (x8 = 1.52)
    assert len(c.items) == 9
    acc = c.items[1:]
    assert all(i.accelerated and i.due == date(2026, 4, 1) and i.days_overdue == 30 for i in acc)
    assert {(i.interest, i.penalty, i.compound) for i in acc} == {(D("8.50"), D("22.50"), D("0.19"))}
    assert (c.principal, c.interest, c.penalty, c.compound) == (D("9000.00"), D("194.00"), D("215.25"), D("5.96"))
    assert c.total == D("9415.21")
    assert c.not_due_principal == 0


def test_acceleration_after_on_changes_nothing():
    loan = running_loan()
    a = charges_on(loan, on=date(2026, 5, 1), paid_through=1)
    b = charges_on(loan, on=date(2026, 5, 1), paid_through=1, accelerate_on=date(2026, 6, 1))
    assert a == b


def test_acceleration_interest_only_keeps_only_principal_instalment():
    loan = Loan(principal="5000", daily_rate="0.0004", periods=3, method="interest_only", start=date(2026, 3, 10))
    # nothing paid; called in on 04-20: #1 (due 04-10) overdue; #2 has no principal and is dropped;
    # #3: 5000 x 0.0004 x 10 days (04-10 -> 04-20) = 20.00 accrued, then 10 days of penalty to 04-30:
    #     5000 x 0.0006 x 10 = 30.00; compound 20 x 0.0006 x 10 = 0.12
    c = charges_on(loan, on=date(2026, 4, 30), paid_through=0, accelerate_on=date(2026, 4, 20))
    assert [i.number for i in c.items] == [1, 3]
    last = c.items[1]
    assert (last.principal, last.interest, last.penalty, last.compound) == (D("5000.00"), D("20.00"), D("30.00"), D("0.12"))


def test_everything_paid_leaves_nothing():
    loan = running_loan()
    c = charges_on(loan, on=date(2030, 1, 1), paid_through=10)
    assert c.total == 0 and c.items == ()


def test_fees_count_in_charges_and_payment():
    loan = running_loan(fee_per_instalment="10", fee_upfront="100")
    s = loan.schedule()
    assert s[0].payment == D("1165.00") and s[0].fee == D("10.00")
    c = charges_on(loan, on=date(2026, 5, 1), paid_through=1)
    assert c.fees == D("20.00") and c.total == D("2323.18")
    assert loan.cash_flows()[0] == (date(2026, 1, 15), D("9900.00"))


# ------------------------------------------------------------------ rates


def test_annual_rate_simple():
    assert annual_rate_simple(D("0.0005")) == D("0.1825")
    assert annual_rate_simple("0.0002") == D("0.073")


def test_irr_one_year():
    d0 = date(2026, 1, 1)
    # borrow 100, repay 110 after 365 days: 10%
    assert annual_rate_irr([(d0, 100), (d0 + timedelta(days=365), -110)]) == D("0.1")
    # two years: 100 -> 121 is 10% a year compounded
    assert annual_rate_irr([(d0, -100), (d0 + timedelta(days=730), "121")]) == D("0.1")


def test_irr_agrees_with_npf_for_monthly_flows():
    rng = random.Random(3)
    for _ in range(10):
        n = rng.choice([12, 24, 36])  # whole years, so month lengths average out
        m = rng.uniform(0.002, 0.03)
        pay = float(npf.pmt(m, n, -10000))
        start = date(2026, rng.randint(1, 12), rng.randint(1, 28))
        flows = [(start, 10000.0)] + [(add_months(start, k), -pay) for k in range(1, n + 1)]
        expected = (1 + npf.irr([10000.0] + [-pay] * n)) ** 12 - 1
        # calendar months are 28-31 days, not 365/12: agreement within 1% of the rate
        assert abs(float(annual_rate_irr(flows)) - expected) < 0.01 * expected


def test_irr_equals_npf_for_yearly_flows():
    # flows exactly 365 days apart: the same equation as npf.irr, so the same rate to 1e-9
    rng = random.Random(7)
    for _ in range(10):
        n = rng.randint(1, 8)
        amounts = [10000.0] + [-rng.uniform(1000, 6000) for _ in range(n)]
        d0 = date(2026, 1, 1)
        flows = [(d0 + timedelta(days=365 * k), a) for k, a in enumerate(amounts)]
        assert abs(float(annual_rate_irr(flows)) - float(npf.irr(amounts))) < 1e-9


def test_irr_fees_raise_the_rate():
    plain = running_loan()
    feed = running_loan(fee_upfront="300")
    assert feed.annual_rate_irr() > plain.annual_rate_irr() > D("0.18")


@pytest.mark.parametrize("flows", [
    [(date(2026, 1, 1), 100), (date(2026, 2, 1), 50)],
    [(date(2026, 1, 1), -100)],
    [],
])
def test_irr_no_rate_is_a_chinese_error(flows):
    with pytest.raises(LoanInputError) as e:
        annual_rate_irr(flows)
    assert "算不出年化利率" in str(e.value)


def test_irr_bad_shape():
    with pytest.raises(LoanInputError) as e:
        annual_rate_irr([(date(2026, 1, 1),), "abc"])
    assert e.value.field == "cash_flows" and "现金流" in str(e.value)


# ------------------------------------------------------------------ the 24% comparison


def test_cap_check_under_the_line_by_hand():
    cc = cap_check(running_loan(), on=date(2026, 5, 1), paid_through=1, cap=D("0.24"))
    assert isinstance(cc, CapCheck)
    # charged: #1 interest 155 (paid) + #2,#3 interest 126 + 124 + penalty 47.25 + compound 5.93 = 458.18
    # principal-days: 10000 x 31 (to 02-15) + 9000 x 75 (to 05-01) = 985000
    # allowed: 0.24 x 985000 / 365 = 647.671.. -> 647.67
    assert (cc.charged, cc.allowed_at_cap, cc.excess) == (D("458.18"), D("647.67"), D("0"))


def test_cap_check_over_the_line_by_hand():
    loan = Loan(principal="1000", daily_rate="0.001", periods=1, start=date(2026, 1, 1))
    cc = cap_check(loan, on=date(2026, 12, 31), paid_through=0)
    # interest 1000 x 0.001 x 31 = 31.00; overdue 02-01 -> 12-31 = 333 days at 0.0015:
    # penalty 1000 x 0.0015 x 333 = 499.50; compound 31 x 0.0015 x 333 = 15.4845 -> 15.48
    # charged 31 + 499.50 + 15.48 = 545.98; allowed 0.24 x 1000 x 364 / 365 = 239.342.. -> 239.34
    assert (cc.charged, cc.allowed_at_cap, cc.excess) == (D("545.98"), D("239.34"), D("306.64"))
    assert cc.annual_rate_charged > D("0.24")


def test_cap_check_counts_fees():
    a = cap_check(running_loan(), on=date(2026, 5, 1), paid_through=1)
    b = cap_check(running_loan(fee_upfront="250"), on=date(2026, 5, 1), paid_through=1)
    assert b.charged - a.charged == D("250.00")
    assert b.excess == D("60.51")  # 708.18 - 647.67


# ------------------------------------------------------------------ numpy-financial agreement


def test_equal_payment_matches_numpy_financial():
    rng = random.Random(20260115)
    for _ in range(20):
        P = D(rng.randint(100, 5_000_000)) / 100
        r = D(rng.randint(1, 100)) / 100000  # 0.00001 .. 0.001 a day
        n = rng.randint(1, 36)
        loan = Loan(principal=P, daily_rate=r, periods=n, method="equal_payment", start=date(2026, 1, 31))
        s = loan.schedule()
        m = float(r * 30)
        assert s[0].payment == D(repr(float(npf.pmt(m, n, -float(P))))).quantize(D("0.01"))
        for i in s[:-1]:
            assert i.payment == s[0].payment
            # npf works on unrounded figures; ours on the fen: they may drift by a few fen
            assert abs(float(i.interest) - float(npf.ipmt(m, i.number, n, -float(P)))) < 0.01 + 0.005 * i.number
            assert abs(float(i.principal) - float(npf.ppmt(m, i.number, n, -float(P)))) < 0.01 + 0.005 * i.number
        assert abs(float(s[-1].payment) - float(npf.pmt(m, n, -float(P)))) <= 0.01 * n
        assert sum(i.principal for i in s) == P


# ------------------------------------------------------------------ properties

loans = st.builds(
    Loan,
    principal=st.integers(100_00, 200_000_00).map(lambda f: D(f) / 100),
    daily_rate=st.integers(0, 1000).map(lambda x: D(x) / 1_000_000),
    periods=st.integers(1, 24),
    method=st.sampled_from(["equal_principal", "equal_payment", "interest_only"]),
    start=st.dates(date(2024, 1, 1), date(2030, 12, 31)),
)


@settings(max_examples=60, deadline=None)
@given(loan=loans, pt=st.integers(0, 24), d1=st.integers(0, 900), extra=st.integers(1, 300),
       mult=st.sampled_from([D("1"), D("1.3"), D("1.5")]), comp=st.booleans(), acc=st.one_of(st.none(), st.integers(0, 700)))
def test_properties(loan, pt, d1, extra, mult, comp, acc):
    pt = min(pt, loan.periods)
    acc_on = None if acc is None else loan.start + timedelta(days=acc)
    on1 = loan.start + timedelta(days=d1)
    a = charges_on(loan, on1, pt, mult, comp, acc_on)
    b = charges_on(loan, on1 + timedelta(days=extra), pt, mult, comp, acc_on)
    assert b.total >= a.total  # never falls as days pass
    for c in (a, b):
        assert c.total == c.principal + c.interest + c.penalty + c.compound + c.fees
        assert all(x >= 0 for x in (c.principal, c.interest, c.penalty, c.compound, c.fees))
        assert c.principal + c.not_due_principal == sum(i.principal for i in loan.schedule()[pt:])
        assert c.total == sum(i.total for i in c.items)
    full = charges_on(loan, on1, loan.periods, mult, comp, acc_on)
    assert full.total == 0


@settings(max_examples=40, deadline=None)
@given(loan=loans)
def test_schedule_properties(loan):
    s = loan.schedule()
    assert sum(i.principal for i in s) == loan.principal
    assert all(i.principal >= 0 and i.interest >= 0 for i in s)
    assert all(i.payment == i.principal + i.interest + i.fee for i in s)
    assert [i.due for i in s] == sorted({i.due for i in s})


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize("kw, field, word", [
    ({"principal": -5}, "principal", "本金"),
    ({"principal": 0}, "principal", "本金"),
    ({"principal": "一万"}, "principal", "本金"),
    ({"principal": float("nan")}, "principal", "本金"),
    ({"principal": float("inf")}, "principal", "本金"),
    ({"principal": True}, "principal", "本金"),
    ({"principal": None}, "principal", "本金"),
    ({"principal": "1e12"}, "principal", "本金"),
    ({"daily_rate": "0.05"}, "daily_rate", "日利率"),
    ({"daily_rate": -0.0001}, "daily_rate", "日利率"),
    ({"daily_rate": "abc"}, "daily_rate", "日利率"),
    ({"periods": 0}, "periods", "期数"),
    ({"periods": 2.5}, "periods", "期数"),
    ({"periods": "十"}, "periods", "期数"),
    ({"periods": False}, "periods", "期数"),
    ({"method": "balloon"}, "method", "还款方式"),
    ({"method": None}, "method", "还款方式"),
    ({"start": "2026-13-01"}, "start", "放款日期"),
    ({"start": 20260115}, "start", "放款日期"),
    ({"fee_upfront": -1}, "fee_upfront", "费用"),
    ({"principal": "0.05", "periods": 10}, "principal", "本金"),
])
def test_bad_loan_input(kw, field, word):
    with pytest.raises(LoanInputError) as e:
        running_loan(**kw)
    assert e.value.field == field
    assert word in str(e.value)


def test_bad_input_message_example():
    with pytest.raises(LoanInputError, match="本金必须是大于 0 的数字"):
        running_loan(principal=0)


@pytest.mark.parametrize("kw, field, word", [
    ({"on": date(2025, 12, 31)}, "on", "计算日期"),
    ({"on": "not a date"}, "on", "计算日期"),
    ({"paid_through": 11}, "paid_through", "期数"),
    ({"paid_through": -1}, "paid_through", "期数"),
    ({"penalty_multiplier": "x"}, "penalty_multiplier", "罚息倍数"),
    ({"penalty_multiplier": -1}, "penalty_multiplier", "罚息倍数"),
    ({"compound": "yes"}, "compound", "复利"),
    ({"accelerate_on": date(2020, 1, 1)}, "accelerate_on", "提前到期"),
])
def test_bad_charges_input(kw, field, word):
    args = dict(on=date(2026, 5, 1), paid_through=1)
    args.update(kw)
    with pytest.raises(LoanInputError) as e:
        charges_on(running_loan(), **args)
    assert e.value.field == field
    assert word in str(e.value)


def test_bad_cap_and_rate_input():
    with pytest.raises(LoanInputError) as e:
        cap_check(running_loan(), on=date(2026, 5, 1), cap="24")
    assert e.value.field == "cap"
    with pytest.raises(LoanInputError) as e:
        annual_rate_simple("0.5")
    assert "日利率" in str(e.value)


def test_numbers_accepted_in_any_form():
    ref = running_loan()
    for p in ("10000", 10000, 10000.0, D("10000"), " 10,000 "):
        assert running_loan(principal=p) == ref
    assert running_loan(daily_rate=0.0005) == ref
    assert running_loan(daily_rate="0.05%") == ref == running_loan(daily_rate="０.０５％")
    assert running_loan(method="等额本金", start="2026-01-15") == ref


# ------------------------------------------------------------------ nominal vs effective IRR rate


def test_nominal_rate_is_monthly_irr_times_12_as_npf_computes_it():
    for flows in ([10000, -3500, -3500, -3500], [9800, -900, -900, -900, -900, -900, -900, -900, -900, -900, -900, -900, -900]):
        got = annual_rate_nominal(flows)
        assert abs(float(got) - npf.irr(flows) * 12) < 1e-8
    assert annual_rate_nominal([10000, -3500, -3500, -3500]) == Decimal("0.2975705712")
    assert annual_rate_nominal([100, -1, -101], periods_per_year=1) == Decimal("0.01")


def test_the_lesson_examples_effective_above_nominal_above_nothing():
    """Lesson 03: 0.05% a day, 10,000 yuan, 10 instalments 等额本金 from 2026-01-15; lesson 07's
    teaching contract: 0.04% a day, 12 instalments from 2026-03-10."""
    ex = Loan(principal="10000", daily_rate="0.0005", periods=10, method="equal_principal", start=date(2026, 1, 15))
    assert f"{ex.annual_rate_irr() * 100:.2f}" == "19.86"  # effective (compounded)
    assert f"{ex.annual_rate_nominal() * 100:.2f}" == "18.15"  # monthly IRR x 12
    assert ex.annual_rate_nominal() < annual_rate_simple("0.0005") < ex.annual_rate_irr()  # 18.15 < 18.25 < 19.86
    c = Loan(principal="10000", daily_rate="0.0004", periods=12, method="equal_principal", start=date(2026, 3, 10))
    assert f"{c.annual_rate_irr() * 100:.2f}" == "15.62"
    assert f"{c.annual_rate_nominal() * 100:.2f}" == "14.68"


def test_nominal_rate_counts_fees_and_refuses_bad_input():
    plain = Loan(principal="10000", daily_rate="0.0005", periods=12, method="equal_payment", start=date(2026, 1, 1))
    fees = Loan(principal="10000", daily_rate="0.0005", periods=12, method="equal_payment", start=date(2026, 1, 1),
                fee_per_instalment="20")
    assert fees.annual_rate_nominal() > plain.annual_rate_nominal()
    with pytest.raises(LoanInputError, match="[\u4e00-\u9fff]"):
        annual_rate_nominal([100, 50])
    with pytest.raises(LoanInputError):
        annual_rate_nominal(5)
    with pytest.raises(LoanInputError):
        annual_rate_nominal([100, -101], periods_per_year=0)
