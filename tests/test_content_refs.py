"""Every legal statement cites a reference that resolves: ids used anywhere in content YAML or in a
notebook's `refs(...)` call must exist in content/references.yaml."""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from overdue.contentfiles import content_dir
from overdue.quiz import references

ROOT = Path(__file__).resolve().parents[1]
REF_KEYS = {"refs", "ref", "source_ref", "source_refs", "references"}
REFS_CALL = re.compile(r"refs\(([^)]*)\)")
QUOTED = re.compile(r"""["']([a-z0-9_]+)["']""")


def ids_in(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in REF_KEYS:
                if isinstance(value, str):
                    found.add(value)
                elif isinstance(value, list):
                    found.update(v for v in value if isinstance(v, str))
            ids_in(value, found)
    elif isinstance(node, list):
        for item in node:
            ids_in(item, found)
    return found


CONTENT = sorted(p for p in content_dir().rglob("*.yaml") if p.name != "references.yaml")


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: str(p.relative_to(content_dir())))
def test_reference_ids_in_content_resolve(path):
    used = ids_in(yaml.safe_load(path.read_text(encoding="utf-8")), set())
    missing = sorted(used - set(references.load()))
    assert not missing, f"{path.name}: unknown reference ids {missing}"


NOTEBOOKS = sorted(p for d in ("notebooks", "solutions") for p in (ROOT / d).rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_reference_ids_in_notebooks_resolve(path):
    nb = nbformat.read(path, as_version=4)
    used = {i for c in nb.cells if c.cell_type == "code" for call in REFS_CALL.findall(c.source)
            for i in QUOTED.findall(call)}
    missing = sorted(used - set(references.load()))
    assert not missing, f"unknown reference ids {missing}"


def test_the_check_notices_an_unknown_id():
    assert ids_in({"a": [{"refs": ["no_such_law_1"]}]}, set()) == {"no_such_law_1"}
    assert "no_such_law_1" not in references.load()


def test_every_reference_is_verified_or_secondary_and_dated():
    for ref in references.load().values():
        assert ref.confidence in {"V", "S"}, ref.id
        assert ref.checked is not None, ref.id
