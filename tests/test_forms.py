"""The forms layer (overdue.forms): the state of every calculator and form works without a browser
or a widget library, the views wrap that same state, and the loan terms are read in one place."""

from decimal import Decimal

import pytest

from overdue.contentfiles import shipped
from overdue.forms import terms
from overdue.forms.base import FORM, presets
from overdue.forms.collector_check import CollectorFigureCheck
from overdue.forms.overdue_calculator import OverdueCalculator
from overdue.forms.plan_planner import PlanPlanner
from overdue.forms.rate_converter import RateConverter

LOAN_CALCULATORS = [OverdueCalculator, CollectorFigureCheck, PlanPlanner]


def test_a_calculators_state_computes_and_has_no_view():
    calc = OverdueCalculator(principal="20000")
    assert calc.ok and calc.result.charges.total > 0
    assert not hasattr(calc, "widget") and not hasattr(calc, "view")


@pytest.mark.parametrize("cls", [OverdueCalculator, CollectorFigureCheck, PlanPlanner, RateConverter])
def test_the_view_wraps_the_same_state(cls):
    import overdue.widgets as widgets

    shown = getattr(widgets, cls.__name__)()
    assert isinstance(shown, cls) and shown.INPUTS == cls.INPUTS
    assert shown.summary() == cls().summary()  # the same figures, with or without the view
    assert shown.widget is shown.view.widget


@pytest.mark.parametrize("cls", LOAN_CALCULATORS)
def test_every_calculator_reads_the_loan_terms_the_same_way(cls):
    assert set(terms.LOAN_INPUTS) <= set(cls.INPUTS)
    assert {k: cls().inputs()[k] for k in terms.LOAN_INPUTS} == terms.loan_defaults()
    bad = cls(principal="一万块", on="2025-12-01")
    assert bad.errors["principal"] == OverdueCalculator(principal="一万块").errors["principal"]
    assert "本金" in bad.errors["principal"]


def test_the_rate_converters_plan_is_the_example_loan_the_calculators_read(monkeypatch):
    changed = {**presets(), "overdue": {**presets()["overdue"], "principal": "20000", "periods": 6}}
    monkeypatch.setattr("overdue.forms.base.presets", lambda: changed)
    plan = ("principal", "periods", "method", "start")
    conv = RateConverter()
    assert (conv.principal, conv.periods) == ("20000", "6")
    assert {k: conv.inputs()[k] for k in plan} == {k: terms.loan_defaults()[k] for k in plan}


def test_the_loan_terms_come_from_the_presets_file_only():
    example, calculator = shipped("presets.yaml")["overdue"], shipped("presets.yaml")["calculator"]
    d = terms.loan_defaults()
    assert d["principal"] == str(example["principal"]) and d["on"] == calculator["on"]
    assert Decimal(d["daily_rate"].rstrip("%")) / 100 == Decimal(example["daily_rate"])
    assert presets() == shipped("presets.yaml")


def test_the_engines_limits_bound_the_loan_terms():
    from overdue.loan import LIMITS

    assert OverdueCalculator(periods=LIMITS.periods).ok
    calc = OverdueCalculator(periods=LIMITS.periods + 1)
    assert f"1 到 {LIMITS.periods}" in calc.errors["periods"]


def test_an_unknown_input_is_named_in_chinese_without_a_view():
    calc = RateConverter(colour="red")
    assert "colour" in calc.errors[FORM] and calc.result is None
    assert calc.set(kind="daily") and FORM not in calc.errors
