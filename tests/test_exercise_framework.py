"""The exercise checks a learner meets: 尚未作答 / ✔ / what is wrong, hints in order, no exceptions."""

from decimal import Decimal

import pytest

from overdue.contentfiles import ContentError
from overdue.exercises.base import (
    ChoiceCheck,
    Exercises,
    NumberCheck,
    PredicateCheck,
    SetCheck,
)
from overdue.exercises.records import load_set

TEXTS = {
    "title": {"zh": "逾期 30 天的罚息"},
    "hints": [{"zh": "先找逾期本金。"}, {"zh": "罚息 = 本金 × 日利率 × 1.5 × 天数"}],
    "solution": {"zh": "10000 × 0.05% × 1.5 × 30 = 225"},
    "messages": {"normal_rate": {"zh": "你好像用了正常利率，没有乘 1.5。"}, "chose_A": {"zh": "A 是陌生人给的号码。"}},
}


def number_check():
    return NumberCheck(
        name="q1", texts=TEXTS, expected=Decimal("225.00"),
        diagnose=lambda a: "normal_rate" if float(a) == 150 else None, unit="元",
    )


@pytest.mark.parametrize("answer", [..., None, "  "])
def test_unanswered_says_so_and_does_not_raise(answer):
    result = number_check().check(answer)
    assert result.status == "unanswered" and "尚未作答" in str(result)
    assert not result


@pytest.mark.parametrize("answer", [225, "225.00", Decimal("225.004"), "¥225", "225元"])
def test_right_number_in_any_common_form(answer):
    result = number_check().check(answer)
    assert result.correct and "✔" in str(result) and "225" in str(result)


def test_wrong_number_says_which_way_and_why():
    assert "偏大" in str(number_check().check(226))
    low = str(number_check().check(150))
    assert "✘" in low and "偏小" in low and "没有乘 1.5" in low


@pytest.mark.parametrize("answer", ["很多", [1, 2], True, float("nan")])
def test_answer_of_the_wrong_kind_gets_a_chinese_message(answer):
    result = number_check().check(answer)
    assert result.status == "wrong" and "格式" in result.message


def test_hints_come_in_increasing_detail_then_stay_on_the_last():
    q = number_check()
    first, second, third = str(q.hint()), str(q.hint()), str(q.hint())
    assert "先找逾期本金" in first and "1/2" in first
    assert "1.5" in second and "2/2" in second
    assert third == second
    assert "225" in str(q.solution())


def test_choice_check_rejects_non_options_and_explains_a_wrong_choice():
    q = ChoiceCheck(name="q2", texts=TEXTS, expected="B", options=("A", "B", "C"))
    assert q.check("b").correct
    assert "陌生人" in str(q.check("A"))
    assert "请从这些选项里选一个" in str(q.check("D"))


def test_set_check_names_missing_and_extra_items():
    q = SetCheck(name="q3", texts=TEXTS, expected={"A", "C"})
    assert q.check(["c", "a"]).correct
    msg = str(q.check(["A", "B"]))
    assert "漏了 1 项" in msg and "B" in msg
    assert q.check("AC").status == "wrong"  # a string is not a set of choices


def test_predicate_check_uses_the_named_message():
    q = PredicateCheck(name="q4", texts=TEXTS, judge=lambda plan: None if plan["pay"] <= 800 else "normal_rate")
    assert q.check({"pay": 500}).correct
    assert "没有乘 1.5" in str(q.check({"pay": 900}))


def test_html_display_escapes_the_message():
    q = PredicateCheck(name="q5", texts={"messages": {"x": {"zh": "<script>alert(1)</script>"}}},
                       judge=lambda a: "x")
    html = q.check(1)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_check_without_a_record_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "lesson99.yaml").write_text(
        "exercises:\n  - id: l99_q1\n    kind: number\n    title: {zh: 一}\n    statement: {zh: 多少？}\n"
        "    answer: computed\n    tolerance: 0.01\n    hints: [{zh: 想想}]\n    solution: {zh: 一}\n",
        encoding="utf-8",
    )
    ex = Exercises("lesson99", records=load_set("lesson99", tmp_path))
    assert ex.number("q1", expected=1).check(1).correct
    with pytest.raises(ContentError, match="lesson99.yaml.*q2"):
        ex.number("q2", expected=1)
