"""environment.yml (conda / Binder) and pyproject.toml must name the same runtime dependencies.

conda cannot reach its channels from our machines, so the check parses both files and maps
conda-forge names to PyPI names with an explicit table.
"""

import re
from pathlib import Path

import yaml

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]

# conda-forge name -> PyPI name, where they differ
CONDA_TO_PYPI = {
    "matplotlib-base": "matplotlib",
    "python-qrcode": "qrcode",
    "jupyterlab-language-pack-zh-cn": "jupyterlab-language-pack-zh-cn",
}
NOT_PACKAGES = {"python", "pip"}


def split(spec: str) -> tuple[str, str]:
    """(name, bound); a pip extra such as psycopg[binary] is dropped (conda-forge's psycopg has it)."""
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower(), m.group(2).replace(" ", "")


def conda_deps() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = {}
    for item in env["dependencies"]:
        if isinstance(item, str):
            name, bound = split(item)
            if name not in NOT_PACKAGES:
                deps[CONDA_TO_PYPI.get(name, name)] = bound
    return deps


def pypi_deps() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return dict(split(s) for s in project["dependencies"])


def test_environment_and_pyproject_name_the_same_dependencies_and_bounds():
    assert conda_deps() == pypi_deps()


def test_environment_installs_the_course_itself_with_pip_editable():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_items = [i for i in env["dependencies"] if isinstance(i, dict)]
    assert pip_items and "-e ." in pip_items[0]["pip"]
    assert env["channels"] == ["conda-forge"]


def test_jupytext_is_not_a_runtime_dependency():
    # its lab extension throws on every Voila page
    assert not any("jupytext" in d for d in pypi_deps())
    assert not any("jupytext" in d for d in conda_deps())


def test_no_exact_pins_in_runtime_dependencies():
    assert not [d for d, b in pypi_deps().items() if "==" in b]
