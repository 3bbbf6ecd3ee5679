"""Regenerate the course maps from the manifest: ``python -m overdue.tools.readme``.

The README's map sits between ``<!-- course-map: ... -->`` and ``<!-- /course-map -->``, lesson 00's
between ``<!-- lesson-map: ... -->`` and ``<!-- /lesson-map -->`` (HTML comments: a reader does not see
them); a test fails when either differs from what the manifest (content/course.yaml) gives.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..manifest import lesson00_map, readme_map

START = re.compile(r"<!-- course-map:[^\n]*-->\n")
END = "<!-- /course-map -->"


def with_map(readme: str, table: str | None = None) -> str:
    """The README text with its course map replaced by the manifest's."""
    m = START.search(readme)
    end = readme.find(END)
    if m is None or end < m.end():
        raise ValueError("README.md has no course-map markers")
    return readme[: m.end()] + (table or readme_map()) + "\n" + readme[end:]


LESSON00_START = "<!-- lesson-map: generated from src/overdue/content/course.yaml by `python -m overdue.tools.readme` -->"
LESSON00_END = "<!-- /lesson-map -->"


def lesson00_with_map(notebook_json: str) -> str:
    """Lesson 00's notebook (JSON text) with its course map replaced by the manifest's."""
    import nbformat

    nb = nbformat.reads(notebook_json, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and LESSON00_START in cell.source:
            start = cell.source.index(LESSON00_START) + len(LESSON00_START)
            end = cell.source.index(LESSON00_END)
            cell.source = cell.source[:start] + "\n" + lesson00_map() + "\n" + cell.source[end:]
            return nbformat.writes(nb) + "\n"
    raise ValueError("lesson 00 has no lesson-map markers")


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[3]
    for path, update in ((root / "README.md", with_map),
                         (root / "notebooks" / "00_start_here.ipynb", lesson00_with_map)):
        text = path.read_text(encoding="utf-8")
        new = update(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"updated the course map in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
