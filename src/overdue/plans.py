"""Repayment plans: what a person can afford each month, and how repayment plans compare.

Pure computation on `overdue.loan` (no widgets, no plotting). Money in Decimal yuan; every result is
a plain dataclass with Decimal fields; learner-facing messages come from content/ui/engine.yaml.

Model:

* `affordability`: capacity = monthly income - essential spending - other monthly debt payments -
  reserve (never below 0). Paying ``capacity`` every month on ``debt``, interest (if any) accrues on
  the balance at daily_rate x 30 a month, rounded to the fen each month; the last month pays what is
  left. If ``capacity`` does not exceed the first month's interest the debt never ends: the result
  says so (``feasible`` False, "按这个金额永远还不完"). More than ``max_months`` (360) months is also
  reported as not workable.
* `compare_plans`: each plan settles a `Debt` (what is owed on a date: principal not yet repaid,
  unpaid interest, penalty and compound interest, fees) starting from that date:
  - ``pay_now``: the whole debt at once;
  - ``equal_principal`` / ``equal_payment``: the amount financed (the whole debt, less penalty and
    compound interest when ``waive_penalty``) becomes a new loan over ``months`` months at
    ``daily_rate`` (default: the contract rate; ``0`` for an interest-free instalment deal), with the
    schedule of `overdue.loan.Loan`;
  - ``fixed_monthly``: a fixed ``monthly_amount`` every month, as in `affordability`.
  Each result gives the total paid, the first monthly payment, the number of months and the IRR
  annual rate of the plan's own cash flows (+financed on the start date, -each payment), which is
  the yearly cost of spreading the payments; None for paying now.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from typing import Any

from .i18n import ui
from .loan import (
    LIMITS,
    MONTH_DAYS,
    ZERO,
    Loan,
    LoanInputError,
    add_months,
    annual_rate_irr,
    charges_on,
    check_amount,
    check_daily_rate,
    check_date,
    check_on,
    check_whole,
    fen,
    input_error,
)

__all__ = [
    "Affordability",
    "Debt",
    "PlanOption",
    "PlanResult",
    "affordability",
    "compare_plans",
    "debt_on",
    "default_options",
]

MAX_MONTHS = LIMITS.periods  # the longest plan: as many months as a loan may have instalments
PLAN_KINDS = ("pay_now", "equal_principal", "equal_payment", "fixed_monthly")


def _yuan(x: Decimal) -> str:
    """A sum for a message: 1,234.50."""
    return f"{x:,.2f}"


def _pay_down(balance: Decimal, payment: Decimal, monthly_rate: Decimal, max_months: int):
    """Pay ``payment`` a month on ``balance`` growing at ``monthly_rate``.

    Returns (months, payments) or (None, []) when the balance never falls, or (max_months + 1, ...)
    when it is not paid off within ``max_months``."""
    if balance <= 0:
        return 0, []
    payments: list[Decimal] = []
    with localcontext() as ctx:
        ctx.prec = 60
        if payment <= fen(balance * monthly_rate):
            return None, []
        for _ in range(max_months):
            interest = fen(balance * monthly_rate)
            due = balance + interest
            pay = min(payment, due)
            payments.append(pay)
            balance = due - pay
            if balance <= 0:
                return len(payments), payments
    return max_months + 1, payments


# --------------------------------------------------------------------------------------------
# Affordability
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Affordability:
    """The most a person can put towards the debt each month, and what that means.

    ``capacity``: yuan a month (0 when nothing is left). ``months``: months to clear ``debt`` at
    ``capacity`` (None when it never ends or no debt was given). ``total_paid``: the sum of those
    payments (None likewise). ``feasible``: the debt ends within ``max_months``. ``message``: one
    Chinese sentence for the learner."""

    capacity: Decimal
    months: int | None
    total_paid: Decimal | None
    feasible: bool
    message: str


def affordability(
    monthly_income: Any,
    essential_spending: Any,
    other_debts: Any = 0,
    debt: Any = None,
    daily_rate: Any = 0,
    reserve: Any = 0,
    max_months: int = MAX_MONTHS,
) -> Affordability:
    """How much can go to this debt each month, and how many months it then takes.

    ``monthly_income``, ``essential_spending`` (food, rent, medicine, school ...), ``other_debts``
    (other monthly repayments) and ``reserve`` (money kept aside each month) are yuan a month.
    ``debt``: the amount owed (optional). ``daily_rate``: interest that keeps accruing on the debt
    (0 when it has stopped), at daily_rate x 30 a month. Bad input raises `LoanInputError`."""
    income = check_amount(monthly_income, "monthly_income", positive=False)
    spend = check_amount(essential_spending, "essential_spending", positive=False)
    others = check_amount(other_debts, "other_debts", positive=False)
    keep = check_amount(reserve, "reserve", positive=False)
    rate = check_daily_rate(daily_rate)
    max_m = check_whole(max_months, "months", 1, 1200)
    capacity = max(ZERO, income - spend - others - keep)
    if capacity <= 0:
        return Affordability(ZERO, None, None, False, ui("engine.afford.nothing_left"))
    cap_msg = ui("engine.afford.capacity", amount=_yuan(capacity))
    if debt is None:
        return Affordability(capacity, None, None, True, cap_msg)
    owed = check_amount(debt, "debt", positive=False)
    months, payments = _pay_down(owed, capacity, rate * MONTH_DAYS, max_m)
    if months is None:
        return Affordability(capacity, None, None, False, cap_msg + "；" + ui("engine.plan.never_ends"))
    if months > max_m:
        return Affordability(capacity, None, None, False, cap_msg + "；" + ui("engine.plan.too_long", months=max_m))
    total = sum(payments, ZERO)
    return Affordability(capacity, months, total, True,
                         cap_msg + "；" + ui("engine.plan.ok", months=months, total=_yuan(total)))


# --------------------------------------------------------------------------------------------
# Plan comparison
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Debt:
    """What is owed on ``on`` (yuan): ``principal`` still to repay (overdue and not yet due),
    unpaid ``interest``, ``penalty`` (penalty and compound interest together), unpaid ``fees``;
    ``daily_rate`` is the contract rate (the default rate of instalment plans)."""

    on: date
    principal: Decimal
    interest: Decimal = ZERO
    penalty: Decimal = ZERO
    fees: Decimal = ZERO
    daily_rate: Decimal = ZERO

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "on", check_date(self.on, "on"))
        set_(self, "principal", check_amount(self.principal, "debt", positive=False))
        for name in ("interest", "penalty", "fees"):
            set_(self, name, check_amount(getattr(self, name), "debt", positive=False))
        set_(self, "daily_rate", check_daily_rate(self.daily_rate))

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.penalty + self.fees


def debt_on(
    loan: Loan,
    on: date,
    paid_through: int = 1,
    penalty_multiplier: Any = Decimal("1.5"),
    compound: bool = True,
    accelerate_on: date | None = None,
) -> Debt:
    """The `Debt` of a loan on ``on``: `charges_on` plus the principal not yet due."""
    c = charges_on(loan, on, paid_through, penalty_multiplier, compound, accelerate_on)
    return Debt(
        on=c.on,
        principal=c.principal + c.not_due_principal,
        interest=c.interest,
        penalty=c.penalty + c.compound,
        fees=c.fees,
        daily_rate=loan.daily_rate,
    )


@dataclass(frozen=True)
class PlanOption:
    """One plan to compare. ``kind``: pay_now | equal_principal | equal_payment | fixed_monthly.
    ``months``: for the instalment kinds. ``monthly_amount``: for fixed_monthly. ``daily_rate``:
    None = the contract rate, or a rate (``0`` = interest-free). ``waive_penalty``: penalty and
    compound interest are waived (a negotiated deal). ``label``: a name to show (default: made
    from the kind)."""

    kind: str
    months: int = 12
    monthly_amount: Any = None
    daily_rate: Any = None
    waive_penalty: bool = False
    label: str | None = None


@dataclass(frozen=True)
class PlanResult:
    """The figures of one plan (yuan). ``months`` and ``annual_rate_irr`` are None when the plan
    never ends (``feasible`` False) or pays at once (IRR). ``extra_cost`` = total_paid - the debt
    today (negative when a waiver saves money). ``payments``: (date, amount) of each payment."""

    kind: str
    label: str
    financed: Decimal
    total_paid: Decimal
    monthly_payment: Decimal
    months: int | None
    annual_rate_irr: Decimal | None
    extra_cost: Decimal
    feasible: bool = True
    message: str = ""
    payments: tuple[tuple[date, Decimal], ...] = ()


def default_options(months: int = 12) -> list[PlanOption]:
    """Pay now; 等额本金 and 等额本息 over ``months`` months at the contract rate; 等额本金 over
    ``months`` months with penalty and compound interest waived."""
    return [
        PlanOption("pay_now"),
        PlanOption("equal_principal", months=months),
        PlanOption("equal_payment", months=months),
        PlanOption("equal_principal", months=months, waive_penalty=True),
    ]


def _label(opt: PlanOption, amount: Decimal | None) -> str:
    if opt.label:
        return opt.label
    if opt.kind == "fixed_monthly":
        base = ui("engine.plan.fixed_monthly", amount=_yuan(amount or ZERO))
    elif opt.kind == "pay_now":
        base = ui("engine.plan.pay_now")
    else:
        base = ui(f"engine.plan.{opt.kind}", months=opt.months)
    return base + (ui("engine.plan.waived_suffix") if opt.waive_penalty else "")


def _irr(flows: list[tuple[date, Decimal]]) -> Decimal | None:
    try:
        return annual_rate_irr(flows)
    except LoanInputError:
        return None


def _one_plan(debt: Debt, opt: PlanOption) -> PlanResult:
    if not isinstance(opt, PlanOption) or opt.kind not in PLAN_KINDS:
        raise input_error("kind", "plan_kind")
    financed = debt.total - (debt.penalty if opt.waive_penalty else ZERO)
    rate = debt.daily_rate if opt.daily_rate is None else check_daily_rate(opt.daily_rate)
    if opt.kind == "pay_now" or financed == 0:
        return PlanResult(opt.kind, _label(opt, None), financed, financed, financed, 0, None,
                          financed - debt.total, True, "", ((debt.on, financed),))
    if opt.kind == "fixed_monthly":
        amount = check_amount(opt.monthly_amount, "monthly_amount", positive=True)
        label = _label(opt, amount)
        months, pays = _pay_down(financed, amount, rate * MONTH_DAYS, MAX_MONTHS)
        if months is None or months > MAX_MONTHS:
            msg = ui("engine.plan.never_ends") if months is None else ui("engine.plan.too_long", months=MAX_MONTHS)
            return PlanResult(opt.kind, label, financed, ZERO, amount, None, None, ZERO, False, msg)
        dated = tuple((add_months(debt.on, k), p) for k, p in enumerate(pays, start=1))
        total = sum(pays, ZERO)
        return PlanResult(opt.kind, label, financed, total, amount, months,
                          _irr([(debt.on, financed)] + [(d, -p) for d, p in dated]), total - debt.total,
                          True, ui("engine.plan.ok", months=months, total=_yuan(total)), dated)
    months = check_whole(opt.months, "months", 1, MAX_MONTHS)
    loan = Loan(principal=financed, daily_rate=rate, periods=months, method=opt.kind, start=debt.on)
    sched = loan.schedule()
    dated = tuple((i.due, i.payment) for i in sched)
    total = sum((p for _, p in dated), ZERO)
    return PlanResult(opt.kind, _label(opt, None), financed, total, sched[0].payment, months,
                      _irr(loan.cash_flows()), total - debt.total, True,
                      ui("engine.plan.summary", months=months, monthly=_yuan(sched[0].payment), total=_yuan(total)),
                      dated)


def compare_plans(debt: Debt | Loan, options: Sequence[PlanOption] | None = None, **debt_args: Any) -> list[PlanResult]:
    """The figures of each plan in ``options`` (default: `default_options`) for ``debt``.

    ``debt`` is a `Debt`, or a `Loan` together with the keyword arguments of `debt_on` (``on``,
    ``paid_through``, ``penalty_multiplier``, ``compound``, ``accelerate_on``)."""
    if isinstance(debt, Loan):
        if "on" not in debt_args:
            raise input_error("on", "date")
        check_on(debt, debt_args["on"])
        debt = debt_on(debt, **debt_args)
    elif not isinstance(debt, Debt):
        raise input_error("debt", "not_number")
    return [_one_plan(debt, o) for o in (default_options() if options is None else options)]
