"""Notebook hygiene: what a committed notebook may contain, and the commands that make it so.

Rules (checked by tests/test_notebook_hygiene.py):
- no outputs and no execution counts, except in cells nbval checks: those carry nbval's cell tag
  ``nbval-check-output`` and keep both, since nbval compares only cells with a stored execution count;
- such a cell has an execution count and outputs (else nbval cannot compare it);
- the marker is a tag, not a ``# NBVAL_CHECK_OUTPUT`` comment a learner would read (``clean`` moves a
  comment marker, a whole line as nbval reads it, into the tag);
- a lesson (notebooks/NN_*.ipynb) reads like a document: every code cell's input is collapsed
  (``jupyter.source_hidden``) unless the cell is tagged ``learner-edit`` (the learner is invited to
  change it); ``clean`` collapses them;
- kernelspec ``python3``; no absolute paths of a machine; no trailing empty cells.

    python -m overdue.tools.notebooks clean  PATH...   # fix what can be fixed without running
    python -m overdue.tools.notebooks record PATH...   # run, keep outputs of the cells nbval checks
    python -m overdue.tools.notebooks check  PATH...   # list problems, exit 1 if any
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

CHECK_MARKER = "NBVAL_CHECK_OUTPUT"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
ABSOLUTE_PATH = re.compile(r"""['"(\s](/root|/home|/tmp|/Users|/work|[A-Za-z]:\\\\)[/\\]""")
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled")


CHECK_TAG = "nbval-check-output"  # nbval's own tag for the marker
EDIT_TAG = "learner-edit"  # a lesson cell whose code the learner is invited to change: stays open
LESSON_FILE = re.compile(r"^[0-9]{2}_[^/\\]*\.ipynb$")


def _tags(cell) -> list[str]:
    return list(cell.metadata.get("tags") or [])


def _marker_lines(source: str) -> list[str]:
    """Whole comment lines that nbval reads as the check marker (``# NBVAL_CHECK_OUTPUT``)."""
    return [line for line in source.splitlines()
            if line.strip().startswith("#") and line.strip().lstrip("#").strip() == CHECK_MARKER]


def is_checked(cell) -> bool:
    return cell.cell_type == "code" and (CHECK_TAG in _tags(cell) or bool(_marker_lines(cell.source)))


def is_lesson(name: str | Path) -> bool:
    """A lesson notebook (notebooks/NN_*.ipynb): its code cells are collapsed."""
    path = Path(name)
    return path.parent.name == "notebooks" and bool(LESSON_FILE.match(path.name))


def is_hidden(cell) -> bool:
    return bool(cell.metadata.get("jupyter", {}).get("source_hidden"))


def notebooks(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb":
            found.append(p)
    return found


def problems(nb, name: str) -> list[str]:
    """Everything in `nb` that breaks the hygiene rules, one line each."""
    found = []
    ks = nb.metadata.get("kernelspec", {})
    if ks.get("name") != "python3":
        found.append(f"{name}: kernelspec is {ks.get('name')!r}, not 'python3'")
    for i, cell in enumerate(nb.cells):
        where = f"{name} cell {i}"
        if cell.cell_type == "code":
            if is_checked(cell):
                if cell.execution_count is None or not cell.outputs:
                    found.append(f"{where}: NBVAL_CHECK_OUTPUT cell lacks its stored output/count (make record-outputs)")
            else:
                if cell.outputs:
                    found.append(f"{where}: has outputs (make clean-notebooks)")
                if cell.execution_count is not None:
                    found.append(f"{where}: has an execution count (make clean-notebooks)")
            if _marker_lines(cell.source):
                found.append(f"{where}: marks nbval's check with a comment; use the {CHECK_TAG} tag (make clean-notebooks)")
            if is_lesson(name) and not is_hidden(cell) and EDIT_TAG not in _tags(cell):
                found.append(f"{where}: shows its code to the learner (make clean-notebooks collapses it)")
        if ABSOLUTE_PATH.search(cell.source):
            found.append(f"{where}: names an absolute path")
    if nb.cells and not nb.cells[-1].source.strip():
        found.append(f"{name}: ends with an empty cell")
    return found


def clean(nb, lesson: bool = False) -> None:
    """Strip what the rules forbid, in place (outputs of checked cells are kept); in a lesson,
    collapse the code of every cell not tagged learner-edit."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code" and _marker_lines(cell.source):
            markers = set(_marker_lines(cell.source))
            cell.source = "\n".join(line for line in cell.source.splitlines() if line not in markers)
            cell.metadata["tags"] = [*_tags(cell), CHECK_TAG] if CHECK_TAG not in _tags(cell) else _tags(cell)
        if lesson and cell.cell_type == "code" and EDIT_TAG not in _tags(cell):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        if cell.cell_type == "code" and not is_checked(cell):
            cell.outputs = []
            cell.execution_count = None
    while nb.cells and not nb.cells[-1].source.strip():
        nb.cells.pop()


def record(path: Path, timeout: int = 120) -> None:
    """Run the notebook in its folder and store only the outputs nbval checks."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if is_checked(cell):
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "display_data"
                            or "text/plain" in o.get("data", {})]
    clean(nb, lesson=is_lesson(path))
    _write(nb, path)


def _write(nb, path: Path) -> None:
    text = nbformat.writes(nb) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in {"clean", "record", "check"}:
        print(__doc__)
        return 2
    command, paths = args[0], notebooks(args[1:] or ["notebooks", "exercises", "solutions"])
    bad = []
    for path in paths:
        if command == "record":
            record(path)
        nb = nbformat.read(path, as_version=4)
        if command == "clean":
            clean(nb, lesson=is_lesson(path))
            _write(nb, path)
        bad += problems(nb, str(path))
    for line in bad:
        print(line)
    return 1 if (bad and command == "check") else 0


if __name__ == "__main__":
    raise SystemExit(main())
