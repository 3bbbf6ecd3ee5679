"""Reading what a learner typed: numbers, money, rates, whole numbers, dates and yes/no.

The one place typed input becomes a value (pure: no widgets, no plotting). The engine (`loan`,
`plans`), the forms, the quiz and the exercise checkers all read through it, so "1,234.5 元" means
the same number everywhere. A bad value raises `InputError`: its ``field`` is the input's name and
its ``message`` is Chinese and names the field as a learner sees it ("本金必须是数字，例如 1234.56").

What is understood:

* numbers as int, float, Decimal (numpy numbers too) or text; in text: surrounding blanks, full-width
  digits and signs (１２３，４５６．７), thousands separators ("," "，" and spaces), the currency
  marks 元 ¥ ￥ RMB, and Chinese numerals as people write amounts: 三千, 一万二 (12,000), 两千五百,
  3千, 1.2万, 壹万贰仟元整, when `CHINESE_NUMERALS` is on (or a caller passes ``chinese=True``). It is
  off: no reader of the course accepts them today (the engine, the letter and the quiz refuse "一万",
  "二十" and "五", and their tests say so); turning them on is this one switch for every reader. A
  string of bare digits without 十/百/千/万 ("一三八…") is never a number: that is how phone and card
  numbers are read aloud. bool, None, NaN and infinity are refused.
* a trailing % divides by 100 ("0.05%" is 0.0005) unless the caller asks to drop it;
* dates as date, datetime, numpy datetime64 or text: 2026-01-15, 2026/1/15, 2026.1.15,
  2026年1月15日 (full-width digits too);
* yes/no as a boolean, 0/1, or a word: 是/否, 对/不, yes/no, true/false ...

The limits of money, daily rates, instalments and the penalty multiplier are the engine's
(`overdue.loan.LIMITS`); a reader that checks a range takes its default from there.
"""

from __future__ import annotations

import numbers
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any, Literal

from .i18n import ui

__all__ = [
    "InputError",
    "NO_WORDS",
    "YES_WORDS",
    "chinese_number",
    "day",
    "error",
    "label",
    "money",
    "multiplier",
    "number",
    "rate",
    "whole",
    "yes_no",
]

CENT = Decimal("0.01")
CHINESE_NUMERALS = False  # read 一万二, 3千 ... in every reader (see the module docstring)


class InputError(ValueError):
    """A typed value that cannot be read. ``field`` is the input's name; ``message`` is Chinese and
    names the field as a learner sees it (e.g. "本金必须是大于 0 的数字"); ``key`` says what is wrong
    (``not_number``, ``positive``, ``not_negative``, ``too_large``, ``date`` ...), so that a form with
    its own wording can choose its message."""

    def __init__(self, field: str, message: str, key: str = ""):
        super().__init__(message)
        self.field = field
        self.message = message
        self.key = key

    def __str__(self) -> str:
        return self.message


def label(name: str) -> str:
    """The Chinese name of an input: ``calc.field.<name>``, else ``engine.field.<name>``, else `name`."""
    for key in (f"calc.field.{name}", f"engine.field.{name}"):
        try:
            return ui(key)
        except KeyError:
            continue
    return name


def error(name: str, key: str, *, field_label: str | None = None, **fmt: object) -> InputError:
    """An `InputError` for `name` with the wording ``engine.err.<key>`` (else ``calc.err.<key>``);
    the message names the field by `field_label` (default: `label(name)`)."""
    shown = label(name) if field_label is None else field_label
    try:
        message = ui(f"engine.err.{key}", field=shown, **fmt)
    except KeyError:
        message = ui(f"calc.err.{key}", field=shown, **fmt)
    return InputError(name, message, key)


def _limits() -> Any:
    from .loan import LIMITS  # the engine owns the limits; imported late, as loan reads through here

    return LIMITS


# --------------------------------------------------------------------------------------------
# Text to number
# --------------------------------------------------------------------------------------------

# full-width ASCII (！ to ～) to ASCII, the ideographic space to a space
_WIDE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CURRENCY = ("人民币", "RMB", "rmb", "元整", "圆整", "元", "圆", "¥", "￥", "整")
_SEPARATORS = str.maketrans("", "", ", \t\u00a0\u202f")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9, "壹": 1, "贰": 2, "貳": 2, "叁": 3, "參": 3, "肆": 4, "伍": 5, "陆": 6, "陸": 6, "柒": 7,
           "捌": 8, "玖": 9}
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_NUMERAL = re.compile(r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖十拾百佰千仟万萬亿億])+")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")


def chinese_number(text: str) -> Decimal | None:
    """The value of an amount written with Chinese numerals (三千五百, 一万二, 3千, 1.2万), or None.

    A digit must be followed by a unit (十百千万亿), except the last one: after 千 it counts hundreds
    (三千五 = 3,500), after 万 thousands (一万二 = 12,000), after 零 ones (一千零五 = 1,005). Two
    digits in a row ("一三八") are no amount."""
    if not text or not _NUMERAL.fullmatch(text) or text.replace(".", "").isdigit():
        return None
    total = section = ZERO_D
    pending: Decimal | None = None
    last_unit = 0
    after_zero = False
    for token in _TOKEN.findall(text):
        if token[0].isdigit() or token in _DIGITS:
            if pending is not None:
                return None  # two digits in a row: read aloud, not an amount
            value = Decimal(token) if token[0].isdigit() else Decimal(_DIGITS[token])
            if token in ("零", "〇"):
                after_zero, last_unit = True, 0
                continue
            pending = value
        elif token in _SMALL:
            unit = _SMALL[token]
            if pending is None:
                if unit != 10 or section or total:
                    if not (unit == 10 and after_zero):
                        return None
                pending = Decimal(1)  # 十二 = 12, 一百一十 = 110
            section += pending * unit
            pending, last_unit, after_zero = None, unit, False
        else:
            unit = _BIG[token]
            if pending is None and not section:
                return None
            section += pending or ZERO_D
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, pending, last_unit, after_zero = ZERO_D, None, unit, False
    if pending is not None:
        # a last digit with no unit: 三千五 = 3,500, 一万二 = 12,000, 一千零五 = 1,005
        pending = pending * last_unit / 10 if last_unit >= 100 and not after_zero else pending
        section += pending
    return total + section


ZERO_D = Decimal(0)


def _text_number(value: str, percent: str, chinese: bool | None) -> tuple[Decimal | None, bool]:
    """(the number in `value`, whether it ended in %); (None, _) when it is no number."""
    s = value.translate(_WIDE).strip()
    for mark in _CURRENCY:
        s = s.replace(mark, "")
    s = s.translate(_SEPARATORS).replace("，", "")
    has_percent = s.endswith("%")
    if has_percent:
        if percent == "refuse":
            return None, True
        s = s[:-1]
    sign = ""
    if s[:1] in "+-" and s[:1]:
        sign, s = s[0], s[1:]
    try:
        d = Decimal(sign + s) if s and (s[0].isdigit() or s[0] == ".") else None
    except InvalidOperation:
        d = None
    if d is None and (CHINESE_NUMERALS if chinese is None else chinese):
        d = chinese_number(s)
        if d is not None and sign == "-":
            d = -d
    if d is not None and not d.is_finite():
        return None, has_percent
    return d, has_percent


def number(
    value: Any,
    name: str,
    *,
    field_label: str | None = None,
    percent: Literal["divide", "drop", "refuse"] = "divide",
    chinese: bool | None = None,
) -> Decimal:
    """`value` as a finite Decimal; `InputError` ("…必须是数字") naming `name` otherwise.

    `percent`: what a trailing % does: ``divide`` by 100 ("0.05%" -> 0.0005), ``drop`` it
    ("18.25%" -> 18.25, for an answer whose unit is %), or ``refuse`` the value. `chinese`: read
    Chinese numerals too (一万二, 3千; see the module docstring)."""
    if isinstance(value, bool) or value is None:
        raise error(name, "not_number", field_label=field_label)
    if isinstance(value, Decimal):
        d: Decimal | None = value
    elif isinstance(value, (numbers.Integral, numbers.Real)):
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            d = None
    elif isinstance(value, str):
        d, has_percent = _text_number(value, percent, chinese)
        if d is not None and has_percent and percent == "divide":
            with localcontext() as ctx:
                ctx.prec = 40
                d = d / 100
    else:
        d = None
    if d is None or not d.is_finite():
        raise error(name, "not_number", field_label=field_label)
    return d


def fen(d: Decimal) -> Decimal:
    """Yuan rounded to the fen, half up (how a bill rounds)."""
    return d.quantize(CENT, rounding=ROUND_HALF_UP)


def money(
    value: Any,
    name: str,
    *,
    positive: bool = True,
    limit: Decimal | None = None,
    field_label: str | None = None,
    chinese: bool | None = None,
) -> Decimal:
    """A sum in yuan rounded to the fen: more than 0 (or not negative when not `positive`), at
    most `limit` (default: the engine's ``LIMITS.amount``, 1 亿元). 0.004 yuan is 0.00 to the fen,
    so it is not "more than 0"."""
    limit = _limits().amount if limit is None else limit
    d = number(value, name, field_label=field_label, chinese=chinese)
    if positive and d <= 0:
        raise error(name, "positive", field_label=field_label)
    if d < 0:
        raise error(name, "not_negative", field_label=field_label)
    if d > limit:
        raise error(name, "too_large", field_label=field_label, limit=f"{limit:,.0f}")
    d = fen(d)
    if positive and d <= 0:
        raise error(name, "positive", field_label=field_label)
    return d


def rate(
    value: Any,
    name: str = "daily_rate",
    *,
    high: Decimal | None = None,
    high_key: str = "daily_rate_high",
    field_label: str | None = None,
    chinese: bool | None = None,
) -> Decimal:
    """A rate as a decimal fraction (a trailing % is understood: "0.05%" -> 0.0005), from 0 to
    `high` (default: the engine's highest daily rate, 1% a day; message ``high_key`` above it)."""
    high = _limits().daily_rate if high is None else high
    d = number(value, name, field_label=field_label, chinese=chinese)
    if d < 0:
        raise error(name, "not_negative", field_label=field_label)
    if d > high:
        raise error(name, high_key, field_label=field_label)
    return d


def whole(value: Any, name: str, low: int, high: int, *, field_label: str | None = None,
          chinese: bool | None = None) -> int:
    """A whole number from `low` to `high` ("10", "10期", "十二个月", 10.0 are read; 1.5 is not)."""
    if isinstance(value, bool):
        raise error(name, "whole_number", field_label=field_label, low=low, high=high)
    if isinstance(value, numbers.Integral):
        d = Decimal(int(value))
    else:
        if isinstance(value, str):
            value = value.strip().translate(_WIDE).rstrip("期个月天日").strip()
        try:
            d = number(value, name, percent="refuse", chinese=chinese)
        except InputError:
            raise error(name, "whole_number", field_label=field_label, low=low, high=high) from None
    if d != d.to_integral_value() or not low <= d <= high:
        raise error(name, "whole_number", field_label=field_label, low=low, high=high)
    return int(d)


def multiplier(value: Any, name: str = "penalty_multiplier", *, field_label: str | None = None,
               chinese: bool | None = None) -> Decimal:
    """The penalty multiplier: from 0 to the engine's ``LIMITS.multiplier`` (10)."""
    d = number(value, name, field_label=field_label, chinese=chinese)
    if not 0 <= d <= _limits().multiplier:
        raise error(name, "multiplier", field_label=field_label)
    return d


# --------------------------------------------------------------------------------------------
# Dates and yes/no
# --------------------------------------------------------------------------------------------

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")


def day(value: Any, name: str, *, field_label: str | None = None) -> date:
    """A date from a date, a datetime, a numpy datetime64 or text: 2026-01-15, 2026/1/15, 2026.1.15,
    2026年1月15日 (full-width digits too). An impossible date (2026-02-30) is refused."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if type(value).__name__ == "datetime64":
        return day(str(value.astype("datetime64[D]")), name, field_label=field_label)
    if isinstance(value, str):
        s = value.translate(_WIDE).strip()
        m = _DATE.fullmatch(s)
        try:
            if m:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return date.fromisoformat(s)
        except ValueError:
            pass
    raise error(name, "date", field_label=field_label)


YES_WORDS = frozenset({"是", "对", "要", "有", "开", "打开", "勾选", "yes", "y", "true", "t", "on", "1"})
NO_WORDS = frozenset({"否", "不", "不是", "不对", "不要", "没有", "无", "关", "关闭", "不勾选", "no", "n", "false", "f",
                      "off", "0", ""})


def yes_no(value: Any, name: str, *, field_label: str | None = None, words: bool = True) -> bool:
    """A yes/no option: a boolean (numpy's too), the whole number 0 or 1, or (when `words`) the
    Chinese or English word for yes or no (是/否, yes/no, true/false ...). Anything else ("假",
    "maybe", 2, 0.5) is refused, so that "false" never turns an option on."""
    if isinstance(value, bool):
        return value
    if type(value).__name__ == "bool_":  # numpy's boolean
        return bool(value)
    if isinstance(value, numbers.Integral) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and words:
        word = value.translate(_WIDE).strip().lower()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
    raise error(name, "yes_no", field_label=field_label)
