"""Lesson 08's consequences timeline: what each step needs first, as data, and its view."""

import pytest

from overdue.contentfiles import ContentError
from overdue.forms.consequences import ConsequencesTimeline
from overdue.quiz import references
from overdue.widgets.consequences import ConsequencesView


@pytest.fixture
def timeline():
    return ConsequencesTimeline()


def test_overdue_alone_never_makes_the_list_or_a_crime(timeline):
    timeline.set_happened({"overdue", "interest", "collection", "credit_notice", "credit_report", "acceleration"})
    for step in ("dishonest", "measures", "crime_313", "enforcement", "judgment"):
        assert timeline.status(step).kind == "blocked"
    st = timeline.status("dishonest")
    assert "judgment" in st.missing and "enforcement" in st.missing
    assert st.routes == (("lawsuit", "payment_order", "notarised"),)


def test_a_lawsuit_is_one_route_to_enforcement_not_the_only_one(timeline):
    # 支付令 (民事诉讼法225-227) and a notarised instrument (249) also lead to enforcement
    assert "lawsuit" not in timeline.chain("measures")
    timeline.set_happened({"overdue", "payment_order", "judgment"})
    assert timeline.status("enforcement").kind == "possible"
    assert timeline.status("judgment").kind == "done"
    timeline.set_happened({"overdue", "notarised", "judgment"})
    assert timeline.status("enforcement").kind == "possible"
    timeline.set_happened({"overdue", "judgment"})  # a document without any route: flagged
    st = timeline.status("judgment")
    assert st.kind == "inconsistent" and "支付令" in st.message and "起诉" in st.message
    assert timeline.status("notarised").kind == "conditional"


def test_the_list_needs_enforcement_and_a_ground(timeline):
    timeline.set_happened({"overdue", "lawsuit", "judgment", "enforcement"})
    st = timeline.status("dishonest")
    assert st.kind == "conditional" and "有履行能力而拒不履行" in st.message
    assert timeline.status("measures").kind == "possible"
    assert timeline.status("crime_313").kind == "conditional"


def test_fraud_is_not_a_step_after_overdue(timeline):
    assert timeline.step("crime_193").requires == ()
    st = timeline.status("crime_193")
    assert st.kind == "conditional" and "非法占有为目的" in st.message


def test_prior_notice_is_the_usual_order_not_a_precondition(timeline):
    # 征信业管理条例第15条 is a duty ("应当事先告知"): a record can appear without notice
    timeline.mark("overdue")
    st = timeline.status("credit_report")
    assert st.kind == "possible" and st.missing == () and st.usual == ("credit_notice",)
    assert "通常先有" in st.message and "不是法律规定的前提" in st.message
    assert "credit_notice" not in timeline.chain("credit_report")
    timeline.mark("credit_report")  # ticked without a notice: not flagged as impossible
    assert timeline.status("credit_report").kind == "done"
    details = timeline.details_html("credit_report")
    assert "通常的顺序" in details and "异议" in details and "投诉" in details
    timeline.set_happened({"overdue", "credit_notice"})
    assert timeline.status("credit_report").message.endswith("可能是下一步")


def test_every_requires_is_a_legal_precondition_with_a_reference(timeline):
    # a step that only usually comes first must not appear in `requires`
    for s in timeline.steps:
        if s.requires or s.requires_one_of:
            assert s.refs, s.id
    assert "credit_notice" not in timeline.step("credit_report").requires


def test_marking_a_later_step_alone_is_flagged(timeline):
    timeline.mark("dishonest")
    st = timeline.status("dishonest")
    assert st.kind == "inconsistent" and "判决" in st.message and st.message  # names what is missing
    timeline.mark("dishonest", False)
    assert timeline.status("dishonest").kind == "blocked"


def test_chain_order(timeline):
    assert timeline.chain("measures") == ["overdue", "judgment", "enforcement"]
    assert timeline.open_routes("measures") == [("lawsuit", "payment_order", "notarised")]
    assert timeline.chain("overdue") == []


def test_every_step_has_who_and_refs_that_resolve(timeline):
    known = references.load()
    for s in timeline.steps:
        assert s.who and s.what and s.not_
        for r in s.refs:
            assert r in known
    legal = {"dishonest", "credit_report", "enforcement", "crime_313", "crime_193", "lawsuit", "payment_order",
             "notarised", "acceleration"}
    assert all(timeline.step(i).refs for i in legal)


def test_bad_data_is_a_content_error():
    with pytest.raises(ContentError, match="不存在"):
        ConsequencesTimeline({"title": {"zh": "t"}, "steps": [
            {"id": "a", "title": {"zh": "A"}, "requires": ["zzz"], "what": {"zh": "x"}, "who": {"zh": "x"},
             "not": {"zh": "x"}}]})
    with pytest.raises(ContentError, match="不存在"):
        ConsequencesTimeline({"title": {"zh": "t"}, "steps": [
            {"id": "a", "title": {"zh": "A"}, "usually_after": ["zzz"], "what": {"zh": "x"}, "who": {"zh": "x"},
             "not": {"zh": "x"}}]})
    with pytest.raises(ContentError, match="循环"):
        ConsequencesTimeline({"title": {"zh": "t"}, "steps": [
            {"id": "a", "title": {"zh": "A"}, "requires": ["b"], "what": {"zh": "x"}, "who": {"zh": "x"},
             "not": {"zh": "x"}},
            {"id": "b", "title": {"zh": "B"}, "requires": ["a"], "what": {"zh": "x"}, "who": {"zh": "x"},
             "not": {"zh": "x"}}]})


def test_text_status_uses_symbols_and_words(timeline):
    timeline.mark("overdue")
    text = timeline.as_text()
    assert "✔ 逾期：已经发生" in text and "✘ 失信被执行人名单：现在还不可能" in text


def test_view_follows_checkboxes_and_escapes():
    view = ConsequencesView()
    assert "现在还不可能" in view.status.value
    for sid in ("overdue", "lawsuit", "judgment", "enforcement"):
        view.boxes[sid].value = True
    assert "只有在这种情况下" in view.status.value
    view.picker.value = "dishonest"
    assert "只有法院" in view.details.value and "overdue-refs" in view.details.value
    hostile = ConsequencesTimeline({"title": {"zh": "t"}, "steps": [
        {"id": "a", "title": {"zh": "<script>x</script>"}, "what": {"zh": "<b>"}, "who": {"zh": "w"},
         "not": {"zh": "n"}}]})
    v = ConsequencesView(hostile)
    assert "<script>" not in v.status.value and "&lt;script&gt;" in v.status.value
    assert "<script>" not in v.details.value


# Sentences an outside reading found more certain than the law (issue 14). Each fix was made in every
# place the wording occurred; this keeps the wording from coming back in a lesson, quiz or exercise.
OVERCERTAIN = {
    "每一步都要前一步": "the lawsuit is one route to enforcement; 支付令 and 赋强公证 are others",
    "每次催收都会": "a demand interrupts the limitation period when it reaches the debtor and can be proved",
    "催收一次，时效就": "same",
    "你会收到法院正式送达": "留置送达 and 公告送达 count as served without the papers in hand",
    "要在到期前申请": "an overdue loan's terms change by agreement (民法典543), not only by 展期 before the due date",
}


def test_no_lesson_or_content_repeats_an_overcertain_sentence():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("notebooks/**/*.ipynb"), *root.glob("solutions/*.ipynb"),
             *(root / "src/overdue/content").rglob("*.yaml"), root / "README.md"]
    found = [f"{p.relative_to(root)}: {phrase}" for p in files
             for phrase in OVERCERTAIN if phrase in p.read_text(encoding="utf-8")]
    assert not found, found
