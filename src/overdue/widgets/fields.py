"""Shared pieces of the calculators: reading typed input, the state base class, the form view.

A calculator is a plain object: its inputs are attributes (text or numbers, as typed), `compute()`
reads them, puts a Chinese message per bad field in ``errors`` and keeps the last good ``result``.
No exception leaves `compute()`: the engine's `LoanInputError` becomes a message beside its field,
anything else a general message. The ipywidgets view (``.widget``) is built on first use and only
mirrors the state.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from .. import inputs
from ..contentfiles import shipped
from ..i18n import text, ui
from ..inputs import InputError
from ..loan import LIMITS, LoanInputError, check_method

FORM = "_form"  # the errors key of a message that belongs to no single field
PRESETS_FILE = "presets.yaml"


# --------------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------------


def presets() -> dict[str, Any]:
    """content/presets.yaml as a dict: the example loan and the example inputs of every form (the
    only copy of them; a missing or broken file is a ContentError, not a silent second example)."""
    data = shipped(PRESETS_FILE)
    if not isinstance(data, dict):
        from ..contentfiles import ContentError

        raise ContentError(f"{PRESETS_FILE}: 应为一个映射")
    return data


def preset(section: str) -> dict[str, Any]:
    """One section of the presets (e.g. ``overdue``, the example loan) as a new dict."""
    entry = presets().get(section)
    return dict(entry) if isinstance(entry, dict) else {}


def preset_text(key: str) -> str:
    """A learner-facing text of the presets file (``label``, ``note`` ...), in the course language."""
    value = presets().get(key)
    return text(value) if isinstance(value, (dict, str)) else ""


def preset_refs() -> list[str]:
    refs = presets().get("refs")
    return [str(r) for r in refs] if isinstance(refs, list) else []


# --------------------------------------------------------------------------------------------
# Reading input
# --------------------------------------------------------------------------------------------


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


field_label = inputs.label  # the Chinese name of a field: calc.field.<name>, else engine.field.<name>


def _msg(key: str, name: str, **fmt: object) -> InputError:
    """An input error with the engine's wording (engine.err.<key>, else calc.err.<key>) naming the field."""
    return inputs.error(name, key, **fmt)


# The readers of the forms: `overdue.inputs` with the engine's limits ("1,234.5 元", "１２３４", "10期").


def read_number(value: Any, name: str) -> Decimal:
    """A finite Decimal from text or a number (commas, full-width digits, 元 and ¥ tolerated)."""
    return inputs.number(value, name)


def read_money(value: Any, name: str, *, positive: bool = True, limit: Decimal = LIMITS.amount) -> Decimal:
    """A sum in yuan (> 0, or >= 0 when not `positive`), at most `limit`, rounded to the fen."""
    return inputs.money(value, name, positive=positive, limit=limit)


def read_rate(value: Any, name: str, *, high: Decimal, high_key: str) -> Decimal:
    """A rate as a decimal fraction. A trailing % is understood (``0.05%`` -> 0.0005). Refuses
    negative rates and rates above `high` (message ``high_key``)."""
    return inputs.rate(value, name, high=high, high_key=high_key)


def read_daily_rate(value: Any, name: str = "daily_rate") -> Decimal:
    """A daily rate: 0.0005 or 0.05%; at most the engine's limit (1% a day)."""
    return inputs.rate(value, name, high=LIMITS.daily_rate)


def read_whole(value: Any, name: str, low: int, high: int) -> int:
    """A whole number from `low` to `high` (text like "10" or "10期" accepted)."""
    return inputs.whole(value, name, low, high)


def read_multiplier(value: Any, name: str = "penalty_multiplier") -> Decimal:
    """The penalty multiplier, from 0 to the engine's limit."""
    return inputs.multiplier(value, name)


def read_method(value: Any, name: str = "method") -> str:
    """A repayment method: equal_principal | equal_payment | interest_only, or its Chinese name."""
    return check_method(value, name)


def read_bool(value: Any, name: str) -> bool:
    """A yes/no option: a real boolean, or the Chinese or English word for yes or no (是/否,
    yes/no, true/false ...). Anything else (a number, "假", "maybe") gets a Chinese message, so that
    "false" never turns an option on."""
    return inputs.yes_no(value, name)


def as_bool(value: Any) -> bool:
    """`read_bool`, with False for a value that is no yes/no (for showing a check box)."""
    try:
        return read_bool(value, "")
    except LoanInputError:
        return False


def read_date(value: Any, name: str) -> date:
    """A date from a date, a datetime or text (2026-01-15, 2026/1/15, 2026年1月15日)."""
    return inputs.day(value, name)


class Reader:
    """Reads several fields, collecting one message per bad field instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def __call__(self, fn: Callable[..., Any], value: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(value, name, *args, **kwargs)
        except LoanInputError as exc:
            self.errors.setdefault(exc.field or name, exc.message)
            return None

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)


# --------------------------------------------------------------------------------------------
# State base class
# --------------------------------------------------------------------------------------------


class Calculator:
    """Plain state: input attributes in ``INPUTS``; `compute()` -> ``result`` / ``errors``.

    ``result`` always holds the last good result (None before the first success). ``errors`` maps a
    field name (or ``FORM``) to a Chinese message; it is empty after a good compute."""

    INPUTS: tuple[str, ...] = ()

    def __init__(self, **overrides: Any):
        self._unknown = sorted(set(overrides) - set(self.INPUTS))
        for name, value in self.defaults().items():
            setattr(self, name, value)
        for name, value in overrides.items():
            if name in self.INPUTS:
                setattr(self, name, value)
        self.errors: dict[str, str] = {}
        self.result: Any = None
        self._listeners: list[Callable[[], None]] = []
        self._view: Any = None
        self.compute()

    # subclasses ------------------------------------------------------------------------------
    def defaults(self) -> dict[str, Any]:
        raise NotImplementedError

    def _compute(self, read: Reader) -> Any:
        """Read the inputs with `read`; return the result, or None when `read` collected errors."""
        raise NotImplementedError

    def _make_view(self) -> Any:
        raise NotImplementedError

    # ------------------------------------------------------------------------------------------
    def inputs(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.INPUTS}

    def set(self, **values: Any) -> bool:
        """Set inputs and compute. Returns True when the inputs were good. A name that is not an
        input is not set: ``errors`` names it in Chinese (with the closest input's name)."""
        self._unknown = sorted(set(values) - set(self.INPUTS))
        for name, value in values.items():
            if name in self.INPUTS:
                setattr(self, name, value)
        return self.compute()

    def _unknown_message(self) -> str:
        import difflib

        parts = []
        for name in self._unknown:
            close = difflib.get_close_matches(name, self.INPUTS, n=1)
            parts.append(ui("calc.err.unknown_input_like", name=name, like=close[0]) if close
                         else ui("calc.err.unknown_input", name=name))
        return "".join(parts) + ui("calc.err.known_inputs", names="、".join(self.INPUTS))

    def compute(self) -> bool:
        """Read the inputs; on success replace ``result``, else keep it and fill ``errors``.

        Never raises: an engine input error goes beside its field, anything else is reported as a
        general Chinese message (``errors[FORM]``)."""
        read = Reader()
        if getattr(self, "_unknown", None):
            read.fail(FORM, self._unknown_message())
        try:
            result = self._compute(read)
        except LoanInputError as exc:
            read.fail(exc.field if exc.field in self.INPUTS else FORM, exc.message)
            result = None
        except Exception:  # the learner must never see a traceback
            read.fail(FORM, ui("calc.err.unexpected"))
            result = None
        if read.errors or result is None:
            if not read.errors:
                read.fail(FORM, ui("calc.err.unexpected"))
            self.errors = read.errors
            ok = False
        else:
            self.errors = {}
            self.result = result
            ok = True
        self._notify()
        return ok

    @property
    def ok(self) -> bool:
        return not self.errors

    # view ---------------------------------------------------------------------------------------
    def on_change(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _notify(self) -> None:
        for cb in list(self._listeners):
            try:
                cb()
            except Exception:  # a view problem must not break the state
                pass

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
# Formatting
# --------------------------------------------------------------------------------------------


def yuan(d: Decimal | float | int) -> str:
    """¥12,345.67 (the table's money format, to the fen)."""
    return f"¥{Decimal(str(d)):,.2f}"


def percent(d: Decimal | float, places: int = 2) -> str:
    """0.1825 -> 18.25%."""
    return f"{Decimal(str(d)) * 100:.{places}f}%"


def rate_text(d: Decimal) -> str:
    """A daily rate as a learner writes it: 0.0005 -> 0.05%."""
    s = f"{(Decimal(str(d)) * 100).normalize():f}"
    return s + "%"


def esc(s: object) -> str:
    return html.escape(str(s))


def block(inner_html: str) -> str:
    """Wrap already-escaped HTML so that it wraps inside an ipywidgets HTML widget."""
    return f"<div style='white-space:normal;line-height:1.5'>{inner_html}</div>"


def cited_list(title: str, items: Iterable[tuple[str, Iterable[str]]]) -> str:
    """A bold title over a numbered list; each item's text with its references in small print."""
    lis = "".join(f"<li>{esc(t)}<br><small>{esc(cite_refs(refs))}</small></li>" for t, refs in items)
    return block(f"<b>{esc(title)}</b><ol>{lis}</ol>")


def cite_refs(ids: Iterable[str]) -> str:
    """"依据：…" for the reference ids (plain text; empty when the references cannot be read)."""
    ids = list(ids)
    if not ids:
        return ""
    parts = []
    try:
        from ..quiz import references

        for ref_id in dict.fromkeys(ids):
            one = references.cite([ref_id])
            if not one:
                continue
            if getattr(references.get(ref_id), "confidence", "V") == "S":
                one += ui("calc.refs_secondary")
            parts.append(one)
    except Exception:
        parts = []
    return ui("calc.refs", refs="；".join(parts)) if parts else ""


def refs_html(ids: Iterable[str]) -> str:
    """The references as an escaped HTML list (the quiz engine's renderer), or "" if unavailable."""
    try:
        from ..quiz import references

        return references.render_html(list(ids))
    except Exception:
        return ""


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
