"""Generate exercises/ from solutions/ (the single source), following nbgrader's markers.

Steps, each a small function over one notebook:
1. `strip_solutions`: in code cells, the lines between ``### BEGIN SOLUTION`` and
   ``### END SOLUTION`` become ``name = ...`` for every variable the block assigns at its top
   level (so the check below it says 尚未作答 instead of raising), or ``pass`` when it assigns none.
   In markdown cells the block becomes a prompt for the learner's own answer.
2. `strip_hidden_tests`: lines between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``
   are removed (solutions keep asserts that make nbval fail when a solution is wrong).
3. `clear_outputs`: no outputs, no execution counts.
A BEGIN without its END (or the reverse, or nesting) is an error naming the notebook and cell.

    python -m overdue.tools.exercises solutions exercises      # write
    python -m overdue.tools.exercises solutions exercises --check   # exit 1 if exercises/ differs
"""

from __future__ import annotations

import ast
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
    return out


def generate(src_dir: Path, dst_dir: Path) -> dict[Path, str]:
    """Map each exercise path to its generated JSON text."""
    result = {}
    for path in sorted(src_dir.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        ex = make_exercise(nb, path.name)
        result[dst_dir / path.name] = nbformat.writes(ex) + "\n"
    return result


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
