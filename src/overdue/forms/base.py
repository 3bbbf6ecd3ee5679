"""What every form shares: the example inputs, reading typed input, the state base class, formatting.

A form is a plain object: its inputs are attributes (text or numbers, as typed), `compute()` reads
them, puts a Chinese message per bad field in ``errors`` and keeps the last good ``result``. No
exception leaves `compute()`: an input error (`overdue.inputs.InputError`) becomes a message beside
its field, anything else a general message. Pure: no widget, plotting or IPython library; the
ipywidgets views in `overdue.widgets` wrap these objects and only mirror them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from .. import inputs
from ..contentfiles import shipped
from ..i18n import text, ui
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

field_label = inputs.label  # the Chinese name of a field: calc.field.<name>, else engine.field.<name>


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
        self.compute()

    # subclasses ------------------------------------------------------------------------------
    def defaults(self) -> dict[str, Any]:
        raise NotImplementedError

    def _compute(self, read: Reader) -> Any:
        """Read the inputs with `read`; return the result, or None when `read` collected errors."""
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

    # listeners (a view refreshes itself through these) -------------------------------------------
    def on_change(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _notify(self) -> None:
        for cb in list(self._listeners):
            try:
                cb()
            except Exception:  # a view problem must not break the state
                pass


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
