"""The exercise framework: an exercise is data (its text in YAML) plus a check (in Python).

Each lesson module builds its checks from these classes; expected values are computed with the
engine at import time, never typed. Texts (title, hints, solution, wrong-answer messages) live in
``content/exercises/lessonNN.yaml``::

    q1:
      title: {zh: 逾期 30 天的罚息}
      hints: [{zh: 先找出逾期本金……}, {zh: 罚息 = 逾期本金 × 日利率 × 1.5 × 天数}]
      solution: {zh: "charges_on(...).penalty"}
      wrong: {zh: 还不对。……}          # optional: the general "what is wrong" message
      messages: {too_high: {zh: ...}}  # optional: messages a check's `diagnose` may name

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
from ..contentfiles import ContentError, content_dir, read_yaml
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
    """The exercise texts of a lesson (``content/exercises/<lesson>.yaml``)."""
    path = content_dir() / "exercises" / f"{lesson}.yaml"
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ContentError(f"{path.name}: 应为 题号: {{title, hints, solution}} 的映射")
    return data


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
    """The checks of one lesson, built from its YAML texts: ``ex = Exercises("lesson03")``.

    ``ex.number("q1", expected=...)`` etc. create a check with its texts; a check whose name has no
    entry in the YAML is an error naming the file, so texts and checks cannot drift apart.
    """

    def __init__(self, lesson: str):
        self.lesson = lesson
        self.texts = load_texts(lesson)

    def _texts(self, name: str) -> Mapping[str, Any]:
        try:
            return self.texts[name]
        except KeyError:
            raise ContentError(f"exercises/{self.lesson}.yaml: 缺少练习 {name} 的文字") from None

    def number(self, name: str, expected: Any, **kw: Any) -> NumberCheck:
        return NumberCheck(name=name, texts=self._texts(name), expected=expected, **kw)

    def choice(self, name: str, expected: str, options: Iterable[str], **kw: Any) -> ChoiceCheck:
        return ChoiceCheck(name=name, texts=self._texts(name), expected=expected, options=tuple(options), **kw)

    def set(self, name: str, expected: Iterable[Any], **kw: Any) -> SetCheck:
        return SetCheck(name=name, texts=self._texts(name), expected=tuple(expected), **kw)

    def predicate(self, name: str, judge: Callable[[Any], str | None], **kw: Any) -> PredicateCheck:
        return PredicateCheck(name=name, texts=self._texts(name), judge=judge, **kw)
