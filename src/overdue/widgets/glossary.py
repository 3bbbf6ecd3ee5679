"""The ipywidgets view of the course's glossary (content/glossary.yaml) for learners: a searchable 术语表.

The state (what is typed, checked and kept) lives in `overdue.forms.glossary`, testable without a browser;
this module only shows it, and re-exports the names notebooks and tools import from here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..forms.glossary import (
    Entry,
    results_html,
    search,
)
from ..forms.glossary import load_glossary as load_glossary  # re-exported: notebooks and tools import it here
from ..i18n import ui


class GlossaryView:
    """A search box over the glossary; the list below follows what is typed."""

    def __init__(self, entries: Iterable[Entry] | None = None, query: str = ""):
        import ipywidgets as w

        self.entries = list(load_glossary() if entries is None else entries)
        self.box = w.Text(value=query, description=ui("glossary.search"), placeholder=ui("glossary.placeholder"),
                          continuous_update=True, layout=w.Layout(width="30em"))
        self.results = w.HTML()
        self.box.observe(lambda _c: self.refresh(), names="value")
        self.widget = w.VBox([w.HTML(f"<b>{html.escape(ui('glossary.title'))}</b>"), self.box, self.results])
        self.widget.add_class("overdue-glossary")
        self.refresh()

    def refresh(self) -> None:
        found = search(self.entries, self.box.value)
        self.results.value = results_html(found, self.box.value, len(self.entries))


def show_glossary(query: str = ""):
    """The searchable 术语表, optionally opened on a query: ``show_glossary("支付令")``."""
    return GlossaryView(query=query).widget
