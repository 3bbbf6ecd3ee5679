"""The ipywidgets view of lesson 08: what can happen after a loan falls overdue, and what each step needs first.

The state (what is typed, checked and kept) lives in `overdue.forms.consequences`, testable without a browser;
this module only shows it, and re-exports the names notebooks and tools import from here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..forms.consequences import (
    SYMBOL,
)
from ..forms.consequences import (
    ConsequencesTimeline as ConsequencesTimeline,  # re-exported: notebooks and tools import it here
)
from ..forms.consequences import load_steps as load_steps  # re-exported: notebooks and tools import it here
from ..i18n import ui


class ConsequencesView:
    """Checkboxes "已经发生", a status list (symbol + words), and the details of a chosen step."""

    def __init__(self, timeline: ConsequencesTimeline | None = None):
        import ipywidgets as w

        self.timeline = timeline or ConsequencesTimeline()
        t = self.timeline
        self.boxes = {
            s.id: w.Checkbox(value=s.id in t.happened, description=s.title, indent=False,
                             layout=w.Layout(width="22em"))
            for s in t.steps
        }
        for sid, box in self.boxes.items():
            box.observe(lambda ch, sid=sid: self._toggle(sid, ch["new"]), names="value")
        self.picker = w.Dropdown(description=ui("consequences.details_for"),
                                 options=[(s.title, s.id) for s in t.steps], value="dishonest"
                                 if "dishonest" in {s.id for s in t.steps} else t.steps[0].id,
                                 style={"description_width": "8em"}, layout=w.Layout(width="30em"))
        self.picker.observe(lambda _c: self.refresh(), names="value")
        self.status = w.HTML()
        self.status.add_class("overdue-consequences-status")
        self.details = w.HTML()
        left = w.VBox([w.HTML(f"<b>{html.escape(ui('consequences.happened_title'))}</b>"), *self.boxes.values()])
        right = w.VBox([w.HTML(f"<b>{html.escape(ui('consequences.status_title'))}</b>"), self.status])
        self.widget = w.VBox([w.HBox([left, right]), self.picker, self.details])
        self.widget.add_class("overdue-consequences")
        self.refresh()

    def _toggle(self, sid: str, value: bool) -> None:
        self.timeline.mark(sid, value)
        self.refresh()

    def refresh(self) -> None:
        esc = html.escape
        items = []
        for s, st in zip(self.timeline.steps, self.timeline.statuses(), strict=True):
            items.append(f"<li><b>{SYMBOL[st.kind]} {esc(s.title)}</b>：{esc(st.message)}</li>")
        self.status.value = "<ul style='list-style:none;padding-left:0;margin:0'>" + "".join(items) + "</ul>"
        self.details.value = self.timeline.details_html(self.picker.value)


def show_consequences(happened: Iterable[str] = ("overdue",)):
    t = ConsequencesTimeline()
    t.set_happened(happened)
    return ConsequencesView(t).widget
