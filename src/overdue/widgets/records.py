"""The learner's own records kept across kernel restarts: one helper every form shares.

A form (the contact log, the letter, the action plan, the red-flag checker) gives its state as JSON
data; `RecordKeeper.save()` keeps it in the progress store (overdue.quiz.progress, table
``records``) each time the learner changes something, and `load()` gives it back when the form is
shown again. Texts holding a personal number are never stored (the store blanks them). The
清除我的记录 button asks for confirmation before anything is deleted.

    keeper = RecordKeeper("contact_log")          # the default store; store=False keeps nothing
    keeper.save({"entries": [...]})
    keeper.load()                                  # the data, or None
    box = keeper.clear_box(on_cleared=lambda: ...) # button, confirmation, message
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from ..i18n import ui

LEARNER = "default"  # one learner per notebook folder (the quizzes use the same name)


class RecordKeeper:
    """Saves and restores one record of the learner; `store`: a ProgressStore, None for the
    default store, False to keep nothing."""

    def __init__(self, name: str, store: Any = None, allow_phone: tuple[str, ...] = (), learner: str = LEARNER):
        self.name = name
        self.learner = learner
        self.allow_phone = allow_phone
        if store is None:
            from ..quiz.progress import default_store

            try:
                store = default_store()
            except Exception:  # no store at all: the form still works, nothing is kept
                store = False
        self.store = store or None
        self.message: Any = None  # the HTML widget where the notice and the clear messages go

    @property
    def notice(self) -> str | None:
        return self.store.notice if self.store is not None else None

    def load(self) -> Any:
        return self.store.load_record(self.learner, self.name) if self.store is not None else None

    def save(self, data: Any) -> bool:
        if self.store is None:
            return False
        ok = self.store.save_record(self.learner, self.name, data, allow_phone=self.allow_phone)
        if not ok:
            self.show(self.notice or ui("store.record_not_saved"), ok=False)
        return ok

    def clear(self) -> bool:
        return self.store.clear_record(self.learner, self.name) if self.store is not None else True

    def report_restore(self, skipped: int) -> None:
        """After a view restored its record: count the stored items that no longer fit (`skipped`)
        in the store's one notice, and show the store's notice, if any, in the view."""
        if skipped and self.store is not None:
            self.store.skipped(skipped)
        if self.notice:
            self.show(self.notice, ok=False)

    # -- the view ------------------------------------------------------------------------------
    def show(self, message: str, ok: bool = True) -> None:
        if self.message is not None:
            colour = "#1b5e20" if ok else "#b00020"
            self.message.value = f"<span style='color:{colour}'>{html.escape(message)}</span>"

    def clear_box(self, on_cleared: Callable[[], None]) -> Any:
        """The 清除我的记录 button; a click asks 确定清除 / 取消 before anything is deleted."""
        import ipywidgets as w

        button = w.Button(description=ui("records.clear"), icon="trash", layout=w.Layout(width="auto"))
        button.add_class("overdue-clear-record")
        question = w.HTML(html.escape(ui("records.clear_confirm")))
        yes = w.Button(description=ui("records.clear_yes"), button_style="danger", layout=w.Layout(width="auto"))
        yes.add_class("overdue-clear-yes")
        no = w.Button(description=ui("records.clear_no"), layout=w.Layout(width="auto"))
        no.add_class("overdue-clear-no")
        confirm = w.HBox([question, yes, no], layout=w.Layout(display="none", align_items="center"))
        self.message = w.HTML()
        self.message.add_class("overdue-record-message")

        def ask(_b: Any = None) -> None:
            confirm.layout.display = None

        def cleared(_b: Any = None) -> None:
            confirm.layout.display = "none"
            if self.clear():
                on_cleared()
                self.show(ui("records.cleared"))
            else:
                self.show(self.notice or ui("store.record_not_saved"), ok=False)

        def kept(_b: Any = None) -> None:
            confirm.layout.display = "none"
            self.show(ui("records.kept"))

        button.on_click(ask)
        yes.on_click(cleared)
        no.on_click(kept)
        box = w.VBox([button, confirm, self.message])
        box.button, box.yes, box.no, box.confirm = button, yes, no, confirm
        if self.notice:
            self.show(self.notice, ok=False)
        return box


__all__ = ["LEARNER", "RecordKeeper"]
