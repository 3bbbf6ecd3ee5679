"""The vectorised (numpy, integer fen) path gives the Decimal path's figures to the fen."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from overdue.loan import Loan, LoanInputError, charges_on, owed_by_day, sweep

D = Decimal
PARTS = ("principal", "interest", "penalty", "compound", "fees", "total")


def fen(x: Decimal) -> int:
    return int(x * 100)


def random_case(rng: random.Random):
    method = rng.choice(["equal_principal", "equal_payment", "interest_only"])
    n = rng.randint(1, 24)
    loan = Loan(
        principal=D(rng.randint(100_00, 500_000_00)) / 100,
        daily_rate=D(rng.randint(0, 1000)) / 1_000_000,
        periods=n,
        method=method,
        start=date(2024, 1, 1) + timedelta(days=rng.randint(0, 2000)),
        fee_per_instalment=rng.choice([D(0), D("9.90")]),
    )
    return loan, rng.randint(0, n), rng.choice([D("1"), D("1.3"), D("1.5")]), rng.random() < 0.5


def test_running_example_curve():
    loan = Loan(principal="10000", daily_rate="0.0005", periods=10, start=date(2026, 1, 15))
    res = owed_by_day(loan, paid_through=1)
    assert res["days"].tolist() == list(range(721))
    # day 0 = the first missed due date (#2, 2026-03-15): nothing is overdue yet
    assert res["total_fen"][0] == 0
    # day 1: #2 one day late: 1000 + 126 + penalty 0.75 + compound 126 x 0.00075 = 0.0945 -> 0.09
    assert res["total_fen"][1] == 112684 and res["total"][1] == 1126.84
    assert np.all(np.diff(res["total_fen"]) >= 0)
    assert np.array_equal(res["total_fen"], sum(res[f"{p}_fen"] for p in PARTS[:-1]))


def test_owed_by_day_equals_decimal_on_random_cases():
    rng = random.Random(2026)
    for _ in range(40):
        loan, pt, mult, comp = random_case(rng)
        acc = None if rng.random() < 0.5 else loan.start + timedelta(days=rng.randint(0, 800))
        days = np.array(sorted(rng.sample(range(0, 800), 8)))
        res = owed_by_day(loan, pt, days, mult, comp, acc)
        base = loan.due_dates[min(pt, loan.periods - 1)]
        for j, d in enumerate(days):
            c = charges_on(loan, base + timedelta(days=int(d)), pt, mult, comp, acc)
            got = {p: int(res[f"{p}_fen"][j]) for p in PARTS}
            want = {p: fen(getattr(c, p)) for p in PARTS}
            assert got == want, (loan, pt, mult, comp, acc, int(d))
            assert res["total"][j] == float(c.total)


def test_sweep_equals_decimal_on_random_cases():
    rng = random.Random(15)
    for _ in range(12):
        loan, pt, mult, comp = random_case(rng)
        k = 25
        principals = [D(rng.randint(100_00, 500_000_00)) / 100 for _ in range(k)]
        rates = [D(rng.randint(0, 1000)) / 1_000_000 for _ in range(k)]
        days = [rng.randint(0, 800) for _ in range(k)]
        common = dict(periods=loan.periods, method=loan.method, start=loan.start, paid_through=pt,
                      penalty_multiplier=mult, compound=comp, fee_per_instalment=loan.fee_per_instalment)
        as_text = sweep(np.array([str(p) for p in principals]), np.array([str(r) for r in rates]),
                        np.array(days), **common)
        as_float = sweep(np.array([float(p) for p in principals]), np.array([float(r) for r in rates]),
                         np.array(days), **common)
        for i in range(k):
            one = Loan(principals[i], rates[i], loan.periods, loan.method, loan.start,
                       fee_per_instalment=loan.fee_per_instalment)
            base = one.due_dates[min(pt, one.periods - 1)]
            c = charges_on(one, base + timedelta(days=days[i]), pt, mult, comp)
            for p in PARTS:
                assert as_text[f"{p}_fen"][i] == fen(getattr(c, p))
                assert as_float[f"{p}_fen"][i] == fen(getattr(c, p))


def test_sweep_half_fen_tie_in_annuity():
    # 403.00 yuan, 0.0005 a day, 2 months: payment = 206.045 exactly -> 206.05 (half up)
    loan = Loan("403", "0.0005", 2, "equal_payment", date(2026, 1, 15))
    assert loan.schedule()[0].payment == D("206.05")
    res = sweep(403.0, 0.0005, 1, periods=2, method="equal_payment", start=date(2026, 1, 15), paid_through=0)
    c = charges_on(loan, date(2026, 2, 16), paid_through=0)
    assert res["total_fen"] == fen(c.total)
    assert res["principal_fen"] == fen(loan.schedule()[0].principal)


def test_sweep_broadcasts_scalars_and_shapes():
    res = sweep(10000, 0.0005, np.arange(0, 10).reshape(2, 5), periods=10, start=date(2026, 1, 15))
    assert res["total_fen"].shape == (2, 5)
    by_day = owed_by_day(Loan(10000, "0.0005", 10, start=date(2026, 1, 15)), 1, np.arange(10))
    assert res["total_fen"].ravel().tolist() == by_day["total_fen"].tolist()


def test_large_values_stay_exact():
    # big principal and an unusual rate: the int64 path would overflow, the exact fallback is used
    loan = Loan("99999999.99", "0.0099999999", 3, start=date(2026, 1, 31))
    days = np.array([0, 1, 5000])
    res = owed_by_day(loan, 0, days, D("9.87654321"))
    for j, d in enumerate(days):
        c = charges_on(loan, loan.due_dates[0] + timedelta(days=int(d)), 0, D("9.87654321"))
        assert res["total_fen"][j] == fen(c.total)


@pytest.mark.parametrize("kw, field", [
    ({"principal": -1}, "principal"),
    ({"daily_rate": 0.05}, "daily_rate"),
    ({"daily_rate": "abc"}, "daily_rate"),
    ({"days": -3}, "days"),
    ({"days": 1.5}, "days"),
    ({"method": "x"}, "method"),
])
def test_sweep_bad_input(kw, field):
    args = dict(principal=1000, daily_rate=0.0005, days=10, periods=3, start=date(2026, 1, 1))
    args.update(kw)
    with pytest.raises(LoanInputError) as e:
        sweep(**args)
    assert e.value.field == field


def test_sweep_odd_text_and_fractions_of_a_fen_follow_the_decimal_rules():
    # thousands commas, and 3 decimals (rounded half up to the fen like Loan does): 10,000.005 -> 10000.01
    res = sweep(np.array(["10,000.005", " 5000 "]), np.array(["0.0005", "0.000333333333333"]), np.array([40, 40]),
                periods=6, start=date(2026, 1, 31), paid_through=0)
    for i, (p, r) in enumerate([("10000.005", "0.0005"), ("5000", "0.000333333333333")]):
        loan = Loan(p, r, 6, start=date(2026, 1, 31))
        c = charges_on(loan, loan.due_dates[0] + timedelta(days=40), 0)
        assert res["total_fen"][i] == fen(c.total)
    assert Loan("10000.005", "0.0005", 6, start=date(2026, 1, 31)).principal == D("10000.01")
