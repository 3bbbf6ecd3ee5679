"""One refusal of real ID-card and bank-card numbers, the same in every form and export."""

import pytest

from overdue import privacy
from overdue.i18n import ui
from overdue.privacy import refusal, sensitive_number
from overdue.widgets import contact_log, letter
from overdue.widgets.action_plan import ActionPlan, PlanInputError
from overdue.widgets.contact_log import ContactLog, LogInputError
from overdue.widgets.letter import LetterDraft
from overdue.widgets.red_flags import RedFlagChecker, SaveRefused

# Fictional numbers shaped like real ones (well-formed ID: region, birth date, sequence, check).
ID = "110101199003071234"
CARD = "6222021234567890"


@pytest.mark.parametrize("value, kind", [
    (f"身份证号 {ID}", "id"),
    ("11010119900307123X", "id"),                   # the check character X
    ("11010119900307123x", "id"),
    ("110101 19900307 123X", "id"),                 # written 6-8-4
    ("110101 1990 0307 1234", "id"),                # any grouping of a well-formed number
    (f"卡号 {CARD}", "card"),
    ("6222 0212 3456 7890 123", "card"),            # 19 digits in groups of four
    ("6222-0212-3456-7890", "card"),
    ("６２２２０２１２３４５６７８９０", "card"),         # full-width digits
    ("６２２２　０２１２　３４５６　７８９０", "card"),      # full-width digits and spaces
    ("6222–0212–3456–7890", "card"),                # en dashes
    ("卡 6222 0212 3456 7890 2026-11-03", "card"),  # a date right after the card number
    ("<b>6222021234567890</b>", "card"),
    (f"卡 {CARD} 身份证 {ID}", "id"),               # both: the ID-card number is named
    ("200000000000000000", "card"),                 # 18 digits that are no ID-card number
])
def test_real_looking_numbers_are_found(value, kind):
    assert sensitive_number(value) == kind


@pytest.mark.parametrize("value", [
    "", "来电 13800000000", "两个号码 13800000000 13900000000", "卡号尾号 7890", "欠款 12,345.67 元",
    "4600 3600 800 1200 2026",                      # five amounts, not one number
    "2023 2024 2025 2026 2027",                     # five years
    "2026-11-03 23:10 敲门", "2026年7月20日欠7360.42元", "合同编号 WL2026-0001-0002", "工号 A1027",
    "123456789012345",                              # 15 digits: too short for a card
    "12345678901234567890",                         # 20 digits: too long for either
])
def test_ordinary_numbers_pass(value):
    assert sensitive_number(value) is None
    assert refusal(value, "备注") is None


def test_refusal_names_the_field_and_says_what_to_do():
    id_msg = refusal(f"身份证 {ID}", "说了什么")
    card_msg = refusal(f"卡号 {CARD}", "说了什么")
    assert id_msg.startswith("说了什么里") and "身份证号" in id_msg and "后四位" in id_msg
    assert card_msg.startswith("说了什么里") and "银行卡号" in card_msg and "后四位" in card_msg
    assert id_msg == ui("privacy.id_number", field="说了什么")


def test_a_long_text_of_digits_is_checked_quickly():
    import time

    start = time.perf_counter()
    assert sensitive_number("1 " * 20000) is None
    assert time.perf_counter() - start < 5  # generous: a learner must never wait on this check


def test_the_widgets_re_export_the_one_check():
    assert contact_log.sensitive_number is privacy.sensitive_number
    assert letter.sensitive_number is privacy.sensitive_number


FULL_WIDTH_CARD = "卡号 ６２２２ ０２１２ ３４５６ ７８９０"


def test_every_form_refuses_the_same_number_with_the_same_words(tmp_path):
    expected = "里有一串像银行卡号的数字"
    with pytest.raises(LogInputError) as log_err:
        ContactLog(folder=tmp_path).add("2026-11-03", "10:00", "王先生", "call_connected", FULL_WIDTH_CARD)
    draft = LetterDraft.example()
    draft.reason = FULL_WIDTH_CARD
    with pytest.raises(SaveRefused) as note_err:
        RedFlagChecker(folder=tmp_path).save(FULL_WIDTH_CARD)
    with pytest.raises(PlanInputError) as plan_err:
        ActionPlan.example().add_log("2026-11-03", "王先生", FULL_WIDTH_CARD)
    messages = [log_err.value.message, draft.errors()["reason"], note_err.value.message, plan_err.value.message]
    assert all(expected in m and "最多写后四位" in m for m in messages), messages
    assert note_err.value.message.startswith("✘ 备注里")
    assert list(tmp_path.iterdir()) == []
