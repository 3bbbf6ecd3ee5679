"""The learner's own records survive a kernel restart: letter draft, action plan, red-flag ticks
(the contact log has its own tests); each has a 清除我的记录 button that asks first."""

from datetime import date

from overdue.forms.letter import LetterDraft
from overdue.quiz.progress import ProgressStore
from overdue.widgets.action_plan import ActionPlanView
from overdue.widgets.letter import letter_form
from overdue.widgets.red_flags import RedFlagView, red_flag_checker


def store(tmp_path):
    return ProgressStore(tmp_path / "progress.sqlite3")  # a new object each call: a restarted kernel


def confirm_clear(box):
    box.button.click()
    box.yes.click()


def test_the_letter_draft_comes_back_and_can_be_cleared(tmp_path):
    form = letter_form(store=store(tmp_path))
    form.inputs["name"].value = "小林"
    form.inputs["payment"].value = "650"
    form.inputs["first_due"].value = date(2026, 9, 1)
    form.request_boxes["credit"].value = False
    form.inputs["reason"].value = "卡号 6222 0212 3456 7894"  # refused in the form, never stored
    again = letter_form(store=store(tmp_path))
    assert again.draft.name == "小林" and again.draft.payment == "650" and again.draft.first_due == date(2026, 9, 1)
    assert "credit" not in again.draft.requests and again.draft.reason == ""
    raw = (tmp_path / "progress.sqlite3").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("*-wal"))
    assert b"6222" not in raw
    confirm_clear(again.widget.children[-1])
    assert again.inputs["name"].value == ""
    assert letter_form(store=store(tmp_path)).draft.name == LetterDraft.example().name  # the example again


def test_a_draft_record_that_no_longer_fits_gives_an_empty_field_not_a_traceback():
    draft = LetterDraft.from_record({"name": 5, "first_due": "2026-02-30", "requests": "all", "payment": "700"})
    assert draft.name == "" and draft.first_due is None and draft.payment == "700"
    assert LetterDraft.from_record("nonsense").name == ""


def test_the_action_plan_comes_back_with_its_log(tmp_path):
    view = ActionPlanView(folder=tmp_path, store=store(tmp_path))
    view.inputs["income"].value = "5200"
    view.inputs["next_steps"].value = "周一打官方客服"
    view.log_day.value, view.log_who.value, view.log_what.value = "2026-11-27", "王先生", "说今天必须还"
    assert view.add_log()
    again = ActionPlanView(folder=tmp_path, store=store(tmp_path))
    assert again.plan.income == "5200" and again.plan.next_steps == "周一打官方客服" and len(again.plan.log) == 1
    assert again.inputs["income"].value == "5200"
    box = again.widget.children[-1]
    box.button.click()
    box.no.click()
    assert ActionPlanView(folder=tmp_path, store=store(tmp_path)).plan.income == "5200"
    confirm_clear(box)
    assert again.inputs["income"].value == "" and again.plan.log == []
    assert ActionPlanView(folder=tmp_path, store=store(tmp_path)).plan.income == ""


def test_the_red_flag_ticks_and_note_come_back(tmp_path):
    view = RedFlagView(store=store(tmp_path))
    first = next(iter(view.boxes))
    view.boxes[first].value = True
    view.note.value = "他说今天必须还"
    widget = red_flag_checker(store=store(tmp_path))
    again = widget.children[1].children[-1]  # the clear box sits at the end of the right column
    restored = RedFlagView(store=store(tmp_path))
    assert restored.state.ticked == {first} and restored.boxes[first].value is True
    assert restored.note.value == "他说今天必须还"
    confirm_clear(again)
    assert RedFlagView(store=store(tmp_path)).state.ticked == set()


def test_forms_work_without_a_store(tmp_path):
    assert RedFlagView(store=False).keeper.load() is None
    assert ActionPlanView(folder=tmp_path, store=False).keeper.save({"a": 1}) is False


def test_a_prefilled_letter_starts_from_its_draft_once_then_the_kept_draft_comes_back(tmp_path):
    prefilled = LetterDraft.example()
    prefilled.payment = "900"
    form = letter_form(prefilled, store=store(tmp_path))
    assert form.draft.payment == "900"
    form.inputs["payment"].value = "650"
    again = letter_form(prefilled, store=store(tmp_path))  # lesson 04 calls letter_form(draft) each time
    assert again.draft.payment == "650" and "恢复" in again.keeper.message.value
