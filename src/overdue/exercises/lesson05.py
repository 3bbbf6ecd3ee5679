"""Lesson 05 (defend your rights): exercise checks. Expected values come from the rule pack.

The running example is the lesson's fictional borrower 陈静 and the fictional sample contact log of
`overdue.forms.contact_log` (SAMPLE).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..forms.contact_log import ContactLog
from ..rules import Action, daily_counts, judge, load_rule_pack
from .base import Exercises, number_or_nan

PACK = load_rule_pack()

# -- 1. computation: missed calls over the industry limit on one day of the sample log -----------
DAY = dt.date(2026, 11, 3)
_sample = ContactLog(PACK)
_sample.load_sample()
_missed = daily_counts(_sample.entries, PACK)[DAY]["missed_call"]
_limit = PACK.limits.max_missed_attempts_per_day

ex = Exercises("lesson05")


def _diagnose_calls(answer: Any) -> str | None:
    got = number_or_nan(answer)
    if got == _missed:
        return "gave_total"
    if got == _limit:
        return "gave_limit"
    return None


calls_over_limit = ex.number("calls_over_limit", expected=_missed - _limit, diagnose=_diagnose_calls)

# -- 2. judgement: a new situation, judged by the rule pack ----------------------------------
GROUP_CHAT = Action.model_validate({
    "id": "group_chat_post",
    "when": dt.datetime(2026, 11, 9, 9, 0),
    "channel": "im",
    "text": {"zh": "催收员在陈静小区的业主微信群里发了她的照片和欠款金额。"},
    "rules": ["law_no_publishing"],
})
# the record's options are the rule pack's category ids (illegal, industry, allowed); the letters follow
# their order in the record
group_chat_post = ex.choice("group_chat_post", expected_option=judge(GROUP_CHAT, PACK).category.id)
LETTERS = {o.id: ex.record("group_chat_post").label(o.id) for o in ex.record("group_chat_post").options}

# -- 3. judgement: where to turn for what ----------------------------------------------------
WHERE = ex.record("where_to_turn").expected()  # situation number -> the number to call


def _judge_where(answer: Any) -> str | None:
    if not isinstance(answer, dict):
        return "not_dict"
    got = {}
    for key, value in answer.items():
        try:
            got[int(str(key).strip())] = str(value).strip()
        except ValueError:
            return "not_dict"
    for n, want in WHERE.items():
        if got.get(n) != want:
            return f"wrong_{n}"
    return None


where_to_turn = ex.predicate("where_to_turn", judge=_judge_where)

# -- 4. a short plan: complaining about the call to the employer ------------------------------
PLAN = ex.record("complaint_plan").expected()  # log and evidence -> the lender (95384) -> the regulator (12378)
HARMFUL = set(ex.record("complaint_plan").option_labels()) - set(PLAN)  # paid agent, invented story, giving up


def _judge_plan(answer: Any) -> str | None:
    if isinstance(answer, str | bytes) or not hasattr(answer, "__iter__"):
        return "not_list"
    try:
        steps = [int(x) for x in answer]
    except (TypeError, ValueError):
        return "not_list"
    if set(steps) & HARMFUL:
        return "harmful"
    if sorted(steps) != sorted(PLAN):
        return "missing"
    if steps != PLAN:
        return "order"
    return None


complaint_plan = ex.predicate("complaint_plan", judge=_judge_plan)

CHECKS = ex.finish(globals())
ALL = [globals()[name] for name in CHECKS]
