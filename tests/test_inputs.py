"""One reader of typed input (overdue.inputs): what a learner types means the same number, date or
yes/no in the engine, the forms, the quiz and the exercise checkers, and a bad value gets one
Chinese message naming the field."""

from datetime import date
from decimal import Decimal

import pytest

from overdue import inputs, loan
from overdue.exercises.base import to_decimal as exercise_number
from overdue.forms import base as fields
from overdue.inputs import InputError
from overdue.quiz.engine import AnswerError, parse_number


@pytest.mark.parametrize("typed, value", [
    ("1,234.5", Decimal("1234.5")), (" 1 234.5 ", Decimal("1234.5")), ("１２，３４５．６", Decimal("12345.6")),
    ("12,345元", Decimal("12345")), ("¥800", Decimal("800")), ("￥８００", Decimal("800")), ("800 RMB", Decimal("800")),
    ("－５", Decimal("-5")), (12, Decimal("12")), (1.5, Decimal("1.5")), (Decimal("3.25"), Decimal("3.25")),
])
def test_every_reader_reads_the_same_number(typed, value):
    assert inputs.number(typed, "principal") == value
    assert loan.to_decimal(typed, "principal") == value
    assert fields.read_number(typed, "principal") == value
    assert exercise_number(typed) == value
    assert parse_number(typed) == float(value)


@pytest.mark.parametrize("typed", ["", "   ", "abc", "NaN", "-inf", "Infinity", "0x10", "½", "1.2.3", None, True,
                                   float("nan"), float("inf"), [], object(), "一万二"])
def test_what_is_no_number_is_refused_everywhere_with_a_chinese_message_naming_the_field(typed):
    with pytest.raises(InputError) as err:
        inputs.number(typed, "principal")
    assert err.value.field == "principal" and err.value.message.startswith("本金") and err.value.key == "not_number"
    with pytest.raises(loan.LoanInputError):
        loan.to_decimal(typed, "principal")
    with pytest.raises(ValueError):
        exercise_number(typed)
    with pytest.raises(AnswerError):
        parse_number(typed)


def test_the_three_input_errors_of_the_forms_are_one_type():
    from overdue.forms.action_plan import PlanInputError
    from overdue.forms.contact_log import LogInputError

    assert loan.LoanInputError is PlanInputError is LogInputError is InputError


def test_percent_divides_in_the_engine_and_is_the_unit_in_a_quiz_answer():
    assert inputs.number("0.05%", "daily_rate") == Decimal("0.0005") == loan.to_decimal("0.05％", "daily_rate")
    assert parse_number("18.25%") == 18.25
    with pytest.raises(ValueError):
        exercise_number("5%")


def test_the_ranges_are_the_engines():
    limits = loan.LIMITS
    assert inputs.money(str(limits.amount), "principal") == limits.amount
    with pytest.raises(InputError, match="太大"):
        fields.read_money(str(limits.amount + 1), "principal")
    assert fields.read_daily_rate("1%") == limits.daily_rate
    with pytest.raises(InputError, match="1%"):
        fields.read_daily_rate("1.01%")
    assert inputs.multiplier(str(limits.multiplier), "penalty_multiplier") == limits.multiplier
    with pytest.raises(InputError, match="0 到 10"):
        inputs.multiplier("10.5", "penalty_multiplier")
    with pytest.raises(InputError, match="1 到 360"):
        loan.Loan(principal=1000, daily_rate="0.0005", periods=limits.periods + 1)


@pytest.mark.parametrize("typed, value", [("0.004", "0.00"), ("0.005", "0.01"), ("1.005", "1.01"), ("2.675", "2.68")])
def test_money_rounds_half_up_to_the_fen_like_a_bill(typed, value):
    assert inputs.money(typed, "fee_upfront", positive=False) == Decimal(value)


def test_an_amount_that_is_nothing_to_the_fen_is_not_more_than_zero():
    with pytest.raises(InputError, match="大于 0"):
        inputs.money("0.004", "principal")
    with pytest.raises(InputError, match="负数"):
        inputs.money("-0.004", "fee_upfront", positive=False)


@pytest.mark.parametrize("typed", ["2026-01-15", "2026/1/15", "2026.1.15", "2026年1月15日", "２０２６－０１－１５",
                                   " 2026 年 1 月 15 日 ", date(2026, 1, 15)])
def test_one_date_reader(typed):
    assert inputs.day(typed, "start") == date(2026, 1, 15)
    assert loan.check_date(typed, "start") == date(2026, 1, 15)
    assert fields.read_date(typed, "start") == date(2026, 1, 15)


@pytest.mark.parametrize("typed", ["2026-02-30", "2026-13-01", "15/01/2026", "明天", "", None, 20260115])
def test_an_impossible_or_unreadable_date_is_refused_naming_the_field(typed):
    with pytest.raises(InputError) as err:
        inputs.day(typed, "start")
    assert err.value.message.startswith("放款日期") and "2026-01-15" in err.value.message


def test_whole_numbers_take_a_unit_word_and_refuse_fractions_and_booleans():
    assert inputs.whole("10期", "periods", 1, 360) == 10 == inputs.whole("１０个月", "periods", 1, 360)
    for bad in ("1.5", True, "10%", "0", "361"):
        with pytest.raises(InputError, match="1 到 360"):
            inputs.whole(bad, "periods", 1, 360)


def test_yes_no_words_are_for_forms_and_the_engine_takes_booleans():
    assert inputs.yes_no("是", "compound") is True and inputs.yes_no("ｎｏ", "compound") is False
    assert loan.check_flag(True, "compound") is True and loan.check_flag(0, "compound") is False
    with pytest.raises(InputError, match="是"):
        loan.check_flag("是", "compound")
    for bad in ("假", 2, 0.5, None):
        with pytest.raises(InputError):
            inputs.yes_no(bad, "compound")


@pytest.mark.parametrize("text, value", [
    ("三千", 3000), ("一万二", 12000), ("三千五", 3500), ("两千五百", 2500), ("一千零五", 1005), ("十五", 15),
    ("一百一十", 110), ("二十五万", 250000), ("一亿二千万", 120000000), ("3千", 3000), ("1.2万", 12000),
    ("壹万贰仟", 12000),
])
def test_chinese_numerals_as_amounts_are_written(text, value):
    assert inputs.chinese_number(text) == value
    assert inputs.number(text + "元", "principal", chinese=True) == value


@pytest.mark.parametrize("text", ["一三八一二三四五六七八", "六二二二零二一二三四五六七八九四", "幺三八", "五零", "万", "十十"])
def test_digits_read_aloud_are_no_amount(text):
    """Phone and card numbers are read digit by digit: never an amount, so never accepted as one."""
    assert inputs.chinese_number(text) is None
    with pytest.raises(InputError):
        inputs.number(text, "principal", chinese=True)


def test_chinese_numerals_are_one_switch_and_off_as_the_course_is_today(monkeypatch):
    with pytest.raises(InputError):
        fields.read_money("一万二", "principal")
    monkeypatch.setattr(inputs, "CHINESE_NUMERALS", True)
    assert fields.read_money("一万二", "principal") == 12000 and parse_number("三十") == 30.0


def test_the_example_loan_has_one_source():
    from overdue.contentfiles import shipped
    from overdue.forms.timeline import example_loan
    from overdue.widgets.calculators import OverdueCalculator

    example = shipped("presets.yaml")["overdue"]
    made, options = example_loan()
    assert made.principal == Decimal(example["principal"]) and made.start == date.fromisoformat(example["start"])
    assert options["paid_through"] == example["paid_through"]
    calc = OverdueCalculator()
    assert calc.principal == str(example["principal"]) and calc.on == shipped("presets.yaml")["calculator"]["on"]
