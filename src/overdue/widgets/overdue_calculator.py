"""The ipywidgets view of the 逾期费用计算器 (`overdue.forms.overdue_calculator`): the form, the table of
parts and the stacked chart of what is owed by day, with the 24% comparison line.

    calc = OverdueCalculator()    # the state of overdue.forms, with .view and .widget
    calc.widget
"""

from __future__ import annotations

import numpy as np

from ..forms.base import as_bool, cite_refs, esc, yuan
from ..forms.overdue_calculator import PARTS, OverdueResult, cap_text
from ..forms.overdue_calculator import OverdueCalculator as OverdueCalculatorState
from ..i18n import ui
from .fields import FormView, Shown, loan_form, preset_note_html

# ------------------------------------------------------------------------------------------------
# Chart
# ------------------------------------------------------------------------------------------------


class OverdueChart:
    """The stacked chart of what is owed by days overdue, with the 24% line and a date marker.

    Built once; `update(result)` changes the data of the same artists and re-renders by blitting
    (a full redraw only when the axis limits must change)."""

    COLORS = ("blue", "orange", "vermillion", "purple")

    def __init__(self, result: OverdueResult, width_px: int = 600, height_px: int = 350):
        from .. import charts
        from .fastchart import FastChart

        self.chart = FastChart(width_px, height_px)
        fig = self.chart.figure
        ax = fig.add_subplot()
        self.ax = ax
        cv = result.curve
        x = cv["days"]
        self.fills = ax.stackplot(
            x, *[cv[k] for k in PARTS],
            labels=[ui(f"calc.part.{k}") for k in PARTS],
            colors=[charts.PALETTE[c] for c in self.COLORS],
            hatch=charts.HATCHES[: len(PARTS)], edgecolor="white", linewidth=0.3, alpha=0.9,
        )
        (self.cap_line,) = ax.plot(x, cv["line"], color=charts.PALETTE["black"], linestyle="--",
                                   linewidth=1.6, label=ui("calc.chart_cap_line"))
        self.marker = ax.axvline(0, color=charts.PALETTE["green"], linewidth=1.6, label=ui("calc.chart_marker"))
        (self.dot,) = ax.plot([0], [0], marker="o", color=charts.PALETTE["green"], markersize=6, linestyle="none")
        ax.set_xlabel(ui("calc.chart_x"), fontsize=11)
        ax.set_ylabel(ui("calc.chart_y"), fontsize=11)
        ax.tick_params(labelsize=9)
        ax.yaxis.set_major_formatter(charts.yuan_formatter)
        ax.margins(x=0)
        fig.legend(loc="outside lower center", ncol=3, fontsize=9, frameon=False, handlelength=1.6,
                   columnspacing=1.0)
        self.chart.animate(*self.fills, self.cap_line)
        self.chart.animate(self.marker, self.dot, overlay=True)  # a new date moves only these
        # new y limits redraw only the y axis; the layout changes only when its labels get wider
        self.chart.layered(ax.yaxis, *ax.spines.values(), layout_key=self._tick_label_width)
        self._limits: tuple[float, float] | None = None
        self._shown: tuple[np.ndarray, ...] | None = None
        self.update(result)

    @property
    def png(self) -> bytes:
        return self.chart.png

    def _tick_label_width(self) -> float:
        """The width in pixels of the widest y tick label within the limits (what the layout needs)."""
        ax = self.ax
        lo, hi = ax.get_ylim()
        locs = [v for v in ax.yaxis.get_majorticklocs() if lo <= v <= hi]
        texts = ax.yaxis.get_major_formatter().format_ticks(locs)
        prop = ax.yaxis.get_major_ticks()[0].label1.get_fontproperties()
        renderer = self.chart.canvas.get_renderer()
        return max((renderer.get_text_width_height_descent(t, prop, ismath=False)[0] for t in texts), default=0.0)

    def _fit(self, xmax: float, ymax: float) -> None:
        """Keep the axes while the data stay inside and use more than `fastchart.SHRINK_BELOW` of
        them; otherwise a round top with headroom (`fastchart.fit_top`), its background cached."""
        from .fastchart import fit_top

        same_x = self._limits is not None and self._limits[0] == xmax
        top = fit_top(self._limits[1] if same_x else None, ymax)
        if top is None:
            return
        self.ax.set_xlim(0, xmax)
        self.ax.set_ylim(0, top)
        self._limits = (xmax, top)
        self.chart.invalidate(key=self._limits)

    def update(self, result: OverdueResult) -> bytes:
        cv = result.curve
        x = cv["days"]
        data = (x, cv["line"]) + tuple(cv[f"{k}_fen"] for k in PARTS)
        same = self._shown is not None and all(
            a.shape == b.shape and np.array_equal(a, b) for a, b in zip(data, self._shown, strict=True))
        self._shown = data
        self._place_marker(result, x)
        if same:
            return self.chart.render(data_changed=False)
        base = np.zeros(x.shape, dtype=float)
        for coll, key in zip(self.fills, PARTS, strict=True):
            top = base + cv[key]
            coll.set_data(x, base, top)
            base = top
        # the 24% level is drawn where something is owed; below 0 it is drawn at 0 (the text says more)
        self.cap_line.set_data(x, np.maximum(cv["line"], 0.0))
        self.cap_line.set_visible(bool(cv["total_fen"].max() > 0))
        self._fit(float(x[-1]), float(max(cv["total"].max(), cv["line"].max())))
        return self.chart.render()

    def _place_marker(self, result: OverdueResult, x: np.ndarray) -> None:
        day = min(max(result.day, 0), int(x[-1]))
        self.marker.set_xdata([day, day])
        self.dot.set_data([day], [float(result.charges.total)] if result.day >= 0 else [0.0])


# ------------------------------------------------------------------------------------------------
# View
# ------------------------------------------------------------------------------------------------


class OverdueView(FormView):
    """Form, table of parts, stacked chart; thin over `OverdueCalculator`."""

    def __init__(self, state: OverdueCalculator):
        super().__init__(state)
        w = self.w
        rows = loan_form(self)
        self.table = self.output("overdue-calc-table")
        self.total = self.output("overdue-calc-total")
        self.cap_note = self.output("overdue-calc-cap")
        self.image = self.chart_image("overdue-calc-chart", "350px")
        self.chart: OverdueChart | None = None
        chart_note = w.HTML(f"<div style='white-space:normal;line-height:1.5'><small>{esc(ui('calc.chart_note'))}"
                            f"<br>{esc(cite_refs(['spc_financial_trial_2017']))}</small></div>",
                            layout=w.Layout(max_width="940px"))
        self.cap_note.layout.max_width = "940px"
        self.widget = w.VBox([
            w.HTML(f"<h3>{esc(ui('calc.title'))}</h3>"),
            w.HTML(preset_note_html()),
            w.VBox(rows),
            self.form_message,
            w.HBox([w.VBox([self.total, self.table], layout=w.Layout(width="320px")), self.image],
                   layout=w.Layout(align_items="flex-start")),
            self.cap_note,
            chart_note,
        ])
        self.widget.add_class("overdue-calc")
        state.on_change(self.refresh)
        self.refresh()

    def show_state(self) -> None:
        self.inputs["accelerate_on"].disabled = not as_bool(self.state.accelerate)

    def show_no_result(self) -> None:
        self.total.value = ""
        self.table.value = f"<p>{esc(ui('calc.no_result'))}</p>"

    def show_result(self, r: OverdueResult) -> None:
        rows = "".join(
            f"<tr class='overdue-part-{k}'><td>{esc(label)}</td>"
            f"<td style='text-align:right;padding-left:16px' data-value='{v}'>{esc(yuan(v))}</td></tr>"
            for k, label, v in r.rows() if k != "total")
        total = r.charges.total
        rows += (f"<tr class='overdue-part-total' style='border-top:1px solid #888'><td><b>{esc(ui('calc.part.total'))}"
                 f"</b></td><td style='text-align:right;padding-left:16px' data-value='{total}'><b>{esc(yuan(total))}"
                 "</b></td></tr>")
        head = ui("calc.table_head", on=r.terms.on.isoformat(), days=max(r.day, 0))
        extra = ""
        if r.charges.not_due_principal:
            extra = f"<p><small>{esc(ui('calc.not_due', amount=yuan(r.charges.not_due_principal)))}</small></p>"
        if r.day <= 0:
            extra += f"<p><small>{esc(ui('calc.not_overdue_yet', due=r.terms.first_missed_due.isoformat()))}</small></p>"
        self.table.value = (f"<div style='white-space:normal;line-height:1.4'><p>{esc(head)}</p><table>{rows}</table>"
                            f"{extra}</div>")
        self.total.value = (f"<div style='font-size:120%'>{esc(ui('calc.total_label'))}"
                            f"<b><span class='overdue-calc-total-value' data-value='{total}'>{esc(yuan(total))}"
                            "</span></b></div>")
        self.cap_note.value = f"<div style='white-space:normal;line-height:1.5'>{esc(cap_text(r))}</div>"
        parts = "、".join(f"{label} {yuan(v)}" for k, label, v in r.rows() if k != "total")
        self.show_chart(OverdueChart, r, ui("calc.alt.overdue", on=r.terms.on.isoformat(), parts=parts, total=yuan(total)))


class OverdueCalculator(Shown, OverdueCalculatorState):
    """`overdue.forms.overdue_calculator.OverdueCalculator` with its view (``.view``, ``.widget``)."""

    def _make_view(self) -> OverdueView:
        return OverdueView(self)


__all__ = ["OverdueCalculator", "OverdueChart", "OverdueView"]
