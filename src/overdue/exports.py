"""Saving what a learner made: the folder, file names, CSV, Markdown and HTML plumbing every form shares.

Files go into ``./我的文件/`` under the working directory (the notebook's folder) unless a form was
given another folder. A name is the form's stem and the time of saving, so nothing is overwritten:
``催收联络记录_20261103_231000.csv``. CSV is written with a BOM so spreadsheet programs read the
Chinese correctly, and a cell that starts like a formula (= + - @, a tab or a carriage return, also
after spaces) is quoted with an apostrophe; `csv_uncell` undoes that when the file is read back.

Files that can be printed are rendered with Jinja2 from ``content/templates/`` (`render`): in an
``.html.j2`` template every value is HTML-escaped; in an ``.md.j2`` template every value goes through
`md_text`, which escapes HTML and the characters of Markdown links and images (``[ ] \\``), so
``[x](javascript:alert(1))`` stays text. In both, a ``javascript:`` / ``data:`` / ``vbscript:``
scheme is written with a full-width colon, so no viewer turns it into a link.

    folder = exports.ensure_folder(exports.folder_for(None))   # ./我的文件/, created
    path = exports.stamped_path(folder, "我的行动计划", "md")
    exports.write_text(path, markdown)
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

DEFAULT_FOLDER = "我的文件"
STAMP_FORMAT = "%Y%m%d_%H%M%S"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
TEMPLATES = Path(__file__).resolve().parent / "content" / "templates"
# A URL scheme that runs code or hides content when a viewer makes it a link.
_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data|file|livescript)(\s*):")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")
# The fonts of every printable page, the first the reader's computer has: Noto (bundled with the
# course's charts, common on Linux), then the Chinese fonts of Windows and macOS. In an ``.html.j2``
# template: ``{{ page_fonts }}``.
PAGE_FONTS = "'Noto Sans SC','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif"


def folder_for(folder: str | Path | None, fallback: str | Path | None = None) -> Path:
    """`folder` when given, else `fallback` when given, else ./我的文件/ under the working directory."""
    if folder is not None:
        return Path(folder)
    if fallback is not None:
        return Path(fallback)
    return Path.cwd() / DEFAULT_FOLDER


def ensure_folder(folder: str | Path) -> Path:
    """Create `folder` (and its parents) if needed; OSError when that is not possible."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def stamp(when: dt.datetime | None = None) -> str:
    """The time of saving as it appears in file names: 20261103_231000."""
    return (when or dt.datetime.now()).strftime(STAMP_FORMAT)


def stamped_path(folder: Path, stem: str, suffix: str, when: dt.datetime | None = None) -> Path:
    """folder / '<stem>_<stamp>.<suffix>'."""
    return folder / f"{stem}_{stamp(when)}.{suffix}"


def write_text(path: Path, data: str) -> Path:
    """Write UTF-8 text (Markdown, HTML)."""
    path.write_text(data, encoding="utf-8")
    return path


def write_csv(path: Path, data: str) -> Path:
    """Write CSV text with a BOM, so spreadsheet programs read the Chinese correctly."""
    path.write_text(data, encoding="utf-8-sig")
    return path


def csv_cell(value: object) -> str:
    """A cell that would start a formula in a spreadsheet, quoted with an apostrophe."""
    value = "" if value is None else str(value)
    return "'" + value if value.lstrip(" ")[:1] in FORMULA_STARTS and value.strip() else value


def csv_uncell(value: str) -> str:
    """A cell as it was before `csv_cell` quoted it (reading back a file this course wrote)."""
    if value.startswith("'") and value[1:].lstrip(" ")[:1] in FORMULA_STARTS:
        return value[1:]
    return value


def csv_text(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """CSV text with CRLF line ends; every row's cells guarded against formula injection."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return buf.getvalue()


def no_scheme(value: str) -> str:
    """`value` with ``javascript:`` and the like written ``javascript：`` (never a link)."""
    return _SCHEME.sub(lambda m: m.group(1) + m.group(2) + "：", value)


def esc(value: object) -> str:
    """HTML-escaped text (quotes included) for anything from content or a person."""
    return html.escape(no_scheme(str(value)))


class MdSafe(str):
    """Markdown a template may write as it is (made by this course, never by a person)."""


def md_text(value: object) -> str:
    """Text safe in Markdown: HTML escaped (``<`` ``>`` ``&``), the characters of links, images,
    emphasis and tables backslash-escaped, line breaks kept as Markdown line breaks."""
    if isinstance(value, MdSafe):
        return value
    s = no_scheme("" if value is None else str(value))
    s = _MD_SPECIAL.sub(r"\\\1", html.escape(s, quote=False))
    return MdSafe("  \n".join(s.splitlines()) if "\n" in s else s)


def md_cell(value: object) -> str:
    """`md_text` for a table cell: line breaks become spaces."""
    return md_text(" ".join(("" if value is None else str(value)).splitlines()))


@cache
def _environment(kind: str) -> Any:
    import jinja2

    if kind == "html":
        from markupsafe import Markup

        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                 finalize=lambda v: v if hasattr(v, "__html__") else no_scheme(str(v)),
                                 undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        env.globals["page_fonts"] = Markup(PAGE_FONTS)  # the course's own style: not escaped
        return env
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=False,
                             finalize=md_text, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = md_cell
    return env


def render(name: str, **values: Any) -> str:
    """The template content/templates/`name` filled with `values` (``*.html.j2``: HTML-escaped;
    ``*.md.j2``: Markdown-escaped)."""
    kind = "html" if name.endswith(".html.j2") else "md"
    return _environment(kind).get_template(name).render(**values)


def html_table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """An escaped <table> with a <thead> row and a <tbody>."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_page(title: str, css: str, body: str) -> str:
    """A self-contained, printable HTML page; `title` is escaped here, `body` must be escaped already."""
    return (
        "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title><style>{css}</style></head><body>{body}</body></html>\n"
    )


def shown(path: Path) -> str:
    """The path as the learner finds it: relative to the working directory when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


__all__ = ["DEFAULT_FOLDER", "MdSafe", "csv_cell", "csv_text", "csv_uncell", "ensure_folder", "esc", "folder_for",
           "html_page", "html_table", "md_cell", "md_text", "no_scheme", "render", "shown", "stamp", "stamped_path",
           "write_csv", "write_text"]
