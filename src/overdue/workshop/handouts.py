"""Printed handouts for a workshop: the one-page sheet of whom to call for what.

The sheet lists the same directory as the learner's action plan in lesson 09
(`overdue.widgets.action_plan.CALLS` with its texts ``action_plan.call.<number>``), and every number
on it is backed by an entry of content/references.yaml: the hotline entry whose ``article`` is the
number, else the hotline entry whose explanation names it (120 is named in ``hotline_12356``). A
number with no such entry stops the sheet (`HandoutError`, in Chinese): nothing is printed without a
source. The page is content/templates/hotline_sheet.html.j2, rendered by `overdue.exports.render`
(every value HTML-escaped), one A4 page with print CSS.

    rows = handouts.call_rows()                  # plain data: number, when to call, source
    page = handouts.hotline_sheet_html()         # the printable page (str)
    path = handouts.save_hotline_sheet()         # written to the user's data folder
    print(handouts.write_hotline_sheet())        # the same, with a Chinese line saying where it is
    handouts.preview_html()                      # the page in an <iframe>, for a notebook
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import exports
from ..forms.action_plan import CALLS
from ..i18n import text, ui

SHEET_NAME = "求助电话单.html"
#: Numbers printed first, under "有危险" (keys into CALLS, not new numbers: see `call_rows`).
URGENT = ("110", "120")


class HandoutError(ValueError):
    """The sheet cannot be made or saved; ``message`` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CallRow:
    number: str
    when: str          # when to call it (the action plan's text for this number)
    ref_id: str        # the reference that backs the number
    own_entry: bool    # True: the reference is this number's own entry; False: its text names it
    secondary: bool    # the reference is a secondary source (confidence S)
    urgent: bool


def _mentions(number: str, value: str) -> bool:
    return re.search(rf"(?<!\d){re.escape(number)}(?!\d)", value) is not None


def source_for(number: str, refs: dict | None = None) -> tuple[str, bool]:
    """The reference id that backs `number`, and whether it is the number's own entry.

    Its own entry: a ``kind: hotline`` entry whose article is the number. Otherwise the first
    hotline entry whose explanation names the number. Raises HandoutError when there is none."""
    from ..quiz import references

    table = references.load() if refs is None else refs
    hotlines = [r for r in table.values() if r.kind == "hotline"]
    for ref in hotlines:
        if text(ref.article).strip() == number:
            return ref.id, True
    for ref in hotlines:
        if _mentions(number, text(ref.paraphrase)):
            return ref.id, False
    raise HandoutError(ui("handout.calls.err.no_source", number=number))


def call_rows(refs: dict | None = None, numbers: tuple[str, ...] = CALLS) -> list[CallRow]:
    """The sheet's rows: the URGENT numbers first, then the others, each group in `numbers` order."""
    from ..quiz import references

    table = references.load() if refs is None else refs
    rows = []
    for number in numbers:
        ref_id, own = source_for(number, table)
        rows.append(CallRow(number, ui(f"action_plan.call.{number}"), ref_id, own,
                            table[ref_id].confidence == "S", number in URGENT))
    return [r for r in rows if r.urgent] + [r for r in rows if not r.urgent]


def hotline_sheet_html(today: dt.date | None = None, refs: dict | None = None) -> str:
    """The printable one-page sheet (content/templates/hotline_sheet.html.j2)."""
    from ..quiz import references

    table = references.load() if refs is None else refs
    rows = call_rows(table)
    checked = sorted({table[r.ref_id].checked for r in rows})
    day = today or dt.date.today()
    t = {k: ui(f"handout.calls.{k}") for k in ("title", "lead", "urgent", "other", "secondary", "hours", "local",
                                               "not_advice")}
    t.update({f"col_{k}": ui(f"handout.calls.col.{k}") for k in ("number", "when", "source")})
    t.update(care_title=ui("action_plan.sec.care"), care=ui("action_plan.care"),
             footer=ui("handout.calls.footer", checked="、".join(d.isoformat() for d in checked),
                       day=day.isoformat()))
    return exports.render("hotline_sheet.html.j2", t=t, urgent=[r for r in rows if r.urgent],
                          other=[r for r in rows if not r.urgent])


def reference_ids(refs: dict | None = None) -> list[str]:
    """The references behind the sheet's numbers, in the sheet's order (each once)."""
    return list(dict.fromkeys(r.ref_id for r in call_rows(refs)))


def preview_html(today: dt.date | None = None, height_px: int = 1000) -> str:
    """The sheet inside an <iframe> (its own styles kept apart from the notebook's), for a preview."""
    page = exports.esc(hotline_sheet_html(today))
    return (f'<div class="overdue-sheet-preview"><iframe title="{exports.esc(ui("handout.calls.title"))}" srcdoc="{page}" '
            f'style="width:100%;max-width:820px;height:{int(height_px)}px;border:1px solid #999;background:#fff">'
            "</iframe></div>")


def sheet_folder() -> Path:
    """Where the sheet is saved: the user's data folder (``$OVERDUE_DATA_DIR`` if set)."""
    from .store import data_dir

    return data_dir()


def save_hotline_sheet(folder: str | Path | None = None, today: dt.date | None = None) -> Path:
    """Write the sheet to `folder` (default: `sheet_folder()`), replacing an older copy; its path.
    Raises HandoutError (Chinese) when the folder cannot be written."""
    page = hotline_sheet_html(today)
    base = Path(folder).expanduser() if folder is not None else sheet_folder()
    try:
        exports.ensure_folder(base)
        return exports.write_text(base / SHEET_NAME, page).resolve()
    except OSError:
        raise HandoutError(ui("handout.calls.err.folder", folder=str(base))) from None


def write_hotline_sheet(folder: str | Path | None = None) -> str:
    """`save_hotline_sheet`, then one Chinese message: where the file is and how to print it, or
    what went wrong (never a traceback)."""
    try:
        path = save_hotline_sheet(folder)
    except HandoutError as exc:
        return exc.message
    return ui("handout.calls.saved", path=str(path))


__all__ = ["CALLS", "URGENT", "CallRow", "HandoutError", "call_rows", "hotline_sheet_html", "preview_html",
           "reference_ids", "save_hotline_sheet", "sheet_folder", "source_for", "write_hotline_sheet"]
