"""Inputs mean what they say: yes/no options, one range rule for rates, unknown arguments, letter
amounts that round to nothing, and no English message for a learner."""

import re

import pytest

from overdue.forms.base import FORM
from overdue.forms.consequences import ConsequencesTimeline
from overdue.forms.letter import LetterDraft
from overdue.widgets.calculators import CollectorFigureCheck, OverdueCalculator, PlanPlanner, RateConverter

LATIN_WORD = re.compile(r"[A-Za-z_]{4,}")


def english(message: str) -> bool:
    """A message is English when it holds a Latin word that is not an input's own name."""
    names = set(OverdueCalculator.INPUTS) | set(CollectorFigureCheck.INPUTS) | set(PlanPlanner.INPUTS) | {"paid_thru"}
    return any(w not in names for w in LATIN_WORD.findall(message.replace("App", "")))


@pytest.mark.parametrize("value, on", [
    (True, True), (False, False), ("true", True), ("false", False), ("False", False), ("是", True),
    ("否", False), ("yes", True), ("no", False), (" 对 ", True), ("不", False), ("0", False), ("1", True),
])
def test_yes_no_words_are_read_as_meant(value, on):
    calc = OverdueCalculator(compound=value)
    assert calc.ok and calc.result.terms.compound is on


@pytest.mark.parametrize("value", ["maybe", "假", 2, 0.5, None, [], "truee"])
def test_anything_else_is_refused_in_chinese_and_never_turns_compound_on(value):
    calc = OverdueCalculator(compound=value)
    assert "compound" in calc.errors and "是" in calc.errors["compound"] and not english(calc.errors["compound"])
    calc = OverdueCalculator(accelerate=value)
    assert "accelerate" in calc.errors


def test_a_wrongly_written_option_does_not_tick_the_box():
    calc = OverdueCalculator(compound="false")
    assert calc.widget is not None and calc.view.inputs["compound"].value is False
    calc.set(compound="maybe")
    assert calc.view.inputs["compound"].value is False and "compound" in calc.errors


@pytest.mark.parametrize("kind", ["annual_simple", "annual_irr"])
def test_every_annual_kind_shares_one_range_rule(kind):
    conv = RateConverter(kind=kind, rate="5")
    assert "rate" in conv.errors and "365%" in conv.errors["rate"]
    assert RateConverter(kind=kind, rate="36%").ok


def test_the_limits_are_one_rule_written_in_each_kind():
    from overdue.forms import rate_converter as rc

    daily = rc.LIMITS["daily"][0]
    assert rc.LIMITS["monthly"][0] == daily * rc.MONTH_DAYS
    assert rc.LIMITS["annual_simple"][0] == rc.LIMITS["annual_irr"][0] == daily * rc.YEAR_DAYS


def test_an_unknown_argument_gets_a_chinese_message_naming_it():
    check = CollectorFigureCheck(stated="7800", paid_thru=3)
    message = check.errors[FORM]
    assert "paid_thru" in message and "paid_through" in message and "不认识" in message
    assert check.result is None and not english(message)
    assert check.set(paid_through=3)  # the right name works, and the message goes
    assert FORM not in check.errors
    conv = RateConverter(colour="red")
    assert "colour" in conv.errors[FORM]


@pytest.mark.parametrize("field, value", [
    ("payment", "0.001"), ("payment", "0.004"), ("payment", "0"), ("amount_owed", "0.004"), ("periods", 0),
    ("periods", "0"), ("periods", "1.5"), ("periods", True),
])
def test_a_letter_whose_plan_would_be_empty_is_refused(field, value, tmp_path):
    draft = LetterDraft.example()
    setattr(draft, field, value)
    assert field in draft.errors()
    with pytest.raises(ValueError):
        draft.save(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_consequences_timeline_speaks_chinese_for_an_unknown_step():
    with pytest.raises(KeyError) as err:
        ConsequencesTimeline().mark("no_such_step")
    assert "no_such_step" in str(err.value) and "没有" in str(err.value)
