"""The two test tiers of `python -m overdue test` (`make test`) and `--load` (`make test-load`, CI):
every test of the suite runs in exactly one of them, and the default tier has only the few browser
tests marked `smoke`. The whole suite's collection (no test runs) is the one of this very run when it
collected the whole suite, as `python -m overdue test` does (tests/conftest.py keeps it), else a
collection in a subprocess; then each tier's pytest runs select from it as pytest would: by folder
and by marker expression."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression

from overdue.cli import DEFAULT_TIER, LOAD_TIER, NOTEBOOK_DIRS, PytestRun

ROOT = Path(__file__).resolve().parents[1]

COLLECT = r"""
import json, sys
import pytest

class Items:
    items = []
    def pytest_collection_finish(self, session):
        self.items = [[i.nodeid, sorted({m.name for m in i.iter_markers()})] for i in session.items]

items = Items()
code = pytest.main(["--collect-only", "-q", "-p", "no:cacheprovider", "--nbval-lax", *sys.argv[2:]], plugins=[items])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(items.items, f)
sys.exit(int(code))
"""


def whole_suite_collected(config: pytest.Config) -> bool:
    """Did this run collect what the subprocess below would: the four folders, notebooks included
    (nbval), nothing ignored or skipped at collection? (-m, -k and --deselect act after.)"""
    here = Path(config.invocation_params.dir)
    args = [str(a) for a in config.args]
    return (
        not any("::" in a for a in args)
        and {(here / a).resolve() for a in args} == {ROOT / p for p in ("tests", *NOTEBOOK_DIRS)}
        and bool(config.getoption("nbval_lax", False) or config.getoption("nbval", False))
        and not config.getoption("ignore", None)
        and not config.getoption("ignore_glob", None)
        and not config.getoption("lf", False)
    )


@pytest.fixture(scope="module")
def suite(request, collected_items, tmp_path_factory) -> dict[str, set[str]]:
    """Every test and notebook cell of the suite, with its markers."""
    if whole_suite_collected(request.config):
        return collected_items
    out = tmp_path_factory.mktemp("tiers") / "items.json"
    done = subprocess.run([sys.executable, "-c", COLLECT, str(out), "tests", *NOTEBOOK_DIRS], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    # 2: a module that does not import is reported by the tiers' own runs; its tests are missing here
    assert done.returncode == 0 or (done.returncode == 2 and "during collection" in done.stdout), (
        done.stdout[-3000:] + done.stderr[-3000:])
    return {nodeid: set(markers) for nodeid, markers in json.loads(out.read_text(encoding="utf-8"))}


def selected(run: PytestRun, suite: dict[str, set[str]]) -> set[str]:
    """What `run` makes pytest run: the items under its folders that its -m expression matches."""
    expr = Expression.compile(run.markers)

    def under(nodeid: str) -> bool:
        return any(nodeid == p or nodeid.startswith((p + "/", p + "::")) for p in run.paths)

    def marked(markers: set[str]) -> bool:
        return expr.evaluate(lambda name, /, **kw: not kw and name in markers)

    return {nodeid for nodeid, markers in suite.items() if under(nodeid) and marked(markers)}


def tier(runs: tuple[PytestRun, ...], suite) -> set[str]:
    chosen: set[str] = set()
    for run in runs:
        these = selected(run, suite)
        assert not these & chosen, f"run twice in one tier: {sorted(these & chosen)[:5]}"
        chosen |= these
    return chosen


def test_every_test_runs_in_exactly_one_tier(suite):
    default, load = tier(DEFAULT_TIER, suite), tier(LOAD_TIER, suite)
    assert len(suite) > 1000  # the notebooks' cells and the tests were all collected
    assert not default & load, sorted(default & load)[:5]
    left_out = set(suite) - default - load
    assert not left_out, f"in neither tier: {sorted(left_out)[:10]}"


def test_the_default_tier_has_every_test_without_a_browser_and_only_the_smoke_browser_tests(suite):
    default = tier(DEFAULT_TIER, suite)
    # except the full-size runs (`load`) of checks it makes at a smaller size
    assert {n for n, m in suite.items() if "browser" not in m and "load" not in m} <= default
    browser_in_default = {n for n in default if "browser" in suite[n]}
    assert browser_in_default == {n for n, m in suite.items() if "smoke" in m}
    assert 1 <= len(browser_in_default) <= 8, sorted(browser_in_default)  # a few, so that it stays quick
    files = {n.split("::")[0] for n in browser_in_default}
    # one participant's page, and the class of thirty with protocol-level participants and 3 pages
    assert {"tests/browser/test_workshop_page.py", "tests/browser/test_workshop_class.py"} <= files


def test_smoke_marks_only_browser_tests_and_the_full_size_runs_are_in_the_load_tier(suite):
    assert all("browser" in m for m in suite.values() if "smoke" in m)
    load_tests = {n for n, m in suite.items() if "load" in m}
    assert load_tests and load_tests <= tier(LOAD_TIER, suite)
    files = {n.split("::")[0] for n in load_tests}
    # the class of thirty browser pages; every fuzz value on every form
    assert {"tests/browser/test_workshop_load.py", "tests/test_fuzz_forms.py"} <= files
