"""The learner's 术语表: every glossary entry is reachable by search, cites real references, and the
lessons lead to it."""

import re
from pathlib import Path

import nbformat
import pytest

from overdue.contentfiles import ContentError
from overdue.forms.glossary import load_glossary, search
from overdue.quiz import references
from overdue.widgets.glossary import GlossaryView

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def entries():
    return load_glossary()


# repayment methods: arithmetic, no legal statement to cite
ARITHMETIC = {"equal_principal", "equal_payment", "interest_only"}


def test_every_entry_is_complete_and_cites_known_references(entries):
    known = references.load()
    assert len(entries) >= 40
    for e in entries:
        assert e.term and e.plain, e.id
        assert all(r in known for r in e.refs), e.id
        assert e.refs or e.id in ARITHMETIC, f"{e.id} makes a statement without a reference"


def test_terms_the_lessons_teach_are_in_it(entries):
    terms = " ".join(e.term for e in entries)
    for word in ("支付令", "赋强公证", "送达", "缺席判决", "保全", "诉讼时效", "展期", "异议"):
        assert word in terms


def test_search_puts_the_term_itself_first(entries):
    found = search(entries, "支付令")
    assert found[0].term == "支付令"
    assert any(e.id == "effective_legal_document" for e in found[1:])  # mentions it in its explanation


def test_search_ignores_case_width_and_spaces(entries):
    assert search(entries, " lpr ")[0].id == "lpr"
    assert search(entries, "ＬＰＲ")[0].id == "lpr"
    assert search(entries, "") == entries


def test_an_overdue_borrower_is_not_told_extension_is_only_before_the_due_date(entries):
    ext = next(e for e in entries if e.id == "extension")
    assert "civil_code_543" in ext.refs and "已经逾期" in ext.plain


def test_view_follows_typing_and_says_when_nothing_matches(entries):
    view = GlossaryView(entries)
    assert view.results.value.count("overdue-glossary-entry") == len(entries)
    view.box.value = "公告"
    assert "送达" in view.results.value and view.results.value.count("overdue-glossary-entry") < len(entries)
    view.box.value = "火星"
    assert "没有找到“火星”" in view.results.value


def test_view_escapes_content():
    hostile = load_glossary([{"id": "x", "term": {"zh": "<script>t</script>"}, "plain": {"zh": "<b>p"}}])
    view = GlossaryView(hostile, query="script")
    assert "<script>" not in view.results.value and "&lt;script&gt;" in view.results.value


@pytest.mark.parametrize("bad, message", [
    ({"id": "x"}, "列表"),
    ([{"id": "x", "term": {"zh": "t"}}], "缺少"),
    ([{"id": "x", "term": {"zh": " "}, "plain": {"zh": "p"}}], "空的"),
    ([{"id": "x", "term": {"zh": "t"}, "plain": {"zh": "p"}}] * 2, "重复"),
])
def test_bad_content_is_a_chinese_content_error(bad, message):
    with pytest.raises(ContentError, match="glossary.yaml") as err:
        load_glossary(bad)
    assert message in str(err.value)


def test_lessons_lead_to_the_glossary_notebook():
    glossary = nbformat.read(ROOT / "notebooks/glossary.ipynb", as_version=4)
    assert any("show_glossary" in c.source for c in glossary.cells if c.cell_type == "code")
    for lesson in ("00_start_here", "01_collection_process", "02_verify_collector", "03_check_the_amount",
                   "04_negotiate_plan", "05_defend_rights", "06_borrower_rights", "07_loan_contract",
                   "08_legal_consequences"):
        nb = nbformat.read(ROOT / f"notebooks/{lesson}.ipynb", as_version=4)
        assert any("](glossary.ipynb)" in c.source for c in nb.cells if c.cell_type == "markdown"), lesson


def test_words_a_lesson_sends_to_the_glossary_are_in_it(entries):
    """"课里的词（展期、停息挂账等）可以在[术语表](glossary.ipynb)里查" promises each word is there."""
    named = re.compile(r"（([^（）]+?)等?）可以在\[术语表\]\(glossary\.ipynb\)")
    terms = [e.term for e in entries]
    promised = []
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                promised += [(path.stem, w) for m in named.findall(cell.source) for w in m.split("、")]
    assert len(promised) >= 10
    missing = [(lesson, w) for lesson, w in promised if not any(w in t for t in terms)]
    assert missing == []
