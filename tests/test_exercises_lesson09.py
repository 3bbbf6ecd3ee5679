"""Lesson 09's exercise checks: wrong answers are called wrong, the right ones pass."""

from decimal import Decimal

from overdue.exercises import lesson09 as ex
from overdue.forms.action_plan import ActionPlan
from overdue.quiz import load_bank

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
    assert not result and "第 2 步（scan_code）" in str(result) and "95384" in str(result)
    past_end = ex.good_path.check(GOOD + ["extra"])
    assert not past_end and "已经到了结局" in str(past_end)
    # an id that exists, but in another scene, is the wrong scene's choice (not a step taken)
    assert "不是当时那个场景" in str(ex.good_path.check(["chain_ask_id", "full_log"]))
    assert ex.replay(GOOD + ["extra"])[0] == "end_plan"  # the ending reached is still named
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


def test_a_harmful_path_to_the_good_ending_is_wrong_and_the_step_is_named():
    # opens the door wide and accepts the collector's figure, yet reaches the "good" ending end_plan
    path = ["open_wide", "stop_photos", "note_and_call", "hang_up", "accept_number", "budget_amount",
            "official_only", "accept_blind", "ignore_agent", "full_log"]
    assert ex.replay(path)[0] == "end_plan"
    result = ex.good_path.check(path)
    assert not result
    assert "第 1 步（open_wide）" in str(result) and "隔着门" in str(result)
    assert "后面还有 2 步有风险" in str(result)  # accept_number and accept_blind


def test_a_path_without_harm_that_skips_a_required_step_is_wrong():
    # no harm, but the figure was never checked (hang_up, then skip_compute)
    path = ["stay_silent", "photo_notice", "private_matter", "call_bank", "skip_compute", "plan_budget",
            "read_terms", "ignore_agent", "full_log"]
    assert ex.replay(path)[0] == "end_plan"
    result = ex.good_path.check(path)
    assert not result and "还少了一步" in str(result) and "核对" in str(result)
