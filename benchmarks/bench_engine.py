"""Vectorised (numpy, integer fen) vs Decimal engine on 10,000 scenarios: speed ratio and max difference.

Run: .venv/bin/python benchmarks/bench_engine.py [n_scenarios]
Prints figures only (no assertions on time). Target: >= 50x faster, 0 fen difference.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from overdue.loan import Loan, charges_on, owed_by_day, sweep

PARTS = ("principal", "interest", "penalty", "compound", "total")


def scenarios(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    principal_fen = rng.integers(1_000_00, 200_000_00, n)  # 1,000 .. 200,000 yuan
    rate_ppm = rng.integers(100, 1000, n)  # 0.0001 .. 0.001 a day
    days = rng.integers(0, 721, n)  # 0 .. 720 days overdue
    principals = np.array([f"{p // 100}.{p % 100:02d}" for p in principal_fen])
    rates = np.array([str(Decimal(int(r)) / 1_000_000) for r in rate_ppm])
    return principals, rates, days


def run(method: str, n: int, periods: int = 12, paid_through: int = 2) -> None:
    start = date(2026, 1, 31)
    mult = Decimal("1.5")
    principals, rates, days = scenarios(n)
    sweep(principals[:10], rates[:10], days[:10], periods=periods, method=method, start=start,
          paid_through=paid_through)  # warm-up (imports, first-call costs)

    t0 = time.perf_counter()
    fast = sweep(principals, rates, days, periods=periods, method=method, start=start,
                 paid_through=paid_through, penalty_multiplier=mult, compound=True)
    t_vec = time.perf_counter() - t0
    # the same with float inputs (no per-element Decimal parsing): the chart/sweep use case
    pf, rf = principals.astype(float), rates.astype(float)
    t0 = time.perf_counter()
    fast_f = sweep(pf, rf, days, periods=periods, method=method, start=start,
                   paid_through=paid_through, penalty_multiplier=mult, compound=True)
    t_vec_f = time.perf_counter() - t0

    t0 = time.perf_counter()
    slow = {p: np.zeros(n, dtype=np.int64) for p in PARTS}
    for i in range(n):
        loan = Loan(principals[i], rates[i], periods, method, start)
        on = loan.due_dates[paid_through] + timedelta(days=int(days[i]))
        c = charges_on(loan, on, paid_through, mult, True)
        for p in PARTS:
            slow[p][i] = int(getattr(c, p) * 100)
    t_dec = time.perf_counter() - t0

    diff = max(int(np.abs(fast[f"{p}_fen"] - slow[p]).max()) for p in PARTS)
    diff_f = max(int(np.abs(fast_f[f"{p}_fen"] - slow[p]).max()) for p in PARTS)
    print(f"{method:16s} n={n:6d}  Decimal {t_dec * 1000:8.1f} ms   "
          f"vectorised (text in) {t_vec * 1000:6.1f} ms = {t_dec / t_vec:6.1f}x   "
          f"(float in) {t_vec_f * 1000:6.1f} ms = {t_dec / t_vec_f:6.1f}x   "
          f"max diff {diff} / {diff_f} fen")


def run_curve() -> None:
    """One loan, every day 0..720 overdue: owed_by_day vs 721 charges_on calls."""
    loan = Loan("10000", "0.0005", 10, "equal_principal", date(2026, 1, 15))
    days = np.arange(0, 721)
    t0 = time.perf_counter()
    fast = owed_by_day(loan, 1, days)
    t_vec = time.perf_counter() - t0
    base = loan.due_dates[1]
    t0 = time.perf_counter()
    slow = np.array([int(charges_on(loan, base + timedelta(days=int(d)), 1).total * 100) for d in days])
    t_dec = time.perf_counter() - t0
    print(f"curve 0..720 days: Decimal {t_dec * 1000:.1f} ms, owed_by_day {t_vec * 1000:.2f} ms = "
          f"{t_dec / t_vec:.1f}x, max diff {int(np.abs(fast['total_fen'] - slow).max())} fen")


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for m in ("equal_principal", "equal_payment", "interest_only"):
        run(m, n)
    run_curve()
