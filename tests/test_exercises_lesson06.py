"""Lesson 06's exercise checks: wrong answers are called wrong, the engine's answer is right."""

from datetime import date
from decimal import Decimal

from overdue.exercises import lesson06 as ex
from overdue.loan import Loan
from overdue.quiz import load_bank


def interest(principal: str) -> Decimal:
    loan = Loan(principal=Decimal(principal), daily_rate=Decimal("0.0005"), periods=1,
                method="interest_only", start=date(2026, 3, 1))
    return loan.schedule()[0].interest


def test_interest_on_the_amount_received():
    right = interest("9400")
    assert right == Decimal("145.70")  # 9400 x 0.05% x 31 days
    assert ex.interest_on_actual.check(right)
    on_contract = ex.interest_on_actual.check(interest("10000"))
    assert not on_contract and "10000" in str(on_contract)
    assert "预先扣" in str(ex.interest_on_actual.check(600))
    assert not ex.interest_on_actual.check("很多")


def test_the_record_states_the_story_the_check_computes():
    """The exercise's own contract (not the example loan): its record tells it, the code computes it."""
    from overdue.forms.base import rate_text
    from overdue.loan import add_months

    statement = ex.ex.record("interest_on_actual").statement.zh
    days = (add_months(ex.START, 1) - ex.START).days
    for told in (f"借 {ex.CONTRACT_AMOUNT:,.0f} 元", f"扣了 {ex.DEDUCTED:,.0f} 元", f"到账 {ex.RECEIVED:,.0f} 元",
                 f"{ex.START.month} 月 {ex.START.day} 日放款", f"（{days} 天）", f"日利率 {rate_text(ex.DAILY_RATE)}"):
        assert told in statement
    solution = str(ex.interest_on_actual.solution())
    assert f"{ex.CONTRACT_AMOUNT:.0f} − {ex.DEDUCTED:.0f} = {ex.RECEIVED:.0f}" in solution and f"{days} 天" in solution


def test_solution_text_shows_the_engines_numbers():
    text = str(ex.interest_on_actual.solution())
    assert f"{interest('9400'):.2f}" in text and f"{interest('10000'):.2f}" in text


def test_consent_reply():
    assert ex.consent_reply.check("B") and ex.consent_reply.check(" b ")
    for wrong in "ACD":
        assert not ex.consent_reply.check(wrong)
    assert "单独同意" not in str(ex.consent_reply.check("B"))  # the right message is short
    assert "同意" in str(ex.consent_reply.check("A"))


def test_eight_rights_match_the_quiz_and_refuse_made_up_rights():
    assert ex.eight_rights.check(set(range(1, 9)))
    result = ex.eight_rights.check(set(range(1, 11)))
    assert not result and "9" in str(result) and "10" in str(result)
    assert not ex.eight_rights.check({1, 2, 3})
    quiz = load_bank("lesson06").question("l06_eight_rights_pick")
    assert {"stop_interest", "no_penalty"}.isdisjoint(quiz.answer)


def test_request_letter():
    assert ex.request_letter.check({1, 2, 3, 4, 7})
    result = ex.request_letter.check({1, 2, 3, 4, 5, 7})
    assert not result and "5" in str(result)
