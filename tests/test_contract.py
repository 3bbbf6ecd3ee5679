"""The teaching contract of lesson 07: clauses as data, the clause finder, the calculator view."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import yaml

from overdue.contentfiles import ContentError, content_dir
from overdue.forms.contract import ContractSample
from overdue.loan import charges_on
from overdue.widgets.contract import ClauseFinderView, ContractCalculatorView

ON = date(2026, 11, 29)


@pytest.fixture(scope="module")
def contract():
    return ContractSample()


def test_it_is_marked_as_a_fictional_sample(contract):
    assert "教学样本" in contract.title and "示例银行" in contract.notice and "不是微众银行" in contract.notice
    assert "教学样本" in contract.to_html()
    assert "示例银行" in contract.lender


def test_clause_parameters_feed_the_engine(contract):
    p = contract.params
    assert contract.loan.principal == p["principal"] == Decimal("10000")
    assert contract.loan.daily_rate == p["daily_rate"]
    # clause 2 shows the annual rate and the daily rate: they must agree (daily x 365)
    assert contract.annual_rate_simple == p["annual_rate_shown"]
    assert "14.6%" in contract.clause("c2").text and "0.04%" in contract.clause("c2").text
    # clause 5's text states the same multiplier the engine is given
    assert "× 1.5" in contract.clause("c5").text and p["penalty_multiplier"] == Decimal("1.5")
    assert "90 天" in contract.clause("c7").text and p["accelerate_after_days"] == 90
    # the IRR of the schedule is above the simple rate the contract shows
    assert contract.annual_rate_irr > contract.annual_rate_simple


def test_clause_numbers_and_required_topics(contract):
    assert [c.number for c in contract.clauses] == list(range(1, len(contract.clauses) + 1))
    titles = "".join(c.title for c in contract.clauses)
    for word in ("借款金额", "利率", "还款方式", "罚息", "复利", "提前到期", "催收", "个人信息", "联系人", "争议"):
        assert word in titles
    assert contract.clause(5).id == "c5" and contract.clause("c5").number == 5


def test_finder_right_wrong_and_unanswered(contract):
    assert contract.find("q_daily_extra", "c5").correct
    wrong = contract.find("q_daily_extra", "c2")
    assert not wrong.correct and "不是这一条" in wrong.message and str(wrong).startswith("✘")
    assert "尚未作答" in contract.find("q_daily_extra", None).message
    assert not contract.find("q_daily_extra", "c99").correct
    for q in contract.questions:  # every question has its own right clause
        assert contract.find(q.id, q.answer).correct


def test_charges_follow_clauses_5_to_7(contract):
    loan = contract.loan
    plain = contract.charges(on=ON, paid_through=4)
    assert plain == charges_on(loan, on=ON, paid_through=4, penalty_multiplier=Decimal("1.5"), compound=True)
    acc_day = contract.acceleration_date(4)
    assert acc_day == loan.due_dates[4] + timedelta(days=91)
    acc = contract.charges(on=ON, paid_through=4, accelerate=True)
    assert acc.principal > plain.principal and acc.not_due_principal == 0
    # before the 91st day, clause 7 changes nothing yet
    early = acc_day - timedelta(days=1)
    assert contract.charges(on=early, paid_through=4, accelerate=True) == contract.charges(on=early, paid_through=4)
    parts = contract.breakdown(plain)
    assert sum(p.amount for p in parts) == plain.total
    assert [p.clause for p in parts] == [1, 2, 5, 6]


def test_daily_cost_is_one_and_a_half_times(contract):
    normal, penalty = contract.daily_cost(5)
    assert (normal, penalty) == (Decimal("0.33"), Decimal("0.50"))


def test_bad_contract_file_is_a_chinese_content_error():
    data = yaml.safe_load((content_dir() / "contract_sample.yaml").read_text(encoding="utf-8"))
    data["questions"][0]["answer"] = "c99"
    with pytest.raises(ContentError, match="不是任何条款"):
        ContractSample(data)
    del data["params"]
    with pytest.raises(ContentError, match="contract_sample.yaml"):
        ContractSample(data)


def test_calculator_view_keeps_last_good_result(contract):
    view = ContractCalculatorView(contract, on=ON, paid_through=4)
    good = view.table.value
    assert "3,741.36" in good and "第5条" in good
    view.paid.value = "四"
    assert view.update() is False
    assert "已按时还清的期数" in view.message.value and "✘" in view.message.value
    assert view.table.value == good
    view.paid.value = "4"
    view.on.value = "2026-13-45"
    assert view.update() is False and "日期" in view.message.value and view.table.value == good
    view.on.value = "2026/11/29"
    view.accelerate.value = True
    assert view.update() is True and "7,113.56" in view.table.value


def test_finder_view_checks_and_escapes(contract):
    view = ClauseFinderView(contract)
    view.question.value = "q_daily_extra"
    view.clause.value = "c2"
    assert "✘" in view.check().__str__() and "✘" in view.result.value
    view.clause.value = "c5"
    assert view.check().correct and "✔" in view.result.value and "1 / " in view.result.value
    assert "<script" not in view.preview.value
