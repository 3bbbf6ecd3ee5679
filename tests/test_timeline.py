"""The lesson-01 timeline explorer: stages by day, money from the engine, bad input kept out."""

from datetime import timedelta
from decimal import Decimal

import pytest

from overdue.forms.timeline import Timeline, example_loan, load_stages
from overdue.loan import charges_on
from overdue.widgets.timeline import TimelineView


@pytest.fixture(scope="module")
def timeline():
    return Timeline()


def test_stages_are_labelled_as_practice_not_law():
    stages, note, not_by_days = load_stages()
    assert "不是" in note and "法律" in note and "示意" in note
    assert "法院" in not_by_days
    days = [s.from_day for s in stages if s.from_day is not None]
    assert days == sorted(days) and days[0] == 1
    assert stages[-1].from_day is None  # enforcement: never reached by days alone
    for s in stages:
        assert s.name and s.means and s.not_means and s.todo and s.refs


@pytest.mark.parametrize("day, stage", [(0, None), (1, "reminder"), (2, "reminder"), (3, "calls"),
                                        (59, "letters"), (60, "home_visit"), (90, "lawsuit_possible"),
                                        (360, "lawsuit_possible")])
def test_stage_by_day(timeline, day, stage):
    got = timeline.stage(day)
    assert (got.id if got else None) == stage


def test_enforcement_is_never_shown_by_days(timeline):
    assert all(timeline.stage(d).id != "enforcement" for d in range(1, timeline.max_days + 1))
    assert timeline.later_stage().id == "enforcement"


@pytest.mark.parametrize("day", [0, 1, 31, 45, 120, 360])
def test_cost_is_the_engines(timeline, day):
    loan, options = example_loan()
    on = loan.due_dates[options["paid_through"]] + timedelta(days=day)
    want = charges_on(loan, on=on, **options)
    got = timeline.cost(day)
    assert (got.principal, got.interest, got.penalty, got.compound, got.total) == (
        want.principal, want.interest, want.penalty, want.compound, want.total)
    assert got.extra == want.penalty + want.compound


def test_cost_grows_with_days(timeline):
    totals = [timeline.cost(d).total for d in range(0, timeline.max_days + 1, 30)]
    assert totals == sorted(totals) and totals[0] == 0 and totals[-1] > Decimal("5000")


@pytest.mark.parametrize("bad", ["abc", "-3", "3.5", "", "99999", None, True, "1e400"])
def test_bad_days_give_a_chinese_message_and_keep_the_last_good_day(bad):
    t = Timeline(days=45)
    message = t.set_days(bad)
    assert message and "整数" in message
    assert t.days == 45 and t.error == message
    assert t.set_days("60天") is None and t.days == 60 and t.error is None


def test_summary_is_plain_text_with_the_figures():
    t = Timeline(days=60)
    text = t.summary()
    c = t.cost()
    assert "60 天" in text and f"{c.total:,.2f}" in text and "示意" in text and "<" not in text


def test_view_updates_and_shows_errors_beside_the_field():
    view = TimelineView(Timeline(days=10))
    first_png = view.image.value
    assert first_png[:4] == b"\x89PNG"
    view.slider.value = 200
    assert view.state.days == 200 and view.box.value == "200"
    assert "逾期第 200 天" in view.card.value and view.image.value != first_png
    view.box.value = "很多天"
    assert "整数" in view.message.value and "上一次" in view.message.value
    assert view.state.days == 200 and "逾期第 200 天" in view.card.value
    view.box.value = "30"
    assert view.slider.value == 30 and view.message.value == ""


def test_card_html_is_escaped(monkeypatch):
    t = Timeline(days=60)
    stage = t.stage()
    evil = type(stage)(**{**stage.__dict__, "what": "<script>alert(1)</script>"})
    monkeypatch.setattr(t, "stage", lambda days=None: evil)
    html = t.card_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
