"""逾期费用计算器 (lesson 03): what is owed on a date, part by part, and how it grows by day.

    calc = OverdueCalculator()                 # the example loan of content/presets.yaml
    calc.principal = "20000"; calc.compute()   # or calc.set(principal="20000")
    calc.result.charges.total                  # Decimal, the engine's figure to the fen
    calc.errors                                # {} or {"principal": "本金必须是数字，例如 1234.56"}

The state of the calculator (pure; `overdue.widgets.overdue_calculator` adds the ipywidgets view:
table and stacked chart). The table comes from `overdue.loan.charges_on` (Decimal), the chart from `overdue.loan.owed_by_day`
(numpy, the same figures to the fen). The chart's dashed line is what the charges would come to at
24% a year simple interest (the comparison of `overdue.loan.cap_check`, day by day): above it, a
borrower who is sued may ASK the court to reduce the charges (法发〔2017〕22号 第二条); it is not a
legal maximum and voids nothing by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from ..i18n import ui
from ..loan import CapCheck, Charges, cap_check, charges_on, owed_by_day
from .base import FORM, Calculator, Reader, percent, preset, read_whole, yuan
from .terms import LOAN_INPUTS, LoanTerms, loan_defaults, read_loan_terms

CAP = Decimal("0.24")
PARTS = ("principal", "interest", "penalty", "compound")
MAX_HORIZON = 3650


def cap_curve(terms: LoanTerms, curve: dict[str, np.ndarray], cap: Decimal = CAP) -> dict[str, np.ndarray]:
    """`cap_check` for every day of an `owed_by_day` curve (integer fen, exact).

    Returns ``charged_fen`` (all interest, penalty, compound and fees charged from the start),
    ``allowed_fen`` (cap a year simple on the principal outstanding each day) and ``line`` (yuan):
    what would be owed if the charges were exactly at the cap = total - charged + allowed. Where the
    owed total is above ``line``, the gap is `cap_check`'s ``excess``."""
    loan, pt = terms.loan, terms.paid_through
    sched = loan.schedule()
    base = terms.first_missed_due
    d = curve["days"].astype(np.int64)
    paid = sched[:pt]
    fen = lambda x: int(x * 100)  # noqa: E731  (exact: amounts are whole fen)
    paid_charges = fen(loan.fee_upfront) + sum(fen(i.interest) + fen(i.fee) for i in paid)
    charged = (paid_charges + curve["interest_fen"] + curve["penalty_fen"] + curve["compound_fen"]
               + curve["fees_fen"])
    pdays_const = 0
    out = fen(loan.principal)
    prev = loan.start
    for inst in paid:
        pdays_const += out * (inst.due - prev).days
        out -= fen(inst.principal)
        prev = inst.due
    pdays = pdays_const + out * ((base - prev).days + d)  # fen x days
    num, den = cap.as_integer_ratio()
    den *= 365
    allowed = (2 * pdays * num + den) // (2 * den)  # round half up, like the Decimal path
    line = (curve["total_fen"] - charged + allowed) / 100.0
    return {"charged_fen": charged, "allowed_fen": allowed, "line": line}


@dataclass(frozen=True)
class OverdueResult:
    """One good computation. ``charges`` and ``cap`` are the engine's Decimal figures on ``terms.on``;
    ``curve`` holds the chart's arrays (days, parts in yuan, ``total``, ``line``); ``day`` is the
    calculation date counted in days from the first missed due date (negative: not overdue yet)."""

    terms: LoanTerms
    charges: Charges
    cap: CapCheck
    curve: dict[str, np.ndarray]
    day: int

    def rows(self) -> list[tuple[str, str, Decimal]]:
        """(key, Chinese label, amount) of the table, 合计 last."""
        c = self.charges
        rows = [(k, ui(f"calc.part.{k}"), getattr(c, k)) for k in PARTS]
        if c.fees:
            rows.append(("fees", ui("calc.part.fees"), c.fees))
        rows.append(("total", ui("calc.part.total"), c.total))
        return rows


class OverdueCalculator(Calculator):
    """逾期费用计算器. Inputs (attributes, text as typed or values): principal, daily_rate (0.0005 or
    0.05%), periods, method (equal_principal | equal_payment | interest_only), start, paid_through,
    on, penalty_multiplier, compound, accelerate, accelerate_on (used when accelerate), horizon_days
    (the chart's last day). ``result``: `OverdueResult` (last good); ``errors``: field -> message."""

    INPUTS = LOAN_INPUTS + ("horizon_days",)

    def defaults(self) -> dict[str, Any]:
        d = loan_defaults()
        d["horizon_days"] = int(preset("calculator")["horizon_days"])
        return d

    def _compute(self, read: Reader) -> OverdueResult | None:
        horizon = read(read_whole, self.horizon_days, "horizon_days", 30, MAX_HORIZON)
        terms = read_loan_terms(self, read)
        if terms is None or read.errors:
            return None
        day = (terms.on - terms.first_missed_due).days
        if day > horizon:
            horizon = min(MAX_HORIZON, day + 30)
        charges = charges_on(terms.loan, terms.on, **terms.charge_args())
        cap = cap_check(terms.loan, on=terms.on, cap=CAP, **terms.charge_args())
        curve = owed_by_day(terms.loan, days=np.arange(horizon + 1), **terms.charge_args())
        curve.update(cap_curve(terms, curve))
        return OverdueResult(terms, charges, cap, curve, day)

    # plain-text summary (for print in notebooks) -----------------------------------------------
    def summary(self) -> str:
        r = self.result
        if r is None:
            return ui("calc.no_result")
        lines = [ui("calc.summary_head", on=r.terms.on.isoformat(), days=max(r.day, 0))]
        lines += [f"{label}：{yuan(v)}" for _, label, v in r.rows()]
        lines.append(cap_text(r))
        return "\n".join(lines)


def cap_text(r: OverdueResult) -> str:
    """The charges against 24% a year on both bases, named (plain text): all charges since the loan
    began averaged over it, and the overdue principal's penalty rate alone; then what may follow."""
    c = r.cap
    head = ui("calc.cap_compare", charged=yuan(c.charged), allowed=yuan(c.allowed_at_cap),
              rate=percent(c.annual_rate_charged))
    head += ui("calc.cap_above", excess=yuan(c.excess)) if c.excess > 0 else ui("calc.cap_below")
    # the second basis: the overdue principal's own penalty rate, a year, from the first overdue day
    penalty_year = r.terms.loan.daily_rate * r.terms.penalty_multiplier * 365
    key = "calc.cap_penalty_above" if penalty_year > c.cap else "calc.cap_penalty_below"
    return head + ui(key, penalty_rate=percent(penalty_year, 3)) + ui("calc.cap_conclusion")


__all__ = ["FORM", "OverdueCalculator", "OverdueResult", "LoanTerms", "cap_curve", "read_loan_terms", "loan_defaults",
           "LOAN_INPUTS"]
