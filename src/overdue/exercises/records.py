"""Exercise records: one exercise is ONE record in ``content/exercises/lessonNN.yaml``.

A record holds everything a learner sees and everything the check compares against: the statement,
the options in their order, the expected answer, the unit and tolerance of a number, the hints, the
solution and the messages for wrong answers. The notebooks show it with one call::

    from overdue.exercises import show_exercise
    show_exercise("l03_collector_claim")     # heading, statement, options (A, B, C ...), the task

and `overdue.exercises.base.Exercises` builds the check from the same record, so the letter of the
right option comes from the option's place in the list: moving an option moves its letter in the
statement, in the check, in the solution and in every message at once.

File format (the strict loader rejects duplicate keys and unknown fields, naming file, line and id)::

    exercises:
      - id: l03_collector_claim        # lNN_<name>; the check is `lessonNN.<name>` (ex.collector_claim)
        kind: choice                   # number | choice | set | plan (see below)
        title: {zh: "练习 3：催收员的说法（判断）"}
        statement: {zh: "催收员在电话里说……下面哪个回应最恰当？"}     # markdown, before the options
        options:                       # in the order shown: A, B, C ... (labels: letters | numbers | ids)
          - {id: refuse_all, text: {zh: "……"}, feedback: {zh: "shown when this wrong option is chosen"}}
          - ...
        task: {zh: "把选项字母写在 `answer3`（例如 `\\"A\\"`）。"}   # markdown, after the options
        answer: ask_details            # the right option's id (set: a list of ids; number: a number)
        hints: [{zh: ...}, ...]
        solution: {zh: "answer3 = [[answer]]\\n[[ask_details]] 最恰当：……"}
        right: {zh: ...}               # optional
        wrong: {zh: ...}               # optional
        messages: {key: {zh: ...}}     # optional: what a check's code (diagnose, judge) may name

``[[option_id]]`` in any text is replaced by the option's label (its letter or number) and
``[[answer]]`` by the right answer as the learner writes it (``"C"``, ``{1, 3, 4, 6}``), so no text
repeats a letter that a reorder would make wrong. ``[[part]]`` and ``[[part.option]]`` name parts.

Kinds: ``number`` (``answer`` a number, or ``computed`` when the engine computes it in lessonNN.py;
``tolerance`` and ``unit``), ``choice`` (one option; ``answer: computed`` when code picks the option
id, e.g. from the rule pack), ``set`` (several options), ``plan`` (judged by code in lessonNN.py: a
menu of ``options`` whose numbers the code reads from here, or ``parts`` each with its own answer,
or ``answer: computed``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ..contentfiles import ContentError, content_dir, read_yaml
from ..quiz.models import Id, Text, _Strict, content_problem
from ..quiz.problems import QuizContentError, from_validation_error

EXERCISE_ID = r"^l[0-9]{2}_[a-z0-9_]+$"
COMPUTED = "computed"
PLACEHOLDER = re.compile(r"\[\[([a-z0-9_.]+)\]\]")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OPTION_SEPARATOR = "\u3000"  # between a part's options on one line, as the lessons write them


class Option(_Strict):
    id: Id
    text: Text
    feedback: Text | None = None  # choice: shown when this (wrong) option is chosen; plan: when picked


class Part(_Strict):
    """One question of a plan answered as a dict (``{"开门前": "B", ...}``, ``{1: "110", ...}``)."""

    id: Id
    text: Text
    options: list[Option] = Field(default_factory=list)  # lettered A, B, C on the part's line
    answer: str  # an option id when the part has options, else the value itself ("110")
    feedback: Text | None = None  # shown when this part is answered wrong (message key wrong_<label>)

    @model_validator(mode="after")
    def _answer_is_an_option(self):
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise content_problem("options", "选项 id 重复")
        if self.options and self.answer not in ids:
            raise content_problem("answer", f"答案 “{self.answer}” 不是这一问的选项之一（可选：{', '.join(ids)}）")
        return self


class Exercise(_Strict):
    id: str = Field(pattern=EXERCISE_ID, max_length=80)
    kind: Literal["number", "choice", "set", "plan"]
    title: Text
    statement: Text | None = None
    options: list[Option] = Field(default_factory=list)
    labels: Literal["letters", "numbers", "ids"] | None = None  # default: choice letters, else numbers
    parts: list[Part] = Field(default_factory=list)
    part_labels: Literal["letters", "numbers", "text"] = "numbers"
    task: Text | None = None
    answer: Decimal | str | list[str] | None = None
    unit: str = ""
    tolerance: Decimal | None = Field(default=None, ge=0)
    hints: list[Text] = Field(min_length=1)
    solution: Text
    right: Text | None = None
    wrong: Text | None = None
    messages: dict[str, Text] = Field(default_factory=dict)

    @field_validator("answer", mode="before")
    @classmethod
    def _number_as_decimal(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("应为数字、选项 id 或 computed")
        return Decimal(str(value)) if isinstance(value, int | float) else value

    @model_validator(mode="after")
    def _consistent(self):
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise content_problem("options", "选项 id 重复")
        if len({p.id for p in self.parts}) != len(self.parts):
            raise content_problem("parts", "id 重复")
        if self.statement is None and not self.options and not self.parts:
            raise content_problem("statement", "题目要有题干（statement）或选项")
        a = self.answer
        if self.kind == "number":
            if not (isinstance(a, Decimal) or a == COMPUTED):
                raise content_problem("answer", "数字题的答案应为一个数字，或 computed（由引擎算出）")
            if self.tolerance is None:
                raise content_problem("tolerance", "数字题要写 tolerance（允许的误差，例如 0.01）")
        elif self.kind == "choice":
            if len(self.options) < 2:
                raise content_problem("options", "单选题至少要有 2 个选项")
            if a != COMPUTED and a not in ids:
                raise content_problem("answer", f"答案 “{a}” 不是选项之一（可选：{', '.join(ids)}）")
        elif self.kind == "set":
            if not isinstance(a, list) or not a:
                raise content_problem("answer", "多选题的答案应为选项 id 的列表")
            bad = [x for x in a if x not in ids]
            if bad:
                raise content_problem("answer", f"“{bad[0]}” 不是选项之一（可选：{', '.join(ids)}）")
        elif self.kind == "plan":
            if isinstance(a, list):
                bad = [x for x in a if x not in ids]
                if bad:
                    raise content_problem("answer", f"“{bad[0]}” 不是菜单上的一项（可选：{', '.join(ids)}）")
            elif a not in (None, COMPUTED):
                raise content_problem("answer", "短计划的答案应为菜单 id 的列表、computed，或写在各个 parts 里")
            if a is None and not self.parts:
                raise content_problem("answer", "短计划要写 answer，或者在 parts 里写每一问的答案")
        if self.kind != "number" and (self.tolerance is not None or self.unit):
            raise content_problem("tolerance", "只有数字题（kind: number）才写 tolerance 和 unit")
        for where, body in self._texts():
            for name in PLACEHOLDER.findall(body):
                if name not in self.label_names():
                    raise content_problem(where, f"[[{name}]] 不是这道题的选项、问题或 answer")
        return self

    # -- labels -------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The check's name in lessonNN.py (the id without its ``lNN_`` prefix)."""
        return self.id.split("_", 1)[1]

    @property
    def lesson(self) -> int:
        return int(self.id[1:3])

    @property
    def label_style(self) -> str:
        return self.labels or ("letters" if self.kind == "choice" else "numbers")

    def label(self, option_id: str) -> str | int:
        """What the learner writes for an option: its letter, its number or its id."""
        index = [o.id for o in self.options].index(option_id)
        return _label(self.label_style, index, option_id)

    def option_labels(self) -> list[str | int]:
        return [self.label(o.id) for o in self.options]

    def part_key(self, part: Part) -> str | int:
        """The key of a part in the learner's dict: its number, its letter or its text."""
        index = self.parts.index(part)
        return part.text.zh if self.part_labels == "text" else _label(self.part_labels, index, part.id)

    def part_value(self, part: Part) -> str:
        if part.options:
            return LETTERS[[o.id for o in part.options].index(part.answer)]
        return part.answer

    def expected(self) -> Any:
        """The right answer as the learner writes it (``"C"``, ``{1, 3}``, ``[7, 4]``, a dict)."""
        a = self.answer
        if a == COMPUTED:
            return None
        if self.kind == "number":
            return a
        if self.kind == "choice":
            return self.label(a)
        if self.kind == "set":
            return {self.label(x) for x in a}
        if isinstance(a, list):
            return [self.label(x) for x in a]
        return {self.part_key(p): self.part_value(p) for p in self.parts}

    def answer_literal(self) -> str:
        """`expected` written as Python, in the order of the options (for solutions)."""
        a, want = self.answer, self.expected()
        if want is None:
            return COMPUTED
        if self.kind == "number":
            return str(want)
        if self.kind == "choice":
            return _literal(want)
        if self.kind == "set":
            ordered = [self.label(o.id) for o in self.options if o.id in a]
            return "{" + ", ".join(_literal(x) for x in ordered) + "}"
        if isinstance(a, list):
            return "[" + ", ".join(_literal(x) for x in want) + "]"
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in want.items()) + "}"

    def label_names(self) -> dict[str, str]:
        names = {o.id: str(self.label(o.id)) for o in self.options}
        for part in self.parts:
            names[part.id] = str(self.part_key(part))
            for i, o in enumerate(part.options):
                names[f"{part.id}.{o.id}"] = LETTERS[i]
        if self.answer != COMPUTED and self.answer is not None or self.parts:
            names["answer"] = ""  # filled lazily by `fill` (needs a valid record)
        return names

    def fill(self, body: str) -> str:
        """`body` with every ``[[name]]`` replaced by its label (``[[answer]]``: the right answer)."""
        names = self.label_names()
        if "answer" in names:
            names["answer"] = self.answer_literal()
        return PLACEHOLDER.sub(lambda m: names[m.group(1)], body)

    def _texts(self) -> Iterator[tuple[str, str]]:
        for field in ("statement", "task", "solution", "right", "wrong"):
            value = getattr(self, field)
            if value is not None:
                yield field, value.zh
        for i, hint in enumerate(self.hints):
            yield f"hints.#{i + 1}", hint.zh
        for key, value in self.messages.items():
            yield f"messages.{key}", value.zh
        for o in self.options:
            if o.feedback is not None:
                yield f"options.{o.id}.feedback", o.feedback.zh
        for p in self.parts:
            if p.feedback is not None:
                yield f"parts.{p.id}.feedback", p.feedback.zh

    # -- what the learner sees ----------------------------------------------------------------
    def markdown(self) -> str:
        """Heading, statement, options and task, as the notebooks show them."""
        blocks = [f"## {self.title.zh}"]
        if self.statement is not None:
            blocks.append(self.fill(self.statement.zh))
        if self.options:
            blocks.append("\n".join(self._option_line(o) for o in self.options))
        if self.parts:
            blocks.append("\n".join(self._part_line(p) for p in self.parts))
        if self.task is not None:
            blocks.append(self.fill(self.task.zh))
        return "\n\n".join(blocks)

    def _option_line(self, o: Option) -> str:
        if self.label_style == "ids":
            return f"- {o.text.zh}（`{o.id}`）"
        if self.label_style == "letters":
            return f"- {self.label(o.id)}. {o.text.zh}"
        return f"{self.label(o.id)}. {o.text.zh}"

    def _part_line(self, p: Part) -> str:
        if p.options:
            choices = OPTION_SEPARATOR.join(f"{LETTERS[i]}. {o.text.zh}" for i, o in enumerate(p.options))
            return f"- **{self.part_key(p)}**：{choices}"
        if self.part_labels == "numbers":
            return f"{self.part_key(p)}. {p.text.zh}"
        return f"- {self.part_key(p)}. {p.text.zh}"

    def check_texts(self) -> dict[str, Any]:
        """The texts a check shows (`overdue.exercises.base.Check`), placeholders filled."""
        texts: dict[str, Any] = {
            "title": {"zh": self.title.zh},
            "hints": [{"zh": self.fill(h.zh)} for h in self.hints],
            "solution": {"zh": self.fill(self.solution.zh)},
        }
        for field in ("right", "wrong"):
            value = getattr(self, field)
            if value is not None:
                texts[field] = {"zh": self.fill(value.zh)}
        messages = {key: {"zh": self.fill(value.zh)} for key, value in self.messages.items()}
        for o in self.options:
            if o.feedback is not None:
                key = f"chose_{self.label(o.id)}" if self.kind == "choice" else f"picked_{o.id}"
                messages[key] = {"zh": self.fill(o.feedback.zh)}
        for p in self.parts:
            if p.feedback is not None:
                messages[f"wrong_{self.part_key(p)}"] = {"zh": self.fill(p.feedback.zh)}
        texts["messages"] = messages
        return texts


def _label(style: str, index: int, option_id: str) -> str | int:
    if style == "letters":
        return LETTERS[index]
    if style == "numbers":
        return index + 1
    return option_id


def _literal(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


class ExerciseSet(_Strict):
    exercises: list[Exercise] = Field(min_length=1)

    def by_name(self, name: str) -> Exercise:
        for e in self.exercises:
            if e.name == name:
                return e
        raise KeyError(name)


class Shown:
    """What `show_exercise` returns: markdown in a notebook, the same text in a terminal."""

    def __init__(self, body: str):
        self.body = body

    def _repr_markdown_(self) -> str:
        return self.body

    def __repr__(self) -> str:
        return self.body

    __str__ = __repr__


def parse_set(data: Any, file: str) -> ExerciseSet:
    """Validate one file's data; every problem names the file, the line and the exercise id."""
    try:
        found = ExerciseSet.model_validate(data)
    except ValidationError as exc:
        problems = from_validation_error(file, data, exc)
        raise QuizContentError([_name_exercise(p) for p in problems]) from None
    number = file.removeprefix("lesson").removesuffix(".yaml")
    problems = [
        f"{file}: 练习 {e.id}: id 应以 l{number}_ 开头（这个文件是第 {number} 课的练习）"
        for e in found.exercises if number.isdigit() and e.id[1:3] != number
    ]
    seen: set[str] = set()
    for e in found.exercises:
        if e.name in seen:
            problems.append(f"{file}: 练习 {e.id}: id 重复")
        seen.add(e.name)
    if problems:
        raise ContentError("\n".join(problems))
    return found


def _name_exercise(problem):
    """Items of the ``exercises`` list are called 练习 (the quiz's table knows questions, scenes ...)."""
    item = re.sub(r"^第 (l[0-9]{2}_)", r"练习 \1", problem.item)
    return type(problem)(file=problem.file, message=problem.message, item=item, field=problem.field,
                         line=problem.line)


def load_set(lesson: str, folder: Path | None = None) -> ExerciseSet:
    """The records of one exercise set (``content/exercises/<lesson>.yaml``), validated."""
    path = (folder or content_dir()) / "exercises" / f"{lesson}.yaml"
    return parse_set(read_yaml(path), path.name)


def check_set(lesson: str, folder: Path | None = None) -> ExerciseSet:
    """Validate a set's records and build its checks (`python -m overdue check`): a record whose
    answer the code must compute but does not, or a check without a record, is an error."""
    import importlib

    found = load_set(lesson, folder)
    module = importlib.import_module(f"overdue.exercises.{lesson}")  # its `ex.finish` raises on drift
    missing = [e.id for e in found.exercises if not hasattr(module, e.name)]
    if missing:
        raise ContentError(f"{lesson}.yaml: 练习 {missing[0]} 没有检查（overdue.exercises.{lesson}）")
    return found


@cache
def _shipped(lesson: str) -> ExerciseSet:
    return load_set(lesson)


def shipped_set(lesson: str) -> ExerciseSet:
    return _shipped(lesson)


def all_records() -> dict[str, Exercise]:
    """Every exercise of the course by id (the sets the manifest names)."""
    from ..manifest import course

    found: dict[str, Exercise] = {}
    for lesson in course().with_exercises():
        for e in shipped_set(lesson.exercises).exercises:
            found[e.id] = e
    return found


def record(exercise_id: str) -> Exercise:
    try:
        return all_records()[exercise_id]
    except KeyError:
        raise ContentError(f"没有 id 为 “{exercise_id}” 的练习（content/exercises/*.yaml）") from None


def show_exercise(exercise_id: str) -> Shown:
    """The exercise's heading, statement, options and task, from its record."""
    return Shown(record(exercise_id).markdown())


SHOW_CALL = re.compile(r"""^show_exercise\(\s*["'](?P<id>[^"']+)["']\s*\)$""")


def shown_id(source: str) -> str | None:
    """The id a notebook cell shows, when the cell is exactly one ``show_exercise("...")`` call."""
    m = SHOW_CALL.match(source.strip())
    return m.group("id") if m else None
