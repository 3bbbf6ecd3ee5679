"""Generate exercises/ from solutions/ (the single source), following nbgrader's markers.

Steps, each a small function over one notebook:
1. `strip_solutions`: in code cells, the lines between ``### BEGIN SOLUTION`` and
   ``### END SOLUTION`` become ``name = ...`` for every variable the block assigns at its top
   level (so the check below it says 尚未作答 instead of raising), or ``pass`` when it assigns none.
   In markdown cells the block becomes a prompt for the learner's own answer.
2. `strip_hidden_tests`: lines between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``
   are removed (solutions keep asserts that make nbval fail when a solution is wrong).
3. `clear_outputs`: no outputs, no execution counts.
4. `show_statements`: a cell that is one ``show_exercise("lNN_x")`` call keeps its output, rendered from
   the exercise's record (content/exercises/lessonNN.yaml), so a learner reads the statement and the
   options before running anything; the cell carries nbval's ``nbval-check-output`` tag, so running
   the notebook under nbval fails when the stored statement and the record differ.
A BEGIN without its END (or the reverse, or nesting) is an error naming the notebook and cell.

`notebook_problems` (run by ``python -m overdue check`` in a checkout, and by the tests) lists where a
notebook and its exercise records disagree: a statement or option list written in markdown, an id
with no record, a record no cell shows, a stored statement or a worked answer the record contradicts.

    python -m overdue.tools.exercises solutions exercises      # write
    python -m overdue.tools.exercises solutions exercises --check   # exit 1 if exercises/ differs
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat

MARKERS = {
    "solution": ("### BEGIN SOLUTION", "### END SOLUTION"),
    "hidden": ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
}
MARKDOWN_PLACEHOLDER = "（在这里写下你的答案）"


class MarkerError(ValueError):
    """Unbalanced or nested markers in a solution notebook."""


def _blocks(lines: list[str], kind: str, where: str) -> list[tuple[int, int]]:
    begin, end = MARKERS[kind]
    spans, start = [], None
    for i, line in enumerate(lines):
        s = line.strip()
        if s == begin:
            if start is not None:
                raise MarkerError(f"{where}: nested '{begin}' (line {i + 1})")
            start = i
        elif s == end:
            if start is None:
                raise MarkerError(f"{where}: '{end}' without '{begin}' (line {i + 1})")
            spans.append((start, i))
            start = None
    if start is not None:
        raise MarkerError(f"{where}: '{begin}' without '{end}' (line {start + 1})")
    return spans


def assigned_names(code: str) -> list[str]:
    """Names assigned at the top level of a code block, in order of first assignment."""
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name) and n.id not in names:
                    names.append(n.id)
    return names


def strip_solutions(source: str, cell_type: str, where: str) -> str:
    lines = source.split("\n")
    for start, stop in reversed(_blocks(lines, "solution", where)):
        indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
        if cell_type == "code":
            names = assigned_names("\n".join(lines[start + 1 : stop]))
            repl = [f"{indent}{n} = ...  # 在这里填写你的答案" for n in names] or [f"{indent}pass  # 在这里写你的代码"]
        else:
            repl = [MARKDOWN_PLACEHOLDER]
        lines[start : stop + 1] = repl
    return "\n".join(lines)


def strip_hidden_tests(source: str, where: str) -> str:
    lines = source.split("\n")
    for start, stop in reversed(_blocks(lines, "hidden", where)):
        del lines[start : stop + 1]
    return "\n".join(lines).rstrip("\n")


def clear_outputs(cell) -> None:
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None


def show_statements(nb) -> None:
    """Store the rendered record as the output of every ``show_exercise`` cell (see step 4).

    The execution count is the cell's place among the code cells, as a run from the top gives it, so
    ``make record-outputs`` stores the same thing."""
    from ..exercises.records import record, shown_id
    from .notebooks import CHECK_TAG

    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        count += 1
        exercise_id = shown_id(cell.source)
        if exercise_id is None:
            continue
        body = record(exercise_id).markdown()
        tags = list(cell.metadata.get("tags") or [])
        cell.metadata["tags"] = tags if CHECK_TAG in tags else [*tags, CHECK_TAG]
        cell.execution_count = count
        cell.outputs = [nbformat.v4.new_output(
            "execute_result", data={"text/markdown": body, "text/plain": body}, execution_count=count,
        )]


def make_exercise(nb, name: str):
    """The exercise version of a solution notebook (a new notebook object)."""
    out = nbformat.from_dict(nb)
    cells = []
    for i, cell in enumerate(out.cells):
        where = f"{name} cell {i}"
        cell.source = strip_solutions(cell.source, cell.cell_type, where)
        if cell.cell_type == "code":
            cell.source = strip_hidden_tests(cell.source, where)
            clear_outputs(cell)
            if not cell.source.strip():
                continue  # a cell that only held hidden tests disappears
        cells.append(cell)
    out.cells = cells
    show_statements(out)
    return out


def generate(src_dir: Path, dst_dir: Path) -> dict[Path, str]:
    """Map each exercise path to its generated JSON text."""
    result = {}
    for path in sorted(src_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        ex = make_exercise(nb, path.name)
        result[dst_dir / path.name] = nbformat.writes(ex) + "\n"
    return result


# -- notebooks and records agree ------------------------------------------------------------------

OPTION_LINE = re.compile(r"^\s*(?:[-*+]\s+[A-Z][.．、]|[0-9]+[.．、])\s*\S")
EXERCISE_HEADING = re.compile(r"^#+\s*练习\s*[0-9]", re.MULTILINE)


def record_problems(nb, name: str, records: list) -> list[str]:
    """Where notebook `name` and its lesson's exercise `records` disagree, one line each.

    A statement, an option list or an exercise heading written in markdown (a copy that can drift);
    ``show_exercise`` with an id that has no record, a record no cell shows, records shown twice or
    out of order; a stored statement (exercises/) that differs from what the record renders.
    """
    from ..exercises.records import shown_id

    found: list[str] = []
    shown: list[tuple[str, str]] = []
    copies = []
    for rec in records:
        texts = [line for line in (rec.statement.zh.splitlines() if rec.statement else []) if len(line) > 8]
        texts += [o.text.zh for o in rec.options] + [p.text.zh for p in rec.parts if len(p.text.zh) > 8]
        copies += [(rec.id, t.strip()) for t in texts]
    for i, cell in enumerate(nb.cells):
        where = f"{name} cell {i}"
        if cell.cell_type == "code":
            exercise_id = shown_id(cell.source)
            if exercise_id is None:
                if "show_exercise(" in cell.source:
                    found.append(f'{where}: show_exercise must be the whole cell: show_exercise("lNN_name")')
                continue
            shown.append((exercise_id, where))
            rec = next((r for r in records if r.id == exercise_id), None)
            stored = [o for o in cell.outputs if o.get("output_type") == "execute_result"]
            if rec is not None and stored and stored[0].get("data", {}).get("text/markdown") != rec.markdown():
                found.append(f"{where}: the stored statement of {exercise_id} differs from its record (make exercises)")
            continue
        if cell.cell_type != "markdown":
            continue
        if EXERCISE_HEADING.search(cell.source):
            found.append(f"{where}: writes an exercise heading in markdown; show_exercise shows the record's title")
        if any(OPTION_LINE.match(line) for line in cell.source.splitlines()):
            found.append(f"{where}: writes an option list in markdown; options live in the record")
        for exercise_id, copied in copies:
            if copied in cell.source:
                found.append(f"{where}: repeats text of {exercise_id} in markdown: {copied[:30]}…")
                break
    ids = [r.id for r in records]
    shown_ids = [s for s, _ in shown]
    for exercise_id, where in shown:
        if exercise_id not in ids:
            found.append(f'{where}: show_exercise("{exercise_id}"): no exercise record has this id')
    for rec in records:
        if rec.id not in shown_ids:
            found.append(f"{name}: the record {rec.id} is shown by no cell (add show_exercise(\"{rec.id}\"))")
        elif shown_ids.count(rec.id) > 1:
            found.append(f"{name}: {rec.id} is shown {shown_ids.count(rec.id)} times")
    known = [s for s in shown_ids if s in ids]
    if not found and known != [r.id for r in records]:
        found.append(f"{name}: exercises shown in another order than their records: {known}")
    return found


def answer_problems(nb, name: str, module) -> list[str]:
    """A worked answer in a solution notebook that the record's check calls wrong.

    After each ``show_exercise`` cell, the next code cell's SOLUTION block is read; every name it
    assigns a literal (``"C"``, ``{1, 3}``, a dict of letters) is checked with the exercise's check,
    so an option moved in the record without the solution notebook following it is found at once."""
    from ..exercises.records import record, shown_id

    found = []
    cells = nb.cells
    for i, cell in enumerate(cells):
        exercise_id = shown_id(cell.source) if cell.cell_type == "code" else None
        if exercise_id is None:
            continue
        nxt = next((c for c in cells[i + 1:] if c.cell_type == "code"), None)
        if nxt is None:
            continue
        lines = nxt.source.split("\n")
        for start, stop in _blocks(lines, "solution", f"{name} cell {cells.index(nxt)}"):
            try:
                tree = ast.parse("\n".join(lines[start + 1 : stop]))
            except SyntaxError:
                continue
            for node in tree.body:
                if not isinstance(node, ast.Assign):
                    continue
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    continue  # computed with the engine: nbval's hidden test checks it
                check = getattr(module, record(exercise_id).name)
                if not check.check(value).correct:
                    found.append(f"{name}: the worked answer {ast.unparse(node)} is wrong for {exercise_id}: "
                                 f"{check.check(value).message}")
    return found


def notebook_problems(root: Path | None = None) -> list[str]:
    """`record_problems` and `answer_problems` for every lesson's solution and exercise notebook under
    `root` (default: the checkout this package lives in; nothing when installed without notebooks)."""
    import importlib

    from ..exercises.records import shipped_set
    from ..manifest import course

    root = root or Path(__file__).resolve().parents[3]
    found: list[str] = []
    for lesson in course().with_exercises():
        records = shipped_set(lesson.exercises).exercises
        for folder in ("solutions", "exercises"):
            path = root / folder / lesson.notebook
            if not path.is_file():
                continue
            nb = nbformat.read(path, as_version=4)
            found += record_problems(nb, f"{folder}/{lesson.notebook}", records)
            if folder == "solutions":
                module = importlib.import_module(f"overdue.exercises.{lesson.exercises}")
                found += answer_problems(nb, f"{folder}/{lesson.notebook}", module)
    return found


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    src, dst = (Path(a) for a in (args + ["solutions", "exercises"])[:2])
    try:
        files = generate(src, dst)
    except MarkerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stale = [p for p, t in files.items() if not p.exists() or p.read_text(encoding="utf-8") != t]
    if check:
        for p in stale:
            print(f"out of date: {p} (run `make exercises`)")
        return 1 if stale else 0
    dst.mkdir(parents=True, exist_ok=True)
    for p in stale:
        p.write_text(files[p], encoding="utf-8")
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
