"""The 协商还款申请 (request to negotiate a repayment plan): the draft, a plain state object.

`LetterDraft` holds what the learner typed (as text, the way a form gives it), validates it into
Chinese messages per field, builds the repayment schedule, and renders the letter as Markdown and as
a printable HTML page from the template in ``content/letters/negotiation_request.yaml``. It refuses
anything that looks like a real ID-card number (18 digits) or bank-card number (16-19 digits).
`overdue.widgets.letter.LetterWidget` is an ipywidgets form over a draft; `letter_form()` returns one ready to display.

    draft = LetterDraft.example()          # fictional data
    draft.errors()                          # {} when everything is fine, else {field: message}
    md_path, html_path = draft.save()       # into ./我的文件/ by default
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from .. import exports, inputs
from ..contentfiles import shipped
from ..exports import DEFAULT_FOLDER
from ..i18n import text, ui
from ..inputs import InputError
from ..loan import add_months
from ..privacy import refusal, sensitive_number

FEN = Decimal("0.01")
MAX_AMOUNT = Decimal("10000000")  # ten million yuan: beyond that a typo is more likely than a loan
MAX_PERIODS = 60
TEXT_LIMITS = {"name": 20, "lender": 40, "product": 20, "reason": 300, "contact": 60}
REQUEST_KEYS = ("breakdown", "plan", "reduce", "written", "credit")



@cache
def template() -> dict[str, Any]:
    return shipped("letters/negotiation_request.yaml")


def _money(value: Decimal) -> str:
    return f"{value.quantize(FEN, rounding=ROUND_HALF_UP):,}"


def _date_text(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


@dataclass
class LetterInstalment:
    number: int
    due: date
    amount: Decimal


@dataclass
class LetterDraft:
    """The letter's fields as the learner typed them. Amounts may be text, numbers or Decimals."""

    name: str = ""
    phone_tail: str = ""
    contact: str = ""
    lender: str = "深圳前海微众银行股份有限公司"
    product: str = "微粒贷"
    owed_date: date | None = None
    amount_owed: Any = ""
    reason: str = ""
    income: Any = ""
    essentials: Any = ""
    payment: Any = ""
    periods: Any = 12
    first_due: date | None = None
    letter_date: date | None = None
    requests: list[str] = field(default_factory=lambda: list(REQUEST_KEYS))

    # -- examples and filling from a plan ---------------------------------------------------
    @classmethod
    def example(cls) -> LetterDraft:
        """A fully filled draft with fictional data (the lessons' 陈晓梅)."""
        return cls(
            name="陈晓梅",
            phone_tail="0000",
            owed_date=date(2026, 7, 20),
            amount_owed="7352.50",
            reason="今年三月到五月失业，没有收入，没能按时还款。六月起已在新单位上班，收入稳定。",
            income="4600",
            essentials="3600",
            payment="700",
            periods=11,
            first_due=date(2026, 8, 15),
            letter_date=date(2026, 7, 21),
        )

    def fill_from_plan(self, *, payment: Any = None, periods: Any = None, amount_owed: Any = None,
                       income: Any = None, essentials: Any = None, first_due: date | None = None,
                       owed_date: date | None = None) -> LetterDraft:
        """Copy the figures of a plan the learner worked out (None leaves a field as it is)."""
        for name, value in (("payment", payment), ("periods", periods), ("amount_owed", amount_owed),
                            ("income", income), ("essentials", essentials), ("first_due", first_due),
                            ("owed_date", owed_date)):
            if value is not None:
                setattr(self, name, value)
        return self

    def fill_from_planner(self, planner: Any, max_periods: int = MAX_PERIODS) -> LetterDraft:
        """Copy the plan of a `PlanPlanner` (its last good result): the debt on its date, the
        budget, and a monthly payment of what the budget allows, over as many months as that takes
        (at most `max_periods`). Leaves the draft as it is when the planner has no result."""
        result = getattr(planner, "result", None)
        if result is None:
            return self
        total = result.debt.total
        capacity = result.afford.capacity
        income = getattr(planner, "monthly_income", None)
        try:
            essentials = Decimal(str(planner.essential_spending)) + Decimal(str(planner.other_debts or 0))
        except (AttributeError, InvalidOperation, ValueError):
            essentials = None
        self.fill_from_plan(amount_owed=total, income=income, essentials=essentials, owed_date=result.terms.on)
        if capacity > 0:
            periods = min(max_periods, int((total / capacity).to_integral_value(rounding=ROUND_CEILING)))
            self.fill_from_plan(payment=capacity, periods=periods)
        return self

    # -- keeping the draft across restarts (overdue.widgets.records) --------------------------
    def to_record(self) -> dict[str, Any]:
        """The draft as typed, as JSON data (dates as 2026-07-21)."""
        out: dict[str, Any] = {}
        for name in FORM_FIELDS:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else "" if value is None else str(value)
        out["requests"] = [k for k in REQUEST_KEYS if k in set(self.requests or [])]
        return out

    @classmethod
    def from_record(cls, data: Any) -> LetterDraft:
        """A draft from `to_record` data; what does not fit (a bad date, an unknown request) is left empty."""
        draft = cls()
        if not isinstance(data, dict):
            return draft
        for name in FORM_FIELDS:
            value = data.get(name)
            if name in DATE_FIELDS:
                try:
                    value = date.fromisoformat(str(value))
                except ValueError:
                    value = None
            elif not isinstance(value, str):
                continue
            setattr(draft, name, value)
        requests = data.get("requests")
        if isinstance(requests, list):
            draft.requests = [k for k in REQUEST_KEYS if k in requests]
        return draft

    # -- validation ---------------------------------------------------------------------------
    def _label(self, name: str) -> str:
        return ui(f"letter.{name}").split("（")[0]

    def _amount(self, name: str, errors: dict[str, str], *, required: bool, positive: bool = False
                ) -> Decimal | None:
        raw = getattr(self, name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                errors[name] = ui("letter.err.required", field=self._label(name))
            return None
        try:
            value = inputs.money(raw, name, positive=False, limit=MAX_AMOUNT)
        except InputError as exc:
            key = {"not_negative": "negative", "too_large": "too_big"}.get(exc.key, "number")
            errors[name] = ui(f"letter.err.{key}", field=self._label(name))
            return None
        if positive and value == 0:  # also 0.001 or 0.004, which are 0.00 yuan to the fen
            errors[name] = ui("letter.err.positive", field=self._label(name))
            return None
        return value

    def errors(self) -> dict[str, str]:
        """{field: Chinese message} for every problem; empty when the letter can be made."""
        errors: dict[str, str] = {}
        for name in (*TEXT_LIMITS, "phone_tail"):
            if not isinstance(getattr(self, name), str):  # a number or None typed in code, not text
                errors[name] = ui("common.not_text", field=self._label(name))
        for name, limit in TEXT_LIMITS.items():
            if name in errors:
                continue
            value = str(getattr(self, name) or "")
            refused = refusal(value, self._label(name))
            if refused:
                errors[name] = refused
            elif len(value) > limit:
                errors[name] = ui("letter.err.too_long", field=self._label(name), limit=limit)
        for name in ("name", "lender", "product", "reason"):
            if name not in errors and not str(getattr(self, name) or "").strip():
                errors[name] = ui("letter.err.required", field=self._label(name))
        tail = str(self.phone_tail or "").strip()
        refused = refusal(tail, self._label("phone_tail"))
        if "phone_tail" in errors:
            pass
        elif refused:
            errors["phone_tail"] = refused
        elif tail and not re.fullmatch(r"\d{4}", tail):
            errors["phone_tail"] = ui("letter.err.phone_tail")
        self._amount("amount_owed", errors, required=True, positive=True)
        self._amount("income", errors, required=False)
        self._amount("essentials", errors, required=False)
        self._amount("payment", errors, required=True, positive=True)
        try:
            inputs.whole(self.periods, "periods", 1, MAX_PERIODS)
        except InputError:
            errors["periods"] = ui("letter.err.periods")
        for name in ("owed_date", "first_due", "letter_date"):
            if not isinstance(getattr(self, name), date):
                errors[name] = ui("letter.err.date", field=self._label(name))
        if ("first_due" not in errors and "letter_date" not in errors
                and self.first_due < self.letter_date):
            errors["first_due"] = ui("letter.err.first_due_past")
        return errors

    def warnings(self) -> list[str]:
        """Advice that does not block saving: a payment above income minus essentials."""
        scratch: dict[str, str] = {}
        income = self._amount("income", scratch, required=False)
        essentials = self._amount("essentials", scratch, required=False)
        payment = self._amount("payment", scratch, required=False)
        if None not in (income, essentials, payment) and payment > income - essentials:
            return [ui("letter.err.payment_over")]
        return []

    # -- the plan -----------------------------------------------------------------------------
    def schedule(self) -> list[LetterInstalment]:
        """Up to `periods` equal instalments of `payment`, the last trimmed so the total never
        exceeds the amount owed. Raises ValueError (Chinese) when the draft has errors."""
        errors = self.errors()
        if errors:
            raise ValueError("；".join(errors.values()))
        owed = self._amount("amount_owed", {}, required=True)
        payment = self._amount("payment", {}, required=True)
        rows: list[LetterInstalment] = []
        left = owed
        for k in range(inputs.whole(self.periods, "periods", 1, MAX_PERIODS)):
            if left <= 0:
                break
            amount = min(payment, left)
            # every due date counted from the first (the engine's month arithmetic: Jan 31 -> Feb 28
            # -> Mar 31), so a short month never pulls the later dates earlier
            rows.append(LetterInstalment(k + 1, add_months(self.first_due, k), amount))
            left -= amount
        return rows

    def shortfall(self) -> Decimal:
        """How much less than the amount owed the plan pays in total (0 when it covers it)."""
        owed = self._amount("amount_owed", {}, required=True)
        return max(Decimal(0), owed - sum((r.amount for r in self.schedule()), Decimal(0)))

    # -- rendering ----------------------------------------------------------------------------
    def _values(self) -> dict[str, str]:
        empty = ui("letter.empty")
        scratch: dict[str, str] = {}
        rows = self.schedule()

        def money(name: str) -> str:
            v = self._amount(name, scratch, required=False)
            return _money(v) if v is not None else ""

        return {
            "name": self.name.strip(),
            "phone_tail": self.phone_tail.strip() or empty,
            "contact": (self.contact or "").strip(),
            "lender": self.lender.strip(),
            "product": self.product.strip(),
            "owed_date": _date_text(self.owed_date),
            "amount_owed": money("amount_owed"),
            "reason": self.reason.strip(),
            "income": money("income"),
            "essentials": money("essentials"),
            "payment": money("payment"),
            "periods": str(len(rows)),
            "total": _money(sum((r.amount for r in rows), Decimal(0))),
            "gap": _money(self.shortfall()),
            "letter_date": _date_text(self.letter_date),
        }

    def _blocks(self) -> list[tuple[str, Any]]:
        """The letter as (kind, content) blocks, plain text; both renderers walk this list."""
        t = template()
        v = self._values()
        blocks: list[tuple[str, Any]] = [("title", text(t["title"])), ("to", text(t["to"]).format(**v))]
        for key, para in t["paragraphs"].items():
            if key == "ability" and not (v["income"] and v["essentials"]):
                continue  # the learner chose not to state income and expenses
            blocks.append(("p", text(para).format(**v)))
        header = [text(t["schedule_columns"][c]) for c in ("number", "due", "amount")]
        body = [[str(r.number), _date_text(r.due), _money(r.amount)] for r in self.schedule()]
        body.append([ui("letter.schedule_total"), "", v["total"]])
        blocks.append(("h", text(t["schedule_heading"])))
        blocks.append(("table", (header, body)))
        if self.shortfall() > 0:
            blocks.append(("p", text(t["shortfall_note"]).format(**v)))
        chosen = [k for k in REQUEST_KEYS if k in set(self.requests or [])]
        if chosen:
            blocks.append(("h", text(t["requests_heading"])))
            blocks.append(("ol", [text(t["requests"][k]) for k in chosen]))
        blocks.append(("p", text(t["channel"]).format(**v)))
        blocks.append(("p", text(t["closing"])))
        blocks.append(("salute", [text(s) for s in t["salute"]]))
        sign = [text(t["signature"]).format(**v)]
        if v["contact"]:
            sign.append(text(t["contact"]).format(**v))
        sign.append(text(t["dated"]).format(**v))
        blocks.append(("sign", sign))
        blocks.append(("footer", text(t["footer"])))
        return blocks

    def to_markdown(self) -> str:
        """The letter in Markdown (content/templates/letter.md.j2): HTML and the characters of
        Markdown links and images in any text are escaped."""
        return exports.render("letter.md.j2", blocks=self._blocks()).rstrip() + "\n"

    def to_html(self) -> str:
        """A standalone, printable HTML page (content/templates/letter.html.j2); every piece of text
        is HTML-escaped."""
        blocks = self._blocks()
        title = next((content for kind, content in blocks if kind == "title"), "")
        css = (
            f"body{{font-family:{exports.PAGE_FONTS};"
            "max-width:46em;margin:2em auto;padding:0 1.5em;line-height:1.8;font-size:15pt;color:#000}"
            "h1{text-align:center;font-size:22pt;letter-spacing:.3em}h2{font-size:15pt;margin-top:1.2em}"
            "p{text-indent:2em;margin:.4em 0}p.to,p.salute2,.sign p,p.footer{text-indent:0}"
            "p.salute2{font-weight:bold}.sign{margin-top:2em;text-align:right}"
            "table{border-collapse:collapse;margin:.5em auto;min-width:60%}"
            "th,td{border:1px solid #444;padding:.2em .8em;text-align:center}"
            "p.footer{margin-top:3em;font-size:11pt;color:#333;border-top:1px solid #999;padding-top:.5em}"
            "@media print{body{margin:0;max-width:none;font-size:13pt}@page{size:A4;margin:2cm}}"
        )
        return exports.render("letter.html.j2", blocks=blocks, title=title, css=css)

    def save(self, folder: str | Path | None = None, *, stamp: datetime | None = None) -> tuple[Path, Path]:
        """Write the letter as .md and .html into `folder` (default ./我的文件/); returns both paths.

        Raises ValueError with Chinese messages when the draft has errors (nothing is written)."""
        errors = self.errors()
        if errors:
            raise ValueError("；".join(errors.values()))
        target = exports.ensure_folder(exports.folder_for(folder or None))
        stamp = stamp or datetime.now()
        stem = text(template()["title"])
        md_path = exports.write_text(exports.stamped_path(target, stem, "md", stamp), self.to_markdown())
        html_path = exports.write_text(exports.stamped_path(target, stem, "html", stamp), self.to_html())
        return md_path, html_path


# ------------------------------------------------------------------------------ fields and styles the widget uses
FORM_FIELDS = ("name", "phone_tail", "contact", "lender", "product", "owed_date", "amount_owed", "reason",
               "income", "essentials", "payment", "periods", "first_due", "letter_date")
DATE_FIELDS = ("owed_date", "first_due", "letter_date")
PREVIEW_CSS = (
    ".overdue-letter-preview table{border-collapse:collapse;margin:.5em 0}"
    ".overdue-letter-preview th,.overdue-letter-preview td{border:1px solid #444;padding:.1em .8em;text-align:center}"
    ".overdue-letter-preview h1{text-align:center}.overdue-letter-preview .sign{text-align:right}"
)

__all__ = ["LetterDraft", "LetterInstalment", "sensitive_number", "template", "DEFAULT_FOLDER"]
