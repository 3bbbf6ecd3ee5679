"""references.yaml: loading, lookup, short Chinese citations, escaped HTML lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from overdue.quiz import QuizContentError, references

FIX = Path(__file__).parent / "fixtures" / "quiz"
REFS = FIX / "references_small.yaml"


@pytest.fixture
def table():
    return references.load(REFS)


def test_cite_joins_articles_of_one_law(table):
    assert references.cite(["civil_code_1033"], refs=table) == "《中华人民共和国民法典》第一千零三十三条"
    both = references.cite(["civil_code_1033", "civil_code_1034", "hotline_95384"], refs=table)
    assert both == "《中华人民共和国民法典》第一千零三十三条、第一千零三十四条；微众银行客服热线 95384"


def test_render_html_escapes_and_marks_secondary_sources(table):
    out = references.render_html(["hotline_95384", "civil_code_1033"], refs=table)
    assert "<b>请以官方渠道为准</b>" not in out and "&lt;b&gt;" in out
    assert "二手来源" in out  # confidence S is labelled
    assert out.count("二手来源") == 1
    assert 'href="https://example.org/?a=1&amp;b=&quot;2&quot;"' in out
    assert "（法律。全国人民代表大会，2021-01-01 起施行）" in out  # kind, issuer, date with its verb
    assert "（电话。深圳前海微众银行股份有限公司）" in out  # a hotline has no date
    assert "2015-05-01" not in out
    assert 'class="overdue-refs"' in out
    assert references.render_html([], refs=table) == ""


def test_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(QuizContentError, match="文件不存在"):
        references.load(tmp_path / "nope.yaml")


def test_bad_file_lists_every_problem():
    with pytest.raises(QuizContentError) as info:
        references.load(FIX / "references_unverified.yaml")
    assert len(info.value.problems) == 2


def test_shipped_references_are_valid_and_citable():
    if not references.shipped_path().exists():
        pytest.skip("references.yaml not written yet")
    table = references.load()
    assert table, "references.yaml is empty"
    for ref in table.values():
        assert ref.confidence in ("V", "S")
        assert references.cite([ref.id])
    if "civil_code_1033" in table:
        assert references.get("civil_code_1033").law.zh == "《中华人民共和国民法典》"
    with pytest.raises(KeyError):
        references.get("no_such_reference")


# ------------------------------------------------------------------ kinds, dates and reviews


def _ref(**over):
    from overdue.quiz.models import Reference

    data = dict(id="x_1", law={"zh": "《某文件》"}, article={"zh": "全文"}, issuer={"zh": "某机构"},
                in_force="2026-01-30", kind="law", confidence="S", checked="2026-11-29",
                paraphrase={"zh": "……"})
    data.update(over)
    return Reference.model_validate(data)


@pytest.mark.parametrize(("kind", "verb"), [
    ("law", "2026-01-30 起施行"), ("judicial_interpretation", "2026-01-30 起施行"),
    ("regulation", "2026-01-30 起施行"), ("standard", "2026-01-30 起实施"),
    ("industry", "2026-01-30 发布"), ("judicial_policy", "2026-01-30 发布"),
    ("official_notice", "2026-01-30 发布"), ("official_warning", "2026-01-30 发布"),
    ("press_conference", "2026-01-30 发布"),
])
def test_each_kind_renders_its_own_verb(kind, verb):
    shown = references.kind_and_date(_ref(kind=kind))
    assert shown.endswith(f"{verb}）"), shown
    if kind not in ("law", "judicial_interpretation", "regulation"):
        assert "施行" not in shown  # it never "took effect"


def test_a_published_rate_names_its_latest_reading_not_the_check_date():
    ref = _ref(kind="published_rate", in_force="2025-05-20", checked="2026-12-06", latest_reading="2026-01-20")
    out = references.render_html(["x_1"], refs={"x_1": ref})
    assert "2025-05-20 公布" in out and "最新一次公布是 2026-01-20" in out and "2026-12-06" not in out
    with pytest.raises(Exception, match="latest_reading"):
        _ref(kind="published_rate")


def test_undated_kinds_and_unverified_dates_say_so():
    assert references.kind_and_date(_ref(kind="industry", in_force=None)).endswith("发布日期未核实）")
    assert references.kind_and_date(_ref(kind="law", in_force=None)).endswith("施行日期未核实）")
    assert "2026" not in references.kind_and_date(_ref(kind="product"))


def test_time_limited_needs_a_review_interval_and_is_flagged_when_overdue():
    import datetime as dt

    with pytest.raises(Exception, match="review_days"):
        _ref(time_limited=True)
    ref = _ref(time_limited=True, review_days=30, checked="2026-11-01")
    table = {"x_1": ref}
    assert references.overdue_reviews(dt.date(2026, 12, 1), refs=table) == []
    assert references.overdue_reviews(dt.date(2026, 12, 2), refs=table) == [ref]
    assert "每 30 天" in references.render_html(["x_1"], refs=table)


def test_every_reference_has_a_kind_a_verb_and_no_overdue_review():
    """Today's date, honestly: a time-limited reference past its review interval fails here until it
    is checked again against the fact sheet (and its `checked` date moved)."""
    table = references.load()
    for ref in table.values():
        shown = references.kind_and_date(ref)
        assert shown.startswith("（") and shown.endswith("）"), ref.id
        if ref.kind not in ("law", "judicial_interpretation", "regulation"):
            assert "施行" not in shown, ref.id
    late = {r.id: str(r.review_due()) for r in references.overdue_reviews()}
    assert not late, f"time-limited references past their review date: {late}"
    assert any(r.time_limited for r in table.values())  # the check has something to check
