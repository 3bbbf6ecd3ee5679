"""Shared by every test, including nbval's notebook runs (their kernels inherit this environment)."""

import os
import tempfile

# Progress and workshop databases of a test run go to a throw-away folder, never the user's own:
# unconditionally, so that a learner's or instructor's exported OVERDUE_DATA_DIR / OVERDUE_WORKSHOP_DB
# is never written by the suite (tests/test_test_isolation.py). Tests that need a database of their
# own set it themselves.
_DATA = tempfile.mkdtemp(prefix="overdue-test-data-")
os.environ["OVERDUE_DATA_DIR"] = _DATA
os.environ.pop("OVERDUE_WORKSHOP_DB", None)
os.environ.setdefault("MPLBACKEND", "Agg")

collect_ignore_glob = ["tests/fixtures/*", "tests/fixtures/**", ".venv/*", "build/*"]
