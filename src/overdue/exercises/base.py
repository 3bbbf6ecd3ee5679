"""The exercise framework: an exercise is a record (content/exercises/lessonNN.yaml) plus a check.

Each lesson module builds its checks with `Exercises`, which reads the lesson's records
(`overdue.exercises.records`): statement, options in order, expected answer, unit, tolerance, hints,
solution and the messages for wrong answers. Code supplies only what the engine computes (``answer:
computed`` in the record) and the judging of short plans; it never types an answer or a letter.

A check's `check(answer)` returns a `CheckResult` that shows itself in Chinese (HTML in notebooks,
plain text in a terminal); it never raises for a learner's answer. ``...`` or ``None`` means the
learner has not answered yet (the exercise generator writes ``answer = ...``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import inputs
from ..contentfiles import ContentError
from ..i18n import text, ui

UNANSWERED = "unanswered"
CORRECT = "correct"
WRONG = "wrong"

_SYMBOL = {UNANSWERED: "…", CORRECT: "✔", WRONG: "✘"}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: status (unanswered / correct / wrong) and a Chinese message."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    def __bool__(self) -> bool:  # `assert ex.q1.check(x)` reads naturally in hidden tests
        return self.correct

    def __str__(self) -> str:
        return f"{_SYMBOL[self.status]} {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        style = {
            UNANSWERED: "border-left:4px solid #999",
            CORRECT: "border-left:4px solid #009E73",
            WRONG: "border-left:4px solid #D55E00",
        }[self.status]
        return (
            f'<div class="overdue-check overdue-check-{self.status}" style="{style};padding:4px 10px">'
            f"<b>{_SYMBOL[self.status]}</b> {html.escape(self.message)}</div>"
        )


@dataclass(frozen=True)
class Text:
    """A piece of shown text (hint or solution) that prints cleanly in a notebook."""

    body: str
    kind: str = "hint"

    def __str__(self) -> str:
        return self.body

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return f'<div class="overdue-{self.kind}">{html.escape(self.body).replace(chr(10), "<br>")}</div>'


def load_texts(lesson: str) -> dict[str, Mapping[str, Any]]:
    """The texts of a lesson's exercises by check name (from ``content/exercises/<lesson>.yaml``)."""
    from .records import load_set

    return {rec.name: rec.check_texts() for rec in load_set(lesson).exercises}


def is_unanswered(answer: Any) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


@dataclass
class Check:
    """Base class: subclasses implement `_judge(answer) -> (status, message)`.

    `diagnose`, when given, is called with the learner's (normalised) answer after a wrong answer
    and may return a key of the exercise's ``messages`` in YAML, for a more specific hint about
    what went wrong (e.g. "you used the normal rate, not the penalty rate").
    """

    name: str
    texts: Mapping[str, Any]
    diagnose: Callable[[Any], str | None] | None = None
    _hint_index: int = field(default=0, init=False, repr=False)

    # -- text helpers -------------------------------------------------------------------------
    def _t(self, key: str, default: str = "") -> str:
        return text(self.texts.get(key)) or default

    def _message(self, key: str) -> str | None:
        messages = self.texts.get("messages") or {}
        return text(messages.get(key)) if key in messages else None

    def _wrong(self, detail: str = "") -> tuple[str, str]:
        base = self._t("wrong", ui("exercise.wrong"))
        return WRONG, f"{base} {detail}".strip()

    @property
    def title(self) -> str:
        return self._t("title", self.name)

    # -- public API ---------------------------------------------------------------------------
    def check(self, answer: Any) -> CheckResult:
        if is_unanswered(answer):
            return CheckResult(UNANSWERED, ui("common.not_answered") + "：" + ui("exercise.how_to_answer"))
        try:
            status, message = self._judge(answer)
        except (TypeError, ValueError, ArithmeticError):
            status, message = self._wrong(ui("exercise.bad_type"))
        if status == WRONG and self.diagnose is not None:
            try:
                key = self.diagnose(answer)
            except Exception:  # a diagnosis must never break a learner's check
                key = None
            specific = self._message(key) if key else None
            if specific:
                message = f"{message} {specific}"
        return CheckResult(status, message)

    def hint(self) -> Text:
        hints = [text(h) for h in self.texts.get("hints") or []]
        if not hints:
            return Text(ui("exercise.no_hint"))
        shown = hints[min(self._hint_index, len(hints) - 1)]
        number = min(self._hint_index, len(hints) - 1) + 1
        self._hint_index += 1
        return Text(ui("exercise.hint_n", n=number, total=len(hints)) + shown)

    def solution(self) -> Text:
        return Text(self._t("solution", ui("exercise.no_solution")), kind="solution")

    def _judge(self, answer: Any) -> tuple[str, str]:  # pragma: no cover - abstract
        raise NotImplementedError


def to_decimal(value: Any) -> Decimal:
    """A learner's number (int, float, Decimal or text like '1,234.5' / '¥12' / '１２３４') as Decimal;
    a ValueError (`overdue.inputs.InputError`) otherwise. A % sign is refused: the exercise names its unit."""
    return inputs.number(value, "answer", percent="refuse")


@dataclass
class NumberCheck(Check):
    """A number within an absolute tolerance (default one fen)."""

    expected: Decimal | float | int = 0
    tolerance: Decimal | float = Decimal("0.01")
    unit: str = ""

    def _judge(self, answer: Any) -> tuple[str, str]:
        got = to_decimal(answer)
        want = to_decimal(self.expected)
        if abs(got - want) <= to_decimal(self.tolerance):
            return CORRECT, ui("exercise.number_ok", value=f"{want:,}", unit=self.unit)
        direction = ui("exercise.too_high") if got > want else ui("exercise.too_low")
        return self._wrong(direction)


@dataclass
class ChoiceCheck(Check):
    """One option out of several; `options` maps an option key to whether it is right (text in YAML)."""

    expected: str = ""
    options: Iterable[str] = ()

    def _judge(self, answer: Any) -> tuple[str, str]:
        key = str(answer).strip().upper() if isinstance(answer, str) else str(answer)
        valid = {str(o).upper() if isinstance(o, str) else str(o) for o in self.options}
        if valid and key not in valid:
            return WRONG, ui("exercise.not_an_option", options="、".join(sorted(valid)))
        want = self.expected.upper() if isinstance(self.expected, str) else str(self.expected)
        if key == want:
            return CORRECT, self._t("right", ui("exercise.choice_ok"))
        specific = self._message(f"chose_{key}")
        return self._wrong(specific or "")


@dataclass
class SetCheck(Check):
    """A set of items (order does not matter): names what is missing and what does not belong."""

    expected: Iterable[Any] = ()

    def _judge(self, answer: Any) -> tuple[str, str]:
        if isinstance(answer, str | bytes) or not isinstance(answer, Iterable):
            raise TypeError("not a collection")
        def norm(x: Any) -> Any:
            return x.strip().upper() if isinstance(x, str) else x

        got = {norm(a) for a in answer}
        want = {norm(e) for e in self.expected}
        if got == want:
            return CORRECT, self._t("right", ui("exercise.set_ok"))
        parts = []
        if want - got:
            parts.append(ui("exercise.set_missing", n=len(want - got)))
        if got - want:
            extra = "、".join(sorted(map(str, got - want)))
            parts.append(ui("exercise.set_extra", items=extra))
        return self._wrong("；".join(parts))


@dataclass
class PredicateCheck(Check):
    """An answer judged by a function returning None when right, or a message key when wrong.

    For short plans and free-form answers: e.g. a dict with the learner's plan, judged by rules
    (payment within what is affordable, a channel that is official, ...). The key names an entry of
    the exercise's ``messages`` in YAML.
    """

    judge: Callable[[Any], str | tuple[str, Mapping[str, Any]] | None] = lambda _a: None

    def _judge(self, answer: Any) -> tuple[str, str]:
        problem = self.judge(answer)
        if problem is None:
            return CORRECT, self._t("right", ui("exercise.plan_ok"))
        fields: Mapping[str, Any] = {}
        if isinstance(problem, tuple):  # (message key, values the message names)
            problem, fields = problem
        message = self._message(problem) or ""
        return self._wrong(message.format(**fields) if fields else message)


def number_or_nan(value: Any) -> float:
    """Helper for diagnose functions: the answer as float, or NaN."""
    try:
        return float(to_decimal(value))
    except (ValueError, TypeError):
        return math.nan


class Exercises:
    """The checks of one lesson, built from its records: ``ex = Exercises("lesson03")``.

    Each check takes its texts and every constant it compares against (expected answer, tolerance,
    unit, option letters) from the exercise's record (`overdue.exercises.records`). Code passes only
    what the engine computes (``answer: computed`` in the record)::

        penalty = ex.number("penalty_on_date", expected=charges.penalty, diagnose=...)
        ex.finish(globals())   # builds the checks that need no code (choice, set, typed numbers)

    A check whose name has no record, a computed answer without code, or code that types an answer
    the record already holds, is an error naming the file, so records and checks cannot drift apart.
    """

    def __init__(self, lesson: str, records: Any = None):
        """`records`: an `ExerciseSet` to use instead of the shipped file (tests)."""
        from .records import shipped_set

        self.lesson = lesson
        self.records = records if records is not None else shipped_set(lesson)
        self.built: dict[str, Check] = {}

    @property
    def file(self) -> str:
        return f"exercises/{self.lesson}.yaml"

    def record(self, name: str):
        try:
            return self.records.by_name(name)
        except KeyError:
            raise ContentError(f"{self.file}: 缺少练习 {name} 的记录") from None

    def _texts(self, name: str) -> Mapping[str, Any]:
        return self.record(name).check_texts()

    def _computed(self, name: str, kind: str, given: Any) -> Any:
        """The record's answer, or `given` when the record says the code computes it."""
        from .records import COMPUTED

        rec = self.record(name)
        if rec.kind != kind:
            raise ContentError(f"{self.file}: 练习 {rec.id} 的 kind 是 {rec.kind}，代码把它当作 {kind}")
        if rec.answer == COMPUTED and given is None:
            raise ContentError(f"{self.file}: 练习 {rec.id} 的答案写着 computed，但代码没有给出")
        if rec.answer != COMPUTED and given is not None:
            raise ContentError(f"{self.file}: 练习 {rec.id} 的答案已写在记录里，代码不要再给一遍")
        return rec, given

    def _keep(self, check: Check) -> Any:
        if check.name in self.built:
            raise ContentError(f"{self.file}: 练习 {check.name} 的检查建了两次")
        self.built[check.name] = check
        return check

    def number(self, name: str, expected: Any = None, **kw: Any) -> NumberCheck:
        rec, given = self._computed(name, "number", expected)
        return self._keep(NumberCheck(
            name=name, texts=self._texts(name), expected=rec.answer if given is None else given,
            tolerance=rec.tolerance, unit=rec.unit, **kw,
        ))

    def choice(self, name: str, expected_option: str | None = None, **kw: Any) -> ChoiceCheck:
        """`expected_option`: the right option's id, when code picks it (``answer: computed``)."""
        rec, given = self._computed(name, "choice", expected_option)
        right = rec.answer if given is None else given
        if right not in [o.id for o in rec.options]:
            raise ContentError(f"{self.file}: 练习 {rec.id}: 代码给出的 “{right}” 不是选项之一")
        return self._keep(ChoiceCheck(
            name=name, texts=self._texts(name), expected=str(rec.label(right)),
            options=tuple(str(x) for x in rec.option_labels()), **kw,
        ))

    def set(self, name: str, **kw: Any) -> SetCheck:
        rec, _ = self._computed(name, "set", None)
        return self._keep(SetCheck(name=name, texts=self._texts(name), expected=tuple(rec.expected()), **kw))

    def predicate(self, name: str, judge: Callable[[Any], Any], **kw: Any) -> PredicateCheck:
        rec = self.record(name)
        if rec.kind != "plan":
            raise ContentError(f"{self.file}: 练习 {rec.id} 的 kind 是 {rec.kind}，代码把它当作 plan")
        return self._keep(PredicateCheck(name=name, texts=self._texts(name), judge=judge, **kw))

    def finish(self, namespace: dict[str, Any]) -> list[str]:
        """Build every check the records define without code, put it into `namespace` (the lesson
        module's globals) and return the names of all checks, in the records' order."""
        from .records import COMPUTED

        for rec in self.records.exercises:
            if rec.name in self.built:
                continue
            if rec.answer == COMPUTED or rec.kind == "plan":
                raise ContentError(f"{self.file}: 练习 {rec.id} 需要代码来判断，但 lesson 模块里没有它的检查")
            build = {"number": self.number, "choice": self.choice, "set": self.set}[rec.kind]
            namespace[rec.name] = build(rec.name)
        for name, check in self.built.items():
            if namespace.get(name) is not check:
                raise ContentError(f"{self.file}: 练习 {name} 的检查应当叫 {name}")
        return [rec.name for rec in self.records.exercises]
