"""核对催收金额 (lesson 03): how much of a collector's figure the contract explains.

    chk = CollectorFigureCheck(stated="12800")
    chk.result.explained, chk.result.unexplained     # Decimal yuan
    chk.result.questions                             # [(text, [ref ids]), ...] what to ask
    chk.widget   # with overdue.widgets.CollectorFigureCheck (the same state and its view)

The contract's figure is the engine's total on the date (`overdue.loan.charges_on`) for the loan
terms typed in (default: the example of content/presets.yaml). ``explained = min(stated, total)``,
``unexplained = stated - explained``; a stated figure below the total leaves ``below = total - stated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..i18n import ui, ui_strings
from ..loan import charges_on
from .base import Calculator, Reader, preset, read_money, yuan
from .terms import LOAN_INPUTS, LoanTerms, loan_defaults, read_loan_terms

# The questions to ask, in order: (UI key, when it applies). Text and refs live in
# content/ui/calculators.yaml under calc.check.q.<name> ({zh: ..., refs: [...]}).
QUESTIONS = (
    ("breakdown", "always"),
    ("unexplained", "unexplained"),
    ("not_due", "not_due"),
    ("below", "below"),
    ("verify_95384", "always"),
    ("official_channel", "always"),
    ("cap_24", "always"),
)


def question(name: str, **fmt: Any) -> tuple[str, list[str]]:
    """The text and reference ids of question `name` (calc.check.q.<name>)."""
    key = f"calc.check.q.{name}"
    refs = ui_strings()[key].get("refs") or []
    return ui(key, **fmt), [str(r) for r in refs]


@dataclass(frozen=True)
class CheckResult:
    """The split of a stated figure (yuan). ``contract_total``: the engine's total on the date;
    ``not_due``: principal not yet due (not in the total unless the loan was called in)."""

    terms: LoanTerms
    stated: Decimal
    contract_total: Decimal
    not_due: Decimal
    explained: Decimal
    unexplained: Decimal
    below: Decimal
    verdict: str
    questions: tuple[tuple[str, tuple[str, ...]], ...]


class CollectorFigureCheck(Calculator):
    """核对催收金额. Inputs: ``stated`` (the figure the collector said, text) and the loan inputs of
    `OverdueCalculator` (``on`` = the day the figure was stated). ``result``: `CheckResult`."""

    INPUTS = ("stated",) + LOAN_INPUTS

    def defaults(self) -> dict[str, Any]:
        d = loan_defaults()
        d["stated"] = str(preset("collector_check")["stated"])
        return d

    def _compute(self, read: Reader) -> CheckResult | None:
        stated = read(read_money, self.stated, "stated")
        terms = read_loan_terms(self, read)
        if terms is None or read.errors:
            return None
        ch = charges_on(terms.loan, terms.on, **terms.charge_args())
        total = ch.total
        explained = min(stated, total)
        unexplained = stated - explained
        below = total - explained
        fmt = {"stated": yuan(stated), "total": yuan(total), "explained": yuan(explained),
               "unexplained": yuan(unexplained), "below": yuan(below), "on": terms.on.isoformat(),
               "not_due": yuan(ch.not_due_principal)}
        if unexplained > 0:
            verdict = ui("calc.check.verdict_more", **fmt)
        elif below > 0:
            verdict = ui("calc.check.verdict_less", **fmt)
        else:
            verdict = ui("calc.check.verdict_same", **fmt)
        applies = {
            "always": True,
            "unexplained": unexplained > 0,
            "not_due": unexplained > 0 and ch.not_due_principal > 0,
            "below": below > 0,
        }
        questions = tuple((q[0], tuple(q[1])) for q in
                          (question(name, **fmt) for name, when in QUESTIONS if applies[when]))
        return CheckResult(terms, stated, total, ch.not_due_principal, explained, unexplained, below,
                           verdict, questions)


    def summary(self) -> str:
        """Plain text: the split and the questions (for print in notebooks)."""
        r = self.result
        if r is None:
            return ui("calc.no_result")
        lines = [r.verdict, ui("calc.check.questions_title")]
        lines += [f"{i}. {q}" for i, (q, _) in enumerate(r.questions, start=1)]
        return "\n".join(lines)

__all__ = ["CheckResult", "CollectorFigureCheck", "QUESTIONS", "question"]
