"""利率换算 (lesson 03): daily <-> monthly <-> simple annual <-> IRR annual (fees included).

    conv = RateConverter(rate="0.05%", kind="daily")
    conv.result.daily, conv.result.monthly, conv.result.annual_simple   # Decimal fractions
    conv.result.annual_irr            # IRR of the example plan with its fees (overdue.loan.annual_rate_irr)
    conv.result.annual_nominal        # the same plan's monthly IRR x 12 (overdue.loan.annual_rate_nominal)
    conv.set(rate="18.25%", kind="annual_simple")                     # -> daily 0.0005

Conventions (the engine's): monthly = daily x 30, simple annual = daily x 365
(`overdue.loan.annual_rate_simple`). The IRR rate is the effective (compounded) annual rate of the plan's cash
flows (money received at the start less the upfront fee, each instalment with its fee), so fees
raise it. Typing an IRR rate finds the daily rate that gives it for the same plan (bisection).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from ..i18n import ui
from ..loan import LIMITS as ENGINE_LIMITS
from ..loan import MONTH_DAYS, YEAR_DAYS, Loan, LoanInputError, annual_rate_simple
from .base import (
    Calculator,
    Reader,
    percent,
    preset,
    read_date,
    read_method,
    read_money,
    read_rate,
    read_whole,
)
from .terms import loan_defaults

KINDS = ("daily", "monthly", "annual_simple", "annual_irr")
MAX_DAILY = ENGINE_LIMITS.daily_rate  # the engine's highest daily rate (1% a day)
LIMITS = {  # one range rule: at most 1% a day, written in each kind (an annual rate: 365%), and its message key
    "daily": (MAX_DAILY, "daily_rate_high"),
    "monthly": (MAX_DAILY * MONTH_DAYS, "rate_high_monthly"),
    "annual_simple": (MAX_DAILY * YEAR_DAYS, "rate_high_annual"),
    "annual_irr": (MAX_DAILY * YEAR_DAYS, "rate_high_annual"),
}


@dataclass(frozen=True)
class RateResult:
    """All forms of one rate (decimal fractions: 0.0005 = 0.05%). ``annual_irr`` includes the
    plan's fees; ``annual_irr_no_fees`` is the same plan without fees; ``exact`` is False when the
    daily rate was found by search (an IRR typed in)."""

    kind: str
    daily: Decimal
    monthly: Decimal
    annual_simple: Decimal
    annual_irr: Decimal
    annual_irr_no_fees: Decimal
    annual_nominal: Decimal  # the same plan's monthly IRR x 12 (nominal, not compounded), fees included
    total_cost: Decimal
    loan: Loan
    exact: bool = True

    def value(self, kind: str) -> Decimal:
        return getattr(self, kind)


def _plan(principal: Decimal, periods: int, method: str, start: Any, fee_up: Decimal, fee_each: Decimal,
          daily: Decimal) -> Loan:
    return Loan(principal=principal, daily_rate=daily, periods=periods, method=method, start=start,
                fee_upfront=fee_up, fee_per_instalment=fee_each)


def daily_for_irr(target: Decimal, make_loan, tol: Decimal = Decimal("1e-12")) -> Decimal:
    """The daily rate whose plan (``make_loan(daily)``) has IRR annual rate `target` (bisection;
    the IRR grows with the daily rate). Raises LoanInputError when no daily rate up to 1% fits."""
    lo, hi = Decimal(0), MAX_DAILY
    irr_lo = make_loan(lo).annual_rate_irr()
    irr_hi = make_loan(hi).annual_rate_irr()
    if target < irr_lo:
        raise LoanInputError("rate", ui("calc.rate.err_below_fees", floor=percent(irr_lo)))
    if target > irr_hi:
        raise LoanInputError("rate", ui("calc.rate.err_irr_high", top=percent(irr_hi)))
    with localcontext() as ctx:
        ctx.prec = 40
        for _ in range(80):
            mid = (lo + hi) / 2
            if make_loan(mid.quantize(Decimal("1e-14"))).annual_rate_irr() < target:
                lo = mid
            else:
                hi = mid
            if hi - lo < tol:
                break
        return ((lo + hi) / 2).quantize(Decimal("1e-12"), rounding=ROUND_HALF_UP)


class RateConverter(Calculator):
    """利率换算. Inputs: ``rate`` (text: 0.0005, 0.05%, 18.25% ...), ``kind`` (daily | monthly |
    annual_simple | annual_irr), and the plan for the IRR: principal, periods, method, start,
    fee_upfront, fee_per_instalment. ``result``: `RateResult`."""

    INPUTS = ("rate", "kind", "principal", "periods", "method", "start", "fee_upfront", "fee_per_instalment")

    def defaults(self) -> dict[str, Any]:
        loan, r = loan_defaults(), preset("rate_converter")  # the example loan, read as the calculators read it
        return {
            "rate": str(r["rate"]),
            "kind": str(r["kind"]),
            **{name: loan[name] for name in ("principal", "periods", "method", "start")},
            "fee_upfront": str(r["fee_upfront"]),
            "fee_per_instalment": str(r["fee_per_instalment"]),
        }

    def _compute(self, read: Reader) -> RateResult | None:
        kind = self.kind if self.kind in KINDS else None
        if kind is None:
            read.fail("kind", ui("calc.rate.err_kind"))
            return None
        high, key = LIMITS[kind]
        rate = read(read_rate, self.rate, "rate", high=high, high_key=key)
        principal = read(read_money, self.principal, "principal")
        periods = read(read_whole, self.periods, "periods", 1, ENGINE_LIMITS.periods)
        method = read(read_method, self.method, "method")
        start = read(read_date, self.start, "start")
        fee_up = read(read_money, self.fee_upfront, "fee_upfront", positive=False)
        fee_each = read(read_money, self.fee_per_instalment, "fee_per_instalment", positive=False)
        if read.errors:
            return None
        if fee_up >= principal:
            read.fail("fee_upfront", ui("calc.rate.err_fee_too_big"))
            return None

        def make(daily: Decimal, fees: bool = True) -> Loan:
            return _plan(principal, periods, method, start, fee_up if fees else Decimal(0),
                         fee_each if fees else Decimal(0), daily)

        exact = True
        with localcontext() as ctx:
            ctx.prec = 40
            if kind == "daily":
                daily = rate
            elif kind == "monthly":
                daily = rate / MONTH_DAYS
            elif kind == "annual_simple":
                daily = rate / YEAR_DAYS
            else:
                daily = daily_for_irr(rate, make)
                exact = False
            daily = daily.normalize() if exact else daily
        loan = make(daily)
        irr = rate if kind == "annual_irr" else loan.annual_rate_irr()
        irr_plain = make(daily, fees=False).annual_rate_irr()
        return RateResult(kind=kind, daily=daily, monthly=daily * MONTH_DAYS, annual_simple=annual_rate_simple(daily),
                          annual_irr=irr, annual_irr_no_fees=irr_plain, annual_nominal=loan.annual_rate_nominal(),
                          total_cost=loan.total_paid - loan.principal, loan=loan, exact=exact)


    def summary(self) -> str:
        r = self.result
        if r is None:
            return ui("calc.no_result")
        lines = [f"{ui('calc.rate.kind.' + k)}：{fmt_rate(r.value(k), k)}" for k in KINDS]
        lines.append(f"{ui('calc.rate.nominal_label')}：{fmt_rate(r.annual_nominal, 'annual_irr')}")
        return "\n".join(lines)


def fmt_rate(value: Decimal, kind: str) -> str:
    """A rate as a learner reads it: daily/monthly with 4 decimals of a percent, annual with 2."""
    places = 4 if kind in ("daily", "monthly") else 2
    return percent(value, places)

__all__ = ["KINDS", "RateConverter", "RateResult", "daily_for_irr", "fmt_rate"]
