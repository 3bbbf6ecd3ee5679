"""The contact log of lesson 05: entries checked in Chinese, findings, CSV/HTML exports, refusals."""

import csv
import datetime as dt
import io

import pytest

from overdue.widgets.contact_log import (
    ContactLog,
    ContactLogView,
    LogEntry,
    LogInputError,
    sensitive_number,
)


@pytest.fixture
def log(tmp_path):
    return ContactLog(folder=tmp_path / "我的文件")


def test_add_accepts_common_date_and_time_forms(log):
    e = log.add("2026/11/3", "23：10", "自称某公司的王先生", "visit", "敲门说今天必须还")
    assert e.day == dt.date(2026, 11, 3) and e.at == dt.time(23, 10)
    e2 = log.add("2026年11月4日", "9:05", "王先生", "call_missed", "没接到")
    assert e2.day == dt.date(2026, 11, 4) and e2.at == dt.time(9, 5)


@pytest.mark.parametrize(
    "field, args, words",
    [
        ("day", ("2026-13-01", "10:00", "王", "visit", "x"), "日期格式不对"),
        ("day", ("昨天", "10:00", "王", "visit", "x"), "日期格式不对"),
        ("at", ("2026-11-03", "25:00", "王", "visit", "x"), "时间格式不对"),
        ("at", ("2026-11-03", "晚上", "王", "visit", "x"), "时间格式不对"),
        ("who", ("2026-11-03", "10:00", "  ", "visit", "x"), "是谁"),
        ("channel", ("2026-11-03", "10:00", "王", "fax", "x"), "联系方式"),
        ("said", ("2026-11-03", "10:00", "王", "visit", ""), "说了什么"),
        ("said", ("2026-11-03", "10:00", "王", "visit", "长" * 501), "太长"),
    ],
)
def test_bad_fields_get_a_chinese_message_and_the_log_is_unchanged(log, field, args, words):
    log.add("2026-11-02", "10:00", "王先生", "visit", "在门口说明欠款")
    with pytest.raises(LogInputError) as err:
        log.add(*args)
    assert err.value.field == field
    assert words in err.value.message
    assert len(log.entries) == 1


@pytest.mark.parametrize(
    "text, kind",
    [
        ("他念了我的身份证号 110101199003071233", "id"),
        ("身份证 11010119900307002X", "id"),
        ("卡号 6222021234567894", "card"),
        ("卡号 6222 0212 3456 7890 128", "card"),
        ("卡号 6222-0212-3456-7894", "card"),
    ],
)
def test_real_looking_id_and_card_numbers_are_refused(log, text, kind):
    assert sensitive_number(text) == kind
    with pytest.raises(LogInputError) as err:
        log.add("2026-11-03", "10:00", "王先生", "call_connected", text)
    assert ("身份证" if kind == "id" else "银行卡") in err.value.message
    assert log.entries == []


@pytest.mark.parametrize("text", ["来电尾号 0000", "工号 A1027", "卡号尾号 7890", "欠款 12345.67 元"])
def test_ordinary_numbers_are_accepted(log, text):
    assert sensitive_number(text) is None
    log.add("2026-11-03", "10:00", "王先生", "call_connected", text)


def test_sample_log_shows_each_kind_of_finding(log):
    n = log.load_sample()
    assert n == len(log.entries) >= 10
    text = "\n".join(log.finding_lines())
    assert "22:00" in text            # the 23:10 visit and the 07:20 call
    assert "8 次，超过 6 次" in text   # missed calls on one day
    assert "4 次，超过每天 3 次" in text
    assert "联系人" in text


def test_csv_export_has_a_chinese_header_and_every_entry(log):
    log.load_sample()
    path = log.export_csv()
    assert path.parent.name == "我的文件" and path.suffix == ".csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheet programs show Chinese
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["日期", "时间", "是谁", "方式", "说了/做了什么"]
    assert len(rows) == len(log.entries) + 1
    assert rows[1][0] <= rows[-1][0]  # sorted by date


def test_csv_guards_against_formulas(log):
    log.add("2026-11-03", "10:00", "=HYPERLINK(\"x\")", "sms", "+1 元")
    rows = list(csv.reader(io.StringIO(log.to_csv())))
    assert rows[1][2].startswith("'=") and rows[1][4].startswith("'+")


def test_html_export_is_printable_and_escaped(log):
    log.add("2026-11-03", "23:10", "<script>alert(1)</script>", "visit", "说 <b>今天</b> 必须还 & 别报警")
    page = log.to_html(today=dt.date(2026, 11, 29))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;" in page and "&amp;" in page
    assert "<meta charset='utf-8'>" in page and "@media print" in page
    assert "2026-11-29" in page and "22:00" in page  # date made and the quiet-hours finding
    path = log.export_html()
    assert path.suffix == ".html" and path.read_text(encoding="utf-8") == log.to_html()


def test_export_refuses_an_empty_log_and_entries_built_by_hand(log):
    with pytest.raises(LogInputError, match="空"):
        log.export_csv()
    log.entries.append(LogEntry(dt.date(2026, 11, 3), dt.time(10), "王", "sms", "卡号 6222021234567894"))
    with pytest.raises(LogInputError, match="银行卡"):
        log.export_html()
    written = list(log.folder.glob("*.html")) if log.folder.exists() else []
    assert written == []


def test_default_folder_is_my_files_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log = ContactLog()
    log.add("2026-11-03", "10:00", "王先生", "sms", "提醒还款")
    assert log.export_csv().parent == tmp_path / "我的文件"


def test_view_shows_message_beside_field_and_keeps_last_good_table(tmp_path):
    view = ContactLogView(folder=tmp_path)
    assert "还没有记录" in view.table.value
    view.day.value, view.at.value, view.who.value = "2026-11-03", "23:10", "王先生"
    view.channel.value, view.said.value = "visit", "敲门"
    view._on_add()
    assert "✔" in view.message.value and "王先生" in view.table.value
    good_table = view.table.value
    view.at.value, view.said.value = "晚上", "又来了"
    view._on_add()
    assert "✘" in view.message.value and "时间格式不对" in view.message.value
    assert view.table.value == good_table
    view.said.value, view.at.value = "卡号 6222021234567894", "10:00"
    view._on_add()
    assert "银行卡" in view.message.value and view.table.value == good_table
    view._on_html()
    assert "已保存到" in view.message.value
    assert list(tmp_path.glob("*.html"))


def test_view_escapes_what_the_learner_typed(tmp_path):
    view = ContactLogView(folder=tmp_path)
    view.day.value, view.at.value = "2026-11-03", "10:00"
    view.who.value, view.channel.value, view.said.value = "<img src=x onerror=alert(1)>", "sms", "<b>hi</b>"
    view._on_add()
    assert "<img" not in view.table.value and "&lt;img" in view.table.value


def test_export_message_shows_the_folder_the_learner_can_find(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view = ContactLogView()
    view._on_sample()
    view._on_csv()
    assert "已保存到：我的文件/催收联络记录_" in view.message.value
    assert list((tmp_path / "我的文件").glob("*.csv"))
