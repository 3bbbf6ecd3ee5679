"""One question-type table (overdue.quiz.types.TYPES): the notebook quiz, the phone page, the workshop's
flow and its dashboard all take a type's behaviour from its row, and each view has an input for every
type. A type added to a copy of the table shows in the notebook, on the phone and on the dashboard
without any other code changing; a view that lacks an input for a type is named in a clear message."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import ipywidgets as w
import pytest

from overdue.quiz import QUESTION_TYPES, Quiz, load_bank, views
from overdue.quiz import types as qtypes
from overdue.quiz.types import TYPES, Bar, UnknownQuestionType, question_type, registry_problems
from overdue.workshop import participant
from overdue.workshop.flow import Step, answer_text, stored_answer
from overdue.workshop.stats import _question_stats

FIX = Path(__file__).parent / "fixtures" / "quiz"
REFS = FIX / "references_small.yaml"
REGISTRIES = {"quiz.views.INPUTS": (views, "INPUTS"), "workshop.participant.PAGE_INPUTS": (participant, "PAGE_INPUTS")}


@pytest.fixture
def bank():
    return load_bank(FIX / "bank_valid.yaml", refs=REFS)


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def wrong(q):
    """A wrong answer to a question of the fixture bank, as a learner would send it."""
    if q.type == "ordering":
        return list(reversed(q.answer))
    return {"single": "a", "multiple": ["c"], "truefalse": not q.answer, "numeric": "7"}[q.type]


def right(q):
    return q.answer


# -- the table and the registries agree ---------------------------------------------------------------


def test_every_type_of_the_content_models_has_a_row_and_an_input_in_both_views():
    assert set(TYPES) == set(QUESTION_TYPES)
    for where, (module, name) in REGISTRIES.items():
        assert registry_problems(getattr(module, name), where) == []
    assert all(row.shuffle in qtypes.SHUFFLES for row in TYPES.values())


def test_a_view_without_an_input_for_a_type_is_named_in_a_clear_message(bank, monkeypatch):
    numeric = bank.question("fx_numeric")
    monkeypatch.delitem(views.INPUTS, "numeric")
    assert registry_problems(views.INPUTS, "quiz.views.INPUTS") == [
        "quiz.views.INPUTS has no input for question type 'numeric'"
    ]
    with pytest.raises(UnknownQuestionType, match=r"'numeric' has no input in quiz\.views\.INPUTS"):
        views.QuestionView(numeric)
    monkeypatch.delitem(participant.PAGE_INPUTS, "numeric")
    with pytest.raises(UnknownQuestionType, match=r"'numeric' has no input in workshop\.participant\.PAGE_INPUTS"):
        participant.page_input(numeric, [])
    monkeypatch.setitem(participant.PAGE_INPUTS, "rating", participant.OptionButtons)
    assert "workshop.participant.PAGE_INPUTS has an input for 'rating', which is not a type of TYPES" in (
        registry_problems(participant.PAGE_INPUTS, "workshop.participant.PAGE_INPUTS")
    )
    with pytest.raises(UnknownQuestionType, match=r"'rating' has no row in overdue\.quiz\.types\.TYPES"):
        question_type("rating")


# -- what each row does, as a participant and an instructor see it -------------------------------------


@pytest.mark.parametrize("qid", ["fx_single", "fx_multiple", "fx_truefalse", "fx_ordering", "fx_numeric"])
def test_a_stored_answer_reads_back_the_same_and_the_dashboard_marks_it(bank, qid):
    """What the workshop stores is JSON, grades as the answer sent did, reads back in words, and the
    dashboard's bars mark a right answer right and a wrong one not."""
    q = bank.question(qid)
    row = question_type(q.type)
    for sent, is_right in ((right(q), True), (wrong(q), False)):
        stored = json.loads(json.dumps(stored_answer(q, sent)))
        assert row.grade(q, row.read(q, stored)) is is_right
        assert answer_text(q, stored) and answer_text(q, stored) != str(stored)
        bars = row.tally(q, [(stored, 3)])
        chosen = [b for b in bars if b.count]
        assert chosen and all(isinstance(b, Bar) for b in bars)
        assert all(b.correct is True for b in chosen) if is_right else any(b.correct is not True for b in chosen)


def test_the_notebook_and_the_phone_say_a_numeric_answer_with_its_unit(bank):
    q = bank.question("fx_numeric")
    assert question_type("numeric").right_text(q) == "5 元"  # 看答案 in the notebook
    assert answer_text(q, 1234.5) == "1234.5 元"  # a stored answer on the phone and the dashboard
    assert stored_answer(q, "５ 元") == 5.0


def test_the_phone_inputs_give_the_engine_what_it_reads(bank):
    single, multiple, tf, ordering, numeric = (bank.question(i) for i in
                                               ("fx_single", "fx_multiple", "fx_truefalse", "fx_ordering", "fx_numeric"))
    pick = participant.page_input(multiple, multiple.options)
    pick.buttons["b"].click()
    pick.buttons["a"].click()
    pick.buttons["b"].click()  # a second tap unchooses
    assert pick.answer() == ["a"] and pick.buttons["a"].description.startswith("☑")
    steps = participant.page_input(ordering, ordering.options)
    steps.buttons["ask_id"].click()
    with pytest.raises(participant.WorkshopError, match="依次点"):
        steps.answer()
    steps.buttons["calm"].click()
    steps.buttons["call"].click()
    assert steps.answer() == ["ask_id", "calm", "call"] and "→" in steps.order_view.value
    fact = participant.page_input(tf, [])
    fact.buttons["false"].click()
    assert fact.answer() is False
    box = participant.page_input(numeric, [])
    with pytest.raises(participant.WorkshopError, match="数字"):
        box.answer()
    box.box.value = "５"
    assert Quiz(bank, store=False).submit("fx_numeric", box.answer()).correct
    one = participant.page_input(single, single.options)
    with pytest.raises(participant.WorkshopError, match="选一个"):
        one.answer()
    one.lock()
    assert all(b.disabled for b in one.buttons.values())


# -- a new type: one row in a copy of the table, one input in each view ----------------------------------


def _fixture_row():
    """A "pick one" type of its own: graded like a single choice, said and counted its own way."""
    return dataclasses.replace(
        TYPES["single"],
        answer_text=lambda q, value: f"选了 {value}",
        right_text=lambda q: f"应选 {q.answer}",
        tally=lambda q, answers: [Bar("全部回答", sum(n for _, n in answers), None, "all")],
    )


@pytest.fixture
def with_fixture_type(bank, monkeypatch):
    """The bank with one more question, of type "fixture"; the table copied with a row for it."""
    monkeypatch.setattr(qtypes, "TYPES", {**TYPES, "fixture": _fixture_row()})
    q = bank.question("fx_single").model_copy(update={"type": "fixture", "id": "fx_fixture"})
    return bank.model_copy(update={"questions": [*bank.questions, q]}), q


def test_a_new_type_without_inputs_is_reported_for_both_views(with_fixture_type):
    for where, (module, name) in REGISTRIES.items():
        assert registry_problems(getattr(module, name), where) == [f"{where} has no input for question type 'fixture'"]


def test_a_new_type_shows_in_the_notebook_on_the_phone_and_on_the_dashboard(with_fixture_type, monkeypatch):
    bank, q = with_fixture_type
    monkeypatch.setattr(views, "INPUTS", {**views.INPUTS, "fixture": views.INPUTS["single"]})
    monkeypatch.setattr(participant, "PAGE_INPUTS", {**participant.PAGE_INPUTS, "fixture": participant.OptionButtons})
    for where, (module, name) in REGISTRIES.items():
        assert registry_problems(getattr(module, name), where) == []

    # the notebook: the quiz view draws it, the engine grades it by its row, 看答案 says it its way
    quiz = Quiz(bank, store=False)
    view = views.QuizView(quiz, mode="all")
    qv = view.views["fx_fixture"]
    radios = [x for x in walk(qv.widget) if isinstance(x, w.RadioButtons)]
    assert radios and {label for label, _ in radios[0].options} == {"马上转账给他", "请他出示工作证和委托书，再打官方客服核实", "不开门也不说话，一直躲着"}
    qv.set_answer("a")
    qv.submit_button.click()
    qv.set_answer("a")
    qv.submit_button.click()
    assert "✘ 不对" in qv.feedback.value
    assert quiz.reveal("fx_fixture").answer_text == "应选 b"

    # the phone: its buttons, the answer the engine reads, the answer said in words
    page = participant.page_input(q, quiz.options("fx_fixture"))
    assert [b.option_label for b in page.buttons.values()] == [o.text.zh for o in quiz.options("fx_fixture")]
    page.buttons["b"].click()
    assert page.answer() == "b" and Quiz(bank, store=False).submit("fx_fixture", page.answer()).correct
    assert stored_answer(q, "b") == "b" and answer_text(q, "b") == "选了 b"

    # the dashboard: the bars of its row, the right answer in its words
    entry = {"answers": {json.dumps("b"): 3, json.dumps("a"): 1}, "n": 4, "correct": 3}
    st = _question_stats(Step(0, "question", bank.bank, question=q, number=1), entry)
    assert st.bars == [Bar("全部回答", 4, None, "all")]
    assert st.right_answer == "选了 b" and st.share_correct == 0.75
