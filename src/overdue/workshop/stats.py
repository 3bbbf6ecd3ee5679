"""The dashboard's numbers: per question the count of each answer and the share correct; per
role-play how many took each branch and reached each ending with which outcome (the
notebooks' rule, overdue.quiz.outcome). Plain data, no widgets or charts."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from ..i18n import text, ui
from ..quiz.outcome import assess, replay
from ..quiz.types import Bar, question_type
from .flow import Step, answer_text, plan
from .store import Session, WorkshopStore

# how an ending bar is marked on the chart: good endings right, bad ones wrong, mixed neither
OUTCOME_MARK = {"good": True, "mixed": None, "bad": False}


@dataclass
class SceneStats:
    scene: str
    line: str
    bars: list[Bar]

    @property
    def n(self) -> int:
        return sum(b.count for b in self.bars)


@dataclass
class StepStats:
    index: int
    kind: str  # "question" | "roleplay"
    item: str
    question_id: str
    label: str  # 第3题 / the role-play title
    prompt: str
    n: int = 0  # participants who answered (role-play: who made a first move)
    n_correct: int = 0
    bars: list[Bar] = field(default_factory=list)
    scenes: list[SceneStats] = field(default_factory=list)
    endings: list[Bar] = field(default_factory=list)
    right_answer: str = ""

    @property
    def share_correct(self) -> float | None:
        if self.kind != "question" or self.n == 0:
            return None
        return self.n_correct / self.n


@dataclass
class SessionStats:
    session: Session
    participants: int
    answers: int
    steps: list[StepStats]

    def step(self, index: int) -> StepStats:
        return self.steps[max(0, min(index, len(self.steps) - 1))]


def _question_stats(step: Step, entry: dict) -> StepStats:
    q = step.question
    st = StepStats(
        step.index,
        "question",
        step.item,
        q.id,
        ui("workshop.dash.question_short", n=step.number),
        text(q.prompt),
        n=entry["n"],
        n_correct=entry["correct"],
        right_answer=answer_text(q, q.answer),
    )
    raw: list[tuple[object, int]] = [(json.loads(k), v) for k, v in entry["answers"].items()]
    st.bars = question_type(q.type).tally(q, raw)  # the bars of its type (overdue.quiz.types.TYPES)
    return st


def _played_paths(step: Step, answers: list) -> list[list[tuple[str, str]]]:
    """Each participant's finished way through a role-play step, replayed as the phone did."""
    script = step.script
    moves: dict[int, list] = {}
    for a in answers:
        if a.item == step.item and a.step.startswith("rp:"):
            moves.setdefault(a.participant, []).append(a)
    paths = []
    for rows in moves.values():
        path, finished = replay(script, (a.answer for a in sorted(rows, key=lambda r: r.step)))
        if finished:
            paths.append(path)
    return paths


def _roleplay_stats(step: Step, tally: dict, answers: list) -> StepStats:
    script = step.script
    st = StepStats(step.index, "roleplay", step.item, script.roleplay, text(script.title), text(script.intro))
    for scene in script.scenes:
        entry = tally.get((step.item, scene.id), {"answers": {}})
        counts = {json.loads(k): v for k, v in entry["answers"].items()}
        bars = [Bar(text(c.text), counts.get(c.id, 0), None, c.id) for c in scene.choices]
        st.scenes.append(SceneStats(scene.id, text(scene.line), bars))
        if scene.id == script.start:
            st.n = sum(b.count for b in bars)
    # Endings by the notebooks' rule: the same ending is "good" only for the paths without a harm
    # that did what it requires, so it is counted once per outcome actually reached.
    reached: Counter[tuple[str, str]] = Counter()
    for path in _played_paths(step, answers):
        a = assess(script, path)
        reached[(a.ending.id, a.outcome)] += 1
    st.endings = []
    for e in script.endings:
        outcomes = [o for o in ("good", "mixed", "bad") if reached[(e.id, o)]] or [e.outcome]
        for o in outcomes:
            label = text(e.title)  # the chart marks good 【好】 and bad 【差】 by the bar's `correct`
            st.endings.append(Bar(label, reached[(e.id, o)], OUTCOME_MARK[o], f"{e.id}:{o}"))
    st.n_correct = sum(n for (_, o), n in reached.items() if o == "good")
    return st


def session_stats(code: str, store: WorkshopStore | None = None) -> SessionStats:
    """Everything the dashboard draws for session `code`, read in one pass from the store."""
    store = store or WorkshopStore()
    session = store.get_session(code)
    tally = store.tally(session.code)
    answers = store.answers(session.code)
    steps = []
    for step in plan(session.items):
        if step.kind == "question":
            entry = tally.get((step.item, step.question.id), {"answers": {}, "n": 0, "correct": 0})
            steps.append(_question_stats(step, entry))
        else:
            steps.append(_roleplay_stats(step, tally, answers))
    return SessionStats(session, store.participant_count(session.code), store.answer_count(session.code), steps)


# -- the CSV an instructor exports ------------------------------------------------------------------------


def export_table(code: str, store: WorkshopStore | None = None) -> tuple[list[str], list[list[str]]]:
    """The session's answers as a table a person can read (header, rows): beside every id, the lesson
    number, the question or scene text and the answer or choice text; then, for each role-play a
    participant finished, one row with the ending and its outcome (the notebooks' rule). Plain data."""
    import datetime as dt

    from ..manifest import course

    store = store or WorkshopStore()
    lesson_no = {lesson.id: str(lesson.number) for lesson in course().lessons}
    session = store.get_session(code)
    steps = plan(session.items)
    questions = {(st.item, st.key): st for st in steps if st.kind == "question"}
    roleplays = {st.item: st for st in steps if st.kind == "roleplay"}
    rows: list[list[str]] = []
    moves: dict[tuple[str, str], list[dict]] = {}
    for r in store.export_rows(code):
        when = dt.datetime.fromtimestamp(r["created_at"]).isoformat(timespec="seconds")
        correct = "" if r["correct"] is None else str(int(r["correct"]))
        raw = json.loads(r["answer"])
        st = questions.get((r["item"], r["question"]))
        if st is not None:
            q = st.question
            rows.append([r["nickname"], lesson_no.get(bank_lesson(r["item"]), ""), r["item"],
                         ui("workshop.dash.question_short", n=st.number), text(q.prompt), r["question"],
                         answer_text(q, raw), raw if isinstance(raw, str) else r["answer"], correct, "", when])
            continue
        rp = roleplays.get(r["item"])
        scene_text, choice_text, lesson = "", str(raw), ""
        if rp is not None:
            moves.setdefault((r["nickname"], r["item"]), []).append(r)
            lesson = lesson_no.get(rp.script.lesson, "")
            try:
                scene = rp.script.scene(r["question"])
                scene_text, choice_text = text(scene.line), text(scene.choice(raw).text)
            except KeyError:  # the script changed since: keep the ids
                pass
        rows.append([r["nickname"], lesson, r["item"], text(rp.script.title) if rp else "", scene_text,
                     r["question"], choice_text, str(raw), correct, "", when])
    for (nickname, item), made in moves.items():
        script = roleplays[item].script
        path, finished = replay(script, (json.loads(r["answer"]) for r in sorted(made, key=lambda r: r["step"])))
        if not finished:
            continue
        result = assess(script, path)
        outcome = ui(f"workshop.dash.csv_outcome.{result.outcome}")
        rows.append([nickname, lesson_no.get(script.lesson, ""), item, text(script.title), ui("workshop.dash.csv_ending"),
                     result.ending.id, text(result.ending.title), result.ending.id,
                     "1" if result.passed else "0", outcome, ""])
    return ui("workshop.dash.csv_columns").split(","), rows


def bank_lesson(item: str) -> str:
    """The lesson a bank belongs to (its `lesson` field), '' when it has none."""
    from .flow import bank

    try:
        return getattr(bank(item), "lesson", "") or ""
    except Exception:  # an item no longer shipped: the row keeps its ids
        return ""
