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
