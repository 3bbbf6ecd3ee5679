"""Hostile input through every form and calculator: on the state objects and on the ipywidgets views.

Every text and number field of the four calculators (OverdueCalculator, CollectorFigureCheck,
RateConverter, PlanPlanner) and of the four forms whose work is saved (contact log, letter, action
plan, red-flag checker) gets each value of `VALUES`: empty, spaces, NaN, inf, 1e308, huge integers,
negative numbers, invalid dates, 100,000 characters, script and img tags, formula prefixes, Markdown
javascript: links, and real-looking ID-card, bank-card and mobile numbers in every common writing.
Whatever a form accepts is exported (CSV, Markdown, HTML), and every file written is read back.

It counts:

* tracebacks: an exception other than the form's own Chinese refusal;
* wrong figures: a value that is no number (or no date, or out of range) accepted by a number
  (date) field and changing the result, a result with a figure that is not finite, a letter whose
  plan pays 0 or has no instalment;
* English messages: a message for the learner without Chinese, or with an English word in it;
* leaky exports: a file holding a planted card/ID/phone number (in any writing; a phone number is
  allowed only in the contact log's caller-number column), raw HTML in a Markdown or HTML file, a
  javascript:/data: link, or a CSV cell that starts a formula.

    .venv/bin/python scripts/fuzz_forms.py            # every value on every field (make test-load; half a minute)
    .venv/bin/python scripts/fuzz_forms.py --quick    # the subset `make test` runs (a few seconds)

Exit status 1 when any count is not 0.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

# ------------------------------------------------------------------------------------ the values

CARD, ID, PHONE = "6222021234567894", "11010119900307002X", "13812345678"
PLANTED = {"card": CARD, "id": ID, "phone": PHONE}

PERSONAL = [  # (kind, writing)
    ("card", CARD), ("card", "6222 0212 3456 7894"), ("card", "6222.0212.3456.7894"),
    ("card", "6222-0212-3456-7894"), ("card", "6222_0212_3456_7894"), ("card", "6222/0212/3456/7894"),
    ("card", "6222\u200b0212\u200b3456\u200b7894"), ("card", "６２２２０２１２３４５６７８９４"),
    ("card", "六二二二零二一二三四五六七八九四"), ("card", "卡号6222021234567894号"), ("card", "card6222021234567894x"),
    ("card", "6 2 2 2 0 2 1 2 3 4 5 6 7 8 9 4"), ("card", "陆贰贰贰〇贰壹贰叁肆伍陆柒捌玖肆"),
    ("card", "6222 0212 3456 7894 2026"), ("card", "1234 6222 0212 3456 7894"),
    ("id", ID), ("id", "110101 19900307 002X"), ("id", "110101-19900307-002x"), ("id", "一一零一零一一九九零零三零七零零二X"),
    ("id", "１１０１０１１９９００３０７００２Ｘ"), ("id", "身份证：110101\u200d19900307\u200d002X。"),
    ("phone", PHONE), ("phone", "138 1234 5678"), ("phone", "138-1234-5678"), ("phone", "+86 138 1234 5678"),
    ("phone", "幺三八幺二三四五六七八"), ("phone", "一三八 一二三四 五六七八"), ("phone", "幺三八 幺两三四 五六七八"),
    ("phone", "138\u200b1234\u200b5678"), ("phone", "１３８１２３４５６７８"), ("phone", "电话13812345678找王"),
    ("phone", "138.1234.5678"), ("phone", "138_1234_5678"), ("phone", "138/1234/5678"),
]
LONG = "长" * 100_000
TEXTS = [
    "", "   ", "\t\n", "NaN", "nan", "-nan", "inf", "-inf", "Infinity", "1e308", "-1e308", "1e-400", str(10**400),
    "-" + str(10**400), "-5", "-0.01", "2026-02-30", "2026-13-01", "0000-00-00", "99999-01-01", "2026/02/30",
    LONG, "1" * 100_000, "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b onmouseover=alert(1)>粗</b>",
    "=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "\t=cmd|' /C calc'!A0", "=HYPERLINK(\"http://x\",\"点我\")",
    "[点我](javascript:alert(1))", "![图](javascript:alert(1))", "<javascript:alert(1)>", "[a]: javascript:alert(1)",
    "[x](data:text/html;base64,PHNjcmlwdD4=)", "0x10", "½", "None", "null", "\x00", "\u202e0001", "𝟙𝟚𝟛",
]
OBJECTS = [None, float("nan"), float("inf"), -float("inf"), 1e308, -1e308, 10**400, -(10**400), -1,
           Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), [], {}, ("a",), b"12", object()]
NOT_A_NUMBER = {"", "   ", "\t\n", "NaN", "nan", "-nan", "inf", "-inf", "Infinity", "1e308", "-1e308", str(10**400),
                "-" + str(10**400), "-5", "-0.01", "2026-02-30", "2026-13-01", "0000-00-00", "99999-01-01",
                "2026/02/30", LONG, "1" * 100_000, "=1+1", "@SUM(A1:A9)", "0x10", "½", "None", "null", "\x00"}
VALUES: list[Any] = TEXTS + [w for _, w in PERSONAL] + OBJECTS
ALLOWED_WORDS = {"App", "APP", "CSV", "HTML", "Markdown", "QQ", "IRR", "Excel", "WPS", "LPR", "PDF"}
CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
TAG = re.compile(r"<[^>]*>")


def quick_values() -> list[Any]:
    """One value of each kind (what `make test` runs, tests/test_fuzz_forms.py): empty, NaN, 1e308,
    a huge integer, negative, an invalid date, 100,000 characters, a script tag, formula prefixes, a
    Markdown javascript: link, card, ID and phone numbers with separators, in Chinese numerals,
    full-width, inside words, and objects. `make test-load` runs every value of `VALUES`."""
    return _unique([
        "", "NaN", "1e308", str(10**400), "-5", "2026-02-30", LONG, "<script>alert(1)</script>", "=1+1",
        "\t=cmd|' /C calc'!A0", "[点我](javascript:alert(1))", "6222.0212.3456.7894", "六二二二零二一二三四五六七八九四",
        "card6222021234567894x", "110101 19900307 002X", "一一零一零一一九九零零三零七零零二X", "幺三八 幺两三四 五六七八",
        "１３８１２３４５６７８", "电话13812345678找王", None, float("nan"), 10**400, Decimal("sNaN"), object(),
    ])


def quick_view_values() -> list[Any]:
    """What `make test` types into every text box of every view (one of each kind)."""
    return ["NaN", LONG, "<img src=x onerror=alert(1)>", "[点我](javascript:alert(1))", "=1+1", "6222.0212.3456.7894",
            "一三八 一二三四 五六七八"]


def _key(v: Any) -> str:
    return f"{type(v).__name__}:{v!r}"[:200]


def _unique(values: list[Any]) -> list[Any]:
    seen, out = set(), []
    for v in values:
        if _key(v) not in seen:
            seen.add(_key(v))
            out.append(v)
    return out


# ------------------------------------------------------------------------------------ counting


@dataclass
class Counts:
    trials: int = 0
    refused: int = 0
    accepted: int = 0
    exports: int = 0
    messages: int = 0
    tracebacks: int = 0
    wrong_figures: int = 0
    english_messages: int = 0
    leaky_exports: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)

    def bad(self, what: str, where: str) -> None:
        setattr(self, what, getattr(self, what) + 1)
        self.examples.setdefault(what, [])
        if len(self.examples[what]) < 8:
            self.examples[what].append(where[:600])

    @property
    def problems(self) -> int:
        return self.tracebacks + self.wrong_figures + self.english_messages + self.leaky_exports

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "examples"} | {"examples": self.examples}


def _short(value: Any) -> str:
    r = repr(value)
    return r if len(r) < 80 else r[:77] + "..."


class Fuzz:
    def __init__(self, folder: Path, values: list[Any], views: bool = True, view_values: list[Any] | None = None):
        self.folder = folder
        self.values = values
        self.views = views
        self.view_values = [v for v in (view_values if view_values is not None else values) if isinstance(v, str)]
        self.c = Counts()

    # -- checks ------------------------------------------------------------------------------
    def message(self, text: Any, where: str, echo: Any = None) -> None:
        """A message the learner reads: Chinese, no English word (what they typed, a field's own
        name and the folder's path may be echoed)."""
        if not text:
            return
        s = TAG.sub(" ", str(text))
        allowed = set(ALLOWED_WORDS) | set(WORD.findall(str(self.folder)))
        for path in re.findall(r"(?:/|[A-Za-z]:\\|我的文件)[^\s'\"，。；<]{0,500}", s[:5000]):  # a saved file's path
            allowed |= set(WORD.findall(path))
        for piece in (echo if isinstance(echo, (list, tuple)) else [echo]):
            if isinstance(piece, str):
                allowed |= set(WORD.findall(piece))
        self.c.messages += 1
        words = [w for w in WORD.findall(s) if w not in allowed]
        if not CJK.search(s) or words:
            self.c.bad("english_messages", f"{where}: {s[:300]!r} {words[:5]}")

    def traceback(self, where: str) -> None:
        self.c.bad("tracebacks", f"{where}: {traceback.format_exc(limit=3)}")

    def scan_exports(self, where: str, phone_column: str | None = None) -> None:
        """Every file written since the last scan: no planted number, no raw HTML, no code link."""
        from overdue.privacy import normalised

        for path in sorted(self.folder.rglob("*")):
            if not path.is_file() or path.name.startswith("progress.sqlite3") or path.parent.name == "data":
                continue
            self.c.exports += 1
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            path.unlink()  # names carry the second they were saved: the next export within it is a new file
            problems = []
            lines = text.splitlines()
            if path.suffix == ".csv":
                rows = list(csv.reader(io.StringIO(text)))
                header = rows[0] if rows else []
                skip = header.index(phone_column) if phone_column in header else None
                lines = [",".join(c for i, c in enumerate(r) if i != skip) for r in rows]
                phone_lines = [r[skip] for r in rows[1:] if skip is not None and skip < len(r)]
                for r in rows[1:]:
                    for c in r:
                        if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
                            problems.append(f"formula cell {c[:40]!r}")
                for cell in phone_lines:  # the caller's number column: a phone, never a card or an ID
                    digits = re.sub(r"[^0-9Xx]", "", normalised(cell)).upper()
                    if CARD in digits or ID in digits:
                        problems.append("card/ID in the caller column")
            for line in lines:
                digits = re.sub(r"[^0-9Xx]", "", normalised(line)).upper()
                for kind, number in PLANTED.items():
                    # the contact log's page shows the caller's number (its CSV is checked by column)
                    if kind == "phone" and phone_column and path.suffix == ".html":
                        continue
                    if number in digits:
                        problems.append(f"{kind} number")
            if path.suffix in (".md", ".html"):
                low = text.lower()
                for needle in ("<script", "<img", "<b onmouseover", "<javascript"):  # escaped text is fine
                    if needle in low:
                        problems.append(f"raw HTML {needle}")
                if re.search(r"(?i)(javascript|data|vbscript)\s*:", text):
                    problems.append("javascript:/data: scheme")
                if path.suffix == ".md" and re.search(r"(?<!\\)\]\((?!\s*#)", text):
                    problems.append("Markdown link or image")
            if problems:
                self.c.bad("leaky_exports", f"{where}: {path.name}: {sorted(set(problems))}")

    # -- calculators -------------------------------------------------------------------------
    def calculators(self) -> None:
        from overdue.forms.base import FORM
        from overdue.widgets.calculators import (
            CollectorFigureCheck,
            OverdueCalculator,
            PlanPlanner,
            RateConverter,
        )

        for cls in (OverdueCalculator, CollectorFigureCheck, RateConverter, PlanPlanner):
            calc = cls()
            defaults = dict(calc.inputs())
            good = self.fingerprint(calc)
            for name in cls.INPUTS:
                for value in self.values:
                    where = f"{cls.__name__}.{name}={_short(value)}"
                    self.c.trials += 1
                    try:
                        ok = calc.set(**{name: value})
                    except Exception:
                        self.traceback(where)
                        calc = cls()
                        continue
                    self.check_calc(calc, name, value, ok, good, where)
                    for key, msg in calc.errors.items():
                        self.message(msg, where, echo=[name] if key == FORM else None)
                    if ok:
                        calc.set(**{name: defaults[name]})
                    else:  # the result is still the good one: the next set() computes with the default
                        setattr(calc, name, defaults[name])
            if self.views:  # the same through the form: what a learner types into each text box
                calc.compute()
                view = calc.view
                for name in cls.INPUTS:
                    for value in self.view_values if name in view.inputs else ():
                        self.calc_view(calc, view, name, value, good, f"{cls.__name__}.{name}={_short(value)} [view]",
                                       defaults[name])
                    box = view.inputs.get(name)
                    if box is not None and isinstance(box.value, str):
                        box.value = defaults[name] if isinstance(defaults[name], str) else str(defaults[name])
            # an unknown argument and a misspelt one
            for kwargs in ({"paid_thru": 3}, {"colour": "red"}):
                self.c.trials += 1
                try:
                    wrong = cls(**kwargs)
                    self.message(wrong.errors.get(FORM), f"{cls.__name__}({kwargs})", echo=list(kwargs) + list(cls.INPUTS))
                    if not wrong.errors:
                        self.c.bad("wrong_figures", f"{cls.__name__}({kwargs}) accepted")
                except Exception:
                    self.traceback(f"{cls.__name__}({kwargs})")

    def calc_view(self, calc: Any, view: Any, name: str, value: str, good: str, where: str, default: Any) -> None:
        box = view.inputs[name]
        import ipywidgets as w

        if not isinstance(box, w.Text):
            return
        self.c.trials += 1
        try:
            box.value = value
            ok = not calc.errors
            self.check_calc(calc, name, value, ok, good, where)
            for html_widget in [*view.messages.values(), view.form_message]:
                if html_widget.value:
                    self.message(html_widget.value, where, echo=[name])
            if ok:  # back to the good result before the next value
                box.value = default if isinstance(default, str) else str(default)
        except Exception:
            self.traceback(where)

    @staticmethod
    def fingerprint(calc: Any) -> str:
        return calc.summary()

    def check_calc(self, calc: Any, name: str, value: Any, ok: bool, good: str, where: str) -> None:
        if not ok:
            self.c.refused += 1
            if calc.result is None or self.fingerprint(calc) != good:
                self.c.bad("wrong_figures", f"{where}: refused, but the last good result was not kept")
            return
        self.c.accepted += 1
        changed = self.fingerprint(calc) != good
        not_number = (isinstance(value, str) and value in NOT_A_NUMBER) or not isinstance(value, (str, bool, int, Decimal))
        not_number = not_number or (isinstance(value, str) and any(w == value for _, w in PERSONAL))
        if changed and (not_number or value in (None, True, False) and name not in ("compound", "accelerate")):
            self.c.bad("wrong_figures", f"{where}: accepted and changed the result")
        text = self.fingerprint(calc)
        if re.search(r"(?i)nan|inf", text):
            self.c.bad("wrong_figures", f"{where}: a figure that is not finite")

    # -- forms -------------------------------------------------------------------------------
    def forms(self) -> None:
        self.contact_log()
        self.letter()
        self.action_plan()
        self.red_flags()

    def _refusal(self, exc: BaseException, where: str, value: Any) -> None:
        self.c.refused += 1
        self.message(getattr(exc, "message", str(exc)), where, echo=value)

    def contact_log(self) -> None:
        from overdue.forms.contact_log import ContactLog, LogInputError
        from overdue.widgets.contact_log import ContactLogView

        good = {"day": "2026-11-03", "at": "10:00", "who": "王先生", "channel": "call_connected", "said": "问今天能不能还",
                "number": ""}
        for name in good:
            for value in self.values:
                where = f"ContactLog.add({name}={_short(value)})"
                self.c.trials += 1
                log = ContactLog(folder=self.folder / "log")
                try:
                    log.add(**{**good, name: value})
                except LogInputError as exc:
                    self._refusal(exc, where, value)
                    continue
                except Exception:
                    self.traceback(where)
                    continue
                self.c.accepted += 1
                self.export(where, log.export_csv, LogInputError, phone_column="来电号码")
                self.export(where, log.export_html, LogInputError, phone_column="来电号码")
                try:
                    again = ContactLog(folder=self.folder / "log")
                    added, problems = again.import_csv(log.to_csv())
                    if again.sorted_entries() != log.sorted_entries():
                        self.c.bad("wrong_figures", f"{where}: the exported CSV does not read back the same")
                except Exception:
                    self.traceback(where + " import")
        if not self.views:
            return
        view = ContactLogView(folder=self.folder / "logview", store=False)
        for name in ("day", "at", "who", "said", "number"):
            for value in self.view_values:
                if not isinstance(value, str):
                    continue
                where = f"ContactLogView.{name}={_short(value)}"
                self.c.trials += 1
                try:
                    view.day.value, view.at.value, view.who.value = "2026-11-03", "10:00", "王先生"
                    view.said.value, view.number.value = "问今天能不能还", ""
                    getattr(view, name).value = value
                    view._on_add()
                    self.message(view.message.value, where, echo=value)
                    view._on_csv()
                    view._on_html()
                    self.message(view.message.value, where, echo=value)
                    self.scan_exports(where, phone_column="来电号码")
                    view._on_upload([{"content": memoryview(value.encode("utf-8", "surrogatepass"))}])
                    self.message(view.message.value, where, echo=value)
                    view.log.clear()
                except Exception:
                    self.traceback(where)

    def export(self, where: str, method: Any, refusal: type, phone_column: str | None = None) -> None:
        try:
            method()
        except refusal as exc:
            self.message(getattr(exc, "message", str(exc)), where)
        except Exception:
            self.traceback(where + " export")
        self.scan_exports(where, phone_column)

    def letter(self) -> None:
        from overdue.forms.letter import FORM_FIELDS, LetterDraft
        from overdue.widgets.letter import LetterWidget

        for name in FORM_FIELDS:
            for value in self.values:
                where = f"LetterDraft.{name}={_short(value)}"
                self.c.trials += 1
                draft = LetterDraft.example()
                setattr(draft, name, value)
                try:
                    errors = draft.errors()
                    for msg in errors.values():
                        self.message(msg, where, echo=value)
                    if errors:
                        self.c.refused += 1
                        continue
                    self.c.accepted += 1
                    rows = draft.schedule()
                    total = sum((r.amount for r in rows), Decimal(0))
                    if not rows or total <= 0 or any(r.amount <= 0 for r in rows):
                        self.c.bad("wrong_figures", f"{where}: a plan of {len(rows)} instalments paying {total}")
                    draft.save(self.folder / "letter")
                except ValueError as exc:
                    self._refusal(exc, where, value)
                except Exception:
                    self.traceback(where)
                self.scan_exports(where)
        if not self.views:
            return
        form = LetterWidget(LetterDraft.example(), self.folder / "letterview", store=False)
        form.folder.value = str(self.folder / "letterview")
        import ipywidgets as w

        for name, box in form.inputs.items():
            if not isinstance(box, (w.Text, w.Textarea)):
                continue
            before = box.value
            for value in self.view_values:
                where = f"LetterWidget.{name}={_short(value)}"
                self.c.trials += 1
                try:
                    box.value = value
                    form.save()
                    for msg in [*form.messages.values(), form.status]:
                        self.message(msg.value, where, echo=[value, str(self.folder)])
                    self.scan_exports(where)
                    box.value = before
                except Exception:
                    self.traceback(where)

    def action_plan(self) -> None:
        from overdue.forms.action_plan import MONEY_FIELDS, TEXT_FIELDS, ActionPlan, PlanInputError
        from overdue.widgets.action_plan import ActionPlanView

        for name in MONEY_FIELDS + TEXT_FIELDS + ("log_day", "log_who", "log_what", "log_result"):
            for value in self.values:
                where = f"ActionPlan.{name}={_short(value)}"
                self.c.trials += 1
                plan = ActionPlan.example()
                plan.folder = self.folder / "plan"
                try:
                    if name.startswith("log_"):
                        row = {"day": "2026-11-27", "who": "王先生", "what": "说今天必须还", "result": ""}
                        row[name[4:]] = value
                        plan.add_log(row["day"], row["who"], row["what"], row["result"])
                    else:
                        setattr(plan, name, value)
                    for msg in plan.errors().values():
                        self.message(msg, where, echo=value)
                    room = plan.affordable()
                    if room is not None and not room.is_finite():
                        self.c.bad("wrong_figures", f"{where}: room {room}")
                    plan.save()
                    self.c.accepted += 1
                except PlanInputError as exc:
                    self._refusal(exc, where, value)
                except Exception:
                    self.traceback(where)
                self.scan_exports(where)
        if not self.views:
            return
        view = ActionPlanView(ActionPlan.example(), folder=self.folder / "planview", store=False)
        for name, box in [*view.inputs.items(), ("log_who", view.log_who), ("log_what", view.log_what),
                          ("log_day", view.log_day)]:
            before = box.value
            for value in self.view_values:
                where = f"ActionPlanView.{name}={_short(value)}"
                self.c.trials += 1
                try:
                    box.value = value
                    if name.startswith("log_"):
                        view.add_log()
                    view.export()
                    for msg in [*view.notes.values(), view.message, view.afford]:
                        self.message(msg.value, where, echo=[value, str(self.folder)])
                    self.scan_exports(where)
                    box.value = before
                    view.plan.log = view.plan.log[:3]
                except Exception:
                    self.traceback(where)

    def red_flags(self) -> None:
        from overdue.forms.red_flags import RedFlagChecker, SaveRefused
        from overdue.widgets.red_flags import RedFlagView

        checker = RedFlagChecker(folder=self.folder / "flags")
        for f in checker.flags[:3]:
            checker.tick(f.id)
        for value in self.values:
            where = f"RedFlagChecker.save(note={_short(value)})"
            self.c.trials += 1
            try:
                checker.save(value if isinstance(value, str) else str(value))
                self.c.accepted += 1
            except SaveRefused as exc:
                self._refusal(exc, where, value)
            except Exception:
                self.traceback(where)
            self.scan_exports(where)
        for flag in self.values[:12] + ["no_such_flag"]:
            self.c.trials += 1
            try:
                checker.tick(flag)  # type: ignore[arg-type]
            except KeyError as exc:
                self._refusal(exc, f"RedFlagChecker.tick({_short(flag)})", flag)
            except TypeError:
                self.traceback(f"RedFlagChecker.tick({_short(flag)})")
            except Exception:
                self.traceback(f"RedFlagChecker.tick({_short(flag)})")
        if not self.views:
            return
        view = RedFlagView(RedFlagChecker(folder=self.folder / "flagview"), store=False)
        for value in self.view_values:
            where = f"RedFlagView.note={_short(value)}"
            self.c.trials += 1
            try:
                view.note.value = value
                view._on_save()
                self.message(view.save_message.value, where, echo=[value, str(self.folder)])
                self.scan_exports(where)
            except Exception:
                self.traceback(where)

    def stored_records(self) -> None:
        """What the forms keep across restarts never holds a planted number."""
        from overdue.quiz.progress import ProgressStore
        from overdue.widgets.letter import letter_form

        store = ProgressStore(self.folder / "progress.sqlite3")
        form = letter_form(store=store)
        for _kind, writing in PERSONAL:
            self.c.trials += 1
            try:
                form.inputs["reason"].value = writing
                form.inputs["contact"].value = writing
            except Exception:
                self.traceback(f"letter_form keeping {writing!r}")
        store.close()
        raw = b"".join(p.read_bytes() for p in self.folder.glob("progress.sqlite3*"))
        from overdue.privacy import normalised

        digits = re.sub(r"[^0-9Xx]", "", normalised(raw.decode("utf-8", "replace"))).upper()
        for kind, number in PLANTED.items():
            if number in digits:
                self.c.bad("leaky_exports", f"progress store keeps a {kind} number")

    def run(self) -> Counts:
        self.calculators()
        self.forms()
        self.stored_records()
        return self.c


def run(values: list[Any] | None = None, views: bool = True, view_values: list[Any] | None = None,
        folder: Path | None = None) -> Counts:
    import os

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(folder or tmp)
        os.environ.setdefault("OVERDUE_DATA_DIR", str(base / "data"))
        return Fuzz(base, values if values is not None else VALUES, views=views, view_values=view_values).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the subset make test runs")
    parser.add_argument("--no-views", action="store_true", help="state objects only")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    counts = (run(quick_values(), views=not args.no_views, view_values=quick_view_values()) if args.quick
              else run(views=not args.no_views))
    out = counts.as_dict() | {"seconds": round(time.perf_counter() - start, 1)}
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 1 if counts.problems else 0


if __name__ == "__main__":
    sys.exit(main())
