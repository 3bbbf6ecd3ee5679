"""The contact log of lesson 05: entries checked in Chinese, findings, CSV/HTML exports, refusals."""

import csv
import datetime as dt
import io

import pytest

from overdue.forms.contact_log import ContactLog, LogEntry, LogInputError, sensitive_number
from overdue.widgets.contact_log import ContactLogView


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
    assert rows[0] == ["日期", "时间", "是谁", "方式", "说了/做了什么", "来电号码"]
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


# ------------------------------------------------------------------ the caller's number, import, kept across restarts

from overdue.quiz.progress import ProgressStore  # noqa: E402


def test_the_callers_number_has_its_own_field_and_only_there_a_phone_is_kept(log):
    entry = log.add("2026-11-03", "10:00", "王先生", "call_connected", "问今天能不能还", number="138 1234 5678")
    assert entry.number == "138 1234 5678"
    with pytest.raises(LogInputError, match="手机号"):
        log.add("2026-11-03", "10:05", "王先生", "call_connected", "他说打 13812345678 找他")
    for bad, words in [("6222 0212 3456 7894", "来电号码"), ("王先生", "来电号码"), ("11010119900307002X", "来电号码")]:
        with pytest.raises(LogInputError, match=words):
            log.add("2026-11-03", "10:00", "王先生", "sms", "提醒", number=bad)
    assert "来电号码" in log.to_csv().splitlines()[0] and "138 1234 5678" in log.to_html()


def test_an_exported_csv_is_read_back_as_it_was(log, tmp_path):
    log.load_sample()
    log.add("2026-11-06", "10:00", "=HYPERLINK(\"x\")", "sms", "-2 元，+1 @a", number="+86 138 1234 5678")
    path = log.export_csv()
    again = ContactLog(folder=tmp_path)
    added, problems = again.import_csv(path)
    assert problems == [] and added == len(log.entries)
    assert again.sorted_entries() == log.sorted_entries()
    assert again.import_csv(path) == (0, [])  # nothing twice
    assert again.to_csv() == log.to_csv()


def test_a_bad_csv_gets_chinese_messages_per_line_or_for_the_file(log):
    header = ",".join(log._header())
    text = "\r\n".join([header, "2026-11-03,10:00,王先生,短信,提醒还款,", "2026-13-40,10:00,王先生,短信,x,",
                        "2026-11-03,10:00,王先生,短信,卡号 6222021234567894,"])
    added, problems = log.import_csv(text.encode("utf-8-sig"))
    assert added == 1 and len(problems) == 2
    assert problems[0].startswith("第 3 行") and "日期" in problems[0] and "银行卡" in problems[1]
    for bad in [b"\xff\xfe\x00", "随便写的".encode(), b""]:
        with pytest.raises(LogInputError, match="读不出来"):
            log.import_csv(bad)


def test_the_view_keeps_the_log_across_a_restart_and_clears_it_after_confirming(tmp_path):
    path = tmp_path / "progress.sqlite3"
    view = ContactLogView(folder=tmp_path, store=ProgressStore(path))
    view.day.value, view.at.value, view.who.value = "2026-11-03", "23:10", "王先生"
    view.number.value, view.channel.value, view.said.value = "13812345678", "visit", "敲门"
    view._on_add()
    assert len(view.log.entries) == 1
    restarted = ContactLogView(folder=tmp_path, store=ProgressStore(path))  # a new kernel, a new store object
    assert restarted.log.entries == view.log.entries and "恢复" in restarted.message.value
    restarted.clear_box.button.click()
    assert restarted.log.entries  # only asked so far
    restarted.clear_box.no.click()
    assert restarted.log.entries and "没有清除" in restarted.keeper.message.value
    restarted.clear_box.button.click()
    restarted.clear_box.yes.click()
    assert restarted.log.entries == [] and "已清除" in restarted.keeper.message.value
    assert ContactLogView(folder=tmp_path, store=ProgressStore(path)).log.entries == []


def test_the_view_imports_a_csv_file(tmp_path):
    source = ContactLog(folder=tmp_path)
    source.load_sample()
    view = ContactLogView(folder=tmp_path, store=False)
    view._on_upload([{"name": "x.csv", "content": memoryview(source.to_csv().encode("utf-8-sig"))}])
    assert len(view.log.entries) == len(source.entries) and "已导入" in view.message.value
