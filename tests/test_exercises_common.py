"""What every exercise check in every lesson promises a learner: an unanswered exercise (``...`` or
None, as the generated notebooks leave it) says 尚未作答 and never raises, and each check has its
title, hints and solution text. Checks are found in the lesson modules, so a new one is covered."""

import importlib
import pkgutil

import pytest

import overdue.exercises
from overdue.exercises.base import Check
from overdue.manifest import course


def all_checks() -> list[tuple[str, Check]]:
    found = []
    for info in pkgutil.iter_modules(overdue.exercises.__path__):
        if not info.name.startswith("lesson"):
            continue
        module = importlib.import_module(f"overdue.exercises.{info.name}")
        found += [(f"{info.name}.{name}", obj) for name, obj in vars(module).items() if isinstance(obj, Check)]
    return found


CHECKS = all_checks()


def test_every_lesson_has_at_least_three_exercises():
    lessons = {name.split(".")[0] for name, _ in CHECKS}
    assert lessons == {lesson.exercises for lesson in course().with_exercises()}  # content/course.yaml
    for lesson in lessons:
        assert sum(name.startswith(lesson + ".") for name, _ in CHECKS) >= 3, lesson


@pytest.mark.parametrize("answer", [..., None])
@pytest.mark.parametrize(("name", "check"), CHECKS, ids=[n for n, _ in CHECKS])
def test_unanswered_is_not_an_error(name, check, answer):
    result = check.check(answer)
    assert result.status == "unanswered" and "尚未作答" in str(result)


@pytest.mark.parametrize(("name", "check"), CHECKS, ids=[n for n, _ in CHECKS])
def test_every_check_has_title_hints_and_solution(name, check):
    assert check.title != check.name
    check._hint_index = 0  # another test file may have asked for hints of the same shared check
    assert "提示 1/" in str(check.hint())
    assert len(str(check.solution())) > 20
