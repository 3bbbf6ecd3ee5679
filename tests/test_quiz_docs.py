"""docs/authoring-quizzes.md and the code agree: its YAML examples pass (or fail) the real checks."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from overdue.quiz import QUESTION_TYPES
from overdue.quiz.loader import check_bank_data, check_roleplay_data
from overdue.quiz.models import Reference
from overdue.quiz.references import validate
from overdue.quiz.yamlio import parse

DOC = Path(__file__).resolve().parents[1] / "docs" / "authoring-quizzes.md"
BLOCK = re.compile(r"(?:<!-- expect-error: (?P<error>.+?) -->\n)?```yaml\n(?P<body>.*?)```", re.S)


def blocks():
    return [(m.group("body"), m.group("error")) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def problems_of(body: str) -> list[str]:
    data = parse(body, "doc-example.yaml")
    if isinstance(data, list):
        return [str(p) for p in validate(data, "doc-example.yaml")[1]]
    if "bank" in data:
        return [str(p) for p in check_bank_data(data, "doc-example.yaml")[1]]
    if "roleplay" in data:
        return [str(p) for p in check_roleplay_data(data, "doc-example.yaml")[1]]
    raise AssertionError(f"unrecognised example: {body[:80]}")


def test_doc_has_examples_of_each_kind():
    kinds = {
        next(iter(parse(b, "x") if not isinstance(parse(b, "x"), list) else ["references"]))
        for b, _ in blocks()
    }
    assert {"bank", "roleplay", "references"} <= kinds


@pytest.mark.parametrize(
    ("body", "error"), blocks(), ids=lambda v: (v or "")[:24] if isinstance(v, str) else ""
)
def test_doc_example_validates(body, error):
    messages = problems_of(body)
    if error:
        assert any(error in m for m in messages), messages
    else:
        assert messages == [], messages


def test_every_question_type_in_the_bank_example():
    bank_block = next(b for b, e in blocks() if b.startswith("bank:") and not e)
    used = {q["type"] for q in parse(bank_block, "x")["questions"]}
    assert used == set(QUESTION_TYPES)


def test_doc_names_every_type_and_reference_kind():
    doc = DOC.read_text(encoding="utf-8")
    for name in QUESTION_TYPES:
        assert f"`{name}`" in doc
    for kind in typing.get_args(Reference.model_fields["kind"].annotation):
        assert kind in doc


def test_doc_lists_the_checker_messages():
    """Each message row in the doc's table is a phrase the checker really prints (see test_quiz_loader)."""
    doc = DOC.read_text(encoding="utf-8")
    for phrase in [
        "YAML 格式错误",
        "中文文本被英文逗号拆开了",
        "不是选项之一",
        "缺少中文文本（zh 必填）",
        "在 references.yaml 中不存在",
        "走不到这里",
        "死循环",
    ]:
        assert phrase in doc
