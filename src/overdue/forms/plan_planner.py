"""还款能力与方案比较 (lesson 04): what can be paid each month, and how repayment plans compare.

    pp = PlanPlanner(monthly_income="4500", essential_spending="3000")
    pp.result.afford            # overdue.plans.Affordability (capacity, months, message ...)
    pp.result.plans             # [PlanRow(plan=PlanResult, affordable=bool), ...]
    pp.result.workable          # False -> the view says plainly that this cannot work, and what to do
    pp.widget                   # with overdue.widgets.PlanPlanner (the same state and its view)

The debt is the example loan's debt on the date (`overdue.plans.debt_on`, loan inputs as in
`OverdueCalculator`); the plans are `overdue.plans.default_options(months)` plus a fixed monthly
payment of what the budget allows (`compare_plans`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..i18n import ui
from ..loan import LIMITS, LoanInputError, annual_rate_nominal
from .base import (
    Calculator,
    Reader,
    percent,
    preset,
    read_money,
    read_whole,
    yuan,
)
from .terms import (
    LOAN_INPUTS,
    LoanTerms,
    loan_defaults,
    read_loan_terms,
)

BUDGET = ("monthly_income", "essential_spending", "other_debts", "reserve")


@dataclass(frozen=True)
class PlanRow:
    plan: Any  # overdue.plans.PlanResult
    affordable: bool


@dataclass(frozen=True)
class PlanOutcome:
    """``debt``: overdue.plans.Debt; ``afford``: overdue.plans.Affordability; ``plans``: rows in
    order (pay now, 等额本金, 等额本息, 等额本金 with penalty waived, fixed monthly at capacity when
    there is any); ``workable``: some plan fits the budget and ends; ``verdict``: a Chinese sentence."""

    terms: LoanTerms
    debt: Any
    afford: Any
    plans: tuple[PlanRow, ...]
    workable: bool
    verdict: str
    next_steps: tuple[tuple[str, tuple[str, ...]], ...]


class PlanPlanner(Calculator):
    """还款能力与方案比较. Inputs: monthly_income, essential_spending, other_debts, reserve (yuan a
    month, text), months (instalment plans' length) and the loan inputs of `OverdueCalculator`
    (``on`` = the day the plan starts). ``result``: `PlanOutcome`."""

    INPUTS = BUDGET + ("months",) + LOAN_INPUTS

    def defaults(self) -> dict[str, Any]:
        d = loan_defaults()
        p = preset("planner")
        for k in BUDGET:
            d[k] = str(p[k])
        d["months"] = str(p["months"])
        return d

    def _compute(self, read: Reader) -> PlanOutcome | None:
        from ..plans import PlanOption, affordability, compare_plans, debt_on, default_options

        budget = {k: read(read_money, getattr(self, k), k, positive=False) for k in BUDGET}
        months = read(read_whole, self.months, "months", 1, LIMITS.periods)  # the engine's longest plan
        terms = read_loan_terms(self, read)
        if terms is None or read.errors:
            return None
        debt = debt_on(terms.loan, terms.on, **terms.charge_args())
        afford = affordability(budget["monthly_income"], budget["essential_spending"], budget["other_debts"],
                               debt=debt.total, daily_rate=debt.daily_rate, reserve=budget["reserve"])
        options = list(default_options(months))
        if afford.capacity > 0:
            options.append(PlanOption("fixed_monthly", monthly_amount=afford.capacity))
        results = compare_plans(debt, options)
        rows = tuple(PlanRow(p, bool(p.feasible and p.monthly_payment <= afford.capacity and afford.capacity > 0))
                     for p in results)
        workable = afford.capacity > 0 and afford.feasible and any(r.affordable for r in rows)
        if workable:
            fitting = [r.plan for r in rows if r.affordable]
            best = min(fitting, key=lambda p: p.total_paid)
            verdict = ui("calc.plan.verdict_ok", capacity=yuan(afford.capacity), plan=best.label,
                         total=yuan(best.total_paid))
        else:
            verdict = ui("calc.plan.verdict_cannot")
        keys = ("talk_95384", "in_writing", "official_channel") if workable else (
            "keep_essentials", "talk_95384", "legal_aid", "in_writing", "stress")
        steps = tuple(_step(k) for k in keys)
        return PlanOutcome(terms, debt, afford, rows, workable, verdict, steps)


    def summary(self) -> str:
        r = self.result
        if r is None:
            return ui("calc.no_result")
        lines = [ui("calc.plan.debt_line", on=r.terms.on.isoformat(), total=yuan(r.debt.total)), r.afford.message,
                 r.verdict]
        for row in r.plans:
            monthly, _, total, _, _ = plan_cells(row.plan)  # once: each call finds the plan's rate again
            lines.append(f"- {row.plan.label}：{monthly}，{total}")
        return "\n".join(lines)


def _step(key: str) -> tuple[str, tuple[str, ...]]:
    from ..i18n import ui_strings

    k = f"calc.plan.step.{key}"
    refs = ui_strings()[k].get("refs") or []
    return ui(k), tuple(str(r) for r in refs)


def plan_cells(p: Any) -> tuple[str, str, str, str, str]:
    """(first monthly payment, months, total paid, extra vs paying now, IRR annual: effective and
    nominal) as text."""
    if not p.feasible:
        dash = "—"
        return yuan(p.monthly_payment), ui("calc.plan.never"), dash, dash, dash
    months = str(p.months) if p.months else ui("calc.plan.at_once")
    irr = "—"
    if p.annual_rate_irr is not None:  # effective (compounded) and nominal (monthly IRR x 12), both named
        try:
            nominal = percent(annual_rate_nominal([p.financed] + [-a for _, a in p.payments]))
        except LoanInputError:
            nominal = "—"
        irr = ui("calc.plan.irr_cell", effective=percent(p.annual_rate_irr), nominal=nominal)
    extra = yuan(p.extra_cost) if p.extra_cost >= 0 else "−" + yuan(-p.extra_cost)
    return yuan(p.monthly_payment), months, yuan(p.total_paid), extra, irr


def monthly_series(p: Any) -> tuple[np.ndarray, np.ndarray]:
    """Month numbers 1..n and the payment of each month (yuan), for a step chart."""
    pays = [float(a) for _, a in p.payments]
    if not pays:
        return np.array([]), np.array([])
    x = np.arange(1, len(pays) + 2, dtype=float)  # one extra point closes the last step
    y = np.array(pays + [pays[-1]], dtype=float)
    return x, y

__all__ = ["PlanOutcome", "PlanPlanner", "PlanRow", "plan_cells"]
