"""Lesson 04's exercise checks: wrong answers are called wrong, engine-computed answers are right."""

from datetime import date
from decimal import Decimal

import pytest

from overdue.exercises import lesson04 as ex
from overdue.loan import Loan
from overdue.plans import affordability
from overdue.quiz import load_bank


def plan(periods):
    return Loan(principal=Decimal("7200"), daily_rate=Decimal("0.0003"), periods=periods,
                method="equal_payment", start=date(2026, 8, 1))


def test_monthly_payment():
    right = plan(12).schedule()[0].payment
    assert ex.monthly_payment.check(right)
    no_interest = ex.monthly_payment.check(Decimal("600"))
    assert not no_interest and "利息" in str(no_interest)
    assert not ex.monthly_payment.check(right + Decimal("0.05"))


def test_extra_interest():
    right = plan(24).total_interest - plan(12).total_interest
    assert right > 0
    assert ex.extra_interest.check(right)
    total = ex.extra_interest.check(plan(24).total_interest)
    assert not total and "多出多少" in str(total)


def test_pick_agreement():
    assert ex.pick_agreement.check("B")
    assert "个人账户" in str(ex.pick_agreement.check("C"))
    assert not ex.pick_agreement.check("A") and not ex.pick_agreement.check("D")


GOOD = {"monthly": 700, "periods": 12, "channel": "app", "written": True}


def test_a_keepable_plan_passes():
    assert ex.my_plan.check(GOOD)
    assert ex.my_plan.check({**GOOD, "monthly": "700", "channel": "WeChat"})


@pytest.mark.parametrize(
    "change, words",
    [
        ({"monthly": 1200}, "1000"),                     # more than income minus essentials
        ({"monthly": 500}, "月供"),                       # less than the 12-instalment payment
        ({"channel": "催收员的个人账户"}, "官方"),
        ({"written": False}, "书面"),
        ({"periods": 0}, "1 到 60"),
        ({"periods": 12.5}, "1 到 60"),
        ({"monthly": "很多"}, "字典"),
    ],
)
def test_a_bad_plan_says_what_is_wrong(change, words):
    result = ex.my_plan.check({**GOOD, **change})
    assert not result and words in str(result)


def test_not_a_dict_is_a_format_problem():
    assert "字典" in str(ex.my_plan.check([700, 12]))


def test_boundary_payment_is_accepted():
    needed = plan(24).schedule()[0].payment
    assert ex.my_plan.check({**GOOD, "periods": 24, "monthly": needed})
    assert not ex.my_plan.check({**GOOD, "periods": 24, "monthly": needed - Decimal("0.01")})


def test_quiz_budget_question_adds_up():
    q = next(q for q in load_bank("lesson04").questions if q.id == "l04_budget")
    capacity = affordability(monthly_income=4600, essential_spending=1300 + 1100 + 300 + 600, other_debts=300).capacity
    assert Decimal(str(q.answer)) == capacity


# ------------------------------------------------------------------------ the negotiation role-play
def test_negotiation_roleplay_outcomes_follow_the_path():
    from overdue.quiz import load_roleplay
    from overdue.quiz.engine import all_paths
    from overdue.quiz.outcome import assess

    script = load_roleplay("negotiation")
    assert len(script.scenes) >= 10 and len(script.endings) >= 3
    paths = all_paths(script)
    reached = set()
    for path in paths:
        a = assess(script, path)
        reached.add(a.ending.id)
        if a.harms:
            assert a.outcome != "good" and not a.passed, path
    assert reached == {e.id for e in script.endings}                  # every ending can be reached
    best = max(paths, key=lambda p: assess(script, p).score)
    assert assess(script, best).ending.id == "end_good" and assess(script, best).passed


def test_negotiation_roleplay_transfer_to_a_person_ends_badly():
    from overdue.quiz import RolePlay

    rp = RolePlay("negotiation", store=False)
    rp.start()
    for choice in ("budget_first", "explain_honestly", "realistic_number", "ask_written", "sign_blind", "transfer"):
        step = rp.choose(choice)
    assert step.ending is not None and step.ending.id == "end_scam"
    debrief = rp.debrief()
    assert debrief.outcome == "bad" and "110" in debrief.text
