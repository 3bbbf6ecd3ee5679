"""The timeline explorer of lesson 01: days overdue -> the stage people commonly meet, and the cost.

State (`Timeline`) is plain Python, testable without a browser; `overdue.widgets.timeline.TimelineView` is a thin ipywidgets
view over it. The stages come from ``content/collection_stages.yaml`` (common practice, not law;
the day marks are illustrative), the money from the engine (`overdue.loan.owed_by_day`) with the
example loan ("常见报道的示例参数", see `example_loan`).

    t = Timeline()
    t.set_days("45")          # -> None when accepted, else a Chinese message (the last good day is kept)
    t.stage().id              # 'letters'
    t.cost()                  # Cost(days=45, principal=..., interest=..., penalty=..., compound=..., total=...)
    print(t.summary())        # plain text, for the cells nbval checks
    TimelineView().widget     # slider + text box + stage card + chart
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..contentfiles import ContentError, shipped
from ..i18n import text, ui
from ..loan import Loan, LoanInputError, check_flag, check_multiplier, check_whole, owed_by_day
from .base import preset

STAGES_FILE = "collection_stages.yaml"
MAX_DAYS = 360  # the explorer's range: about a year overdue

# The keys of the example loan in content/presets.yaml (``overdue``), its only source.
EXAMPLE_KEYS = ("principal", "daily_rate", "periods", "method", "start", "paid_through", "penalty_multiplier",
                "compound")


@dataclass(frozen=True)
class Stage:
    """One stage of the illustration; `from_day` None = not reached by days (only after a judgment)."""

    id: str
    from_day: int | None
    name: str
    short: str
    what: str
    means: str
    not_means: str
    todo: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Cost:
    """What is overdue after `days` days (yuan, exact to the fen, from the engine)."""

    days: int
    principal: Decimal
    interest: Decimal
    penalty: Decimal
    compound: Decimal
    total: Decimal

    @property
    def extra(self) -> Decimal:
        """The part that exists only because of the delay: penalty + compound interest."""
        return self.penalty + self.compound


def load_stages() -> tuple[list[Stage], str, str]:
    """The stages (ordered by from_day, day-less ones last), the 'not law' note and the 'not by days' note."""
    data = shipped(STAGES_FILE) or {}
    try:
        stages = [
            Stage(
                id=s["id"],
                from_day=None if s.get("from_day") is None else int(s["from_day"]),
                name=text(s["name"]),
                short=text(s.get("short")) or text(s["name"]),
                what=text(s["what"]),
                means=text(s["means"]),
                not_means=text(s["not_means"]),
                todo=text(s["todo"]),
                refs=tuple(s.get("refs") or ()),
            )
            for s in data["stages"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(f"{STAGES_FILE}: 阶段数据不完整（{exc}）") from exc
    stages.sort(key=lambda s: (s.from_day is None, s.from_day or 0))
    return stages, text(data.get("note")), text(data.get("not_by_days"))


def example_parameters() -> dict[str, Any]:
    """The example loan's parameters: content/presets.yaml's ``overdue`` entry."""
    return {k: v for k, v in preset("overdue").items() if k in EXAMPLE_KEYS}


def example_loan(**overrides: Any) -> tuple[Loan, dict[str, Any]]:
    """The example Loan and the charge options (paid_through, penalty_multiplier, compound)."""
    p = example_parameters()
    p.update(overrides)
    loan = Loan(principal=p["principal"], daily_rate=p["daily_rate"], periods=p["periods"], method=p["method"],
                start=p["start"])
    options = {
        "paid_through": check_whole(p["paid_through"], "paid_through", 0, loan.periods),
        "penalty_multiplier": check_multiplier(p["penalty_multiplier"]),
        "compound": check_flag(p["compound"], "compound"),
    }
    return loan, options


def _yuan(d: Decimal) -> str:
    return f"{d:,.2f}"


class Timeline:
    """Days overdue -> stage and cost. All figures for 0..max_days are computed once (vectorised)."""

    def __init__(self, days: int = 45, max_days: int = MAX_DAYS, **loan_overrides: Any):
        self.loan, self.options = example_loan(**loan_overrides)
        self.max_days = int(max_days)
        self.stages, self.note, self.not_by_days = load_stages()
        self.table = owed_by_day(self.loan, days=_arange(self.max_days + 1), **self.options)
        self.error: str | None = None
        self.days = 0
        problem = self.set_days(days)
        if problem:
            raise LoanInputError("days", problem)

    # -- input ------------------------------------------------------------------------------
    def set_days(self, value: Any) -> str | None:
        """Accept a day count (int or text). Returns None, or a Chinese message (the last good day is kept)."""
        try:
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, str):
                value = value.strip().rstrip("天").strip()
            number = Decimal(str(value))
            if not number.is_finite() or number != number.to_integral_value():
                raise ValueError
            days = int(number)
        except (ValueError, ArithmeticError):
            self.error = ui("timeline.bad_days", max=self.max_days)
            return self.error
        if not 0 <= days <= self.max_days:
            self.error = ui("timeline.bad_days", max=self.max_days)
            return self.error
        self.days = days
        self.error = None
        return None

    # -- results ----------------------------------------------------------------------------
    def stage(self, days: int | None = None) -> Stage | None:
        """The stage the illustration shows at `days` (None before day 1)."""
        d = self.days if days is None else days
        current = None
        for s in self.stages:
            if s.from_day is not None and s.from_day <= d:
                current = s
        return current

    def cost(self, days: int | None = None) -> Cost:
        d = self.days if days is None else days
        parts = {k: (Decimal(int(self.table[f"{k}_fen"][d])) / 100).quantize(Decimal("0.01"))
                 for k in ("principal", "interest", "penalty", "compound", "total")}
        return Cost(days=d, **parts)

    def summary(self) -> str:
        """Plain Chinese text: the stage and the cost on the current day (for print)."""
        s = self.stage()
        c = self.cost()
        lines = [ui("timeline.summary_day", days=self.days)]
        lines.append(ui("timeline.summary_stage", stage=s.name if s else ui("timeline.no_stage")))
        lines.append(ui("timeline.summary_cost", principal=_yuan(c.principal), interest=_yuan(c.interest),
                        penalty=_yuan(c.penalty), compound=_yuan(c.compound), total=_yuan(c.total)))
        lines.append(ui("timeline.summary_extra", extra=_yuan(c.extra)))
        return "\n".join(lines)

    def loan_text(self) -> str:
        p = self.loan
        return ui("timeline.loan", principal=_yuan(p.principal), rate=f"{p.daily_rate * 100:.3f}".rstrip("0").rstrip("."),
                  periods=p.periods, method=p.method_label() if callable(getattr(p, "method_label", None))
                  else p.method, paid=self.options["paid_through"],
                  mult=self.options["penalty_multiplier"],
                  compound=ui("timeline.compound_on") if self.options["compound"] else ui("timeline.compound_off"))

    def card_html(self) -> str:
        """The stage card and cost table, every piece escaped."""
        from ..quiz import references

        esc = html.escape
        s = self.stage()
        c = self.cost()
        rows = [
            (ui("timeline.part_principal"), c.principal),
            (ui("timeline.part_interest"), c.interest),
            (ui("timeline.part_penalty"), c.penalty),
            (ui("timeline.part_compound"), c.compound),
        ]
        table = "".join(f"<tr><td>{esc(label)}</td><td style='text-align:right'>¥{_yuan(v)}</td></tr>"
                        for label, v in rows)
        table += (f"<tr><td><b>{esc(ui('timeline.part_total'))}</b></td>"
                  f"<td style='text-align:right'><b>¥{_yuan(c.total)}</b></td></tr>")
        parts = [f"<div class='overdue-timeline-card'><h4>{esc(ui('timeline.day_title', days=self.days))}</h4>"]
        if s is None:
            parts.append(f"<p>{esc(ui('timeline.no_stage_long'))}</p>")
        else:
            parts.append(f"<p><b>{esc(ui('timeline.stage_label'))}</b>{esc(s.name)}</p>")
            for key, body in (("what", s.what), ("means", s.means), ("not_means", s.not_means), ("todo", s.todo)):
                parts.append(f"<p><b>{esc(ui('timeline.' + key))}</b>{esc(body)}</p>")
        parts.append(f"<p><b>{esc(ui('timeline.cost_title'))}</b></p><table>{table}</table>")
        parts.append(f"<p>{esc(ui('timeline.summary_extra', extra=_yuan(c.extra)))}</p>")
        parts.append(f"<p><i>{esc(self.note)}</i></p><p><i>{esc(self.not_by_days)}</i></p>")
        if s is not None and s.refs:
            parts.append(references.render_html(s.refs))
        parts.append("</div>")
        return "".join(parts)

    def later_stage(self) -> Stage:
        """The stage that is never reached by days alone (enforcement)."""
        return next(s for s in self.stages if s.from_day is None)


def _arange(n: int):
    import numpy as np

    return np.arange(n)
