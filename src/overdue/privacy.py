"""Refusing real personal numbers: the one check every form, export, store and the workshop nickname use.

Nothing in this course needs a real ID-card number, bank-card number or mobile number, and a file on
a shared computer may be read by others. `sensitive_number()` says whether a text holds one:
'id' (居民身份证号码), 'card' (银行卡号) or 'phone' (a mainland mobile number); `refusal()` gives
the Chinese message that names the field, or None when the text is fine. Only a field made for a
caller's number (the contact log's 来电号码) passes ``allow_phone=True``.

What counts (the checksums come from python-stdnum):

* 'id': 18 characters, the last a digit or X, whose check character is right (``stdnum.cn.ric``) and
  whose birth date exists; or an old 15-digit number (a province code, then a birth date YYMMDD
  that exists); a number of one digit repeated (0000…) is nobody's;
* 'card': 16-19 digits that pass the Luhn check (``stdnum.luhn``);
* 'phone': 11 digits 1[3-9]xxxxxxxxx, also after +86 / 0086.

How it is written does not matter: full-width digits, Chinese numerals (零〇一二三四五六七八九,
幺 for 1 and 两 for 2 as people read phone numbers, also 壹贰叁…), zero-width characters, and
spaces, dots, dashes, underscores or slashes between digits. Digit groups split by separators are
read as one number when they are written the way such a number is written (groups of four, the last
one shorter; 6-8-4; 3-4-4; one digit at a time) or when they join into a valid ID-card number; any
other run, and a run longer than a card number, is searched for such a number among its
neighbouring groups. So ``4600 3600 800 1200`` stays four amounts, while ``6222 0212 3456 7894 2026``
holds a card number. The price of that: four 4-digit groups in a row that pass the Luhn check
(1 in 10 of them) are refused even when they were meant as years; ``2023年 2024年`` never is.

    sensitive_number("卡号 6222 0212 3456 7894")        # 'card'
    sensitive_number("一三八 一二三四 五六七八")           # 'phone'
    refusal("卡号 6222021234567894", "备注")            # '备注里有一串像银行卡号的数字……'
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from stdnum import luhn
from stdnum.cn import ric

from .i18n import ui

ID = "id"
CARD = "card"
PHONE = "phone"
KINDS = (ID, CARD, PHONE)  # the order of precedence when a text holds several
MAX_DIGITS = 19  # the longest number looked for (a card)

# Zero-width and invisible characters people (or a copy from a web page) leave between digits.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063"
                                    "\u2064\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None)
# Dashes of every kind as '-', and Chinese numerals (also the forms used when reading a phone number
# aloud: 幺 = 1, 两 = 2; and the financial forms 壹贰叁…) as digits.
_TRANSLATE = {
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff70~\u301c"), "-"),
    **{ord(c): str(i) for i, chars in enumerate(
        ("零〇○", "一幺壹弌", "二两貳贰弍", "三叁參弎", "四肆", "五伍", "六陆陸", "七柒", "八捌", "九玖")
    ) for c in chars},
}
# A run of digits, possibly split by separators, possibly ending in X (the ID check character).
_SEP = r" \t\-._/\\·"
_RUN = re.compile(rf"[0-9](?:[0-9{_SEP}]*[0-9Xx])?")
_SPLIT = re.compile(rf"[{_SEP}]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# The first two digits of a first-generation (15-digit) ID-card number: the province (GB/T 2260).
_PROVINCES = frozenset("11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65"
                       " 71 81 82".split())
_PHONE_LAYOUTS = ([3, 4, 4], [3, 8], [7, 4], [4, 7], [3, 3, 5])


def normalised(value: str) -> str:
    """The text with full-width characters as ASCII (NFKC), invisible characters removed, every
    kind of dash as '-' and Chinese numerals as digits."""
    return unicodedata.normalize("NFKC", value).translate(_INVISIBLE).translate(_TRANSLATE)


def _date_exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def is_id_number(digits: str) -> bool:
    """A valid ID-card number: 18 characters with a right check character (stdnum.cn.ric) and a
    birth date that exists, or 15 digits (the first-generation card) with a birth date that exists."""
    if len(digits) == 18:
        body, check = digits[:17], digits[17].upper()
        if not body.isdigit() or body[0] == "0" or not (check.isdigit() or check == "X"):
            return False
        year, month, day = int(body[6:10]), int(body[10:12]), int(body[12:14])
        return (1900 <= year <= 2099 and _date_exists(year, month, day)
                and ric.calc_check_digit(digits.upper()) == check)
    if len(digits) == 15 and digits.isdigit() and digits[:2] in _PROVINCES:
        return _date_exists(1900 + int(digits[6:8]), int(digits[8:10]), int(digits[10:12]))
    return False


def is_card_number(digits: str) -> bool:
    """16-19 digits passing the Luhn check (stdnum.luhn)."""
    return digits.isdigit() and 16 <= len(digits) <= MAX_DIGITS and luhn.is_valid(digits)


def is_mobile_number(digits: str) -> bool:
    """A mainland mobile number, with or without +86 / 0086 in front."""
    for prefix in ("0086", "86", ""):
        if digits.startswith(prefix) and _MOBILE.fullmatch(digits[len(prefix):]):
            return True
    return False


def _kind(digits: str) -> str | None:
    if len(set(digits.upper())) == 1:  # 0000… or 1111…: a placeholder, nobody's number
        return None
    if is_id_number(digits):
        return ID
    digits = digits.rstrip("Xx")  # an x right after a card or phone number is a letter, not a check character
    if is_card_number(digits):
        return CARD
    if is_mobile_number(digits):
        return PHONE
    return None


def _one_number(groups: list[str]) -> bool:
    """Whether digit groups split by separators read as one number (see the module docstring)."""
    if len(groups) == 1 or all(len(g) == 1 for g in groups):
        return True
    lengths = [len(g) for g in groups]
    if all(n == 4 for n in lengths[:-1]) and 1 <= lengths[-1] <= 4:
        return True
    if lengths == [6, 8, 4]:
        return True
    if groups[0] in ("86", "0086") and lengths[1:] in _PHONE_LAYOUTS:
        return True
    if lengths in _PHONE_LAYOUTS:
        return True
    return is_id_number("".join(groups))


def _candidates(value: str):
    """The digits of each run read as one number; when a run does not read as one number, or is
    longer than any number looked for (a card number followed by a year, say), every stretch of
    neighbouring groups that does (at most MAX_DIGITS digits long)."""
    for match in _RUN.finditer(normalised(value)):
        groups = [g for g in _SPLIT.split(match.group()) if g]
        joined = "".join(groups)
        if len(joined) <= MAX_DIGITS and _one_number(groups):
            yield joined
            continue
        if len(groups) == 1:
            continue
        for i in range(len(groups)):
            size = 0
            for j in range(i, len(groups)):
                size += len(groups[j])
                if size > MAX_DIGITS + 4:  # +4: a prefix such as 0086 before a mobile number
                    break
                if size >= 11 and _one_number(groups[i:j + 1]):
                    yield "".join(groups[i:j + 1])


def sensitive_number(value: object, *, allow_phone: bool = False) -> str | None:
    """'id', 'card' or 'phone' when `value` holds what looks like a real one of these (the first
    of those kinds found, in that order), else None. `allow_phone`: a mobile number is fine here."""
    found = set()
    for digits in _candidates(str(value or "")):
        kind = _kind(digits)
        if kind == ID:
            return ID
        if kind == PHONE and allow_phone:
            continue
        if kind:
            found.add(kind)
    return next((k for k in KINDS if k in found), None)


def refusal(value: object, field: str, *, allow_phone: bool = False) -> str | None:
    """The Chinese message refusing `value` in the field labelled `field`, or None when it is fine."""
    kind = sensitive_number(value, allow_phone=allow_phone)
    return ui(f"privacy.{kind}_number", field=field) if kind else None


def contains_sensitive(texts, *, allow_phone: bool = False) -> str | None:
    """The first kind found in any of `texts` (the last check before something is written)."""
    for t in texts:
        kind = sensitive_number(t, allow_phone=allow_phone)
        if kind:
            return kind
    return None


def scrub(data: object, *, allow_phone: tuple[str, ...] = (), _key: str = "") -> object:
    """`data` (JSON-like: dicts, lists, texts, numbers) with every text that holds a personal number
    replaced by "" (what a store keeps; the form refuses such a text anyway). Texts under a dict key
    in `allow_phone` may hold a phone number."""
    if isinstance(data, str):
        return "" if sensitive_number(data, allow_phone=_key in allow_phone) else data
    if isinstance(data, dict):
        return {k: scrub(v, allow_phone=allow_phone, _key=str(k)) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [scrub(v, allow_phone=allow_phone, _key=_key) for v in data]
    return data


__all__ = ["CARD", "ID", "PHONE", "contains_sensitive", "is_card_number", "is_id_number", "is_mobile_number",
           "normalised", "refusal", "scrub", "sensitive_number"]
