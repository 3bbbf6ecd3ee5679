"""One exercise, one record: the notebooks show the record, the check reads the record, and a
notebook that disagrees with its record (a statement copied into markdown, an id with no record, a
record no notebook shows, a worked answer the record calls wrong) fails here."""

import copy
import importlib
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from overdue.contentfiles import ContentError, content_dir, read_yaml
from overdue.exercises import show_exercise
from overdue.exercises.base import Exercises
from overdue.exercises.records import check_set, parse_set, shipped_set
from overdue.manifest import course
from overdue.tools import exercises as gen
from overdue.tools.notebooks import CHECK_TAG

ROOT = Path(__file__).resolve().parents[1]
LESSONS = course().with_exercises()


def plain(data):
    """The strict loader's line-remembering containers as plain dicts and lists (to edit in tests)."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    return data


def shipped_data(lesson: str) -> dict:
    return plain(read_yaml(content_dir() / "exercises" / f"{lesson}.yaml"))


def entry(data: dict, exercise_id: str) -> dict:
    return next(e for e in data["exercises"] if e["id"] == exercise_id)


# -- the shipped notebooks agree with the shipped records ------------------------------------------

@pytest.mark.parametrize("folder", ["solutions", "exercises"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_each_notebook_shows_exactly_its_records_and_copies_none(lesson, folder):
    nb = nbformat.read(ROOT / folder / lesson.notebook, as_version=4)
    records = shipped_set(lesson.exercises).exercises
    assert gen.record_problems(nb, f"{folder}/{lesson.notebook}", records) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_worked_answers_in_the_solutions_are_right_by_the_records(lesson):
    nb = nbformat.read(ROOT / "solutions" / lesson.notebook, as_version=4)
    module = importlib.import_module(f"overdue.exercises.{lesson.exercises}")
    assert gen.answer_problems(nb, lesson.notebook, module) == []


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_the_learners_copy_shows_each_statement_before_anything_runs(lesson):
    """exercises/ keeps the rendered record as the show cell's output (nbval compares it on a run)."""
    nb = nbformat.read(ROOT / "exercises" / lesson.notebook, as_version=4)
    shown = [c for c in nb.cells if c.cell_type == "code" and "show_exercise(" in c.source]
    assert len(shown) == len(shipped_set(lesson.exercises).exercises)
    for cell in shown:
        assert CHECK_TAG in cell.metadata["tags"]
        body = cell.outputs[0]["data"]["text/markdown"]
        assert body.startswith("## 练习") and body == str(show_exercise(gen_id(cell)))


def gen_id(cell) -> str:
    from overdue.exercises.records import shown_id

    return shown_id(cell.source)


def test_show_exercise_renders_the_statement_and_options_in_order():
    shown = show_exercise("l03_collector_claim")
    body = shown._repr_markdown_()
    assert body.startswith("## 练习 3：催收员的说法（判断）")
    assert body.index("- A. ") < body.index("- B. ") < body.index("- C. ") < body.index("- D. ")
    assert "- C. \"请给我一份书面明细" in body and "把选项字母写在 `answer3`" in body
    assert repr(shown) == body  # a terminal shows the same text


def test_show_exercise_with_an_unknown_id_is_a_clear_chinese_error():
    with pytest.raises(ContentError, match="没有 id 为 “l03_nope” 的练习"):
        show_exercise("l03_nope")


# -- a notebook that disagrees with its records is found ---------------------------------------------

def test_each_way_a_notebook_can_disagree_with_its_records_is_named():
    records = shipped_set("lesson03").exercises
    claim = records[2]
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## 练习 3：催收员的说法（判断）\n\n" + claim.statement.zh),
        nbformat.v4.new_markdown_cell("- A. 一个选项\n- B. 另一个"),
        nbformat.v4.new_code_cell('show_exercise("l03_penalty_on_date")'),
        nbformat.v4.new_code_cell('show_exercise("l03_no_such_exercise")'),
        nbformat.v4.new_code_cell('x = show_exercise("l03_excess_over_24")'),
    ]
    found = "\n".join(gen.record_problems(nb, "nb", records))
    assert "cell 0: writes an exercise heading in markdown" in found
    assert "cell 0: repeats text of l03_collector_claim" in found
    assert "cell 1: writes an option list in markdown" in found
    assert 'cell 3: show_exercise("l03_no_such_exercise"): no exercise record has this id' in found
    assert "cell 4: show_exercise must be the whole cell" in found
    for missing in ("l03_excess_over_24", "l03_collector_claim", "l03_check_plan"):
        assert f"the record {missing} is shown by no cell" in found
    assert "l03_penalty_on_date is shown by no cell" not in found


def test_a_stored_statement_that_no_longer_matches_its_record_is_found():
    nb = nbformat.read(ROOT / "exercises" / "03_check_the_amount.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.source == 'show_exercise("l03_collector_claim")')
    cell.outputs[0]["data"]["text/markdown"] = cell.outputs[0]["data"]["text/markdown"].replace("- B.", "- E.")
    found = gen.record_problems(nb, "ex03", shipped_set("lesson03").exercises)
    assert any("stored statement of l03_collector_claim differs from its record" in p for p in found)


# -- moving an option moves its letter everywhere ------------------------------------------------------

def test_moving_an_option_moves_its_letter_in_statement_check_solution_and_messages():
    data = shipped_data("lesson03")
    options = entry(data, "l03_collector_claim")["options"]
    options.insert(0, options.pop(2))  # the right answer (ask_details, was C) now comes first
    moved = parse_set(data, "lesson03.yaml")
    ex = Exercises("lesson03", records=moved)
    check = ex.choice("collector_claim")

    body = moved.by_name("collector_claim").markdown()
    assert "- A. \"请给我一份书面明细" in body and "- B. \"超过 24% 的部分是违法的" in body
    assert check.check("A").correct and not check.check("C").correct
    assert "个人账户" in str(check.check("C"))  # transfer_now moved from B to C, with its feedback
    solution = str(check.solution())
    assert solution.startswith('answer = "A"\nA 最恰当') and "B 不对：24%" in solution and "C 不对：不能转" in solution

    # the solution notebook still writes answer3 = "C": the agreement check now fails
    nb = nbformat.read(ROOT / "solutions" / "03_check_the_amount.ipynb", as_version=4)
    module = SimpleNamespace(**{**vars(importlib.import_module("overdue.exercises.lesson03")), "collector_claim": check})
    found = gen.answer_problems(nb, "03", module)
    assert any("answer3 = 'C' is wrong for l03_collector_claim" in p for p in found)


def test_reordering_a_numbered_list_renumbers_the_expected_set_and_the_solution():
    data = shipped_data("lesson03")
    entry(data, "l03_check_plan")["options"].reverse()  # 7 items: number n becomes 8 - n
    moved = parse_set(data, "lesson03.yaml")
    check = Exercises("lesson03", records=moved).set("check_plan")
    assert check.check({7, 5, 4, 2}).correct and not check.check({1, 3, 4, 6}).correct
    solution = str(check.solution())
    assert solution.startswith("answer = {2, 4, 5, 7}\n7 要书面明细；5 自己拨打")


def test_a_plan_menu_and_its_messages_follow_the_record():
    data = shipped_data("lesson01")
    options = entry(data, "l01_plan_after_visit")["options"]
    options.insert(0, options.pop(3))  # call_official_number becomes 1; transfer_to_visitor becomes 2
    moved = parse_set(data, "lesson01.yaml")
    texts = moved.by_name("plan_after_visit").check_texts()
    assert texts["messages"]["picked_transfer_to_visitor"]["zh"].startswith("第 2 步很危险")
    assert texts["messages"]["missing_call_official_number"]["zh"].endswith("（第 1 步）。")
    assert moved.by_name("plan_after_visit").expected() == [7, 1, 3, 6]


# -- the strict loader names file, line and id ------------------------------------------------------

def write(tmp_path, text: str) -> Path:
    path = tmp_path / "lesson03.yaml"
    path.write_text(text, encoding="utf-8")
    return path


RECORD = """exercises:
  - id: l03_pick
    kind: choice
    title: {zh: "练习 1：选一个"}
    statement: {zh: "哪个对？"}
    options:
      - {id: right_one, text: {zh: "对的"}}
      - {id: wrong_one, text: {zh: "错的"}, feedback: {zh: "[[wrong_one]] 不对。"}}
    answer: right_one
    hints: [{zh: "想一想。"}]
    solution: {zh: "answer = [[answer]]：[[right_one]] 对。"}
"""


def load(path: Path):
    return parse_set(read_yaml(path), path.name)


def test_a_valid_record_loads_and_fills_its_labels(tmp_path):
    rec = load(write(tmp_path, RECORD)).by_name("pick")
    texts = rec.check_texts()
    assert texts["solution"]["zh"] == 'answer = "A"：A 对。'
    assert texts["messages"]["chose_B"]["zh"] == "B 不对。"


@pytest.mark.parametrize(("change", "expected"), [
    (("    answer: right_one\n", "    answer: right_one\n    answer: wrong_one\n"), r"lesson03.yaml: YAML 格式错误 第 10 行.*answer.*重复"),
    (("    hints:", "    hint: [{zh: 多余}]\n    hints:"), r"lesson03.yaml 第 10 行: 练习 l03_pick: 不认识的字段 “hint”"),
    (("answer: right_one", "answer: third_one"), r"lesson03.yaml 第 2 行: 练习 l03_pick: answer: 答案 “third_one” 不是选项之一"),
    (("[[right_one]] 对", "[[rigth_one]] 对"), r"练习 l03_pick: solution: \[\[rigth_one\]\] 不是这道题的选项"),
    (("kind: choice", "kind: number"), r"练习 l03_pick: answer: 数字题的答案应为一个数字"),
    (("id: l03_pick", "id: l04_pick"), r"lesson03.yaml: 练习 l04_pick: id 应以 l03_ 开头"),
])
def test_a_bad_record_is_rejected_naming_file_line_and_id(tmp_path, change, expected):
    old, new = change
    assert old in RECORD
    with pytest.raises(ContentError, match=expected):
        load(write(tmp_path, RECORD.replace(old, new, 1)))


def test_every_shipped_record_set_validates_and_has_its_checks():
    for lesson in LESSONS:
        assert check_set(lesson.exercises).exercises


def test_python_m_overdue_check_finds_a_record_whose_code_is_missing(tmp_path):
    data = shipped_data("lesson03")
    extra = copy.deepcopy(entry(data, "l03_collector_claim"))
    extra.update(id="l03_new_question", kind="plan", answer="computed", solution={"zh": "见代码。"})  # judged by code
    data["exercises"].append(extra)
    folder = tmp_path / "exercises"
    folder.mkdir()
    import yaml

    (folder / "lesson03.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="l03_new_question 没有检查"):
        check_set("lesson03", tmp_path)


# -- code and record cannot drift ---------------------------------------------------------------------

def test_code_cannot_type_an_answer_the_record_holds_nor_skip_one_it_must_compute():
    records = shipped_set("lesson03")
    ex = Exercises("lesson03", records=records)
    with pytest.raises(ContentError, match="l03_collector_claim 的答案已写在记录里"):
        ex.choice("collector_claim", expected_option="ask_details")
    with pytest.raises(ContentError, match="l03_penalty_on_date 的答案写着 computed"):
        ex.number("penalty_on_date")
    with pytest.raises(ContentError, match="缺少练习 no_such 的记录"):
        ex.set("no_such")
    with pytest.raises(ContentError, match="l03_penalty_on_date 需要代码来判断"):
        Exercises("lesson03", records=records).finish({})


def test_finish_builds_choice_and_set_checks_from_the_record_alone():
    namespace: dict = {}
    ex = Exercises("lesson03", records=shipped_set("lesson03"))
    namespace["penalty_on_date"] = ex.number("penalty_on_date", expected=1)
    namespace["excess_over_24"] = ex.number("excess_over_24", expected=2)
    names = ex.finish(namespace)
    assert names == ["penalty_on_date", "excess_over_24", "collector_claim", "check_plan"]
    assert namespace["collector_claim"].check("C").correct
    assert namespace["check_plan"].check({1, 3, 4, 6}).correct
    assert namespace["penalty_on_date"].tolerance == namespace["excess_over_24"].tolerance  # from the record


def test_a_new_choice_exercise_needs_a_record_and_no_code():
    data = shipped_data("lesson03")
    extra = copy.deepcopy(entry(data, "l03_collector_claim"))
    extra["id"] = "l03_second_claim"
    data["exercises"].append(extra)
    ex = Exercises("lesson03", records=parse_set(data, "lesson03.yaml"))
    namespace = {"penalty_on_date": ex.number("penalty_on_date", expected=1),
                 "excess_over_24": ex.number("excess_over_24", expected=2)}
    assert ex.finish(namespace)[-1] == "second_claim"
    assert namespace["second_claim"].check("C").correct


def test_python_m_overdue_check_reads_the_notebooks_of_a_checkout(tmp_path):
    assert gen.notebook_problems() == []  # this checkout
    (tmp_path / "solutions").mkdir()
    nb = nbformat.read(ROOT / "solutions" / "03_check_the_amount.ipynb", as_version=4)
    nb.cells = [c for c in nb.cells if c.source != 'show_exercise("l03_check_plan")']
    for cell in nb.cells:
        cell.source = cell.source.replace('answer3 = "C"', 'answer3 = "D"')
    nbformat.write(nb, tmp_path / "solutions" / "03_check_the_amount.ipynb")
    found = "\n".join(gen.notebook_problems(tmp_path))
    assert "solutions/03_check_the_amount.ipynb: the record l03_check_plan is shown by no cell" in found
    assert "answer3 = 'D' is wrong for l03_collector_claim" in found
