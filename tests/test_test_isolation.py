"""The test suite never writes a user's own data: an exported OVERDUE_DATA_DIR or OVERDUE_WORKSHOP_DB
(a learner's progress, an instructor's class answers) is left untouched."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_exported_data_paths_are_never_touched(tmp_path):
    users = tmp_path / "users-own-data"
    users.mkdir()
    class_db = tmp_path / "class-answers.sqlite3"
    env = dict(os.environ, OVERDUE_DATA_DIR=str(users), OVERDUE_WORKSHOP_DB=str(class_db))
    # a probe that writes through the default progress and workshop stores, and a notebook whose
    # kernel stores quiz answers
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--nbval-lax",
         "tests/isolation_probe.py", "notebooks/02_verify_collector.ipynb"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert list(users.iterdir()) == []
    assert not class_db.exists()


def test_serving_from_a_test_leaves_no_database_behind_for_later_kernels(tmp_path):
    """serve.main exports OVERDUE_WORKSHOP_DB for the kernels it starts; the tests that call it must
    undo that, or a notebook run later in the same worker would use their (stopped) database."""
    probe = tmp_path / "test_probe_env.py"
    probe.write_text(
        "import os\n"
        "def test_after():\n"
        "    assert 'OVERDUE_WORKSHOP_DB' not in os.environ, os.environ.get('OVERDUE_WORKSHOP_DB')\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:randomly",
         "tests/test_workshop_app.py::test_serve_prints_the_address_and_a_qr_code",
         "tests/test_workshop_store.py::test_a_database_that_cannot_be_reached_is_named_in_chinese_without_its_password",
         str(probe), f"--rootdir={ROOT}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
