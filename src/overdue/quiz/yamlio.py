"""Read a content YAML file, keeping line numbers and refusing duplicate keys.

PyYAML keeps the last of two equal keys without a word (two ``answer:`` lines in one question would
pass); authors need to hear about it. Mappings come back as `LineDict`, a dict that remembers the
line it starts on, so a problem can say where to look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..contentfiles import STRICT_LOADER as _Loader
from ..contentfiles import LineDict, LineList  # noqa: F401 - re-exported for the quiz loader
from .problems import Problem, QuizContentError


def parse(text: str, name: str) -> Any:
    """Parse YAML text; a syntax error or a duplicate key is a QuizContentError naming file and line."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a (C)SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        if (
            "expected ',' or '}'" in problem
            or "expected ',' or ']'" in problem
            or "mapping values" in problem
        ):
            problem += '（文本里有英文标点 , : ? # 时，请给整段文本加引号，例如 {zh: "……"}）'
        raise QuizContentError([Problem(file=name, line=line, message=f"YAML 格式错误：{problem}")]) from exc


def read(path: str | Path) -> Any:
    """Read and parse one YAML file (see `parse`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuizContentError([Problem(file=path.name, message="文件不存在")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise QuizContentError([Problem(file=path.name, message=f"无法读取文件（{reason}）")]) from exc
    return parse(text, path.name)
