"""The printed sheet of whom to call for what (overdue.workshop.handouts): every number on it comes
from references.yaml, it is the same directory as lessons 05 and 09, and saving it never shows a
traceback."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import nbformat
import pytest

from overdue.forms.action_plan import CALLS
from overdue.i18n import text
from overdue.quiz import references
from overdue.workshop import handouts

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"<tr data-number='(\d+)'><td class='number'>(\d+)</td><td class='when'>(.*?)</td>"
                 r"<td class='source'><span class='id'>([a-z0-9_]+)</span>")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DIGITS = re.compile(r"(?<![\d_])\d{3,}(?![\d_])")


def visible_text(page: str) -> str:
    """What a reader sees: the body without tags and without the style block."""
    body = page.split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def backed(number: str, ref_id: str) -> bool:
    """`number` is the article of the hotline entry `ref_id`, or named in its explanation."""
    ref = references.load()[ref_id]
    if ref.kind != "hotline":
        return False
    return text(ref.article) == number or re.search(rf"(?<!\d){number}(?!\d)", text(ref.paraphrase)) is not None


@pytest.fixture(scope="module")
def page() -> str:
    return handouts.hotline_sheet_html(today=dt.date(2026, 12, 6))


def test_every_row_number_is_backed_by_the_reference_it_names(page):
    rows = ROW.findall(page)
    assert len(rows) == len(CALLS)
    for data_number, shown, _when, ref_id in rows:
        assert data_number == shown
        assert backed(shown, ref_id), f"{shown} is not in {ref_id}"


def test_every_number_a_reader_sees_comes_from_a_hotline_reference(page):
    seen = set(DIGITS.findall(DATE.sub(" ", visible_text(page))))
    from_refs = {n for n in seen for r in references.load().values() if r.kind == "hotline" and backed(n, r.id)}
    assert seen, "the sheet shows no number at all"
    assert seen == from_refs, f"numbers without a hotline reference: {sorted(seen - from_refs)}"


def test_the_sheet_is_the_action_plan_directory_with_danger_first(page):
    shown = [m[1] for m in ROW.findall(page)]
    assert sorted(shown) == sorted(CALLS)
    assert shown[: len(handouts.URGENT)] == [n for n in CALLS if n in handouts.URGENT]
    assert set(handouts.URGENT) <= set(CALLS)


def test_every_hotline_lesson_05_cites_is_on_the_sheet(page):
    nb = nbformat.read(ROOT / "notebooks" / "05_defend_rights.ipynb", as_version=4)
    cited = {i for c in nb.cells if c.cell_type == "code" for i in re.findall(r'"(hotline_[a-z0-9_]+)"', c.source)}
    assert cited, "lesson 05 cites no hotline any more: update this test"
    numbers = {text(references.get(i).article) for i in cited}
    assert numbers <= {m[1] for m in ROW.findall(page)}


def test_secondary_sources_are_marked_as_such(page):
    for number, _, _, ref_id in ROW.findall(page):
        row = page.split(f"<tr data-number='{number}'>", 1)[1].split("</tr>", 1)[0]
        assert ("据公开资料" in row) == (references.get(ref_id).confidence == "S"), number


def test_a_number_without_a_source_stops_the_sheet():
    with pytest.raises(handouts.HandoutError) as err:
        handouts.call_rows(numbers=("12399",))
    assert "12399" in err.value.message and "依据库" in err.value.message
    table = dict(references.load())
    table.pop("hotline_12356")  # 120 is named only there, and 12356 is its own entry
    with pytest.raises(handouts.HandoutError):
        handouts.call_rows(table)


def test_saving_goes_to_the_data_folder_and_says_where(tmp_path, monkeypatch):
    monkeypatch.setenv("OVERDUE_DATA_DIR", str(tmp_path / "data"))
    message = handouts.write_hotline_sheet()
    saved = tmp_path / "data" / handouts.SHEET_NAME
    assert saved.is_file()
    assert str(saved.resolve()) in message and "Ctrl+P" in message
    assert ROW.findall(saved.read_text(encoding="utf-8"))


def test_an_unwritable_folder_gives_a_chinese_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    message = handouts.write_hotline_sheet(blocker / "sub")
    assert "无法把求助电话单写进文件夹" in message and "Traceback" not in message
    with pytest.raises(handouts.HandoutError):
        handouts.save_hotline_sheet(blocker / "sub")


def test_the_notebook_preview_shows_the_sheet_in_a_frame():
    preview = handouts.preview_html(today=dt.date(2026, 12, 6))
    assert "<iframe" in preview and "srcdoc=" in preview
    inner = html.unescape(preview.split('srcdoc="', 1)[1].split('"', 1)[0])
    assert {m[1] for m in ROW.findall(inner)} == set(CALLS)
    assert "<" not in preview.split('srcdoc="', 1)[1].split('"', 1)[0]  # the page is escaped inside the attribute
    assert handouts.reference_ids()[0] == "hotline_110" and len(set(handouts.reference_ids())) == len(handouts.reference_ids())


def test_the_template_escapes_every_value():
    hostile = "<script>alert(1)</script> [x](javascript:alert(1))"
    row = handouts.CallRow("110", hostile, "hotline_110", True, False, True)
    keys = ("title", "lead", "urgent", "other", "secondary", "hours", "local", "not_advice", "col_number", "col_when",
            "col_source", "care_title", "care", "footer")
    from overdue import exports

    page = exports.render("hotline_sheet.html.j2", t=dict.fromkeys(keys, hostile), urgent=[row], other=[row])
    assert "<script" not in page and "javascript:" not in page and "&lt;script&gt;" in page
