"""还款能力与方案比较 (lesson 04): what can be paid each month, and how repayment plans compare.

    pp = PlanPlanner(monthly_income="4500", essential_spending="3000")
    pp.result.afford            # overdue.plans.Affordability (capacity, months, message ...)
    pp.result.plans             # [PlanRow(plan=PlanResult, affordable=bool), ...]
    pp.result.workable          # False -> the view says plainly that this cannot work, and what to do
    pp.widget

The debt is the example loan's debt on the date (`overdue.plans.debt_on`, loan inputs as in
`OverdueCalculator`); the plans are `overdue.plans.default_options(months)` plus a fixed monthly
payment of what the budget allows (`compare_plans`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..i18n import ui
from ..loan import LoanInputError, annual_rate_nominal
from .fields import (
    Calculator,
    FormView,
    Reader,
    block,
    cited_list,
    esc,
    percent,
    preset,
    read_money,
    read_whole,
    yuan,
)
from .overdue_calculator import (
    LOAN_INPUTS,
    LoanTerms,
    loan_defaults,
    loan_terms,
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
        months = read(read_whole, self.months, "months", 1, 360)
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

    def _make_view(self) -> PlanView:
        return PlanView(self)

    def summary(self) -> str:
        r = self.result
        if r is None:
            return ui("calc.no_result")
        lines = [ui("calc.plan.debt_line", on=r.terms.on.isoformat(), total=yuan(r.debt.total)), r.afford.message,
                 r.verdict]
        for row in r.plans:
            p = row.plan
            lines.append(f"- {p.label}：{plan_cells(p)[0]}，{plan_cells(p)[2]}")
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


class PlanChart:
    """Monthly payment of each instalment plan by month, and the most the budget allows."""

    STYLES = (("blue", "-"), ("orange", "--"), ("green", "-."), ("black", ":"))

    def __init__(self, outcome: PlanOutcome, width_px: int = 600, height_px: int = 350):
        from .. import charts
        from .fastchart import FastChart

        self.chart = FastChart(width_px, height_px)
        ax = self.chart.figure.add_subplot()
        self.ax = ax
        P = charts.PALETTE
        self.lines = []
        for colour, style in self.STYLES:
            (line,) = ax.plot([], [], color=P[colour], linestyle=style, drawstyle="steps-post", linewidth=2.2)
            self.lines.append(line)
        # above the budget line: payments that cannot be made (a light red zone, drawn under the lines)
        self.zone = ax.axhspan(0, 1, color=P["vermillion"], alpha=0.12, linewidth=0)
        self.capacity = ax.axhline(0, color=P["vermillion"], linewidth=1.2)
        ax.set_xlabel(ui("calc.plan.chart_x"), fontsize=11)
        ax.set_ylabel(ui("calc.plan.chart_y"), fontsize=11)
        ax.tick_params(labelsize=9)
        ax.yaxis.set_major_formatter(charts.yuan_formatter)
        self.legend = None
        self.chart.animate(self.zone, self.capacity, *self.lines)
        self._limits: tuple[float, float] | None = None
        self._labels: tuple[str, ...] = ()
        self.update(outcome)

    @property
    def png(self) -> bytes:
        return self.chart.png

    def update(self, o: PlanOutcome) -> bytes:
        from .fastchart import fit_top

        plans = [r.plan for r in o.plans if r.plan.kind != "pay_now" and r.plan.feasible][: len(self.lines)]
        labels = []
        xmax, ymax = 2.0, float(o.afford.capacity)
        for i, line in enumerate(self.lines):
            if i < len(plans):
                x, y = monthly_series(plans[i])
                line.set_data(x, y)
                line.set_visible(True)
                labels.append(plans[i].label)
                if x.size:
                    xmax, ymax = max(xmax, float(x[-1])), max(ymax, float(y.max()))
            else:
                line.set_data([], [])
                line.set_visible(False)
        cap = float(o.afford.capacity)
        self.capacity.set_ydata([cap, cap])
        # the legend names the plans and the budget's amount: static, so part of the background's key
        labels_t = tuple(labels) + (ui("calc.plan.chart_capacity", amount=yuan(o.afford.capacity)),)
        same = self._limits is not None and self._limits[0] == xmax and labels_t == self._labels
        top = fit_top(self._limits[1] if same else None, ymax)
        if top is not None:  # always so when the x range or the legend changed
            self.ax.set_xlim(1, xmax)
            self.ax.set_ylim(0, top)
            self._limits = (xmax, top)
            self._labels = labels_t
            if self.legend is not None:
                self.legend.remove()
            handles = [ln for ln in self.lines if ln.get_visible()] + [self.zone]
            self.legend = self.chart.figure.legend(handles, list(labels_t), loc="outside lower center", ncol=2,
                                                   fontsize=9, frameon=False)
            self.chart.invalidate(key=(self._limits, labels_t))
        self.zone.set_y(cap)
        self.zone.set_height(max(self._limits[1] - cap, 0.0))
        return self.chart.render()


class PlanView(FormView):
    def __init__(self, state: PlanPlanner):
        super().__init__(state)
        w = self.w
        for k in BUDGET:
            self.text_field(k, "0")
        self.text_field("months", "12")
        terms = loan_terms(self, ui("calc.plan.terms_title"))
        self.debt = self.output("overdue-plan-debt")
        self.capacity = self.output("overdue-plan-capacity")
        self.verdict = self.output("overdue-plan-verdict")
        self.table = self.output("overdue-plan-table")
        self.steps = self.output("overdue-plan-steps")
        self.image = self.chart_image("overdue-plan-chart", "350px")
        self.chart: PlanChart | None = None
        self.widget = w.VBox([
            self.heading(ui("calc.plan.title"), ui("calc.plan.intro")),
            *[self.row(k, ui(f"calc.plan.{k}")) for k in BUDGET],
            self.row("months", ui("calc.plan.months")),
            terms,
            self.form_message,
            self.debt,
            self.capacity,
            self.verdict,
            self.table,
            self.image,
            self.steps,
        ])
        self.widget.add_class("overdue-plan")
        state.on_change(self.refresh)
        self.refresh()

    def show_state(self) -> None:
        self.inputs["accelerate_on"].disabled = not bool(self.state.accelerate)
        self.show_terms_error(LOAN_INPUTS)

    def show_no_result(self) -> None:
        self.verdict.value = f"<p>{esc(ui('calc.no_result'))}</p>"

    def show_result(self, r: PlanOutcome) -> None:
        self.debt.value = block(f"<p>{esc(ui('calc.plan.debt_line', on=r.terms.on.isoformat(), total=yuan(r.debt.total)))}"
                                "</p>")
        self.capacity.value = block(f"<p>{esc(ui('calc.plan.capacity_label'))}<b><span data-value='{r.afford.capacity}'>"
                                    f"{esc(yuan(r.afford.capacity))}</span></b></p><p>{esc(r.afford.message)}</p>")
        colour = "#1B5E20" if r.workable else "#B00020"
        mark = "✔" if r.workable else "✘"
        self.verdict.value = block(f"<div class='{'overdue-plan-ok' if r.workable else 'overdue-plan-cannot'}' "
                              f"style='border-left:4px solid {colour};padding:4px 10px'><b>{mark} "
                              f"{esc(r.verdict)}</b></div>")
        head = "".join(f"<th style='padding:2px 8px'>{esc(ui('calc.plan.col.' + c))}</th>"
                       for c in ("plan", "monthly", "months", "total", "extra", "irr", "fits"))
        body = ""
        for row in r.plans:
            cells = (row.plan.label,) + plan_cells(row.plan) + (
                ui("calc.plan.fits_yes") if row.affordable else ui("calc.plan.fits_no"),)
            body += "<tr>" + "".join(f"<td style='padding:2px 8px'>{esc(c)}</td>" for c in cells) + "</tr>"
        self.table.value = block(f"<table><tr>{head}</tr>{body}</table><p><small>{esc(ui('calc.plan.table_note'))}"
                                 "</small></p>")
        self.steps.value = cited_list(ui("calc.plan.steps_title"), r.next_steps)
        fits = sum(1 for row in r.plans if row.affordable)
        self.show_chart(PlanChart, r, ui("calc.alt.plan", debt=yuan(r.debt.total), capacity=yuan(r.afford.capacity),
                                         n=len(r.plans), fits=fits))


__all__ = ["PlanOutcome", "PlanPlanner", "PlanRow", "plan_cells"]
