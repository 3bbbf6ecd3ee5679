"""Lesson 07's exercise checks and quiz numbers: wrong answers are called wrong, the engine's are right.

Expected values are recomputed here from the engine with the teaching contract's parameters, so a
check, a clause parameter or a quiz answer typed into YAML that drifts from the engine fails.
"""

from datetime import date, timedelta
from decimal import Decimal

from overdue.exercises import lesson07 as ex
from overdue.loan import Loan, annual_rate_simple, charges_on
from overdue.quiz import load_bank

LOAN = Loan(principal=Decimal("10000"), daily_rate=Decimal("0.0004"), periods=12,
            method="equal_principal", start=date(2026, 3, 10))
ON = date(2026, 11, 29)


def test_the_exercise_loan_is_the_contracts():
    assert ex.LOAN == LOAN and ex.PAID_THROUGH == 4 and ex.ON == ON


def test_penalty_per_day_right_wrong_and_diagnosed():
    due5 = LOAN.due_dates[4]
    right = charges_on(LOAN, on=due5 + timedelta(days=1), paid_through=4, compound=False).penalty
    assert right == Decimal("0.50")  # 833.33 x 0.0004 x 1.5, as the lesson says
    assert ex.penalty_per_day.check(right)
    normal = ex.penalty_per_day.check("0.33")
    assert not normal and "正常利息" in str(normal)
    extra = ex.penalty_per_day.check("0.17")
    assert not extra and "多出来" in str(extra)
    assert not ex.penalty_per_day.check("abc")


def test_owed_on_date_right_and_wrong():
    plain = charges_on(LOAN, on=ON, paid_through=4)
    assert ex.owed_on_date.check(plain.total)
    assert ex.owed_on_date.check(f"{plain.total:,}")
    principal_only = ex.owed_on_date.check(plain.principal)
    assert not principal_only and "逾期本金" in str(principal_only)
    no_compound = ex.owed_on_date.check(plain.total - plain.compound)
    assert not no_compound and "复利" in str(no_compound)


def test_acceleration_uses_clause_7_first_day():
    acc_day = LOAN.due_dates[4] + timedelta(days=91)  # "逾期超过 90 天": the 91st day
    accelerated = charges_on(LOAN, on=ON, paid_through=4, accelerate_on=acc_day)
    assert ex.owed_if_accelerated.check(accelerated.total)
    plain = ex.owed_if_accelerated.check(charges_on(LOAN, on=ON, paid_through=4).total)
    assert not plain and "accelerate=True" in str(plain)
    assert accelerated.total > charges_on(LOAN, on=ON, paid_through=4).total


def test_judgements():
    assert ex.contacts_reply.check("C") and ex.contacts_reply.check("c")
    assert not ex.contacts_reply.check("A")
    assert "请从这些选项" in str(ex.contacts_reply.check("Z"))
    assert ex.backed_by_contract.check({1, 3, 5, 7})
    wrong = ex.backed_by_contract.check({1, 2, 3, 5, 7})
    assert not wrong and "2" in str(wrong)


def test_quiz_numbers_match_the_engine():
    bank = load_bank("lesson07")
    annual = bank.question("l07_daily_to_annual")
    assert abs(annual.answer - float(annual_rate_simple("0.0004") * 100)) < 1e-9
    one = Loan(principal=Decimal("1000"), daily_rate=Decimal("0.0004"), periods=1, start=date(2026, 3, 10))
    per_day = charges_on(one, on=one.due_dates[0] + timedelta(days=1), paid_through=0, compound=False).penalty
    assert abs(bank.question("l07_penalty_per_day").answer - float(per_day)) < 1e-9


def test_hints_and_solutions_exist():
    for check in (ex.penalty_per_day, ex.owed_on_date, ex.owed_if_accelerated, ex.contacts_reply,
                  ex.backed_by_contract):
        assert "提示" in str(check.hint())
        assert "answer" in str(check.solution())
