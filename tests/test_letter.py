"""The 协商还款申请 generator: what a learner sees in the saved files, and what it refuses."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from overdue.forms.letter import DEFAULT_FOLDER, LetterDraft, sensitive_number
from overdue.widgets.letter import letter_form

STAMP = datetime(2026, 7, 21, 9, 30, 0)


def draft(**changes):
    d = LetterDraft.example()
    for k, v in changes.items():
        setattr(d, k, v)
    return d


def test_example_is_valid_and_fictional():
    d = LetterDraft.example()
    assert d.errors() == {}
    assert d.name == "陈晓梅"


def test_saves_markdown_and_html_into_the_folder(tmp_path):
    md_path, html_path = draft().save(tmp_path, stamp=STAMP)
    assert md_path.parent == tmp_path and html_path.parent == tmp_path
    assert md_path.name == "协商还款申请_20260721_093000.md" and html_path.suffix == ".html"
    md = md_path.read_text(encoding="utf-8")
    page = html_path.read_text(encoding="utf-8")
    for text in (md, page):
        assert "协商还款申请" in text and "陈晓梅" in text
        assert "7,352.50" in text            # the amount owed, with thousands separator
        assert "95384" in text               # submitted through the official channel
        assert "个人账户" in text            # promise to pay only officially
    assert '<meta charset="utf-8">' in page and "@media print" in page


def test_default_folder_is_my_files_under_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    md_path, _ = draft().save(stamp=STAMP)
    assert md_path.parent == tmp_path / DEFAULT_FOLDER == tmp_path / "我的文件"


def test_schedule_covers_the_debt_and_trims_the_last_instalment():
    d = draft(amount_owed="7352.50", payment="700", periods=12, first_due=date(2026, 8, 31))
    rows = d.schedule()
    assert len(rows) == 11                             # 10 x 700 + 352.50
    assert rows[-1].amount == Decimal("352.50")
    assert sum(r.amount for r in rows) == Decimal("7352.50")
    assert [r.due for r in rows[:3]] == [date(2026, 8, 31), date(2026, 9, 30), date(2026, 10, 31)]
    assert d.shortfall() == 0
    assert "说明：上述计划合计比" not in d.to_markdown()


def test_a_plan_short_of_the_debt_says_so():
    d = draft(amount_owed="7352.50", payment="500", periods=12)
    assert d.shortfall() == Decimal("1352.50")
    assert "1,352.50" in d.to_markdown()


def test_table_lists_each_instalment():
    md = draft(payment="700", periods=11).to_markdown()
    assert "| 1 | 2026年8月15日 | 700.00 |" in md
    assert "| 合计 |  | 7,352.50 |" in md


@pytest.mark.parametrize(
    "value, kind",
    [
        ("110101199003077774", "id"),
        ("11010119900307002x", "id"),
        ("110101 19900307 002X", "id"),
        ("6222021234567894", "card"),
        ("6222 0212 3456 7890 128", "card"),
        ("6222-0212-3456-7894", "card"),
        ("4600 3600 800 1200 2026", None),      # several amounts, not one number
        ("13800001111", "phone"),               # a whole mobile number is refused too
        ("2026年7月20日欠7360.42元", None),
    ],
)
def test_sensitive_number_shapes(value, kind):
    assert sensitive_number(value) == kind


@pytest.mark.parametrize("field", ["name", "reason", "contact", "lender", "product"])
def test_real_id_numbers_are_refused_in_chinese(field, tmp_path):
    d = draft(**{field: "身份证 110101199003077774"})
    errors = d.errors()
    assert "身份证" in errors[field]
    with pytest.raises(ValueError, match="身份证"):
        d.save(tmp_path)
    assert list(tmp_path.iterdir()) == []        # nothing written


def test_bank_card_numbers_are_refused(tmp_path):
    d = draft(contact="卡号 6222 0212 3456 7890 128")
    assert "银行卡" in d.errors()["contact"]
    with pytest.raises(ValueError):
        d.save(tmp_path)
    assert not any(tmp_path.iterdir())


def test_phone_tail_is_four_digits_or_empty():
    assert draft(phone_tail="").errors() == {}
    assert "4 位" in draft(phone_tail="138000").errors()["phone_tail"]
    assert "银行卡" in draft(phone_tail="6222021234567894").errors()["phone_tail"]


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("amount_owed", "abc", "必须是数字"),
        ("amount_owed", "-5", "不能是负数"),
        ("amount_owed", "0", "大于 0"),
        ("amount_owed", "1e12", "太大"),
        ("payment", "", "请填写"),
        ("payment", "nan", "必须是数字"),
        ("income", "很多", "必须是数字"),
        ("periods", "0", "1 到 60"),
        ("periods", "二十", "1 到 60"),
        ("name", "  ", "请填写"),
        ("reason", "很长" * 200, "太长"),
        ("first_due", None, "请选择"),
    ],
)
def test_bad_input_gives_a_chinese_message_not_a_traceback(field, value, words):
    errors = draft(**{field: value}).errors()
    assert field in errors and words in errors[field]


def test_first_due_before_letter_date_is_refused():
    assert "不能早于" in draft(first_due=date(2026, 7, 1)).errors()["first_due"]


def test_amounts_in_common_forms():
    d = draft(amount_owed="¥7,352.50", payment="700元")
    assert d.errors() == {}
    assert sum(r.amount for r in d.schedule()) == Decimal("7352.50")


def test_payment_above_what_is_left_is_a_warning_not_an_error():
    d = draft(income="4600", essentials="4000", payment="700")
    assert d.errors() == {}
    assert d.warnings() and "很难坚持" in d.warnings()[0]
    assert draft().warnings() == []


def test_without_income_the_ability_paragraph_is_left_out():
    md = draft(income="", essentials="").to_markdown()
    assert "每月到手收入" not in md and "协商还款申请" in md


def test_hostile_text_is_escaped_in_html_and_markdown(tmp_path):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    d = draft(name="陈<b>晓梅</b>", reason=evil, contact="&lt;已转义&gt;")
    _, html_path = d.save(tmp_path, stamp=STAMP)
    page = html_path.read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page and "<b>晓梅" not in page
    assert "&lt;script&gt;" in page and "陈&lt;b&gt;晓梅" in page
    assert "&amp;lt;已转义&amp;gt;" in page       # already-escaped text is escaped again, shown literally
    md = d.to_markdown()
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_requests_are_chosen_by_the_learner():
    md = draft(requests=["breakdown"]).to_markdown()
    assert "欠款明细" in md and "减免" not in md.split("## 本人的请求")[1].split("本人只通过")[0]
    assert "## 本人的请求" not in draft(requests=[]).to_markdown()


def test_a_plan_starting_on_a_months_last_day_keeps_that_day_where_the_month_has_it():
    """Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year), never Mar 3; March is back on the 31st."""
    d = draft(first_due=date(2026, 1, 31), letter_date=date(2026, 1, 20), periods=4)
    assert [r.due for r in d.schedule()] == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31),
                                             date(2026, 4, 30)]
    assert "2026年2月28日" in d.to_markdown() and "2026年3月3日" not in d.to_markdown()
    leap = draft(first_due=date(2027, 12, 31), letter_date=date(2027, 12, 1), periods=3)
    assert [r.due for r in leap.schedule()][1:] == [date(2028, 1, 31), date(2028, 2, 29)]
    year_end = draft(first_due=date(2026, 12, 15), letter_date=date(2026, 12, 1), periods=3)
    assert year_end.schedule()[2].due == date(2027, 2, 15)


def test_fill_from_plan_copies_the_figures():
    d = LetterDraft.example().fill_from_plan(amount_owed=Decimal("5000"), payment=500, periods=10)
    assert d.errors() == {}
    assert len(d.schedule()) == 10 and d.schedule()[0].amount == Decimal("500.00")


# ------------------------------------------------------------------------------------ the widget
def test_widget_shows_banner_and_preview(tmp_path):
    form = letter_form(folder=tmp_path)
    html_text = form.widget.children[0].value
    assert "身份证号" in html_text and "银行卡号" in html_text
    assert "陈晓梅" in form.preview.value and "<script" not in form.preview.value


def test_widget_bad_input_message_beside_field_and_last_preview_kept(tmp_path):
    form = letter_form(folder=tmp_path)
    good_preview = form.preview.value
    form.inputs["amount_owed"].value = "abc"
    assert form.update() is False
    assert "必须是数字" in form.messages["amount_owed"].value and "✘" in form.messages["amount_owed"].value
    assert form.preview.value == good_preview
    assert form.save() is None and "没有保存" in form.status.value
    assert list(tmp_path.iterdir()) == []


def test_widget_refuses_id_number_typed_into_a_field(tmp_path):
    form = letter_form(folder=tmp_path)
    form.inputs["reason"].value = "我的身份证是 110101199003077774"
    assert form.save() is None
    assert "身份证" in form.messages["reason"].value
    assert not any(tmp_path.iterdir())


def test_widget_saves_files_and_says_where(tmp_path):
    form = letter_form(folder=tmp_path)
    form.inputs["name"].value = "王小明"
    form.request_boxes["reduce"].value = False
    paths = form.save()
    assert paths is not None
    md_path, html_path = paths
    assert md_path.exists() and html_path.exists()
    assert "王小明" in md_path.read_text(encoding="utf-8")
    assert "恳请考虑减免" not in md_path.read_text(encoding="utf-8")
    assert "已保存" in form.status.value and html_path.name in form.status.value


def test_widget_escapes_what_is_typed_in_the_preview(tmp_path):
    form = letter_form(folder=tmp_path)
    form.inputs["reason"].value = "<img src=x onerror=alert(1)>"
    assert form.update()
    assert "<img" not in form.preview.value and "&lt;img" in form.preview.value


def test_fill_from_planner_uses_the_learners_budget_and_debt():
    from overdue.widgets import PlanPlanner

    planner = PlanPlanner(monthly_income="4600", essential_spending="3300", other_debts="300", reserve="200",
                          principal="10000", daily_rate="0.0005", periods=10, method="equal_principal",
                          start="2026-01-15", paid_through=3, on="2026-07-20")
    d = LetterDraft.example().fill_from_planner(planner)
    assert d.errors() == {}
    assert d.amount_owed == planner.result.debt.total
    assert d.payment == planner.result.afford.capacity == Decimal("800.00")
    rows = d.schedule()
    assert len(rows) == 10 and sum(r.amount for r in rows) == planner.result.debt.total   # 9 x 800 + the rest
    assert d.shortfall() == 0


def test_fill_from_planner_without_a_result_keeps_the_draft():
    class NoResult:
        result = None

    d = LetterDraft.example().fill_from_planner(NoResult())
    assert d.amount_owed == LetterDraft.example().amount_owed


def test_the_form_says_the_letter_restarts_the_limitation_period_and_asks_for_the_lenders_figure(tmp_path):
    form = letter_form(folder=tmp_path)
    notice = form.notice.value
    assert "诉讼时效" in notice and "重新计算" in notice and "第一百九十五条" in notice
    assert form.widget.children[1] is form.notice  # beside the generator, before the fields
    letter = form.draft.to_markdown()
    assert "以贵行系统记录为准" not in letter
    assert "自己核算" in letter and "逐项明细" in letter
