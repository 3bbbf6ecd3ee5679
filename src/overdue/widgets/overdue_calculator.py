"""逾期费用计算器 (lesson 03): what is owed on a date, part by part, and how it grows by day.

    calc = OverdueCalculator()                 # the example loan of content/presets.yaml
    calc.principal = "20000"; calc.compute()   # or calc.set(principal="20000")
    calc.result.charges.total                  # Decimal, the engine's figure to the fen
    calc.errors                                # {} or {"principal": "本金必须是数字，例如 1234.56"}
    calc.widget                                # the ipywidgets view (table + stacked chart)

The table comes from `overdue.loan.charges_on` (Decimal), the chart from `overdue.loan.owed_by_day`
(numpy, the same figures to the fen). The chart's dashed line is what the charges would come to at
24% a year simple interest (the comparison of `overdue.loan.cap_check`, day by day): above it, a
borrower who is sued may ASK the court to reduce the charges (法发〔2017〕22号 第二条); it is not a
legal maximum and voids nothing by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from ..i18n import ui
from ..loan import METHODS, CapCheck, Charges, Loan, cap_check, charges_on, owed_by_day
from .fields import (
    FORM,
    Calculator,
    FormView,
    Reader,
    as_bool,
    cite_refs,
    esc,
    field_label,
    percent,
    preset,
    preset_refs,
    preset_text,
    rate_text,
    read_bool,
    read_daily_rate,
    read_date,
    read_method,
    read_money,
    read_multiplier,
    read_whole,
    yuan,
)

CAP = Decimal("0.24")
PARTS = ("principal", "interest", "penalty", "compound")
MAX_HORIZON = 3650


def loan_defaults() -> dict[str, Any]:
    """The loan inputs of the example (content/presets.yaml ``overdue`` + ``calculator``)."""
    p = preset("overdue")
    c = preset("calculator")
    try:
        rate = rate_text(Decimal(str(p["daily_rate"])))
    except Exception:
        rate = str(p["daily_rate"])
    return {
        "principal": str(p["principal"]),
        "daily_rate": rate,
        "periods": str(p["periods"]),
        "method": str(p["method"]),
        "start": str(p["start"]),
        "paid_through": str(p["paid_through"]),
        "on": str(c["on"]),
        "penalty_multiplier": str(p["penalty_multiplier"]),
        "compound": bool(p["compound"]),
        "accelerate": bool(c["accelerate"]),
        "accelerate_on": str(c["accelerate_on"]),
    }


LOAN_INPUTS = ("principal", "daily_rate", "periods", "method", "start", "paid_through", "on",
               "penalty_multiplier", "compound", "accelerate", "accelerate_on")


@dataclass(frozen=True)
class LoanTerms:
    """Checked loan inputs: the `Loan` and the options of `charges_on`."""

    loan: Loan
    on: date
    paid_through: int
    penalty_multiplier: Decimal
    compound: bool
    accelerate_on: date | None

    def charge_args(self) -> dict[str, Any]:
        return {"paid_through": self.paid_through, "penalty_multiplier": self.penalty_multiplier,
                "compound": self.compound, "accelerate_on": self.accelerate_on}

    @property
    def first_missed_due(self) -> date:
        """The due date the chart's days count from (as `owed_by_day` does)."""
        return self.loan.due_dates[min(self.paid_through, self.loan.periods - 1)]


def read_loan_terms(state: Any, read: Reader) -> LoanTerms | None:
    """Read the loan inputs of `state` (attributes named as in ``LOAN_INPUTS``); None on errors."""
    principal = read(read_money, state.principal, "principal")
    rate = read(read_daily_rate, state.daily_rate, "daily_rate")
    periods = read(read_whole, state.periods, "periods", 1, 360)
    method = read(read_method, state.method, "method")
    start = read(read_date, state.start, "start")
    on = read(read_date, state.on, "on")
    paid = read(read_whole, state.paid_through, "paid_through", 0, periods if periods is not None else 360)
    mult = read(read_multiplier, state.penalty_multiplier, "penalty_multiplier")
    accelerate = read(read_bool, state.accelerate, "accelerate")
    compound = read(read_bool, state.compound, "compound")
    acc_on = read(read_date, state.accelerate_on, "accelerate_on") if accelerate else None
    if read.errors:
        return None
    if on < start:
        read.fail("on", ui("engine.err.before_start", field=ui("engine.field.on"), start=start.isoformat()))
    if accelerate and acc_on < start:
        read.fail("accelerate_on", ui("engine.err.before_start", field=ui("engine.field.accelerate_on"),
                                      start=start.isoformat()))
    if read.errors:
        return None
    loan = Loan(principal=principal, daily_rate=rate, periods=periods, method=method, start=start)
    return LoanTerms(loan, on, paid, mult, compound, acc_on)


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

    def _make_view(self) -> OverdueView:
        return OverdueView(self)

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


def method_options() -> list[tuple[str, str]]:
    return [(ui(f"engine.method.{m}"), m) for m in METHODS]


def loan_form(view: FormView) -> list[Any]:
    """The loan-term rows shared by the calculators' forms."""
    v = view
    v.text_field("principal", "10000")
    v.text_field("daily_rate", "0.05%")
    v.text_field("periods", "10")
    v.dropdown_field("method", method_options())
    v.date_field("start")
    v.text_field("paid_through", "1")
    v.date_field("on")
    v.text_field("penalty_multiplier", "1.5")
    v.checkbox_field("compound", ui("calc.compound_label"))
    v.checkbox_field("accelerate", ui("calc.accelerate_label"))
    v.date_field("accelerate_on")
    # beside its checkbox: a short label of its own, so that the date field has a name
    v.inputs["accelerate_on"].description = field_label("accelerate_on")
    v.inputs["accelerate_on"].style.description_width = "initial"
    v.inputs["accelerate_on"].layout.width = "auto"
    return [
        v.row("principal", ui("calc.field.principal_yuan")),
        v.row("daily_rate", hint=ui("calc.hint.daily_rate")),
        v.row("periods"),
        v.row("method"),
        v.row("start"),
        v.row("paid_through", hint=ui("calc.hint.paid_through")),
        v.row("on"),
        v.row("penalty_multiplier", hint=ui("calc.hint.penalty_multiplier")),
        v.w.HBox([v.inputs["compound"], v.messages["compound"]]),
        v.w.HBox([v.inputs["accelerate"], v.inputs["accelerate_on"], v.messages["accelerate_on"],
                  v.messages["accelerate"]], layout=v.w.Layout(align_items="center")),
    ]


def loan_terms(view: FormView, title: str) -> Any:
    """The example note and the loan-term rows, collapsed under `title` (opened by the learner)."""
    w = view.w
    terms = w.Accordion(children=[w.VBox([w.HTML(preset_note_html())] + loan_form(view))])
    terms.set_title(0, title)
    terms.selected_index = None
    return terms


def preset_note_html() -> str:
    label = preset_text("label")
    note = preset_text("note")
    refs = cite_refs(preset_refs())
    return (f"<div class='overdue-calc-preset' style='background:#FFF8E1;padding:6px 10px;border-radius:4px'>"
            f"<b>{esc(label)}</b>：{esc(note)}<br><small>{esc(refs)}</small></div>")


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


__all__ = ["FORM", "OverdueCalculator", "OverdueResult", "OverdueChart", "LoanTerms", "cap_curve",
           "read_loan_terms", "loan_defaults"]
