"""The ipywidgets view of the 协商还款申请 (request to negotiate a repayment plan).

The state (what is typed, checked and kept) lives in `overdue.forms.letter`, testable without a browser; this
module only shows it, and re-exports the names the notebooks import from here.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from ..exports import DEFAULT_FOLDER
from ..forms.letter import (
    DATE_FIELDS,
    FORM_FIELDS,
    PREVIEW_CSS,
    REQUEST_KEYS,
)
from ..forms.letter import LetterDraft as LetterDraft  # re-exported: notebooks and tools import it here
from ..forms.letter import template as template  # re-exported: notebooks and tools import it here
from ..i18n import text, ui


class LetterWidget:
    """A form over a `LetterDraft`: one input per field with its message beside it, request
    checkboxes, a preview (escaped HTML) and a save button. Build with `letter_form()`."""

    def __init__(self, draft: LetterDraft | None = None, folder: str | Path | None = None, store: Any = False):
        import ipywidgets as w

        from .records import RecordKeeper

        self.keeper = RecordKeeper("letter", store)  # letter_form() keeps the draft; store=False keeps nothing
        self.draft = draft or LetterDraft()
        self.inputs: dict[str, Any] = {}
        self.messages: dict[str, Any] = {}
        rows = []
        layout = w.Layout(width="22em")
        label_style = {"description_width": "15em"}
        for name in FORM_FIELDS:
            value = getattr(self.draft, name)
            label = ui(f"letter.{name}")
            if name in DATE_FIELDS:
                box = w.DatePicker(value=value, description=label, style=label_style, layout=w.Layout(width="28em"))
            elif name == "reason":
                box = w.Textarea(value=str(value or ""), description=label, style=label_style,
                                 layout=w.Layout(width="40em", height="5em"))
            else:
                box = w.Text(value="" if value is None else str(value), description=label, style=label_style,
                             layout=w.Layout(width="32em") if name in ("lender", "contact") else layout)
            msg = w.HTML(value="")
            self.inputs[name] = box
            self.messages[name] = msg
            rows.append(w.HBox([box, msg]))
        template_requests = template()["requests"]
        self.request_boxes = {
            key: w.Checkbox(value=key in (self.draft.requests or []), description=text(template_requests[key]),
                            indent=False, layout=w.Layout(width="60em"))
            for key in REQUEST_KEYS
        }
        self.folder = w.Text(value=str(folder or DEFAULT_FOLDER), description=ui("letter.folder"),
                             style=label_style, layout=w.Layout(width="32em"))
        self.preview_button = w.Button(description=ui("letter.preview"), icon="eye")
        self.save_button = w.Button(description=ui("letter.save"), button_style="primary", icon="save",
                                    layout=w.Layout(width="auto"))
        self.status = w.HTML(value="")
        self.preview = w.HTML(value="")
        self.preview_button.on_click(lambda _b: self.update())
        self.save_button.on_click(lambda _b: self.save())
        banner = w.HTML(f'<div class="overdue-banner" style="border:2px solid #D55E00;padding:6px 10px;'
                        f'font-weight:bold">{html.escape(ui("letter.banner"))}</div>')
        from ..quiz import references

        notice = template()["notice"]  # what sending the letter means in law, beside the form
        self.notice = w.HTML(f'<div class="overdue-letter-notice" style="border-left:4px solid #0072B2;'
                             f'padding:4px 10px;margin:6px 0">{html.escape(text(notice))}<br><small>'
                             f'{html.escape(ui("common.refs"))}：{html.escape(references.cite(notice["refs"]))}'
                             f'</small></div>')
        self.widget = w.VBox([
            banner,
            self.notice,
            w.HTML(f"<h4>{html.escape(ui('letter.heading'))}</h4>"),
            *rows,
            w.HTML(f"<b>{html.escape(ui('letter.requests'))}</b>"),
            *self.request_boxes.values(),
            self.folder,
            w.HBox([self.preview_button, self.save_button]),
            self.status,
            w.HTML(html.escape(ui("letter.print_hint"))),
            self.preview,
            self.keeper.clear_box(self._forget),
        ])
        self.widget.add_class("overdue-letter")
        for box in [*self.inputs.values(), *self.request_boxes.values()]:
            box.observe(lambda _change: self._keep(), names="value")
        self.update()

    def _keep(self) -> None:
        """Save the draft as typed, so it comes back after a restart."""
        self._read()
        self.keeper.save(self.draft.to_record())

    def _forget(self) -> None:
        """After 清除我的记录: an empty form."""
        empty = LetterDraft()
        for name, box in self.inputs.items():
            value = getattr(empty, name)
            box.value = value if name in DATE_FIELDS else "" if value is None else str(value)
        self.keeper.clear()
        self.update()

    def _read(self) -> None:
        for name, box in self.inputs.items():
            setattr(self.draft, name, box.value)
        self.draft.requests = [k for k, box in self.request_boxes.items() if box.value]

    def update(self) -> bool:
        """Read the form into the draft, show each field's message; refresh the preview when valid
        (otherwise the last good preview stays). Returns whether the draft is valid."""
        self._read()
        errors = self.draft.errors()
        for name, msg in self.messages.items():
            msg.value = f"<span>✘ {html.escape(errors[name])}</span>" if name in errors else ""
        if errors:
            self.status.value = html.escape(ui("common.kept_last")) if self.preview.value else ""
            return False
        advice = "".join(f"<p>⚠ {html.escape(a)}</p>" for a in self.draft.warnings())
        self.status.value = advice
        page = self.draft.to_html()
        body = page.split("<body>", 1)[1].split("</body>", 1)[0]
        self.preview.value = (
            f"<style>{PREVIEW_CSS}</style>"
            f'<div class="overdue-letter-preview" style="border:1px solid #999;padding:0 1em;max-width:46em">'
            f"{body}</div>"
        )
        return True

    def save(self) -> tuple[Path, Path] | None:
        if not self.update():
            self.status.value = html.escape(ui("letter.not_saved"))
            return None
        folder = self.folder.value.strip() or DEFAULT_FOLDER
        folder_path = Path(folder) if Path(folder).is_absolute() else Path.cwd() / folder
        try:
            md_path, html_path = self.draft.save(folder_path)
        except OSError as exc:
            self.status.value = html.escape(ui("letter.save_failed", folder=folder, reason=exc.strerror or exc))
            return None
        self.status.value = html.escape(ui("letter.saved", md=md_path, html=html_path))
        return md_path, html_path


def letter_form(draft: LetterDraft | None = None, folder: str | Path | None = None, store: Any = None) -> LetterWidget:
    """The letter generator. The draft is kept in the progress store as the learner types (`store`:
    a ProgressStore, None for the default one, False to keep nothing) and comes back when the form
    is shown again; the first time (or after 清除我的记录) it starts from `draft`, by default the
    fictional example."""
    from .records import RecordKeeper

    kept = RecordKeeper("letter", store).load() if store is not False else None
    form = LetterWidget(LetterDraft.from_record(kept) if kept is not None else draft or LetterDraft.example(),
                        folder, store=store)
    if kept is not None:
        form.keeper.show(ui("store.restored"))
    return form
