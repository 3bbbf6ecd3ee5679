"""The question types: one row of `TYPES` per type says everything the course does with an answer.

    row = question_type(q.type)
    value = row.read(q, answer)        # what a learner sent -> the value graded (AnswerError if unreadable)
    row.grade(q, value)                # right or not
    row.details(q, value, correct)     # feedback lines on that answer
    row.right_text(q)                  # the right answer in words (the notebook's 看答案)
    row.answer_text(q, value)          # an answer in words (phones, dashboard, CSV); stored values too
    row.store(q, value)                # the JSON value the workshop stores (the engine reads it back)
    row.tally(q, [(stored, n), ...])   # the dashboard's bars
    row.shuffle                        # how options are ordered for one person (`engine.option_order`)

Plain Python: the quiz engine, the workshop's flow and statistics read this table. The two views
draw each type from registries keyed by the same names: `quiz.views.INPUTS` (the notebook's widgets)
and `workshop.participant.PAGE_INPUTS` (the phone page's buttons); `registry_problems` says what a
registry lacks or has too many, and tests/test_quiz_types.py fails on it.

A new type: its model in `models.py` (`QUESTION_TYPES`), a row here, an input in each registry.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import inputs
from ..i18n import text, ui
from ..inputs import InputError
from .models import Option

MAX_NUMERIC_BARS = 5  # the dashboard shows the most common numbers, the rest as one bar 其他


class AnswerError(ValueError):
    """The answer could not be read; the message is Chinese and tells the learner what to do."""


@dataclass(frozen=True)
class Bar:
    """One bar of the dashboard's chart (plain data; `workshop.plots` draws it)."""

    label: str  # Chinese text shown beside the bar
    count: int
    correct: bool | None = None  # True: this is (part of) the right answer
    key: str = ""  # option id / answer JSON / choice id


# ------------------------------------------------------------------------------------------ reading


def _option_id(value: Any) -> str:
    return value.id if isinstance(value, Option) else value


def _read_single(q, answer):
    answer = _option_id(answer)
    if not isinstance(answer, str) or answer not in q.option_ids:
        raise AnswerError(ui("quiz.choose_one"))
    return answer


def _read_multiple(q, answer):
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        answer = [] if answer is None else [answer]
    ids = [_option_id(a) for a in answer]
    if not ids:
        raise AnswerError(ui("quiz.choose_some"))
    if any(a not in q.option_ids for a in ids):
        raise AnswerError(ui("quiz.choose_some"))
    return sorted(set(ids), key=q.option_ids.index)


TRUE_WORDS = {"true": True, "事实": True, "对": True, "false": False, "误区": False, "错": False}


def _read_truefalse(q, answer):
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, str) and answer.strip().lower() in TRUE_WORDS:
        return TRUE_WORDS[answer.strip().lower()]
    raise AnswerError(ui("quiz.choose_truefalse"))


def _read_ordering(q, answer):
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        raise AnswerError(ui("quiz.order_all"))
    ids = [_option_id(a) for a in answer]
    if sorted(ids) != sorted(q.option_ids):
        raise AnswerError(ui("quiz.order_all"))
    return ids


def parse_number(value: Any, unit: str = "") -> float:
    """A number from what a learner typed: '1,234.5', '１２３４', '18.25%', '5 元', '￥１，２００' ... (AnswerError
    if not). Read by `overdue.inputs` (a trailing % is dropped: the question's unit says what it is)."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value)
        if unit:
            value = value.replace(unicodedata.normalize("NFKC", unit), "")
    try:
        number = float(inputs.number(value, "answer", percent="drop"))
    except (InputError, OverflowError):
        raise AnswerError(ui("quiz.bad_number")) from None
    if not math.isfinite(number):
        raise AnswerError(ui("quiz.bad_number"))
    return number


def _read_numeric(q, answer):
    return parse_number(answer, text(q.unit))


# ------------------------------------------------------------------------------------------ grading


def _grade_single(q, a):
    return a == q.answer


def _grade_multiple(q, a):
    return set(a) == set(q.answer)


def _grade_truefalse(q, a):
    return a is q.answer


def _grade_ordering(q, a):
    return list(a) == list(q.answer)


def _grade_numeric(q, a):
    return abs(a - q.answer) <= q.tolerance + 1e-9


# ------------------------------------------------------------------------------------------ feedback


def _option_feedback(q, a):
    chosen = [a] if isinstance(a, str) else list(a)
    return [f"{text(q.option(i).text)}：{text(q.option(i).feedback)}" for i in chosen if q.option(i).feedback]


def _question_feedback(q, correct):
    return [text(q.feedback.correct if correct else q.feedback.wrong)] if getattr(q, "feedback", None) else []


def _details_options(q, a, correct):
    return _option_feedback(q, a) + _question_feedback(q, correct)


def _details_multiple(q, a, correct):
    missed = 0 if correct else len(set(q.answer) - set(a))
    return _option_feedback(q, a) + ([ui("quiz.missed", n=missed)] if missed else []) + _question_feedback(q, correct)


def _details_fixed(q, a, correct):
    return [text(q.feedback.correct if correct else q.feedback.wrong)]


def _details_ordering(q, a, correct):
    out = _details_fixed(q, a, correct)
    if not correct:
        right = sum(1 for x, y in zip(a, q.answer, strict=True) if x == y)
        out.append(ui("quiz.order_right_places", right=right, total=len(q.answer)))
    return out


# ----------------------------------------------------------------------------------------- in words


def _right_single(q):
    return text(q.option(q.answer).text)


def _right_multiple(q):
    return "；".join(text(q.option(i).text) for i in q.answer)


def _right_truefalse(q):
    return ui("quiz.fact") if q.answer else ui("quiz.myth")


def _right_ordering(q):
    return " → ".join(f"{n}. {text(q.option(i).text)}" for n, i in enumerate(q.answer, 1))


def _right_numeric(q):
    value = f"{q.answer:,.10g}" if abs(q.answer) < 1e15 else str(q.answer)
    return f"{value} {text(q.unit)}".strip()


def _option_texts(q, answer, joiner: str) -> str:
    parts = []
    for oid in [answer] if isinstance(answer, str) else list(answer):
        try:
            parts.append(text(q.option(oid).text))
        except KeyError:  # an option removed since the answer was stored: keep its id
            parts.append(str(oid))
    return joiner.join(parts)


def _text_choices(q, answer):
    return _option_texts(q, answer, "；")


def _text_ordering(q, answer):
    return _option_texts(q, answer, " → ")


def _text_truefalse(q, answer):
    return ui("workshop.fact") if answer else ui("workshop.myth")


def _text_numeric(q, answer):
    return f"{answer:g} {text(q.unit)}".strip() if isinstance(answer, int | float) else str(answer)


# ------------------------------------------------------------------------------------------ storing


def _as_is(q, value):
    return value


def _store_multiple(q, value):
    return sorted(value)


# ---------------------------------------------------------------------------------------- tallying


def _tally_options(q, answers):
    """A bar per option (in the bank's order) with how many chose it; the right ones marked."""
    counts: Counter[str] = Counter()
    for ans, n in answers:
        for oid in [ans] if isinstance(ans, str) else ans:
            counts[oid] += n
    right = {q.answer} if isinstance(q.answer, str) else set(q.answer)
    return [Bar(text(o.text), counts.get(o.id, 0), o.id in right, o.id) for o in q.options]


def _tally_truefalse(q, answers):
    counts: Counter[bool] = Counter()
    for ans, n in answers:
        counts[bool(ans)] += n
    return [
        Bar(ui("workshop.fact"), counts.get(True, 0), q.answer is True, "true"),
        Bar(ui("workshop.myth"), counts.get(False, 0), q.answer is False, "false"),
    ]


def _tally_numeric(q, answers):
    """The MAX_NUMERIC_BARS most common numbers, marked right within the tolerance; the rest 其他."""
    counts: Counter[float] = Counter()
    for ans, n in answers:
        counts[round(float(ans), 6)] += n
    top = counts.most_common(MAX_NUMERIC_BARS)
    bars = [Bar(_text_numeric(q, v), c, _grade_numeric(q, v), repr(v)) for v, c in top]
    rest = sum(counts.values()) - sum(c for _, c in top)
    if rest:
        bars.append(Bar(ui("workshop.dash.other"), rest, None, "other"))
    return bars


def _tally_ordering(q, answers):
    """Right order or not."""
    ok = sum(n for ans, n in answers if _grade_ordering(q, ans))
    total = sum(n for _, n in answers)
    return [
        Bar(ui("workshop.dash.right_order"), ok, True, "right"),
        Bar(ui("workshop.dash.wrong_order"), total - ok, False, "wrong"),
    ]


# ------------------------------------------------------------------------------------------- table


@dataclass(frozen=True)
class QuestionType:
    """Everything the course does with one type of answer (one row of `TYPES`)."""

    read: Callable[[Any, Any], Any]  # what a learner sent -> the value graded; AnswerError if unreadable
    grade: Callable[[Any, Any], bool]  # the value read -> right or not
    details: Callable[[Any, Any, bool], list[str]]  # feedback lines on the value read
    right_text: Callable[[Any], str]  # the right answer in words (notebook 看答案)
    answer_text: Callable[[Any, Any], str]  # a value read or stored, in words (phones, dashboard, CSV)
    tally: Callable[[Any, list[tuple[Any, int]]], list[Bar]]  # (stored value, how many) -> the dashboard's bars
    store: Callable[[Any, Any], Any] = _as_is  # the value read -> the JSON value the workshop stores
    shuffle: str = "no"  # "bank": shuffled per person if the bank shuffles; "always": also never in order


TYPES: dict[str, QuestionType] = {
    "single": QuestionType(
        _read_single, _grade_single, _details_options, _right_single, _text_choices, _tally_options,
        shuffle="bank",
    ),
    "multiple": QuestionType(
        _read_multiple, _grade_multiple, _details_multiple, _right_multiple, _text_choices, _tally_options,
        store=_store_multiple, shuffle="bank",
    ),
    "truefalse": QuestionType(
        _read_truefalse, _grade_truefalse, _details_fixed, _right_truefalse, _text_truefalse, _tally_truefalse,
    ),
    "ordering": QuestionType(
        _read_ordering, _grade_ordering, _details_ordering, _right_ordering, _text_ordering, _tally_ordering,
        shuffle="always",
    ),
    "numeric": QuestionType(
        _read_numeric, _grade_numeric, _details_fixed, _right_numeric, _text_numeric, _tally_numeric,
    ),
}

SHUFFLES = ("no", "bank", "always")


class UnknownQuestionType(LookupError):
    """A question's type has no row in a table (a maintainer's error: the message says where)."""


def question_type(name: str) -> QuestionType:
    """The row of `TYPES` for a question type."""
    try:
        return TYPES[name]
    except KeyError:
        raise UnknownQuestionType(
            f"question type {name!r} has no row in overdue.quiz.types.TYPES (known: {', '.join(TYPES)})"
        ) from None


def renderer(registry: Mapping[str, Any], name: str, where: str) -> Any:
    """The entry of a view's registry (`where`, e.g. "quiz.views.INPUTS") for question type `name`."""
    try:
        return registry[name]
    except KeyError:
        raise UnknownQuestionType(
            f"question type {name!r} has no input in {where}: add one for each type of "
            f"overdue.quiz.types.TYPES (it has: {', '.join(registry)})"
        ) from None


def registry_problems(registry: Mapping[str, Any], where: str) -> list[str]:
    """What a view's registry lacks or has too many, against `TYPES`, in words ([] when they agree)."""
    out = [f"{where} has no input for question type {t!r}" for t in TYPES if t not in registry]
    out += [f"{where} has an input for {t!r}, which is not a type of TYPES" for t in registry if t not in TYPES]
    return out


def answer_text(q, value: Any) -> str:
    """A value read or stored, in words ("" for no answer)."""
    return "" if value is None else question_type(q.type).answer_text(q, value)


def stored_value(q, answer: Any) -> Any:
    """What a learner sent, in the form the workshop stores (AnswerError if it cannot be read)."""
    row = question_type(q.type)
    return row.store(q, row.read(q, answer))
