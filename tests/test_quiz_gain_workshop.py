"""The before-and-after figures from a workshop's stored answers: the shape the dashboard's 学习效果 view
and the organiser's report read (the session lists the bank twice: ``prepost`` first, ``prepost_after``
last)."""

from __future__ import annotations

from overdue.quiz import gain_report, load_bank
from overdue.quiz.gain import AFTER_ID, BANK_ID, answers_by_phase, compare
from overdue.workshop.store import Item, WorkshopStore


def test_a_class_of_five_with_a_late_and_an_early_leaver(tmp_path):
    store = WorkshopStore(tmp_path / "workshop.sqlite3")
    try:
        session = store.create_session([Item("bank", BANK_ID), Item("bank", AFTER_ID)], title="周六课堂")
        questions = load_bank(BANK_ID).questions
        people = [store.join(session.code, f"阿花{i}") for i in range(5)]
        for i, p in enumerate(people):
            for n, q in enumerate(questions):
                if i < 4:  # the fifth arrives late: no before
                    store.record_answer(p, BANK_ID, q.id, q.id, "x", n < 4)  # 4 of 10 right before
                if i != 0:  # the first leaves early: no after
                    store.record_answer(p, AFTER_ID, q.id, q.id, "y", n < 9)  # 9 of 10 right after
        gain = compare(*answers_by_phase(store.answers(session.code)))
    finally:
        store.close()
    assert (gain.n_paired, gain.only_before, gain.only_after) == (3, 1, 1)
    assert (gain.share_before, gain.share_after) == (0.4, 0.9)
    assert [q.paired for q in gain.questions] == [3] * len(questions)
    assert gain.questions[0].change == 0 and gain.questions[5].change == 1.0 and gain.questions[9].change == 0
    page = gain_report.render_html(gain, title="周六课堂", png=b"")
    assert "阿花" not in page
    assert "人数太少，只作参考" in page and "变化 +50 个百分点" in page
