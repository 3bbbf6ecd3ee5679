"""The ipywidgets view of lesson 07: a fictional loan contract to read, a clause finder and a calculator fed by
the clauses.

The state (what is typed, checked and kept) lives in `overdue.forms.contract`, testable without a browser;
this module only shows it, and re-exports the names notebooks and tools import from here.
"""

from __future__ import annotations

import datetime as dt
import html

from .. import inputs
from ..forms.contract import (
    ContractSample as ContractSample,  # re-exported: notebooks and tools import it here
)
from ..forms.contract import (
    FindResult,
    money,
)
from ..i18n import ui
from ..loan import Charges, LoanInputError

# ------------------------------------------------------------------------------------------------
# Views
# ------------------------------------------------------------------------------------------------


class ClauseFinderView:
    """Pick a question, pick the clause that answers it, check. Keyboard: dropdowns and a button."""

    def __init__(self, contract: ContractSample | None = None):
        import ipywidgets as w

        self.contract = contract or ContractSample()
        c = self.contract
        style = {"description_width": "6em"}
        self.question = w.Dropdown(description=ui("contract.question"),
                                   options=[(q.prompt, q.id) for q in c.questions],
                                   layout=w.Layout(width="44em"), style=style)
        self.clause = w.Dropdown(description=ui("contract.clause"),
                                 options=[(ui("contract.choose"), "")] + [(cl.heading, cl.id) for cl in c.clauses],
                                 layout=w.Layout(width="30em"), style=style)
        self.button = w.Button(description=ui("contract.check"), button_style="primary")
        self.preview = w.HTML()
        self.result = w.HTML()
        self.result.add_class("overdue-contract-result")
        self.score: dict[str, bool] = {}
        self.button.on_click(lambda _b: self.check())
        self.clause.observe(lambda _c: self._show_clause(), names="value")
        self.question.observe(lambda _c: self._reset(), names="value")
        self.widget = w.VBox([self.question, w.HBox([self.clause, self.button]), self.preview, self.result])
        self.widget.add_class("overdue-clause-finder")

    def _show_clause(self) -> None:
        cid = self.clause.value
        self.preview.value = self.contract.clause_html(self.contract.clause(cid), plain=False) if cid else ""

    def _reset(self) -> None:
        self.clause.value = ""
        self.result.value = ""

    def check(self) -> FindResult:
        r = self.contract.find(self.question.value, self.clause.value or None)
        if self.clause.value:
            self.score[self.question.value] = self.score.get(self.question.value, False) or r.correct
        done = sum(1 for v in self.score.values() if v)
        tally = ui("contract.tally", right=done, total=len(self.contract.questions))
        self.result.value = (f"<div style='padding:4px 8px;border-left:4px solid "
                             f"{'#009E73' if r.correct else '#D55E00'}'><b>{html.escape(str(r))}</b>"
                             f"<br>{html.escape(tally)}</div>")
        return r


class ContractCalculatorView:
    """Compute what is owed from clauses 5-7: instalments paid, the date, whether clause 7 is used."""

    def __init__(self, contract: ContractSample | None = None, on: dt.date | None = None, paid_through: int = 4):
        import ipywidgets as w

        self.contract = contract or ContractSample()
        style = {"description_width": "10em"}
        self.paid = w.Text(value=str(paid_through), description=ui("contract.paid_through"), style=style)
        self.on = w.Text(value=(on or dt.date.today()).isoformat(), description=ui("contract.on"), style=style)
        self.accelerate = w.Checkbox(value=False, description=ui("contract.use_clause7"), indent=False,
                                     layout=w.Layout(width="44em"))
        self.button = w.Button(description=ui("contract.compute"), button_style="primary")
        self.message = w.HTML()
        self.message.add_class("overdue-contract-message")
        self.table = w.HTML()
        self.last: Charges | None = None
        self.button.on_click(lambda _b: self.update())
        self.widget = w.VBox([self.paid, self.on, self.accelerate, self.button, self.message, self.table])
        self.widget.add_class("overdue-contract-calculator")
        self.update()

    def _parse_date(self, value: str) -> dt.date:
        return inputs.day(value, "on", field_label=ui("contract.on"))

    def update(self) -> bool:
        """Recompute; on bad input show a Chinese message and keep the last good table."""
        try:
            on = self._parse_date(self.on.value)
            charges = self.contract.charges(on=on, paid_through=self.paid.value.strip(),
                                            accelerate=self.accelerate.value)
        except LoanInputError as exc:
            self.message.value = (f"<span style='color:#D55E00'>✘ {html.escape(exc.message)}</span> "
                                  f"{html.escape(ui('common.kept_last')) if self.last else ''}")
            return False
        self.last = charges
        self.message.value = ""
        self.table.value = self.render(charges)
        return True

    def render(self, charges: Charges) -> str:
        esc = html.escape
        cell = "style='padding:2px 12px'"
        right = "style='padding:2px 12px;text-align:right'"
        rows = "".join(
            f"<tr><td {cell}>{esc(p.label)}</td><td {right}>{esc(money(p.amount))}</td>"
            f"<td {cell}>{esc(ui('contract.from_clause', n=p.clause))}</td></tr>"
            for p in self.contract.breakdown(charges)
        )
        total = (f"<tr><th {cell}>{esc(ui('contract.part_total'))}</th><th {right}>"
                 f"{esc(money(charges.total))}</th><th></th></tr>")
        note = ui("contract.days_note", days=charges.days_overdue, not_due=money(charges.not_due_principal))
        return (f"<table class='overdue-contract-table'><tr><th>{esc(ui('contract.col_part'))}</th>"
                f"<th>{esc(ui('contract.col_amount'))}</th><th>{esc(ui('contract.col_clause'))}</th></tr>"
                f"{rows}{total}</table><p>{esc(note)}</p>")


def show_contract():
    """The whole teaching contract, rendered (HTML in a notebook)."""
    return ContractSample()


def show_clause_finder():
    return ClauseFinderView().widget


def show_contract_calculator(on: dt.date | None = None, paid_through: int = 4):
    return ContractCalculatorView(on=on, paid_through=paid_through).widget
