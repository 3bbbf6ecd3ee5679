"""Role-plays: every choice can be taken, every path ends with a debrief, progress resumes."""

from __future__ import annotations

from collections import deque
from pathlib import Path

import pytest

from overdue.quiz import RolePlay, load_roleplay
from overdue.quiz.engine import all_paths
from overdue.quiz.loader import shipped_files
from overdue.quiz.progress import ProgressStore

FIX = Path(__file__).parent / "fixtures" / "quiz"
REFS = FIX / "references_small.yaml"


def shortest_route(script, frm: str, to_ending: bool = False, to: str | None = None):
    """Choices from scene `frm` to scene `to` (or to any ending), breadth first."""
    queue = deque([(frm, [])])
    seen = {frm}
    while queue:
        node, route = queue.popleft()
        if (to_ending and script.is_ending(node)) or node == to:
            return route
        if script.is_ending(node):
            continue
        for c in script.scene(node).choices:
            if c.target not in seen:
                seen.add(c.target)
                queue.append((c.target, [*route, c.id]))
    raise AssertionError(f"no route from {frm}")


def walk_every_choice(script):
    """For each choice: go to its scene, take it, then finish; every run must reach a debrief."""
    for scene in script.scenes:
        for choice in scene.choices:
            rp = RolePlay(script, store=False, refs=REFS)
            rp.start()
            for cid in shortest_route(script, script.start, to=scene.id):
                rp.choose(cid)
            step = rp.choose(choice.id)
            assert step.feedback == choice.feedback.zh
            node = step.ending.id if step.finished else step.scene.id
            for cid in shortest_route(script, node, to_ending=True):
                rp.choose(cid)
            assert rp.finished
            d = rp.debrief()
            assert d.text and d.score == rp.score
            assert (scene.id, choice.id) in rp.path


def test_fixture_walked_down_every_path():
    script = load_roleplay(FIX / "roleplay_valid.yaml", refs=REFS)
    paths = all_paths(script)
    assert len(paths) == 3
    endings = set()
    for path in paths:
        rp = RolePlay(script, store=False, refs=REFS)
        rp.start()
        for _, cid in path:
            rp.choose(cid)
        assert rp.finished and rp.path == path
        d = rp.debrief()
        endings.add(d.ending_id)
        assert d.score == sum(script.scene(s).choice(c).score for s, c in path)
    assert endings == {"calm_verified", "paid_stranger", "unresolved"}
    walk_every_choice(script)


def test_score_path_and_debrief():
    rp = RolePlay(load_roleplay(FIX / "roleplay_valid.yaml", refs=REFS), store=False, refs=REFS)
    first = rp.start()
    assert first.scene.id == "knock" and [c.id for c in first.choices] == ["ask_id", "open_pay"]
    rp.choose("ask_id")
    rp.choose("ask_again")  # a loop with a way out
    step = rp.choose("call_official")
    assert step.finished and step.ending.outcome == "good"
    d = rp.debrief()
    assert rp.score == 4 and d.passed is True
    assert rp.path == [("knock", "ask_id"), ("show_card", "ask_again"), ("show_card", "call_official")]
    assert "95384" in d.citation and "核实之后再谈" in str(d)


def test_bad_choice_and_order_of_calls():
    rp = RolePlay(load_roleplay(FIX / "roleplay_valid.yaml", refs=REFS), store=False, refs=REFS)
    with pytest.raises(RuntimeError):
        rp.choose("ask_id")
    rp.start()
    with pytest.raises(ValueError):
        rp.choose("call_official")  # belongs to another scene
    rp.choose("open_pay")
    with pytest.raises(ValueError):
        rp.choose("ask_id")
    assert rp.debrief().outcome == "bad"


def test_roleplay_resumes_after_restart(tmp_path):
    script = load_roleplay(FIX / "roleplay_valid.yaml", refs=REFS)
    store = ProgressStore(tmp_path / "p.sqlite3")
    rp = RolePlay(script, learner="amy", store=store, refs=REFS)
    rp.start()
    rp.choose("ask_id")
    again = RolePlay(script, learner="amy", store=ProgressStore(tmp_path / "p.sqlite3"), refs=REFS)
    assert again.path == [("knock", "ask_id")] and again.current.scene.id == "show_card"


@pytest.mark.parametrize("path", shipped_files("roleplays"), ids=lambda p: p.name)
def test_shipped_roleplay_every_choice_reaches_a_debrief(path):
    script = load_roleplay(path)
    assert all_paths(script)
    for scene in script.scenes:
        for choice in scene.choices:
            rp = RolePlay(script, store=False)
            rp.start()
            for cid in shortest_route(script, script.start, to=scene.id):
                rp.choose(cid)
            step = rp.choose(choice.id)
            node = step.ending.id if step.finished else step.scene.id
            for cid in shortest_route(script, node, to_ending=True):
                rp.choose(cid)
            assert rp.debrief().text
