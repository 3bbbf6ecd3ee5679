"""One refusal of real ID-card, bank-card and mobile numbers, the same in every form and export."""

import pytest

from overdue import privacy
from overdue.forms import contact_log, letter
from overdue.forms.action_plan import ActionPlan, PlanInputError
from overdue.forms.contact_log import ContactLog, LogInputError
from overdue.forms.letter import LetterDraft
from overdue.forms.red_flags import RedFlagChecker, SaveRefused
from overdue.i18n import ui
from overdue.privacy import refusal, sensitive_number

# Fictional numbers shaped like real ones (ID: region, birth date, sequence, right check character;
# card: passes the Luhn check; a mobile number of the 138 range).
ID = "110101199003071233"
CARD = "6222021234567894"
PHONE = "13812345678"


@pytest.mark.parametrize("value, kind", [
    (f"身份证号 {ID}", "id"),
    ("11010119900307002X", "id"),                   # the check character X
    ("11010119900307002x", "id"),
    ("110101 19900307 002X", "id"),                 # written 6-8-4
    ("110101 1990 0307 1233", "id"),                # any grouping of a well-formed number
    (f"卡号 {CARD}", "card"),
    ("6222 0212 3456 7890 128", "card"),            # 19 digits in groups of four
    ("6222-0212-3456-7894", "card"),
    ("６２２２０２１２３４５６７８９４", "card"),         # full-width digits
    ("６２２２　０２１２　３４５６　７８９４", "card"),      # full-width digits and spaces
    ("6222–0212–3456–7894", "card"),                # en dashes
    ("卡 6222 0212 3456 7894 2026-11-03", "card"),  # a date right after the card number
    ("<b>6222021234567894</b>", "card"),
    (f"卡 {CARD} 身份证 {ID}", "id"),               # both: the ID-card number is named
    ("110101900307123", "id"),                      # a first-generation card: 15 digits
    ("身份证 一一零一零一一九九零零三零七一二三三", "id"),  # Chinese numerals
    ("110101-19900307-002X", "id"),
    ("6222.0212.3456.7894", "card"),                # dots
    ("6222_0212_3456_7894", "card"),                # underscores
    ("6222/0212/3456/7894", "card"),                # slashes
    ("6222\u200b0212\u200b3456\u200b7894", "card"),   # zero-width spaces
    ("六二二二零二一二三四五六七八九四", "card"),        # Chinese numerals
    ("陆贰贰贰〇贰壹贰叁肆伍陆柒捌玖肆", "card"),        # the financial forms
    ("card6222021234567894abc", "card"),            # letters right next to it
    ("card6222021234567894x", "card"),              # an x that is no ID check character
    ("卡号 6222 0212 3456 7894 2026", "card"),        # a card number and a year written the same way
    ("1234 6222 0212 3456 7894", "card"),
    ("tel13812345678x", "phone"),
    ("6 2 2 2 0 2 1 2 3 4 5 6 7 8 9 4", "card"),    # one digit at a time
    (PHONE, "phone"),
    (f"他打给我 {PHONE} 说要上门", "phone"),
    ("138 1234 5678", "phone"),
    ("138-1234-5678", "phone"),
    ("138.1234.5678", "phone"),
    ("+86 138 1234 5678", "phone"),
    ("+8613812345678", "phone"),
    ("0086-13812345678", "phone"),
    ("１３８１２３４５６７８", "phone"),                  # full-width digits
    ("一三八一二三四五六七八", "phone"),
    ("幺三八 幺两三四 五六七八", "phone"),             # 幺 and 两 as a phone number is read aloud
    ("138\u200c1234\u200d5678", "phone"),
    ("两个号码 13800000000 13900000000", "phone"),
])
def test_real_looking_numbers_are_found(value, kind):
    assert sensitive_number(value) == kind


@pytest.mark.parametrize("value", [
    "", "卡号尾号 7890", "手机尾号 5678", "欠款 12,345.67 元", "两个人，一个上午来，一个下午来",
    "4600 3600 800 1200 2026",                      # five amounts, not one number
    "2023年 2024年 2025年 2026年 2027年",             # five years
    "2024 2025 2026 2027 2028",                     # five years whose digits pass no check
    "2026-11-03 23:10 敲门", "2026年7月20日欠7360.42元", "合同编号 WL2026-0001-0002", "工号 A1027",
    "123456789012345",                              # 15 digits: too short for a card
    "12345678901234567890",                         # 20 digits: too long for either
    "6222021234567890",                             # 16 digits failing the Luhn check
    "110101199003071234",                           # 18 digits with a wrong check character
    "200000000000000000",
    "12345678901",                                  # 11 digits that are no mobile number
    "95384 12378 12363",                            # service numbers
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


FULL_WIDTH_CARD = "卡号 ６２２２ ０２１２ ３４５６ ７８９４"


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


def test_a_phone_number_is_allowed_only_where_asked_for():
    assert sensitive_number(PHONE) == "phone"
    assert sensitive_number(PHONE, allow_phone=True) is None
    assert sensitive_number(f"{PHONE} {CARD}", allow_phone=True) == "card"
    message = refusal(f"电话 {PHONE}", "说了什么")
    assert message.startswith("说了什么里") and "手机号" in message and "后四位" in message
    assert refusal(f"电话 {PHONE}", "来电号码", allow_phone=True) is None


def test_the_checksums_come_from_stdnum():
    from stdnum import luhn
    from stdnum.cn import ric

    assert ric.is_valid(ID) and luhn.is_valid(CARD)
    assert privacy.is_id_number(ID) and privacy.is_card_number(CARD) and privacy.is_mobile_number(PHONE)
    assert not privacy.is_card_number(CARD[:-1] + "0")


@pytest.mark.parametrize("nickname", ["阿明 138.1234.5678", "幺三八幺二三四五六七八", "六二二二零二一二三四五六七八九四"])
def test_the_workshop_nickname_uses_the_same_rule(tmp_path, nickname):
    from overdue.workshop.participant import ParticipantApp
    from overdue.workshop.store import WorkshopStore

    store = WorkshopStore(tmp_path / "workshop.sqlite3")
    code = store.create_session([("bank", "lesson01")]).code
    app = ParticipantApp(store, query_string="")
    app.join(code, nickname)
    assert "昵称里有一串像" in app.error.value and "后四位" in app.error.value
    assert store.export_rows(code) == [] and getattr(app, "step", None) is None
