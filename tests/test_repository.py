"""Repository-wide checks: ruff-clean code, links between notebooks that resolve, top-level layout."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)#\s]+\.ipynb)(#[^)]*)?\)")


def test_code_is_ruff_clean():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is in the test extras"
    result = subprocess.run([ruff, "check", "src", "tests", "benchmarks", "scripts"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def notebooks():
    return sorted(p for d in ("notebooks", "exercises", "solutions") for p in (ROOT / d).rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("path", notebooks(), ids=lambda p: str(p.relative_to(ROOT)))
def test_links_to_other_notebooks_resolve(path):
    nb = nbformat.read(path, as_version=4)
    broken = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target, _anchor in LINK.findall(cell.source):
            if not (path.parent / target).resolve().exists():
                broken.append(target)
    assert not broken, f"links to missing notebooks: {broken}"


@pytest.mark.parametrize(
    "name",
    ["notebooks", "exercises", "solutions", "tests", "benchmarks", "src/overdue", "environment.yml",
     "README.md", "pyproject.toml", "Makefile", ".ci/run"],
)
def test_top_level_layout(name):
    path = ROOT / name
    assert path.exists()
    if path.is_dir() and name not in ("tests", "src/overdue"):
        assert any(path.iterdir()), f"{name} is empty: it needs at least a README"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```bash", 1)[1].split("```", 1)[0]
    assert "make lab" in first_block and "make test" in first_block
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")
