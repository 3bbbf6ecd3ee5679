"""The calculators (overdue.widgets): numbers shown equal the engine's, bad input gives a Chinese
message beside the field and keeps the last good result, charts update their artists in place."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from overdue.forms.base import FORM, presets
from overdue.i18n import ui_strings
from overdue.loan import Loan, annual_rate_irr, cap_check, charges_on
from overdue.widgets import CollectorFigureCheck, OverdueCalculator, PlanPlanner, RateConverter

# the example loan, from its only source (content/presets.yaml); the test below checks what it says
EXAMPLE = {k: presets()["overdue"][k] for k in ("principal", "daily_rate", "periods", "method", "start")}


def shown_values(html: str) -> list[Decimal]:
    return [Decimal(v) for v in re.findall(r"data-value='([-0-9.]+)'", html)]


def shown_yuan(html: str) -> list[str]:
    return re.findall(r"¥[0-9,]+\.[0-9]{2}", html)


# ------------------------------------------------------------------------------------------------
# presets
# ------------------------------------------------------------------------------------------------


def test_presets_are_the_reported_example_and_say_so():
    p = presets()
    assert p["label"]["zh"] == "常见报道的示例参数"
    assert "weilidai_reported_terms" in p["refs"]
    assert "自己的借款合同" in p["note"]["zh"]
    o = p["overdue"]
    assert Decimal(o["daily_rate"]) == Decimal("0.0005")
    assert Decimal(o["penalty_multiplier"]) == Decimal("1.5")
    assert o["method"] == "equal_principal"
    assert Decimal(o["principal"]) == 10000 and o["periods"] == 10


def test_every_reference_named_by_the_calculators_exists():
    from overdue.quiz import references

    known = references.load()
    named = set(presets()["refs"])
    for key, value in ui_strings().items():
        if key.startswith("calc."):
            named.update(value.get("refs") or [])
    named.update(["spc_financial_trial_2017", "pboc_2021_3"])
    assert named and not named - set(known), named - set(known)


# ------------------------------------------------------------------------------------------------
# OverdueCalculator
# ------------------------------------------------------------------------------------------------


def test_default_calculator_shows_the_engine_figures_to_the_fen():
    calc = OverdueCalculator()
    expected = charges_on(Loan(**EXAMPLE), date(2026, 6, 13), paid_through=1, penalty_multiplier=Decimal("1.5"),
                          compound=False)
    view = calc.view
    assert shown_values(view.total.value) == [expected.total]
    table = shown_values(view.table.value)
    assert table == [expected.principal, expected.interest, expected.penalty, expected.compound, expected.total]
    assert f"¥{expected.total:,.2f}" in view.total.value


def test_typing_into_the_form_updates_the_table_to_the_engine_figure():
    calc = OverdueCalculator()
    view = calc.view
    view.inputs["principal"].value = "20000"
    view.inputs["penalty_multiplier"].value = "1.3"
    view.inputs["on"].value = date(2026, 9, 1)
    view.inputs["compound"].value = True
    loan = Loan(**{**EXAMPLE, "principal": Decimal("20000")})
    expected = charges_on(loan, date(2026, 9, 1), paid_through=1, penalty_multiplier=Decimal("1.3"), compound=True)
    assert calc.errors == {}
    assert shown_values(view.total.value) == [expected.total]
    assert shown_values(view.table.value)[-1] == expected.total
    assert expected.compound > 0 and expected.compound in shown_values(view.table.value)
    assert "overdue-calc-total" in view.total._dom_classes


def test_setting_attributes_on_the_state_updates_the_view():
    calc = OverdueCalculator()
    view = calc.view
    calc.principal = "30000"
    calc.paid_through = "2"
    assert calc.compute()
    expected = charges_on(Loan(**{**EXAMPLE, "principal": Decimal("30000")}), date(2026, 6, 13), 2,
                          Decimal("1.5"), False)
    assert view.inputs["principal"].value == "30000" and view.inputs["paid_through"].value == "2"
    assert shown_values(view.total.value) == [expected.total]


def test_acceleration_switch_uses_the_acceleration_date():
    calc = OverdueCalculator()
    calc.set(accelerate=True, accelerate_on="2026-05-14")
    expected = charges_on(Loan(**EXAMPLE), date(2026, 6, 13), 1, Decimal("1.5"), False, date(2026, 5, 14))
    assert calc.result.charges.total == expected.total
    assert calc.result.charges.total > OverdueCalculator().result.charges.total


@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("principal", "abc", "本金必须是数字"),
        ("principal", "-100", "本金必须是大于 0 的数字"),
        ("daily_rate", "5", "日利率不能超过每天 1%"),
        ("penalty_multiplier", "x", "罚息倍数必须是数字"),
        ("periods", "2.5", "期数必须是 1 到 360 之间的整数"),
    ],
)
def test_bad_input_shows_a_chinese_message_beside_the_field_and_keeps_the_last_result(field, typed, words):
    calc = OverdueCalculator()
    view = calc.view
    good_total = view.total.value
    good_table = view.table.value
    good_png = view.image.value
    good_result = calc.result
    view.inputs[field].value = typed
    assert words in calc.errors[field]
    message = view.messages[field]
    assert words in message.value and "overdue-field-error" in message._dom_classes
    assert "上一次有效的结果" in view.form_message.value
    assert calc.result is good_result
    assert view.total.value == good_total and view.table.value == good_table and view.image.value == good_png
    # correcting the field clears the message and computes again
    view.inputs[field].value = {"principal": "12000", "daily_rate": "0.05%", "penalty_multiplier": "1.5",
                                "periods": "10"}[field]
    assert calc.errors == {} and view.messages[field].value == ""


def test_percent_rate_is_understood():
    calc = OverdueCalculator(daily_rate="0.05%")
    assert calc.result.terms.loan.daily_rate == Decimal("0.0005")
    calc.set(daily_rate="0.0005")
    assert calc.ok


def test_chinese_method_names_are_understood():
    calc = OverdueCalculator(method="等额本息")
    assert calc.result.terms.loan.method == "equal_payment"
    assert calc.view.inputs["method"].value == "equal_payment"
    assert not calc.set(method="随便还")
    assert "还款方式只能是" in calc.errors["method"]


def test_date_before_the_loan_start_is_refused_with_a_message():
    calc = OverdueCalculator()
    assert not calc.set(on="2025-12-01")
    assert "不能早于放款日期" in calc.errors["on"]


def test_an_unexpected_error_never_escapes_and_keeps_the_last_result(monkeypatch):
    from overdue.forms import overdue_calculator as mod

    calc = OverdueCalculator()
    calc.view  # noqa: B018  (build the view)
    good = calc.result

    def boom(*args, **kwargs):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(mod, "charges_on", boom)
    assert calc.set(principal="15000") is False
    assert calc.result is good
    assert "出了点问题" in calc.errors[FORM]
    assert "internal detail" not in calc.view.form_message.value
    assert "Traceback" not in calc.view.form_message.value


def test_hostile_text_is_not_echoed_as_html():
    calc = OverdueCalculator()
    calc.view.inputs["principal"].value = "<script>alert(1)</script>"
    assert "<script>" not in calc.view.messages["principal"].value
    assert "本金必须是数字" in calc.view.messages["principal"].value


def test_chart_update_changes_the_same_artists_without_replotting():
    calc = OverdueCalculator()
    view = calc.view
    chart = view.chart
    fig, ax = chart.chart.figure, chart.ax
    fills, line, marker = list(chart.fills), chart.cap_line, chart.marker
    y_before = line.get_ydata().copy()
    paths_before = [f.get_paths()[0].vertices.copy() for f in fills]
    marker_before = list(marker.get_xdata())
    full_before, blits_before, png_before = chart.chart.full_draws, chart.chart.blits, view.image.value
    n_artists = len(ax.get_children())

    view.inputs["penalty_multiplier"].value = "1.6"  # moves the penalty band
    view.inputs["daily_rate"].value = "0.048%"  # moves the 24% line (it does not depend on the multiplier)
    view.inputs["on"].value = date(2026, 6, 20)  # moves the marker

    assert view.chart is chart and chart.chart.figure is fig and chart.ax is ax
    assert list(chart.fills) == fills and chart.cap_line is line and chart.marker is marker
    assert len(ax.get_children()) == n_artists
    assert all(a in ax.get_children() for a in fills + [line, marker])
    assert not np.array_equal(line.get_ydata(), y_before)
    assert not np.array_equal(fills[2].get_paths()[0].vertices, paths_before[2])  # penalty band moved
    assert list(marker.get_xdata()) != marker_before
    assert chart.chart.full_draws == full_before
    assert chart.chart.blits == blits_before + 2  # multiplier, rate: the data artists redrawn
    assert chart.chart.overlay_blits >= 1  # the date alone: only the marker redrawn
    assert view.image.value != png_before


def test_blitted_image_equals_a_full_redraw():
    from PIL import Image

    calc = OverdueCalculator()
    view = calc.view
    view.inputs["penalty_multiplier"].value = "1.7"
    view.inputs["compound"].value = True
    view.inputs["on"].value = date(2026, 8, 1)
    view.inputs["on"].value = date(2026, 10, 9)
    blitted = np.asarray(Image.open(io.BytesIO(view.image.value)).convert("RGB"))
    fc = view.chart.chart
    assert fc.overlay_blits >= 1 and fc.blits >= 2
    fc.invalidate()
    full = np.asarray(Image.open(io.BytesIO(fc.render())).convert("RGB"))
    assert np.array_equal(blitted, full)


def test_data_outside_the_axes_rescales_with_one_full_redraw():
    calc = OverdueCalculator()
    chart = calc.view.chart
    top = chart.ax.get_ylim()[1]
    full = chart.chart.full_draws
    calc.view.inputs["principal"].value = "50000"
    assert chart.ax.get_ylim()[1] > top
    assert chart.chart.full_draws == full + 1
    curve = calc.result.curve
    assert chart.ax.get_ylim()[1] >= max(curve["total"].max(), curve["line"].max())


def test_chart_curve_agrees_with_the_decimal_engine():
    calc = OverdueCalculator(compound=True)
    r = calc.result
    base = r.terms.first_missed_due
    for d in (0, 1, 31, 90, 200, 500, 720):
        on = date.fromordinal(base.toordinal() + d)
        ch = charges_on(r.terms.loan, on, **r.terms.charge_args())
        assert Decimal(int(r.curve["total_fen"][d])) / 100 == ch.total


@pytest.mark.parametrize("options", [{}, {"compound": True}, {"compound": True, "accelerate": True},
                                     {"paid_through": "0"}, {"paid_through": "3", "method": "equal_payment"}])
def test_24_percent_line_is_cap_check_day_by_day(options):
    calc = OverdueCalculator(**options)
    r = calc.result
    base = r.terms.first_missed_due
    for d in (0, 1, 45, 90, 300, 720):
        on = date.fromordinal(base.toordinal() + d)
        cc = cap_check(r.terms.loan, on=on, **r.terms.charge_args())
        assert Decimal(int(r.curve["charged_fen"][d])) / 100 == cc.charged
        assert Decimal(int(r.curve["allowed_fen"][d])) / 100 == cc.allowed_at_cap
        owed = Decimal(int(r.curve["total_fen"][d])) / 100
        line = Decimal(str(r.curve["line"][d])).quantize(Decimal("0.01"))
        assert max(owed - line, Decimal(0)) == cc.excess


def test_24_percent_text_says_reduction_on_request_not_a_legal_maximum():
    calc = OverdueCalculator(daily_rate="0.001", penalty_multiplier="2", on="2027-06-01")
    assert calc.result.cap.excess > 0
    calc.view  # noqa: B018
    note = calc.view.cap_note.value
    assert "请求法院" in note and "不会自动" in note
    legend = [t.get_text() for t in calc.view.chart.chart.figure.legends[0].get_texts()]
    assert any("24%" in t for t in legend)


def test_chart_png_is_600_by_350_and_lossless():
    from PIL import Image

    from overdue.widgets.fastchart import encode_png_pillow

    calc = OverdueCalculator()
    png = calc.view.image.value
    img = Image.open(io.BytesIO(png))
    assert img.size == (600, 350)
    fc = calc.view.chart.chart
    ref = Image.open(io.BytesIO(encode_png_pillow(fc.canvas.buffer_rgba(), 600, 350))).convert("RGB")
    assert np.array_equal(np.asarray(img.convert("RGB")), np.asarray(ref))


# ------------------------------------------------------------------------------------------------
# CollectorFigureCheck
# ------------------------------------------------------------------------------------------------


def test_collector_figure_above_the_contract_is_split():
    chk = CollectorFigureCheck(stated="12,800")
    total = charges_on(Loan(**EXAMPLE), date(2026, 6, 13), 1, Decimal("1.5"), False).total
    r = chk.result
    assert r.contract_total == total
    assert r.explained == total and r.unexplained == Decimal("12800.00") - total and r.below == 0
    view = chk.view
    assert shown_values(view.explained.value) == [total]
    assert shown_values(view.unexplained.value) == [Decimal("12800.00") - total]
    text = view.questions.value
    assert "95384" in text and "个人账户" in text and "书面明细" in text
    assert f"¥{Decimal('12800') - total:,.2f}" in text  # the question names the unexplained part


def test_collector_figure_below_the_contract_leaves_nothing_unexplained():
    chk = CollectorFigureCheck()
    chk.view.inputs["stated"].value = "1000"
    r = chk.result
    assert r.explained == Decimal("1000.00") and r.unexplained == 0
    assert r.below == r.contract_total - Decimal("1000.00")
    assert "少" in r.verdict
    assert not any("多出来" in q for q, _ in r.questions)


def test_collector_figure_equal_to_the_contract():
    total = OverdueCalculator().result.charges.total
    chk = CollectorFigureCheck(stated=str(total))
    assert chk.result.unexplained == 0 and chk.result.below == 0


def test_collector_figure_bad_input_keeps_the_last_split():
    chk = CollectorFigureCheck()
    view = chk.view
    before = view.explained.value, view.unexplained.value
    view.inputs["stated"].value = "abc"
    assert "对方说的金额必须是数字" in view.messages["stated"].value
    assert (view.explained.value, view.unexplained.value) == before
    view.inputs["stated"].value = "-5"
    assert "对方说的金额必须是大于 0 的数字" in view.messages["stated"].value


def test_collector_check_refs_exist_for_every_question():
    from overdue.quiz import references

    known = references.load()
    for _q, refs in CollectorFigureCheck(stated="99999").result.questions:
        assert all(r in known for r in refs)


# ------------------------------------------------------------------------------------------------
# RateConverter
# ------------------------------------------------------------------------------------------------


def test_rate_converter_daily_monthly_annual():
    conv = RateConverter(rate="0.05%", kind="daily")
    r = conv.result
    assert r.daily == Decimal("0.0005")
    assert r.monthly == Decimal("0.015")
    assert r.annual_simple == Decimal("0.1825")
    loan = Loan(**EXAMPLE, fee_per_instalment=Decimal(presets()["rate_converter"]["fee_per_instalment"]))
    assert r.annual_irr == annual_rate_irr(loan.cash_flows())
    assert r.annual_irr > r.annual_irr_no_fees > r.annual_simple


@pytest.mark.parametrize("daily", ["0.0002", "0.0005", "0.00035", "0.0008"])
def test_rate_converter_round_trips(daily):
    conv = RateConverter(rate=daily, kind="daily")
    first = conv.result
    for kind in ("monthly", "annual_simple"):
        conv.set(rate=str(first.value(kind)), kind=kind)
        assert conv.result.daily == Decimal(daily)
        assert conv.result.annual_simple == first.annual_simple
    conv.set(rate=f"{first.annual_simple * 100}%", kind="annual_simple")
    assert conv.result.daily == Decimal(daily)
    conv.set(rate=str(first.annual_irr), kind="annual_irr")
    assert abs(conv.result.daily - Decimal(daily)) < Decimal("1e-7")
    assert abs(conv.result.loan.annual_rate_irr() - first.annual_irr) < Decimal("1e-6")


def test_rate_converter_view_shows_each_form():
    conv = RateConverter()
    view = conv.view
    view.inputs["kind"].value = "annual_simple"
    view.inputs["rate"].value = "18.25%"
    assert shown_values(view.outputs["daily"].value) == [Decimal("0.0005")]
    assert "0.0500%" in view.outputs["daily"].value
    assert "18.25%" in view.outputs["annual_simple"].value
    assert "overdue-rate-annual-irr" in view.outputs["annual_irr"]._dom_classes


@pytest.mark.parametrize(("typed", "kind", "words"), [
    ("5", "daily", "不能超过每天 1%"),
    ("abc", "daily", "必须是数字"),
    ("-0.01", "monthly", "不能是负数"),
    ("500%", "annual_simple", "不能超过每年 365%"),
])
def test_rate_converter_bad_rate_keeps_the_last_result(typed, kind, words):
    conv = RateConverter()
    view = conv.view
    view.inputs["kind"].value = kind
    good = view.outputs["daily"].value
    view.inputs["rate"].value = typed
    assert words in view.messages["rate"].value
    assert view.outputs["daily"].value == good


def test_rate_converter_irr_below_what_fees_alone_cost_is_explained():
    conv = RateConverter(fee_per_instalment="200")
    assert not conv.set(rate="1%", kind="annual_irr")
    assert "费用" in conv.errors["rate"]


# ------------------------------------------------------------------------------------------------
# PlanPlanner
# ------------------------------------------------------------------------------------------------


def test_planner_default_budget_finds_a_workable_plan():
    pp = PlanPlanner()
    r = pp.result
    assert r.afford.capacity == Decimal("800.00")  # 4500 - 3000 - 500 - 200
    assert r.workable
    for row in r.plans:
        assert row.affordable == (row.plan.feasible and row.plan.monthly_payment <= r.afford.capacity)
    assert any(row.plan.kind == "fixed_monthly" and row.affordable for row in r.plans)
    assert "✔" in pp.view.verdict.value


@pytest.mark.parametrize("budget", [{"monthly_income": "2000"}, {"monthly_income": "3600", "other_debts": "400"}])
def test_planner_says_this_cannot_work_when_nothing_is_left(budget):
    pp = PlanPlanner()
    view = pp.view
    for k, v in budget.items():
        view.inputs[k].value = v
    assert pp.result.workable is False
    assert "行不通" in view.verdict.value
    assert "overdue-plan-cannot" in view.verdict.value
    assert "12348" in view.steps.value  # where to get free legal advice


def test_planner_never_ending_payment_cannot_work():
    pp = PlanPlanner(monthly_income="3001", essential_spending="3000", other_debts="0", reserve="0",
                     daily_rate="0.005")
    assert pp.result.afford.capacity == Decimal("1.00")
    assert pp.result.workable is False
    assert "行不通" in pp.result.verdict


def test_planner_bad_budget_input_keeps_the_last_result():
    pp = PlanPlanner()
    view = pp.view
    before = view.table.value
    view.inputs["monthly_income"].value = "很多"
    assert "每月收入必须是数字" in view.messages["monthly_income"].value
    assert view.table.value == before


def test_planner_chart_updates_in_place():
    pp = PlanPlanner()
    chart = pp.view.chart
    lines = list(chart.lines)
    zone_y = chart.zone.get_y()
    pp.view.inputs["monthly_income"].value = "4700"
    assert pp.view.chart is chart and list(chart.lines) == lines
    assert chart.zone.get_y() == pytest.approx(zone_y + 200)


# ------------------------------------------------------------------------------------------------
# package
# ------------------------------------------------------------------------------------------------


def test_importing_the_package_is_lazy():
    code = ("import sys, overdue.widgets as w; assert 'ipywidgets' not in sys.modules; "
            "assert 'overdue.widgets.timeline' not in sys.modules; w.RateConverter; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr


def test_every_calculator_builds_with_no_arguments_and_has_css_classes():
    for cls, css in ((OverdueCalculator, "overdue-calc"), (CollectorFigureCheck, "overdue-check"),
                     (RateConverter, "overdue-rate"), (PlanPlanner, "overdue-plan")):
        obj = cls()
        assert obj.ok, obj.errors
        assert css in obj.widget._dom_classes


# ------------------------------------------------------------------ issue 14: both bases, both IRR rates


def test_the_24_percent_text_names_both_bases_and_concludes_only_a_request():
    calc = OverdueCalculator(principal="10000", daily_rate="0.0005", periods=10, method="equal_principal",
                             start="2026-01-15", paid_through=3, on="2026-07-20", penalty_multiplier="1.5")
    text = calc.summary()
    assert "18.66%" in text and "没有超过24%" in text  # averaged over the whole loan since it began
    assert "27.375%" in text and "高于24%" in text  # the overdue principal alone, from the first overdue day
    assert "可以请求法院" in text and "不会自动" in text
    low = OverdueCalculator(daily_rate="0.0004", penalty_multiplier="1.5").summary()
    assert "21.900%" in low and "不高于24%" in low


def test_rate_converter_shows_effective_and_nominal_irr_rates_named():
    conv = RateConverter(rate="0.05%", kind="daily", principal="10000", periods="10", method="equal_principal",
                         start="2026-01-15", fee_upfront="0", fee_per_instalment="0")
    r = conv.result
    assert f"{r.annual_irr * 100:.2f}" == "19.86" and f"{r.annual_nominal * 100:.2f}" == "18.15"
    text = conv.summary()
    assert "实际年化利率" in text and "19.86%" in text and "名义年化利率" in text and "18.15%" in text
    conv.view  # noqa: B018
    shown = conv.view.nominal.value
    assert "18.15%" in shown
    assert "复利" in conv.view.explain.value and "同一种算法" in conv.view.explain.value


def test_planner_irr_column_gives_effective_and_nominal_rates_named():
    from overdue.forms.plan_planner import plan_cells

    p = PlanPlanner(monthly_income="4600", essential_spending="3300", other_debts="300", reserve="200",
                    principal="10000", daily_rate="0.0005", periods=10, method="equal_principal",
                    start="2026-01-15", paid_through=3, on="2026-07-20")
    cells = {r.plan.label: plan_cells(r.plan)[-1] for r in p.result.plans}
    epay = next(v for k, v in cells.items() if "等额本息" in k)
    assert epay == "实际 19.48%（按复利折算）；名义 18.00%（每月利率×12）"  # 0.05% x 30 x 12 = 18%
    assert next(v for k, v in cells.items() if "一次" in k) == "—"
