"""Where the course's data files live and how they are read.

Content (questions, role-plays, references, UI strings, presets) is YAML inside the package, so it
ships with `pip install` and loads the same way in JupyterLab, Voila, Binder and tests.
"""

from __future__ import annotations

import copy
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class ContentError(ValueError):
    """A content file is missing, unreadable or malformed. The message names the file."""


# libyaml's safe loader when PyYAML was built with it (about 10x faster), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineDict(dict):
    """A dict that remembers the (1-based) line where its mapping starts in the YAML file."""

    line: int | None = None


class LineList(list):
    line: int | None = None


class STRICT_LOADER(SAFE_LOADER):  # noqa: N801 - libyaml's when available; the constructors below work with both
    """Every content file is read with this: a duplicate key is an error naming its line."""


def _construct_mapping(loader: STRICT_LOADER, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "键不能是列表或映射", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"键 “{key}” 重复（第 {seen[key]} 行已经写过）", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_sequence(loader: STRICT_LOADER, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


STRICT_LOADER.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
STRICT_LOADER.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)



def content_dir() -> Path:
    """The folder holding the shipped YAML content."""
    return Path(str(resources.files("overdue") / "content"))


def read_yaml(path: str | Path) -> Any:
    """Parse one YAML file; any problem becomes a ContentError naming the file (and line)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{path.name}: 无法读取文件（{exc.strerror or exc}）") from exc
    try:
        # parsed once per distinct text (an edited file is parsed again); each caller gets its own copy
        return _copy(_parse(text))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(f"{path.name}: YAML 格式错误 {where}：{problem}") from exc


_IMMUTABLE = (str, int, float, type(None), date)  # bool is an int, datetime a date


def _copy(value: Any) -> Any:
    """A caller's own copy of parsed YAML: new mappings and lists (their line numbers kept), the same
    immutable scalars. About four times faster than copy.deepcopy on the course's files, which forms read
    on every call; anything else a YAML file could hold (a set, binary) goes through deepcopy."""
    kind = type(value)
    if kind is LineDict:
        out = LineDict((k, _copy(v)) for k, v in value.items())
        out.line = value.line
        return out
    if kind is LineList:
        out = LineList(_copy(v) for v in value)
        out.line = value.line
        return out
    if isinstance(value, _IMMUTABLE):
        return value
    return copy.deepcopy(value)


@lru_cache(maxsize=256)
def _parse(text: str) -> Any:
    """YAML text parsed with the strict loader (pure PyYAML is slow: forms re-read their files)."""
    return yaml.load(text, Loader=STRICT_LOADER)  # noqa: S506 - a safe loader


@cache
def shipped(name: str) -> Any:
    """A shipped content file by its path relative to content/ (cached)."""
    return read_yaml(content_dir() / name)
