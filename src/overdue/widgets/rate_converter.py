"""The ipywidgets view of 利率换算 (lesson 03): daily <-> monthly <-> simple annual <-> IRR annual (fees included).

The state (what is typed, checked and kept) lives in `overdue.forms.rate_converter`, testable without a
browser; this module only shows it.
"""

from __future__ import annotations

from typing import Any

from ..forms.base import block, cite_refs, esc
from ..forms.rate_converter import (
    KINDS,
    RateResult,
    fmt_rate,
)
from ..forms.rate_converter import RateConverter as RateConverterState
from ..i18n import ui
from .fields import FormView, Shown, method_options


class RateChart:
    """Three horizontal bars: simple annual, IRR without fees, IRR with fees (percent)."""

    KEYS = ("annual_simple", "annual_irr_no_fees", "annual_irr")

    def __init__(self, result: RateResult, width_px: int = 600, height_px: int = 220):
        from matplotlib.ticker import FuncFormatter

        from .. import charts
        from .fastchart import FastChart

        self.chart = FastChart(width_px, height_px)
        ax = self.chart.figure.add_subplot()
        self.ax = ax
        P = charts.PALETTE
        ys = [2, 1, 0]
        colours = [P["sky"], P["blue"], P["vermillion"]]
        hatches = ["", "..", "//"]
        self.bars = [ax.barh([y], [0], color=c, hatch=h, edgecolor="white", height=0.6)[0]
                     for y, c, h in zip(ys, colours, hatches, strict=True)]
        self.labels = [ax.text(0, y, "", va="center", ha="left", fontsize=10) for y in ys]
        ax.set_yticks(ys, [ui(f"calc.rate.chart.{k}") for k in self.KEYS], fontsize=10)
        ax.tick_params(axis="x", labelsize=9)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
        ax.grid(axis="y", visible=False)
        ax.set_ylim(-0.6, 2.6)
        ax.set_xlabel(ui("calc.rate.chart.x"), fontsize=10)
        self.chart.animate(*self.bars, *self.labels)
        self._xmax: float | None = None
        self.update(result)

    @property
    def png(self) -> bytes:
        return self.chart.png

    def update(self, r: RateResult) -> bytes:
        from .fastchart import fit_top

        values = [float(getattr(r, k)) * 100 for k in self.KEYS]
        need = max(max(values), 1.0) * 1.25  # room for the value labels right of the bars
        xmax = fit_top(self._xmax, need)
        if xmax is not None:
            self._xmax = xmax
            self.ax.set_xlim(0, self._xmax)
            self.chart.invalidate(key=self._xmax)
        for bar, label, v in zip(self.bars, self.labels, values, strict=True):
            bar.set_width(v)
            label.set_x(v + self._xmax * 0.01)
            label.set_text(f"{v:.2f}%")
        return self.chart.render()


class RateView(FormView):
    def __init__(self, state: RateConverter):
        super().__init__(state)
        w = self.w
        example = state.defaults()  # the placeholders show the example of content/presets.yaml
        self.text_field("rate", example["rate"])
        self.dropdown_field("kind", [(ui(f"calc.rate.kind.{k}"), k) for k in KINDS], width="220px")
        self.text_field("principal", example["principal"])
        self.text_field("periods", example["periods"])
        self.dropdown_field("method", method_options())
        self.date_field("start")
        self.text_field("fee_upfront", "0")
        self.text_field("fee_per_instalment", "0")
        self.outputs: dict[str, Any] = {}
        out_rows = []
        for k in KINDS:
            box = self.outputs[k] = self.output(f"overdue-rate-{k.replace('_', '-')}")
            out_rows.append(w.HBox([w.HTML(f"<span>{esc(ui('calc.rate.kind.' + k))}</span>",
                                           layout=w.Layout(width="260px")), box]))
        self.nominal = self.output("overdue-rate-annual-nominal")
        out_rows.append(w.HBox([w.HTML(f"<span>{esc(ui('calc.rate.nominal_label'))}</span>",
                                       layout=w.Layout(width="260px")), self.nominal]))
        self.explain = self.output("overdue-rate-explain")
        self.image = self.chart_image("overdue-rate-chart", "220px")
        self.chart: RateChart | None = None
        self.widget = w.VBox([
            self.heading(ui("calc.rate.title"), ui("calc.rate.intro")),
            self.row("rate", ui("calc.rate.rate_label"), hint=ui("calc.rate.rate_hint")),
            self.row("kind", ui("calc.rate.kind_label")),
            w.HTML(f"<b>{esc(ui('calc.rate.plan_title'))}</b>"),
            self.row("principal", ui("calc.field.principal_yuan")),
            self.row("periods"),
            self.row("method"),
            self.row("start"),
            self.row("fee_upfront", ui("calc.rate.fee_upfront_label")),
            self.row("fee_per_instalment", ui("calc.rate.fee_each_label")),
            self.form_message,
            w.HTML(f"<b>{esc(ui('calc.rate.results_title'))}</b>"),
            *out_rows,
            self.image,
            self.explain,
        ])
        self.widget.add_class("overdue-rate")
        state.on_change(self.refresh)
        self.refresh()

    def show_result(self, r: RateResult) -> None:
        for k, box in self.outputs.items():
            approx = ui("calc.rate.approx") if (k == "daily" and not r.exact) else ""
            box.value = (f"<b><span data-value='{r.value(k)}'>{esc(approx + fmt_rate(r.value(k), k))}</span></b>")
        self.nominal.value = (f"<b><span data-value='{r.annual_nominal}'>"
                              f"{esc(fmt_rate(r.annual_nominal, 'annual_irr'))}</span></b>")
        self.explain.value = block(f"<p>{esc(explain_text(r))}</p>"
                                   f"<p><small>{esc(cite_refs(['pboc_2021_3', 'weilidai_reported_terms']))}</small></p>")
        self.show_chart(RateChart, r, ui("calc.alt.rate", simple=fmt_rate(r.annual_simple, "annual_simple"),
                                         irr_plain=fmt_rate(r.annual_irr_no_fees, "annual_irr"),
                                         irr=fmt_rate(r.annual_irr, "annual_irr")))


def explain_text(r: RateResult) -> str:
    s = ui("calc.rate.explain", simple=fmt_rate(r.annual_simple, "annual_simple"),
           irr_plain=fmt_rate(r.annual_irr_no_fees, "annual_irr"), irr=fmt_rate(r.annual_irr, "annual_irr"),
           nominal=fmt_rate(r.annual_nominal, "annual_irr"),
           cost=f"¥{r.total_cost:,.2f}")
    return s


class RateConverter(Shown, RateConverterState):
    """`overdue.forms.rate_converter.RateConverter` with its view (``.view``, ``.widget``)."""

    def _make_view(self) -> RateView:
        return RateView(self)
