"""Small helpers the lesson notebooks call: a first widget to try, and source citations."""

from __future__ import annotations

import html
from collections.abc import Iterable

from .i18n import ui


def hello():
    """A button and a slider for the learner's first try at widgets (lesson 00)."""
    import ipywidgets as w

    out = w.HTML(value=html.escape(ui("course.hello_prompt")))
    button = w.Button(description=ui("course.hello_button"), button_style="primary")
    slider = w.IntSlider(value=3, min=1, max=10, description=ui("course.hello_slider"))

    def clicked(_b):
        out.value = "✔ " + html.escape(ui("course.hello_clicked", n=slider.value))

    button.on_click(clicked)
    box = w.VBox([w.HTML(html.escape(ui("course.hello_intro"))), slider, button, out])
    box.add_class("overdue-hello")
    return box


class Sources:
    """The sources behind a statement; shows as an HTML list in a notebook, a citation elsewhere."""

    def __init__(self, ids: Iterable[str]):
        from .quiz import references

        self.ids = tuple(ids)
        for ref_id in self.ids:
            references.get(ref_id)  # an unknown id fails here, loudly, for the maintainer
        self._references = references

    def __repr__(self) -> str:
        return ui("course.sources") + self._references.cite(self.ids)

    def _repr_html_(self) -> str:
        return self._references.render_html(self.ids)


def refs(*ids: str) -> Sources:
    """Show the sources behind a statement: ``refs("civil_code_1033", "psl2025_47")``.

    An unknown id is an error (tests also check every id used in the notebooks and content).
    """
    return Sources(ids)
