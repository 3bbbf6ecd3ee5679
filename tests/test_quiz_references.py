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
    assert "2021-01-01 起施行" in out
    assert "（深圳前海微众银行股份有限公司）" in out  # a hotline has no date in force
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
