"""The loan terms every calculator reads (the overdue calculator, the collector-figure check, the
plan planner): their inputs, the example's values and reading them into a `Loan` and the options
of `overdue.loan.charges_on`. One place, so that the calculators borrow nothing from each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ..i18n import ui
from ..loan import LIMITS, Loan
from .base import (
    Reader,
    preset,
    rate_text,
    read_bool,
    read_daily_rate,
    read_date,
    read_method,
    read_money,
    read_multiplier,
    read_whole,
)

LOAN_INPUTS = ("principal", "daily_rate", "periods", "method", "start", "paid_through", "on",
               "penalty_multiplier", "compound", "accelerate", "accelerate_on")


@dataclass(frozen=True)
class LoanTerms:
    """Checked loan inputs: the `Loan` and the options of `charges_on`."""

    loan: Loan
    on: date
    paid_through: int
    penalty_multiplier: Decimal
    compound: bool
    accelerate_on: date | None

    def charge_args(self) -> dict[str, Any]:
        return {"paid_through": self.paid_through, "penalty_multiplier": self.penalty_multiplier,
                "compound": self.compound, "accelerate_on": self.accelerate_on}

    @property
    def first_missed_due(self) -> date:
        """The due date the chart's days count from (as `owed_by_day` does)."""
        return self.loan.due_dates[min(self.paid_through, self.loan.periods - 1)]


def read_loan_terms(state: Any, read: Reader) -> LoanTerms | None:
    """Read the loan inputs of `state` (attributes named as in ``LOAN_INPUTS``); None on errors."""
    principal = read(read_money, state.principal, "principal")
    rate = read(read_daily_rate, state.daily_rate, "daily_rate")
    periods = read(read_whole, state.periods, "periods", 1, LIMITS.periods)
    method = read(read_method, state.method, "method")
    start = read(read_date, state.start, "start")
    on = read(read_date, state.on, "on")
    paid = read(read_whole, state.paid_through, "paid_through", 0,
                periods if periods is not None else LIMITS.periods)
    mult = read(read_multiplier, state.penalty_multiplier, "penalty_multiplier")
    accelerate = read(read_bool, state.accelerate, "accelerate")
    compound = read(read_bool, state.compound, "compound")
    acc_on = read(read_date, state.accelerate_on, "accelerate_on") if accelerate else None
    if read.errors:
        return None
    if on < start:
        read.fail("on", ui("engine.err.before_start", field=ui("engine.field.on"), start=start.isoformat()))
    if accelerate and acc_on < start:
        read.fail("accelerate_on", ui("engine.err.before_start", field=ui("engine.field.accelerate_on"),
                                      start=start.isoformat()))
    if read.errors:
        return None
    loan = Loan(principal=principal, daily_rate=rate, periods=periods, method=method, start=start)
    return LoanTerms(loan, on, paid, mult, compound, acc_on)


def loan_defaults() -> dict[str, Any]:
    """The loan inputs of the example, as text for the boxes (content/presets.yaml ``overdue`` +
    ``calculator``, their only source)."""
    p = preset("overdue")
    c = preset("calculator")
    try:
        rate = rate_text(Decimal(str(p["daily_rate"])))
    except Exception:
        rate = str(p["daily_rate"])
    return {
        "principal": str(p["principal"]),
        "daily_rate": rate,
        "periods": str(p["periods"]),
        "method": str(p["method"]),
        "start": str(p["start"]),
        "paid_through": str(p["paid_through"]),
        "on": str(c["on"]),
        "penalty_multiplier": str(p["penalty_multiplier"]),
        "compound": bool(p["compound"]),
        "accelerate": bool(c["accelerate"]),
        "accelerate_on": str(c["accelerate_on"]),
    }


__all__ = ["LOAN_INPUTS", "LoanTerms", "loan_defaults", "read_loan_terms"]
