"""The course manifest (content/course.yaml) is the one list of lessons: every place that lists
lessons follows it, and a lesson added to it shows up everywhere."""

from pathlib import Path

import pytest
import yaml

from overdue import manifest
from overdue.contentfiles import ContentError
from overdue.tools import readme as readme_tool

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_manifest_points_only_at_things_that_exist():
    assert manifest.problems(root=ROOT) == []
    assert manifest.course().numbers == tuple(range(10))


def test_every_lesson_notebook_is_in_the_manifest_and_back():
    on_disk = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert on_disk == set(manifest.course().stems)
    solutions = {p.stem for p in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")}
    assert solutions == {lesson.id for lesson in manifest.course().with_exercises()}


def test_the_readme_course_map_is_the_manifest():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_tool.with_map(readme) == readme, "run: python -m overdue.tools.readme"


def test_lesson_00s_course_map_is_the_manifest():
    text = (ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert readme_tool.lesson00_with_map(text) == text, "run: python -m overdue.tools.readme"
    assert "[03 核对欠款金额](03_check_the_amount.ipynb)" in manifest.lesson00_map()


def test_a_title_that_does_not_match_its_lesson_heading_is_a_problem(tmp_path):
    data = yaml.safe_load((ROOT / "src/overdue/content/course.yaml").read_text(encoding="utf-8"))
    data["lessons"][3]["title"]["zh"] = "算清楚到底欠多少"
    path = tmp_path / "course.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    found = manifest.problems(manifest.course(path), root=ROOT)
    assert found == ["course.yaml: 第 3 课: 标题“算清楚到底欠多少”和这一课开头的“第 3 课：核对欠款金额——你到底欠多少？”对不上"]


def test_a_bad_manifest_says_which_lesson_and_field(tmp_path):
    data = yaml.safe_load((ROOT / "src/overdue/content/course.yaml").read_text(encoding="utf-8"))
    data["lessons"][3]["id"] = "04_check_the_amount"
    bad = tmp_path / "course.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="lessons.3"):
        manifest.course(bad)


def test_a_new_lesson_appears_in_every_list(tmp_path, monkeypatch):
    from overdue.forms import action_plan

    data = yaml.safe_load((ROOT / "src/overdue/content/course.yaml").read_text(encoding="utf-8"))
    data["lessons"].append({
        "number": 10, "id": "10_after_judgment", "title": {"zh": "判决以后"}, "topic_en": "after a judgment",
        "summary": {"zh": "判决以后会怎样"}, "when": {"zh": "收到判决书以后"},
        "quiz": None, "exercises": None, "roleplays": [], "widgets": [],
    })
    path = tmp_path / "course.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    extended = manifest.course(path)
    monkeypatch.setattr(manifest, "_shipped", lambda: extended)
    monkeypatch.setattr(action_plan, "course", lambda: extended)

    assert "| `notebooks/10_after_judgment` | after a judgment |" in manifest.readme_map()
    assert "| [10 判决以后](10_after_judgment.ipynb) | 判决以后会怎样 | 收到判决书以后 |" in manifest.lesson00_map()
    from overdue.quiz.selfcheck import lesson_title
    assert lesson_title("10_after_judgment") == "第 10 课 判决以后"
    assert manifest.lesson_label(manifest.course().lesson(10)) == "第 10 课 判决以后"
    row = action_plan.DebriefRow(1, "x", 1, (2, 10), "", "")
    assert row.links == ["02_verify_collector.ipynb", "10_after_judgment.ipynb"]
    # the checks then ask for its notebook
    assert any("10_after_judgment.ipynb" in p for p in manifest.problems(root=ROOT))
