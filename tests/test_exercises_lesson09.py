"""Lesson 09's exercise checks: wrong answers are called wrong, the right ones pass."""

from decimal import Decimal

from overdue.exercises import lesson09 as ex
from overdue.quiz import load_bank
from overdue.widgets.action_plan import ActionPlan

GOOD = ["chain_ask_id", "note_and_call", "ask_details", "check_contract", "refuse_fee", "privacy_firm",
        "budget_amount", "official_only", "read_terms", "ignore_agent", "full_log"]


def test_monthly_room():
    right = ActionPlan(income="4800", essentials="3900", reserve="200").affordable()
    assert right == Decimal("700.00")
    assert ex.monthly_room.check(right)
    assert not ex.monthly_room.check(900)  # forgot the reserve
    assert not ex.monthly_room.check("abc")


def test_good_path_replays_the_script():
    assert ex.good_path.check(GOOD)
    assert "结局" in str(ex.good_path.check(GOOD[:3]))  # not finished
    bad_id = ex.good_path.check(["chain_ask_id", "open_wide"])
    assert not bad_id and "不是当时那个场景" in str(bad_id)
    scammed = ["chain_ask_id", "scan_code", "pay_500", "report_now"]
    result = ex.good_path.check(scammed)
    assert not result and "好" in str(result)
    assert not ex.good_path.check(GOOD + ["extra"])
    assert "列表" in str(ex.good_path.check("knock"))


def test_who_to_call():
    right = {"A": "110", "B": "95384", "C": "12378", "D": "96110", "E": "12356"}
    assert ex.who_to_call.check(right)
    wrong = ex.who_to_call.check({**right, "E": "110"})
    assert not wrong and "心理援助" in str(wrong)
    assert "五种" in str(ex.who_to_call.check({"A": "110"}))
    assert "字典" in str(ex.who_to_call.check(["110"]))


def test_quiz_budget_number_matches_the_plan():
    q = load_bank("lesson09").question("l09_afford")
    assert abs(q.answer - float(ActionPlan(income="5200", essentials="4100", reserve="300").affordable())) < 1e-9
