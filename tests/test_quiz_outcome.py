"""The role-plays' one outcome rule and the validator that holds every path to it.

A learner who takes a step the lessons warn against must never be told the play went well; the
ending may only credit what the learner did; a loop must not buy points.
"""

from pathlib import Path

import pytest

from overdue.quiz import RolePlay, load_roleplay
from overdue.quiz.__main__ import main as quiz_cli
from overdue.quiz.engine import all_paths
from overdue.quiz.loader import check_paths
from overdue.quiz.outcome import Assessment, assess, load_vocabulary, path_problems, walk_paths

FIX = Path(__file__).parent / "fixtures" / "quiz"
REFS = FIX / "references_small.yaml"
SHIPPED = ("doorstep", "negotiation", "second_visit")


def _play(roleplay: str, choices: list[str]) -> RolePlay:
    rp = RolePlay(roleplay, store=False)
    rp.start()
    for c in choices:
        rp.choose(c)
    return rp


# -- the reproductions an outside reader found --------------------------------------------------------


def test_negotiation_with_agent_false_claims_and_a_blind_confirm_is_not_good():
    rp = _play(
        "negotiation",
        ["click_ad", "refuse_agent", "demand_policy", "threaten_false", "withdraw", "overpromise",
         "correct_self", "oral_only", "call_back", "sign_blind", "refuse_verify"],
    )
    d = rp.debrief()
    assert d.ending_id == "end_good"
    assert d.outcome == "mixed" and not d.passed and not rp.passed
    steps = [h.step for h in d.harms]
    assert steps == [1, 3, 4, 6, 8, 10]  # click_ad, two false claims, overpromise, oral_only, sign_blind
    assert any("没看清、没核对就签字或点确认" in h.label for h in d.harms)
    assert [m.label for m in d.missing] == ["先算清自己每月最多能拿出多少钱", "确认之前逐条读清协议"]
    # the ending text credits only what every path to it did: no "问清罚息和征信" as praise
    assert "你问清了" not in d.text
    lines = str(d)
    assert "第 10 步" in lines and "未通过" in lines


def test_second_visit_loop_adds_nothing_and_a_bad_ending_never_passes():
    loop = ["borrow_elsewhere", "refuse_borrow"] * 20
    rp = _play("second_visit", ["chain_ask_id", "trust_card", "accept_number", *loop, "promise_all", "hide"])
    d = rp.debrief()
    assert d.outcome == "bad" and not d.passed
    once = _play("second_visit", ["chain_ask_id", "trust_card", "accept_number", *loop[:2], "promise_all", "hide"])
    assert rp.score == once.score  # twenty laps score what one lap scores
    named = {h.choice_text for h in d.harms}
    assert any("不核实" in t for t in named) and any("你说多少就是多少" in t for t in named)


def test_trusting_the_card_is_a_harm_and_reading_the_plan_is_required():
    script = load_roleplay("second_visit")
    trust_card = script.scene("show_id").choice("trust_card")
    assert trust_card.harms == ["trusted_unverified"] and trust_card.score < 0
    accept_blind = script.scene("written_terms").choice("accept_blind")
    assert accept_blind.harms == ["signed_unread"] and "读" in str(accept_blind.feedback)


def test_cash_is_never_told_to_be_stopped_like_a_transfer():
    script = load_roleplay("second_visit")
    for scene_id, cid in [("contract_check", "pay_fee_anyway"), ("propose_plan", "give_cash")]:
        target = script.scene(scene_id).choice(cid).target
        scene = script.scene(target)
        assert "止付" not in str(scene.line) and all("止付" not in str(c.text) for c in scene.choices)
        assert any("12378" in str(c.text) or "95384" in str(c.text) for c in scene.choices)


def test_collectors_inside_are_not_handed_an_id_through_the_door():
    script = load_roleplay("second_visit")
    after_inside = script.scene("inside").choice("stop_photos").target
    assert "门缝" not in str(script.scene(after_inside).line)


# -- the rule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("roleplay", SHIPPED)
def test_every_shipped_path_follows_the_rule(roleplay):
    script = load_roleplay(roleplay)
    vocab = load_vocabulary()
    for path in walk_paths(script):
        a = assess(script, path, vocab)
        if a.harms:
            assert a.outcome != "good" and not a.passed, path
        if a.outcome == "good":
            assert set(a.ending.requires) <= a.done_ids
        assert set(a.ending.praises) <= a.done_ids, path
        assert not set(a.ending.avoids) & a.harm_ids, path


@pytest.mark.parametrize("roleplay", SHIPPED)
def test_every_good_ending_can_be_earned_and_some_path_passes(roleplay):
    script = load_roleplay(roleplay)
    outcomes = {assess(script, p).outcome for p in all_paths(script)}
    assert outcomes == {"good", "mixed", "bad"}


def test_the_debrief_of_a_harmful_step_says_what_to_do_instead_with_lesson_and_source():
    rp = _play("doorstep", ["ask_through_door", "note_and_verify", "trust_photo", "refuse_and_report", "keep_notes"])
    d = rp.debrief()
    assert d.outcome == "mixed"
    (harm,) = d.harms
    assert harm.step == 3 and harm.lesson == "02_verify_collector" and "95384" in harm.advice
    assert "95384" in harm.citation
    assert "用自己查到的官方号码（微众银行 95384）核实" in [x.label for x in d.done]


def test_the_notebook_view_shows_pass_harms_and_lesson_links():
    from overdue.quiz.views import RolePlayView

    rp = _play("doorstep", ["ask_through_door", "call_card_number", "hang_up_and_call_official", "keep_notes"])
    html = RolePlayView(rp).debrief.value
    assert "未通过" in html and "相信了没有核实过的人、号码或文件" in html
    assert 'href="02_verify_collector.ipynb"' in html and "再读第 2 课" in html

    good = _play("doorstep", ["stay_silent", "ask_leave_door", "call_110_door"])
    html = RolePlayView(good).debrief.value
    assert "✔ 通过" in html and "要注意的地方" not in html


# -- the validator: shipped content passes, each rule can fail ------------------------------------------


def test_validator_reports_no_problem_and_prints_the_counts(capsys):
    assert quiz_cli(["check"]) == 0
    out = capsys.readouterr().out
    for roleplay in SHIPPED:
        assert f"角色扮演 {roleplay}：" in out
    assert "条含有危害" in out and "✔ 没有发现问题" in out
    report = check_paths()
    counts = report.path_counts["second_visit"]
    assert counts.paths > 548 and counts.harmful < counts.paths and counts.passed == counts.outcomes["good"]


def _problems(fixture: str) -> list[str]:
    return [str(p) for p in check_paths([FIX / fixture, REFS]).problems]


def test_validator_fails_an_ending_that_praises_what_the_path_lacks():
    problems = _problems("roleplay_praise_unearned.yaml")
    assert any("roleplay_praise_unearned.yaml" in p and "unresolved" in p and "verified_official" in p
               and "→" in p for p in problems), problems


def test_validator_fails_a_good_ending_whose_requirements_cannot_be_met():
    problems = _problems("roleplay_requires_unmet.yaml")
    assert any("calm_verified" in p and "kept_record" in p for p in problems), problems


def test_validator_fails_untagged_or_mistagged_choices():
    problems = _problems("roleplay_untagged_harm.yaml")
    assert any("argue" in p and "没有写明含有哪项危害" in p for p in problems), problems
    assert any("calm_down" in p and "paid_outside_official" in p and "harms" in p for p in problems), problems


def test_validator_fails_a_rule_that_lets_a_harmful_path_end_well():
    script = load_roleplay("doorstep")

    def last_scene_only(script, path, vocab):  # the old rule: the ending alone decides
        a = assess(script, path, vocab)
        return Assessment(a.ending, a.ending.outcome, a.score, a.done, a.harms, ())

    problems, _ = path_problems("doorstep.yaml", script, rule=last_scene_only)
    assert any("含有危害" in str(p) and "得到了好结局" in str(p) and "→" in str(p) for p in problems)
    assert path_problems("doorstep.yaml", script)[0] == []


def test_a_play_that_ends_on_a_harm_is_risky_not_could_be_better():
    rp = _play("negotiation", ["budget_first", "explain_honestly", "realistic_number", "oral_only", "let_it_go"])
    assert rp.outcome == "bad" and "书面确认" in rp.debrief().text
    rp = _play("doorstep", ["ask_through_door", "note_and_verify", "call_95384", "back_to_door", "app_only",
                            "promise_everything"])
    assert rp.outcome == "bad"
    # a harm answered by a safe step later may still end "mixed"
    rp = _play("doorstep", ["shout_back", "keep_shouting", "close_and_call"])
    assert rp.outcome == "mixed"


def test_validator_fails_an_ending_softer_than_bad_after_an_unanswered_harm():
    script = load_roleplay("negotiation")
    soft = script.model_copy(update={"endings": [
        e.model_copy(update={"outcome": "mixed"}) if e.id == "end_oral" else e for e in script.endings
    ]})
    problems = [str(p) for p in path_problems("negotiation.yaml", soft)[0]]
    assert any("停在危害上" in p and "let_it_go" in p and "end_oral" in p for p in problems), problems
    assert path_problems("negotiation.yaml", script)[0] == []


def test_a_good_negotiation_starts_with_a_budget():
    rp = _play("negotiation", ["call_unprepared", "explain_honestly", "realistic_number", "ask_written", "ask_details",
                               "keep_records", "refuse_verify"])
    d = rp.debrief()
    assert d.outcome == "mixed" and not d.passed and not d.harms
    assert [m.label for m in d.missing] == ["先算清自己每月最多能拿出多少钱"]


def test_validator_fails_a_score_that_grows_with_each_lap():
    script = load_roleplay("second_visit")

    def per_choice(script, path):  # the old score: every choice counts, loops included
        return sum(script.scene(s).choice(c).score for s, c in path)

    problems, _ = path_problems("second_visit.yaml", script, score=per_choice)
    assert any("多绕一圈得分会变高" in str(p) and "→" in str(p) for p in problems)


def test_a_choice_links_to_lessons_by_a_field_the_validator_checks(tmp_path):
    text = (FIX / "roleplay_valid.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "roleplay_lessons.yaml"
    bad.write_text(text.replace("        does: [asked_identity]\n", "        does: [asked_identity]\n        lessons: [2, 42]\n"),
                   encoding="utf-8")
    problems = [str(p) for p in check_paths([bad, REFS]).problems]
    assert any("ask_id" in p and "lessons" in p and "第 42 课" in p for p in problems), problems
    rp = _play("second_visit", ["chain_ask_id"])
    assert rp.current.feedback.startswith("〔第2课〕")  # shown before the feedback, from the field
