"""What a role-play path earns: the one rule that the notebook view, the exercises, the workshop and
the dashboard all use, and the checks that hold every shipped role-play to it.

A path is the list of (scene id, choice id) a learner took. Its outcome comes from what the path
contains, not from the last scene alone:

- every choice declares the safe actions (`does`) and harms (`harms`) it contains, by the ids of
  content/actions.yaml;
- an ending's `outcome` is the best it can give; the play is "good" only when the path did every
  action the ending `requires` and contains no harm, otherwise at most "mixed" ("bad" stays bad);
- a scene scores once per play (its last visit): walking a loop again adds nothing;
- a play passes when its outcome is "good".

The validator also holds the content to one rule the outcome does not compute: a play that ends on a
harm (no safe action anywhere after its last harm) must reach an ending declared "bad", so that the
learner who walks away from a harm is never told the play was only "could be better".

`path_problems` walks every path of a script (each scene at most twice) and reports where the content
breaks these promises; `python -m overdue.quiz check` prints them with the counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..contentfiles import content_dir
from .models import ActionVocabulary, Ending, PathAction, RolePlayScript
from .problems import Problem, QuizContentError, from_validation_error
from .yamlio import read

ACTIONS_FILE = "actions.yaml"
OUTCOME_RANK = {"bad": 0, "mixed": 1, "good": 2}
# Paths are walked with each scene at most this many times (a loop walked once is enough to
# show whether it raises the score), and never more than this many paths per role-play.
MAX_VISITS = 2
MAX_PATHS = 200_000
# Per rule and file, the validator names this many paths and counts the rest.
SHOWN_PER_RULE = 5

Path_ = Sequence[tuple[str, str]]


# ------------------------------------------------------------------------------- the vocabulary


def vocabulary_from_data(data: Any, file: str = ACTIONS_FILE) -> ActionVocabulary:
    try:
        return ActionVocabulary.model_validate(data)
    except ValidationError as exc:
        raise QuizContentError(from_validation_error(file, data, exc)) from None


@cache
def _shipped_vocabulary() -> ActionVocabulary:
    path = content_dir() / ACTIONS_FILE
    return vocabulary_from_data(read(path), path.name)


def load_vocabulary(path: str | Path | None = None) -> ActionVocabulary:
    """The safe actions and harms (content/actions.yaml, or the file given)."""
    if path is None:
        return _shipped_vocabulary()
    path = Path(path)
    return vocabulary_from_data(read(path), path.name)


# ------------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class HarmStep:
    """A harm on the path: at which step (1-based), in which scene, by which choice."""

    step: int
    scene_id: str
    choice_id: str
    action: PathAction


@dataclass(frozen=True)
class Assessment:
    """What a path earns. `ending` and `outcome` are None while the play has not ended."""

    ending: Ending | None
    outcome: str | None
    score: int
    done: tuple[PathAction, ...]  # safe actions, in the order first done
    harms: tuple[HarmStep, ...]  # every harm, in path order
    missing: tuple[PathAction, ...]  # actions the ending requires that the path did not do

    @property
    def passed(self) -> bool:
        return self.outcome == "good"

    @property
    def done_ids(self) -> set[str]:
        return {a.id for a in self.done}

    @property
    def harm_ids(self) -> set[str]:
        return {h.action.id for h in self.harms}


def path_score(script: RolePlayScript, path: Path_) -> int:
    """The score of a path: each scene counts once, with the choice taken on its last visit (the
    learner's final decision there; a harm made on an earlier visit still shapes the outcome)."""
    last = {scene_id: choice_id for scene_id, choice_id in path}
    return sum(script.scene(s).choice(c).score for s, c in last.items())


def replay(script: RolePlayScript, choice_ids: Iterable[str]) -> tuple[list[tuple[str, str]], bool]:
    """Follow stored choice ids from the start, as a page did: the (scene, choice) path they spell
    and whether it reached an ending. Stops at the first id the scene does not have (the script
    changed since) or at an ending."""
    node, path = script.start, []
    for cid in choice_ids:
        if script.is_ending(node):
            break
        try:
            choice = script.scene(node).choice(cid)
        except KeyError:
            break
        path.append((node, choice.id))
        node = choice.target
    return path, script.is_ending(node)


def final_node(script: RolePlayScript, path: Path_) -> str:
    if not path:
        return script.start
    scene_id, choice_id = path[-1]
    return script.scene(scene_id).choice(choice_id).target


def assess(
    script: RolePlayScript, path: Path_, vocabulary: ActionVocabulary | None = None
) -> Assessment:
    """The outcome, score, safe actions, harms and skipped requirements of a path."""
    vocab = vocabulary or load_vocabulary()
    done: dict[str, PathAction] = {}
    harms: list[HarmStep] = []
    for n, (scene_id, choice_id) in enumerate(path, start=1):
        choice = script.scene(scene_id).choice(choice_id)
        for a in choice.does:
            done.setdefault(a, vocab.get(a))
        for h in choice.harms:
            harms.append(HarmStep(n, scene_id, choice_id, vocab.get(h)))
    node = final_node(script, path)
    score = path_score(script, path)
    if not script.is_ending(node):
        return Assessment(None, None, score, tuple(done.values()), tuple(harms), ())
    ending = script.ending(node)
    missing = tuple(vocab.get(a) for a in ending.requires if a not in done)
    outcome = ending.outcome
    if outcome == "good" and (harms or missing):
        outcome = "mixed"
    return Assessment(ending, outcome, score, tuple(done.values()), tuple(harms), missing)


# ------------------------------------------------------------------------------- walking paths


def walk_paths(
    script: RolePlayScript, max_visits: int = MAX_VISITS, limit: int = MAX_PATHS
) -> Iterator[list[tuple[str, str]]]:
    """Every path from the start to an ending that enters no scene more than `max_visits` times."""
    count = 0
    stack: list[tuple[str, list[tuple[str, str]], Counter[str]]] = [
        (script.start, [], Counter({script.start: 1}))
    ]
    while stack:
        node, path, visits = stack.pop()
        if script.is_ending(node):
            count += 1
            if count > limit:
                return
            yield path
            continue
        for c in reversed(script.scene(node).choices):
            if script.is_ending(c.target) or visits[c.target] < max_visits:
                nxt = visits.copy()
                nxt[c.target] += 1
                stack.append((c.target, [*path, (node, c.id)], nxt))


def _one_more_lap(path: Path_) -> list[tuple[str, str]] | None:
    """The path with its first loop walked once more (None when it has no loop)."""
    first: dict[str, int] = {}
    for i, (scene_id, _) in enumerate(path):
        if scene_id in first:
            j = first[scene_id]
            return [*path[:i], *path[j:i], *path[i:]]
        first[scene_id] = i
    return None


def unanswered_harm(script: RolePlayScript, path: Path_, harms: Sequence[HarmStep]) -> HarmStep | None:
    """The path's last harm when no later step contains a safe action (the play ended on it)."""
    if not harms:
        return None
    last = harms[-1]
    if any(script.scene(s).choice(c).does for s, c in path[last.step:]):
        return None
    return last


def show_path(path: Path_) -> str:
    return " → ".join(c for _, c in path) or "（空）"


@dataclass
class PathCounts:
    """What the validator saw in one role-play."""

    paths: int = 0
    harmful: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    passed: int = 0
    truncated: bool = False


def tag_problems(file: str, script: RolePlayScript, vocab: ActionVocabulary) -> list[Problem]:
    """Every tag names an entry of the vocabulary of the right kind, every lesson a lesson of the
    course manifest; a choice's score agrees with what it contains (a harm never scores above 0, a negative score names its harm, a positive
    score names a safe action)."""
    from ..manifest import course  # lazily: the manifest's models import this package

    problems = []
    safe, harm = vocab.safe_ids, vocab.harm_ids
    lesson_numbers = set(course().numbers)

    def unknown(item: str, fld: str, ids: list[str], allowed: set[str], kind: str) -> None:
        for i in ids:
            if i not in allowed:
                other = "（它是一项危害，应写在 harms 下）" if i in harm else (
                    "（它是一项稳妥做法，应写在 does 下）" if i in safe else ""
                )
                problems.append(
                    Problem(file=file, item=item, field=fld, message=f"“{i}” 不是 {ACTIONS_FILE} 里的{kind}{other}")
                )

    for scene in script.scenes:
        for c in scene.choices:
            item = f"场景 {scene.id} 选择 {c.id}"
            unknown(item, "does", c.does, safe, "稳妥做法（safe）")
            unknown(item, "harms", c.harms, harm, "危害（harms）")
            for n in c.lessons:
                if n not in lesson_numbers:
                    problems.append(Problem(file=file, item=item, field="lessons", message=f"第 {n} 课不在课程清单 course.yaml 里"))
            if c.harms and c.score > 0:
                problems.append(Problem(file=file, item=item, field="score", message=f"含有危害 {', '.join(c.harms)}，得分却是 +{c.score}"))
            if c.score < 0 and not c.harms:
                problems.append(Problem(file=file, item=item, field="harms", message=f"得分是 {c.score}，却没有写明含有哪项危害"))
            if c.score > 0 and not c.does:
                problems.append(Problem(file=file, item=item, field="does", message=f"得分是 +{c.score}，却没有写明做到了哪项稳妥做法"))
    for e in script.endings:
        item = f"结局 {e.id}"
        unknown(item, "requires", e.requires, safe, "稳妥做法（safe）")
        unknown(item, "praises", e.praises, safe, "稳妥做法（safe）")
        unknown(item, "avoids", e.avoids, harm, "危害（harms）")
        if e.outcome == "good" and not e.requires:
            problems.append(Problem(file=file, item=item, field="requires", message="好结局要写明需要做到哪些稳妥做法"))
    return problems


def path_problems(
    file: str,
    script: RolePlayScript,
    vocab: ActionVocabulary | None = None,
    rule: Callable[..., Assessment] = assess,
    score: Callable[[RolePlayScript, Path_], int] = path_score,
) -> tuple[list[Problem], PathCounts]:
    """Walk every path (each scene at most twice) and report where a role-play breaks the rule.

    `rule` and `score` are the engine's; tests pass others to show each check can fail.
    """
    vocab = vocab or load_vocabulary()
    problems = tag_problems(file, script, vocab)
    if problems:
        return problems, PathCounts()
    counts = PathCounts()
    found: dict[str, list[str]] = {}
    reachable_good: set[str] = set()

    def report(rule_name: str, message: str) -> None:
        found.setdefault(rule_name, []).append(message)

    for path in walk_paths(script):
        counts.paths += 1
        a = rule(script, path, vocab)
        counts.outcomes[a.outcome] += 1
        counts.passed += a.passed
        ending = a.ending
        if a.harms:
            counts.harmful += 1
            if a.outcome == "good" or a.passed:
                names = "、".join(dict.fromkeys(h.action.id for h in a.harms))
                report("harm_good", f"含有危害（{names}）的路径得到了好结局或通过：{show_path(path)}")
        elif not a.missing and ending is not None and ending.outcome == "good":
            reachable_good.add(ending.id)
        left = unanswered_harm(script, path, a.harms)
        if left is not None and a.outcome != "bad":
            report(
                "ends_on_harm",
                f"路径最后停在危害上（第 {left.step} 步 {left.choice_id}：{left.action.id}，之后没有稳妥做法），"
                f"结局 {ending.id} 却不是 bad：{show_path(path)}",
            )
        lacking = [p for p in ending.praises if p not in a.done_ids]
        if lacking:
            report("praise", f"结局 {ending.id} 称赞了路径上没有做到的事（{', '.join(lacking)}）：{show_path(path)}")
        denied = [h for h in ending.avoids if h in a.harm_ids]
        if denied:
            report("praise", f"结局 {ending.id} 说避开了路径上其实发生的危害（{', '.join(denied)}）：{show_path(path)}")
        lap = _one_more_lap(path)
        if lap is not None and score(script, lap) > score(script, path):
            report("loop", f"多绕一圈得分会变高（{score(script, path)} → {score(script, lap)}）：{show_path(path)}")
    counts.truncated = counts.paths >= MAX_PATHS
    for e in script.endings:
        if e.outcome == "good" and e.id not in reachable_good:
            report(
                "requires",
                f"结局 {e.id} 是好结局，但没有一条路径能在没有危害的情况下做到它要求的"
                f"（{', '.join(e.requires)}）",
            )
    for messages in found.values():
        for m in messages[:SHOWN_PER_RULE]:
            problems.append(Problem(file=file, item="路径", message=m))
        if len(messages) > SHOWN_PER_RULE:
            problems.append(Problem(file=file, item="路径", message=f"同类问题还有 {len(messages) - SHOWN_PER_RULE} 条"))
    return problems, counts
