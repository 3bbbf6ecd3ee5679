"""Lesson 03's exercise checks and quiz numbers: wrong answers are called wrong, the engine's are right.

Every expected value is recomputed here from the engine, so a check (or a quiz answer typed into
YAML) that drifts from what the engine computes fails.
"""

from datetime import date
from decimal import Decimal

from overdue.exercises import lesson03 as ex
from overdue.forms.timeline import example_loan
from overdue.loan import Loan, annual_rate_simple, cap_check, charges_on
from overdue.quiz import load_bank

LOAN, OPTIONS = example_loan()  # content/presets.yaml, the example loan's only source


def test_the_exercise_loan_is_the_presets_example_with_the_exercises_own_days():
    assert ex.LOAN == LOAN and ex.PENALTY_MULTIPLIER == OPTIONS["penalty_multiplier"]
    assert ex.PAID_THROUGH == 3 and ex.ON == date(2026, 7, 20) and ex.LATER == date(2027, 7, 20)


def test_the_records_worked_example_states_the_engines_numbers():
    """The hints and the solution compute by hand from the example loan: when it changes, they must."""
    record = ex.ex.record("penalty_on_date")
    charges = charges_on(LOAN, on=ex.ON, paid_through=ex.PAID_THROUGH, compound=False)
    solution, hints = record.solution.zh, " ".join(h.zh for h in record.hints)
    assert f"合计 {charges.penalty:.2f} 元" in solution
    for item in charges.items:
        assert f"{item.days_overdue} 天" in solution and f"{item.penalty:.2f}" in solution
    first = charges.items[0]
    assert f"第 {first.number} 期逾期 {first.days_overdue} 天：{first.principal:.0f} × " in solution
    assert f"每期本金 {first.principal:,.0f} 元" in hints
    assert "、".join(str(i.number) for i in charges.items) in hints
    not_yet = LOAN.due_dates[charges.items[-1].number]  # the next instalment, not due on the day asked
    assert f"第 {charges.items[-1].number + 1} 期 {not_yet.month} 月 {not_yet.day} 日才到期" in hints
    assert f"paid_through={ex.PAID_THROUGH}" in solution and f"date({ex.ON.year}, {ex.ON.month}, {ex.ON.day})" in solution


def test_penalty_right_and_wrong():
    right = charges_on(LOAN, on=date(2026, 7, 20), paid_through=3).penalty
    assert right == Decimal("79.50")  # 49.50 + 26.25 + 3.75, as the lesson's worked example says
    assert ex.penalty_on_date.check(right)
    assert ex.penalty_on_date.check(str(right))
    wrong = ex.penalty_on_date.check(right + 1)
    assert not wrong and "✘" in str(wrong)


def test_penalty_diagnoses_the_usual_mistakes():
    normal = charges_on(LOAN, on=date(2026, 7, 20), paid_through=3, penalty_multiplier=1).penalty
    assert "1.5" in str(ex.penalty_on_date.check(normal))
    one = charges_on(LOAN, on=date(2026, 7, 20), paid_through=3).items[0].penalty
    assert "只算了一期" in str(ex.penalty_on_date.check(one))


def test_excess_over_24_right_and_wrong():
    cc = cap_check(LOAN, on=date(2027, 7, 20), paid_through=3, compound=True)
    assert cc.excess > 0
    without = cap_check(LOAN, on=date(2027, 7, 20), paid_through=3, compound=False)
    assert "复利" in str(ex.excess_over_24.check(without.excess))
    assert ex.excess_over_24.check(cc.excess)
    result = ex.excess_over_24.check(cc.charged)
    assert not result and "费用总额" in str(result)
    assert not ex.excess_over_24.check(0)


def test_collector_claim():
    assert ex.collector_claim.check("C") and ex.collector_claim.check("c")
    for wrong in "ABD":
        assert not ex.collector_claim.check(wrong)
    assert "个人账户" in str(ex.collector_claim.check("B"))
    assert not ex.collector_claim.check("E")


def test_check_plan_set():
    assert ex.check_plan.check({1, 3, 4, 6}) and ex.check_plan.check([6, 4, 3, 1])
    missing = ex.check_plan.check({1, 3})
    assert not missing and "漏了 2 项" in str(missing)
    extra = ex.check_plan.check({1, 2, 3, 4, 6})
    assert not extra and "2" in str(extra)


def test_hints_and_solutions_are_in_chinese():
    for check in (ex.penalty_on_date, ex.excess_over_24, ex.collector_claim, ex.check_plan):
        assert "提示" in str(check.hint())
        assert str(check.solution()).strip()


# ---------------------------------------------------------------- quiz numbers equal the engine's
def _question(qid):
    return next(q for q in load_bank("lesson03").questions if q.id == qid)


def test_quiz_daily_to_annual_is_the_engines():
    q = _question("l03_daily_to_annual")
    assert Decimal(str(q.answer)) == annual_rate_simple(Decimal("0.0005")) * 100


def test_quiz_penalty_annual_is_the_engines():
    q = _question("l03_penalty_annual")
    assert Decimal(str(q.answer)) == annual_rate_simple(Decimal("0.0005") * Decimal("1.5")) * 100
    # "about 27.4%" must be accepted, as the lesson writes it
    assert abs(Decimal("27.4") - Decimal(str(q.answer))) <= Decimal(str(q.tolerance))


def test_quiz_penalty_30_days_is_the_engines():
    # 2,000 yuan overdue for 30 days: a one-instalment loan due 2026-02-15, asked on 2026-03-17
    loan = Loan(principal=Decimal("2000"), daily_rate=Decimal("0.0005"), periods=1, start=date(2026, 1, 15))
    charges = charges_on(loan, on=date(2026, 3, 17), paid_through=0, compound=False)
    assert charges.items[0].days_overdue == 30
    assert Decimal(str(_question("l03_penalty_30_days").answer)) == charges.penalty
