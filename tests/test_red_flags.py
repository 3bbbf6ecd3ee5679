"""The lesson-02 red-flag checker: levels from the ticked flags, advice with sources, safe export."""

import datetime as dt

import pytest

from overdue.forms.red_flags import RedFlagChecker, SaveRefused, load_flags
from overdue.quiz import references
from overdue.widgets.red_flags import RedFlagView


def test_every_flag_has_advice_and_known_sources():
    flags, levels, _, _ = load_flags()
    known = references.load()
    assert len(flags) >= 10 and set(levels) == {"none", "low", "medium", "high", "danger"}
    for f in flags:
        assert f.label and f.advice and f.refs
        assert all(r in known for r in f.refs), f.id


@pytest.mark.parametrize("ticked, level", [
    ([], "none"),
    (["rush"], "low"),
    (["night_visit"], "low"),
    (["rush", "jail_threat"], "medium"),
    (["own_number"], "medium"),
    (["personal_account"], "high"),
    (["safe_account", "rush"], "high"),
    (["credit_fee"], "high"),
    (["enter_home"], "danger"),
    (["personal_account", "threat_violence"], "danger"),
])
def test_levels(ticked, level):
    c = RedFlagChecker()
    for f in ticked:
        c.tick(f)
    assert c.assess().level == level


def test_scam_level_tells_not_to_transfer_and_where_to_call():
    c = RedFlagChecker()
    c.tick("safe_account")
    text = c.summary()
    assert "不转账" in text and "96110" in text and "110" in text and "95384" in text


def test_danger_level_puts_110_first():
    c = RedFlagChecker()
    c.tick("enter_home")
    a = c.assess()
    assert "110" in a.title and any("110" in s for s in a.steps[:2])
    assert "civil_code_1033" in a.refs and "psl2025_47" in a.refs


def test_untick_and_unknown():
    c = RedFlagChecker()
    c.tick("personal_account")
    c.tick("personal_account", on=False)
    assert c.assess().level == "none"
    with pytest.raises(KeyError):
        c.tick("no_such_flag")


def test_save_writes_markdown_in_the_folder(tmp_path):
    c = RedFlagChecker(folder=tmp_path)
    c.tick("own_number")
    path = c.save("对方自称王先生（虚构）", now=dt.datetime(2026, 11, 29, 20, 15))
    assert path.parent == tmp_path and path.suffix == ".md" and "20261129_201500" in path.name
    body = path.read_text(encoding="utf-8")
    assert "风险" in body and "王先生" in body and "95384" in body and "依据" in body


def test_default_folder_is_my_files_under_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = RedFlagChecker().save()
    assert path.parent == tmp_path / "我的文件"


@pytest.mark.parametrize("note, words", [
    ("身份证 110101199003074514", "身份证"),
    ("卡号 6222 0212 3456 7890 128", "银行卡"),
    ("卡号6222021234567894", "银行卡"),
    ("很长" * 300, "太长"),
])
def test_save_refuses_id_and_card_numbers(tmp_path, note, words):
    c = RedFlagChecker(folder=tmp_path)
    with pytest.raises(SaveRefused) as err:
        c.save(note)
    assert words in err.value.message
    assert list(tmp_path.iterdir()) == []


def test_view_updates_on_tick_and_shows_refusal(tmp_path):
    view = RedFlagView(RedFlagChecker(folder=tmp_path))
    assert "还没有勾选" in view.result.value
    view.boxes["personal_account"].value = True
    assert "很可能是诈骗" in view.result.value and "overdue-level-high" in view.result.value
    view.note.value = "<b>6222021234567894</b>"
    view._on_save()
    assert "银行卡号" in view.save_message.value and list(tmp_path.iterdir()) == []
    view.note.value = "<script>x</script>"
    view._on_save()
    assert "已保存" in view.save_message.value and len(list(tmp_path.iterdir())) == 1


def test_result_html_escapes_content(monkeypatch):
    c = RedFlagChecker()
    flag = c.by_id["rush"]
    evil = type(flag)(**{**flag.__dict__, "advice": "<img src=x onerror=alert(1)>"})
    monkeypatch.setitem(c.by_id, "rush", evil)
    monkeypatch.setattr(c, "flags", [evil if f.id == "rush" else f for f in c.flags])
    c.tick("rush")
    html = c.result_html()
    assert "<img" not in html and "&lt;img" in html
