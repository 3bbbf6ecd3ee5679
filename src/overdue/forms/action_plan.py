"""Lesson 09: a personal action plan the learner fills in and exports (Markdown + printable HTML).

The plan holds: what I owe and how I checked it, what I can pay each month (income - essential
spending - an emergency reserve), whom I call for what (a fixed directory from content/ui), my
contact log, and my next steps. `ActionPlan` is the plain state (testable without a browser);
`overdue.widgets.action_plan.ActionPlanView` is a thin ipywidgets form over it.

Bad input gives a Chinese message per field (`ActionPlan.errors()`); anything that looks like a real
18-digit ID-card number or a 16-19 digit bank-card number is refused, both in the form and at export.
Everything written to HTML is escaped; Markdown output escapes HTML and table pipes.

    plan = ActionPlan.example()        # a fictional sample (小何)
    plan.affordable()                  # Decimal, or None while a field is missing/bad
    md, page = plan.save()             # -> paths under ./我的文件/ (or `folder`)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import exports, inputs
from ..exports import DEFAULT_FOLDER as DEFAULT_FOLDER  # re-exported: the folder's name, as before
from ..i18n import ui
from ..inputs import InputError
from ..manifest import course
from ..privacy import refusal

FILE_STEM = "我的行动计划"
MAX_AMOUNT = Decimal("10000000")
TEXT_LIMITS = {"nickname": 20, "lender": 40, "owed_how": 300, "next_steps": 500,
               "log_who": 60, "log_what": 300, "log_result": 200}
MONEY_FIELDS = ("owed", "income", "essentials", "reserve", "offer")
TEXT_FIELDS = ("nickname", "lender", "owed_how", "next_steps")
#: The directory of numbers (short public service numbers, never personal ones), in display order.
CALLS = ("95384", "12378", "12363", "96110", "12348", "110", "120", "12356")
MAX_LOG = 200
HTML_CSS = (
    f"body{{font-family:{exports.PAGE_FONTS};margin:2em;color:#111;"
    "max-width:50em}table{border-collapse:collapse;width:100%;margin-bottom:1em}th,td{border:1px solid #444;"
    "padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee;width:14em}.note{color:#333}"
    ".care{border:1px solid #0072B2;padding:6px}@media print{body{margin:1cm}}"
)


PlanInputError = InputError  # the one input error type (overdue.inputs): field + Chinese message


@dataclass(frozen=True)
class LogRow:
    day: dt.date
    who: str
    what: str
    result: str


def label(name: str) -> str:
    return ui(f"action_plan.field.{name}")


def parse_money(value: Any, name: str) -> Decimal | None:
    """A non-negative amount of yuan from text ('1,234.5', '¥800', '800元'); '' -> None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return inputs.money(value, name, positive=False, limit=MAX_AMOUNT)
    except InputError as exc:
        key = {"not_negative": "negative", "too_large": "too_large"}.get(exc.key, "number")
        raise PlanInputError(name, ui(f"action_plan.err.{key}", field=label(name)), key) from None


def check_text(value: Any, name: str) -> str:
    s = "" if value is None else str(value).strip()
    limit = TEXT_LIMITS[name]
    if len(s) > limit:
        raise PlanInputError(name, ui("action_plan.err.too_long", field=label(name), limit=limit))
    refused = refusal(s, label(name))
    if refused:
        raise PlanInputError(name, refused)
    return s


def parse_day(value: Any) -> dt.date:
    """A date of the log (2026-11-03, 2026/11/3, 2026年11月3日); else PlanInputError."""
    try:
        return inputs.day(value, "log_day")
    except InputError:
        raise PlanInputError("log_day", ui("action_plan.err.date", field=label("log_day")), "date") from None


EXAMPLE_ON = dt.date(2026, 11, 29)
EXAMPLE_PAID_THROUGH = 4


def _example_owed() -> Decimal:
    """The sample's amount owed: lesson 07's teaching contract, 4 instalments paid, on EXAMPLE_ON
    (computed by the engine, never typed)."""
    from .contract import ContractSample

    return ContractSample().charges(on=EXAMPLE_ON, paid_through=EXAMPLE_PAID_THROUGH).total


def money(d: Decimal | None) -> str:
    return ui("action_plan.blank") if d is None else f"{d:,.2f} 元"


@dataclass
class ActionPlan:
    """The learner's plan. Fields are kept as typed (strings), so a form can show them back; values
    are checked by `errors()` and at export."""

    nickname: str = ""
    lender: str = ""
    owed: str = ""
    owed_how: str = ""
    income: str = ""
    essentials: str = ""
    reserve: str = ""
    offer: str = ""
    next_steps: str = ""
    log: list[LogRow] = field(default_factory=list)
    folder: str | Path | None = None

    @classmethod
    def example(cls) -> ActionPlan:
        """A fictional, filled-in sample (小何); its numbers are examples, not advice."""
        plan = cls(
            nickname=ui("action_plan.example.nickname"), lender=ui("action_plan.example.lender"),
            owed=str(_example_owed()), owed_how=ui("action_plan.example.owed_how"),
            income="5200", essentials="4100", reserve="300", offer="800",
            next_steps=ui("action_plan.example.next_steps"),
        )
        for i in (1, 2, 3):
            plan.add_log(ui(f"action_plan.example.log{i}.day"), ui(f"action_plan.example.log{i}.who"),
                         ui(f"action_plan.example.log{i}.what"), ui(f"action_plan.example.log{i}.result"))
        return plan

    # -- checking ---------------------------------------------------------------------------------
    def errors(self) -> dict[str, str]:
        """Field -> Chinese message, for every field that is not acceptable (empty dict: all fine)."""
        out: dict[str, str] = {}
        for name in MONEY_FIELDS:
            try:
                parse_money(getattr(self, name), name)
            except PlanInputError as exc:
                out[name] = exc.message
        for name in TEXT_FIELDS:
            try:
                check_text(getattr(self, name), name)
            except PlanInputError as exc:
                out[name] = exc.message
        for row in self.log:  # rows may have been built by hand: check them again
            for name, value in (("log_who", row.who), ("log_what", row.what), ("log_result", row.result)):
                try:
                    check_text(value, name)
                except PlanInputError as exc:
                    out.setdefault(name, exc.message)
        return out

    def amount(self, name: str) -> Decimal | None:
        try:
            return parse_money(getattr(self, name), name)
        except PlanInputError:
            return None

    def affordable(self) -> Decimal | None:
        """income - essentials - reserve (yuan a month), or None if one of them is missing or bad."""
        parts = [self.amount(n) for n in ("income", "essentials", "reserve")]
        if parts[0] is None or parts[1] is None:
            return None
        return parts[0] - parts[1] - (parts[2] or Decimal("0"))

    def warnings(self) -> list[str]:
        """Gentle warnings about a plan that is filled in but may not hold."""
        out = []
        room = self.affordable()
        offer = self.amount("offer")
        if room is not None and room <= 0:
            out.append(ui("action_plan.warn.no_room", room=money(room)))
        elif room is not None and offer is not None and offer > room:
            out.append(ui("action_plan.warn.offer_high", offer=money(offer), room=money(room)))
        if not str(self.owed_how).strip():
            out.append(ui("action_plan.warn.unchecked"))
        return out

    def add_log(self, day: Any, who: Any, what: Any, result: Any = "") -> LogRow:
        """Add a contact to the log (checked; raises PlanInputError with a Chinese message)."""
        if len(self.log) >= MAX_LOG:
            raise PlanInputError("log", ui("action_plan.err.log_full", n=MAX_LOG))
        row = LogRow(parse_day(day), check_text(who, "log_who"), check_text(what, "log_what"),
                     check_text(result, "log_result"))
        if not row.who or not row.what:
            raise PlanInputError("log", ui("action_plan.err.log_empty"))
        self.log.append(row)
        return row

    # -- keeping the plan across restarts (overdue.widgets.records) --------------------------------
    def to_record(self) -> dict[str, Any]:
        out: dict[str, Any] = {n: str(getattr(self, n) or "") for n in MONEY_FIELDS + TEXT_FIELDS}
        out["log"] = [[f"{r.day:%Y-%m-%d}", r.who, r.what, r.result] for r in self.log]
        return out

    @classmethod
    def from_record(cls, data: Any) -> tuple[ActionPlan, int]:
        """A plan from `to_record` data, and how many contact rows no longer passed the checks."""
        plan, skipped = cls(), 0
        if not isinstance(data, dict):
            return plan, 0
        for name in MONEY_FIELDS + TEXT_FIELDS:
            if isinstance(data.get(name), str):
                setattr(plan, name, data[name])
        rows = data.get("log")
        for row in rows if isinstance(rows, list) else []:
            try:
                plan.add_log(*row[:4])
            except (PlanInputError, TypeError, ValueError, KeyError):
                skipped += 1
        return plan, skipped

    def _guard(self) -> None:
        errs = self.errors()
        if errs:
            first = next(iter(errs.values()))
            raise PlanInputError(next(iter(errs)), first)

    # -- export -----------------------------------------------------------------------------------
    def calls(self) -> list[tuple[str, str]]:
        return [(n, ui(f"action_plan.call.{n}")) for n in CALLS]

    def _sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        room = self.affordable()
        return [
            (ui("action_plan.sec.owed"), [
                (label("lender"), check_text(self.lender, "lender") or ui("action_plan.blank")),
                (label("owed"), money(self.amount("owed"))),
                (label("owed_how"), check_text(self.owed_how, "owed_how") or ui("action_plan.blank")),
            ]),
            (ui("action_plan.sec.pay"), [
                (label("income"), money(self.amount("income"))),
                (label("essentials"), money(self.amount("essentials"))),
                (label("reserve"), money(self.amount("reserve"))),
                (ui("action_plan.affordable"), money(room)),
                (label("offer"), money(self.amount("offer"))),
            ]),
        ]

    def _context(self, today: dt.date | None) -> dict[str, Any]:
        """What the templates content/templates/action_plan.*.j2 show (checked first)."""
        self._guard()
        today = today or dt.date.today()
        name = check_text(self.nickname, "nickname")
        texts = {k: ui(f"action_plan.{k}") for k in ("title", "privacy", "warn_title", "log_empty", "care")}
        texts.update(made=ui("action_plan.made", day=f"{today:%Y-%m-%d}", name=name or ui("action_plan.blank")),
                     calls=ui("action_plan.sec.calls"), log=ui("action_plan.sec.log"),
                     next=ui("action_plan.sec.next"), care_title=ui("action_plan.sec.care"),
                     col_number=ui("action_plan.col.number"), col_for=ui("action_plan.col.for"))
        return {
            "t": texts, "sections": self._sections(), "warnings": self.warnings(), "calls": self.calls(),
            "log": list(self.log),
            "log_columns": [ui(f"action_plan.col.{c}") for c in ("day", "who", "what", "result")],
            "next_steps": check_text(self.next_steps, "next_steps") or ui("action_plan.blank"),
            "css": HTML_CSS,
        }

    def to_markdown(self, today: dt.date | None = None) -> str:
        """The plan in Markdown (content/templates/action_plan.md.j2); every text Markdown-escaped."""
        return exports.render("action_plan.md.j2", **self._context(today))

    def to_html(self, today: dt.date | None = None) -> str:
        """A printable, self-contained HTML page (content/templates/action_plan.html.j2); everything escaped."""
        return exports.render("action_plan.html.j2", **self._context(today))

    def save(self, folder: str | Path | None = None, *, stamp: dt.datetime | None = None) -> tuple[Path, Path]:
        """Write the Markdown and HTML files; returns their paths. Raises PlanInputError (Chinese)."""
        md = self.to_markdown()
        page = self.to_html()
        base = exports.folder_for(folder, self.folder)
        stamp = stamp or dt.datetime.now()
        try:  # a folder that cannot be made or written to: a Chinese message, never a traceback
            exports.ensure_folder(base)
            md_path = exports.write_text(exports.stamped_path(base, FILE_STEM, "md", stamp), md)
            html_path = exports.write_text(exports.stamped_path(base, FILE_STEM, "html", stamp), page)
        except OSError:
            raise PlanInputError("folder", ui("action_plan.err.folder", folder=str(base))) from None
        return md_path, html_path


# ------------------------------------------------------------------------------------------------
# The role-play debrief, step by step, linked to the lessons and their sources
# ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DebriefRow:
    number: int
    choice: str
    score: int
    lessons: tuple[int, ...]
    feedback: str
    citation: str

    @property
    def links(self) -> list[str]:
        """Relative links to the lessons this step draws on (from notebooks/)."""
        lessons = {lesson.number: lesson for lesson in course().lessons}  # content/course.yaml
        return [lessons[n].notebook for n in self.lessons if n in lessons]


def debrief_rows(debrief: Any) -> list[DebriefRow]:
    """Each step of a role-play debrief (overdue.quiz.Debrief) with the lessons it draws on (the
    choice's `lessons` field) and the citation of its references."""
    from ..quiz import references

    rows = []
    for n, step in enumerate(debrief.steps, start=1):
        rows.append(DebriefRow(n, step.choice_text, step.score, tuple(step.lessons), step.feedback,
                               references.cite(step.refs) if step.refs else ""))
    return rows


def debrief_text(debrief: Any) -> str:
    """The debrief as plain text: ending, score, then one block per step (lesson, score, source)."""
    out = [ui("action_plan.debrief.head", title=debrief.title, score=debrief.score)]
    for r in debrief_rows(debrief):
        lessons = "、".join(ui("action_plan.debrief.lesson", n=n) for n in r.lessons) or "—"
        out.append(ui("action_plan.debrief.step", n=r.number, choice=r.choice, score=f"{r.score:+d}", lessons=lessons))
        out.append("   " + r.feedback)
        if r.citation:
            out.append("   " + ui("action_plan.debrief.source", citation=r.citation))
    return "\n".join(out)
