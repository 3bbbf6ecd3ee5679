"""The course manifest (content/course.yaml): the one list of lessons, and what each lesson shows.

Everything that lists lessons reads it: the README's course map (`readme_map`, checked by a test),
the action plan's lesson links, the self-check's suggestions, lesson 00's map and the tests. Pure:
no widgets, no plotting.

    from overdue.manifest import course
    course().lesson(3).title        # Text: 算清楚到底欠多少
    course().stems                   # ("00_start_here", "01_collection_process", ...)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator

from .contentfiles import ContentError, content_dir, read_yaml
from .i18n import text
from .quiz.models import Id, LessonStem, Text, _Strict

MANIFEST_FILE = "course.yaml"


class Lesson(_Strict):
    number: int = Field(ge=0, le=99)
    id: LessonStem
    title: Text
    summary: Text
    when: Text
    topic_en: str
    quiz: Id | None = None
    other_quizzes: list[Id] = Field(default_factory=list)  # more banks the lesson shows (e.g. prepost)
    exercises: Id | None = None
    roleplays: list[Id] = Field(default_factory=list)
    widgets: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _number_matches_id(self):
        if int(self.id[:2]) != self.number:
            raise ValueError(f"id {self.id} does not start with the lesson number {self.number:02d}")
        return self

    @property
    def notebook(self) -> str:
        """The notebook's file name, relative to notebooks/ (and to solutions/, exercises/)."""
        return f"{self.id}.ipynb"


class Course(_Strict):
    lessons: list[Lesson] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        numbers = [lesson.number for lesson in self.lessons]
        if len(set(numbers)) != len(numbers) or numbers != sorted(numbers):
            raise ValueError("lesson numbers must be unique and in order")
        return self

    def lesson(self, number: int) -> Lesson:
        for lesson in self.lessons:
            if lesson.number == number:
                return lesson
        raise KeyError(number)

    def by_id(self, stem: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == stem:
                return lesson
        raise KeyError(stem)

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(lesson.id for lesson in self.lessons)

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(lesson.number for lesson in self.lessons)

    def with_exercises(self) -> list[Lesson]:
        return [lesson for lesson in self.lessons if lesson.exercises]


def from_data(data: Any, file: str = MANIFEST_FILE) -> Course:
    try:
        return Course.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ContentError(f"{file}: {where}: {first['msg']}") from None


@cache
def _shipped() -> Course:
    return from_data(read_yaml(content_dir() / MANIFEST_FILE))


def course(path: str | Path | None = None) -> Course:
    """The shipped manifest, or the one at `path`."""
    if path is None:
        return _shipped()
    path = Path(path)
    return from_data(read_yaml(path), path.name)


def lesson_label(lesson: Lesson) -> str:
    """第 N 课 <title>, as links and suggestions show it."""
    return f"第 {lesson.number} 课 {text(lesson.title)}"


def readme_map(c: Course | None = None) -> str:
    """The README's course-map table (English), one row per lesson plus the instructor folder."""
    c = c or course()
    rows = ["| notebook | topic |", "|---|---|"]
    rows += [f"| `notebooks/{lesson.id}` | {lesson.topic_en} |" for lesson in c.lessons]
    rows.append("| `notebooks/instructor/` | workshop guide, class dashboard, live quiz page |")
    return "\n".join(rows)


def lesson00_map(c: Course | None = None) -> str:
    """Lesson 00's course map (Markdown): each lesson with a link, what it covers, when to read it."""
    c = c or course()
    rows = ["| 课 | 内容 | 适合什么时候读 |", "|---|---|---|"]
    rows += [
        f"| [{lesson.number:02d} {text(lesson.title)}]({lesson.notebook}) | {text(lesson.summary)} | {text(lesson.when)} |"
        for lesson in c.lessons
    ]
    return "\n".join(rows)


def problems(c: Course | None = None, root: Path | None = None) -> list[str]:
    """What in the manifest points nowhere: a quiz bank, exercise set or role-play that does not
    exist, a role-play that names another lesson, and (given the course folder) a missing notebook."""
    c = c or course()
    found: list[str] = []
    content = content_dir()
    for lesson in c.lessons:
        where = f"{MANIFEST_FILE}: 第 {lesson.number} 课"
        if lesson.quiz and not (content / "quizzes" / f"{lesson.quiz}.yaml").is_file():
            found.append(f"{where}: 题库 {lesson.quiz} 不存在（content/quizzes/）")
        for bank in lesson.other_quizzes:
            if not (content / "quizzes" / f"{bank}.yaml").is_file():
                found.append(f"{where}: 题库 {bank} 不存在（content/quizzes/）")
        if lesson.exercises and not (content / "exercises" / f"{lesson.exercises}.yaml").is_file():
            found.append(f"{where}: 练习 {lesson.exercises} 不存在（content/exercises/）")
        for rp in lesson.roleplays:
            path = content / "roleplays" / f"{rp}.yaml"
            if not path.is_file():
                found.append(f"{where}: 角色扮演 {rp} 不存在（content/roleplays/）")
                continue
            named = (read_yaml(path) or {}).get("lesson")
            if named != lesson.id:
                found.append(f"{where}: 角色扮演 {rp} 写的课是 {named}，不是 {lesson.id}")
        notebook = root / "notebooks" / lesson.notebook if root is not None else None
        if notebook is not None and not notebook.is_file():
            found.append(f"{where}: 找不到 notebooks/{lesson.notebook}")
        elif notebook is not None and lesson.number > 0:
            heading = _first_heading(notebook)
            if text(lesson.title) not in heading:
                found.append(f"{where}: 标题“{text(lesson.title)}”和这一课开头的“{heading}”对不上")
    return found


def _first_heading(notebook: Path) -> str:
    import json

    for cell in json.loads(notebook.read_text(encoding="utf-8")).get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""
