"""Refusing real personal numbers: the one check every form and export uses.

Nothing in this course needs a real ID-card number or bank-card number, and a file on a shared
computer may be read by others. `sensitive_number()` says whether a text holds something that looks
like an 18-digit ID-card number ('id') or a 16-19 digit bank-card number ('card');
`refusal()` gives the Chinese message for a field, or None when the text is fine.

What counts as one number:

* full-width digits, spaces and hyphens (``６２２２－０２１２``) are read as ordinary ones;
* neighbouring digit groups split by spaces or hyphens are joined when they are written the usual
  ways of writing a card (groups of four, the last one shorter: ``6222 0212 3456 7890 123``) or an
  ID card (``110101 19900307 777X``), or when the joined digits are a well-formed ID-card number
  (region, birth date, check character); ``4600 3600 800 1200 2026`` stays five amounts and
  ``2023 2024 2025 2026 2027`` five years, while ``6222 0212 3456 7890 2026-11-03`` holds a card number;
* 'id' is a well-formed ID-card number or 17 digits and an X; other 16-19 digits are 'card';
  when a text holds both kinds, 'id' wins.

    sensitive_number("卡号 6222 0212 3456 7890")     # 'card'
    refusal("卡号 6222021234567890", "备注")          # '备注里有一串像银行卡号的数字……'
"""

from __future__ import annotations

import re
import unicodedata

from .i18n import ui

ID = "id"
CARD = "card"
MAX_GROUPS = 6  # a card is written in at most five groups (4-4-4-4-3), an ID card in at most six

# A run of digits, possibly split by spaces or hyphens, possibly ending in X (the ID check character).
_RUN = re.compile(r"[0-9](?:[0-9 \-]*[0-9Xx])?")
_SPLIT = re.compile(r"[ \-]+")
# An 18-character ID-card number: region (first digit 1-9), birth date 19xx/20xx, sequence, check.
_ID_WELL_FORMED = re.compile(
    r"[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
)
# Dashes other than '-' and spaces other than ' ' that people (or input methods) type between digits.
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")


def _normalised(value: str) -> str:
    """Full-width digits and separators as ASCII (NFKC), every kind of dash as '-'."""
    return unicodedata.normalize("NFKC", value).translate(_DASHES)


def _one_number(groups: list[str]) -> bool:
    """Whether digit groups split by spaces/hyphens read as one number (see the module docstring)."""
    if len(groups) == 1:
        return True
    if all(len(g) == 4 for g in groups[:-1]) and 1 <= len(groups[-1]) <= 4:
        return True
    if [len(g) for g in groups] == [6, 8, 4]:
        return True
    return _ID_WELL_FORMED.fullmatch("".join(groups)) is not None


def _candidates(value: str) -> list[str]:
    """The digits of each run read as one number; when a run does not read as one number, every
    group of it and every stretch of up to MAX_GROUPS neighbouring groups that does."""
    out: list[str] = []
    for match in _RUN.finditer(_normalised(value or "")):
        groups = [g for g in _SPLIT.split(match.group()) if g]
        if _one_number(groups):
            out.append("".join(groups))
            continue
        for i in range(len(groups)):
            for j in range(i + 1, min(len(groups), i + MAX_GROUPS) + 1):
                if _one_number(groups[i:j]):
                    out.append("".join(groups[i:j]))
    return out


def _kind(digits: str) -> str | None:
    if _ID_WELL_FORMED.fullmatch(digits) or (len(digits) == 18 and digits[:17].isdigit() and digits[17] in "Xx"):
        return ID
    digits = digits.rstrip("Xx")
    if digits.isdigit() and 16 <= len(digits) <= 19:
        return CARD
    return None


def sensitive_number(value: str) -> str | None:
    """'id' if `value` holds what looks like a real ID-card number, 'card' for a bank card, else None."""
    kinds = {_kind(c) for c in _candidates(str(value or ""))}
    if ID in kinds:
        return ID
    if CARD in kinds:
        return CARD
    return None


def refusal(value: str, field: str) -> str | None:
    """The Chinese message refusing `value` in the field labelled `field`, or None when it is fine."""
    kind = sensitive_number(value)
    return ui(f"privacy.{kind}_number", field=field) if kind else None


__all__ = ["CARD", "ID", "refusal", "sensitive_number"]
