"""The interest engine: a loan's schedule, what is owed on a date when it is overdue, annual rates.

Pure computation (no widgets, no plotting). Every figure a learner sees comes from here.

The model (each point is a parameter or a rule stated once; lesson 03 states the same model):

* Money is `decimal.Decimal` in yuan, rounded to the fen (0.01, ROUND_HALF_UP) only where a bill
  rounds: each instalment's principal and interest, and each part of each overdue instalment's
  charges. Rates are Decimal (a daily rate of 0.05% is ``Decimal("0.0005")``).
* Numbers may be given as str, int, float or Decimal; they are read by `overdue.inputs` (text such as
  "1,234.5 元", "１２３４" or "一万二" is understood). NaN, infinity and bool are refused. The ranges
  accepted are `LIMITS`; `check_amount`, `check_daily_rate` ... are the validation service that
  plans and forms use.
* Due dates: instalment k is due k calendar months after ``start``, on the same day of the month,
  clamped to the month's last day (start 2028-01-31 -> 2028-02-29, 2028-03-31, 2028-04-30 ...).
* ``equal_principal`` (等额本金): principal per instalment = principal / periods rounded to 0.01, the
  last instalment takes the remainder; interest = outstanding principal x daily_rate x the actual
  number of days since the previous due date (the first instalment counts from ``start``).
* ``equal_payment`` (等额本息): monthly rate = daily_rate x 30; the payment comes from the annuity
  formula and is rounded to 0.01 (equal to numpy-financial's ``pmt`` to the fen); interest =
  outstanding x monthly rate, rounded to 0.01; principal = payment - interest; the last instalment
  takes the remaining principal, so it absorbs the rounding.
* ``interest_only`` (先息后本): interest as for equal_principal, all principal in the last instalment.
* Fees: ``fee_upfront`` is paid at ``start``; ``fee_per_instalment`` is added to every instalment's
  payment. Both count in the IRR rate and in `cap_check`; unpaid instalment fees of overdue
  instalments are owed (no penalty interest is charged on fees).
* Overdue (`charges_on`): instalments 1..paid_through are paid on time. Any later instalment whose
  due date is before ``on`` is overdue by ``(on - due).days`` days (an instalment due on ``on``
  itself is not overdue yet). On its principal: penalty interest (罚息) at daily_rate x
  penalty_multiplier per day, which replaces normal interest after the due date. On its unpaid
  scheduled interest, when ``compound`` is on: compound interest (复利) at the same penalty rate.
  ``interest`` is the unpaid scheduled interest of the overdue instalments. Each part is rounded per
  instalment (half-up to 0.01), then summed.
* Acceleration (提前到期, ``accelerate_on``): on that date the principal of every unpaid instalment
  not yet due (due date after that date) becomes due, with the normal interest accrued on it (its
  principal x daily_rate x days) since the last due date on or before that date (or since
  ``start``); that interest is added to ``interest``. From that date it accrues penalty interest (and
  that interest compound interest, when on) like any overdue instalment. Like a due date, it counts
  as overdue only when ``accelerate_on`` is before ``on``; an acceleration date after ``on`` changes
  nothing yet.
* `cap_check`: all the lender charged from ``start`` to ``on`` (scheduled interest of every instalment
  due on or before ``on``, accrued interest from acceleration, penalty, compound, fees) against
  ``cap`` (24% a year by default) simple interest on the principal actually outstanding each day,
  over a year of ``year_days`` (365) days; ``excess = max(0, charged - allowed)``. This is a
  comparison only: under 法发〔2017〕22号 第二条 a borrower who is sued may ASK a court to reduce the
  part above 24% a year; it voids nothing by itself.
* `annual_rate_simple`: daily rate x 365 (simple). `annual_rate_irr`: the effective annual rate r that
  solves sum(amount / (1 + r) ** (days / 365)) = 0, days counted from the earliest flow (compounded
  over the year). `annual_rate_nominal`: the periodic internal rate of return i (every period equally
  long) x periods a year, not compounded; for monthly instalments monthly IRR x 12, close to daily
  rate x 365 and below the effective rate. Both are called "年化利率（内部收益率法）"; a contract may show
  either, so the course names which one it means.

A vectorised path (`owed_by_day`, `sweep`) computes the same figures with numpy in integer fen and
matches the Decimal path to the fen.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cached_property
from typing import Any

import numpy as np

from . import inputs
from .i18n import ui
from .inputs import InputError, error, label

__all__ = [
    "CENT",
    "LIMITS",
    "METHODS",
    "METHOD_ALIASES",
    "CapCheck",
    "ChargeItem",
    "Charges",
    "Instalment",
    "Loan",
    "Limits",
    "LoanInputError",
    "add_months",
    "annual_rate_irr",
    "annual_rate_nominal",
    "annual_rate_simple",
    "cap_check",
    "charges_on",
    "check_amount",
    "check_daily_rate",
    "check_date",
    "check_flag",
    "check_method",
    "check_multiplier",
    "check_on",
    "check_whole",
    "input_error",
    "owed_by_day",
    "sweep",
    "to_decimal",
]

CENT = Decimal("0.01")
ZERO = Decimal("0")
METHODS = ("equal_principal", "equal_payment", "interest_only")
METHOD_ALIASES = {
    "equal_principal": "equal_principal",
    "等额本金": "equal_principal",
    "equal_payment": "equal_payment",
    "等额本息": "equal_payment",
    "interest_only": "interest_only",
    "先息后本": "interest_only",
}
MAX_DAILY_RATE = Decimal("0.01")
MAX_PERIODS = 360
MAX_AMOUNT = Decimal("100000000")  # 1 亿元: anything larger is a typing slip here
MAX_MULTIPLIER = Decimal("10")
MONTH_DAYS = 30  # monthly rate = daily rate x 30 (equal_payment)
YEAR_DAYS = 365
_PREC = 60  # working precision: every product here is exact at this precision


@dataclass(frozen=True)
class Limits:
    """What the engine accepts: the largest sum of money (yuan), daily rate, number of instalments
    and penalty multiplier. Forms and readers take their ranges from `LIMITS`, never a copy."""

    amount: Decimal = MAX_AMOUNT
    daily_rate: Decimal = MAX_DAILY_RATE
    periods: int = MAX_PERIODS
    multiplier: Decimal = MAX_MULTIPLIER


LIMITS = Limits()


# --------------------------------------------------------------------------------------------
# Input checking: the engine's validation service (plans, forms and checkers use these)
# --------------------------------------------------------------------------------------------

LoanInputError = InputError  # the one input error type (overdue.inputs); the old name stays


def field_name(name: str) -> str:
    """The Chinese name of an input field (e.g. ``principal`` -> 本金)."""
    return label(name)


def input_error(name: str, key: str, **fmt: object) -> InputError:
    """An input error for field `name` with the wording ``engine.err.<key>``, naming the field."""
    return error(name, key, **fmt)


def to_decimal(value: Any, name: str) -> Decimal:
    """`value` as a finite Decimal; LoanInputError naming `name` otherwise (`overdue.inputs.number`:
    blanks, thousands separators, full-width digits, 元/¥ and Chinese numerals are understood; a
    trailing % divides by 100, so "0.05%" is 0.0005). bool, None, NaN and infinity are refused."""
    return inputs.number(value, name)


def check_amount(value: Any, name: str, *, positive: bool) -> Decimal:
    """A sum of money in yuan, rounded to the fen, at most ``LIMITS.amount``."""
    return inputs.money(value, name, positive=positive, limit=LIMITS.amount)


def check_daily_rate(value: Any, name: str = "daily_rate") -> Decimal:
    """A daily rate from 0 to ``LIMITS.daily_rate`` (1% a day)."""
    return inputs.rate(value, name, high=LIMITS.daily_rate)


def check_whole(value: Any, name: str, low: int, high: int) -> int:
    """A whole number from `low` to `high`."""
    return inputs.whole(value, name, low, high)


def check_date(value: Any, name: str) -> date:
    """A date (date, datetime, numpy datetime64 or text such as 2026-01-15)."""
    return inputs.day(value, name)


def check_multiplier(value: Any, name: str = "penalty_multiplier") -> Decimal:
    """The penalty multiplier, from 0 to ``LIMITS.multiplier``."""
    return inputs.multiplier(value, name)


def check_flag(value: Any, name: str) -> bool:
    """A yes/no option: True/False (or 1/0). Words are for forms (`overdue.inputs.yes_no`)."""
    return inputs.yes_no(value, name, words=False)


def check_method(value: Any, name: str = "method") -> str:
    """A repayment method: its code or its Chinese name (等额本金 ...) -> the code."""
    key = value.strip() if isinstance(value, str) else value
    if key not in METHOD_ALIASES:
        raise input_error(name, "method")
    return METHOD_ALIASES[key]


def fen(x: Decimal) -> Decimal:
    """Round yuan to the fen, half up (how a bill rounds)."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def add_months(d: date, months: int) -> date:
    """The same day of the month `months` calendar months after `d`, clamped to the month's end."""
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def annuity_payment(principal: Decimal, monthly_rate: Decimal, periods: int) -> Decimal:
    """The equal_payment instalment: P*m / (1 - (1+m)**-n), rounded to the fen (P/n when m = 0)."""
    with localcontext() as ctx:
        ctx.prec = _PREC
        if monthly_rate == 0:
            return fen(principal / periods)
        growth = (1 + monthly_rate) ** periods
        return fen(principal * monthly_rate * growth / (growth - 1))


# --------------------------------------------------------------------------------------------
# Loan and schedule
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instalment:
    """One line of a repayment schedule (yuan). ``payment = principal + interest + fee``."""

    number: int
    due: date
    principal: Decimal
    interest: Decimal
    payment: Decimal
    fee: Decimal = ZERO


@dataclass(frozen=True)
class Loan:
    """A loan: principal (yuan), daily rate, number of monthly instalments, method, start date.

    ``method``: ``equal_principal`` (等额本金), ``equal_payment`` (等额本息) or ``interest_only``
    (先息后本); the Chinese names are accepted too. ``fee_upfront`` (paid at start) and
    ``fee_per_instalment`` (added to each instalment) default to 0. See the module docstring for the
    model. Bad input raises `LoanInputError`.
    """

    principal: Decimal
    daily_rate: Decimal
    periods: int
    method: str = "equal_principal"
    start: date = field(default_factory=date.today)
    fee_upfront: Decimal = ZERO
    fee_per_instalment: Decimal = ZERO

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "principal", check_amount(self.principal, "principal", positive=True))
        set_(self, "daily_rate", check_daily_rate(self.daily_rate))
        set_(self, "periods", check_whole(self.periods, "periods", 1, MAX_PERIODS))
        set_(self, "method", check_method(self.method))
        set_(self, "start", check_date(self.start, "start"))
        set_(self, "fee_upfront", check_amount(self.fee_upfront, "fee_upfront", positive=False))
        set_(self, "fee_per_instalment", check_amount(self.fee_per_instalment, "fee_per_instalment", positive=False))
        if self.method == "equal_principal" and fen(self.principal / self.periods) * (self.periods - 1) > self.principal:
            raise input_error("principal", "principal_too_small", periods=self.periods)

    @property
    def monthly_rate(self) -> Decimal:
        """daily_rate x 30 (the monthly rate of equal_payment)."""
        return self.daily_rate * MONTH_DAYS

    @cached_property
    def due_dates(self) -> tuple[date, ...]:
        return tuple(add_months(self.start, k) for k in range(1, self.periods + 1))

    @cached_property
    def _schedule(self) -> tuple[Instalment, ...]:
        n, r, P = self.periods, self.daily_rate, self.principal
        dues = self.due_dates
        fee_i = self.fee_per_instalment
        rows: list[Instalment] = []
        with localcontext() as ctx:
            ctx.prec = _PREC
            out = P
            prev = self.start
            if self.method == "equal_payment":
                m = self.monthly_rate
                pay = annuity_payment(P, m, n)
            else:
                per = fen(P / n)
            for k, due in enumerate(dues, start=1):
                days = (due - prev).days
                if self.method == "equal_payment":
                    interest = fen(out * m)
                    princ = out if k == n else min(pay - interest, out)
                else:
                    interest = fen(out * r * days)
                    if self.method == "equal_principal":
                        princ = per if k < n else out
                    else:
                        princ = out if k == n else ZERO
                out -= princ
                rows.append(Instalment(k, due, princ, interest, princ + interest + fee_i, fee_i))
                prev = due
        return tuple(rows)

    def schedule(self) -> list[Instalment]:
        """The repayment schedule: one `Instalment` per period (principal sums to the loan's)."""
        return list(self._schedule)

    def cash_flows(self) -> list[tuple[date, Decimal]]:
        """The borrower's cash flows when every instalment is paid on time: +(principal - upfront
        fee) at start, -payment at each due date. Feed to `annual_rate_irr`."""
        flows = [(self.start, self.principal - self.fee_upfront)]
        flows += [(i.due, -i.payment) for i in self._schedule]
        return flows

    def annual_rate_irr(self) -> Decimal:
        """The IRR-based (compound) annual rate of this loan paid on time, fees included."""
        return annual_rate_irr(self.cash_flows())

    def annual_rate_nominal(self) -> Decimal:
        """The nominal IRR annual rate of this loan paid on time, fees included: the monthly internal
        rate of return (every month equally long) x 12, not compounded. Below `annual_rate_irr`."""
        return annual_rate_nominal([a for _, a in self.cash_flows()], 12)

    @property
    def total_interest(self) -> Decimal:
        return sum((i.interest for i in self._schedule), ZERO)

    @property
    def total_paid(self) -> Decimal:
        return self.fee_upfront + sum((i.payment for i in self._schedule), ZERO)

    def method_label(self) -> str:
        """The Chinese name of the repayment method (等额本金 ...)."""
        return ui(f"engine.method.{self.method}")


# --------------------------------------------------------------------------------------------
# Overdue charges
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChargeItem:
    """What one unpaid instalment owes on the date asked about (yuan, each part rounded to 0.01).

    ``due`` is the date it became due (the acceleration date for an accelerated instalment)."""

    number: int
    due: date
    days_overdue: int
    principal: Decimal
    interest: Decimal
    penalty: Decimal
    compound: Decimal
    fee: Decimal = ZERO
    accelerated: bool = False

    @property
    def total(self) -> Decimal:
        return self.principal + self.interest + self.penalty + self.compound + self.fee


@dataclass(frozen=True)
class Charges:
    """Everything overdue on ``on``, split into parts (yuan; sums of per-instalment rounded parts).

    ``principal``: overdue principal. ``interest``: unpaid scheduled (normal) interest, plus interest
    accrued up to acceleration. ``penalty``: 罚息 on overdue principal. ``compound``: 复利 on unpaid
    interest. ``fees``: unpaid instalment fees. ``total``: their sum. ``not_due_principal``: principal
    of unpaid instalments not yet due (not part of ``total``). ``items``: one `ChargeItem` per
    overdue instalment."""

    on: date
    principal: Decimal
    interest: Decimal
    penalty: Decimal
    compound: Decimal
    fees: Decimal
    total: Decimal
    items: tuple[ChargeItem, ...]
    not_due_principal: Decimal = ZERO

    @property
    def days_overdue(self) -> int:
        """Days since the earliest overdue due date (0 when nothing is overdue)."""
        return max((i.days_overdue for i in self.items), default=0)

    @property
    def balance(self) -> Decimal:
        """``total`` plus the principal not yet due: the whole amount to settle the loan on ``on``
        (interest accruing in the current period on principal not yet due is not included)."""
        return self.total + self.not_due_principal


@dataclass(frozen=True)
class _Unpaid:
    """An unpaid instalment before day-dependent charges: when it fell due and what it owes."""

    number: int
    due: date
    principal: Decimal
    interest: Decimal
    fee: Decimal
    accelerated: bool


def _check_paid_through(loan: Loan, paid_through: Any) -> int:
    return check_whole(paid_through, "paid_through", 0, loan.periods)


def check_on(loan: Loan, on: Any, name: str = "on") -> date:
    d = check_date(on, name)
    if d < loan.start:
        raise input_error(name, "before_start", start=loan.start.isoformat())
    return d


def _unpaid(loan: Loan, paid_through: int, accelerate_on: date | None) -> list[_Unpaid]:
    """The unpaid instalments with the date each becomes due (acceleration applied)."""
    sched = loan._schedule
    rows: list[_Unpaid] = []
    last_due = loan.start
    if accelerate_on is not None:
        for inst in sched:
            if inst.due <= accelerate_on:
                last_due = inst.due
        acc_days = (accelerate_on - last_due).days
    with localcontext() as ctx:
        ctx.prec = _PREC
        for inst in sched[paid_through:]:
            if accelerate_on is not None and inst.due > accelerate_on:
                accrued = fen(inst.principal * loan.daily_rate * acc_days)
                if inst.principal == 0 and accrued == 0:
                    continue  # an interest-only instalment: nothing of it is owed any more
                rows.append(_Unpaid(inst.number, accelerate_on, inst.principal, accrued, ZERO, True))
            else:
                rows.append(_Unpaid(inst.number, inst.due, inst.principal, inst.interest, inst.fee, False))
    return rows


def charges_on(
    loan: Loan,
    on: date,
    paid_through: int = 1,
    penalty_multiplier: Decimal | str | float = Decimal("1.5"),
    compound: bool = True,
    accelerate_on: date | None = None,
) -> Charges:
    """What is overdue on ``on`` when instalments 1..paid_through were paid on time and none after.

    Penalty interest (罚息) = overdue principal x daily_rate x penalty_multiplier x days overdue;
    compound interest (复利, when ``compound``) = unpaid interest x the same rate x days overdue;
    each rounded per instalment. ``accelerate_on``: the date the whole balance was called in
    (提前到期), or None. See the module docstring for the full model."""
    on = check_on(loan, on)
    pt = _check_paid_through(loan, paid_through)
    mult = check_multiplier(penalty_multiplier)
    comp = check_flag(compound, "compound")
    acc = None if accelerate_on is None else check_on(loan, accelerate_on, "accelerate_on")
    prate = loan.daily_rate * mult
    items: list[ChargeItem] = []
    not_due = ZERO
    with localcontext() as ctx:
        ctx.prec = _PREC
        for u in _unpaid(loan, pt, acc):
            days = (on - u.due).days
            if days <= 0:
                not_due += u.principal
                continue
            pen = fen(u.principal * prate * days)
            cmp_ = fen(u.interest * prate * days) if comp else ZERO
            items.append(ChargeItem(u.number, u.due, days, u.principal, u.interest, pen, cmp_, u.fee, u.accelerated))
    parts = {
        name: sum((getattr(i, attr) for i in items), ZERO)
        for name, attr in (
            ("principal", "principal"),
            ("interest", "interest"),
            ("penalty", "penalty"),
            ("compound", "compound"),
            ("fees", "fee"),
        )
    }
    total = sum(parts.values(), ZERO)
    return Charges(on=on, total=total, items=tuple(items), not_due_principal=not_due, **parts)


# --------------------------------------------------------------------------------------------
# Annual rates and the 24% comparison
# --------------------------------------------------------------------------------------------


def annual_rate_simple(daily_rate: Decimal | str | float, year_days: int = YEAR_DAYS) -> Decimal:
    """Daily rate x 365 (simple, not compounded): ``annual_rate_simple(Decimal("0.0005")) == 0.1825``."""
    return check_daily_rate(daily_rate) * year_days


def _flows(cash_flows: Iterable[Sequence[Any]]) -> list[tuple[date, Decimal]]:
    out: list[tuple[date, Decimal]] = []
    try:
        rows = list(cash_flows)
    except TypeError:
        raise input_error("cash_flows", "cash_flows_shape") from None
    for row in rows:
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence) or len(row) != 2:
            raise input_error("cash_flows", "cash_flows_shape")
        out.append((check_date(row[0], "cash_flows"), to_decimal(row[1], "cash_flows")))
    return out


def annual_rate_irr(cash_flows: Iterable[Sequence[Any]]) -> Decimal:
    """The effective annual rate r with sum(amount / (1 + r) ** (days / 365)) = 0 (to 1e-10).

    ``cash_flows``: (date, amount) pairs, money received positive and money paid negative (or the
    other way round; the rate is the same). ``days`` counts from the earliest date. This is the
    内部收益率法 (IRR) annualised rate; for monthly flows it agrees with numpy-financial's ``irr``
    compounded to a year, up to the unequal length of calendar months. When several rates fit, the
    one nearest 0 is returned. Raises `LoanInputError` (field ``cash_flows``, Chinese message) when
    no rate exists. Returned rounded to 10 decimal places."""
    flows = [(d, a) for d, a in _flows(cash_flows) if a != 0]
    if not any(a > 0 for _, a in flows) or not any(a < 0 for _, a in flows):
        raise LoanInputError("cash_flows", ui("engine.err.irr_signs"))
    d0 = min(d for d, _ in flows)
    t = np.array([(d - d0).days / YEAR_DAYS for d, _ in flows])
    a = np.array([float(x) for _, x in flows])
    return _rate_root(t, a)


def _rate_root(t: np.ndarray, a: np.ndarray) -> Decimal:
    """The rate r with sum(a / (1 + r) ** t) = 0, the root nearest 0, rounded to 10 places
    (LoanInputError when there is none). ``t`` in years (`annual_rate_irr`) or in periods
    (`annual_rate_nominal`)."""
    scale = np.abs(a).max()
    a = a / scale

    def npv(x: np.ndarray | float) -> np.ndarray:  # x = ln(1 + r): a grid of them, or one (a 0-d result)
        return np.exp(-np.multiply.outer(x, t)) @ a

    grid = np.linspace(-12.0, 12.0, 4801)
    with np.errstate(over="ignore", invalid="ignore"):
        vals = npv(grid)
    ok = np.isfinite(vals)
    sign = np.sign(vals)
    cand = np.nonzero(ok[:-1] & ok[1:] & (sign[:-1] * sign[1:] <= 0))[0]
    if cand.size == 0:
        raise LoanInputError("cash_flows", ui("engine.err.irr_none"))
    i = cand[np.argmin(np.abs(grid[cand]))]
    lo, hi = grid[i], grid[i + 1]
    flo = vals[i]
    if flo == 0:
        x = lo
    else:
        for _ in range(200):  # bisection in x: well-conditioned and certain
            mid = 0.5 * (lo + hi)
            fm = float(npv(mid))
            if fm == 0:
                lo = hi = mid
                break
            if (fm > 0) == (flo > 0):
                lo, flo = mid, fm
            else:
                hi = mid
            if hi - lo < 1e-15:
                break
        x = 0.5 * (lo + hi)
    r = Decimal(repr(math.expm1(x))).quantize(Decimal("1E-10"), rounding=ROUND_HALF_UP)
    return Decimal(format(r.normalize(), "f"))  # 0.1 rather than 0.1000000000, 0 rather than 0E-10


def annual_rate_nominal(payments: Iterable[Any], periods_per_year: int = 12) -> Decimal:
    """The nominal annual rate: the periodic internal rate of return x ``periods_per_year``.

    ``payments``: the net amount of each period in order, period 0 first (for a loan: money received
    at the start, then each instalment negative, or the other way round; the rate is the same). Every
    period counts as equally long (1 / periods_per_year of a year), whatever the calendar says. This is
    the 内部收益率法 figure not compounded over the year: for monthly instalments, monthly IRR x 12,
    the "nominal" (名义) annual rate; the effective one, `annual_rate_irr`, compounds it and is higher.
    ``annual_rate_nominal([10000, -3500, -3500, -3500]) == Decimal("0.2975705712")``: a monthly IRR
    of 2.4798% x 12. Raises `LoanInputError` (Chinese message) when no rate exists. Rounded to 10
    decimal places."""
    try:
        rows = list(payments)
    except TypeError:
        raise input_error("cash_flows", "cash_flows_shape") from None
    amounts = [to_decimal(x, "cash_flows") for x in rows]
    n = check_whole(periods_per_year, "periods_per_year", 1, 366)
    if not any(x > 0 for x in amounts) or not any(x < 0 for x in amounts):
        raise LoanInputError("cash_flows", ui("engine.err.irr_signs"))
    t = np.arange(len(amounts), dtype=float)
    a = np.array([float(x) for x in amounts])
    periodic = _rate_root(t, a)
    return Decimal(format((periodic * n).quantize(Decimal("1E-10"), rounding=ROUND_HALF_UP).normalize(), "f"))


@dataclass(frozen=True)
class CapCheck:
    """All that was charged from start to ``on`` against ``cap`` a year simple on the principal
    actually outstanding each day (yuan). ``excess = max(0, charged - allowed_at_cap)``.

    Under 法发〔2017〕22号 第二条 a borrower who is sued may ask a court to reduce the part of the total
    (interest, compound, penalty, fees) above 24% a year; this figure is the size of that part on
    this model. It does not void anything by itself."""

    charged: Decimal
    allowed_at_cap: Decimal
    excess: Decimal
    interest: Decimal = ZERO
    penalty: Decimal = ZERO
    compound: Decimal = ZERO
    fees: Decimal = ZERO
    principal_days: Decimal = ZERO
    cap: Decimal = Decimal("0.24")

    @property
    def annual_rate_charged(self) -> Decimal:
        """The charges as a simple annual rate on the principal outstanding each day."""
        if self.principal_days == 0:
            return ZERO
        return (self.charged * YEAR_DAYS / self.principal_days).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def cap_check(
    loan: Loan,
    on: date,
    paid_through: int = 1,
    cap: Decimal | str | float = Decimal("0.24"),
    penalty_multiplier: Decimal | str | float = Decimal("1.5"),
    compound: bool = True,
    accelerate_on: date | None = None,
    year_days: int = YEAR_DAYS,
) -> CapCheck:
    """Compare all charges from ``start`` to ``on`` with ``cap`` a year simple interest.

    charged = scheduled interest of the instalments paid on time by ``on`` (1..paid_through, due on
    or before ``on``) and of the overdue ones (as in `charges_on`, with the accrued interest of
    accelerated instalments) + penalty + compound + fees (the upfront fee and the fees of those
    instalments). allowed = cap x sum over the days from start to
    ``on`` of the principal still outstanding that day / year_days, rounded to the fen. Principal is
    repaid only by instalments 1..paid_through, on their due dates. Interest accruing after the last
    due date on principal not yet due is not counted (it is not billed yet)."""
    on = check_on(loan, on)
    pt = _check_paid_through(loan, paid_through)
    cap_d = to_decimal(cap, "cap")
    if not 0 < cap_d <= 1:
        raise input_error("cap", "cap")
    ch = charges_on(loan, on, pt, penalty_multiplier, compound, accelerate_on)
    sched = loan._schedule
    paid = [i for i in sched[:pt] if i.due <= on]
    interest = sum((i.interest for i in paid), ZERO) + ch.interest
    fees = loan.fee_upfront + sum((i.fee for i in paid), ZERO) + ch.fees
    charged = interest + ch.penalty + ch.compound + fees
    # principal-days: outstanding principal integrated over [start, on)
    pdays = ZERO
    out = loan.principal
    prev = loan.start
    for inst in paid:
        pdays += out * (inst.due - prev).days
        out -= inst.principal
        prev = inst.due
    pdays += out * (on - prev).days
    with localcontext() as ctx:
        ctx.prec = _PREC
        allowed = fen(cap_d * pdays / year_days)
    return CapCheck(
        charged=charged,
        allowed_at_cap=allowed,
        excess=max(ZERO, charged - allowed),
        interest=interest,
        penalty=ch.penalty,
        compound=ch.compound,
        fees=fees,
        principal_days=pdays,
        cap=cap_d,
    )


# --------------------------------------------------------------------------------------------
# Vectorised path (numpy, integer fen): charts and sweeps
# --------------------------------------------------------------------------------------------

_I64_SAFE = 2**62


def _ratio(d: Decimal) -> tuple[int, int]:
    n, m = d.as_integer_ratio()
    return n, m


def _rhu(a: np.ndarray, num: np.ndarray | int, den: np.ndarray | int) -> np.ndarray:
    """round_half_up(a * num / den) for non-negative integer arrays, exactly (int64 when safe,
    Python integers otherwise)."""
    a = np.asarray(a, dtype=np.int64)
    num_a = np.asarray(num, dtype=np.int64)
    den_a = np.asarray(den, dtype=np.int64)
    amax = float(a.max(initial=0))
    nmax = float(num_a.max(initial=0))
    dmax = float(den_a.max(initial=1))
    if 2.0 * amax * nmax + dmax < _I64_SAFE:
        return (2 * a * num_a + den_a) // (2 * den_a)
    ao, no, do = a.astype(object), num_a.astype(object), den_a.astype(object)
    return ((2 * ao * no + do) // (2 * do)).astype(np.int64)


def _to_fen(d: Decimal) -> int:
    return int(d * 100)


def owed_by_day(
    loan: Loan,
    paid_through: int = 1,
    days: Any = None,
    penalty_multiplier: Decimal | str | float = Decimal("1.5"),
    compound: bool = True,
    accelerate_on: date | None = None,
    from_date: date | None = None,
) -> dict[str, np.ndarray]:
    """What `charges_on` gives for ``on = from_date + d`` for every d in ``days`` (numpy, fen-exact).

    ``from_date`` defaults to the due date of the first missed instalment (paid_through + 1), so
    ``d`` is the number of days overdue a collector would quote (the last due date when nothing was
    missed). ``days`` defaults to 0..720. Returns a dict of arrays: ``days``; ``principal``,
    ``interest``, ``penalty``, ``compound``, ``fees``, ``total`` in yuan (float64, each exactly the
    fen figure / 100, for charts); the same with a ``_fen`` suffix as int64 fen (exact)."""
    pt = _check_paid_through(loan, paid_through)
    mult = check_multiplier(penalty_multiplier)
    comp = check_flag(compound, "compound")
    acc = None if accelerate_on is None else check_on(loan, accelerate_on, "accelerate_on")
    d = np.arange(0, 721) if days is None else np.asarray(days)
    if d.ndim == 0:
        d = d.reshape(1)
    if d.size and (not np.issubdtype(d.dtype, np.integer) or d.min() < 0):
        raise input_error("days", "days")
    d = d.astype(np.int64)
    if from_date is None:
        base = loan.due_dates[min(pt, loan.periods - 1)]
    else:
        base = check_on(loan, from_date, "on")
    num, den = _ratio(loan.daily_rate * mult)
    parts = {k: np.zeros(d.shape, dtype=np.int64) for k in ("principal", "interest", "penalty", "compound", "fees")}
    for u in _unpaid(loan, pt, acc):
        od = d - (u.due - base).days  # days overdue of this instalment on each day
        mask = od > 0
        odp = np.where(mask, od, 0)
        p_fen, i_fen = _to_fen(u.principal), _to_fen(u.interest)
        parts["principal"] += mask * p_fen
        parts["interest"] += mask * i_fen
        parts["fees"] += mask * _to_fen(u.fee)
        parts["penalty"] += _rhu(p_fen * odp, num, den)
        if comp:
            parts["compound"] += _rhu(i_fen * odp, num, den)
    parts["total"] = sum(parts.values())
    out: dict[str, np.ndarray] = {"days": d}
    for k, v in parts.items():
        out[f"{k}_fen"] = v
        out[k] = v / 100.0
    return out


def _scaled_ints(values: np.ndarray, scale: float) -> np.ndarray | None:
    """``values * scale`` as exact int64 when every value has at most log10(scale) decimals (so the
    float round trip is exact), else None. Strings are parsed by numpy; anything odd gives None."""
    try:
        f = values.astype(np.float64)
    except (TypeError, ValueError):
        return None
    scaled = f * scale
    ints = np.rint(scaled)
    if not np.all(np.isfinite(ints)) or not np.all(np.abs(scaled - ints) <= 1e-6 * np.maximum(1.0, np.abs(scaled))):
        return None
    if ints.size and np.abs(ints).max() >= 2.0**53:
        return None
    return ints.astype(np.int64)


def _rate_fraction(rates: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Rates as exact fractions num/den (int64 arrays), reduced; accepts Decimal/str/float arrays."""
    num = None if rates.dtype.kind == "b" else _scaled_ints(rates, 1e10)
    if num is not None:
        den = np.full(num.shape, 10**10, dtype=np.int64)
    else:  # odd input or more than 10 decimals: exact fractions one by one
        pairs = [to_decimal(x, name).as_integer_ratio() for x in rates.ravel()]
        num = np.array([p[0] for p in pairs], dtype=np.int64).reshape(rates.shape)
        den = np.array([p[1] for p in pairs], dtype=np.int64).reshape(rates.shape)
    g = np.gcd(num, den)
    g[g == 0] = 1
    return num // g, den // g


def sweep(
    principal: Any,
    daily_rate: Any,
    days: Any,
    *,
    periods: int,
    method: str = "equal_principal",
    start: date,
    paid_through: int = 1,
    penalty_multiplier: Decimal | str | float = Decimal("1.5"),
    compound: bool = True,
    fee_per_instalment: Decimal | str | float = ZERO,
) -> dict[str, np.ndarray]:
    """Many scenarios at once: `charges_on` for each (principal, daily_rate, days overdue).

    ``principal``, ``daily_rate`` and ``days`` are broadcast together (arrays or scalars; rates with
    at most 10 decimal places). ``days`` counts from the due date of the first missed instalment
    (paid_through + 1). ``periods``, ``method``, ``start``, ``paid_through``, ``penalty_multiplier``,
    ``compound`` and ``fee_per_instalment`` are shared. Returns the same keys as `owed_by_day`
    (yuan float64 and exact ``_fen`` int64 arrays); equals the Decimal path to the fen."""
    n = check_whole(periods, "periods", 1, MAX_PERIODS)
    meth = check_method(method)
    start = check_date(start, "start")
    pt = check_whole(paid_through, "paid_through", 0, n)
    mult = check_multiplier(penalty_multiplier)
    comp = check_flag(compound, "compound")
    fee_fen = _to_fen(check_amount(fee_per_instalment, "fee_per_instalment", positive=False))
    P, R, D = np.broadcast_arrays(np.asarray(principal), np.asarray(daily_rate), np.asarray(days))
    shape = P.shape
    P, R, D = P.ravel(), R.ravel(), D.ravel()
    # principal in fen, exactly
    P_fen = None if P.dtype.kind == "b" else _scaled_ints(P, 100.0)
    if P_fen is None:  # odd input (or fractions of a fen): the Decimal rules, one by one
        P_fen = np.array([_to_fen(fen(to_decimal(x, "principal"))) for x in P], dtype=np.int64)
    if P_fen.size and P_fen.min() <= 0:
        raise input_error("principal", "positive")
    if P_fen.size and P_fen.max() > _to_fen(MAX_AMOUNT):
        raise input_error("principal", "too_large", limit=f"{MAX_AMOUNT:,.0f}")
    r_num, r_den = _rate_fraction(R, "daily_rate")
    if r_num.size and (r_num.min() < 0):
        raise input_error("daily_rate", "not_negative")
    if r_num.size and np.any(r_num * 100 > r_den):
        raise input_error("daily_rate", "daily_rate_high")
    if D.size and (not np.issubdtype(D.dtype, np.integer) or D.min() < 0):
        raise input_error("days", "days")
    D = D.astype(np.int64)
    dues = [add_months(start, k) for k in range(1, n + 1)]
    gaps = [(dues[0] - start).days] + [(dues[k] - dues[k - 1]).days for k in range(1, n)]
    # schedule in fen, all scenarios at once: prin[k], intr[k]
    prin = np.zeros((n, P_fen.size), dtype=np.int64)
    intr = np.zeros((n, P_fen.size), dtype=np.int64)
    out = P_fen.copy()
    if meth == "equal_payment":
        m_num, m_den = r_num * MONTH_DAYS, r_den
        pay = _annuity_fen_vec(P_fen, r_num, r_den, n)
        for k in range(n):
            intr[k] = _rhu(out, m_num, m_den)
            prin[k] = out if k == n - 1 else np.minimum(pay - intr[k], out)
            out = out - prin[k]
    else:
        per = (2 * P_fen + n) // (2 * n)
        if meth == "equal_principal" and np.any(per * (n - 1) > P_fen):
            raise input_error("principal", "principal_too_small", periods=n)
        for k in range(n):
            intr[k] = _rhu(out * gaps[k], r_num, r_den)
            if meth == "equal_principal":
                prin[k] = per if k < n - 1 else out
            else:
                prin[k] = out if k == n - 1 else 0
            out = out - prin[k]
    # penalty rate = daily_rate x multiplier, as a reduced fraction per scenario
    m_n, m_d = _ratio(mult)
    p_num, p_den = r_num * m_n, r_den * m_d
    g = np.gcd(p_num, p_den)
    g[g == 0] = 1
    p_num, p_den = p_num // g, p_den // g
    base = dues[min(pt, n - 1)]
    parts = {k: np.zeros(D.shape, dtype=np.int64) for k in ("principal", "interest", "penalty", "compound", "fees")}
    for k in range(pt, n):
        od = D - (dues[k] - base).days
        mask = od > 0
        odp = np.where(mask, od, 0)
        parts["principal"] += np.where(mask, prin[k], 0)
        parts["interest"] += np.where(mask, intr[k], 0)
        parts["fees"] += mask * fee_fen
        parts["penalty"] += _rhu(prin[k] * odp, p_num, p_den)
        if comp:
            parts["compound"] += _rhu(intr[k] * odp, p_num, p_den)
    parts["total"] = sum(parts.values())
    res: dict[str, np.ndarray] = {"days": D.reshape(shape)}
    for key, v in parts.items():
        res[f"{key}_fen"] = v.reshape(shape)
        res[key] = v.reshape(shape) / 100.0
    return res


def _annuity_fen_vec(P_fen: np.ndarray, r_num: np.ndarray, r_den: np.ndarray, n: int) -> np.ndarray:
    """`annuity_payment` in fen for arrays of principal and daily rate: float64, with every value
    close to a half-fen tie (or otherwise doubtful) recomputed exactly with Decimal."""
    m = r_num.astype(np.float64) * MONTH_DAYS / r_den.astype(np.float64)
    Pf = P_fen.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = -np.expm1(-n * np.log1p(m))
        x = np.where(m > 0, Pf * m / denom, Pf / n)
    frac = x - np.floor(x)
    doubtful = ~np.isfinite(x) | (np.abs(frac - 0.5) < 1e-11 * np.abs(x) + 1e-7)
    pay = np.floor(x + 0.5)
    pay = np.where(np.isfinite(pay), pay, 0).astype(np.int64)
    for i in np.nonzero(doubtful)[0]:
        md = Decimal(int(r_num[i])) * MONTH_DAYS / Decimal(int(r_den[i]))
        pay[i] = _to_fen(annuity_payment(Decimal(int(P_fen[i])) / 100, md, n))
    return pay
