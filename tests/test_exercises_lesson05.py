"""Lesson 05's exercise checks: wrong answers are called wrong, the rule pack's answers are right."""

import datetime as dt

from overdue.exercises import lesson05 as ex
from overdue.forms.contact_log import ContactLog
from overdue.rules import daily_counts, judge, load_rule_pack

PACK = load_rule_pack()


def sample_missed_over_limit() -> int:
    log = ContactLog(PACK)
    log.load_sample()
    counts = daily_counts(log.entries, PACK)[dt.date(2026, 11, 3)]
    return counts["missed_call"] - PACK.limits.max_missed_attempts_per_day


def test_calls_over_limit_right_and_wrong():
    right = sample_missed_over_limit()
    assert right == 2  # 8 unanswered calls on 2026-11-03 against the limit of 6
    assert ex.calls_over_limit.check(right)
    assert ex.calls_over_limit.check(str(right))
    too_many = ex.calls_over_limit.check(8)
    assert not too_many and "总次数" in str(too_many)
    limit = ex.calls_over_limit.check(6)
    assert not limit and "上限" in str(limit)
    assert not ex.calls_over_limit.check("两次")


def test_group_chat_post_follows_the_rule_pack():
    category = judge(ex.GROUP_CHAT, PACK).category.id
    assert category == "illegal"
    assert ex.group_chat_post.check(ex.LETTERS[category])
    for letter in set("ABC") - {ex.LETTERS[category]}:
        result = ex.group_chat_post.check(letter)
        assert not result and "✘" in str(result)
    assert not ex.group_chat_post.check("D")


def test_where_to_turn():
    right = {1: "110", 2: "12378", 3: "12363", 4: "96110", 5: "12348"}
    assert ex.where_to_turn.check(right)
    assert ex.where_to_turn.check({str(k): int(v) for k, v in right.items()})  # ints and str keys are fine
    swapped = {**right, 2: "12363", 3: "12378"}
    result = ex.where_to_turn.check(swapped)
    assert not result and "第 2 种" in str(result)
    assert "字典" in str(ex.where_to_turn.check(["110"]))


def test_complaint_plan():
    assert ex.complaint_plan.check([1, 2, 3])
    assert "顺序" in str(ex.complaint_plan.check([2, 1, 3]))
    assert "害" in str(ex.complaint_plan.check([1, 4, 2, 3]))
    assert "不全" in str(ex.complaint_plan.check([1, 2]))
    assert "列表" in str(ex.complaint_plan.check("1,2,3"))
