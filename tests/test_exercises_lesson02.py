"""Lesson 02's exercise checks: wrong answers are called wrong, the engine's are right."""

from datetime import date
from decimal import Decimal

import pytest

from overdue.exercises import lesson02 as ex
from overdue.forms.red_flags import RedFlagChecker
from overdue.loan import Loan, charges_on

LOAN = Loan(principal=Decimal("5000"), daily_rate=Decimal("0.0005"), periods=5,
            method="equal_principal", start=date(2026, 3, 10))
ON = date(2026, 8, 20)
RIGHT_PLAN = {"开门前": "B", "核实用的电话": "C", "还款渠道": "A", "对方不肯走": "C"}


def _owed():
    return charges_on(LOAN, on=ON, paid_through=2, compound=False).total


def test_the_exercise_loan_is_the_lessons_example():
    assert ex.LOAN == LOAN and ex.PAID_THROUGH == 2 and ex.ON == ON


def test_owed_on_visit():
    assert ex.owed_on_visit.check(_owed())
    assert not ex.owed_on_visit.check(charges_on(LOAN, on=ON, paid_through=2, compound=True).total)
    assert not ex.owed_on_visit.check(_owed() - Decimal("0.05"))
    took_claim = ex.owed_on_visit.check(ex.CLAIM)
    assert not took_claim and "上门的人说的数字" in str(took_claim)
    assert "本金" in str(ex.owed_on_visit.check(charges_on(LOAN, on=ON, paid_through=2).principal))
    assert not ex.owed_on_visit.check("三千")


def test_claim_gap():
    gap = ex.CLAIM - _owed()
    assert gap > 0  # the story needs the visitor to ask for more than the example figure
    assert ex.claim_gap.check(gap)
    reversed_sign = ex.claim_gap.check(-gap)
    assert not reversed_sign and "正负号" in str(reversed_sign)


def test_best_response():
    assert ex.best_response.check("D")
    for wrong in "ABC":
        assert not ex.best_response.check(wrong)


def test_story_red_flags_are_real_flags_of_the_checker():
    flags = {f.id for f in RedFlagChecker().flags}
    assert set(ex.story_red_flags.expected) <= {f.upper() for f in flags} | flags
    assert ex.story_red_flags.check({"own_number", "personal_account", "rush", "credit_fee"})
    result = ex.story_red_flags.check({"own_number", "personal_account", "rush", "credit_fee", "no_id"})
    assert not result and "NO_ID" in str(result)


@pytest.mark.parametrize("change, words", [
    ({}, None),
    ({"开门前": "a"}, "开门前"),
    ({"核实用的电话": "A"}, "核实用的电话"),
    ({"还款渠道": "B"}, "还款渠道"),
    ({"对方不肯走": "B"}, "对方不肯走"),
    ({"对方不肯走": ""}, "四个问题"),
])
def test_doorstep_plan(change, words):
    plan = {**RIGHT_PLAN, **change}
    result = ex.doorstep_plan.check(plan)
    if words is None:
        assert result
    else:
        assert not result and words in str(result)


def test_doorstep_plan_lowercase_and_non_dict():
    assert ex.doorstep_plan.check({k: v.lower() for k, v in RIGHT_PLAN.items()})
    assert "字典" in str(ex.doorstep_plan.check(["B", "C", "A", "C"]))


# -- lesson 02's role-play and quiz bank: what the lesson promises the learner -------------------

OUTCOME = {"paid_wrong": "bad", "police_after_entry": "mixed", "scam_avoided": "mixed"}  # a harm on the way is never "good"

PATHS = {
    "calm_verified": ["ask_through_door", "note_and_verify", "call_95384", "back_to_door", "app_only", "honest_plan"],
    "scam_avoided": ["ask_through_door", "call_card_number", "hang_up_and_call_official", "keep_notes"],
    "police_called": ["stay_silent", "ask_leave_door", "call_110_door"],
    "police_after_entry": ["open_and_invite", "ask_leave", "call_110"],
    "paid_wrong": ["ask_through_door", "note_and_verify", "call_95384", "back_to_door", "transfer_wechat"],
}


@pytest.mark.parametrize("ending, choices", PATHS.items())
def test_doorstep_roleplay_reaches_its_endings(ending, choices):
    from overdue.quiz import RolePlay, load_roleplay

    rp = RolePlay(load_roleplay("doorstep"), learner="test_l02")
    rp.start()
    for c in choices:
        step = rp.choose(c)
    assert step.finished and step.ending.id == ending
    debrief = rp.debrief()
    assert debrief.outcome == OUTCOME.get(ending, "good")
    if ending == "calm_verified":  # the model path scores higher than any path that ends badly
        assert rp.score > 6


def test_doorstep_roleplay_size_and_endings():
    from overdue.quiz import load_roleplay

    script = load_roleplay("doorstep")
    assert len(script.scenes) >= 12
    outcomes = {e.id: e.outcome for e in script.endings}
    assert {"calm_verified", "scam_avoided", "police_called"} <= set(outcomes)
    assert outcomes["paid_wrong"] == "bad"


@pytest.mark.parametrize("bank_id", ["lesson01", "lesson02"])
def test_banks_have_eight_mixed_questions_with_feedback(bank_id):
    from overdue.quiz import load_bank

    bank = load_bank(bank_id)
    types = {q.type for q in bank.questions}
    assert len(bank.questions) >= 8
    assert {"single", "multiple", "truefalse", "ordering", "numeric"} <= types
    for q in bank.questions:
        assert q.explanation and q.hints and q.refs
