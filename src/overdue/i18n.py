"""Learner-visible text, keyed by language.

Every string a learner reads is stored as a mapping ``{"zh": ..., "en": ...}`` (``zh`` required).
`text()` picks the course language (env ``OVERDUE_LANG``, default ``zh``) and falls back to ``zh``.
UI labels and messages live in ``content/ui/*.yaml`` and are read with `ui()`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache

from .contentfiles import ContentError, content_dir, read_yaml

DEFAULT_LANG = "zh"


def language() -> str:
    return os.environ.get("OVERDUE_LANG", DEFAULT_LANG)


def text(value: Mapping[str, str] | str | None, lang: str | None = None) -> str:
    """The string of `value` in the course language, falling back to Chinese."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    lang = lang or language()
    return value.get(lang) or value.get(DEFAULT_LANG) or ""


@cache
def ui_strings() -> dict[str, Mapping[str, str]]:
    """All UI strings from content/ui/*.yaml, merged; a key defined twice is an error."""
    merged: dict[str, Mapping[str, str]] = {}
    origin: dict[str, str] = {}
    for path in sorted((content_dir() / "ui").glob("*.yaml")):
        data = read_yaml(path) or {}
        if not isinstance(data, dict):
            raise ContentError(f"{path.name}: 应为 键: {{zh: ...}} 的映射")
        for key, value in data.items():
            if key in merged:
                raise ContentError(f"{path.name}: 键 {key} 已在 {origin[key]} 中定义")
            if not isinstance(value, Mapping) or not value.get("zh"):
                raise ContentError(f"{path.name}: 键 {key} 缺少中文（zh）文本")
            merged[key] = value
            origin[key] = path.name
    return merged


def ui(key: str, /, **fmt: object) -> str:
    """The UI string `key`, formatted with `fmt` (``str.format`` fields)."""
    try:
        value = ui_strings()[key]
    except KeyError:
        raise KeyError(f"unknown UI string: {key}") from None
    s = text(value)
    return s.format(**fmt) if fmt else s
