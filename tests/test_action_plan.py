"""Lesson 09's action plan: checks, the room to pay, exports (Markdown + HTML), refusals, the view."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from overdue.forms.action_plan import ActionPlan, PlanInputError
from overdue.forms.contract import ContractSample
from overdue.manifest import course
from overdue.widgets.action_plan import ActionPlanView

REAL_LOOKING_ID = "11010519491231002X"
CARD = "6222 0212 3456 7894"


def test_example_is_fictional_and_computed():
    plan = ActionPlan.example()
    assert "虚构" in plan.nickname
    owed = ContractSample().charges(on=date(2026, 11, 29), paid_through=4).total
    assert Decimal(plan.owed) == owed
    assert plan.errors() == {}
    assert plan.affordable() == Decimal("800.00") and plan.warnings() == []


def test_room_and_warnings():
    plan = ActionPlan(income="5,000", essentials="¥4200", reserve="300元", offer="900", owed_how="看了 App")
    assert plan.affordable() == Decimal("500.00")
    assert any("比算出来能拿出的" in w for w in plan.warnings())
    plan.essentials = "6000"
    assert any("12348" in w for w in plan.warnings())
    assert ActionPlan(income="5000").affordable() is None
    assert any("怎么核对" in w for w in ActionPlan().warnings())


@pytest.mark.parametrize(("field", "value", "words"), [
    ("owed", "-5", "不能是负数"),
    ("income", "很多", "必须是数字"),
    ("offer", "1e12", "太大"),
    ("owed_how", REAL_LOOKING_ID, "身份证号"),
    ("next_steps", f"扣款卡 {CARD}", "银行卡号"),
    ("nickname", "名" * 30, "最多"),
])
def test_bad_fields_get_chinese_messages(field, value, words):
    plan = ActionPlan(**{field: value})
    errs = plan.errors()
    assert field in errs and words in errs[field]
    with pytest.raises(PlanInputError):
        plan.to_markdown()


def test_log_rows_checked():
    plan = ActionPlan()
    plan.add_log("2026年11月27日", "王先生", "说今天必须还")
    assert plan.log[0].day == date(2026, 11, 27)
    with pytest.raises(PlanInputError, match="日期"):
        plan.add_log("昨天", "王先生", "x")
    with pytest.raises(PlanInputError, match="身份证号"):
        plan.add_log("2026-11-27", "王先生", f"他念了我的身份证 {REAL_LOOKING_ID}")
    with pytest.raises(PlanInputError, match="对方"):
        plan.add_log("2026-11-27", "", "")
    assert len(plan.log) == 1


def test_exports_contain_every_part_and_the_hotlines(tmp_path):
    plan = ActionPlan.example()
    md_path, html_path = plan.save(tmp_path, stamp=datetime(2026, 11, 29, 10, 0, 0))
    assert md_path.name == "我的行动计划_20261129_100000.md" and html_path.suffix == ".html"
    md = md_path.read_text(encoding="utf-8")
    page = html_path.read_text(encoding="utf-8")
    for out in (md, page):
        for words in ("我欠多少", "我每月能还多少", "打给谁", "联系记录", "下一步", "12356", "110", "120", "95384",
                      "12378", "800.00"):
            assert words in out
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page


def test_hostile_text_is_escaped():
    plan = ActionPlan(lender="<script>alert(1)</script>", owed_how="a | b", nickname="<b>x</b>")
    plan.add_log("2026-11-27", "<img src=x onerror=alert(1)>", "说了 | 什么")
    page = plan.to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page and "<img" not in page
    md = plan.to_markdown()
    assert "<script>" not in md and "a \\| b" in md and "<img" not in md


def test_hand_built_sensitive_row_refused_at_export(tmp_path):
    from overdue.forms.action_plan import LogRow

    plan = ActionPlan(log=[LogRow(date(2026, 11, 27), "x", f"卡号 {CARD}", "")])
    with pytest.raises(PlanInputError, match="银行卡号"):
        plan.save(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_default_folder_is_my_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    md, _ = ActionPlan.example().save()
    assert md.parent == tmp_path / "我的文件"


def test_view_messages_sample_and_export(tmp_path):
    view = ActionPlanView(folder=tmp_path)
    view.inputs["income"].value = "abc"
    assert "必须是数字" in view.notes["income"].value and "✘" in view.notes["income"].value
    view.inputs["income"].value = "5000"
    assert view.notes["income"].value == ""
    view.log_who.value = "王先生"
    view.log_what.value = "<script>x</script>"
    assert view.add_log() and "&lt;script&gt;" in view.preview.value and "<script>" not in view.preview.value
    view.log_who.value = REAL_LOOKING_ID
    view.log_what.value = "x"
    assert view.add_log() is False and "身份证号" in view.message.value
    view.load_sample()
    assert view.inputs["lender"].value == view.plan.lender and "虚构" in view.message.value
    paths = view.export()
    assert paths is not None and all(p.exists() for p in paths) and "已保存" in view.message.value
    view.inputs["next_steps"].value = CARD
    assert view.export() is None and "银行卡号" in view.message.value


# -- the second-visit role-play and its debrief by lesson ---------------------------------------


def _play(path):
    from overdue.quiz import RolePlay

    rp = RolePlay("second_visit", store=False)
    rp.start()
    for c in path:
        rp.choose(c)
    return rp


def test_second_visit_script_is_long_and_every_choice_names_its_lesson():
    from overdue.quiz import load_roleplay

    script = load_roleplay("second_visit")
    assert len(script.scenes) >= 25 and len(script.endings) >= 4
    assert {e.outcome for e in script.endings} == {"good", "mixed", "bad"}
    lessons = set()
    for scene in script.scenes:
        for choice in scene.choices:
            assert choice.lessons, f"{scene.id}.{choice.id} names no lesson"
            assert "〔" not in choice.feedback.zh  # the link is a field, not a tag in the prose
            lessons |= set(choice.lessons)
    assert {n for n in course().numbers if n > 0} <= lessons  # it draws on every lesson after lesson 00


def test_every_ending_is_reachable():
    from overdue.quiz import load_roleplay
    from overdue.quiz.engine import all_paths

    script = load_roleplay("second_visit")
    reached = {path_end for path_end in (_end(script, p) for p in all_paths(script))}
    assert reached == {e.id for e in script.endings}


def _end(script, path):
    scene_id, choice_id = path[-1]
    return script.scene(scene_id).choice(choice_id).target


def test_debrief_links_steps_to_lessons_and_sources():
    from overdue.forms.action_plan import debrief_rows, debrief_text

    rp = _play(["chain_ask_id", "scan_code", "pay_500", "report_now"])
    d = rp.debrief()
    assert d.outcome == "bad"
    rows = debrief_rows(d)
    assert [r.lessons for r in rows][0] == (2,) and rows[0].links == ["02_verify_collector.ipynb"]
    assert "〔" not in rows[1].feedback and "95384" in rows[1].citation
    text = debrief_text(d)
    assert "钱付给了个人" in text and "第2课" in text and "-3分" in text


def test_a_folder_that_cannot_be_written_gives_a_chinese_message_not_a_traceback(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(PlanInputError, match="无法在这个文件夹保存"):
        ActionPlan.example().save(blocker / "sub")
    stamp = datetime(2026, 11, 29, 10, 0, 0)
    (tmp_path / "我的行动计划_20261129_100000.md").mkdir()  # the file's place is taken
    with pytest.raises(PlanInputError, match="无法在这个文件夹保存"):
        ActionPlan.example().save(tmp_path, stamp=stamp)
