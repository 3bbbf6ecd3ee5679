"""Regenerate the README's course map from the manifest: ``python -m overdue.tools.readme``.

The map sits between ``<!-- course-map: ... -->`` and ``<!-- /course-map -->``; a test fails when it
differs from what the manifest (content/course.yaml) gives.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ..manifest import readme_map

START = re.compile(r"<!-- course-map:[^\n]*-->\n")
END = "<!-- /course-map -->"


def with_map(readme: str, table: str | None = None) -> str:
    """The README text with its course map replaced by the manifest's."""
    m = START.search(readme)
    end = readme.find(END)
    if m is None or end < m.end():
        raise ValueError("README.md has no course-map markers")
    return readme[: m.end()] + (table or readme_map()) + "\n" + readme[end:]


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else Path(__file__).resolve().parents[3] / "README.md"
    text = path.read_text(encoding="utf-8")
    new = with_map(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
        print(f"updated the course map in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
