"""Before-and-after check: the prepost bank, the paired class figures, the organiser's report and a
learner's own before and after kept across a restart."""

from __future__ import annotations

import datetime as dt
import struct
import warnings
from dataclasses import dataclass

import pytest

from overdue.i18n import ui
from overdue.quiz import gain_report, load_bank, load_roleplay
from overdue.quiz.engine import all_paths
from overdue.quiz.gain import (
    AFTER_ID,
    BANK_ID,
    FEW,
    answers_by_phase,
    compare,
    compare_plays,
    my_change,
    plays_from_rows,
    prepost_quiz,
)
from overdue.quiz.outcome import assess
from overdue.quiz.progress import ProgressStore
from overdue.quiz.selfcheck import lesson_of

FEW_TEXT = "人数太少，只作参考"
IDS = [q.id for q in load_bank(BANK_ID).questions]
Q1, Q2, Q3 = IDS[:3]


def wrong_option(q) -> str:
    return next(o.id for o in q.options if o.id != q.answer)


# ------------------------------------------------------------------------------------- the bank


def test_bank_covers_lessons_02_to_05_and_08_with_sources():
    bank = load_bank(BANK_ID)
    assert 8 <= len(bank.questions) <= 10
    lessons = {lesson_of(q.lesson_link) for q in bank.questions}
    assert lessons == {"02_verify_collector", "03_check_the_amount", "04_negotiate_plan", "05_defend_rights",
                       "08_legal_consequences"}
    assert all(q.refs for q in bank.questions)  # every question names its sources
    assert all(ui(f"gain.short.{q.id}") for q in bank.questions)  # a short label for the chart


# ------------------------------------------------------------------------------ paired figures


def test_only_participants_who_did_both_count_in_the_paired_figures():
    before = {
        "p1": {Q1: False, Q2: True},
        "p2": {Q1: True, Q2: False},
        "only_before": {Q1: True, Q2: True},  # would raise the before share if counted
        "after_blank": {Q1: True},  # their after holds no answer: only before
    }
    after = {
        "p1": {Q1: True, Q2: True},
        "p2": {Q1: True, Q2: True},
        "only_after": {Q1: False, Q2: False},  # would lower the after share if counted
        "after_blank": {Q1: None},
        "not_in_bank": {"sc_doorstep_first": True},  # a question of another bank is no answer here
    }
    gain = compare(before, after)
    assert (gain.n_paired, gain.only_before, gain.only_after) == (2, 2, 1)
    q1, q2 = gain.questions[0], gain.questions[1]
    assert (q1.paired, q1.right_before, q1.right_after) == (2, 1, 2)
    assert (q1.share_before, q1.share_after, q1.change) == (0.5, 1.0, 0.5)
    assert (q2.paired, q2.right_before, q2.right_after, q2.learned, q2.lost) == (2, 1, 2, 1, 0)
    assert (q1.answered_before, q1.answered_after) == (4, 3)  # everyone who answered, for live views
    assert gain.questions[2].paired == 0 and gain.questions[2].change is None
    assert (gain.answers, gain.right_before, gain.right_after) == (4, 2, 4)
    assert gain.change == pytest.approx(0.5)
    assert (gain.improved, gain.same, gain.worse) == (2, 0, 0)
    assert gain.caveat == FEW_TEXT


def test_a_question_answered_only_once_by_a_paired_participant_is_left_out_of_that_question():
    gain = compare({"p": {Q1: True, Q2: False}}, {"p": {Q1: False}})
    assert gain.n_paired == 1
    assert (gain.questions[0].paired, gain.questions[0].lost) == (1, 1)
    assert gain.questions[1].paired == 0
    assert (gain.improved, gain.same, gain.worse) == (0, 0, 1)


def test_the_small_numbers_caveat_goes_at_ten_paired_participants():
    def klass(n):
        return compare({i: {Q1: False} for i in range(n)}, {i: {Q1: True} for i in range(n)})

    assert FEW == 10
    assert klass(FEW - 1).caveat == FEW_TEXT and klass(FEW - 1).few
    assert klass(FEW).caveat == "" and not klass(FEW).few
    assert compare({}, {}).change is None  # nobody yet: no figure, no error


@dataclass
class Row:  # the shape of overdue.workshop.store.Answer
    participant: int
    item: str
    question: str
    correct: bool | None
    nickname: str = ""


def test_stored_rows_split_into_the_two_phases_and_the_first_answer_counts():
    rows = [
        Row(1, BANK_ID, Q1, False),
        Row(1, BANK_ID, Q1, True),  # a later try: not counted
        Row(1, AFTER_ID, Q1, True),
        {"participant": 2, "item": BANK_ID, "question": Q1, "correct": True},
        Row(3, "lesson02", Q1, True),  # another item of the session
    ]
    before, after = answers_by_phase(rows)
    assert before == {1: {Q1: False}, 2: {Q1: True}}
    assert after == {1: {Q1: True}}
    gain = compare(before, after)
    assert (gain.n_paired, gain.only_before, gain.only_after) == (1, 1, 0)
    assert gain.questions[0].learned == 1


# ---------------------------------------------------------------------------------- role-plays


def test_roleplays_compare_the_first_and_the_last_finished_play():
    script = load_roleplay("second_visit")
    paths = all_paths(script)
    good = next(p for p in paths if assess(script, p).outcome == "good")
    harmful = next(p for p in paths if assess(script, p).outcome != "good")
    unfinished = good[:2]
    plays = {
        "learned": [harmful, harmful, good],  # first bad, last good
        "steady": [good, good],
        "slipped": [good, harmful],
        "once": [harmful],  # one finished play: counted apart
        "once_and_unfinished": [good, unfinished],  # the unfinished play is skipped
    }
    g = compare_plays(script, plays)
    assert (g.paired, g.once) == (3, 2)
    assert (g.good_first, g.good_last) == (2, 2)
    assert g.share_first == pytest.approx(2 / 3) and g.change == 0
    assert g.caveat == FEW_TEXT
    # a path the script no longer has is skipped, never a traceback
    assert compare_plays(script, {"x": [[("no_such_scene", "x")], good]}).once == 1


@dataclass
class MoveRow:  # a workshop role-play move: step rp:NNN, question = scene id, answer = choice id
    participant: int
    item: str
    step: str
    question: str
    answer: str


def test_workshop_moves_become_a_first_and_a_last_play():
    script = load_roleplay("second_visit")
    paths = all_paths(script)
    good = next(p for p in paths if assess(script, p).outcome == "good")
    harmful = next(p for p in paths if assess(script, p).outcome != "good")
    items = ["second_visit", "second_visit_after"]
    rows = []
    for pid, (first, last) in enumerate([(harmful, good), (good, good), (harmful, None)]):
        for item, path in zip(items, (first, last), strict=True):
            for n, (scene, choice) in enumerate(reversed(path or [])):  # stored order does not matter
                rows.append(MoveRow(pid, item, f"rp:{len(path) - 1 - n:03d}", scene, choice))
    rows.append(MoveRow(0, "lesson02", "rp:000", "x", "y"))  # another item
    plays = plays_from_rows(script, rows, items)
    assert plays[0] == [harmful, good] and plays[1] == [good, good] and plays[2] == [harmful]
    g = compare_plays(script, plays)
    assert (g.paired, g.once, g.good_first, g.good_last) == (2, 1, 1, 2)


def test_a_stored_play_stops_where_the_script_no_longer_leads():
    """Moves stored under an older script: a scene the walk is not in, a choice the scene no longer
    has, or moves after an ending end the play there (as the phone page would have)."""
    script = load_roleplay("second_visit")
    good = next(p for p in all_paths(script) if assess(script, p).outcome == "good")

    def rows(path, pid=0):
        return [MoveRow(pid, "second_visit", f"rp:{n:03d}", scene, choice) for n, (scene, choice) in enumerate(path)]

    wrong_scene = [*good[:2], ("no_such_scene", good[2][1]), *good[3:]]
    gone_choice = [*good[:3], (good[3][0], "no_such_choice"), *good[4:]]
    past_end = [*good, (good[-1][0], good[-1][1])]
    plays = plays_from_rows(script, rows(wrong_scene, 0) + rows(gone_choice, 1) + rows(past_end, 2),
                            ["second_visit"])
    assert plays == {0: [good[:2]], 1: [good[:3]], 2: [good]}


# ---------------------------------------------------------------------------------- the report


def class_of_five():
    """Five participants with nicknames in the rows (as the workshop stores them); all did both."""
    bank = load_bank(BANK_ID)
    rows = []
    for pid in range(5):
        for n, q in enumerate(bank.questions):
            rows.append(Row(pid, BANK_ID, q.id, (pid + n) % 5 < 2, nickname=f"小明{pid}<b>"))
            rows.append(Row(pid, AFTER_ID, q.id, (pid + n) % 5 < 4, nickname=f"小明{pid}<b>"))
    return compare(*answers_by_phase(rows))


def test_report_has_the_numbers_the_caveat_and_no_nickname():
    gain = class_of_five()
    assert (gain.n_paired, gain.share_before, gain.share_after) == (5, 0.4, 0.8)
    html_text = gain_report.render_html(gain, when=dt.date(2026, 12, 6), title="周六<script>课</script>",
                                        png=b"\x89PNG")
    assert "小明" not in html_text
    assert "<script>" not in html_text and "周六&lt;script&gt;课" in html_text
    assert "2026-12-06" in html_text
    assert ui("gain.report.paired", n=5) in html_text
    assert FEW_TEXT in html_text
    assert "课前答对 40%，课后答对 80%，变化 +40 个百分点" in html_text
    assert html_text.count("+40 个百分点") == 1 + 10  # overall and every question
    assert "data:image/png;base64," in html_text and "@media print" in html_text


def test_report_without_pairs_says_so():
    gain = compare({1: {Q1: True}}, {2: {Q1: True}})
    html_text = gain_report.render_html(gain, png=b"")
    assert ui("gain.report.none_paired") in html_text
    assert ui("gain.report.unpaired", before=1, after=1) in html_text


def test_chart_is_a_projector_sized_png_with_every_glyph():
    script = load_roleplay("second_visit")
    good = next(p for p in all_paths(script) if assess(script, p).outcome == "good")
    gain = class_of_five()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = gain_report.chart_png(gain)
        gain_report.chart_png(compare({1: {Q1: True}}, {1: {Q1: True}},
                                      roleplays=[compare_plays(script, {1: [good, good]})]))
    assert not [w for w in caught if "missing" in str(w.message).lower()], caught
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1920, 1080)


def test_save_writes_the_html_and_the_png(tmp_path):
    html_path, png_path = gain_report.save(class_of_five(), tmp_path)
    assert html_path.suffix == ".html" and png_path.suffix == ".png"
    assert "小明" not in html_path.read_text(encoding="utf-8")
    assert png_path.read_bytes()[:4] == b"\x89PNG"


# ------------------------------------------------------------------------------- self-study


def test_a_learners_before_and_after_survive_a_restart(tmp_path):
    path = tmp_path / "progress.sqlite3"
    bank = load_bank(BANK_ID)
    q1, q2, q3 = bank.questions[:3]
    store = ProgressStore(path)
    before = prepost_quiz("before", store=store)
    before.submit(q1.id, wrong_option(q1))
    before.submit(q1.id, q1.answer)  # right on the second try: the first answer counts
    before.submit(q2.id, q2.answer)
    after = prepost_quiz("after", store=store)
    assert not after.state(q1.id).answered  # the after round starts fresh
    after.submit(q1.id, q1.answer)
    after.submit(q2.id, wrong_option(q2))
    after.submit(q3.id, q3.answer)
    store.close()

    restarted = ProgressStore(path)  # a new kernel
    mine = my_change(store=restarted)
    by_id = {i.question_id: i for i in mine.items}
    assert (by_id[q1.id].before, by_id[q1.id].after) == (False, True)
    assert (by_id[q2.id].before, by_id[q2.id].after) == (True, False)
    assert (by_id[q3.id].before, by_id[q3.id].after) == (None, True)
    assert (mine.before_right, mine.after_right, mine.total) == (1, 2, len(bank.questions))
    assert [i.question_id for i in mine.still_wrong] == [q2.id]
    shown = str(mine)
    assert ui("gain.mine_head", before=1, after=2, total=len(bank.questions)) in shown
    assert f"{lesson_of(q2.lesson_link)}.ipynb" in shown  # the lesson to reread
    assert mine._repr_html_().count("<a href=") == 1  # one link: the one question still wrong
    assert f'<a href="{lesson_of(q2.lesson_link)}.ipynb"' in mine._repr_html_()
    assert prepost_quiz("after", store=restarted).state(q3.id).correct  # the quiz resumes, too
    # only the progress store holds it: the two rounds are two collections of the same learner
    assert {a.item for a in restarted.attempts("default", "quiz", AFTER_ID)} == {q1.id, q2.id, q3.id}


def test_my_change_before_anything_is_answered(tmp_path):
    mine = my_change(store=ProgressStore(tmp_path / "p.sqlite3"))
    assert str(mine) == ui("gain.mine_not_started")
    with pytest.raises(ValueError):
        prepost_quiz("during", store=False)


def test_my_change_says_when_the_before_is_missing(tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite3")
    q = load_bank(BANK_ID).questions[0]
    prepost_quiz("after", store=store).submit(q.id, q.answer)
    assert ui("gain.mine_no_before") in str(my_change(store=store))


def test_gain_module_needs_no_widgets_or_charts():
    import subprocess
    import sys

    code = ("import sys, overdue.quiz.gain; "
            "bad = [m for m in ('ipywidgets', 'matplotlib', 'IPython') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"



# ------------------------------------------------------------------------------ the manifest


def test_lessons_00_and_09_offer_the_check_as_the_manifest_says(tmp_path):
    import json
    from pathlib import Path

    import yaml

    from overdue import manifest

    root = Path(__file__).resolve().parents[1]
    assert [lesson.id for lesson in manifest.course().lessons if BANK_ID in lesson.other_quizzes] == [
        "00_start_here", "09_capstone_second_visit"]
    for stem, phase in (("00_start_here", "before"), ("09_capstone_second_visit", "after")):
        cells = json.loads((root / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
        sources = ["".join(c["source"]) for c in cells]
        at = next(i for i, s in enumerate(sources) if f'prepost_quiz("{phase}")' in s)
        if phase == "before":  # before the self-check, whose feedback would teach the answers first
            assert at < next(i for i, s in enumerate(sources) if 'show_quiz("self_check")' in s)
        else:  # and the learner's own change right after, before 要点回顾
            assert "my_change()" in sources[at + 1]
            assert at < next(i for i, s in enumerate(sources) if s.startswith("## 要点回顾"))
    data = yaml.safe_load((root / "src/overdue/content/course.yaml").read_text(encoding="utf-8"))
    data["lessons"][0]["other_quizzes"] = ["no_such_bank"]
    path = tmp_path / "course.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert any("no_such_bank" in p for p in manifest.problems(manifest.course(path)))
