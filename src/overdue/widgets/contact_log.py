"""The ipywidgets view of the contact log of lesson 05: record every contact by a collector, check it, export it.

The state (what is typed, checked and kept) lives in `overdue.forms.contact_log`, testable without a browser;
this module only shows it, and re-exports the names notebooks and tools import from here.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any

from .. import exports
from ..exports import DEFAULT_FOLDER as DEFAULT_FOLDER  # re-exported: the folder's name, as before
from ..forms.contact_log import ContactLog as ContactLog  # re-exported: notebooks and tools import it here
from ..forms.contact_log import (
    LogInputError,
)
from ..i18n import text, ui
from ..privacy import sensitive_number as sensitive_number  # re-exported: lessons and tests import it here


class ContactLogView:
    """The ipywidgets form over a `ContactLog`: fields, add/remove, the table, findings, exports,
    CSV import. Without a `log`, the one kept in the progress store comes back (`store`: a
    ProgressStore, None for the default one, False to keep nothing)."""

    RECORD = "contact_log"

    def __init__(self, log: ContactLog | None = None, folder: str | Path | None = None, store: Any = None):
        import ipywidgets as w

        from .records import RecordKeeper

        self.keeper = RecordKeeper(self.RECORD, store, allow_phone=("entries",))
        restored = log is None
        self.log = log or ContactLog(folder=folder)
        lay = w.Layout(width="22em")
        style = {"description_width": "6em"}
        self.day = w.Text(description=ui("contact_log.day"), placeholder=ui("contact_log.day_placeholder"),
                          value=f"{dt.date.today():%Y-%m-%d}", layout=lay, style=style)
        self.at = w.Text(description=ui("contact_log.at"), placeholder=ui("contact_log.at_placeholder"),
                         layout=lay, style=style)
        self.who = w.Text(description=ui("contact_log.who"), placeholder=ui("contact_log.who_placeholder"),
                          layout=w.Layout(width="40em"), style=style)
        self.channel = w.Dropdown(description=ui("contact_log.channel"),
                                  options=[(text(c.label), c.id) for c in self.log.pack.channels],
                                  layout=lay, style=style)
        self.said = w.Textarea(description=ui("contact_log.said"), placeholder=ui("contact_log.said_placeholder"),
                               layout=w.Layout(width="40em", height="5em"), style=style)
        self.number = w.Text(description=ui("contact_log.number"), placeholder=ui("contact_log.number_placeholder"),
                             layout=lay, style=style)
        self.upload = w.FileUpload(accept=".csv", multiple=False, description=ui("contact_log.import"),
                                   layout=w.Layout(width="auto"))
        self.upload.observe(lambda ch: self._on_upload(ch["new"]), names="value")
        self.message = w.HTML()
        self.message.add_class("overdue-log-message")
        buttons = {
            "add": ("contact_log.add", self._on_add, "primary"),
            "remove": ("contact_log.remove_last", self._on_remove, ""),
            "sample": ("contact_log.sample", self._on_sample, ""),
            "clear": ("contact_log.clear", self._on_clear, ""),
            "csv": ("contact_log.export_csv", self._on_csv, ""),
            "html": ("contact_log.export_html", self._on_html, ""),
        }
        self.buttons = {}
        for key, (label, handler, kind) in buttons.items():
            b = w.Button(description=ui(label), button_style=kind, layout=w.Layout(width="auto"))
            b.on_click(lambda _b, h=handler: h())
            self.buttons[key] = b
        self.table = w.HTML()
        self.summary = w.HTML()
        self.clear_box = self.keeper.clear_box(self._on_forget)
        self.widget = w.VBox([
            w.HTML(f"<h4>{html.escape(ui('contact_log.title'))}</h4><p>{html.escape(ui('contact_log.help'))}</p>"),
            self.day, self.at, self.who, self.number, self.channel, self.said,
            w.HBox([self.buttons["add"], self.buttons["remove"], self.message]),
            self.table, self.summary,
            w.HBox([self.buttons["sample"], self.buttons["clear"], self.buttons["csv"], self.buttons["html"],
                    self.upload]),
            self.clear_box,
        ])
        self.widget.add_class("overdue-contact-log")
        if restored:
            self._restore()
        self.refresh()

    # -- keeping the log across restarts -------------------------------------------------------
    def _restore(self) -> None:
        data = self.keeper.load()
        if data is None:
            return
        skipped = self.log.from_record(data)
        if self.log.entries:
            self._say(ui("store.restored"))
        self.keeper.report_restore(skipped)

    def _keep(self) -> None:
        self.keeper.save(self.log.to_record())

    def _on_forget(self) -> None:
        self.log.clear()
        self.refresh()

    def _on_upload(self, value: Any) -> None:
        files = list(value or ())
        if not files:
            return
        try:
            added, problems = self.log.import_csv(bytes(files[0]["content"]))
        except LogInputError as exc:
            self._say("✘ " + exc.message, ok=False)
            return
        finally:
            self.upload.value = ()
        message = ui("contact_log.imported", n=added, total=len(self.log.entries))
        if problems:
            message += " " + ui("contact_log.import_skipped", n=len(problems), first=problems[0])
        self._say(message, ok=not problems)
        self._keep()
        self.refresh()

    def _say(self, msg: str, ok: bool = True) -> None:
        color = "#1b5e20" if ok else "#b00020"
        self.message.value = f'<span style="color:{color}">{html.escape(msg)}</span>'

    def _on_add(self) -> None:
        try:
            self.log.add(self.day.value, self.at.value, self.who.value, self.channel.value, self.said.value,
                         self.number.value)
        except LogInputError as exc:
            self._say("✘ " + exc.message, ok=False)
            return
        self.at.value = ""
        self.said.value = ""
        self.number.value = ""
        self._say(ui("contact_log.added", n=len(self.log.entries)))
        self._keep()
        self.refresh()

    def _on_remove(self) -> None:
        self.log.remove_last()
        self._say(ui("contact_log.removed", n=len(self.log.entries)))
        self._keep()
        self.refresh()

    def _on_sample(self) -> None:
        n = self.log.load_sample()
        self._say(ui("contact_log.sample_loaded", n=n))
        self._keep()
        self.refresh()

    def _on_clear(self) -> None:
        self.log.clear()
        self._say(ui("contact_log.cleared"))
        self._keep()
        self.refresh()

    def _export(self, method) -> None:
        try:
            path = method()
        except LogInputError as exc:
            self._say("✘ " + exc.message, ok=False)
            return
        except OSError as exc:
            self._say(ui("contact_log.export_failed", reason=exc.strerror or str(exc)), ok=False)
            return
        self._say(ui("contact_log.exported", path=exports.shown(path)))

    def _on_csv(self) -> None:
        self._export(self.log.export_csv)

    def _on_html(self) -> None:
        self._export(self.log.export_html)

    def refresh(self) -> None:
        esc = html.escape
        if not self.log.entries:
            self.table.value = f"<p>{esc(ui('contact_log.empty'))}</p>"
            self.summary.value = ""
            return
        head = "".join(f"<th style='text-align:left;padding:2px 8px'>{esc(h)}</th>" for h in self.log._header())
        rows = "".join(
            "<tr>" + "".join(f"<td style='padding:2px 8px'>{esc(c)}</td>" for c in row) + "</tr>"
            for row in self.log._rows()
        )
        self.table.value = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        lines = self.log.finding_lines()
        title = f"<b>{esc(ui('contact_log.summary_title'))}</b>"
        if lines:
            items = "".join(f"<li>{esc(s)}</li>" for s in lines)
            self.summary.value = f"{title}<ul>{items}</ul><i>{esc(ui('contact_log.industry_note'))}</i>"
        else:
            self.summary.value = f"{title}<p>{esc(ui('contact_log.summary_none'))}</p>"


def show_contact_log(folder: str | Path | None = None, store: Any = None):
    """The contact-log form (returns the widget to display); the log kept from last time comes back."""
    return ContactLogView(folder=folder, store=store).widget
