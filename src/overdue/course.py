"""Small helpers the lesson notebooks call: a first widget to try, and source citations."""

from __future__ import annotations

import html

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


def refs(*ids: str):
    """Show the sources behind a statement: ``refs("civil_code_1033", "psl2025_47")``.

    Displays as an HTML list in a notebook and as plain text elsewhere; an unknown id is an error
    (a test also checks every id used in the notebooks).
    """
    from .quiz import references

    return references.Sources(ids)
