"""Every printable page the course writes names the same Chinese fonts (overdue.exports.PAGE_FONTS),
so a page that prints well on one computer prints the same way on the others."""

from __future__ import annotations

import re

from overdue import exports
from overdue.forms.action_plan import ActionPlan
from overdue.forms.contact_log import ContactLog
from overdue.forms.letter import LetterDraft
from overdue.quiz import gain_report
from overdue.quiz.gain import compare
from overdue.workshop.handouts import hotline_sheet_html


def _body_fonts(page: str) -> str:
    m = re.search(r"body\s*\{\s*font-family:\s*([^;]+);", page)
    assert m, "the page's body names no font"
    return re.sub(r",\s*", ",", m.group(1).strip())


def test_every_printable_page_names_the_course_fonts():
    log = ContactLog()
    log.load_sample()
    pages = {
        "action plan": ActionPlan.example().to_html(),
        "contact log": log.to_html(),
        "letter": LetterDraft.example().to_html(),
        "gain report": gain_report.render_html(compare({}, {})),
        "hotline sheet": hotline_sheet_html(),
    }
    for name, page in pages.items():
        assert _body_fonts(page) == exports.PAGE_FONTS, name
    assert "&#39;" not in _body_fonts(pages["hotline sheet"])  # the template's font list is not escaped
