"""The ipywidgets view of 还款能力与方案比较 (lesson 04): what can be paid each month, and how repayment plans compare.

The state (what is typed, checked and kept) lives in `overdue.forms.plan_planner`, testable without a browser;
this module only shows it.
"""

from __future__ import annotations

from ..forms.base import block, cited_list, esc, yuan
from ..forms.plan_planner import (
    BUDGET,
    PlanOutcome,
    monthly_series,
    plan_cells,
)
from ..forms.plan_planner import PlanPlanner as PlanPlannerState
from ..forms.terms import LOAN_INPUTS
from ..i18n import ui
from .fields import FormView, Shown, loan_terms


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


class PlanPlanner(Shown, PlanPlannerState):
    """`overdue.forms.plan_planner.PlanPlanner` with its view (``.view``, ``.widget``)."""

    def _make_view(self) -> PlanView:
        return PlanView(self)
