"""Typed models of the course's quiz content: question banks, role-plays and legal references.

These pydantic models are the schema of the YAML files described in ``spec/content_format.md`` and
in ``docs/authoring-quizzes.md``. They check the shape of a file and the rules that concern one item
(an answer must be one of the question's options, ...). Rules that need more than one item (refs that
must exist in references.yaml, ids unique across banks, the role-play graph) live in `checks`.

Every learner-visible string is a `Text`: a mapping keyed by language, ``zh`` required.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

SNAKE_ID = r"^[a-z0-9][a-z0-9_]*$"
LESSON_STEM = r"^[0-9]{2}_[a-z0-9_]+$"

Id = Annotated[str, Field(pattern=SNAKE_ID, max_length=80)]
LessonStem = Annotated[str, Field(pattern=LESSON_STEM, max_length=80)]


def content_problem(field: str, detail: str, item: tuple[str, str] | None = None) -> PydanticCustomError:
    """An error about one field of an item, raised from a model validator (the field is kept).

    `item` names a list entry (list field, id) when the error is raised by the enclosing model.
    """
    ctx: dict[str, Any] = {"field": field, "detail": detail}
    if item:
        ctx["list"], ctx["id"] = item
    return PydanticCustomError("content_check", "{field}: {detail}", ctx)


class _Strict(BaseModel):
    """Unknown fields are errors: a typo such as ``hint:`` for ``hints:`` must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A learner-visible string keyed by language: ``{zh: ..., en: ...}``; ``zh`` is required."""

    zh: str
    en: str | None = None

    @field_validator("zh")
    @classmethod
    def _zh_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("blank_text", "中文（zh）文本是空的")
        return value

    def get(self, lang: str, default: Any = None) -> Any:
        """Mapping-style access, so `overdue.i18n.text` accepts a Text."""
        value = getattr(self, lang, None) if lang in ("zh", "en") else None
        return value if value else default

    def __str__(self) -> str:  # the Chinese text; views use overdue.i18n.text for the course language
        return self.zh


class CorrectWrong(_Strict):
    """Feedback for question types without per-option feedback."""

    correct: Text
    wrong: Text


# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------

ReferenceKind = Literal[
    "law",  # 法律 (NPC or its Standing Committee): date = in force (起施行)
    "judicial_interpretation",  # 司法解释: in force (起施行)
    "judicial_policy",  # 司法指导文件 (法发〔…〕号, 会议纪要, 意见): issued (发布)
    "regulation",  # 行政法规、部门规章: in force (起施行)
    "standard",  # 推荐性国家标准 (GB/T; a mandatory GB would need its own kind): in effect (起实施)
    "industry",  # 行业自律规则 (association guidelines, conventions): issued (发布)
    "official_notice",  # a regulator's notice or announcement (通知、公告): issued (发布)
    "official_warning",  # 风险提示、预警、消费提示: issued (发布)
    "press_conference",  # 新闻发布会上的说明: the day it was said (发布)
    "published_rate",  # a published figure such as the LPR: the day it was published (公布)
    "product",  # 公开报道的产品信息: no date
    "hotline",  # a telephone number: no date
]

# What the date of each kind means, i.e. the verb shown after it. A kind missing here has no date.
KIND_DATE_VERB: dict[str, str] = {
    "law": "in_force",
    "judicial_interpretation": "in_force",
    "regulation": "in_force",
    "standard": "in_effect",
    "judicial_policy": "issued",
    "industry": "issued",
    "official_notice": "issued",
    "official_warning": "issued",
    "press_conference": "issued",
    "published_rate": "published",
}


class Reference(_Strict):
    """One entry of content/references.yaml: a law article, a standard, a hotline ..."""

    id: Id
    law: Text
    article: Text
    issuer: Text
    # The date the kind's verb names (KIND_DATE_VERB): in force for a law, issued for a notice or an
    # industry rule, published for a rate. null: the date could not be verified (shown as such).
    in_force: dt.date | None
    kind: ReferenceKind
    confidence: Literal["V", "S"]
    checked: dt.date  # the day this entry was last checked against the fact sheet
    paraphrase: Text
    url: str | None = None
    time_limited: StrictBool = False
    # time-limited facts are re-checked at least every review_days days (tests fail when overdue)
    review_days: int | None = Field(default=None, ge=1, le=366)
    # a published rate: the date of the latest reading found (shown; it is not the date checked)
    latest_reading: dt.date | None = None

    @model_validator(mode="after")
    def _review_interval(self) -> Reference:
        if self.time_limited and self.review_days is None:
            raise PydanticCustomError("no_review", "有期限的依据（time_limited: true）要写 review_days：隔多少天复核一次")
        if not self.time_limited and self.review_days is not None:
            raise PydanticCustomError("review_unused", "只有 time_limited: true 的依据才写 review_days")
        if (self.kind == "published_rate") != (self.latest_reading is not None):
            raise PydanticCustomError("latest_reading", "公布的利率（kind: published_rate）要写 latest_reading：查到的最新一次公布的日期；别的种类不写")
        return self

    @property
    def date_verb(self) -> str | None:
        """in_force | in_effect | issued | published, or None for a kind without a date."""
        return KIND_DATE_VERB.get(self.kind)

    def review_due(self) -> dt.date | None:
        """The last day this time-limited entry may go without a new check (None: not time-limited)."""
        if not self.time_limited or self.review_days is None:
            return None
        return self.checked + dt.timedelta(days=self.review_days)

    @field_validator("confidence", mode="before")
    @classmethod
    def _no_unverified(cls, value: Any) -> Any:
        if value == "U":
            raise PydanticCustomError("unverified", "只能是 V 或 S：U（未核实）的内容不能写进课程")
        return value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise PydanticCustomError("bad_url", "网址应以 https:// 或 http:// 开头")
        return value


# ---------------------------------------------------------------------------------------------
# Questions
# ---------------------------------------------------------------------------------------------


class Option(_Strict):
    """An answer option (single / multiple) or a step (ordering)."""

    id: Id
    text: Text
    feedback: Text | None = None  # required for single / multiple (checked by the question)


class _QuestionBase(_Strict):
    id: Id
    topic: Id
    difficulty: Literal[1, 2, 3]
    prompt: Text
    explanation: Text
    hints: list[Text] = Field(default_factory=list, max_length=3)
    refs: list[Id] = Field(default_factory=list)
    lesson_link: str | None = None

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in getattr(self, "options", [])]

    def option(self, option_id: str) -> Option:
        for o in getattr(self, "options", []):
            if o.id == option_id:
                return o
        raise KeyError(option_id)

    @model_validator(mode="after")
    def _unique_refs(self):
        seen: set[str] = set()
        for ref in self.refs:
            if ref in seen:
                raise content_problem("refs", f"依据 “{ref}” 写了两次")
            seen.add(ref)
        return self


def _check_option_ids(options: list[Option]) -> None:
    seen: set[str] = set()
    for o in options:
        if o.id in seen:
            raise content_problem("options", f"选项 id “{o.id}” 重复")
        seen.add(o.id)


def _check_option_feedback(options: list[Option]) -> None:
    for o in options:
        if o.feedback is None:
            raise content_problem(
                f"options.{o.id}.feedback", "每个选项都要写反馈：说明这一项为什么对或为什么不对"
            )


def _known_ids(field: str, ids: list[str], options: list[Option]) -> None:
    known = [o.id for o in options]
    for a in ids:
        if a not in known:
            raise content_problem(field, f"答案 “{a}” 不是选项之一（可选：{', '.join(known)}）")


class SingleChoice(_QuestionBase):
    """One right option among several."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2)
    answer: Id
    feedback: CorrectWrong | None = None

    @model_validator(mode="after")
    def _consistent(self):
        _check_option_ids(self.options)
        _check_option_feedback(self.options)
        _known_ids("answer", [self.answer], self.options)
        return self


class MultipleChoice(_QuestionBase):
    """Several right options; the learner must pick exactly those."""

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)
    answer: list[Id] = Field(min_length=1)
    feedback: CorrectWrong | None = None

    @model_validator(mode="after")
    def _consistent(self):
        _check_option_ids(self.options)
        _check_option_feedback(self.options)
        if len(set(self.answer)) != len(self.answer):
            raise content_problem("answer", "同一个选项写了两次")
        _known_ids("answer", self.answer, self.options)
        return self


class TrueFalse(_QuestionBase):
    """A statement that is a fact (``answer: true``, 事实) or a myth (``answer: false``, 误区)."""

    type: Literal["truefalse"]
    answer: StrictBool
    feedback: CorrectWrong


class Ordering(_QuestionBase):
    """Steps to put in order; ``answer`` lists every step id in the right order."""

    type: Literal["ordering"]
    options: list[Option] = Field(min_length=2)
    answer: list[Id]
    feedback: CorrectWrong

    @model_validator(mode="after")
    def _consistent(self):
        _check_option_ids(self.options)
        _known_ids("answer", self.answer, self.options)
        if sorted(self.answer) != sorted(self.option_ids):
            missing = [i for i in self.option_ids if i not in self.answer]
            detail = f"缺少 {', '.join(missing)}" if missing else "有步骤写了两次"
            raise content_problem("answer", f"答案要把每个步骤恰好列一次（{detail}）")
        return self


class Numeric(_QuestionBase):
    """A number, right within an absolute tolerance, with a unit (e.g. 元)."""

    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(default=0.0, ge=0)
    unit: Text
    feedback: CorrectWrong

    @field_validator("answer", mode="before")
    @classmethod
    def _no_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError("float_type", "应为数字")
        return value


Question = Annotated[
    Union[SingleChoice, MultipleChoice, TrueFalse, Ordering, Numeric],  # noqa: UP007
    Field(discriminator="type"),
]

#: The question types, by the ``type`` written in YAML (one table the loader, views and docs read).
QUESTION_TYPES: dict[str, type[_QuestionBase]] = {
    "single": SingleChoice,
    "multiple": MultipleChoice,
    "truefalse": TrueFalse,
    "ordering": Ordering,
    "numeric": Numeric,
}


class Bank(_Strict):
    """A question bank: one file content/quizzes/<bank>.yaml."""

    bank: Id
    lesson: LessonStem
    title: Text
    intro: Text | None = None
    pass_mark: float = Field(ge=0, le=1)
    reveal_after: int = Field(default=2, ge=0, le=10)
    shuffle: StrictBool = True  # shuffle options (seeded); ordering steps are always shuffled
    questions: list[Question] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_question_ids(self):
        seen: set[str] = set()
        for q in self.questions:
            if q.id in seen:
                raise content_problem(
                    "id", "题目 id 在本文件中重复（每道题的 id 必须唯一）", ("questions", q.id)
                )
            seen.add(q.id)
        return self

    def question(self, question_id: str) -> _QuestionBase:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    @property
    def refs(self) -> list[str]:
        return [r for q in self.questions for r in q.refs]


# ---------------------------------------------------------------------------------------------
# Role-plays
# ---------------------------------------------------------------------------------------------


class PathAction(_Strict):
    """One entry of content/actions.yaml: a safe action or a harm a role-play choice can contain.

    `advice` says what to do: for a safe action, how to do it; for a harm, what to do instead.
    `lesson` is the lesson that teaches it, `refs` the sources behind the advice.
    """

    id: Id
    label: Text
    advice: Text
    lesson: LessonStem
    refs: list[Id] = Field(default_factory=list)


class ActionVocabulary(_Strict):
    """content/actions.yaml: the safe actions and the harms every role-play choice is tagged with."""

    safe: list[PathAction] = Field(min_length=1)
    harms: list[PathAction] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for entry in [*self.safe, *self.harms]:
            if entry.id in seen:
                raise content_problem("id", f"“{entry.id}” 出现了两次（safe 和 harms 共用一套 id）")
            seen.add(entry.id)
        return self

    def get(self, action_id: str) -> PathAction:
        for entry in [*self.safe, *self.harms]:
            if entry.id == action_id:
                return entry
        raise KeyError(action_id)

    @property
    def safe_ids(self) -> set[str]:
        return {a.id for a in self.safe}

    @property
    def harm_ids(self) -> set[str]:
        return {a.id for a in self.harms}


class Choice(_Strict):
    """What the learner can do or say in a scene, and where it leads.

    `does` lists the safe actions the choice contains and `harms` the harms (ids of
    content/actions.yaml); the outcome of a play is computed from them, not from the last scene.
    """

    id: Id
    text: Text
    target: Id
    feedback: Text
    score: int = Field(ge=-3, le=3)
    does: list[Id] = Field(default_factory=list)
    harms: list[Id] = Field(default_factory=list)
    lessons: list[Annotated[int, Field(ge=0, le=99)]] = Field(default_factory=list)  # lessons the feedback draws on
    refs: list[Id] = Field(default_factory=list)


class Scene(_Strict):
    id: Id
    speaker: Text
    line: Text
    choices: list[Choice] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_choice_ids(self):
        seen: set[str] = set()
        for c in self.choices:
            if c.id in seen:
                raise content_problem("choices", f"选择 id “{c.id}” 在这个场景中重复")
            seen.add(c.id)
        return self

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(choice_id)


class Ending(_Strict):
    """Where a play ends. `outcome` is the best this ending can give: the play's outcome is "good"
    only when the path did every action in `requires` and contains no harm (else at most "mixed").

    The title and debrief may credit the learner only with what every path here contains: the safe
    actions they credit are listed in `praises`, the harms they say were avoided in `avoids`; the
    validator walks every path and checks both.
    """

    id: Id
    title: Text
    outcome: Literal["good", "mixed", "bad"]
    debrief: Text
    requires: list[Id] = Field(default_factory=list)
    praises: list[Id] = Field(default_factory=list)
    avoids: list[Id] = Field(default_factory=list)
    refs: list[Id] = Field(default_factory=list)


class RolePlayScript(_Strict):
    """A branching role-play: one file content/roleplays/<id>.yaml."""

    roleplay: Id
    lesson: LessonStem
    title: Text
    intro: Text
    start: Id
    scenes: list[Scene] = Field(min_length=1)
    endings: list[Ending] = Field(min_length=1)

    def scene(self, scene_id: str) -> Scene:
        for s in self.scenes:
            if s.id == scene_id:
                return s
        raise KeyError(scene_id)

    def ending(self, ending_id: str) -> Ending:
        for e in self.endings:
            if e.id == ending_id:
                return e
        raise KeyError(ending_id)

    def is_ending(self, node_id: str) -> bool:
        return any(e.id == node_id for e in self.endings)

    @property
    def refs(self) -> list[str]:
        return [r for s in self.scenes for c in s.choices for r in c.refs] + [
            r for e in self.endings for r in e.refs
        ]
