"""The shared saving plumbing: folder, stamped names, CSV (BOM, formula guard), escaped HTML."""

import csv
import datetime as dt
import io

import pytest

from overdue import exports

WHEN = dt.datetime(2026, 11, 3, 23, 10, 5)


def test_default_folder_is_my_files_under_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert exports.folder_for(None) == tmp_path / "我的文件"
    assert exports.folder_for(None, tmp_path / "班级") == tmp_path / "班级"
    assert exports.folder_for(tmp_path / "别处", tmp_path / "班级") == tmp_path / "别处"


def test_folder_is_created_and_names_carry_the_time(tmp_path):
    folder = exports.ensure_folder(tmp_path / "a" / "我的文件")
    assert folder.is_dir()
    path = exports.stamped_path(folder, "催收联络记录", "csv", WHEN)
    assert path.name == "催收联络记录_20261103_231005.csv"


def test_a_folder_that_cannot_be_made_raises_oserror(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        exports.ensure_folder(blocker / "sub")


def test_csv_has_a_bom_crlf_and_no_formulas(tmp_path):
    data = exports.csv_text(["日期", "说了什么"], [["2026-11-03", "=HYPERLINK(\"x\")"], ["+1", "@a"], ["-2", "普通"]])
    path = exports.write_csv(tmp_path / "x.csv", data)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["日期", "说了什么"]
    assert rows[1] == ["2026-11-03", "'=HYPERLINK(\"x\")"] and rows[2] == ["'+1", "'@a"] and rows[3][0] == "'-2"


def test_html_page_and_table_escape_everything():
    table = exports.html_table(["<th>"], [["<script>alert(1)</script>", "a & 'b'"]])
    page = exports.html_page("<标题>", "body{margin:0}", table)
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp;" in page and "&#x27;b&#x27;" in page
    assert "<title>&lt;标题&gt;</title>" in page and "<meta charset='utf-8'>" in page
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")


def test_shown_path_is_relative_inside_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert exports.shown(tmp_path / "我的文件" / "a.csv") == "我的文件/a.csv"
    outside = tmp_path.parent / "elsewhere.csv"
    assert exports.shown(outside) == str(outside)


HOSTILE = ("<script>alert(1)</script> <img src=x onerror=alert(1)> [点我](javascript:alert(1)) "
           "![图](data:text/html,x) <javascript:alert(1)> [a]: javascript:alert(1)")


def test_markdown_text_cannot_carry_html_links_or_images():
    md = exports.md_text(HOSTILE)
    assert "<" not in md and ">" not in md.replace("&gt;", "")
    assert "](" not in md.replace("\\](", "") and "javascript:" not in md and "data:" not in md
    assert "\\[点我\\]" in md and "javascript：alert(1)" in md  # still readable as text
    assert exports.md_cell("a | b\nc") == "a \\| b c"


def test_templates_escape_every_value(tmp_path):
    md = exports.render("red_flags.md.j2", t={k: HOSTILE for k in (
        "title", "time", "ticked", "ticked_none", "result", "note", "refs", "disclaimer")},
        ticked=[HOSTILE], summary=HOSTILE, note=HOSTILE, refs=HOSTILE)
    assert "<script" not in md and "<img" not in md and "javascript:" not in md and "](" not in md.replace("\\](", "")
    page = exports.render("letter.html.j2", blocks=[("p", HOSTILE), ("table", ([HOSTILE], [[HOSTILE]]))],
                          title=HOSTILE, css="body{font-family:'Noto Sans SC'}")
    assert "<script" not in page and "<img" not in page and "javascript:" not in page
    assert "font-family:'Noto Sans SC'" in page  # the course's own style is not escaped


def test_csv_cells_read_back_as_they_were_typed():
    for value in ["=1+1", "+86", "-2", "@a", "\t=x", "  =x", "普通", "'引号'", ""]:
        assert exports.csv_uncell(exports.csv_cell(value)) == value
    assert exports.csv_cell("\t=cmd") == "'\t=cmd" and exports.csv_cell("  =x") == "'  =x"
