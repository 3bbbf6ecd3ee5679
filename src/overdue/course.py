"""Small helpers the lesson notebooks call: the page style, a first widget to try, source citations."""

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


# Links in the lessons are underlined, not told apart by colour alone (WCAG 1.4.1; axe-core's
# link-in-text-block): JupyterLab's and Voila's themes draw Markdown links in colour only.
LESSON_CSS = (
    ".jp-RenderedMarkdown a, .jp-RenderedHTMLCommon a, .widget-html-content a,"
    " .jp-RenderedMarkdown a:link, .jp-RenderedHTMLCommon a:link"
    " { text-decoration: underline !important; }"  # the themes style a:link, which outranks a
)


def lesson_page() -> None:
    """Called by each lesson's first cell: the course's page style (an invisible output)."""
    from IPython.display import HTML, display

    display(HTML(f"<style>{LESSON_CSS}</style>"))


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
