"""Views: keyboard-usable native widgets, symbol + words for right/wrong, everything escaped."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest

from overdue.quiz import Quiz, RolePlay, load_bank, load_roleplay
from overdue.quiz.engine import Feedback
from overdue.quiz.views import CSS_CLASSES, QuestionView, QuizView, RolePlayView, show_quiz, show_roleplay

FIX = Path(__file__).parent / "fixtures" / "quiz"
REFS = FIX / "references_small.yaml"
NATIVE_INPUTS = (w.RadioButtons, w.Checkbox, w.Select, w.Text, w.Button)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html_of(widget) -> str:
    return "\n".join(x.value for x in walk(widget) if isinstance(x, w.HTML))


def with_class(widget, css: str):
    return [x for x in walk(widget) if css in getattr(x, "_dom_classes", ())]


@pytest.fixture
def quiz():
    return Quiz(load_bank(FIX / "bank_valid.yaml", refs=REFS), store=False, refs=REFS)


def test_one_at_a_time_navigation_and_classes(quiz):
    view = QuizView(quiz, mode="one")
    assert len(view.body.children) == 1
    assert with_class(view.widget, "overdue-quiz") == [view.widget]
    for css in [
        "overdue-question",
        "overdue-prompt",
        "overdue-option",
        "overdue-submit",
        "overdue-hint",
        "overdue-reveal",
        "overdue-feedback",
        "overdue-next",
        "overdue-prev",
        "overdue-finish",
    ]:
        assert with_class(view.widget, css), css
    assert with_class(view.widget, "overdue-q-fx_single")
    view.next_button.click()
    assert with_class(view.body, "overdue-q-fx_multiple")
    assert view.prev_button.disabled is False


def test_whole_set_mode_shows_every_question(quiz):
    view = QuizView(quiz, mode="all")
    assert len(view.body.children) == len(quiz.questions)


def test_every_input_is_a_native_keyboard_widget(quiz):
    view = QuizView(quiz, mode="all")
    options = with_class(view.widget, "overdue-option")
    assert options and all(isinstance(o, NATIVE_INPUTS) for o in options)
    assert all(isinstance(b, w.Button) for b in with_class(view.widget, "overdue-submit"))


def test_submit_shows_symbol_words_and_refs_under_the_answer(quiz):
    view = QuizView(quiz)
    qv = view.current
    qv.set_answer("a")
    qv.submit_button.click()
    assert "✘ 不对" in qv.feedback.value and "还没确认他是谁" in qv.feedback.value
    assert "overdue-refs" in qv.feedback.value
    children = list(qv.widget.children)
    assert children.index(qv.feedback) > children.index(qv.input.widget)
    qv.set_answer("b")
    qv.submit_button.click()
    assert "✔ 正确" in qv.feedback.value
    assert quiz.state("fx_single").correct


def test_unanswered_submit_gives_a_chinese_message(quiz):
    view = QuizView(quiz)
    view.current.submit_button.click()
    assert "请先选一个选项" in view.current.feedback.value
    assert quiz.state("fx_single").tries == 0


def test_hint_reveal_summary_retry_buttons(quiz):
    view = QuizView(quiz)
    qv = view.current
    qv.set_answer("a")
    qv.submit_button.click()
    qv.hint_button.click()
    assert "提示 1/2" in qv.hint_area.value
    assert "✘ 不对" in qv.feedback.value  # the hint does not hide the feedback on the answer
    qv.reveal_button.click()
    assert "以后可以看答案" in qv.hint_area.value
    for answer in ("c",):
        qv.set_answer(answer)
        qv.submit_button.click()
    qv.reveal_button.click()
    assert "工作证和委托书" in qv.feedback.value
    view.finish_button.click()
    assert "建议复习" in view.summary.value and "02_verify_collector.ipynb#核实身份" in view.summary.value
    view.retry_button.click()
    assert len(view.views) == len(quiz.questions)  # nothing was right: every question comes back
    assert quiz.round == 2


def test_ordering_moves_with_buttons(quiz):
    view = QuizView(quiz)
    view.go(3)
    order = view.current.input
    first = order.get()[0]
    order.list.value = order.get()[1]
    order.down.click()  # moves the chosen (second) step down
    order.list.value = first
    order.down.click()
    assert order.get()[1] == first


def test_numeric_view_reads_typed_text(quiz):
    view = QuizView(quiz)
    view.go(4)
    qv = view.current
    qv.set_answer("五")
    qv.submit_button.click()
    assert "请填一个数字" in qv.feedback.value
    qv.set_answer("5.00")
    qv.submit_button.click()
    assert "✔ 正确" in qv.feedback.value


def test_question_view_is_reusable_with_a_callback():
    bank = load_bank(FIX / "bank_valid.yaml", refs=REFS)
    got = []
    view = QuestionView(bank.question("fx_multiple"), on_submit=got.append)
    assert view.hint_button is None and view.reveal_button is None
    view.input.boxes[0].value = True
    view.submit_button.click()
    assert got == [["a"]]
    assert view.feedback.value == ""  # the callback returned no Feedback: nothing is judged
    view2 = QuestionView(
        bank.question("fx_truefalse"),
        on_submit=lambda a: Feedback("fx_truefalse", a is False, "✔ 正确" if a is False else "✘ 不对"),
    )
    view2.set_answer(False)
    view2.submit()
    assert "✔ 正确" in view2.feedback.value


HOSTILE = ["<script", "<img", "<b onmouseover"]


def assert_escaped(html: str) -> None:
    for bad in HOSTILE:
        assert bad not in html, f"unescaped {bad!r} in: {html[:300]}"


def test_content_is_escaped_everywhere():
    bank = load_bank(FIX / "bank_script_in_prompt.yaml", refs=REFS)
    quiz = Quiz(bank, store=False, refs=REFS)
    view = QuizView(quiz)
    qv = view.current
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in qv.prompt.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in qv.prompt.value
    assert_escaped(html_of(view.widget))
    qv.hint_button.click()
    assert "&lt;script&gt;" in qv.hint_area.value
    assert_escaped(qv.hint_area.value)
    for answer in ("a", "a"):
        qv.set_answer(answer)
        qv.submit_button.click()
        assert_escaped(qv.feedback.value)
    qv.reveal_button.click()
    assert "&lt;b onmouseover" in qv.feedback.value
    assert_escaped(qv.feedback.value)
    view.finish_button.click()
    assert_escaped(view.summary.value)
    # the references: a paraphrase with <b> and a URL with quotes stay inert
    assert "&lt;b&gt;请以官方渠道为准&lt;/b&gt;" in html_of(view.widget)
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in html_of(view.widget)


def test_a_person_typed_answer_is_escaped(quiz):
    view = QuizView(quiz)
    view.go(4)
    view.current.set_answer("<img src=x onerror=alert(1)>")
    view.current.submit_button.click()
    assert_escaped(view.current.feedback.value)


def test_broken_bank_shows_a_message_not_a_traceback():
    widget = show_quiz(str(FIX / "bank_unknown_type.yaml"))
    assert isinstance(widget, w.HTML) and "暂时打不开" in widget.value
    assert "bank_unknown_type.yaml" in widget.value
    assert isinstance(show_roleplay(str(FIX / "roleplay_endless_loop.yaml")), w.HTML)


def test_roleplay_view_walks_to_a_debrief():
    rp = RolePlay(load_roleplay(FIX / "roleplay_valid.yaml", refs=REFS), store=False, refs=REFS)
    view = RolePlayView(rp)
    assert "开门！" in view.scene.value
    assert isinstance(view.choices, w.RadioButtons) and "overdue-choice" in view.choices._dom_classes
    view.go_button.click()
    assert "请先选一个做法" in view.message.value
    view.choices.value = "ask_id"
    view.go_button.click()
    assert "先确认对方是谁" in view.last.value and "+2" in view.last.value
    view.choose("call_official")
    assert "结局：核实之后再谈" in view.debrief.value and "✔" in view.debrief.value
    assert view.go_button.layout.display == "none"
    view.restart_button.click()
    assert rp.path == [] and "开门！" in view.scene.value


def test_css_class_list_is_complete(quiz):
    view = QuizView(quiz, mode="one")
    rp = RolePlayView(RolePlay(load_roleplay(FIX / "roleplay_valid.yaml", refs=REFS), store=False, refs=REFS))
    used = {c for x in [*walk(view.widget), *walk(rp.widget)] for c in getattr(x, "_dom_classes", ())}
    used |= {"overdue-refs", "overdue-summary"}
    assert {c for c in CSS_CLASSES} <= used | {
        "overdue-notice",
        "overdue-progress",
        "overdue-number",
        "overdue-move-up",
        "overdue-move-down",
    }
    assert used - set(CSS_CLASSES) <= {c for c in used if c.startswith("overdue-q-")}
