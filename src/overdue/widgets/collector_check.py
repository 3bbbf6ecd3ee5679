"""The ipywidgets view of 核对催收金额 (lesson 03): how much of a collector's figure the contract explains.

The state (what is typed, checked and kept) lives in `overdue.forms.collector_check`, testable without a
browser; this module only shows it.
"""

from __future__ import annotations

from ..forms.base import as_bool, block, cited_list, esc, yuan
from ..forms.collector_check import (
    CheckResult,
)
from ..forms.collector_check import CollectorFigureCheck as CollectorFigureCheckState
from ..i18n import ui
from .fields import FormView, Shown, loan_terms


class CheckChart:
    """Two horizontal bars: the stated figure split into explained / unexplained, and the contract's total."""

    def __init__(self, result: CheckResult, width_px: int = 600, height_px: int = 200):
        from .. import charts
        from .fastchart import FastChart

        self.chart = FastChart(width_px, height_px)
        ax = self.chart.figure.add_subplot()
        self.ax = ax
        P = charts.PALETTE
        y_stated, y_total = 1, 0
        self.explained = ax.barh([y_stated], [0], color=P["green"], height=0.55,
                                 label=ui("calc.check.chart_explained"))[0]
        self.unexplained = ax.barh([y_stated], [0], color=P["vermillion"], hatch="//", edgecolor="white",
                                   height=0.55, label=ui("calc.check.chart_unexplained"))[0]
        self.total = ax.barh([y_total], [0], color=P["blue"], height=0.55, label=ui("calc.check.chart_total"))[0]
        ax.set_yticks([y_total, y_stated], [ui("calc.check.chart_contract"), ui("calc.check.chart_stated")],
                      fontsize=11)
        ax.tick_params(axis="x", labelsize=9)
        ax.xaxis.set_major_formatter(charts.yuan_formatter)
        ax.grid(axis="y", visible=False)
        ax.set_ylim(-0.6, 1.6)
        self.chart.figure.legend(loc="outside lower center", ncol=3, fontsize=9, frameon=False)
        self.chart.animate(self.explained, self.unexplained, self.total)
        self._xmax: float | None = None
        self.update(result)

    @property
    def png(self) -> bytes:
        return self.chart.png

    def update(self, r: CheckResult) -> bytes:
        from .fastchart import fit_top

        e, u, t = float(r.explained), float(r.unexplained), float(r.contract_total)
        self.explained.set_width(e)
        self.unexplained.set_x(e)
        self.unexplained.set_width(u)
        self.total.set_width(t)
        xmax = fit_top(self._xmax, max(e + u, t, 1.0))
        if xmax is not None:
            self._xmax = xmax
            self.ax.set_xlim(0, self._xmax)
            self.chart.invalidate(key=self._xmax)
        return self.chart.render()


class CheckView(FormView):
    def __init__(self, state: CollectorFigureCheck):
        super().__init__(state)
        w = self.w
        self.text_field("stated", "12800", width="200px")
        self.inputs["stated"].add_class("overdue-check-stated")
        terms = loan_terms(self, ui("calc.check.terms_title"))
        self.explained = self.output("overdue-check-explained")
        self.explained.layout.margin = "0 32px 0 0"
        self.unexplained = self.output("overdue-check-unexplained")
        self.verdict = self.output("overdue-check-verdict")
        self.questions = self.output("overdue-check-questions")
        self.image = self.chart_image("overdue-check-chart", "200px")
        self.chart: CheckChart | None = None
        self.widget = w.VBox([
            self.heading(ui("calc.check.title"), ui("calc.check.intro")),
            self.row("stated", ui("calc.check.stated_label")),
            w.HTML(block(f"<small>{esc(ui('calc.check.date_hint'))}</small>")),
            terms,
            self.form_message,
            w.HBox([self.explained, self.unexplained]),
            self.verdict,
            self.image,
            self.questions,
        ])
        self.widget.add_class("overdue-check")
        state.on_change(self.refresh)
        self.refresh()

    def show_state(self) -> None:
        self.inputs["accelerate_on"].disabled = not as_bool(self.state.accelerate)
        # a field of the collapsed loan terms is wrong: say so next to the stated figure too
        self.show_terms_error(k for k in self.messages if k != "stated")

    def show_no_result(self) -> None:
        self.verdict.value = f"<p>{esc(ui('calc.no_result'))}</p>"

    def show_result(self, r: CheckResult) -> None:
        self.explained.value = (f"<div>{esc(ui('calc.check.explained_label'))}<br><b style='font-size:130%'>"
                                f"<span data-value='{r.explained}'>{esc(yuan(r.explained))}</span></b></div>")
        self.unexplained.value = (f"<div>{esc(ui('calc.check.unexplained_label'))}<br><b style='font-size:130%;"
                                  f"color:{'#B00020' if r.unexplained else 'inherit'}'>"
                                  f"<span data-value='{r.unexplained}'>{esc(yuan(r.unexplained))}</span></b></div>")
        self.verdict.value = block(f"<p>{esc(r.verdict)}</p>")
        self.questions.value = cited_list(ui("calc.check.questions_title"), r.questions)
        self.show_chart(CheckChart, r, ui("calc.alt.check", stated=yuan(r.stated), explained=yuan(r.explained),
                                          unexplained=yuan(r.unexplained), contract=yuan(r.contract_total)))


class CollectorFigureCheck(Shown, CollectorFigureCheckState):
    """`overdue.forms.collector_check.CollectorFigureCheck` with its view (``.view``, ``.widget``)."""

    def _make_view(self) -> CheckView:
        return CheckView(self)
