"""Lesson 01's exercise checks and quiz number: wrong answers are called wrong, the engine's are right."""

import subprocess
import sys
from datetime import timedelta
from decimal import Decimal

import pytest

from overdue.exercises import lesson01 as ex
from overdue.forms.timeline import example_loan
from overdue.loan import charges_on
from overdue.quiz import load_bank

LOAN, OPTIONS = example_loan()  # content/presets.yaml, the example loan's only source
ON = LOAN.due_dates[OPTIONS["paid_through"]] + timedelta(days=60)  # day 60 after the first missed due date


def _charges(**kw):
    return charges_on(LOAN, on=ON, **{**OPTIONS, **kw})


def test_the_exercise_loan_is_the_presets_example():
    assert ex.LOAN == LOAN and ex.PAID_THROUGH == OPTIONS["paid_through"] and ex.ON == ON
    assert ex.COMPOUND is OPTIONS["compound"] is False and ex.PENALTY_MULTIPLIER == OPTIONS["penalty_multiplier"]


def test_a_changed_example_loan_in_the_presets_changes_the_exercises_of_lessons_01_and_03():
    code = (
        "import overdue.forms.base as base\n"
        "real = base.presets\n"
        "def changed():\n"
        "    data = dict(real())\n"
        "    data['overdue'] = {**data['overdue'], 'principal': '20000', 'start': '2026-02-01'}\n"
        "    return data\n"
        "base.presets = changed\n"
        "from overdue.exercises import lesson01, lesson03\n"
        "print(lesson01.LOAN.principal, lesson01.LOAN.start, lesson03.LOAN.principal, lesson03.LOAN.start)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["20000.00", "2026-02-01", "20000.00", "2026-02-01"]


def test_the_records_worked_solution_states_the_presets_example():
    """The record's solution and hints are prose: when the example loan changes, they must follow."""
    record = ex.ex.record("owed_day_60")
    solution = record.solution.zh
    assert f"{ON.year} 年 {ON.month} 月 {ON.day} 日" in solution
    assert f"due_dates[{ex.PAID_THROUGH}] + timedelta(days={ex.DAYS})" in solution
    assert f"paid_through={ex.PAID_THROUGH}, compound={ex.COMPOUND}" in solution
    assert f"第 {ex.PAID_THROUGH + 1} 期" in record.statement.zh
    assert f"{ex.PENALTY_MULTIPLIER} 倍" in record.messages["normal_rate"].zh


def test_owed_day_60_right_and_wrong():
    right = _charges().total
    assert ex.owed_day_60.check(right)
    assert ex.owed_day_60.check(f"¥{right:,}")
    wrong = ex.owed_day_60.check(right + 1)
    assert not wrong and "✘" in str(wrong) and "偏大" in str(wrong)


@pytest.mark.parametrize("mistake, words", [
    (lambda: _charges(compound=True).total, "复利"),
    (lambda: _charges(penalty_multiplier=1).total, "1.5"),
    (lambda: _charges().items[0].total, "第 3 期"),
    (lambda: _charges().principal, "本金"),
])
def test_owed_day_60_names_the_usual_mistakes(mistake, words):
    result = ex.owed_day_60.check(mistake())
    assert not result and words in str(result)


def test_extra_day_60_is_the_penalty_when_compound_is_off():
    c = _charges()
    assert c.compound == 0 and c.penalty > 0
    assert ex.extra_day_60.check(c.penalty)
    with_compound = _charges(compound=True)
    result = ex.extra_day_60.check(with_compound.penalty + with_compound.compound)
    assert not result and "复利" in str(result)
    total = ex.extra_day_60.check(c.total)
    assert not total and "全部逾期金额" in str(total)
    assert "1.5" in str(ex.extra_day_60.check(_charges(penalty_multiplier=1).penalty))


def test_second_visit_claim():
    assert ex.second_visit_claim.check("B") and ex.second_visit_claim.check("b")
    for wrong in "ACD":
        assert not ex.second_visit_claim.check(wrong)
    assert "选一个" in str(ex.second_visit_claim.check("E"))


def test_facts_not_myths():
    assert ex.facts_not_myths.check({2, 4, 5}) and ex.facts_not_myths.check([5, 4, 2])
    result = ex.facts_not_myths.check({1, 2, 4, 5})
    assert not result and "1" in str(result)
    assert not ex.facts_not_myths.check("245")


@pytest.mark.parametrize("plan, words", [
    ([4, 2, 6], None),
    ([7, 4, 2, 6], None),
    ([6, 4, 2], "顺序"),
    ([4, 2, 6, 1], "第 1 步"),
    ([4, 2, 6, 3], "第 3 步"),
    ([4, 2], "第 6 步"),
    ([2, 6], "第 4 步"),
    ([4, 2, 6, 9], "菜单"),
    ("4, 2, 6", "列表"),
    ({"a": 1}, "列表"),
])
def test_plan_after_visit(plan, words):
    result = ex.plan_after_visit.check(plan)
    if words is None:
        assert result and "✔" in str(result)
    else:
        assert not result and words in str(result)


def test_quiz_numeric_question_matches_the_arithmetic():
    bank = load_bank("lesson01")
    q = next(q for q in bank.questions if q.id == "l01_penalty_ten_days")
    assert Decimal(str(q.answer)) == Decimal("2000") * Decimal("0.0005") * Decimal("1.5") * 10
