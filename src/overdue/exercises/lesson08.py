"""Lesson 08 (what really happens): exercise checks.

Expected values come from data, never typed: the credit-record year from the 5-year rule counted
from repayment (征信业管理条例第16条, held in RETENTION_YEARS and checked against the reference), and
the chain of steps before 限制消费 from the consequences timeline (content/consequences.yaml).
"""

from __future__ import annotations

from datetime import date

from ..forms.consequences import ConsequencesTimeline
from .base import Exercises, number_or_nan

RETENTION_YEARS = 5  # 征信业管理条例第16条: 5 years from the day the bad behaviour ends
OVERDUE_SINCE = date(2026, 8, 10)
REPAID_ON = date(2027, 5, 20)

TIMELINE = ConsequencesTimeline()
CHAIN_TO_MEASURES = [*TIMELINE.chain("measures"), "measures"]
# routes to an enforceable document (lawsuit, 支付令, 赋强公证): one is needed, none is a precondition
ROUTES_TO_MEASURES = {r for group in TIMELINE.open_routes("measures") for r in group}

ex = Exercises("lesson08")


RECORD_UNTIL = REPAID_ON.year + RETENTION_YEARS


def _judge_year(answer) -> str | None:
    """A year is judged as a whole number (a number check would print it as "2,032")."""
    got = number_or_nan(answer)
    if got == RECORD_UNTIL:
        return None
    if got == OVERDUE_SINCE.year + RETENTION_YEARS:
        return "from_overdue"
    if got != got or got != int(got):
        return "not_a_year"
    return "too_low" if got < RECORD_UNTIL else "too_high"


record_until_year = ex.predicate("record_until_year", judge=_judge_year)

# limitation_reply and dishonest_grounds (situations that can lead a court to put someone on the
# 失信被执行人 list, 2017 规定 第一条: refusing when able, hiding assets, breaking a consumption-restriction
# order): all in the record, built by `ex.finish` below.


def _judge_chain(answer) -> str | None:
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return "not_a_list"
    got = [str(a).strip() for a in answer]
    unknown = [a for a in got if a not in {s.id for s in TIMELINE.steps}]
    if unknown:
        return "unknown_step"
    extra = set(got) - set(CHAIN_TO_MEASURES)
    if extra and extra <= ROUTES_TO_MEASURES and set(CHAIN_TO_MEASURES) <= set(got):
        return "route_not_required"
    if set(got) != set(CHAIN_TO_MEASURES):
        return "wrong_steps"
    if got != CHAIN_TO_MEASURES:
        return "wrong_order"
    return None


chain_to_measures = ex.predicate("chain_to_measures", judge=_judge_chain)

CHECKS = ex.finish(globals())  # limitation_reply, dishonest_grounds, agent_reply

__all__ = ["RETENTION_YEARS", "RECORD_UNTIL", "OVERDUE_SINCE", "REPAID_ON", "TIMELINE", "CHAIN_TO_MEASURES",
           "ROUTES_TO_MEASURES", *CHECKS]
