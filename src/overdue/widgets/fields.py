"""Shared pieces of the views: the form view, the chart image, the loan-term rows, showing a state.

The state of every form (`Calculator`, reading input, presets, formatting) lives in
`overdue.forms.base`; this module holds only what draws it with ipywidgets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import Any

from ..forms.base import (
    Calculator,
    as_bool,
    block,
    cite_refs,
    esc,
    field_label,
    preset_refs,
    preset_text,
    read_bool,
    read_date,
)
from ..forms.terms import loan_defaults
from ..i18n import ui
from ..loan import METHODS, LoanInputError

LABEL_WIDTH = "170px"  # the width of every form label, so the inputs line up


@cache
def chart_image_class() -> type:
    """An ipywidgets Image whose ``tooltip`` becomes the picture's title, its text alternative.

    ipywidgets' own view sets the title only when the model's ``description`` is empty text, and an
    Image has no description: the view then fails to render ("Cannot read properties of undefined").
    This subclass syncs an empty description, so ``image.tooltip = "折线图：…"`` works."""
    import ipywidgets as w
    from traitlets import Unicode

    class ChartImage(w.Image):
        description = Unicode("").tag(sync=True)

    return ChartImage


class Shown:
    """Mixin for a form's state (`overdue.forms.base.Calculator`): its ipywidgets view, built on first
    use (``.view``, ``.widget``), and the notebook display. Subclasses give `_make_view`."""

    _view: Any = None

    def _make_view(self) -> Any:
        raise NotImplementedError

    @property
    def view(self) -> Any:
        if self._view is None:
            self._view = self._make_view()
        return self._view

    @property
    def widget(self) -> Any:
        """The ipywidgets view (built on first use)."""
        return self.view.widget

    def _ipython_display_(self) -> None:  # pragma: no cover - notebook only
        from IPython.display import display

        display(self.widget)


# --------------------------------------------------------------------------------------------
# Form view helpers (ipywidgets)
# --------------------------------------------------------------------------------------------


class FormView:
    """A base for the thin views: one input widget per field with a message beside it.

    ``inputs[name]`` is the input widget, ``messages[name]`` the HTML beside it (class
    ``overdue-field-error`` when showing a message), ``form_message`` the general message.

    `refresh()` mirrors the state: the inputs and messages, then `show_state()`; with no result yet
    `show_no_result()`; while an input is bad the last good result (and chart) stays; otherwise
    `show_result(result)`. ``image`` and ``chart`` hold the chart, drawn by `show_chart()`."""

    chart: Any = None

    def __init__(self, state: Calculator):
        import ipywidgets as w

        self.w = w
        self.state = state
        self.inputs: dict[str, Any] = {}
        self.messages: dict[str, Any] = {}
        self.form_message = w.HTML()
        self.form_message.add_class("overdue-calc-message")
        self._syncing = False

    # building ---------------------------------------------------------------------------------
    def text_field(self, name: str, placeholder: str = "", width: str = "160px") -> Any:
        w = self.w
        box = w.Text(value=_as_text(getattr(self.state, name)), placeholder=placeholder,
                     layout=w.Layout(width=width), continuous_update=False)
        return self._register(name, box)

    def date_field(self, name: str) -> Any:
        w = self.w
        value = getattr(self.state, name)
        try:
            value = read_date(value, name)
        except LoanInputError:
            value = None
        box = w.DatePicker(value=value, layout=w.Layout(width="160px"))
        return self._register(name, box)

    def dropdown_field(self, name: str, options: list[tuple[str, Any]], width: str = "160px") -> Any:
        w = self.w
        value = getattr(self.state, name)
        values = [v for _, v in options]
        value = _option_value(name, value)
        box = w.Dropdown(options=options, value=value if value in values else values[0],
                         layout=w.Layout(width=width))
        return self._register(name, box)

    def checkbox_field(self, name: str, label: str) -> Any:
        w = self.w
        box = w.Checkbox(value=as_bool(getattr(self.state, name)), description=label, indent=False,
                         layout=w.Layout(width="auto"))
        return self._register(name, box)

    def output(self, css_class: str) -> Any:
        """An empty HTML output with its CSS class (the page style and the tests find it by the class)."""
        box = self.w.HTML()
        box.add_class(css_class)
        return box

    def chart_image(self, css_class: str, height: str) -> Any:
        """The PNG image the chart is shown in, 600 pixels wide; `show_chart` gives it its text."""
        image = chart_image_class()(format="png", layout=self.w.Layout(width="600px", height=height))
        image.add_class(css_class)
        return image

    def heading(self, title: str, intro: str) -> Any:
        return self.w.HTML(block(f"<h3>{esc(title)}</h3><p>{esc(intro)}</p>"))

    def _register(self, name: str, box: Any) -> Any:
        box.add_class(f"overdue-field-{name.replace('_', '-')}")
        self.inputs[name] = box
        msg = self.w.HTML(layout=self.w.Layout(min_width="0", flex="1 1 auto"))
        self.messages[name] = msg
        box.observe(lambda change, n=name: self._on_input(n, change["new"]), names="value")
        return box

    def row(self, name: str, label: str | None = None, hint: str = "") -> Any:
        """Label, input, message: one line of the form. The label is the input's own description, so
        it is tied to the input (a screen reader names the field; clicking the label focuses it)."""
        w = self.w
        box = self.inputs[name]
        box.description = label if label is not None else field_label(name)
        box.style.description_width = LABEL_WIDTH
        if box.layout.width and box.layout.width.endswith("px") and not isinstance(box, w.Checkbox):
            box.layout.width = f"{int(box.layout.width[:-2]) + int(LABEL_WIDTH[:-2])}px"
        parts = [box]
        if hint:
            parts.append(w.HTML(f"<span style='color:#555;font-size:90%;white-space:nowrap'>{esc(hint)}</span>",
                                layout=w.Layout(flex="0 0 auto", margin="0 12px 0 4px")))
        parts.append(self.messages[name])
        return w.HBox(parts, layout=w.Layout(align_items="center"))

    # behaviour --------------------------------------------------------------------------------
    def _on_input(self, name: str, value: Any) -> None:
        if self._syncing:
            return
        setattr(self.state, name, value)
        self.state.compute()  # the state notifies refresh()

    def sync_inputs(self) -> None:
        """Show the state's current inputs in the boxes (after the state was changed directly)."""
        self._syncing = True
        try:
            for name, box in self.inputs.items():
                value = getattr(self.state, name)
                if isinstance(box, self.w.Text):
                    value = _as_text(value)
                elif isinstance(box, self.w.DatePicker):
                    try:
                        value = read_date(value, name)
                    except LoanInputError:
                        continue
                elif isinstance(box, self.w.Checkbox):
                    try:
                        value = read_bool(value, name)
                    except LoanInputError:
                        continue
                elif isinstance(box, self.w.Dropdown):
                    value = _option_value(name, value)
                    if value not in [v for _, v in box.options]:
                        continue
                if box.value != value:
                    box.value = value
        finally:
            self._syncing = False

    def refresh(self) -> None:
        self.sync_inputs()
        self.show_errors()
        self.show_state()
        result = self.state.result
        if result is None:
            self.show_no_result()
            return
        if self.state.errors and self.chart is not None:
            return  # keep the last good result and chart
        self.show_result(result)

    def show_state(self) -> None:
        """After the messages, before the result: what depends on the inputs alone."""

    def show_no_result(self) -> None:
        """No good input yet."""

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def show_chart(self, make: Callable[[Any], Any], result: Any, alt: str = "") -> None:
        """Draw the chart the first time (``make(result)``), then only update its data. `alt` says in
        words what the chart shows (its key figures): the image's text alternative (its title)."""
        if self.chart is None:
            self.chart = make(result)
        else:
            self.chart.update(result)
        with self.image.hold_sync():  # picture and text in one message: the page decodes the picture once
            self.image.value = self.chart.png
            self.image.tooltip = alt or ui("calc.alt.generic")

    def show_terms_error(self, fields: Iterable[str]) -> None:
        """A field of the collapsed loan terms is wrong: say so under the visible fields too."""
        if any(k in self.state.errors for k in fields):
            self.form_message.value += (f"<div class='overdue-error' style='color:#B00020'>"
                                        f"{esc(ui('calc.check.terms_error'))}</div>")

    def show_errors(self) -> None:
        errors = self.state.errors
        for name, msg in self.messages.items():
            if name in errors:
                msg.value = block(f"<span class='overdue-error' style='color:#B00020'>✘ {esc(errors[name])}</span>")
                msg.add_class("overdue-field-error")
            else:
                msg.value = ""
                msg.remove_class("overdue-field-error")
        general = [m for k, m in errors.items() if k not in self.messages]
        if errors:
            lines = "".join(f"✘ {esc(m)}<br>" for m in general)
            kept = ui("common.kept_last") if self.state.result is not None else ""
            self.form_message.value = (f"<div class='overdue-error' style='color:#B00020'>{lines}"
                                       f"{esc(kept)}</div>")
        else:
            self.form_message.value = ""


def _option_value(name: str, value: Any) -> Any:
    """A dropdown's value for a state value (a Chinese method name becomes its code)."""
    if name == "method" and isinstance(value, str):
        from ..loan import METHOD_ALIASES

        return METHOD_ALIASES.get(value.strip(), value)
    return value


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


# --------------------------------------------------------------------------------------------
# The loan-term rows every calculator's form shows (the state: overdue.forms.terms)
# --------------------------------------------------------------------------------------------


def method_options() -> list[tuple[str, str]]:
    return [(ui(f"engine.method.{m}"), m) for m in METHODS]


def loan_form(view: FormView) -> list[Any]:
    """The loan-term rows shared by the calculators' forms."""
    v = view
    example = loan_defaults()  # the placeholders show the example of content/presets.yaml
    v.text_field("principal", example["principal"])
    v.text_field("daily_rate", example["daily_rate"])
    v.text_field("periods", example["periods"])
    v.dropdown_field("method", method_options())
    v.date_field("start")
    v.text_field("paid_through", example["paid_through"])
    v.date_field("on")
    v.text_field("penalty_multiplier", example["penalty_multiplier"])
    v.checkbox_field("compound", ui("calc.compound_label"))
    v.checkbox_field("accelerate", ui("calc.accelerate_label"))
    v.date_field("accelerate_on")
    # beside its checkbox: a short label of its own, so that the date field has a name
    v.inputs["accelerate_on"].description = field_label("accelerate_on")
    v.inputs["accelerate_on"].style.description_width = "initial"
    v.inputs["accelerate_on"].layout.width = "auto"
    return [
        v.row("principal", ui("calc.field.principal_yuan")),
        v.row("daily_rate", hint=ui("calc.hint.daily_rate")),
        v.row("periods"),
        v.row("method"),
        v.row("start"),
        v.row("paid_through", hint=ui("calc.hint.paid_through")),
        v.row("on"),
        v.row("penalty_multiplier", hint=ui("calc.hint.penalty_multiplier")),
        v.w.HBox([v.inputs["compound"], v.messages["compound"]]),
        v.w.HBox([v.inputs["accelerate"], v.inputs["accelerate_on"], v.messages["accelerate_on"],
                  v.messages["accelerate"]], layout=v.w.Layout(align_items="center")),
    ]


def loan_terms(view: FormView, title: str) -> Any:
    """The example note and the loan-term rows, collapsed under `title` (opened by the learner)."""
    w = view.w
    terms = w.Accordion(children=[w.VBox([w.HTML(preset_note_html())] + loan_form(view))])
    terms.set_title(0, title)
    terms.selected_index = None
    return terms


def preset_note_html() -> str:
    label = preset_text("label")
    note = preset_text("note")
    refs = cite_refs(preset_refs())
    return (f"<div class='overdue-calc-preset' style='background:#FFF8E1;padding:6px 10px;border-radius:4px'>"
            f"<b>{esc(label)}</b>：{esc(note)}<br><small>{esc(refs)}</small></div>")
