"""overdue.skip_iri_check: the servers, `python -m overdue` and every pytest process start without
building jsonschema's unused "iri" grammar (about 0.9 s of processor time each), and notebooks still
validate."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_servers_and_test_runs_skip_the_iri_grammar_and_notebooks_still_validate():
    """overdue.skip_iri_check runs first in the participants' server, `python -m overdue` and every
    pytest process (pyproject addopts): jsonschema then has no "iri" check, and a notebook of the
    course still validates against nbformat's schema."""
    import jsonschema
    import nbformat

    assert sys.modules["rfc3987_syntax"] is None  # this process loaded it through addopts
    assert "iri" not in jsonschema.FormatChecker().checkers
    nbformat.validate(nbformat.read(ROOT / "notebooks" / "00_start_here.ipynb", as_version=4))
    for entry in (ROOT / "src/overdue/__main__.py", ROOT / "src/overdue/workshop/voila_app.py"):
        imports = [n for n in ast.parse(entry.read_text(encoding="utf-8")).body
                   if isinstance(n, (ast.Import, ast.ImportFrom)) and getattr(n, "module", None) != "__future__"]
        first = imports[0]
        names = [a.name for a in first.names] + ([first.module] if isinstance(first, ast.ImportFrom) else [])
        assert any(n and n.endswith("skip_iri_check") for n in names), entry
