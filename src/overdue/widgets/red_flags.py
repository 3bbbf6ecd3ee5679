"""The ipywidgets view of the red-flag checker of lesson 02: tick what happened at the door or on the phone ->
risk and advice.

The state (what is typed, checked and kept) lives in `overdue.forms.red_flags`, testable without a browser;
this module only shows it, and re-exports the names notebooks and tools import from here.
"""

from __future__ import annotations

import html
from typing import Any

from ..exports import DEFAULT_FOLDER as DEFAULT_FOLDER  # re-exported: the folder's name, as before
from ..forms.red_flags import (
    MAX_NOTE,
    SaveRefused,
)
from ..forms.red_flags import (
    RedFlagChecker as RedFlagChecker,  # re-exported: notebooks and tools import it here
)
from ..forms.red_flags import load_flags as load_flags  # re-exported: notebooks and tools import it here
from ..i18n import ui


class RedFlagView:
    """Checkboxes grouped by kind, a result panel that updates on every tick, an optional note and save."""

    def __init__(self, checker: RedFlagChecker | None = None, store: Any = None, restore: bool | None = None):
        import ipywidgets as w

        from .records import RecordKeeper

        self.keeper = RecordKeeper("red_flags", store)
        restore = checker is None if restore is None else restore
        kept = self.keeper.load() if restore else None  # the ticks kept from last time
        self.state = checker or RedFlagChecker()
        skipped = 0
        if isinstance(kept, dict):
            for flag_id in kept.get("ticked") or []:
                if isinstance(flag_id, str) and flag_id in self.state.by_id:
                    self.state.tick(flag_id)
                else:
                    skipped += 1
        self.boxes: dict[str, Any] = {}
        sections: list[Any] = [w.HTML(f"<b>{html.escape(ui('redflags.title'))}</b>")]
        for group in ("scam", "conduct", "danger"):
            sections.append(w.HTML(f"<p><b>{html.escape(ui('redflags.group.' + group))}</b></p>"))
            for f in self.state.flags:
                if f.group != group:
                    continue
                box = w.Checkbox(value=f.id in self.state.ticked, description=f.label, indent=False,
                                 layout=w.Layout(width="auto"))
                box.observe(self._on_tick(f.id), names="value")
                self.boxes[f.id] = box
                sections.append(box)
        self.result = w.HTML()
        self.note = w.Textarea(placeholder=ui("redflags.note_label"), layout=w.Layout(width="100%", height="70px"))
        if isinstance(kept, dict) and isinstance(kept.get("note"), str):
            self.note.value = kept["note"][:MAX_NOTE]
        self.note.observe(lambda _change: self._keep(), names="value")
        self.save_button = w.Button(description=ui("redflags.save"), icon="save")
        self.save_button.on_click(self._on_save)
        self.save_message = w.HTML()
        # Checkboxes on the left, the result beside them; the two wrap onto one column on a narrow screen.
        left = w.VBox(sections, layout=w.Layout(width="520px", max_width="100%"))
        right = w.VBox([self.result, w.HTML(html.escape(ui("redflags.note_label"))), self.note,
                        w.HBox([self.save_button, self.save_message])],
                       layout=w.Layout(flex="1 1 360px", min_width="300px", padding="0 0 0 12px"))
        self.widget = w.Box([left, right], layout=w.Layout(display="flex", flex_flow="row wrap",
                                                            align_items="flex-start"))
        self.widget.add_class("overdue-redflags")
        right.children = (*right.children, self.keeper.clear_box(self._forget))
        self.keeper.report_restore(skipped)
        self.refresh()

    def _keep(self) -> None:
        self.keeper.save({"ticked": sorted(self.state.ticked), "note": self.note.value})

    def _forget(self) -> None:
        """After 清除我的记录: nothing ticked, no note."""
        for box in self.boxes.values():
            box.value = False
        self.note.value = ""
        self.keeper.clear()
        self.refresh()

    def _on_tick(self, flag_id: str):
        def handler(change: dict) -> None:
            self.state.tick(flag_id, bool(change["new"]))
            self._keep()
            self.refresh()

        return handler

    def refresh(self) -> None:
        self.result.value = self.state.result_html()

    def _on_save(self, _button: Any = None) -> None:
        try:
            path = self.state.save(self.note.value)
        except SaveRefused as exc:
            self.save_message.value = f"<span class='overdue-error'>{html.escape(exc.message)}</span>"
            return
        self.save_message.value = html.escape(ui("redflags.saved", path=str(path)))


def red_flag_checker(store: Any = None, **kwargs: Any):
    """The lesson-02 checker as a widget: ``red_flag_checker()`` in a notebook cell; the ticks and
    the note kept from last time come back."""
    return RedFlagView(RedFlagChecker(**kwargs), store=store, restore=True).widget
