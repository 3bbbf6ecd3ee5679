"""Lesson 08's exercise checks: wrong answers are called wrong, the right ones pass."""


from overdue.exercises import lesson08 as ex
from overdue.forms.consequences import ConsequencesTimeline


def test_record_year_counts_from_repayment():
    assert ex.record_until_year.check(ex.REPAID_ON.year + 5)
    assert ex.record_until_year.check(str(ex.REPAID_ON.year + 5))
    from_overdue = ex.record_until_year.check(ex.OVERDUE_SINCE.year + 5)
    assert not from_overdue and "还清" in str(from_overdue)
    assert not ex.record_until_year.check(ex.REPAID_ON.year + 6)
    assert "年份" in str(ex.record_until_year.check("明年"))


def test_choices_and_sets():
    assert ex.limitation_reply.check("B")
    for wrong in "ACD":
        assert not ex.limitation_reply.check(wrong)
    assert ex.agent_reply.check("D")
    fabricate = ex.agent_reply.check("A")
    assert not fabricate and "第280条" in str(fabricate)
    assert ex.dishonest_grounds.check({3, 4, 6})
    assert not ex.dishonest_grounds.check({1, 3, 4, 6})
    assert not ex.dishonest_grounds.check({3, 4})


def test_chain_comes_from_the_timeline():
    chain = ConsequencesTimeline().chain("measures") + ["measures"]
    assert chain == ["overdue", "judgment", "enforcement", "measures"]
    assert ex.chain_to_measures.check(chain)
    order = ex.chain_to_measures.check(["overdue", "enforcement", "judgment", "measures"])
    assert not order and "顺序" in str(order)
    # the lawsuit is a common route, not a precondition: 支付令 and 赋强公证 also lead to enforcement
    route = ex.chain_to_measures.check(["overdue", "lawsuit", "judgment", "enforcement", "measures"])
    assert not route and "支付令" in str(route)
    extra = ex.chain_to_measures.check(["overdue", "credit_report", "lawsuit", "judgment", "enforcement",
                                        "measures"])
    assert not extra and "步骤不对" in str(extra)
    assert "列表" in str(ex.chain_to_measures.check("overdue"))
    assert "不存在" in str(ex.chain_to_measures.check(["overdue", "jail"]))


def test_myth_bank_names_each_myth_and_corrects_it():
    from overdue.quiz import load_bank

    bank = load_bank("lesson08")
    assert len(bank.questions) >= 8 and len({q.type for q in bank.questions}) >= 3
    myths = [q for q in bank.questions if q.type == "truefalse" and q.answer is False]
    assert len(myths) >= 6
    for q in myths:
        # the myth is quoted as what someone says, never stated as truth, and both feedbacks correct it
        assert q.prompt.zh.startswith("有人说：“") and "误区" in q.prompt.zh
        assert "误区" in q.feedback.correct.zh and "误区" in q.feedback.wrong.zh
        assert q.refs
