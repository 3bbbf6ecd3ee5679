"""What a session contains and where a participant is in it (plain Python, no widgets).

A session lists items: question banks and role-plays. Its *plan* is the list of steps shown one at
a time: every question of a bank is a step; a whole role-play is one step (played scene by scene).
`ParticipantFlow` is the participant page's state: it joins, finds the first unfinished step from
the answers already stored (so a reload, or a re-join with the same nickname, continues there),
grades an answer with the quiz engine and stores it.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..i18n import text, ui
from ..privacy import refusal
from ..quiz import types as question_types
from ..quiz.outcome import assess
from .store import (
    PRESENCE_PREFIX,  # meta key "page:<participant token>" -> {"page": id, "at": time}
    Answer,
    BadNickname,
    Item,
    Participant,
    Session,
    SessionClosed,
    WorkshopError,
    WorkshopStore,
    clean_code,
)

ROLEPLAY_QUESTION_PREFIX = "rp"
# A page that holds a participant says so in the store every PRESENCE_BEAT seconds; another page
# is "active" with that nickname if it did within PRESENCE_WINDOW seconds. (A page's kernel lives
# on for a while after its tab is closed, so a closed page may count as active: the second device
# is then asked once, which costs one tap.)
PRESENCE_BEAT = 10.0
PRESENCE_WINDOW = 25.0


# A role-play played a second time at the end of a session (the before-and-after check's last play)
# is the item "<id>_after": the same script, its moves stored apart from the first play's.
AFTER_SUFFIX = "_after"


@lru_cache(maxsize=64)
def bank(bank_id: str):
    """The bank of a session item. ``prepost_after`` is the before-and-after check's second round: the
    same questions as ``prepost`` under their own item id (answers are kept once per participant,
    item and step, so the two rounds must differ there)."""
    from ..quiz import gain, load_bank

    if bank_id == gain.AFTER_ID:
        return gain.after_bank(bank(gain.BANK_ID))
    return load_bank(bank_id)


@lru_cache(maxsize=64)
def roleplay(roleplay_id: str):
    """The script of a session item; ``<id>_after`` is role-play <id> again (its last play)."""
    from ..quiz import load_roleplay
    from ..quiz.loader import ROLEPLAY_DIR, shipped_files

    if roleplay_id.endswith(AFTER_SUFFIX):
        first = roleplay_id[: -len(AFTER_SUFFIX)]
        if first and first in {p.stem for p in shipped_files(ROLEPLAY_DIR)}:
            return roleplay(first)
    return load_roleplay(roleplay_id)


@lru_cache(maxsize=1)
def available_items() -> dict[str, list[tuple[str, str]]]:
    """Shipped banks and role-plays as (id, Chinese title), for the dashboard's pickers."""
    from ..quiz.loader import QUIZ_DIR, ROLEPLAY_DIR, shipped_files

    out: dict[str, list[tuple[str, str]]] = {"bank": [], "roleplay": []}
    for kind, folder, loader in (("bank", QUIZ_DIR, bank), ("roleplay", ROLEPLAY_DIR, roleplay)):
        for path in shipped_files(folder):
            try:
                obj = loader(path.stem)
            except Exception:  # a broken file must not take the dashboard down; `make test` reports it
                continue
            ident = obj.bank if kind == "bank" else obj.roleplay
            out[kind].append((ident, text(obj.title)))
    return out


@dataclass(frozen=True)
class Step:
    index: int
    kind: str  # "question" | "roleplay"
    item: str  # bank id or role-play id
    question: Any = None  # the question model (kind == "question")
    script: Any = None  # the role-play model (kind == "roleplay")
    number: int = 0  # 1-based question number within the session (questions only)

    @property
    def key(self) -> str:
        """The `step` column of a stored answer (questions: the question id)."""
        return self.question.id if self.kind == "question" else ROLEPLAY_QUESTION_PREFIX


def plan(items: tuple[Item, ...] | list[Item]) -> list[Step]:
    steps: list[Step] = []
    n = 0
    for it in items:
        if it.kind == "bank":
            for q in bank(it.id).questions:
                n += 1
                steps.append(Step(len(steps), "question", it.id, question=q, number=n))
        else:
            steps.append(Step(len(steps), "roleplay", it.id, script=roleplay(it.id)))
    return steps


# -- answers: what a participant sends, and how it is shown -------------------------------------------


def answer_text(question: Any, answer: Any) -> str:
    """A stored answer in words (option texts, 事实/误区, the number with its unit): the question
    type's row of `overdue.quiz.types.TYPES`."""
    return question_types.answer_text(question, answer)


def stored_answer(question: Any, answer: Any) -> Any:
    """The answer in the canonical form stored (multiple: sorted ids; numeric: float), as the
    question type's row of `overdue.quiz.types.TYPES` reads and stores it."""
    return question_types.stored_value(question, answer)


@dataclass
class Result:
    """What the participant sees after answering."""

    correct: bool | None
    message: str  # feedback text (plain, not escaped)
    explanation: str = ""
    refs: list[str] = field(default_factory=list)
    answer: Any = None
    stored: Answer | None = None
    resubmitted: bool = False


_QUIZZES: dict[str, Any] = {}


def grade(bank_id: str, question: Any, answer: Any) -> Result:
    """Grade with the quiz engine (no progress file: the workshop store keeps the answers).

    Raises WorkshopError with the engine's Chinese message when the answer cannot be read.
    """
    from ..quiz import Quiz

    quiz = _QUIZZES.get(bank_id)
    if quiz is None:
        quiz = _QUIZZES[bank_id] = Quiz(bank(bank_id), seed=0, learner="workshop", store=False)
    quiz.reset()
    fb = quiz.submit(question.id, answer)
    if not fb.valid:
        raise WorkshopError(fb.message)
    noise = {ui(k) for k in ("quiz.may_reveal", "quiz.try_hint") if _has_ui(k)}
    details = [d for d in fb.details if d not in noise]
    return Result(
        correct=bool(fb.correct),
        message="\n".join(details),
        explanation=text(question.explanation),
        refs=list(fb.refs or question.refs),
        answer=answer,
    )


def _has_ui(key: str) -> bool:
    try:
        ui(key)
    except KeyError:
        return False
    return True


# -- the participant's state --------------------------------------------------------------------------


@dataclass
class RolePlayState:
    scene: Any  # the current scene model, None when an ending is reached
    ending: Any  # the ending model, or None
    moves: list[tuple[Any, Any]]  # (scene, choice) taken so far
    score: int
    outcome: str | None = None  # good / mixed / bad from the whole path (overdue.quiz.outcome)
    passed: bool = False


class ParticipantFlow:
    """One participant's way through a session; every change goes through the shared store."""

    def __init__(self, store: WorkshopStore | None = None):
        self.store = store or WorkshopStore()
        self.page_id = uuid.uuid4().hex  # this page (kernel), for the presence of its participant
        self.participant: Participant | None = None
        self.session: Session | None = None
        self.steps: list[Step] = []
        self._answers: dict[tuple[str, str], Answer] = {}
        self.resumed = False

    # joining -------------------------------------------------------------------------------------
    def join(self, code: str, nickname: str) -> Participant:
        return self.take(self.find(code, nickname))

    def find(self, code: str, nickname: str) -> Participant:
        """The participant with this nickname in the session (a new one if nobody has it yet)."""
        code = clean_code(code)
        if not code:
            raise WorkshopError(ui("workshop.err.code_empty"))
        # the course's one check for phone, ID and card numbers, in all their writings
        refused = refusal(str(nickname or ""), ui("workshop.nick_label"))
        if refused:
            raise BadNickname(refused)
        return self.store.join(code, nickname)

    def take(self, participant: Participant) -> Participant:
        """Continue as `participant` on this page (and say so to other pages)."""
        self.participant = participant
        self.session = self.store.get_session(participant.code)
        self.steps = plan(self.session.items)
        self._load_answers()
        self.resumed = bool(self._answers)
        self.beat()
        return participant

    # presence: is this nickname in use on another page? ------------------------------------------
    def other_page_active(self, participant: Participant, now: float | None = None) -> bool:
        """True when another page said within PRESENCE_WINDOW seconds that it holds `participant`."""
        raw = self.store.get_meta(PRESENCE_PREFIX + participant.token)
        try:
            seen = json.loads(raw) if raw else None
        except ValueError:
            return False
        if not isinstance(seen, dict) or seen.get("page") == self.page_id:
            return False
        now = time.time() if now is None else now
        return now - float(seen.get("at", 0)) <= PRESENCE_WINDOW

    def beat(self) -> None:
        """Say that this page holds its participant (now)."""
        if self.participant is not None:
            value = json.dumps({"page": self.page_id, "at": time.time()})
            self.store.set_meta(PRESENCE_PREFIX + self.participant.token, value)

    def resume(self, token: str) -> Participant | None:
        p = self.store.participant_by_token(token)
        if p is None:
            return None
        self.take(p)
        self.resumed = True
        return p

    def _load_answers(self) -> None:
        self._answers = {(a.item, a.step): a for a in self.store.answers_of(self.participant)}

    def refresh(self) -> Session:
        self.session = self.store.get_session(self.session.code)
        return self.session

    # where am I ----------------------------------------------------------------------------------
    def answer_for(self, step: Step) -> Answer | None:
        return self._answers.get((step.item, step.key))

    def roleplay_state(self, step: Step) -> RolePlayState:
        script = step.script
        moves_rows = sorted(
            (a for (item, _), a in self._answers.items() if item == step.item and a.step.startswith("rp:")),
            key=lambda a: a.step,
        )
        node = script.start
        moves = []
        score = 0
        for a in moves_rows:
            if script.is_ending(node):
                break
            scene = script.scene(node)
            try:
                choice = scene.choice(a.answer)
            except KeyError:
                break
            moves.append((scene, choice))
            node = choice.target
        # the notebooks' rule: each scene scores once, a harm caps the outcome, passing = good
        result = assess(script, [(sc.id, ch.id) for sc, ch in moves])
        score = result.score
        if script.is_ending(node):
            return RolePlayState(None, script.ending(node), moves, score, result.outcome, result.passed)
        return RolePlayState(script.scene(node), None, moves, score)

    def step_done(self, step: Step) -> bool:
        if step.kind == "question":
            return self.answer_for(step) is not None
        return self.roleplay_state(step).ending is not None

    def position(self) -> int:
        """Index of the first unfinished step (len(steps) when all are done). In a paced session
        that jumped (跳到…), steps before the one it jumped to are left behind: the phone goes
        where the class is."""
        s = self.session
        start = s.anchor if s is not None and s.paced else 0
        for st in self.steps[start:]:
            if not self.step_done(st) and not self.late_for(st):
                return st.index
        return len(self.steps)

    def feedback_held(self, index: int) -> bool:
        """True while right/wrong and the explanation of step `index` wait for 公布答案 (the
        session's 先不公布答案 option)."""
        s = self.session
        return s is not None and s.hold and index not in s.revealed

    def late_for(self, step: Step) -> bool:
        """True for a step of the before-and-after check's first round that this participant comes
        too late for: the instructor of a paced session has moved past that round and the participant
        answered none of it. Their answers would no longer be "before" the lesson, so they go on
        where the class is (and count as "only after" in the 学习效果 view)."""
        from ..quiz.gain import BANK_ID

        s = self.session
        if step.item != BANK_ID or s is None or not s.paced:
            return False
        last = max(st.index for st in self.steps if st.item == BANK_ID)
        return s.current > last and not any(item == BANK_ID for item, _ in self._answers)

    def may_see(self, index: int) -> bool:
        """False while a paced session has not reached this step yet."""
        s = self.session
        return not s.paced or index <= s.current

    @property
    def question_total(self) -> int:
        return sum(1 for s in self.steps if s.kind == "question")

    def right_count(self) -> int:
        return sum(1 for a in self._answers.values() if a.correct)

    # acting --------------------------------------------------------------------------------------
    def submit(self, step: Step, answer: Any) -> Result:
        """Grade and store an answer to a question step. A second answer to the same step is not
        stored: the first one is returned (with its feedback) instead."""
        existing = self.answer_for(step)
        if existing is not None:
            res = grade(step.item, step.question, existing.answer)
            res.stored, res.resubmitted = existing, True
            return res
        res = grade(step.item, step.question, answer)
        res.answer = stored_answer(step.question, answer)
        stored = self.store.record_answer(
            self.participant, step.item, step.key, step.question.id, res.answer, res.correct
        )
        self._answers[(stored.item, stored.step)] = stored
        if not stored.created:  # stored by another tab of the same participant
            res = grade(step.item, step.question, stored.answer)
            res.resubmitted = True
        res.stored = stored
        return res

    def choose(self, step: Step, choice_id: str) -> tuple[Any, Any]:
        """Take a choice in the current scene of a role-play step; returns (choice, next state)."""
        state = self.roleplay_state(step)
        if state.scene is None:
            raise SessionClosed(ui("workshop.err.closed"))
        choice = state.scene.choice(choice_id)
        move = f"rp:{len(state.moves):03d}"
        stored = self.store.record_answer(self.participant, step.item, move, state.scene.id, choice.id, None)
        self._answers[(stored.item, stored.step)] = stored
        return choice, self.roleplay_state(step)
