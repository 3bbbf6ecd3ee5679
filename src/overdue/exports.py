"""Saving what a learner made: the folder, file names, CSV and HTML plumbing every form shares.

Files go into ``./我的文件/`` under the working directory (the notebook's folder) unless a form was
given another folder. A name is the form's stem and the time of saving, so nothing is overwritten:
``催收联络记录_20261103_231000.csv``. CSV is written with a BOM so spreadsheet programs read the
Chinese correctly, and a cell that starts like a formula (= + - @) is quoted with an apostrophe.

    folder = exports.ensure_folder(exports.folder_for(None))   # ./我的文件/, created
    path = exports.stamped_path(folder, "我的行动计划", "md")
    exports.write_text(path, markdown)
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Iterable
from pathlib import Path

DEFAULT_FOLDER = "我的文件"
STAMP_FORMAT = "%Y%m%d_%H%M%S"
FORMULA_STARTS = ("=", "+", "-", "@")


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


def csv_cell(value: str) -> str:
    """A cell that would start a formula in a spreadsheet, quoted with an apostrophe."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def csv_text(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """CSV text with CRLF line ends; every row's cells guarded against formula injection."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(list(header))
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return buf.getvalue()


def esc(value: object) -> str:
    """HTML-escaped text (quotes included) for anything from content or a person."""
    return html.escape(str(value))


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


__all__ = ["DEFAULT_FOLDER", "csv_cell", "csv_text", "ensure_folder", "esc", "folder_for", "html_page",
           "html_table", "shown", "stamp", "stamped_path", "write_csv", "write_text"]
