"""Did the course help? The same questions before and after, compared (plain data: no widgets, no charts).

The bank ``prepost`` (content/quizzes/prepost.yaml) is asked twice: before (lesson 00, or the start
of a workshop) and after (the end of lesson 09, or the end of the workshop). What counts is the
**first** answer a person gave to each question in each phase: feedback teaches the answer, so a
second try says little about what the person knew.

For a class, `compare` pairs the two phases by an opaque key per participant (the workshop's
participant id; never a nickname):

- a participant is *paired* when they answered at least one question before and one after; those who
  did only one phase are counted (`only_before`, `only_after`) and left out of every paired figure;
- per question, the shares right before and after are taken over the paired participants who
  answered that question both times, and the change is after minus before (percentage points);
- the overall change pools every paired answer; fewer than `FEW` paired participants carries the
  caveat "人数太少，只作参考".

For role-plays, `compare_plays` takes each participant's finished plays in order and gives the share
reaching a good outcome (the course's one rule, overdue.quiz.outcome.assess) in the first play and in
the last, over the participants who finished at least two plays.

For one learner studying alone, `prepost_quiz("before")` / `prepost_quiz("after")` are the two quizzes
(stored in the local progress store under the collections ``prepost`` and ``prepost_after``) and
`my_change()` shows the learner's own before and after per question, with the lesson to reread for
anything still wrong.

    from overdue.quiz.gain import compare
    gain = compare({1: {"pp_door_verify": False}, 2: {...}}, {1: {"pp_door_verify": True}, 3: {...}})
    gain.n_paired, gain.only_before, gain.only_after, gain.change, gain.caveat
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import text, ui, ui_strings
from .engine import Quiz, ShownAsLines
from .loader import load_bank, load_roleplay
from .models import Bank, RolePlayScript, Text
from .outcome import assess, replay
from .progress import ProgressStore, default_store
from .selfcheck import lesson_of, lesson_title

BANK_ID = "prepost"
AFTER_ID = "prepost_after"  # the progress-store collection (and workshop item) of the second round
PHASES = ("before", "after")
FEW = 10  # fewer paired participants than this: "人数太少，只作参考"

Answers = Mapping[str, Any]  # question id -> right (True / False); None or missing: not answered


def _share(right: int, n: int) -> float | None:
    return right / n if n else None


def short_label(question_id: str, number: int) -> str:
    """A few words naming a question, for charts and tables (第 n 题 when none is written)."""
    try:
        return ui(f"gain.short.{question_id}")
    except KeyError:
        return ui("gain.question_n", n=number)


def caveat_for(n_paired: int) -> str:
    """The plain-language warning for small numbers ('' from FEW paired participants on)."""
    return ui("gain.few") if n_paired < FEW else ""


# ------------------------------------------------------------------------------------- a class


@dataclass(frozen=True)
class QuestionGain:
    question_id: str
    number: int  # 1-based position in the bank
    short: str
    prompt: str
    lesson: str  # notebook stem of the lesson that teaches it
    paired: int  # paired participants who answered this question before and after
    right_before: int  # ... of whom right before
    right_after: int  # ... of whom right after
    learned: int  # wrong before, right after
    lost: int  # right before, wrong after
    answered_before: int = 0  # everyone who answered it before (paired or not)
    answered_after: int = 0

    @property
    def share_before(self) -> float | None:
        return _share(self.right_before, self.paired)

    @property
    def share_after(self) -> float | None:
        return _share(self.right_after, self.paired)

    @property
    def change(self) -> float | None:
        """After minus before, as a fraction (0.25 = 25 percentage points); None with no pair."""
        if not self.paired:
            return None
        return (self.right_after - self.right_before) / self.paired


@dataclass(frozen=True)
class RolePlayGain:
    roleplay: str
    title: str
    paired: int  # participants with at least two finished plays
    once: int  # participants with exactly one finished play (not in the paired figures)
    good_first: int  # paired participants whose first play ended well
    good_last: int  # ... whose last play ended well

    @property
    def share_first(self) -> float | None:
        return _share(self.good_first, self.paired)

    @property
    def share_last(self) -> float | None:
        return _share(self.good_last, self.paired)

    @property
    def change(self) -> float | None:
        if not self.paired:
            return None
        return (self.good_last - self.good_first) / self.paired

    @property
    def caveat(self) -> str:
        return caveat_for(self.paired)


@dataclass(frozen=True)
class ClassGain:
    bank: str
    title: str
    questions: tuple[QuestionGain, ...]
    n_paired: int  # participants who did both
    only_before: int  # participants who did only the before (left out of the paired figures)
    only_after: int
    improved: int  # paired participants with more right answers after (on the questions they did both times)
    same: int
    worse: int
    right_before: int  # paired answers right before (pooled over questions)
    right_after: int
    answers: int  # paired answers (question answered both times by a paired participant)
    roleplays: tuple[RolePlayGain, ...] = ()

    @property
    def share_before(self) -> float | None:
        return _share(self.right_before, self.answers)

    @property
    def share_after(self) -> float | None:
        return _share(self.right_after, self.answers)

    @property
    def change(self) -> float | None:
        if not self.answers:
            return None
        return (self.right_after - self.right_before) / self.answers

    @property
    def few(self) -> bool:
        return self.n_paired < FEW

    @property
    def caveat(self) -> str:
        return caveat_for(self.n_paired)


def _answered(answers: Answers | None, ids: set[str]) -> dict[str, bool]:
    """The answered questions of one participant that belong to the bank, as right / wrong."""
    out: dict[str, bool] = {}
    for qid, right in (answers or {}).items():
        if qid in ids and right is not None:
            out[qid] = bool(right)
    return out


def compare(
    before: Mapping[Hashable, Answers],
    after: Mapping[Hashable, Answers],
    bank: Bank | str = BANK_ID,
    roleplays: Iterable[RolePlayGain] = (),
) -> ClassGain:
    """The class's change from `before` to `after`: {participant key: {question id: right?}} each.

    Keys only pair the two phases; they never appear in the result. Questions that are not in the
    bank, and answers that are None, are ignored.
    """
    bank = bank if isinstance(bank, Bank) else load_bank(bank)
    ids = {q.id for q in bank.questions}
    b = {k: a for k, v in before.items() if (a := _answered(v, ids))}
    a_ = {k: a for k, v in after.items() if (a := _answered(v, ids))}
    paired = [k for k in b if k in a_]
    per_q = []
    improved = same = worse = 0
    for n, q in enumerate(bank.questions, 1):
        both = [k for k in paired if q.id in b[k] and q.id in a_[k]]
        rb = sum(b[k][q.id] for k in both)
        ra = sum(a_[k][q.id] for k in both)
        per_q.append(
            QuestionGain(
                q.id,
                n,
                short_label(q.id, n),
                text(q.prompt),
                lesson_of(q.lesson_link) or bank.lesson,
                len(both),
                rb,
                ra,
                sum(1 for k in both if not b[k][q.id] and a_[k][q.id]),
                sum(1 for k in both if b[k][q.id] and not a_[k][q.id]),
                sum(1 for v in b.values() if q.id in v),
                sum(1 for v in a_.values() if q.id in v),
            )
        )
    for k in paired:
        common = set(b[k]) & set(a_[k])
        diff = sum(a_[k][i] for i in common) - sum(b[k][i] for i in common)
        improved += diff > 0
        same += diff == 0
        worse += diff < 0
    return ClassGain(
        bank.bank,
        text(bank.title),
        tuple(per_q),
        len(paired),
        sum(1 for k in b if k not in a_),
        sum(1 for k in a_ if k not in b),
        improved,
        same,
        worse,
        sum(q.right_before for q in per_q),
        sum(q.right_after for q in per_q),
        sum(q.paired for q in per_q),
        tuple(roleplays),
    )


def answers_by_phase(
    rows: Iterable[Any], before: str = BANK_ID, after: str = AFTER_ID
) -> tuple[dict[Hashable, dict[str, bool | None]], dict[Hashable, dict[str, bool | None]]]:
    """Stored answer rows (objects or dicts with participant, item, question, correct: the workshop's
    answers) split into the two phases by item; the first row per participant and question counts."""
    out: dict[str, dict[Hashable, dict[str, bool | None]]] = {before: {}, after: {}}
    for row in rows:
        get = row.get if isinstance(row, Mapping) else lambda f, r=row: getattr(r, f, None)
        item = get("item")
        if item not in out:
            continue
        mine = out[item].setdefault(get("participant"), {})
        mine.setdefault(get("question"), get("correct"))
    return out[before], out[after]


def plays_from_rows(
    script: RolePlayScript, rows: Iterable[Any], items: Sequence[str]
) -> dict[Hashable, list[list[tuple[str, str]]]]:
    """Each participant's plays of one role-play, one per item of `items` in that order (for example
    ``["second_visit", "second_visit_after"]``), from stored rows (objects or dicts with participant,
    item, step, question = scene id, answer = choice id: the workshop's role-play answers, whose step
    ``rp:000``, ``rp:001`` ... gives the order). A play is walked from the start as the phone did
    (`overdue.quiz.outcome.replay`); an item a participant never started gives no play."""
    moves: dict[tuple[Hashable, str], list[tuple[str, Any, Any]]] = {}
    for row in rows:
        get = row.get if isinstance(row, Mapping) else lambda f, r=row: getattr(r, f, None)
        item = get("item")
        if item in items and str(get("step") or "").startswith("rp:"):
            moves.setdefault((get("participant"), item), []).append((str(get("step")), get("question"), get("answer")))
    out: dict[Hashable, list[list[tuple[str, str]]]] = {}
    for item in items:
        for (participant, it), rows_ in moves.items():
            if it != item:
                continue
            ordered = sorted(rows_, key=lambda m: m[0])
            path, _ = replay(script, (choice_id for _, _, choice_id in ordered))
            # each stored move names its scene too: the play stops where the walk is no longer there
            kept = next((i for i, (node, _) in enumerate(path) if node != ordered[i][1]), len(path))
            out.setdefault(participant, []).append(path[:kept])
    return out


def _good(script: RolePlayScript, path: Sequence[tuple[str, str]]) -> bool | None:
    """True / False for a finished play; None for an unfinished one or one the script no longer fits."""
    try:
        a = assess(script, [tuple(step) for step in path])
    except (KeyError, ValueError):
        return None
    if a.ending is None:
        return None
    return a.outcome == "good"


def compare_plays(
    script: RolePlayScript | str, plays: Mapping[Hashable, Sequence[Sequence[tuple[str, str]]]]
) -> RolePlayGain:
    """First and last play of each participant ({key: [path, path, ...]} in the order played; a path
    is the (scene id, choice id) list). Unfinished plays are skipped."""
    script = script if isinstance(script, RolePlayScript) else load_roleplay(script)
    paired = once = good_first = good_last = 0
    for runs in plays.values():
        results = [g for path in runs if (g := _good(script, path)) is not None]
        if len(results) == 1:
            once += 1
        elif len(results) >= 2:
            paired += 1
            good_first += results[0]
            good_last += results[-1]
    return RolePlayGain(script.roleplay, text(script.title), paired, once, good_first, good_last)


# ------------------------------------------------------------------------------- one learner


def _ui_text(key: str) -> Text:
    value = ui_strings()[key]
    return Text(zh=value["zh"], en=value.get("en"))


def after_bank(bank: Bank | None = None) -> Bank:
    """The same questions under the collection ``prepost_after``, with the after round's title."""
    bank = bank or load_bank(BANK_ID)
    return bank.model_copy(
        update={"bank": AFTER_ID, "title": _ui_text("gain.after_title"), "intro": _ui_text("gain.after_intro")}
    )


def prepost_quiz(
    phase: str = "before", learner: str = "default", store: ProgressStore | None | bool = None, seed: int = 0
) -> Quiz:
    """The before (lesson 00) or after (lesson 09) round of the check, kept in the progress store."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, not {phase!r}")
    bank = load_bank(BANK_ID)
    return Quiz(bank if phase == "before" else after_bank(bank), seed=seed, learner=learner, store=store)


def first_answers(store: ProgressStore, learner: str, collection: str, bank: Bank) -> dict[str, bool]:
    """The first answer of each question in one round, right or wrong (later tries do not count)."""
    ids = {q.id for q in bank.questions}
    out: dict[str, bool] = {}
    for a in store.attempts(learner, "quiz", collection):
        if a.action == "submit" and a.item in ids and a.item not in out:
            out[a.item] = bool(a.correct)
    return out


@dataclass(frozen=True)
class MyItem:
    question_id: str
    number: int
    short: str
    prompt: str
    before: bool | None  # None: not answered
    after: bool | None
    lesson: str

    @property
    def notebook(self) -> str:
        return f"{self.lesson}.ipynb"

    @property
    def still_wrong(self) -> bool:
        return self.after is False

    @property
    def mark(self) -> str:
        if self.after is None:
            return ui("gain.mark_open")
        if self.after and not self.before:
            return ui("gain.mark_up")
        if self.after:
            return ui("gain.mark_same_right")
        return ui("gain.mark_down") if self.before else ui("gain.mark_wrong")


def _word(value: bool | None) -> str:
    return ui("gain.none") if value is None else ui("gain.right" if value else "gain.wrong")


@dataclass(frozen=True)
class MyChange(ShownAsLines):
    """One learner's before and after, per question, with the lesson to reread for what is still wrong."""

    items: tuple[MyItem, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def before_right(self) -> int:
        return sum(1 for i in self.items if i.before)

    @property
    def after_right(self) -> int:
        return sum(1 for i in self.items if i.after)

    @property
    def has_before(self) -> bool:
        return any(i.before is not None for i in self.items)

    @property
    def has_after(self) -> bool:
        return any(i.after is not None for i in self.items)

    @property
    def still_wrong(self) -> list[MyItem]:
        return [i for i in self.items if i.still_wrong]

    def _parts(self) -> list[tuple[str, MyItem | None]]:
        """(line, item whose lesson to link or None) in display order."""
        if not self.has_after:
            return [(ui("gain.mine_not_started"), None)]
        out: list[tuple[str, MyItem | None]] = []
        if not self.has_before:
            out.append((ui("gain.mine_no_before"), None))
        out.append((ui("gain.mine_head", before=self.before_right, after=self.after_right, total=self.total), None))
        for i in self.items:
            out.append(
                (ui("gain.mine_item", mark=i.mark, short=i.short, before=_word(i.before), after=_word(i.after)), None)
            )
            if i.still_wrong:
                out.append((ui("gain.mine_review", title=lesson_title(i.lesson), notebook=i.notebook), i))
        if not self.still_wrong and self.after_right == self.total:
            out.append((ui("gain.mine_all_right"), None))
        out.append((ui("gain.mine_store_only"), None))
        return out

    def lines(self) -> list[str]:
        return [line for line, _ in self._parts()]

    def _repr_html_(self) -> str:
        rows = []
        for line, item in self._parts():
            if item is None:
                rows.append(html.escape(line))
            else:  # the line to reread a lesson, as a link the learner can click
                href = html.escape(item.notebook)
                rows.append(f'&nbsp;&nbsp;&nbsp;<a href="{href}" target="_blank" style="text-decoration: underline">{html.escape(line.strip())}</a>')
        return "<br>".join(rows)


def my_change(learner: str = "default", store: ProgressStore | None = None) -> MyChange:
    """This learner's first answers before (lesson 00) and after (lesson 09), from the local progress store."""
    store = store or default_store()
    bank = load_bank(BANK_ID)
    before = first_answers(store, learner, BANK_ID, bank)
    after = first_answers(store, learner, AFTER_ID, bank)
    items = tuple(
        MyItem(
            q.id,
            n,
            short_label(q.id, n),
            text(q.prompt),
            before.get(q.id),
            after.get(q.id),
            lesson_of(q.lesson_link) or bank.lesson,
        )
        for n, q in enumerate(bank.questions, 1)
    )
    return MyChange(items)


__all__ = [
    "AFTER_ID",
    "BANK_ID",
    "FEW",
    "ClassGain",
    "MyChange",
    "MyItem",
    "QuestionGain",
    "RolePlayGain",
    "after_bank",
    "answers_by_phase",
    "caveat_for",
    "compare",
    "compare_plays",
    "first_answers",
    "my_change",
    "plays_from_rows",
    "prepost_quiz",
    "short_label",
]
