"""Lesson 07: a fictional loan contract to read, a clause finder and a calculator fed by the clauses.

The contract (``content/contract_sample.yaml``) is a teaching sample from the fictional lender
示例银行. Its clauses carry their parameters as data (``params``); `ContractSample.loan` builds an
`overdue.loan.Loan` from them and `ContractSample.charges` calls `overdue.loan.charges_on` with the
penalty multiplier (clause 5), compound interest (clause 6) and acceleration (clause 7) the clauses
state. State is plain Python; the views (overdue.widgets.contract) are thin ipywidgets layers over it.

    c = ContractSample()
    c.find("q_daily_extra", "c5")            # FindResult(correct=True, message=...)
    c.charges(on=date(2026, 11, 29), paid_through=4, accelerate=True)
    show_clause_finder(); show_contract_calculator()
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..contentfiles import ContentError, content_dir, read_yaml
from ..i18n import text, ui
from ..loan import Charges, Loan, annual_rate_simple, charges_on

FILE = "contract_sample.yaml"


@dataclass(frozen=True)
class Clause:
    id: str
    number: int
    title: str
    text: str
    plain: str
    params: tuple[str, ...]
    refs: tuple[str, ...]

    @property
    def lines(self) -> list[str]:
        """The clause's sub-clauses (1.1, 1.2 ...), one per line of the YAML text."""
        return [s.strip() for s in self.text.strip().splitlines() if s.strip()]

    @property
    def heading(self) -> str:
        return ui("contract.clause_heading", n=self.number, title=self.title)


@dataclass(frozen=True)
class ClauseQuestion:
    id: str
    prompt: str
    answer: str
    why: str


@dataclass(frozen=True)
class FindResult:
    """Whether the clause chosen answers the question, with a Chinese message."""

    correct: bool
    message: str

    def __str__(self) -> str:
        return f"{'✔' if self.correct else '✘'} {self.message}"


@dataclass(frozen=True)
class Part:
    """One line of a breakdown: what it is, how much, and which clause it comes from."""

    label: str
    amount: Decimal
    clause: int


class ContractSample:
    """The teaching contract: clauses, the questions of the clause finder, and the loan they define."""

    def __init__(self, data: Mapping[str, Any] | None = None):
        if data is None:
            data = read_yaml(content_dir() / FILE)
        try:
            self.title = text(data["title"])
            self.notice = text(data["notice"])
            self.lender = text(data["lender"])
            self.borrower = text(data["borrower"])
            p = data["params"]
            self.params = {
                "principal": Decimal(str(p["principal"])),
                "daily_rate": Decimal(str(p["daily_rate"])),
                "annual_rate_shown": Decimal(str(p["annual_rate_shown"])),
                "periods": int(p["periods"]),
                "method": str(p["method"]),
                "start": p["start"],
                "penalty_multiplier": Decimal(str(p["penalty_multiplier"])),
                "compound": bool(p["compound"]),
                "accelerate_after_days": int(p["accelerate_after_days"]),
            }
            self.clauses = [
                Clause(c["id"], int(c["number"]), text(c["title"]), text(c["text"]), text(c["plain"]),
                       tuple(c.get("params") or ()), tuple(c.get("refs") or ()))
                for c in data["clauses"]
            ]
            self.questions = [
                ClauseQuestion(q["id"], text(q["prompt"]), q["answer"], text(q["why"])) for q in data["questions"]
            ]
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise ContentError(f"{FILE}: 内容不完整或格式不对（{exc}）") from exc
        ids = {c.id for c in self.clauses}
        for q in self.questions:
            if q.answer not in ids:
                raise ContentError(f"{FILE}: 问题 {q.id} 的答案 {q.answer} 不是任何条款")
        # The engine checks the parameters (a bad value raises LoanInputError with a Chinese message).
        self.loan = Loan(principal=self.params["principal"], daily_rate=self.params["daily_rate"],
                         periods=self.params["periods"], method=self.params["method"], start=self.params["start"])

    # -- look-ups ---------------------------------------------------------------------------------
    def clause(self, key: str | int) -> Clause:
        for c in self.clauses:
            if c.id == key or c.number == key:
                return c
        raise KeyError(key)

    def question(self, question_id: str) -> ClauseQuestion:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def clause_for_param(self, param: str) -> Clause:
        for c in self.clauses:
            if param in c.params:
                return c
        raise KeyError(param)

    # -- the clause finder ------------------------------------------------------------------------
    def find(self, question_id: str, clause_id: str | None) -> FindResult:
        """Judge the learner's choice of clause for a question (never raises for a learner's choice)."""
        q = self.question(question_id)
        if not clause_id:
            return FindResult(False, ui("common.not_answered"))
        try:
            chosen = self.clause(clause_id)
        except KeyError:
            return FindResult(False, ui("contract.no_such_clause"))
        right = self.clause(q.answer)
        if chosen.id == right.id:
            return FindResult(True, ui("contract.find_right", heading=right.heading, why=q.why))
        return FindResult(False, ui("contract.find_wrong", heading=chosen.heading, plain=chosen.plain))

    # -- computing from the clauses ---------------------------------------------------------------
    @property
    def annual_rate_simple(self) -> Decimal:
        """Clause 2's daily rate x 365 (the engine's simple annual rate)."""
        return annual_rate_simple(self.params["daily_rate"])

    @property
    def annual_rate_irr(self) -> Decimal:
        """The IRR-based annual rate of the schedule clause 3 defines, paid on time."""
        return self.loan.annual_rate_irr()

    def acceleration_date(self, paid_through: int) -> dt.date | None:
        """The first day clause 7 lets the lender call in the loan: the first unpaid instalment's due
        date plus (accelerate_after_days + 1) days ("逾期超过 90 天" = on the 91st day). None if all
        instalments are paid."""
        dues = self.loan.due_dates
        if not 0 <= int(paid_through) < len(dues):
            return None
        return dues[int(paid_through)] + dt.timedelta(days=self.params["accelerate_after_days"] + 1)

    def charges(self, on: Any, paid_through: Any, accelerate: bool = False) -> Charges:
        """What is overdue on ``on`` under clauses 5-7 (engine figures). With ``accelerate``, the lender
        is taken to call in the loan on the first day clause 7 allows (only if that day is before
        ``on``). Bad input raises LoanInputError (Chinese message)."""
        acc = None
        if accelerate:
            try:
                pt = int(paid_through)
            except (TypeError, ValueError):
                pt = -1
            acc = self.acceleration_date(pt) if pt >= 0 else None
        return charges_on(self.loan, on=on, paid_through=paid_through,
                          penalty_multiplier=self.params["penalty_multiplier"],
                          compound=self.params["compound"], accelerate_on=acc)

    def breakdown(self, charges: Charges) -> list[Part]:
        """The parts of `charges`, each with the clause it comes from."""
        return [
            Part(ui("contract.part_principal"), charges.principal, self.clause_for_param("principal").number),
            Part(ui("contract.part_interest"), charges.interest, self.clause_for_param("daily_rate").number),
            Part(ui("contract.part_penalty"), charges.penalty, self.clause_for_param("penalty_multiplier").number),
            Part(ui("contract.part_compound"), charges.compound, self.clause_for_param("compound").number),
        ]

    def daily_cost(self, instalment: int = 1) -> tuple[Decimal, Decimal]:
        """(normal interest per day, penalty interest per day) on one instalment's principal, from the
        engine: the instalment overdue by one day, with and without clause 5's multiplier."""
        n = int(instalment)
        due = self.loan.due_dates[n - 1]
        day_after = due + dt.timedelta(days=1)
        with_penalty = charges_on(self.loan, on=day_after, paid_through=n - 1,
                                  penalty_multiplier=self.params["penalty_multiplier"], compound=False)
        normal = charges_on(self.loan, on=day_after, paid_through=n - 1, penalty_multiplier=Decimal("1"),
                            compound=False)
        return normal.items[0].penalty, with_penalty.items[0].penalty

    # -- showing the contract ---------------------------------------------------------------------
    def as_text(self) -> str:
        """The whole contract as plain text (for print())."""
        out = [self.title, self.notice, ""]
        for c in self.clauses:
            out.append(c.heading)
            out += ["  " + line for line in c.lines]
        return "\n".join(out)

    def clause_html(self, clause: Clause, plain: bool = True) -> str:
        esc = html.escape
        body = "".join(f"<p style='margin:2px 0'>{esc(line)}</p>" for line in clause.lines)
        extra = (f"<p style='margin:4px 0;color:#333'><b>{esc(ui('contract.plain'))}</b>{esc(clause.plain)}</p>"
                 if plain else "")
        return (f"<div class='overdue-clause' style='border:1px solid #bbb;padding:6px 10px;margin:4px 0'>"
                f"<b>{esc(clause.heading)}</b>{body}{extra}</div>")

    def to_html(self) -> str:
        esc = html.escape
        head = (f"<h3>{esc(self.title)}</h3><p style='border:2px dashed #D55E00;padding:6px'>"
                f"<b>{esc(ui('contract.sample_badge'))}</b> {esc(self.notice)}</p>")
        return "<div class='overdue-contract'>" + head + "".join(self.clause_html(c, False) for c in self.clauses) + "</div>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.as_text()


def money(value: Decimal) -> str:
    return f"{value:,.2f}"
