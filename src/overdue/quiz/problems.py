"""Problems found in a content file, each one line an author can act on.

A problem names the file, the item (question, scene, ending, reference), the field and what is wrong,
with the line number when it is known::

    lesson03.yaml 第 12 行: 题目 l03_daily_to_annual: answer: 答案 “d” 不是选项之一（可选：a, b, c）

Messages are for the course's content authors, in Chinese; field names stay as written in YAML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ..contentfiles import ContentError


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    item: str = ""  # e.g. "题目 l03_x", "场景 knock"
    field: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f" 第 {self.line} 行" if self.line else "")
        parts = [where]
        if self.item:
            parts.append(self.item)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class QuizContentError(ContentError):
    """A quiz, role-play or reference file was rejected; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# What each kind of list item is called in a message, by the list's field name.
ITEM_NAMES = {
    "questions": "题目",
    "scenes": "场景",
    "endings": "结局",
    "choices": "选择",
    "options": "选项",
    None: "条目",  # references.yaml: a top-level list
}

# pydantic error type -> Chinese message template (formatted with the error's ctx).
MESSAGES = {
    "missing": "缺少这一项（必填）",
    "extra_forbidden": "不认识这个字段（拼写错了吗？）",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "date_type": "应为日期，例如 2026-01-01",
    "date_parsing": "应为日期，例如 2026-01-01",
    "date_from_datetime_parsing": "应为日期，例如 2026-01-01",
    "date_from_datetime_inexact": "应为日期（不带时间），例如 2026-01-01",
    "literal_error": "只能是 {expected}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "too_short": "至少要有 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "string_pattern_mismatch": "只能用小写英文字母、数字和下划线（例如 l03_daily_rate）",
    "string_too_long": "太长了（最多 {max_length} 个字符）",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "list_type": "应为列表（每项以 - 开头）",
    "union_tag_invalid": "题型 “{tag}” 不存在，可用：{expected_tags}",
    "union_tag_not_found": "缺少 type（题型），可用：single, multiple, truefalse, ordering, numeric",
}


def _describe(item: Any, index: int, list_field: Any) -> str:
    name = ITEM_NAMES.get(list_field, "第")
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"{name} {item['id']}"
    return f"{name} 第 {index + 1} 项" if name != "第" else f"第 {index + 1} 项"


def _line_of(node: Any) -> int | None:
    return getattr(node, "line", None)


def locate(data: Any, loc: Iterable[Any]) -> tuple[str, list[str], int | None]:
    """Turn a pydantic error location into (item, field, line) using the raw data for ids and lines.

    The item is the outermost top-level list entry (a question, scene, ending or reference); deeper
    list entries with an id are written by id (``choices.ask_id.target``).
    """
    item = ""
    fields: list[str] = []
    node = data
    line = _line_of(data)
    parent_key: Any = None
    for part in loc:
        if isinstance(part, int):
            child = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if not item:
                item = _describe(child, part, parent_key)
                fields = []  # the top-level list's name is implied by the item
            elif isinstance(child, dict) and isinstance(child.get("id"), str):
                fields.append(child["id"])
            else:
                fields.append(f"#{part + 1}")
            node = child
        elif isinstance(node, dict):
            if part not in node and isinstance(node.get("type"), str) and part == node["type"]:
                continue  # the discriminated union's tag, not a field of the YAML
            fields.append(str(part))
            parent_key = part
            node = node.get(part)
        else:
            fields.append(str(part))
            node = None
        line = _line_of(node) or line
    return item, fields, line


def from_validation_error(file: str, data: Any, exc: ValidationError) -> list[Problem]:
    """One Problem per pydantic error, in Chinese, with the item id, the field and the line."""
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        item, parts, line = locate(data, err["loc"])
        field = ".".join(parts)
        ctx = err.get("ctx") or {}
        etype = err["type"]
        if etype == "content_check" and ctx.get("list"):
            item = f"{ITEM_NAMES.get(ctx['list'], '')} {ctx['id']}"
            lines = (
                [
                    getattr(x, "line", None)
                    for x in (data.get(ctx["list"]) or [])
                    if isinstance(x, dict) and x.get("id") == ctx["id"]
                ]
                if isinstance(data, dict)
                else []
            )
            line = lines[-1] if lines else line
            field, message = ctx["field"], str(ctx["detail"])
        elif etype == "content_check":
            sub = ctx.get("field", "")
            field = f"{field}.{sub}" if field and sub else (field or sub)
            message = str(ctx.get("detail", err["msg"]))
        elif etype == "extra_forbidden":
            key = parts[-1] if parts else ""
            field = ".".join(parts[:-1])
            if err.get("input") is None and not key.isascii():
                message = (
                    f"中文文本被英文逗号拆开了（“…,{key}”）：文本里有英文逗号时，请给整段文本加引号，"
                    '例如 {zh: "借 10,000 元"}，或改用中文逗号'
                )
            else:
                message = f"不认识的字段 “{key}”（拼写错了吗？）"
        elif etype == "missing" and field.endswith("zh"):
            message = "缺少中文文本（zh 必填），写成 {zh: ...}"
        elif etype in ("model_type", "model_attributes_type") and isinstance(err.get("input"), str):
            message = "应写成按语言分开的映射，例如 {zh: 中文文本}"
        elif etype in MESSAGES:
            try:
                message = MESSAGES[etype].format(**ctx).replace("'", "").replace(" or ", ", ")
            except (KeyError, IndexError):
                message = err["msg"]
        else:
            message = str(ctx.get("reason") or err["msg"])
        problems.append(Problem(file=file, item=item, field=field, message=message, line=line))
    return problems
