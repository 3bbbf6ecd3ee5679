"""Committed notebooks: no stray outputs, python3 kernel, no absolute paths, no trailing empty cells;
nbval really compares the outputs we keep; exercises/ is what the generator makes from solutions/."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from overdue.tools import exercises as gen
from overdue.tools import notebooks as hygiene

ROOT = Path(__file__).resolve().parents[1]
COURSE_NOTEBOOKS = hygiene.notebooks([str(ROOT / d) for d in ("notebooks", "exercises", "solutions", "tests")])
COURSE_NOTEBOOKS = [p for p in COURSE_NOTEBOOKS if "fixtures" not in p.parts]


@pytest.mark.parametrize("path", COURSE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert hygiene.problems(nb, str(path.relative_to(ROOT))) == []


def make_notebook(*sources: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(hygiene.KERNELSPEC)
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_hygiene_finds_each_problem_and_clean_fixes_what_it_can():
    nb = make_notebook("print(1)", "x = 2", "")
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[0].execution_count = 3
    nb.cells[1].source = "open('/home/someone/data.csv')"
    nb.metadata["kernelspec"]["name"] = "other"
    found = "\n".join(hygiene.problems(nb, "nb"))
    for expected in ("has outputs", "execution count", "absolute path", "kernelspec", "empty cell"):
        assert expected in found
    hygiene.clean(nb)
    left = hygiene.problems(nb, "nb")
    assert left == ["nb cell 1: names an absolute path"]


def test_checked_cell_keeps_output_and_count_after_clean():
    nb = make_notebook("# NBVAL_CHECK_OUTPUT\nprint(42)")
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="42\n")]
    nb.cells[0].execution_count = 1
    hygiene.clean(nb)
    assert nb.cells[0].execution_count == 1 and nb.cells[0].outputs
    assert hygiene.problems(nb, "nb") == []


def test_a_comment_marker_becomes_nbvals_tag_and_only_a_whole_line_counts():
    nb = make_notebook("# NBVAL_CHECK_OUTPUT\nprint(42)", "print('# NBVAL_CHECK_OUTPUT is just text here')")
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="42\n")]
    nb.cells[0].execution_count = 1
    assert "use the nbval-check-output tag" in "\n".join(hygiene.problems(nb, "nb"))
    assert not hygiene.is_checked(nb.cells[1])  # nbval too reads only whole comment lines
    hygiene.clean(nb)
    assert nb.cells[0].source == "print(42)" and nb.cells[0].metadata["tags"] == ["nbval-check-output"]
    assert hygiene.is_checked(nb.cells[0]) and nb.cells[0].outputs
    assert hygiene.problems(nb, "nb") == []


def test_a_lesson_collapses_its_code_except_where_the_learner_is_invited_to_edit():
    nb = make_notebook("show_quiz('lesson03')", "my_income = 4600")
    nb.cells[1].metadata["tags"] = ["learner-edit"]
    found = hygiene.problems(nb, "notebooks/03_check_the_amount.ipynb")
    assert found == ["notebooks/03_check_the_amount.ipynb cell 0: shows its code to the learner (make clean-notebooks collapses it)"]
    assert hygiene.problems(nb, "solutions/03_check_the_amount.ipynb") == []  # exercises keep their code open
    hygiene.clean(nb, lesson=True)
    assert nb.cells[0].metadata["jupyter"]["source_hidden"] is True
    assert "jupyter" not in nb.cells[1].metadata
    assert hygiene.problems(nb, "notebooks/03_check_the_amount.ipynb") == []


def run_nbval(*paths: Path) -> subprocess.CompletedProcess:
    """One nbval run over `paths` (one pytest process; nbval starts a kernel per notebook), with every
    cell's outcome listed (-rA)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-p", "no:xdist",
         "-q", "-rA", *map(str, paths)],
        cwd=paths[0].parent, capture_output=True, text=True, timeout=120,
    )


def test_nbval_fails_when_a_stored_figure_changes(tmp_path):
    path = tmp_path / "figure.ipynb"
    nbformat.write(make_notebook(
        "rate = 0.0005 * 365",
        "# NBVAL_CHECK_OUTPUT\nprint(f'年化利率约 {rate:.2%}')",
    ), path)
    hygiene.record(path)
    stored = nbformat.read(path, as_version=4)
    assert stored.cells[1].metadata["tags"] == ["nbval-check-output"]  # nbval reads the tag from now on
    assert stored.cells[1].outputs[0]["text"] == "年化利率约 18.25%\n"
    assert stored.cells[0].execution_count is None  # unchecked cell stripped

    stored.cells[1].outputs[0]["text"] = "年化利率约 17.25%\n"  # a wrong figure in the prose cell
    nbformat.write(stored, tmp_path / "changed.ipynb")
    result = run_nbval(path, tmp_path / "changed.ipynb")  # the recorded notebook and its changed copy
    outcome = {m[2]: m[1] for m in re.finditer(r"(?m)^(PASSED|FAILED) (\S+::Cell \d+)", result.stdout)}
    assert outcome == {"figure.ipynb::Cell 0": "PASSED", "figure.ipynb::Cell 1": "PASSED",
                       "changed.ipynb::Cell 0": "PASSED", "changed.ipynb::Cell 1": "FAILED"}, result.stdout[-3000:]
    assert result.returncode != 0 and "Cell outputs differ" in result.stdout


# --- exercises generated from solutions -------------------------------------------------------

def test_exercises_folder_is_what_the_generator_makes():
    files = gen.generate(ROOT / "solutions", ROOT / "exercises")
    stale = [str(p.relative_to(ROOT)) for p, t in files.items()
             if not p.exists() or p.read_text(encoding="utf-8") != t]
    assert not stale, f"exercises/ out of date, run `make exercises`: {stale}"
    extra = {p.name for p in (ROOT / "exercises").glob("*.ipynb")} - {p.name for p in files}
    assert not extra, f"exercises without a solution notebook: {extra}"


SOLUTION_CELL = """\
from decimal import Decimal
### BEGIN SOLUTION
penalty = Decimal("10000") * Decimal("0.00075") * 30
days, rate = 30, Decimal("0.00075")
### END SOLUTION
print(check(penalty))
### BEGIN HIDDEN TESTS
assert check(penalty).correct
### END HIDDEN TESTS"""


def test_generator_replaces_solutions_with_placeholders_and_drops_hidden_tests():
    nb = make_notebook(SOLUTION_CELL, "### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS")
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("答：\n### BEGIN SOLUTION\n先核实身份。\n### END SOLUTION"))
    ex = gen.make_exercise(nb, "s.ipynb")
    code = ex.cells[1].source
    assert "penalty = ...  # 在这里填写你的答案" in code
    assert "days = ..." in code and "rate = ..." in code
    assert "0.00075" not in code and "HIDDEN" not in code and "assert" not in code
    assert "print(check(penalty))" in code
    assert len(ex.cells) == 2  # the cell that only held hidden tests is gone
    assert "先核实身份" not in ex.cells[0].source and gen.MARKDOWN_PLACEHOLDER in ex.cells[0].source


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1", "without '### END SOLUTION'"),
        ("x = 1\n### END SOLUTION", "without '### BEGIN SOLUTION'"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "nested"),
    ],
)
def test_unbalanced_markers_name_the_notebook_and_cell(source, message):
    with pytest.raises(gen.MarkerError, match=message) as err:
        gen.make_exercise(make_notebook("y = 0", source), "03_x.ipynb")
    assert "03_x.ipynb cell 1" in str(err.value)
