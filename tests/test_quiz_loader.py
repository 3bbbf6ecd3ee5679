"""Loading and checking quiz content: every malformed case gives a message an author can act on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from overdue.quiz import QuizContentError, check_paths, load_bank, load_roleplay, references
from overdue.quiz.loader import default_paths, shipped_files

FIX = Path(__file__).parent / "fixtures" / "quiz"
REFS = FIX / "references_small.yaml"


def problems_of(name: str, refs: Path = REFS) -> list[str]:
    report = check_paths([FIX / name, refs])
    return [str(p) for p in report.problems]


def test_valid_bank_loads_every_question_type():
    bank = load_bank(FIX / "bank_valid.yaml", refs=REFS)
    assert [q.type for q in bank.questions] == ["single", "multiple", "truefalse", "ordering", "numeric"]
    assert bank.question("fx_numeric").unit.zh == "元"
    assert bank.reveal_after == 2


def test_valid_roleplay_loads():
    rp = load_roleplay(FIX / "roleplay_valid.yaml", refs=REFS)
    assert rp.start == "knock"
    assert {e.outcome for e in rp.endings} == {"good", "bad", "mixed"}


# (fixture, words the one-line message must contain: file, item, field, what is wrong)
MALFORMED = [
    ("bank_broken_yaml.yaml", ["bank_broken_yaml.yaml", "第 8 行", "YAML 格式错误"]),
    ("bank_duplicate_id.yaml", ["bank_duplicate_id.yaml", "题目 fx_same", "id", "重复"]),
    ("bank_duplicate_key.yaml", ["bank_duplicate_key.yaml", "answer", "重复"]),
    ("bank_unknown_type.yaml", ["bank_unknown_type.yaml", "题目 fx_essay", "essay", "不存在"]),
    ("bank_answer_not_in_options.yaml", ["题目 fx_bad_answer", "answer", "“d” 不是选项之一"]),
    ("bank_missing_zh.yaml", ["bank_missing_zh.yaml", "题目 fx_no_zh", "prompt.zh", "缺少中文"]),
    ("bank_unknown_ref.yaml", ["题目 fx_bad_ref", "refs", "civil_code_9999", "不存在"]),
    ("bank_comma_in_flow_text.yaml", ["题目 fx_comma", "prompt", "英文逗号", "引号"]),
    ("roleplay_dangling_target.yaml", ["场景 show_card", "choices.argue.target", "shoutng", "不存在"]),
    ("roleplay_unreachable_scene.yaml", ["场景 shouting", "走不到这里"]),
    ("roleplay_endless_loop.yaml", ["场景 shouting", "死循环", "走不到任何结局"]),
    ("roleplay_unknown_ref.yaml", ["结局 calm_verified", "refs", "hotline_00000"]),
]


@pytest.mark.parametrize(("fixture", "words"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_is_rejected_with_an_actionable_line(fixture, words):
    messages = problems_of(fixture)
    assert messages, f"{fixture} was accepted"
    first = messages[0]
    assert "\n" not in first
    for word in words:
        assert word in first, f"{word!r} missing from: {first}"


@pytest.mark.parametrize("fixture", [m[0] for m in MALFORMED if m[0].startswith("bank_")])
def test_load_bank_raises_content_error(fixture):
    with pytest.raises(QuizContentError) as info:
        load_bank(FIX / fixture, refs=REFS)
    assert fixture in str(info.value)


def test_unreachable_ending_is_reported_too():
    messages = problems_of("roleplay_unreachable_scene.yaml")
    assert any("结局 unresolved" in m for m in messages)


def test_question_ids_unique_across_banks():
    report = check_paths([FIX / "bank_cross_dup_a.yaml", FIX / "bank_cross_dup_b.yaml", REFS])
    [problem] = report.problems
    assert problem.file == "bank_cross_dup_b.yaml"
    assert "fx_shared_id" in str(problem) and "bank_cross_dup_a.yaml" in str(problem)


def test_references_reject_unverified_and_duplicates():
    messages = [str(p) for p in check_paths([FIX / "references_unverified.yaml"]).problems]
    assert any("confidence" in m and "U" in m for m in messages)
    assert any("kind" in m and "rumour_rule" in m for m in messages)


def test_cli_exit_codes():
    ok = subprocess.run(
        [sys.executable, "-m", "overdue.quiz", "check", str(FIX / "bank_valid.yaml"), str(REFS)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "没有发现问题" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "overdue.quiz", "check", str(FIX / "roleplay_endless_loop.yaml"), str(REFS)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert bad.returncode == 1
    assert "roleplay_endless_loop.yaml" in bad.stdout and "死循环" in bad.stdout
    assert "Traceback" not in bad.stderr


def test_every_shipped_file_passes_the_check():
    report = check_paths(None)
    assert report.problems == [], "\n".join(map(str, report.problems))
    assert len(report.files) == len(default_paths()) or not references.shipped_path().exists()


@pytest.mark.parametrize("path", shipped_files("quizzes"), ids=lambda p: p.name)
def test_every_shipped_bank_loads(path):
    bank = load_bank(path)
    assert bank.questions
    for q in bank.questions:
        assert q.prompt.zh.strip()


@pytest.mark.parametrize("path", shipped_files("roleplays"), ids=lambda p: p.name)
def test_every_shipped_roleplay_loads(path):
    assert load_roleplay(path).scenes
