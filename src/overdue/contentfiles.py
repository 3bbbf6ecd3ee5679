"""Where the course's data files live and how they are read.

Content (questions, role-plays, references, UI strings, presets) is YAML inside the package, so it
ships with `pip install` and loads the same way in JupyterLab, Voila, Binder and tests.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


class ContentError(ValueError):
    """A content file is missing, unreadable or malformed. The message names the file."""


# libyaml's safe loader when PyYAML was built with it (about 10x faster), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(f"{path.name}: YAML 格式错误 {where}：{problem}") from exc


@cache
def shipped(name: str) -> Any:
    """A shipped content file by its path relative to content/ (cached)."""
    return read_yaml(content_dir() / name)
