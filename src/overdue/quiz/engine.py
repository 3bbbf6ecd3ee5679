"""Quiz and role-play behaviour: plain Python objects that pytest, nbval and the views drive alike.

    quiz = Quiz(load_bank("lesson03"), seed=0, learner="default")
    fb = quiz.submit("l03_daily_to_annual", "b")   # Feedback: .correct .message .refs .score
    quiz.hint("l03_daily_to_annual")               # the next hint, in increasing detail
    quiz.reveal("l03_daily_to_annual")             # the answer, once reveal_after tries were made
    quiz.retry_wrong(); quiz.summary()

    rp = RolePlay(load_roleplay("doorstep")); rp.start(); rp.choose("ask_id"); rp.debrief()

Every action is stored in the progress store, so a new object for the same learner and bank picks up
where the last one stopped (after a kernel restart, too). ``store=False`` keeps nothing.
"""

from __future__ import annotations

import hashlib
import html
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..i18n import text, ui
from . import references as refs_mod
from .loader import load_bank, load_roleplay
from .models import Bank, Choice, Ending, Option, RolePlayScript, Scene
from .outcome import assess, load_vocabulary, path_score
from .progress import ProgressStore, default_store

# The question types (how an answer is read, graded, explained and shown) are one table, `types.TYPES`;
# these names stay importable from here.
from .types import TRUE_WORDS, TYPES, AnswerError, QuestionType, parse_number, question_type  # noqa: F401


def _store(store: ProgressStore | None | bool) -> ProgressStore | None:
    if store is False:
        return None
    if store is None or store is True:
        return default_store()
    return store


def _cite(ids: Iterable[str], refs: Any = None) -> str:
    try:
        return refs_mod.cite(list(ids), refs=refs)
    except Exception:  # a broken references file must not stop a learner's quiz
        return ""


def _ref_table(refs: Any) -> Any:
    """None: the shipped references; a path: that file; a mapping: used as is."""
    if refs is None or isinstance(refs, dict):
        return refs
    try:
        return refs_mod.load(refs)
    except Exception:
        return {}


def seeded_order(seed: int | str, *parts: str, n: int) -> list[int]:
    """A permutation of range(n) that depends only on the seed and parts (stable across processes)."""
    digest = hashlib.sha256("\x1f".join([str(seed), *parts]).encode()).digest()
    order = list(range(n))
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order


def option_order(q: Any, seed: int | str, bank_id: str, shuffle: bool = True) -> list[Option]:
    """The options of `q` in the order one person sees them: shuffled by `seed` (a learner's seed in
    the notebooks, a participant's token on the phones), stable on reload. The type's row says how
    (`types.QuestionType.shuffle`): single and multiple choices only when the bank shuffles; an
    ordering question always, and never starts in the right order."""
    options = list(getattr(q, "options", []))
    how = question_type(q.type).shuffle
    if how == "always" or (shuffle and how == "bank"):
        order = seeded_order(seed, bank_id, q.id, n=len(options))
        options = [options[i] for i in order]
        if how == "always" and [o.id for o in options] == list(q.answer):
            options = options[1:] + options[:1]  # never show the steps already in order
    return options


# --------------------------------------------------------------------------------------- results


class ShownAsLines:
    """Shows an object as its `lines()`: plain text in a terminal, escaped HTML in a notebook."""

    def lines(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        return "<br>".join(html.escape(line) for line in self.lines())


@dataclass(frozen=True)
class Feedback(ShownAsLines):
    """What a learner sees after submitting an answer."""

    question_id: str
    correct: bool
    message: str  # the headline (✔ 正确 / ✘ 不对 / what could not be read)
    details: tuple[str, ...] = ()  # feedback on each chosen option, or on the answer
    explanation: str = ""  # shown once the answer is right
    refs: tuple[str, ...] = ()
    citation: str = ""
    score: float = 0.0  # points this question now earns (0 or 1)
    tries: int = 0
    valid: bool = True  # False: the answer could not be read; nothing was recorded
    can_reveal: bool = False

    @property
    def symbol(self) -> str:
        return "✔" if self.correct else "✘"

    def lines(self) -> list[str]:
        out = [self.message, *self.details]
        if self.explanation:
            out.append(self.explanation)
        if self.citation:
            out.append(f"{ui('common.refs')}：{self.citation}")
        return out


@dataclass(frozen=True)
class Reveal:
    """The answer to a question, or why it cannot be shown yet."""

    question_id: str
    allowed: bool
    message: str
    answer_text: str = ""
    explanation: str = ""
    refs: tuple[str, ...] = ()
    citation: str = ""

    def __str__(self) -> str:
        parts = [self.message]
        if self.allowed:
            parts += [self.answer_text, self.explanation]
            if self.citation:
                parts.append(f"{ui('common.refs')}：{self.citation}")
        return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class ReviewItem:
    question_id: str
    prompt: str
    topic: str
    status: str  # wrong | revealed | unanswered
    lesson_link: str
    refs: tuple[str, ...]
    citation: str


@dataclass(frozen=True)
class Summary(ShownAsLines):
    bank: str
    total: int
    correct: int
    score: float
    fraction: float
    pass_mark: float
    passed: bool
    to_review: tuple[ReviewItem, ...]

    def lines(self) -> list[str]:
        head = ui(
            "quiz.summary_score", correct=self.correct, total=self.total, percent=round(self.fraction * 100)
        )
        verdict = (
            ui("quiz.summary_passed")
            if self.passed
            else ui("quiz.summary_not_passed", percent=round(self.pass_mark * 100))
        )
        out = [head, verdict]
        if self.to_review:
            out.append(ui("quiz.summary_review"))
            for item in self.to_review:
                line = f"· {item.prompt} （{ui('quiz.status_' + item.status)}）→ {item.lesson_link}"
                if item.citation:
                    line += f"；{ui('common.refs')}：{item.citation}"
                out.append(line)
        return out


@dataclass
class QuestionState:
    tries: int = 0
    correct: bool = False
    answered: bool = False
    revealed: bool = False
    hints_shown: int = 0
    last_answer: Any = None

    @property
    def points(self) -> float:
        return 1.0 if self.correct and not self.revealed else 0.0


def answer_text(q) -> str:
    """The right answer in words, for reveal() (the question type's row of `overdue.quiz.types.TYPES`)."""
    return question_type(q.type).right_text(q)


# --------------------------------------------------------------------------------------------- Quiz


class Quiz:
    """A learner working through one bank. State lives here; views only render and forward."""

    KIND = "quiz"

    def __init__(
        self,
        bank: Bank | str,
        seed: int = 0,
        learner: str = "default",
        store: ProgressStore | None | bool = None,
        refs: Any = None,
    ):
        self.refs = _ref_table(refs)
        self.bank = bank if isinstance(bank, Bank) else load_bank(bank, refs=self.refs)
        self.seed = seed
        self.learner = learner
        self.store = _store(store)
        self.round = 1
        self._states: dict[str, QuestionState] = {q.id: QuestionState() for q in self.bank.questions}
        self._round_ids: list[str] = [q.id for q in self.bank.questions]
        self._resume()

    # ------------------------------------------------------------------ content access

    @property
    def questions(self) -> list:
        return list(self.bank.questions)

    @property
    def notice(self) -> str | None:
        """A Chinese message when the progress store had to be reset or lives in memory."""
        return self.store.notice if self.store else None

    def question(self, question_id: str):
        try:
            return self.bank.question(question_id)
        except KeyError:
            raise KeyError(f"no question {question_id!r} in bank {self.bank.bank!r}") from None

    def options(self, question_id: str) -> list[Option]:
        """The question's options in the order this learner sees them (seeded, stable on reload)."""
        return option_order(self.question(question_id), self.seed, self.bank.bank, self.bank.shuffle)

    def state(self, question_id: str) -> QuestionState:
        self.question(question_id)
        return self._states[question_id]

    @property
    def current_round(self) -> list[str]:
        """Ids of the questions in this round (all at first; the wrong ones after retry_wrong())."""
        return list(self._round_ids)

    # ------------------------------------------------------------------ actions

    def _record(
        self,
        item: str,
        action: str,
        answer: Any = None,
        correct: bool | None = None,
        points: float | None = None,
    ) -> None:
        if self.store:
            self.store.record(self.learner, self.KIND, self.bank.bank, item, action, answer, correct, points)

    def can_reveal(self, question_id: str) -> bool:
        st = self.state(question_id)
        return st.correct or st.revealed or st.tries >= self.bank.reveal_after

    def submit(self, question_id: str, answer: Any) -> Feedback:
        """Grade an answer, store it, and say why it is right or wrong.

        single: an option id; multiple: option ids; truefalse: True (事实) / False (误区);
        ordering: every step id in order; numeric: a number or the text typed ("1,234.5").
        An answer that cannot be read is not counted: Feedback.valid is False and the message says why.
        """
        q = self.question(question_id)
        st = self._states[question_id]
        qtype = question_type(q.type)
        try:
            value = qtype.read(q, answer)
        except AnswerError as exc:
            return Feedback(
                question_id,
                False,
                str(exc),
                tries=st.tries,
                valid=False,
                score=st.points,
                can_reveal=self.can_reveal(question_id),
            )
        correct = qtype.grade(q, value)
        self._apply_submit(st, value, correct)
        self._record(question_id, "submit", value, correct, st.points)
        return self._feedback(q, st, value, correct)

    def _apply_submit(self, st: QuestionState, value: Any, correct: bool) -> None:
        st.tries += 1
        st.answered = True
        st.correct = correct
        st.last_answer = value

    def _feedback(self, q, st: QuestionState, value: Any, correct: bool) -> Feedback:
        details = question_type(q.type).details(q, value, correct)
        message = ui("common.correct") if correct else ui("common.wrong")
        if not correct and self.can_reveal(q.id) and not st.revealed:
            details = [*details, ui("quiz.may_reveal")]
        elif not correct and q.hints and st.hints_shown < len(q.hints):
            details = [*details, ui("quiz.try_hint")]
        return Feedback(
            question_id=q.id,
            correct=correct,
            message=message,
            details=tuple(details),
            explanation=text(q.explanation) if correct or st.revealed else "",
            refs=tuple(q.refs),
            citation=_cite(q.refs, self.refs),
            score=st.points,
            tries=st.tries,
            can_reveal=self.can_reveal(q.id),
        )

    def last_feedback(self, question_id: str) -> Feedback | None:
        """The feedback on the learner's last answer (after a restart, too), or None if unanswered."""
        q = self.question(question_id)
        st = self._states[question_id]
        if not st.answered:
            return None
        try:
            value = question_type(q.type).read(q, st.last_answer)
        except AnswerError:
            return None
        return self._feedback(q, st, value, st.correct)

    def hint(self, question_id: str) -> str:
        """The next hint (each call a more detailed one; the last repeats)."""
        q = self.question(question_id)
        st = self._states[question_id]
        if not q.hints:
            return ui("quiz.no_hint")
        index = min(st.hints_shown, len(q.hints) - 1)
        if st.hints_shown < len(q.hints):
            st.hints_shown += 1
            self._record(question_id, "hint", index)
        return ui("quiz.hint_n", n=index + 1, total=len(q.hints), hint=text(q.hints[index]))

    def reveal(self, question_id: str) -> Reveal:
        """The answer with its explanation, allowed after `bank.reveal_after` tries (or once right).

        A revealed question earns no points until it is answered again in a retry round.
        """
        q = self.question(question_id)
        st = self._states[question_id]
        if not self.can_reveal(question_id):
            left = self.bank.reveal_after - st.tries
            return Reveal(question_id, False, ui("quiz.reveal_later", n=left))
        if not st.revealed and not st.correct:
            st.revealed = True
            self._record(question_id, "reveal")
        return Reveal(
            question_id,
            True,
            ui("quiz.reveal_title"),
            answer_text=answer_text(q),
            explanation=text(q.explanation),
            refs=tuple(q.refs),
            citation=_cite(q.refs, self.refs),
        )

    def wrong_ids(self) -> list[str]:
        """Questions not (yet) answered right without a reveal, in bank order."""
        return [q.id for q in self.bank.questions if self._states[q.id].points == 0]

    def retry_wrong(self) -> list[str]:
        """Start a new round with the questions still wrong, revealed or unanswered; returns their ids."""
        ids = self.wrong_ids()
        if ids:
            self._apply_retry(ids)
            self._record("", "retry", ids)
        return ids

    def _apply_retry(self, ids: list[str]) -> None:
        self.round += 1
        self._round_ids = list(ids)
        for i in ids:
            if i in self._states:
                self._states[i] = QuestionState()

    def reset(self) -> None:
        """Forget this learner's progress on this bank (in the store, too)."""
        if self.store:
            self.store.reset(self.learner, self.KIND, self.bank.bank)
        self.round = 1
        self._states = {q.id: QuestionState() for q in self.bank.questions}
        self._round_ids = [q.id for q in self.bank.questions]

    def history(self):
        """Every stored action of this learner on this bank, oldest first (for review)."""
        return self.store.attempts(self.learner, self.KIND, self.bank.bank) if self.store else []

    def _resume(self) -> None:
        for a in self.history():
            if a.action == "retry":
                self._apply_retry([i for i in (a.answer or []) if i in self._states])
            elif a.item not in self._states:
                continue  # a question removed from the bank since
            elif a.action == "submit":
                self._apply_submit(self._states[a.item], a.answer, bool(a.correct))
            elif a.action == "hint":
                self._states[a.item].hints_shown += 1
            elif a.action == "reveal":
                self._states[a.item].revealed = True

    # ------------------------------------------------------------------ results

    @property
    def score(self) -> float:
        return sum(st.points for st in self._states.values())

    @property
    def max_score(self) -> float:
        return float(len(self._states))

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0

    @property
    def passed(self) -> bool:
        return self.fraction >= self.bank.pass_mark - 1e-9

    @property
    def finished(self) -> bool:
        """Every question of the current round has been answered or revealed."""
        return all(self._states[i].answered or self._states[i].revealed for i in self._round_ids)

    def summary(self) -> Summary:
        """Score, pass or not, and what to review with the lesson link and references."""
        review = []
        for q in self.bank.questions:
            st = self._states[q.id]
            if st.points:
                continue
            status = "revealed" if st.revealed else ("wrong" if st.answered else "unanswered")
            review.append(
                ReviewItem(
                    q.id,
                    text(q.prompt),
                    q.topic,
                    status,
                    q.lesson_link or f"{self.bank.lesson}.ipynb",
                    tuple(q.refs),
                    _cite(q.refs, self.refs),
                )
            )
        correct = sum(1 for st in self._states.values() if st.points)
        return Summary(
            self.bank.bank,
            len(self._states),
            correct,
            self.score,
            self.fraction,
            self.bank.pass_mark,
            self.passed,
            tuple(review),
        )


# ----------------------------------------------------------------------------------------- RolePlay


@dataclass(frozen=True)
class Step:
    """Where the learner is: a scene with its choices, or an ending; plus feedback on the last choice."""

    scene: Scene | None
    ending: Ending | None
    last_choice: Choice | None = None
    score: int = 0

    @property
    def finished(self) -> bool:
        return self.ending is not None

    @property
    def feedback(self) -> str:
        return choice_feedback(self.last_choice) if self.last_choice else ""

    @property
    def choices(self) -> list[Choice]:
        return list(self.scene.choices) if self.scene else []


@dataclass(frozen=True)
class PathStep:
    scene_id: str
    choice_id: str
    line: str
    choice_text: str
    feedback: str
    score: int
    refs: tuple[str, ...]
    harms: tuple[str, ...] = ()  # labels of the harms this choice contains
    lessons: tuple[int, ...] = ()  # the lessons this step's feedback draws on (Choice.lessons)

    @property
    def tagged_feedback(self) -> str:
        return lesson_tags(self.lessons) + self.feedback


def lesson_tags(lessons: Iterable[int]) -> str:
    """〔第2课〕〔第5课〕: the lessons a role-play choice draws on, shown before its feedback."""
    return "".join(ui("roleplay.lesson_tag", n=n) for n in lessons)


def choice_feedback(choice: Choice) -> str:
    """A choice's feedback as the learner reads it, led by the lessons it draws on."""
    return lesson_tags(choice.lessons) + text(choice.feedback)


@dataclass(frozen=True)
class Lesson:
    """Something the debrief teaches: a safe action done, a harm on the path or a step skipped."""

    label: str
    advice: str
    lesson: str  # notebook stem, e.g. 02_verify_collector
    refs: tuple[str, ...]
    citation: str
    step: int | None = None  # for a harm: the step (1-based) where it happened
    choice_text: str = ""

    @property
    def lesson_number(self) -> int:
        return int(self.lesson[:2])

    def instead_line(self) -> str:
        """What to do instead, the lesson to reread and, when there is one, the source."""
        key = "roleplay.instead" if self.citation else "roleplay.instead_nosource"
        return ui(key, advice=self.advice, lesson=self.lesson_number, citation=self.citation)


@dataclass(frozen=True)
class Debrief(ShownAsLines):
    ending_id: str
    title: str
    outcome: str  # good | mixed | bad, computed from the whole path (overdue.quiz.outcome)
    text: str
    score: int
    passed: bool
    steps: tuple[PathStep, ...]
    refs: tuple[str, ...]
    citation: str
    done: tuple[Lesson, ...] = ()  # safe actions the path contains
    harms: tuple[Lesson, ...] = ()  # every harm on the path, with what to do instead
    missing: tuple[Lesson, ...] = ()  # actions this ending needs that the path skipped

    def lines(self) -> list[str]:
        out = [
            ui("roleplay.ending", title=self.title),
            ui("roleplay.outcome_" + self.outcome),
            ui("roleplay.passed" if self.passed else "roleplay.not_passed"),
            self.text,
        ]
        if self.done:
            out.append(ui("roleplay.done_head"))
            out += [ui("roleplay.done_item", label=d.label) for d in self.done]
        if self.harms:
            out.append(ui("roleplay.harms_head"))
            for h in self.harms:
                out.append(ui("roleplay.harm_item", n=h.step, choice=h.choice_text, label=h.label))
                out.append(h.instead_line())
        if self.missing:
            out.append(ui("roleplay.missing_head"))
            for m in self.missing:
                out.append(ui("roleplay.missing_item", label=m.label))
                out.append(m.instead_line())
        out.append(ui("roleplay.score", score=self.score))
        for n, s in enumerate(self.steps, 1):
            out.append(
                ui("roleplay.step", n=n, choice=s.choice_text, score=f"{s.score:+d}", feedback=s.tagged_feedback)
            )
        if self.citation:
            out.append(f"{ui('common.refs')}：{self.citation}")
        return out


def _lesson(action: Any, refs: Any, step: int | None = None, choice_text: str = "") -> Lesson:
    return Lesson(
        text(action.label),
        text(action.advice),
        action.lesson,
        tuple(action.refs),
        _cite(action.refs, refs),
        step,
        choice_text,
    )


def debrief_of(script: RolePlayScript, path: list[tuple[str, str]], refs: Any = None) -> Debrief:
    """The debrief of a finished path: its outcome by the course's one rule, every harm with what
    to do instead, every required action skipped, and each step with its feedback and sources."""
    a = assess(script, path)
    if a.ending is None:
        raise RuntimeError("the role-play has not reached an ending yet")
    ending = a.ending
    steps = []
    cited: list[str] = []
    for s, c in path:
        scene = script.scene(s)
        choice = scene.choice(c)
        steps.append(
            PathStep(
                s,
                c,
                text(scene.line),
                text(choice.text),
                text(choice.feedback),
                choice.score,
                tuple(choice.refs),
                tuple(text(load_vocabulary().get(h).label) for h in choice.harms),
                tuple(choice.lessons),
            )
        )
        cited += choice.refs
    cited += ending.refs
    cited = list(dict.fromkeys(cited))
    harms = tuple(
        _lesson(h.action, refs, h.step, text(script.scene(h.scene_id).choice(h.choice_id).text)) for h in a.harms
    )
    return Debrief(
        ending.id,
        text(ending.title),
        a.outcome,
        text(ending.debrief),
        a.score,
        a.passed,
        tuple(steps),
        tuple(cited),
        _cite(cited, refs),
        tuple(_lesson(d, refs) for d in a.done),
        harms,
        tuple(_lesson(m, refs) for m in a.missing),
    )


class RolePlay:
    """A learner walking through a branching role-play."""

    KIND = "roleplay"

    def __init__(
        self,
        script: RolePlayScript | str,
        learner: str = "default",
        store: ProgressStore | None | bool = None,
        refs: Any = None,
    ):
        self.refs = _ref_table(refs)
        self.script = script if isinstance(script, RolePlayScript) else load_roleplay(script, refs=self.refs)
        self.learner = learner
        self.store = _store(store)
        self._node: str | None = None
        self._path: list[tuple[str, str]] = []
        self._last: Choice | None = None
        self._resume()

    @property
    def notice(self) -> str | None:
        return self.store.notice if self.store else None

    def _record(self, item: str, action: str, answer: Any = None, points: float | None = None) -> None:
        if self.store:
            self.store.record(
                self.learner, self.KIND, self.script.roleplay, item, action, answer, None, points
            )

    def _resume(self) -> None:
        """Pick up the latest run where it stopped (after a kernel restart, say)."""
        for a in self.store.attempts(self.learner, self.KIND, self.script.roleplay) if self.store else []:
            if a.action == "start":
                self._begin()
            elif a.action == "choose" and self._node == a.item and not self.finished:
                try:
                    self._advance(a.answer)
                except ValueError:
                    self._node = None  # the script changed since: start again
                    self._path = []

    def _begin(self) -> None:
        self._node = self.script.start
        self._path = []
        self._last = None

    def _advance(self, choice_id: str) -> Choice:
        scene = self.script.scene(self._node)
        try:
            choice = scene.choice(choice_id)
        except KeyError:
            raise ValueError(f"scene {scene.id!r} has no choice {choice_id!r}") from None
        self._path.append((scene.id, choice.id))
        self._node = choice.target
        self._last = choice
        return choice

    @property
    def started(self) -> bool:
        return self._node is not None

    @property
    def finished(self) -> bool:
        return self._node is not None and self.script.is_ending(self._node)

    @property
    def current(self) -> Step:
        if self._node is None:
            raise RuntimeError("call start() first")
        if self.script.is_ending(self._node):
            return Step(None, self.script.ending(self._node), self._last, self.score)
        return Step(self.script.scene(self._node), None, self._last, self.score)

    def start(self) -> Step:
        """Begin (again) at the first scene."""
        self._begin()
        self._record("", "start")
        return self.current

    def choose(self, choice_id: str) -> Step:
        """Take a choice of the current scene; returns the next scene or the ending, with feedback."""
        if self._node is None:
            raise RuntimeError("call start() first")
        if self.finished:
            raise ValueError("the role-play has ended; call start() to play again")
        scene_id = self._node
        choice = self._advance(choice_id)
        self._record(scene_id, "choose", choice.id, choice.score)
        return self.current

    @property
    def path(self) -> list[tuple[str, str]]:
        """(scene id, choice id) for every choice taken in this run."""
        return list(self._path)

    @property
    def score(self) -> int:
        """Each scene counts once per play (overdue.quiz.outcome.path_score)."""
        return path_score(self.script, self._path)

    @property
    def outcome(self) -> str | None:
        """good / mixed / bad once an ending is reached (from the whole path), else None."""
        return assess(self.script, self._path).outcome

    @property
    def passed(self) -> bool:
        return self.outcome == "good"

    def debrief(self) -> Debrief:
        """The ending's debrief: outcome, harms with what to do instead, skipped steps, every step."""
        if not self.finished:
            raise RuntimeError("the role-play has not reached an ending yet")
        return debrief_of(self.script, self._path, self.refs)

    def reset(self) -> None:
        if self.store:
            self.store.reset(self.learner, self.KIND, self.script.roleplay)
        self._node = None
        self._path = []
        self._last = None


def all_paths(script: RolePlayScript, max_steps: int = 50) -> list[list[tuple[str, str]]]:
    """Every path from the start to an ending that visits no scene twice (for tests and authors)."""
    paths: list[list[tuple[str, str]]] = []

    def walk(node: str, path: list[tuple[str, str]], seen: frozenset[str]) -> None:
        if script.is_ending(node):
            paths.append(path)
            return
        if len(path) >= max_steps:
            return
        for c in script.scene(node).choices:
            if c.target not in seen:
                walk(c.target, [*path, (node, c.id)], seen | {c.target})

    walk(script.start, [], frozenset({script.start}))
    return paths
